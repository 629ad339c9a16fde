"""Every output format carries the same values, and the XLSX workbook is laid out for use.

Each format is read back with a reader independent of the one that wrote it (csv, json,
openpyxl; pyarrow-backed polars for Parquet) and normalized to plain values (numbers as
floats, times as second-precision UTC ISO strings, empty as None) before comparing with
the CSV output.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

import openpyxl
import polars as pl
import pytest

from tests.cli.support import JOBS, SAMPLE, accounting, cached, invoke

FORMATS = ["csv", "tsv", "json", "ndjson", "parquet", "xlsx"]
NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")
ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?")
WHITESPACE = re.compile(r"[\t\r\n]+")

Table = list[list[Any]]


def norm(value: Any) -> Any:
    """One cell as a plain, comparable value."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return round(float(value), 6)
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        value = value.replace(microsecond=0)
        return value.date().isoformat() if value.time() == datetime.min.time() else value
    if isinstance(value, date):
        return value.isoformat()
    text = WHITESPACE.sub(" ", str(value))  # TSV cannot carry tabs or line breaks
    if text in ("true", "false"):  # a boolean column (top_code_known) as CSV writes it
        return text == "true"
    if NUMBER.fullmatch(text):
        return round(float(text), 6)
    if ISO_TIME.fullmatch(text):
        return norm(datetime.fromisoformat(text.replace("Z", "+00:00")))
    return text


def normalized(header: list[str], rows: list[list[Any]]) -> tuple[list[str], Table]:
    return header, [[norm(v) for v in row] for row in rows]


def from_csv(data: bytes, delimiter: str = ",") -> tuple[list[str], Table]:
    quoting: Literal[0, 1, 2, 3] = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    header, *rows = csv.reader(io.StringIO(data.decode()), delimiter=delimiter, quoting=quoting)
    return normalized(header, rows)


def from_records(records: list[dict[str, Any]]) -> tuple[list[str], Table]:
    header = list(records[0])
    return normalized(header, [[r[c] for c in header] for r in records])


def from_parquet(data: bytes) -> tuple[list[str], Table]:
    frame = pl.read_parquet(io.BytesIO(data))
    return normalized(frame.columns, [list(r) for r in frame.iter_rows()])


def from_sheet(sheet: Any) -> tuple[list[str], Table]:
    header, *rows = ([c for c in row] for row in sheet.iter_rows(values_only=True))
    return normalized([str(h) for h in header], rows)


def read_back(fmt: str, data: bytes, sheet: str) -> tuple[list[str], Table]:
    if fmt == "csv":
        return from_csv(data)
    if fmt == "tsv":
        return from_csv(data, "\t")
    if fmt == "json":
        return from_records(json.loads(data))
    if fmt == "ndjson":
        return from_records([json.loads(line) for line in data.decode().splitlines() if line])
    if fmt == "parquet":
        return from_parquet(data)
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return from_sheet(book[sheet])


@pytest.mark.parametrize("fmt", FORMATS[1:])
def test_analyze_carries_the_same_values_in_every_format(fmt: str) -> None:
    reference = cached("analyze", SAMPLE, "-f", "csv")
    result = cached("analyze", SAMPLE, "-f", fmt)
    assert result.exit_code == 0, result.stderr
    expected = read_back("csv", reference.stdout_bytes, "by-vm")
    assert len(expected[1]) > 10
    assert read_back(fmt, result.stdout_bytes, "by-vm") == expected
    assert result.stderr == reference.stderr  # the format changes nothing else


@pytest.mark.parametrize("fmt", FORMATS[1:])
def test_failures_of_every_fixture_carry_the_same_values(fmt: str, tmp_path: Path) -> None:
    """Int, float, time and null columns, through -o and the extension this time."""
    unreadable = ("empty.csv", "unknown_shape.csv")
    inputs = [str(p) for p in sorted(JOBS.iterdir()) if p.name not in unreadable]
    reference = cached("failures", *inputs, "-f", "csv")
    assert reference.exit_code == 0, reference.stderr
    out = tmp_path / f"f.{fmt}"
    result = invoke(["failures", *inputs, "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""  # -o takes the table off stdout
    expected = read_back("csv", reference.stdout_bytes, "failures")
    assert len(expected[1]) >= 10
    assert read_back(fmt, out.read_bytes(), "failures") == expected


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("xlsx") / "out.xlsx"
    result = invoke(["analyze", SAMPLE, "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    return openpyxl.load_workbook(out)


def test_xlsx_has_one_sheet_per_table(workbook: Any) -> None:
    assert workbook.sheetnames == ["by-vm", "failures", "rejects"]


@pytest.mark.parametrize("sheet", ["by-vm", "failures", "rejects"])
def test_xlsx_sheet_has_frozen_bold_header_and_autofilter(workbook: Any, sheet: str) -> None:
    ws = workbook[sheet]
    assert ws.freeze_panes == "A2"
    last = openpyxl.utils.get_column_letter(ws.max_column)
    assert ws.auto_filter.ref == f"A1:{last}{max(ws.max_row, 2)}"
    assert all(cell.font.b for cell in ws[1])
    widths = [
        ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width
        for i in range(1, ws.max_column + 1)
    ]
    assert all(8 <= w <= 62 for w in widths)


def test_xlsx_sheets_hold_what_the_other_commands_print(workbook: Any) -> None:
    by_vm = read_back("csv", cached("analyze", SAMPLE, "-f", "csv").stdout_bytes, "")
    assert from_sheet(workbook["by-vm"]) == by_vm
    failures = read_back("csv", cached("failures", SAMPLE, "-f", "csv").stdout_bytes, "")
    assert from_sheet(workbook["failures"]) == failures
    header, rejects = from_sheet(workbook["rejects"])
    assert header == ["source", "source_row", "shape", "reason"]
    assert len(rejects) == accounting(cached("analyze", SAMPLE, "-f", "csv").stderr).rejects


def test_xlsx_times_are_real_dates(workbook: Any) -> None:
    ws = workbook["failures"]
    header = [c.value for c in ws[1]]
    start = ws.cell(row=2, column=header.index("start_time") + 1)
    assert isinstance(start.value, datetime)
    assert start.number_format == "yyyy-mm-dd hh:mm"


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "ndjson", "table"])
def test_text_output_ends_with_a_newline(fmt: str) -> None:
    result = invoke(["analyze", str(JOBS / "bom_utf8.csv"), "-f", fmt])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith("\n") and not result.stdout.endswith("\n\n")


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_result_is_still_a_valid_file(fmt: str, tmp_path: Path) -> None:
    """No job in the window: every format still writes a readable, empty table."""
    out = tmp_path / f"empty.{fmt}"
    result = invoke(
        ["analyze", str(JOBS / "bom_utf8.csv"), "--since", "2027-01-01", "-o", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    data = out.read_bytes()
    if fmt in ("json", "ndjson"):
        assert data.decode().strip() in ("[]", "")
        return
    header, rows = read_back(fmt, data, "by-vm")
    assert header[:4] == ["vm", "resource_group", "jobs", "finished"]
    assert rows == []
