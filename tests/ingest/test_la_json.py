"""Log Analytics query rows as JSON, the way ``az monitor log-analytics query -o json`` prints them.

The az CLI turns each result row into an object with a ``TableName`` key and every value as
``str(value)`` (so an empty cell is ``"None"``): ``transform_query_output`` in
https://github.com/Azure/azure-cli-extensions/blob/main/src/log-analytics/azext_loganalytics/_format.py
The rows here are the LA CSV fixture's rows put through that same transform.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from tests.cli.support import accounting, invoke
from tests.paths import SAMPLE_LOGS

LA_CSV = SAMPLE_LOGS / "jobs" / "la_addon_jobs.csv"


def cli_rows(csv: Path) -> list[dict[str, str]]:
    """The CSV's rows as the az CLI prints query results: TableName first, str() values."""
    frame = pl.read_csv(csv, infer_schema=False)
    return [
        {"TableName": "PrimaryResult", **{k: "None" if v is None else v for k, v in row.items()}}
        for row in frame.iter_rows(named=True)
    ]


@pytest.mark.parametrize("layout", ["json", "ndjson"])
def test_az_cli_query_json_gives_the_same_analysis_as_the_csv_export(
    tmp_path: Path, layout: str
) -> None:
    rows = cli_rows(LA_CSV)
    path = tmp_path / f"query.{layout}"
    if layout == "json":
        path.write_text(json.dumps(rows, indent=2))
    else:
        path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    from_json = invoke(["analyze", str(path), "-f", "csv"], cwd=tmp_path)
    from_csv = invoke(["analyze", str(LA_CSV), "-f", "csv"], cwd=tmp_path)
    assert from_json.exit_code == 0, from_json.stderr
    assert f"[la-addon-{layout} x1]" in from_json.stderr
    assert from_json.stdout == from_csv.stdout
    assert accounting(from_json.stderr) == accounting(from_csv.stderr)


def test_a_none_cell_is_empty_and_an_item_that_is_not_an_object_is_a_reject(
    tmp_path: Path,
) -> None:
    first, second = cli_rows(LA_CSV)[:2]
    first["JobFailureCode"] = "None"
    (tmp_path / "q.json").write_text(json.dumps([first, 42, second]))
    result = invoke(["failures", "q.json", "-f", "csv"], cwd=tmp_path)
    counts = accounting(result.stderr)
    assert (counts.read, counts.rejects) == (3, 1)
    assert "q.json row 2: item is not a JSON object" in result.stderr
