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
from analyzer.render.words_sv import column_header, table_title

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


def fixes_text(name: str, frame: pl.DataFrame, width: int = FIX_WIDTH, lang: str = "en") -> str:
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
    words = FIX_WORDS[lang]
    blocks = [words["heading"].format(which=_which(shown.height, causes.height, lang))]
    for cause, rows, title, fix, failures, _ in shown.iter_rows():
        counts = FIX_COUNTS[lang]
        count = counts["rows"][rows == 1].format(n=rows)
        if failed:
            count += counts["failed"][failures == 1].format(n=failures)
        heading = f"[{cause}] {title} ({count})"
        blocks.append("\n" + _wrap(heading, width, "", "  "))
        blocks.extend(_step_lines(fix or "", width))
    if causes.height > shown.height:
        blocks.append("\n" + words["more"].format(n=causes.height - shown.height))
    return "\n".join(blocks) + "\n"


# The words around the fix steps on a terminal.
FIX_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "heading": "Suggested fixes ({which}):",
        "more": "{n} more causes: see `bjla patterns show CAUSE`,"
        " or write every column with -o fleet.xlsx",
        "every": "every cause above",
        "some": "the {shown} of {total} causes above with the most failed jobs",
    },
    "sv": {
        "heading": "Föreslagna åtgärder ({which}):",
        "more": "{n} orsaker till: se `bjla patterns show ORSAK`,"
        " eller skriv alla kolumner med -o fleet.xlsx",
        "every": "alla orsaker ovan",
        "some": "de {shown} av {total} orsaker ovan med flest misslyckade jobb",
    },
}


# Counts in a fix's heading: (plural, singular).
FIX_COUNTS: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "rows": ("{n} rows above", "{n} row above"),
        "failed": (", {n} failed jobs", ", {n} failed job"),
    },
    "sv": {
        "rows": ("{n} rader ovan", "{n} rad ovan"),
        "failed": (", {n} misslyckade jobb", ", {n} misslyckat jobb"),
    },
}


def _which(shown: int, total: int, lang: str = "en") -> str:
    words = FIX_WORDS[lang]
    if shown == total:
        return words["every"]
    return words["some"].format(shown=shown, total=total)


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
LEGEND = {
    "en": (
        "VM names: {failing} (the last backup failed), {stale} (no recent success),"
        " {silent} (no job at all); {streak}"
    ),
    "sv": (
        "VM-namn: {failing} (senaste säkerhetskopieringen misslyckades), {stale} (ingen"
        " lyckad nyligen), {silent} (inga jobb alls); {streak}"
    ),
}
STREAK_WORDS = {"en": "{n}+ failures in a row", "sv": "{n}+ misslyckanden i rad"}


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


def legend(name: str, lang: str = "en") -> str:
    """What the colours of a by-VM table mean (said only when there are colours)."""
    if name != "by-vm":
        return ""
    words = {state: paint(state, code) for state, code in STATE_COLOURS.items()}
    streak = paint(STREAK_WORDS[lang].format(n=LONG_STREAK), BOLD_RED)
    return "\n" + LEGEND[lang].format(streak=streak, **words) + "\n"


def render_screen(
    name: str,
    frame: pl.DataFrame,
    width: int | None = None,
    *,
    colour: bool = False,
    lang: str = "en",
) -> str:
    """Table plus fixes, as shown on a terminal ``width`` characters wide (if known);
    headers and title in ``lang``.

    With ``colour`` the text comes with its colour codes and with the data's control
    characters already shown as escapes (without, the caller escapes it all at once).
    """
    shown = screen_view(name, frame)
    rows = f"{frame.height} rows"
    if lang == "sv":
        rows = f"{frame.height} {'rad' if frame.height == 1 else 'rader'}"
    table = render_text(
        shown,
        f"{table_title(name, lang)} ({rows})",
        width=width,
        droppable=DROP_ORDER.get(name, ()),
        headers={c: column_header(c, lang) for c in shown.columns},
        lang=lang,
        tones=screen_tones(name, frame) if colour else None,
    )
    fix_width = FIX_WIDTH if width is None else max(40, min(FIX_WIDTH, width - 1))
    fixes = fixes_text(name, frame, fix_width, lang)
    if colour:  # the table's cells are escaped already (``cell_text``); the fixes are not
        table, fixes = table + legend(name, lang), escape_controls(fixes, keep="\n")
    return table + ("\n" + fixes if fixes else "")
