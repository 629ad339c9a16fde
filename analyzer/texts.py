"""The catalogue's words, joined to the core's ids in the asked language, just before output.

The core (classify, attribute, aggregate) works on ids: code, cause, signal. This module
alone turns them into what a reader sees: a cause's title and fix steps, a code's
message, documentation links. It is called once per table shown, never per batch.
"""

from __future__ import annotations

import polars as pl

from analyzer.aggregate import cause_table, code_table, day_table
from analyzer.analysis import Analysis, Table
from analyzer.catalogue.find import text_in
from analyzer.catalogue.model import Catalogue, Cause
from analyzer.schema import FAILURE_TEXTS, UNCLASSIFIED

_UNCLASSIFIED_TITLE = {
    "en": "Unclassified: the code or message is not in the catalogue (see codes)",
    "sv": "Oklassificerat: koden eller meddelandet finns inte i katalogen (se koder)",
}
VM_COLUMNS = [
    "vm",
    "resource_group",
    "jobs",
    "finished",
    "failed",
    "failure_rate",
    "first_failure",
    "last_failure",
    "last_success",
    "last_job",
    "hours_since_success",
    "hours_since_job",
    "state",
    "current_streak",
    "longest_streak",
    "failing_days",
    "distinct_codes",
    "top_code",
    "top_code_known",
    "top_cause",
    "top_cause_title",
    "top_cause_share",
    "evidence_backed",
    "suggested_fix",
    "doc_url",
]


def numbered(steps: tuple[str, ...]) -> str:
    """Fix steps on one line: ``1. first 2. second``."""
    return " ".join(f"{i}. {step}" for i, step in enumerate(steps, 1))


def cause_frame(cat: Catalogue, lang: str) -> pl.DataFrame:
    """One row per cause: cause, cause_title, fix (numbered, one line), cause_doc_url, os."""
    rows = [_cause_row(c, lang) for c in cat.causes.values()]
    return pl.DataFrame(
        rows,
        schema={
            "cause": pl.String,
            "cause_title": pl.String,
            "fix": pl.String,
            "cause_doc_url": pl.String,
            "cause_os": pl.String,
        },
        orient="row",
    )


def _cause_row(cause: Cause, lang: str) -> tuple[str, str, str, str, str]:
    steps = cause.fix.get(lang) or cause.fix.get("en") or ()
    return (cause.id, text_in(cause.title, lang), numbered(tuple(steps)), cause.doc_url, cause.os)


def code_frame(cat: Catalogue, lang: str) -> pl.DataFrame:
    """One row per code: code, category, code_message, code_doc_url, operation, causes (list)."""
    return pl.DataFrame(
        {
            "code": [c.id for c in cat.codes.values()],
            "category": [c.category for c in cat.codes.values()],
            "code_message": [text_in(c.message, lang) for c in cat.codes.values()],
            "code_doc_url": [c.doc_url for c in cat.codes.values()],
            "code_operation": [c.operation for c in cat.codes.values()],
            "causes": [list(c.causes) for c in cat.codes.values()],
        },
        schema={
            "code": pl.String,
            "category": pl.String,
            "code_message": pl.String,
            "code_doc_url": pl.String,
            "code_operation": pl.String,
            "causes": pl.List(pl.String),
        },
    )


def table(
    analysis: Analysis, name: Table, cat: Catalogue, lang: str = "en", tz: str = "UTC"
) -> pl.DataFrame:
    """One of the aggregate tables (``by-vm``, ``by-code``, ``by-cause``, ``by-day``) in
    ``lang``; ``failures`` gives the failed jobs with their texts."""
    keys = analysis.failure_keys
    if name is Table.by_vm:
        return vm_rows(analysis.vm_rows, cat, lang)
    if name is Table.by_code:
        return code_rows(code_table(keys), cat, lang)
    if name is Table.by_cause:
        return cause_rows(cause_table(keys), cat, lang)
    if name is Table.by_day:
        return day_table(analysis.days, keys, tz)
    if name is Table.failures:
        return failure_view(analysis.failures, cat, lang)
    raise ValueError(f"{name} is not a table")


def describe_failures(failures: pl.DataFrame, cat: Catalogue, lang: str) -> pl.DataFrame:
    """Failed jobs (FAILURE_SCHEMA) with FAILURE_TEXTS: cause title, fix and doc link."""
    causes = cause_frame(cat, lang).select("cause", "cause_title", "fix", "cause_doc_url")
    codes = code_frame(cat, lang).select("code", "code_doc_url")
    return (
        failures.lazy()
        .join(causes.lazy(), on="cause", how="left", maintain_order="left")
        .join(codes.lazy(), on="code", how="left", maintain_order="left")
        .with_columns(pl.coalesce("cause_doc_url", "code_doc_url").alias("doc_url"))
        .select(*failures.columns, *FAILURE_TEXTS)
        .collect()
    )


def vm_rows(figures: pl.DataFrame, cat: Catalogue, lang: str) -> pl.DataFrame:
    """``vm_figures`` with the top cause's title, fix and doc link, in ``vm_key`` order."""
    causes = (
        cause_frame(cat, lang)
        .lazy()
        .select(
            pl.col("cause").alias("top_cause"),
            pl.col("cause_title").alias("top_cause_title"),
            pl.col("fix").alias("suggested_fix"),
            "cause_doc_url",
        )
    )
    code_docs = (
        code_frame(cat, lang).lazy().select(pl.col("code").alias("top_code"), "code_doc_url")
    )
    rows = figures.sort("vm_key")
    # The texts are looked up for the two key columns alone and set beside the sorted
    # rows: joining the wide rows would copy them once per join.
    texts = (
        rows.lazy()
        .select("top_cause", "top_code")
        .join(causes, on="top_cause", how="left", maintain_order="left")
        .join(code_docs, on="top_code", how="left", maintain_order="left")
        .select(
            "top_cause_title",
            "suggested_fix",
            pl.coalesce("cause_doc_url", "code_doc_url").alias("doc_url"),
            # An unclassified VM's top code is the exported one: say the catalogue lacks it.
            pl.when(pl.col("top_code").is_not_null())
            .then(pl.col("code_doc_url").is_not_null())
            .alias("top_code_known"),
        )
        .collect()
    )
    return rows.hstack(texts).select(VM_COLUMNS)


def code_rows(codes: pl.LazyFrame, cat: Catalogue, lang: str) -> pl.DataFrame:
    """``aggregate.code_table`` with each code's message, top cause's fix and doc link."""
    texts = code_frame(cat, lang).lazy().select("code", "code_message", "code_doc_url")
    fixes = (
        cause_frame(cat, lang)
        .lazy()
        .select(pl.col("cause").alias("top_cause"), pl.col("fix").alias("suggested_fix"))
    )
    return (
        codes.join(texts, on="code", how="left", maintain_order="left")
        .join(fixes, on="top_cause", how="left", maintain_order="left")
        .select(
            "code",
            "category",
            pl.col("code_message").alias("message"),
            "failures",
            "vms",
            "exported_codes",
            "first_failure",
            "last_failure",
            "top_cause",
            "top_cause_share",
            "suggested_fix",
            pl.col("code_doc_url").alias("doc_url"),
        )
        .collect()
    )


def cause_rows(causes: pl.LazyFrame, cat: Catalogue, lang: str) -> pl.DataFrame:
    """``aggregate.cause_table`` with each cause's title, fix and doc link."""
    unclassified = _UNCLASSIFIED_TITLE.get(lang, _UNCLASSIFIED_TITLE["en"])
    return (
        causes.join(cause_frame(cat, lang).lazy(), on="cause", how="left", maintain_order="left")
        .select(
            "cause",
            pl.when(pl.col("cause") == UNCLASSIFIED)
            .then(pl.lit(unclassified))
            .otherwise(pl.col("cause_title"))
            .alias("title"),
            "failures",
            "evidence_backed",
            "vms",
            "codes",
            pl.col("fix").alias("suggested_fix"),
            pl.col("cause_doc_url").alias("doc_url"),
        )
        .collect()
    )


FAILURE_COLUMNS = [
    "vm",
    "resource_group",
    "vault",
    "operation",
    "start_time",
    "end_time",
    "duration_s",
    "job_id",
    "error_code",
    "error_number",
    "error_message",
    "code",
    "match",
    "category",
    "cause",
    "cause_title",
    "cause_confidence",
    "evidence",
    "fix",
    "doc_url",
    "source",
    "source_row",
]


def failure_view(failures: pl.DataFrame, cat: Catalogue, lang: str) -> pl.DataFrame:
    """Failed jobs in a stable order with the columns users read, worded in ``lang``."""
    ordered = failures.sort(["start_time", "vm", "job_id"], nulls_last=True)
    return describe_failures(ordered, cat, lang).select(FAILURE_COLUMNS)


EVIDENCE_COLUMNS = [
    "vm",
    "time",
    "signal",
    "kind",
    "benign",
    "detail",
    "level",
    "log_kind",
    "source",
    "line_no",
    "matched_vm",
    "line",
]


def evidence_view(events: pl.DataFrame) -> pl.DataFrame:
    """Evidence events (EVIDENCE_SCHEMA) in a stable order with the columns users read."""
    return events.sort(["vm", "time", "source", "line_no"], nulls_last=True).select(
        EVIDENCE_COLUMNS
    )
