"""``bjla report``'s fleet view: unprotected now (--stale), the week before and the
12-week trend from a history store, and the top templates.

A small fleet is written as one export per ISO week (W44, W46, W47; W45 is missing):
W44 and W46 go into a history store, W47 is passed as an export.

    vm-steady   succeeds every night
    vm-breaks   succeeds up to Wednesday of W47, fails from Thursday on (stale)
    vm-flaky    fails on W46's Tuesday to Thursday, succeeds in W47 (recovered)
    vm-gone     backed up in W44 only (silent: jobs stopped arriving)
    vm-new      only in W47: fails its last night after a success the night before (failing)
    vm-never    only in W47, every night failed with a message the catalogue lacks (stale, never)
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import pytest

from tests.cli.support import NOW, invoke
from tests.golden_files import GoldenCheck

HEADER = [
    "TimeGenerated",
    "BackupItemFriendlyName",
    "JobOperation",
    "JobStatus",
    "JobFailureCode",
    "JobStartDateTime",
    "JobDurationInSecs",
    "JobUniqueId",
]
MONDAYS = {"W44": date(2026, 10, 26), "W46": date(2026, 11, 9), "W47": date(2026, 11, 16)}
UNKNOWN_CODE = "UserErrorNotInAnyCatalogue"


def _night(vm: str, week: str, day: int) -> str | None:
    """The status of ``vm``'s backup on ``day`` (0 = Monday) of ``week``, or None: no job."""
    if vm == "vm-steady":
        return "Completed"
    if vm == "vm-breaks":
        return "Failed" if week == "W47" and day >= 3 else "Completed"
    if vm == "vm-flaky":
        return "Failed" if week == "W46" and 1 <= day <= 3 else "Completed"
    if vm == "vm-gone":
        return "Completed" if week == "W44" else None
    if vm == "vm-new":
        return None if week != "W47" else "Failed" if day == 6 else "Completed"
    return "Failed" if week == "W47" else None  # vm-never


VMS = ("vm-steady", "vm-breaks", "vm-flaky", "vm-gone", "vm-new", "vm-never")


def write_week(path: Path, week: str) -> Path:
    """One week's export of the fleet (Log Analytics add-on CSV)."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        for vm in VMS:
            for day in range(7):
                status = _night(vm, week, day)
                if status is None:
                    continue
                night = MONDAYS[week] + timedelta(days=day)
                code = "Success"
                if status == "Failed":
                    code = UNKNOWN_CODE if vm == "vm-never" else "UserErrorFsFreezeFailed"
                out.writerow(
                    [
                        f"{night}T23:00:00Z",
                        vm,
                        "Backup",
                        status,
                        code,
                        f"{night}T22:00:00Z",
                        "60",
                        f"{vm}-{night}",
                    ]
                )
    return path


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The store (W44, W46) and the W47 export."""
    folder = tmp_path_factory.mktemp("fleet")
    store = folder / "history"
    for week in ("W44", "W46"):
        added = invoke(
            ["history", "add", str(write_week(folder / f"{week}.csv", week)), "--into", str(store)]
        )
        assert added.exit_code == 0, added.stderr
    return {"store": str(store), "w47": str(write_week(folder / "W47.csv", "W47"))}


@lru_cache(maxsize=16)
def _report(*args: str) -> str:
    """The Markdown report of W47 (one run per distinct ``args``)."""
    result = invoke(["report", *args, "--week", "2026-W47", "--now", NOW, "-f", "md"])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _section(text: str, title: str) -> str:
    return text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def _row(text: str, first: str) -> list[str]:
    line = next(line for line in text.splitlines() if line.startswith(f"| {first} |"))
    # a change or state for the worse is in bold in Markdown; the figures are what is checked
    return [
        cell.strip().removeprefix("**").removesuffix("**") for cell in line.strip("|").split("|")
    ]


def test_the_week_before_comes_from_the_history_when_its_export_is_not_passed(
    fleet: dict[str, str],
) -> None:
    with_store = _section(_report(fleet["store"], fleet["w47"]), "Key figures")
    # W46 (from the store): 3 VMs, 21 jobs, 3 failures; W47: 5 VMs, 35 jobs, 12 failures.
    assert _row(with_store, "Failed jobs") == ["Failed jobs", "12", "3", "+9"]
    assert _row(with_store, "VMs with jobs") == ["VMs with jobs", "5", "3", "+2"]
    alone = _section(_report(fleet["w47"]), "Key figures")
    assert _row(alone, "Failed jobs") == ["Failed jobs", "12", "–", "–"]


def test_the_trend_shows_a_week_without_data_as_no_data(fleet: dict[str, str]) -> None:
    trend = _section(_report(fleet["store"], fleet["w47"]), "Week by week")
    weeks = [line.split("|")[1].strip() for line in trend.splitlines() if line.startswith("| 20")]
    assert weeks == ["2026-W44", "2026-W45", "2026-W46", "2026-W47"]  # from the first with data
    assert _row(trend, "2026-W44") == ["2026-W44", "28", "0", "0.0%", "0"]
    assert _row(trend, "2026-W45") == ["2026-W45", "no data", "–", "–", "–"]
    assert _row(trend, "2026-W46") == ["2026-W46", "21", "3", "14.3%", "1"]
    assert _row(trend, "2026-W47") == ["2026-W47", "35", "12", "34.3%", "3"]


def test_unprotected_now_opens_the_report_longest_first(fleet: dict[str, str]) -> None:
    text = _report(fleet["store"], fleet["w47"])
    assert text.index("## Unprotected now") < text.index("## Key figures")
    section = _section(text, "Unprotected now")
    vms = [line.split("|")[1].strip() for line in section.splitlines() if line.startswith("| vm-")]
    assert vms == ["vm-never", "vm-gone", "vm-breaks", "vm-new"]
    assert _row(section, "vm-never")[2:4] == ["stale", "never"]
    # Seen in W44 only, three weeks before: listed as silent, not dropped.
    assert _row(section, "vm-gone")[2:4] == ["silent", "21.0 days"]
    assert _row(section, "vm-new")[2:4] == ["failing", "24 h"]


def test_stale_sets_the_hours_without_a_success(fleet: dict[str, str]) -> None:
    section = _section(_report(fleet["w47"], "--stale", "100"), "Unprotected now")
    # 4 days (96 h) without a success: stale at 36 hours, within 100 (its last one failed).
    assert _row(section, "vm-breaks")[2:4] == ["failing", "4.0 days"]
    assert "100 hours" in section
    assert _row(_report(fleet["w47"]), "vm-breaks")[1:3] == ["–", "stale"]
    bad = invoke(["report", fleet["w47"], "--stale", "0", "-f", "md"])
    assert bad.exit_code == 2


def test_templates_list_the_unclassified_messages(fleet: dict[str, str]) -> None:
    section = _section(_report(fleet["w47"]), "Templates of the unknown")
    assert _row(section, UNKNOWN_CODE)[1:4] == ["failure message", "7", "1"]


def test_swedish_fleet_view(fleet: dict[str, str]) -> None:
    text = _report(fleet["store"], fleet["w47"], "--lang", "sv")
    assert "## Oskyddade nu" in text and "## Vecka för vecka" in text
    assert "| 2026-W45 | inga data |" in text
    assert _row(text, "vm-gone")[1:3] == ["–", "tyst"]


def test_history_report_matches_golden(fleet: dict[str, str], golden: GoldenCheck) -> None:
    golden("cli/report_history.en.md", _report(fleet["store"], fleet["w47"]))
