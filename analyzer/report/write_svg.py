"""Small SVG building blocks for the report charts (``write_charts``): no scripts, no
external fonts, coordinates rounded so the output is byte-for-byte stable.
"""

from __future__ import annotations

import math
import textwrap
from html import escape

FONT = 12
CHAR_WIDTH = 0.55 * FONT  # average glyph width of a sans-serif UI font, for layout only
INK = "#1b2733"
MUTED = "#5f6b76"
GRID = "#e3e7eb"


def num(value: float) -> str:
    """A coordinate: one decimal, no trailing zero."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def svg(width: float, height: float, label: str, body: list[str], small: bool = False) -> str:
    """An inline SVG element (no xmlns needed inside HTML) sized by its viewBox; a
    ``small`` one no wider than its own width."""
    limit = f' style="max-width:{num(width)}px"' if small else ""
    return (
        f'<svg class="chart"{limit} viewBox="0 0 {num(width)} {num(height)}" role="img"'
        f' aria-label="{escape(label)}" font-size="{FONT}">' + "".join(body) + "</svg>"
    )


def text(
    x: float,
    y: float,
    content: str,
    *,
    anchor: str = "start",
    fill: str = INK,
    size: float = FONT,
    weight: str = "",
) -> str:
    bold = f' font-weight="{weight}"' if weight else ""
    return (
        f'<text x="{num(x)}" y="{num(y)}" text-anchor="{anchor}" fill="{fill}"'
        f' font-size="{num(size)}"{bold}>{escape(content)}</text>'
    )


def rect(x: float, y: float, width: float, height: float, fill: str, tip: str = "") -> str:
    title = f"<title>{escape(tip)}</title>" if tip else ""
    return (
        f'<rect x="{num(x)}" y="{num(y)}" width="{num(max(width, 0))}"'
        f' height="{num(max(height, 0))}" fill="{fill}">{title}</rect>'
    )


def line(
    x1: float, y1: float, x2: float, y2: float, stroke: str = GRID, width: float = 1, dash: str = ""
) -> str:
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}"'
        f' stroke="{stroke}" stroke-width="{num(width)}"{dashed}/>'
    )


def polyline(points: list[tuple[float, float]], stroke: str, dash: str = "") -> str:
    coords = " ".join(f"{num(x)},{num(y)}" for x, y in points)
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<polyline points="{coords}" fill="none" stroke="{stroke}" stroke-width="2.5"'
        f' stroke-linejoin="round"{dashed}/>'
    )


def circle(x: float, y: float, fill: str, tip: str, hollow: bool = False) -> str:
    paint = f'fill="#ffffff" stroke="{fill}" stroke-width="2"' if hollow else f'fill="{fill}"'
    return (
        f'<circle cx="{num(x)}" cy="{num(y)}" r="3.5" {paint}><title>{escape(tip)}</title></circle>'
    )


def fit(content: str, width: float, size: float = FONT) -> str:
    """``content`` cut with an ellipsis to fit about ``width`` pixels."""
    room = max(int(width / (0.55 * size)), 4)
    return content if len(content) <= room else content[: room - 1] + "…"


def wrap(content: str, width: float, lines: int, size: float = FONT) -> list[str]:
    """``content`` on at most ``lines`` lines of about ``width`` pixels (the last one cut)."""
    room = max(int(width / (0.55 * size)), 4)
    wrapped = textwrap.wrap(content, room) or [""]
    if len(wrapped) > lines:
        rest = " ".join(wrapped[lines - 1 :])
        wrapped = [*wrapped[: lines - 1], fit(rest, width, size)]
    return wrapped


def nice_step(top: float, ticks: int = 4, whole: bool = True) -> float:
    """A round tick step (1, 2, 2.5 or 5 times a power of ten) covering ``top``."""
    if top <= 0:
        return 1.0
    raw = top / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * magnitude
        if step >= raw and (not whole or step >= 1) and (not whole or step == int(step)):
            return float(step)
    return float(10 * magnitude)


def ticks(top: float, count: int = 4, whole: bool = True) -> list[float]:
    """Tick values from 0 up to the first one at or above ``top``."""
    step = nice_step(top, count, whole)
    values = [0.0]
    while values[-1] < top - 1e-12:
        values.append(round(values[-1] + step, 10))
    return values if len(values) > 1 else [0.0, step]
