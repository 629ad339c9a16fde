"""The Azure Monitor diagnostic archive: vault resource logs archived to a storage account.

A Recovery Services vault's diagnostic setting can send the ``AddonAzureBackupJobs``
category to a storage account. Azure Monitor then writes one blob per resource and hour:

    insights-logs-addonazurebackupjobs/resourceId=/SUBSCRIPTIONS/{sub}/RESOURCEGROUPS/{rg}/
        PROVIDERS/MICROSOFT.RECOVERYSERVICES/VAULTS/{vault}/y=2026/m=11/d=23/h=02/m=00/PT1H.json

each line one record ``{"time", "resourceId", "category", "operationName", "properties"}``,
the properties being the columns of the Log Analytics table of the same name (Microsoft,
"Send Azure resource log data", section "Send to Azure Storage":
https://learn.microsoft.com/azure/azure-monitor/essentials/resource-logs#send-to-azure-storage;
the columns: "Data Model for Azure Backup Diagnostics Events",
https://learn.microsoft.com/azure/backup/backup-azure-reports-data-model#addonazurebackupjobs).

A record is flattened into the Log Analytics row it would be (``time`` is TimeGenerated;
the vault and subscription come from ``resourceId`` when the properties lack them) and
read through the Log Analytics ``AddonAzureBackupJobs`` family (``table_shapes.LA_ADDON``),
so both give the same jobs. A record of another category (a whole container of one, when
the archive root is read) is rejected with its category, so every line is accounted for;
a line cut off while Azure was appending to the blob is rejected as not valid JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from analyzer.ingest.headers import fold
from analyzer.ingest.json_items import Entry
from analyzer.ingest.json_tables import staged_rows, table_blocks
from analyzer.ingest.model import SourceRead
from analyzer.ingest.normalize import StageInfo
from analyzer.ingest.table_shapes import LA_ADDON
from analyzer.inputs import LocalFile

ARCHIVE_SHAPE = "diagnostic-archive"
ARCHIVE_DESCRIPTION = (
    "Azure Monitor diagnostic archive in storage (insights-logs-addonazurebackupjobs/"
    ".../PT1H.json, one AddonAzureBackupJobs record a line)"
)
JOBS_CATEGORY = "AddonAzureBackupJobs"
# The envelope keys and the Log Analytics columns they become.
_ENVELOPE = {
    "time": "TimeGenerated",
    "operationName": "OperationName",
    "category": "Category",
    "resourceId": "ResourceId",
}
# The AddonAzureBackupJobs columns the family reads, plus the envelope's: every block is
# staged with all of them, so blocks of one blob (and of many) share one schema.
_COLUMNS = (
    "TimeGenerated",
    "OperationName",
    "Category",
    "ResourceId",
    "BackupItemFriendlyName",
    "BackupItemUniqueId",
    "DatasourceFriendlyName",
    "SubscriptionId",
    "VaultName",
    "JobOperation",
    "JobStatus",
    "JobStartDateTime",
    "JobDurationInSecs",
    "JobUniqueId",
    "JobFailureCode",
)
KEYS = [fold(column) for column in _COLUMNS]
NOT_A_RECORD = "not a diagnostic-log record (no category and properties)"


def is_archive_record(item: Any) -> bool:
    """Whether a decoded JSON value is a resource-log record (category and properties)."""
    return (
        isinstance(item, dict)
        and isinstance(item.get("properties"), dict)
        and isinstance(item.get("category"), str)
        and ("resourceId" in item or "time" in item)
    )


def read_archive(local: LocalFile, entries: Callable[[], Iterator[Entry]]) -> SourceRead:
    """The job records of an archive blob (NDJSON, or one record), as the LA family reads."""
    info = StageInfo(local.name, ARCHIVE_SHAPE, LA_ADDON.duration_unit)
    limits = local.limits
    if local.size <= limits.json_small_bytes:
        rows = staged_rows(list(flat_entries(entries())), LA_ADDON, KEYS).collect()
        return SourceRead.small(rows, info, [])
    blocks = partial(table_blocks, LA_ADDON, KEYS, limits.json_block_items)
    return SourceRead.streamed(info, lambda: blocks(flat_entries(entries())), [])


def flat_entries(entries: Iterator[Entry]) -> Iterator[Entry]:
    """Each record as its Log Analytics row; other categories and non-records rejected."""
    for row, item, reason in entries:
        if reason is not None:
            yield row, None, reason
        elif not is_archive_record(item):
            yield row, None, NOT_A_RECORD
        elif (category := str(item["category"])).lower() != JOBS_CATEGORY.lower():
            yield row, None, f"not a job record (category {category}; jobs are {JOBS_CATEGORY})"
        else:
            yield row, flat_record(item), None


def flat_record(item: dict[str, Any]) -> dict[str, Any]:
    """The record's properties, with the envelope's fields as their columns."""
    flat: dict[str, Any] = dict(item["properties"])
    folded = {fold(str(key)) for key in flat}
    for key, column in _ENVELOPE.items():
        if fold(column) not in folded and item.get(key) is not None:
            flat[column] = item[key]
    subscription, vault = _vault_of(str(item.get("resourceId") or ""))
    if "vaultname" not in folded and vault:
        flat["VaultName"] = vault
    if "subscriptionid" not in folded and subscription:
        flat["SubscriptionId"] = subscription
    return flat


def _vault_of(resource_id: str) -> tuple[str | None, str | None]:
    """Subscription and vault of an upper-cased vault resource id (Azure names are
    case-insensitive; the portal and Log Analytics show them in lower case)."""
    parts = resource_id.lower().strip("/").split("/")
    subscription = parts[1] if len(parts) > 1 and parts[0] == "subscriptions" else None
    vault = parts[-1] if len(parts) > 2 and parts[-2] == "vaults" else None
    return subscription, vault
