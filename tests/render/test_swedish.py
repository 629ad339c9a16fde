"""Every word a person reads has its Swedish: column headers, table and sheet names, the
words around terminal tables and stderr lines, reject reasons and warnings.

The English side is walked, not listed here: every column of every table in the column
reference (``analyzer.columns``) and of the terminal views, every table, every key of the
terminal and stderr word tables, and every reject reason and warning that reading the
sample fleet and the test fixtures produces.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import polars as pl
import pytest

from analyzer.analysis import AnalyzeOptions
from analyzer.catalogue.load import load_catalogue
from analyzer.cli_output import LINE_WORDS
from analyzer.columns import TABLES
from analyzer.pipeline import LogOptions, run_analysis
from analyzer.render import Format, Style, render
from analyzer.render.messages import said, translated
from analyzer.render.terminal import FIX_COUNTS, FIX_WORDS, SCREEN_COLUMNS
from analyzer.render.words import TEXT
from analyzer.render.words_sv import (
    COLUMN_SV,
    MESSAGES_SV,
    REPORT_SHEET,
    TABLE_SV,
    column_header,
    table_title,
)
from analyzer.render.xlsx import SHEET_NAME_MAX
from tests.paths import ROOT

OUTPUT_TABLES = [t for t in TABLES if t.name != "report"]  # the report has its own words
FORBIDDEN_IN_SHEETS = re.compile(r"[\[\]*?/\\:]")


def test_every_column_has_a_swedish_header() -> None:
    columns = {c for t in OUTPUT_TABLES for c in t.names}
    columns |= {c for view in SCREEN_COLUMNS.values() for c in view}
    missing = sorted(columns - set(COLUMN_SV))
    assert missing == [], f"no Swedish header for {missing}"
    assert not set(COLUMN_SV) - columns, "a Swedish header for no column"


@pytest.mark.parametrize("table", OUTPUT_TABLES, ids=lambda t: t.name)
def test_swedish_headers_tell_a_tables_columns_apart(table: object) -> None:
    names = table.names  # type: ignore[attr-defined]
    headers = [column_header(c, "sv") for c in names]
    assert len(set(headers)) == len(headers)
    assert [column_header(c, "en") for c in names] == names  # English: the ids


def test_every_table_has_a_swedish_sheet_name_that_fits() -> None:
    names = {t.name for t in OUTPUT_TABLES} | set(SCREEN_COLUMNS)
    assert sorted(names - set(TABLE_SV)) == []
    for name in names:
        swedish = table_title(name, "sv")
        assert swedish != name and len(swedish) <= SHEET_NAME_MAX
        assert not FORBIDDEN_IN_SHEETS.search(swedish)


def test_every_word_table_has_both_languages() -> None:
    for table in (FIX_WORDS, FIX_COUNTS, LINE_WORDS):
        assert set(table) == {"en", "sv"}
        assert set(table["en"]) == set(table["sv"])
        for key, english in table["en"].items():
            assert table["sv"][key] and table["sv"][key] != english, key
    for key, (english, swedish) in {**TEXT, **REPORT_SHEET}.items():
        assert english and swedish, key


def test_every_message_pattern_is_swedish() -> None:
    for english, swedish in MESSAGES_SV:
        re.compile(english)
        assert swedish and swedish != english


@pytest.fixture(scope="module")
def run_messages() -> tuple[list[str], list[str], list[str]]:
    """The reject reasons, warnings and errors of reading the sample's and the fixtures' job
    exports and the fixtures' logs (their ``.expected.csv`` files left out: each only adds
    one more "format not recognised" warning)."""
    inputs = [str(ROOT / "sample_logs" / "jobs"), str(ROOT / "tests" / "fixtures" / "jobs")]
    logs = [str(ROOT / "tests" / "fixtures" / "logs" / "*.log*")]
    result = run_analysis(
        inputs, load_catalogue(), AnalyzeOptions(), logs=LogOptions(specs=logs, log_tz="UTC")
    )
    reasons = result.analysis.rejects.get_column("reason").unique().to_list()
    return reasons, list(result.warnings), [str(e) for e in result.errors]


def test_every_reject_reason_read_is_said_in_swedish(
    run_messages: tuple[list[str], list[str], list[str]],
) -> None:
    reasons, _, _ = run_messages
    assert len(reasons) >= 8
    assert [r for r in reasons if translated(r) is None] == []


def test_every_warning_and_error_read_is_said_in_swedish(
    run_messages: tuple[list[str], list[str], list[str]],
) -> None:
    _, warnings, errors = run_messages
    assert warnings and errors
    assert [w for w in warnings if translated(w) is None] == []
    assert [e for e in errors if translated(e) is None] == []


def test_translation_keeps_names_and_values() -> None:
    reason = "unknown status 'Invalid'; unparseable start time '31/31/2026'"
    assert (
        said(reason, "sv") == "okänd status 'Invalid'; starttiden '31/31/2026' går inte att tolka"
    )
    assert said(reason, "en") == reason
    assert said("something bjla never says", "sv") == "something bjla never says"
    item = "a JSON number has more than 4,300 digits (item from line 7); the rest is lost"
    assert said(item, "sv") == (
        "ett JSON-tal har fler än 4 300 siffror (posten från rad 7); resten går förlorad"
    )
    warning = "C:\\exports\\a b.csv: the file ends in the middle of a row (row 1,204)"
    assert said(warning, "sv") == "C:\\exports\\a b.csv: filen slutar mitt i en rad (rad 1,204)"


def _frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "day": [date(2026, 11, 16)],
            "jobs": [12],
            "finished": [10],
            "failed": [4],
            "failure_rate": [0.4],
            "vms_failing": [2],
            "top_code": ["UserErrorVmNotFound"],
            "first_seen": [datetime(2026, 11, 16, 22, 1)],
        }
    )


def test_terminal_xlsx_and_excel_speak_swedish_machine_formats_keep_ids() -> None:
    frame = _frame()
    sv = Style("sv")
    screen = render([("by-day", frame)], Format.table, style=sv).decode()
    assert screen.startswith("per dag (1 rad)\n")
    assert "misslyckade" in screen and "vms_failing" not in screen
    assert "40,0\u00a0%" in screen
    for fmt in (Format.csv, Format.tsv, Format.json):
        text = render([("by-day", frame)], fmt, style=sv).decode()
        assert "vms_failing" in text and "VM:ar" not in text
    excel = render([("by-day", frame)], Format.csv, style=Style("sv", "sv")).decode()
    assert excel.startswith("\ufeffdag;jobb;avslutade;misslyckade;felfrekvens;VM:ar med fel")
    assert ";0,4;" in excel and "2026-11-16 22:01:00" in excel
