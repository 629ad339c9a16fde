"""Shared polars expressions turning staged text columns into canonical job records.

Every shape reader first maps its input onto the *staging* columns (``STAGE_SCHEMA``:
plain text, as exported). ``finish`` then does the parsing once for all shapes: statuses,
operations, times (many layouts, all to UTC), durations (ISO-8601, .NET TimeSpan, Python
timedelta, seconds, hours), error codes and numbers, and the reject reason of every row.
Everything here is a vectorized expression, so a lazy input stays lazy. This is the hot
path of large exports, so the common cases take cheaper routes to the same result: e.g.
canonical ISO-8601 times are read from fixed positions before strptime (``times``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import polars as pl

from analyzer.ingest.times import (
    TimeOrders,
    add_parsed_time,
    ranked_layouts,
    ranked_layouts_by,
)
from analyzer.schema import INGESTED_SCHEMA, STATUSES

DurationUnit = Literal["text", "seconds", "hours"]

# The text columns every shape reader produces (``source_row`` is the only number).
STAGE_SCHEMA: dict[str, pl.DataType] = {
    "source_row": pl.Int64(),
    "vm": pl.String(),
    "vm_id": pl.String(),
    "resource_group": pl.String(),
    "subscription": pl.String(),
    "vault": pl.String(),
    "operation": pl.String(),
    "status": pl.String(),
    "start": pl.String(),
    "end": pl.String(),
    "duration": pl.String(),
    "job_id": pl.String(),
    "error_code": pl.String(),
    "error_number": pl.String(),
    "error_message": pl.String(),
    "recorded": pl.String(),
    "pre_reject": pl.String(),  # a reason found while reading (ragged row, bad JSON, ...)
}

_TEXT_COLUMNS = [name for name, dtype in STAGE_SCHEMA.items() if dtype == pl.String()]
# A staged frame that joins the rows of several small inputs names each row's input here;
# otherwise ``StageInfo.source`` names the one input of all its rows.
ROW_SOURCE = "source"

# Status words as exported (folded: lower case, no spaces/dashes/underscores) -> canonical.
# Swedish words cover portal exports made in a Swedish UI.
STATUS_WORDS: dict[str, str] = {
    "completed": "Completed",
    "succeeded": "Completed",
    "success": "Completed",
    "successful": "Completed",
    "completedwithinformation": "Completed",
    "slutförd": "Completed",
    "slutfört": "Completed",
    "lyckades": "Completed",
    "completedwithwarnings": "CompletedWithWarnings",
    "completedwithwarning": "CompletedWithWarnings",
    "slutfördmedvarningar": "CompletedWithWarnings",
    "failed": "Failed",
    "failure": "Failed",
    "misslyckades": "Failed",
    "misslyckad": "Failed",
    "misslyckat": "Failed",
    "inprogress": "InProgress",
    "running": "InProgress",
    "started": "InProgress",
    "pågår": "InProgress",
    "cancelled": "Cancelled",
    "canceled": "Cancelled",
    "avbruten": "Cancelled",
    "avbrutet": "Cancelled",
    "avbrutits": "Cancelled",
    "cancelling": "Cancelling",
    "canceling": "Cancelling",
    "avbryts": "Cancelling",
}

# Operation words (folded: lower case, letters only) -> canonical; others are kept as exported.
OPERATION_WORDS: dict[str, str] = {
    "backup": "Backup",
    "scheduledbackup": "Backup",
    "adhocbackup": "Backup",
    "ondemandbackup": "Backup",
    "backupondemand": "Backup",
    "säkerhetskopiering": "Backup",
    "restore": "Restore",
    "recovery": "Restore",
    "återställning": "Restore",
    "crossregionrestore": "CrossRegionRestore",
    "configurebackup": "ConfigureBackup",
    "disablebackup": "DisableBackup",
    "deletebackupdata": "DeleteBackupData",
    "register": "Register",
    "unregister": "UnRegister",
    "undelete": "Undelete",
}

# Values of a failure-code column that mean "no failure".
NO_CODE_WORDS = ("", "success", "none", "null", "na", "nan", "0")
# Non-empty lower-case text whose letters and digits spell a NO_CODE_WORDS word, or that
# has none at all (other characters may stand anywhere). One regex test gives what deleting
# those characters and looking the rest up gives, at a fraction of the cost; as it cannot
# match empty text, the regex engine rejects empty codes (see ``_add_errors``) unread.
_NOT_ALNUM = "[^a-z0-9]"
_NO_CODE_TEXT = (
    f"^{_NOT_ALNUM}*(?:"
    + "|".join(f"{_NOT_ALNUM}*".join(word) for word in NO_CODE_WORDS if word)
    + f"|{_NOT_ALNUM})"
    + f"{_NOT_ALNUM}*$"
)
# How exports usually spell "no failure" (Log Analytics "Success", PowerShell 0): exact
# values that fold into NO_CODE_WORDS, taken without folding.
USUAL_NO_CODES = ("Success", "0")

_ISO_DURATION = (
    r"^P(?:(?P<d>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?$"
)
# .NET TimeSpan ``[d.]hh:mm:ss[.fffffff]`` and Python timedelta ``[N day[s], ]H:MM:SS[.ffffff]``.
_CLOCK_DURATION = (
    r"^(?:(?P<d>\d+)(?:\.|\s+days?,\s*))?(?P<h>\d+):(?P<m>\d{1,2}):(?P<s>\d{1,2}(?:\.\d+)?)$"
)

_SHOWN_VALUE = 60  # longest raw value quoted in a reject reason
# Times outside these years are no backup job's (and break spreadsheet writers): the
# row is rejected, naming the time; a ``recorded`` time outside them is dropped.
FIRST_YEAR, LAST_YEAR = 1900, 2200
_EARLIEST = pl.datetime(FIRST_YEAR, 1, 1, time_zone="UTC")
_LATEST = pl.datetime(LAST_YEAR + 1, 1, 1, time_zone="UTC")
MAX_DURATION_S = 366 * 86400.0  # no backup or restore job runs for a year


@dataclass(frozen=True)
class StageInfo:
    """What ``finish`` needs to know about the source beside its staged columns."""

    source: str
    shape: str
    duration_unit: DurationUnit = "text"
    excel_serial: bool = False  # numbers in time columns are spreadsheet serial dates


TIME_COLUMNS = (("start", "_start"), ("end", "_end_parsed"), ("recorded", "_recorded"))
_SAMPLE_ROWS = 500


def time_orders(staged: pl.LazyFrame) -> TimeOrders:
    """For each staged time column, TIME_FORMATS ordered by how well its first rows parse.

    Computed once per source, so every block of a large file reads its times alike.
    """
    raws = [raw for raw, _ in TIME_COLUMNS]
    return ranked_layouts(_conform(staged).head(_SAMPLE_ROWS), raws)


def time_orders_by(staged: pl.LazyFrame, group: str) -> dict[Any, TimeOrders]:
    """``time_orders`` of each group of rows (a column of ``staged``), ranked in one query.

    Each group gets what ``time_orders`` gives its rows alone (its first rows ranked); a
    group without rows is absent.
    """
    raws = [raw for raw, _ in TIME_COLUMNS]
    first = pl.int_range(pl.len()).over(group) < _SAMPLE_ROWS
    return ranked_layouts_by(_conform(staged, group).filter(first), raws, group)


def finish(staged: pl.LazyFrame, info: StageInfo, orders: TimeOrders | None = None) -> pl.LazyFrame:
    """Parse the staged text columns into exactly ``INGESTED_SCHEMA`` (lazy in, lazy out).

    ``orders`` (from ``time_orders``) fixes the time layouts tried first; by default they
    come from the first rows of ``staged``.
    """
    orders = orders if orders is not None else time_orders(staged)
    frame = _conform(staged)
    frame = frame.with_columns(
        status_expr(pl.col("status")).alias("_status"),
        operation_expr(pl.col("operation")).alias("_operation"),
    )
    frame = frame.with_columns(
        duration_expr(pl.col("duration"), info.duration_unit).alias("_duration_parsed"),
    )
    for raw, out in TIME_COLUMNS:
        frame = add_parsed_time(frame, raw, out, orders[raw], excel_serial=info.excel_serial)
    frame = _add_errors(frame)
    frame = _add_derived_times(frame)
    frame = frame.with_columns(reject_reason_expr().alias("_reason"))
    return _select_ingested(frame, info)


def _conform(staged: pl.LazyFrame, keep: str | None = None) -> pl.LazyFrame:
    """Exactly the staging columns, text stripped and empty text as null (and ``keep``)."""
    present = set(staged.collect_schema().names())
    columns = [
        (pl.col(name) if name in present else pl.lit(None)).cast(dtype).alias(name)
        for name, dtype in STAGE_SCHEMA.items()
    ]
    if ROW_SOURCE in present:
        columns.append(pl.col(ROW_SOURCE).cast(pl.String))
    if keep is not None:
        columns.append(pl.col(keep))
    # Strip, then blank out, in two steps: within one expression the stripped text is
    # either computed twice or cached by common-subexpression elimination, and both cost
    # about twice as much as stripping once into the column.
    stripped = [pl.col(name).str.strip_chars() for name in _TEXT_COLUMNS]
    blanked = [_empty_to_null(pl.col(name)) for name in _TEXT_COLUMNS]
    return staged.select(columns).with_columns(stripped).with_columns(blanked)


def join_text(parts: list[pl.Expr], separator: str) -> pl.Expr:
    """Non-empty parts joined with ``separator``; null when every part is empty."""
    present = [pl.when(part.str.len_bytes() > 0).then(part) for part in parts]
    joined = pl.concat_str(present, separator=separator, ignore_nulls=True)
    return pl.when(joined.str.len_bytes() > 0).then(joined)


def _empty_to_null(expr: pl.Expr) -> pl.Expr:
    return pl.when(expr.str.len_bytes() > 0).then(expr)


def status_expr(raw: pl.Expr) -> pl.Expr:
    """Canonical status (``analyzer.schema.STATUSES``) or null when the word is unknown."""
    # Most exports already use the API names: only the other values are folded and looked up.
    canonical = raw.is_in(list(STATUSES))
    other = pl.when(~canonical).then(raw)
    folded = other.str.to_lowercase().str.replace_all(r"[\s_\-]+", "")
    return pl.when(canonical).then(raw).otherwise(word_map(folded, STATUS_WORDS))


def operation_expr(raw: pl.Expr) -> pl.Expr:
    """Canonical operation name when known, else the exported text."""
    canonical = raw.is_in(list(set(OPERATION_WORDS.values())))
    other = pl.when(~canonical).then(raw)
    folded = other.str.to_lowercase().str.replace_all(r"[^\p{L}]+", "")
    return (
        pl.when(canonical).then(raw).otherwise(pl.coalesce(word_map(folded, OPERATION_WORDS), raw))
    )


def word_map(folded: pl.Expr, words: dict[str, str]) -> pl.Expr:
    """Map folded words to canonical ones (null when unknown).

    Written as one ``is_in`` branch per canonical value rather than ``replace_strict``,
    which the streaming engine does not run per batch (it buffers the whole input).
    """
    groups: dict[str, list[str]] = {}
    for word, canonical in words.items():
        groups.setdefault(canonical, []).append(word)
    mapped = pl.lit(None, dtype=pl.String)
    for canonical, group in reversed(groups.items()):
        mapped = pl.when(folded.is_in(group)).then(pl.lit(canonical)).otherwise(mapped)
    return mapped


def duration_expr(raw: pl.Expr, unit: DurationUnit) -> pl.Expr:
    """Seconds (Float64) from a duration in the given unit; null when it does not parse."""
    number = raw.str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)
    if unit == "seconds":
        seconds = number
    elif unit == "hours":
        seconds = number * 3600.0
    else:
        seconds = pl.coalesce(_iso_seconds(raw), _clock_seconds(raw), number)
    # Negative, NaN or centuries-long values are not durations (and would overflow later).
    return pl.when(seconds.is_between(0.0, MAX_DURATION_S)).then(seconds)


def _iso_seconds(raw: pl.Expr) -> pl.Expr:
    parts = raw.str.to_uppercase().str.extract_groups(_ISO_DURATION)
    fields = [("d", 86400.0), ("h", 3600.0), ("m", 60.0), ("s", 1.0)]
    total = pl.sum_horizontal(
        parts.struct.field(name).cast(pl.Float64).fill_null(0.0) * scale for name, scale in fields
    )
    # "P" alone matches the pattern but says nothing: require at least one field.
    any_field = pl.any_horizontal(parts.struct.field(name).is_not_null() for name, _ in fields)
    return pl.when(any_field).then(total)


def _clock_seconds(raw: pl.Expr) -> pl.Expr:
    parts = raw.str.extract_groups(_CLOCK_DURATION)
    hours = parts.struct.field("h").cast(pl.Float64)
    return (
        parts.struct.field("d").cast(pl.Float64).fill_null(0.0) * 86400.0
        + hours * 3600.0
        + parts.struct.field("m").cast(pl.Float64) * 60.0
        + parts.struct.field("s").cast(pl.Float64)
    )


def _add_errors(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Split the staged error fields into a string code and a numeric code."""
    # Most rows say "no failure" in their export's usual words. String kernels visit null
    # rows too, so those rows are blanked rather than nulled: an empty code costs the
    # lower-casing and regexes below next to nothing, and means "no code" anyway.
    blanked = pl.when(pl.col("error_code").is_in(USUAL_NO_CODES)).then(pl.lit(""))
    frame = frame.with_columns(blanked.otherwise(pl.col("error_code")).alias("_code"))
    code = pl.col("_code")
    no_code = (code == "") | code.str.to_lowercase().str.contains(_NO_CODE_TEXT)
    # Some exports write a .NET type name where a list was flattened: it carries nothing.
    meaningless = no_code | code.str.starts_with("System.")
    numeric_code = code.str.contains(r"^-?\d+$")
    number = pl.coalesce(
        pl.col("error_number").cast(pl.Int64, strict=False),  # already stripped
        pl.when(numeric_code).then(code.cast(pl.Int64, strict=False)),
    )
    message = pl.col("error_message")
    return frame.with_columns(
        pl.when(meaningless | numeric_code).then(None).otherwise(code).alias("_code"),
        pl.when(number != 0).then(number).alias("_number"),
        pl.when(message.str.starts_with("System.")).then(None).otherwise(message).alias("_message"),
    )


def _add_derived_times(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Fill end time and duration from each other; drop end times before the start.

    PowerShell prints a placeholder end time (year 2001) for running jobs, so an end
    before the start is treated as absent rather than trusted.
    """
    start, end, duration = pl.col("_start"), pl.col("_end_parsed"), pl.col("_duration_parsed")
    valid_end = pl.when(end >= start).then(end)
    running = pl.col("_status").is_in(["InProgress", "Cancelling"])
    from_end = (valid_end - start).dt.total_microseconds().cast(pl.Float64) / 1e6
    to_micros = (duration * 1e6).round(0).cast(pl.Int64, strict=False)
    derived_end = pl.when(~running).then(start + pl.duration(microseconds=to_micros))
    return frame.with_columns(
        pl.coalesce(valid_end, derived_end).alias("_end"),
        pl.coalesce(duration, from_end).alias("_duration"),
    )


def _quoted(raw: pl.Expr) -> pl.Expr:
    """The raw value in quotes for a reject reason, shortened when long."""
    short = pl.when(raw.str.len_chars() > _SHOWN_VALUE).then(
        raw.str.slice(0, _SHOWN_VALUE - 3) + pl.lit("...")
    )
    return pl.lit("'") + pl.coalesce(short, raw) + pl.lit("'")


def reject_reason_expr() -> pl.Expr:
    """Why a staged+parsed row cannot be a job record, or null when it can.

    Each problem's text is built from a value masked to the offending rows, so good
    rows (nearly all of them) cost no string work.
    """
    status = pl.col("status")
    problems = [
        pl.when(pl.col("vm").is_null()).then(pl.lit("missing VM name")),
        pl.when(status.is_null()).then(pl.lit("missing status")),
        pl.lit("unknown status ") + _quoted(pl.when(pl.col("_status").is_null()).then(status)),
        _unparsed("start", "_start", "start time"),
        pl.when(pl.col("start").is_null()).then(pl.lit("missing start time")),
        _unparsed("end", "_end_parsed", "end time"),
        _unparsed("duration", "_duration_parsed", "duration"),
        _out_of_range("start", "_start", "start time"),
        _out_of_range("end", "_end_parsed", "end time"),
    ]
    # ``recorded`` (TimeGenerated) is bookkeeping, not part of the job: when it does not
    # parse, recorded_at is null and the job itself is kept.
    joined = pl.concat_str(problems, separator="; ", ignore_nulls=True)
    content = pl.when(joined.str.len_bytes() > 0).then(joined)
    return pl.coalesce(pl.col("pre_reject"), content)


def _unparsed(raw: str, parsed: str, label: str) -> pl.Expr:
    bad = pl.col(raw).is_not_null() & pl.col(parsed).is_null()
    return pl.lit(f"unparseable {label} ") + _quoted(pl.when(bad).then(pl.col(raw)))


def _in_years(parsed: pl.Expr) -> pl.Expr:
    return (parsed >= _EARLIEST) & (parsed < _LATEST)


def _out_of_range(raw: str, parsed: str, label: str) -> pl.Expr:
    bad = pl.col(parsed).is_not_null() & ~_in_years(pl.col(parsed))
    years = f" is outside the years {FIRST_YEAR}-{LAST_YEAR}"
    return pl.lit(f"{label} ") + _quoted(pl.when(bad).then(pl.col(raw))) + pl.lit(years)


def _years_only(name: str) -> pl.Expr:
    """The time column, null where it is outside the years read."""
    return pl.when(_in_years(pl.col(name))).then(pl.col(name))


def _select_ingested(frame: pl.LazyFrame, info: StageInfo) -> pl.LazyFrame:
    reason = pl.col("_reason")
    per_row = ROW_SOURCE in frame.collect_schema().names()
    columns = {
        "source": pl.col(ROW_SOURCE) if per_row else pl.lit(info.source),
        "source_row": pl.col("source_row"),
        "vm": pl.col("vm"),
        "vm_id": pl.col("vm_id"),
        "resource_group": pl.col("resource_group"),
        "subscription": pl.col("subscription"),
        "vault": pl.col("vault"),
        "operation": pl.col("_operation"),
        "status": pl.col("_status"),
        "start_time": _years_only("_start"),
        "end_time": _years_only("_end"),
        "duration_s": pl.col("_duration"),
        "job_id": pl.col("job_id").str.to_lowercase(),
        "error_code": pl.col("_code"),
        "error_message": pl.col("_message"),
        "shape": pl.lit(info.shape),
        "recorded_at": _years_only("_recorded"),
        "error_number": pl.col("_number"),
        "reject_reason": reason,
    }
    return frame.select(
        columns[name].cast(dtype).alias(name) for name, dtype in INGESTED_SCHEMA.items()
    )
