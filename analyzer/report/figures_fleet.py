"""Fleet-wide figures: the headline numbers of both periods, the day-by-day series and
the week-by-week trend."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from analyzer.aggregate import rate
from analyzer.report.figures import CURRENT, IS_CURRENT, PREVIOUS
from analyzer.report.periods import Period
from analyzer.schema import UNCLASSIFIED

HEADLINE_METRICS = ("vms", "jobs", "finished", "failures", "failure_rate", "failing_vms")
NO_CAUSE = "no-cause"


def _period_totals(days: pl.DataFrame) -> pl.DataFrame:
    return (
        days.group_by("period")
        .agg(
            pl.col("vm_key").n_unique().cast(pl.Float64).alias("vms"),
            pl.col("jobs").sum().cast(pl.Float64),
            pl.col("finished").sum().cast(pl.Float64),
            pl.col("failed").sum().cast(pl.Float64).alias("failures"),
            pl.col("vm_key")
            .filter(pl.col("failed") > 0)
            .n_unique()
            .cast(pl.Float64)
            .alias("failing_vms"),
        )
        .with_columns(rate("failures", "finished").alias("failure_rate"))
    )


def headline(days: pl.DataFrame) -> pl.DataFrame:
    """One row per headline metric: ``current``, ``previous`` and ``change`` (tagged days).

    A period without jobs has zero counts and no failure rate, and no change is given
    against it: "0 failed jobs, 44 fewer" would read as an all-clear. The period before
    without jobs shows no figures at all (there is no data for it).
    """
    totals = _period_totals(days)
    both = pl.DataFrame({"period": [CURRENT, PREVIOUS]}).join(totals, on="period", how="left")
    long = both.unpivot(index="period", on=list(HEADLINE_METRICS), variable_name="metric")
    wide = long.pivot(on="period", on_columns=[CURRENT, PREVIOUS], index="metric", values="value")
    order = pl.DataFrame({"metric": list(HEADLINE_METRICS)})
    has_jobs = {
        name: totals.filter(pl.col("period") == name).get_column("jobs").sum() > 0
        for name in (CURRENT, PREVIOUS)
    }
    counts = pl.col("metric") != "failure_rate"
    return (
        order.join(wide, on="metric", how="left", maintain_order="left")
        .with_columns(
            pl.when(counts).then(pl.col(CURRENT).fill_null(0.0)).otherwise(pl.col(CURRENT)),
        )
        .with_columns(
            (pl.col(CURRENT) - pl.col(PREVIOUS)).alias("change")
            if all(has_jobs.values())
            else pl.lit(None, pl.Float64).alias("change")
        )
        .select("metric", CURRENT, PREVIOUS, "change")
    )


def _day_totals(days: pl.DataFrame) -> pl.DataFrame:
    return days.group_by("day").agg(
        pl.col("jobs").sum().cast(pl.Int64),
        pl.col("finished").sum().cast(pl.Int64),
        pl.col("failed").sum().cast(pl.Int64),
        pl.col("vm_key")
        .filter(pl.col("failed") > 0)
        .n_unique()
        .cast(pl.Int64)
        .alias("vms_failing"),
    )


def daily(days: pl.DataFrame, period: Period) -> pl.DataFrame:
    """Each day of the period next to the same weekday of the previous period."""
    totals = _day_totals(days)
    previous = totals.rename(lambda c: f"previous_{c}" if c != "day" else "previous_day")
    counts = ["jobs", "finished", "failed", "vms_failing"]
    return (
        pl.DataFrame({"day": period.current_days(), "previous_day": period.previous_days()})
        .join(totals, on="day", how="left", maintain_order="left")
        .join(previous, on="previous_day", how="left", maintain_order="left")
        .with_columns(pl.col(*counts, *[f"previous_{c}" for c in counts]).fill_null(0))
        .with_columns(
            rate("failed", "finished").alias("failure_rate"),
            rate("previous_failed", "previous_finished").alias("previous_failure_rate"),
        )
        .select(
            "day",
            "jobs",
            "finished",
            "failed",
            "failure_rate",
            "vms_failing",
            "previous_day",
            "previous_jobs",
            "previous_finished",
            "previous_failed",
            "previous_failure_rate",
        )
    )


def cause_key() -> pl.Expr:
    """The cause a failure is counted under in charts; unclassified and cause-less apart."""
    return (
        pl.when(pl.col("cause").is_not_null())
        .then(pl.col("cause"))
        .when(pl.col("code") == UNCLASSIFIED)
        .then(pl.lit(UNCLASSIFIED))
        .otherwise(pl.lit(NO_CAUSE))
        .alias("cause")
    )


def daily_causes(failures: pl.DataFrame, causes: pl.DataFrame) -> pl.DataFrame:
    """Failures per day and cause in the chosen period (tagged failures)."""
    titles = causes.select("cause", "cause_title")
    return (
        failures.filter(IS_CURRENT)
        .group_by("day", cause_key())
        .agg(pl.len().cast(pl.Int64).alias("failures"))
        .join(titles, on="cause", how="left")
        .sort("day", "cause")
        .select("day", "cause", "cause_title", "failures")
    )


def trend_weeks(period: Period, weeks: int) -> list[date]:
    """The Mondays of the ``weeks`` ISO weeks up to the one the period ends in, oldest first."""
    last = period.end - timedelta(days=1)
    monday = last - timedelta(days=last.weekday())
    return [monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def trend(
    weeks: pl.DataFrame, period: Period, covered: tuple[date, date] | None, count: int
) -> pl.DataFrame:
    """Failed jobs, failing VMs and the failure rate per ISO week, the last ``count``
    weeks up to the period's, from the first week with data.

    A week without any job has no figures (null, ``has_data`` false): "no data" is not
    "no failures". ``partial``: the data begins or ends inside the week.
    """
    mondays = trend_weeks(period, count)
    first = weeks.filter(pl.col("jobs") > 0).get_column("week").min()
    if isinstance(first, date):  # the weeks before the first with data are left out
        mondays = [m for m in mondays if m >= first] or mondays[-1:]
    frame = pl.DataFrame({"week": mondays}, schema={"week": pl.Date})
    joined = frame.join(weeks, on="week", how="left", maintain_order="left")
    has_data = pl.col("jobs").fill_null(0) > 0
    inside = pl.lit(False)
    if covered is not None:
        inside = (pl.col("week") < covered[0]) | (pl.col("week") + pl.duration(days=6) > covered[1])
    counts = ["jobs", "finished", "failed", "failing_vms"]
    return joined.select(
        "week",
        pl.col("week").dt.strftime("%G-W%V").alias("iso_week"),
        *[pl.when(has_data).then(pl.col(c).cast(pl.Int64)).alias(c) for c in counts],
        pl.when(has_data).then(rate("failed", "finished")).alias("failure_rate"),
        has_data.alias("has_data"),
        (has_data & inside).alias("partial"),
        (pl.col("week") == mondays[-1]).alias("chosen"),
    )
