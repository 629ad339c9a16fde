"""Data that would act on the program showing it: spreadsheet formulas, terminal escapes,
a Markdown link that ends early. Each test is named for a case of issue 12."""

from __future__ import annotations

import csv
import io
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from analyzer.render import Format, render, render_to
from analyzer.render.safety import escape_controls, neutralise_formulas
from analyzer.report.write_markdown import _url
from tests.cli.support import JOBS, ROOT, invoke

HOSTILE = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x","y")', "@SUM(1)", "+1+cmd", "-2+3", "\t=1"]
PLAIN = ["-5", "+1.5e3", "12", "vm-01", "a=b", None]


def _frame() -> pl.DataFrame:
    cells = HOSTILE + PLAIN
    return pl.DataFrame({"text": cells, "number": list(range(-6, len(cells) - 6))})


@pytest.mark.parametrize("fmt", [Format.csv, Format.tsv])
def test_csv_and_tsv_quote_formula_cells(fmt: Format) -> None:
    data = render([("t", _frame())], fmt).decode()
    separator = "," if fmt is Format.csv else "\t"
    rows = list(csv.reader(io.StringIO(data), delimiter=separator))[1:]
    texts = [row[0] for row in rows]
    assert all(text.startswith("'") for text in texts[: len(HOSTILE)])
    assert texts[len(HOSTILE) :] == ["-5", "+1.5e3", "12", "vm-01", "a=b", ""]
    assert [int(row[1]) for row in rows] == list(range(-6, len(rows) - 6))  # numbers as they are


@pytest.mark.parametrize("fmt", [Format.csv, Format.tsv])
def test_raw_writes_formula_cells_as_they_are(fmt: Format) -> None:
    data = render([("t", _frame())], fmt, raw=True).decode()
    assert "\n=cmd|' /C calc'!A0" in data
    assert "\n@SUM(1)" in data


def test_neutralising_keeps_every_row_and_null() -> None:
    out = neutralise_formulas(_frame())
    assert out.height == _frame().height
    assert out.get_column("text").null_count() == 1


def _hostile_export(tmp_path: Path) -> Path:
    """The failed jobs of a real export under hostile VM names and error messages."""
    source = pl.read_csv(JOBS / "powershell_flattened_errors.csv", infer_schema=False)
    names = ["\x1b]0;pwned\x07vm", '=HYPERLINK("http://evil","x")', "@SUM(1)"]
    hostile = source.with_columns(
        pl.Series("WorkloadName", names[: source.height]),
        pl.lit("=cmd|' /C calc'!A0").alias("ErrorMessage"),
    )
    path = tmp_path / "hostile.csv"
    hostile.write_csv(path, quote_style="always")
    return path


def test_cli_csv_neutralises_formulas_and_raw_keeps_them(tmp_path: Path) -> None:
    export = _hostile_export(tmp_path)
    safe = invoke(["failures", str(export), "-f", "csv"])
    assert safe.exit_code == 0, safe.stderr
    rows = list(csv.DictReader(io.StringIO(safe.stdout)))
    assert "'=cmd|' /C calc'!A0" in {row["error_message"] for row in rows}
    assert '\'=HYPERLINK("http://evil","x")' in {row["vm"] for row in rows}
    assert not any(value.startswith(("=", "@")) for row in rows for value in row.values())
    raw = invoke(["failures", str(export), "-f", "csv", "--raw"])
    raw_rows = list(csv.DictReader(io.StringIO(raw.stdout)))
    assert '=HYPERLINK("http://evil","x")' in {row["vm"] for row in raw_rows}


def test_rejects_file_neutralises_formulas(tmp_path: Path) -> None:
    lines = (JOBS / "powershell_flattened_errors.csv").read_text().splitlines()
    bad_row = '"vm","Backup","Failed","not a time","","","x1","","","",""'
    (tmp_path / "=1+2.csv").write_text("\n".join([lines[0], bad_row, *lines[1:]]) + "\n")
    result = invoke(["failures", "=1+2.csv", "--rejects", "rejects.csv", "-f", "csv"], cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    rejects = list(csv.DictReader(io.StringIO((tmp_path / "rejects.csv").read_text())))
    assert [row["source"] for row in rejects] == ["'=1+2.csv"]


def test_terminal_table_escapes_control_characters(tmp_path: Path) -> None:
    result = invoke(["failures", str(_hostile_export(tmp_path)), "-f", "table"])
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\\x1b]0;pwned\\x07vm" in result.stdout


def test_stderr_lines_quoting_data_escape_control_characters(tmp_path: Path) -> None:
    export = tmp_path / "bad.csv"
    lines = (JOBS / "powershell_flattened_errors.csv").read_text().splitlines()
    export.write_text(
        "\n".join(
            [lines[0], '"vm\x1b[2J","Backup","Failed","\x1b[31mnot a time","","","x"', *lines[1:]]
        )
        + "\n"
    )
    result = invoke(["failures", str(export), "-f", "csv"])
    assert result.exit_code == 0
    assert "\x1b" not in result.stderr
    assert "rejected" in result.stderr


def test_escape_controls_names_each_character() -> None:
    assert escape_controls("a\x1b[0mb\x9b\u202ec\n") == "a\\x1b[0mb\\x9b\\u202ec\\x0a"
    assert escape_controls("line\n", keep="\n") == "line\n"


def test_markdown_link_targets_cannot_end_the_link() -> None:
    target = _url("https://evil.example/x>) [click](javascript:alert(1)\n# heading|cell")
    assert not set(target) & set("<> \n|[]")
    assert target.startswith("https://evil.example/x%3E")
    kept = "https://learn.microsoft.com/azure/backup/x#anchor-1?a=b&c=(d)"
    assert _url(kept) == kept


def test_csv_to_a_terminal_escapes_control_characters() -> None:
    frame = pl.DataFrame({"a": ["\x1b[2Jcleared", "tab\there"]})
    sink = io.BytesIO()
    render_to([("t", frame)], Format.csv, sink, terminal=True)
    assert b"\x1b" not in sink.getvalue()
    assert b"\\x1b[2Jcleared" in sink.getvalue() and b"tab\there" in sink.getvalue()


def test_escape_sequences_from_the_data_do_not_reach_a_real_terminal(tmp_path: Path) -> None:
    export = _hostile_export(tmp_path)
    leader, follower = pty.openpty()
    done = subprocess.run(
        [sys.executable, "-m", "analyzer", "failures", str(export)],
        stdout=follower,
        stderr=subprocess.PIPE,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "200"},
    )
    os.close(follower)
    shown = b""
    while select.select([leader], [], [], 0.5)[0]:
        try:
            chunk = os.read(leader, 1 << 16)
        except OSError:  # the terminal's other end is closed: all was read
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert done.returncode == 0, done.stderr
    assert b"failures (2 rows)" in shown  # the table a terminal gets
    assert b"\x1b]0;pwned" not in shown and b"\\x1b]0;pwned" in shown
