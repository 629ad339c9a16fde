"""``bjla report`` end to end on the sample fleet, with the hidden ``--now`` for a fixed clock.

The Markdown report of week 2026-W47 is a golden file (tests/golden/cli/report_week47.en.md);
HTML and XLSX are checked for their structure and the scenario VMs they must show.
"""

from __future__ import annotations

import csv
from html import escape
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from typer.testing import Result

from analyzer.analysis import AnalyzeOptions, Table
from analyzer.catalogue.load import load_catalogue
from analyzer.pipeline import run_analysis
from tests.cli.support import NOW, SAMPLE, accounting, cached, invoke
from tests.golden_files import GoldenCheck

WEEK = ["--week", "2026-W47", "--now", NOW]


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Result, Path]]:
    """One run per report format, written with -o (format from the extension)."""
    folder = tmp_path_factory.mktemp("report")
    runs = {}
    for ext in ("md", "html", "xlsx"):
        out = folder / f"week47.{ext}"
        runs[ext] = (invoke(["report", SAMPLE, *WEEK, "-o", str(out)]), out)
    return runs


@pytest.mark.parametrize("ext", ["md", "html", "xlsx"])
def test_report_is_written_in_each_format(
    reports: dict[str, tuple[Result, Path]], ext: str
) -> None:
    result, out = reports[ext]
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert out.stat().st_size > 5000
    assert accounting(result.stderr).balanced()
    assert not any(p.name.endswith("bjla-tmp") for p in out.parent.iterdir())


def test_markdown_report_matches_golden(
    reports: dict[str, tuple[Result, Path]], golden: GoldenCheck
) -> None:
    golden("cli/report_week47.en.md", reports["md"][1].read_text(encoding="utf-8"))


def test_markdown_report_reads_as_the_scenarios_say(
    reports: dict[str, tuple[Result, Path]],
) -> None:
    text = reports["md"][1].read_text(encoding="utf-8")
    assert text.startswith("# Backup failure report — Week 2026-W47\n")
    assert "16–22 Nov 2026, compared with 9–15 Nov 2026" in text
    worst = text.split("## Worst VMs", 1)[1].split("\n## ", 1)[0]
    rows = [
        line
        for line in worst.splitlines()
        if line.startswith("| lnx-") or line.startswith("| win-")
    ]
    assert rows[0].startswith("| lnx-db-02 |")  # 13 nights in a row, the worst
    web = next(r for r in rows if r.startswith("| lnx-web-01 |"))
    assert "The VM agent configuration options are not set (Linux VMs)" in web
    assert web.rstrip().endswith("| agent log |")


def test_default_week_is_the_last_complete_week_in_the_data_not_the_clocks() -> None:
    """Without --week: W47, where the sample ends, even when the clock says W50."""
    result = cached("report", SAMPLE, "--now", "2026-12-09T08:00", "-f", "md")
    assert result.exit_code == 0, result.stderr
    assert "# Backup failure report — Week 2026-W47" in result.stdout
    assert (
        "report on 2026-W47 (2026-11-16 to 2026-11-22): the last complete week in the inputs,"
        " which cover 2026-11-02 to 2026-11-22"
    ) in result.stderr
    assert "warning" not in result.stderr


def test_html_report_is_one_self_contained_page(
    reports: dict[str, tuple[Result, Path]],
) -> None:
    html = reports["html"][1].read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert "Generated 2026-11-25 08:00 UTC" in html
    assert "<script src=" not in html and 'rel="stylesheet"' not in html
    for vm in ("lnx-db-02", "lnx-web-01", "win-app-02", "lnx-app-03", "win-sql-01"):
        assert vm in html


def test_xlsx_report_sheets(reports: dict[str, tuple[Result, Path]]) -> None:
    book = openpyxl.load_workbook(reports["xlsx"][1])
    assert {"Key figures", "Worst VMs", "How to fix", "Day by day", "Rejected rows"} <= set(
        book.sheetnames
    )
    for sheet in book:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref, sheet.title
    worst = book["Worst VMs"]
    assert worst.cell(row=2, column=1).value == "lnx-db-02"
    assert worst.max_row - 1 == 10  # the ten worst of the week


def test_swedish_report() -> None:
    result = cached("report", SAMPLE, *WEEK, "--lang", "sv", "-f", "html")
    assert result.exit_code == 0, result.stderr
    html = result.stdout
    assert "Mest drabbade VM:ar" in html
    title = load_catalogue().causes["agent-config-linux"].title["sv"]
    assert escape(title) in html
    assert "Worst VMs" not in html


def test_bad_now_is_a_usage_error() -> None:
    result = invoke(["report", SAMPLE, "--now", "tomorrow", "-f", "md"])
    assert result.exit_code == 2
    assert "Invalid value for --now: 'tomorrow' is not a date" in result.stderr


def test_orphan_agent_log_found_in_the_folder_is_reported(
    reports: dict[str, tuple[Result, Path]],
) -> None:
    text = reports["md"][1].read_text(encoding="utf-8")
    section = text.split("### Agent logs matched to no VM", 1)[1].split("\n### ", 1)[0]
    assert "lnx-orphan-09" in section


def write_distinct_fleet(path: Path, vms: int) -> dict[str, tuple[int, int]]:
    """A fleet where each VM has its own job and failure count; returns vm -> (jobs, failed)."""
    expected = {}
    with path.open("w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(
            [
                "TimeGenerated",
                "BackupItemFriendlyName",
                "JobOperation",
                "JobStatus",
                "JobFailureCode",
                "JobStartDateTime",
                "JobDurationInSecs",
                "JobUniqueId",
            ]
        )
        for v in range(vms):
            nights, failing = 1 + v % 20, v % 7
            for night in range(1, nights + 1):
                failed = night <= failing
                out.writerow(
                    [
                        f"2026-11-{night:02d}T23:00:00Z",
                        f"vm-{v:03d}",
                        "Backup",
                        "Failed" if failed else "Completed",
                        "UserErrorFsFreezeFailed" if failed else "Success",
                        f"2026-11-{night:02d}T22:00:00Z",
                        "60",
                        f"job-{v}-{night}",
                    ]
                )
            expected[f"vm-{v:03d}"] = (nights, min(failing, nights))
    return expected


def test_per_vm_days_belong_to_their_vm(tmp_path: Path) -> None:
    """The weekly report's per-VM-day counts, summed per VM, are that VM's jobs."""
    expected = write_distinct_fleet(tmp_path / "fleet.csv", 200)
    want = pl.DataFrame(
        [(vm, jobs, failed) for vm, (jobs, failed) in sorted(expected.items())],
        schema={"vm": pl.String, "jobs": pl.Int64, "failed": pl.Int64},
        orient="row",
    )
    cat = load_catalogue()
    for _ in range(12):  # the mix-up depends on thread timing: one run is not enough
        analysis = run_analysis(
            [str(tmp_path / "fleet.csv")], cat, AnalyzeOptions(tables=frozenset({Table.report}))
        ).analysis
        per_vm = (
            analysis.vm_days.group_by("vm")
            .agg(pl.col("jobs").sum().cast(pl.Int64), pl.col("failed").sum().cast(pl.Int64))
            .sort("vm")
        )
        assert per_vm.equals(want)
