"""Every output format carries the same values; format selection rules."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from analyzer.errors import UsageError
from analyzer.limits import Limits
from analyzer.render import (
    REPORT_FORMATS,
    TABLE_FORMATS,
    Format,
    choose_format,
    render,
    report_format,
)
from analyzer.render.formats import SUFFIXES

FRAME = pl.DataFrame(
    {
        "vm": ["lnx-web-01", "win-sql-01", "väst-01"],
        "failed": [3, 0, 1],
        "failure_rate": [0.75, None, 0.125],
        "last_failure": [
            datetime(2026, 11, 17, 22, 5, tzinfo=UTC),
            None,
            datetime(2026, 11, 2, 23, 0, tzinfo=UTC),
        ],
        "day": [date(2026, 11, 17), date(2026, 11, 18), date(2026, 11, 2)],
        "suggested_fix": [
            "1. Set Extensions.Enable=y, then\tretry.",
            None,
            'Quote "this", and that',
        ],
    }
)


def canonical(frame: pl.DataFrame) -> list[dict[str, object]]:
    """Rows as plain strings, so values from any format compare equal."""
    out = []
    for row in frame.iter_rows(named=True):
        clean: dict[str, object] = {}
        for key, value in row.items():
            if isinstance(value, datetime):
                value = value.strftime("%Y-%m-%dT%H:%M:%SZ")
            elif isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, str) and key == "suggested_fix":
                value = " ".join(value.split())
            clean[key] = None if value in (None, "") else str(value)
        out.append(clean)
    return out


def read_back(fmt: Format, data: bytes) -> pl.DataFrame:
    match fmt:
        case Format.csv:
            return pl.read_csv(io.BytesIO(data), infer_schema=False)
        case Format.tsv:
            return pl.read_csv(
                io.BytesIO(data), separator="\t", infer_schema=False, quote_char=None
            )
        case Format.json:
            return pl.DataFrame(json.loads(data)).cast(pl.String)
        case Format.ndjson:
            return pl.DataFrame([json.loads(line) for line in data.splitlines()]).cast(pl.String)
        case Format.parquet:
            return pl.read_parquet(io.BytesIO(data))
        case Format.xlsx:
            sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
            values = list(sheet.iter_rows(values_only=True))
            header, body = values[0], values[1:]
            rows = [
                {
                    h: (
                        v.replace(tzinfo=UTC)
                        if isinstance(v, datetime) and h != "day"
                        else v.date()
                        if isinstance(v, datetime)
                        else v
                    )
                    for h, v in zip(header, r, strict=True)
                }
                for r in body
            ]
            return pl.DataFrame(rows, infer_schema_length=None)
    raise AssertionError(fmt)


@pytest.mark.parametrize("fmt", [f for f in TABLE_FORMATS if f is not Format.table])
def test_every_format_carries_the_same_values(fmt: Format) -> None:
    back = read_back(fmt, render([("t", FRAME)], fmt))
    assert back.columns == FRAME.columns
    assert canonical(back) == canonical(FRAME)


def test_table_format_is_aligned_text() -> None:
    text = render([("by-vm", FRAME)], Format.table).decode()
    lines = text.splitlines()
    assert lines[0] == "by-vm (3 rows)"
    # failure_rate is wider than its values: its name is split over two header lines.
    assert lines[1].split() == ["failure"]
    assert lines[2].split() == ["vm", "failed", "rate", "last_failure"]
    assert lines[3].split() == ["-" * 10, "-" * 6, "-" * 7, "-" * 16]
    assert lines[1].index("failure") == lines[2].index("rate") - 3  # right-aligned, as numbers
    assert "75.0%" in text and "2026-11-17 22:05" in text


def test_table_leaves_out_columns_to_fit_the_terminal() -> None:
    from analyzer.render.terminal import render_screen

    text = render_screen("by-vm", FRAME, width=40)
    lines = text.splitlines()
    header = next(n for n, line in enumerate(lines) if line.startswith("vm"))
    assert lines[header].split() == ["vm", "failed", "last_failure"]  # one header line now
    assert all(len(line) <= 40 for line in lines[: header + 5])
    note = " ".join(lines[1:header])
    assert note == (
        "(not shown, to fit 40 columns: failure_rate; -f csv or -o FILE.xlsx has every column)"
    )


def test_table_keeps_every_column_when_it_fits() -> None:
    from analyzer.render.terminal import render_screen

    assert render_screen("by-vm", FRAME, width=500) == render_screen("by-vm", FRAME)


def test_xlsx_has_one_sheet_per_table_with_frozen_header_and_filter() -> None:
    data = render([("summary", FRAME), ("rejects", FRAME.head(0))], Format.xlsx)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["summary", "rejects"]
    sheet = book["summary"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref is not None
    assert sheet["A1"].font.bold


def test_format_choice() -> None:
    assert choose_format(None, None, True) is Format.table
    assert choose_format(None, None, False) is Format.csv
    assert choose_format(None, Path("x.XLSX"), False) is Format.xlsx
    assert choose_format(Format.json, Path("x.csv"), False) is Format.json
    with pytest.raises(UsageError, match="cannot tell the format"):
        choose_format(None, Path("report.docx"), False)


def test_one_suffix_table_names_every_table_and_report_format() -> None:
    """Each extension names a table or a report format; .xlsx is both; none is orphaned."""
    named = set(SUFFIXES.values())
    assert named == set(Format) == set(TABLE_FORMATS) | set(REPORT_FORMATS)
    assert set(TABLE_FORMATS) & set(REPORT_FORMATS) == {Format.xlsx}
    assert choose_format(None, Path("w.xlsx"), False) is Format.xlsx
    assert report_format(Path("w.xlsx")) is Format.xlsx
    with pytest.raises(UsageError, match="cannot tell the format"):
        choose_format(None, Path("r.html"), False)  # a report format is not a table's
    with pytest.raises(UsageError, match="cannot tell the report format"):
        report_format(Path("t.csv"))


def test_xlsx_says_when_rows_do_not_fit_a_sheet() -> None:
    from analyzer.render.xlsx import render_xlsx

    small_sheets = Limits(sheet_data_rows=5)
    data = render_xlsx([("t", pl.DataFrame({"a": list(range(8))}))], small_sheets)
    rows = list(openpyxl.load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(values_only=True))
    assert rows[:6] == [("a",), (0,), (1,), (2,), (3,), (4,)]
    assert rows[6] == ("3 more rows not shown: a sheet holds 5; use -f csv or -f parquet",)


def test_xlsx_doc_links_are_clickable_up_to_excels_limit() -> None:
    import warnings

    from analyzer.render.xlsx import render_xlsx

    urls = [f"https://learn.microsoft.com/azure/backup/doc-{n}" for n in range(5)]
    frame = pl.DataFrame({"vm": [f"vm-{n}" for n in range(5)], "doc_url": urls, "more": urls})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # xlsxwriter warns (and leaves the cell empty) past it
        data = render_xlsx([("t", frame)], Limits(sheet_links=3))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    for col in (2, 3):
        assert [sheet.cell(row, col).value for row in range(2, 7)] == urls  # no cell left empty
    linked = [
        (cell.row, cell.column) for row in sheet.iter_rows() for cell in row if cell.hyperlink
    ]
    assert linked == [(2, 2), (2, 3), (3, 2)]  # the limit holds for the sheet, in row order
    assert sheet.cell(2, 1).hyperlink is None  # other text stays text


def test_xlsx_of_many_rows_is_written_row_by_row() -> None:
    frame = pl.DataFrame(
        {
            "vm": [f"vm-{n:05d}" for n in range(3000)],
            "failed": list(range(3000)),
            "last_failure": [datetime(2026, 11, 17, n % 24, tzinfo=UTC) for n in range(3000)],
        }
    )
    sheet = openpyxl.load_workbook(io.BytesIO(render([("t", frame)], Format.xlsx))).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3001
    assert rows[2999] == ("vm-02998", 2998, datetime(2026, 11, 17, 22))


def test_fixes_wrap_at_spaces_only() -> None:
    from analyzer.render.terminal import fixes_text

    url = "https://github.com/Azure/WALinuxAgent#configuration-file-options"
    frame = pl.DataFrame(
        {
            "top_cause": ["agent-config-linux"],
            "top_cause_title": ["The VM agent configuration options are not set (Linux VMs)"],
            "suggested_fix": [
                f"1. Stop the job with Stop-AzRecoveryServicesBackupJob first. 2. Read {url} now."
            ],
        }
    )
    text = fixes_text("by-vm", frame, width=40)
    lines = text.splitlines()
    assert lines[1:4] == [
        "",
        "[agent-config-linux] The VM agent",
        "  configuration options are not set",
    ]
    assert all(len(line) <= 40 for line in lines if " " in line.strip())
    assert "     Stop-AzRecoveryServicesBackupJob" in lines  # not cut at its hyphen
    assert f"     {url}" in lines  # a link longer than the line stays whole


@pytest.mark.parametrize("fmt", REPORT_FORMATS[:2])
def test_a_report_format_is_no_table_format(fmt: Format) -> None:
    with pytest.raises(ValueError, match=f"{fmt.value} is a report format"):
        render([("t", FRAME)], fmt)
