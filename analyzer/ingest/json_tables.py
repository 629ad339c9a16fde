"""Log Analytics query results as JSON: flat objects keyed by column name.

``az monitor log-analytics query -o json`` prints a list of objects, one per result row,
each with a ``TableName`` key and every column's value as text (the CLI's
``transform_query_output`` writes ``str(value)``, so an empty cell reads ``"None"``).
The same rows as NDJSON (one object a line) are read too. The keys are the table's
column names, so the shape is recognised, and the columns mapped, exactly as for the
same query exported as CSV (``table_shapes``).

The Log Analytics query REST API (``POST .../workspaces/{id}/query``, also what
``az rest`` prints) answers with ``{"tables": [{"name": "PrimaryResult", "columns":
[{"name", "type"}], "rows": [[...], ...]}]}``: the rows are value lists in column order,
typed (numbers, ``null``). ``query_rows`` turns the primary table into the same objects
keyed by column name, so both read alike.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import islice
from typing import Any

import polars as pl

from analyzer.ingest.headers import Columns, fold
from analyzer.ingest.model import PRE_REJECT, ROW, StagedBlock, TableFamily, stage_table
from analyzer.ingest.normalize import time_orders
from analyzer.ingest.table_shapes import detect_family
from analyzer.ingest.times import TimeOrders

CONTAINER = "json"
PRIMARY_TABLE = "PrimaryResult"
_CLI_TABLE_KEY = "tablename"  # az CLI adds it to every row; its empty cells read "None"


def table_family(items: Sequence[Any]) -> tuple[TableFamily, list[str]] | None:
    """The table family of flat objects and their column keys, or None if not a table."""
    objects = [item for item in items if isinstance(item, dict)]
    if not objects or any(isinstance(v, dict | list) for v in objects[0].values()):
        return None
    keys = list(dict.fromkeys(fold(str(key)) for obj in objects for key in obj))
    family = detect_family(Columns(keys))
    if family is None or CONTAINER not in family.containers:
        return None
    return family, keys


def staged_rows(
    entries: list[tuple[int, Any, str | None]], family: TableFamily, keys: list[str]
) -> pl.LazyFrame:
    """One block of entries as the family's staging columns."""
    columns: dict[str, list[Any]] = {
        ROW: [row for row, _, _ in entries],
        PRE_REJECT: [reason for _, _, reason in entries],  # e.g. an item that is no object
    }
    folded = [_folded(item) for _, item, _ in entries]
    for key in keys:
        columns[key] = [row.get(key) for row in folded]
    schema = {ROW: pl.Int64(), PRE_REJECT: pl.String(), **dict.fromkeys(keys, pl.String())}
    frame = pl.DataFrame(columns, schema=schema)
    return stage_table(frame.lazy(), family, Columns(keys))


def table_blocks(
    family: TableFamily,
    keys: list[str],
    block_items: int,
    entries: Iterator[tuple[int, Any, str | None]],
) -> Iterator[StagedBlock]:
    """The entries as blocks of staged rows (at least one, maybe empty), all with the time
    layouts the first block ranks."""
    orders: TimeOrders | None = None
    first = True
    while (chunk := list(islice(entries, block_items))) or first:
        first = False
        staged = staged_rows(chunk, family, keys)
        orders = orders if orders is not None else time_orders(staged)
        yield staged, orders


def _folded(item: Any) -> dict[str, str | None]:
    if not isinstance(item, dict):
        return {}
    cli_text = any(fold(str(key)) == _CLI_TABLE_KEY for key in item)
    row: dict[str, str | None] = {}
    for key, value in item.items():
        row.setdefault(fold(str(key)), _text(value, cli_text))
    return row


def _text(value: Any, cli_text: bool) -> str | None:
    if value is None or (cli_text and value == "None"):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


def query_rows(doc: Any) -> list[tuple[Any, str | None]] | None:
    """The rows of a Log Analytics query response as objects keyed by column name, each
    with a reject reason when it cannot be one; None when ``doc`` is no such response."""
    table = _primary_table(doc)
    if table is None:
        return None
    names = [str(c.get("name", "")) if isinstance(c, dict) else "" for c in table["columns"]]
    entries: list[tuple[Any, str | None]] = []
    for row in table["rows"]:
        if not isinstance(row, list):
            entries.append((row, "row is not a list of values"))
        elif len(row) != len(names):
            reason = f"row has {len(row)} values, the table has {len(names)} columns"
            entries.append((dict(zip(names, row, strict=False)), reason))
        else:
            entries.append((dict(zip(names, row, strict=True)), None))
    return entries


def _primary_table(doc: Any) -> dict[str, Any] | None:
    """The response's PrimaryResult table (else its first), if ``doc`` is a response."""
    tables = doc.get("tables") if isinstance(doc, dict) else None
    if not isinstance(tables, list):
        return None
    shaped = [
        t
        for t in tables
        if isinstance(t, dict)
        and isinstance(t.get("columns"), list)
        and isinstance(t.get("rows"), list)
    ]
    primary = [t for t in shaped if t.get("name") == PRIMARY_TABLE]
    candidates = primary or shaped
    return candidates[0] if candidates else None
