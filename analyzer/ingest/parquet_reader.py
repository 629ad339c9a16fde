"""Parquet inputs: a job table saved as Parquet, bjla's own ``failures -f parquet`` above all.

A Parquet file is a typed table, so it is read as a table export is: its column names
are folded to header keys and recognised as a ``TableFamily``, and its values are turned
into the text the family's staging columns take (times as ISO-8601 UTC), so they are
parsed exactly as the same table written as CSV. The file is read in slices of
``Limits.json_block_items`` rows, so memory follows the slice, not the file.

A file that is not readable Parquet (cut off, damaged footer) is one error naming it;
damage found later, in a slice, is reported by ``gather`` the same way.
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from analyzer.errors import InputError
from analyzer.ingest.headers import Columns, header_keys
from analyzer.ingest.model import PRE_REJECT, ROW, SourceRead, StagedBlock, stage_table
from analyzer.ingest.normalize import StageInfo, time_orders
from analyzer.ingest.registry import unknown_shape
from analyzer.ingest.table_shapes import detect_family
from analyzer.ingest.times import TimeOrders
from analyzer.inputs import LocalFile

CONTAINER = "parquet"
_ISO_UTC = "%Y-%m-%dT%H:%M:%S%.fZ"


def read_parquet(local: LocalFile) -> SourceRead:
    """The job table of a Parquet file, read slice by slice."""
    try:
        schema = pl.read_parquet_schema(local.path)
        rows = pl.scan_parquet(local.path).select(pl.len()).collect().item()
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise InputError(
            local.name,
            f"not a readable Parquet file ({_first_line(exc)})",
            "re-copy or re-export it",
        ) from None
    names = list(schema)
    keys = header_keys(names)
    columns = Columns(keys)
    family = detect_family(columns)
    if family is None or CONTAINER not in family.containers:
        raise unknown_shape(local.name, names)
    info = StageInfo(local.name, family.shape_id(CONTAINER), family.duration_unit)
    text = _as_text(schema, dict(zip(names, keys, strict=True)))
    block = local.limits.json_block_items

    def blocks() -> Iterator[StagedBlock]:
        orders: TimeOrders | None = None
        for offset in range(0, max(rows, 1), block):
            raw = pl.scan_parquet(local.path).slice(offset, block).with_row_index(ROW, offset + 1)
            staged = stage_table(raw.select(ROW, *text), family, columns)
            orders = orders if orders is not None else time_orders(staged)
            yield staged, orders

    return SourceRead.streamed(info, blocks, [])


def _as_text(schema: dict[str, pl.DataType], keys: dict[str, str]) -> list[pl.Expr]:
    """Each column as the text a CSV export would hold, named by its header key."""
    exprs = [pl.lit(None, dtype=pl.String).alias(PRE_REJECT)]
    for name, dtype in schema.items():
        column = pl.col(name)
        if isinstance(dtype, pl.Datetime):
            zoned = column.dt.convert_time_zone("UTC") if dtype.time_zone else column
            value = zoned.dt.strftime(_ISO_UTC)
        elif isinstance(dtype, pl.List):
            value = column.cast(pl.List(pl.String)).list.join("; ")
        elif isinstance(dtype, pl.Struct | pl.Array | pl.Object):
            value = pl.lit(None, dtype=pl.String)  # nothing a job table column holds
        else:
            value = column.cast(pl.String)
        exprs.append(value.alias(keys[name]))
    return exprs


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
