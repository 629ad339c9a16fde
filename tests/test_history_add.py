"""history add: exports read as analyze reads them, kept once, every row accounted for."""

from __future__ import annotations

from pathlib import Path

from analyzer.history import scan
from analyzer.history_add import add_inputs
from tests.cli.support import accounting, invoke
from tests.paths import SAMPLE_LOGS

JOBS = SAMPLE_LOGS / "jobs"


def test_the_store_keeps_the_jobs_analyze_counts_and_a_second_add_changes_nothing(
    tmp_path: Path,
) -> None:
    store = tmp_path / "history"
    first = add_inputs([str(JOBS)], store)
    counts = accounting(invoke(["analyze", str(JOBS), "-f", "csv"], cwd=tmp_path).stderr)
    assert (first.rows_read, first.rejected) == (counts.read, counts.rejects)
    assert first.records_after == counts.jobs == scan(store).collect().height
    assert first.merged == counts.duplicates
    again = add_inputs([str(JOBS / "la_addon_jobs.csv")], store)
    assert (again.records_after, again.days_changed) == (first.records_after, 0)
    assert again.rows_read == again.merged + again.rejected


def test_a_walked_file_that_is_no_export_is_skipped_with_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a job history\n")
    (folder / "jobs.csv").write_bytes((JOBS / "la_addon_jobs.csv").read_bytes())
    report = add_inputs([str(folder)], tmp_path / "h")
    assert report.errors == []
    assert any(w.startswith(f"{folder / 'notes.txt'}: skipped") for w in report.warnings)
    assert report.records_after > 0
