"""Hostile JSON (deep nesting, huge numbers, lone surrogates) is rejected item by item."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from tests.cli.support import JOBS, accounting, invoke
from tests.ingest.cases import local_for, read_one

DEEP = "[" * 1000 + "]" * 1000  # about 2 KB


def _job(n: int, name: str = "") -> dict[str, object]:
    return {
        "id": f"/subscriptions/s/resourceGroups/rg/providers/x/vaults/v/backupJobs/job-{n}",
        "properties": {
            "entityFriendlyName": name or f"vm-{n}",
            "operation": "Backup",
            "status": "Failed",
            "startTime": "2026-11-17T22:05:31Z",
        },
    }


def _reasons(path: Path, tmp: Path) -> list[str | None]:
    frame = read_one(local_for(path, tmp)).frame.collect()
    return frame.sort("source_row")["reject_reason"].to_list()


def test_json_nested_1000_deep_is_one_reject_and_the_run_goes_on(tmp_path: Path) -> None:
    items = [json.dumps(_job(1)), DEEP, "9" * 5000, json.dumps(_job(4))]
    (tmp_path / "deep.json").write_text("[" + ", ".join(items) + "]")
    (tmp_path / "deep_page.json").write_text('{"value": ' + DEEP + "}")
    good = str(JOBS / "bom_utf8.csv")
    result = invoke(["analyze", "deep.json", "deep_page.json", good, "-f", "csv"], cwd=tmp_path)
    assert result.exit_code == 3
    assert (
        "bjla: rejected: deep.json row 2: JSON nested deeper than bjla reads (about 1,000"
        " levels) (item from line 1)"
    ) in result.stderr.splitlines()
    assert (
        "bjla: rejected: deep.json row 3: a JSON number has more than 4,300 digits"
        " (item from line 1)"
    ) in result.stderr.splitlines()
    assert (
        "bjla: error: deep_page.json: JSON nested deeper than bjla reads (about 1,000 levels)"
    ) in result.stderr.splitlines()
    counts = accounting(result.stderr)
    assert (counts.read, counts.jobs, counts.rejects) == (5, 3, 2)  # the list goes on


def test_ndjson_line_nested_too_deep_is_rejected_alone(tmp_path: Path) -> None:
    path = tmp_path / "jobs.ndjson"
    lines = [json.dumps(_job(1)), '{"a": ' + DEEP + "}", json.dumps(_job(3))]
    path.write_text("\n".join(lines) + "\n")
    reasons = _reasons(path, tmp_path)
    assert reasons == [None, "JSON nested deeper than bjla reads (about 1,000 levels)", None]


def test_json_integer_of_5000_digits_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "jobs.ndjson"
    huge = '{"properties": {"errorCode": ' + "9" * 5000 + "}}"
    path.write_text("\n".join([json.dumps(_job(1)), huge, json.dumps(_job(3))]) + "\n")
    assert _reasons(path, tmp_path)[1] == "a JSON number has more than 4,300 digits"


def test_lone_surrogate_escape_reads_as_a_replacement_character(tmp_path: Path) -> None:
    path = tmp_path / "jobs.json"
    path.write_text(json.dumps([_job(1, name="vm-\ud800-x"), _job(2)]))
    frame = read_one(local_for(path, tmp_path)).frame.collect()
    assert frame.filter(pl.col("reject_reason").is_null())["vm"].to_list() == [
        "vm-\ufffd-x",
        "vm-2",
    ]


def test_json_item_over_the_size_cap_is_rejected(tmp_path: Path) -> None:
    from dataclasses import replace

    from analyzer.limits import DEFAULT_LIMITS

    limits = replace(DEFAULT_LIMITS, json_item_chars=1000)
    path = tmp_path / "jobs.ndjson"
    long_line = json.dumps(_job(2, name="v" * 5000))
    path.write_text("\n".join([json.dumps(_job(1)), long_line, json.dumps(_job(3))]) + "\n")
    frame = read_one(local_for(path, tmp_path, limits)).frame.collect().sort("source_row")
    assert frame["source_row"].to_list() == [1, 2, 3]
    assert frame["reject_reason"].to_list()[1].startswith("a JSON item runs over more than")
