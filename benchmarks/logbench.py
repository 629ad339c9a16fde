"""Agent-log benchmark: ``bjla evidence`` next to ``grep -cE -f`` on the same big waagent.log.

grep only counts matching lines; bjla also parses timestamps, attaches continuation
lines, names the signal and VM of every hit. Both read the same file, one after the
other, each in its own process (wall time and peak RSS from os.wait4).
"""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks.measure import PY, Measure, measure
from tools.loggen import grep_patterns, write_large


def log_file(megabytes: int, out: Path) -> Path:
    """The generated log of about ``megabytes`` MB (made once, then reused)."""
    out.mkdir(exist_ok=True)
    path = out / f"waagent_{megabytes}mb.log"
    if not path.exists():
        print(f"generating a {megabytes:,} MB waagent.log -> {path}", file=sys.stderr)
        write_large(path, megabytes, 7)
    return path


def bench_logs(megabytes: int, out: Path) -> list[Measure]:
    """Time bjla evidence and grep on one generated log; print MB/s and peak RSS."""
    path = log_file(megabytes, out)
    patterns = out / "waagent_patterns.txt"
    patterns.write_text("\n".join(grep_patterns("waagent")) + "\n", encoding="utf-8")
    runs = [
        measure(
            "bjla evidence",
            [PY, "-m", "analyzer", "evidence", str(path), "-f", "csv", "-o", str(out / "ev.csv")],
        ),
        measure("grep -cE -f", ["grep", "-cE", "-f", str(patterns), str(path)]),
    ]
    size_mb = path.stat().st_size / 1e6
    n_patterns = len(patterns.read_text(encoding="utf-8").splitlines())
    print(f"\nagent log: {size_mb:,.0f} MB waagent.log, {n_patterns} grep patterns")
    print(f"  {'contender':<22}{'wall s':>9}{'MB/s':>10}{'peak RSS MB':>13}")
    for run in runs:
        print(
            f"  {run.name:<22}{run.wall_s:>9.2f}{size_mb / run.wall_s:>10.0f}"
            f"{run.peak_rss_mb:>13.0f}{'' if run.ok else '  (failed)'}"
        )
    print(f"  bjla / grep throughput: {runs[1].wall_s / runs[0].wall_s:.2f} (target >= 1)")
    return runs
