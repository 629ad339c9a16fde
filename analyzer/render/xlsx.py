"""XLSX workbooks: one sheet per table, formatted header, autofilter, frozen header row.

Rows are written in order with xlsxwriter's constant-memory mode, which moves each
finished row to a temporary file: a sheet of a large fleet does not wait in memory as
cell objects (that cost about ten times the table itself).
"""

from __future__ import annotations

import io
import traceback
import zipfile
from collections.abc import Callable
from typing import Any, BinaryIO

import polars as pl
import xlsxwriter
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from analyzer.limits import DEFAULT_LIMITS, Limits
from analyzer.render.numbers import RATE_COLUMNS, integer
from analyzer.render.words_sv import column_header, table_title
from analyzer.steps import Step
from analyzer.stopping import scratch_folder

MIN_WIDTH = 8
MAX_WIDTH = 60
SHEET_NAME_MAX = 31


CellWriter = Callable[[int, int, Any, Any], Any]  # row, column, value, format


def render_xlsx(tables: list[tuple[str, pl.DataFrame]], limits: Limits = DEFAULT_LIMITS) -> bytes:
    """A workbook with one sheet per named table (Excel's own limits in ``limits``)."""
    buffer = io.BytesIO()
    write_xlsx(tables, buffer, limits)
    return buffer.getvalue()


def write_xlsx(
    tables: list[tuple[str, pl.DataFrame]],
    sink: BinaryIO,
    limits: Limits = DEFAULT_LIMITS,
    progress: Callable[[str], None] = lambda _: None,
    *,
    lang: str = "en",
) -> None:
    """Write a workbook with one sheet per named table to ``sink``.

    Sheet names and headers are the tables' and columns' words in ``lang`` (English:
    their ids, or the names given).

    The writer's own temporary files go to a scratch folder of ours, removed when the
    workbook is done or the run is stopped. A failed write raises the OSError behind it.
    ``progress`` hears the rows written of all sheets (a large workbook takes seconds).
    """
    total = sum(min(frame.height, limits.sheet_data_rows) for _, frame in tables)
    told = _Told(progress, total)
    with scratch_folder(prefix="bjla-xlsx-") as scratch:
        options = {
            "constant_memory": True,
            "remove_timezone": True,
            "nan_inf_to_errors": True,
            "tmpdir": str(scratch),
        }
        book = xlsxwriter.Workbook(sink, options)
        styles = _styles(book)
        for name, frame in tables:
            sheet = book.add_worksheet(table_title(name, lang)[:SHEET_NAME_MAX])
            _write_sheet(sheet, frame, styles, limits, told, lang)
        progress("writing the workbook: compressing it")
        try:
            book.close()
        except FileCreateError as exc:
            _disarm_zip(exc)
            cause = exc.args[0] if exc.args else exc
            raise cause if isinstance(cause, OSError) else OSError(str(cause)) from None


def _disarm_zip(exc: BaseException) -> None:
    """Stop the zip file a failed ``close`` left open from writing again when collected.

    xlsxwriter leaves its zip file open when a write fails (a full disk); the zip file's
    finaliser would later write its end record into the closed sink and print a traceback
    at exit. It is found among the locals of the failed call's frames.
    """
    failed: BaseException | None = exc
    while failed is not None:  # the OSError behind it holds the frames that held the zip
        for frame, _ in traceback.walk_tb(failed.__traceback__):
            for value in frame.f_locals.values():
                if isinstance(value, zipfile.ZipFile):
                    value.fp = None
        failed = failed.__context__


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


class _Told:
    """Rows written across the workbook's sheets, said every ``EVERY`` rows of a sheet."""

    EVERY = 20_000

    def __init__(self, progress: Callable[[str], None], total: int) -> None:
        self.progress, self.total, self.before = progress, total, 0

    def say(self, sheet: str, row: int) -> None:
        done = self.before + row - 1
        text = f"writing the workbook: sheet {sheet}, row {done + 1:,}/{self.total:,}"
        self.progress(Step(text, done, self.total, "writing"))


def _write_sheet(
    sheet: Worksheet,
    frame: pl.DataFrame,
    styles: dict[str, object],
    limits: Limits,
    told: _Told,
    lang: str,
) -> None:
    max_rows = limits.sheet_data_rows
    hidden = max(0, frame.height - max_rows)
    frame = frame.head(max_rows)
    plain = frame.with_columns(
        pl.col(pl.Datetime).dt.replace_time_zone(None),
    )
    cells: list[tuple[int, CellWriter, object]] = []
    links = _LinkWriter(sheet, limits.sheet_links)
    for col_idx, column in enumerate(frame.columns):
        header = column_header(column, lang)
        sheet.write_string(0, col_idx, header, styles["header"])
        sheet.set_column(col_idx, col_idx, _width(frame, column, header))
        cells.append((col_idx, *_column_cells(links, frame, column, styles)))
    # Row by row, as constant-memory mode requires.
    for row_idx, values in enumerate(plain.iter_rows(), start=1):
        if row_idx % told.EVERY == 1:
            told.say(sheet.name, row_idx)
        for (col_idx, write, style), value in zip(cells, values, strict=True):
            if value is not None:
                write(row_idx, col_idx, value, style)
    told.before += frame.height
    if hidden:
        # Excel cannot hold more rows; say so in the sheet rather than drop them silently.
        more, held = integer(hidden, lang), integer(max_rows, lang)
        note = (
            f"{more} rader till visas inte: ett blad rymmer {held}; använd -f csv eller -f parquet"
            if lang == "sv"
            else f"{more} more rows not shown: a sheet holds {held}; use -f csv or -f parquet"
        )
        sheet.write_string(max_rows + 1, 0, note)
    sheet.freeze_panes(1, 0)
    if frame.width:
        sheet.autofilter(0, 0, max(frame.height, 1), frame.width - 1)


def _column_cells(
    links: _LinkWriter, frame: pl.DataFrame, column: str, styles: dict[str, object]
) -> tuple[CellWriter, object]:
    """How a column's cells are written: the xlsxwriter call and the cell format."""
    if _is_link_column(frame.get_column(column)):
        return links, None  # None: xlsxwriter's hyperlink style
    writer: CellWriter = getattr(links.sheet, _writer_name(frame.schema[column]))
    return writer, _column_style(frame, column, styles)


def _is_link_column(values: pl.Series) -> bool:
    """A text column of web addresses only (the documentation links)."""
    if values.dtype != pl.String or values.null_count() == values.len():
        return False
    return bool(values.drop_nulls().str.contains(r"^https?://\S+$").all())


class _LinkWriter:
    """Writes clickable links up to Excel's limit per sheet, plain text after it."""

    def __init__(self, sheet: Worksheet, links: int) -> None:
        self.sheet = sheet
        self.left = links  # shared by every link column of the sheet

    def __call__(self, row: int, col: int, url: Any, style: Any) -> Any:
        if self.left > 0:
            self.left -= 1
            return self.sheet.write_url(row, col, url, style)
        return self.sheet.write_string(row, col, url, style)


def _writer_name(dtype: pl.DataType) -> str:
    if dtype == pl.String:
        return "write_string"
    if isinstance(dtype, pl.Datetime) or dtype == pl.Date:
        return "write_datetime"
    if dtype == pl.Boolean:
        return "write_boolean"
    if dtype.is_numeric():
        return "write_number"
    return "write"


def _width(frame: pl.DataFrame, column: str, header: str) -> int:
    dtype = frame.schema[column]
    if isinstance(dtype, pl.Datetime):
        return 17
    sample = frame.get_column(column).head(500).cast(pl.String, strict=False).drop_nulls()
    lengths = sample.str.len_chars()
    longest = int(lengths.max() or 0) if sample.len() else 0  # type: ignore[arg-type]
    return max(MIN_WIDTH, min(MAX_WIDTH, max(longest, len(header)) + 2))


__all__ = ["render_xlsx", "write_xlsx", "xlsxwriter"]
