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
from functools import partial

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


@dataclass(frozen=True)
class Deferred:
    """A block whose parse is deferred to each batch the row store takes of it.

    Polars' CSV scan hands over morsels of about 1,000 rows of a wide export (the
    45-column Log Analytics one), and every morsel pays the large parsing graph's fixed
    cost. Streaming ``staged`` (the scan and a few column picks) in batches of 100k rows
    and parsing each batch alone costs a quarter less CPU there; on 12 columns (morsels
    five times larger) it gains nothing, so only wide files take it.
    """

    staged: pl.LazyFrame  # normalize.STAGE_SCHEMA
    finish: Callable[[pl.LazyFrame], pl.LazyFrame]  # staged rows -> INGESTED_SCHEMA

    @property
    def frame(self) -> pl.LazyFrame:
        """The block in one plan (INGESTED_SCHEMA), as ``SourceRead.blocks`` yields it."""
        return self.finish(self.staged)


def _deferred(blocks: Iterator[StagedBlock], info: StageInfo) -> Iterator[Deferred]:
    for staged, orders in blocks:
        yield Deferred(staged, partial(parse, info=info, orders=orders))


# What the row store takes: blocks of INGESTED_SCHEMA rows, or blocks parsed batch by batch.
StoreBlock = pl.LazyFrame | Deferred


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
    # The same rows as ``blocks`` for the row store, parsed batch by batch (``Deferred``).
    deferred: Callable[[], Iterator[Deferred]] | None = None

    def store_blocks(self) -> Iterator[StoreBlock]:
        """The blocks the row store takes: ``deferred`` when there is one, else ``blocks``."""
        return self.deferred() if self.deferred is not None else self.blocks()

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
        *,
        deferred: bool = False,
    ) -> SourceRead:
        """A table read block by block; each block is staged, parsed and planned in a
        worker thread one ahead of the consumer (``prefetch``). ``deferred``: the row
        store parses each batch of a block alone (``Deferred``)."""
        slow = None if fallback is None else lambda: prefetched(_parsed(fallback(), info))
        return cls(
            info.source,
            info.shape,
            lambda: prefetched(_parsed(staged(), info)),
            warnings,
            fallback=slow,
            deferred=(lambda: prefetched(_deferred(staged(), info))) if deferred else None,
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
