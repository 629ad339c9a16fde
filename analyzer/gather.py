"""Small inputs of one kind, gathered so that polars parses their rows in one query.

Parsing costs a little per row and a lot per query: the parsing graph has hundreds of
expressions, about 10 ms of fixed work however few the rows. A folder of many small
exports is therefore parsed in batches of consecutive tables of the same kind
(``ingest.model.Staged.kind``): each row keeps its own input's name, and each input
keeps its place, row count and warnings. If polars fails on a batch, its tables are
stored one at a time instead, so that a bad input is reported alone.

``store_table`` stores one table, through its fallback reader if polars gives up.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from analyzer.errors import InputError
from analyzer.ingest import SourceRead
from analyzer.ingest.model import Staged, parse
from analyzer.ingest.normalize import ROW_SOURCE
from analyzer.limits import DEFAULT_LIMITS, Limits
from analyzer.staging import RowCount, RowStore

_SHOWN_ERROR = 160  # characters of a parser's message quoted (it may quote a whole row)


@dataclass
class Stored:
    """What storing some tables came to: each table stored with its rows, or its error."""

    tables: list[tuple[SourceRead, int]] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # the readers' own, in input order

    def add(self, other: Stored) -> None:
        """Append ``other`` (stored after this)."""
        self.tables += other.tables
        self.errors += other.errors
        self.warnings += other.warnings


class Gatherer:
    """Holds small tables of one kind until a batch is full, then stores them together."""

    def __init__(self, store: RowStore, limits: Limits = DEFAULT_LIMITS) -> None:
        self._store = store
        self._gather_rows = limits.gather_rows  # rows held before a batch is parsed
        self._pending: list[tuple[SourceRead, Staged]] = []
        self._rows = 0

    def take(self, read: SourceRead, on_rows: RowCount) -> Stored:
        """Store ``read``, or hold it to join a batch; what was stored on the way."""
        staged = read.staged
        done = Stored()
        if staged is None or (self._pending and self._pending[0][1].kind != staged.kind):
            done.add(self.flush(on_rows))  # the tables held so far go first, in input order
        if staged is None:
            done.add(self._one(read, on_rows))
            return done
        self._pending.append((read, staged))
        self._rows += staged.rows.height
        if self._rows >= self._gather_rows:
            done.add(self.flush(on_rows))
        return done

    def flush(self, on_rows: RowCount) -> Stored:
        """Store the tables held so far."""
        pending, self._pending, self._rows = self._pending, [], 0
        if len(pending) == 1:
            return self._one(pending[0][0], on_rows)
        return self._batch(pending, on_rows) if pending else Stored()

    def _batch(self, pending: list[tuple[SourceRead, Staged]], on_rows: RowCount) -> Stored:
        joined = pl.concat(
            [
                staged.rows.with_columns(pl.lit(read.name).alias(ROW_SOURCE))
                for read, staged in pending
            ],
            how="diagonal_relaxed",
        )
        first = pending[0][1]
        try:
            self._store.add([parse(joined.lazy(), first.info, first.ranked())], on_rows)
        except pl.exceptions.PolarsError:
            # The store keeps none of the batch's rows: each table is tried alone.
            done = Stored()
            for read, _ in pending:
                done.add(self._one(read, on_rows))
            return done
        tables = [(read, staged.rows.height) for read, staged in pending]
        return Stored(tables, warnings=[w for read, _ in pending for w in read.warnings])

    def _one(self, read: SourceRead, on_rows: RowCount) -> Stored:
        done = Stored()
        try:
            rows = store_table(read, self._store, done.warnings, on_rows)
        except InputError as exc:
            done.errors.append(exc)
            return done
        done.warnings += read.warnings  # read after the blocks: reading them may add some
        done.tables.append((read, rows))
        return done


def store_table(read: SourceRead, store: RowStore, warnings: list[str], on_rows: RowCount) -> int:
    """Put one table's rows in the store; through its fallback reader if polars gives up.

    The store keeps none of the rows of a failed attempt, so the second read adds each
    row once. A fallback read is said in ``warnings``.
    """
    try:
        return store.add(read.store_blocks(), on_rows)
    except pl.exceptions.PolarsError as exc:
        if read.fallback is None:
            raise _unparsed(read, exc) from None
        warnings.append(
            f"{read.name}: polars could not parse the file ({_short(_first_line(exc))}), most"
            " often because of a stray quote; it was read again with the exact CSV reader,"
            " which is slower: a line whose quote never closes is rejected alone (named with"
            " its line) and the lines after it are read"
        )
    try:
        return store.add(read.fallback(), on_rows)
    except pl.exceptions.PolarsError as exc:
        raise _unparsed(read, exc) from None


def _unparsed(read: SourceRead, exc: Exception) -> InputError:
    return InputError(read.name, f"cannot parse as {read.shape}: {_first_line(exc)}")


def _short(text: str) -> str:
    return text if len(text) <= _SHOWN_ERROR else text[: _SHOWN_ERROR - 3] + "..."


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
