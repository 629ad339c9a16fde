"""Deterministic generator of Azure VM backup job histories, in every export shape bjla reads.

    python -m tools.fleetgen sample sample_logs/
    python -m tools.fleetgen large --rows 2000000 --shape la-csv OUT.csv

``sample`` writes the sample fleet (about 40 VMs, nightly backups 2026-11-02 .. 11-22, the
scenario VMs of the team brief failing on their nights) spread over nine files in eight
export shapes, with a few duplicates and malformed rows, into ``OUT_DIR/jobs/``.
``large`` streams a big file in vectorized chunks (bounded memory, no per-row Python).

Everything is derived from a seeded ``random.Random`` (sample) or a seeded integer hash of
the row number (large); nothing reads the clock, so the same command writes the same bytes.

Error messages come from the pattern catalogue (``patterns/*.toml``, ``message.en/.sv``
of each ``[[code]]``) when it is there; ``FALLBACK_MESSAGES`` is only a stand-in so this
test-data tool works without it.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import sys
import time
import tomllib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
PATTERNS = ROOT / "patterns"
SEED = 20261102
START = date(2026, 11, 2)
DAYS = 21
CHUNK_ROWS = 250_000

UTC_DT = pl.Datetime("us", "UTC")

# Stand-in messages (en, sv) for the 13 codes of the seed article, used only when the
# catalogue is missing or lacks a code. Worded for this generator, not copied.
FALLBACK_MESSAGES: dict[str, tuple[str, str]] = {
    "UserErrorGuestAgentStatusUnavailable": (
        "VM Agent unable to communicate with Azure Backup",
        "VM-agenten kan inte kommunicera med Azure Backup",
    ),
    "GuestAgentSnapshotTaskStatusError": (
        "Could not communicate with the VM agent for snapshot status",
        "Det gick inte att kommunicera med VM-agenten för ögonblicksbildstatus",
    ),
    "UserErrorVmProvisioningStateFailed": (
        "The VM is in failed provisioning state",
        "Den virtuella datorn har etableringsstatus Misslyckad",
    ),
    "UserErrorRpCollectionLimitReached": (
        "The Restore Point collection max limit has reached.",
        "Maxgränsen för återställningspunktsamlingen har nåtts.",
    ),
    "UserErrorKeyvaultPermissionsNotConfigured": (
        "Backup doesn't have sufficient permissions to the key vault for backup of encrypted VMs.",
        "Säkerhetskopieringen saknar behörighet till nyckelvalvet för krypterade datorer.",
    ),
    "ExtensionSnapshotFailedNoNetwork": (
        "Snapshot operation failed due to no network connectivity on the virtual machine",
        "Ögonblicksbilden misslyckades eftersom den virtuella datorn saknar nätverksanslutning",
    ),
    "ExtensionOperationFailedForManagedDisks": (
        "VMSnapshot extension operation failed",
        "Åtgärden i VMSnapshot-tillägget misslyckades",
    ),
    "BackUpOperationFailed": (
        "Backup failed with an internal error - Please retry the operation in a few minutes",
        "Säkerhetskopieringen misslyckades med ett internt fel. Försök igen om några minuter",
    ),
    "BackUpOperationFailedV2": (
        "Backup failed with an internal error - Please retry the operation in a few minutes",
        "Säkerhetskopieringen misslyckades med ett internt fel. Försök igen om några minuter",
    ),
    "UserErrorUnsupportedDiskSize": (
        "The configured disk size(s) is currently not supported by Azure Backup.",
        "Den konfigurerade diskstorleken stöds för närvarande inte av Azure Backup.",
    ),
    "UserErrorBackupOperationInProgress": (
        "Unable to initiate backup as another backup operation is currently in progress",
        "Det går inte att starta säkerhetskopieringen eftersom en annan säkerhetskopiering pågår",
    ),
    "UserErrorCrpReportedUserError": (
        "Backup failed due to an error. For details, see Job Error Message Details.",
        "Säkerhetskopieringen misslyckades på grund av ett fel. Se jobbets felinformation.",
    ),
    "UserErrorBcmDatasourceNotPresent": (
        "Backup failed: This virtual machine is not (actively) protected by Azure Backup.",
        "Säkerhetskopieringen misslyckades: den virtuella datorn skyddas inte av Azure Backup.",
    ),
}
# A code no catalogue knows, so the sample exercises the "unclassified" path.
UNLISTED_CODE = "UserErrorExampleUnlistedCode"
UNLISTED_MESSAGE = (
    "Sample data: an error code that is not in the catalogue",
    "Exempeldata: en felkod som inte finns i katalogen",
)


@dataclass(frozen=True)
class Catalogue:
    """What the generator needs from the catalogue: messages and documented numbers."""

    messages: dict[str, tuple[str, str]]
    numbers: dict[str, int]


def load_catalogue(patterns: Path = PATTERNS) -> Catalogue:
    """Messages (en, sv) and numeric codes per code id, catalogue over fallback."""
    messages = dict(FALLBACK_MESSAGES)
    messages[UNLISTED_CODE] = UNLISTED_MESSAGE
    numbers: dict[str, int] = {}
    for path in sorted(patterns.glob("*.toml")) if patterns.is_dir() else []:
        try:
            entries = tomllib.loads(path.read_text(encoding="utf-8")).get("code", [])
        except (tomllib.TOMLDecodeError, OSError):
            continue
        for entry in entries:
            message = entry.get("message", {})
            if "id" in entry and message.get("en") and message.get("sv"):
                messages[entry["id"]] = (message["en"], message["sv"])
            if "id" in entry and entry.get("numeric"):
                numbers[entry["id"]] = int(entry["numeric"][0])
    return Catalogue(messages, numbers)


# --- the sample fleet ------------------------------------------------------------------------


@dataclass(frozen=True)
class Vault:
    """A Recovery Services vault and the export its jobs are written as."""

    name: str
    rg: str
    subscription: str
    location: str


SUB_A = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"
SUB_B = "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d"
VAULTS = {
    "rsv-weu-prod": Vault("rsv-weu-prod", "rg-backup-weu", SUB_A, "westeurope"),
    "rsv-weu-data": Vault("rsv-weu-data", "rg-backup-weu", SUB_A, "westeurope"),
    "rsv-weu-files": Vault("rsv-weu-files", "rg-backup-weu", SUB_A, "westeurope"),
    "rsv-weu-win": Vault("rsv-weu-win", "rg-backup-weu", SUB_A, "westeurope"),
    "rsv-neu-infra": Vault("rsv-neu-infra", "rg-backup-neu", SUB_B, "northeurope"),
    "rsv-weu-k8s": Vault("rsv-weu-k8s", "rg-backup-weu", SUB_B, "westeurope"),
    "rsv-sec-ops": Vault("rsv-sec-ops", "rg-backup-sec", SUB_B, "swedencentral"),
    "rsv-neu-dr": Vault("rsv-neu-dr", "rg-backup-neu", SUB_B, "northeurope"),
}

# vault -> resource group -> VMs (os from the name prefix)
FLEET: dict[str, dict[str, list[str]]] = {
    "rsv-weu-prod": {
        "rg-web": [
            "lnx-web-01",
            "lnx-web-02",
            "lnx-web-03",
            "win-web-01",
            "win-web-02",
            "lnx-proxy-01",
        ],
        "rg-app": [
            "lnx-app-01",
            "lnx-app-02",
            "lnx-app-03",
            "win-app-01",
            "win-app-02",
            "win-app-03",
        ],
    },
    "rsv-weu-data": {
        "rg-data": [
            "lnx-db-01",
            "lnx-db-02",
            "win-sql-01",
            "win-sql-02",
            "lnx-redis-01",
            "win-ssis-01",
        ],
    },
    "rsv-weu-files": {"rg-files": ["lnx-files-01", "lnx-files-02", "lnx-files-03", "lnx-files-04"]},
    "rsv-neu-infra": {
        "rg-infra": ["win-dc-01", "win-dc-02", "lnx-dns-01", "lnx-mon-07", "win-jump-01"]
    },
    "rsv-weu-k8s": {
        "rg-k8s": ["lnx-k8s-01", "lnx-k8s-02", "lnx-k8s-03", "lnx-k8s-04", "lnx-k8s-05"]
    },
    "rsv-weu-win": {"rg-win": ["win-rds-01", "win-rds-02", "win-print-01", "win-fs-01"]},
    "rsv-sec-ops": {"rg-ops": ["lnx-ops-01", "lnx-ops-02", "win-ops-01", "win-ops-02"]},
    "rsv-neu-dr": {"rg-dr": ["win-dr-01", "lnx-dr-01", "lnx-dr-02"]},
}


@dataclass(frozen=True)
class Failure:
    """A run of failing nights (inclusive) for one VM with one code."""

    vm: str
    first: date
    last: date
    code: str


def _nov(day: int) -> date:
    return date(2026, 11, day)


# The scenario table of the team brief: exactly these nights and codes.
SCENARIOS = (
    Failure("lnx-web-01", _nov(17), _nov(22), "GuestAgentSnapshotTaskStatusError"),
    Failure("lnx-db-02", _nov(10), _nov(22), "ExtensionOperationFailedForManagedDisks"),
    Failure("lnx-app-03", _nov(19), _nov(21), "ExtensionSnapshotFailedNoNetwork"),
    Failure("win-sql-01", _nov(16), _nov(18), "BackUpOperationFailed"),
    Failure("win-app-02", _nov(18), _nov(22), "GuestAgentSnapshotTaskStatusError"),
    Failure("lnx-files-04", _nov(12), _nov(13), "UserErrorFsFreezeFailed"),
)
# Other failures, so every seed code (and a few others) shows up in some shape.
OTHER_FAILURES = (
    Failure("win-web-02", _nov(5), _nov(6), "UserErrorGuestAgentStatusUnavailable"),
    Failure("win-app-01", _nov(7), _nov(7), "ExtensionFailedVssWriterInBadState"),
    Failure("lnx-proxy-01", _nov(20), _nov(20), UNLISTED_CODE),
    Failure("win-sql-02", _nov(8), _nov(10), "UserErrorRpCollectionLimitReached"),
    Failure("lnx-redis-01", _nov(11), _nov(11), "CopyingVHDsFromBackUpVaultTakingLongTime"),
    Failure("win-ssis-01", _nov(13), _nov(13), "AzureVmOffline"),
    Failure("lnx-files-02", _nov(4), _nov(4), "UserErrorBackupOperationInProgress"),
    Failure("lnx-dns-01", _nov(10), _nov(11), "UserErrorVmProvisioningStateFailed"),
    Failure("lnx-k8s-03", _nov(15), _nov(16), "UserErrorKeyvaultPermissionsNotConfigured"),
    Failure("lnx-k8s-05", _nov(21), _nov(21), "UserErrorVmNotInDesirableState"),
    Failure("win-rds-01", _nov(20), _nov(22), "BackUpOperationFailedV2"),
    Failure("win-fs-01", _nov(12), _nov(22), "UserErrorUnsupportedDiskSize"),
    Failure("lnx-ops-01", _nov(9), _nov(9), "UserErrorBackupOperationInProgress"),
    Failure("win-ops-01", _nov(19), _nov(19), "GuestAgentSnapshotTaskStatusError"),
    Failure("win-ops-02", _nov(14), _nov(14), "UserErrorCrpReportedUserError"),
    Failure("lnx-dr-02", _nov(18), _nov(22), "UserErrorBcmDatasourceNotPresent"),
    Failure("lnx-k8s-02", _nov(3), _nov(3), "ExtensionSnapshotFailedNoNetwork"),
)
# (vm, day, hour, status, code): restore jobs run in the daytime.
RESTORES = (
    ("lnx-db-01", _nov(12), 10, "Completed", None),
    ("win-app-03", _nov(19), 14, "Failed", "UserErrorSkuNotAvailable"),
)
CANCELLED = (("lnx-mon-07", _nov(16)),)
IN_PROGRESS = (("win-sql-02", _nov(22)),)

TRUTH_SCHEMA: dict[str, pl.DataType] = {
    "vm": pl.String(),
    "vm_rg": pl.String(),
    "subscription": pl.String(),
    "vault": pl.String(),
    "vault_rg": pl.String(),
    "location": pl.String(),
    "os": pl.String(),
    "job_id": pl.String(),
    "operation": pl.String(),
    "adhoc": pl.Boolean(),
    "status": pl.String(),
    "start": UTC_DT,
    "end": UTC_DT,
    "duration_s": pl.Float64(),
    "error_code": pl.String(),
    "error_number": pl.Int64(),
    "error_message_en": pl.String(),
    "error_message_sv": pl.String(),
    "recorded_at": UTC_DT,
    "data_mb": pl.Float64(),
}


def vm_os(vm: str) -> str:
    """The OS a sample VM runs (its name says it)."""
    return "windows" if vm.startswith("win-") else "linux"


def _failure_plan() -> dict[tuple[str, date], str]:
    plan: dict[tuple[str, date], str] = {}
    for failure in (*SCENARIOS, *OTHER_FAILURES):
        night = failure.first
        while night <= failure.last:
            plan[(failure.vm, night)] = failure.code
            night += timedelta(days=1)
    return plan


def _job_id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _failure_seconds(rng: random.Random, code: str) -> float:
    # Snapshot-status timeouts wait for the agent; most other failures end quickly.
    if "Snapshot" in code or "GuestAgent" in code:
        return rng.uniform(1500, 2700)
    return rng.uniform(45, 900)


def sample_truth(catalogue: Catalogue | None = None, seed: int = SEED) -> pl.DataFrame:
    """The sample fleet's truth table: one row per job, sorted by start time and VM."""
    cat = catalogue or load_catalogue()
    rng = random.Random(seed)
    plan = _failure_plan()
    rows: list[dict[str, Any]] = []
    for vault_name, groups in FLEET.items():
        vault = VAULTS[vault_name]
        for rg, vms in groups.items():
            for vm in vms:
                rows.extend(_vm_nights(rng, cat, vault, rg, vm, plan))
    rows.extend(_special_jobs(rng, cat))
    frame = pl.DataFrame(rows, schema=TRUTH_SCHEMA, orient="row")
    return frame.sort("start", "vm")


def _vm_nights(
    rng: random.Random,
    cat: Catalogue,
    vault: Vault,
    rg: str,
    vm: str,
    plan: dict[tuple[str, date], str],
) -> Iterator[dict[str, Any]]:
    slot = rng.choice((0, 30, 60, 90))  # the policy's start within 22:00-23:30
    base_seconds = rng.uniform(900, 3600)
    for offset in range(DAYS):
        night = START + timedelta(days=offset)
        start = datetime(night.year, night.month, night.day, 22, tzinfo=UTC) + timedelta(
            minutes=slot + rng.randint(0, 14),
            seconds=rng.randint(0, 59),
            microseconds=rng.randint(0, 999) * 1000,
        )
        code = plan.get((vm, night))
        status = "Failed" if code else _healthy_status(rng, vm, night)
        seconds = _failure_seconds(rng, code) if code else base_seconds * rng.uniform(0.8, 1.3)
        yield _job(rng, cat, vault, rg, vm, start, seconds, status, code)


def _healthy_status(rng: random.Random, vm: str, night: date) -> str:
    if (vm, night) in CANCELLED:
        return "Cancelled"
    if (vm, night) in IN_PROGRESS:
        return "InProgress"
    if vm_os(vm) == "windows" and rng.random() < 0.04:
        return "CompletedWithWarnings"
    return "Completed"


def _special_jobs(rng: random.Random, cat: Catalogue) -> Iterator[dict[str, Any]]:
    owners = {
        vm: (VAULTS[v], rg)
        for v, groups in FLEET.items()
        for rg, vms in groups.items()
        for vm in vms
    }
    for vm, day, hour, status, code in RESTORES:
        vault, rg = owners[vm]
        start = datetime(day.year, day.month, day.day, hour, 17, 42, tzinfo=UTC)
        seconds = rng.uniform(1800, 5400) if status == "Completed" else rng.uniform(60, 300)
        yield _job(rng, cat, vault, rg, vm, start, seconds, status, code, "Restore", True)


def _job(
    rng: random.Random,
    cat: Catalogue,
    vault: Vault,
    rg: str,
    vm: str,
    start: datetime,
    seconds: float,
    status: str,
    code: str | None,
    operation: str = "Backup",
    adhoc: bool = False,
) -> dict[str, Any]:
    running = status == "InProgress"
    seconds = round(seconds, 3)
    end = None if running else start + timedelta(seconds=seconds)
    message = cat.messages.get(code, (None, None)) if code else (None, None)
    finished = end or start + timedelta(seconds=seconds)
    return {
        "vm": vm,
        "vm_rg": rg,
        "subscription": vault.subscription,
        "vault": vault.name,
        "vault_rg": vault.rg,
        "location": vault.location,
        "os": vm_os(vm),
        "job_id": _job_id(rng),
        "operation": operation,
        "adhoc": adhoc,
        "status": status,
        "start": start,
        "end": end,
        "duration_s": seconds,
        "error_code": code,
        "error_number": cat.numbers.get(code) if code else None,
        "error_message_en": message[0],
        "error_message_sv": message[1],
        "recorded_at": finished
        + timedelta(minutes=rng.randint(18, 35), seconds=rng.randint(0, 59)),
        "data_mb": 0.0 if code or running else round(rng.uniform(200, 9000), 2),
    }


# --- shared column builders ------------------------------------------------------------------

TENANT = "72f988bf-0000-4000-8000-00000000feed"


def _iso(col: str, digits: int = 3) -> pl.Expr:
    fmt = "%Y-%m-%dT%H:%M:%S" + ("%.3f" if digits == 3 else "%.6f" if digits == 6 else "") + "Z"
    return pl.col(col).dt.strftime(fmt)


def _item_unique_id() -> pl.Expr:
    return pl.format(
        "{};{};iaasvmcontainerv2;{};{}",
        pl.col("location"),
        pl.col("vault"),
        pl.col("vm_rg").str.to_lowercase(),
        pl.col("vm").str.to_lowercase(),
    )


def _vault_resource_id() -> pl.Expr:
    return pl.format(
        "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.RecoveryServices/vaults/{}",
        pl.col("subscription"),
        pl.col("vault_rg"),
        pl.col("vault"),
    )


def _failure_code_or_success() -> pl.Expr:
    return (
        pl.when(pl.col("status") == "Failed")
        .then(pl.coalesce(pl.col("error_code"), pl.lit("BackUpOperationFailed")))
        .otherwise(pl.lit("Success"))
    )


# --- Log Analytics ---------------------------------------------------------------------------

LA_COLUMNS = (
    "TenantId",
    "TimeGenerated",
    "AdHocOrScheduledJob",
    "ArchiveTierStorageReplicationType",
    "AzureDataCenter",
    "BackupItemFriendlyName",
    "BackupItemId",
    "BackupItemUniqueId",
    "BackupManagementServerUniqueId",
    "BackupManagementType",
    "Category",
    "DatasourceFriendlyName",
    "DatasourceResourceId",
    "DatasourceSetFriendlyName",
    "DatasourceSetResourceId",
    "DatasourceSetType",
    "DatasourceType",
    "DataTransferredInMB",
    "ExtendedProperties",
    "JobDurationInSecs",
    "JobFailureCode",
    "JobOperation",
    "JobOperationSubType",
    "JobStartDateTime",
    "JobStatus",
    "JobUniqueId",
    "OperationName",
    "ProtectedContainerUniqueId",
    "RecoveryJobDestination",
    "RecoveryJobRPDateTime",
    "RecoveryJobRPLocation",
    "RecoveryLocationType",
    "ResourceGroupName",
    "ResourceId",
    "SchemaVersion",
    "SourceSystem",
    "State",
    "StorageReplicationType",
    "SubscriptionId",
    "VaultName",
    "VaultTags",
    "VaultType",
    "VaultUniqueId",
    "Type",
    "_ResourceId",
)


# The columns of a typical ``AddonAzureBackupJobs | project ...`` export (what large files use).
LA_LEAN_COLUMNS = (
    "TimeGenerated",
    "BackupItemFriendlyName",
    "BackupItemUniqueId",
    "BackupManagementType",
    "JobOperation",
    "JobStatus",
    "JobFailureCode",
    "JobStartDateTime",
    "JobDurationInSecs",
    "JobUniqueId",
    "AdHocOrScheduledJob",
    "DataTransferredInMB",
    "OperationName",
    "ResourceGroupName",
    "SubscriptionId",
    "VaultName",
    "State",
    "Category",
)


def la_frame(
    truth: pl.DataFrame | pl.LazyFrame, columns: tuple[str, ...] = LA_COLUMNS
) -> pl.LazyFrame:
    """``AddonAzureBackupJobs`` rows of finished jobs ("CSV (all columns)" by default)."""
    vm_arm = pl.format(
        "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Compute/virtualMachines/{}",
        pl.col("subscription"),
        pl.col("vm_rg"),
        pl.col("vm"),
    )
    vault_id = _vault_resource_id()
    item = _item_unique_id()
    exprs: dict[str, pl.Expr] = {
        "TenantId": pl.lit(TENANT),
        "TimeGenerated": _iso("recorded_at"),
        "AdHocOrScheduledJob": pl.when(pl.col("adhoc"))
        .then(pl.lit("AdHoc"))
        .otherwise(pl.lit("Scheduled")),
        "ArchiveTierStorageReplicationType": pl.lit(None, dtype=pl.String),
        "AzureDataCenter": pl.col("location"),
        "BackupItemFriendlyName": pl.col("vm"),
        "BackupItemId": pl.format("{}/backupItems/{}", vault_id, item),
        "BackupItemUniqueId": item,
        "BackupManagementServerUniqueId": pl.lit(None, dtype=pl.String),
        "BackupManagementType": pl.lit("IaaSVM"),
        "Category": pl.lit("AddonAzureBackupJobs"),
        "DatasourceFriendlyName": pl.col("vm"),
        "DatasourceResourceId": vm_arm,
        "DatasourceSetFriendlyName": pl.col("vm"),
        "DatasourceSetResourceId": vm_arm,
        "DatasourceSetType": pl.lit("Microsoft.Compute/virtualMachines"),
        "DatasourceType": pl.lit("Microsoft.Compute/virtualMachines"),
        "DataTransferredInMB": pl.col("data_mb").round(2).cast(pl.String),
        "ExtendedProperties": pl.lit('{"VMVersion":"Compute"}'),
        "JobDurationInSecs": pl.col("duration_s").round(3).cast(pl.String),
        "JobFailureCode": _failure_code_or_success(),
        "JobOperation": pl.col("operation"),
        "JobOperationSubType": pl.lit(None, dtype=pl.String),
        "JobStartDateTime": _iso("start"),
        "JobStatus": pl.col("status"),
        "JobUniqueId": pl.col("job_id"),
        "OperationName": pl.lit("Job"),
        "ProtectedContainerUniqueId": pl.format(
            "{};iaasvmcontainerv2;{};{}",
            pl.col("location"),
            pl.col("vm_rg").str.to_lowercase(),
            pl.col("vm").str.to_lowercase(),
        ),
        "RecoveryJobDestination": pl.lit(None, dtype=pl.String),
        "RecoveryJobRPDateTime": pl.lit(None, dtype=pl.String),
        "RecoveryJobRPLocation": pl.lit(None, dtype=pl.String),
        "RecoveryLocationType": pl.lit(None, dtype=pl.String),
        "ResourceGroupName": pl.col("vault_rg"),
        "ResourceId": vault_id.str.to_uppercase(),
        "SchemaVersion": pl.lit("V2"),
        "SourceSystem": pl.lit("Azure"),
        "State": pl.lit("Active"),
        "StorageReplicationType": pl.lit("GeoRedundant"),
        "SubscriptionId": pl.col("subscription"),
        "VaultName": pl.col("vault"),
        "VaultTags": pl.lit(None, dtype=pl.String),
        "VaultType": pl.lit("Microsoft.RecoveryServices/vaults"),
        "VaultUniqueId": pl.format("{};{}", pl.col("location"), pl.col("vault")),
        "Type": pl.lit("AddonAzureBackupJobs"),
        "_ResourceId": vault_id.str.to_lowercase(),
    }
    return (
        truth.lazy()
        .filter(pl.col("status") != "InProgress")
        .select(exprs[name].alias(name) for name in columns)
    )


def la_displayed_frame(truth: pl.DataFrame) -> pl.DataFrame:
    """A "CSV (displayed columns)" export of a projecting query: [UTC] headers, UI dates."""
    display = "%-m/%-d/%Y, %-I:%M:%S%.3f %p"
    return truth.filter(pl.col("status") != "InProgress").select(
        pl.col("recorded_at").dt.strftime(display).alias("TimeGenerated [UTC]"),
        pl.col("vm").alias("BackupItemFriendlyName"),
        pl.col("operation").alias("JobOperation"),
        pl.col("status").alias("JobStatus"),
        _failure_code_or_success().alias("JobFailureCode"),
        pl.col("start").dt.strftime(display).alias("JobStartDateTime [UTC]"),
        pl.col("duration_s").round(3).alias("JobDurationInSecs"),
        pl.col("job_id").alias("JobUniqueId"),
        pl.col("vault").alias("VaultName"),
    )


def la_diagnostics_frame(truth: pl.DataFrame) -> pl.DataFrame:
    """Legacy ``AzureDiagnostics`` (Category AzureBackupReport) job rows."""
    vault_id = _vault_resource_id().str.to_uppercase()
    return truth.filter(pl.col("status") != "InProgress").select(
        pl.lit(TENANT).alias("TenantId"),
        _iso("recorded_at").alias("TimeGenerated"),
        vault_id.alias("ResourceId"),
        pl.lit("AzureBackupReport").alias("Category"),
        pl.col("vault_rg").str.to_uppercase().alias("ResourceGroup"),
        pl.col("subscription").alias("SubscriptionId"),
        pl.lit("MICROSOFT.RECOVERYSERVICES").alias("ResourceProvider"),
        pl.col("vault").str.to_uppercase().alias("Resource"),
        pl.lit("VAULTS").alias("ResourceType"),
        pl.lit("Job").alias("OperationName"),
        pl.lit("AzureBackupCentralReport").alias("EventName_s"),
        _item_unique_id().alias("BackupItemUniqueId_s"),
        pl.lit("V2").alias("SchemaVersion_s"),
        pl.lit("Active").alias("State_s"),
        pl.lit("IaaSVM").alias("BackupManagementType_s"),
        pl.format("{};{}", pl.col("location"), pl.col("vault")).alias("VaultUniqueId_s"),
        pl.col("operation").alias("JobOperation_s"),
        pl.col("status").alias("JobStatus_s"),
        _failure_code_or_success().alias("JobFailureCode_s"),
        pl.col("start").dt.strftime("%Y-%m-%dT%H:%M:%SZ").alias("JobStartDateTime_s"),
        pl.lit("Cloud").alias("BackupStorageDestination_s"),
        pl.when(pl.col("adhoc"))
        .then(pl.lit("AdHoc"))
        .otherwise(pl.lit("Scheduled"))
        .alias("AdHocOrScheduledJob_s"),
        pl.col("duration_s").round(0).cast(pl.Int64).cast(pl.String).alias("JobDurationInSecs_s"),
        pl.col("data_mb").round(2).cast(pl.String).alias("DataTransferredInMB_s"),
        pl.col("job_id").alias("JobUniqueId_g"),
        pl.lit("Azure").alias("SourceSystem"),
        pl.lit("AzureDiagnostics").alias("Type"),
    )


# --- Backup Reports workbook -----------------------------------------------------------------

WORKBOOK_LABELS = {
    "BackupItemFriendlyName": "Backup Instance",
    "Vault": "Vault",
    "Subscription": "Subscription",
    "VaultLocation": "Location",
    "JobOperation": "Job Operation",
    "JobStartTime": "Job Start Time (UTC)",
    "JobDuration": "Job Duration (Hours)",
    "JobStatus": "Job Status",
    "FailureCode": "Job Failure Code",
}


def workbook_frame(truth: pl.DataFrame, labels: bool = True) -> pl.DataFrame:
    """The "List of jobs in period" grid; display labels or the raw column ids."""
    frame = truth.filter(pl.col("status") != "InProgress").select(
        pl.col("vm").alias("BackupItemFriendlyName"),
        pl.col("vault").alias("Vault"),
        pl.col("subscription").alias("Subscription"),
        pl.col("location").alias("VaultLocation"),
        pl.col("operation").alias("JobOperation"),
        pl.col("start").alias("JobStartTime"),
        (pl.col("duration_s") / 3600).round(4).alias("JobDuration"),
        pl.col("status").alias("JobStatus"),
        pl.when(pl.col("status") == "Failed").then(pl.col("error_code")).alias("FailureCode"),
    )
    return frame.rename(WORKBOOK_LABELS) if labels else frame


def write_workbook_xlsx(frame: pl.DataFrame, path: Path, sheet: str = "Backup job history") -> None:
    """One sheet: the grid as Excel exports it (times as real date cells)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    bold = book.add_format({"bold": True})
    when = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    ws = book.add_worksheet(sheet)
    ws.write_row(0, 0, frame.columns, bold)
    for r, row in enumerate(frame.iter_rows(), start=1):
        for c, value in enumerate(row):
            if isinstance(value, datetime):
                ws.write_datetime(r, c, value.replace(tzinfo=None), when)
            elif value is not None:
                ws.write(r, c, value)
    book.close()


# --- az CLI / REST JSON ----------------------------------------------------------------------


def _timedelta_text(seconds: float) -> str:
    """Python's ``str(timedelta)``: what az prints for ``duration``."""
    return str(timedelta(seconds=round(seconds, 6)))


def _timespan_text(seconds: float) -> str:
    """.NET ``TimeSpan.ToString()``: ``[d.]hh:mm:ss[.fffffff]``."""
    ticks = round(seconds * 10_000_000)
    days, rest = divmod(ticks, 86_400 * 10_000_000)
    hours, rest = divmod(rest, 3_600 * 10_000_000)
    minutes, rest = divmod(rest, 60 * 10_000_000)
    secs, fraction = divmod(rest, 10_000_000)
    text = f"{hours:02d}:{minutes:02d}:{secs:02d}"
    if days:
        text = f"{days}.{text}"
    return f"{text}.{fraction:07d}" if fraction else text


def _iso_duration(seconds: float) -> str:
    return f"PT{round(seconds, 7):.7f}".rstrip("0").rstrip(".") + "S"


def _error_detail(job: dict[str, Any], title_is_code: bool = True) -> dict[str, Any]:
    return {
        "errorCode": job["error_number"] or 0,
        "errorString": job["error_message_en"],
        "errorTitle": job["error_code"] if title_is_code else "",
        "recommendations": ["Retry the operation after the issue is resolved."],
    }


def az_item(job: dict[str, Any]) -> dict[str, Any]:
    """One job as ``az backup job list -o json`` prints it (Python SDK serialization)."""
    container = f"iaasvmcontainerv2;{job['vm_rg'].lower()};{job['vm'].lower()}"
    vault_rg, vault = job["vault_rg"], job["vault"]
    failed = job["status"] == "Failed"
    # Numeric-only failure (documented number, title not a code): the classifier's number path.
    numeric_only = failed and job["error_number"] is not None
    return {
        "eTag": None,
        "id": f"/Subscriptions/{job['subscription']}/resourceGroups/{vault_rg}/providers/"
        f"Microsoft.RecoveryServices/vaults/{vault}/backupJobs/{job['job_id']}",
        "location": None,
        "name": job["job_id"],
        "properties": {
            "actionsInfo": None,
            "activityId": str(uuid.UUID(uuid.UUID(job["job_id"]).hex[::-1])),
            "backupManagementType": "AzureIaasVM",
            "containerName": container,
            "duration": _timedelta_text(job["duration_s"]),
            "endTime": job["end"].isoformat() if job["end"] else None,
            "entityFriendlyName": job["vm"],
            "errorDetails": [_error_detail(job, not numeric_only)] if failed else None,
            "extendedInfo": None,
            "isUserTriggered": job["adhoc"],
            "jobType": "AzureIaaSVMJob",
            "operation": job["operation"],
            "startTime": job["start"].isoformat(),
            "status": job["status"],
            "virtualMachineVersion": "Compute",
        },
        "resourceGroup": vault_rg,
        "tags": None,
        "type": "Microsoft.RecoveryServices/vaults/backupJobs",
    }


def rest_item(job: dict[str, Any]) -> dict[str, Any]:
    """One job as the REST API returns it (ISO-8601 duration, ``Z`` times)."""
    item = az_item(job)
    props = item["properties"]
    props["duration"] = _iso_duration(job["duration_s"])
    props["startTime"] = job["start"].strftime("%Y-%m-%dT%H:%M:%S.%f0Z")
    props["endTime"] = job["end"].strftime("%Y-%m-%dT%H:%M:%S.%f0Z") if job["end"] else None
    for key in ("actionsInfo", "extendedInfo", "errorDetails"):
        if props[key] is None:
            del props[key]
    return {key: item[key] for key in ("id", "name", "type", "properties")}


def write_az_json(truth: pl.DataFrame, path: Path, style: str = "az") -> None:
    """``az`` list (style az), REST page (style rest: ``{"value": [...]}``) or NDJSON."""
    jobs = truth.to_dicts()
    if style == "az":
        text = json.dumps([az_item(job) for job in jobs], indent=2, ensure_ascii=False)
    elif style == "rest":
        text = json.dumps({"value": [rest_item(job) for job in jobs]}, indent=2)
    else:
        text = "\n".join(json.dumps(rest_item(job), ensure_ascii=False) for job in jobs)
    path.write_text(text + "\n", encoding="utf-8")


# --- PowerShell ------------------------------------------------------------------------------

PS_TYPE = "#TYPE Microsoft.Azure.Commands.RecoveryServices.Backup.Cmdlets.Models.AzureVmJob"
PS_COLUMNS = (
    "VmVersion",
    "IsCancellable",
    "IsRetriable",
    "ErrorDetails",
    "ActivityId",
    "JobId",
    "Operation",
    "Status",
    "WorkloadName",
    "StartTime",
    "EndTime",
    "Duration",
    "BackupManagementType",
)
PS_ERROR_LIST = (
    "System.Collections.Generic.List`1[Microsoft.Azure.Commands.RecoveryServices.Backup"
    ".Cmdlets.Models.AzureJobErrorInfo]"
)


def _ps_date(value: datetime | None, culture: str) -> str:
    if value is None:
        return ""
    if culture == "en-US":
        hour = value.hour % 12 or 12
        suffix = "AM" if value.hour < 12 else "PM"
        return f"{value.month}/{value.day}/{value.year} {hour}:{value:%M:%S} {suffix}"
    return value.strftime("%Y-%m-%d %H:%M:%S")


def powershell_rows(
    truth: pl.DataFrame, culture: str, errors: str
) -> tuple[list[str], list[list[str]]]:
    """Header and rows of ``Export-Csv`` (errors: "code+message", "message" or "none")."""
    header = list(PS_COLUMNS)
    if errors == "code+message":
        header += ["ErrorCode", "ErrorMessage"]
    elif errors == "message":
        header += ["ErrorMessage"]
    rows = []
    for job in truth.to_dicts():
        failed = job["status"] == "Failed"
        row = [
            "Compute",
            str(job["status"] == "InProgress"),
            str(failed),
            PS_ERROR_LIST if failed else "System.Collections.Generic.List`1[...AzureJobErrorInfo]",
            str(uuid.UUID(uuid.UUID(job["job_id"]).hex[::-1])),
            job["job_id"],
            job["operation"],
            job["status"],
            job["vm"],
            _ps_date(job["start"], culture),
            _ps_date(job["end"], culture),
            _timespan_text(job["duration_s"]),
            "AzureVM",
        ]
        message = job["error_message_sv"] if culture == "sv-SE" else job["error_message_en"]
        if errors == "code+message":
            number = job["error_number"]
            row += [
                str(number) if number else (job["error_code"] or "0") if failed else "0",
                message if failed else "",
            ]
        elif errors == "message":
            row += [message if failed else ""]
        rows.append(row)
    return header, rows


def write_powershell_csv(
    header: list[str],
    rows: list[list[str]],
    path: Path,
    *,
    type_line: bool,
    separator: str = ",",
) -> None:
    """``Get-AzRecoveryServicesBackupJob | Export-Csv`` (Windows PowerShell quotes every field)."""
    buffer = io.StringIO()
    if type_line:
        buffer.write(PS_TYPE + "\r\n")
    writer = csv.writer(buffer, delimiter=separator, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")


# --- Azure Resource Graph --------------------------------------------------------------------


def arg_rows(truth: pl.DataFrame) -> list[dict[str, str]]:
    """``RecoveryServicesResources | where type == backupjobs`` rows (properties as JSON)."""
    rows = []
    for job in truth.to_dicts():
        item = rest_item(job)
        props = item["properties"]
        props["backupInstanceId"] = (
            f"{_vault_id_text(job)}/backupFabrics/Azure/protectionContainers/"
            f"IaasVMContainer;{props.pop('containerName')}/protectedItems/"
            f"VM;iaasvmcontainerv2;{job['vm_rg'].lower()};{job['vm'].lower()}"
        )
        props["isUserTriggered"] = str(job["adhoc"]).lower()
        rows.append(
            {
                "id": item["id"].replace("/Subscriptions/", "/subscriptions/"),
                "name": job["job_id"],
                "type": "microsoft.recoveryservices/vaults/backupjobs",
                "tenantId": TENANT,
                "location": job["location"],
                "resourceGroup": job["vault_rg"].lower(),
                "subscriptionId": job["subscription"],
                "properties": json.dumps(props, separators=(",", ":")),
            }
        )
    return rows


def _vault_id_text(job: dict[str, Any]) -> str:
    return (
        f"/subscriptions/{job['subscription']}/resourceGroups/{job['vault_rg']}/providers/"
        f"Microsoft.RecoveryServices/vaults/{job['vault']}"
    )


def write_dict_csv(rows: list[dict[str, str]], path: Path) -> None:
    """A CSV with the keys of the first row as header (quoted as Excel would)."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)


# --- Recovery Services vault "Export jobs" ---------------------------------------------------

VAULT_SUMMARY = ("Item Name", "Item Type", "Operation", "Status", "Start Time", "Duration")


def write_vault_export_xlsx(truth: pl.DataFrame, path: Path) -> None:
    """A summary sheet plus one key/value sheet per job (layout assumed: undocumented)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    bold = book.add_format({"bold": True})
    summary = book.add_worksheet("Jobs")
    summary.write_row(0, 0, VAULT_SUMMARY, bold)
    jobs = truth.to_dicts()
    for r, job in enumerate(jobs, start=1):
        summary.write_row(
            r,
            0,
            [
                job["vm"],
                "Azure virtual machine",
                job["operation"],
                _ui_status(job["status"]),
                job["start"].strftime("%d/%m/%Y %H:%M:%S"),
                _timespan_text(round(job["duration_s"])),
            ],
        )
    for n, job in enumerate(jobs, start=1):
        sheet = book.add_worksheet(f"Job {n}")
        pairs = [
            ("Job ID", job["job_id"]),
            ("Item Name", job["vm"]),
            ("Operation", job["operation"]),
            ("Status", _ui_status(job["status"])),
            ("Start Time", job["start"].strftime("%d/%m/%Y %H:%M:%S")),
            ("End Time", job["end"].strftime("%d/%m/%Y %H:%M:%S") if job["end"] else ""),
            ("Duration", _timespan_text(round(job["duration_s"]))),
        ]
        if job["status"] == "Failed":
            pairs += [
                ("Error Code", job["error_code"] or ""),
                ("Error Message", job["error_message_en"] or ""),
                ("Recommended Action", "Retry the operation after resolving the issue."),
            ]
        for r, (key, value) in enumerate(pairs):
            sheet.write(r, 0, key, bold)
            sheet.write(r, 1, value)
    book.close()


def _ui_status(status: str) -> str:
    """The portal's wording of a status."""
    return {
        "InProgress": "In progress",
        "CompletedWithWarnings": "Completed with warnings",
        "Cancelled": "Canceled",
    }.get(status, status)


# --- the sample files ------------------------------------------------------------------------


def _by_vault(truth: pl.DataFrame, *vaults: str) -> pl.DataFrame:
    return truth.filter(pl.col("vault").is_in(vaults))


def _splice_lines(text: str, extra: list[tuple[int, str]]) -> str:
    """Insert raw lines after the given data-row numbers (0 = right after the header)."""
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    for after, line in sorted(extra, reverse=True):
        lines.insert(after + 1, line + newline)
    return "".join(lines)


def _csv_text(frame: pl.DataFrame) -> str:
    return frame.write_csv(line_terminator="\n")


def write_sample(out_dir: Path, catalogue: Catalogue | None = None) -> list[Path]:
    """Write the sample fleet's job histories under ``out_dir/jobs``; returns the files."""
    truth = sample_truth(catalogue)
    jobs_dir = out_dir / "jobs"
    jobs_dir.mkdir(parents=True, exist_ok=True)
    written = [
        _sample_la(truth, jobs_dir / "la_addon_jobs.csv"),
        _sample_la_displayed(truth, jobs_dir / "la_addon_displayed_columns.csv"),
        _sample_la_diagnostics(truth, jobs_dir / "la_azurediagnostics_legacy.csv"),
        _sample_az(truth, jobs_dir / "az_backup_jobs.json"),
        _sample_ps_en(truth, jobs_dir / "powershell_jobs_en-US.csv"),
        _sample_ps_sv(truth, jobs_dir / "powershell_jobs_sv-SE.csv"),
        _sample_workbook(truth, jobs_dir / "backup_reports_job_history.xlsx"),
        _sample_arg(truth, jobs_dir / "arg_jobs.csv"),
        _sample_vault_export(truth, jobs_dir / "vault_export_jobs.xlsx"),
    ]
    return written


def _sample_la(truth: pl.DataFrame, path: Path) -> Path:
    frame = la_frame(_by_vault(truth, "rsv-weu-prod")).collect()
    # Log Analytics may hold a job twice: the same record sent again later.
    repeats = frame.filter(
        pl.col("BackupItemFriendlyName").is_in(["lnx-web-01", "win-app-02", "lnx-app-02"])
        & pl.col("JobStartDateTime").str.starts_with("2026-11-19")
    ).with_columns(
        (pl.col("TimeGenerated").str.to_datetime(time_zone="UTC") + pl.duration(minutes=47))
        .dt.strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
        .alias("TimeGenerated")
    )
    frame = pl.concat([frame, repeats]).sort("TimeGenerated")
    text = _csv_text(frame)
    rng = random.Random(SEED + 1)
    first = list(map(str, frame.row(5)))
    first[LA_COLUMNS.index("JobUniqueId")] = _job_id(rng)
    bad_time = list(map(str, frame.row(40)))
    bad_time[LA_COLUMNS.index("JobStartDateTime")] = "31/31/2026"
    bad_status = list(map(str, frame.row(80)))
    bad_status[LA_COLUMNS.index("JobStatus")] = "Invalid"
    no_vm = list(map(str, frame.row(120)))
    no_vm[LA_COLUMNS.index("BackupItemFriendlyName")] = ""
    no_vm[LA_COLUMNS.index("BackupItemUniqueId")] = ""
    no_vm[LA_COLUMNS.index("DatasourceFriendlyName")] = ""
    for row in (bad_time, bad_status, no_vm):
        row[LA_COLUMNS.index("JobUniqueId")] = _job_id(rng)
    bad = [
        (30, ",".join(str(v) for v in first[:9])),  # a line cut short by a bad copy
        (60, _csv_line(bad_time)),
        (100, _csv_line(bad_status)),
        (140, _csv_line(no_vm)),
    ]
    path.write_text(_splice_lines(text, bad), encoding="utf-8")
    return path


def _csv_line(values: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(["" if v == "None" else v for v in values])
    return buffer.getvalue()


def _sample_la_displayed(truth: pl.DataFrame, path: Path) -> Path:
    # The k8s vault's first week (ARG keeps only 14 days); 11-09 overlaps arg_jobs.csv.
    first_week = _by_vault(truth, "rsv-weu-k8s").filter(
        pl.col("start") < datetime(2026, 11, 10, tzinfo=UTC)
    )
    la_displayed_frame(first_week).write_csv(path)
    return path


def _sample_la_diagnostics(truth: pl.DataFrame, path: Path) -> Path:
    frame = la_diagnostics_frame(_by_vault(truth, "rsv-weu-files"))
    other = frame.row(10, named=True) | {"OperationName": "BackupItem", "JobStatus_s": ""}
    frame = pl.concat([frame, pl.DataFrame([other], schema=frame.schema)])
    frame.write_csv(path)
    return path


def _sample_az(truth: pl.DataFrame, path: Path) -> Path:
    write_az_json(_by_vault(truth, "rsv-weu-data"), path, "az")
    items = json.loads(path.read_text(encoding="utf-8"))
    items.insert(25, None)  # a null item, as a careless jq filter leaves behind
    path.write_text(json.dumps(items, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _sample_ps_en(truth: pl.DataFrame, path: Path) -> Path:
    # Someone also listed win-sql-01's last two nights from the data vault: cross-file duplicates.
    extra = truth.filter(
        (pl.col("vm") == "win-sql-01") & (pl.col("start") >= datetime(2026, 11, 21, tzinfo=UTC))
    )
    jobs = pl.concat([_by_vault(truth, "rsv-weu-win"), extra]).sort("start", "vm")
    header, rows = powershell_rows(jobs, "en-US", "code+message")
    write_powershell_csv(header, rows, path, type_line=True)
    return path


def _sample_ps_sv(truth: pl.DataFrame, path: Path) -> Path:
    jobs = _by_vault(truth, "rsv-sec-ops")
    header, rows = powershell_rows(jobs, "sv-SE", "message")
    # A hand-edited row with a date that does not exist.
    rows[11][header.index("StartTime")] = "2026-11-31 22:14:05"
    write_powershell_csv(header, rows, path, type_line=False, separator=";")
    return path


def _sample_workbook(truth: pl.DataFrame, path: Path) -> Path:
    write_workbook_xlsx(workbook_frame(_by_vault(truth, "rsv-neu-infra")), path)
    return path


def _sample_arg(truth: pl.DataFrame, path: Path) -> Path:
    recent = _by_vault(truth, "rsv-weu-k8s").filter(
        pl.col("start") >= datetime(2026, 11, 9, tzinfo=UTC)
    )
    rows = arg_rows(recent)
    policy = dict(rows[0]) | {
        "id": rows[0]["id"].rsplit("/backupJobs/", 1)[0] + "/backupPolicies/DefaultPolicy",
        "name": "DefaultPolicy",
        "type": "microsoft.recoveryservices/vaults/backuppolicies",
        "properties": '{"backupManagementType":"AzureIaasVM","protectedItemsCount":5}',
    }
    write_dict_csv([*rows[:20], policy, *rows[20:]], path)
    return path


def _sample_vault_export(truth: pl.DataFrame, path: Path) -> Path:
    write_vault_export_xlsx(_by_vault(truth, "rsv-neu-dr"), path)
    return path


# --- large files, vectorized -----------------------------------------------------------------

_MASK64 = (1 << 64) - 1
_ROLES = ("web", "app", "db", "sql", "files", "k8s", "dc", "ops")
_REGIONS = ("westeurope", "northeurope", "swedencentral")


def _mix(expr: pl.Expr, salt: int) -> pl.Expr:
    """splitmix64 of a UInt64 expression: a fast, seeded, reproducible pseudo-random value."""
    u64 = pl.UInt64
    x = expr.cast(u64) + pl.lit((salt * 0x9E3779B97F4A7C15) & _MASK64, dtype=u64)
    x = (x ^ (x // (1 << 30))) * pl.lit(0xBF58476D1CE4E5B9, dtype=u64)
    x = (x ^ (x // (1 << 27))) * pl.lit(0x94D049BB133111EB, dtype=u64)
    return x ^ (x // (1 << 31))


def _unit(expr: pl.Expr, salt: int) -> pl.Expr:
    """A value in [0, 1) from the hash."""
    return (_mix(expr, salt) // (1 << 11)).cast(pl.Float64) / float(1 << 53)


def large_truth_chunk(
    first: int, count: int, vms: int, codes: list[str], cat: Catalogue, seed: int = SEED
) -> pl.LazyFrame:
    """Truth rows ``first .. first+count`` of a big fleet: row i = night i // vms, VM i % vms."""
    i = pl.col("i")
    vm = i % vms
    night = i // vms
    code_series = pl.Series(codes, dtype=pl.String)
    code_list = pl.lit(code_series)
    streak = (_mix(vm, seed + 1) % 10 == 0) & (
        ((night - _mix(vm, seed + 2) % DAYS) % 28) < (_mix(vm, seed + 3) % 5 + 1)
    )
    transient = _unit(i, seed + 4) < 0.015
    failed = streak | transient
    code_index = (
        pl.when(streak)
        .then(_mix(vm, seed + 5) % len(codes))
        .otherwise(_mix(i, seed + 6) % len(codes))
    )
    role = pl.lit(pl.Series(_ROLES)).gather(_mix(vm, seed + 7) % len(_ROLES))
    os_name = pl.when(_mix(vm, seed + 8) % 3 == 0).then(pl.lit("win")).otherwise(pl.lit("lnx"))
    start = (
        pl.lit(datetime(START.year, START.month, START.day, 22, tzinfo=UTC))
        + pl.duration(
            days=night.cast(pl.Int64), minutes=(_mix(vm, seed + 9) % 4).cast(pl.Int64) * 30
        )
        + pl.duration(
            seconds=(_mix(i, seed + 10) % 900).cast(pl.Int64),
            milliseconds=(_mix(i, seed + 11) % 1000).cast(pl.Int64),
        )
    )
    seconds = (
        pl.when(failed)
        .then(45 + _unit(i, seed + 12) * 2400)
        .otherwise(600 + _unit(vm, seed + 13) * 3000 + _unit(i, seed + 14) * 600)
        .round(3)
    )
    en = pl.lit(pl.Series([cat.messages.get(c, ("", ""))[0] for c in codes], dtype=pl.String))
    sv = pl.lit(pl.Series([cat.messages.get(c, ("", ""))[1] for c in codes], dtype=pl.String))
    group = (vm // 40).cast(pl.String).str.zfill(4)
    frame = pl.LazyFrame({"i": pl.int_range(first, first + count, dtype=pl.UInt64, eager=True)})
    frame = frame.with_columns(
        pl.format("{}-{}-{}", os_name, role, vm.cast(pl.String).str.zfill(6)).alias("vm"),
        pl.format("rg-{}-{}", role, group).alias("vm_rg"),
        pl.format("00000000-0000-4000-8000-{}", (vm // 5000).cast(pl.String).str.zfill(12)).alias(
            "subscription"
        ),
        pl.format("rsv-{}", (vm // 2000).cast(pl.String).str.zfill(3)).alias("vault"),
        pl.lit("rg-backup").alias("vault_rg"),
        pl.lit(pl.Series(_REGIONS)).gather(vm // 2000 % len(_REGIONS)).alias("location"),
        pl.when(os_name == "win").then(pl.lit("windows")).otherwise(pl.lit("linux")).alias("os"),
        pl.format(
            "{}-{}-4{}-8{}-{}",
            (_mix(i, seed + 15) % 100_000_000).cast(pl.String).str.zfill(8),
            (_mix(i, seed + 16) % 10_000).cast(pl.String).str.zfill(4),
            (_mix(i, seed + 17) % 1000).cast(pl.String).str.zfill(3),
            (_mix(i, seed + 18) % 1000).cast(pl.String).str.zfill(3),
            i.cast(pl.String).str.zfill(12),
        ).alias("job_id"),
        pl.lit("Backup").alias("operation"),
        pl.lit(False).alias("adhoc"),
        pl.when(failed)
        .then(pl.lit("Failed"))
        .when(_unit(i, seed + 19) < 0.01)
        .then(pl.lit("CompletedWithWarnings"))
        .otherwise(pl.lit("Completed"))
        .alias("status"),
        start.alias("start"),
        seconds.alias("duration_s"),
        pl.when(failed).then(code_list.gather(code_index)).alias("error_code"),
        pl.lit(None, dtype=pl.Int64).alias("error_number"),
        pl.when(failed).then(en.gather(code_index)).alias("error_message_en"),
        pl.when(failed).then(sv.gather(code_index)).alias("error_message_sv"),
        pl.when(failed).then(0.0).otherwise((_unit(i, seed + 20) * 9000).round(2)).alias("data_mb"),
    )
    return (
        frame.with_columns(
            (
                pl.col("start")
                + pl.duration(microseconds=(pl.col("duration_s") * 1e6).cast(pl.Int64))
            ).alias("end"),
        )
        .with_columns(
            (
                pl.col("end")
                + pl.duration(seconds=(1080 + _mix(i, seed + 21) % 1020).cast(pl.Int64))
            ).alias("recorded_at")
        )
        .select(list(TRUTH_SCHEMA))
    )


def _la_lean(truth: pl.LazyFrame) -> pl.LazyFrame:
    return la_frame(truth, LA_LEAN_COLUMNS)


LARGE_SHAPES = {
    "la-csv": _la_lean,
    "la-csv-all-columns": la_frame,
}


def write_large(rows: int, shape: str, out: Path, *, seed: int = SEED, days: int = 28) -> int:
    """Write ``rows`` rows of ``shape`` to ``out`` in chunks; returns the bytes written."""
    cat = load_catalogue()
    codes = sorted(code for code in cat.messages if code != UNLISTED_CODE)
    vms = max(1, -(-rows // days))
    to_frame = LARGE_SHAPES[shape]
    with out.open("wb") as fh:
        for first in range(0, rows, CHUNK_ROWS):
            count = min(CHUNK_ROWS, rows - first)
            chunk = to_frame(large_truth_chunk(first, count, vms, codes, cat, seed))
            chunk.sink_csv(fh, include_header=first == 0)
        return fh.tell()


# --- command line ----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """``sample OUT_DIR`` or ``large --rows N --shape la-csv OUT``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sample = sub.add_parser("sample", help="write the sample fleet into OUT_DIR/jobs/")
    sample.add_argument("out_dir", type=Path)
    large = sub.add_parser("large", help="stream a big file of one shape")
    large.add_argument("--rows", type=int, required=True)
    large.add_argument("--shape", choices=sorted(LARGE_SHAPES), default="la-csv")
    large.add_argument("--days", type=int, default=28, help="nights the rows are spread over")
    large.add_argument("--seed", type=int, default=SEED)
    large.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    if args.command == "sample":
        for path in write_sample(args.out_dir):
            print(path, file=sys.stderr)
        return 0
    began = time.perf_counter()
    size = write_large(args.rows, args.shape, args.out, seed=args.seed, days=args.days)
    took = time.perf_counter() - began
    print(
        f"{args.rows:,} rows, {size / 1e6:,.1f} MB in {took:.1f} s"
        f" ({args.rows / took:,.0f} rows/s) -> {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
