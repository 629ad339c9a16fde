"""The tabular export shapes (CSV files or spreadsheet sheets), one ``TableFamily`` each.

Detection looks at header keys only (see ``headers.fold``), in the order of ``FAMILIES``:
the most specific families come first, the loosely-named vault "Export jobs" summary last.
"""

from __future__ import annotations

import polars as pl

from analyzer.ingest.azure_ids import item_resource_group, last_segment
from analyzer.ingest.headers import Columns
from analyzer.ingest.model import TableFamily
from analyzer.ingest.normalize import join_text
from analyzer.ingest.rest_fields import not_a_job, rest_fields


def _not_job_record(cols: Columns, key: str) -> pl.Expr:
    """Log Analytics tables can mix record types; only ``OperationName == Job`` rows are jobs."""
    if not cols.has(key):
        return pl.lit(None, dtype=pl.String)
    name = pl.col(key).str.strip_chars()
    other = name.is_not_null() & (name.str.len_bytes() > 0) & (name.str.to_lowercase() != "job")
    return pl.when(other).then(pl.lit("not a job record (OperationName '") + name + pl.lit("')"))


def _vm_from_item(cols: Columns, friendly: tuple[str, ...], item_key: str) -> pl.Expr:
    name = cols.pick(*friendly)
    # Only rows without a friendly name need the item id split (most have one).
    return pl.coalesce(name, last_segment(pl.when(name.is_null()).then(cols.pick(item_key))))


# --- Log Analytics AddonAzureBackupJobs (resource-specific table) -------------------------


def _detect_la_addon(cols: Columns) -> bool:
    return (
        cols.has("jobstartdatetime")
        and cols.has("jobstatus")
        and cols.has("backupitemuniqueid", "backupitemfriendlyname", "jobuniqueid")
    )


def _la_addon_fields(cols: Columns) -> dict[str, pl.Expr]:
    item = cols.pick("backupitemuniqueid")
    return {
        "vm": pl.coalesce(
            _vm_from_item(cols, ("backupitemfriendlyname",), "backupitemuniqueid"),
            cols.pick("datasourcefriendlyname"),
        ),
        "vm_id": item,
        # ResourceGroupName is the vault's group; the VM's is inside the item id.
        "resource_group": item_resource_group(item),
        "subscription": cols.pick("subscriptionid", "_subscriptionid"),
        "vault": cols.pick("vaultname"),
        "operation": cols.pick("joboperation"),
        "status": cols.pick("jobstatus"),
        "start": cols.pick("jobstartdatetime"),
        "duration": cols.pick("jobdurationinsecs"),
        "job_id": cols.pick("jobuniqueid"),
        "error_code": cols.pick("jobfailurecode"),
        "recorded": cols.pick("timegenerated"),
        "pre_reject": _not_job_record(cols, "operationname"),
    }


# --- Log Analytics legacy AzureDiagnostics (AzureBackupReport) -----------------------------


def _detect_la_diagnostics(cols: Columns) -> bool:
    return cols.has("jobstatus_s") and cols.has("jobstartdatetime_s")


def _la_diagnostics_fields(cols: Columns) -> dict[str, pl.Expr]:
    item = cols.pick("backupitemuniqueid_s")
    return {
        "vm": _vm_from_item(cols, ("backupitemfriendlyname_s",), "backupitemuniqueid_s"),
        "vm_id": item,
        "resource_group": item_resource_group(item),
        "subscription": cols.pick("subscriptionid"),
        # Log Analytics upper-cases Resource; vault names are case-insensitive in Azure.
        "vault": cols.pick("vaultname_s", "resource").str.to_lowercase(),
        "operation": cols.pick("joboperation_s"),
        "status": cols.pick("jobstatus_s"),
        "start": cols.pick("jobstartdatetime_s"),
        "duration": cols.pick("jobdurationinsecs_s"),
        "job_id": cols.pick("jobuniqueid_g", "jobuniqueid_s"),
        "error_code": cols.pick("jobfailurecode_s"),
        "recorded": cols.pick("timegenerated"),
        "pre_reject": _not_job_record(cols, "operationname"),
    }


# --- Azure Resource Graph (RecoveryServicesResources) download ------------------------------


def _detect_arg(cols: Columns) -> bool:
    return cols.has("properties") and cols.has("id") and cols.has("type", "name")


def _arg_fields(cols: Columns) -> dict[str, pl.Expr]:
    props = cols.pick("properties")
    fields = rest_fields(
        props, "$", arm_id=cols.pick("id"), name=cols.pick("name"), kind=cols.pick("type")
    )
    unreadable = props.is_not_null() & props.str.json_path_match("$").is_null()
    fields["pre_reject"] = pl.coalesce(
        pl.when(unreadable).then(pl.lit("the properties column is not valid JSON")),
        not_a_job(cols.pick("type")),
    )
    return fields


# --- PowerShell Export-Csv of Get-AzRecoveryServicesBackupJob --------------------------------


def _detect_powershell(cols: Columns) -> bool:
    return (
        cols.has("workloadname")
        and cols.has("status")
        and cols.has("starttime")
        and cols.has("jobid", "activityid", "backupmanagementtype", "errordetails")
    )


def _powershell_fields(cols: Columns) -> dict[str, pl.Expr]:
    # ErrorDetails holds the list's .NET type name, never the error: only flattened
    # columns (ErrorCode / ErrorMessage / Recommendations) carry it.
    message = cols.pick("errormessage", "errordetailserrormessage")
    advice = cols.pick("recommendations", "errordetailsrecommendations")
    return {
        "vm": cols.pick("workloadname"),
        "vault": cols.pick("vaultname", "vault"),
        "resource_group": cols.pick("vmresourcegroup", "resourcegroupname", "resourcegroup"),
        "operation": cols.pick("operation"),
        "status": cols.pick("status"),
        "start": cols.pick("starttime"),
        "end": cols.pick("endtime"),
        "duration": cols.pick("duration"),
        "job_id": cols.pick("jobid"),
        "error_code": cols.pick("errorcode", "errordetailserrorcode"),
        "error_message": join_text([message, advice], " - "),
    }


# --- Backup Reports "Backup job history" grid export ---------------------------------------


def _detect_workbook(cols: Columns) -> bool:
    return (
        cols.has("jobstarttime")
        and cols.has("jobstatus")
        and cols.has("backupinstance", "backupitemfriendlyname")
        and not cols.has("jobstartdatetime")
    )


def _workbook_fields(cols: Columns) -> dict[str, pl.Expr]:
    item = cols.pick("backupitem", "backupitemuniqueid")
    return {
        "vm": cols.pick("backupinstance", "backupitemfriendlyname"),
        "vm_id": item,
        "resource_group": item_resource_group(item),
        "subscription": cols.pick("subscription", "subscriptionid"),
        "vault": cols.pick("vault", "vaultname"),
        "operation": cols.pick("joboperation"),
        "status": cols.pick("jobstatus"),
        "start": cols.pick("jobstarttime"),
        "duration": cols.pick("jobdurationhours", "jobduration"),
        "job_id": cols.pick("jobuniqueid", "jobid"),
        "error_code": cols.pick("jobfailurecode", "failurecode"),
        "error_message": cols.pick("jobfailuremessage", "failuremessage", "errormessage"),
    }


# --- Recovery Services vault "Export jobs" summary sheet ------------------------------------

VAULT_ITEM_KEYS = (
    "itemname",
    "backupitem",
    "backupitemname",
    "workloadname",
    "entityfriendlyname",
    "vmname",
    "backupinstance",
    "item",
    "name",
)
VAULT_START_KEYS = ("starttime", "start", "jobstarttime", "startedat")


def _detect_vault_summary(cols: Columns) -> bool:
    return (
        cols.has(*VAULT_ITEM_KEYS)
        and cols.has("status", "jobstatus")
        and cols.has(*VAULT_START_KEYS)
        and cols.has("operation", "joboperation", "duration", "itemtype")
    )


def _vault_summary_fields(cols: Columns) -> dict[str, pl.Expr]:
    message = cols.pick("errormessage", "error", "errordetails")
    advice = cols.pick("recommendedaction", "recommendedactions", "recommendation")
    return {
        "vm": cols.pick(*VAULT_ITEM_KEYS),
        "vault": cols.pick("vault", "vaultname"),
        "operation": cols.pick("operation", "joboperation"),
        "status": cols.pick("status", "jobstatus"),
        "start": cols.pick(*VAULT_START_KEYS),
        "end": cols.pick("endtime", "end", "jobendtime"),
        "duration": cols.pick("duration", "jobduration"),
        "job_id": cols.pick("jobid", "id", "activityid"),
        "error_code": cols.pick("errorcode"),
        "error_message": join_text([message, advice], " - "),
    }


# --- bjla's own failures table (bjla failures -f csv/json/parquet/xlsx) ---------------------


def _detect_bjla_failures(cols: Columns) -> bool:
    return all(cols.has(key) for key in ("job_id", "start_time", "cause_confidence", "vm"))


def _bjla_failures_fields(cols: Columns) -> dict[str, pl.Expr]:
    # Every row of the table is a failed job: the table has no status column.
    return {
        "vm": cols.pick("vm"),
        "resource_group": cols.pick("resource_group"),
        "vault": cols.pick("vault"),
        "operation": cols.pick("operation"),
        "status": pl.lit("Failed", dtype=pl.String),
        "start": cols.pick("start_time"),
        "end": cols.pick("end_time"),
        "duration": cols.pick("duration_s"),
        "job_id": cols.pick("job_id"),
        "error_code": cols.pick("error_code"),
        "error_number": cols.pick("error_number"),
        "error_message": cols.pick("error_message"),
    }


BJLA_FAILURES = TableFamily(
    "bjla-failures",
    "bjla's own failures table, saved (failed jobs only)",
    _detect_bjla_failures,
    _bjla_failures_fields,
    duration_unit="seconds",
    containers=("csv", "xlsx", "json", "ndjson", "parquet"),
)
LA_ADDON = TableFamily(
    "la-addon",
    "Log Analytics AddonAzureBackupJobs export",
    _detect_la_addon,
    _la_addon_fields,
    duration_unit="seconds",
    containers=("csv", "xlsx", "json", "ndjson"),
)
LA_DIAGNOSTICS = TableFamily(
    "la-diagnostics",
    "Log Analytics legacy AzureDiagnostics (AzureBackupReport) export",
    _detect_la_diagnostics,
    _la_diagnostics_fields,
    duration_unit="seconds",
    containers=("csv", "xlsx", "json", "ndjson"),
)
ARG = TableFamily(
    "arg",
    "Azure Resource Graph backupjobs download (properties as JSON)",
    _detect_arg,
    _arg_fields,
)
POWERSHELL = TableFamily(
    "powershell",
    "PowerShell Export-Csv of Get-AzRecoveryServicesBackupJob",
    _detect_powershell,
    _powershell_fields,
)
WORKBOOK = TableFamily(
    "workbook",
    'Backup Reports "Backup job history" grid export',
    _detect_workbook,
    _workbook_fields,
    duration_unit="hours",
)
VAULT_EXPORT = TableFamily(
    "vault-export",
    'Recovery Services vault "Export jobs" workbook (summary sheet)',
    _detect_vault_summary,
    _vault_summary_fields,
)

FAMILIES: tuple[TableFamily, ...] = (
    BJLA_FAILURES,
    LA_ADDON,
    LA_DIAGNOSTICS,
    ARG,
    POWERSHELL,
    WORKBOOK,
    VAULT_EXPORT,
)


def detect_family(cols: Columns) -> TableFamily | None:
    """The first family whose detector accepts these header keys."""
    for family in FAMILIES:
        if family.detect(cols):
            return family
    return None
