"""The block reader of large CSV files: cuts at record ends, worker-thread prefetch."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from analyzer.ingest import csv_reader
from analyzer.ingest.prefetch import prefetched


def test_prefetched_yields_every_item_in_order() -> None:
    assert list(prefetched(iter(range(50)))) == list(range(50))


def test_prefetched_raises_the_workers_error_in_the_consumer() -> None:
    def failing() -> Iterator[int]:
        yield 1
        raise OSError("disk gone")

    items = prefetched(failing())
    assert next(items) == 1
    with pytest.raises(OSError, match="disk gone"):
        next(items)


def test_prefetched_stops_its_worker_when_the_consumer_stops_early() -> None:
    items = prefetched(iter(range(10_000)))
    assert next(items) == 0
    items.close()  # type: ignore[attr-defined]
    assert not any(t.name == "bjla-prefetch" for t in threading.enumerate())


@pytest.mark.parametrize("size", [3, 7, 64, 4096])
def test_blocks_end_at_records_and_cover_the_file(tmp_path: Path, size: int) -> None:
    body = b'a,"line\none",1\nb,"say ""hi""\n",2\n\nc,plain,3\nd,"x,y",4'
    path = tmp_path / "jobs.csv"
    path.write_bytes(b"h1,h2,h3\n" + body)
    blocks = list(csv_reader._record_blocks(path, 1, size))
    assert b"".join(blocks) == body
    for block in blocks[:-1]:
        assert block.endswith(b"\n")
        assert block.count(b'"') % 2 == 0  # never cut inside a quoted field
