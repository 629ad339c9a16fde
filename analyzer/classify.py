"""Classify failed jobs against the catalogue.

Order: the exported string code (canonical or variant spelling, case-insensitive),
else the numeric errorCode, else the message patterns (English and Swedish), else
``unclassified`` with the raw message kept. The first cause the documentation lists
for the code is filled in as the doc-order cause; ``analyzer.attribute`` may replace it
when agent-log evidence supports another candidate.
"""

from __future__ import annotations

import polars as pl

from analyzer.catalogue.match import message_code_expr
from analyzer.catalogue.model import Catalogue
from analyzer.lookups import code_causes_frame, code_key_frame, numeric_key_frame
from analyzer.schema import FAILURE_IDS, UNCLASSIFIED

NO_EVIDENCE = "no evidence"


def failed_jobs(jobs: pl.LazyFrame) -> pl.LazyFrame:
    """Only the jobs whose status is Failed."""
    return jobs.filter(pl.col("status") == "Failed")


def classify(failed: pl.LazyFrame, cat: Catalogue) -> pl.LazyFrame:
    """Add FAILURE_IDS columns to failed jobs (doc-order cause, no evidence yet)."""
    matched = _match_codes(failed, cat)
    with_code = matched.join(code_causes_frame(cat).lazy(), on="code", how="left")
    return with_code.with_columns(
        pl.col("causes").list.first().alias("cause"),
        pl.col("category").fill_null("unknown"),
        pl.when(pl.col("causes").list.first().is_null())
        .then(pl.lit("none"))
        .otherwise(pl.lit("doc-order"))
        .alias("cause_confidence"),
        pl.lit(NO_EVIDENCE).alias("evidence"),
        pl.col("code").fill_null(UNCLASSIFIED),
    ).select(*_input_columns(failed), *FAILURE_IDS)


def _input_columns(frame: pl.LazyFrame) -> list[str]:
    return [c for c in frame.collect_schema().names() if c not in FAILURE_IDS]


def _match_codes(failed: pl.LazyFrame, cat: Catalogue) -> pl.LazyFrame:
    raw_code = pl.col("error_code").str.strip_chars()
    keyed = failed.with_columns(
        raw_code.str.to_lowercase().alias("code_key"),
        pl.coalesce(
            pl.col("error_number"),
            raw_code.str.to_integer(strict=False),
        ).alias("_number"),
    )
    by_key = keyed.join(code_key_frame(cat).lazy(), on="code_key", how="left")
    numbers = numeric_key_frame(cat).rename({"error_number": "_number"}).lazy()
    by_number = by_key.join(numbers, on="_number", how="left")
    # Messages are matched only where no code did: regexes are the costly step.
    unmatched = pl.col("code_by_key").is_null() & pl.col("code_by_number").is_null()
    message = pl.when(unmatched).then(pl.col("error_message"))
    by_message = by_number.with_columns(message_code_expr(cat, message).alias("code_by_message"))
    return by_message.with_columns(
        pl.coalesce("code_by_key", "code_by_number", "code_by_message").alias("code"),
        pl.when(pl.col("code_by_key").is_not_null())
        .then(pl.lit("code"))
        .when(pl.col("code_by_number").is_not_null())
        .then(pl.lit("numeric"))
        .when(pl.col("code_by_message").is_not_null())
        .then(pl.lit("message"))
        .otherwise(pl.lit("none"))
        .alias("match"),
    ).drop("code_key", "_number", "code_by_key", "code_by_number", "code_by_message")
