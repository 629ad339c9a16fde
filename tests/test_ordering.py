"""--sort and --top: worst first by default for numbers, stable, typos caught early."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pytest

from analyzer.errors import UsageError
from analyzer.ordering import SortKey, ordered, parse_sort

FRAME = pl.DataFrame(
    {
        "vm": ["b", "a", "c", "d"],
        "current_streak": [2, 5, None, 2],
        "last_failure": [datetime(2026, 11, d, tzinfo=UTC) for d in (3, 1, 2, 4)],
    }
)


def test_numbers_sort_high_to_low_empty_last_and_ties_keep_their_order() -> None:
    out = ordered(FRAME, parse_sort("current_streak", "by-vm"))
    assert out["vm"].to_list() == ["a", "b", "d", "c"]


def test_text_sorts_a_to_z_and_a_direction_can_be_given() -> None:
    assert ordered(FRAME, parse_sort("vm", "by-vm"))["vm"].to_list() == ["a", "b", "c", "d"]
    assert ordered(FRAME, parse_sort("vm:desc", "by-vm"))["vm"].to_list() == ["d", "c", "b", "a"]
    times = ordered(FRAME, parse_sort("last_failure", "by-vm"))
    assert times["vm"].to_list() == ["d", "b", "c", "a"]


def test_several_keys_and_top() -> None:
    keys = parse_sort("current_streak,last_failure:asc", "by-vm")
    assert keys == [SortKey("current_streak"), SortKey("last_failure", False)]
    assert ordered(FRAME, keys, top=2)["vm"].to_list() == ["a", "b"]


def test_an_unknown_column_is_a_usage_error_that_lists_the_table_columns() -> None:
    with pytest.raises(UsageError, match=r"'streak' is not a column of by-vm .*current_streak"):
        parse_sort("streak", "by-vm")
    with pytest.raises(UsageError, match="direction is asc or desc"):
        parse_sort("vm:up", "by-vm")
