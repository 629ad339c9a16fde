"""Inputs people already have: the Log Analytics query REST response, and Parquet, above
all bjla's own saved failures table, so a saved result can be analyzed again.

A REST response is built here from the sample's Log Analytics CSV (the same rows as
``tables[0].rows``, typed as the table reference types them), so both must give the
same failed jobs. The real response in tests/realworld/log-analytics/ (the API
specification's example) shows the envelope read from a file as recorded.
"""

from __future__ import annotations

import csv
import json
import tomllib
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from tests.cli.support import accounting, cached, invoke
from tests.paths import REALWORLD

LA_CSV = "sample_logs/jobs/la_addon_jobs.csv"
LA_DIR = REALWORLD / "log-analytics"
# Column types of AddonAzureBackupJobs as the Azure Monitor table reference gives them.
TYPES = {"JobDurationInSecs": "real", "DataTransferredInMB": "real"}
KEPT = ["vm", "operation", "start_time", "end_time", "job_id", "error_code", "code", "cause"]


def _typed(column: str, value: str) -> Any:
    if value == "":
        return None
    if TYPES.get(column) == "real":
        try:
            return float(value)
        except ValueError:
            return value
    return value


def _rest_response(path: Path) -> tuple[dict[str, Any], int]:
    """The CSV's rows as a query API response, and how many rows it has (ragged ones too)."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    table = {
        "name": "PrimaryResult",
        "columns": [{"name": c, "type": TYPES.get(c, "string")} for c in header],
        "rows": [
            [_typed(c, v) for c, v in zip(header, row, strict=True)]
            if len(row) == len(header)
            # A ragged CSV row stays ragged: the reader must reject it, not drop it.
            else row
            for row in rows
        ],
    }
    return {"tables": [{"name": "Other", "columns": [], "rows": []}, table]}, len(rows)


def _failures(stdout: str) -> pl.DataFrame:
    frame = pl.read_csv(stdout.encode(), infer_schema=False)
    return frame.select(KEPT).sort("job_id", "vm")


def test_query_rest_response_reads_like_its_csv(tmp_path: Path) -> None:
    doc, row_count = _rest_response(Path(LA_CSV))
    target = tmp_path / "query.json"
    target.write_text(json.dumps(doc), encoding="utf-8")
    rest = invoke(["failures", str(target), "-f", "csv"])
    from_csv = cached("failures", LA_CSV, "-f", "csv")
    assert rest.exit_code == 0, rest.stderr
    assert "la-addon-json x1" in rest.stderr
    assert _failures(rest.stdout).equals(_failures(from_csv.stdout))
    counted = accounting(rest.stderr)
    assert counted.read == row_count and counted.balanced()
    assert counted.rejects == accounting(from_csv.stderr).rejects


def test_query_rest_response_from_the_api_specification() -> None:
    """The recorded response (a Usage query) is read: named with its columns, not a job table."""
    (entry,) = tomllib.loads((LA_DIR / "SOURCES.toml").read_text(encoding="utf-8"))["file"]
    path = LA_DIR / entry["name"]
    table = json.loads(path.read_text(encoding="utf-8"))["tables"][0]
    assert (len(table["columns"]), len(table["rows"])) == (entry["columns"], entry["rows"])
    result = invoke(["failures", str(path), LA_CSV, "-f", "csv"])
    assert result.exit_code == 3
    (line,) = [ln for ln in result.stderr.splitlines() if str(path) in ln]
    assert "not a job history" in line
    assert all(name in line for name in ("Computer", "AvgLatencyInSeconds", "BatchesCapped"))
    assert accounting(result.stderr).jobs > 0  # the other input is still read


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample's failures as Parquet, JSON and CSV, and its by-vm table as Parquet."""
    folder = tmp_path_factory.mktemp("saved")
    files = {fmt: folder / f"failures.{fmt}" for fmt in ("parquet", "json", "csv")}
    for path in files.values():
        assert invoke(["failures", LA_CSV, "-o", str(path)]).exit_code == 0
    files["by-vm"] = folder / "by-vm.parquet"
    assert invoke(["analyze", LA_CSV, "-o", str(files["by-vm"])]).exit_code == 0
    return files


@pytest.mark.parametrize("fmt", ["parquet", "json", "csv"])
def test_saved_failures_are_an_input(saved: dict[str, Path], fmt: str) -> None:
    again = invoke(["failures", str(saved[fmt]), "-f", "csv"])
    assert again.exit_code == 0, again.stderr
    assert f"bjla-failures-{fmt} x1" in again.stderr
    first = cached("failures", LA_CSV, "-f", "csv")
    assert _failures(again.stdout).equals(_failures(first.stdout))
    counted = accounting(again.stderr)
    assert counted.read == counted.jobs == _failures(first.stdout).height


def test_saved_aggregate_is_one_line_naming_it(saved: dict[str, Path]) -> None:
    result = invoke(["analyze", str(saved["by-vm"]), str(saved["parquet"]), "-f", "csv"])
    assert result.exit_code == 3
    (line,) = [ln for ln in result.stderr.splitlines() if str(saved["by-vm"]) in ln]
    assert line.startswith("bjla: error: ") and "by-vm table, not job rows" in line
    assert "bjla-failures-parquet x1" in result.stderr  # the failures still analyzed


def test_damaged_parquet_is_one_line_and_the_run_goes_on(
    saved: dict[str, Path], tmp_path: Path
) -> None:
    data = saved["parquet"].read_bytes()
    cut = tmp_path / "cut.parquet"
    cut.write_bytes(data[: len(data) // 2])
    other = tmp_path / "other.parquet"
    pl.DataFrame({"name": ["a"], "size": [1]}).write_parquet(other)
    result = invoke(["failures", str(cut), str(other), str(saved["parquet"]), "-f", "csv"])
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    (broken,) = [ln for ln in lines if str(cut) in ln]
    assert "not a readable Parquet file" in broken
    (unknown,) = [ln for ln in lines if str(other) in ln]
    assert "not a job history" in unknown and "name, size" in unknown
    counted = accounting(result.stderr)
    assert counted.balanced() and counted.jobs > 0
    assert "Traceback" not in result.stderr


def test_parquet_in_a_folder_is_walked(saved: dict[str, Path]) -> None:
    """A folder of saved results: failures read, the aggregate skipped with the note."""
    result = invoke(["failures", str(saved["parquet"].parent), "-f", "csv"])
    assert result.exit_code == 0, result.stderr
    assert "skipped 1 file(s)" in result.stderr and "by-vm.parquet" in result.stderr
    assert "bjla-failures-parquet x1" in result.stderr


def test_parquet_damaged_inside_is_one_line(saved: dict[str, Path], tmp_path: Path) -> None:
    """Damage past the footer check (a data page) is found while reading: still one line."""
    rows = pl.read_parquet(saved["parquet"])
    whole = tmp_path / "whole.parquet"
    pl.concat([rows] * 50).write_parquet(whole, row_group_size=200)
    data = bytearray(whole.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 2000] = b"A" * 2000
    damaged = tmp_path / "damaged.parquet"
    damaged.write_bytes(bytes(data))
    result = invoke(["failures", str(damaged), LA_CSV, "-f", "csv"])
    assert result.exit_code == 3
    (line,) = [ln for ln in result.stderr.splitlines() if str(damaged) in ln]
    assert line.startswith("bjla: error: ") and "parquet" in line.lower()
    counted = accounting(result.stderr)
    assert (
        counted.balanced()
        and counted.read == accounting(cached("failures", LA_CSV, "-f", "csv").stderr).read
    )
