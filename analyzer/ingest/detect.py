"""Recognise an input by its content and hand it to the reader for its container.

Containers are told apart by their bytes (a ZIP signature means a workbook, ``PAR1``
Parquet, a leading ``[`` or ``{`` means JSON, anything else is delimited text); the shape within a
container is recognised from header keys or JSON keys, never from the file name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import chain

import polars as pl

from analyzer.errors import InputError
from analyzer.ingest.csv_reader import CsvHead, read_table, sniff_heads
from analyzer.ingest.headers import Columns, header_keys
from analyzer.ingest.json_shapes import looks_like_json, read_json
from analyzer.ingest.model import SourceRead, StagedBlock, TableFamily, stage_table
from analyzer.ingest.normalize import StageInfo, time_orders
from analyzer.ingest.parquet_reader import read_parquet
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
        if local.is_parquet:
            return [read_parquet(local)]
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
    head, family = recognise(local.name, sniff_heads(local.name, local.path))
    table = read_table(local.name, local.path, head, local.limits)
    columns = Columns(table.keys)
    info = StageInfo(local.name, family.shape_id("csv"), family.duration_unit)

    def stage(raw: pl.LazyFrame) -> pl.LazyFrame:
        return stage_table(raw, family, columns)

    if table.exact is None:  # a small file, read whole by the exact reader
        return SourceRead.small(stage(table.sample()).collect(), info, table.warnings)
    exact = table.exact

    def blocks() -> Iterator[StagedBlock]:
        # The first records choose the time layouts for the whole file, not each block.
        yield from _staged(table.blocks(), table.sample(), stage)

    def exact_blocks() -> Iterator[StagedBlock]:
        raws = exact()
        first = next(raws)  # the exact reader yields a frame even for no rows
        yield from _staged(chain([first], raws), first, stage)

    # Blocks are cut, counted and planned in a worker thread, one ahead of their parsing;
    # wide rows are parsed batch by batch (``model.Deferred``).
    return SourceRead.streamed(
        info, blocks, table.warnings, fallback=exact_blocks, deferred=table.wide
    )


def _staged(
    raws: Iterator[pl.LazyFrame],
    sample: pl.LazyFrame,
    stage: Callable[[pl.LazyFrame], pl.LazyFrame],
) -> Iterator[StagedBlock]:
    """Each block staged, all with the time layouts that ``sample`` ranks."""
    orders = time_orders(stage(sample))
    for raw in raws:
        yield stage(raw), orders


def recognise(name: str, heads: list[CsvHead]) -> tuple[CsvHead, TableFamily]:
    """The first candidate header reading whose keys make a known table family."""
    for head in heads:
        family = detect_family(Columns(header_keys(head.headers)))
        if family is not None:
            return head, family
    raise unknown_shape(name, heads[0].headers)
