"""The Azure Monitor diagnostic archive as an input shape, read from a local copy.

The real-world archive (tests/realworld/archive, see its SOURCES.toml) holds the jobs of a
recorded backupJobs list: read as an archive they must be the jobs read from the list.
Damaged blobs lose only their damaged lines, each named; records of other categories are
skipped and counted, not rejected; ``--since/--until`` prune hourly folders before they
are listed.
"""

from __future__ import annotations

import json
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from analyzer.analysis import AnalyzeOptions
from analyzer.catalogue.load import load_catalogue
from analyzer.ingest.diagnostic_archive import ARCHIVE_SHAPE
from analyzer.limits import Limits
from analyzer.pipeline import RunResult, run_analysis
from analyzer.storage import blob_names, may_hold, walk
from tests.paths import REALWORLD, SAMPLE_LOGS
from tools.archivegen import blob_path

ARCHIVE = REALWORLD / "archive"
JOB_LIST = REALWORLD / "jobs" / "ps-vm-get-jobs-2024-04.json"
CAT = load_catalogue()
_JOB_COLUMNS = ["job_id", "vm", "status", "operation", "start_time", "error_code"]


def _run(*specs: str | Path, opts: AnalyzeOptions | None = None) -> RunResult:
    return run_analysis([str(s) for s in specs], CAT, opts or AnalyzeOptions())


def _jobs(result: RunResult) -> pl.DataFrame:
    return result.analysis.failures.select("job_id", "vm", "error_code").sort("job_id")


def test_the_archive_of_a_recorded_job_list_gives_its_jobs_and_failures() -> None:
    source = tomllib.loads((ARCHIVE / "SOURCES.toml").read_text(encoding="utf-8"))
    archive, listed = _run(ARCHIVE), _run(JOB_LIST)
    counts = archive.analysis.accounting
    assert {shape for _, shape, _ in archive.sources} == {ARCHIVE_SHAPE}
    assert counts.jobs == listed.analysis.accounting.jobs == source["jobs"]
    assert counts.other_categories == source["other_category"] and counts.rejects == 0
    assert archive.other_categories == {"AddonAzureBackupProtectedInstance": 1}
    assert counts.rows_read == counts.jobs + counts.other_categories and counts.balanced()
    assert _jobs(archive).equals(_jobs(listed))
    assert archive.analysis.failures.get_column("code").to_list() == source["codes"]
    assert archive.analysis.rejects.height == 0


def test_the_sample_archive_repeats_jobs_the_sample_csv_holds() -> None:
    folder = SAMPLE_LOGS / "diagnostic-archive"
    alone = _run(folder)
    both = _run(folder, SAMPLE_LOGS / "jobs" / "la_addon_jobs.csv")
    csv_only = _run(SAMPLE_LOGS / "jobs" / "la_addon_jobs.csv")
    counts = alone.analysis.accounting
    assert counts.jobs > 0 and (counts.rejects, counts.other_categories) == (0, 1)
    assert both.analysis.accounting.jobs == csv_only.analysis.accounting.jobs
    assert both.analysis.vm_rows.sort("vm").equals(csv_only.analysis.vm_rows.sort("vm"))


def _record(**props: Any) -> str:
    rid = "/SUBSCRIPTIONS/S1/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.RECOVERYSERVICES/VAULTS/V1"
    base = {
        "BackupItemFriendlyName": "vm1",
        "BackupItemUniqueId": "westeurope;v1;iaasvmcontainerv2;rg-vm;vm1",
        "JobOperation": "Backup",
        "JobStatus": "Failed",
        "JobStartDateTime": "2026-11-23T01:05:00Z",
        "JobDurationInSecs": 60.5,
        "JobUniqueId": "j1",
        "JobFailureCode": "UserErrorGuestAgentStatusUnavailable",
    }
    category = props.pop("category", "AddonAzureBackupJobs")
    record = {
        "time": "2026-11-23T02:10:00Z",
        "resourceId": rid,
        "category": category,
        "operationName": "Job",
        "properties": {**base, **props},
    }
    return json.dumps(record)


def test_a_damaged_blob_loses_only_its_damaged_lines_each_named(tmp_path: Path) -> None:
    blob = tmp_path / "PT1H.json"
    cut = _record(JobUniqueId="j4")[:70]  # Azure was still appending to the blob
    lines = [
        _record(),
        "this is not JSON",
        _record(category="CoreAzureBackup"),
        _record(category="CoreAzureBackup", JobUniqueId="j3"),
        _record(JobUniqueId="j2", JobStatus="Completed", JobFailureCode="Success"),
        '{"time": "2026-11-23T02:11:00Z", "level": "Informational"}',
        cut,
    ]
    blob.write_text("\n".join(lines), encoding="utf-8")
    result = _run(blob)
    counts = result.analysis.accounting
    assert (counts.rows_read, counts.jobs, counts.rejects, counts.other_categories) == (7, 2, 3, 2)
    assert counts.balanced() and result.other_categories == {"CoreAzureBackup": 2}
    reasons = dict(result.analysis.rejects.select("source_row", "reason").iter_rows())
    assert set(reasons) == {2, 6, 7}  # the job records keep their line numbers
    assert "not a JSON object" in reasons[2] and "not valid JSON" in reasons[7]
    assert "not a diagnostic-log record" in reasons[6]
    failed = result.analysis.failures.row(0, named=True)
    # The vault and subscription come from resourceId when the properties lack them.
    assert (failed["vm"], failed["vault"], failed["resource_group"]) == ("vm1", "v1", "rg-vm")
    assert failed["duration_s"] == 60.5


def test_one_record_alone_is_a_blob_too(tmp_path: Path) -> None:
    blob = tmp_path / "PT1H.json"
    blob.write_text(_record() + "\n", encoding="utf-8")
    assert _run(blob).analysis.accounting.jobs == 1


class _Listing:
    """A local filesystem that remembers every folder listed."""

    def __init__(self) -> None:
        import fsspec

        self.fs = fsspec.filesystem("file")
        self.listed: list[str] = []

    def ls(self, path: str, detail: bool = True) -> Any:
        self.listed.append(path)
        return self.fs.ls(path, detail=detail)

    def isfile(self, path: str) -> bool:
        return bool(self.fs.isfile(path))


def _hourly_archive(root: Path) -> None:
    rid = "/SUBSCRIPTIONS/S1/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.RECOVERYSERVICES/VAULTS/V1"
    for day in range(1, 29):
        for hour in (1, 13):
            path = root / blob_path(rid, f"2026-11-{day:02d}T{hour:02d}:30:00Z")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_record() + "\n", encoding="utf-8")


def test_since_until_prune_hourly_folders_before_listing_below_them(tmp_path: Path) -> None:
    _hourly_archive(tmp_path)
    since, until = datetime(2026, 11, 10, tzinfo=UTC), datetime(2026, 11, 12, tzinfo=UTC)
    listing = _Listing()
    names, walked = blob_names(listing, str(tmp_path), (since, until))
    every = sorted(walk(_Listing(), str(tmp_path)))
    assert walked and len(every) == 56
    kept_days = sorted({int(n.split("/d=")[1][:2]) for n in names})
    # Records of jobs started before --until may arrive for three days after it.
    assert kept_days == list(range(10, 15))
    assert names == sorted(n for n in every if int(n.split("/d=")[1][:2]) in kept_days)
    assert not any("/d=05" in folder or "/d=20" in folder for folder in listing.listed)


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ((2026,), True),
        ((2025,), False),
        ((2026, 10), False),
        ((2026, 11, 9, 22), False),
        ((2026, 11, 9, 23), True),  # received at the turn of the hour: may be a day-10 job
        ((2026, 11, 14, 23), True),
        ((2026, 11, 15, 0), False),
    ],
)
def test_may_hold(parts: tuple[int, ...], expected: bool) -> None:
    period = (datetime(2026, 11, 10, tzinfo=UTC), datetime(2026, 11, 12, tzinfo=UTC))
    assert may_hold(parts, period) is expected


def test_a_glob_is_matched_below_its_fixed_part(tmp_path: Path) -> None:
    _hourly_archive(tmp_path)
    names, _ = blob_names(_Listing(), f"{tmp_path}/**/d=0[12]/h=13/**/PT1H.json")
    assert len(names) == 2


def test_a_large_blob_read_in_blocks_counts_other_categories_once(tmp_path: Path) -> None:
    blob = tmp_path / "PT1H.json"
    lines = [_record(JobUniqueId=f"j{n}", category="AddonAzureBackupJobs") for n in range(30)]
    lines += [_record(category="AddonAzureBackupPolicy")] * 7
    blob.write_text("\n".join(lines), encoding="utf-8")
    small = Limits(json_small_bytes=1, json_block_items=4)  # streamed, in blocks of 4
    result = run_analysis([str(blob)], CAT, AnalyzeOptions(), limits=small)
    counts = result.analysis.accounting
    assert (counts.rows_read, counts.jobs, counts.other_categories) == (37, 30, 7)
    assert result.other_categories == {"AddonAzureBackupPolicy": 7}
