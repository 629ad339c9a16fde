"""Protection now: per VM, the hours since its last successful backup and last job, and a state.

Backup admins ask first which VMs have no recent recovery point (Azure Backup Reports'
"Policy adherence" and "Inactive resources" views). bjla answers it from the job records:

- ``protected``: a successful Backup job within the last ``stale`` hours and the latest
  Backup job did not fail;
- ``failing``: the latest Backup job failed, but a success is still within ``stale`` hours;
- ``stale``: jobs still arrive, but no successful Backup job within ``stale`` hours (or ever);
- ``silent``: no job of any kind within ``stale`` hours: jobs stopped arriving (the VM
  was deleted, unprotected or backups stopped), so nothing says it is protected.

"Now" is the time of the newest job record in the inputs (an export is read as of when it
was made, not as of the clock), unless the caller gives one. The default of 36 hours is
one missed daily backup plus half a day of slack.
"""

from __future__ import annotations

from datetime import datetime

import polars as pl

STATES = ("protected", "failing", "stale", "silent")
UNPROTECTED = ("failing", "stale", "silent")
DEFAULT_STALE_HOURS = 36.0
MAX_STALE_HOURS = 8784.0  # a leap year
_HOUR_US = 3_600_000_000


def protection_columns(now: datetime | None, stale_hours: float) -> list[pl.Expr]:
    """``hours_since_success``, ``hours_since_job`` and ``state`` over per-VM columns.

    Reads ``last_success``, ``last_job`` (UTC datetimes) and ``current_streak``.
    """
    since_success = _hours_since(pl.col("last_success"), now)
    since_job = _hours_since(pl.col("last_job"), now)
    stale = pl.lit(stale_hours)
    state = (
        pl.when(since_job.is_null() | (since_job > stale))
        .then(pl.lit("silent"))
        .when(since_success.is_null() | (since_success > stale))
        .then(pl.lit("stale"))
        .when(pl.col("current_streak") > 0)
        .then(pl.lit("failing"))
        .otherwise(pl.lit("protected"))
    )
    return [
        since_success.round(1).alias("hours_since_success"),
        since_job.round(1).alias("hours_since_job"),
        state.alias("state"),
    ]


def _hours_since(when: pl.Expr, now: datetime | None) -> pl.Expr:
    if now is None:
        return pl.lit(None, dtype=pl.Float64)
    gap = pl.lit(now).cast(pl.Datetime("us", "UTC")) - when
    return gap.dt.total_microseconds().cast(pl.Float64) / _HOUR_US
