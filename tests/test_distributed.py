"""The pipeline on Dask gives what it gives in one process, table for table.

One small in-process LocalCluster (2 single-threaded workers, ``processes=False``) serves
the module: the CLI reaches it with ``--dask ADDRESS`` like any scheduler, the API with an
``Engine`` of the same address. The inputs: the sample fleet (every shape, agent logs in
its folders or given with ``--logs``, duplicates across files), a generated fleet archived
over dozens of blobs, and a generated fleet of many VMs with generated agent logs, read
per VM on the workers.
"""

from __future__ import annotations

import pickle
import shutil
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from analyzer.analysis import AnalyzeOptions
from analyzer.api import render_table, table
from analyzer.catalogue.load import load_catalogue
from analyzer.distributed import Engine, bucket_count, log_runs, run_distributed, task_inputs
from analyzer.errors import InputError, UnknownShapeError
from analyzer.inputs import InputFile
from analyzer.pipeline import LogOptions, RunResult, run_analysis
from tests.cli.support import SAMPLE, cached, invoke
from tests.paths import SAMPLE_LOGS
from tools import archivegen, fleetgen, loggen

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
    # Every line on stderr too: the rejects shown first (in input order), the skipped
    # archive records, the summary.
    assert dask.stderr == one.stderr and "other categories" in one.stderr


def test_the_sample_with_logs_given_apart_on_dask_is_the_single_process_run(
    scheduler: str,
) -> None:
    jobs, logs = str(SAMPLE_LOGS / "jobs"), str(SAMPLE_LOGS / "agent-logs")
    # The failures table: each job's cause, its confidence and the evidence naming it.
    one = cached("failures", jobs, "--logs", logs, "-f", "csv")
    dask = invoke(["failures", jobs, "--logs", logs, "-f", "csv", "--dask", scheduler])
    assert dask.exit_code == one.exit_code == 0, dask.stderr
    assert dask.stdout == one.stdout and dask.stderr == one.stderr
    assert "32 failures attributed from evidence" in _summary(one.stderr)


def _same_run(dask: RunResult, one: RunResult) -> None:
    """Every table byte for byte, the evidence and what was met, as one process gives them."""
    assert dask.analysis.accounting == one.analysis.accounting
    assert dask.analysis.failure_counts == one.analysis.failure_counts
    assert dask.sources == one.sources and dask.errors == one.errors
    assert dask.warnings == one.warnings
    assert dask.evidence.equals(one.evidence)
    assert dask.evidence_files is not None and one.evidence_files is not None
    assert dask.evidence_files.equals(one.evidence_files)
    for name in TABLES:
        rendered = [render_table(table(run, name, CAT), "csv") for run in (dask, one)]
        assert rendered[0] == rendered[1], name


def _cloned_fleet(root: Path, copies: int) -> tuple[Path, Path]:
    """The generated sample fleet ``copies`` times over (VMs ``<vm>-c<k>``), with each
    copy's agent logs (tools/loggen.py) in a folder per VM: a fleet whose failures the
    logs explain, as the sample's are."""
    truth = fleetgen.sample_truth()
    clones = [
        truth.with_columns(pl.col("vm") + f"-c{k}", pl.col("job_id") + f"-c{k}")
        for k in range(copies)
    ]
    export = root / "fleet.csv"
    fleetgen.la_frame(pl.concat(clones)).sink_csv(export)
    loggen.write_samples(root / "scenarios")
    logs = root / "logs"
    for k in range(copies):
        for vm in sorted((root / "scenarios").iterdir()):
            shutil.copytree(vm, logs / f"{vm.name}-c{k}")
    return export, logs


def test_a_generated_fleet_with_its_agent_logs_read_per_vm_on_dask(
    scheduler: str, tmp_path: Path
) -> None:
    export, logs = _cloned_fleet(tmp_path, copies=2)
    options = LogOptions(specs=[str(logs)])
    one = run_analysis([str(export)], CAT, AnalyzeOptions(), logs=options)
    dask = run_distributed(
        [str(export)], CAT, AnalyzeOptions(), Engine(address=scheduler), logs=options
    )
    assert one.analysis.failure_counts.evidence_backed == 2 * 32  # both copies, as the sample
    assert one.evidence_files is not None and one.evidence_files.height == 2 * 11
    _same_run(dask, one)


def test_logs_are_cut_into_runs_only_where_the_vm_changes(tmp_path: Path) -> None:
    names = ["vm-a/waagent.log", "vm-a/extension.log", "vm-b/waagent.log", "vm-c.waagent.log"]
    names.append("vm-d/var/log/messages")
    items = []
    for name in names:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * 100)
        items.append((InputFile(name, path, walked=True), "auto"))
    vms = [[item.name[:4] for item, _ in run] for run in log_runs(items, None, 0)]
    assert vms == [["vm-a", "vm-a"], ["vm-b"], ["vm-c"], ["vm-d"]]
    assert [len(run) for run in log_runs(items, None, 250)] == [3, 2]  # a a b | c d
    assert [len(run) for run in log_runs(items, {"vm-b/waagent.log": "vm-a"}, 100)] == [3, 1, 1]


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


def test_errors_survive_the_trip_from_a_worker_to_the_client() -> None:
    # A worker's InputError is pickled back to the client: without its own reduction it
    # was rebuilt through __init__ with one argument and the client saw a TypeError.
    for error in (
        InputError("a.csv", "the file is empty", "export the job list again"),
        UnknownShapeError("b.csv", ["x", "y"], ["la-addon-csv"]),
    ):
        rebuild, args, *_ = error.__reduce__()  # what pickle calls, whatever hooks dask adds
        back = rebuild(*args)
        assert str(pickle.loads(pickle.dumps(error))) == str(error)
        assert type(back) is type(error) and str(back) == str(error)
        assert (back.source, back.reason, back.hint) == (error.source, error.reason, error.hint)
