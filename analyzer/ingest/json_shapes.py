"""REST / az CLI job JSON: a list, a ``{"value": [...]}`` page, one object, or NDJSON.

A list (or NDJSON) of flat objects whose keys are a table export's columns, as
``az monitor log-analytics query -o json`` prints them, is read by ``json_tables``.

The items come decoded one at a time from ``json_items`` (a top-level list streamed, NDJSON
line by line; a REST page or a single object is small and read whole) and are read in
blocks of ``Limits.json_block_items``, so memory follows the block, not the file. The
fields are taken from each item at the paths ``rest_fields.fields_of`` asks for, so the
mapping is the one the ARG CSV's JSON column uses, and polars parses the block's text
columns as for any shape.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from functools import partial
from itertools import islice
from typing import Any

import polars as pl

from analyzer.errors import InputError
from analyzer.ingest.diagnostic_archive import is_archive_record, read_archive
from analyzer.ingest.json_items import (
    DECODE_ERRORS,
    Entry,
    Window,
    decode_problem,
    first_lines,
    is_ndjson,
    list_items,
    ndjson_entries,
    numbered,
)
from analyzer.ingest.json_tables import (
    CONTAINER,
    query_rows,
    staged_rows,
    table_blocks,
    table_family,
)
from analyzer.ingest.model import PRE_REJECT, ROW, SourceRead, StagedBlock, TableFamily
from analyzer.ingest.normalize import StageInfo, time_orders
from analyzer.ingest.registry import REST_JSON, REST_NDJSON, unknown_shape
from analyzer.ingest.rest_fields import fields_of
from analyzer.ingest.times import TimeOrders
from analyzer.inputs import LocalFile
from analyzer.limits import MIB

_JOB_PROPERTY_KEYS = frozenset({"entityFriendlyName", "jobType", "operation", "status"})
_PEEK_ITEMS = 20  # items inspected to recognise the shape
_PEEK_LINES = 5  # NDJSON lines tried when the first one is damaged
_TOP_KEYS = ("id", "name", "type")


# A list of objects, an object with a key, or an empty list or object with nothing after
# it: not "[00000005] ..." log lines, and not a CSV whose first header cell is "[]".
_JSON_START = re.compile(r'\A\s*(?:\[\s*(?:\{|\]\s*\Z|\Z)|\{\s*(?:"|\}\s*\Z|\Z))')
_PATH_STEP = re.compile(r"\.?([^.\[\]]+)|\[(\d+)\]|\['([^']*)'\]")


def looks_like_json(head: str) -> bool:
    """Whether text starts like a JSON document or NDJSON of objects."""
    return _JSON_START.match(head.lstrip("\ufeff")) is not None


def read_json(local: LocalFile) -> SourceRead:
    """Read a JSON document or an NDJSON file of backup-job resources."""
    entries: Callable[[], Iterator[Entry]]
    limits = local.limits
    if is_ndjson(first_lines(local.path, _PEEK_LINES + 1, limits.json_peek_line_chars)):
        shape, entries = (
            REST_NDJSON,
            partial(ndjson_entries, local.path, limits.json_item_chars),
        )
    else:
        shape, entries = REST_JSON, partial(_document_entries, local)
    peek = [item for _, item, _ in islice(entries(), _PEEK_ITEMS)]
    if any(is_archive_record(item) for item in peek):  # Azure Monitor's storage archive
        return read_archive(local, entries)
    table = table_family(peek)
    if table is not None:
        return _read_table(local, shape == REST_NDJSON, entries, *table)
    if local.size <= limits.json_small_bytes:
        everything = list(entries())
        _require_rest(local.name, [item for _, item, _ in everything[:_PEEK_ITEMS]])
        rows = _staged(_entry_frame(everything)).collect()
        return SourceRead.small(rows, StageInfo(local.name, shape), [])
    _require_rest(local.name, peek)
    # Items are decoded a block ahead in a worker thread while polars parses the last block.
    return SourceRead.streamed(
        StageInfo(local.name, shape), lambda: _blocks(entries(), limits.json_block_items), []
    )


def _read_table(
    local: LocalFile,
    ndjson: bool,
    entries: Callable[[], Iterator[Entry]],
    family: TableFamily,
    keys: list[str],
) -> SourceRead:
    """Flat objects keyed by column name (a Log Analytics query result as JSON)."""
    shape = family.shape_id("ndjson" if ndjson else CONTAINER)
    info = StageInfo(local.name, shape, family.duration_unit)
    limits = local.limits
    if local.size <= limits.json_small_bytes:
        return SourceRead.small(staged_rows(list(entries()), family, keys).collect(), info, [])
    blocks = partial(table_blocks, family, keys, limits.json_block_items)
    return SourceRead.streamed(info, lambda: blocks(entries()), [])


def is_rest_job(item: Any) -> bool:
    """Whether a decoded JSON value is a backup-job resource."""
    if not isinstance(item, dict):
        return False
    props = item.get("properties")
    if isinstance(props, dict) and _JOB_PROPERTY_KEYS & props.keys():
        return True
    return "/backupjobs/" in str(item.get("id", "")).lower()


def _document_entries(local: LocalFile) -> Iterator[Entry]:
    """The items of a JSON document: a list streamed, a page or an object read whole."""
    limits = local.limits
    with local.path.open("r", encoding="utf-8", errors="replace") as fh:
        window = Window(fh, limits)
        if window.peek() == "[":
            window.pos += 1
            yield from numbered(list_items(window))
            return
        if local.size > limits.json_document_chars:
            raise InputError(
                local.name,
                f"a JSON document that is not a list, larger than"
                f" {limits.json_document_chars / MIB:,.0f} MB",
                "export the jobs as a JSON list or NDJSON",
            )
        text = window.rest()
    yield from numbered(iter(_whole_document_items(local.name, text)))


def _whole_document_items(name: str, text: str) -> list[tuple[Any, str | None]]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            name, f"not valid JSON (line {exc.lineno} column {exc.colno}: {exc.msg})"
        ) from None
    except DECODE_ERRORS as exc:
        raise InputError(name, decode_problem(exc)) from None
    if isinstance(doc, dict) and isinstance(doc.get("value"), list):
        return [(item, None) for item in doc["value"]]
    if isinstance(doc, dict) and isinstance(doc.get("records"), list):
        # a resource-log archive blob of before November 2018
        return [(item, None) for item in doc["records"]]
    if is_rest_job(doc) or is_archive_record(doc):
        return [(doc, None)]
    if (rows := query_rows(doc)) is not None:  # a Log Analytics query API response
        return rows
    keys = sorted(doc) if isinstance(doc, dict) else []
    raise unknown_shape(name, keys)


def _require_rest(name: str, items: list[Any]) -> None:
    objects = [item for item in items if isinstance(item, dict)]
    if not objects or any(is_rest_job(item) for item in objects):
        return
    raise unknown_shape(name, sorted(objects[0]))


def _blocks(entries: Iterator[Entry], block_items: int) -> Iterator[StagedBlock]:
    """The entries as blocks of staged rows (at least one, maybe empty), all with the time
    layouts the first block ranks."""
    orders: TimeOrders | None = None
    first = True
    while (chunk := list(islice(entries, block_items))) or first:
        first = False
        staged = _staged(_entry_frame(chunk))
        orders = orders if orders is not None else time_orders(staged)
        yield staged, orders


def _property_paths() -> list[str]:
    """The paths inside ``properties`` that ``fields_of`` reads, in a fixed order."""
    paths: list[str] = []

    def record(path: str) -> pl.Expr:
        paths.append(path)
        return pl.lit(None, dtype=pl.String)

    unknown = pl.lit(None, dtype=pl.String)
    fields_of(record, arm_id=unknown, name=unknown, kind=unknown)
    return list(dict.fromkeys(paths))


PROPERTY_PATHS = _property_paths()


def _steps(path: str) -> tuple[str | int, ...]:
    """``a.b[0]['c d']`` as ("a", "b", 0, "c d")."""
    return tuple(
        int(index) if index else (key or quoted) for key, index, quoted in _PATH_STEP.findall(path)
    )


def _entry_frame(chunk: list[Entry]) -> pl.DataFrame:
    """Top-level keys and property values of each item as text columns, plus ROW and reason.

    A lone UTF-16 surrogate escape (``"\\ud800"``) decodes to text that is not Unicode:
    a block that holds one is built again with such characters as U+FFFD.
    """
    columns = _entry_columns(chunk)
    try:
        return pl.DataFrame(columns, schema=_ENTRY_SCHEMA)
    except UnicodeEncodeError:
        cleaned = {name: [_unicode(value) for value in values] for name, values in columns.items()}
        return pl.DataFrame(cleaned, schema=_ENTRY_SCHEMA)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _unicode(value: Any) -> Any:
    return _SURROGATE.sub("\ufffd", value) if isinstance(value, str) else value


def _entry_columns(chunk: list[Entry]) -> dict[str, list[Any]]:
    items = [item if isinstance(item, dict) else {} for _, item, _ in chunk]
    properties = [item.get("properties") for item in items]
    columns: dict[str, list[Any]] = {
        ROW: [row for row, _, _ in chunk],
        PRE_REJECT: [reason for _, _, reason in chunk],
    }
    for key in _TOP_KEYS:
        columns[_top_column(key)] = [_as_text(item.get(key)) for item in items]
    for path, steps in _STEPS:
        columns[_property_column(path)] = [_value_at(props, steps) for props in properties]
    return columns


def _top_column(key: str) -> str:
    return f"top:{key}"


def _property_column(path: str) -> str:
    return f"properties:{path}"


_STEPS = [(path, _steps(path)) for path in PROPERTY_PATHS]
_ENTRY_SCHEMA: dict[str, pl.DataType] = {
    ROW: pl.Int64(),
    PRE_REJECT: pl.String(),
    **{_top_column(key): pl.String() for key in _TOP_KEYS},
    **{_property_column(path): pl.String() for path in PROPERTY_PATHS},
}


def _value_at(value: Any, steps: tuple[str | int, ...]) -> str | None:
    """The text at ``steps`` inside ``value``, as polars' JSON paths give it."""
    for step in steps:
        if isinstance(step, int):
            value = value[step] if type(value) is list and step < len(value) else None
        else:
            value = value.get(step) if type(value) is dict else None
        if value is None:
            return None
    return value if type(value) is str else _as_text(value)


def _as_text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    except DECODE_ERRORS:  # nested too deep to write back as text: it says nothing anyway
        return None


def _staged(frame: pl.DataFrame) -> pl.LazyFrame:
    """The staging columns of a block of entries."""
    fields = fields_of(
        lambda path: pl.col(_property_column(path)),
        arm_id=pl.col(_top_column("id")),
        name=pl.col(_top_column("name")),
        kind=pl.col(_top_column("type")),
    )
    reason = pl.coalesce(pl.col(PRE_REJECT), fields.pop("pre_reject"))
    return frame.lazy().select(
        pl.col(ROW).alias("source_row"),
        reason.alias("pre_reject"),
        *(expr.alias(field) for field, expr in fields.items()),
    )
