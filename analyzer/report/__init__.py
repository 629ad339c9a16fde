"""The weekly fleet failure report: build it from an analysis, render it as HTML,
Markdown or XLSX.

    period = choose_period(now=now, tz=tz, week="2026-W47")
    since, until = period.analysis_window()      # analyze this window, days in tz
    report = build_report(analysis, cat, period=period, lang="sv", now=now, ...)
    html = render_html(report)
"""

from __future__ import annotations

from analyzer.report.build import build_report
from analyzer.report.model import DataQuality, Report
from analyzer.report.weeks import (
    IsoWeek,
    Period,
    choose_period,
    default_week,
    parse_week,
    range_period,
    week_period,
)

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
    "week_period",
]
