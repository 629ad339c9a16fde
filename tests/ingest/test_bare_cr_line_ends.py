"""Job histories whose lines end in a bare CR read like any other."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.limits import DEFAULT_LIMITS, Limits
from tests.ingest.cases import la_row, la_text, local_for, read_one

# The exact reader a small file takes, and the polars scan a file over 32 MB takes.
READERS = {"small": DEFAULT_LIMITS, "over-the-eager-limit": Limits(csv_eager_bytes=0)}


@pytest.mark.parametrize("reader", list(READERS))
def test_bare_cr_csv_is_read_row_by_row(reader: str, tmp_path: Path) -> None:
    path = tmp_path / "jobs.csv"
    path.write_text(la_text([la_row(n) for n in range(1, 301)], newline="\r"), newline="")
    frame = read_one(local_for(path, tmp_path, READERS[reader])).frame.collect()
    assert frame.height == 300
    assert frame["reject_reason"].is_null().all()
    assert frame["source_row"].to_list() == list(range(1, 301))


@pytest.mark.parametrize("reader", list(READERS))
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("crs", [1, 4], ids=["one-cr", "more-crs-than-lines"])
def test_bare_cr_inside_a_quoted_field_stays_in_the_field(
    reader: str, newline: str, crs: int, tmp_path: Path
) -> None:
    # A CR in a quoted field (a pasted message) is data, however many there are.
    ids = [f"job-{n}" + "\r" * crs + "part" for n in range(1, 11)]
    rows = [la_row(n, job_id=f'"{job_id}"') for n, job_id in enumerate(ids, 1)]
    path = tmp_path / "jobs.csv"
    path.write_text(la_text(rows, newline=newline), newline="")
    frame = read_one(local_for(path, tmp_path, READERS[reader])).frame.collect()
    assert frame.height == 10
    assert frame["reject_reason"].is_null().all()
    assert frame["source_row"].to_list() == list(range(1, 11))
    assert frame["job_id"].to_list() == ids


@pytest.mark.parametrize("reader", list(READERS))
def test_bare_cr_outside_quotes_ends_the_line_in_a_file_of_lf_line_ends(
    reader: str, tmp_path: Path
) -> None:
    # Mixed line ends (exports joined, a line edited on a Mac): both readers split there.
    lines = la_text([la_row(n) for n in range(1, 11)]).split("\n")
    path = tmp_path / "jobs.csv"
    path.write_text("\n".join(lines[:4]) + "\r" + "\n".join(lines[4:]), newline="")
    frame = read_one(local_for(path, tmp_path, READERS[reader])).frame.collect()
    assert frame["source_row"].to_list() == list(range(1, 11))
    assert frame["reject_reason"].is_null().all()
