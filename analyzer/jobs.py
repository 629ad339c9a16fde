"""From ingested rows to the set of distinct jobs: rejects split off, duplicates merged.

Every input row ends in exactly one place, and the Accounting says where:
rows read = jobs + duplicates merged + rejects + outside the period + records of other
categories (skipped while reading, see ``ingest.diagnostic_archive``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import polars as pl

from analyzer.schema import INGESTED_SCHEMA, JOB_HASHES, REJECT_SCHEMA

JOB_COLUMNS = [c for c in INGESTED_SCHEMA if c != "reject_reason"]
FINISHED = ("Completed", "CompletedWithWarnings", "Failed")
SUCCEEDED = ("Completed", "CompletedWithWarnings")


@dataclass
class Accounting:
    """Where every input row went."""

    rows_read: int = 0
    jobs: int = 0
    duplicates: int = 0
    rejects: int = 0
    outside_window: int = 0
    # Records of another category in a diagnostic archive: read, skipped, not rejected.
    other_categories: int = 0

    def add(self, other: Accounting) -> None:
        self.rows_read += other.rows_read
        self.jobs += other.jobs
        self.duplicates += other.duplicates
        self.rejects += other.rejects
        self.outside_window += other.outside_window
        self.other_categories += other.other_categories

    def balanced(self) -> bool:
        """True when every row read is a job, a merged duplicate, a reject, outside the
        period or a record of another category."""
        accounted = self.jobs + self.duplicates + self.rejects + self.outside_window
        return self.rows_read == accounted + self.other_categories

    def summary(self) -> str:
        text = (
            f"{self.rows_read:,} rows read = {self.jobs:,} jobs"
            f" + {self.duplicates:,} duplicates merged + {self.rejects:,} rejected"
        )
        if self.outside_window:
            text += f" + {self.outside_window:,} outside the chosen period"
        if self.other_categories:
            text += f" + {self.other_categories:,} records of other categories skipped"
        return text


def reject_rows(rows: pl.DataFrame) -> pl.DataFrame:
    """The rows that carry a reject reason, in REJECT_SCHEMA."""
    return (
        rows.filter(pl.col("reject_reason").is_not_null())
        .select("source", "source_row", "shape", pl.col("reject_reason").alias("reason"))
        .cast(REJECT_SCHEMA)  # type: ignore[arg-type]
    )


def accepted(compact: pl.DataFrame) -> pl.DataFrame:
    """The compact rows (COMPACT_SCHEMA) that are jobs, not rejects (JOB_ROW_SCHEMA)."""
    return compact.filter(~pl.col("_rejected")).drop("_rejected")


def in_window(jobs: pl.DataFrame, since: datetime | None, until: datetime | None) -> pl.DataFrame:
    """Jobs whose start time falls in [since, until)."""
    cond = pl.lit(True)
    if since is not None:
        cond = cond & (pl.col("start_time") >= since)
    if until is not None:
        cond = cond & (pl.col("start_time") < until)
    return jobs.filter(cond)


def dedupe(jobs: pl.DataFrame) -> pl.DataFrame:
    """One row per job id and VM (JOB_ROW_SCHEMA in and out): the latest record (Log
    Analytics ``TimeGenerated``) wins.

    Rows that share a job id but name different VMs (a damaged or hand-edited export)
    are different jobs: merging them would make one VM's jobs disappear. Ties prefer a
    finished status, then a record that carries an error code, then the later end time,
    then the later input row. Rows without a job id are all kept. Only
    ids that occur more than once are sorted, so a clean export costs one hash pass.
    """
    first, second = JOB_HASHES
    job_key = pl.when(pl.col(first).is_not_null()).then(pl.struct(first, second))
    keys = jobs.select(job_key.alias("_job_key")).get_column("_job_key")
    repeated_mask = keys.is_duplicated() & keys.is_not_null()
    if not repeated_mask.any():
        return jobs
    keyed = jobs.with_row_index("_order").with_columns(keys, repeated_mask.alias("_repeated"))
    # The VM joins the key (compared as the VM buckets compare it) only for repeated ids.
    vm = pl.col("vm").str.strip_chars().str.to_lowercase().fill_null("")
    keyed = keyed.with_columns(pl.struct("_job_key", vm.alias("_vm_key")).alias("_job_key"))
    repeated = pl.col("_repeated")
    single = keyed.filter(~repeated)
    latest = (
        keyed.filter(repeated)
        .with_columns(
            pl.col("status").is_in(FINISHED).alias("_finished"),
            (pl.col("_has_code") | pl.col("error_number").is_not_null()).alias("_has_error"),
        )
        .sort(["_job_key", "recorded_at", "_finished", "_has_error", "end_time", "_order"])
        .unique("_job_key", keep="last", maintain_order=False)
        .drop("_finished", "_has_error")
    )
    merged = pl.concat([single, latest]).sort("_order")
    return merged.drop("_order", "_job_key", "_repeated")


def account(rows: pl.DataFrame, good: pl.DataFrame, deduped: pl.DataFrame) -> Accounting:
    """Accounting for one batch of ingested rows."""
    return Accounting(
        rows_read=rows.height,
        jobs=deduped.height,
        duplicates=good.height - deduped.height,
        rejects=rows.height - good.height,
    )
