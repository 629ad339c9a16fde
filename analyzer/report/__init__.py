"""The weekly fleet failure report: build it from an analysis, render it as HTML,
Markdown or XLSX.

    period = choose_period(now=now, tz=tz, week="2026-W47")
    since, until = period.analysis_window()      # analyze this window, days in tz
    report = build_report(analysis, cat, period=period, lang="sv", now=now, ...)
    page = render_report(report, Format.html)  # bytes
"""

from __future__ import annotations

from typing import assert_never

from analyzer.render.formats import Format
from analyzer.report.build import build_report
from analyzer.report.model import DataQuality, Report
from analyzer.report.periods import (
    IsoWeek,
    Period,
    choose_period,
    default_week,
    parse_week,
    range_period,
    week_period,
)
from analyzer.report.write_html import render_html
from analyzer.report.write_markdown import render_markdown
from analyzer.report.write_xlsx import render_report_xlsx


def render_report(report: Report, fmt: Format) -> bytes:
    """The report as bytes in ``fmt``."""
    match fmt:
        case Format.html:
            return render_html(report).encode("utf-8")
        case Format.md:
            return render_markdown(report).encode("utf-8")
        case Format.xlsx:
            return render_report_xlsx(report)
        case Format.table | Format.csv | Format.tsv | Format.json | Format.ndjson | Format.parquet:
            raise ValueError(f"{fmt.value} is a table format, not a report format")
        case _:
            assert_never(fmt)


__all__ = [
    "DataQuality",
    "IsoWeek",
    "Period",
    "Report",
    "build_report",
    "choose_period",
    "default_week",
    "parse_week",
    "range_period",
    "render_report",
    "week_period",
]
