"""``bjla failures FIXTURE -f csv`` on every job-history fixture in tests/fixtures/jobs/.

Each fixture is one input shape or one damaged-input case. For each: the classified rows
(vm, code, match, cause; in the command's start-time order), the shape named in the
summary line, and the row accounting, which must balance. A fixture file without a
case here fails ``test_every_fixture_has_a_case``, so a new file is a new case.
"""

from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from analyzer.limits import Limits
from tests.cli.support import JOBS, ROOT, accounting, invoke, stderr_lines

# These fixtures come without agent logs, so no VM's OS is known: an agent failure gets the
# OS-neutral agent cause (Windows and Linux steps), not the Windows one listed first.
NEUTRAL_AGENT = "agent-unresponsive"
Row = tuple[str, str, str, str]  # vm, code, match, cause ("" when none)


@dataclass(frozen=True)
class Case:
    shape: str
    counts: tuple[int, int, int, int]  # rows read, jobs, duplicates merged, rejected
    rows: list[Row] = field(default_factory=list)


CASES: dict[str, Case] = {
    "arg_properties.csv": Case(
        "arg-csv",
        (4, 2, 0, 2),  # a backup policy row and a row whose properties are not JSON
        [
            (
                "lnx-k8s-03",
                "UserErrorKeyvaultPermissionsNotConfigured",
                "code",
                "keyvault-permissions",
            )
        ],
    ),
    "az_list.json": Case(
        "rest-json",
        (3, 3, 0, 0),
        [("win-sql-01", "BackUpOperationFailed", "code", NEUTRAL_AGENT)],
    ),
    "az_ndjson.ndjson": Case(
        "rest-ndjson",
        (5, 3, 0, 2),  # a line that is not JSON and a line that is not an object
        [
            (
                "lnx-k8s-03",
                "UserErrorKeyvaultPermissionsNotConfigured",
                "code",
                "keyvault-permissions",
            )
        ],
    ),
    "azurediagnostics_legacy.csv": Case(
        "la-diagnostics-csv",
        (3, 2, 0, 1),  # a BackupItem record is not a job
        [("lnx-files-04", "UserErrorFsFreezeFailed", "code", "fsfreeze-failed")],
    ),
    "bom_utf8.csv": Case(
        "la-addon-csv",
        (1, 1, 0, 0),
        [("lnx-app-03", "ExtensionSnapshotFailedNoNetwork", "code", "snapshot-status-unavailable")],
    ),
    "day_first_dates_de-DE.csv": Case(
        "powershell-csv",
        (2, 2, 0, 0),
        [("win-ops-01", "unclassified", "none", "")],  # failed, no code and no message
    ),
    "excel_sep_line_semicolon.csv": Case(
        "workbook-csv",
        (2, 2, 0, 0),
        [("lnx-dns-01", "UserErrorVmProvisioningStateFailed", "code", "vm-provisioning-failed")],
    ),
    "json_cut_off.json": Case(
        "rest-json",
        (3, 2, 0, 1),  # the items before the cut are kept, the cut one is a reject
        [("win-sql-01", "BackUpOperationFailed", "code", NEUTRAL_AGENT)],
    ),
    "la_addon_success_code.csv": Case(
        "la-addon-csv",
        (6, 5, 1, 0),  # win-sql-01's job appears twice; "Success" is no failure code
        [
            ("win-sql-01", "BackUpOperationFailed", "code", NEUTRAL_AGENT),
            # no agent logs tell this VM's OS, so the documentation's first cause stands
            (
                "lnx-web-01",
                "GuestAgentSnapshotTaskStatusError",
                "code",
                NEUTRAL_AGENT,
            ),
        ],
    ),
    "la_addon_utc_suffix_header.csv": Case(
        "la-addon-csv",
        (3, 3, 0, 0),
        [("lnx-web-01", "GuestAgentSnapshotTaskStatusError", "code", NEUTRAL_AGENT)],
    ),
    "powershell_flattened_errors.csv": Case(
        "powershell-csv",
        (3, 3, 0, 0),
        [
            ("win-ssis-01", "AzureVmOffline", "numeric", "vm-offline-agent-missing"),  # "380008"
            ("lnx-dr-02", "UserErrorBcmDatasourceNotPresent", "code", "vm-not-protected"),
        ],
    ),
    "powershell_sv-SE.csv": Case(
        "powershell-csv",
        (2, 2, 0, 0),
        # only a Swedish message: classified by the Swedish pattern
        [("lnx-ops-01", "UserErrorBackupOperationInProgress", "message", "backup-in-progress")],
    ),
    "powershell_type_line_en-US.csv": Case(
        "powershell-csv",
        (3, 3, 0, 0),
        [("win-rds-01", "unclassified", "none", "")],
    ),
    "ragged_rows.csv": Case(
        "la-addon-csv",
        (6, 2, 0, 4),  # short, long, garbage-valued and VM-less rows; a blank line is no row
        [
            (
                "win-web-02",
                "UserErrorGuestAgentStatusUnavailable",
                "code",
                NEUTRAL_AGENT,
            )
        ],
    ),
    "rest_value_envelope.json": Case(
        "rest-json",
        (4, 4, 0, 0),
        [("lnx-dr-02", "ResourceNotFound", "numeric", "vm-deleted")],  # errorCode 320001
    ),
    "stray_quote.csv": Case(
        "la-addon-csv",
        (3, 3, 0, 0),  # the stray quote stays in the VM name; no row is lost
        [("win-app-01", "ExtensionFailedVssWriterInBadState", "code", "vss-writer-bad-state")],
    ),
    "workbook_display_labels.csv": Case(
        "workbook-csv",
        (3, 3, 0, 0),
        [("lnx-dns-01", "UserErrorVmProvisioningStateFailed", "code", "vm-provisioning-failed")],
    ),
}

# Fixtures that cannot be read at all: exit 3 and one error line naming the file.
UNREADABLE: dict[str, str] = {
    "empty.csv": "the file is empty (export the job list again)",
    "unknown_shape.csv": "not a job history bjla knows; columns/keys seen: Name, Size, Modified",
}


def classified(stdout: str) -> list[Row]:
    return [
        (r["vm"], r["code"], r["match"], r["cause"]) for r in csv.DictReader(io.StringIO(stdout))
    ]


def test_every_fixture_has_a_case() -> None:
    files = {p.name for p in JOBS.iterdir() if p.is_file()}
    assert files == set(CASES) | set(UNREADABLE)


@pytest.mark.parametrize("name", sorted(CASES))
def test_failures_of_each_shape(name: str) -> None:
    case = CASES[name]
    result = invoke(["failures", str(JOBS / name), "-f", "csv"])
    assert result.exit_code == 0, result.stderr
    assert classified(result.stdout) == case.rows
    counts = accounting(result.stderr)
    assert (counts.read, counts.jobs, counts.duplicates, counts.rejects) == case.counts
    assert counts.balanced()
    assert f"[{case.shape} x1]" in result.stderr
    rejected = [line for line in stderr_lines(result) if line.startswith("bjla: rejected: ")]
    assert len(rejected) == min(case.counts[3], 5)
    assert all(f"{JOBS / name} row " in line for line in rejected)


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_unreadable_fixture_is_one_error_line(name: str) -> None:
    result = invoke(["failures", str(JOBS / name), "-f", "csv"])
    assert result.exit_code == 3
    errors = [line for line in stderr_lines(result) if line.startswith("bjla: error: ")]
    assert len(errors) == 1
    assert errors[0].startswith(f"bjla: error: {JOBS / name}: {UNREADABLE[name]}")
    assert result.stdout == ""  # no job row read: no table, not even a header (issue 12)


def test_stdin_is_read_like_the_file() -> None:
    name = "la_addon_success_code.csv"
    result = invoke(["failures", "-", "-f", "csv"], stdin=(JOBS / name).read_bytes())
    assert result.exit_code == 0, result.stderr
    assert classified(result.stdout) == CASES[name].rows
    counts = accounting(result.stderr)
    assert (counts.read, counts.jobs, counts.duplicates, counts.rejects) == CASES[name].counts


def test_gzipped_input_is_read_like_the_file(tmp_path: Path) -> None:
    name = "powershell_flattened_errors.csv"
    packed = tmp_path / f"{name}.gz"
    packed.write_bytes(gzip.compress((JOBS / name).read_bytes()))
    result = invoke(["failures", str(packed), "-f", "csv"])
    assert result.exit_code == 0, result.stderr
    assert classified(result.stdout) == CASES[name].rows


def test_all_fixtures_in_one_run_balance() -> None:
    """Every readable fixture together: rows add up; a job in two exports is merged once."""
    result = invoke(["failures", *(str(JOBS / n) for n in sorted(CASES)), "-f", "csv"])
    assert result.exit_code == 0, result.stderr
    counts = accounting(result.stderr)
    read, jobs, duplicates, rejects = (sum(c.counts[i] for c in CASES.values()) for i in range(4))
    assert (counts.read, counts.rejects) == (read, rejects)
    assert counts.jobs + counts.duplicates == jobs + duplicates
    # az_list.json and json_cut_off.json share two jobs; both Log Analytics fixtures hold
    # lnx-web-01's job of 2026-11-17.
    assert counts.duplicates == duplicates + 3
    rows = classified(result.stdout)
    assert set(rows) == {r for c in CASES.values() for r in c.rows}
    assert len(rows) == sum(len(c.rows) for c in CASES.values()) - 2


@pytest.mark.parametrize("store", ["memory", "disk"])
def test_stray_quote_in_a_large_file_loses_no_row(tmp_path: Path, store: str) -> None:
    """polars gives up on the quote; the file is read again, exactly, and counted once."""
    header, *lines = (
        (ROOT / "sample_logs" / "jobs" / "la_addon_jobs.csv")
        .read_text(encoding="utf-8")
        .splitlines()
    )
    late = len(lines) - 20
    lines[late] = lines[late].replace(",win-", ',win-"', 1)  # the VM name, unquoted
    path = tmp_path / "stray_quote_late.csv"
    path.write_text("\n".join([header, *lines, ""]), encoding="utf-8")
    exact = invoke(["failures", str(path), "-f", "csv"])
    # Batches are kept before polars stops.
    large = Limits(csv_eager_bytes=0, store_batch_rows=50)
    if store == "disk":
        large = replace(large, store_large_input_bytes=0)
    fallback = invoke(["failures", str(path), "-f", "csv"], limits=large)
    assert fallback.exit_code == exact.exit_code == 0, fallback.stderr
    assert fallback.stdout == exact.stdout
    assert accounting(fallback.stderr) == accounting(exact.stderr)
    assert accounting(fallback.stderr).read == len(lines)
    again = "read again with the exact CSV reader"
    warned = [line for line in stderr_lines(fallback) if again in line]
    assert len(warned) == 1 and str(path) in warned[0]
