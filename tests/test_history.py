"""The history store: merged across overlapping exports, idempotent, atomic under a kill."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from analyzer import history
from analyzer.history import MANIFEST, HistoryError, add, prune, read_manifest, scan
from tests.paths import ROOT

START = datetime(2026, 11, 2, 22, 0, tzinfo=UTC)


def jobs(
    first_night: int, nights: int, *, status: str = "Completed", recorded_hour: int = 23
) -> pl.DataFrame:
    """Nightly jobs of two VMs; job ids depend only on VM and night (so exports overlap)."""
    rows: list[dict[str, object]] = []
    for night in range(first_night, first_night + nights):
        for vm in ("vm-a", "vm-b"):
            start = START + timedelta(days=night)
            rows.append(
                {
                    "source": "export.csv",
                    "source_row": len(rows) + 1,
                    "vm": vm,
                    "operation": "Backup",
                    "status": status,
                    "start_time": start,
                    "end_time": start + timedelta(minutes=30),
                    "job_id": f"{vm}-{night}",
                    "recorded_at": start.replace(hour=recorded_hour),
                    "shape": "la-addon-csv",
                }
            )
    return pl.DataFrame(rows)


def listing(store: Path) -> dict[str, float]:
    return {p.relative_to(store).as_posix(): p.stat().st_mtime for p in store.rglob("*")}


def test_add_creates_one_file_per_day_and_scan_reads_every_record(tmp_path: Path) -> None:
    result = add(tmp_path / "h", jobs(0, 5))
    assert (result.records_in, result.days_changed, result.new_records) == (10, 5, 10)
    manifest = read_manifest(tmp_path / "h")
    assert sorted(manifest.files) == [f"2026-11-0{d}" for d in range(2, 7)]
    assert scan(tmp_path / "h").collect().height == 10


def test_adding_the_same_export_again_changes_nothing(tmp_path: Path) -> None:
    store = tmp_path / "h"
    add(store, jobs(0, 5))
    before = listing(store)
    result = add(store, jobs(0, 5))
    assert (result.days_changed, result.new_records) == (0, 0)
    assert listing(store) == before


def test_overlapping_exports_merge_job_ids_and_the_latest_record_wins(tmp_path: Path) -> None:
    store = tmp_path / "h"
    add(store, jobs(0, 6, status="InProgress", recorded_hour=22))
    result = add(store, jobs(3, 6, status="Failed", recorded_hour=23))
    assert result.new_records == 6  # nights 6-8 are new; 3-5 are the same jobs
    records = scan(store).collect()
    assert records.height == 18
    assert records.filter(pl.col("start_time") >= START + timedelta(days=3))[
        "status"
    ].unique().to_list() == ["Failed"]
    assert records.filter(pl.col("start_time") < START + timedelta(days=3))[
        "status"
    ].unique().to_list() == ["InProgress"]
    # An older export added afterwards does not undo the newer records.
    add(store, jobs(3, 3, status="InProgress", recorded_hour=22))
    assert scan(store).collect().filter(pl.col("status") == "InProgress").height == 6


def test_scan_skips_days_outside_the_period(tmp_path: Path) -> None:
    add(tmp_path / "h", jobs(0, 10))
    since, until = START + timedelta(days=2), START + timedelta(days=4)
    assert scan(tmp_path / "h", since.replace(hour=0), until.replace(hour=0)).collect().height == 4


def test_prune_drops_days_before_a_date(tmp_path: Path) -> None:
    store = tmp_path / "h"
    add(store, jobs(0, 10))
    removed = prune(store, (START + timedelta(days=7)).date())
    assert removed == 14
    assert scan(store).collect().height == 6
    assert len(list(store.glob("day=*"))) == 3


def test_records_without_a_job_id_are_kept_once(tmp_path: Path) -> None:
    store = tmp_path / "h"
    rows = jobs(0, 2).with_columns(pl.lit(None, pl.String).alias("job_id"))
    add(store, rows)
    add(store, rows)
    assert scan(store).collect().height == 4


def test_a_damaged_manifest_is_one_clear_error(tmp_path: Path) -> None:
    store = tmp_path / "h"
    add(store, jobs(0, 1))
    (store / MANIFEST).write_text("{ not json")
    with pytest.raises(HistoryError, match="not a readable history manifest"):
        scan(store)
    (store / MANIFEST).write_text(json.dumps({"format": "bjla-history", "version": 99}))
    with pytest.raises(HistoryError, match="this bjla reads version 1"):
        read_manifest(store)


def test_a_failure_before_the_manifest_is_replaced_leaves_the_store_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "h"
    add(store, jobs(0, 3))
    before = scan(store).collect()

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(history, "_write_manifest", fail)
    with pytest.raises(OSError):
        add(store, jobs(2, 3, status="Failed", recorded_hour=23))
    monkeypatch.undo()
    assert scan(store).collect().equals(before)
    add(store, jobs(0, 3))  # the next add removes the files the failed one left
    assert len(list(store.glob("day=*/*.parquet"))) == 3


_KILLED_CHILD = """
import os, sys, time
from pathlib import Path
sys.path.insert(0, {tests!r})
from analyzer import history
from test_history import jobs
def stall(store, manifest):
    Path({marker!r}).write_text("day files written")
    time.sleep(60)
history._write_manifest = stall
history.add(Path({store!r}), jobs(2, 5, status="Failed"))
"""


def test_a_kill_mid_add_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    store, marker = tmp_path / "h", tmp_path / "marker"
    add(store, jobs(0, 3))
    before = scan(store).collect()
    code = _KILLED_CHILD.format(tests=str(ROOT / "tests"), marker=str(marker), store=str(store))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], env=env)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), "the child never got to its day files"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert len(list(store.glob("day=*/*.parquet"))) > 3  # it had written new day files
    assert scan(store).collect().equals(before)
    add(store, jobs(0, 3))
    assert len(list(store.glob("day=*/*.parquet"))) == 3
