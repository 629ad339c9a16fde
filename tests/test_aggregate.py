"""Per-VM, per-code, per-cause and per-day aggregates on hand-built fleets."""

from __future__ import annotations

from datetime import date

import polars as pl

from analyzer.analysis import AnalyzeOptions, Table, analyze_rows
from analyzer.texts import table as shown
from tests.helpers import at, job, rows, tiny_catalogue

CAT = tiny_catalogue()
OPTS = AnalyzeOptions()


def fleet() -> pl.DataFrame:
    statuses = [
        "Completed",
        "Failed",
        "Failed",
        "Completed",
        "Failed",
        "Cancelled",
        "Failed",
        "Failed",
    ]
    vm1 = [
        job("vm1", 2 + i, s, "AgentError" if s == "Failed" else None, resource_group="rg-a")
        for i, s in enumerate(statuses)
    ]
    vm2 = [
        job("VM2", 2, "Failed", "LockError", resource_group="rg-b"),
        job("vm2", 3, "Completed"),  # no group: joins rg-b, the only one known for vm2
        job("vm2", 4, "Failed", None, error_message="Locked out - retry later"),
    ]
    vm3 = [job("vm3", 2, "Completed"), job("vm3", 3, "Completed")]
    return rows(vm1 + vm2 + vm3)


def by_vm() -> pl.DataFrame:
    return shown(analyze_rows(fleet(), CAT, OPTS), Table.by_vm, CAT)


def test_streaks_ignore_cancelled_and_restart_after_success() -> None:
    row = by_vm().filter(pl.col("vm") == "vm1").row(0, named=True)
    assert row["failed"] == 5
    assert row["current_streak"] == 3
    assert row["longest_streak"] == 3
    assert row["last_success"] == at(5)
    assert row["first_failure"] == at(3)
    assert row["last_failure"] == at(9)
    assert row["failing_days"] == 5
    assert row["failure_rate"] == round(5 / 7, 4)


def test_streaks_count_from_each_vms_first_job() -> None:
    failed = [job("a-vm", 2, "Failed", "AgentError"), job("a-vm", 3, "Failed", "AgentError")]
    later = [job("a-vm", 4, "Completed"), job("a-vm", 5, "Failed", "AgentError")]
    only_failed = [job("b-vm", day, "Failed", "AgentError") for day in (2, 3, 4)]
    table = shown(analyze_rows(rows(failed + later + only_failed), CAT, OPTS), Table.by_vm, CAT)
    streaks = {
        r["vm"]: (r["longest_streak"], r["current_streak"]) for r in table.iter_rows(named=True)
    }
    assert streaks == {"a-vm": (2, 1), "b-vm": (3, 3)}


def test_vm_without_group_joins_its_only_group() -> None:
    table = by_vm()
    vm2 = table.filter(pl.col("resource_group") == "rg-b")
    assert vm2.height == 1
    row = vm2.row(0, named=True)
    assert (row["jobs"], row["failed"], row["current_streak"], row["longest_streak"]) == (
        3,
        2,
        1,
        1,
    )
    assert row["top_code"] == "LockError"
    assert row["top_cause"] == "c-lock"
    assert row["top_cause_share"] == 1.0
    assert row["suggested_fix"] == "1. Remove the lock."


def test_a_vm_whose_jobs_stopped_is_listed_as_silent_and_a_healthy_one_only_with_all_vms() -> None:
    # vm3's last job is on day 3, six days before the newest job (vm1's, day 9).
    silent = by_vm().filter(pl.col("vm") == "vm3")
    assert silent.select("state", "hours_since_job").rows() == [("silent", 144.0)]
    healthy = pl.concat([fleet(), rows([job("vm3", 9, "Completed")])], how="vertical_relaxed")
    assert "vm3" not in shown(analyze_rows(healthy, CAT, OPTS), Table.by_vm, CAT)["vm"].to_list()
    everything = analyze_rows(healthy, CAT, AnalyzeOptions(all_vms=True))
    listed = shown(everything, Table.by_vm, CAT).filter(pl.col("vm") == "vm3")
    assert listed["state"].to_list() == ["protected"]


def test_by_code_counts_and_message_match() -> None:
    table = shown(analyze_rows(fleet(), CAT, OPTS), Table.by_code, CAT)
    assert table.select("code", "failures", "vms").rows() == [
        ("AgentError", 5, 1),
        ("LockError", 2, 1),
    ]


def test_by_cause_and_day() -> None:
    analysis = analyze_rows(fleet(), CAT, OPTS)
    causes = shown(analysis, Table.by_cause, CAT)
    assert causes.select("cause", "failures", "codes").rows() == [
        ("c-agent", 5, "AgentError"),
        ("c-lock", 2, "LockError"),
    ]
    days = shown(analysis, Table.by_day, CAT, tz=OPTS.tz)
    first = days.row(0, named=True)
    assert first["day"] == date(2026, 11, 2)
    assert (first["jobs"], first["failed"], first["vms_failing"]) == (3, 1, 1)
    assert days["jobs"].sum() == fleet().height


def test_unclassified_keeps_raw_message() -> None:
    batch = rows([job("vm9", 2, "Failed", None, error_message="Something odd happened")])
    failures = analyze_rows(batch, CAT, OPTS).failures
    row = failures.row(0, named=True)
    assert (row["code"], row["match"], row["cause"]) == ("unclassified", "none", None)
    assert row["error_message"] == "Something odd happened"


def test_alias_and_numeric_codes_classify() -> None:
    batch = rows(
        [
            job("vm1", 2, "Failed", "agenterr"),
            job("vm1", 3, "Failed", None, error_number=4242),
            job("vm1", 4, "Failed", "4242"),
        ]
    )
    failures = analyze_rows(batch, CAT, OPTS).failures.sort("start_time")
    assert failures.select("code", "match").rows() == [
        ("AgentError", "code"),
        ("AgentError", "numeric"),
        ("AgentError", "numeric"),
    ]


def test_since_until_window_is_accounted() -> None:
    opts = AnalyzeOptions(since=at(4, 0), until=at(6, 0))
    analysis = analyze_rows(fleet(), CAT, opts)
    counts = analysis.accounting
    assert counts.balanced()
    assert counts.jobs == 3  # vm1 on the 4th and 5th, vm2 on the 4th
    assert counts.outside_window == fleet().height - 3


def test_last_success_is_the_last_successful_backup_job_not_any_operation() -> None:
    """A VM whose only completed jobs are ConfigureBackup and DeleteBackupData has none."""
    jobs = [
        job("vm-new", 2, "Completed", operation="ConfigureBackup"),
        job("vm-new", 3, "Failed", "AgentError", operation="Backup"),
        job("vm-new", 4, "Completed", operation="DeleteBackupData"),
        job("vm-old", 2, "Completed", operation="Backup"),
        job("vm-old", 3, "Failed", "AgentError", operation="Backup"),
        job("vm-old", 4, "Completed", operation="Restore"),
    ]
    table = shown(analyze_rows(rows(jobs), CAT, OPTS), Table.by_vm, CAT)
    found = {r["vm"]: (r["last_success"], r["current_streak"]) for r in table.iter_rows(named=True)}
    assert found == {"vm-new": (None, 1), "vm-old": (at(2), 1)}


def test_failure_rate_is_failed_over_the_finished_column() -> None:
    """jobs counts running and cancelled jobs too; finished makes the rate checkable."""
    jobs = [
        job("vm1", 2, "Failed", "AgentError"),
        job("vm1", 3, "Completed"),
        job("vm1", 4, "Cancelled"),
        job("vm1", 5, "InProgress"),
        job("vm1", 6, "CompletedWithWarnings", operation="Restore"),
    ]
    analysis = analyze_rows(rows(jobs), CAT, OPTS)
    row = shown(analysis, Table.by_vm, CAT).row(0, named=True)
    assert (row["jobs"], row["finished"], row["failed"]) == (5, 3, 1)
    assert row["failure_rate"] == round(row["failed"] / row["finished"], 4)
    day = shown(analysis, Table.by_day, CAT, tz=OPTS.tz)
    assert day.get_column("finished").sum() == 3 and day.get_column("jobs").sum() == 5
