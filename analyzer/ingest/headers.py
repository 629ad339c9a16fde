"""Header names folded to comparable keys, and column lookup by candidate keys.

Exports spell the same column several ways: ``JobStartDateTime``, ``JobStartDateTime [UTC]``,
``Job Start Time (UTC)``, ``JobStatus_s``. Every reader renames its columns to a *key*
(lower case, the UTC marker dropped, only letters, digits and ``_`` kept) so shape detection
and column mapping compare keys, never raw header text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import polars as pl

_UTC_MARK = re.compile(r"\s*[\[(]\s*utc\s*[\])]\s*$", re.IGNORECASE)
_NOT_KEY = re.compile(r"[^a-z0-9_]")


def fold(header: str) -> str:
    """Fold one header to its key: ``"Job Start Time (UTC)"`` -> ``"jobstarttime"``."""
    text = header.replace("\ufeff", "").strip()
    text = _UTC_MARK.sub("", text)
    return _NOT_KEY.sub("", text.lower())


def header_keys(headers: Sequence[str]) -> list[str]:
    """Keys for a header row, unique and never empty (``col3``, ``status#2`` ...).

    Each key remembers the last suffix it was given, so a header that repeats one name
    thousands of times costs one step per column, not one per earlier repeat.
    """
    keys: list[str] = []
    seen: set[str] = set()
    last_suffix: dict[str, int] = {}
    for i, header in enumerate(headers, start=1):
        key = fold(header) or f"col{i}"
        unique, n = key, last_suffix.get(key, 1)
        while unique in seen:
            n += 1
            unique = f"{key}#{n}"
        last_suffix[key] = n
        seen.add(unique)
        keys.append(unique)
    return keys


class Columns:
    """The keys a table has, with helpers to pick the first present candidate."""

    def __init__(self, keys: Iterable[str]) -> None:
        self.keys = frozenset(keys)

    def has(self, *candidates: str) -> bool:
        """Whether any candidate key is present."""
        return any(c in self.keys for c in candidates)

    def pick(self, *candidates: str) -> pl.Expr:
        """The first non-empty value among the present candidate columns (else null)."""
        present = [pl.col(c) for c in candidates if c in self.keys]
        if not present:
            return pl.lit(None, dtype=pl.String)
        if len(present) == 1:
            return present[0]
        return pl.coalesce(present)
