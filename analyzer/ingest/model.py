"""The ingest stage's interface: what one read yields, and what a table shape is.

A *table shape* (a family of exports that arrive as rows and columns: CSV text or a
spreadsheet sheet) is one ``TableFamily`` entry: how to recognise it from its header keys
and which staging column each of its columns feeds. Containers (CSV, XLSX) are handled
once, by their readers; so adding a table shape is adding one entry to
``table_shapes.FAMILIES``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import polars as pl

from analyzer.ingest.headers import Columns
from analyzer.ingest.normalize import DurationUnit, StageInfo, finish, time_orders, time_orders_by
from analyzer.ingest.prefetch import prefetched
from analyzer.ingest.times import TimeOrders

# Column names every container reader adds next to the header keys.
ROW = "__row"  # 1-based data row (or JSON item / NDJSON line) number
PRE_REJECT = "__pre_reject"  # reason found by the reader itself (ragged row, bad JSON)


# Yields a table's rows as consecutive lazy frames, each small enough to collect.
Blocks = Callable[[], Iterator[pl.LazyFrame]]
# A reader's block of staged rows (``normalize.STAGE_SCHEMA``) with the time layouts to
# parse them with (None: ranked from the block's own first rows).
StagedBlock = tuple[pl.LazyFrame, TimeOrders | None]
StagedBlocks = Callable[[], Iterator[StagedBlock]]


def parse(staged: pl.LazyFrame, info: StageInfo, orders: TimeOrders | None = None) -> pl.LazyFrame:
    """The one place rows are parsed: staged text columns into exactly INGESTED_SCHEMA.

    Readers only read and stage (``stage_table``); every SourceRead, and ``gather`` for
    small tables parsed together, parses through here (``normalize.finish``).
    """
    return finish(staged, info, orders)


def _parsed(blocks: Iterator[StagedBlock], info: StageInfo) -> Iterator[pl.LazyFrame]:
    for staged, orders in blocks:
        yield parse(staged, info, orders)


@dataclass
class Staged:
    """A small table's staged rows, with what ``normalize.finish`` needs to parse them.

    The per-row cost of parsing is small; the fixed cost of one polars query over the
    large parsing graph is not. Tables with the same ``kind`` are parsed alike, so their
    rows can be joined (each row naming its input) and parsed in one query. The time
    layouts are ranked when first needed, or with other tables' (``rank_together``).
    """

    rows: pl.DataFrame  # staging columns (``normalize.STAGE_SCHEMA``)
    info: StageInfo
    orders: TimeOrders | None = None  # None: not ranked yet

    def ranked(self) -> TimeOrders:
        """The table's time layouts (``normalize.time_orders`` of its rows)."""
        if self.orders is None:
            self.orders = time_orders(self.rows.lazy())
        return self.orders

    @property
    def kind(self) -> tuple[object, ...]:
        """Tables of equal kind give the same records whether parsed apart or together."""
        layouts = tuple((raw, tuple(formats)) for raw, formats in sorted(self.ranked().items()))
        return (self.info.shape, self.info.duration_unit, self.info.excel_serial, layouts)


_TABLE = "__table"  # a row's table, while tables are ranked together


def rank_together(reads: Sequence[SourceRead]) -> None:
    """Rank the time layouts of the small tables among ``reads`` not ranked yet, in one query.

    Each table gets what ranking it alone gives (``normalize.time_orders_by``): a folder
    of small files pays one ranking query per batch instead of one per file.
    """
    pending = [r.staged for r in reads if r.staged is not None and r.staged.orders is None]
    if len(pending) < 2:
        return
    joined = pl.concat(
        [
            staged.rows.lazy().with_columns(pl.lit(at, pl.Int32).alias(_TABLE))
            for at, staged in enumerate(pending)
        ],
        how="diagonal_relaxed",
    )
    orders = time_orders_by(joined, _TABLE)
    for at, staged in enumerate(pending):
        staged.orders = orders.get(at)  # a table without rows ranks when needed


@dataclass
class SourceRead:
    """One job table read from an input (an XLSX file may give several).

    The rows come in ``blocks``: one frame for most inputs, consecutive slices of the
    file for a large CSV, so memory follows the block size rather than the file size.
    Each block has exactly INGESTED_SCHEMA, in order. Reading the blocks may add to
    ``warnings`` (e.g. a file cut off in its last row), so read them first.
    """

    name: str  # LocalFile.name
    shape: str  # shape id, a key of KNOWN_SHAPES
    blocks: Blocks
    warnings: list[str] = field(default_factory=list)
    # The same rows from a slower reader that takes what polars gives up on (a stray
    # quote in a large CSV): read instead when reading ``blocks`` fails.
    fallback: Blocks | None = None
    # A small table's staged rows, which may be finished together with other small
    # tables of the same kind instead of through ``blocks`` (see ``Staged``).
    staged: Staged | None = None
    # Records skipped as not this table's (another category of a diagnostic archive), by
    # what they are: no row of the table, but counted among the rows read. Complete once
    # the blocks are read.
    other_categories: Counter[str] = field(default_factory=Counter)

    @classmethod
    def whole(
        cls, name: str, info: StageInfo, staged: pl.LazyFrame, warnings: list[str]
    ) -> SourceRead:
        """A table whose staged rows arrive as one frame."""
        frame = parse(staged, info)
        return cls(name, info.shape, lambda: iter([frame]), warnings)

    @classmethod
    def streamed(
        cls,
        info: StageInfo,
        staged: StagedBlocks,
        warnings: list[str],
        fallback: StagedBlocks | None = None,
    ) -> SourceRead:
        """A table read block by block; each block is staged, parsed and planned in a
        worker thread one ahead of the consumer (``prefetch``)."""
        slow = None if fallback is None else lambda: prefetched(_parsed(fallback(), info))
        return cls(
            info.source,
            info.shape,
            lambda: prefetched(_parsed(staged(), info)),
            warnings,
            fallback=slow,
        )

    @classmethod
    def small(
        cls,
        rows: pl.DataFrame,
        info: StageInfo,
        warnings: list[str],
        orders: TimeOrders | None = None,
    ) -> SourceRead:
        """A small table, staged: parsed alone (``blocks``) or with others of its kind.

        ``orders``: its ``time_orders`` if known (else ranked when first needed).
        """
        staged = Staged(rows, info, orders)
        # Planned only when read alone: the graph costs more to build than small rows to parse.
        return cls(
            info.source,
            info.shape,
            lambda: iter([parse(rows.lazy(), info, staged.ranked())]),
            warnings,
            staged=staged,
        )

    @property
    def frame(self) -> pl.LazyFrame:
        """All blocks as one frame (collecting it reads the whole table)."""
        return pl.concat(list(self.blocks()), how="vertical")


@dataclass(frozen=True)
class TableFamily:
    """A tabular export: how to recognise it and how its columns map to staging columns.

    ``fields`` returns staging-column expressions over the header keys (see
    ``normalize.STAGE_SCHEMA``); it may also return ``pre_reject`` for rows that are
    readable but are not job records (e.g. another Log Analytics record type).
    """

    family: str
    description: str
    detect: Callable[[Columns], bool]
    fields: Callable[[Columns], dict[str, pl.Expr]]
    duration_unit: DurationUnit = "text"
    containers: tuple[str, ...] = ("csv", "xlsx")

    def shape_id(self, container: str) -> str:
        """The shape id of this family read from ``container`` ("csv" or "xlsx")."""
        return f"{self.family}-{container}"


def stage_table(
    frame: pl.LazyFrame, family: TableFamily, columns: Columns, keep: tuple[str, ...] = ()
) -> pl.LazyFrame:
    """Map a container's keyed text columns onto the staging columns of ``family``.

    Rows with no value in any column the family reads (blank lines, separator-only
    rows) are dropped here: they hold nothing to report. Checking only the columns read
    keeps the scan pruned to them. The columns in ``keep`` pass through, last.
    """
    fields = family.fields(columns)
    own_reject = fields.pop("pre_reject", pl.lit(None, dtype=pl.String))
    staged = frame.select(
        pl.col(ROW).cast(pl.Int64).alias("source_row"),
        pl.coalesce(pl.col(PRE_REJECT), own_reject).alias("pre_reject"),
        *(expr.alias(name) for name, expr in fields.items()),
        *keep,
    )
    # A quoted empty field reads as "" on the lazy path and as null on the exact one.
    return staged.filter(
        pl.any_horizontal(pl.col(name).str.len_bytes() > 0 for name in ["pre_reject", *fields])
    )
