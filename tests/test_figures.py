"""One definition of every figure: analyze and report agree, fixes rank by failures."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl

from analyzer.analysis import AnalyzeOptions, Table
from analyzer.catalogue.load import load_catalogue
from analyzer.pipeline import run_analysis
from analyzer.render.terminal import fixes_text
from analyzer.report.command import ReportRequest, report_command_body
from analyzer.texts import table
from tests.cli.support import ROOT

SAMPLE = str(ROOT / "sample_logs")
FIGURES = ["failures", "failure_rate", "current_streak", "top_code", "top_cause"]


def test_report_worst_vms_are_analyzes_figures_for_the_same_week() -> None:
    """Same jobs, same rules: the report's failed in a row is analyze's current_streak."""
    cat = load_catalogue()
    report = report_command_body(
        ReportRequest(inputs=[SAMPLE], week="2026-W47"), cat, now=datetime.now(UTC)
    ).report
    opts = AnalyzeOptions(
        since=datetime(2026, 11, 16, tzinfo=UTC), until=datetime(2026, 11, 23, tzinfo=UTC)
    )
    by_vm = table(run_analysis([SAMPLE], cat, opts).analysis, Table.by_vm, cat)
    analyzed = (
        by_vm.rename({"failed": "failures"})
        .with_columns(pl.col("failures", "current_streak").cast(pl.Int64))
        .select("vm", *FIGURES)
    )
    worst = report.worst_vms.with_columns(pl.col("failure_rate").round(4)).select("vm", *FIGURES)
    assert worst.height == 10
    joined = worst.join(analyzed, on="vm", how="left", suffix="_analyze")
    for figure in FIGURES:
        assert joined[figure].to_list() == joined[f"{figure}_analyze"].to_list(), figure
    # lnx-db-02 failed all 7 of its backups that week (13 in a row counting the week before)
    db = joined.filter(pl.col("vm") == "lnx-db-02").row(0, named=True)
    assert (db["failures"], db["current_streak"]) == (7, 7)


def test_suggested_fixes_keep_the_cause_of_a_vm_failing_eleven_times_in_a_row() -> None:
    """Five causes on two VMs each (one failure per VM) and one on a single VM that failed
    11 times in a row: the terminal's five suggested fixes must include the last one."""
    rows = [
        {"vm": f"vm-{cause}-{n}", "failed": 1, "current_streak": 0, "top_cause": cause}
        for cause in ("a", "b", "c", "d", "e")
        for n in (1, 2)
    ]
    rows.append({"vm": "vm-z", "failed": 11, "current_streak": 11, "top_cause": "z"})
    frame = pl.DataFrame(rows).with_columns(
        pl.col("top_cause").alias("top_cause_title"),
        pl.lit("1. Fix it.").alias("suggested_fix"),
    )
    text = fixes_text("by-vm", frame)
    headings = [line for line in text.splitlines() if line.startswith("[")]
    assert len(headings) == 5
    assert headings[0] == "[z] z (1 row above, 11 failed jobs)"
