"""A header that repeats one name thousands of times is de-duplicated in linear time."""

from __future__ import annotations

import time

from analyzer.ingest.headers import header_keys


def test_64kb_header_of_repeated_names_is_linear() -> None:
    names = ["JobStatus"] * 6000 + ["status", "JobStatus#2", "jobstatus"] * 200
    start = time.perf_counter()
    keys = header_keys(names)
    assert time.perf_counter() - start < 1.0  # quadratic: over a minute
    assert len(set(keys)) == len(keys) == len(names)
    assert keys[:3] == ["jobstatus", "jobstatus#2", "jobstatus#3"]
