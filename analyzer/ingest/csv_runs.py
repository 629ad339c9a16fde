"""Many small plain CSV files with one header, read by one polars parse (a folder of exports).

The exact reader (``csv_exact``) spends Python on every line, and each small file adds a
few polars queries of its own (staging, ranking its time layouts): most of the time of a
folder of daily exports. A file is *plain* when its data holds no quote, CR or NUL byte
and every line has exactly the header's fields: then each line is one record, split at
the separator alike by Python's ``csv`` and by polars. The plain files of a batch are
joined (their data only) and read by one ``pl.read_csv``; each row keeps its file's index
and its own record number, rows of empty fields only are dropped (as the exact reader
skips them), and the batch is staged in one query. Each file then comes back as the same
``SourceRead.small`` that ``detect.read_csv`` gives it (its time layouts are ranked with
the other files' by ``model.rank_together``), so the records and every later step are the
same.

The header of the first file with a new header is sniffed and recognised as
``detect.read_csv`` does; a later file whose bytes up to its header's end are the same
reuses that reading. Every other file (not plain, another or an unknown header, JSON,
large, empty) is left to ``detect.read_source``, which reads it, or names its problem,
as it always has.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import repeat

import polars as pl

from analyzer.errors import InputError
from analyzer.ingest.csv_reader import CsvHead, sniff_heads
from analyzer.ingest.detect import recognise
from analyzer.ingest.headers import Columns, header_keys
from analyzer.ingest.json_shapes import looks_like_json
from analyzer.ingest.model import PRE_REJECT, ROW, SourceRead, TableFamily, stage_table
from analyzer.ingest.normalize import StageInfo
from analyzer.inputs import LocalFile

_FILE = "__file"  # a row's file: its index in the batch
_NOT_PLAIN = (b'"', b"\r", b"\0")
_HEAD_BYTES = 1024  # holds the 256 characters ``detect.read_source`` looks at for JSON
_HEAD_CHARS = 256
_MAX_PREFIX = 60_000  # bytes up to the header's end (``sniff_heads`` reads 64k characters)


@dataclass(frozen=True)
class _Header:
    """A recognised header: the file's bytes up to its end, and how it reads."""

    prefix: bytes
    head: CsvHead
    family: TableFamily
    keys: list[str]


@dataclass(frozen=True)
class _Plain:
    """A plain file's data lines (each ending in a newline) under a known header."""

    local: LocalFile
    header: _Header
    body: bytes
    lines: int


class PlainCsvReader:
    """Reads batches of small plain CSV files; remembers the headers it has recognised."""

    def __init__(self) -> None:
        self._headers: list[_Header] = []

    @staticmethod
    def may_take(local: LocalFile) -> bool:
        """Whether ``local`` could be a small plain CSV file (cheap: no reading)."""
        return not local.binary and 0 < local.size <= local.limits.csv_eager_bytes

    def read(self, locals_: list[LocalFile]) -> list[SourceRead | None]:
        """Each file as ``detect.read_csv`` reads it, or None to be read that way."""
        plain = [self._plain(local) if self.may_take(local) else None for local in locals_]
        results: list[SourceRead | None] = [None] * len(locals_)
        by_header: dict[int, list[int]] = {}
        for at, found in enumerate(plain):
            if found is not None:
                by_header.setdefault(id(found.header), []).append(at)
        for ats in by_header.values():
            try:
                reads = _parse([found for at in ats if (found := plain[at]) is not None])
            except pl.exceptions.PolarsError:
                continue  # read one by one, where the problem is named
            for at, read in zip(ats, reads, strict=True):
                results[at] = read
        return results

    def _plain(self, local: LocalFile) -> _Plain | None:
        data = local.path.read_bytes()
        if any(byte in data for byte in _NOT_PLAIN):
            return None
        if looks_like_json(data[:_HEAD_BYTES].decode("utf-8", "replace")[:_HEAD_CHARS]):
            return None
        header = self._header_of(local, data)
        if header is None:
            return None
        body = data[len(header.prefix) :]
        lines = body.split(b"\n")
        if lines[-1]:
            body += b"\n"
        else:
            lines.pop()
        width = len(header.keys)
        fields = set(map(bytes.count, lines, repeat(header.head.separator.encode())))
        if not lines or fields != {width - 1}:
            return None
        return _Plain(local, header, body, len(lines))

    def _header_of(self, local: LocalFile, data: bytes) -> _Header | None:
        for header in self._headers:
            if data.startswith(header.prefix):
                return header
        try:
            head, family = recognise(local.name, sniff_heads(local.name, local.path))
        except InputError:
            return None
        prefix = _prefix(data, head.skip_lines + 1)
        keys = header_keys(head.headers)
        if prefix is None or len(head.separator.encode()) != 1 or len(keys) < 2:
            return None
        header = _Header(prefix, head, family, keys)
        self._headers.insert(0, header)
        return header


def _prefix(data: bytes, lines: int) -> bytes | None:
    """The first ``lines`` lines, if they are the lines ``sniff_heads`` reads there."""
    end = 0
    for _ in range(lines):
        end = data.find(b"\n", end, _MAX_PREFIX) + 1
        if end == 0:
            return None
    prefix = data[:end]
    try:
        text = prefix.decode("utf-8")
    except UnicodeDecodeError:
        return None
    # Only LF ends these lines (``str.splitlines`` also ends one at VT, FF, U+2028 ...).
    return prefix if len(text.splitlines()) == lines else None


def _parse(files: list[_Plain]) -> list[SourceRead]:
    """Plain files of one header, read, staged and ranked together; one SourceRead each."""
    header = files[0].header
    keys, family = header.keys, header.family
    frame = pl.read_csv(
        b"".join(file.body for file in files),
        has_header=False,
        schema=dict.fromkeys(keys, pl.String()),
        separator=header.head.separator,
        quote_char=None,
    )
    counts = [file.lines for file in files]
    if frame.height != sum(counts):
        raise pl.exceptions.ComputeError("plain CSV rows do not match their lines")
    index = pl.DataFrame(
        {_FILE: range(len(files)), "n": counts}, schema={_FILE: pl.Int32, "n": pl.Int64}
    )
    frame = frame.with_columns(index.select(pl.col(_FILE).repeat_by("n").explode()).to_series())
    raw = frame.lazy().with_columns(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).over(_FILE).alias(ROW),
        pl.lit(None, pl.String).alias(PRE_REJECT),
    )
    # A record of empty fields only is skipped by the exact reader (its number still counts).
    raw = raw.filter(pl.any_horizontal(pl.col(keys).is_not_null()))
    staged = stage_table(raw, family, Columns(keys), keep=(_FILE,)).collect()
    parts = staged.partition_by(_FILE, as_dict=True, include_key=False)
    empty = staged.clear().drop(_FILE)
    shape = family.shape_id("csv")
    return [
        SourceRead.small(
            parts.get((at,), empty), StageInfo(file.local.name, shape, family.duration_unit), []
        )
        for at, file in enumerate(files)
    ]
