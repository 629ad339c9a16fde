"""One command for every benchmark; prints the figures side by side.

    python -m benchmarks.run                      # 2 M job rows (+ pandas) and 20 M rows
    python -m benchmarks.run --rows 2000000       # one size only
    python -m benchmarks.run --log-mb 1000        # also the agent-log benchmark

Job histories: a Log Analytics CSV of all 45 columns made by tools/fleetgen.py and
its 12-column projection (both cached in benchmarks/out/), then, each in its own process
and each writing a CSV: ``bjla analyze``; bjla's per-VM work written by hand in DuckDB SQL
and in polars (benchmarks/same_work.py; polars only up to 5 M rows, as its plan holds the
table in memory); a pandas script doing only the core work; and a bare
``scan_csv().select(pl.len())``. The run then checks that bjla and the same-work contenders
found the same per-VM figures. Then a folder of 300 CSV files of 1,000 rows (cut from the
12-column file) against the same rows in one file, and a folder of 100 ``az`` JSON job lists of
1,000 jobs against the same jobs in one list (issue 14: at most 2x; ``--small-files``,
``--small-json``).
Wall time, rows/s and peak RSS are read from the process's own rusage (os.wait4), so
they cover that process only.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from benchmarks.logbench import bench_logs
from benchmarks.measure import OUT, PY, ROOT, Measure, measure

IN_MEMORY_MAX_ROWS = 5_000_000


# The 12 columns of a typical ``AddonAzureBackupJobs | project ...`` query export.
PROJECTED_COLUMNS = (
    "TimeGenerated",
    "BackupItemFriendlyName",
    "BackupItemUniqueId",
    "JobOperation",
    "JobStatus",
    "JobFailureCode",
    "JobStartDateTime",
    "JobDurationInSecs",
    "JobUniqueId",
    "ResourceGroupName",
    "SubscriptionId",
    "VaultName",
)
SAME_WORK = ("duckdb same work", "polars same work")


def job_file(rows: int, columns: int) -> Path:
    """The generated LA CSV of ``rows`` rows, all 45 columns or the 12 projected ones."""
    OUT.mkdir(exist_ok=True)
    full = OUT / f"la_jobs_{rows}_45.csv"
    if not full.exists():
        print(f"generating {rows:,} rows -> {full}", file=sys.stderr)
        tmp = full.with_suffix(".tmp")
        cmd = [PY, "-m", "tools.fleetgen", "large", "--rows", str(rows)]
        subprocess.run([*cmd, "--shape", "la-csv-all-columns", str(tmp)], check=True, cwd=ROOT)
        tmp.rename(full)
    if columns == 45:
        return full
    path = OUT / f"la_jobs_{rows}_{columns}.csv"
    if not path.exists():
        import polars as pl

        tmp = path.with_suffix(".tmp")
        pl.scan_csv(full, infer_schema=False).select(PROJECTED_COLUMNS).sink_csv(tmp)
        tmp.rename(path)
    return path


def bench_jobs(rows: int, columns: int) -> list[Measure]:
    """bjla analyze and every contender on one generated file, each writing a CSV."""
    path = job_file(rows, columns)
    same, contenders = ["-m", "benchmarks.same_work"], ["-m", "benchmarks.contenders"]
    out = {name: OUT / f"out_{i}.csv" for i, name in enumerate(("bjla", *SAME_WORK))}
    bjla = [PY, "-m", "analyzer", "analyze", str(path), "-f", "csv", "-o", str(out["bjla"])]
    runs = [
        measure("bjla analyze", bjla),
        measure(SAME_WORK[0], [PY, *same, "duckdb", str(path), str(out[SAME_WORK[0]])]),
    ]
    if rows <= IN_MEMORY_MAX_ROWS:  # these hold the whole table in memory
        runs.append(measure(SAME_WORK[1], [PY, *same, "polars", str(path), str(out[SAME_WORK[1]])]))
        runs.append(measure("pandas core only", [PY, *contenders, "pandas", str(path)]))
    runs.append(measure("polars scan+len", [PY, *contenders, "count", str(path)]))
    size = path.stat().st_size / 1e6
    print_table(f"{rows:,} job rows, {columns} columns, {size:,.0f} MB", rows, runs)
    print(f"  {agreement(out)}")
    return runs


def small_files(source: Path, files: int, rows: int) -> tuple[Path, Path]:
    """``files`` CSV files of ``rows`` rows cut from ``source``, and the same rows in one."""
    folder = OUT / f"small_{files}x{rows}"
    single = OUT / f"small_{files}x{rows}_in_one.csv"
    if not single.exists():
        import polars as pl

        table = pl.read_csv(source, infer_schema=False, n_rows=files * rows)
        folder.mkdir(exist_ok=True)
        for n in range(files):
            table.slice(n * rows, rows).write_csv(folder / f"jobs_{n:03d}.csv")
        table.write_csv(single)
    return folder, single


def small_json(files: int, jobs: int) -> tuple[Path, Path]:
    """``files`` ``az backup job list -o json`` files of ``jobs`` jobs, and the same in one."""
    folder = OUT / f"small_json_{files}x{jobs}"
    single = OUT / f"small_json_{files}x{jobs}_in_one.json"
    if not single.exists():
        from tools import fleetgen

        cat = fleetgen.load_catalogue()
        codes = sorted(code for code in cat.messages if code != fleetgen.UNLISTED_CODE)
        vms = max(1, -(-files * jobs // 28))
        truth = fleetgen.large_truth_chunk(0, files * jobs, vms, codes, cat).collect()
        folder.mkdir(exist_ok=True)
        for n in range(files):
            fleetgen.write_az_json(truth.slice(n * jobs, jobs), folder / f"jobs_{n:03d}.json")
        fleetgen.write_az_json(truth, single)
    return folder, single


def bench_small_files(source: Path, files: int = 300, rows: int = 1000) -> list[Measure]:
    """A folder of many small daily exports against the same rows in one file."""
    return _folder_against_file("CSV", *small_files(source, files, rows), files, rows)


def bench_small_json(files: int = 100, jobs: int = 1000) -> list[Measure]:
    """A folder of many small ``az`` JSON job lists against the same jobs in one list."""
    return _folder_against_file("JSON", *small_json(files, jobs), files, jobs)


def _folder_against_file(
    kind: str, folder: Path, single: Path, files: int, rows: int
) -> list[Measure]:
    out = OUT / "out_small.csv"
    runs = [
        measure("bjla, one file", [PY, "-m", "analyzer", "analyze", str(single), "-o", str(out)]),
        measure(
            f"bjla, {files} files", [PY, "-m", "analyzer", "analyze", str(folder), "-o", str(out)]
        ),
    ]
    print(f"\n{files * rows:,} job rows ({kind}): one file, then {files} files of {rows:,} rows")
    print(f"  {'run':<22}{'wall s':>9}{'CPU s':>9}{'peak RSS MB':>13}")
    for run in runs:
        print(f"  {run.name:<22}{run.wall_s:>9.2f}{run.cpu_s:>9.2f}{run.peak_rss_mb:>13.0f}")
    one, many = runs
    print(
        f"  folder / one file: {many.wall_s / one.wall_s:.2f} wall,"
        f" {many.cpu_s / one.cpu_s:.2f} CPU (target <= 2)"
    )
    return runs


def agreement(outputs: dict[str, Path]) -> str:
    """Whether bjla and the same-work contenders found the same per-VM figures."""
    import polars as pl

    keys = ["vm", "failed", "first_failure", "last_failure", "last_success", "failing_days"]
    keys += ["distinct_codes", "current_streak", "longest_streak"]
    frames = {}
    for name, path in outputs.items():
        if not path.exists():
            continue
        frame = pl.read_csv(path, infer_schema=False).rename(
            {"failed_jobs": "failed"}, strict=False
        )
        when = pl.col("^(first_failure|last_failure|last_success)$").str.to_datetime(
            time_zone="UTC", strict=False
        )
        frames[name] = (
            frame.with_columns(pl.col("vm").str.to_lowercase(), when.dt.truncate("1s"))
            .select(keys)
            .sort("vm")
        )
    base = frames.pop("bjla", None)
    if base is None:
        return "bjla wrote no output to compare"
    verdicts = []
    for name, frame in frames.items():
        same = frame.equals(base)
        verdicts.append(f"{name}: {'same' if same else 'DIFFERENT'} per-VM figures")
    return f"{base.height:,} VMs with failures; " + "; ".join(verdicts)


def print_table(title: str, rows: int, runs: list[Measure]) -> None:
    """Figures side by side, with each run's ratio to bjla and bjla's to the fastest rival."""
    base = runs[0].wall_s
    print(f"\n{title}")
    print(
        f"  {'contender':<22}{'wall s':>9}{'CPU s':>9}{'rows/s':>14}{'peak RSS MB':>13}"
        f"{'x bjla time':>13}"
    )
    for run in runs:
        rate = rows / run.wall_s if run.wall_s else 0.0
        flag = "" if run.ok else "  (failed)"
        print(
            f"  {run.name:<22}{run.wall_s:>9.2f}{run.cpu_s:>9.2f}{rate:>14,.0f}"
            f"{run.peak_rss_mb:>13.0f}"
            f"{run.wall_s / base:>13.2f}{flag}"
        )
    rivals = [r for r in runs if r.name in SAME_WORK and r.ok]
    if rivals:
        best = min(rivals, key=lambda r: r.wall_s)
        print(
            f"  bjla / fastest same-work contender ({best.name}): {base / best.wall_s:.2f}"
            " (target <= 1, stretch <= 0.6)"
        )
    print(f"  bjla peak RSS: {runs[0].peak_rss_mb:.0f} MB (target < 512)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, action="append", help="job rows (repeatable)")
    parser.add_argument("--log-mb", type=int, default=1000, help="agent-log size (0: skip)")
    parser.add_argument(
        "--columns", type=int, action="append", choices=(12, 45), help="file width (repeatable)"
    )
    parser.add_argument("--skip-jobs", action="store_true", help="only the agent-log benchmark")
    parser.add_argument(
        "--small-files", type=int, default=300, help="CSV files of 1,000 rows (0: skip)"
    )
    parser.add_argument(
        "--small-json", type=int, default=100, help="JSON files of 1,000 jobs (0: skip)"
    )
    args = parser.parse_args()
    for rows in [] if args.skip_jobs else args.rows or [2_000_000, 20_000_000]:
        for columns in args.columns or [12, 45]:
            bench_jobs(rows, columns)
    if args.small_files and not args.skip_jobs:
        bench_small_files(job_file((args.rows or [2_000_000])[0], 12), args.small_files)
    if args.small_json and not args.skip_jobs:
        bench_small_json(args.small_json)
    if args.log_mb:
        bench_logs(args.log_mb, OUT)


if __name__ == "__main__":
    main()
