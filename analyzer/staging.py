"""Where ingested rows wait before analysis: in memory, or on disk in VM buckets.

Every batch of ingested rows is split as it arrives (``split_prepared``):

* a *compact* row for every input row: the few columns the per-VM figures, the dedupe
  and the accounting need, with the job id as two hashes and status and operation as
  categoricals, so a row costs about 90 bytes whatever the width of the export. VM
  and group names stay text: with hundreds of thousands of VMs, polars' global
  categorical map cost more CPU and memory than the text it saved;
* the whole record for the rows that need one later: failed jobs and rejects.

Small inputs keep both in memory. Large inputs write them to Arrow IPC files in
buckets chosen by a hash of the lower-cased VM name, so each bucket holds whole VMs
(their duplicates, streaks and resource groups) and is analyzed alone in bounded
memory; the partial results merge exactly (``analysis.combine``).
"""

from __future__ import annotations

import io
import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

import polars as pl

from analyzer.errors import ScratchError
from analyzer.ingest.model import Deferred, StoreBlock
from analyzer.limits import DEFAULT_LIMITS, Limits
from analyzer.schema import (
    COMPACT_SCHEMA,
    DETAIL_SCHEMA,
    JOB_HASHES,
    ORDER,
)

_BUCKET = "_bucket"
_GROUP = "_group"
RowCount = Callable[[int], None]  # hears how many rows of a source are kept so far
RowBatch = Callable[[pl.DataFrame], None]  # takes one batch a block streams

_CATEGORICAL = ("status", "operation")
# Where each compact column comes from in a prepared block (some kept as categoricals).
_COMPACT_SOURCES = [f"_{name}_cat" if name in _CATEGORICAL else name for name in COMPACT_SCHEMA]


TimeSpan = tuple[datetime, datetime] | None  # first and last start time, or None


@dataclass
class Batch:
    """The rows of some whole VMs: compact rows for all, whole records where needed."""

    compact: pl.DataFrame  # COMPACT_SCHEMA
    details: pl.DataFrame  # DETAIL_SCHEMA: failed jobs and rejects only


def split_block(rows: pl.DataFrame, first_order: int) -> Batch:
    """Split ingested rows (INGESTED_SCHEMA) into compact rows and the records kept whole."""
    batch = split_prepared(prepare_block(rows.lazy(), first_order, 1).collect())
    return Batch(batch.compact.drop(_BUCKET), batch.details.drop(_BUCKET))


def prepare_block(block: pl.LazyFrame, first_order: int, buckets: int) -> pl.LazyFrame:
    """``block`` plus what ``split_prepared`` needs, computed in the same (streaming) pass."""
    job_id = pl.col("job_id")
    return block.with_row_index(ORDER, offset=first_order).with_columns(
        pl.col(ORDER).cast(pl.Int64),
        *(pl.col(name).cast(pl.Categorical()).alias(f"_{name}_cat") for name in _CATEGORICAL),
        *(
            pl.when(job_id.is_not_null()).then(job_id.hash(seed=seed)).alias(name)
            for seed, name in enumerate(JOB_HASHES, 1)
        ),
        pl.col("error_code").is_not_null().alias("_has_code"),
        pl.col("reject_reason").is_not_null().alias("_rejected"),
        vm_bucket(buckets),
    )


def split_prepared(rows: pl.DataFrame) -> Batch:
    """Compact rows for all (with ``_bucket``); whole records of failures and rejects.

    The whole records are ``detached``: they are kept long after their block is gone.
    """
    compact = rows.select(
        pl.col(name).alias(name.removeprefix("_").removesuffix("_cat"))
        if name.endswith("_cat")
        else pl.col(name)
        for name in [*_COMPACT_SOURCES, _BUCKET]
    )
    kept = rows.filter(pl.col("_rejected") | (pl.col("status") == "Failed"))
    return Batch(compact, detached(kept.select(*DETAIL_SCHEMA, _BUCKET)))


def detached(frame: pl.DataFrame) -> pl.DataFrame:
    """A copy whose strings own their bytes.

    Polars string columns are views into shared buffers: a few rows filtered out of a
    block would otherwise keep the whole block's text alive, and what is kept of a large
    input would add up to the input itself.
    """
    buffer = io.BytesIO()
    # The oldest Arrow layout stores plain strings, so only the bytes in use are written.
    frame.write_ipc(buffer, compat_level=pl.CompatLevel.oldest())
    buffer.seek(0)
    return pl.read_ipc(buffer)


class RowStore(Protocol):
    """Collects the rows of every source; hands them out in VM-complete batches."""

    span: TimeSpan  # first and last start time of the job rows taken

    def add(self, blocks: Iterable[StoreBlock], on_rows: RowCount | None = None) -> int:
        """Take one source's blocks of rows (INGESTED_SCHEMA, or ``Deferred``); return how
        many rows.

        ``on_rows`` hears the source's rows taken so far, batch by batch (for progress).
        """
        ...

    def batches(self) -> Iterator[Batch]:
        """The rows in batches that each hold every row of their VMs."""
        ...

    def count(self) -> int:
        """How many batches ``batches`` yields."""
        ...

    def close(self) -> None:
        """Finish any work in flight (before the scratch folder is removed)."""
        ...


class _SplittingStore(ABC):
    """Streams each block through in batches and splits them; subclasses keep the halves."""

    buckets = 1  # how many VM buckets the rows are split into (one batch each)

    def __init__(self, limits: Limits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        self._rows = 0
        self._dropped: list[tuple[int, int]] = []  # ORDER ranges of sources that failed
        # First and last start time of the job rows kept (not rejects): the report picks
        # its default week from them before anything is analyzed.
        self.span: TimeSpan = None

    def add(self, blocks: Iterable[StoreBlock], on_rows: RowCount | None = None) -> int:
        """Keep every block of one source; if one fails, none of the source's rows stay.

        A source is reported as unreadable as a whole, so rows of its earlier blocks
        must not be counted either.
        """
        first = self._rows
        span: list[TimeSpan] = [None]

        def keep(rows: pl.DataFrame) -> None:
            batch = split_prepared(rows)
            self._keep(batch)
            span[0] = joined_span(span[0], job_span(batch.compact))
            self._rows += rows.height
            if on_rows is not None:
                on_rows(self._rows - first)

        def parse_and_keep(finish: Callable[[pl.LazyFrame], pl.LazyFrame]) -> RowBatch:
            def batch(staged: pl.DataFrame) -> None:
                prepared = prepare_block(finish(staged.lazy()), self._rows, self.buckets)
                keep(prepared.collect(engine="streaming"))

            return batch

        try:
            for block in blocks:
                # Batches, not one frame: a whole large file streams through in bounded memory.
                if isinstance(block, Deferred):
                    rows, take = block.staged, parse_and_keep(block.finish)
                else:
                    rows, take = prepare_block(block, self._rows, self.buckets), keep
                rows.sink_batches(take, chunk_size=self.limits.store_batch_rows, engine="streaming")
        except BaseException:
            self._dropped.append((first, self._rows))
            raise
        self.span = joined_span(self.span, span[0])
        return self._rows - first

    @abstractmethod
    def _keep(self, batch: Batch) -> None:
        """Hold on to one split batch."""

    def _kept(self, frame: pl.DataFrame) -> pl.DataFrame:
        """``frame`` without the rows of sources that failed part-way."""
        for start, end in self._dropped:
            frame = frame.filter(~pl.col(ORDER).is_between(start, end, closed="left"))
        return frame


class MemoryStore(_SplittingStore):
    """All rows in memory, as one batch."""

    def __init__(self, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(limits)
        self._parts: list[Batch] = []

    def _keep(self, batch: Batch) -> None:
        self._parts.append(Batch(batch.compact.drop(_BUCKET), batch.details.drop(_BUCKET)))

    def batches(self) -> Iterator[Batch]:
        yield Batch(
            self._kept(_concat([p.compact for p in self._parts], COMPACT_SCHEMA)),
            self._kept(_concat([p.details for p in self._parts], DETAIL_SCHEMA)),
        )

    def count(self) -> int:
        return 1

    def close(self) -> None:
        """Nothing runs in the background here."""


class DiskStore(_SplittingStore):
    """Rows in Arrow IPC files on disk, bucketed by VM.

    Split batches are buffered up to ``store_flush_bytes`` and written, in a worker thread,
    one file per bucket group at a time: bucket ``b`` goes to group
    ``b % store_bucket_files``, so the files stay few and large however many buckets a
    huge input needs. Each bucket is read back alone (a group of several is scanned once
    per bucket: a little more reading, but only one bucket's rows in memory at a time).
    """

    def __init__(self, root: Path, buckets: int, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(limits)
        self.root = root
        self.buckets = max(1, buckets)
        self.groups = min(self.buckets, limits.store_bucket_files)
        self._flushes = 0
        self._pending: dict[str, list[pl.DataFrame]] = {"compact": [], "details": []}
        self._pending_bytes = 0
        # Files are written in a worker thread while the next batches are parsed.
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bjla-stage")
        self._writing: Future[None] | None = None

    def _keep(self, batch: Batch) -> None:
        self._pending["compact"].append(batch.compact)
        self._pending["details"].append(batch.details)
        self._pending_bytes += int(batch.compact.estimated_size() + batch.details.estimated_size())
        if self._pending_bytes >= self.limits.store_flush_bytes:
            self._flush()

    def _flush(self) -> None:
        """Hand the buffered rows to the writer thread (one write in flight at most)."""
        pending = {kind: list(frames) for kind, frames in self._pending.items()}
        for frames in self._pending.values():
            frames.clear()
        self._pending_bytes = 0
        self._wait()
        self._flushes += 1
        self._writing = self._writer.submit(self._write, pending, self._flushes)

    def _wait(self, *, reraise: bool = True) -> None:
        """Let the write in flight end; a failed write is re-raised here unless told not."""
        writing, self._writing = self._writing, None
        if writing is None:
            return
        if reraise:
            writing.result()
        else:
            writing.exception()

    def _write(self, pending: dict[str, list[pl.DataFrame]], number: int) -> None:
        try:
            self._write_files(pending, number)
        except OSError as exc:
            raise ScratchError(self.root, exc) from None

    def _write_files(self, pending: dict[str, list[pl.DataFrame]], number: int) -> None:
        for kind, frames in pending.items():
            if not frames:
                continue
            rows = pl.concat(frames, how="vertical").with_columns(
                (pl.col(_BUCKET) % self.groups).alias(_GROUP)
            )
            for (group,), part in rows.partition_by(_GROUP, as_dict=True).items():
                folder = self.root / kind / str(group)
                _make_folders(self.root, kind, str(group))
                part.drop(_GROUP).write_ipc(folder / f"{number:06d}.arrow", compression="lz4")

    def batches(self) -> Iterator[Batch]:
        self._flush()
        self._wait()
        self.close()
        for bucket in range(self.buckets):
            rows = self._read("compact", bucket, COMPACT_SCHEMA)
            if rows.height:
                yield Batch(
                    self._kept(rows), self._kept(self._read("details", bucket, DETAIL_SCHEMA))
                )

    def close(self) -> None:
        """Let the write in flight end: its folder may be about to be removed.

        Its error, if any, is not raised here: ``close`` runs while another error (or an
        interrupt) is already on its way.
        """
        self._wait(reraise=False)
        self._writer.shutdown()

    def _read(self, kind: str, bucket: int, schema: dict[str, pl.DataType]) -> pl.DataFrame:
        """One bucket's rows of ``kind``; a group holding several is scanned for it alone."""
        files = sorted((self.root / kind / str(bucket % self.groups)).glob("*.arrow"))
        if not files:
            return pl.DataFrame(schema=schema)
        rows = pl.scan_ipc(files)
        if self.buckets > self.groups:
            rows = rows.filter(pl.col(_BUCKET) == bucket)
        return rows.drop(_BUCKET).collect().cast(schema)  # type: ignore[arg-type]

    def count(self) -> int:
        return self.buckets


def _make_folders(root: Path, *parts: str) -> None:
    """``root`` and the folders below it, but never the scratch folder ``root`` is in: if
    a stop removed it, the write fails instead of leaving a new folder behind."""
    root.mkdir(exist_ok=True)
    for part in parts:
        root = root / part
        root.mkdir(exist_ok=True)


def job_span(compact: pl.DataFrame) -> TimeSpan:
    """First and last start time of the job rows (not rejects) among compact rows."""
    times = compact.filter(~pl.col("_rejected")).get_column("start_time").drop_nulls()
    if times.len() == 0:
        return None
    first, last = times.min(), times.max()
    assert isinstance(first, datetime) and isinstance(last, datetime)
    return first, last


def joined_span(one: TimeSpan, other: TimeSpan) -> TimeSpan:
    """The span covering both (either may be None)."""
    if one is None or other is None:
        return one or other
    return min(one[0], other[0]), max(one[1], other[1])


def vm_bucket(buckets: int) -> pl.Expr:
    """The bucket of each row's VM (same name in any case or padding: same bucket)."""
    if buckets == 1:
        return pl.lit(0, dtype=pl.UInt32).alias(_BUCKET)
    vm = pl.col("vm").str.strip_chars().str.to_lowercase().fill_null("")
    return (vm.hash(seed=0) % buckets).cast(pl.UInt32).alias(_BUCKET)


def _concat(frames: list[pl.DataFrame], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    if not frames:
        return pl.DataFrame(schema=schema)
    return pl.concat(frames, how="vertical").cast(schema)  # type: ignore[arg-type]


def choose_store(total_bytes: int, scratch: Path, limits: Limits = DEFAULT_LIMITS) -> RowStore:
    """In memory for small inputs, bucketed on disk for large ones."""
    if total_bytes < limits.store_large_input_bytes:
        return MemoryStore(limits)
    bucket_bytes = limits.store_bucket_bytes
    if total_bytes >= limits.store_huge_input_bytes:
        bucket_bytes //= 2
    return DiskStore(scratch / "stage", math.ceil(total_bytes / bucket_bytes), limits)
