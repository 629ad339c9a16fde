"""One command for every benchmark; prints the figures side by side.

    python -m benchmarks.run                      # 2 M job rows (+ pandas) and 20 M rows
    python -m benchmarks.run --rows 2000000       # one size only
    python -m benchmarks.run --log-mb 1000        # also the agent-log benchmark

Job histories: a Log Analytics CSV made by tools/fleetgen.py (cached in
benchmarks/out/), then, each in its own process: ``bjla analyze``; a hand-written
polars streaming query doing the core work; a hand-written polars query that also
does bjla's per-VM work, and a typical pandas script (these two only up to 5 M rows,
as they hold the table in memory); and a bare ``scan_csv().select(pl.len())``.
Wall time, rows/s and peak RSS are read from the process's own rusage (os.wait4), so
they cover that process only.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from benchmarks.logbench import bench_logs
from benchmarks.measure import HERE, OUT, PY, ROOT, Measure, measure

IN_MEMORY_MAX_ROWS = 5_000_000


def job_file(rows: int) -> Path:
    """The generated LA CSV for ``rows`` job rows (made once, then reused)."""
    OUT.mkdir(exist_ok=True)
    path = OUT / f"la_jobs_{rows}.csv"
    if not path.exists():
        print(f"generating {rows:,} rows -> {path}", file=sys.stderr)
        tmp = path.with_suffix(".tmp")
        cmd = [PY, "-m", "tools.fleetgen", "large", "--rows", str(rows), "--shape", "la-csv"]
        subprocess.run([*cmd, str(tmp)], check=True, cwd=ROOT)
        tmp.rename(path)
    return path


def bench_jobs(rows: int) -> list[Measure]:
    """bjla analyze and its baselines on one generated file."""
    path = job_file(rows)
    contenders = HERE / "contenders.py"
    runs = [
        measure("bjla analyze", [PY, "-m", "analyzer", "analyze", str(path), "-f", "csv"]),
        measure("polars hand-written", [PY, str(contenders), "polars", str(path)]),
    ]
    if rows <= IN_MEMORY_MAX_ROWS:  # both hold the whole table in memory
        runs.append(measure("polars same work", [PY, str(contenders), "polars-full", str(path)]))
        runs.append(measure("pandas script", [PY, str(contenders), "pandas", str(path)]))
    runs.append(measure("polars scan+len", [PY, str(contenders), "count", str(path)]))
    print_table(f"{rows:,} job rows, {path.stat().st_size / 1e6:,.0f} MB", rows, runs)
    return runs


def print_table(title: str, rows: int, runs: list[Measure]) -> None:
    """Figures side by side, with each run's ratio to bjla."""
    base = runs[0].wall_s
    print(f"\n{title}")
    print(f"  {'contender':<22}{'wall s':>9}{'rows/s':>14}{'peak RSS MB':>13}{'x bjla time':>13}")
    for run in runs:
        rate = rows / run.wall_s if run.wall_s else 0.0
        flag = "" if run.ok else "  (failed)"
        print(
            f"  {run.name:<22}{run.wall_s:>9.2f}{rate:>14,.0f}{run.peak_rss_mb:>13.0f}"
            f"{run.wall_s / base:>13.2f}{flag}"
        )
    by_name = {r.name: r for r in runs}
    hand = by_name.get("polars hand-written")
    same = by_name.get("polars same work")
    pandas = by_name.get("pandas script")
    if hand:
        print(f"  bjla / hand-written polars time: {base / hand.wall_s:.2f} (target <= 1.5)")
    if same:
        print(f"  bjla / same-work polars time: {base / same.wall_s:.2f} (for reference)")
    if pandas:
        print(f"  pandas / bjla time: {pandas.wall_s / base:.1f} (target >= 6)")
    print(f"  bjla peak RSS: {runs[0].peak_rss_mb:.0f} MB (target < 512)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, action="append", help="job rows (repeatable)")
    parser.add_argument("--log-mb", type=int, default=1000, help="agent-log size (0: skip)")
    parser.add_argument("--skip-jobs", action="store_true", help="only the agent-log benchmark")
    args = parser.parse_args()
    for rows in [] if args.skip_jobs else args.rows or [2_000_000, 20_000_000]:
        bench_jobs(rows)
    if args.log_mb:
        bench_logs(args.log_mb, OUT)


if __name__ == "__main__":
    main()
