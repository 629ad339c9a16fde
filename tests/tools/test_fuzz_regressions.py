"""Cases the fuzz campaign (``tools/fuzz``) found, each kept as the smallest input that shows it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import xlsxwriter

from tests.cli.support import JOBS, accounting, invoke

# A deflate block header with the reserved block type 3: zlib refuses the stream at once.
_INVALID_DEFLATE = b"\x07"


def _corrupt_part(path: Path, part: str) -> None:
    """Overwrite the first byte of ``part``'s compressed data (its CRC is left as it was)."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(part)
    data = bytearray(path.read_bytes())
    name_length = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_length = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_length + extra_length
    data[start : start + 1] = _INVALID_DEFLATE
    path.write_bytes(bytes(data))


def test_workbook_with_a_corrupt_deflate_stream_is_one_line_and_the_run_goes_on(
    tmp_path: Path,
) -> None:
    # byte_flip on an XLSX: zlib.error from the pre-read size check was a traceback.
    book = xlsxwriter.Workbook(str(tmp_path / "broken.xlsx"))
    book.add_worksheet("Backup job history").write_row(0, 0, ["Backup Instance", "Job Status"])
    book.add_worksheet("notes").write(0, 0, "x")
    book.close()
    _corrupt_part(tmp_path / "broken.xlsx", "xl/worksheets/sheet2.xml")
    good = str(JOBS / "bom_utf8.csv")
    result = invoke(["analyze", "broken.xlsx", good, "-f", "csv"], cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert result.exit_code == 3  # a bad input, named; the other file is still read
    (error,) = [line for line in result.stderr.splitlines() if line.startswith("bjla: error:")]
    assert error.startswith("bjla: error: broken.xlsx: ")
    assert "corrupt deflate stream" in error
    assert accounting(result.stderr).read == 1  # the CSV's row


def test_csv_whose_first_header_cell_is_an_empty_json_list_is_read_as_csv(tmp_path: Path) -> None:
    # field_row_shape (seed 12, #296): a header cell "[]" made the file an empty JSON list,
    # and its three job rows were never read.
    lines = (JOBS / "workbook_display_labels.csv").read_text(encoding="utf-8").splitlines()
    first, *rows = lines
    shifted = ["[]," + first, *(f"x,{row}" for row in rows)]  # one more column, first
    (tmp_path / "jobs.csv").write_text("\n".join(shifted) + "\n")
    result = invoke(["analyze", "jobs.csv", "-f", "csv"], cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert accounting(result.stderr).read == len(rows)


def test_text_after_the_end_of_a_json_list_is_a_reject_not_silently_ignored(
    tmp_path: Path,
) -> None:
    job = (
        '{"id": "/subscriptions/s/backupJobs/1", "properties": {"entityFriendlyName": "vm1",'
        ' "operation": "Backup", "status": "Completed", "startTime": "2026-11-10T22:00:00Z"}}'
    )
    (tmp_path / "jobs.json").write_text(f"[{job}]\nsomething that is not JSON\n")
    result = invoke(["analyze", "jobs.json", "-f", "csv"], cwd=tmp_path)
    counts = accounting(result.stderr)
    assert (counts.read, counts.jobs, counts.rejects) == (2, 1, 1)
    assert "text after the end of the JSON list (line 2) is not read" in result.stderr


def test_a_stray_quote_that_closes_on_the_next_line_does_not_join_two_rows(
    tmp_path: Path,
) -> None:
    # field_stray_quote (seed 12, #6521): a quote opening the last field of one row closed
    # at a stray quote in the next; the two lines were read as one 14-field row and both
    # rejected. Read line by line, each line is its own row again.
    header = "TimeGenerated,BackupItemFriendlyName,JobOperation,JobStatus,JobFailureCode,"
    header += "JobStartDateTime,JobDurationInSecs,JobUniqueId"
    rows = [
        '2026-11-07T23:00:00Z,vm1,Backup,Failed,X,2026-11-07T22:40:00Z,300,"j107',
        '2026-11-08T23:00:00Z,vm"1,Backup,Completed,Success,2026-11-08T22:40:00Z,1300,j108',
        "2026-11-09T23:00:00Z,vm1,Backup,Completed,Success,2026-11-09T22:40:00Z,1200,j109",
    ]
    (tmp_path / "jobs.csv").write_text("\n".join([header, *rows]) + "\n")
    result = invoke(["analyze", "jobs.csv", "-f", "csv"], cwd=tmp_path)
    counts = accounting(result.stderr)
    assert (counts.read, counts.jobs, counts.rejects) == (3, 3, 0)


_VAULT_ROWS = [
    "win-ops-01;Backup;Failed;23.11.2026 22:05:31;23.11.2026 22:35:31;00:30:00;j-0123",
    "win-ops-02;Backup;Completed;02.11.2026 22:05:31;02.11.2026 22:15:31;00:10:00;j-0102",
]


def test_a_quoted_cr_in_a_header_cell_does_not_cut_the_header_in_two(tmp_path: Path) -> None:
    # field_row_shape (seed 15, #7104): a header cell "\r" was taken for a line end, so the
    # header had 5 names and its rest was read as a rejected data row (3 rows read of 2).
    header = '"WorkloadName";"Operation";"Status";"StartTime";"EndTime";"\r";"Duration";"JobId"'
    rows = [row.replace(";00:", ";;00:") for row in _VAULT_ROWS]
    (tmp_path / "jobs.csv").write_bytes("\r\n".join([header, *rows, ""]).encode())
    result = invoke(["analyze", "jobs.csv", "-f", "csv"], cwd=tmp_path)
    counts = accounting(result.stderr)
    assert (counts.read, counts.jobs, counts.rejects) == (2, 2, 0), result.stderr


def test_a_quoted_line_break_in_a_header_cell_is_one_named_line(tmp_path: Path) -> None:
    # The same with LF: the header record spans two lines of the file, which the readers
    # (polars' line skipping included) cannot start after; the file is named, not misread.
    header = '"WorkloadName";"Operation";"Status";"StartTime";"EndTime";"Dura\ntion";"JobId"'
    (tmp_path / "jobs.csv").write_text("\n".join([header, *_VAULT_ROWS, ""]))
    good = str(JOBS / "bom_utf8.csv")
    result = invoke(["analyze", "jobs.csv", good, "-f", "csv"], cwd=tmp_path)
    assert result.exit_code == 3
    assert "jobs.csv: the header row (line 1) has a line break inside a quoted column" in (
        result.stderr
    )
    assert accounting(result.stderr).jobs > 0  # the other file is still read
    swedish = invoke(["analyze", "jobs.csv", "-f", "csv", "--lang", "sv"], cwd=tmp_path)
    assert "rubrikraden (rad 1) har en radbrytning i ett citerat kolumnnamn" in swedish.stderr
