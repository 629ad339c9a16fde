"""Render tables to bytes in any OutputFormat; only the CLI writes them anywhere."""

from __future__ import annotations

import io
from typing import BinaryIO, assert_never

import polars as pl

from analyzer.render.formats import BINARY, EXTENSIONS, OutputFormat, choose_format
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


def render(tables: list[NamedTable], fmt: OutputFormat) -> bytes:
    """The first table (or all of them, for XLSX and the terminal table) as bytes."""
    buffer = io.BytesIO()
    render_to(tables, fmt, buffer)
    return buffer.getvalue()


def render_to(
    tables: list[NamedTable], fmt: OutputFormat, sink: BinaryIO, width: int | None = None
) -> None:
    """Write the rendering into ``sink``; text formats are written by polars directly, so
    a large table never exists twice in memory (frame and bytes). ``width`` is the
    terminal's, for the table format (None: every screen column, however wide)."""
    name, primary = tables[0]
    match fmt:
        case OutputFormat.table:
            sink.write(render_screen(name, primary, width).encode())
        case OutputFormat.csv:
            flat_for_text(primary).write_csv(sink, datetime_format=ISO_UTC)
        case OutputFormat.tsv:
            clean = flat_for_text(primary).with_columns(
                pl.col(pl.String).str.replace_all(r"[\t\r\n]+", " ")
            )
            clean.write_csv(sink, separator="\t", quote_style="never")
        case OutputFormat.json:
            sink.write(flat_for_text(primary).write_json().encode())
            sink.write(b"\n")  # a text file ends in a newline
        case OutputFormat.ndjson:
            flat_for_text(primary).write_ndjson(sink)
        case OutputFormat.parquet:
            primary.write_parquet(sink)
        case OutputFormat.xlsx:
            write_xlsx(tables, sink)
        case _:
            assert_never(fmt)


__all__ = [
    "BINARY",
    "EXTENSIONS",
    "NamedTable",
    "OutputFormat",
    "choose_format",
    "render",
    "render_to",
]
