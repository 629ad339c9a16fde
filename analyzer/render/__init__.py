"""Render tables to bytes in any table format; only the CLI writes them anywhere."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import BinaryIO, assert_never

import polars as pl

from analyzer.render.formats import (
    REPORT_FORMATS,
    TABLE_FORMATS,
    Format,
    choose_format,
    report_format,
)
from analyzer.render.safety import escape_controls, neutralise_formulas
from analyzer.render.spreadsheet import PLAIN, Style, write_excel_text
from analyzer.render.terminal import render_screen
from analyzer.render.xlsx import write_xlsx

ISO_UTC = "%Y-%m-%dT%H:%M:%SZ"

NamedTable = tuple[str, pl.DataFrame]


def flat_for_text(frame: pl.DataFrame) -> pl.DataFrame:
    """Datetimes as ISO-8601 UTC strings, lists joined: what CSV/JSON carry."""
    return frame.with_columns(
        pl.col(pl.Datetime).dt.convert_time_zone("UTC").dt.strftime(ISO_UTC),
        pl.col(pl.List(pl.String)).list.join("; "),
    )


def render(
    tables: list[NamedTable], fmt: Format, *, raw: bool = False, style: Style = PLAIN
) -> bytes:
    """The first table (or all of them, for XLSX and the terminal table) as bytes."""
    buffer = io.BytesIO()
    render_to(tables, fmt, buffer, raw=raw, style=style)
    return buffer.getvalue()


def render_to(
    tables: list[NamedTable],
    fmt: Format,
    sink: BinaryIO,
    width: int | None = None,
    *,
    raw: bool = False,
    terminal: bool = False,
    style: Style = PLAIN,
    progress: Callable[[str], None] = lambda _: None,
    colour: bool = False,
) -> None:
    """Write the rendering into ``sink``; text formats are written by polars directly, so
    a large table never exists twice in memory (frame and bytes). ``width`` is the
    terminal's, for the table format (None: every screen column, however wide).

    CSV and TSV text cells that a spreadsheet would run as formulas are quoted unless
    ``raw``; with ``terminal`` (the sink is one), CSV and TSV show control characters
    as escapes, as the table format always does. ``style`` words what a person reads
    (terminal, XLSX, ``--excel`` CSV/TSV) and asks for spreadsheet-ready CSV/TSV.
    ``progress`` hears how a workbook comes along; ``colour`` paints the table format
    (``render.colour``).
    """
    if terminal and fmt in TERMINAL_ESCAPED:
        buffer = io.BytesIO()
        render_to(tables, fmt, buffer, width, raw=raw, style=style)
        text = buffer.getvalue().decode("utf-8", "replace")
        sink.write(escape_controls(text, keep="\t\n").encode())
        return
    name, primary = tables[0]
    if style.excel is not None and fmt in (Format.csv, Format.tsv):
        write_excel_text(primary, sink, style, tsv=fmt is Format.tsv, raw=raw)
        return
    match fmt:
        case Format.table if colour:
            sink.write(render_screen(name, primary, width, colour=True, lang=style.lang).encode())
        case Format.table:
            screen = render_screen(name, primary, width, lang=style.lang)
            sink.write(escape_controls(screen, keep="\n").encode())
        case Format.csv:
            _spreadsheet_safe(flat_for_text(primary), raw).write_csv(sink, datetime_format=ISO_UTC)
        case Format.tsv:
            clean = _spreadsheet_safe(flat_for_text(primary), raw).with_columns(
                pl.col(pl.String).str.replace_all(r"[\t\r\n]+", " ")
            )
            clean.write_csv(sink, separator="\t", quote_style="never")
        case Format.json:
            sink.write(flat_for_text(primary).write_json().encode())
            sink.write(b"\n")  # a text file ends in a newline
        case Format.ndjson:
            flat_for_text(primary).write_ndjson(sink)
        case Format.parquet:
            primary.write_parquet(sink)
        case Format.xlsx:
            write_xlsx(tables, sink, progress=progress, lang=style.lang)
        case Format.html | Format.md:
            raise ValueError(f"{fmt.value} is a report format, not a table format")
        case _:
            assert_never(fmt)


# Formats whose control characters would reach a terminal as they are (JSON escapes its own).
TERMINAL_ESCAPED = {Format.csv, Format.tsv}


def _spreadsheet_safe(frame: pl.DataFrame, raw: bool) -> pl.DataFrame:
    return frame if raw else neutralise_formulas(frame)


__all__ = [
    "REPORT_FORMATS",
    "TABLE_FORMATS",
    "Format",
    "NamedTable",
    "Style",
    "choose_format",
    "escape_controls",
    "render",
    "render_to",
    "report_format",
]
