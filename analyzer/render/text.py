"""A readable, aligned text table for terminals (long cells are shortened, never wrapped).

Given a terminal width, the table fits it: low-priority columns are left out first, then
the widest text columns are narrowed, their cells cut with "…" (numbers and times never).
With ``tones``, cells are coloured (SGR codes, after the padding, so columns still align).
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TypeVar

import polars as pl

from analyzer.render.colour import paint
from analyzer.render.numbers import RATE_COLUMNS, percent
from analyzer.render.safety import escape_controls

MAX_CELL = 48
MIN_CELL = 6  # a text column is narrowed to no less than this
Tones = Mapping[str, Sequence[str | None]]  # column -> an SGR code (or None) per row
_T = TypeVar("_T")


def cell_text(value: object, column: str, lang: str = "en") -> str:
    """How one value reads in a terminal table."""
    if value is None:
        return "-"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        if column in RATE_COLUMNS:
            return percent(value, lang)
        return f"{value:g}"
    text = escape_controls(str(value).replace("\n", " "))
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def render_text(
    frame: pl.DataFrame,
    title: str = "",
    *,
    width: int | None = None,
    droppable: Sequence[str] = (),
    tones: Tones | None = None,
    headers: Mapping[str, str] | None = None,
    lang: str = "en",
) -> str:
    """The frame as aligned columns with a header rule; numbers right-aligned.

    A header much wider than its values is split over two lines at its last underscore
    or space
    (``current_streak`` over a one-digit column). With ``width``, the ``droppable``
    columns are left out, in that order, until the table fits; a note says which.
    ``headers`` words the columns (default: their names), ``lang`` the rates and notes.
    """
    columns = frame.columns
    titles = [(headers or {}).get(c, c) for c in columns]
    numeric = [frame.schema[c].is_numeric() for c in columns]
    fixed = [frame.schema[c].is_numeric() or frame.schema[c].is_temporal() for c in columns]
    cells = [
        [cell_text(v, c, lang) for v, c in zip(row, columns, strict=True)]
        for row in frame.iter_rows()
    ]
    heads = [
        _header_lines(c, max((len(r[i]) for r in cells), default=0)) for i, c in enumerate(titles)
    ]
    widths = [
        max([*(len(line) for line in head), *(len(r[i]) for r in cells)])
        for i, head in enumerate(heads)
    ]
    shown = _fitting(columns, widths, width, droppable)
    if width is not None:
        _narrow(widths, shown, fixed, width)
        cells = [[_cut(v, widths[i]) for i, v in enumerate(r)] for r in cells]
        heads = [[_cut(line, widths[i]) for line in head] for i, head in enumerate(heads)]
    lines = [title] if title else []
    if width is not None and len(shown) < len(columns):
        hidden = [c for i, c in enumerate(titles) if i not in shown]
        lines.append(_left_out_note(hidden, width, lang))

    def pick(values: Sequence[_T]) -> list[_T]:
        return [values[i] for i in shown]

    depth = max((len(heads[i]) for i in shown), default=1)
    for level in range(depth):
        names = [_header_line(head, level, depth) for head in pick(heads)]
        lines.append(_join(names, pick(widths), pick(numeric)))
    lines.append("  ".join("-" * w for w in pick(widths)))
    painted = [(tones or {}).get(columns[i]) for i in shown]  # per shown column
    for n, r in enumerate(cells):
        codes = [None if t is None else t[n] for t in painted]
        lines.append(_join(pick(r), pick(widths), pick(numeric), codes))
    if not cells:
        lines.append("(inga rader)" if lang == "sv" else "(no rows)")
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _header_lines(column: str, value_width: int) -> list[str]:
    """The header as one line, or two when its values are narrower than its name."""
    cut = max(column.rfind("_"), column.rfind(" "))
    if len(column) <= value_width or cut <= 0:
        return [column]
    return [column[:cut], column[cut + 1 :]]


def _header_line(head: list[str], level: int, depth: int) -> str:
    """Line ``level`` of a header ``depth`` lines deep (short headers sit at the bottom)."""
    offset = depth - len(head)
    return head[level - offset] if level >= offset else ""


def _left_out_note(hidden: list[str], width: int, lang: str = "en") -> str:
    note = (
        f"(visas inte, för att få plats på {width} tecken: {', '.join(hidden)};"
        " -f csv eller -o FIL.xlsx har alla kolumner)"
        if lang == "sv"
        else f"(not shown, to fit {width} columns: {', '.join(hidden)};"
        " -f csv or -o FILE.xlsx has every column)"
    )
    return textwrap.fill(note, max(width - 1, 40))


def _fitting(
    columns: list[str], widths: list[int], width: int | None, droppable: Sequence[str]
) -> list[int]:
    """Indexes of the columns kept: all, or all but enough ``droppable`` ones to fit."""
    kept = list(range(len(columns)))
    if width is None:
        return kept
    for name in droppable:
        if sum(widths[i] for i in kept) + 2 * (len(kept) - 1) <= width:
            break
        if name in columns:
            kept.remove(columns.index(name))
    return kept


def _narrow(widths: list[int], shown: list[int], fixed: list[bool], width: int) -> None:
    """Narrow the widest shown text column, a character at a time, until the row fits
    (numbers and times are never cut)."""
    text = [i for i in shown if not fixed[i]]
    while sum(widths[i] for i in shown) + 2 * (len(shown) - 1) > width:
        widest = max(text, key=lambda i: widths[i], default=None)
        if widest is None or widths[widest] <= MIN_CELL:
            return  # only numbers and narrow columns left: as narrow as it goes
        widths[widest] -= 1


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _join(
    values: list[str],
    widths: list[int],
    numeric: list[bool],
    codes: Sequence[str | None] = (),
) -> str:
    parts = []
    for n, (v, w, num) in enumerate(zip(values, widths, numeric, strict=True)):
        code = codes[n] if n < len(codes) else None
        pad = " " * (w - len(v))
        parts.append(pad + paint(v, code) if num else paint(v, code) + pad)
    return "  ".join(parts)
