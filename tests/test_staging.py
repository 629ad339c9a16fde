"""Large inputs take the on-disk, VM-partitioned path; it must give the in-memory answers."""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from pathlib import Path

import polars as pl
import pytest

from analyzer import staging
from analyzer.analysis import AnalyzeOptions, FailureCounts, Table
from analyzer.catalogue.load import load_catalogue
from analyzer.inputs import LocalFile
from analyzer.limits import DEFAULT_LIMITS, Limits
from analyzer.pipeline import LogOptions, RunResult, run_analysis
from analyzer.schema import INGESTED_SCHEMA, ORDER
from analyzer.sources import TYPICAL_ROW_BYTES, input_weight
from analyzer.texts import table
from tests.ingest.cases import local_for, read_one
from tests.paths import ROOT

SAMPLE = str(ROOT / "sample_logs")


@cache  # the same run is compared in more than one test; frames are not changed in place
def run(limits: Limits, **opts: object) -> RunResult:
    options = AnalyzeOptions(**opts)  # type: ignore[arg-type]
    return run_analysis([SAMPLE], load_catalogue(), options, logs=LogOptions(), limits=limits)


@cache
def analyze(limits: Limits, **opts: object) -> tuple[dict[str, pl.DataFrame], object]:
    cat = load_catalogue()
    options = AnalyzeOptions(**opts)  # type: ignore[arg-type]
    analysis = run(limits, **opts).analysis
    tables = {
        "vm": table(analysis, Table.by_vm, cat),
        "code": table(analysis, Table.by_code, cat),
        "cause": table(analysis, Table.by_cause, cat),
        "day": table(analysis, Table.by_day, cat, tz=options.tz),
        "failures": analysis.failures.sort(pl.all()),
        "rejects": analysis.rejects.sort("source", "source_row"),
    }
    return tables, analysis.accounting


@pytest.fixture(params=["whole-file", "blocks"])
def tiny_partitions(request: pytest.FixtureRequest, small_limits: Limits) -> Limits:
    """Stage even the sample on disk, in many buckets, in many small batches or blocks."""
    return replace(small_limits, csv_whole_file_scan=request.param == "whole-file")


def test_disk_store_gives_the_in_memory_tables(tiny_partitions: Limits) -> None:
    staged, staged_counts = analyze(tiny_partitions)
    in_memory = replace(tiny_partitions, store_large_input_bytes=1 << 40)
    memory, memory_counts = analyze(in_memory)
    assert staged_counts == memory_counts
    for name, frame in memory.items():
        assert staged[name].equals(frame), name


# How the rows were read (one scan or many blocks) matters to the store, not to what is
# made of a bucket: the tests below stage the rows read in one scan.


def test_compact_failures_give_the_same_aggregates(small_limits: Limits) -> None:
    full, _ = analyze(small_limits)
    keys_only = frozenset({Table.by_vm, Table.by_code, Table.by_cause, Table.by_day})
    compact, _ = analyze(small_limits, tables=keys_only)
    for name in ("vm", "code", "cause", "day"):
        assert compact[name].equals(full[name]), name


def test_disk_store_batches_hold_whole_vms(tmp_path: Path) -> None:
    store = staging.DiskStore(tmp_path, 8)
    frame = pl.LazyFrame({"vm": [f"VM-{i % 37}" if i % 2 else f"vm-{i % 37} " for i in range(500)]})
    schema_frame = frame.with_columns(
        [pl.lit(None, dtype).alias(c) for c, dtype in INGESTED_SCHEMA.items() if c != "vm"]
    ).select(list(INGESTED_SCHEMA))
    assert store.add([schema_frame.head(200), schema_frame.tail(300)]) == 500
    seen: dict[str, int] = {}
    orders: list[int] = []
    for n, batch in enumerate(store.batches()):
        names = batch.compact.select(
            pl.col("vm").cast(pl.String).str.strip_chars().str.to_lowercase()
        )
        orders.extend(batch.compact[ORDER].to_list())
        for name in names.get_column("vm").unique():
            assert seen.setdefault(name, n) == n, f"{name} is in two batches"
    assert sorted(orders) == list(range(500))
    assert len(seen) == 37


def test_split_block_keeps_whole_records_of_failures_and_rejects() -> None:
    rows = (
        pl.DataFrame(
            {
                "vm": ["a", "b", "c"],
                "status": ["Completed", "Failed", None],
                "job_id": ["j1", "j2", None],
                "reject_reason": [None, None, "missing status"],
            }
        )
        .with_columns(
            [
                pl.lit(None, d).alias(c)
                for c, d in INGESTED_SCHEMA.items()
                if c not in ("vm", "status", "job_id", "reject_reason")
            ]
        )
        .select(list(INGESTED_SCHEMA))
    )
    batch = staging.split_block(rows, 10)
    assert batch.compact[ORDER].to_list() == [10, 11, 12]
    assert batch.compact["_rejected"].to_list() == [False, False, True]
    assert batch.compact["_job_h1"].is_null().to_list() == [False, False, True]
    assert batch.details[ORDER].to_list() == [11, 12]
    assert batch.details["vm"].to_list() == ["b", "c"]


@pytest.mark.parametrize("kind", ["memory", "disk"])
def test_a_source_that_fails_part_way_leaves_no_rows(tmp_path: Path, kind: str) -> None:
    def rows(names: list[str]) -> pl.LazyFrame:
        frame = pl.LazyFrame({"vm": names})
        return frame.with_columns(
            [pl.lit(None, d).alias(c) for c, d in INGESTED_SCHEMA.items() if c != "vm"]
        ).select(list(INGESTED_SCHEMA))

    def broken() -> Iterator[pl.LazyFrame]:
        yield rows(["half-read-1", "half-read-2"])
        raise pl.exceptions.ComputeError("bad quoting in block 2")

    store: staging.RowStore = (
        staging.MemoryStore() if kind == "memory" else staging.DiskStore(tmp_path, 3)
    )
    assert store.add([rows(["a", "b"])]) == 2
    with pytest.raises(pl.exceptions.ComputeError):
        store.add(broken())
    assert store.add([rows(["c"])]) == 1
    kept = pl.concat([b.compact for b in store.batches()])
    assert sorted(kept["vm"].cast(pl.String).to_list()) == ["a", "b", "c"]


def test_progress_counts_the_rows_of_a_large_file() -> None:
    large = Limits(csv_eager_bytes=0, store_batch_rows=50)
    big = Path(SAMPLE) / "jobs" / "la_addon_jobs.csv"
    messages: list[str] = []
    result = run_analysis(
        [str(big)], load_catalogue(), AnalyzeOptions(), progress=messages.append, limits=large
    )
    counts = [
        int(m.rsplit(": ", 1)[1].split()[0].replace(",", "")) for m in messages if "rows" in m
    ]
    assert len(counts) > 2
    assert counts == sorted(counts)
    assert counts[-1] == result.sources[0][2]


@pytest.mark.parametrize("all_vms", [False, True])
def test_vm_rows_made_per_bucket_give_the_same_table(small_limits: Limits, all_vms: bool) -> None:
    cat = load_catalogue()
    opts = {"all_vms": True} if all_vms else {}  # without: the run the tests above use
    whole = run(small_limits, **opts)
    per_bucket = run(small_limits, **opts, tables=frozenset({Table.by_vm}))
    expected = table(whole.analysis, Table.by_vm, cat)
    assert table(per_bucket.analysis, Table.by_vm, cat).equals(expected)
    assert per_bucket.analysis.failures.height == 0
    assert per_bucket.analysis.failure_counts == FailureCounts.of(whole.analysis.failures)
    assert per_bucket.analysis.failure_counts.jobs == whole.analysis.failures.height > 0


def test_huge_inputs_get_smaller_buckets(tmp_path: Path) -> None:
    limits = DEFAULT_LIMITS
    large = staging.choose_store(limits.store_huge_input_bytes - 1, tmp_path)
    huge = staging.choose_store(limits.store_huge_input_bytes, tmp_path)
    assert isinstance(large, staging.DiskStore) and isinstance(huge, staging.DiskStore)
    assert large.buckets == limits.store_huge_input_bytes // limits.store_bucket_bytes
    assert huge.buckets == 2 * large.buckets
    assert isinstance(
        staging.choose_store(limits.store_large_input_bytes - 1, tmp_path), staging.MemoryStore
    )


def test_an_interrupted_run_leaves_no_scratch_files(
    small_limits: Limits, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    every_batch = replace(small_limits, store_flush_bytes=1)  # a write in flight at each
    write = staging.DiskStore._write

    def slow_write(self: staging.DiskStore, *args: object) -> None:
        time.sleep(0.05)  # still writing when the interrupt unwinds the run
        write(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(staging.DiskStore, "_write", slow_write)
    seen: list[str] = []

    def interrupt_mid_file(message: str) -> None:
        seen.append(message)
        if message.endswith(" rows") and len(seen) > 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_analysis(
            [SAMPLE],
            load_catalogue(),
            AnalyzeOptions(),
            progress=interrupt_mid_file,
            limits=every_batch,
        )
    assert list(tmp_path.iterdir()) == []


def test_closing_a_disk_store_waits_for_the_write_in_flight(tmp_path: Path) -> None:
    store = staging.DiskStore(tmp_path / "stage", 2)
    started, release = threading.Event(), threading.Event()
    finished: list[bool] = []

    def slow_write(*_: object) -> None:
        started.set()
        release.wait(5)
        finished.append(True)
        raise OSError("disk full")  # reported by the run that is already failing, not here

    store._writing = store._writer.submit(slow_write)
    started.wait(5)
    threading.Timer(0.2, release.set).start()
    store.close()
    assert finished == [True]


def test_parsing_each_batch_alone_stores_what_one_plan_stores(tmp_path: Path) -> None:
    limits = Limits(csv_eager_bytes=0, store_batch_rows=50)
    big = Path(SAMPLE) / "jobs" / "la_addon_jobs.csv"
    read = read_one(local_for(big, tmp_path, limits))
    assert read.deferred is not None  # a wide large CSV is parsed batch by batch
    narrow = Limits(csv_eager_bytes=0, csv_wide_row_bytes=2000)  # its records: 1.4 KB
    assert read_one(local_for(big, tmp_path, narrow)).deferred is None
    stored = []
    for blocks in (read.blocks(), read.store_blocks()):
        store = staging.MemoryStore(limits)
        assert store.add(blocks) > 100
        stored.append(next(store.batches()))
    one_plan, per_batch = stored
    assert per_batch.compact.equals(one_plan.compact)
    assert per_batch.details.equals(one_plan.details)
    assert per_batch.details.height > 0


def test_a_wide_export_weighs_its_rows_not_its_bytes(tmp_path: Path) -> None:
    def weight(row_bytes: int, rows: int = 2000) -> tuple[int, int]:
        path = tmp_path / f"w{row_bytes}.csv"
        path.write_bytes(b"a,b\n" + (b"x" * (row_bytes - 3) + b",y\n") * rows)
        local = LocalFile(path.name, path, size=path.stat().st_size)
        return input_weight(local), local.size

    wide, wide_size = weight(4 * TYPICAL_ROW_BYTES)
    assert wide_size // 5 < wide < wide_size // 3  # about a quarter: four times the row size
    narrow, narrow_size = weight(TYPICAL_ROW_BYTES // 2, rows=8000)
    assert narrow == narrow_size  # never more than its bytes
