"""Run a generator one item ahead in a worker thread.

Polars does its work without the interpreter lock, so while the consumer has polars
parse one block of a large file, a worker can already cut and plan the next one.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import TypeVar

_Item = TypeVar("_Item")
_DONE = object()
_PUT_TIMEOUT_S = 0.1  # how often a blocked worker looks whether the consumer has gone


def prefetched(items: Iterator[_Item]) -> Iterator[_Item]:
    """``items`` produced one step ahead by a worker thread (errors re-raised here)."""
    ready: queue.Queue[object] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def handed_over(item: object) -> bool:
        while not stop.is_set():
            try:
                ready.put(item, timeout=_PUT_TIMEOUT_S)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not handed_over(item):
                    return
            handed_over(_DONE)
        except BaseException as exc:  # handed to the consumer, which raises it
            handed_over(exc)

    worker = threading.Thread(target=produce, name="bjla-prefetch", daemon=True)
    worker.start()
    try:
        while (item := ready.get()) is not _DONE:
            if isinstance(item, BaseException):
                raise item
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        worker.join()
