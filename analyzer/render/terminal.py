"""What a terminal shows: the columns that fit a screen, then the fix for each cause.

Files and pipes get every column; a person at a terminal gets a narrower table and the
suggested fixes written out once per cause underneath, where they can be read whole.
"""

from __future__ import annotations

import textwrap

import polars as pl

from analyzer.render.text import render_text

SCREEN_COLUMNS: dict[str, list[str]] = {
    "by-vm": [
        "vm",
        "resource_group",
        "jobs",
        "failed",
        "failure_rate",
        "current_streak",
        "longest_streak",
        "last_failure",
        "last_success",
        "top_code",
        "top_cause",
        "top_cause_share",
        "evidence_backed",
    ],
    "by-code": [
        "code",
        "category",
        "failures",
        "vms",
        "last_failure",
        "top_cause",
        "top_cause_share",
    ],
    "by-cause": ["cause", "title", "failures", "evidence_backed", "vms", "codes"],
    "failures": ["start_time", "vm", "code", "match", "cause", "cause_confidence", "evidence"],
    "evidence": ["vm", "time", "signal", "detail", "source", "line_no"],
}

FIX_SOURCES: dict[str, tuple[str, str, str]] = {
    # table -> (cause id column, cause title column, fix column)
    "by-vm": ("top_cause", "top_cause_title", "suggested_fix"),
    "by-code": ("top_cause", "top_cause", "suggested_fix"),
    "by-cause": ("cause", "title", "suggested_fix"),
}


def screen_view(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    """The columns of ``frame`` that a terminal table shows."""
    wanted = SCREEN_COLUMNS.get(name)
    if wanted is None:
        return frame
    return frame.select([c for c in wanted if c in frame.columns])


MAX_FIXES = 5


def fixes_text(name: str, frame: pl.DataFrame, width: int = 100) -> str:
    """The fix steps of the table's most frequent causes (rows naming them), each once."""
    source = FIX_SOURCES.get(name)
    if source is None or frame.height == 0:
        return ""
    cause_col, title_col, fix_col = source
    if not {cause_col, title_col, fix_col} <= set(frame.columns):
        return ""
    causes = (
        frame.filter(pl.col(cause_col).is_not_null())
        .group_by(cause_col, maintain_order=True)
        .agg(
            pl.len().alias("_rows"),
            pl.col(title_col).first().alias("_title"),
            pl.col(fix_col).first().alias("_fix"),
        )
        .sort("_rows", cause_col, descending=[True, False])
    )
    shown = causes.head(MAX_FIXES)
    blocks = [f"Suggested fixes ({_which(shown.height, causes.height)}):"]
    for cause, rows, title, fix in shown.iter_rows():
        blocks.append(f"\n[{cause}] {title} ({rows} {'row' if rows == 1 else 'rows'} above)")
        blocks.extend(_steps(fix or "", width))
    if causes.height > shown.height:
        blocks.append(
            f"\n{causes.height - shown.height} more causes: see `bjla patterns show CAUSE`,"
            " or write every column with -o fleet.xlsx"
        )
    return "\n".join(blocks) + "\n"


def _which(shown: int, total: int) -> str:
    if shown == total:
        return "every cause above"
    return f"the {shown} most frequent of {total} causes above"


def _steps(fix: str, width: int) -> list[str]:
    parts = [p.strip() for p in _split_numbered(fix)]
    return [textwrap.fill(p, width, initial_indent="  ", subsequent_indent="     ") for p in parts]


def _split_numbered(fix: str) -> list[str]:
    """Split ``1. a 2. b`` at each next step number in turn (so "4.5" inside a step stays)."""
    pieces: list[str] = []
    rest, number = fix, 2
    while (cut := rest.find(f" {number}. ")) >= 0:
        pieces.append(rest[:cut])
        rest, number = rest[cut + 1 :], number + 1
    pieces.append(rest)
    return [p for p in pieces if p.strip()]


def render_screen(name: str, frame: pl.DataFrame) -> str:
    """Table plus fixes, as shown on a terminal."""
    table = render_text(screen_view(name, frame), f"{name} ({frame.height} rows)")
    fixes = fixes_text(name, frame)
    return table + ("\n" + fixes if fixes else "")
