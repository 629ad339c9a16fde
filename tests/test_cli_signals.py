"""How a run ends when something outside stops it.

A run stopped by SIGTERM (a scheduler's timeout, ``kill``) unwinds like Ctrl-C: large
runs stage gigabytes in a scratch folder, which a plain SIGTERM would leave behind. A
reader that stops early (``bjla ... | head``) ends the output, not the run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.test_cli_support import JOBS


def test_sigterm_removes_the_scratch_folder(tmp_path: Path) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    process = subprocess.Popen(
        [sys.executable, "-m", "analyzer", "analyze", "-", "-f", "csv"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdin is not None
    # Half an export on stdin, then silence: bjla is copying it into its scratch folder.
    process.stdin.write((JOBS / "la_addon_success_code.csv").read_bytes())
    process.stdin.flush()
    deadline = time.monotonic() + 30
    while not any(tmp_path.glob("bjla-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert any(tmp_path.glob("bjla-*")), "the run never made its scratch folder"
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 128 + signal.SIGTERM
    assert b"Traceback" not in stderr
    assert list(tmp_path.iterdir()) == []


def test_a_reader_that_stops_early_ends_the_output_quietly() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "analyzer", "failures", "sample_logs/", "-f", "csv"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=JOBS.parents[2],
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().startswith(b"vm,")
    process.stdout.close()  # like head -1: the rest (well past a pipe's buffer) is not read
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0
    assert "Traceback" not in stderr
    assert "rows read = " in stderr  # the summary still comes
