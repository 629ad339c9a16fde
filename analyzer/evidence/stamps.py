"""Timestamps and syslog wrappers that agent-log lines carry, as regexes and polars parsers.

The pieces are shared by the log formats (``formats``): each format anchors them its own
way, and ``any_time`` recognises whichever of them a line starts with (the rule for logs
whose format bjla cannot place, and for lines before a log's first record).

Syslog wrappers (a line another program's logger wrote around the agent's own line):

- RFC 3164 / rsyslog: ``[<PRI>]Mon DD HH:MM:SS [host] program[pid]: `` or the same with an
  RFC 3339 stamp (``2023-05-02T10:11:12.123456+00:00 host python3[812]: ``);
- RFC 5424: ``<PRI>1 2023-05-02T10:11:12.123Z host app procid msgid [SD|-] ``.

A syslog stamp without a year (RFC 3164) gives no time on its own: bjla does not guess it.
"""

from __future__ import annotations

import polars as pl

TIME = r"[0-9]{2}:[0-9]{2}:[0-9]{2}"
ISO_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
SLASH_DATE = r"[0-9]{4}/[0-9]{2}/[0-9]{2}"
US_DATE = r"[0-9]{2}/[0-9]{2}/[0-9]{4}"
FRACTION = r"(?:\.[0-9]+)?"
OFFSET = r"(?:Z|[+-][0-9]{2}:?[0-9]{2})"

_PRI = r"(?:<[0-9]{1,3}>)?"
_BSD_STAMP = r"[A-Z][a-z]{2} +[0-9]{1,2} [0-9]{2}:[0-9]{2}:[0-9]{1,2}"
_RFC3339 = rf"{ISO_DATE}T{TIME}{FRACTION}{OFFSET}"
PROGRAM = r"[A-Za-z][A-Za-z0-9_.\-/]*"
_SD = r"(?:-|(?:\[[^\]]*\])+)"

# The wrapper's program is captured as ``prog`` (RFC 3164) or ``app`` (RFC 5424).
WRAP_3164 = (
    rf"{_PRI}(?:{_BSD_STAMP}|{_RFC3339}) (?:[^\s:\[]+ )?(?P<prog>{PROGRAM})(?:\[[0-9]+\])?: "
)
WRAP_5424 = rf"<[0-9]{{1,3}}>1 (?:{_RFC3339}|-) \S+ (?P<app>{PROGRAM}|-) \S+ \S+ {_SD} ?"
WRAP = rf"(?:{WRAP_3164}|{WRAP_5424})"
_WRAP_STRIP = WRAP.replace("?P<prog>", "?:").replace("?P<app>", "?:")
# A short tag some console and journal copies put before a line's stamp (``Waagent - ``).
TAG = r"[A-Za-z][A-Za-z0-9_.]{0,30} - "

# ``date`` output in the C locale (``Tue Nov 19 21:41:50 UTC 2024``), in en_US with glibc
# 2.29+ (``Tue Nov 19 09:41:50 PM UTC 2024``), in en_GB (``Tue 19 Nov 21:41:50 UTC 2024``)
# and as en_US ``%c`` (``Tue 19 Nov 2024 09:41:50 PM UTC``).
_DOW = r"[A-Z][a-z]{2}"
_MON = r"[A-Z][a-z]{2}"
_ZONE = r"[A-Za-z]{1,6}|[+-][0-9]{2,4}"
DATE_CMD = (
    rf"{_DOW},? (?:(?P<mon>{_MON}) +(?P<day>[0-9]{{1,2}})|(?P<day2>[0-9]{{1,2}}) (?P<mon2>{_MON}))"
    rf"(?: (?P<year2>[0-9]{{4}}))? (?P<hms>{TIME})(?: (?P<ampm>[AP]M))? (?P<zone>{_ZONE})"
    rf"(?: (?P<year>[0-9]{{4}}))?"
)
DATE_CMD_START = (
    rf"{_DOW},? (?:{_MON} +[0-9]{{1,2}}|[0-9]{{1,2}} {_MON})(?: [0-9]{{4}})? {TIME}"
    rf"(?: [AP]M)? (?:{_ZONE})(?: [0-9]{{4}})?"
)
_UTC_NAMES = ("UTC", "GMT", "Z", "UCT", "+0000", "+00", "-0000")


def strip_wrap(line: pl.Expr) -> pl.Expr:
    """The line without its syslog wrapper (unchanged when it has none)."""
    return line.str.replace(f"^{_WRAP_STRIP}", "")


def wrap_program(line: pl.Expr) -> pl.Expr:
    """The program named by the line's syslog wrapper; null without one."""
    parts = line.str.extract_groups(f"^{WRAP}")
    return pl.coalesce(parts.struct.field("prog"), parts.struct.field("app"))


def local_to_utc(naive: pl.Expr, tz: str) -> pl.Expr:
    """Naive local times of zone ``tz`` as UTC (a time DST skips: null; repeated: earlier)."""
    local = naive.dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null")
    return local.dt.convert_time_zone("UTC")


def utc(text: pl.Expr, fmt: str) -> pl.Expr:
    """``text`` in layout ``fmt`` read as UTC."""
    return text.str.to_datetime(fmt, strict=False, time_unit="us").dt.replace_time_zone("UTC")


def naive(text: pl.Expr, fmt: str) -> pl.Expr:
    """``text`` in layout ``fmt`` without a zone."""
    return text.str.to_datetime(fmt, strict=False, time_unit="us")


def zone_if(cond: pl.Expr, zone: str) -> pl.Expr:
    """``zone`` where ``cond`` holds, else null: the zone a zone-less time was read in."""
    return pl.when(cond).then(pl.lit(zone)).otherwise(pl.lit(None, pl.String))


def with_offset(naive_time: pl.Expr, offset: pl.Expr, tz: str) -> tuple[pl.Expr, pl.Expr]:
    """UTC time and assumed zone of a naive time with an ``offset`` text (Z, +02:00, null).

    A null offset means the line carries no zone: the time is read in ``tz``.
    """
    digits = offset.str.replace_all(":", "").str.extract(r"^([+-])([0-9]{2})([0-9]{2})$", 0)
    sign = pl.when(digits.str.slice(0, 1) == "-").then(-1).otherwise(1)
    minutes = sign * (
        digits.str.slice(1, 2).cast(pl.Int64, strict=False) * 60
        + digits.str.slice(3, 2).cast(pl.Int64, strict=False)
    )
    as_utc = naive_time.dt.replace_time_zone("UTC")
    time = (
        pl.when(offset.is_null())
        .then(local_to_utc(naive_time, tz))
        .when(offset == "Z")
        .then(as_utc)
        .otherwise(as_utc - pl.duration(minutes=minutes))
    )
    return time, zone_if(offset.is_null() & naive_time.is_not_null(), tz)


def date_cmd_time(text: pl.Expr, tz: str) -> tuple[pl.Expr, pl.Expr]:
    """UTC time and assumed zone of ``date`` output at the start of ``text``.

    The zone abbreviation is trusted only for UTC/GMT; any other (CET, EST, ...) is
    ambiguous across the world, so such times are read in ``tz``.
    """
    parts = text.str.extract_groups(f"^<?{DATE_CMD}")
    field = parts.struct.field
    day = pl.coalesce(field("day"), field("day2"))
    stamp = pl.concat_str(
        [
            pl.coalesce(field("mon"), field("mon2")),
            day,
            pl.coalesce(field("year"), field("year2")),
            field("hms"),
        ],
        separator=" ",
    )
    clock24 = naive(stamp, "%b %d %Y %H:%M:%S")
    clock12 = naive(pl.concat_str([stamp, field("ampm")], separator=" "), "%b %d %Y %I:%M:%S %p")
    wall = pl.when(field("ampm").is_null()).then(clock24).otherwise(clock12)
    is_utc = field("zone").str.to_uppercase().is_in(_UTC_NAMES)
    time = pl.when(is_utc).then(wall.dt.replace_time_zone("UTC")).otherwise(local_to_utc(wall, tz))
    return time, zone_if(~is_utc & wall.is_not_null(), tz)


# A timestamp a line may start with, after an optional syslog wrapper (else the wrapper's own
# stamp), ``<``, ``[``, logfmt's ``time=`` (the Go extension handlers' logs), or a
# ``[thread] `` tag: ISO (``T`` or space, optional zone), slash Y/M/D, US M/D/Y.
_LEAD = (
    rf"^(?:{_WRAP_STRIP})?(?:<[0-9]{{1,3}}>1? ?)?(?:{TAG})?(?:\[[0-9A-Fa-f+]+\] )?"
    r"(?:[<\[]|time=\"?|ts=\"?)?"
)
_ANY_NUMERIC = (
    rf"{_LEAD}(?P<date>{ISO_DATE}|{SLASH_DATE}|{US_DATE})[T ](?P<hms>{TIME})"
    rf"(?P<frac>[.,][0-9]+)?(?P<off>{OFFSET})?"
)
ANY_START = rf"{_LEAD}(?:(?:{ISO_DATE}|{SLASH_DATE}|{US_DATE})[T ]{TIME}|{DATE_CMD_START})"


def any_time(line: pl.Expr, tz: str) -> tuple[pl.Expr, pl.Expr]:
    """UTC time and assumed zone of whatever recognisable timestamp starts ``line``."""
    parts = line.str.extract_groups(_ANY_NUMERIC)
    field = parts.struct.field
    date = field("date")
    iso_date = (
        pl.when(date.str.contains(r"^[0-9]{2}/"))
        .then(pl.concat_str([date.str.slice(6, 4), date.str.slice(0, 2), date.str.slice(3, 2)]))
        .otherwise(date.str.replace_all(r"[/-]", ""))
    )
    frac = field("frac").str.replace(",", ".").fill_null("")
    stamp = pl.concat_str([iso_date, pl.lit(" "), field("hms"), frac])
    numeric, numeric_zone = with_offset(naive(stamp, "%Y%m%d %H:%M:%S%.f"), field("off"), tz)
    cmd, cmd_zone = date_cmd_time(line.str.replace(_LEAD, ""), tz)
    return pl.coalesce(numeric, cmd), pl.coalesce(numeric_zone, cmd_zone)
