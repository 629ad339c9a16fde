"""The report as a Page: everything the writers show, in reading order and in the
report's words, so HTML, Markdown and the workbook cannot drift apart.

``page(report)`` gives everything a writer shows apart from the charts: the title
lines, the headline figures, the at-a-glance lines and the sections with their tables
(``page_sections``), made of cells (``page_cells``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

import polars as pl

from analyzer.render import numbers
from analyzer.render.words import Labels
from analyzer.report.model import Report
from analyzer.report.page_cells import Cells, Table
from analyzer.report.page_fleet import templates_section, trend_section, unprotected_section
from analyzer.report.page_sections import (
    Section,
    about_table,
    causes_table,
    chronic_table,
    codes_table,
    daily_table,
    fixes_section,
    kpi_table,
    new_table,
    quality_tables,
    recovered_table,
    unclassified_table,
    worst_table,
)

GLANCE_NAMES = 5
DISPLAY_ROWS = 25  # rows per table on the page; the workbook has every row
UNLIMITED = ("daily", "trend")


@dataclass(frozen=True)
class Page:
    """Everything a renderer shows, already in the report's language."""

    title: str
    heading: str
    subtitle: str
    generated: str
    kpis: Table
    kpis_note: str
    glance: tuple[str, ...]
    sections: tuple[Section, ...]
    about: Table
    empty: str  # shown instead of a table without rows
    contents: str
    opening: Section  # shown first, before the key figures: who is unprotected now


def labels_for(report: Report) -> Labels:
    """Labels in the report's language, worded for a week or a free period."""
    return Labels(report.lang, "week" if report.period.week is not None else "period")


def page(report: Report) -> Page:
    """The report as titled sections of display tables."""
    t = labels_for(report)
    c = Cells(t, report.period.tz)
    period = report.period
    days = numbers.day_range(period.start, period.end - timedelta(days=1), report.lang)
    prev_days = numbers.day_range(
        period.previous_start, period.start - timedelta(days=1), report.lang
    )
    heading = t("week_title", week=str(period.week)) if period.week is not None else days
    subtitle = t("subtitle", days=days, prev_days=prev_days, tz=period.tz)
    if report.current_jobs == 0:
        subtitle += " · " + t("no_jobs_subtitle", covered=_covered(report))
    return Page(
        title=f"{t('title')} — {heading}",
        heading=heading,
        subtitle=subtitle,
        generated=t("generated", now=numbers.stamp(report.now, period.tz)),
        kpis=kpi_table(report, c),
        kpis_note=t("kpis_note"),
        glance=glance(report, t),
        sections=(
            _section("worst", t, worst_table(report, c)),
            fixes_section(report, c),
            _section("chronic", t, chronic_table(report, c), days=report.chronic_days),
            _new_section(report, t, c),
            _section("recovered", t, recovered_table(report, c)),
            _section("codes", t, codes_table(report, c)),
            _section("causes", t, causes_table(report, c)),
            _section("unclassified", t, unclassified_table(report, c)),
            _limited_section(templates_section(report, c), t),
            _limited_section(trend_section(report, c), t),
            _section("daily", t, daily_table(report, c)),
            Section(
                "quality",
                t("quality"),
                t(
                    "quality_note_other"
                    if report.quality.accounting.other_categories
                    else "quality_note"
                ),
                tuple(_limited(table, t) for table in quality_tables(report, c)),
            ),
        ),
        about=about_table(report, c, days, prev_days),
        empty=t("none"),
        contents=t("contents"),
        opening=_limited_section(unprotected_section(report, c), t),
    )


def _covered(report: Report) -> str:
    """The days the inputs cover, as said in the report."""
    if report.covered is None:
        return numbers.DASH
    first, last = report.covered
    return numbers.day_range(first, last, report.lang)


def _new_section(report: Report, t: Labels, c: Cells) -> Section:
    section = _section("new", t, new_table(report, c))
    if report.previous_data:
        return section
    return replace(section, note=t("new_note_no_previous"))


def _section(key: str, t: Labels, table: Table, **values: object) -> Section:
    return Section(key, t(key), t(f"{key}_note", **values), (_limited(table, t),))


def _limited_section(section: Section, t: Labels) -> Section:
    return replace(section, tables=tuple(_limited(table, t) for table in section.tables))


def _limited(table: Table, t: Labels) -> Table:
    """The table cut to DISPLAY_ROWS rows on the page, saying so when it is."""
    if table.key in UNLIMITED or len(table.rows) <= DISPLAY_ROWS:
        return table
    overflow = t("truncated", shown=DISPLAY_ROWS, total=len(table.rows))
    return replace(table, limit=DISPLAY_ROWS, overflow=overflow)


def _names(frame: pl.DataFrame, t: Labels, extra: str = "") -> str:
    rows = frame.head(GLANCE_NAMES).iter_rows(named=True)
    names = [row["vm"] + (f" ({row[extra]})" if extra else "") for row in rows]
    if frame.height > GLANCE_NAMES:
        names.append(t("more", n=frame.height - GLANCE_NAMES))
    return ", ".join(names)


def glance(report: Report, t: Labels) -> tuple[str, ...]:
    """Short lines naming what needs attention, what was not read first."""
    lines: list[str] = [*_unread_lines(report, t)]
    if report.current_jobs == 0:
        lines.insert(0, t("glance_no_jobs", covered=_covered(report)))
    elif report.worst_vms.height == 0:
        lines.append(t("glance_none"))
    if report.unprotected.height:
        lines.append(
            t(
                "glance_unprotected",
                n=report.unprotected.height,
                names=_names(report.unprotected, t),
            )
        )
    if not report.previous_data:
        lines.append(t("glance_no_previous"))
    if report.chronic_vms.height:
        lines.append(
            t(
                "glance_chronic",
                days=report.chronic_days,
                n=report.chronic_vms.height,
                names=_names(report.chronic_vms, t, "days"),
            )
        )
    if report.new_vms.height:
        lines.append(t("glance_new", n=report.new_vms.height, names=_names(report.new_vms, t)))
    if report.recovered_vms.height:
        lines.append(
            t(
                "glance_recovered",
                n=report.recovered_vms.height,
                names=_names(report.recovered_vms, t),
            )
        )
    top = report.top_causes.filter(pl.col("current") > 0).head(1)
    if top.height:
        row = top.row(0, named=True)
        lines.append(
            t(
                "glance_cause",
                title=row["cause_title"] or row["cause"],
                n=numbers.integer(row["current"], t.lang),
                evidence=numbers.integer(row["evidence"], t.lang),
            )
        )
    if report.quality.unclassified_failures:
        lines.append(_unclassified_line(report, t))
    lines.append(_quality_line(report, t))
    return tuple(lines)


def _unread_lines(report: Report, t: Labels) -> list[str]:
    """The inputs not read and the rejected rows, named (by source), for the first section."""
    q, lines = report.quality, []
    if q.problems:
        names = "; ".join(q.problems[:GLANCE_NAMES])
        if len(q.problems) > GLANCE_NAMES:
            names += f"; {t('more', n=len(q.problems) - GLANCE_NAMES)}"
        lines.append(t("glance_problems", n=len(q.problems), names=names))
    if q.rejects.height:
        per_source = q.rejects.group_by("source", maintain_order=True).agg(pl.col("rows").sum())
        shown = per_source.sort(["rows", "source"], descending=[True, False])
        parts = [
            f"{source} ({numbers.integer(rows, t.lang)})"
            for source, rows in shown.head(GLANCE_NAMES).iter_rows()
        ]
        if shown.height > GLANCE_NAMES:
            parts.append(t("more", n=shown.height - GLANCE_NAMES))
        lines.append(
            t(
                "glance_rejects",
                n=numbers.integer(q.accounting.rejects, t.lang),
                names=", ".join(parts),
            )
        )
    return lines


def _unclassified_line(report: Report, t: Labels, shown: int = 5) -> str:
    """How many failures are unclassified, naming the exported codes the catalogue lacks."""
    n = report.quality.unclassified_failures
    codes = (
        report.unclassified.filter((pl.col("error_code") != "") & (pl.col("current") > 0))
        .group_by("error_code")
        .agg(pl.col("current").sum())
        .sort(["current", "error_code"], descending=[True, False])
    )
    if not codes.height:
        return t("glance_unclassified", n=n)
    named = ", ".join(
        f"{code} ({numbers.integer(count, t.lang)})"
        for code, count in codes.head(shown).iter_rows()
    )
    more = codes.height - shown
    return t("glance_unclassified_codes", n=n, codes=named + (f", +{more}" if more > 0 else ""))


def _quality_line(report: Report, t: Labels) -> str:
    q = report.quality
    return t(
        "glance_quality",
        rejects=numbers.integer(q.accounting.rejects, t.lang),
        problems=len(q.problems),
        unmatched=q.unmatched_logs.height,
        silent=q.silent_vms.height,
    )
