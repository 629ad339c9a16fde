"""Property: every data row of an input in a known shape comes out as exactly one row.

Whatever the cell contents (quotes, separators, newlines, non-ASCII, ragged rows), the
rows read equal good rows plus rejects, numbered by their place in the file; only
records with nothing in them are not rows.
"""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.ingest import read_source
from analyzer.inputs import LocalFile
from analyzer.limits import DEFAULT_LIMITS, Limits
from analyzer.schema import INGESTED_SCHEMA

# Every column of this PowerShell-shaped header is one the shape reads.
HEADER = [
    "WorkloadName",
    "Operation",
    "Status",
    "StartTime",
    "EndTime",
    "Duration",
    "JobId",
    "ErrorCode",
    "ErrorMessage",
]

cell = st.one_of(
    st.sampled_from(
        [
            "",
            "win-app-01",
            "Failed",
            "Completed",
            "In progress",
            "2026-11-17T22:05:31Z",
            "11/17/2026 10:05:31 PM",
            "00:20:23",
            "PT5M",
            "UserErrorGuestAgentStatusUnavailable",
            "320001",
        ]
    ),
    st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00\r"), max_size=12),
)
record = st.lists(cell, min_size=0, max_size=len(HEADER) + 3)


def _read(path: Path, limits: Limits = DEFAULT_LIMITS) -> pl.DataFrame:
    (source,) = read_source(LocalFile(path.name, path, limits=limits))
    return source.frame.collect()


def _check_rows(frame: pl.DataFrame, records: list[list[str]]) -> None:
    kept = [n for n, rec in enumerate(records, start=1) if any(rec)]
    assert frame.schema == pl.Schema(INGESTED_SCHEMA)
    assert frame["source_row"].to_list() == kept
    good = frame.filter(pl.col("reject_reason").is_null())
    for column in ("vm", "status", "start_time"):
        assert good[column].is_not_null().all()


READERS = {
    "exact": DEFAULT_LIMITS,
    "lazy": Limits(csv_eager_bytes=0),
    # Many block boundaries, some inside quoted fields.
    "small-blocks": Limits(csv_eager_bytes=0, csv_whole_file_scan=False, csv_block_bytes=23),
}


@pytest.mark.parametrize("reader", sorted(READERS))
@settings(max_examples=25, deadline=None)
@given(records=st.lists(record, max_size=12))
def test_every_csv_record_is_one_row(reader: str, records: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "jobs.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(HEADER)
            writer.writerows(records)
        frame = _read(path, READERS[reader])
    _check_rows(frame, records)


def _job(n: int) -> dict[str, Any]:
    return {
        "id": f"/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/"
        f"backupJobs/job-{n}",
        "name": f"job-{n}",
        "properties": {
            "entityFriendlyName": f"vm-{n}",
            "status": "Completed",
            "startTime": "2026-11-17T22:05:31Z",
            "duration": "PT5M",
        },
    }


json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=25, deadline=None)
@given(items=st.lists(json_value, max_size=8), jobs=st.integers(min_value=1, max_value=3))
def test_every_json_item_is_one_row(items: list[Any], jobs: int) -> None:
    everything = [_job(n) for n in range(jobs)] + items
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "jobs.json"
        path.write_text(json.dumps(everything), encoding="utf-8")
        frame = _read(path)
    assert frame["source_row"].to_list() == list(range(1, len(everything) + 1))
    assert frame.filter(pl.col("reject_reason").is_null()).height >= jobs
