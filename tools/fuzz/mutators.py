"""Mutations of raw inputs: bytes, lines, CSV fields, encodings and gzip containers.

Every mutator takes the worker's seeded ``random.Random`` and a seed and returns a
``Mutation`` (or None when it does not apply to that seed). Mutators that keep a CSV's
records well formed give the fuzzer's own record count; mutators that only re-encode or
re-wrap the content mark the mutant equivalent to its seed.
"""

from __future__ import annotations

import gzip
import random
from functools import lru_cache

from tools.fuzz import csvdoc
from tools.fuzz.model import ALL_KINDS, TEXT_KINDS, Mutation, mutator
from tools.fuzz.seeds import Kind, Seed

CSV: frozenset[Kind] = frozenset({"csv"})
SPECIAL_BYTES = (b'"', b",", b";", b"\t", b"\n", b"\r", b"\x00", b"\xff", b"\\", b"{", b"[", b"<")

GENERIC_VALUES = (
    "",
    " ",
    '"',
    '""',
    "'",
    ",",
    ";",
    "\t",
    "a,b;c",
    'say "hi"',
    "line one\nline two",
    "\r",
    "A" * 100_000,
    "9" * 5_000,
    "-1",
    "1e308",
    "NaN",
    "null",
    "TRUE",
    "=cmd|' /C calc'!A0",
    "@SUM(1)",
    "\x1b[31mred\x1b[0m",
    "\u202ereversed",
    "\U0001d518\U0001d52b",
    "åäö ÅÄÖ",
    "\ufeffbom",
    "\x00nul",
    '{"a": [1, 2]}',
    "[]",
)
DATE_VALUES = (
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "1899-12-31T00:00:00Z",
    "2200-12-31T23:59:59Z",
    "2201-01-01T00:00:00Z",
    "2026-02-30T00:00:00Z",
    "2026-13-01",
    "31/12/2026 25:61",
    "11/17/2026, 10:05:31.123 PM",
    "17.11.2026 22:05",
    "2026-11-17T22:00:00+14:00",
    "2026-11-17T22:00:00.123456789012Z",
    "1970-01-01T00:00:00Z",
    "0",
    "1e10",
    "2026-W47",
    "yesterday",
    "+002026-11-17",
)
STATUS_VALUES = (
    "Failed",
    "failed",
    " FAILED ",
    "Completed",
    "CompletedWithWarnings",
    "InProgress",
    "Cancelled",
    "Misslyckades",
    "Slutförd",
    "Unknown",
)
CODE_VALUES = (
    "UserErrorGuestAgentStatusUnavailable",
    "usererrorfsfreezefailed",
    "ExtentionOperationFailed",
    "320001",
    "400094",
    "0",
    "-2147024891",
    "0x80070005",
    "Success",
    "UserError" + "X" * 1_000,
)
DURATION_VALUES = ("-1", "0", "1,5", "00:16:13.7800000", "9" * 30, "1e400", "10675199.02:48:05")


def _values_for(column: str) -> tuple[str, ...]:
    """Values that probe the column's meaning (told by its name), else generic ones."""
    name = column.lower()
    for words, values in (
        (("time", "date", "generated"), DATE_VALUES),
        (("status",), STATUS_VALUES),
        (("code", "error"), CODE_VALUES),
        (("duration",), DURATION_VALUES),
    ):
        if any(word in name for word in words):
            return values
    return GENERIC_VALUES


def _value(rng: random.Random, column: str) -> str:
    pool = _values_for(column) if rng.random() < 0.7 else GENERIC_VALUES + DATE_VALUES
    return rng.choice(pool)


@lru_cache(maxsize=64)
def _doc(seed: Seed) -> csvdoc.CsvDoc | None:
    if seed.kind != "csv":
        return None
    text = csvdoc.decode(seed.data)
    return None if text is None else csvdoc.parse(text)


def _records(seed: Seed) -> int | None:
    doc = _doc(seed)
    return None if doc is None else doc.data_records


# --- bytes -------------------------------------------------------------------------------


@mutator("byte", ALL_KINDS)
def byte_flip(rng: random.Random, seed: Seed) -> Mutation | None:
    data = bytearray(seed.data)
    for _ in range(rng.randint(1, 8)):
        data[rng.randrange(len(data))] ^= rng.randint(1, 255)
    return Mutation(bytes(data))


@mutator("byte", ALL_KINDS)
def byte_insert(rng: random.Random, seed: Seed) -> Mutation | None:
    data = bytearray(seed.data)
    for _ in range(rng.randint(1, 16)):
        chunk = rng.choice(SPECIAL_BYTES) if rng.random() < 0.6 else bytes([rng.randrange(256)])
        at = rng.randint(0, len(data))
        data[at:at] = chunk
    return Mutation(bytes(data))


@mutator("byte", ALL_KINDS)
def byte_delete(rng: random.Random, seed: Seed) -> Mutation | None:
    start = rng.randrange(len(seed.data))
    end = min(len(seed.data), start + rng.randint(1, 64))
    return Mutation(seed.data[:start] + seed.data[end:])


@mutator("byte", ALL_KINDS)
def byte_chunk_repeat(rng: random.Random, seed: Seed) -> Mutation | None:
    start = rng.randrange(len(seed.data))
    chunk = seed.data[start : start + rng.randint(1, 4096)]
    at = rng.randint(0, len(seed.data))
    return Mutation(seed.data[:at] + chunk * rng.randint(1, 8) + seed.data[at:])


@mutator("byte", ALL_KINDS)
def byte_truncate(rng: random.Random, seed: Seed) -> Mutation | None:
    return Mutation(seed.data[: rng.randrange(len(seed.data))])


# --- lines -------------------------------------------------------------------------------


def _lines(seed: Seed) -> list[bytes]:
    return seed.data.splitlines(keepends=True)


def _first_data_line(seed: Seed) -> int | None:
    """Index of the first data line when every record of the CSV seed is one line."""
    doc = _doc(seed)
    if doc is None or not csvdoc.single_line_records(doc):
        return None
    return len(doc.preamble) + 1


def _line_records(seed: Seed, touched: list[int], data: bytes) -> int | None:
    """The record count of a line mutant, defined when only data lines were touched."""
    first = _first_data_line(seed)
    if first is None or min(touched) < first:
        return None
    return csvdoc.count_records(data)


def _ensure_eol(line: bytes) -> bytes:
    return line if line.endswith((b"\n", b"\r")) else line + b"\n"


@mutator("line", TEXT_KINDS)
def line_duplicate(rng: random.Random, seed: Seed) -> Mutation | None:
    lines = _lines(seed)
    n = rng.randrange(len(lines))
    copies = rng.choice((1, 1, 2, 50, 2_000))
    lines[n : n + 1] = [_ensure_eol(lines[n])] * (copies + 1)
    data = b"".join(lines)
    return Mutation(data, _line_records(seed, [n], data))


@mutator("line", TEXT_KINDS)
def line_delete(rng: random.Random, seed: Seed) -> Mutation | None:
    lines = _lines(seed)
    n = rng.randrange(len(lines))
    del lines[n : n + rng.choice((1, 1, 3))]
    data = b"".join(lines)
    return Mutation(data, _line_records(seed, [n], data))


@mutator("line", TEXT_KINDS)
def line_swap(rng: random.Random, seed: Seed) -> Mutation | None:
    lines = [_ensure_eol(line) for line in _lines(seed)]
    if len(lines) < 2:
        return None
    a, b = rng.sample(range(len(lines)), 2)
    lines[a], lines[b] = lines[b], lines[a]
    data = b"".join(lines)
    return Mutation(data, _line_records(seed, [a, b], data))


# --- CSV fields --------------------------------------------------------------------------


def _data_rows(doc: csvdoc.CsvDoc) -> list[int]:
    return [n for n in range(1, len(doc.records)) if any(doc.records[n])]


def _rendered(doc: csvdoc.CsvDoc, rng: random.Random) -> bytes:
    text = doc.render()
    return text.encode("utf-8-sig" if rng.random() < 0.2 else "utf-8")


@mutator("field", CSV)
def field_value(rng: random.Random, seed: Seed) -> Mutation | None:
    """A few fields of data records get values that probe quoting, size, dates, codes."""
    doc = _doc(seed)
    rows = _data_rows(doc) if doc else []
    if doc is None or not rows:
        return None
    records = [list(r) for r in doc.records]
    header = records[0]
    for _ in range(rng.randint(1, 4)):
        row = records[rng.choice(rows)]
        if not row:
            continue
        col = rng.randrange(len(row))
        row[col] = _value(rng, header[col] if col < len(header) else "")
    mutated = doc.with_records(records)
    return Mutation(_rendered(mutated, rng), mutated.data_records)


@mutator("field", CSV)
def field_column(rng: random.Random, seed: Seed) -> Mutation | None:
    """One column gets probing values in every record."""
    doc = _doc(seed)
    if doc is None or len(doc.records) < 2:
        return None
    records = [list(r) for r in doc.records]
    col = rng.randrange(len(records[0]))
    for row in records[1:]:
        if col < len(row) and any(row):
            row[col] = _value(rng, records[0][col])
    mutated = doc.with_records(records)
    return Mutation(_rendered(mutated, rng), mutated.data_records)


@mutator("field", CSV)
def field_row_shape(rng: random.Random, seed: Seed) -> Mutation | None:
    """Records cut short, made longer, emptied, or a column dropped or added everywhere."""
    doc = _doc(seed)
    rows = _data_rows(doc) if doc else []
    if doc is None or not rows:
        return None
    records = [list(r) for r in doc.records]
    how = rng.choice(("short", "long", "empty-fields", "drop-column", "add-column"))
    if how in ("drop-column", "add-column"):
        col = rng.randrange(len(records[0]))
        for row in records:
            if how == "drop-column" and col < len(row):
                del row[col]
            elif how == "add-column":
                row.insert(col, rng.choice(GENERIC_VALUES))
    else:
        for n in rng.sample(rows, min(len(rows), rng.randint(1, 5))):
            row = records[n]
            if how == "short":
                del row[rng.randint(1, max(1, len(row) - 1)) :]
            elif how == "long":
                row.extend(rng.choice(GENERIC_VALUES) for _ in range(rng.randint(1, 20)))
            else:
                records[n] = [""] * len(row)
    mutated = doc.with_records(records)
    return Mutation(_rendered(mutated, rng), _shape_count(mutated))


def _shape_count(doc: csvdoc.CsvDoc) -> int | None:
    """The record count, undefined when a record of the wrong width spans several lines.

    bjla takes such a record for a field run on by a stray quote (issue 12) and reports
    it line by line, so its rows read count each of those lines.
    """
    width = len(doc.records[0])
    for record in doc.records[1:]:
        if len(record) != width and any("\n" in v or "\r" in v for v in record):
            return None
    return doc.data_records


@mutator("field", CSV)
def field_header(rng: random.Random, seed: Seed) -> Mutation | None:
    """Header names renamed, emptied, repeated, or the header repeated many times."""
    doc = _doc(seed)
    if doc is None:
        return None
    records = [list(r) for r in doc.records]
    header = records[0]
    how = rng.choice(("empty", "duplicate", "case", "junk", "many-duplicates"))
    col = rng.randrange(len(header))
    if how == "empty":
        header[col] = ""
    elif how == "duplicate":
        header[col] = header[rng.randrange(len(header))]
    elif how == "case":
        header[col] = header[col].swapcase()
    elif how == "junk":
        header[col] = rng.choice(GENERIC_VALUES)
    else:
        header.extend([header[col]] * rng.choice((10, 500, 3_000)))
    return Mutation(_rendered(doc.with_records(records), rng))


@mutator("field", CSV)
def field_stray_quote(rng: random.Random, seed: Seed) -> Mutation | None:
    """One raw ``"`` inside a data line: that line is broken, every other record is not."""
    first = _first_data_line(seed)
    lines = _lines(seed)
    if first is None or first >= len(lines):
        return None
    n = rng.randrange(first, len(lines))
    line = lines[n]
    at = rng.randrange(max(1, len(line.rstrip(b"\r\n"))))
    lines[n] = line[:at] + b'"' + line[at:]
    records = _records(seed)
    blank = not line.strip(b" \t,;|\r\n")  # a blank line with a quote is a (bad) row now
    return Mutation(b"".join(lines), None if records is None else records + blank)


# --- encodings ---------------------------------------------------------------------------


def _text(seed: Seed) -> str | None:
    return csvdoc.decode(seed.data)


def _same(seed: Seed, data: bytes) -> Mutation:
    """A mutant holding the seed's content unchanged."""
    return Mutation(data, _records(seed), equivalent=True)


def _body(seed: Seed) -> bytes:
    return seed.data.removeprefix(b"\xef\xbb\xbf")


@mutator("encoding", TEXT_KINDS)
def enc_bom(rng: random.Random, seed: Seed) -> Mutation | None:
    return _same(seed, b"\xef\xbb\xbf" + _body(seed))


@mutator("encoding", TEXT_KINDS)
def enc_utf16(rng: random.Random, seed: Seed) -> Mutation | None:
    text = _text(seed)
    if text is None:
        return None
    codec = rng.choice(("utf-16", "utf-16-le", "utf-16-be"))
    bom = {"utf-16": b"", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[codec]
    return _same(seed, bom + text.encode(codec, errors="surrogatepass"))


@mutator("encoding", TEXT_KINDS)
def enc_cp1252_file(rng: random.Random, seed: Seed) -> Mutation | None:
    text = _text(seed)
    try:
        data = text.encode("cp1252") if text is not None else None
    except UnicodeEncodeError:
        return None
    return None if data is None else _same(seed, data)


def _char_boundaries(line: bytes) -> list[int]:
    """Offsets in ``line`` that do not split a UTF-8 sequence."""
    return [i for i in range(len(line) + 1) if i == len(line) or (line[i] & 0xC0) != 0x80]


@mutator("encoding", TEXT_KINDS)
def enc_stray_byte(rng: random.Random, seed: Seed) -> Mutation | None:
    """One byte that is not UTF-8 (a cp1252 letter, an undefined 0x81, a lone lead byte)."""
    lines = _lines(seed)
    first = _first_data_line(seed) or 0
    # Not on a blank line: that would make a one-field record of it, and the seed's count
    # of records (the expectation below) would no longer hold.
    filled = [i for i in range(first, len(lines)) if lines[i].strip()]
    if not filled:
        return None
    n = rng.choice(filled)
    line = lines[n]
    body = line.rstrip(b"\r\n")
    at = rng.choice(_char_boundaries(body))
    stray = rng.choice((b"\xe9", b"\xe4", b"\x96", b"\x81", b"\x9d", b"\xc3", b"\xed\xa0\x80"))
    lines[n] = line[:at] + stray + line[at:]
    return Mutation(b"".join(lines), _records(seed) if seed.kind == "csv" else None)


def _eol(seed: Seed, choose: list[bytes], rng: random.Random) -> bytes:
    lines = seed.data.splitlines()
    ends = [rng.choice(choose) for _ in lines]
    trail = seed.data.endswith((b"\n", b"\r"))
    joined = b"".join(line + end for line, end in zip(lines, ends, strict=True))
    return joined if trail else joined[: -len(ends[-1])] if ends else joined


@mutator("encoding", TEXT_KINDS)
def enc_crlf(rng: random.Random, seed: Seed) -> Mutation | None:
    return _same(seed, _eol(seed, [b"\r\n"], rng))


@mutator("encoding", TEXT_KINDS)
def enc_bare_cr(rng: random.Random, seed: Seed) -> Mutation | None:
    return _same(seed, _eol(seed, [b"\r"], rng))


@mutator("encoding", TEXT_KINDS)
def enc_mixed_eol(rng: random.Random, seed: Seed) -> Mutation | None:
    return _same(seed, _eol(seed, [b"\n", b"\r\n", b"\r"], rng))


@mutator("encoding", TEXT_KINDS)
def enc_nul(rng: random.Random, seed: Seed) -> Mutation | None:
    data = bytearray(seed.data)
    for _ in range(rng.randint(1, 4)):
        at = rng.randint(0, len(data))
        data[at:at] = b"\x00" * rng.choice((1, 1, 2, 1_000))
    return Mutation(bytes(data))


@mutator("encoding", TEXT_KINDS)
def enc_bom_inside(rng: random.Random, seed: Seed) -> Mutation | None:
    lines = _lines(seed)
    n = rng.randrange(len(lines))
    lines[n] = rng.choice((b"\xef\xbb\xbf", b"\xff\xfe")) + lines[n]
    return Mutation(b"".join(lines))


# --- gzip --------------------------------------------------------------------------------


def _gz(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=6, mtime=0)


@mutator("gzip", ALL_KINDS)
def gz_wrap(rng: random.Random, seed: Seed) -> Mutation | None:
    return Mutation(_gz(seed.data), _records(seed), equivalent=True, suffix=".gz")


@mutator("gzip", ALL_KINDS)
def gz_members(rng: random.Random, seed: Seed) -> Mutation | None:
    """The content split over several gzip members (as ``cat a.gz b.gz`` makes)."""
    cuts = sorted(rng.sample(range(1, len(seed.data)), min(len(seed.data) - 1, 3)))
    parts = [seed.data[a:b] for a, b in zip([0, *cuts], [*cuts, len(seed.data)], strict=True)]
    data = b"".join(_gz(part) for part in parts)
    return Mutation(data, _records(seed), equivalent=True, suffix=".gz")


@mutator("gzip", ALL_KINDS)
def gz_truncate(rng: random.Random, seed: Seed) -> Mutation | None:
    packed = _gz(seed.data)
    return Mutation(packed[: rng.randrange(len(packed))], suffix=".gz")


@mutator("gzip", ALL_KINDS)
def gz_corrupt(rng: random.Random, seed: Seed) -> Mutation | None:
    packed = bytearray(_gz(seed.data))
    where = rng.choice(("body", "trailer", "header"))
    span = {"body": (10, len(packed) - 8), "trailer": (len(packed) - 8, len(packed))}
    low, high = span.get(where, (0, 10))
    for _ in range(rng.randint(1, 3)):
        packed[rng.randrange(low, max(low + 1, high))] ^= rng.randint(1, 255)
    return Mutation(bytes(packed), suffix=".gz")


@mutator("gzip", ALL_KINDS)
def gz_trailing(rng: random.Random, seed: Seed) -> Mutation | None:
    """A whole member followed by garbage, a second copy, an empty member or a gzip in gzip."""
    packed = _gz(seed.data)
    how = rng.choice(("garbage", "zeros", "twice", "empty-member", "nested"))
    data = {
        "garbage": packed + rng.randbytes(rng.randint(1, 512)),
        "zeros": packed + b"\x00" * rng.randint(1, 512),
        "twice": packed + packed,
        "empty-member": _gz(b"") + packed,
        "nested": _gz(packed),
    }[how]
    return Mutation(data, suffix=".gz")


@mutator("gzip", TEXT_KINDS)
def gz_large(rng: random.Random, seed: Seed) -> Mutation | None:
    """A small .gz of a few MB of the seed's last line repeated: big, but not a bomb."""
    lines = seed.data.splitlines(keepends=True)
    line = _ensure_eol(lines[-1])
    copies = max(1, rng.choice((4, 8, 16)) * 2**20 // len(line))
    data = b"".join(lines[:-1]) + line * copies
    first = _first_data_line(seed)
    seed_records = _records(seed)
    last_is_record = first is not None and len(lines) > first and line.strip(b'\r\n,;\t"')
    records = seed_records + copies - 1 if seed_records is not None and last_is_record else None
    return Mutation(_gz(data), records, suffix=".gz")
