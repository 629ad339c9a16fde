"""Acceptance over real job lists: every file in tests/realworld/jobs/ (see SOURCES.toml).

Each file is a response body the Azure Backup service returned, recorded in a public SDK
test recording. A new file is a new case: every real failed job must be classified or
shown with the code it was exported with, its cause must be the one the documentation (or
the service's own recommendation) gives for that code, and its VM, whose OS nothing tells,
must not get an OS-specific cause. The figures are printed (``pytest -s``).
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from analyzer.aggregate import shown_code
from analyzer.analysis import AnalyzeOptions
from analyzer.catalogue.load import load_catalogue
from analyzer.pipeline import run_analysis
from analyzer.schema import UNCLASSIFIED
from tests.paths import REALWORLD

JOBS_DIR = REALWORLD / "jobs"
SOURCES = JOBS_DIR / "SOURCES.toml"
CAT = load_catalogue()

# The cause each real code has, checked by hand: UserErrorBackupOperationInProgress against
# the troubleshooting article's section for it (wait for or cancel the running job);
# UserErrorVmProvisioningStateFailed against the agent article's section for it (resolve the
# failed extension or wait out the Updating state, then retry);
# VMCreationTimeOutStorageErrorV2 against the recommendation the service returns with it
# ("retry the operation after some time; if problem persists, contact Microsoft support").
EXPECTED_CAUSE = {
    "UserErrorBackupOperationInProgress": "backup-in-progress",
    "UserErrorVmProvisioningStateFailed": "vm-provisioning-failed",
    "VMCreationTimeOutStorageErrorV2": "service-operation-timeout",
}


def _job_files() -> list[Path]:
    return sorted(p for p in JOBS_DIR.iterdir() if p.suffix == ".json")


def _sources() -> dict[str, dict[str, Any]]:
    entries = tomllib.loads(SOURCES.read_text(encoding="utf-8"))["file"]
    return {entry["name"]: entry for entry in entries}


def _items(path: Path) -> list[dict[str, Any]]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    items = doc["value"] if isinstance(doc, dict) else doc
    assert isinstance(items, list)
    return items


def _failed_details(path: Path) -> list[dict[str, Any]]:
    """errorDetails[0] of every failed job in the file, as recorded."""
    failed = [i["properties"] for i in _items(path) if i["properties"]["status"] == "Failed"]
    return [(p.get("errorDetails") or [{}])[0] for p in failed]


@pytest.fixture(scope="module")
def failures() -> pl.DataFrame:
    result = run_analysis([str(JOBS_DIR)], CAT, AnalyzeOptions())
    assert result.errors == []
    return result.analysis.failures.with_columns(shown_code().alias("shown"))


def test_every_file_has_its_source_and_counts() -> None:
    files = {p.name for p in _job_files()}
    sources = _sources()
    assert files and files == set(sources)
    for name, entry in sources.items():
        assert entry["url"].startswith("https://github.com/") and len(entry["commit"]) == 40
        assert len(_items(JOBS_DIR / name)) == entry["jobs"], name
        assert len(_failed_details(JOBS_DIR / name)) == entry["failed"], name


def test_every_real_failure_is_classified_or_shows_its_exported_code(
    failures: pl.DataFrame,
) -> None:
    recorded = sum(len(_failed_details(p)) for p in _job_files())
    assert failures.height == recorded > 0
    by_match = dict(failures.group_by("match").len().iter_rows())
    unclassified = failures.filter(pl.col("code") == UNCLASSIFIED)
    with_code = unclassified.filter(pl.col("shown") != UNCLASSIFIED).height
    print(  # the figures, for the report and README (pytest -s)
        f"\nreal job lists: {len(_job_files())} files, "
        f"{sum(len(_items(p)) for p in _job_files())} jobs, {recorded} failed; classified by "
        f"code {by_match.get('code', 0)}, by number {by_match.get('numeric', 0)}, by message "
        f"{by_match.get('message', 0)}; unclassified with an exported code {with_code}, "
        f"without {unclassified.height - with_code}"
    )
    assert unclassified.filter(pl.col("shown") == UNCLASSIFIED).height == 0


def test_real_codes_get_the_code_the_service_named_and_its_documented_cause(
    failures: pl.DataFrame,
) -> None:
    keys = CAT.code_keys()
    for row in failures.iter_rows(named=True):
        title = row["error_code"]
        if title and title.lower() in keys:
            assert row["code"] == keys[title.lower()], row["job_id"]
        if row["code"] in EXPECTED_CAUSE:
            assert row["cause"] == EXPECTED_CAUSE[row["code"]], row["job_id"]
    assert set(failures["code"]) - {UNCLASSIFIED} <= set(EXPECTED_CAUSE)


def test_recorded_numbers_map_to_the_code_recorded_with_them() -> None:
    """A number the catalogue maps must name the code the service paired it with."""
    numbers = CAT.numeric_keys()
    keys = CAT.code_keys()
    pairs = {
        (d.get("errorCode"), d.get("errorTitle")) for p in _job_files() for d in _failed_details(p)
    }
    for number, title in pairs:
        if number in numbers and title and title.lower() in keys:
            assert numbers[number] == keys[title.lower()], (number, title)
        assert number in numbers, f"recorded number {number} ({title}) is not catalogued"


def test_no_os_specific_cause_for_vms_whose_os_is_unknown(failures: pl.DataFrame) -> None:
    for row in failures.filter(pl.col("cause").is_not_null()).iter_rows(named=True):
        cause_os = CAT.causes[row["cause"]].os
        code_oses = {CAT.causes[c].os for c in CAT.codes[row["code"]].causes}
        # An OS-specific cause is right only for a code whose causes all share that OS.
        assert cause_os == "any" or code_oses == {cause_os}, row["job_id"]
