"""CSV text into a lazy frame of text columns named by header key, one row per record.

Two readers produce the same frame:

* files up to ``Limits.csv_eager_bytes`` bytes go through the exact reader
  (``csv_exact``: Python's ``csv`` module, every field counted, a stray quote costing
  only its own line);
* larger files are scanned by polars (all columns as text, lossy UTF-8) as one lazy
  frame, which the row store runs through polars' streaming engine in batches, so
  memory follows the batch size however big the export is. A file that stops in the
  middle of its last row is instead cut into blocks of about ``Limits.csv_block_bytes`` at record
  boundaries (a newline outside quotes), so that row can be named as cut off. On both
  lazy paths, rows *longer* than the header are found through spare columns; a short
  row is only found when it is the cut-off last line.

When polars gives up on a large file (a stray quote it cannot place), ``CsvTable.exact``
reads it again with the exact reader, in blocks of ``Limits.csv_exact_block_rows`` records: slower,
but every row is still read or reported, as in a small file.

Blank records are skipped by the exact reader and, on the lazy path, by
``model.stage_table`` (a row with no value in any column the shape reads); either way
they still count in the row numbers, so ``source_row`` matches the file.
"""

from __future__ import annotations

import csv
import io
import mmap
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from analyzer.errors import InputError
from analyzer.ingest.csv_exact import exact_blocks, read_exact
from analyzer.ingest.headers import header_keys
from analyzer.ingest.model import PRE_REJECT, ROW, Blocks
from analyzer.limits import DEFAULT_LIMITS, Limits

SAMPLE_BYTES = 1 << 18  # the first records, read on their own to plan the whole file
_MAX_BLOCK_GROWTH = 16  # a block with unbalanced quotes is cut anyway at this many blocks
SEPARATORS = (",", ";", "\t", "|")
_SNIFF_CHARS = 1 << 16
_SPARE_COLUMNS = 8  # extra fields counted exactly on the lazy path


@dataclass(frozen=True)
class CsvHead:
    """Where the header is and how the file is delimited."""

    separator: str
    skip_lines: int  # lines before the header (#TYPE, sep=)
    headers: list[str]


@dataclass
class CsvTable:
    """A CSV file as keyed text columns plus ``ROW`` and ``PRE_REJECT``, in blocks."""

    keys: list[str]
    blocks: Blocks
    sample: Callable[[], pl.LazyFrame]  # the first records alone, to plan the whole table
    warnings: list[str] = field(default_factory=list)
    # The same rows through the exact reader, for a large file polars cannot parse.
    exact: Blocks | None = None
    wide: bool = False  # records longer than ``Limits.csv_wide_row_bytes`` on average


def sniff_heads(name: str, path: Path) -> list[CsvHead]:
    """Candidate header readings, best first (one per plausible separator)."""
    text = _head_text(path)
    if not text.strip():
        raise InputError(name, "the file is empty", "export the job list again")
    # Lines end at LF only, as the readers after this one count them (bare-CR files were
    # given LF line ends before; str.splitlines would also end a line at a quoted CR).
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    skip, forced = _preamble(lines)
    if skip >= len(lines):
        raise InputError(name, "the file has no header row", "export the job list again")
    separators = (forced,) if forced else SEPARATORS
    heads = sorted(
        (_header(lines[skip:], sep, skip) for sep in separators), key=lambda h: -len(h[0].headers)
    )
    if heads[0][1] > 1:
        raise InputError(
            name,
            f"the header row (line {skip + 1}) has a line break inside a quoted column name",
            "remove the line break from the header, or export the job list again",
        )
    return [head for head, _ in heads]


def _header(lines: list[str], separator: str, skip: int) -> tuple[CsvHead, int]:
    """The header read with ``separator``, and how many lines its record spans."""
    reader = csv.reader(iter(lines), delimiter=separator)
    try:
        row, spans = next(reader, []), reader.line_num
    except csv.Error:  # a CR outside quotes: read as the readers after this one will
        row, spans = next(csv.reader([lines[0].replace("\r", "")], delimiter=separator), []), 1
    while row and not row[-1].strip():
        row.pop()
    return CsvHead(separator, skip, row), spans


def _head_text(path: Path) -> str:
    with path.open("r", encoding="utf-8", errors="replace", newline="") as fh:
        return fh.read(_SNIFF_CHARS).lstrip("\ufeff")


def _preamble(lines: list[str]) -> tuple[int, str | None]:
    """Lines to skip before the header and a separator named by an Excel ``sep=`` line."""
    skip, forced = 0, None
    while skip < len(lines):
        line = lines[skip].strip()
        if line.startswith("#TYPE") or not line:
            skip += 1
        elif line.lower().startswith("sep=") and len(line) == 5:
            forced = line[4]
            skip += 1
        else:
            break
    return skip, forced


def read_table(name: str, path: Path, head: CsvHead, limits: Limits = DEFAULT_LIMITS) -> CsvTable:
    """The data rows under ``head`` as a lazy frame (exact reader for small files)."""
    keys = header_keys(head.headers)
    if path.stat().st_size <= limits.csv_eager_bytes:
        exact = read_exact(path, head, keys, limits).lazy()
        return CsvTable(keys, lambda: iter([exact]), lambda: exact)
    return _lazy_table(name, path, head, keys, limits)


def _lazy_table(name: str, path: Path, head: CsvHead, keys: list[str], limits: Limits) -> CsvTable:
    spare = [f"__spare{i}" for i in range(1, _SPARE_COLUMNS + 1)]
    schema: dict[str, pl.DataType] = {key: pl.String() for key in [*keys, *spare]}
    long_row = _long_row_reason(len(keys), spare)
    cut = _cut_last_row(path, head, len(keys))
    warnings: list[str] = []

    def checked(frame: pl.LazyFrame) -> pl.LazyFrame:
        return frame.with_columns(long_row.alias(PRE_REJECT)).drop(spare)

    def sample() -> pl.LazyFrame:
        return checked(_scan_block(first, head, schema, 1))

    def whole() -> Iterator[pl.LazyFrame]:
        yield checked(_scan_file(path, head, schema))

    def exact() -> Iterator[pl.LazyFrame]:
        return exact_blocks(path, head, keys, limits)

    def blocks() -> Iterator[pl.LazyFrame]:
        first_row = 1
        for data, last in _text_blocks(path, head.skip_lines + 1, limits.csv_block_bytes):
            frame = _scan_block(data, head, schema, first_row)
            rows = int(frame.select(pl.len()).collect().item())
            reason = long_row
            if last and cut is not None and rows:
                last_row = first_row + rows - 1
                reason = pl.coalesce(reason, pl.when(pl.col(ROW) == last_row).then(pl.lit(cut)))
                warnings.append(f"{name}: the file ends in the middle of a row (row {last_row})")
            yield frame.with_columns(reason.alias(PRE_REJECT)).drop(spare)
            first_row += rows
        if first_row == 1:  # no data rows at all: still one (empty) frame
            empty = {ROW: pl.Int64(), **dict.fromkeys(keys, pl.String()), PRE_REJECT: pl.String()}
            yield pl.LazyFrame(schema=empty)

    first = _first_records(path, head.skip_lines + 1, SAMPLE_BYTES)
    wide = len(first) > limits.csv_wide_row_bytes * max(1, first.count(b"\n"))
    if limits.csv_whole_file_scan and cut is None:
        return CsvTable(keys, whole, sample, warnings, exact, wide)
    return CsvTable(keys, blocks, sample, warnings, exact, wide)


def _scan_block(
    data: bytes, head: CsvHead, schema: dict[str, pl.DataType], first_row: int
) -> pl.LazyFrame:
    return _scan(data, head, schema, skip_lines=0, first_row=first_row)


def _scan_file(path: Path, head: CsvHead, schema: dict[str, pl.DataType]) -> pl.LazyFrame:
    """The whole file after its header as one lazy scan (read as ``_scan_block`` reads)."""
    return _scan(path, head, schema, skip_lines=head.skip_lines + 1, first_row=1)


def _scan(
    source: bytes | Path,
    head: CsvHead,
    schema: dict[str, pl.DataType],
    *,
    skip_lines: int,
    first_row: int,
) -> pl.LazyFrame:
    frame = pl.scan_csv(
        source,
        has_header=False,
        skip_lines=skip_lines,
        separator=head.separator,
        schema=schema,
        missing_columns="insert",
        truncate_ragged_lines=True,
        encoding="utf8-lossy",
        raise_if_empty=False,
        row_index_name=ROW,
        row_index_offset=first_row,
    )
    return frame.with_columns(pl.col(ROW).cast(pl.Int64))


def _first_records(path: Path, skip_lines: int, size: int) -> bytes:
    """About ``size`` bytes of whole records from the start of the data (at least one)."""
    with path.open("rb") as fh:
        for _ in range(skip_lines):
            fh.readline()
        start = fh.tell()
        with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as view:
            total = len(view)
            if start >= total:
                return b""
            return view[start : _block_end(view, start, size, total)]


def _text_blocks(path: Path, skip_lines: int, size: int) -> Iterator[tuple[bytes, bool]]:
    """The file after ``skip_lines`` lines in blocks of whole records, each with a last flag."""
    blocks = _record_blocks(path, skip_lines, size)
    current = next(blocks, None)
    while current is not None:
        following = next(blocks, None)
        yield current, following is None
        current = following


def _record_blocks(path: Path, skip_lines: int, size: int) -> Iterator[bytes]:
    with path.open("rb") as fh:
        for _ in range(skip_lines):
            fh.readline()
        start, total = fh.tell(), os.fstat(fh.fileno()).st_size
        if start >= total:
            return
        # A map, not reads: a block is copied once (by the slice), not twice.
        with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as view:
            while start < total:
                end = _block_end(view, start, size, total)
                yield view[start:end]
                _release(view, start, end)
                start = end


def _block_end(view: mmap.mmap, start: int, size: int, total: int) -> int:
    """Where the block from ``start`` ends: after about ``size`` bytes, at a record end."""
    stop = min(start + size, total)
    while stop < total:
        if view.find(b'"', start, stop) < 0:  # no quotes: every newline ends a record
            newline = view.rfind(b"\n", start, stop)
            if newline >= 0:
                return newline + 1
        else:
            end = _records_end(view[start:stop])
            if end:
                return start + end
        if stop - start >= size * _MAX_BLOCK_GROWTH:
            # Quotes never balance (a stray quote): cut at a line and let the parser judge.
            return view.rfind(b"\n", start, stop) + 1 or stop
        stop = min(start + 2 * (stop - start), total)  # a record longer than the block
    return total


def _release(view: mmap.mmap, start: int, end: int) -> None:
    """Let the kernel drop the pages of a block that has been read (they count as memory)."""
    if hasattr(view, "madvise") and hasattr(mmap, "MADV_DONTNEED"):
        first = start - start % mmap.PAGESIZE
        view.madvise(mmap.MADV_DONTNEED, first, end - first)


def _records_end(text: bytes) -> int:
    """Just past the last newline outside quotes (text starts outside quotes), or 0."""
    quotes = text.count(b'"')
    newline = text.rfind(b"\n")
    while newline >= 0:
        if (quotes - text.count(b'"', newline)) % 2 == 0:
            return newline + 1
        newline = text.rfind(b"\n", 0, newline)
    return 0


def _long_row_reason(width: int, spare: list[str]) -> pl.Expr:
    """Rows with fields beyond the header, counted through the spare columns."""
    last = pl.max_horizontal(
        pl.when(pl.col(name).is_not_null()).then(pl.lit(i)) for i, name in enumerate(spare, 1)
    )
    count = (last + width).cast(pl.String)
    more = pl.when(last == len(spare)).then(pl.lit("at least ")).otherwise(pl.lit(""))
    text = pl.lit("row has ") + more + count + pl.lit(f" fields, header has {width}")
    return pl.when(last.is_not_null()).then(text)


def _cut_last_row(path: Path, head: CsvHead, width: int) -> str | None:
    """A reason when the file stops mid-row: no final newline and a short last line."""
    with path.open("rb") as fh:
        size = fh.seek(0, io.SEEK_END)
        fh.seek(max(0, size - _SNIFF_CHARS))
        tail = fh.read()
    if tail.endswith(b"\n"):
        return None
    last_line = tail.rsplit(b"\n", 1)[-1].decode("utf-8", errors="replace")
    try:
        fields = next(csv.reader([last_line], delimiter=head.separator), [])
    except csv.Error:  # a bare CR inside the line
        fields = last_line.split(head.separator)
    if len(fields) >= width:
        return None
    return f"row has {len(fields)} fields, header has {width} (the file is cut off here)"
