"""Recognise an input by its content and hand it to the reader for its container.

Containers are told apart by their bytes (a ZIP signature means a workbook, a leading
``[`` or ``{`` means JSON, anything else is delimited text); the shape within a
container is recognised from header keys or JSON keys, never from the file name.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain

import polars as pl

from analyzer.errors import InputError
from analyzer.ingest.csv_reader import CsvHead, CsvTable, read_table, sniff_heads
from analyzer.ingest.headers import Columns, header_keys
from analyzer.ingest.json_shapes import looks_like_json, read_json
from analyzer.ingest.model import Blocks, SourceRead, TableFamily, stage_table
from analyzer.ingest.normalize import StageInfo, TimeOrders, finish, time_orders
from analyzer.ingest.prefetch import prefetched
from analyzer.ingest.registry import unknown_shape
from analyzer.ingest.table_shapes import detect_family
from analyzer.ingest.xlsx_shapes import read_workbook
from analyzer.inputs import LocalFile

_HEAD_CHARS = 256


def read_source(local: LocalFile) -> list[SourceRead]:
    """Every job table in ``local``, each as a lazy frame of ``INGESTED_SCHEMA``.

    Raises ``UnknownShapeError`` when the content matches no known export, and
    ``InputError`` when the file cannot be read at all (empty, damaged).
    """
    try:
        if local.is_zip:
            return read_workbook(local)
        with local.path.open("r", encoding="utf-8", errors="replace") as fh:
            head = fh.read(_HEAD_CHARS)
        if looks_like_json(head):
            return [read_json(local)]
        return [read_csv(local)]
    except pl.exceptions.PolarsError as exc:
        raise polars_failure(local.name, exc) from None


def polars_failure(name: str, exc: Exception) -> InputError:
    """A user-facing error for a file polars could not parse (e.g. a stray quote)."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return InputError(
        name, f"the file is not well-formed CSV/JSON ({first})", "re-export it, or fix the quoting"
    )


def read_csv(local: LocalFile) -> SourceRead:
    """A delimited-text export (any separator bjla sniffs) as one job table."""
    head, family = _recognise(local.name, sniff_heads(local.name, local.path))
    table = read_table(local.name, local.path, head)
    columns = Columns(table.keys)
    shape = family.shape_id("csv")
    info = StageInfo(local.name, shape, family.duration_unit)

    if table.exact is None:
        return _small_csv(table, family, info)

    def finished(raws: Iterator[pl.LazyFrame], orders: TimeOrders) -> Iterator[pl.LazyFrame]:
        for raw in raws:
            yield finish(stage_table(raw, family, columns), info, orders)

    def blocks() -> Iterator[pl.LazyFrame]:
        # The first records choose the time layouts for the whole file, not each block.
        orders = time_orders(stage_table(table.sample(), family, columns))
        yield from finished(table.blocks(), orders)

    def exact_blocks(exact: Blocks) -> Blocks:
        def read() -> Iterator[pl.LazyFrame]:
            raws = exact()
            first = next(raws)  # the exact reader yields a frame even for no rows
            orders = time_orders(stage_table(first, family, columns))
            yield from finished(chain([first], raws), orders)

        return lambda: prefetched(read())

    # Blocks (of a file read in blocks) are cut, counted and planned in a worker thread,
    # one ahead of their parsing.
    return SourceRead(
        local.name,
        shape,
        lambda: prefetched(blocks()),
        table.warnings,
        fallback=exact_blocks(table.exact),
    )


def _small_csv(table: CsvTable, family: TableFamily, info: StageInfo) -> SourceRead:
    """A file the exact reader read whole: staged now, so it can join others of its kind."""
    rows = stage_table(table.sample(), family, Columns(table.keys)).collect()
    return SourceRead.small(rows, info, table.warnings)


def _recognise(name: str, heads: list[CsvHead]) -> tuple[CsvHead, TableFamily]:
    for head in heads:
        family = detect_family(Columns(header_keys(head.headers)))
        if family is not None:
            return head, family
    raise unknown_shape(name, heads[0].headers)
