"""Per-VM figures: the worst VMs, VMs failing for the first time, recovered VMs,
chronic VMs and VMs that stopped reporting.

All take tagged frames (see ``analyzer.report.figures``): failures with ``day`` and
``period``, per-VM day rows with ``period``.
"""

from __future__ import annotations

from datetime import datetime

import polars as pl

from analyzer.aggregate import rate, with_shown_code
from analyzer.protection import UNPROTECTED, protection_columns
from analyzer.report.figures import CURRENT, IS_CURRENT, PREVIOUS, split_counts, top_value
from analyzer.report.periods import Period
from analyzer.schema import UNCLASSIFIED

CONFIDENCE_RANK = {"evidence": 0, "doc-order": 1, "none": 2}


def vm_names(days: pl.DataFrame) -> pl.DataFrame:
    """vm_key -> vm, resource_group as last exported."""
    return (
        days.sort("vm_key", "day")
        .group_by("vm_key", maintain_order=True)
        .agg(pl.col("vm").drop_nulls().last(), pl.col("resource_group").drop_nulls().last())
    )


def _top_cause(failures: pl.DataFrame, causes: pl.DataFrame) -> pl.DataFrame:
    """Per VM: top code, top cause with its title, basis (best confidence) and evidence."""
    # The code shown is the exported one when the catalogue does not know it.
    shown = with_shown_code(failures, "top_code")
    known = shown.select("top_code", (pl.col("code") != UNCLASSIFIED).alias("top_code_known"))
    top_code = top_value(shown, "vm_key", "top_code", "top_code").join(
        known.unique(subset="top_code"), on="top_code", how="left"
    )
    top_cause = top_value(failures, "vm_key", "cause", "top_cause")
    backing = (
        failures.join(top_cause, left_on=["vm_key", "cause"], right_on=["vm_key", "top_cause"])
        .sort("vm_key", "start_time", descending=[False, True])
        .group_by("vm_key", maintain_order=True)
        .agg(
            pl.col("cause_confidence")
            .replace_strict(CONFIDENCE_RANK, default=9)
            .min()
            .alias("_rank"),
            pl.col("evidence").filter(pl.col("cause_confidence") == "evidence").first(),
        )
        .with_columns(
            pl.col("_rank")
            .replace_strict(
                {v: k for k, v in CONFIDENCE_RANK.items()}, default=None, return_dtype=pl.String
            )
            .alias("basis")
        )
        .drop("_rank")
    )
    info = causes.rename({"cause": "top_cause", "cause_doc_url": "doc_url"})
    return (
        top_code.join(top_cause, on="vm_key", how="left")
        .join(backing, on="vm_key", how="left")
        .join(info, on="top_cause", how="left")
    )


def worst_vms(
    failures: pl.DataFrame,
    days: pl.DataFrame,
    vm_base: pl.DataFrame,
    causes: pl.DataFrame,
    limit: int,
) -> pl.DataFrame:
    """The VMs with the most failures in the chosen period, with top cause and fix.

    The counts, rate, streak and times are ``vm_base``'s (the chosen period's per-VM
    figures, as ``bjla analyze`` gives them for that period); ties go to the longer
    current streak.
    """
    current = failures.filter(IS_CURRENT)
    code_docs = current.group_by("vm_key").agg(
        pl.col("doc_url").drop_nulls().first().alias("_code_doc")
    )
    figures = vm_base.filter(pl.col("failed") > 0).select(
        "vm_key",
        pl.col("failed").cast(pl.Int64).alias("failures"),
        "finished",
        pl.col("current_streak").cast(pl.Int64),
        "last_failure",
        "last_success",
    )
    return (
        figures.join(vm_names(days), on="vm_key", how="left")
        .join(_top_cause(current, causes), on="vm_key", how="left")
        .join(code_docs, on="vm_key", how="left")
        .with_columns(
            rate("failures", "finished").alias("failure_rate"),
            pl.coalesce("doc_url", "_code_doc").alias("doc_url"),
        )
        .sort(["failures", "current_streak", "vm_key"], descending=[True, True, False])
        .head(limit)
        .select(
            "vm",
            "resource_group",
            "failures",
            "failure_rate",
            "current_streak",
            "last_failure",
            "top_code",
            "top_code_known",
            "top_cause",
            "cause_title",
            "basis",
            "evidence",
            "fix",
            "fix_steps",
            "doc_url",
        )
    )


def _vm_counts(failures: pl.DataFrame) -> pl.DataFrame:
    return split_counts(failures, ["vm_key"])


def new_vms(
    failures: pl.DataFrame, days: pl.DataFrame, causes: pl.DataFrame, previous_data: bool = True
) -> pl.DataFrame:
    """VMs with failures in the chosen period and none in the previous one.

    Without any job in the previous period no VM is known to be new: none is listed.
    """
    current = failures.filter(IS_CURRENT)
    first = current.group_by("vm_key").agg(pl.col("start_time").min().alias("first_failure"))
    return (
        _vm_counts(failures)
        .filter((pl.col(CURRENT) > 0) & (pl.col(PREVIOUS) == 0) & pl.lit(previous_data))
        .join(first, on="vm_key", how="left")
        .join(vm_names(days), on="vm_key", how="left")
        .join(_top_cause(current, causes), on="vm_key", how="left")
        .sort("first_failure", "vm_key")
        .select(
            "vm",
            "resource_group",
            pl.col(CURRENT).alias("failures"),
            "first_failure",
            "top_code",
            "top_code_known",
            "top_cause",
            "cause_title",
        )
    )


def recovered_vms(
    failures: pl.DataFrame, days: pl.DataFrame, vm_base: pl.DataFrame, period: Period
) -> pl.DataFrame:
    """VMs that failed in the previous period and whose latest backup succeeded this period."""
    since = period.utc(period.start)
    last_failure = failures.group_by("vm_key").agg(pl.col("start_time").max().alias("last_failure"))
    healthy = vm_base.filter(
        (pl.col("current_streak") == 0)
        & (pl.col("last_success") >= since)
        & (pl.col("last_failure").is_null() | (pl.col("last_success") > pl.col("last_failure")))
    ).select("vm_key", "last_success")
    return (
        _vm_counts(failures)
        .filter(pl.col(PREVIOUS) > 0)
        .join(healthy, on="vm_key", how="inner")
        .join(last_failure, on="vm_key", how="left")
        .join(vm_names(days), on="vm_key", how="left")
        .sort("vm_key")
        .select(
            "vm",
            "resource_group",
            pl.col(PREVIOUS).alias("previous_failures"),
            pl.col(CURRENT).alias("failures"),
            "last_failure",
            "last_success",
        )
    )


def _failing_run(days: pl.DataFrame) -> pl.DataFrame:
    """Per VM, the trailing run of days with failures and no success (finished days only)."""
    finished = days.filter(pl.col("finished") > 0)
    failing = (pl.col("failed") > 0) & (pl.col("succeeded") == 0)
    last_ok = finished.group_by("vm_key").agg(pl.col("day").filter(~failing).max().alias("_ok"))
    return (
        finished.join(last_ok, on="vm_key", how="left")
        .filter(failing & (pl.col("_ok").is_null() | (pl.col("day") > pl.col("_ok"))))
        .group_by("vm_key")
        .agg(
            pl.len().cast(pl.Int64).alias("days"),
            pl.col("day").min().alias("since"),
            pl.col("day").max().alias("last_day"),
            pl.col("failed").sum().cast(pl.Int64).alias("failures"),
        )
    )


def chronic_vms(
    failures: pl.DataFrame,
    days: pl.DataFrame,
    causes: pl.DataFrame,
    period: Period,
    min_days: int,
) -> pl.DataFrame:
    """VMs whose latest ``min_days``+ days with backups all failed, reaching this period.

    A failing day has failed jobs and no successful one; days without finished jobs
    neither break nor extend a run. A run that starts on the first day analyzed may be
    longer (``open_start``).
    """
    runs = _failing_run(days).filter(
        (pl.col("days") >= min_days) & (pl.col("last_day") >= period.start)
    )
    in_run = failures.join(runs.select("vm_key", "since"), on="vm_key").filter(
        pl.col("day") >= pl.col("since")
    )
    return (
        runs.join(vm_names(days), on="vm_key", how="left")
        .join(_top_cause(in_run, causes), on="vm_key", how="left")
        .with_columns((pl.col("since") <= period.previous_start).alias("open_start"))
        .sort(["days", "vm_key"], descending=[True, False])
        .select(
            "vm",
            "resource_group",
            "days",
            "open_start",
            "since",
            "last_day",
            "failures",
            "top_code",
            "top_code_known",
            "top_cause",
            "cause_title",
        )
    )


def silent_vms(days: pl.DataFrame) -> pl.DataFrame:
    """VMs with jobs in the previous period and none in the chosen one."""
    per_vm = days.group_by("vm_key").agg(
        pl.col("jobs")
        .filter(pl.col("period") == PREVIOUS)
        .sum()
        .cast(pl.Int64)
        .alias("previous_jobs"),
        pl.col("jobs").filter(IS_CURRENT).sum().cast(pl.Int64).alias("_current_jobs"),
        pl.col("day").max().alias("last_day"),
    )
    return (
        per_vm.filter((pl.col("previous_jobs") > 0) & (pl.col("_current_jobs") == 0))
        .join(vm_names(days), on="vm_key", how="left")
        .sort("vm_key")
        .select("vm", "resource_group", "previous_jobs", "last_day")
    )


def unprotected(vm_now: pl.DataFrame, stale_hours: float) -> tuple[pl.DataFrame, datetime | None]:
    """The VMs not protected now (failing, stale, silent), longest without a success first,
    and the "now" they are judged at: the newest job among them (``analyzer.protection``).

    ``vm_now`` holds each VM's figures over every job read before the period's end, so a
    VM that has gone silent weeks ago (a history store keeps it) is listed, not dropped.
    """
    newest = vm_now.get_column("last_job").max()
    now = newest if isinstance(newest, datetime) else None
    rows = (
        vm_now.with_columns(protection_columns(now, stale_hours))
        .filter(pl.col("state").is_in(UNPROTECTED))
        .with_columns(pl.col("current_streak").cast(pl.Int64))
        # Never a success (null) is the longest of all; then the longest silence.
        .sort(
            ["hours_since_success", "hours_since_job", "vm_key"],
            descending=[True, True, False],
            nulls_last=False,
        )
        .select(
            "vm",
            "resource_group",
            "state",
            "hours_since_success",
            "last_success",
            "hours_since_job",
            "last_job",
            "current_streak",
            "last_failure",
        )
    )
    return rows, now
