"""Render tables to bytes in any OutputFormat; only the CLI writes them anywhere."""

from __future__ import annotations

import io
from typing import assert_never

import polars as pl

from analyzer.render.formats import BINARY, EXTENSIONS, OutputFormat, choose_format
from analyzer.render.terminal import render_screen
from analyzer.render.xlsx import render_xlsx

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
    name, primary = tables[0]
    match fmt:
        case OutputFormat.table:
            return render_screen(name, primary).encode()
        case OutputFormat.csv:
            return flat_for_text(primary).write_csv(datetime_format=ISO_UTC).encode()
        case OutputFormat.tsv:
            clean = flat_for_text(primary).with_columns(
                pl.col(pl.String).str.replace_all(r"[\t\r\n]+", " ")
            )
            return clean.write_csv(separator="\t", quote_style="never").encode()
        case OutputFormat.json:
            return flat_for_text(primary).write_json().encode()
        case OutputFormat.ndjson:
            return flat_for_text(primary).write_ndjson().encode()
        case OutputFormat.parquet:
            buffer = io.BytesIO()
            primary.write_parquet(buffer)
            return buffer.getvalue()
        case OutputFormat.xlsx:
            return render_xlsx(tables)
        case _:
            assert_never(fmt)


__all__ = ["BINARY", "EXTENSIONS", "NamedTable", "OutputFormat", "choose_format", "render"]
