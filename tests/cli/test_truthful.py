"""No output that claims more than was read (issue 12, items 1 and 2), end to end.

Nothing is written when no job row was read; a report says when its period holds no
jobs or the week before has no data; the default week comes from the data; unreadable
inputs and rejects are named in the report's first section.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.support import NOW, ROOT, SAMPLE, cached, invoke

PREVIOUS = b"previous week's output\n"


def glance(markdown: str) -> str:
    """The report's "At a glance" section."""
    return markdown.split("## At a glance", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize(
    ("command", "name"),
    [
        (["report", "nothere/"], "rep.md"),
        (["report", "exports/", "--logs", "logs/", "--week", "2026-W47"], "week47.html"),
        (["analyze", "nothere.csv"], "fleet.xlsx"),
        (["analyze", "nothere.csv", "--by", "code"], "codes.csv"),
        (["failures", "nothere.csv"], "failures.csv"),
    ],
)
def test_missing_input_writes_nothing_and_keeps_the_previous_output(
    tmp_path: Path, command: list[str], name: str
) -> None:
    out = tmp_path / name
    out.write_bytes(PREVIOUS)
    result = invoke([*command, "-o", str(out)], cwd=tmp_path)
    assert result.exit_code == 3, result.stderr
    assert out.read_bytes() == PREVIOUS
    assert "nothing written: no job rows were read" in result.stderr
    assert "No failed backup jobs" not in result.stdout + result.stderr


def test_every_input_unreadable_keeps_the_previous_output(tmp_path: Path) -> None:
    bad = tmp_path / "jobs.json"
    bad.write_text('{"value": [', encoding="utf-8")
    out = tmp_path / "by-vm.csv"
    out.write_bytes(PREVIOUS)
    result = invoke(["analyze", str(bad), "-o", str(out)])
    assert result.exit_code == 3, result.stderr
    assert out.read_bytes() == PREVIOUS


def test_only_rejected_rows_write_nothing_either(tmp_path: Path) -> None:
    lines = (ROOT / "sample_logs/jobs/powershell_jobs_en-US.csv").read_text("utf-8").splitlines()
    rows = [line.replace('"Completed"', '"Invalid"') for line in lines[2:5]]
    jobs = tmp_path / "jobs.csv"
    jobs.write_text("\n".join([*lines[:2], *rows]) + "\n", encoding="utf-8")
    out = tmp_path / "failures.csv"
    out.write_bytes(PREVIOUS)
    result = invoke(["failures", str(jobs), "-o", str(out)])
    assert result.exit_code == 3, result.stderr
    assert "unknown status 'Invalid'" in result.stderr
    assert out.read_bytes() == PREVIOUS


def test_week_after_the_data_says_no_jobs_not_no_failures() -> None:
    result = cached("report", SAMPLE, "--week", "2026-W48", "--now", NOW, "-f", "md")
    assert result.exit_code == 0, result.stderr
    report = result.stdout
    assert "No failed backup jobs" not in report
    assert "No jobs in this week; the inputs cover 2–22 Nov 2026" in glance(report)
    assert "no jobs in this week; the inputs cover 2–22 Nov 2026" in report.splitlines()[2]
    assert "| Failed jobs | 0 | 44 | – |" in report  # no "−44" in green
    assert (
        "warning: 2026-W48 (2026-11-23 to 2026-11-29) holds no jobs: the inputs cover"
        " 2026-11-02 to 2026-11-22"
    ) in result.stderr


def test_week_before_the_data_warns() -> None:
    result = cached("report", SAMPLE, "--week", "2026-W40", "--now", NOW, "-f", "md")
    assert result.exit_code == 0, result.stderr
    assert "2026-W40 (2026-09-28 to 2026-10-04) holds no jobs" in result.stderr


def test_missing_week_before_lists_no_vm_as_started_failing() -> None:
    result = cached("report", SAMPLE, "--week", "2026-W45", "--now", NOW, "-f", "md")
    assert result.exit_code == 0, result.stderr
    report = result.stdout
    assert "No data for the week before" in glance(report)
    assert "Started failing" not in glance(report)
    started = report.split("## Started failing", 1)[1].split("\n## ", 1)[0]
    assert "No data for the week before, so no VM is known to have started failing" in started
    assert "_Nothing to show._" in started
    assert "| Failed jobs | 6 | – | – |" in report


def test_unreadable_inputs_and_rejects_are_named_in_the_first_section() -> None:
    result = cached("report", SAMPLE, "nothere.csv", "--week", "2026-W47", "--now", NOW, "-f", "md")
    assert result.exit_code == 3, result.stderr  # an input could not be read
    first = glance(result.stdout)
    assert "Inputs not read (1): nothere.csv" in first
    assert "Rejected rows (8): sample\\_logs/jobs/la\\_addon\\_jobs.csv (4)" in first


def test_analyze_period_without_jobs_warns() -> None:
    result = cached("analyze", SAMPLE, "--since", "2027-01-01", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert "no jobs in the chosen period (--since/--until): the inputs cover" in result.stderr


def test_html_report_without_the_week_before_draws_this_weeks_bars_only() -> None:
    # Found by the fuzz harness: the codes chart multiplied the missing previous count.
    result = cached("report", SAMPLE, "--week", "2026-W45", "--now", NOW, "-f", "html")
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "<svg" in result.stdout
    assert ": None" not in result.stdout
