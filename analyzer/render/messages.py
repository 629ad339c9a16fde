"""Messages on stderr and reject reasons in the run's language (``words_sv.MESSAGES_SV``).

The core words reasons and warnings in English once, where it finds them; a Swedish run
says each in Swedish here, just before it is shown or written, as ``texts`` does for the
catalogue's words.
"""

from __future__ import annotations

import re

import polars as pl

from analyzer.render.words_sv import MESSAGE_PIECES_SV, MESSAGES_SV, PROGRESS_SV

_PATTERNS = [(re.compile(english, re.DOTALL), swedish) for english, swedish in MESSAGES_SV]
_PIECES = [(re.compile(english), swedish) for english, swedish in MESSAGE_PIECES_SV]
_PROGRESS = [(re.compile(english, re.DOTALL), swedish) for english, swedish in PROGRESS_SV]


def progress_said(text: str, lang: str) -> str:
    """A progress step's words in ``lang`` (a step no pattern knows stays English)."""
    return (_first_match(_PROGRESS, text) if lang == "sv" else None) or text


def _first_match(patterns: list[tuple[re.Pattern[str], str]], text: str) -> str | None:
    """The Swedish of the first pattern that matches the whole of ``text``, or None."""
    for pattern, swedish in patterns:
        if found := pattern.fullmatch(text):
            return found.expand(swedish)
    return None


def said(text: str, lang: str) -> str:
    """``text`` (a warning, an error or a reject reason) in ``lang``; English as it is,
    and text no pattern knows stays English."""
    if lang != "sv":
        return text
    return translated(text) or text


def translated(text: str) -> str | None:
    """The Swedish of ``text``, or None when no pattern knows it.

    A reason of several problems ("a; b") is translated part by part first, so a greedy
    pattern never swallows the problems after it; a message whose parts are not each a
    known text is matched whole.
    """
    parts = text.split("; ")
    if len(parts) > 1:
        each = [_whole(part) for part in parts]
        if all(part is not None for part in each):
            return "; ".join(part for part in each if part is not None)
    return _whole(text)


# A suffix the JSON reader adds to a problem of its own: translated around it.
_ITEM_LINE = re.compile(r"(?P<problem>.+) \(item from line (?P<line>[\d,]+)\)", re.DOTALL)


def _whole(text: str) -> str | None:
    if (item := _ITEM_LINE.fullmatch(text)) and (problem := _whole(item["problem"])):
        return f"{problem} (posten från rad {item['line']})"
    result = _first_match(_PATTERNS, text)
    if result is None:
        return None
    for piece, replacement in _PIECES:
        result = piece.sub(replacement, result)
    return result


def reasons_in(rejects: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The rejects table (REJECT_SCHEMA) with its reasons in ``lang``."""
    if lang != "sv" or rejects.height == 0:
        return rejects
    reasons = rejects.get_column("reason").drop_nulls().unique().to_list()
    swedish = {reason: said(reason, lang) for reason in reasons}
    return rejects.with_columns(pl.col("reason").replace(swedish))
