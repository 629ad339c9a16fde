"""Large inputs take the on-disk, VM-partitioned path; it must give the in-memory answers."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from analyzer import staging
from analyzer.analysis import AnalyzeOptions
from analyzer.catalogue.load import load_catalogue
from analyzer.run import LogOptions, run_analysis

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = str(ROOT / "sample_logs")


def analyze(**opts: object) -> tuple[dict[str, pl.DataFrame], object]:
    cat = load_catalogue()
    options = AnalyzeOptions(**opts)  # type: ignore[arg-type]
    result = run_analysis([SAMPLE], cat, options, logs=LogOptions())
    analysis = result.analysis
    tables = {
        "vm": analysis.by_vm(cat, options),
        "code": analysis.by_code(cat, options),
        "cause": analysis.by_cause(cat, options),
        "day": analysis.by_day(cat, options),
        "failures": analysis.failures.sort(pl.all()),
        "rejects": analysis.rejects.sort("source", "source_row"),
    }
    return tables, analysis.accounting


@pytest.fixture
def tiny_partitions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stage even the sample on disk, in partitions that must be split twice."""
    monkeypatch.setattr(staging, "LARGE_INPUT_BYTES", 0)
    monkeypatch.setattr(staging, "PARTITION_BYTES", 1)
    monkeypatch.setattr(staging, "MAX_SINK_PARTITIONS", 2)
    monkeypatch.setattr(staging, "BATCH_ROWS", 60)
    monkeypatch.setattr(staging, "FILE_ROWS", 25)


def test_disk_store_gives_the_in_memory_tables(tiny_partitions: None) -> None:
    staged, staged_counts = analyze()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(staging, "LARGE_INPUT_BYTES", 1 << 40)
        memory, memory_counts = analyze()
    assert staged_counts == memory_counts
    for name, frame in memory.items():
        assert staged[name].equals(frame), name


def test_compact_failures_give_the_same_aggregates(tiny_partitions: None) -> None:
    full, _ = analyze()
    compact, _ = analyze(compact_failures=True)
    for name in ("vm", "code", "cause", "day"):
        assert compact[name].equals(full[name]), name


def test_disk_store_batches_hold_whole_vms(tmp_path: Path, tiny_partitions: None) -> None:
    store = staging.DiskStore(tmp_path, 8)
    frame = pl.LazyFrame(
        {"vm": [f"VM-{i % 37}" if i % 2 else f"vm-{i % 37} " for i in range(500)]}
    )
    schema_frame = frame.with_columns(
        [pl.lit(None, dtype).alias(c) for c, dtype in staging.INGESTED_SCHEMA.items() if c != "vm"]
    ).select(list(staging.INGESTED_SCHEMA))
    assert store.add(schema_frame) == 500
    seen: dict[str, int] = {}
    total = 0
    for n, batch in enumerate(store.batches()):
        names = batch.select(pl.col("vm").str.strip_chars().str.to_lowercase()).collect()
        total += names.height
        for name in names.get_column("vm").unique():
            assert seen.setdefault(name, n) == n, f"{name} is in two batches"
    assert total == 500
    assert len(seen) == 37
