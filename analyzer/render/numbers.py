"""Numbers, dates and times written the way each language writes them: every output's.

English: 1,234 · 34.9% · Mon 16 Nov. Swedish: 1 234 · 34,9 % · mån 16 nov.
Written out here (not via the C locale) so the output is the same on every machine.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from analyzer.render.words import MONTHS, WEEKDAYS

NBSP = "\u00a0"
MINUS = "\u2212"
DASH = "–"

# Columns of the tables holding a fraction (0..1) that readers see as a percentage.
RATE_COLUMNS = ("failure_rate", "top_cause_share", "share")


def integer(value: float | None, lang: str) -> str:
    """A whole number with thousands grouped."""
    if value is None:
        return DASH
    text = f"{round(value):,}"
    return text.replace(",", NBSP) if lang == "sv" else text


def signed(value: float | None, lang: str) -> str:
    """A change in a count: +3, −2, 0."""
    if value is None:
        return DASH
    if round(value) == 0:
        return "0"
    sign = "+" if value > 0 else MINUS
    return sign + integer(abs(value), lang)


def _decimal(value: float, digits: int, lang: str) -> str:
    text = f"{value:,.{digits}f}"
    if lang == "sv":
        return text.replace(",", NBSP).replace(".", ",")
    return text


def percent(value: float | None, lang: str, digits: int = 1) -> str:
    """A share 0..1 as a percentage."""
    if value is None:
        return DASH
    number = _decimal(value * 100, digits, lang)
    return f"{number}{NBSP}%" if lang == "sv" else f"{number}%"


def percent_number(value: float | None) -> float | None:
    """A share 0..1 as the number a percent cell holds: 0.3488 -> 34.9."""
    return None if value is None else round(value * 100, 1)


def points(value: float | None, lang: str, unit: str) -> str:
    """A change in a share, in percentage points: +18.5 pp."""
    if value is None:
        return DASH
    number = _decimal(abs(value) * 100, 1, lang)
    if number in ("0.0", "0,0"):
        return f"0{NBSP}{unit}"
    sign = "+" if value > 0 else MINUS
    return f"{sign}{number}{NBSP}{unit}"


def day(value: date | None, lang: str) -> str:
    """Mon 16 Nov / mån 16 nov."""
    if value is None:
        return DASH
    return f"{WEEKDAYS[lang][value.weekday()]} {value.day} {MONTHS[lang][value.month - 1]}"


def short_day(value: date, lang: str) -> str:
    """16 Nov / 16 nov."""
    return f"{value.day} {MONTHS[lang][value.month - 1]}"


def day_range(first: date, last: date, lang: str) -> str:
    """16–22 Nov 2026, or 30 Nov – 6 Dec 2026 (``last`` included)."""
    if first == last:
        return f"{short_day(first, lang)} {first.year}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{short_day(last, lang)} {last.year}"
    if first.year == last.year:
        return f"{short_day(first, lang)} – {short_day(last, lang)} {last.year}"
    return f"{short_day(first, lang)} {first.year} – {short_day(last, lang)} {last.year}"


def local(value: datetime, tz: str) -> datetime:
    """A UTC instant in time zone ``tz``."""
    return value.astimezone(ZoneInfo(tz))


def moment(value: datetime | None, tz: str, lang: str) -> str:
    """Mon 16 Nov 22:30 in ``tz``."""
    if value is None:
        return DASH
    when = local(value, tz)
    return f"{day(when.date(), lang)} {when:%H:%M}"


def stamp(value: datetime, tz: str) -> str:
    """2026-11-24 07:30 UTC: when the report was made."""
    when = local(value, tz)
    return f"{when:%Y-%m-%d %H:%M} {tz}"
