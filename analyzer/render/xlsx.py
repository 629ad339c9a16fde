"""XLSX workbooks: one sheet per table, formatted header, autofilter, frozen header row."""

from __future__ import annotations

import io

import polars as pl
import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from analyzer.render.formats import RATE_COLUMNS

MIN_WIDTH = 8
MAX_WIDTH = 60
SHEET_NAME_MAX = 31
MAX_DATA_ROWS = 1_048_576 - 2  # Excel's row limit, less the header and the note row


def render_xlsx(tables: list[tuple[str, pl.DataFrame]]) -> bytes:
    """A workbook with one sheet per named table."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "remove_timezone": True})
    styles = _styles(book)
    for name, frame in tables:
        _write_sheet(book.add_worksheet(name[:SHEET_NAME_MAX]), frame, styles)
    book.close()
    return buffer.getvalue()


def _styles(book: Workbook) -> dict[str, object]:
    return {
        "header": book.add_format(
            {
                "bold": True,
                "bg_color": "#1F4E79",
                "font_color": "#FFFFFF",
                "border": 1,
                "valign": "top",
                "text_wrap": True,
            }
        ),
        "datetime": book.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
        "rate": book.add_format({"num_format": "0.0%"}),
        "text": book.add_format({"valign": "top"}),
    }


def _column_style(frame: pl.DataFrame, column: str, styles: dict[str, object]) -> object:
    dtype = frame.schema[column]
    if isinstance(dtype, pl.Datetime):
        return styles["datetime"]
    if dtype == pl.Date:
        return styles["date"]
    if column in RATE_COLUMNS:
        return styles["rate"]
    return styles["text"]


def _write_sheet(sheet: Worksheet, frame: pl.DataFrame, styles: dict[str, object]) -> None:
    hidden = max(0, frame.height - MAX_DATA_ROWS)
    if hidden:
        # Excel cannot hold more rows; say so in the sheet rather than drop them silently.
        frame = frame.head(MAX_DATA_ROWS)
        note = (
            f"{hidden:,} more rows not shown: a sheet holds {MAX_DATA_ROWS:,};"
            " use -f csv or -f parquet"
        )
        sheet.write_string(MAX_DATA_ROWS + 1, 0, note)
    plain = frame.with_columns(
        pl.col(pl.Datetime).dt.replace_time_zone(None),
    )
    for col_idx, column in enumerate(frame.columns):
        sheet.write_string(0, col_idx, column, styles["header"])
        style = _column_style(frame, column, styles)
        for row_idx, value in enumerate(plain.get_column(column), start=1):
            if value is None:
                continue
            sheet.write(row_idx, col_idx, value, style)
        sheet.set_column(col_idx, col_idx, _width(frame, column))
    sheet.freeze_panes(1, 0)
    if frame.width:
        sheet.autofilter(0, 0, max(frame.height, 1), frame.width - 1)


def _width(frame: pl.DataFrame, column: str) -> int:
    dtype = frame.schema[column]
    if isinstance(dtype, pl.Datetime):
        return 17
    sample = frame.get_column(column).head(500).cast(pl.String, strict=False).drop_nulls()
    lengths = sample.str.len_chars()
    longest = int(lengths.max() or 0) if sample.len() else 0  # type: ignore[arg-type]
    return max(MIN_WIDTH, min(MAX_WIDTH, max(longest, len(column)) + 2))


__all__ = ["render_xlsx", "xlsxwriter"]
