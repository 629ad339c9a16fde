"""What every ``figures_*`` module starts from: which period a row falls in, counts
per period, rates, the most frequent value per key, and message normalization.

The figures are plain frames (see ``model.Report``); ``build`` puts them together.
"""

from __future__ import annotations

import polars as pl

from analyzer.aggregate import local_day, most_frequent
from analyzer.report.periods import Period

CURRENT = "current"
PREVIOUS = "previous"
IS_CURRENT = pl.col("period") == CURRENT
IS_PREVIOUS = pl.col("period") == PREVIOUS

# Variable parts of an error message, replaced so that messages differing only in ids,
# times or numbers fall into one group. Order matters: ids and times before bare numbers.
MESSAGE_MASKS: tuple[tuple[str, str], ...] = (
    (r"(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>"),
    (r"(?i)/subscriptions/[^\s'\"]+", "<resource>"),
    (r"(?i)\d{4}-\d{2}-\d{2}[t ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?z?", "<time>"),
    (r"(?i)\b0x[0-9a-f]+\b", "<hex>"),
    (r"'[^']*'", "'…'"),
    (r"\"[^\"]*\"", '"…"'),
    (r"\d+", "<n>"),
    (r"\s+", " "),
)


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


def masked_message(message: pl.Expr) -> pl.Expr:
    """A message with ids, times, numbers and quoted names masked, whitespace collapsed."""
    masked = message.fill_null("")
    for pattern, replacement in MESSAGE_MASKS:
        masked = masked.str.replace_all(pattern, replacement)
    return masked.str.strip_chars()
