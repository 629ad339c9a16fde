"""Small polars lookup frames built from the catalogue, for vectorized joins.

Classification and aggregation join job frames against these instead of calling back
into Python per row.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from analyzer.catalogue.model import Catalogue, Cause


def numbered(steps: tuple[str, ...]) -> str:
    """Fix steps on one line: ``1. first 2. second``."""
    return " ".join(f"{i}. {step}" for i, step in enumerate(steps, 1))


def _pick(texts: Mapping[str, str], lang: str) -> str:
    """The text in ``lang``, else the English one."""
    return texts.get(lang) or texts.get("en") or ""


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
    return (cause.id, _pick(cause.title, lang), numbered(tuple(steps)), cause.doc_url, cause.os)


def code_frame(cat: Catalogue, lang: str) -> pl.DataFrame:
    """One row per code: code, category, code_message, code_doc_url, operation, causes (list)."""
    return pl.DataFrame(
        {
            "code": [c.id for c in cat.codes.values()],
            "category": [c.category for c in cat.codes.values()],
            "code_message": [_pick(c.message, lang) for c in cat.codes.values()],
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


def code_causes_frame(cat: Catalogue) -> pl.DataFrame:
    """One row per code: code, category, causes (list, in documentation order); no texts."""
    return pl.DataFrame(
        {
            "code": [c.id for c in cat.codes.values()],
            "category": [c.category for c in cat.codes.values()],
            "causes": [list(c.causes) for c in cat.codes.values()],
        },
        schema={"code": pl.String, "category": pl.String, "causes": pl.List(pl.String)},
    )


def code_key_frame(cat: Catalogue) -> pl.DataFrame:
    """Lower-cased spelling (canonical or alias) -> code id."""
    keys = cat.code_keys()
    return pl.DataFrame(
        {"code_key": list(keys), "code_by_key": list(keys.values())},
        schema={"code_key": pl.String, "code_by_key": pl.String},
    )


def numeric_key_frame(cat: Catalogue) -> pl.DataFrame:
    """Numeric errorCode -> code id."""
    keys = cat.numeric_keys()
    return pl.DataFrame(
        {"error_number": list(keys), "code_by_number": list(keys.values())},
        schema={"error_number": pl.Int64, "code_by_number": pl.String},
    )
