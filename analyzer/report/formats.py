"""Which report format an output file asks for, and rendering to bytes."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import assert_never

from analyzer.errors import UsageError
from analyzer.report.html import render_html
from analyzer.report.markdown import render_markdown
from analyzer.report.model import Report
from analyzer.report.xlsx import render_report_xlsx


class ReportFormat(StrEnum):
    """The formats ``bjla report`` writes."""

    html = "html"
    md = "md"
    xlsx = "xlsx"


SUFFIXES = {
    ".html": ReportFormat.html,
    ".htm": ReportFormat.html,
    ".md": ReportFormat.md,
    ".markdown": ReportFormat.md,
    ".xlsx": ReportFormat.xlsx,
}


def report_format(output: Path | None, fmt: ReportFormat | None = None) -> ReportFormat:
    """The explicit format, else the one the output's extension names, else Markdown."""
    if fmt is not None:
        return fmt
    if output is None:
        return ReportFormat.md
    found = SUFFIXES.get(output.suffix.lower())
    if found is None:
        raise UsageError(
            f"cannot tell the report format from '{output.name}'; use .html, .md or .xlsx"
        )
    return found


def render_report(report: Report, fmt: ReportFormat) -> bytes:
    """The report as bytes in ``fmt``."""
    match fmt:
        case ReportFormat.html:
            return render_html(report).encode("utf-8")
        case ReportFormat.md:
            return render_markdown(report).encode("utf-8")
        case ReportFormat.xlsx:
            return render_report_xlsx(report)
        case _:
            assert_never(fmt)
