"""Job histories whose lines end in a bare CR read like any other."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.ingest import csv_reader
from tests.ingest_cases import la_row, la_text, local_for, read_one


@pytest.mark.parametrize("reader", ["small", "over-the-eager-limit"])
def test_bare_cr_csv_is_read_row_by_row(
    reader: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if reader != "small":
        monkeypatch.setattr(csv_reader, "EAGER_LIMIT", 0)  # the path a 32 MB file takes
    path = tmp_path / "jobs.csv"
    path.write_text(la_text([la_row(n) for n in range(1, 301)], newline="\r"), newline="")
    frame = read_one(local_for(path, tmp_path)).frame.collect()
    assert frame.height == 300
    assert frame["reject_reason"].is_null().all()
    assert frame["source_row"].to_list() == list(range(1, 301))
