"""One process against a LocalCluster of 2 workers, on N job rows split over many files.

    python -m benchmarks.distributed                  # 1 M rows in 40 files
    python -m benchmarks.distributed --rows 2000000 --files 80
    python -m benchmarks.distributed --rows 20000000 --files 500 --layout hours

The rows are a Log Analytics export made by tools/fleetgen.py (cached in benchmarks/out/),
cut into ``--files`` CSV files. ``--layout spread`` (the default) deals the rows of one
whole export out over the files in turn, so every file holds some of every night;
``--layout hours`` writes each file straight from the generator as the next slice of the
rows, in time order, as an archive's hourly blobs are (a VM's night is in one file, its
nights in many); it needs no whole export, so it is the one for tens of millions of
rows. Either way the files are kept and reused by later runs. Each variant runs in its own process
through the API (``run_analysis``, or ``run_distributed`` on a ``LocalCluster`` of 2
single-threaded worker processes started by that process) and reports its wall time,
the cluster's start-up apart, and the peak RSS of every process: the client's from its
rusage, each worker's from its own (``Client.run``). Both must find the same accounting.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import polars as pl

from benchmarks.measure import OUT, PY, ROOT


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_s() -> float:
    """User + system seconds of this process, every thread (on a shared machine the
    CPU time says more than the wall time)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def hourly_fleet(rows: int, files: int) -> Path:
    """``rows`` fleetgen rows as ``files`` CSV files of consecutive rows (time order)."""
    from tools import fleetgen

    folder = OUT / f"hours-{rows}-{files}"
    done = folder / "complete"
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    cat = fleetgen.load_catalogue()
    codes = sorted(code for code in cat.messages if code != fleetgen.UNLISTED_CODE)
    vms = max(1, -(-rows // 28))  # fleetgen's default: the rows spread over 28 nights
    per_file = -(-rows // files)
    for n, first in enumerate(range(0, rows, per_file)):
        count = min(per_file, rows - first)
        truth = fleetgen.large_truth_chunk(first, count, vms, codes, cat)
        fleetgen.LARGE_SHAPES["la-csv"](truth).sink_csv(folder / f"part-{n:04d}.csv")
    done.touch()  # a folder cut short by a stop is written again
    return folder


def split_fleet(rows: int, files: int) -> Path:
    """``rows`` fleetgen rows as ``files`` CSV files (each VM's nights spread over them)."""
    folder = OUT / f"split-{rows}-{files}"
    if folder.is_dir() and len(list(folder.glob("*.csv"))) == files:
        return folder
    whole = OUT / f"la-{rows}.csv"
    if not whole.exists():
        OUT.mkdir(exist_ok=True)
        subprocess.run(
            [
                PY,
                "-m",
                "tools.fleetgen",
                "large",
                "--rows",
                str(rows),
                "--shape",
                "la-csv",
                str(whole),
            ],
            check=True,
            cwd=ROOT,
        )
    folder.mkdir(parents=True, exist_ok=True)
    frame = pl.scan_csv(whole, infer_schema=False).with_row_index("_n")
    for n in range(files):
        part = frame.filter(pl.col("_n") % files == n).drop("_n")
        part.sink_csv(folder / f"part-{n:04d}.csv")
    return folder


def child(variant: str, folder: str) -> dict[str, Any]:
    """Run one variant here; its figures as a dict."""
    from analyzer.analysis import AnalyzeOptions
    from analyzer.catalogue.load import load_catalogue
    from analyzer.distributed import Engine, run_distributed
    from analyzer.pipeline import run_analysis

    cat, opts = load_catalogue(), AnalyzeOptions()
    if variant == "one":
        began = time.perf_counter()
        result = run_analysis([folder], cat, opts)
        wall = time.perf_counter() - began
        return {
            "wall_s": wall,
            "start_s": 0.0,
            "rss_mb": [_peak_mb()],
            "cpu_s": [_cpu_s()],
            **_counts(result),
        }
    from distributed import Client, LocalCluster

    began = time.perf_counter()
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        started = time.perf_counter()
        result = run_distributed([folder], cat, opts, Engine(address=cluster.scheduler_address))
        wall = time.perf_counter() - started
        workers = client.run(_peak_mb)
        worker_cpu = client.run(_cpu_s)
    return {
        "wall_s": wall,
        "start_s": started - began,
        "rss_mb": [_peak_mb(), *workers.values()],
        "cpu_s": [_cpu_s(), *worker_cpu.values()],
        **_counts(result),
    }


def _counts(result: Any) -> dict[str, int]:
    counts = result.analysis.accounting
    return {
        "rows": counts.rows_read,
        "jobs": counts.jobs,
        "failed": result.analysis.failures.height,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--files", type=int, default=40)
    parser.add_argument("--layout", choices=["spread", "hours"], default="spread")
    parser.add_argument("--child", choices=["one", "dask"], help=argparse.SUPPRESS)
    parser.add_argument("folder", nargs="?", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.folder)))
        return 0
    make = hourly_fleet if args.layout == "hours" else split_fleet
    folder = make(args.rows, args.files)
    size = sum(p.stat().st_size for p in folder.glob("*.csv")) / 1e6
    print(f"{args.rows:,} rows in {args.files} files ({size:,.0f} MB): {folder}")
    figures = {}
    for variant in ("one", "dask"):
        out = subprocess.run(
            [PY, "-m", "benchmarks.distributed", "--child", variant, str(folder)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if out.returncode != 0:  # say why, and keep the figures of the variants that ran
            tail = "\n".join(out.stderr.strip().splitlines()[-15:])
            print(f"{variant}: failed (exit {out.returncode}):\n{tail}", flush=True)
            continue
        figures[variant] = json.loads(out.stdout.strip().splitlines()[-1])
        print(variant, json.dumps(figures[variant]), flush=True)  # kept if a later run stops
    for variant, fig in figures.items():
        rss = " + ".join(f"{mb:,.0f}" for mb in fig["rss_mb"])
        cpu = " + ".join(f"{s:,.1f}" for s in fig["cpu_s"])
        print(
            f"{variant:>5}: {fig['wall_s']:7.1f} s wall ({args.rows / fig['wall_s']:,.0f} rows/s;"
            f" cluster start {fig['start_s']:.1f} s), peak RSS {rss} MB, CPU {cpu} s,"
            f" {fig['jobs']:,} jobs, {fig['failed']:,} failed"
        )
    if len(figures) < 2:
        return 1
    same = {k: figures["one"][k] for k in ("rows", "jobs", "failed")} == {
        k: figures["dask"][k] for k in ("rows", "jobs", "failed")
    }
    print("same accounting and failures:", same)
    for variant, fig in figures.items():
        wall_us, cpu_us = (
            seconds / args.rows * 1e6 for seconds in (fig["wall_s"], sum(fig["cpu_s"]))
        )
        print(f"{variant:>5}: {wall_us:.2f} µs wall and {cpu_us:.2f} µs CPU per row")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
