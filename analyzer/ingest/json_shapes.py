"""REST / az CLI job JSON: a list, a ``{"value": [...]}`` page, one object, or NDJSON.

A JSON document is read eagerly (job lists are small) item by item, so a file cut off in
the middle keeps the items before the cut and reports the cut as a reject. NDJSON is
scanned lazily line by line. Either way each item becomes one line of JSON text and the
fields are pulled by ``rest_fields``, so both paths share one mapping.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import polars as pl

from analyzer.errors import InputError
from analyzer.ingest.model import PRE_REJECT, ROW, SourceRead
from analyzer.ingest.normalize import StageInfo, finish
from analyzer.ingest.registry import REST_JSON, REST_NDJSON, unknown_shape
from analyzer.ingest.rest_fields import rest_fields
from analyzer.inputs import LocalFile

LINE = "line"
_JOB_PROPERTY_KEYS = frozenset({"entityFriendlyName", "jobType", "operation", "status"})
_PEEK_ITEMS = 20  # items inspected to recognise the shape
_PEEK_LINES = 5  # NDJSON lines tried when the first one is damaged


# A list of objects, an empty list, or an object with a key: not "[00000005] ..." log lines.
_JSON_START = re.compile(r'\A\s*(?:\[\s*(?:\{|\]|\Z)|\{\s*(?:"|\}|\Z))')


def looks_like_json(head: str) -> bool:
    """Whether text starts like a JSON document or NDJSON of objects."""
    return _JSON_START.match(head.lstrip("\ufeff")) is not None


def read_json(local: LocalFile) -> SourceRead:
    """Read a JSON document or an NDJSON file of backup-job resources."""
    first_lines = _first_lines(local.path, _PEEK_LINES + 1)
    if _is_ndjson(first_lines):
        return _read_ndjson(local, first_lines)
    text = local.path.read_text(encoding="utf-8", errors="replace").lstrip("\ufeff")
    items, cut = _document_items(local.name, text)
    _require_rest(local.name, items)
    return _finish_lines(local.name, REST_JSON, _item_lines(items, cut).lazy())


def is_rest_job(item: Any) -> bool:
    """Whether a decoded JSON value is a backup-job resource."""
    if not isinstance(item, dict):
        return False
    props = item.get("properties")
    if isinstance(props, dict) and _JOB_PROPERTY_KEYS & props.keys():
        return True
    return "/backupjobs/" in str(item.get("id", "")).lower()


def _first_lines(path: Path, count: int) -> list[str]:
    lines: list[str] = []
    with path.open("r", encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.strip():
                lines.append(line.strip().lstrip("\ufeff"))
            if len(lines) == count:
                break
    return lines


def _parses_as_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def _is_ndjson(lines: list[str]) -> bool:
    """Several non-blank lines that each hold a whole object (the first may be damaged)."""
    if len(lines) < 2 or not lines[0].startswith("{"):
        return False
    return _parses_as_object(lines[0]) or any(_parses_as_object(ln) for ln in lines[1:])


def _document_items(name: str, text: str) -> tuple[list[Any], str | None]:
    """The items of a JSON document, and a reason when it breaks off part-way."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        return _list_items(stripped)
    try:
        doc = json.loads(stripped)
    except json.JSONDecodeError as exc:
        raise InputError(
            name, f"not valid JSON (line {exc.lineno} column {exc.colno}: {exc.msg})"
        ) from None
    if isinstance(doc, dict) and isinstance(doc.get("value"), list):
        return doc["value"], None
    if is_rest_job(doc):
        return [doc], None
    keys = sorted(doc) if isinstance(doc, dict) else []
    raise unknown_shape(name, keys)


def _list_items(text: str) -> tuple[list[Any], str | None]:
    """Decode a JSON list one item at a time so a cut keeps what came before it."""
    decoder = json.JSONDecoder()
    items: list[Any] = []
    pos = _skip_space(text, 1)
    while pos < len(text) and text[pos] != "]":
        try:
            item, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            return items, _cut_reason(exc)
        items.append(item)
        pos = _skip_space(text, pos)
        if pos < len(text) and text[pos] == ",":
            pos = _skip_space(text, pos + 1)
        elif pos >= len(text) or text[pos] != "]":
            return items, "expected ',' or ']' after the previous item; the rest is lost"
    if pos >= len(text):
        return items, "the JSON list is cut off here (no closing ']')"
    return items, None


def _cut_reason(exc: json.JSONDecodeError) -> str:
    return (
        f"not valid JSON from line {exc.lineno} column {exc.colno} ({exc.msg});"
        " the rest of the file is lost"
    )


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _require_rest(name: str, items: list[Any]) -> None:
    objects = [item for item in items[:_PEEK_ITEMS] if isinstance(item, dict)]
    if not objects or any(is_rest_job(item) for item in objects):
        return
    raise unknown_shape(name, sorted(objects[0]))


def _item_lines(items: list[Any], cut: str | None) -> pl.DataFrame:
    lines: list[str | None] = [json.dumps(item, ensure_ascii=False) for item in items]
    reasons: list[str | None] = [
        None if isinstance(item, dict) else "item is not a JSON object" for item in items
    ]
    if cut is not None:
        lines.append(None)
        reasons.append(cut)
    return pl.DataFrame(
        {LINE: lines, ROW: list(range(1, len(lines) + 1)), PRE_REJECT: reasons},
        schema={LINE: pl.String(), ROW: pl.Int64(), PRE_REJECT: pl.String()},
    )


def _read_ndjson(local: LocalFile, first_lines: list[str]) -> SourceRead:
    objects = [json.loads(ln) for ln in first_lines if _parses_as_object(ln)]
    if not any(is_rest_job(item) for item in objects):
        raise unknown_shape(local.name, sorted(objects[0]) if objects else [])
    lines = (
        pl.scan_lines(local.path, name=LINE, row_index_name=ROW, row_index_offset=1)
        .filter(pl.col(LINE).str.strip_chars().str.len_bytes() > 0)
        .with_columns(pl.col(ROW).cast(pl.Int64), pl.lit(None, dtype=pl.String).alias(PRE_REJECT))
    )
    return _finish_lines(local.name, REST_NDJSON, lines)


def _finish_lines(name: str, shape: str, lines: pl.LazyFrame) -> SourceRead:
    line = pl.col(LINE)

    def top(path: str) -> pl.Expr:
        return line.str.json_path_match(path)

    fields = rest_fields(
        line, "$.properties", arm_id=top("$.id"), name=top("$.name"), kind=top("$.type")
    )
    unreadable = pl.coalesce(
        pl.col(PRE_REJECT),
        pl.when(~line.str.strip_chars().str.starts_with("{")).then(
            pl.lit("item is not a JSON object")
        ),
        pl.when(top("$").is_null()).then(pl.lit("line is not valid JSON")),
        fields.pop("pre_reject"),
    )
    staged = lines.select(
        pl.col(ROW).alias("source_row"),
        unreadable.alias("pre_reject"),
        *(expr.alias(field) for field, expr in fields.items()),
    )
    return SourceRead.whole(name, shape, finish(staged, StageInfo(name, shape)), [])
