"""The fast paths of issue 14 give what the general paths give (they only skip work)."""

from __future__ import annotations

import polars as pl

from analyzer import aggregate
from analyzer.ingest import times


def test_vm_keys_row_by_row_match_the_joined_keys() -> None:
    jobs = pl.DataFrame(
        {
            "vm": ["Web-1", "web-1", "DB-1", "db-1", "web-1"],
            "resource_group": ["RG-A", "rg-a", "RG-B", "RG-C", "rg-a"],
            "_src_order": [0, 1, 2, 3, 4],
        }
    )
    fast = aggregate._keyed_by_row(jobs)
    pairs = aggregate._pair_keys(jobs.select("vm", "resource_group").unique())
    joined = jobs.join(pairs, on=["vm", "resource_group"], how="left", maintain_order="left")
    assert fast.get_column("vm_key").to_list() == joined.get_column("vm_key").to_list()
    # Same key, same number; different keys, different numbers.
    numbers = dict(zip(fast.get_column("vm_key"), fast.get_column("_vm"), strict=True))
    assert len(set(numbers.values())) == len(numbers) == 3
    assert fast.get_column("_vm").to_list() == [numbers[k] for k in fast.get_column("vm_key")]


def test_skipped_layouts_rank_as_if_tried() -> None:
    """A layout is skipped only when its literal characters are absent, so the ranking is
    the one counting every layout's misses gives."""
    sample = pl.LazyFrame(
        {
            "start": ["2026-11-17T22:00:00Z", "2026-11-18 01:02:03", None, "junk"],
            "end": ["17/11/2026 22:00", "11/17/2026 10:00:00 PM", "17.11.2026 22:00", None],
            "recorded": [None, None, None, None],
        },
        schema=dict.fromkeys(["start", "end", "recorded"], pl.String),
    )
    columns = ["start", "end", "recorded"]
    full = sample.select(
        times._misses(pl.col(c), fmt, aware).alias(f"{c} {i}")
        for c in columns
        for i, (fmt, aware) in enumerate(times.TIME_FORMATS)
    ).collect()
    expected = {
        c: times._ranked(
            [full.get_column(f"{c} {i}").item() for i in range(len(times.TIME_FORMATS))]
        )
        for c in columns
    }
    assert times.ranked_layouts(sample, columns) == expected
