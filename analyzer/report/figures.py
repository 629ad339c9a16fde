"""What every ``figures_*`` module starts from: which period a row falls in, counts
per period, rates, the most frequent value per key, and message normalization.

The figures are plain frames (see ``model.Report``); ``build`` puts them together.
"""

from __future__ import annotations

import polars as pl

from analyzer.aggregate import local_day, most_frequent
from analyzer.catalogue.model import Catalogue
from analyzer.report.periods import Period
from analyzer.templates import masked

CURRENT = "current"
PREVIOUS = "previous"
IS_CURRENT = pl.col("period") == CURRENT
IS_PREVIOUS = pl.col("period") == PREVIOUS


def period_of(day: pl.Expr, period: Period) -> pl.Expr:
    """``current``, ``previous`` or null for a local calendar day."""
    return (
        pl.when((day >= period.start) & (day < period.end))
        .then(pl.lit(CURRENT))
        .when((day >= period.previous_start) & (day < period.start))
        .then(pl.lit(PREVIOUS))
        .otherwise(pl.lit(None, pl.String))
        .alias("period")
    )


def tag_failures(failures: pl.DataFrame, period: Period) -> pl.DataFrame:
    """Failures in either period, with their local ``day`` and ``period``."""
    return (
        failures.with_columns(local_day(period.tz))
        .with_columns(period_of(pl.col("day"), period))
        .filter(pl.col("period").is_not_null())
    )


def tag_days(vm_days: pl.DataFrame, period: Period) -> pl.DataFrame:
    """Per-VM day rows in either period, with ``period``."""
    return vm_days.with_columns(period_of(pl.col("day"), period)).filter(
        pl.col("period").is_not_null()
    )


def split_counts(frame: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Rows per key in the chosen (``current``) and the ``previous`` period, and the change."""
    return (
        frame.group_by(keys)
        .agg(
            IS_CURRENT.sum().cast(pl.Int64).alias(CURRENT),
            IS_PREVIOUS.sum().cast(pl.Int64).alias(PREVIOUS),
        )
        .with_columns((pl.col(CURRENT) - pl.col(PREVIOUS)).alias("change"))
    )


def top_value(frame: pl.DataFrame, key: str, column: str, name: str) -> pl.DataFrame:
    """The most frequent non-null ``column`` per ``key`` as ``name`` (ties: alphabetical)."""
    values = frame.lazy().filter(pl.col(column).is_not_null())
    return most_frequent(values, [key], column, name).select(key, name).collect()


def masked_message(cat: Catalogue, message: pl.Expr) -> pl.Expr:
    """A message with the catalogue's masks applied (``patterns/masks.toml``, the ones
    ``bjla templates`` uses: ids, times, paths, numbers, quoted names), on one line."""
    return masked(cat, message.fill_null("")).str.replace_all(r"\s+", " ").str.strip_chars()
