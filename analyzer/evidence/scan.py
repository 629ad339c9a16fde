"""Stream one log file and keep only the lines that may hold evidence.

The file is read in chunks of whole lines (a few MB, so memory stays flat however big the
log). Each chunk is cut into pieces of a few KB at line ends, and a *screen* (``literals``:
fixed strings that every signal match contains, searched by the regex engine's SIMD
literal search) keeps the pieces that hold one. Only their lines are split out, screened
again one by one, and tested with the vectorized prefilter (``signals.prefilter``). Without
a screen every line goes to the prefilter, which gives the same lines, more slowly. Chunks
are screened by worker threads (polars releases the GIL) while this thread reads the next
one and attaches records, in file order.

A candidate that continues a multi-line record (a traceback line, a ``[stdout]`` block, a
.NET stack frame) gets the first line of its record, found by walking back from it; the
record still open at the end of a chunk is carried into the next. Chunks that are not valid
UTF-8 are decoded with U+FFFD for the bad bytes. Bare ``\r`` ends lines too (``lineends``).
"""

from __future__ import annotations

import bisect
import codecs
import os
import re
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import polars as pl

from analyzer.evidence.lineends import last_line_end, rest_of_line, unix_line_ends
from analyzer.limits import DEFAULT_LIMITS

MAX_LINE_CHARS = 1000  # evidence lines are cut here so a runaway line cannot blow up memory
MAX_RECORD_CHARS = 200  # a record line is kept only for its timestamp and level
TAIL_WALK = 2000  # lines walked back from a chunk's end before searching it vectorized
PIECE_BYTES = 4096  # the screen's unit: small enough that a hit keeps little text around it
WORKERS = max(1, min(4, os.cpu_count() or 1))
AHEAD = WORKERS + 1  # chunks in flight: memory stays a few chunks whatever the file size
HIT_BATCH = 50_000  # screened lines tested together (and held at most before the test)

HIT_SCHEMA: dict[str, pl.DataType] = {
    "n": pl.Int64(),  # 0-based line index in the file
    "line": pl.String(),
    "rec": pl.String(),  # the record's first line; null when the hit starts the record
}
_CANDIDATE_SCHEMA: dict[str, pl.DataType] = {"i": pl.Int64(), "line": pl.String()}


@dataclass
class ScanResult:
    """The candidate lines of one file, and how many lines it has."""

    hits: pl.DataFrame  # HIT_SCHEMA
    lines: int
    lossy: bool = False


@dataclass
class _Chunk:
    """One chunk after the screen: its text in pieces and the lines where ``hit`` holds."""

    data: bytes  # whole lines, line ends as ``unix_line_ends`` leaves them
    bounds: list[int]  # byte offset of each piece, then the chunk's length
    firsts: list[int]  # index (in the chunk) of each piece's first line, then the line count
    candidates: pl.DataFrame  # _CANDIDATE_SCHEMA, in line order
    lossy: bool
    _split: dict[int, list[str]] = field(default_factory=dict)

    @property
    def lines(self) -> int:
        return self.firsts[-1]

    def line(self, i: int) -> str:
        """Line ``i`` of the chunk, as polars' line reader gives it."""
        k = bisect.bisect_right(self.firsts, i) - 1
        if k not in self._split:
            self._split.clear()  # walks go backwards: one piece's lines at a time is enough
            piece = self.data[self.bounds[k] : self.bounds[k + 1]]
            text = piece.decode("utf-8", "replace").removesuffix("\n")
            self._split[k] = [part.removesuffix("\r") for part in text.split("\n")]
        return self._split[k][i - self.firsts[k]]


@dataclass
class _State:
    """What the scan carries from one chunk to the next."""

    start: re.Pattern[str]
    carry: str | None = None  # first line of the record open at the end of the last chunk
    lines: int = 0
    lossy: bool = False
    pending: list[pl.DataFrame] = field(default_factory=list)  # candidates, whole lines
    parts: list[pl.DataFrame] = field(default_factory=list)  # hits, cut to MAX_LINE_CHARS

    def flush(self, hit: pl.Expr) -> None:
        """Keep the pending candidates where ``hit`` holds."""
        if not self.pending:
            return
        hits = pl.concat(self.pending).filter(hit)
        self.pending.clear()
        texts = [text[:MAX_LINE_CHARS] for text in hits.get_column("line").to_list()]
        self.parts.append(hits.with_columns(line=pl.Series(texts, dtype=pl.String)))


def scan_file(
    path: Path,
    start_re: str,
    hit: pl.Expr,
    screen: tuple[str, ...] | None = None,
    chunk_bytes: int = DEFAULT_LIMITS.log_chunk_bytes,
) -> ScanResult:
    """Stream ``path``; keep lines where ``hit`` holds, each with its record's first line.

    ``screen``: regexes one of which matches every line where ``hit`` holds
    (``literals.screen_patterns``); None reads every line, an empty one none.
    """
    state = _State(re.compile(start_re))
    # With a screen, ``hit`` runs on the screened lines of many chunks at once: polars
    # compiles a regex on every call, and the signals' alternation costs milliseconds.
    early = None if screen else hit
    for chunk in _screened(_chunks(path, chunk_bytes), screen, early):
        state.lossy |= chunk.lossy
        if chunk.candidates.height:
            state.pending.append(_with_records(chunk, start_re, state))
            if sum(part.height for part in state.pending) >= HIT_BATCH:
                state.flush(hit)
        state.carry = _last_record_line(chunk, start_re, state)
        state.lines += chunk.lines
    state.flush(hit)
    hits = pl.concat(state.parts) if state.parts else pl.DataFrame(schema=HIT_SCHEMA)
    return ScanResult(hits, state.lines, state.lossy)


def _screened(
    chunks: Iterator[bytes], screen: tuple[str, ...] | None, hit: pl.Expr | None
) -> Iterator[_Chunk]:
    """The chunks screened by worker threads, a few ahead, handed back in file order."""
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        pending: deque[Future[_Chunk]] = deque()
        try:
            for data in chunks:
                pending.append(pool.submit(_screen_chunk, data, screen, hit))
                if len(pending) >= AHEAD:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for job in pending:
                job.cancel()


def _chunks(path: Path, chunk_bytes: int) -> Iterator[bytes]:
    """About ``chunk_bytes`` of ``path`` at a time, always whole lines.

    A cut last line is read again at the start of the next chunk; a line longer than a
    chunk is read whole.
    """
    with path.open("rb") as fh:
        head = fh.read(len(codecs.BOM_UTF8))
        if head != codecs.BOM_UTF8:
            fh.seek(0)
        while data := fh.read(chunk_bytes):
            if len(data) < chunk_bytes or data.endswith(b"\n"):
                yield data
                continue
            cut = last_line_end(data)  # \n, \r\n and bare \r all end lines
            if cut == 0:
                yield data + rest_of_line(fh, chunk_bytes)
                continue
            fh.seek(cut - len(data), 1)
            yield data[:cut]


def _screen_chunk(data: bytes, screen: tuple[str, ...] | None, hit: pl.Expr | None) -> _Chunk:
    """Cut a chunk into pieces, keep the lines of those the screen passes that pass it
    themselves, and that pass ``hit`` when it is given."""
    data = unix_line_ends(data)
    bounds = _piece_bounds(data)
    pieces, lossy = _piece_texts(data, bounds)
    keep = pl.any_horizontal(_matches(screen, "p")) if screen else pl.lit(screen is None)
    ends_open = pl.int_range(pl.len()) == pl.len() - 1 if data[-1:] != b"\n" else pl.lit(False)
    counted = pieces.select(
        "p",
        keep=keep,
        # lines of each piece: its line ends, and the chunk's last line if it has none
        lines=pl.col("p").str.count_matches("\n", literal=True) + ends_open.cast(pl.Int64),
    ).with_columns(first=pl.col("lines").cum_sum() - pl.col("lines"))
    firsts = [*counted.get_column("first").to_list(), int(counted.get_column("lines").sum())]
    lines = (
        counted.lazy()
        .filter("keep")
        .select(
            "first",
            line=pl.col("p").str.strip_suffix("\n").str.split("\n"),
        )
        .with_columns(pos=pl.int_ranges(pl.col("line").list.len()))
        .explode("line", "pos")
        .select(i=pl.col("first") + pl.col("pos"), line=pl.col("line").str.strip_suffix("\r"))
    )
    if screen:
        lines = lines.filter(pl.any_horizontal(_matches(screen, "line")))
    if hit is not None:
        lines = lines.filter(hit)
    candidates = lines.collect().cast(pl.Schema(_CANDIDATE_SCHEMA))
    return _Chunk(data, bounds, firsts, candidates, lossy)


def _matches(screen: tuple[str, ...], column: str) -> list[pl.Expr]:
    return [pl.col(column).str.contains(pattern) for pattern in screen]


def _piece_bounds(data: bytes) -> list[int]:
    """Offsets cutting ``data`` into pieces of about PIECE_BYTES that end at line ends."""
    bounds = [0]
    while (end := bounds[-1]) < len(data):
        cut = data.find(b"\n", end + PIECE_BYTES)
        bounds.append(len(data) if cut < 0 else cut + 1)
    return bounds


def _piece_texts(data: bytes, bounds: list[int]) -> tuple[pl.DataFrame, bool]:
    """The pieces as a text column ``p``; bytes that are not UTF-8 read as U+FFFD."""
    raw = [data[a:b] for a, b in pairwise(bounds)]
    try:
        return pl.Series("p", raw, dtype=pl.Binary).cast(pl.String).to_frame(), False
    except pl.exceptions.ComputeError:  # not UTF-8 somewhere (cast has no lossy mode)
        fixed = [piece.decode("utf-8", "replace") for piece in raw]
        return pl.Series("p", fixed, dtype=pl.String).to_frame(), True


def _with_records(chunk: _Chunk, start_re: str, state: _State) -> pl.DataFrame:
    """The candidates with their file line index and, for continuation lines, their record
    line."""
    flagged = chunk.candidates.with_columns(pl.col("line").str.contains(start_re).alias("start"))
    records: list[str | None] = []
    known: str | None = state.carry  # record of everything up to the previous hit
    previous = -1
    for i, line, is_start in flagged.iter_rows():
        if is_start:
            records.append(None)
            known = line
        else:
            found = _walk_back(chunk, i - 1, previous, state.start)
            known = found if found is not None else known
            records.append(None if known is None else known[:MAX_RECORD_CHARS])
        previous = i
    return pl.DataFrame(
        {
            "n": flagged.get_column("i").cast(pl.Int64) + state.lines,
            # fresh strings: the chunk's buffers are not kept until the batch is tested
            "line": pl.Series(flagged.get_column("line").to_list(), dtype=pl.String),
            "rec": pl.Series(records, dtype=pl.String),
        },
        schema=HIT_SCHEMA,
    )


def _walk_back(chunk: _Chunk, i: int, stop: int, start: re.Pattern[str]) -> str | None:
    """The nearest record start in lines[stop+1 .. i], walking backwards; None if none."""
    while i > stop:
        text = chunk.line(i)
        if start.match(text):
            return text
        i -= 1
    return None


def _last_record_line(chunk: _Chunk, start_re: str, state: _State) -> str | None:
    """The first line of the record still open at the chunk's end (else the old carry)."""
    height = chunk.lines
    found = _walk_back(chunk, height - 1, max(-1, height - 1 - TAIL_WALK), state.start)
    if found is None and height > TAIL_WALK:
        lines = _all_lines(chunk)
        starts = lines.select(pl.col("line").str.contains(start_re).arg_true()).to_series()
        found = str(lines.item(int(starts[-1]), "line")) if starts.len() else None
    return state.carry if found is None else found[:MAX_RECORD_CHARS]


def _all_lines(chunk: _Chunk) -> pl.DataFrame:
    """Every line of a chunk (rarely needed: a long stretch without a record start)."""
    data = chunk.data
    if chunk.lossy:
        data = data.decode("utf-8", "replace").encode("utf-8")
    return pl.read_lines(data)
