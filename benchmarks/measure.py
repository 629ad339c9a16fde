"""One timed benchmark process: wall time and peak RSS (shared by ``run`` and ``logbench``)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
PY = sys.executable


@dataclass
class Measure:
    """One timed process."""

    name: str
    wall_s: float
    peak_rss_mb: float
    ok: bool
    cpu_s: float = 0.0  # user + system time of the process (says more on a busy machine)


def measure(name: str, argv: list[str]) -> Measure:
    """Run argv, discard its output, return wall time and the peak RSS of that process."""
    OUT.mkdir(exist_ok=True)
    # A real file, not /dev/null: GNU grep stops at the first match when output is discarded.
    with (OUT / "stdout.tmp").open("wb") as sink, (OUT / "stderr.tmp").open("w+b") as errors:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=sink, stderr=errors)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        errors.seek(0)
        stderr = errors.read().decode(errors="replace")
    ok = os.waitstatus_to_exitcode(status) == 0
    if not ok:
        print(f"  ! {name} failed: {stderr.strip().splitlines()[-1:]}", file=sys.stderr)
    return Measure(name, wall, usage.ru_maxrss / 1024, ok, usage.ru_utime + usage.ru_stime)
