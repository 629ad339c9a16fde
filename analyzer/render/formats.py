"""Output formats: the closed set, and how one is chosen for a run."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

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


EXTENSIONS: dict[str, OutputFormat] = {
    ".csv": OutputFormat.csv,
    ".tsv": OutputFormat.tsv,
    ".tab": OutputFormat.tsv,
    ".txt": OutputFormat.table,
    ".json": OutputFormat.json,
    ".ndjson": OutputFormat.ndjson,
    ".jsonl": OutputFormat.ndjson,
    ".parquet": OutputFormat.parquet,
    ".xlsx": OutputFormat.xlsx,
}

BINARY = {OutputFormat.parquet, OutputFormat.xlsx}


def choose_format(
    explicit: OutputFormat | None, output: Path | None, stdout_is_tty: bool
) -> OutputFormat:
    """``-f`` wins, else the extension of ``-o``, else a table on a terminal, CSV on a pipe."""
    if explicit is not None:
        return explicit
    if output is not None:
        suffix = output.suffix.lower()
        if suffix not in EXTENSIONS:
            known = ", ".join(sorted(EXTENSIONS))
            raise UsageError(
                f"cannot tell the format from '{output.name}' (known extensions: {known});"
                " pass -f FORMAT"
            )
        return EXTENSIONS[suffix]
    return OutputFormat.table if stdout_is_tty else OutputFormat.csv
