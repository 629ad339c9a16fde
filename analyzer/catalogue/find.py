"""Finding catalogue entries: a code by its id, an alias or its numeric errorCode, with
close spellings suggested when nothing matches; and an entry's text in a language.

Everything here answers from the catalogue alone; how an entry is shown to a person
(``bjla explain``, ``patterns show``) is in ``analyzer.render.explain``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from analyzer.catalogue.model import Catalogue, Cause, Code
from analyzer.errors import UsageError


class UnknownEntryError(UsageError):
    """An error code (or catalogue id) the catalogue does not know; carries suggestions."""

    def __init__(self, query: str, what: str, suggestions: list[str]) -> None:
        self.query = query
        self.suggestions = suggestions
        hint = f"did you mean {', '.join(suggestions)}? " if suggestions else ""
        super().__init__(f"unknown {what} '{query}' ({hint}`bjla patterns list` shows every entry)")


def text_in(texts: Mapping[str, str], lang: str) -> str:
    """The text in ``lang``, else the English one (the catalogue requires both)."""
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")


def fix_steps(cause: Cause, lang: str) -> tuple[str, ...]:
    """The cause's fix steps in ``lang``, else in English."""
    return cause.fix.get(lang) or cause.fix.get("en") or ()


def closest(query: str, candidates: Iterable[str]) -> list[str]:
    """Up to three of ``candidates`` spelled like ``query`` (any case)."""
    by_lower = {c.lower(): c for c in candidates}
    close = difflib.get_close_matches(query.strip().lower(), list(by_lower), n=3, cutoff=0.6)
    return [by_lower[c] for c in close]


def find_code(cat: Catalogue, query: str) -> Code | None:
    """The code named by ``query``: its id or an alias (any case), or its numeric errorCode."""
    text = query.strip()
    code_id = cat.code_keys().get(text.lower())
    if code_id is None and text.isdigit():
        code_id = cat.numeric_keys().get(int(text))
    return None if code_id is None else cat.codes[code_id]


def resolve_code(cat: Catalogue, query: str) -> Code:
    """The code named by ``query`` (see ``find_code``); UnknownEntryError if none is."""
    code = find_code(cat, query)
    if code is None:
        spellings = cat.code_keys()  # lower-cased spelling -> canonical id
        suggested = [spellings[s.lower()] for s in closest(query.strip(), spellings)]
        raise UnknownEntryError(query, "error code", list(dict.fromkeys(suggested)))
    return code
