"""The library API: README's "From Python" example runs as written, and the API's rules."""

from __future__ import annotations

import doctest
import re
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

import analyzer

ROOT = Path(__file__).resolve().parent.parent


def test_readme_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## From Python", 1)[1].split("\n## ", 1)[0]
    (example,) = re.findall(r"```pycon\n(.*?)```", section, flags=re.S)
    monkeypatch.chdir(ROOT)
    test = doctest.DocTestParser().get_doctest(example, {}, "README", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    outcome = runner.summarize(verbose=False)
    assert outcome.failed == 0 and outcome.attempted >= 10


def test_importing_analyzer_does_not_import_polars() -> None:
    code = "import sys, analyzer; print('polars' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_a_frame_row_that_cannot_be_a_job_is_rejected_not_raised() -> None:
    cat = analyzer.load_catalogue()
    jobs = pl.DataFrame({"vm": ["a", None], "status": ["failed", "Failed"], "job_id": ["1", "2"]})
    result = analyzer.analyze(jobs, cat)
    reasons = analyzer.table(result, "rejects").get_column("reason").to_list()
    assert len(reasons) == 2 and result.analysis.accounting.balanced()
    assert any("no VM name" in r for r in reasons)


def test_an_unknown_table_name_says_which_exist() -> None:
    result = analyzer.analyze(pl.DataFrame({"vm": ["a"]}), analyzer.load_catalogue())
    with pytest.raises(ValueError, match="by-vm"):
        analyzer.table(result, "by-week")
