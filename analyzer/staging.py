"""Where ingested rows wait before analysis: in memory, or on disk in VM partitions.

Small inputs are collected into one frame. Large inputs are streamed by polars into
Parquet files partitioned by a hash of the lower-cased VM name, so each partition holds
whole VMs (their duplicates, streaks and resource groups) and can be analyzed alone in
bounded memory; the partial results merge exactly (``analysis.combine``).
"""

from __future__ import annotations

import math
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import polars as pl

from analyzer.schema import INGESTED_SCHEMA

LARGE_INPUT_BYTES = 192 << 20  # from here on, inputs are staged on disk
PARTITION_BYTES = 96 << 20  # input bytes per partition (about 250k rows of a wide CSV)
MAX_SINK_PARTITIONS = 4  # a partitioned writer's memory grows with its open partitions
BATCH_ROWS = 400_000  # larger first-level partitions are split again before analysis
BUCKET = "_bucket"
FILE_ROWS = 20_000  # small files keep the partitioned writer's buffers small


class RowStore(Protocol):
    """Collects the rows of every source; hands them out in VM-complete batches."""

    def add(self, frame: pl.LazyFrame) -> int:
        """Take one source's rows (INGESTED_SCHEMA); return how many there were."""
        ...

    def batches(self) -> Iterator[pl.LazyFrame]:
        """The rows in batches that each hold every row of their VMs."""
        ...

    def count(self) -> int:
        """How many batches ``batches`` yields."""
        ...


class MemoryStore:
    """All rows in one frame."""

    def __init__(self) -> None:
        self._frames: list[pl.DataFrame] = []

    def add(self, frame: pl.LazyFrame) -> int:
        rows = frame.collect(engine="streaming")
        self._frames.append(rows)
        return rows.height

    def batches(self) -> Iterator[pl.LazyFrame]:
        if not self._frames:
            yield pl.LazyFrame(schema=INGESTED_SCHEMA)
            return
        yield pl.concat(self._frames, how="vertical").lazy()

    def count(self) -> int:
        return 1


class DiskStore:
    """Rows streamed to Parquet, partitioned by VM."""

    def __init__(self, root: Path, partitions: int) -> None:
        self.root = root
        self.partitions = max(1, min(partitions, MAX_SINK_PARTITIONS))
        self._sources = 0
        self._batches = self.partitions

    def add(self, frame: pl.LazyFrame) -> int:
        self._sources += 1
        target = self.root / f"source{self._sources:04d}"
        try:
            _sink_partitioned(frame, target, self.partitions, seed=0)
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise
        return _rows(list(target.rglob("*.parquet")))

    def batches(self) -> Iterator[pl.LazyFrame]:
        for bucket in range(self.partitions):
            files = sorted(self.root.glob(f"source*/{BUCKET}={bucket}/*.parquet"))
            yield from self._batches_of(files, f"split{bucket}", level=1)

    def _batches_of(self, files: list[Path], name: str, level: int) -> Iterator[pl.LazyFrame]:
        """``files`` as one batch, or split again (a new hash seed per level) until small.

        Each split writes at most MAX_SINK_PARTITIONS partitions, so the writer's memory
        stays bounded however large the input; a 20 M-row input takes two levels.
        """
        rows = _rows(files)
        if rows == 0:
            return
        if rows <= BATCH_ROWS:
            yield _scan(files)
            return
        parts = min(math.ceil(rows / BATCH_ROWS), MAX_SINK_PARTITIONS)
        self._batches += parts - 1
        target = self.root / name
        _sink_partitioned(_scan(files), target, parts, seed=level)
        for path in files:
            path.unlink()
        for sub in range(parts):
            found = sorted(target.glob(f"{BUCKET}={sub}/*.parquet"))
            yield from self._batches_of(found, f"{name}_{sub}", level + 1)

    def count(self) -> int:
        return self._batches


def _vm_bucket(partitions: int, seed: int) -> pl.Expr:
    vm = pl.col("vm").str.strip_chars().str.to_lowercase().fill_null("")
    return (vm.hash(seed=seed) % partitions).alias(BUCKET)


def _sink_partitioned(frame: pl.LazyFrame, target: Path, partitions: int, seed: int) -> None:
    frame.sink_parquet(
        pl.PartitionBy(
            target,
            key={BUCKET: _vm_bucket(partitions, seed)},
            include_key=False,
            max_rows_per_file=FILE_ROWS,
        ),
        compression="lz4",
        row_group_size=FILE_ROWS,
        mkdir=True,
    )


def _rows(files: list[Path]) -> int:
    if not files:
        return 0
    return int(pl.scan_parquet(files, hive_partitioning=False).select(pl.len()).collect().item())


def _scan(files: list[Path]) -> pl.LazyFrame:
    return pl.scan_parquet(files, hive_partitioning=False).cast(
        INGESTED_SCHEMA  # type: ignore[arg-type]
    )


def choose_store(total_bytes: int, scratch: Path) -> RowStore:
    """In memory for small inputs, partitioned on disk for large ones."""
    if total_bytes < LARGE_INPUT_BYTES:
        return MemoryStore()
    return DiskStore(scratch / "stage", math.ceil(total_bytes / PARTITION_BYTES))
