"""The pipeline on Dask gives what it gives in one process, table for table.

One small in-process LocalCluster (2 single-threaded workers, ``processes=False``) serves
the module: the CLI reaches it with ``--dask ADDRESS`` like any scheduler, the API with an
``Engine`` of the same address. The inputs: the sample fleet (every shape, agent logs in
its folders, duplicates across files) and a generated fleet archived over dozens of blobs.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from analyzer.analysis import AnalyzeOptions
from analyzer.api import table
from analyzer.catalogue.load import load_catalogue
from analyzer.distributed import Engine, bucket_count, run_distributed, task_inputs
from analyzer.inputs import InputFile
from analyzer.pipeline import run_analysis
from tests.cli.support import SAMPLE, cached, invoke
from tools import archivegen, fleetgen

pytest.importorskip("distributed")
CAT = load_catalogue()
TABLES = ("by-vm", "by-code", "by-cause", "by-day", "failures", "rejects")


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        yield str(cluster.scheduler_address)


def _summary(stderr: str) -> str:
    return stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("command", [["analyze"], ["failures"]])
def test_the_sample_on_dask_is_the_single_process_run(scheduler: str, command: list[str]) -> None:
    one = cached(*command, SAMPLE, "-f", "csv")
    dask = invoke([*command, SAMPLE, "-f", "csv", "--dask", scheduler])
    assert dask.exit_code == one.exit_code == 0, dask.stderr
    assert dask.stdout == one.stdout and dask.stdout.count("\n") > 10
    assert _summary(dask.stderr) == _summary(one.stderr)


def test_a_generated_fleet_over_many_blobs_on_dask(scheduler: str, tmp_path: Path) -> None:
    export = tmp_path / "fleet.csv"
    fleetgen.write_large(1200, "la-csv-all-columns", export, days=6)
    blobs = archivegen.write_archive(archivegen.csv_records(export), tmp_path / "archive")
    assert len(blobs) > 20
    specs = [str(tmp_path / "archive"), str(export)]  # every job twice: merged as duplicates
    opts = AnalyzeOptions()
    one = run_analysis(specs, CAT, opts)
    dask = run_distributed(specs, CAT, opts, Engine(address=scheduler))
    assert dask.analysis.accounting == one.analysis.accounting
    assert one.analysis.accounting.duplicates == 1200
    assert dask.sources == one.sources and dask.errors == one.errors
    for name in TABLES:
        assert table(dask, name, CAT).equals(table(one, name, CAT)), name


def test_dask_and_workers_are_refused_where_one_process_runs(scheduler: str) -> None:
    both = invoke(["analyze", SAMPLE, "--dask", scheduler, "--workers", "2"])
    assert both.exit_code == 2 and "not both" in both.stderr
    report = invoke(["report", SAMPLE, "--workers", "2"])
    assert report.exit_code == 2 and "only analyze and failures" in report.stderr


def test_inputs_are_cut_into_runs_of_consecutive_files(tmp_path: Path) -> None:
    files = []
    for n, size in enumerate([10, 10, 70 << 20, 10]):
        path = tmp_path / f"f{n}"
        with path.open("wb") as fh:
            fh.truncate(size)  # sparse: only its size counts
        files.append(InputFile(str(path), path))
    runs = task_inputs(files)
    assert [[item.name[-2:] for item in run] for run in runs] == [["f0", "f1"], ["f2"], ["f3"]]
    assert bucket_count(2, 1000) == 2 and bucket_count(2, 10 << 30) == 8
