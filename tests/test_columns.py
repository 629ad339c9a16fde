"""The column reference: one definition per column, the same in README and ``bjla columns``.

``pytest tests/test_columns.py --update-golden`` rewrites README's copy.
"""

from __future__ import annotations

import csv
import io
import re

import pytest

from analyzer.columns import BY_NAME, TABLES, reference
from analyzer.render.words import TEXT
from analyzer.report.figures_fleet import HEADLINE_METRICS
from tests.cli.support import GOLDEN, invoke
from tests.cli.test_golden import TABLES as GOLDEN_TABLES
from tests.paths import ROOT

README = ROOT / "README.md"
BLOCK = re.compile(r"(<!-- columns: begin.*?-->\n```text\n)(.*?)(```\n<!-- columns: end -->)", re.S)


def test_readme_holds_the_reference_bjla_columns_prints(update_golden: bool) -> None:
    printed = invoke(["columns"])
    assert printed.exit_code == 0, printed.stderr
    assert printed.stdout == reference()
    text = README.read_text(encoding="utf-8")
    found = BLOCK.search(text)
    assert found, "README.md has no '<!-- columns: begin -->' block"
    if update_golden:
        README.write_text(BLOCK.sub(lambda m: m[1] + reference() + m[3], text), encoding="utf-8")
        return
    assert found[2] == reference(), "README's column reference is stale (--update-golden)"


def header(golden: str) -> list[str]:
    return next(csv.reader(io.StringIO((GOLDEN / golden).read_text(encoding="utf-8"))))


@pytest.mark.parametrize(
    ("table", "golden"),
    [
        ("by-vm", "analyze_by_vm.csv"),
        ("by-code", "analyze_by_code.csv"),
        ("by-cause", "analyze_by_cause.csv"),
        ("by-day", "analyze_by_day.csv"),
        ("failures", "failures.csv"),
        ("evidence", "evidence.csv"),
    ],
)
def test_every_column_of_every_table_is_defined_in_order(table: str, golden: str) -> None:
    assert golden in GOLDEN_TABLES
    assert BY_NAME[table].names == header(golden)


def test_every_report_figure_is_defined() -> None:
    defined = set(BY_NAME["report"].names)
    for metric in HEADLINE_METRICS:
        assert TEXT[f"m_{metric}"][0] in defined


def test_each_column_is_defined_once_per_table() -> None:
    for table in TABLES:
        assert len(table.names) == len(set(table.names)), table.name


def test_columns_names_an_unknown_table_as_a_usage_error() -> None:
    result = invoke(["columns", "by-vms"])
    assert result.exit_code == 2
    assert "by-vm" in result.stderr
