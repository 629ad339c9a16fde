"""``bjla history add``: read job-history exports and keep their job records in a store.

Every input is read the way ``analyze`` reads it (shape by content, the same rejects);
its good rows are merged into the store a million at a time, block by block (a large CSV
is read in slices), so memory follows the block size, not the input's. Rows are accounted
as they are in a run: rows read = records kept + duplicates merged (within the input or
with the store) + rejected + records of other diagnostic-archive categories (skipped).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from analyzer import history
from analyzer.errors import InputError
from analyzer.ingest import read_source
from analyzer.ingest.detect import polars_failure
from analyzer.ingest.model import SourceRead
from analyzer.inputs import Workspace, expand_inputs, materialize
from analyzer.jobs import JOB_COLUMNS
from analyzer.limits import DEFAULT_LIMITS, Limits
from analyzer.stopping import scratch_folder

FLUSH_ROWS = 500_000  # good rows held before they are merged into the store
TAKE_ROWS = 200_000  # rows of an export streamed out at a time


@dataclass
class HistoryAdd:
    """What one ``history add`` read and what the store gained."""

    store: Path
    rows_read: int = 0
    rejected: int = 0
    # Diagnostic-archive records of other categories, by category: read, counted, not kept.
    other_categories: Counter[str] = field(default_factory=Counter)
    records_before: int = 0
    records_after: int = 0
    days_changed: int = 0
    sources: list[tuple[str, str, int]] = field(default_factory=list)  # name, shape, rows
    reject_lines: list[str] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def merged(self) -> int:
        """Good rows that were already in the store (or repeated within the inputs)."""
        new = self.records_after - self.records_before
        return self.rows_read - self.rejected - self.skipped - new

    @property
    def skipped(self) -> int:
        """Records read that are not job records (other diagnostic-archive categories)."""
        return sum(self.other_categories.values())

    def summary(self) -> str:
        skipped = f" + {self.skipped:,} records of other categories skipped" if self.skipped else ""
        return (
            f"{self.rows_read:,} rows read = {self.records_after - self.records_before:,} new"
            f" job records + {self.merged:,} already kept or merged + {self.rejected:,} rejected"
            f"{skipped}; {self.store} holds {self.records_after:,} job records"
            f" ({self.days_changed:,} day file(s) written)"
        )


def add_inputs(
    specs: Sequence[str],
    store: Path,
    *,
    encoding: str = "auto",
    limits: Limits = DEFAULT_LIMITS,
    progress: Callable[[str], None] = lambda _: None,
) -> HistoryAdd:
    """Read every input in ``specs`` and merge its job records into ``store``."""
    report = HistoryAdd(store, records_before=history.read_manifest(store).total())
    report.records_after = report.records_before
    inputs, report.errors = expand_inputs(specs)
    pending = _Pending(report)
    with scratch_folder() as tmp:
        ws = Workspace(tmp)
        for n, item in enumerate(inputs, 1):
            progress(f"reading {item.name} ({n}/{len(inputs)})")
            try:
                local = materialize(item, ws, encoding, None, limits)
                for table in read_source(local):
                    _take_table(pending, table)
                report.warnings += local.warnings
            except InputError as exc:
                if not item.walked:
                    report.errors.append(exc)
                else:
                    report.warnings.append(f"{item.name}: skipped ({exc.reason})")
        pending.flush()
    return report


def _take_table(pending: _Pending, table: SourceRead) -> None:
    """Every row of one table, block by block (a large CSV comes in slices, so memory
    follows the block size); the slower reader's rows when polars gives up on the file."""
    mark = pending.mark()
    try:
        for block in table.blocks():
            # A large CSV is one lazy scan: streamed out in chunks, never held whole.
            for chunk in block.collect_batches(chunk_size=TAKE_ROWS, engine="streaming"):
                pending.take(chunk)
    except pl.exceptions.PolarsError as exc:
        if table.fallback is None:
            raise polars_failure(table.name, exc) from None
        # Blocks taken before the failure are counted again from the fallback; any already
        # merged into the store merge with themselves (a job id is kept once).
        pending.rollback(mark)
        for block in table.fallback():
            pending.take(block.collect())
    # Complete once the blocks are read; these records are no rows of the table.
    skipped = sum(table.other_categories.values())
    pending.report.other_categories.update(table.other_categories)
    pending.report.rows_read += skipped
    pending.report.sources.append((table.name, table.shape, pending.report.rows_read - mark.rows))


@dataclass(frozen=True)
class _Mark:
    """Where the counts stood before a table, to take it again from its fallback."""

    rows: int
    rejected: int
    reject_lines: int
    frames: int
    flushes: int


@dataclass
class _Pending:
    """Good rows gathered across inputs and merged into the store in few, large adds.

    Each add rewrites the day files it touches: adding nine small exports of the same
    three weeks one by one would write each day nine times.
    """

    report: HistoryAdd
    frames: list[pl.DataFrame] = field(default_factory=list)
    rows: int = 0
    flushes: int = 0

    def mark(self) -> _Mark:
        report = self.report
        return _Mark(
            report.rows_read,
            report.rejected,
            len(report.reject_lines),
            len(self.frames),
            self.flushes,
        )

    def rollback(self, mark: _Mark) -> None:
        """Forget what was taken since ``mark`` (rows merged into the store stay there)."""
        report = self.report
        report.rows_read, report.rejected = mark.rows, mark.rejected
        del report.reject_lines[mark.reject_lines :]
        # After a flush every pending frame came from the table being taken again.
        self.frames = self.frames[: mark.frames] if self.flushes == mark.flushes else []
        self.rows = sum(frame.height for frame in self.frames)

    def take(self, rows: pl.DataFrame) -> None:
        report = self.report
        rejects = rows.filter(pl.col("reject_reason").is_not_null())
        report.rows_read += rows.height
        report.rejected += rejects.height
        report.reject_lines += [
            f"{source} row {row}: {reason}"
            for source, row, reason in rejects.select("source", "source_row", "reject_reason")
            .head(20)
            .iter_rows()
        ]
        self.frames.append(rows.filter(pl.col("reject_reason").is_null()).select(JOB_COLUMNS))
        self.rows += self.frames[-1].height
        if self.rows >= FLUSH_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.frames:
            return
        result = history.add(self.report.store, pl.concat(self.frames, how="vertical"))
        self.frames, self.rows = [], 0
        self.flushes += 1
        self.report.records_after = result.records_after
        self.report.days_changed += result.days_changed
