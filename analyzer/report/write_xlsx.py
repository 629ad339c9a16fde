"""The report as a workbook: one sheet per report table, values typed (counts as
numbers, rates in percent, times in the report's time zone)."""

from __future__ import annotations

import polars as pl

from analyzer.render.xlsx import render_xlsx
from analyzer.report.model import Report
from analyzer.report.page import page
from analyzer.report.page_cells import Table

# Excel forbids these in sheet names; "VM:ar" becomes "VMar"
FORBIDDEN_IN_SHEET_NAMES = str.maketrans({**{c: " " for c in "[]*?/\\"}, ":": ""})


def sheet_frame(table: Table) -> pl.DataFrame:
    """A table's typed cell values under its (sheet) headers."""
    headers = _unique([c.sheet_label or c.label for c in table.columns])
    columns = {header: [row[i].value for row in table.rows] for i, header in enumerate(headers)}
    return (
        pl.DataFrame(columns, strict=False)
        if table.rows
        else pl.DataFrame({h: [] for h in headers}, schema={h: pl.String for h in headers})
    )


def _unique(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for header in headers:
        seen[header] = seen.get(header, 0) + 1
        out.append(header if seen[header] == 1 else f"{header} ({seen[header]})")
    return out


def report_sheets(report: Report) -> list[tuple[str, pl.DataFrame]]:
    """(sheet name, frame) for every table, in page order, about sheet first."""
    view = page(report)
    tables = [(view.about.title, view.about)]
    tables += [(view.opening.title, table) for table in view.opening.tables]
    tables.append((view.kpis.title, view.kpis))
    for section in view.sections:
        for table in section.tables:
            tables.append((table.title or section.title, table))
    names = _unique([name.translate(FORBIDDEN_IN_SHEET_NAMES)[:28] for name, _ in tables])
    return [(name, sheet_frame(table)) for name, (_, table) in zip(names, tables, strict=True)]


def render_report_xlsx(report: Report) -> bytes:
    """The report as XLSX bytes."""
    return render_xlsx(report_sheets(report))
