"""Times in the many layouts exports write them, parsed to UTC as polars expressions.

Each staged time column is tried against ``TIME_FORMATS``, the layouts a sample of the
file matches first (``ranked_layouts``), so every block of a large file reads its times
alike. Canonical ISO-8601 text, which nearly every export uses, is read from its fixed
positions (``add_iso_time``) before any strptime; spreadsheet serial numbers are days from
Excel's epoch.
"""

from __future__ import annotations

import re
from typing import Any

import polars as pl

TimeOrders = dict[str, list[tuple[str, bool]]]

# Time layouts tried on every time column, as (chrono format, carries an offset).
# Order is a tie-break only: ``finish`` puts first the layouts a sample of the file matches.
# Day-first precedes month-first for 24-hour slash dates (en-GB, fr-FR); AM/PM means en-US.
TIME_FORMATS: tuple[tuple[str, bool], ...] = (
    ("%Y-%m-%dT%H:%M:%S%.f%#z", True),
    ("%Y-%m-%dT%H:%M:%S%.f", False),
    ("%Y-%m-%d %H:%M:%S%.f%#z", True),
    ("%Y-%m-%d %H:%M:%S%.f", False),
    ("%Y-%m-%dT%H:%M%#z", True),
    ("%Y-%m-%d %H:%M", False),
    ("%Y-%m-%d", False),
    ("%m/%d/%Y %I:%M:%S%.f %p", False),
    ("%m/%d/%Y, %I:%M:%S%.f %p", False),
    ("%m/%d/%Y %I:%M %p", False),
    ("%d/%m/%Y %H:%M:%S%.f", False),
    ("%m/%d/%Y %H:%M:%S%.f", False),
    ("%d/%m/%Y %H:%M", False),
    ("%m/%d/%Y %H:%M", False),
    ("%d.%m.%Y %H:%M:%S%.f", False),
    ("%d.%m.%Y %H:%M", False),
)

# Canonical ISO-8601 times, the layout nearly every export uses: fixed-width ASCII fields,
# 'T' or a space, an optional 1-9 digit fraction, and an optional 'Z' or +HH:MM offset.
# ``add_iso_time`` reads text in exactly this layout without chrono. Offsets stay under
# 24 h, as chrono requires; seconds stop at 59, so a leap second (which chrono carries into
# the next minute) is left to the strptime layouts, like all other text.
_ISO_TIME = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-5][0-9](?:\.[0-9]{1,9})?"
    r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])?$"
)
# The TIME_FORMATS that ``add_iso_time`` can stand in for, with their date-time separator.
_ISO_SEPARATORS = {
    "%Y-%m-%dT%H:%M:%S%.f%#z": "T",
    "%Y-%m-%dT%H:%M:%S%.f": "T",
    "%Y-%m-%d %H:%M:%S%.f%#z": " ",
    "%Y-%m-%d %H:%M:%S%.f": " ",
}
_ISO_CLOCK_CHARS = 19  # "YYYY-MM-DDTHH:MM:SS"
_MICRO_DIGITS = 6

# Spreadsheet serial dates count days from this epoch (Excel's 1900 date system).
_EXCEL_EPOCH = pl.datetime(1899, 12, 30, time_zone="UTC")


def ranked_layouts(sample: pl.LazyFrame, columns: list[str]) -> TimeOrders:
    """For each column, TIME_FORMATS ranked by how many of its values each reads.

    Every layout of every column is tried in one query: a small file pays one query
    here, not one per layout and column. A layout whose literal characters (``/``,
    ``-``, ``T`` ...) appear in no value of the column cannot read any of them, so its
    misses are the column's values, counted without a strptime: a small file's cost
    was mostly 16 layouts tried on every time column.
    """
    whole = sample.select(pl.lit(0).alias(_GROUP), *columns)
    return ranked_layouts_by(whole, columns, _GROUP).get(0, _unranked(columns))


def ranked_layouts_by(
    sample: pl.LazyFrame, columns: list[str], group: str
) -> dict[Any, TimeOrders]:
    """``ranked_layouts`` of each group of rows (by the value of ``group``), in two queries.

    Each group is ranked exactly as ``ranked_layouts`` ranks it alone; a folder of small
    files pays two queries for all of them instead of two each. A group with no rows
    ranks nothing (TIME_FORMATS in their own order) and is absent from the result.
    """
    rows = sample.select(group, *columns).collect()
    found = rows.group_by(group).agg(
        pl.col(column)
        .str.to_lowercase()
        .str.contains(char, literal=True)
        .any()
        .alias(f"{column} {char}")
        for column in columns
        for char in _LITERALS
    )
    tried = {
        row[group]: {
            (column, i)
            for column in columns
            for i, (fmt, _) in enumerate(TIME_FORMATS)
            if all(row[f"{column} {char}"] for char in _format_literals(fmt))
        }
        for row in found.iter_rows(named=True)
    }
    counted = rows.group_by(group).agg(
        *(
            _misses(pl.col(column), *TIME_FORMATS[i]).alias(f"{column} {i}")
            for column, i in sorted(set().union(*tried.values()))
        ),
        *(pl.col(column).is_not_null().sum().alias(f"{column} values") for column in columns),
    )
    return {
        row[group]: {
            column: _ranked(
                [
                    row[f"{column} {i}" if (column, i) in tried[row[group]] else f"{column} values"]
                    for i in range(len(TIME_FORMATS))
                ]
            )
            for column in columns
        }
        for row in counted.iter_rows(named=True)
    }


def _unranked(columns: list[str]) -> TimeOrders:
    """The ranking of no values: TIME_FORMATS in their own order."""
    return {column: list(TIME_FORMATS) for column in columns}


_GROUP = "_layout_group"


def _format_literals(fmt: str) -> set[str]:
    """The characters a value must hold to be read with ``fmt`` (lower-cased; blanks and
    ``%`` specifiers aside: chrono lets a blank match any run of blanks)."""
    plain = re.sub(r"%[.#]?[a-zA-Z]", "", fmt).replace(" ", "").lower()
    return set(plain)


# Every literal character of TIME_FORMATS, looked for once per column.
_LITERALS = sorted(set().union(*(_format_literals(fmt) for fmt, _ in TIME_FORMATS)))


def _misses(raw: pl.Expr, fmt: str, aware: bool) -> pl.Expr:
    """How many values of ``raw`` the layout does not read."""
    parsed = raw.str.strip_chars().str.to_datetime(
        fmt, strict=False, time_unit="us", time_zone="UTC" if aware else None
    )
    return (raw.is_not_null() & parsed.is_null()).sum()


def _ranked(misses: list[int]) -> list[tuple[str, bool]]:
    """TIME_FORMATS, those with the fewest misses first (in their own order on a tie)."""
    return [TIME_FORMATS[i] for i in sorted(range(len(TIME_FORMATS)), key=misses.__getitem__)]


def parse_with(raw: pl.Expr, fmt: str, aware: bool) -> pl.Expr:
    """Parse text with one layout to a UTC datetime; naive times are taken as UTC."""
    if aware:
        return raw.str.to_datetime(fmt, strict=False, time_unit="us", time_zone="UTC", cache=False)
    naive = raw.str.to_datetime(fmt, strict=False, time_unit="us", cache=False)
    return naive.dt.replace_time_zone("UTC")


def add_parsed_time(
    frame: pl.LazyFrame,
    raw: str,
    out: str,
    formats: list[tuple[str, bool]],
    *,
    excel_serial: bool = False,
) -> pl.LazyFrame:
    """Add ``out``: ``raw`` parsed with the first layout that fits each value.

    The leading layout parses every row; the others only see the rows still unparsed
    (masked to null, which costs nothing), so a file in one layout pays for one parse.
    """
    (first_fmt, first_aware), rest = formats[0], formats[1:]
    value = pl.col(raw)
    separator = _ISO_SEPARATORS.get(first_fmt)
    if separator is not None:
        # An ISO file: the fast reader takes the canonical rows, strptime the rest.
        frame = add_iso_time(frame, raw, out, separator)
        rest = formats
    else:
        frame = frame.with_columns(parse_with(value, first_fmt, first_aware).alias(out))
    left = pl.when(pl.col(out).is_null()).then(value)
    frame = frame.with_columns(left.alias("_left"))
    tried = [parse_with(pl.col("_left"), fmt, aware) for fmt, aware in rest]
    frame = frame.with_columns(pl.coalesce(pl.col(out), *tried).alias(out))
    # Last chance: drop a trailing UTC marker and read spreadsheet serial numbers.
    cleaned = pl.when(pl.col(out).is_null()).then(
        value.str.replace(r"(?i)\s*[\[(]?\s*(utc|gmt)\s*[\])]?$", "")
    )
    frame = frame.with_columns(cleaned.alias("_left"))
    again = [parse_with(pl.col("_left"), fmt, aware) for fmt, aware in formats]
    if excel_serial:
        again.append(_excel_serial(pl.col("_left")))
    return frame.with_columns(pl.coalesce(pl.col(out), *again).alias(out)).drop("_left")


def add_iso_time(frame: pl.LazyFrame, raw: str, out: str, separator: str = "T") -> pl.LazyFrame:
    """Add ``out``: ``raw`` read as canonical ISO-8601 text (``_ISO_TIME``), else null.

    Gives exactly what the ISO layouts of TIME_FORMATS give for such text, for a fraction
    of the cost of chrono's ``%.f%#z``: only "YYYY-MM-DDTHH:MM:SS" goes through strptime,
    in a fixed-width layout that polars reads natively (and that rejects impossible dates);
    the fraction and the offset are cut from places the layout fixes. ``separator`` ('T' or
    ' ') is the one tried first. Each step is a column of its own, so that every text
    operation runs once per row.
    """
    text = pl.col("_iso")
    frame = frame.with_columns(
        pl.when(pl.col(raw).str.contains(_ISO_TIME)).then(pl.col(raw)).alias("_iso")
    )
    frame = frame.with_columns(
        _iso_clock(text, separator).alias("_iso_clock"),
        text.str.ends_with("Z").alias("_iso_z"),
    )
    other_separator = " " if separator == "T" else "T"
    unread = pl.when(pl.col("_iso_clock").is_null()).then(text)
    # Any zone but 'Z' is "+HH:MM" or "-HH:MM", its sign six characters from the end, where
    # canonical text without a zone has a digit, '.' or ':'.
    frame = frame.with_columns(
        pl.coalesce(pl.col("_iso_clock"), _iso_clock(unread, other_separator)).alias("_iso_clock"),
        pl.when(~pl.col("_iso_z")).then(text).str.slice(-6, 1).alias("_iso_sign"),
    )
    zone_chars = pl.when(pl.col("_iso_z")).then(1).when(_has_offset()).then(6).otherwise(0)
    fraction_digits = text.str.len_bytes().cast(pl.Int32) - zone_chars - (_ISO_CLOCK_CHARS + 1)
    frame = frame.with_columns(fraction_digits.alias("_iso_digits"))
    parsed = (
        pl.col("_iso_clock")
        + pl.duration(microseconds=_iso_micros(text, pl.col("_iso_digits")))
        - pl.duration(minutes=_iso_offset_minutes(text))
    )
    return frame.with_columns(parsed.dt.replace_time_zone("UTC").alias(out)).drop(
        "_iso", "_iso_clock", "_iso_z", "_iso_sign", "_iso_digits"
    )


def _iso_clock(text: pl.Expr, separator: str) -> pl.Expr:
    """The naive whole-second time at the start of canonical ISO text."""
    clock = text.str.slice(0, _ISO_CLOCK_CHARS)
    layout = f"%Y-%m-%d{separator}%H:%M:%S"
    return clock.str.to_datetime(layout, strict=False, time_unit="us", cache=False)


def _has_offset() -> pl.Expr:
    return pl.col("_iso_sign").is_in(["+", "-"])


def _iso_micros(text: pl.Expr, digits: pl.Expr) -> pl.Expr:
    """Microseconds of the fraction of seconds that has ``digits`` digits (0 without one).

    Digits past the sixth are dropped, as strptime drops them when it keeps microseconds.
    """
    kept = digits.clip(0, _MICRO_DIGITS)  # ``digits`` is -1 when there is no fraction
    fraction = pl.when(kept > 0).then(text).str.slice(_ISO_CLOCK_CHARS + 1, kept)
    scale = pl.lit(10, pl.Int64).pow(_MICRO_DIGITS - kept)
    return (fraction.cast(pl.Int64, strict=False) * scale).fill_null(0)


def _iso_offset_minutes(text: pl.Expr) -> pl.Expr:
    """Minutes east of UTC of a "+HH:MM" or "-HH:MM" zone (0 for 'Z' or none)."""
    zoned = pl.when(_has_offset()).then(text)
    hours = zoned.str.slice(-5, 2).cast(pl.Int32, strict=False)
    minutes = hours * 60 + zoned.str.slice(-2, 2).cast(pl.Int32, strict=False)
    return pl.when(pl.col("_iso_sign") == "-").then(-minutes).otherwise(minutes).fill_null(0)


def _excel_serial(raw: pl.Expr) -> pl.Expr:
    days = pl.when(raw.str.contains(r"^\d{5}(?:\.\d+)?$")).then(raw.cast(pl.Float64, strict=False))
    micros = (days * 86_400_000_000.0).round(0).cast(pl.Int64, strict=False)
    return _EXCEL_EPOCH + pl.duration(microseconds=micros)
