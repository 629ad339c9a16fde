"""Agent-log benchmark: ``bjla evidence`` next to ``grep -cE -f`` and ``rg -c -f`` on one big
waagent.log, with the same signal patterns.

grep and rg only count matching lines; bjla also parses timestamps, attaches continuation
lines, names the signal and VM of every hit. All read the same file, one after the other,
each in its own process (wall time, CPU time and peak RSS from os.wait4). A sanity line
checks that grep and rg count as many lines as bjla's events name.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import polars as pl

from benchmarks.measure import OUT, PY, Measure, measure
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
    """Time bjla evidence, grep and rg on one generated log; print MB/s, CPU and peak RSS."""
    path = log_file(megabytes, out)
    patterns = out / "waagent_patterns.txt"
    patterns.write_text("\n".join(grep_patterns("waagent")) + "\n", encoding="utf-8")
    events = out / "ev.csv"
    runs = [
        measure(
            "bjla evidence",
            [PY, "-m", "analyzer", "evidence", str(path), "-f", "csv", "-o", str(events)],
        ),
        measure("grep -cE -f", ["grep", "-cE", "-f", str(patterns), str(path)]),
    ]
    counts = [_last_count()]
    if shutil.which("rg"):
        runs.append(measure("rg -c -f", ["rg", "-c", "-f", str(patterns), str(path)]))
        counts.append(_last_count())
    else:
        print("  (rg not installed: apt-get install ripgrep)", file=sys.stderr)
    size_mb = path.stat().st_size / 1e6
    n_patterns = len(patterns.read_text(encoding="utf-8").splitlines())
    print(f"\nagent log: {size_mb:,.0f} MB waagent.log, {n_patterns} patterns")
    print(f"  {'contender':<22}{'wall s':>9}{'CPU s':>9}{'MB/s':>10}{'peak RSS MB':>13}")
    for run in runs:
        print(
            f"  {run.name:<22}{run.wall_s:>9.2f}{run.cpu_s:>9.2f}{size_mb / run.wall_s:>10.0f}"
            f"{run.peak_rss_mb:>13.0f}{'' if run.ok else '  (failed)'}"
        )
    bjla, grep = runs[0], runs[1]
    print(
        f"  bjla / grep throughput: {grep.wall_s / bjla.wall_s:.2f} wall,"
        f" {grep.cpu_s / bjla.cpu_s:.2f} CPU (target >= 1)"
    )
    if len(runs) > 2:
        rg = runs[2]
        print(
            f"  bjla / rg time: {bjla.wall_s / rg.wall_s:.2f} wall,"
            f" {bjla.cpu_s / rg.cpu_s:.2f} CPU (stretch <= 1.5)"
        )
    print(_sanity(events, counts))
    return runs


def _last_count() -> int | None:
    """The line count the last counting contender printed (its stdout)."""
    text = (OUT / "stdout.tmp").read_text(encoding="utf-8", errors="replace").strip()
    return int(text) if text.isdigit() else None


def _sanity(events: Path, counts: list[int | None]) -> str:
    """Whether grep and rg counted the lines bjla names (a line may give several events)."""
    lines = (
        pl.read_csv(events, columns=["line_no"]).get_column("line_no").n_unique()
        if events.exists()
        else None
    )
    same = lines is not None and all(count == lines for count in counts)
    shown = ", ".join("-" if c is None else f"{c:,}" for c in counts)
    return (
        f"  sanity: bjla names {lines if lines is None else f'{lines:,}'} lines; grep, rg count"
        f" {shown}: {'the same' if same else 'DIFFERENT'}"
    )
