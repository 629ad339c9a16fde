"""JSON job lists are decoded from a sliding window and read in blocks.

Whatever the window and block sizes, the rows must be those of the whole document; a cut
is reported at the document's own line; property values read from the decoded items must
be the text polars' JSON paths give for the same item.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzer.ingest import json_items, json_shapes, read_source
from analyzer.inputs import InputFile, LocalFile, Workspace, materialize
from analyzer.limits import DEFAULT_LIMITS, Limits
from tests.paths import FIXTURES as TESTS_FIXTURES

JOBS = TESTS_FIXTURES / "jobs"


def rows_of(path: Path, tmp_path: Path, limits: Limits = DEFAULT_LIMITS) -> pl.DataFrame:
    ws = tmp_path / "ws"
    ws.mkdir(exist_ok=True)
    (read,) = read_source(materialize(InputFile(path.name, path), Workspace(ws), limits=limits))
    return pl.concat([block.collect() for block in read.blocks()])


# Windows of a few characters, blocks of two items, every file read in blocks as a large
# one: every boundary is crossed.
TINY_WINDOWS = Limits(json_read_chars=7, json_block_items=2, json_small_bytes=0)


@pytest.mark.parametrize("name", ["az_list.json", "json_cut_off.json", "az_ndjson.ndjson"])
def test_small_windows_and_blocks_read_the_same_rows(name: str, tmp_path: Path) -> None:
    whole = rows_of(JOBS / name, tmp_path)  # small: staged whole
    size = (JOBS / name).stat().st_size
    (read,) = read_source(LocalFile(name, JOBS / name, size=size, limits=TINY_WINDOWS))
    assert read.staged is None
    assert len(list(read.blocks())) > 1
    assert rows_of(JOBS / name, tmp_path, TINY_WINDOWS).equals(whole)


def test_a_cut_is_reported_at_the_documents_line(tmp_path: Path) -> None:
    rows = rows_of(JOBS / "json_cut_off.json", tmp_path, TINY_WINDOWS)
    reasons = rows["reject_reason"].to_list()
    assert reasons[:2] == [None, None]
    assert reasons[2].startswith("not valid JSON from line 79")


def test_a_number_split_by_the_window_stays_one_item(tmp_path: Path) -> None:
    item = json.loads((JOBS / "az_list.json").read_text(encoding="utf-8"))[0]
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps([item, 123456789]), encoding="utf-8")
    split = Limits(json_read_chars=len(json.dumps([item, 1234])))
    rows = rows_of(path, tmp_path, split)
    assert rows["source_row"].to_list() == [1, 2]
    assert rows["reject_reason"].to_list() == [None, "item is not a JSON object"]


@pytest.mark.parametrize(
    "small_bytes", [DEFAULT_LIMITS.json_small_bytes, 0], ids=["staged", "blocks"]
)
def test_an_empty_list_is_no_rows(tmp_path: Path, small_bytes: int) -> None:
    path = tmp_path / "none.json"
    path.write_text("[ ]\n", encoding="utf-8")
    assert rows_of(path, tmp_path, Limits(json_small_bytes=small_bytes)).height == 0


def test_a_long_single_line_document_is_not_taken_for_ndjson(tmp_path: Path) -> None:
    items = json.loads((JOBS / "az_list.json").read_text(encoding="utf-8"))
    path = tmp_path / "one_line.json"
    path.write_text(json.dumps(items * 50), encoding="utf-8")
    rows = rows_of(path, tmp_path, Limits(json_peek_line_chars=1000))
    assert rows.height == len(items) * 50
    assert rows["shape"].unique().to_list() == ["rest-json"]


# --- the values read from decoded items are polars' JSON-path text --------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**64 - 1),  # polars reads others as floats
    # Durations and the like: polars' shortest text of a float with 16-17 significant
    # digits can differ from Python's in the last digit, which no job field carries.
    st.integers(min_value=-(10**12), max_value=10**12).map(lambda n: n / 1000),
    st.text(max_size=12),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["errorCode", "a", "VM Name", "x"]), inner, max_size=3),
    ),
    max_leaves=8,
)
properties = st.dictionaries(
    st.sampled_from(
        ["status", "errorDetails", "extendedInfo", "duration", "additionalProperties", "other"]
    ),
    values,
    max_size=5,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(props=properties)
def test_values_match_polars_json_paths(props: dict[str, Any]) -> None:
    text = json.dumps({"properties": props})
    for path, steps in json_shapes._STEPS:
        expected = pl.Series([text]).str.json_path_match(f"$.properties.{path}")[0]
        assert json_shapes._value_at(props, steps) == expected, path


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    items=st.lists(st.one_of(properties.map(lambda p: {"properties": p}), scalars), max_size=8),
    window=st.integers(min_value=1, max_value=40),
    indent=st.sampled_from([None, 2]),
)
def test_streamed_items_are_the_documents_items(
    tmp_path: Path, items: list[Any], window: int, indent: int | None
) -> None:
    path = tmp_path / "items.json"
    path.write_text(json.dumps(items, indent=indent), encoding="utf-8")
    with path.open(encoding="utf-8") as fh:
        stream = json_items.Window(fh, Limits(json_read_chars=window))
        assert stream.peek() == "["
        stream.pos += 1
        decoded = list(json_items.list_items(stream))
    assert decoded == [(item, None) for item in items]
