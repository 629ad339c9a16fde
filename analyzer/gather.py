"""Small inputs of one kind, gathered so that polars parses their rows in one query.

Parsing costs a little per row and a lot per query: the parsing graph has hundreds of
expressions, about 10 ms of fixed work however few the rows. A folder of many small
exports is therefore parsed in batches of consecutive tables of the same kind
(``ingest.model.Staged.kind``): each row keeps its own input's name, and each input
keeps its place, row count and warnings. If polars fails on a batch, its tables are
stored one at a time instead, so that a bad input is reported alone.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from analyzer.errors import InputError
from analyzer.ingest import SourceRead
from analyzer.ingest.model import Staged
from analyzer.ingest.normalize import ROW_SOURCE, finish
from analyzer.limits import DEFAULT_LIMITS, Limits
from analyzer.staging import RowCount, RowStore

StoreOne = Callable[[SourceRead], int]  # stores one table through its own blocks
Stored = Callable[[SourceRead, int], None]  # hears each table stored, with its rows
Failed = Callable[[InputError], None]  # hears each table that could not be stored


def _unheard(_: int) -> None:
    return None


class Gatherer:
    """Holds small tables of one kind until a batch is full, then stores them together."""

    def __init__(
        self,
        store: RowStore,
        store_one: StoreOne,
        stored: Stored,
        failed: Failed,
        limits: Limits = DEFAULT_LIMITS,
    ) -> None:
        self._store = store
        self._gather_rows = limits.gather_rows  # rows held before a batch is parsed
        self._store_one = store_one
        self._stored = stored
        self._failed = failed
        self.on_rows: RowCount = _unheard  # set per input, for progress
        self._pending: list[tuple[SourceRead, Staged]] = []
        self._rows = 0

    def take(self, read: SourceRead) -> bool:
        """Hold ``read`` if it can join a batch (False: store it yourself, after ``flush``)."""
        staged = read.staged
        if staged is None:
            return False
        if self._pending and self._pending[0][1].kind != staged.kind:
            self.flush()
        self._pending.append((read, staged))
        self._rows += staged.rows.height
        if self._rows >= self._gather_rows:
            self.flush()
        return True

    def flush(self) -> None:
        """Store the tables held so far."""
        pending, self._pending, self._rows = self._pending, [], 0
        if len(pending) == 1:
            self._one(pending[0][0])
        elif pending:
            self._batch(pending)

    def _batch(self, pending: list[tuple[SourceRead, Staged]]) -> None:
        joined = pl.concat(
            [
                staged.rows.with_columns(pl.lit(read.name).alias(ROW_SOURCE))
                for read, staged in pending
            ],
            how="diagonal_relaxed",
        )
        first = pending[0][1]
        try:
            self._store.add([finish(joined.lazy(), first.info, first.orders)], self.on_rows)
        except pl.exceptions.PolarsError:
            # The store keeps none of the batch's rows: each table is tried alone.
            for read, _ in pending:
                self._one(read)
            return
        for read, staged in pending:
            self._stored(read, staged.rows.height)

    def _one(self, read: SourceRead) -> None:
        try:
            self._stored(read, self._store_one(read))
        except InputError as exc:
            self._failed(exc)
