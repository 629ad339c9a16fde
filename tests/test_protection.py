"""Protection now: hours since the last success and last job, and the state they give."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl

from analyzer.protection import protection_columns

NOW = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


def vm(success_h: float | None, job_h: float | None, streak: int) -> dict[str, object]:
    return {
        "last_success": None if success_h is None else NOW - timedelta(hours=success_h),
        "last_job": None if job_h is None else NOW - timedelta(hours=job_h),
        "current_streak": streak,
    }


def states(*vms: dict[str, object]) -> list[str]:
    schema: dict[str, pl.DataType] = {
        "last_success": pl.Datetime("us", "UTC"),
        "last_job": pl.Datetime("us", "UTC"),
        "current_streak": pl.Int64(),
    }
    frame = pl.DataFrame(list(vms), schema=schema)
    return frame.select(protection_columns(NOW, 36.0)).get_column("state").to_list()


def test_each_state_follows_from_the_last_success_the_last_job_and_the_streak() -> None:
    assert states(
        vm(8, 8, 0),  # backed up last night
        vm(30, 6, 1),  # failed this morning; the last success is still recent
        vm(60, 6, 2),  # failing for two and a half days: no recovery point within 36 h
        vm(None, 6, 5),  # never a successful backup
        vm(50, 50, 0),  # no job at all for two days: jobs stopped arriving
    ) == ["protected", "failing", "stale", "stale", "silent"]


def test_hours_are_measured_from_now_and_rounded() -> None:
    frame = pl.DataFrame([vm(8.25, 2.04, 0)]).cast(
        {"last_success": pl.Datetime("us", "UTC"), "last_job": pl.Datetime("us", "UTC")}
    )
    row = frame.select(protection_columns(NOW, 36.0)).row(0, named=True)
    assert (row["hours_since_success"], row["hours_since_job"]) == (8.2, 2.0)
