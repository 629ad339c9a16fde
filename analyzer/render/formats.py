"""Output formats: what a table or a report can be written in, which file extension
names which format, and how the format of a run is chosen.

Tables (``analyze``, ``failures``, ``evidence``, ``patterns list``) and the report
offer different formats, so each has its closed set (typer offers an enum's members
as an option's choices); both are chosen from the one suffix table below.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from analyzer.errors import UsageError


class OutputFormat(StrEnum):
    """Every format a table can be written in."""

    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    ndjson = "ndjson"
    parquet = "parquet"
    xlsx = "xlsx"


class ReportFormat(StrEnum):
    """The formats ``bjla report`` writes."""

    html = "html"
    md = "md"
    xlsx = "xlsx"


# Every file extension bjla knows, and the format it names (tables and reports share .xlsx).
SUFFIXES: dict[str, str] = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".txt": "table",
    ".json": "json",
    ".ndjson": "ndjson",
    ".jsonl": "ndjson",
    ".parquet": "parquet",
    ".xlsx": "xlsx",
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".markdown": "md",
}

_Format = TypeVar("_Format", OutputFormat, ReportFormat)


def _named_by(output: Path, formats: type[_Format]) -> _Format | None:
    """The format of ``formats`` that the extension of ``output`` names, if any."""
    name = SUFFIXES.get(output.suffix.lower())
    return next((f for f in formats if f.value == name), None)


def _suffixes(formats: type[_Format]) -> list[str]:
    values = {f.value for f in formats}
    return sorted(suffix for suffix, name in SUFFIXES.items() if name in values)


def choose_format(
    explicit: OutputFormat | None, output: Path | None, stdout_is_tty: bool
) -> OutputFormat:
    """``-f`` wins, else the extension of ``-o``, else a table on a terminal, CSV on a pipe."""
    if explicit is not None:
        return explicit
    if output is not None:
        found = _named_by(output, OutputFormat)
        if found is None:
            known = ", ".join(_suffixes(OutputFormat))
            raise UsageError(
                f"cannot tell the format from '{output.name}' (known extensions: {known});"
                " pass -f FORMAT"
            )
        return found
    return OutputFormat.table if stdout_is_tty else OutputFormat.csv


def report_format(output: Path | None, fmt: ReportFormat | None = None) -> ReportFormat:
    """The explicit format, else the one the output's extension names, else Markdown."""
    if fmt is not None:
        return fmt
    if output is None:
        return ReportFormat.md
    found = _named_by(output, ReportFormat)
    if found is None:
        raise UsageError(
            f"cannot tell the report format from '{output.name}'; use .html, .md or .xlsx"
        )
    return found
