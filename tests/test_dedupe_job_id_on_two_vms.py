"""Rows that share a job id but name different VMs are two jobs, never one VM's."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from analyzer.jobs import accepted, dedupe
from analyzer.staging import split_block
from tests.cli.support import accounting, invoke
from tests.helpers import at, job, rows
from tests.ingest.cases import la_row, la_text


def test_same_job_id_on_two_vms_is_kept_apart() -> None:
    batch = rows(
        [  # job ids come lower-cased from the readers
            job("vm1", 2, "Failed", "AgentError", job_id="j1", recorded_at=at(2, 22)),
            job("VM1 ", 2, "Completed", job_id="j1", recorded_at=at(2, 23)),  # same VM: merged
            job("vm2", 2, "Completed", job_id="j1", recorded_at=at(2, 23)),
        ]
    )
    out = dedupe(accepted(split_block(batch, 0).compact))
    assert sorted(out["vm"].str.strip_chars().str.to_lowercase()) == ["vm1", "vm2"]
    assert out.filter(out["vm"] == "vm2")["status"].cast(pl.String).to_list() == ["Completed"]


def test_job_id_shared_by_two_vms_keeps_both_vms_in_the_table(tmp_path: Path) -> None:
    body = [
        la_row(1, vm="vm-a", status="Failed", job_id="same-id"),
        la_row(1, vm="vm-b", status="Failed", job_id="same-id"),
    ]
    (tmp_path / "jobs.csv").write_text(la_text(body))
    result = invoke(["analyze", "jobs.csv", "-f", "csv"], cwd=tmp_path)
    assert {line.split(",")[0] for line in result.stdout.splitlines()[1:]} == {"vm-a", "vm-b"}
    counts = accounting(result.stderr)
    assert (counts.read, counts.jobs, counts.duplicates) == (2, 2, 0)
