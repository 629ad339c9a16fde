"""The frame contracts: every stage's input and output columns and dtypes, in one place.

The stages in order, with the frames between them:

    readers        -> INGESTED_SCHEMA (JOB_SCHEMA + INGEST_EXTRA), bad rows as REJECT_SCHEMA
    staging        -> compact rows (``staging.COMPACT_SCHEMA``) + whole failed records
    jobs, classify -> FAILURE_SCHEMA: failed jobs with ids (FAILURE_IDS), no texts
    attribute      -> FAILURE_SCHEMA, causes re-ranked by EVIDENCE_SCHEMA events
    aggregate      -> FAILURE_KEY_SCHEMA, VM_FIGURES_SCHEMA, VM_BASE_SCHEMA,
                      VM_DAYS_SCHEMA, DAY_TOTALS_SCHEMA,
                      WEEK_TOTALS_SCHEMA
    texts          -> FAILURE_SCHEMA + FAILURE_TEXTS (the catalogue's words, at the edge)

Agent-log parsing yields EVIDENCE_SCHEMA. Only ``analyzer.texts`` adds language.
"""

from __future__ import annotations

import polars as pl

UTC_DATETIME = pl.Datetime("us", "UTC")

# One backup/restore job, whatever export it came from.
JOB_SCHEMA: dict[str, pl.DataType] = {
    "source": pl.String(),  # input file name (as the user gave it)
    "source_row": pl.Int64(),  # 1-based data row (or JSON item) within the source
    "vm": pl.String(),  # VM / backup item name as exported (original case)
    "vm_id": pl.String(),  # ARM id or BackupItemUniqueId when known
    "resource_group": pl.String(),
    "subscription": pl.String(),
    "vault": pl.String(),
    "operation": pl.String(),  # Backup, Restore, ConfigureBackup, ...
    "status": pl.String(),  # normalized: see STATUSES
    "start_time": UTC_DATETIME,
    "end_time": UTC_DATETIME,
    "duration_s": pl.Float64(),
    "job_id": pl.String(),
    "error_code": pl.String(),  # string code as exported (None when absent or "Success")
    "error_message": pl.String(),
}

# Bookkeeping columns every reader adds next to JOB_SCHEMA.
INGEST_EXTRA: dict[str, pl.DataType] = {
    "shape": pl.String(),  # id of the detected input shape, e.g. "la-addon-csv"
    "recorded_at": UTC_DATETIME,  # TimeGenerated for Log Analytics rows, else null
    "error_number": pl.Int64(),  # numeric errorCode (REST/PowerShell), else null
    "reject_reason": pl.String(),  # null for a good row; else why the row is rejected
}

INGESTED_SCHEMA: dict[str, pl.DataType] = {**JOB_SCHEMA, **INGEST_EXTRA}

STATUSES = (
    "Completed",
    "CompletedWithWarnings",
    "Failed",
    "InProgress",
    "Cancelled",
    "Cancelling",
)

# Columns classify and attribute add to a failed job: ids, no language.
FAILURE_IDS: dict[str, pl.DataType] = {
    "code": pl.String(),  # catalogue code id, or "unclassified"
    "match": pl.String(),  # code | numeric | message | none
    "category": pl.String(),  # user | transient | platform | unknown
    "cause": pl.String(),  # cause id
    "cause_confidence": pl.String(),  # evidence | doc-order | none
    "evidence": pl.String(),  # "signal @ time (file:line); ..." or "no evidence"
}
# Columns ``analyzer.texts`` adds to a failed job, in the asked language.
FAILURE_TEXTS: dict[str, pl.DataType] = {
    "cause_title": pl.String(),
    "fix": pl.String(),
    "doc_url": pl.String(),  # the cause's documentation link, else the code's
}

UNCLASSIFIED = "unclassified"

ORDER = "_src_order"  # a row's position among all rows read (ties rows to their records)
JOB_HASHES = ("_job_h1", "_job_h2")  # the job id's two independent hashes

# staging: what every input row keeps (the job id as two hashes; ``_has_code``: it had a
# string error code; ``_rejected``: it has a reject reason), with the dtypes it is kept in.
COMPACT_SCHEMA: dict[str, pl.DataType] = {
    ORDER: pl.Int64(),
    "vm": pl.String(),
    "resource_group": pl.String(),
    "status": pl.Categorical(),
    "operation": pl.Categorical(),
    "start_time": UTC_DATETIME,
    "end_time": UTC_DATETIME,
    "recorded_at": UTC_DATETIME,
    "error_number": pl.Int64(),
    JOB_HASHES[0]: pl.UInt64(),
    JOB_HASHES[1]: pl.UInt64(),
    "_has_code": pl.Boolean(),
    "_rejected": pl.Boolean(),
}
# staging: the whole records kept of failed jobs and rejects.
DETAIL_SCHEMA: dict[str, pl.DataType] = {ORDER: pl.Int64(), **INGESTED_SCHEMA}
# jobs: the compact rows that are jobs (not rejects), before and after dedupe.
JOB_ROW_SCHEMA: dict[str, pl.DataType] = {
    name: dtype for name, dtype in COMPACT_SCHEMA.items() if name != "_rejected"
}

_JOB_RECORD = {name: dtype for name, dtype in INGESTED_SCHEMA.items() if name != "reject_reason"}
VM_KEY: dict[str, pl.DataType] = {"vm_key": pl.String()}  # lower-cased "vm/resource group"

# A classified failed job: its whole record, its VM key and the ids classify adds.
FAILURE_SCHEMA: dict[str, pl.DataType] = {**_JOB_RECORD, **VM_KEY, **FAILURE_IDS}
# The columns of a failed job the aggregates read (``--by code``, ``cause``, ``day``).
FAILURE_KEY_SCHEMA: dict[str, pl.DataType] = {
    name: FAILURE_SCHEMA[name]
    for name in (
        "vm_key",
        "vm",
        "start_time",
        "error_code",
        "error_number",  # shown for an unclassified failure exported with a number only
        "code",
        "category",
        "cause",
        "cause_confidence",
    )
}
_COUNT = pl.UInt32()
# Per-VM figures that need every job (``aggregate.vm_base``).
VM_BASE_SCHEMA: dict[str, pl.DataType] = {
    **VM_KEY,
    "vm": pl.String(),
    "resource_group": pl.String(),
    "jobs": _COUNT,
    "failed": _COUNT,
    "finished": _COUNT,
    "first_failure": UTC_DATETIME,
    "last_failure": UTC_DATETIME,
    "last_success": UTC_DATETIME,
    "last_job": UTC_DATETIME,
    "failing_days": _COUNT,
    "longest_streak": _COUNT,
    "current_streak": _COUNT,
}
# The ``--by vm`` figures per VM, in ids (``aggregate.vm_figures``).
VM_FIGURES_SCHEMA: dict[str, pl.DataType] = {
    **VM_BASE_SCHEMA,
    "distinct_codes": _COUNT,
    "evidence_backed": _COUNT,
    "top_code": pl.String(),
    "top_code_count": _COUNT,
    "top_cause": pl.String(),
    "top_cause_count": _COUNT,
    "failure_rate": pl.Float64(),
    "top_cause_share": pl.Float64(),
    "hours_since_success": pl.Float64(),  # protection now: see analyzer.protection
    "hours_since_job": pl.Float64(),
    "state": pl.String(),
}
# Per VM and local day (the weekly report).
VM_DAYS_SCHEMA: dict[str, pl.DataType] = {
    **VM_KEY,
    "day": pl.Date(),
    "vm": pl.String(),
    "resource_group": pl.String(),
    "jobs": _COUNT,
    "finished": _COUNT,
    "failed": _COUNT,
    "succeeded": _COUNT,
}
# Per local day: all jobs, not only failed ones.
DAY_TOTALS_SCHEMA: dict[str, pl.DataType] = {
    "day": pl.Date(),
    "jobs": _COUNT,
    "finished": _COUNT,
    "failed": _COUNT,
}
# Per local ISO week (Monday) of the report's trend; VM-disjoint batches add up.
WEEK_TOTALS_SCHEMA: dict[str, pl.DataType] = {
    "week": pl.Date(),  # the Monday, in the report's time zone
    "jobs": _COUNT,
    "finished": _COUNT,
    "failed": _COUNT,
    "failing_vms": _COUNT,
}
# The OS of a VM (lower-cased name) as its logs, ``--vm-info`` or its codes tell.
VM_OS_SCHEMA: dict[str, pl.DataType] = {"_attr_vm": pl.String(), "os": pl.String()}

# One agent-log line that matched a catalogue signal.
EVIDENCE_SCHEMA: dict[str, pl.DataType] = {
    "source": pl.String(),
    "line_no": pl.Int64(),
    "vm": pl.String(),
    "time": UTC_DATETIME,
    "log_kind": pl.String(),  # one of catalogue LOG_KINDS (generic: format not recognised)
    "level": pl.String(),
    "signal": pl.String(),  # catalogue signal id
    "kind": pl.String(),  # failure (a finding) | info | benign (a known harmless line)
    "benign": pl.String(),  # the catalogue's benign rule that applies (kind benign), else null
    "detail": pl.String(),  # captured detail (agent version, exit code, ...)
    "line": pl.String(),
    "matched_vm": pl.Boolean(),  # whether the VM appears in the job inputs
}

REJECT_SCHEMA: dict[str, pl.DataType] = {
    "source": pl.String(),
    "source_row": pl.Int64(),
    "shape": pl.String(),
    "reason": pl.String(),
}
