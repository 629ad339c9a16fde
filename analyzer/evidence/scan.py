"""Stream one log file and keep only the lines that may hold evidence.

The file is read in chunks of whole lines (a few MB, so memory stays flat however big the
log); each chunk becomes a polars column of lines and one vectorized prefilter
(``signals.prefilter``) keeps the candidate lines. That prefilter is the only work done on
every line, which is what makes the scan fast.

A candidate that continues a multi-line record (a traceback line, a ``[stdout]`` block, a
.NET stack frame) gets the first line of its record, found by walking back from it; the
record still open at the end of a chunk is carried into the next. Chunks that are not valid
UTF-8 are decoded with U+FFFD for the bad bytes. Bare ``\r`` ends lines too (``lineends``).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from analyzer.evidence.lineends import last_line_end, rest_of_line, unix_line_ends
from analyzer.limits import DEFAULT_LIMITS

MAX_LINE_CHARS = 1000  # evidence lines are cut here so a runaway line cannot blow up memory
MAX_RECORD_CHARS = 200  # a record line is kept only for its timestamp and level
TAIL_WALK = 2000  # lines walked back from a chunk's end before searching it vectorized

HIT_SCHEMA: dict[str, pl.DataType] = {
    "n": pl.Int64(),  # 0-based line index in the file
    "line": pl.String(),
    "rec": pl.String(),  # the record's first line; null when the hit starts the record
}


@dataclass
class ScanResult:
    """The candidate lines of one file, and how many lines it has."""

    hits: pl.DataFrame  # HIT_SCHEMA
    lines: int
    lossy: bool = False


@dataclass
class _State:
    """What the scan carries from one chunk to the next."""

    start: re.Pattern[str]
    carry: str | None = None  # first line of the record open at the end of the last chunk
    lines: int = 0
    lossy: bool = False
    parts: list[pl.DataFrame] = field(default_factory=list)


def scan_file(
    path: Path, start_re: str, hit: pl.Expr, chunk_bytes: int = DEFAULT_LIMITS.log_chunk_bytes
) -> ScanResult:
    """Stream ``path``; keep lines where ``hit`` holds, each with its record's first line."""
    state = _State(re.compile(start_re))
    for data, cut_line in _prefetched(_chunks(path, chunk_bytes)):
        frame = _lines(data, cut_line, state)
        hits = frame.with_row_index("i").filter(hit)
        if hits.height:
            state.parts.append(_with_records(frame, hits, start_re, state))
        state.carry = _last_record_line(frame, start_re, state)
        state.lines += frame.height
    hits = pl.concat(state.parts) if state.parts else pl.DataFrame(schema=HIT_SCHEMA)
    return ScanResult(hits, state.lines, state.lossy)


def _prefetched(chunks: Iterator[tuple[bytes, bool]]) -> Iterator[tuple[bytes, bool]]:
    """The same chunks, the next one read by a helper thread while this one is searched."""
    with ThreadPoolExecutor(max_workers=1) as reader:
        ahead = reader.submit(next, chunks, None)
        while (item := ahead.result()) is not None:
            ahead = reader.submit(next, chunks, None)
            yield item


def _chunks(path: Path, chunk_bytes: int) -> Iterator[tuple[bytes, bool]]:
    """About ``chunk_bytes`` of ``path`` at a time, and whether its last line is cut short.

    A cut last line is read again at the start of the next chunk; a line longer than a
    chunk is read whole.
    """
    with path.open("rb") as fh:
        head = fh.read(len(codecs.BOM_UTF8))
        if head != codecs.BOM_UTF8:
            fh.seek(0)
        while data := fh.read(chunk_bytes):
            if len(data) < chunk_bytes or data.endswith(b"\n"):
                yield data, False
                continue
            cut = last_line_end(data)  # \n, \r\n and bare \r all end lines
            if cut == 0:
                yield data + rest_of_line(fh, chunk_bytes), False
                continue
            fh.seek(cut - len(data), 1)
            yield data, True


def _lines(data: bytes, cut_line: bool, state: _State) -> pl.DataFrame:
    data = unix_line_ends(data)
    try:
        frame = pl.read_lines(data)
    except pl.exceptions.ComputeError:
        state.lossy = True
        frame = pl.read_lines(data.decode("utf-8", "replace").encode("utf-8"))
    return frame.head(frame.height - 1) if cut_line else frame


def _with_records(
    frame: pl.DataFrame, hits: pl.DataFrame, start_re: str, state: _State
) -> pl.DataFrame:
    """The hits with their file line index and, for continuation lines, their record line."""
    lines = frame.get_column("line")
    flagged = hits.with_columns(pl.col("line").str.contains(start_re).alias("start"))
    records: list[str | None] = []
    known: str | None = state.carry  # record of everything up to the previous hit
    previous = -1
    for i, is_start in flagged.select("i", "start").iter_rows():
        if is_start:
            records.append(None)
            known = lines[i]
        else:
            found = _walk_back(lines, i - 1, previous, state.start)
            known = found if found is not None else known
            records.append(None if known is None else known[:MAX_RECORD_CHARS])
        previous = i
    # Fresh strings: a filtered column still points into the whole chunk's buffers, and
    # keeping it would keep every chunk of the file in memory.
    texts = [text[:MAX_LINE_CHARS] for text in flagged.get_column("line").to_list()]
    return pl.DataFrame(
        {
            "n": flagged.get_column("i").cast(pl.Int64) + state.lines,
            "line": pl.Series(texts, dtype=pl.String),
            "rec": pl.Series(records, dtype=pl.String),
        },
        schema=HIT_SCHEMA,
    )


def _walk_back(lines: pl.Series, i: int, stop: int, start: re.Pattern[str]) -> str | None:
    """The nearest record start in lines[stop+1 .. i], walking backwards; None if none."""
    while i > stop:
        text = lines[i]
        if start.match(text):
            return str(text)
        i -= 1
    return None


def _last_record_line(frame: pl.DataFrame, start_re: str, state: _State) -> str | None:
    """The first line of the record still open at the chunk's end (else the old carry)."""
    lines = frame.get_column("line")
    found = _walk_back(lines, frame.height - 1, max(-1, frame.height - 1 - TAIL_WALK), state.start)
    if found is None and frame.height > TAIL_WALK:
        starts = frame.select(pl.col("line").str.contains(start_re).arg_true()).to_series()
        found = str(lines[int(starts[-1])]) if starts.len() else None
    return state.carry if found is None else found[:MAX_RECORD_CHARS]
