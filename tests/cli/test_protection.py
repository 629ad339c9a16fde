"""Protection now in the by-vm table, --stale, --sort and --top."""

from __future__ import annotations

import io

import polars as pl

from tests.cli.support import invoke
from tests.paths import SAMPLE_LOGS

JOBS = str(SAMPLE_LOGS / "jobs")


def by_vm(*args: str) -> pl.DataFrame:
    result = invoke(["analyze", JOBS, "-f", "csv", *args])
    assert result.exit_code == 0, result.stderr
    return pl.read_csv(io.StringIO(result.stdout))


def test_each_vm_has_its_protection_now() -> None:
    table = by_vm()
    stale = table.filter(pl.col("state") == "stale")
    assert stale.height > 0
    assert (stale["hours_since_success"] > 36).all()
    protected = table.filter(pl.col("state") == "protected")
    assert (protected["hours_since_success"] <= 36).all()
    assert (protected["current_streak"] == 0).all()


def test_stale_hours_move_vms_between_protected_and_stale() -> None:
    strict = by_vm("--stale", "12", "--all-vms")
    loose = by_vm("--stale", "400", "--all-vms")
    assert (
        strict.filter(pl.col("state") == "stale").height
        > loose.filter(pl.col("state") == "stale").height
    )
    assert loose.filter(pl.col("state") == "stale").is_empty()


def test_sort_and_top_give_the_worst_first() -> None:
    table = by_vm("--sort", "hours_since_success", "--top", "3")
    assert table.height == 3
    hours = table["hours_since_success"].to_list()
    assert hours == sorted(hours, reverse=True)
    everything = by_vm("--all-vms")
    assert hours[0] == everything["hours_since_success"].max()


def test_files_keep_their_stable_order_without_sort() -> None:
    table = by_vm()
    assert table["vm"].to_list() == sorted(table["vm"].to_list())


def test_an_unknown_sort_column_is_a_usage_error_before_any_input_is_read() -> None:
    result = invoke(["analyze", "no-such-folder", "--sort", "streak"])
    assert result.exit_code == 2
    assert "'streak' is not a column of by-vm" in result.stderr
    assert invoke(["failures", "no-such-folder", "--top", "0"]).exit_code == 2


def _csv(*args: str) -> pl.DataFrame:
    result = invoke([*args, "-f", "csv"])
    assert result.exit_code == 0, result.stderr
    return pl.read_csv(io.StringIO(result.stdout), infer_schema=False)


def test_evidence_and_templates_take_sort_and_top_too() -> None:
    logs = str(SAMPLE_LOGS / "agent-logs")
    every = _csv("evidence", logs)
    newest = _csv("evidence", logs, "--sort", "time:desc", "--top", "3")
    assert newest.get_column("time").to_list() == sorted(every.get_column("time"))[::-1][:3]
    mined = _csv("templates", str(SAMPLE_LOGS), "--logs", logs, "--sort", "count:asc", "--top", "2")
    counts = [int(n) for n in mined.get_column("count")]
    assert mined.height == 2 and counts == sorted(counts)
    for command in (["evidence", logs], ["templates", str(SAMPLE_LOGS)]):
        refused = invoke([*command, "--sort", "nope"])
        assert refused.exit_code == 2 and "'nope' is not a column of" in refused.stderr
