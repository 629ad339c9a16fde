"""Row order of a table: ``--sort COLUMN[,COLUMN]`` and ``--top N``.

A sort key is a column name, optionally with ``:asc`` or ``:desc``. Without one, numbers
and times sort high to low (the worst or the latest first) and text A to Z; empty values
go last either way, and ties keep the table's own order, so the result is stable. Column
names are checked against the table's columns (``analyzer.columns``) before any input is
read, so a typo is a usage error that lists what the table has.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from analyzer.columns import BY_NAME
from analyzer.errors import UsageError

_DIRECTIONS = {"asc": False, "desc": True}


@dataclass(frozen=True)
class SortKey:
    """One column to sort by; ``descending`` None means by its type's default."""

    column: str
    descending: bool | None = None


def parse_sort(spec: str, table: str) -> list[SortKey]:
    """``--sort`` as keys, checked against the columns of ``table`` (a ``columns`` name)."""
    names = BY_NAME[table].names
    keys = []
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        column, _, direction = part.partition(":")
        if column not in names:
            raise UsageError(
                f"--sort: '{column}' is not a column of {table} (its columns: {', '.join(names)})"
            )
        if direction and direction not in _DIRECTIONS:
            raise UsageError(f"--sort: '{part}': the direction is asc or desc")
        keys.append(SortKey(column, _DIRECTIONS.get(direction) if direction else None))
    if not keys:
        raise UsageError("--sort: name at least one column, e.g. --sort current_streak,failed")
    return keys


def ordered(frame: pl.DataFrame, keys: list[SortKey], top: int | None = None) -> pl.DataFrame:
    """``frame`` sorted by ``keys`` (stable, empty values last), then its first ``top`` rows."""
    present = [key for key in keys if key.column in frame.columns]
    if present:
        frame = frame.sort(
            [key.column for key in present],
            descending=[_descending(key, frame.schema[key.column]) for key in present],
            nulls_last=True,
            maintain_order=True,
        )
    return frame.head(top) if top is not None else frame


def _descending(key: SortKey, dtype: pl.DataType) -> bool:
    if key.descending is not None:
        return key.descending
    return dtype.is_numeric() or dtype.is_temporal()
