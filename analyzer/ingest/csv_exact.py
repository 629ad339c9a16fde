"""The exact CSV reader: Python's ``csv`` module, one record at a time, every row accounted for.

It knows how many fields each record really has (a short row is reported, not padded
silently), and a stray quote costs only its own line: a record that runs over several
lines is kept only when it is plausible (see ``_records``), else its first line is read
alone and reported, and reading resynchronises at the next line. ``csv_reader`` uses it
for small files, and for a large file polars cannot parse.
"""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import polars as pl

from analyzer.ingest.model import PRE_REJECT, ROW
from analyzer.limits import Limits

if TYPE_CHECKING:
    from analyzer.ingest.csv_reader import CsvHead

_MAX_FIELD = 1 << 30


# A record as the exact reader gives it: its fields, and why its first line was read
# alone (a quote that opens a field which never closes in a plausible record), if so.
_Record = tuple[list[str], str | None]


class _Runaway(Exception):
    """A record has run over more lines than a record plausibly spans."""


class _LineFeed:
    """The file's lines for ``csv.reader``, keeping those of the record being read.

    Lines handed back (``give_back``) are read again before the file goes on, so the
    reader can resynchronise after a stray quote: the record's first line is taken
    alone and the reader starts over at the line after it.
    """

    def __init__(self, lines: Iterator[str] | TextIO, first_line: int, max_lines: int) -> None:
        self._lines = lines
        self._back: list[str] = []  # lines to read again, the next one last
        self._max_lines = max_lines
        self.taken: list[str] = []  # the lines of the current record
        self.line = first_line  # file line number of the current record's first line

    def __iter__(self) -> _LineFeed:
        return self

    def __next__(self) -> str:
        taken = self.taken
        if len(taken) >= self._max_lines:
            raise _Runaway
        line = self._back.pop() if self._back else next(self._lines)
        if "\0" in line:  # NUL bytes are dropped, as polars drops them
            line = line.replace("\0", "")
        taken.append(line)
        return line

    def next_record(self) -> None:
        """The current record is done: the next line starts the next one."""
        self.line += len(self.taken)
        self.taken.clear()

    def give_back(self) -> str:
        """Keep the record's first line alone; its other lines are read again."""
        first, rest = self.taken[0], self.taken[1:]
        self._back.extend(reversed(rest))
        self.taken = [first]
        return first


def _skip_header(feed: _LineFeed, separator: str) -> None:
    """Read past the header record: a quoted CR in a column name ends a text line of the
    file (``newline=""``), not the record, as it does not in polars' reading."""
    # Sniffing has read this header already; a broken one is the first data line's problem.
    with contextlib.suppress(_Runaway, csv.Error):
        next(csv.reader(feed, delimiter=separator), None)
    feed.next_record()


def _records(path: Path, head: CsvHead, width: int, limits: Limits) -> Iterator[_Record]:
    """Every record of the file, a stray quote costing only the line it stands on.

    A record that spans several lines is kept when it is plausible (at most
    ``limits.csv_record_lines`` lines, its quotes balanced, as many fields as the
    header); otherwise its first line is read alone (and so reported, unless it holds
    just the header's fields) and reading starts over at the line after it.
    """
    csv.field_size_limit(_MAX_FIELD)
    with path.open("r", encoding="utf-8", errors="replace", newline="") as fh:
        for _ in range(head.skip_lines):
            next(fh, None)
        feed = _LineFeed(fh, head.skip_lines + 1, limits.csv_record_lines)
        _skip_header(feed, head.separator)
        reader = csv.reader(feed, delimiter=head.separator)
        while True:
            broken = False
            try:
                record = next(reader)
            except StopIteration:
                return
            except (_Runaway, csv.Error):
                # The reader is left inside the field: a new one starts after the line.
                reader = csv.reader(feed, delimiter=head.separator)
                record, broken = [], True
            if broken or (
                len(feed.taken) > 1 and not _plausible(record, feed.taken, width, head.separator)
            ):
                yield _alone(feed, head.separator)
            else:
                yield record, None
            feed.next_record()


def _plausible(record: list[str], lines: list[str], width: int, separator: str) -> bool:
    """Whether a record read over several lines is one (not a field run on by a quote).

    It is when its quotes balance, the quote that ends its multi-line field is followed
    by a separator or the line's end (``vm"01`` is a stray quote, not the end of a
    field), and either it has the header's fields or none of the lines it took in would
    be a whole record on its own: a quote that swallows good rows takes in lines with
    balanced quotes that parse alone to the header's fields, while the line that ends a
    real multi-line field holds the quote that closes it.
    """
    if sum(line.count('"') for line in lines) % 2 or not _closes_cleanly(lines[-1], separator):
        return False
    if len(_trim_empty_tail(record, width)) == width:
        return True
    return not any(
        line.count('"') % 2 == 0 and _fields_alone(line, separator, width) == width
        for line in lines[1:]
    )


def _closes_cleanly(line: str, separator: str) -> bool:
    """Whether the first lone quote on ``line`` (not a doubled one) ends a field."""
    at = 0
    while (at := line.find('"', at)) >= 0:
        if line.startswith('""', at):
            at += 2
            continue
        rest = line[at + 1 :]
        return rest == "" or rest[0] in (separator, "\r", "\n")
    return True


def _fields_alone(line: str, separator: str, width: int) -> int:
    return len(_trim_empty_tail(_line_fields(line, separator), width))


def _line_fields(line: str, separator: str) -> list[str]:
    """One line's fields on its own (split plainly if even that does not parse)."""
    try:
        return next(csv.reader([line], delimiter=separator), [])
    except csv.Error:
        return line.split(separator)


def _alone(feed: _LineFeed, separator: str) -> _Record:
    line = feed.give_back()
    fields = _line_fields(line, separator)
    note = (
        f"line {feed.line:,} has a quote that opens a field which does not close;"
        f" read on from line {feed.line + 1:,}"
    )
    return fields, note


def read_exact(path: Path, head: CsvHead, keys: list[str], limits: Limits) -> pl.DataFrame:
    return _exact_frame(enumerate(_records(path, head, len(keys), limits), start=1), keys)


def exact_blocks(
    path: Path, head: CsvHead, keys: list[str], limits: Limits
) -> Iterator[pl.LazyFrame]:
    """The whole file through the exact reader, ``csv_exact_block_rows`` records at a time."""
    numbered = enumerate(_records(path, head, len(keys), limits), start=1)
    first = True
    while (chunk := list(islice(numbered, limits.csv_exact_block_rows))) or first:
        first = False
        yield _exact_frame(chunk, keys).lazy()


def _exact_frame(numbered: Iterable[tuple[int, _Record]], keys: list[str]) -> pl.DataFrame:
    """Numbered records as keyed text columns plus ``ROW`` and ``PRE_REJECT``.

    Records are gathered whole and turned into columns at once (``zip``), and empty
    fields become null in polars: per-field Python work was most of a small file's cost.
    """
    width = len(keys)
    records: list[list[str]] = []
    rows: list[int] = []
    reasons: list[str | None] = []
    for number, (record, note) in numbered:
        if len(record) == width and note is None:  # nearly every record: nothing to fix
            if not any(record):
                continue
            reasons.append(None)
        else:
            if not any(record):
                continue
            fields = _trim_empty_tail(record, width)
            reasons.append(_field_count_reason(len(fields), width, note))
            record = fields[:width] + [""] * (width - len(fields))
        rows.append(number)
        records.append(record)
    columns = list(zip(*records, strict=True)) if records else [() for _ in keys]
    data: dict[str, Sequence[str | None] | list[int]] = dict(zip(keys, columns, strict=True))
    data[ROW] = rows
    data[PRE_REJECT] = reasons
    schema: dict[str, pl.DataType] = {key: pl.String() for key in keys}
    schema[ROW] = pl.Int64()
    schema[PRE_REJECT] = pl.String()
    frame = pl.DataFrame(data, schema=schema)
    if not keys:
        return frame
    text = pl.col(keys)
    return frame.with_columns(pl.when(text != "").then(text).name.keep())


def _field_count_reason(count: int, width: int, note: str | None) -> str | None:
    if count == width:
        return None
    reason = f"row has {count} fields, header has {width}"
    return f"{reason} ({note})" if note else reason


def _trim_empty_tail(record: list[str], width: int) -> list[str]:
    """Drop empty fields beyond the header (trailing separators) - they hold no data."""
    end = len(record)
    while end > width and record[end - 1] == "":
        end -= 1
    return record[:end]
