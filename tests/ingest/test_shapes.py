"""Each export shape read from a small fixture named for its case, with exact values.

Text fixtures live in tests/fixtures/jobs/. Binary cases (XLSX workbooks, UTF-16, a
truncated .gz) are written here, into tmp_path, from the code below, so no opaque file
is committed. CSV cases run through both CSV readers: the exact one (small files) and
the lazy polars scan (large files), which must agree.
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import xlsxwriter

from analyzer.errors import InputError, UnknownShapeError
from analyzer.ingest import KNOWN_SHAPES, SourceRead, read_source
from analyzer.inputs import InputFile, Workspace, materialize
from analyzer.limits import DEFAULT_LIMITS, Limits
from analyzer.schema import INGESTED_SCHEMA
from tests.paths import FIXTURES as TESTS_FIXTURES

JOBS = TESTS_FIXTURES / "jobs"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc, arg-type]


@dataclass(frozen=True)
class CsvPath:
    """Which CSV reader a test runs through, and the limits that choose it."""

    name: str
    limits: Limits


CSV_PATHS = {
    "exact": DEFAULT_LIMITS,
    "lazy": Limits(csv_eager_bytes=0),
    "blocks": Limits(csv_eager_bytes=0, csv_whole_file_scan=False, csv_block_bytes=256 << 10),
}


@pytest.fixture(params=sorted(CSV_PATHS))
def csv_path(request: pytest.FixtureRequest) -> CsvPath:
    """Run a CSV test with the exact reader, the whole-file scan and the block reader."""
    return CsvPath(request.param, CSV_PATHS[request.param])


def read(path: Path, tmp_path: Path, limits: Limits = DEFAULT_LIMITS) -> list[SourceRead]:
    ws_root = tmp_path / "ws"
    ws_root.mkdir(exist_ok=True)
    local = materialize(InputFile(path.name, path), Workspace(ws_root), limits=limits)
    return read_source(local)


def one(
    path: Path, tmp_path: Path, limits: Limits = DEFAULT_LIMITS
) -> tuple[SourceRead, list[dict[str, Any]]]:
    reads = read(path, tmp_path, limits)
    assert len(reads) == 1
    frame = reads[0].frame.collect()
    assert frame.schema == pl.Schema(INGESTED_SCHEMA)
    assert reads[0].shape in KNOWN_SHAPES
    return reads[0], frame.to_dicts()


def by_row(rows: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    return {row["source_row"]: row for row in rows}


# --- Log Analytics --------------------------------------------------------------------------


def test_la_addon_success_code_means_no_failure(tmp_path: Path, csv_path: CsvPath) -> None:
    read_, rows = one(JOBS / "la_addon_success_code.csv", tmp_path, csv_path.limits)
    assert read_.shape == "la-addon-csv"
    assert [r["status"] for r in rows] == [
        "Failed",
        "Completed",
        "Failed",
        "Failed",
        "Completed",
        "Cancelled",
    ]
    first, success = rows[0], rows[1]
    assert first["vm"] == "lnx-web-01"
    assert first["resource_group"] == "rg-web"  # the VM's group, not ResourceGroupName
    assert first["vault"] == "rsv-weu-prod"
    assert first["error_code"] == "GuestAgentSnapshotTaskStatusError"
    assert first["start_time"] == datetime(2026, 11, 17, 22, 5, 31, 123000, tzinfo=UTC)
    assert first["duration_s"] == 1202.5
    assert first["end_time"] == datetime(2026, 11, 17, 22, 25, 33, 623000, tzinfo=UTC)
    assert first["recorded_at"] == datetime(2026, 11, 17, 23, 41, 9, 512000, tzinfo=UTC)
    assert success["error_code"] is None
    assert success["job_id"] == "4b7e0c55-1111-4aaa-9bbb-000000000016"  # lower-cased
    assert all(r["reject_reason"] is None for r in rows)


def test_la_addon_vm_from_unique_id_when_friendly_name_is_empty(
    tmp_path: Path, csv_path: CsvPath
) -> None:
    _, rows = one(JOBS / "la_addon_success_code.csv", tmp_path, csv_path.limits)
    duplicate = [r for r in rows if r["job_id"] == "9c1d2e3f-2222-4ccc-8ddd-000000000116"]
    assert [(r["vm"], r["resource_group"]) for r in duplicate] == [("win-sql-01", "rg-data")] * 2
    # Both records are kept; recorded_at lets the caller keep the later one.
    assert [r["recorded_at"] for r in duplicate] == [
        utc(2026, 11, 16, 23, 59),
        utc(2026, 11, 17, 0, 20),
    ]


def test_la_addon_utc_suffix_header_and_display_dates(tmp_path: Path, csv_path: CsvPath) -> None:
    read_, rows = one(JOBS / "la_addon_utc_suffix_header.csv", tmp_path, csv_path.limits)
    assert read_.shape == "la-addon-csv"
    row = by_row(rows)
    assert row[1]["start_time"] == datetime(2026, 11, 17, 22, 5, 31, 123000, tzinfo=UTC)
    assert row[2]["vm"] == "win-app-02"
    assert row[2]["start_time"] == utc(2026, 11, 3, 0, 5)  # 12:05 AM
    assert row[2]["status"] == "CompletedWithWarnings"
    assert row[3]["start_time"] == utc(2026, 11, 9, 11, 0)
    assert row[3]["recorded_at"] == utc(2026, 11, 9, 12, 10)  # 12:10 PM
    assert row[3]["operation"] == "Restore"


def test_azurediagnostics_legacy_columns(tmp_path: Path, csv_path: CsvPath) -> None:
    read_, rows = one(JOBS / "azurediagnostics_legacy.csv", tmp_path, csv_path.limits)
    assert read_.shape == "la-diagnostics-csv"
    row = by_row(rows)
    assert row[1]["vm"] == "lnx-files-04"
    assert row[1]["resource_group"] == "rg-files"
    assert row[1]["vault"] == "rsv-weu-files"
    assert row[1]["error_code"] == "UserErrorFsFreezeFailed"
    assert row[1]["duration_s"] == 344.0
    assert row[1]["job_id"] == "1f2e3d4c-6666-4abc-8def-000000000112"
    assert row[2]["start_time"] == utc(2026, 11, 11, 22, 31, 2)  # "11/11/2026 10:31:02 PM"
    assert row[2]["error_code"] is None
    assert row[3]["reject_reason"] == "not a job record (OperationName 'BackupItem')"


# --- Backup Reports workbook ----------------------------------------------------------------


def test_workbook_display_labels_csv(tmp_path: Path, csv_path: CsvPath) -> None:
    read_, rows = one(JOBS / "workbook_display_labels.csv", tmp_path, csv_path.limits)
    assert read_.shape == "workbook-csv"
    row = by_row(rows)
    assert row[1]["vm"] == "lnx-dns-01"
    assert row[1]["error_code"] == "UserErrorVmProvisioningStateFailed"
    assert row[1]["duration_s"] == pytest.approx(45.0)  # 0.0125 hours
    assert row[1]["subscription"] == "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d"
    assert row[2]["start_time"] == utc(2026, 11, 10, 22, 30)
    assert row[2]["duration_s"] == 1800.0
    assert row[3]["status"] == "Cancelled"
    assert row[1]["job_id"] is None  # the grid has no job id


def write_workbook_raw_ids(path: Path) -> Path:
    """The job-history grid exported with raw column ids and real Excel date cells."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("List of jobs in period")
    stamp = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    sheet.write_row(0, 0, ["Backup job history - last 7 days"])  # a title above the grid
    header = [
        "BackupItemFriendlyName",
        "Vault",
        "Subscription",
        "VaultLocation",
        "JobOperation",
        "JobStartTime",
        "JobDuration",
        "JobStatus",
        "FailureCode",
    ]
    sheet.write_row(2, 0, header)
    sheet.write_row(3, 0, ["win-dc-02", "rsv-neu-infra", "sub-b", "northeurope", "Backup"])
    sheet.write_datetime(3, 5, datetime(2026, 11, 17, 22, 5, 31), stamp)
    sheet.write_row(3, 6, [0.25, "Failed", "UserErrorGuestAgentStatusUnavailable"])
    sheet.write_row(4, 0, ["lnx-dns-01", "rsv-neu-infra", "sub-b", "northeurope", "Backup"])
    sheet.write_number(4, 5, 46343.9375)  # a date cell that lost its format: a serial
    sheet.write_row(4, 6, [1.5, "Completed"])
    book.close()
    return path


def test_workbook_raw_ids_xlsx(tmp_path: Path) -> None:
    path = write_workbook_raw_ids(tmp_path / "workbook_raw_ids.xlsx")
    read_, rows = one(path, tmp_path)
    assert read_.shape == "workbook-xlsx"
    assert rows[0]["source"] == "workbook_raw_ids.xlsx [List of jobs in period]"
    assert [r["source_row"] for r in rows] == [1, 2]
    assert rows[0]["vm"] == "win-dc-02"
    assert rows[0]["start_time"] == utc(2026, 11, 17, 22, 5, 31)
    assert rows[0]["duration_s"] == 900.0
    assert rows[0]["error_code"] == "UserErrorGuestAgentStatusUnavailable"
    assert rows[1]["start_time"] == utc(2026, 11, 17, 22, 30)  # serial 46343.9375
    assert rows[1]["duration_s"] == 5400.0


def test_excel_sep_line_semicolon_day_first_decimal_comma(
    tmp_path: Path, csv_path: CsvPath
) -> None:
    read_, rows = one(JOBS / "excel_sep_line_semicolon.csv", tmp_path, csv_path.limits)
    assert read_.shape == "workbook-csv"
    assert rows[0]["start_time"] == utc(2026, 11, 10, 22, 14)  # 10/11/2026, day first
    assert rows[0]["duration_s"] == 900.0  # "0,25" hours
    assert rows[1]["start_time"] == utc(2026, 11, 17, 22, 5)
    assert rows[1]["status"] == "CompletedWithWarnings"  # "Completed with warnings"


# --- az CLI / REST JSON ---------------------------------------------------------------------


def test_az_list_json(tmp_path: Path) -> None:
    read_, rows = one(JOBS / "az_list.json", tmp_path)
    assert read_.shape == "rest-json"
    failed, running, restore = rows
    assert failed["vm"] == "win-sql-01"
    assert failed["resource_group"] == "rg-data"  # from containerName, not the vault's group
    assert failed["vault"] == "rsv-weu-data"
    assert failed["subscription"] == "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"
    assert failed["error_code"] == "BackUpOperationFailed"  # errorTitle looks like a code
    assert failed["error_number"] is None  # errorCode 0 carries nothing
    assert failed["error_message"] == (
        "Backup failed with an internal error - Please retry the operation in a few minutes"
        " - Retry the backup operation after some time. Check that the VM agent is running."
    )
    assert failed["duration_s"] == 95.25  # "0:01:35.250000"
    assert running["status"] == "InProgress"
    assert running["end_time"] is None
    assert running["duration_s"] == 180.0
    assert restore["operation"] == "Restore"
    assert restore["duration_s"] == 86401.0  # "1 day, 0:00:01"


def test_rest_value_envelope_durations_and_numeric_code(tmp_path: Path) -> None:
    read_, rows = one(JOBS / "rest_value_envelope.json", tmp_path)
    assert read_.shape == "rest-json"
    iso, timespan, failed, restore = rows
    assert iso["duration_s"] == pytest.approx(12.4272909)  # PT12.4272909S
    assert iso["start_time"] == datetime(2026, 11, 1, 22, 0, 0, 123456, tzinfo=UTC)
    assert timespan["duration_s"] == pytest.approx(1223.0896697)  # 00:20:23.0896697
    assert failed["duration_s"] == 3723.0  # PT1H2M3S
    assert failed["error_number"] == 320001
    assert failed["error_code"] is None  # "Resource not found" is a title, not a code
    assert failed["error_message"] == "The VM no longer exists. - Stop protection of the VM."
    assert restore["start_time"] == utc(2026, 11, 4, 7, 0)  # +01:00 converted to UTC
    assert restore["duration_s"] == 93600.0  # P1DT2H
    assert restore["end_time"] == utc(2026, 11, 5, 9, 0)  # no endTime: start + duration


def test_az_ndjson_streams_and_rejects_bad_lines(tmp_path: Path) -> None:
    read_, rows = one(JOBS / "az_ndjson.ndjson", tmp_path)
    assert read_.shape == "rest-ndjson"
    row = by_row(rows)
    assert sorted(row) == [1, 2, 3, 4, 6]  # line 5 is blank
    assert row[2]["error_code"] == "UserErrorKeyvaultPermissionsNotConfigured"
    assert row[3]["reject_reason"] == "line is not valid JSON"
    assert row[4]["reject_reason"] == "item is not a JSON object"
    assert row[6]["status"] == "Cancelled"


def test_json_cut_off_keeps_the_items_before_the_cut(tmp_path: Path) -> None:
    _, rows = one(JOBS / "json_cut_off.json", tmp_path)
    assert [r["reject_reason"] is None for r in rows] == [True, True, False]
    assert rows[2]["reject_reason"].startswith("not valid JSON from line 79")


# --- PowerShell -----------------------------------------------------------------------------


def test_powershell_type_line_en_us(tmp_path: Path, csv_path: CsvPath) -> None:
    read_, rows = one(JOBS / "powershell_type_line_en-US.csv", tmp_path, csv_path.limits)
    assert read_.shape == "powershell-csv"
    failed, done, running = rows
    assert failed["vm"] == "win-rds-01"
    assert failed["start_time"] == utc(2026, 11, 20, 22, 5, 31)
    assert failed["duration_s"] == 91.25  # TimeSpan 00:01:31.2500000
    assert failed["error_code"] is None  # ErrorDetails holds only a type name
    assert failed["error_message"] is None
    assert done["start_time"] == utc(2026, 11, 21, 0, 15)  # 12:15:00 AM
    assert running["status"] == "InProgress"
    assert running["end_time"] is None  # the 1/1/2001 placeholder is dropped
    assert running["duration_s"] == 720.0


def test_powershell_sv_se_message_only(tmp_path: Path, csv_path: CsvPath) -> None:
    read_, rows = one(JOBS / "powershell_sv-SE.csv", tmp_path, csv_path.limits)
    assert read_.shape == "powershell-csv"
    failed, restore = rows
    assert failed["start_time"] == utc(2026, 11, 9, 22, 5, 31)
    assert failed["error_code"] is None
    assert failed["error_message"].startswith("Det går inte att initiera säkerhets kopieringen")
    assert restore["duration_s"] == 93784.5  # 1.02:03:04.5000000
    assert restore["error_message"] is None


def test_powershell_flattened_errors(tmp_path: Path, csv_path: CsvPath) -> None:
    _, rows = one(JOBS / "powershell_flattened_errors.csv", tmp_path, csv_path.limits)
    string_code, numeric_code, success = rows
    assert string_code["error_code"] == "UserErrorBcmDatasourceNotPresent"
    assert string_code["error_number"] is None
    assert string_code["error_message"] == (
        "Backup failed: This virtual machine is not (actively) protected by Azure Backup."
        " - Make sure the VM is protected, then retry."
    )
    assert numeric_code["error_code"] is None
    assert numeric_code["error_number"] == 380008
    assert success["error_number"] is None  # ErrorCode 0 = none
    assert success["error_message"] is None


def test_day_first_dates_de_de(tmp_path: Path, csv_path: CsvPath) -> None:
    read_, rows = one(JOBS / "day_first_dates_de-DE.csv", tmp_path, csv_path.limits)
    assert read_.shape == "powershell-csv"
    assert [r["start_time"] for r in rows] == [
        utc(2026, 11, 23, 22, 5, 31),
        utc(2026, 11, 2, 22, 5, 31),
    ]


# --- Azure Resource Graph -------------------------------------------------------------------


def test_arg_properties_json_column(tmp_path: Path, csv_path: CsvPath) -> None:
    read_, rows = one(JOBS / "arg_properties.csv", tmp_path, csv_path.limits)
    assert read_.shape == "arg-csv"
    row = by_row(rows)
    assert row[1]["vm"] == "lnx-k8s-03"
    assert row[1]["resource_group"] == "rg-k8s"  # from backupInstanceId
    assert row[1]["vault"] == "rsv-weu-k8s"
    assert row[1]["error_code"] == "UserErrorKeyvaultPermissionsNotConfigured"
    assert row[1]["duration_s"] == 120.0  # PT2M
    assert row[2]["duration_s"] == 2400.0
    assert row[3]["reject_reason"] == (
        "not a backup job (type 'microsoft.recoveryservices/vaults/backuppolicies')"
    )
    assert row[4]["reject_reason"] == "the properties column is not valid JSON"


# --- vault "Export jobs" workbook -------------------------------------------------------------


def write_vault_export(path: Path, *, with_summary: bool = True) -> Path:
    """A summary sheet without error columns plus one key/value sheet per job."""
    book = xlsxwriter.Workbook(str(path))
    jobs = [
        ("win-dr-01", "Completed", "21/11/2026 22:00:05", "00:31:00", None, None),
        (
            "lnx-dr-02",
            "Failed",
            "21/11/2026 22:10:00",
            "00:01:30",
            "UserErrorBcmDatasourceNotPresent",
            "Backup failed: This virtual machine is not (actively) protected by Azure Backup.",
        ),
        ("lnx-dr-01", "In progress", "22/11/2026 23:59:00", "00:00:40", None, None),
    ]
    if with_summary:
        summary = book.add_worksheet("Jobs")
        summary.write_row(
            0, 0, ["Item Name", "Item Type", "Operation", "Status", "Start Time", "Duration"]
        )
        for r, (vm, status, start, duration, _, _) in enumerate(jobs, start=1):
            summary.write_row(
                r, 0, [vm, "Azure virtual machine", "Backup", status, start, duration]
            )
    for n, (vm, status, start, duration, code, message) in enumerate(jobs, start=1):
        sheet = book.add_worksheet(f"Job {n}")
        pairs = [
            ("Job ID", f"d0e1f2a3-0000-4abc-8def-00000000000{n}"),
            ("Item Name", vm),
            ("Operation", "Backup"),
            ("Status", status),
            ("Start Time", start),
            ("Duration", duration),
        ]
        if code:
            pairs += [
                ("Error Code", code),
                ("Error Message", message or ""),
                ("Recommended Action", "Protect the VM again."),
            ]
        for r, (key, value) in enumerate(pairs):
            sheet.write_row(r, 0, [key, value])
    book.add_worksheet("Notes").write(0, 0, "Exported from the portal")
    book.close()
    return path


def test_vault_export_jobs_xlsx_merges_per_job_sheets(tmp_path: Path) -> None:
    path = write_vault_export(tmp_path / "vault_export_jobs.xlsx")
    read_, rows = one(path, tmp_path)
    assert read_.shape == "vault-export-xlsx"
    done, failed, running = rows
    assert done["start_time"] == utc(2026, 11, 21, 22, 0, 5)  # day-first dd/MM/yyyy
    assert done["duration_s"] == 1860.0
    assert failed["error_code"] == "UserErrorBcmDatasourceNotPresent"
    assert failed["error_message"] == (
        "Backup failed: This virtual machine is not (actively) protected by Azure Backup."
        " - Protect the VM again."
    )
    assert failed["job_id"] == "d0e1f2a3-0000-4abc-8def-000000000002"
    assert running["status"] == "InProgress"
    assert any("sheet 'Notes'" in w for w in read_.warnings)


def test_vault_export_per_job_sheets_only(tmp_path: Path) -> None:
    path = write_vault_export(tmp_path / "vault_export_no_summary.xlsx", with_summary=False)
    read_, rows = one(path, tmp_path)
    assert read_.shape == "vault-export-xlsx"
    assert [r["vm"] for r in rows] == ["win-dr-01", "lnx-dr-02", "lnx-dr-01"]
    assert rows[1]["error_code"] == "UserErrorBcmDatasourceNotPresent"


def test_vault_export_merges_by_job_id_when_the_summary_has_one(tmp_path: Path) -> None:
    path = tmp_path / "vault_export_with_ids.xlsx"
    book = xlsxwriter.Workbook(str(path))
    summary = book.add_worksheet("Jobs")
    summary.write_row(0, 0, ["Job ID", "Backup Item", "Operation", "Status", "Start Time"])
    summary.write_row(1, 0, ["ID-1", "vm-a", "Backup", "Failed", "2026-11-21 22:00:00"])
    summary.write_row(2, 0, ["ID-2", "vm-b", "Backup", "Completed", "2026-11-21 22:10:00"])
    # Per-job sheets in the other order: only the id can pair them.
    for name, job_id, code in (("Job 2", "id-2", None), ("Job 1", "id-1", "UserErrorX")):
        sheet = book.add_worksheet(name)
        pairs = [("Job ID", job_id), ("Status", "x"), ("Operation", "Backup")]
        pairs += [("Error Code", code)] if code else [("Duration", "00:10:00")]
        for r, pair in enumerate(pairs):
            sheet.write_row(r, 0, pair)
    book.close()
    _, rows = one(path, tmp_path)
    assert [(r["vm"], r["error_code"], r["duration_s"]) for r in rows] == [
        ("vm-a", "UserErrorX", None),
        ("vm-b", None, 600.0),
    ]
    assert [r["status"] for r in rows] == ["Failed", "Completed"]  # the summary wins


def test_a_csv_shape_saved_as_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "powershell_in_excel.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Sheet1")
    with (JOBS / "powershell_flattened_errors.csv").open(encoding="utf-8", newline="") as fh:
        for r, values in enumerate(csv.reader(fh)):
            sheet.write_row(r, 0, values)
    book.close()
    read_, rows = one(path, tmp_path)
    assert read_.shape == "powershell-xlsx"
    assert [r["error_number"] for r in rows] == [None, 380008, None]


# --- damaged and odd files ------------------------------------------------------------------


def test_ragged_rows_are_rejected_with_their_field_count(tmp_path: Path, csv_path: CsvPath) -> None:
    _, rows = one(JOBS / "ragged_rows.csv", tmp_path, csv_path.limits)
    reasons = {r["source_row"]: r["reject_reason"] for r in rows}
    assert sorted(reasons) == [1, 2, 3, 5, 6, 7]  # row 4 is a blank line: no data
    assert reasons[1] is None
    assert reasons[3] == "row has 12 fields, header has 10"
    assert reasons[5] is None  # trailing empty fields beyond the header are harmless
    assert reasons[6] == (
        "unknown status 'Exploded'; unparseable start time '31/31/2026'; unparseable duration 'abc'"
    )
    assert reasons[7] == "missing VM name"
    if csv_path.name == "exact":
        assert reasons[2] == "row has 3 fields, header has 10"
    else:
        # The lazy scan cannot tell a short row from empty trailing fields; the row
        # is still rejected, for what it lacks.
        assert reasons[2] == "missing status; missing start time"


def test_bom_utf8(tmp_path: Path, csv_path: CsvPath) -> None:
    _, rows = one(JOBS / "bom_utf8.csv", tmp_path, csv_path.limits)
    assert rows[0]["recorded_at"] == utc(2026, 11, 19, 23, 10)  # first header not "\ufeffTime..."
    assert rows[0]["error_code"] == "ExtensionSnapshotFailedNoNetwork"


def test_utf16_excel_csv(tmp_path: Path, csv_path: CsvPath) -> None:
    text = (JOBS / "workbook_display_labels.csv").read_text(encoding="utf-8")
    path = tmp_path / "utf16_excel.csv"
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-16"))  # BOM + UTF-16 LE
    read_, rows = one(path, tmp_path, csv_path.limits)
    assert read_.shape == "workbook-csv"
    assert [r["vm"] for r in rows] == ["lnx-dns-01", "win-dc-01", "lnx-mon-07"]


def test_truncated_gz_keeps_complete_rows(tmp_path: Path, csv_path: CsvPath) -> None:
    header, *lines = (JOBS / "la_addon_success_code.csv").read_text(encoding="utf-8").splitlines()
    # Enough rows that the cut falls well past the first decompressed chunk.
    body = [line.replace("-0000000001", f"-{n:010d}") for n in range(3000) for line in lines]
    data = gzip.compress("\n".join([header, *body, ""]).encode("utf-8"))
    path = tmp_path / "truncated.csv.gz"
    path.write_bytes(data[: len(data) * 3 // 4])
    _, rows = one(path, tmp_path, csv_path.limits)
    assert 0 < len(rows) < len(body)
    assert all(r["reject_reason"] is None for r in rows)  # the partial line is dropped


def test_stray_quote_is_read_by_the_exact_reader(tmp_path: Path, csv_path: CsvPath) -> None:
    (read_,) = read(JOBS / "stray_quote.csv", tmp_path, csv_path.limits)
    if csv_path.name == "exact":
        assert read_.fallback is None
        frame = read_.frame.collect()
    else:
        # polars gives up on the quote; the exact reader, in blocks, is the way back.
        with pytest.raises(pl.exceptions.ComputeError):
            read_.frame.collect()
        assert read_.fallback is not None
        frame = pl.concat(list(read_.fallback())).collect()
    assert frame.schema == pl.Schema(INGESTED_SCHEMA)
    assert frame["vm"].to_list() == ["win-app-01", 'win-app-"01', "win-app-01"]
    assert frame["source_row"].to_list() == [1, 2, 3]


def test_exact_blocks_of_a_large_file_number_rows_across_blocks(
    tmp_path: Path,
) -> None:
    large = Limits(csv_eager_bytes=0, csv_exact_block_rows=2)
    header, *lines = (JOBS / "la_addon_success_code.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "blank_lines.csv"
    path.write_text("\n".join([header, lines[0], "", *lines[1:], ""]), encoding="utf-8")
    (read_,) = read(path, tmp_path, large)
    assert read_.fallback is not None
    blocks = [block.collect() for block in read_.fallback()]
    assert len(blocks) == 4  # 7 records (one blank) in blocks of 2
    rows = pl.concat(blocks)
    assert rows["source_row"].to_list() == [1, *range(3, 3 + len(lines) - 1)]
    assert rows.equals(read_.frame.collect())


def test_exact_blocks_of_a_file_without_rows_give_one_empty_frame(
    tmp_path: Path,
) -> None:
    large = Limits(csv_eager_bytes=0)
    header = (JOBS / "la_addon_success_code.csv").read_text(encoding="utf-8").splitlines()[0]
    path = tmp_path / "header_only.csv"
    path.write_text(header + "\n", encoding="utf-8")
    (read_,) = read(path, tmp_path, large)
    assert read_.fallback is not None
    blocks = [block.collect() for block in read_.fallback()]
    assert [block.height for block in blocks] == [0]
    assert blocks[0].schema == pl.Schema(INGESTED_SCHEMA)


def test_cut_off_last_row_is_found_by_the_lazy_reader(
    tmp_path: Path,
) -> None:
    large = Limits(csv_eager_bytes=0)
    text = (JOBS / "la_addon_success_code.csv").read_text(encoding="utf-8").rstrip("\n")
    path = tmp_path / "cut.csv"
    path.write_text(text[: text.rindex(",Backup,") + 3], encoding="utf-8")
    read_, rows = one(path, tmp_path, large)
    assert rows[-1]["reject_reason"] == (
        "row has 11 fields, header has 24 (the file is cut off here)"
    )
    assert any("ends in the middle of a row" in w for w in read_.warnings)


def test_unknown_shape_lists_columns_and_known_shapes(tmp_path: Path) -> None:
    with pytest.raises(UnknownShapeError) as info:
        read(JOBS / "unknown_shape.csv", tmp_path)
    assert info.value.seen == ["Name", "Size", "Modified"]
    assert info.value.known == list(KNOWN_SHAPES)
    assert "unknown_shape.csv" in str(info.value)


def test_empty_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="empty"):
        read(JOBS / "empty.csv", tmp_path)


def test_json_of_another_kind_is_an_unknown_shape(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text('[{"name": "x", "size": 3}]', encoding="utf-8")
    with pytest.raises(UnknownShapeError) as info:
        read(path, tmp_path)
    assert info.value.seen == ["name", "size"]


def test_workbook_without_job_tables_is_an_unknown_shape(tmp_path: Path) -> None:
    path = tmp_path / "budget.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Costs").write_row(0, 0, ["Month", "Cost"])
    book.close()
    with pytest.raises(UnknownShapeError):
        read(path, tmp_path)


def test_not_a_workbook_zip_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "archive.zip"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 64)
    with pytest.raises(InputError, match="not a readable Excel workbook"):
        read(path, tmp_path)


# --- every fixture, whatever it is ----------------------------------------------------------


def fixture_files() -> Iterator[Path]:
    yield from sorted(p for p in JOBS.iterdir() if p.is_file())


@pytest.mark.parametrize("path", list(fixture_files()), ids=lambda p: p.name)
def test_every_fixture_reads_or_fails_cleanly(path: Path, tmp_path: Path) -> None:
    try:
        reads = read(path, tmp_path)
    except InputError:  # UnknownShapeError included: a clean, typed error
        return
    for source in reads:
        frame = source.frame.collect()
        assert frame.schema == pl.Schema(INGESTED_SCHEMA)
        assert frame["source_row"].is_not_null().all()
        assert frame["source_row"].is_unique().all()
        good = frame.filter(pl.col("reject_reason").is_null())
        assert good["vm"].is_not_null().all()
        assert good["start_time"].is_not_null().all()
        assert good["status"].is_not_null().all()
