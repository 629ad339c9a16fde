"""history add: exports read as analyze reads them, kept once, every row accounted for."""

from __future__ import annotations

from pathlib import Path

from analyzer.history import scan
from analyzer.history_add import add_inputs
from analyzer.limits import Limits
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


def _with_stray_quote(tmp_path: Path) -> Path:
    """The LA export with one stray quote inside a VM name, halfway down."""
    lines = (JOBS / "la_addon_jobs.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    middle = len(lines) // 2
    lines[middle] = lines[middle].replace("vm-", 'vm"-', 1).replace("lnx-", 'lnx"-', 1)
    path = tmp_path / "stray_quote.csv"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_blocks_of_a_large_export_add_what_one_read_adds(
    tmp_path: Path, small_limits: Limits
) -> None:
    for name, source in (("sample", JOBS), ("stray", _with_stray_quote(tmp_path))):
        whole = add_inputs([str(source)], tmp_path / f"{name}-whole")
        blocks = add_inputs([str(source)], tmp_path / f"{name}-blocks", limits=small_limits)
        figures = [(r.rows_read, r.rejected, r.records_after, r.merged) for r in (whole, blocks)]
        assert figures[0] == figures[1], name
        assert [s[2] for s in whole.sources] == [s[2] for s in blocks.sources], name
        assert whole.rows_read == whole.merged + whole.rejected + whole.records_after
        kept = scan(tmp_path / f"{name}-blocks").collect().sort("job_id", "vm")
        assert kept.equals(scan(tmp_path / f"{name}-whole").collect().sort("job_id", "vm"))
