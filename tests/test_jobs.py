"""Rejects, dedupe and the row accounting."""

from __future__ import annotations

import polars as pl

from analyzer.jobs import accepted, account, dedupe, reject_rows
from analyzer.staging import split_block
from tests.helpers import at, job, rows


def compact(batch: pl.DataFrame) -> pl.DataFrame:
    """The compact rows the row store keeps of ingested rows (COMPACT_SCHEMA)."""
    return split_block(batch, 0).compact


def test_dedupe_keeps_latest_recorded_record() -> None:
    batch = rows(
        [
            job("vm1", 2, "InProgress", job_id="j1", recorded_at=at(2, 22)),  # ids come lower-cased
            job("vm1", 2, "Failed", "AgentError", job_id="j1", recorded_at=at(2, 23)),
            job("vm2", 2, "Completed", job_id="J2"),
        ]
    )
    out = dedupe(accepted(compact(batch)))
    assert out.height == 2
    assert out.filter(out["vm"] == "vm1")["status"].cast(pl.String).to_list() == ["Failed"]


def test_dedupe_prefers_record_with_error_when_times_tie() -> None:
    batch = rows(
        [
            job("vm1", 2, "Failed", None, job_id="J1"),
            job("vm1", 2, "Failed", "AgentError", job_id="J1"),
        ]
    )
    assert dedupe(accepted(compact(batch)))["_has_code"].to_list() == [True]


def test_rows_without_job_id_are_all_kept() -> None:
    batch = rows([job("vm1", 2, "Failed", job_id=None), job("vm1", 3, "Failed", job_id=None)])
    assert dedupe(accepted(compact(batch))).height == 2


def test_accounting_balances_with_rejects_and_duplicates() -> None:
    batch = rows(
        [
            job("vm1", 2, "Failed", job_id="J1"),
            job("vm1", 2, "Failed", job_id="J1"),
            job("vm2", 2, "Completed", reject_reason="missing VM name"),
        ]
    )
    every = compact(batch)
    good = accepted(every)
    counts = account(every, good, dedupe(good))
    assert (counts.rows_read, counts.jobs, counts.duplicates, counts.rejects) == (3, 1, 1, 1)
    assert counts.balanced()
    rejects = reject_rows(batch)
    assert rejects.row(0, named=True) == {
        "source": "test.csv",
        "source_row": 3,
        "shape": "test",
        "reason": "missing VM name",
    }
