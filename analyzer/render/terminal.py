"""What a terminal shows: the columns that fit a screen, then the fix for each cause.

Files and pipes get every column; a person at a terminal gets a narrower table and the
suggested fixes written out once per cause underneath, where they can be read whole.
With colour, a VM's name shows its protection state and a long streak stands out.
"""

from __future__ import annotations

import textwrap

import polars as pl

from analyzer.render.colour import BOLD_RED, DIM, MAGENTA, RED, YELLOW, paint
from analyzer.render.safety import escape_controls
from analyzer.render.text import Tones, render_text

SCREEN_COLUMNS: dict[str, list[str]] = {
    "by-vm": [
        "vm",
        "resource_group",
        "jobs",
        "finished",
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
    "evidence": ["vm", "time", "signal", "kind", "detail", "source", "line_no"],
    "patterns": ["kind", "id", "text", "causes", "scope", "aliases", "origin"],
}

# The columns left out first when a table is wider than the terminal (most useful last).
DROP_ORDER: dict[str, list[str]] = {
    "by-vm": [
        "evidence_backed",
        "top_cause_share",
        "longest_streak",
        "finished",
        "jobs",
        "last_success",
        "resource_group",
        "failure_rate",
        "last_failure",
    ],
    "by-code": ["top_cause_share", "category", "last_failure", "vms"],
    "by-cause": ["codes", "vms", "evidence_backed"],
    "failures": ["evidence", "cause_confidence", "match"],
    "evidence": ["line_no", "source", "detail"],
    "patterns": ["origin", "aliases", "scope", "causes"],
}
FIX_WIDTH = 100

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


def fixes_text(name: str, frame: pl.DataFrame, width: int = FIX_WIDTH) -> str:
    """The fix steps of the table's most frequent causes (rows naming them), each once."""
    source = FIX_SOURCES.get(name)
    if source is None or frame.height == 0:
        return ""
    cause_col, title_col, fix_col = source
    if not {cause_col, title_col, fix_col} <= set(frame.columns):
        return ""
    # Ranked by failed jobs, then by the longest current streak (by-vm): a cause behind
    # one VM that keeps failing must not lose to causes that hit many VMs once.
    failed = next((c for c in ("failed", "failures") if c in frame.columns), None)
    streak = "current_streak" if "current_streak" in frame.columns else None
    causes = (
        frame.filter(pl.col(cause_col).is_not_null())
        .group_by(cause_col, maintain_order=True)
        .agg(
            pl.len().alias("_rows"),
            pl.col(title_col).first().alias("_title"),
            pl.col(fix_col).first().alias("_fix"),
            (pl.col(failed).sum() if failed else pl.len()).alias("_failed"),
            (pl.col(streak).max() if streak else pl.lit(0)).alias("_streak"),
        )
        .sort(["_failed", "_streak", cause_col], descending=[True, True, False])
    )
    shown = causes.head(MAX_FIXES)
    blocks = [f"Suggested fixes ({_which(shown.height, causes.height)}):"]
    for cause, rows, title, fix, failures, _ in shown.iter_rows():
        count = f"{rows} {'row' if rows == 1 else 'rows'} above"
        if failed:
            count += f", {failures} failed {'job' if failures == 1 else 'jobs'}"
        heading = f"[{cause}] {title} ({count})"
        blocks.append("\n" + _wrap(heading, width, "", "  "))
        blocks.extend(_step_lines(fix or "", width))
    if causes.height > shown.height:
        blocks.append(
            f"\n{causes.height - shown.height} more causes: see `bjla patterns show CAUSE`,"
            " or write every column with -o fleet.xlsx"
        )
    return "\n".join(blocks) + "\n"


def _which(shown: int, total: int) -> str:
    if shown == total:
        return "every cause above"
    return f"the {shown} of {total} causes above with the most failed jobs"


def _step_lines(fix: str, width: int) -> list[str]:
    """The numbered steps of a one-line fix, each wrapped on its own lines."""
    parts = [p.strip() for p in _split_numbered(fix)]
    return [_wrap(p, width, "  ", "     ") for p in parts]


def _wrap(text: str, width: int, first: str, rest: str) -> str:
    """Wrap at spaces only: a link or a command name cut at its hyphen would not work."""
    return textwrap.fill(
        text,
        width,
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
        break_long_words=False,
    )


def _split_numbered(fix: str) -> list[str]:
    """Split ``1. a 2. b`` at each next step number in turn (so "4.5" inside a step stays)."""
    pieces: list[str] = []
    rest, number = fix, 2
    while (cut := rest.find(f" {number}. ")) >= 0:
        pieces.append(rest[:cut])
        rest, number = rest[cut + 1 :], number + 1
    pieces.append(rest)
    return [p for p in pieces if p.strip()]


LONG_STREAK = 3  # failed backups in a row that a terminal shows in bold red
STATE_COLOURS = {"failing": RED, "stale": YELLOW, "silent": MAGENTA}
KIND_COLOURS = {"failure": RED, "benign": DIM}
LEGEND = (
    "VM names: {failing} (the last backup failed), {stale} (no recent success),"
    " {silent} (no job at all); {streak}"
)


def screen_tones(name: str, frame: pl.DataFrame) -> Tones:
    """The colour of each shown cell that has one: state, long streaks, finding kinds."""
    tones: dict[str, list[str | None]] = {}
    if name == "by-vm" and "state" in frame.columns:
        tones["vm"] = [STATE_COLOURS.get(s) for s in frame.get_column("state")]
    if "current_streak" in frame.columns:
        streaks = frame.get_column("current_streak")
        tones["current_streak"] = [BOLD_RED if (n or 0) >= LONG_STREAK else None for n in streaks]
    if name == "evidence" and "kind" in frame.columns:
        tones["kind"] = [KIND_COLOURS.get(k) for k in frame.get_column("kind")]
    return tones


def legend(name: str) -> str:
    """What the colours of a by-VM table mean (said only when there are colours)."""
    if name != "by-vm":
        return ""
    words = {state: paint(state, code) for state, code in STATE_COLOURS.items()}
    streak = paint(f"{LONG_STREAK}+ failures in a row", BOLD_RED)
    return "\n" + LEGEND.format(streak=streak, **words) + "\n"


def render_screen(
    name: str, frame: pl.DataFrame, width: int | None = None, *, colour: bool = False
) -> str:
    """Table plus fixes, as shown on a terminal ``width`` characters wide (if known).

    With ``colour`` the text comes with its colour codes and with the data's control
    characters already shown as escapes (without, the caller escapes it all at once).
    """
    table = render_text(
        screen_view(name, frame),
        f"{name} ({frame.height} rows)",
        width=width,
        droppable=DROP_ORDER.get(name, ()),
        tones=screen_tones(name, frame) if colour else None,
    )
    fix_width = FIX_WIDTH if width is None else max(40, min(FIX_WIDTH, width - 1))
    fixes = fixes_text(name, frame, fix_width)
    if colour:  # the table's cells are escaped already (``cell_text``); the fixes are not
        table, fixes = table + legend(name), escape_controls(fixes, keep="\n")
    return table + ("\n" + fixes if fixes else "")
