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
so both give the same jobs.

The same vault archives its other categories beside the jobs, each in a container of its
own (``insights-logs-coreazurebackup``, ``...-addonazurebackupprotectedinstance``,
``...-addonazurebackuppolicy``, ``...-addonazurebackupstorage``, ``...-addonazurebackupalerts``;
Microsoft, "Supported logs for Microsoft.RecoveryServices/Vaults",
https://learn.microsoft.com/azure/azure-monitor/reference/supported-logs/microsoft-recoveryservices-vaults-logs,
and "Use diagnostics settings for Recovery Services vaults",
https://learn.microsoft.com/azure/backup/backup-azure-diagnostic-events). Reading the
archive's root reads them too: such a record is no job and nothing is wrong with it, so it
is skipped and counted by category (``SourceRead.other_categories``), not rejected; the run
counts it among the rows read. A line that is no record at all (no category), or one cut
off while Azure was appending to the blob, is rejected and named.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from functools import lru_cache
from itertools import islice
from typing import Any

import polars as pl

from analyzer.ingest.headers import Columns, fold
from analyzer.ingest.json_items import Entry
from analyzer.ingest.model import PRE_REJECT, ROW, SourceRead, StagedBlock, stage_table
from analyzer.ingest.normalize import StageInfo, time_orders
from analyzer.ingest.table_shapes import LA_ADDON
from analyzer.ingest.times import TimeOrders
from analyzer.inputs import LocalFile

ARCHIVE_SHAPE = "diagnostic-archive"
ARCHIVE_DESCRIPTION = (
    "Azure Monitor diagnostic archive in storage (insights-logs-addonazurebackupjobs/"
    ".../PT1H.json, one AddonAzureBackupJobs record a line)"
)
JOBS_CATEGORY = "AddonAzureBackupJobs"
# The envelope keys and the (folded) Log Analytics columns they become.
_ENVELOPE = {
    "time": "timegenerated",
    "operationName": "operationname",
    "category": "category",
    "resourceId": "resourceid",
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
_COLUMNS_READ = Columns(KEYS)
_SCHEMA = {ROW: pl.Int64(), PRE_REJECT: pl.String(), **dict.fromkeys(KEYS, pl.String())}
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
    others: Counter[str] = Counter()
    if local.size <= limits.json_small_bytes:
        rows = staged_records(list(flat_entries(entries(), others))).collect()
        read = SourceRead.small(rows, info, [])
    else:
        read = SourceRead.streamed(
            info, lambda: _blocks(flat_entries(entries(), others), limits.json_block_items), []
        )
    read.other_categories = others
    return read


def _blocks(entries: Iterator[Entry], block_items: int) -> Iterator[StagedBlock]:
    """Blocks of staged records (at least one), all with the time layouts of the first."""
    orders: TimeOrders | None = None
    first = True
    while (chunk := list(islice(entries, block_items))) or first:
        first = False
        staged = staged_records(chunk)
        orders = orders if orders is not None else time_orders(staged)
        yield staged, orders


def staged_records(entries: list[Entry]) -> pl.LazyFrame:
    """Flat records (keys already folded) as the LA family's staging columns."""
    rows = [item or {} for _, item, _ in entries]
    columns: dict[str, list[Any]] = {
        ROW: [row for row, _, _ in entries],
        PRE_REJECT: [reason for _, _, reason in entries],
        **{key: [row.get(key) for row in rows] for key in KEYS},
    }
    frame = pl.DataFrame(columns, schema=_SCHEMA)
    return stage_table(frame.lazy(), LA_ADDON, _COLUMNS_READ)


def flat_entries(entries: Iterator[Entry], others: Counter[str]) -> Iterator[Entry]:
    """Each job record as its Log Analytics row, non-records rejected; records of other
    categories counted in ``others`` (emptied first: a table read again counts anew)."""
    others.clear()
    for row, item, reason in entries:
        if reason is not None:
            yield row, None, reason
        elif not is_archive_record(item):
            yield row, None, NOT_A_RECORD
        elif (category := str(item["category"])).lower() != JOBS_CATEGORY.lower():
            others[category] += 1
        else:
            yield row, flat_record(item), None


def flat_record(item: dict[str, Any]) -> dict[str, str | None]:
    """The record's properties under their folded column keys, as text, with the
    envelope's fields as their columns (the properties win where both have one)."""
    flat: dict[str, str | None] = {}
    for key, value in item["properties"].items():
        flat.setdefault(_folded(str(key)), _text(value))
    for key, column in _ENVELOPE.items():
        if column not in flat and item.get(key) is not None:
            flat[column] = _text(item[key])
    subscription, vault = _vault_of(str(item.get("resourceId") or ""))
    if flat.get("vaultname") is None and vault:
        flat["vaultname"] = vault
    if flat.get("subscriptionid") is None and subscription:
        flat["subscriptionid"] = subscription
    return flat


@lru_cache(maxsize=4096)
def _folded(key: str) -> str:
    """A property name's column key (the same few dozen names, folded once each)."""
    return fold(key)


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value) if not isinstance(value, dict | list) else json.dumps(value)


def _vault_of(resource_id: str) -> tuple[str | None, str | None]:
    """Subscription and vault of an upper-cased vault resource id (Azure names are
    case-insensitive; the portal and Log Analytics show them in lower case)."""
    parts = resource_id.lower().strip("/").split("/")
    subscription = parts[1] if len(parts) > 1 and parts[0] == "subscriptions" else None
    vault = parts[-1] if len(parts) > 2 and parts[-2] == "vaults" else None
    return subscription, vault
