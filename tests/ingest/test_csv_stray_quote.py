"""A stray quote in a CSV costs the line it stands on, never the rows after it."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from analyzer.limits import Limits
from tests.cli.support import accounting, invoke
from tests.ingest.cases import la_row, la_text, local_for, read_one

ROWS = 2000


def _with_stray_quote(at: int, rows: int = ROWS) -> list[str]:
    lines = [la_row(n) for n in range(1, rows + 1)]
    lines[at - 1] = lines[at - 1].replace(",vm-", ',"vm-', 1)  # opens a field, never closed
    return lines


def _rows_and_rejects(frame: pl.DataFrame) -> tuple[int, list[tuple[int, str]]]:
    rejects = frame.filter(pl.col("reject_reason").is_not_null())
    return frame.height, list(zip(rejects["source_row"], rejects["reject_reason"], strict=True))


def test_stray_quote_resyncs_at_next_record(tmp_path: Path) -> None:
    path = tmp_path / "jobs.csv"
    path.write_text(la_text(_with_stray_quote(500)))
    height, rejects = _rows_and_rejects(read_one(local_for(path, tmp_path)).frame.collect())
    assert height == ROWS
    [(row, reason)] = rejects
    assert row == 500
    assert reason.startswith("row has 2 fields, header has 8 (line 501 has a quote")
    assert reason.endswith("read on from line 502)")


def test_stray_quote_in_large_file_fallback_resyncs(tmp_path: Path) -> None:
    large = Limits(csv_eager_bytes=0)  # the polars path, then its fallback
    (tmp_path / "jobs.csv").write_text(la_text(_with_stray_quote(500)))
    result = invoke(["analyze", "jobs.csv", "-f", "csv"], cwd=tmp_path, limits=large)
    counts = accounting(result.stderr)
    assert (counts.read, counts.jobs, counts.rejects) == (ROWS, ROWS - 1, 1)
    assert "jobs.csv row 500: row has 2 fields, header has 8 (line 501 has" in result.stderr
    assert "the lines after it are read" in result.stderr


def test_stray_quote_closed_by_a_later_quote_costs_only_its_line(tmp_path: Path) -> None:
    lines = _with_stray_quote(100)
    lines[119] = lines[119].replace(",Backup,", ',Back"up,')  # closes the run-on field
    path = tmp_path / "jobs.csv"
    path.write_text(la_text(lines))
    height, rejects = _rows_and_rejects(read_one(local_for(path, tmp_path)).frame.collect())
    assert height == ROWS
    assert [row for row, _ in rejects] == [100]


def test_stray_quote_over_more_lines_than_a_record_spans_is_cut(tmp_path: Path) -> None:
    lines = _with_stray_quote(10)
    lines[400] = lines[400] + '"'  # balances the quotes, 390 lines on: no record is that long
    path = tmp_path / "jobs.csv"
    path.write_text(la_text(lines))
    height, rejects = _rows_and_rejects(read_one(local_for(path, tmp_path)).frame.collect())
    assert height == ROWS
    assert [row for row, _ in rejects] == [10]


def test_quoted_message_over_two_lines_stays_one_record(tmp_path: Path) -> None:
    header = "WorkloadName,Operation,Status,StartTime,JobId,ErrorCode,ErrorMessage"
    body = [
        'vm1,Backup,Failed,2026-11-17T22:05:31Z,j1,UserErrorX,"first line\nsecond line"',
        "vm2,Backup,Completed,2026-11-17T22:05:31Z,j2,,",
    ]
    path = tmp_path / "ps.csv"
    path.write_text("\n".join([header, *body, ""]))
    frame = read_one(local_for(path, tmp_path)).frame.collect()
    assert frame["vm"].to_list() == ["vm1", "vm2"]
    assert frame["reject_reason"].is_null().all()
    assert frame["error_message"][0] == "first line\nsecond line"
