"""Staging expressions over one backup-job resource (REST / az CLI / ARG).

The same ``properties`` object arrives three ways: a REST/az item (``{"id", "name",
"properties": {...}}``), one NDJSON line, or the ``properties`` column of an Azure Resource
Graph CSV. ``fields_of`` maps it once, reading each value through a path accessor: the
JSON readers hand it columns they took from the decoded items, the ARG CSV polars' JSON
paths over its text column (``rest_fields``). Either way an absent or malformed value is
null, so one bad item never stops the others.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from analyzer.ingest.azure_ids import item_from_path, item_resource_group, last_segment, vault_part
from analyzer.ingest.normalize import join_text

CODE_LIKE = r"^[A-Za-z][A-Za-z0-9_.\-]*$"
_DIGITS = r"^-?\d+$"
_MAX_DETAILS = 2  # error details read per job (the API returns one in practice)
_MAX_RECOMMENDATIONS = 3  # recommendations appended per detail


Property = Callable[[str], pl.Expr]  # a path inside ``properties`` -> its value as text


def rest_fields(
    doc: pl.Expr, prefix: str, *, arm_id: pl.Expr, name: pl.Expr, kind: pl.Expr
) -> dict[str, pl.Expr]:
    """Staging expressions for a job whose properties live at ``prefix`` inside ``doc``."""

    def prop(path: str) -> pl.Expr:
        return doc.str.json_path_match(f"{prefix}.{path}")

    return fields_of(prop, arm_id=arm_id, name=name, kind=kind)


def fields_of(
    prop: Property, *, arm_id: pl.Expr, name: pl.Expr, kind: pl.Expr
) -> dict[str, pl.Expr]:
    """Staging expressions over the job's properties, each read through ``prop``.

    ``prop`` gives the text at a path such as ``errorDetails[0].errorCode`` (as a JSON
    path of polars would: numbers as written, objects as compact JSON, null when absent).
    """
    item = pl.coalesce(prop("containerName"), item_from_path(prop("backupInstanceId")))
    vm = pl.coalesce(
        prop("entityFriendlyName"),
        prop("extendedInfo.propertyBag['VM Name']"),
        last_segment(item),
    )
    return {
        "vm": vm,
        "vm_id": item,
        "resource_group": item_resource_group(item),
        "subscription": vault_part(arm_id, "subscription"),
        "vault": vault_part(arm_id, "vault"),
        "operation": prop("operation"),
        "status": prop("status"),
        "start": prop("startTime"),
        "end": prop("endTime"),
        "duration": pl.coalesce(prop("duration"), prop("additionalProperties.duration")),
        "job_id": pl.coalesce(name, last_segment(arm_id.str.strip_chars_end("/"), "/")),
        **error_fields(prop),
        "pre_reject": not_a_job(kind),
    }


def error_fields(prop: Property) -> dict[str, pl.Expr]:
    """Code, number and message from ``errorDetails[]``.

    ``errorCode`` is numeric in the API; ``errorTitle`` is taken as the string code only
    when it looks like one (no spaces), since its content is not documented.
    """
    code = prop("errorDetails[0].errorCode")
    title = prop("errorDetails[0].errorTitle")
    messages = [_detail_message(prop, i) for i in range(_MAX_DETAILS)]
    return {
        "error_number": pl.when(code.str.contains(_DIGITS)).then(code),
        "error_code": pl.coalesce(
            pl.when(code.str.contains(CODE_LIKE)).then(code),
            pl.when(title.str.contains(CODE_LIKE)).then(title),
        ),
        "error_message": join_text(messages, "; "),
    }


def _detail_message(prop: Property, index: int) -> pl.Expr:
    """``errorString`` with the recommendations appended after " - "."""
    detail = f"errorDetails[{index}]"
    advice = [prop(f"{detail}.recommendations[{j}]") for j in range(_MAX_RECOMMENDATIONS)]
    return join_text([prop(f"{detail}.errorString"), join_text(advice, " ")], " - ")


def not_a_job(kind: pl.Expr) -> pl.Expr:
    """A reason when the resource type is given and is not a backup job."""
    other = kind.is_not_null() & ~kind.str.to_lowercase().str.ends_with("/backupjobs")
    return pl.when(other).then(pl.lit("not a backup job (type '") + kind + pl.lit("')"))
