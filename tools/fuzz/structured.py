"""Structure-aware mutants: JSON job lists and XLSX workbooks built from the seeds' records.

JSON mutants take the job items of the JSON seeds, change their structure (nesting depth,
huge integers, lone surrogates, wrong types, missing and extra keys, other envelopes) and
write a list, a ``{"value": [...]}`` envelope or NDJSON: the number of items is the record
count. XLSX mutants take the rows of the XLSX seeds' first sheet and write a new workbook
with xlsxwriter: cells far away, many rows, values of the wrong type, blank rows.
"""

from __future__ import annotations

import io
import json
import random
from functools import lru_cache
from typing import Any

import xlsxwriter

from tools.fuzz.model import Mutation, mutator
from tools.fuzz.mutators import GENERIC_VALUES, _value
from tools.fuzz.seeds import Kind, Seed, all_seeds

JSON: frozenset[Kind] = frozenset({"json"})
XLSX: frozenset[Kind] = frozenset({"xlsx"})
PLACEHOLDER = "\x00fuzz-raw-{}\x00"

# --- JSON --------------------------------------------------------------------------------


def _items_of(data: bytes) -> list[Any]:
    text = data.decode("utf-8-sig", errors="replace")
    try:
        doc = json.loads(text)
    except ValueError:
        try:
            return [json.loads(line) for line in text.splitlines() if line.strip()]
        except ValueError:
            return []
    if isinstance(doc, dict):
        doc = doc.get("value", [doc])
    return [item for item in doc if isinstance(item, dict)] if isinstance(doc, list) else []


@lru_cache(maxsize=1)
def _job_items() -> tuple[str, ...]:
    """Every job item of every JSON seed, as JSON text (copied fresh for each mutant)."""
    items = [i for s in all_seeds() if s.kind == "json" for i in _items_of(s.data)]
    return tuple(json.dumps(item) for item in items)


def _pick_items(rng: random.Random) -> list[Any]:
    pool = _job_items()
    return [json.loads(rng.choice(pool)) for _ in range(rng.choice((1, 2, 5, 20, 40)))]


def _nodes(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths of every value inside ``value`` (not the root)."""
    found: list[tuple[Any, ...]] = []
    children = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, child in children:
        found.append((*path, key))
        found.extend(_nodes(child, (*path, key)))
    return found


def _parent(root: Any, path: tuple[Any, ...]) -> Any:
    for key in path[:-1]:
        root = root[key]
    return root


class _Raw:
    """JSON text spliced in after ``json.dumps`` (what the json module refuses to write)."""

    def __init__(self) -> None:
        self.pieces: list[str] = []

    def add(self, text: str) -> str:
        self.pieces.append(text)
        return PLACEHOLDER.format(len(self.pieces) - 1)

    def splice(self, text: str) -> str:
        for n, piece in enumerate(self.pieces):
            text = text.replace(json.dumps(PLACEHOLDER.format(n)), piece)
        return text


def _set_random(rng: random.Random, item: Any, make: Any) -> None:
    """Replace one random value inside ``item`` by ``make(rng, key, old)``."""
    paths = _nodes(item)
    if not paths:
        return
    path = rng.choice(paths)
    parent = _parent(item, path)
    parent[path[-1]] = make(rng, path[-1], parent[path[-1]])


def _wrong_type(rng: random.Random, key: Any, old: Any) -> Any:
    return rng.choice(
        (None, True, 0, -1, 1.5, "", "text", [], [old], {}, {"value": old}, 10**18, [None, {}])
    )


def _probe_value(rng: random.Random, key: Any, old: Any) -> Any:
    return _value(rng, str(key)) if isinstance(key, str) else rng.choice(GENERIC_VALUES)


def _encode(rng: random.Random, items: list[Any], raw: _Raw, records: bool = True) -> Mutation:
    """Items written as a list, a REST envelope or NDJSON; the item count is the record count."""
    envelope = rng.choice(("list", "list", "value", "ndjson"))
    ascii_only = rng.random() < 0.5
    indent = rng.choice((None, 2))
    if envelope == "ndjson":
        text = "".join(json.dumps(i, ensure_ascii=ascii_only) + "\n" for i in items)
    else:
        doc: Any = items if envelope == "list" else {"value": items, "nextLink": None}
        text = json.dumps(doc, ensure_ascii=ascii_only, indent=indent)
    data = raw.splice(text).encode("utf-8", errors="surrogatepass")
    return Mutation(data, len(items) if records else None)


def _json_mutant(rng: random.Random, make: Any, raw: _Raw | None = None) -> Mutation:
    items = _pick_items(rng)
    raw = raw or _Raw()
    for _ in range(rng.randint(1, 3)):
        _set_random(rng, rng.choice(items), make)
    return _encode(rng, items, raw)


@mutator("json", JSON)
def json_types(rng: random.Random, seed: Seed) -> Mutation | None:
    return _json_mutant(rng, _wrong_type)


@mutator("json", JSON)
def json_values(rng: random.Random, seed: Seed) -> Mutation | None:
    return _json_mutant(rng, _probe_value)


@mutator("json", JSON)
def json_keys(rng: random.Random, seed: Seed) -> Mutation | None:
    """Keys removed, renamed in another case, or extra keys added, at any depth."""
    items = _pick_items(rng)
    for _ in range(rng.randint(1, 6)):
        item = rng.choice(items)
        dicts = [item] + [
            _parent(item, p)[p[-1]]
            for p in _nodes(item)
            if isinstance(_parent(item, p)[p[-1]], dict)
        ]
        target = rng.choice(dicts)
        how = rng.choice(("drop", "case", "extra"))
        if how == "extra" or not target:
            target[rng.choice(("extra", "", "properties", "Status", "x" * 200))] = rng.choice(
                (None, 1, "v", [], {})
            )
        else:
            key = rng.choice(list(target))
            value = target.pop(key)
            if how == "case":
                target[key.swapcase()] = value
    return _encode(rng, items, _Raw())


@mutator("json", JSON)
def json_deep(rng: random.Random, seed: Seed) -> Mutation | None:
    raw = _Raw()
    depth = rng.choice((10, 100, 500, 999, 1_000, 1_500, 5_000))
    bracket = rng.choice((("[", "]"), ('{"a":', "}")))

    def deep(rng: random.Random, key: Any, old: Any) -> Any:
        return raw.add(bracket[0] * depth + "1" + bracket[1] * depth)

    return _json_mutant(rng, deep, raw)


@mutator("json", JSON)
def json_bigint(rng: random.Random, seed: Seed) -> Mutation | None:
    raw = _Raw()
    digits = rng.choice((19, 20, 40, 309, 400, 4_300, 4_301, 10_000))

    def big(rng: random.Random, key: Any, old: Any) -> Any:
        sign = rng.choice(("", "-"))
        number = "1" + "0" * (digits - 1)
        return raw.add(sign + number + rng.choice(("", ".5", "e5", "e400")))

    return _json_mutant(rng, big, raw)


@mutator("json", JSON)
def json_surrogate(rng: random.Random, seed: Seed) -> Mutation | None:
    raw = _Raw()

    def lone(rng: random.Random, key: Any, old: Any) -> Any:
        text = rng.choice(("\\ud800", "\\udfff", "x\\ud83d", "\\ud83d\\ud83d", "\\u0000"))
        return raw.add(f'"{text}"')

    return _json_mutant(rng, lone, raw)


@mutator("json", JSON)
def json_envelope(rng: random.Random, seed: Seed) -> Mutation | None:
    """Odd top levels: empty list, scalars in the list, one object, nested envelopes."""
    items = _pick_items(rng)
    how = rng.choice(("empty", "scalars", "object", "nested", "value-not-list", "top-scalar"))
    records: int | None = None
    if how == "empty":
        doc: Any = []
        records = 0
    elif how == "scalars":
        doc = [*items, *rng.sample([None, 1, "x", [], True], 3)]
        rng.shuffle(doc)
        records = len(doc)
    elif how == "object":
        doc = items[0]
    elif how == "nested":
        doc = {"value": [{"value": items}]}
    elif how == "value-not-list":
        doc = {"value": rng.choice((None, 1, "x", {"a": items}))}
    else:
        doc = rng.choice((None, 0, "jobs", True))
    return Mutation(json.dumps(doc).encode(), records)


# --- XLSX --------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _sheet_rows(seed: Seed) -> tuple[str, tuple[tuple[str, ...], ...]]:
    """The first sheet of an XLSX seed: its name and its rows as text (header first)."""
    import fastexcel

    reader = fastexcel.read_excel(seed.data)
    sheet = reader.load_sheet(0, header_row=None)
    frame = sheet.to_polars()
    rows = tuple(tuple("" if v is None else str(v) for v in row) for row in frame.iter_rows())
    return reader.sheet_names[0], rows


def _workbook(name: str, rows: list[list[Any]], far: list[tuple[int, int]] = ()) -> bytes:  # type: ignore[assignment]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet(name[:31])
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            _write_cell(sheet, r, c, value)
    for r, c in far:
        sheet.write_string(r, c, "far")
    book.close()
    return buffer.getvalue()


def _write_cell(sheet: Any, r: int, c: int, value: Any) -> None:
    if value is None or value == "":
        return
    if isinstance(value, bool):
        sheet.write_boolean(r, c, value)
    elif isinstance(value, int | float):
        sheet.write_number(r, c, value)
    elif isinstance(value, str) and value.startswith("="):
        sheet.write_formula(r, c, value)
    else:
        sheet.write_string(r, c, str(value)[:32_767])


def _nonempty(rows: list[list[Any]]) -> int:
    return sum(1 for row in rows[1:] if any(v not in (None, "") for v in row))


def _xlsx_base(rng: random.Random, seed: Seed) -> tuple[str, list[list[Any]]]:
    name, rows = _sheet_rows(seed)
    header, body = list(rows[0]), [list(r) for r in rows[1:]]
    picked = rng.sample(body, min(len(body), rng.choice((1, 5, 30, len(body)))))
    return name, [header, *picked]


BAD_CELLS: tuple[Any, ...] = (
    0,
    -1,
    1e308,
    2958466,  # the day after 9999-12-31
    -700_000,
    45_000.5,
    True,
    False,
    "=NA()",
    "=1/0",
    '="Fail"&"ed"',
    " ",
    "A" * 32_767,
)


@mutator("xlsx", XLSX)
def xlsx_bad_types(rng: random.Random, seed: Seed) -> Mutation | None:
    """Numbers, booleans, errors and formulas where the export has text and dates."""
    name, rows = _xlsx_base(rng, seed)
    for _ in range(rng.randint(1, 12)):
        row = rows[rng.randrange(1, len(rows))] if len(rows) > 1 else rows[0]
        col = rng.randrange(len(row))
        row[col] = rng.choice(BAD_CELLS + tuple(GENERIC_VALUES[:12]))
    return Mutation(_workbook(name, rows), _nonempty(rows))


@mutator("xlsx", XLSX)
def xlsx_far_cells(rng: random.Random, seed: Seed) -> Mutation | None:
    """Cells far from the table (xlsxwriter walks every row up to the last, so the extreme
    XFD1048576 is left to ``xml_far_cell``, which writes the XML directly)."""
    name, rows = _xlsx_base(rng, seed)
    far = [
        (rng.choice((len(rows) + 5, 5_000, 50_000)), rng.choice((0, 50, 700, 16_383)))
        for _ in range(rng.randint(1, 3))
    ]
    return Mutation(_workbook(name, rows, far))


@mutator("xlsx", XLSX)
def xlsx_many_rows(rng: random.Random, seed: Seed) -> Mutation | None:
    name, rows = _xlsx_base(rng, seed)
    body = rows[1:] or [[""]]
    n = rng.choice((1_000, 2_000, 5_000))
    rows = [rows[0], *(body[i % len(body)] for i in range(n))]
    return Mutation(_workbook(name, rows), _nonempty(rows))


@mutator("xlsx", XLSX)
def xlsx_layout(rng: random.Random, seed: Seed) -> Mutation | None:
    """Blank rows between the jobs, title rows above the header, the header alone."""
    name, rows = _xlsx_base(rng, seed)
    how = rng.choice(("blank-rows", "title", "header-only", "shift", "empty-header-cells"))
    records: int | None = None
    if how == "blank-rows":
        for _ in range(rng.randint(1, 5)):
            rows.insert(rng.randint(1, len(rows)), [])
        records = _nonempty(rows)
    elif how == "title":
        rows[0:0] = [["Backup job history"], [], ["Filter: last 30 days"]]
    elif how == "header-only":
        rows = rows[:1]
        records = 0
    elif how == "shift":
        rows = [["", *row] for row in rows]
    else:
        for col in rng.sample(range(len(rows[0])), min(2, len(rows[0]))):
            rows[0][col] = ""
    return Mutation(_workbook(name, rows), records)
