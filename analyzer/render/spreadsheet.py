"""Spreadsheet-ready CSV and TSV (``--excel``): files Excel and LibreOffice open as typed
cells by a double-click, in an English or a Swedish locale, without an import wizard.

What each locale's spreadsheet expects of a delimited file it opens directly:

- UTF-8 with a byte-order mark: without one Excel reads the file as the system's ANSI
  code page and shows å, ä, ö garbled.
- The locale's list separator: ``,`` in English locales, ``;`` in Swedish ones (whose
  decimal separator is the comma). TSV keeps the tab in both.
- Times as ``YYYY-MM-DD HH:MM:SS`` (UTC), which both spreadsheets take as a date and time
  in every locale; ISO-8601 with ``T`` and ``Z`` stays text.
- Decimals with the locale's decimal separator (``0,3488`` in Swedish), never in
  scientific notation, so rates and hours are numbers.
- Truth values in the locale's words (``TRUE``/``FALSE``, ``SANT``/``FALSKT``), so they
  are truth values, not text.

Headers are the ones a person reads in the output's language (``words_sv.column_header``);
the text cells a spreadsheet would run as formulas are still quoted (``safety``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

import polars as pl

from analyzer.render.safety import neutralise_formulas
from analyzer.render.words_sv import column_header

EXCEL_TIME = "%Y-%m-%d %H:%M:%S"
EXCEL_DAY = "%Y-%m-%d"
LOCALES = ("en", "sv")
SEPARATORS = {"en": ",", "sv": ";"}
TRUTH = {"en": ("TRUE", "FALSE"), "sv": ("SANT", "FALSKT")}


@dataclass(frozen=True)
class Style:
    """How a table is worded and laid out for the person or spreadsheet that reads it.

    ``lang`` words what a person reads: terminal headers and titles, XLSX headers and
    sheet names, the headers of ``--excel`` files. ``excel`` is the locale of
    spreadsheet-ready CSV/TSV (None: plain CSV/TSV with column ids, ISO-8601 UTC times).
    """

    lang: str = "en"
    excel: str | None = None


PLAIN = Style()


def separator(locale: str, tsv: bool) -> str:
    """The field separator a spreadsheet in ``locale`` splits a file it opens at."""
    return "\t" if tsv else SEPARATORS[locale]


def write_excel_text(
    frame: pl.DataFrame, sink: BinaryIO, style: Style, *, tsv: bool, raw: bool
) -> None:
    """``frame`` as CSV (or TSV) that a spreadsheet in ``style.excel`` opens typed."""
    locale = style.excel or "en"
    flat = frame.with_columns(pl.col(pl.List(pl.String)).list.join("; "))
    cells = flat if raw else neutralise_formulas(flat)
    if tsv:
        cells = cells.with_columns(pl.col(pl.String).str.replace_all(r"[\t\r\n]+", " "))
    true, false = TRUTH[locale]
    typed = cells.with_columns(
        pl.col(pl.Datetime).dt.convert_time_zone("UTC").dt.strftime(EXCEL_TIME),
        pl.col(pl.Date).dt.strftime(EXCEL_DAY),
        pl.col(pl.Boolean).cast(pl.String).replace({"true": true, "false": false}),
    )
    headed = typed.rename({c: column_header(c, style.lang) for c in typed.columns})
    headed.write_csv(
        sink,
        include_bom=True,
        separator=separator(locale, tsv),
        decimal_comma=locale == "sv",
        float_scientific=False,
        quote_style="never" if tsv else "necessary",
    )
