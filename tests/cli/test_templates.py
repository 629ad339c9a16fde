"""bjla templates: unclassified failures and unexplained log lines grouped; drafts validate."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from analyzer.catalogue import validate_dir
from tests.cli.support import invoke
from tests.golden_files import GoldenCheck
from tests.paths import ROOT, SAMPLE_LOGS


def test_templates_of_the_sample(golden: GoldenCheck, tmp_path: Path) -> None:
    # Written to a file: the sample's log lines include a Python "Traceback" line, which
    # the CLI test runner would take for one of bjla's own.
    out = tmp_path / "templates.csv"
    result = invoke(["templates", "sample_logs/", "-o", str(out)], cwd=ROOT)
    assert result.exit_code == 0, result.stderr
    golden("cli/templates.csv", out.read_text(encoding="utf-8"))
    assert "5 template(s) from 1 unclassified failure message(s) and 10 unexplained" in (
        result.stderr
    )


def test_min_count_and_the_drafts_folder(tmp_path: Path) -> None:
    drafts = tmp_path / "drafts"
    result = invoke(
        [
            "templates",
            str(SAMPLE_LOGS),
            "--min-count",
            "2",
            "-f",
            "csv",
            "--as-patterns",
            str(drafts),
        ]
    )
    assert result.exit_code == 0, result.stderr
    found = pl.read_csv(result.stdout.encode())
    assert found.height >= 1 and found.filter(pl.col("count") < 2).is_empty()
    assert f"draft entries written to {drafts / 'drafts.toml'}" in result.stderr
    assert validate_dir(drafts) == []
    listed = invoke(["patterns", "validate", str(drafts)])
    assert listed.exit_code == 0, listed.stderr


def test_a_drafted_signal_explains_its_lines_on_the_next_run(tmp_path: Path) -> None:
    drafts = tmp_path / "drafts"
    out = tmp_path / "t.csv"
    invoke(["templates", str(SAMPLE_LOGS), "-o", str(out), "--as-patterns", str(drafts)])
    again = invoke(["templates", str(SAMPLE_LOGS), "-o", str(out), "--patterns", str(drafts)])
    assert again.exit_code == 0, again.stderr
    assert "and 0 unexplained log line(s)" in again.stderr


def test_a_bad_similarity_is_a_usage_error_before_any_input_is_read() -> None:
    result = invoke(["templates", "no-such-folder", "--similarity", "2"])
    assert result.exit_code == 2
