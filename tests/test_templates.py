"""The template miner: masks, merging similar lines, per-template figures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.catalogue import load_catalogue, validate_dir
from analyzer.templates import LINE_SCHEMA, TEMPLATE_SCHEMA, masked, merge_similar, mine

CAT = load_catalogue()
T0 = datetime(2026, 11, 20, 22, 0, tzinfo=UTC)


def lines(texts: list[str], vms: list[str] | None = None) -> pl.DataFrame:
    rows = [
        {
            "origin": "log",
            "source": "waagent.log",
            "vm": (vms or ["vm-a"] * len(texts))[i],
            "time": T0 + timedelta(minutes=i),
            "text": text,
        }
        for i, text in enumerate(texts)
    ]
    return pl.DataFrame(rows, schema=LINE_SCHEMA)


def mask(text: str) -> str:
    return str(pl.select(masked(CAT, pl.lit(text))).item())


def test_masks_hide_times_ids_addresses_paths_and_numbers() -> None:
    line = (
        "2026-11-20T22:14:05.123456Z ERROR ExtHandler Event 48542879-5440-4025-8577-000000000000"
        " from 168.63.129.16:32526 wrote /var/log/azure/run.log in 12 s"
    )
    assert mask(line) == "<time> ERROR ExtHandler Event <guid> from <ip> wrote <path> in <num> s"
    assert mask("GET http://168.63.129.16/machine/?comp=goalstate -- 6 attempts") == (
        "GET <url> -- <num> attempts"
    )


def test_lines_that_differ_in_a_word_merge_into_one_template_with_a_wildcard() -> None:
    texts = [f"Invalid user {name} from 10.0.0.{i}" for i, name in enumerate(["ann", "bo", "cy"])]
    result = mine(lines(texts), CAT)
    assert result.get_column("template").to_list() == ["Invalid user <*> from <ip>"]
    assert result.get_column("count").to_list() == [3]


def test_lines_with_another_first_word_or_length_stay_apart() -> None:
    result = mine(lines(["Disk full on sda", "Network full on sda", "Disk full on sda now"]), CAT)
    assert result.height == 3


def test_each_template_has_its_count_vms_first_and_last_time_and_an_example() -> None:
    texts = [
        "Snapshot failed after 30 s",
        "Snapshot failed after 45 s",
        "Snapshot failed after 5 s",
    ]
    result = mine(lines(texts, ["vm-a", "vm-b", "vm-a"]), CAT)
    row = result.row(0, named=True)
    assert result.schema == pl.Schema(TEMPLATE_SCHEMA)
    assert row["template"] == "Snapshot failed after <num> s"
    assert (row["count"], row["vms"]) == (3, 2)
    assert (row["first_seen"], row["last_seen"]) == (T0, T0 + timedelta(minutes=2))
    assert row["example"] == texts[0]


def test_the_most_frequent_template_comes_first() -> None:
    texts = ["Rare thing happened", "Common thing 1", "Common thing 2", "Common thing 3"]
    assert mine(lines(texts), CAT).get_column("count").to_list() == [3, 1]


def test_job_messages_and_log_lines_never_share_a_template() -> None:
    frame = lines(["Backup failed", "Backup failed"]).with_columns(
        pl.Series("origin", ["job", "log"])
    )
    assert sorted(mine(frame, CAT).get_column("origin").to_list()) == ["job", "log"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="ab 12.:-/", max_size=25), max_size=40))
def test_every_line_with_text_is_in_exactly_one_template(texts: list[str]) -> None:
    frame = lines(texts)
    result = mine(frame, CAT)
    kept = frame.filter(masked(CAT, pl.col("text")) != "").height
    assert int(result.get_column("count").sum()) == kept
    assert result.get_column("template").n_unique() == result.height
    assert mine(frame, CAT).equals(result)  # deterministic


def test_merge_turns_differing_positions_into_wildcards() -> None:
    words = ["open a b c", "open a x c", "open y x c"]
    assert merge_similar(["log"] * 3, words, 0.5) == ["open <*> <*> c"] * 3


def test_a_mask_whose_sample_it_does_not_match_whole_is_a_catalogue_error(tmp_path: Path) -> None:
    (tmp_path / "masks.toml").write_text(
        "schema_version = 1\n[[mask]]\n"
        'id = "ticket"\npattern = \'TCK-[0-9]+\'\nreplace = "<ticket>"\n'
        'samples = ["TCK-12 x"]\nsource = "https://example.org/tickets"\n'
    )
    (problem,) = validate_dir(tmp_path)
    assert "mask 'ticket': samples[0]: pattern does not match the whole sample" in problem
