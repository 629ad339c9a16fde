"""Workbooks are looked at in their XML first: a huge range or an XML bomb is one line."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from tests.cli.support import JOBS, accounting, invoke

HEADER = ["Backup Instance", "Job Operation", "Job Status", "Job Start Time (UTC)"]


def _workbook(path: Path, rows: int = 2, far_cell: bool = False, filler: int = 0) -> None:
    book = xlsxwriter.Workbook(str(path))
    grid = book.add_worksheet("Backup job history")
    grid.write_row(0, 0, HEADER)
    for n in range(1, rows + 1):
        grid.write_row(n, 0, [f"vm{n}", "Backup", "Failed", "2026-11-02 22:00"])
    if far_cell:
        book.add_worksheet("far").write(1_048_575, 16_383, "x")
    if filler:
        book.add_worksheet("filler").write_column(0, 0, ["x" * 100 + str(n) for n in range(filler)])
    book.close()


def test_cell_at_xfd1048576_skips_the_sheet_not_the_run(tmp_path: Path) -> None:
    _workbook(tmp_path / "far.xlsx", far_cell=True)
    good = str(JOBS / "bom_utf8.csv")
    result = invoke(["analyze", "far.xlsx", good, "-f", "csv"], cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert (
        "bjla: warning: far.xlsx: sheet 'far' reaches cell XFD1048576 (1,048,576 rows,"
        " 16,384 columns); bjla loads at most 250,000 rows (--max-sheet-rows) and 256 columns"
        " of a sheet; skipped"
    ) in result.stderr.splitlines()
    assert accounting(result.stderr).read == 3  # both rows of the grid sheet, and the CSV's


def test_sheet_over_the_row_cap_is_skipped_and_the_cap_can_be_raised(tmp_path: Path) -> None:
    _workbook(tmp_path / "jobs.xlsx", rows=20)
    capped = invoke(["analyze", "jobs.xlsx", "--max-sheet-rows", "10", "-f", "csv"], cwd=tmp_path)
    assert capped.exit_code == 3
    assert "sheet 'Backup job history' reaches cell D21 (21 rows" in capped.stderr
    raised = invoke(["analyze", "jobs.xlsx", "--max-sheet-rows", "30", "-f", "csv"], cwd=tmp_path)
    assert accounting(raised.stderr).read == 20


def test_workbook_unpacking_past_the_cap_is_one_error_and_the_run_goes_on(
    tmp_path: Path,
) -> None:
    _workbook(tmp_path / "big.xlsx", filler=20_000)  # about 2.5 MB of XML, 0.2 MB zipped
    good = str(JOBS / "bom_utf8.csv")
    args = ["analyze", "big.xlsx", good, "--max-unpacked-mb", "1", "-f", "csv"]
    result = invoke(args, cwd=tmp_path)
    assert result.exit_code == 3
    assert (
        "bjla: error: big.xlsx: the workbook unpacks to more than 1 MB, more than bjla reads"
        " (pass --max-unpacked-mb to raise the cap if the file is a real export)"
    ) in result.stderr.splitlines()
    assert accounting(result.stderr).read == 1
