"""Canonical column names and dtypes shared by every stage.

Every reader maps its input onto JOB_SCHEMA (plus the bookkeeping columns in
INGEST_EXTRA); classify adds FAILURE_EXTRA; agent-log parsing yields EVIDENCE_SCHEMA;
anything that cannot become a record becomes a row of REJECT_SCHEMA.
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

# Columns classify and attribute add to a failed job.
FAILURE_EXTRA: dict[str, pl.DataType] = {
    "code": pl.String(),  # catalogue code id, or "unclassified"
    "match": pl.String(),  # code | numeric | message | none
    "category": pl.String(),  # user | transient | platform | unknown
    "cause": pl.String(),  # cause id
    "cause_title": pl.String(),
    "cause_confidence": pl.String(),  # evidence | doc-order | none
    "evidence": pl.String(),  # "signal @ time (file:line); ..." or "no evidence"
    "fix": pl.String(),
    "doc_url": pl.String(),
}

UNCLASSIFIED = "unclassified"

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


def empty(schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """An empty frame with the given schema."""
    return pl.DataFrame(schema=schema)
