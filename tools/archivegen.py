"""Write Log Analytics AddonAzureBackupJobs rows as Azure Monitor's storage archive.

Each CSV row becomes the record Azure Monitor archives for it (``time`` = TimeGenerated,
the other columns in ``properties``), in the hourly blob of the vault it names:
``insights-logs-addonazurebackupjobs/resourceId=/SUBSCRIPTIONS/.../y=/m=/d=/h=/m=00/PT1H.json``
(https://learn.microsoft.com/azure/azure-monitor/essentials/resource-logs#send-to-azure-storage).
The sample archive, the archive tests and the distributed benchmark are made this way.

    python -m tools.archivegen sample_logs/jobs/la_addon_jobs.csv OUT [--vm NAME ...]
        [--day 2026-11-20 ...]
    python -m tools.archivegen --rest tests/realworld/jobs/ps-vm-get-jobs-2024-04.json OUT

``--rest`` takes a recorded backupJobs list instead: each job becomes the record the vault
would archive for it (the fields mapped as ``rest_record`` says).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

CATEGORY = "AddonAzureBackupJobs"
CONTAINER = "insights-logs-addonazurebackupjobs"
# Columns Log Analytics adds itself; the archive carries the envelope instead.
_NOT_PROPERTIES = {"TenantId", "TimeGenerated", "Type", "_ResourceId", "Category"}
_ENVELOPE = {"OperationName": "operationName", "ResourceId": "resourceId"}
_NUMBERS = {"JobDurationInSecs", "DataTransferredInMB"}


def record(row: dict[str, str]) -> dict[str, object]:
    """The archive record of one Log Analytics row (empty cells left out)."""
    properties: dict[str, object] = {}
    for key, value in row.items():
        if key in _NOT_PROPERTIES or key in _ENVELOPE or value in ("", None):
            continue
        properties[key] = float(value) if key in _NUMBERS else value
    return {
        "time": row["TimeGenerated"],
        "resourceId": row["ResourceId"],
        "category": row.get("Category") or CATEGORY,
        "operationName": row.get("OperationName") or "Job",
        "properties": properties,
    }


def blob_path(resource_id: str, time: str, container: str = CONTAINER) -> str:
    """The blob Azure Monitor appends a record received at ``time`` to."""
    at = datetime.fromisoformat(time.replace("Z", "+00:00"))
    hour = f"y={at:%Y}/m={at:%m}/d={at:%d}/h={at:%H}/m=00"
    return f"{container}/resourceId={resource_id.upper()}/{hour}/PT1H.json"


def write_archive(records: Iterable[dict[str, object]], out: Path) -> list[Path]:
    """Append each record to its hourly blob under ``out``; the blobs written, sorted."""
    blobs: dict[str, list[str]] = defaultdict(list)
    for rec in records:
        container = f"insights-logs-{str(rec['category']).lower()}"
        path = blob_path(str(rec["resourceId"]), str(rec["time"]), container)
        blobs[path].append(json.dumps(rec, separators=(",", ":")))
    written = []
    for name, lines in sorted(blobs.items()):
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        written.append(path)
    return written


def csv_records(
    csv_path: Path, vms: Sequence[str] = (), days: Sequence[str] = ()
) -> list[dict[str, object]]:
    """The records of an AddonAzureBackupJobs CSV export, of the VMs and days chosen.

    Rows a parser would not take whole (cut short) are left out: the archive is clean.
    """
    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = [row for row in reader if None not in row.values() and row.get("TimeGenerated")]
    chosen = [
        row
        for row in rows
        if (not vms or row.get("BackupItemFriendlyName") in vms)
        and (not days or row["JobStartDateTime"][:10] in days)
    ]
    return [record(row) for row in chosen]


_ISO_SECONDS = re.compile(r"^PT(?:(?P<h>[\d.]+)H)?(?:(?P<m>[\d.]+)M)?(?:(?P<s>[\d.]+)S)?$")


def _seconds(duration: str) -> float | None:
    found = _ISO_SECONDS.match(duration or "")
    if not found:
        return None
    h, m, s = (float(found.group(k) or 0) for k in "hms")
    return round(h * 3600 + m * 60 + s, 3)


def rest_record(job: dict[str, Any]) -> dict[str, object]:
    """The AddonAzureBackupJobs record of one recorded backupJobs resource.

    time: the job's end (its start while in progress); JobFailureCode: errorDetails[0]
    errorTitle (Log Analytics keeps the code's name); BackupItemUniqueId: the vault and the
    job's containerName joined by ``;`` as Log Analytics writes item ids.
    """
    props = job["properties"]
    vault_id = job["id"].split("/backupJobs/")[0]
    vault = vault_id.rsplit("/", 1)[-1]
    errors = props.get("errorDetails") or [{}]
    properties: dict[str, object] = {
        "BackupItemFriendlyName": props["entityFriendlyName"],
        "BackupItemUniqueId": f"{vault};{props['containerName']}",
        "BackupManagementType": "IaaSVM",
        "JobOperation": props["operation"],
        "JobStatus": props["status"],
        "JobStartDateTime": props["startTime"],
        "JobDurationInSecs": _seconds(props.get("duration", "")),
        "JobUniqueId": job["name"],
        "JobFailureCode": errors[0].get("errorTitle") or "Success",
        "SchemaVersion": "V2",
        "State": "Active",
    }
    return {
        "time": props.get("endTime") or props["startTime"],
        "resourceId": vault_id.upper(),
        "category": CATEGORY,
        "operationName": "Job",
        "properties": {k: v for k, v in properties.items() if v is not None},
    }


def rest_records(path: Path) -> list[dict[str, object]]:
    """The records of every job in a recorded ``{"value": [...]}`` backupJobs list."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    return [rest_record(job) for job in doc["value"]]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path, help="a Log Analytics AddonAzureBackupJobs CSV")
    parser.add_argument("--rest", action="store_true", help="the input is a backupJobs list")
    parser.add_argument("out", type=Path, help="the folder to write the containers into")
    parser.add_argument("--vm", action="append", default=[], help="only this VM (repeatable)")
    parser.add_argument("--day", action="append", default=[], help="only jobs started this day")
    args = parser.parse_args(argv)
    records = rest_records(args.csv) if args.rest else csv_records(args.csv, args.vm, args.day)
    written = write_archive(records, args.out)
    print(f"{len(written)} blob(s) under {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
