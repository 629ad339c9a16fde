"""Attribute each failed job to the candidate cause its VM's agent logs support.

A code lists its candidate causes in the order the documentation gives (classify fills in
the first one as ``doc-order``). Here every failed job is joined, vectorized, with the
evidence events of the same VM (case-insensitive) that fall in its window:

    from  start_time - window            (default 24 h: the conditions before the job)
    to    max(end_time, start_time + grace)  (default grace 2 h: what the job itself ran
                                          into, e.g. a freeze failing minutes after the
                                          start, and some clock skew; long jobs keep
                                          their whole run)

Each event supports the causes its signal lists; only candidates of the job's code count.
Benign events (a known harmless line) support nothing, and a cause needs at least one
failure event: informational events (an agent version) add weight but never decide alone.
The best cause has the most distinct supporting signals, then the latest supporting
event, then comes first in the documentation. It becomes ``cause`` with confidence
``evidence`` and an ``evidence`` text naming up to three supporting signals (the latest
event of each, latest first). Jobs without such evidence keep their doc-order cause.
"""

from __future__ import annotations

from datetime import timedelta

import polars as pl

from analyzer.catalogue.model import Catalogue

DEFAULT_WINDOW = timedelta(hours=24)
DEFAULT_GRACE = timedelta(hours=2)
MAX_REFERENCES = 3
EVIDENCE_CONFIDENCE = "evidence"

_ROW = "_attr_row"
_VM = "_attr_vm"


def attribute(
    failures: pl.DataFrame,
    evidence: pl.DataFrame,
    cat: Catalogue,
    *,
    window: timedelta = DEFAULT_WINDOW,
    grace: timedelta = DEFAULT_GRACE,
) -> pl.DataFrame:
    """Failures (FAILURE_SCHEMA) with causes re-ranked by log evidence."""
    if failures.height == 0 or evidence.height == 0:
        return failures
    rows = failures.with_row_index(_ROW)
    supported = _supporting_events(_candidates(rows, cat, window, grace), evidence, cat)
    best = _best_cause(supported)
    chosen = best.join(_references(supported, best), on=_ROW, how="left")
    return _apply(rows, chosen).select(failures.columns)


def _code_causes(cat: Catalogue) -> pl.DataFrame:
    """code, cause, its position in the code's list (0 = the documentation's first)."""
    triples = [(c.id, cause, i) for c in cat.codes.values() for i, cause in enumerate(c.causes)]
    return pl.DataFrame(
        triples, schema={"code": pl.String, "cause": pl.String, "_pos": pl.Int64}, orient="row"
    )


def _signal_causes(cat: Catalogue) -> pl.DataFrame:
    pairs = [(s.id, cause) for s in cat.signals.values() for cause in s.supports]
    return pl.DataFrame(pairs, schema={"signal": pl.String, "cause": pl.String}, orient="row")


def _candidates(
    rows: pl.DataFrame, cat: Catalogue, window: timedelta, grace: timedelta
) -> pl.DataFrame:
    """One row per (failed job, candidate cause) with the job's evidence window."""
    start = pl.col("start_time")
    return (
        rows.filter(start.is_not_null() & pl.col("vm").is_not_null())
        .select(
            _ROW,
            "code",
            pl.col("vm").str.to_lowercase().alias(_VM),
            (start - window).alias("_from"),
            pl.max_horizontal(start + grace, pl.col("end_time")).alias("_to"),
        )
        .join(_code_causes(cat), on="code", how="inner")
    )


def _supporting_events(
    candidates: pl.DataFrame, evidence: pl.DataFrame, cat: Catalogue
) -> pl.DataFrame:
    """Events of the job's VM, in its window, supporting one of its candidate causes."""
    usable = pl.col("time").is_not_null() & pl.col("vm").is_not_null()
    events = (
        evidence.with_columns(pl.col("kind").fill_null("failure"))
        .filter(usable & (pl.col("kind") != "benign"))
        .select(
            pl.col("vm").str.to_lowercase().alias(_VM),
            "time",
            "signal",
            "kind",
            "source",
            "line_no",
        )
        .join(_signal_causes(cat), on="signal", how="inner")
    )
    return candidates.join(events, on=[_VM, "cause"], how="inner").filter(
        pl.col("time").is_between(pl.col("_from"), pl.col("_to"))
    )


def _best_cause(supported: pl.DataFrame) -> pl.DataFrame:
    """Per job: the cause with most distinct signals, then the latest event, then doc order."""
    scored = supported.group_by(_ROW, "cause", "_pos").agg(
        pl.col("signal").n_unique().alias("_signals"),
        pl.col("time").max().alias("_latest"),
        (pl.col("kind") == "failure").any().alias("_failure"),
    )
    return (
        scored.filter("_failure")
        .sort([_ROW, "_signals", "_latest", "_pos"], descending=[False, True, True, False])
        .unique(subset=_ROW, keep="first", maintain_order=True)
        .select(_ROW, pl.col("cause").alias("_cause"))
    )


def _references(supported: pl.DataFrame, best: pl.DataFrame) -> pl.DataFrame:
    """Per job: up to MAX_REFERENCES supporting signals of its cause, latest first."""
    mine = supported.join(best, on=_ROW).filter(pl.col("cause") == pl.col("_cause"))
    latest_per_signal = (
        mine.sort([_ROW, "signal", "time", "line_no"], descending=[False, False, True, False])
        .unique(subset=[_ROW, "signal"], keep="first", maintain_order=True)
        .sort([_ROW, "time", "signal"], descending=[False, True, False])
    )
    return latest_per_signal.group_by(_ROW, maintain_order=True).agg(
        _reference().head(MAX_REFERENCES).str.join("; ").alias("_evidence")
    )


def _reference() -> pl.Expr:
    """``signal @ 2026-11-17T21:58:03Z (waagent.log:1234)`` for each event row."""
    return pl.concat_str(
        [
            pl.col("signal"),
            pl.lit(" @ "),
            pl.col("time").dt.strftime("%Y-%m-%dT%H:%M:%SZ").fill_null("time unknown"),
            pl.lit(" ("),
            pl.col("source").str.replace(r"^.*[\\/]", ""),
            pl.lit(":"),
            pl.col("line_no").cast(pl.String),
            pl.lit(")"),
        ]
    )


def _apply(rows: pl.DataFrame, chosen: pl.DataFrame) -> pl.DataFrame:
    """Replace cause, confidence and evidence where a cause was chosen."""
    merged = rows.join(chosen.select(_ROW, "_cause", "_evidence"), on=_ROW, how="left")
    hit = pl.col("_cause").is_not_null()
    return merged.with_columns(
        pl.when(hit).then(pl.col("_cause")).otherwise(pl.col("cause")).alias("cause"),
        pl.when(hit)
        .then(pl.lit(EVIDENCE_CONFIDENCE))
        .otherwise("cause_confidence")
        .alias("cause_confidence"),
        pl.when(hit)
        .then(pl.coalesce("_evidence", "evidence"))
        .otherwise("evidence")
        .alias("evidence"),
    )


LOG_KIND_OS = {
    "waagent": "linux",
    "vmsnapshot-extension": "linux",
    "vmsnapshot-shell": "linux",
    "windows-agent": "windows",
    "windows-extension": "windows",
}


def vm_os_from_logs(files: pl.DataFrame) -> pl.DataFrame:
    """``vm`` (lower-cased) -> ``os`` as the kinds of its agent logs tell; one OS per VM."""
    kinds = pl.col("log_kind").replace_strict(LOG_KIND_OS, default=None, return_dtype=pl.String)
    return (
        files.filter(pl.col("vm").is_not_null())
        .select(pl.col("vm").str.to_lowercase().alias(_VM), kinds.alias("os"))
        .drop_nulls()
        .unique()
        .filter(pl.len().over(_VM) == 1)
    )


def prefer_vm_os(failures: pl.DataFrame, vm_os: pl.DataFrame, cat: Catalogue) -> pl.DataFrame:
    """Doc-order causes fit the VM's OS, or are OS-neutral when its OS is not known.

    A Linux VM failing with a code whose first documented cause is Windows-only gets the
    first cause that fits Linux instead. A VM whose OS neither its logs nor ``--vm-info``
    tell gets, in place of an OS-specific cause, the OS-neutral cause that lists it as a
    variant (its fix covers both OSes); a code whose causes are all of one OS keeps them.
    The confidence stays ``doc-order``; evidence-backed causes are left as they are.
    """
    if failures.height == 0:
        return failures
    rows = failures.with_row_index(_ROW)
    doc_order = (
        rows.filter(pl.col("cause_confidence") == "doc-order")
        .select(_ROW, "code", "cause", pl.col("vm").str.to_lowercase().alias(_VM))
        .join(vm_os.select(_VM, "os").unique(subset=_VM), on=_VM, how="left")
    )
    chosen = pl.concat([_fitting_os(doc_order, cat), _neutral(doc_order, cat)])
    applied = _apply(rows, chosen)
    keep_confidence = pl.when(pl.col("_cause").is_not_null()).then(pl.lit("doc-order"))
    return applied.with_columns(
        keep_confidence.otherwise("cause_confidence").alias("cause_confidence"),
        pl.coalesce(pl.col("evidence"), pl.lit("no evidence")).alias("evidence"),
    ).select(failures.columns)


_CHOSEN_SCHEMA = {_ROW: pl.UInt32, "_cause": pl.String, "_evidence": pl.String}


def _fitting_os(doc_order: pl.DataFrame, cat: Catalogue) -> pl.DataFrame:
    """Rows of a known OS: the first of the code's causes that fits that OS."""
    cause_os = pl.DataFrame(
        [(c.id, c.os) for c in cat.causes.values()],
        schema={"cause": pl.String, "_cause_os": pl.String},
        orient="row",
    )
    return (
        doc_order.filter(pl.col("os").is_not_null())
        .select(_ROW, "code", "os")
        .join(_code_causes(cat), on="code", how="inner")
        .join(cause_os, on="cause", how="left")
        .filter((pl.col("_cause_os") == "any") | (pl.col("_cause_os") == pl.col("os")))
        .sort(_ROW, "_pos")
        .unique(subset=_ROW, keep="first", maintain_order=True)
        .select(_ROW, pl.col("cause").alias("_cause"), pl.lit(None, pl.String).alias("_evidence"))
        .cast(_CHOSEN_SCHEMA)  # type: ignore[arg-type]
    )


def _neutral(doc_order: pl.DataFrame, cat: Catalogue) -> pl.DataFrame:
    """Rows of an unknown OS whose cause has an OS-neutral form: that neutral cause."""
    neutral = cat.neutral_causes()
    pairs = pl.DataFrame(
        {"cause": list(neutral), "_cause": list(neutral.values())},
        schema={"cause": pl.String, "_cause": pl.String},
    )
    return (
        doc_order.filter(pl.col("os").is_null())
        .join(pairs, on="cause", how="inner")
        .select(_ROW, "_cause", pl.lit(None, pl.String).alias("_evidence"))
        .cast(_CHOSEN_SCHEMA)  # type: ignore[arg-type]
    )


def vm_os_from_codes(failures: pl.DataFrame, cat: Catalogue) -> pl.DataFrame:
    """``vm`` (lower-cased) -> ``os`` its failures imply: a code whose causes are all of one
    OS (VSS writers: Windows; file-system freeze: Linux) tells the VM's OS; one OS per VM."""
    implied = {
        code.id: oses.pop()
        for code in cat.codes.values()
        if len(oses := {cat.causes[c].os for c in code.causes}) == 1 and "any" not in oses
    }
    codes = pl.DataFrame(
        {"code": list(implied), "os": list(implied.values())},
        schema={"code": pl.String, "os": pl.String},
    )
    return (
        failures.filter(pl.col("vm").is_not_null())
        .select(pl.col("vm").str.to_lowercase().alias(_VM), pl.col("code").cast(pl.String))
        .join(codes, on="code", how="inner")
        .select(_VM, "os")
        .unique()
        .filter(pl.len().over(_VM) == 1)
    )
