"""Report periods: an ISO week (or a range of whole days) in a time zone.

A report compares a chosen period with the period of the same length just before it,
so the analysis must cover both: ``Period.analysis_window()`` gives that span as UTC
instants, which is what ``AnalyzeOptions(since=..., until=...)`` takes. Days are
calendar days in the report's time zone; a week is Monday to Sunday (ISO 8601).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from analyzer.errors import UsageError

WEEK_RE = re.compile(r"^\s*(\d{4})-?[Ww](\d{1,2})\s*$")
DEFAULT_RANGE_DAYS = 7


@dataclass(frozen=True, order=True)
class IsoWeek:
    """An ISO 8601 week, e.g. 2026-W47 (Monday 2026-11-16 to Sunday 2026-11-22)."""

    year: int
    week: int

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @classmethod
    def of(cls, day: date) -> IsoWeek:
        """The ISO week a day falls in."""
        iso = day.isocalendar()
        return cls(iso.year, iso.week)


@dataclass(frozen=True)
class Period:
    """The days a report is about, ``[start, end)`` in time zone ``tz``."""

    start: date
    end: date  # exclusive
    tz: str
    week: IsoWeek | None = None

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def previous_start(self) -> date:
        """First day of the period of equal length just before this one."""
        return self.start - timedelta(days=self.days)

    def current_days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(self.days)]

    def previous_days(self) -> list[date]:
        return [self.previous_start + timedelta(days=i) for i in range(self.days)]

    def utc(self, day: date) -> datetime:
        """Local midnight at the start of ``day``, as a UTC instant."""
        return datetime.combine(day, time(0), tzinfo=ZoneInfo(self.tz)).astimezone(UTC)

    def analysis_window(self) -> tuple[datetime, datetime]:
        """``[since, until)`` in UTC covering the previous period and this one."""
        return self.utc(self.previous_start), self.utc(self.end)


def zone(tz: str) -> ZoneInfo:
    """The time zone named ``tz``, or a UsageError that says how to name one."""
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(
            f"unknown time zone '{tz}'; use an IANA name such as UTC or Europe/Stockholm"
        ) from None


def parse_week(text: str) -> IsoWeek:
    """``2026-W47`` (also ``2026W47``, ``2026-w47``) as an IsoWeek."""
    found = WEEK_RE.match(text)
    if found is None:
        raise UsageError(f"'{text}' is not an ISO week; write it like 2026-W47")
    year, week = int(found.group(1)), int(found.group(2))
    try:
        date.fromisocalendar(year, week, 1)
    except ValueError:
        raise UsageError(f"{year} has no ISO week {week}") from None
    return IsoWeek(year, week)


def local_date(now: datetime, tz: str) -> date:
    """The calendar day of ``now`` in ``tz`` (a naive ``now`` is taken as UTC)."""
    aware = now if now.tzinfo is not None else now.replace(tzinfo=UTC)
    return aware.astimezone(zone(tz)).date()


def default_week(now: datetime, tz: str = "UTC") -> IsoWeek:
    """The last complete ISO week before ``now`` (in ``tz``)."""
    today = local_date(now, tz)
    this_monday = today - timedelta(days=today.weekday())
    return IsoWeek.of(this_monday - timedelta(days=7))


def week_period(week: IsoWeek, tz: str = "UTC") -> Period:
    """Monday to Sunday of ``week`` in ``tz``."""
    zone(tz)
    return Period(week.monday, week.monday + timedelta(days=7), tz, week)


def range_period(since: date, until: date, tz: str = "UTC") -> Period:
    """The days ``[since, until)`` in ``tz``."""
    zone(tz)
    if until <= since:
        raise UsageError(f"--until {until} must be after --since {since}")
    return Period(since, until, tz)


def parse_day(text: str, option: str) -> date:
    """A calendar day written as 2026-11-16 (a time of day is not accepted)."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"{option} '{text}' is not a day; a report covers whole days, e.g. 2026-11-16"
        ) from None


def choose_period(
    *,
    now: datetime,
    tz: str = "UTC",
    week: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Period:
    """The period the user asked for: ``--week``, or ``--since``/``--until``, or last week.

    With only ``--since`` (or only ``--until``) the period is the 7 days from (or before) it.
    """
    if week is not None and (since is not None or until is not None):
        raise UsageError("use either --week or --since/--until, not both")
    if week is not None:
        return week_period(parse_week(week), tz)
    if since is None and until is None:
        return week_period(default_week(now, tz), tz)
    first = parse_day(since, "--since") if since is not None else None
    last = parse_day(until, "--until") if until is not None else None
    return range_period(*_range_ends(first, last), tz)


def _range_ends(first: date | None, last: date | None) -> tuple[date, date]:
    span = timedelta(days=DEFAULT_RANGE_DAYS)
    if first is not None:
        return first, last if last is not None else first + span
    if last is not None:
        return last - span, last
    raise UsageError("give --since or --until")


def covered_days(span: tuple[datetime, datetime] | None, tz: str) -> tuple[date, date] | None:
    """The local calendar days of the first and the last job read (None: no job)."""
    if span is None:
        return None
    first, last = span
    return local_date(first, tz), local_date(last, tz)


def last_complete_week(covered: tuple[date, date]) -> tuple[IsoWeek, bool]:
    """The latest ISO week whose Sunday the data reaches, and whether there is one.

    Data that ends before the Sunday of its first week holds no complete week: the week
    it ends in is given then (``False``).
    """
    first, last = covered
    sunday = last - timedelta(days=(last.weekday() + 1) % 7)  # the last Sunday <= last
    if sunday < first - timedelta(days=first.weekday()):
        return IsoWeek.of(last), False
    return IsoWeek.of(sunday), True


def explicit_period(
    *,
    tz: str = "UTC",
    week: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Period | None:
    """The period the options name, or None when they name none (checked before reading)."""
    if week is None and since is None and until is None:
        zone(tz)
        return None
    return choose_period(now=datetime.now(UTC), tz=tz, week=week, since=since, until=until)


def period_text(period: Period) -> str:
    """``2026-W47 (2026-11-16 to 2026-11-22)`` or ``2026-11-16 to 2026-11-22``."""
    days = f"{period.start} to {period.end - timedelta(days=1)}"
    return f"{period.week} ({days})" if period.week is not None else days


def coverage_text(covered: tuple[date, date]) -> str:
    """``2026-11-02 to 2026-11-22``."""
    return f"{covered[0]} to {covered[1]}"


def data_period(covered: tuple[date, date] | None, tz: str, now: datetime) -> tuple[Period, str]:
    """The default period (the last complete week in the data) and why it was chosen."""
    if covered is None:
        return week_period(default_week(now, tz), tz), "no job was read"
    week, complete = last_complete_week(covered)
    period = week_period(week, tz)
    days = coverage_text(covered)
    if complete:
        return period, f"the last complete week in the inputs, which cover {days}"
    return period, f"the week the inputs end in (they cover {days}, no complete week)"


def outside_warning(period: Period, covered: tuple[date, date] | None) -> str | None:
    """A warning when the chosen period lies wholly or partly outside the data."""
    if covered is None:
        return None
    first, last = covered
    named = period_text(period)
    if period.end <= first or period.start > last:
        return f"{named} holds no jobs: the inputs cover {coverage_text(covered)}"
    if period.start < first or period.end - timedelta(days=1) > last:
        return f"the inputs cover {coverage_text(covered)}, only part of {named}"
    return None
