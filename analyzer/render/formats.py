"""Output formats: the one enum of what bjla writes, which formats tables and the report
each accept, which file extension names which format, and how a run's format is chosen.

A command's ``--format`` offers only the subset it writes (``TABLE_FORMATS`` for
``analyze``, ``failures``, ``evidence``, ``patterns list``; ``REPORT_FORMATS`` for
``report``): ``cli_options.format_option`` builds that option from the subset.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from analyzer.errors import UsageError


class Format(StrEnum):
    """Every format bjla writes: tables in the first seven, the report in xlsx, html, md."""

    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    ndjson = "ndjson"
    parquet = "parquet"
    xlsx = "xlsx"
    html = "html"
    md = "md"


# In the order ``--help`` lists them.
TABLE_FORMATS: tuple[Format, ...] = (
    Format.table,
    Format.csv,
    Format.tsv,
    Format.json,
    Format.ndjson,
    Format.parquet,
    Format.xlsx,
)
REPORT_FORMATS: tuple[Format, ...] = (Format.html, Format.md, Format.xlsx)

# Every file extension bjla knows, and the format it names (tables and reports share .xlsx).
SUFFIXES: dict[str, Format] = {
    ".csv": Format.csv,
    ".tsv": Format.tsv,
    ".tab": Format.tsv,
    ".txt": Format.table,
    ".json": Format.json,
    ".ndjson": Format.ndjson,
    ".jsonl": Format.ndjson,
    ".parquet": Format.parquet,
    ".xlsx": Format.xlsx,
    ".html": Format.html,
    ".htm": Format.html,
    ".md": Format.md,
    ".markdown": Format.md,
}


def _named_by(output: Path, formats: tuple[Format, ...]) -> Format | None:
    """The format of ``formats`` that the extension of ``output`` names, if any."""
    found = SUFFIXES.get(output.suffix.lower())
    return found if found in formats else None


def _suffixes(formats: tuple[Format, ...]) -> list[str]:
    return sorted(suffix for suffix, fmt in SUFFIXES.items() if fmt in formats)


def choose_format(explicit: Format | None, output: Path | None, stdout_is_tty: bool) -> Format:
    """``-f`` wins, else the extension of ``-o``, else a table on a terminal, CSV on a pipe."""
    if explicit is not None:
        return explicit
    if output is not None:
        found = _named_by(output, TABLE_FORMATS)
        if found is None:
            known = ", ".join(_suffixes(TABLE_FORMATS))
            raise UsageError(
                f"cannot tell the format from '{output.name}' (known extensions: {known});"
                " pass -f FORMAT"
            )
        return found
    return Format.table if stdout_is_tty else Format.csv


def report_format(output: Path | None, fmt: Format | None = None) -> Format:
    """The explicit format, else the one the output's extension names, else Markdown."""
    if fmt is not None:
        return fmt
    if output is None:
        return Format.md
    found = _named_by(output, REPORT_FORMATS)
    if found is None:
        raise UsageError(
            f"cannot tell the report format from '{output.name}'; use .html, .md or .xlsx"
        )
    return found
