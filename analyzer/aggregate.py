"""Aggregates over jobs and classified failures: per VM, per code, per cause, per day.

A VM is keyed by its lower-cased name and resource group; a row exported without a
resource group (PowerShell, az table) joins the VM's only known group when the name is
unambiguous. Streaks and ``last_success`` are about Backup jobs (and jobs exported
without an operation) in start-time order: a success ends a streak, cancelled and
in-progress jobs neither break nor extend one. Counts (``jobs``, ``finished``,
``failed``) take every operation. ``analyzer.columns`` defines every column in words.
"""

from __future__ import annotations

from datetime import datetime

import polars as pl

from analyzer.jobs import FINISHED, SUCCEEDED
from analyzer.protection import UNPROTECTED, protection_columns
from analyzer.schema import DAY_TOTALS_SCHEMA, ORDER, UNCLASSIFIED, WEEK_TOTALS_SCHEMA

VM_KEY = "vm_key"
FAILED = pl.col("status") == "Failed"
SUCCESS = pl.col("status").is_in(SUCCEEDED)
# Exports without an operation column list backup jobs only.
IS_BACKUP = pl.col("operation").is_null() | (pl.col("operation") == "Backup")


def with_vm_key(jobs: pl.DataFrame) -> pl.DataFrame:
    """Add ``vm_key`` (lower-cased ``vm/rg``) and fill a missing group when unambiguous.

    The keys are worked out once per distinct (vm, resource group) pair and joined
    back, so the string work follows the number of VMs, not of jobs. ``vm`` and
    ``resource_group`` may be text or categorical; they come back as text. ``_vm`` numbers
    the keys (small integers are cheap to group and sort by; a categorical cast would grow
    polars' global string cache on every batch): ``vm_base`` and ``vm_days`` read it.
    """
    if jobs.get_column("resource_group").null_count() == 0:
        return _keyed_by_row(jobs)
    pairs = jobs.select("vm", "resource_group").unique()
    keys = _pair_keys(pairs)
    keyed = jobs.join(
        keys, on=["vm", "resource_group"], how="left", nulls_equal=True, maintain_order="left"
    )
    return keyed.with_columns(
        pl.col("vm").cast(pl.String),
        pl.col("_filled_rg").alias("resource_group"),
    ).drop("_filled_rg")


def _keyed_by_row(jobs: pl.DataFrame) -> pl.DataFrame:
    """``with_vm_key`` when every row has its group: no group to fill, so each row's key
    is its own lower-cased names (cheaper than joining 2 text columns back).

    ``_vm`` numbers the keys through a categorical of its own (a fresh category map, freed
    with the column): numbering text by hashing costs a quarter of ranking it.
    """
    text = jobs.with_columns(pl.col("vm", "resource_group").cast(pl.String))
    key = pl.concat_str(
        [pl.col("vm").str.to_lowercase(), pl.col("resource_group").str.to_lowercase()],
        separator="/",
    )
    numbers = pl.Categorical(pl.Categories.random())
    return text.with_columns(key.alias("vm_key")).with_columns(
        pl.col("vm_key").cast(numbers).to_physical().alias("_vm")
    )


def _pair_keys(pairs: pl.DataFrame) -> pl.DataFrame:
    """For each (vm, resource group) pair: the group to use and the VM key."""
    text = pairs.with_columns(
        pl.col("vm").cast(pl.String).alias("_vm_text"),
        pl.col("resource_group").cast(pl.String).alias("_rg_text"),
    ).with_columns(pl.col("_vm_text").str.to_lowercase().alias("_vm"))
    # A VM seen without a group gets the one group it is seen with elsewhere, if only one.
    only = (
        text.filter(pl.col("_rg_text").is_not_null())
        .group_by("_vm")
        .agg(
            pl.col("_rg_text").str.to_lowercase().n_unique().alias("_n_rg"),
            pl.col("_rg_text").max().alias("_only_rg"),
        )
        .filter(pl.col("_n_rg") == 1)
        .select("_vm", "_only_rg")
    )
    filled = text.join(only, on="_vm", how="left").with_columns(
        pl.coalesce("_rg_text", "_only_rg").alias("_filled_rg")
    )
    key = pl.concat_str(
        [pl.col("_vm"), pl.col("_filled_rg").str.to_lowercase().fill_null("")], separator="/"
    )
    keyed = filled.select("vm", "resource_group", "_filled_rg", key.alias("vm_key"))
    return keyed.with_columns(pl.col("vm_key").rank("dense").alias("_vm"))


def vm_base(jobs: pl.DataFrame) -> pl.DataFrame:
    """Per-VM figures (VM_BASE_SCHEMA) that need every job (keyed by ``with_vm_key``).

    ``vm`` and ``resource_group`` show the greatest spelling seen, so the result does not
    depend on input order.
    """
    ids = jobs
    stats = (
        ids.lazy()
        .group_by("_vm")
        .agg(
            pl.col("vm_key").max(),  # one key per ``_vm``; max is cheaper than first
            pl.col("vm").max(),
            pl.col("resource_group").max(),
            pl.len().alias("jobs"),
            FAILED.sum().alias("failed"),
            pl.col("status").is_in(FINISHED).sum().alias("finished"),
            pl.col("start_time").filter(FAILED).min().alias("first_failure"),
            pl.col("start_time").filter(FAILED).max().alias("last_failure"),
            pl.col("start_time").filter(SUCCESS & IS_BACKUP).max().alias("last_success"),
            pl.col("start_time").max().alias("last_job"),
            pl.col("start_time").filter(FAILED).dt.date().n_unique().alias("failing_days"),
        )
    )
    return (
        stats.join(_streaks(ids), on="_vm", how="left")
        .with_columns(pl.col("current_streak", "longest_streak").fill_null(0))
        .drop("_vm")
        .collect()
    )


def _streaks(ids: pl.DataFrame) -> pl.LazyFrame:
    """Longest and current run of failed Backup jobs per VM, in start-time order.

    After sorting by (VM, start time, input order), a running count of failures less
    that count at the VM's latest success (or its first job) is the streak each job
    ends; the VM's largest is its longest streak, its last one the current streak.
    """
    failed = pl.col("_failed")
    total = failed.cast(pl.UInt32).cum_sum()
    restart = ~failed | pl.col("_vm").ne_missing(pl.col("_vm").shift(1))
    streak = pl.col("_total") - pl.col("_total_before_run")
    # Without ORDER (jobs not from the row store) the frame's own order breaks ties.
    ordered = ids if ORDER in ids.columns else ids.with_row_index(ORDER)
    return (
        ordered.lazy()
        .filter(IS_BACKUP & (FAILED | SUCCESS))
        .select("_vm", "start_time", ORDER, FAILED.alias("_failed"))
        # ORDER makes the order total, so an unstable sort gives one answer (and is faster).
        .sort("_vm", "start_time", ORDER)
        .with_columns(total.alias("_total"))
        .with_columns(
            pl.when(restart)
            .then(pl.col("_total") - failed.cast(pl.UInt32))
            .forward_fill()
            .alias("_total_before_run")
        )
        .group_by("_vm")
        .agg(streak.max().alias("longest_streak"), streak.last().alias("current_streak"))
    )


def shown_code() -> pl.Expr:
    """The code a failure is shown under: its catalogue code, else the code it was exported
    with (string, else number), so an unknown code stays visible; ``unclassified`` when the
    export carries neither."""
    exported = pl.coalesce(
        pl.col("error_code").cast(pl.String).str.strip_chars().replace("", None),
        pl.col("error_number").cast(pl.String),
    )
    code = pl.col("code").cast(pl.String)
    return pl.when(code == UNCLASSIFIED).then(pl.coalesce(exported, code)).otherwise(code)


def _with_shown_code(failures: pl.LazyFrame, name: str = "_shown_code") -> pl.LazyFrame:
    """``failures`` with ``name``; frames without the exported columns keep ``code``."""
    names = failures.collect_schema().names()
    if "error_code" in names and "error_number" in names:
        return failures.with_columns(shown_code().alias(name))
    return failures.with_columns(pl.col("code").cast(pl.String).alias(name))


def with_shown_code(failures: pl.DataFrame, name: str) -> pl.DataFrame:
    """``failures`` with the code each is shown under (see ``shown_code``) as ``name``."""
    return _with_shown_code(failures.lazy(), name).collect()


def most_frequent(failures: pl.LazyFrame, keys: list[str], col: str, name: str) -> pl.LazyFrame:
    """Most frequent ``col`` per ``keys`` (ties: alphabetical) as ``name``, with its count
    (``name_count``); nulls count as a value, so filter them out first if they do not."""
    counts = failures.group_by([*keys, col]).agg(pl.len().alias(f"{name}_count"))
    return (
        counts.sort([*keys, f"{name}_count", col], descending=[False] * len(keys) + [True, False])
        .group_by(keys, maintain_order=True)
        .first()
        .rename({col: name})
    )


def vm_figures(base: pl.DataFrame, failures: pl.DataFrame) -> pl.DataFrame:
    """The ``--by vm`` figures of every VM, keyed by ``vm_key``, without the catalogue's texts.

    VMs are independent of each other here, so the figures of disjoint sets of VMs can be
    made apart and concatenated; ``protected`` then adds the protection state, which needs
    the newest job of all, and chooses the rows.
    """
    fails = failures.lazy()
    codes = fails.group_by(VM_KEY).agg(
        pl.col("code").n_unique().alias("distinct_codes"),
        (pl.col("cause_confidence") == "evidence").sum().alias("evidence_backed"),
    )
    top_code = most_frequent(_with_shown_code(fails), [VM_KEY], "_shown_code", "top_code")
    top_cause = most_frequent(
        fails.filter(pl.col("cause").is_not_null()), [VM_KEY], "cause", "top_cause"
    )
    table = (
        base.lazy()
        .join(codes, on=VM_KEY, how="left")
        .join(top_code, on=VM_KEY, how="left")
        .join(top_cause, on=VM_KEY, how="left")
    )
    return table.with_columns(
        rate("failed", "finished").round(4).alias("failure_rate"),
        (pl.col("top_cause_count") / pl.col("failed")).round(3).alias("top_cause_share"),
        pl.col("distinct_codes", "evidence_backed").fill_null(0),
        *protection_columns(None, 0.0),  # filled in by ``protected`` once all VMs are in
    ).collect()


def protected(figures: pl.DataFrame, stale_hours: float, all_vms: bool = False) -> pl.DataFrame:
    """The figures with their protection state as of the newest job among them; without
    ``all_vms`` only the VMs that failed or are not protected now (failing, stale, silent)."""
    now = figures.get_column("last_job").max()
    table = figures.with_columns(
        protection_columns(now if isinstance(now, datetime) else None, stale_hours)
    )
    if not all_vms:
        table = table.filter((pl.col("failed") > 0) | pl.col("state").is_in(UNPROTECTED))
    return table


def rate(part: str, whole: str) -> pl.Expr:
    """``part / whole``, null when ``whole`` is zero (the tables round it to 4 places)."""
    return pl.when(pl.col(whole) > 0).then(pl.col(part) / pl.col(whole)).otherwise(None)


def code_table(failures: pl.DataFrame) -> pl.LazyFrame:
    """The ``--by code`` figures: one row per code (``unclassified`` included), in ids;
    a plan, collected once ``analyzer.texts`` has joined the words."""
    fails = failures.lazy()
    top_cause = most_frequent(
        fails.filter(pl.col("cause").is_not_null()), ["code"], "cause", "top_cause"
    )
    return (
        fails.group_by("code")
        .agg(
            pl.col("category").first(),
            pl.len().alias("failures"),
            pl.col("vm_key").n_unique().alias("vms"),
            pl.col("start_time").min().alias("first_failure"),
            pl.col("start_time").max().alias("last_failure"),
            _joined(pl.col("error_code").drop_nulls().unique().sort().head(5)).alias(
                "exported_codes"
            ),
        )
        .join(top_cause, on="code", how="left")
        .with_columns(
            (pl.col("top_cause_count") / pl.col("failures")).round(3).alias("top_cause_share")
        )
        .sort(["failures", "code"], descending=[True, False])
        .select(
            "code",
            "category",
            "failures",
            "vms",
            "exported_codes",
            "first_failure",
            "last_failure",
            "top_cause",
            "top_cause_share",
        )
    )


def _joined(values: pl.Expr) -> pl.Expr:
    """A list of strings as ``a, b``; null when empty."""
    text = values.str.join(", ")
    return pl.when(text.str.len_bytes() > 0).then(text)


def cause_table(failures: pl.DataFrame) -> pl.LazyFrame:
    """The ``--by cause`` figures: one row per attributed cause, in ids; a plan, collected
    once ``analyzer.texts`` has joined the words."""
    # Unclassified failures have no cause: they get a row of their own, listing the codes
    # they were exported with, so the table accounts for every failure.
    return (
        _with_shown_code(failures.lazy())
        .with_columns(pl.col("cause").fill_null(UNCLASSIFIED))
        .group_by("cause")
        .agg(
            pl.len().alias("failures"),
            (pl.col("cause_confidence") == "evidence").sum().alias("evidence_backed"),
            pl.col("vm_key").n_unique().alias("vms"),
            pl.col("_shown_code").unique().sort().str.join(", ").alias("codes"),
        )
        .sort(["failures", "cause"], descending=[True, False])
    )


def local_day(tz: str) -> pl.Expr:
    """The calendar day of ``start_time`` in time zone ``tz``."""
    start = pl.col("start_time")
    local = start if tz == "UTC" else start.dt.convert_time_zone(tz)
    return local.dt.date().alias("day")


def vm_days(jobs: pl.DataFrame, tz: str = "UTC") -> pl.DataFrame:
    """Per VM and local day (VM_DAYS_SCHEMA; ``jobs`` keyed by ``with_vm_key``)."""
    ids = jobs.lazy()
    per_day = ids.group_by("_vm", local_day(tz)).agg(
        pl.len().alias("jobs"),
        pl.col("status").is_in(FINISHED).sum().alias("finished"),
        FAILED.sum().alias("failed"),
        SUCCESS.sum().alias("succeeded"),
    )
    names = ids.group_by("_vm").agg(
        pl.col("vm_key").first(), pl.col("vm").max(), pl.col("resource_group").max()
    )
    return (
        per_day.join(names, on="_vm")
        .select("vm_key", "day", "vm", "resource_group", "jobs", "finished", "failed", "succeeded")
        .collect()
    )


def week_totals(jobs: pl.DataFrame, tz: str = "UTC") -> pl.DataFrame:
    """Per local ISO week (its Monday): jobs, finished, failed and VMs with a failed job
    (WEEK_TOTALS_SCHEMA; ``jobs`` keyed by ``with_vm_key``). Batches of disjoint VMs
    add up, failing VMs too."""
    week = local_day(tz).dt.truncate("1w").alias("week")
    return (
        jobs.lazy()
        .group_by(week)
        .agg(
            pl.len().alias("jobs"),
            pl.col("status").is_in(FINISHED).sum().alias("finished"),
            FAILED.sum().alias("failed"),
            pl.col("vm_key").filter(FAILED).n_unique().alias("failing_vms"),
        )
        .collect()
        .cast(WEEK_TOTALS_SCHEMA)  # type: ignore[arg-type]
    )


def day_totals(days: pl.DataFrame) -> pl.DataFrame:
    """Per day totals from ``vm_days`` (or from partial day totals: they add up)."""
    return days.group_by("day").agg(pl.col("jobs", "finished", "failed").sum())


def job_day_totals(jobs: pl.DataFrame, tz: str = "UTC") -> pl.DataFrame:
    """Per local day: jobs, finished and failed (small: one row per day)."""
    return (
        jobs.lazy()
        .group_by(local_day(tz))
        .agg(
            pl.len().alias("jobs"),
            pl.col("status").is_in(FINISHED).sum().alias("finished"),
            FAILED.sum().alias("failed"),
        )
        .collect()
        .cast(DAY_TOTALS_SCHEMA)  # type: ignore[arg-type]
    )


def day_table(totals: pl.DataFrame, failures: pl.DataFrame, tz: str = "UTC") -> pl.DataFrame:
    """The ``--by day`` table (days in time zone ``tz``) from per-day totals."""
    merged = day_totals(totals).lazy()
    fails = failures.lazy().with_columns(local_day(tz))
    vms = fails.group_by("day").agg(pl.col("vm_key").n_unique().alias("vms_failing"))
    top_code = most_frequent(_with_shown_code(fails), ["day"], "_shown_code", "top_code")
    return (
        merged.join(vms, on="day", how="left")
        .join(top_code.drop("top_code_count"), on="day", how="left")
        .with_columns(
            rate("failed", "finished").round(4).alias("failure_rate"),
            pl.col("vms_failing").fill_null(0),
        )
        .sort("day")
        .select("day", "jobs", "finished", "failed", "failure_rate", "vms_failing", "top_code")
        .collect()
    )
