"""The fleet generator: deterministic, honours the scenario table, readable by ingest."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from analyzer.ingest import read_source
from analyzer.inputs import InputFile, Workspace, materialize
from tools import fleetgen


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fleet")
    fleetgen.write_sample(out)
    return out / "jobs"


def read_all(folder: Path, tmp_path: Path) -> dict[str, tuple[str, pl.DataFrame]]:
    ws = Workspace(tmp_path)
    found = {}
    for path in sorted(folder.iterdir()):
        for source in read_source(materialize(InputFile(path.name, path), ws)):
            found[path.name] = (source.shape, source.frame.collect())
    return found


def test_scenario_vms_fail_exactly_on_their_nights() -> None:
    truth = fleetgen.sample_truth()
    for scenario in fleetgen.SCENARIOS:
        jobs = truth.filter((pl.col("vm") == scenario.vm) & (pl.col("operation") == "Backup"))
        failed = jobs.filter(pl.col("status") == "Failed")
        nights = failed["start"].dt.date().to_list()
        expected = pl.date_range(scenario.first, scenario.last, eager=True).to_list()
        assert nights == expected, scenario.vm
        assert set(failed["error_code"]) == {scenario.code}
        assert jobs.height == fleetgen.DAYS


def test_every_seed_code_fails_somewhere() -> None:
    truth = fleetgen.sample_truth()
    failed = set(truth.filter(pl.col("status") == "Failed")["error_code"].drop_nulls())
    assert set(fleetgen.FALLBACK_MESSAGES) <= failed


def test_sample_is_deterministic(tmp_path: Path, sample_dir: Path) -> None:
    again = tmp_path / "again"
    fleetgen.write_sample(again)
    for path in sample_dir.iterdir():
        if path.suffix != ".xlsx":  # xlsxwriter stamps the creation time into the zip
            assert path.read_bytes() == (again / "jobs" / path.name).read_bytes(), path.name


def test_sample_files_read_in_their_shapes(sample_dir: Path, tmp_path: Path) -> None:
    found = read_all(sample_dir, tmp_path)
    shapes = {name: shape for name, (shape, _) in found.items()}
    assert shapes == {
        "arg_jobs.csv": "arg-csv",
        "az_backup_jobs.json": "rest-json",
        "backup_reports_job_history.xlsx": "workbook-xlsx",
        "la_addon_displayed_columns.csv": "la-addon-csv",
        "la_addon_jobs.csv": "la-addon-csv",
        "la_azurediagnostics_legacy.csv": "la-diagnostics-csv",
        "powershell_jobs_en-US.csv": "powershell-csv",
        "powershell_jobs_sv-SE.csv": "powershell-csv",
        "vault_export_jobs.xlsx": "vault-export-xlsx",
    }
    rows = pl.concat([frame for _, frame in found.values()])
    assert rows.filter(pl.col("reject_reason").is_not_null()).height == 8
    good = rows.filter(pl.col("reject_reason").is_null())
    with_id = good.filter(pl.col("job_id").is_not_null())
    assert with_id.height - with_id["job_id"].n_unique() == 10  # the planted duplicates
    truth = fleetgen.sample_truth()
    assert set(good["vm"]) == set(truth["vm"])
    lnx_web_01 = good.filter((pl.col("vm") == "lnx-web-01") & (pl.col("status") == "Failed"))
    assert lnx_web_01["start_time"].dt.date().unique().sort().to_list() == [
        date(2026, 11, d) for d in range(17, 23)
    ]


def test_large_writes_exactly_the_rows_asked_for(tmp_path: Path) -> None:
    out = tmp_path / "large.csv"
    size = fleetgen.write_large(1234, "la-csv", out, days=7)
    assert size == out.stat().st_size
    (source,) = read_source(materialize(InputFile(out.name, out), Workspace(tmp_path)))
    frame = source.frame.collect()
    assert frame.height == 1234
    assert frame["reject_reason"].null_count() == 1234
    assert frame["job_id"].n_unique() == 1234
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    fleetgen.write_large(1234, "la-csv", out, days=7)
    assert hashlib.sha256(out.read_bytes()).hexdigest() == digest
