"""A readable, aligned text table for terminals (long cells are shortened, never wrapped)."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl

from analyzer.render.formats import RATE_COLUMNS

MAX_CELL = 48


def cell_text(value: object, column: str) -> str:
    """How one value reads in a terminal table."""
    if value is None:
        return "-"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        if column in RATE_COLUMNS:
            return f"{value * 100:.1f}%"
        return f"{value:g}"
    text = str(value).replace("\n", " ")
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def render_text(frame: pl.DataFrame, title: str = "") -> str:
    """The frame as aligned columns with a header rule; numbers right-aligned."""
    columns = frame.columns
    numeric = [frame.schema[c].is_numeric() for c in columns]
    cells = [
        [cell_text(v, c) for v, c in zip(row, columns, strict=True)] for row in frame.iter_rows()
    ]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    lines = [title] if title else []
    lines.append(_join(columns, widths, numeric))
    lines.append("  ".join("-" * w for w in widths))
    lines.extend(_join(r, widths, numeric) for r in cells)
    if not cells:
        lines.append("(no rows)")
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _join(values: list[str], widths: list[int], numeric: list[bool]) -> str:
    parts = [
        v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric, strict=True)
    ]
    return "  ".join(parts)
