"""Code and cause figures: top error codes and causes with their trend, and the
unclassified failures grouped by message (tagged failures, see ``figures``).
"""

from __future__ import annotations

import polars as pl

from analyzer.aggregate import with_shown_code
from analyzer.catalogue.model import Catalogue
from analyzer.report.figures import (
    CURRENT,
    IS_CURRENT,
    PREVIOUS,
    masked_message,
    split_counts,
)
from analyzer.schema import UNCLASSIFIED
from analyzer.templates import LINE_SCHEMA, TEMPLATE_SCHEMA, failure_lines, mine


def _ranked(frame: pl.DataFrame, key: str, limit: int) -> pl.DataFrame:
    """Rows seen in either period, most failures this period first."""
    return (
        frame.filter((pl.col(CURRENT) > 0) | (pl.col(PREVIOUS) > 0))
        .sort([CURRENT, PREVIOUS, key], descending=[True, True, False])
        .head(limit)
    )


def _no_previous(previous_data: bool) -> list[pl.Expr]:
    """Without any job in the previous period its counts are unknown, not zero."""
    if previous_data:
        return []
    return [pl.lit(None, pl.Int64).alias(PREVIOUS), pl.lit(None, pl.Int64).alias("change")]


def _share(total: int) -> pl.Expr:
    return (pl.col(CURRENT) / total if total else pl.lit(None, pl.Float64)).alias("share")


def top_codes(
    failures: pl.DataFrame, codes: pl.DataFrame, limit: int, previous_data: bool = True
) -> pl.DataFrame:
    """Failures per error code this period and the previous one (``unclassified`` included)."""
    current = failures.filter(IS_CURRENT)
    vms = current.group_by("code").agg(pl.col("vm_key").n_unique().cast(pl.Int64).alias("vms"))
    category = failures.group_by("code").agg(
        pl.col("category").drop_nulls().first().alias("_category")
    )
    info = codes.select(
        "code",
        "category",
        pl.col("code_message").alias("message"),
        pl.col("code_doc_url").alias("doc_url"),
    )
    counts = split_counts(failures, ["code"])
    return (
        _ranked(counts, "code", limit)
        .join(vms, on="code", how="left")
        .join(category, on="code", how="left")
        .join(info, on="code", how="left")
        .with_columns(
            pl.col("vms").fill_null(0),
            pl.coalesce("category", "_category", pl.lit("unknown")).alias("category"),
            _share(current.height),
            *_no_previous(previous_data),
        )
        .select(
            "code", "category", "message", CURRENT, PREVIOUS, "change", "share", "vms", "doc_url"
        )
    )


def top_causes(
    failures: pl.DataFrame, causes: pl.DataFrame, limit: int, previous_data: bool = True
) -> pl.DataFrame:
    """Failures per attributed cause, with how many are backed by agent-log evidence."""
    attributed = failures.filter(pl.col("cause").is_not_null())
    current = attributed.filter(IS_CURRENT)
    extra = current.group_by("cause").agg(
        (pl.col("cause_confidence") == "evidence").sum().cast(pl.Int64).alias("evidence"),
        pl.col("vm_key").n_unique().cast(pl.Int64).alias("vms"),
    )
    return (
        _ranked(split_counts(attributed, ["cause"]), "cause", limit)
        .join(extra, on="cause", how="left")
        .join(causes, on="cause", how="left")
        .with_columns(
            pl.col("evidence", "vms").fill_null(0),
            _share(failures.filter(IS_CURRENT).height),
            *_no_previous(previous_data),
        )
        .select(
            "cause",
            "cause_title",
            CURRENT,
            PREVIOUS,
            "change",
            "share",
            "evidence",
            "vms",
            "fix",
            "fix_steps",
            pl.col("cause_doc_url").alias("doc_url"),
        )
    )


def unclassified(failures: pl.DataFrame, cat: Catalogue, limit: int) -> pl.DataFrame:
    """Unclassified failures grouped by exported code and message, masked by the catalogue."""
    # The exported code, string or else number ("" when the export carries neither).
    unknown = with_shown_code(failures.filter(pl.col("code") == UNCLASSIFIED), "_exported")
    rows = unknown.with_columns(
        masked_message(cat, pl.col("error_message")).alias("pattern"),
        pl.col("_exported").replace(UNCLASSIFIED, None).fill_null("").alias("error_code"),
    ).with_columns(pl.col("pattern").str.to_lowercase().alias("_key"))
    keys = ["error_code", "_key"]
    current = rows.filter(IS_CURRENT).sort("start_time", "vm_key")
    detail = current.group_by(keys, maintain_order=True).agg(
        pl.col("pattern").first(),
        pl.col("error_message").first().alias("example"),
        pl.col("vm_key").n_unique().cast(pl.Int64).alias("vms"),
        pl.col("vm").unique().sort().head(3).str.join(", ").alias("some_vms"),
        pl.col("start_time").min().alias("first_seen"),
        pl.col("start_time").max().alias("last_seen"),
    )
    return (
        split_counts(rows, keys)
        .join(detail, on=keys, how="inner")
        .sort([CURRENT, "_key", "error_code"], descending=[True, False, False])
        .head(limit)
        .select(
            "pattern",
            "error_code",
            "example",
            CURRENT,
            PREVIOUS,
            "vms",
            "some_vms",
            "first_seen",
            "last_seen",
        )
    )


FIX_CAUSES = 12


def fixes(
    failures: pl.DataFrame,
    causes: pl.DataFrame,
    vm_base: pl.DataFrame,
    worst: pl.DataFrame,
    top: pl.DataFrame,
) -> pl.DataFrame:
    """Each likely cause of this period's top causes and worst VMs: the VMs it hit
    (most failures first) and its fix steps.

    Causes rank by their failures this period, then by the longest current streak of
    a VM they hit (``vm_base``: the chosen period's figures), so the cause behind a VM
    that keeps failing is not left out for an alphabetical tie.
    """
    wanted = set(top.filter(pl.col(CURRENT) > 0)["cause"].to_list())
    wanted |= set(worst["top_cause"].drop_nulls().to_list())
    current = failures.filter(IS_CURRENT & pl.col("cause").is_in(sorted(wanted)))
    streaks = vm_base.select("vm_key", pl.col("current_streak").cast(pl.Int64))
    per_vm = (
        current.group_by("cause", "vm_key")
        .agg(pl.len().alias("_n"), pl.col("vm").drop_nulls().first())
        .join(streaks, on="vm_key", how="left")
        .sort(
            ["cause", "_n", "current_streak", "vm"],
            descending=[False, True, True, False],
            nulls_last=True,
        )
    )
    hit = per_vm.group_by("cause", maintain_order=True).agg(
        pl.col("vm").alias("vms"),
        pl.col("current_streak").max().fill_null(0).alias("longest_current_streak"),
    )
    return (
        current.group_by("cause")
        .agg(
            pl.len().cast(pl.Int64).alias("failures"),
            (pl.col("cause_confidence") == "evidence").sum().cast(pl.Int64).alias("evidence"),
        )
        .join(hit, on="cause", how="left")
        .join(causes, on="cause", how="left")
        .with_columns(pl.col("vms").list.len().cast(pl.Int64).alias("vm_count"))
        .sort(["failures", "longest_current_streak", "cause"], descending=[True, True, False])
        .head(FIX_CAUSES)
        .select(
            "cause",
            "cause_title",
            "failures",
            "evidence",
            "vm_count",
            "vms",
            "longest_current_streak",
            "fix",
            "fix_steps",
            pl.col("cause_doc_url").alias("doc_url"),
        )
    )


def top_templates(
    failures: pl.DataFrame, log_lines: pl.DataFrame | None, cat: Catalogue, limit: int
) -> pl.DataFrame:
    """The most frequent templates (``analyzer.templates``, as ``bjla templates`` mines
    them) of this period's unclassified failure messages and unexplained log lines."""
    unknown = failures.filter(IS_CURRENT & (pl.col("code") == UNCLASSIFIED))
    lines = [failure_lines(unknown)]
    if log_lines is not None:
        lines.append(log_lines.select(list(LINE_SCHEMA)))
    found = mine(pl.concat(lines), cat)
    return found.head(limit) if found.height else pl.DataFrame(schema=TEMPLATE_SCHEMA)
