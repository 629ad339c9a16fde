"""One process against a LocalCluster of 2 workers, on N job rows split over many files.

    python -m benchmarks.distributed                  # 1 M rows in 40 files
    python -m benchmarks.distributed --rows 2000000 --files 80

The rows are a Log Analytics export made by tools/fleetgen.py (cached in benchmarks/out/),
cut into ``--files`` CSV files of whole nights. Each variant runs in its own process
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
        return {"wall_s": wall, "start_s": 0.0, "rss_mb": [_peak_mb()], **_counts(result)}
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
    return {
        "wall_s": wall,
        "start_s": started - began,
        "rss_mb": [_peak_mb(), *workers.values()],
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
    parser.add_argument("--child", choices=["one", "dask"], help=argparse.SUPPRESS)
    parser.add_argument("folder", nargs="?", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.folder)))
        return 0
    folder = split_fleet(args.rows, args.files)
    size = sum(p.stat().st_size for p in folder.glob("*.csv")) / 1e6
    print(f"{args.rows:,} rows in {args.files} files ({size:,.0f} MB): {folder}")
    figures = {}
    for variant in ("one", "dask"):
        out = subprocess.run(
            [PY, "-m", "benchmarks.distributed", "--child", variant, str(folder)],
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        figures[variant] = json.loads(out.stdout.strip().splitlines()[-1])
    for variant, fig in figures.items():
        rss = " + ".join(f"{mb:,.0f}" for mb in fig["rss_mb"])
        print(
            f"{variant:>5}: {fig['wall_s']:7.1f} s wall ({args.rows / fig['wall_s']:,.0f} rows/s;"
            f" cluster start {fig['start_s']:.1f} s), peak RSS {rss} MB,"
            f" {fig['jobs']:,} jobs, {fig['failed']:,} failed"
        )
    same = {k: figures["one"][k] for k in ("rows", "jobs", "failed")} == {
        k: figures["dask"][k] for k in ("rows", "jobs", "failed")
    }
    print("same accounting and failures:", same)
    per_row_us = figures["one"]["wall_s"] / args.rows * 1e6
    print(f"one process: {per_row_us:.2f} µs per row")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
