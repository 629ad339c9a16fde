"""bjla history: add, show, prune, and the store read back as an input by every command."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from tests.cli.support import accounting, invoke
from tests.paths import SAMPLE_LOGS

JOBS = SAMPLE_LOGS / "jobs"


def test_a_store_reads_back_as_the_same_analysis(tmp_path: Path) -> None:
    store = tmp_path / "history"
    added = invoke(["history", "add", str(JOBS), "--into", str(store)])
    assert added.exit_code == 0, added.stderr
    assert "904 new job records + 10 already kept or merged + 8 rejected" in added.stderr
    from_store = invoke(["analyze", str(store), "-f", "csv"])
    from_exports = invoke(["analyze", str(JOBS), "-f", "csv"])
    assert from_store.stdout == from_exports.stdout
    assert "[history x1]" in from_store.stderr
    assert accounting(from_store.stderr).jobs == accounting(from_exports.stderr).jobs


def test_adding_again_changes_nothing_and_show_lists_the_days(tmp_path: Path) -> None:
    store = tmp_path / "history"
    invoke(["history", "add", str(JOBS), "--into", str(store)])
    again = invoke(["history", "add", str(JOBS / "la_addon_jobs.csv"), "--into", str(store)])
    assert "0 new job records" in again.stderr and "(0 day file(s) written)" in again.stderr
    shown = invoke(["history", "show", str(store), "-f", "csv"])
    days = pl.read_csv(shown.stdout.encode())
    assert days["records"].sum() == 904
    assert days["day"].min() == "2026-11-02"
    busiest = invoke(
        ["history", "show", str(store), "--sort", "records", "--top", "2", "-f", "csv"]
    )
    top = pl.read_csv(busiest.stdout.encode())
    assert top["records"].to_list() == days["records"].sort(descending=True).head(2).to_list()


def test_archive_records_of_other_categories_are_counted_as_skipped(tmp_path: Path) -> None:
    store = tmp_path / "history"
    archive = SAMPLE_LOGS / "diagnostic-archive"
    added = invoke(["history", "add", str(archive), "--into", str(store)])
    assert added.exit_code == 0, added.stderr
    analyzed = accounting(invoke(["analyze", str(archive), "-f", "csv"]).stderr)
    assert analyzed.other > 0
    assert (
        f"{analyzed.read:,} rows read = {analyzed.jobs:,} new job records"
        f" + 0 already kept or merged + 0 rejected"
        f" + {analyzed.other:,} records of other categories skipped"
    ) in added.stderr
    swedish = invoke(["history", "add", str(archive), "--into", str(store), "--lang", "sv"])
    assert "poster av andra kategorier överhoppade" in swedish.stderr


def test_prune_drops_the_days_before_a_date(tmp_path: Path) -> None:
    store = tmp_path / "history"
    invoke(["history", "add", str(JOBS), "--into", str(store)])
    pruned = invoke(["history", "prune", str(store), "--before", "2026-11-16"])
    assert pruned.exit_code == 0, pruned.stderr
    shown = pl.read_csv(invoke(["history", "show", str(store), "-f", "csv"]).stdout.encode())
    assert shown["day"].min() == "2026-11-16"
    bad = invoke(["history", "prune", str(store), "--before", "16/11/2026"])
    assert bad.exit_code == 2 and "is not a date" in bad.stderr


def test_a_folder_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    result = invoke(["history", "add", str(JOBS), "--into", str(tmp_path)])
    assert result.exit_code == 2
    assert "not a history store" in result.stderr
