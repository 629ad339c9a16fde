"""Times outside the years 1900-2200 are bad times: the row is rejected, naming the time."""

from __future__ import annotations

from pathlib import Path

from tests.cli.support import accounting, invoke
from tests.ingest.cases import la_row, la_text


def test_job_in_year_0_or_9999_is_rejected_and_the_workbook_is_written(tmp_path: Path) -> None:
    rows = [
        la_row(1, status="Failed"),
        la_row(2, status="Failed").replace("2026-11-04T22:40", "9999-11-04T22:40"),
        la_row(3, status="Failed").replace("2026-11-05T22:40", "0000-11-05T22:40"),
        la_row(4, status="Failed").replace("2026-11-06T22:40", "1899-12-31T22:40"),
    ]
    (tmp_path / "jobs.csv").write_text(la_text(rows))
    result = invoke(["analyze", "jobs.csv", "-o", "out.xlsx"], cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out.xlsx").stat().st_size > 0
    counts = accounting(result.stderr)
    assert (counts.read, counts.jobs, counts.rejects) == (4, 1, 3)
    assert (
        "bjla: rejected: jobs.csv row 2: start time '9999-11-04T22:40:00.000Z' is outside the"
        " years 1900-2200"
    ) in result.stderr.splitlines()
