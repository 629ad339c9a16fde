"""The data-quality figures: rejected rows and agent logs matched to no VM."""

from __future__ import annotations

import polars as pl

REJECT_EXAMPLES = 5


def rejects_by_reason(rejects: pl.DataFrame) -> pl.DataFrame:
    """Rejected rows grouped by source and reason, with the first few row numbers."""
    return (
        rejects.sort("source", "source_row")
        .group_by("source", "reason", maintain_order=True)
        .agg(
            pl.len().cast(pl.Int64).alias("rows"),
            pl.col("source_row")
            .head(REJECT_EXAMPLES)
            .cast(pl.String)
            .str.join(", ")
            .alias("first_rows"),
        )
        .sort(["rows", "source", "reason"], descending=[True, False, False])
    )


UNMATCHED_SCHEMA: dict[str, pl.DataType] = {
    "log_vm": pl.String(),
    "files": pl.Int64(),
    "events": pl.Int64(),
    "signals": pl.String(),
    "first_event": pl.Datetime("us", "UTC"),
    "last_event": pl.Datetime("us", "UTC"),
}


def unmatched_logs(evidence: pl.DataFrame | None) -> pl.DataFrame:
    """Agent-log evidence whose VM appears in no job history, per log VM name."""
    if evidence is None or evidence.height == 0:
        return pl.DataFrame(schema=UNMATCHED_SCHEMA)
    return (
        evidence.filter(~pl.col("matched_vm").fill_null(False))
        .group_by(pl.col("vm").fill_null("?").alias("log_vm"))
        .agg(
            pl.col("source").n_unique().cast(pl.Int64).alias("files"),
            pl.len().cast(pl.Int64).alias("events"),
            pl.col("signal").drop_nulls().unique().sort().str.join(", ").alias("signals"),
            pl.col("time").min().alias("first_event"),
            pl.col("time").max().alias("last_event"),
        )
        .sort("log_vm")
        .cast(UNMATCHED_SCHEMA)  # type: ignore[arg-type]
    )
