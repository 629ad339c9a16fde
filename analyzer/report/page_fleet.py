"""The fleet view's sections: who is unprotected now (the report opens with it), the
week-by-week trend and the templates of the unknown, as display tables.

Like ``page_sections``, each is a Section of ordinary tables made of Cells, so HTML,
Markdown and the workbook show the same rows.
"""

from __future__ import annotations

from analyzer.render import numbers
from analyzer.render.words import Labels
from analyzer.report.model import TREND_WEEKS, Report
from analyzer.report.page_cells import Cell, Cells, Column, Row, make_table
from analyzer.report.page_sections import Section

DAY_HOURS = 24.0
HOURS_SHOWN_UP_TO = 48.0  # longer gaps read better in days


def unprotected_section(report: Report, c: Cells) -> Section:
    """Failing, stale and silent VMs now, longest without a successful backup first."""
    t = c.t
    as_of = report.protection_as_of
    note = t(
        "unprotected_note",
        as_of=numbers.moment(as_of, c.tz, c.lang) if as_of else numbers.DASH,
        stale=_number(report.stale_hours, c.lang),
    )
    columns = [
        c.name(t("c_vm"), "vm"),
        c.name(t("c_resource_group"), "resource_group"),
        _state(t("c_state"), t),
        _since(t("c_since_success"), "hours_since_success", c),
        c.moment(t("c_last_success"), "last_success"),
        _since(t("c_since_job"), "hours_since_job", c),
        c.moment(t("c_last_job"), "last_job"),
        c.count(t("c_streak"), "current_streak"),
    ]
    table = make_table("unprotected", columns, report.unprotected)
    return Section("unprotected", t("unprotected"), note, (table,))


def _number(value: float, lang: str) -> str:
    """Hours as written: 36, or 36.5 when not whole."""
    if value == int(value):
        return numbers.integer(value, lang)
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "sv" else text


def _state(label: str, t: Labels) -> Column:
    def cell(row: Row) -> Cell:
        state = row.get("state") or "protected"
        text = t(f"state_{state}")
        return Cell(text, text, tone="worse" if state != "protected" else "")

    return Column(label, cell, kind="name")


def _since(label: str, key: str, c: Cells) -> Column:
    """Time since a moment: hours up to two days, days after; ``never`` when it never was.
    The workbook holds the hours."""

    def cell(row: Row) -> Cell:
        hours = row.get(key)
        if hours is None:
            return Cell(c.t("never"), None, tone="strong")
        return Cell(duration(hours, c.t), round(hours, 1))

    return Column(label, cell, numeric=True, sheet_label=f"{label} ({c.t('c_hours_unit')})")


def duration(hours: float, t: Labels) -> str:
    """``30 h`` or ``4.5 days`` (``30 tim``, ``4,5 dygn``)."""
    if hours <= HOURS_SHOWN_UP_TO:
        return t("hours", n=numbers.integer(hours, t.lang))
    days = hours / DAY_HOURS
    text = f"{days:,.1f}"
    if t.lang == "sv":
        text = text.replace(",", numbers.NBSP).replace(".", ",")
    return t("days", n=text)


def trend_section(report: Report, c: Cells) -> Section:
    """The last weeks, one row each; a week without jobs says "no data"."""
    t = c.t
    columns = [
        _week(t("c_week"), t),
        _weekly(t("c_jobs"), "jobs", c, first=True),
        _weekly(t("c_failures"), "failed", c),
        _weekly_rate(t("c_failure_rate"), c),
        _weekly(t("c_vms_failing"), "failing_vms", c),
    ]
    table = make_table("trend", columns, report.trend)
    return Section("trend", t("trend"), t("trend_note", weeks=TREND_WEEKS), (table,))


def _week(label: str, t: Labels) -> Column:
    def cell(row: Row) -> Cell:
        text = row["iso_week"]
        if row.get("partial"):
            text += f" ({t('trend_partial')})"
        return Cell(text, text, tone="strong" if row.get("chosen") else "")

    return Column(label, cell, kind="name")


def _weekly(label: str, key: str, c: Cells, first: bool = False) -> Column:
    """A weekly count; the first count column of a week without jobs says "no data"."""

    def cell(row: Row) -> Cell:
        if not row.get("has_data"):
            text = c.t("trend_no_data") if first else numbers.DASH
            return Cell(text, None, tone="muted")
        return Cell(numbers.integer(row[key], c.lang), row[key])

    return Column(label, cell, numeric=True)


def _weekly_rate(label: str, c: Cells) -> Column:
    def cell(row: Row) -> Cell:
        value = row.get("failure_rate")
        return Cell(numbers.percent(value, c.lang), numbers.percent_number(value))

    return Column(label, cell, numeric=True, sheet_label=f"{label} (%)")


def templates_section(report: Report, c: Cells) -> Section:
    """The most frequent templates of what the catalogue does not explain."""
    t = c.t
    columns = [
        c.text(t("c_template"), "template", wide=True),
        _origin(t("c_origin"), t),
        c.count(t("c_count"), "count", strong=True),
        c.count(t("c_vms"), "vms"),
        c.moment(t("c_first_seen"), "first_seen"),
        c.moment(t("c_last_seen"), "last_seen"),
        c.text(t("c_example"), "example", wide=True),
    ]
    table = make_table("templates", columns, report.templates)
    return Section("templates", t("templates"), t("templates_note"), (table,))


def _origin(label: str, t: Labels) -> Column:
    def cell(row: Row) -> Cell:
        text = t(f"o_{row['origin']}")
        return Cell(text, text)

    return Column(label, cell, kind="name")
