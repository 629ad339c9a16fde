"""Golden files for every table bjla prints on the sample fleet (tests/golden/cli/).

The outputs must be byte-for-byte stable from run to run: an intended change is
reviewed as a diff of the golden file after
``pytest tests/cli/test_golden.py --update-golden`` (or ``BJLA_UPDATE_GOLDEN=1``).
"""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests.cli.support import SAMPLE, accounting, cached, invoke
from tests.golden_files import GoldenCheck

TABLES: dict[str, tuple[str, ...]] = {
    "analyze_by_vm.csv": ("analyze", SAMPLE, "--by", "vm", "-f", "csv"),
    "analyze_by_code.csv": ("analyze", SAMPLE, "--by", "code", "-f", "csv"),
    "analyze_by_cause.csv": ("analyze", SAMPLE, "--by", "cause", "-f", "csv"),
    "analyze_by_day.csv": ("analyze", SAMPLE, "--by", "day", "-f", "csv"),
    "failures.csv": ("failures", SAMPLE, "-f", "csv"),
    "analyze_table.txt": ("analyze", SAMPLE, "-f", "table"),
    "evidence.csv": (
        "evidence",
        "sample_logs/agent-logs",
        "--jobs",
        "sample_logs/jobs",
        "-f",
        "csv",
    ),
}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_table_matches_golden(name: str, golden: GoldenCheck) -> None:
    result = cached(*TABLES[name])
    assert result.exit_code == 0, result.stderr
    golden(f"cli/{name}", result.stdout)


@pytest.mark.parametrize("golden", ["analyze_by_vm.csv", "failures.csv"])
def test_second_run_is_identical(golden: str) -> None:
    """Not the cached result: a fresh run must give the same bytes."""
    first = cached(*TABLES[golden])
    again = invoke(list(TABLES[golden]))
    assert again.stdout == first.stdout
    assert again.stderr == first.stderr


def test_default_by_is_vm() -> None:
    default = cached("analyze", SAMPLE, "-f", "csv")
    assert default.stdout == cached(*TABLES["analyze_by_vm.csv"]).stdout


def rows(golden: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(cached(*TABLES[golden]).stdout)))


def test_tables_agree_with_each_other_and_the_summary() -> None:
    """The same failures, counted four ways, and as many as the summary line says."""
    summary = cached(*TABLES["failures.csv"]).stderr
    failed = int(re.search(r"([\d,]+) failed jobs? on", summary)[1].replace(",", ""))  # type: ignore[index]
    assert len(rows("failures.csv")) == failed
    assert sum(int(r["failed"]) for r in rows("analyze_by_vm.csv")) == failed
    assert sum(int(r["failures"]) for r in rows("analyze_by_code.csv")) == failed
    assert sum(int(r["failed"]) for r in rows("analyze_by_day.csv")) == failed
    unclassified = sum(1 for r in rows("failures.csv") if not r["cause"])
    # --by cause accounts for every failure: the unclassified ones have a row of their own.
    by_cause = {r["cause"]: int(r["failures"]) for r in rows("analyze_by_cause.csv")}
    assert sum(by_cause.values()) == failed
    assert by_cause.get("unclassified", 0) == unclassified > 0
    jobs = accounting(summary).jobs
    assert sum(int(r["jobs"]) for r in rows("analyze_by_day.csv")) == jobs


def test_sample_scenarios_read_as_the_team_table_says() -> None:
    """The scenario VMs' causes come from their agent logs, found in the sample folder."""
    by_vm = {r["vm"]: r for r in rows("analyze_by_vm.csv")}
    expected = {
        "lnx-web-01": ("GuestAgentSnapshotTaskStatusError", "agent-config-linux"),
        "lnx-db-02": ("ExtensionOperationFailedForManagedDisks", "agent-outdated-linux"),
        "lnx-app-03": ("ExtensionSnapshotFailedNoNetwork", "snapshot-status-unavailable"),
        "win-sql-01": ("BackUpOperationFailed", "agent-unresponsive-windows"),
        "win-app-02": ("GuestAgentSnapshotTaskStatusError", "app-control-blocks-extension"),
        "lnx-files-04": ("UserErrorFsFreezeFailed", "fsfreeze-failed"),
    }
    assert {vm: (by_vm[vm]["top_code"], by_vm[vm]["top_cause"]) for vm in expected} == expected
    assert by_vm["lnx-db-02"]["current_streak"] == "13"  # failing every night 11-10 .. 11-22
    evidence_backed = {r["vm"] for r in rows("failures.csv") if r["cause_confidence"] == "evidence"}
    assert set(expected) - {"lnx-files-04"} <= evidence_backed
