"""Literal strings that every match of a signal's regex contains: the scanner's screen.

A big log is mostly lines no signal matches. Running the signals' combined regex on every
line costs far more than searching the text for a few dozen fixed strings, which the regex
engine does with SIMD (Teddy) over whole blocks. So for each signal pattern this module
finds a set of strings such that every match of the pattern contains at least one of them
(``required_literals``), and ``screen_patterns`` joins them into a few alternations of at most
64 strings. The scanner keeps only the text that contains one of them; the real patterns then
run on those lines alone, so the result is the same as running them on every line.

Patterns are read with Python's own regex parser (the catalogue's patterns compile in ``re``
and in polars' Rust engine, see ``signals.check_patterns``). Where the two dialects could read
a construct differently (POSIX classes, Unicode classes), or a part is case-insensitive, that
part gives no literal; a pattern that gives none at all turns the screen off (None), which
only costs speed.
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Iterable
from typing import Any

import polars as pl

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import sre_constants as sre
    import sre_parse

Items = Iterable[tuple[object, Any]]  # the parser's (opcode, argument) pairs

MAX_ALTERNATIVES = 16  # strings kept when classes and branches multiply
MAX_CLASS = 4  # a character class of more characters is not spelled out
MIN_LITERAL = 3  # a shorter required string would keep almost every block: no screen
GROUP = 64  # strings per alternation: the regex engine's SIMD search takes up to 64
# Constructs whose meaning differs between Python's re and Rust's regex crate.
_FOREIGN = re.compile(r"\\[pPxX]\{|\\[pP]|\[\[:")
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def required_literals(pattern: str) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` contains; None when none is sure."""
    if _FOREIGN.search(pattern):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # e.g. "possible nested set": Rust reads it apart
            parsed = sre_parse.parse(pattern)
    except (re.error, Warning, RecursionError, ValueError):
        return None
    if parsed.state.flags & sre.SRE_FLAG_IGNORECASE:
        return None
    found = _factors(parsed.data)
    return None if found is None else frozenset(found)


@functools.lru_cache(maxsize=64)
def screen_patterns(patterns: tuple[str, ...]) -> tuple[str, ...] | None:
    """Alternations of escaped literals (polars regex syntax): a text in which one of
    ``patterns`` matches contains a match of one of them. None: no screen can be made."""
    strings: set[str] = set()
    for pattern in patterns:
        found = required_literals(pattern)
        if found is None or min(len(s) for s in found) < MIN_LITERAL:
            return None
        strings |= found
    kept = sorted(s for s in strings if not any(t != s and t in s for t in strings))
    if not kept or any(ch in s for s in kept for ch in "\n\r"):
        return None
    groups = (kept[i : i + GROUP] for i in range(0, len(kept), GROUP))
    return tuple("|".join(pl.escape_regex(s) for s in group) for group in groups)


def _factors(items: Items) -> set[str] | None:
    """For a sequence: the most telling set among its runs of fixed text and its parts."""
    candidates: list[set[str]] = []
    run: set[str] = {""}
    for op, av in items:
        fixed = _exact(op, av)
        if fixed is not None:
            longer = _product(run, fixed)
            if longer is not None:
                run = longer
                continue
            candidates.append(run)
            run = fixed
            continue
        candidates.append(run)
        run = {""}
        inner = _item_factors(op, av)
        if inner is not None:
            candidates.append(inner)
    candidates.append(run)
    useful = [c for c in candidates if min(len(s) for s in c) > 0]
    # Longer strings are rarer in a log; among equally long ones, fewer strings.
    return max(useful, key=lambda c: (min(len(s) for s in c), -len(c))) if useful else None


def _item_factors(op: object, av: Any) -> set[str] | None:
    """For one item that is not fixed text: a set every match of it contains, if any."""
    if op is sre.SUBPATTERN:
        _, add_flags, del_flags, sub = av
        return None if add_flags or del_flags else _factors(sub.data)
    if op is sre.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            found = _factors(branch.data)
            if found is None:
                return None
            union |= found
        return union
    if op in _REPEATS:
        low, _, sub = av
        return _factors(sub.data) if low >= 1 else None
    return None


def _exact(op: object, av: Any) -> set[str] | None:
    """The few strings one item matches exactly (zero-width items: the empty string)."""
    if op is sre.LITERAL:
        return {chr(av)}
    if op is sre.AT:
        return {""}
    if op is sre.IN:
        chars = {chr(a) for o, a in av if o is sre.LITERAL}
        same = len(chars) == len(av)
        return chars if same and len(chars) <= MAX_CLASS else None
    if op is sre.SUBPATTERN:
        _, add_flags, del_flags, sub = av
        return None if add_flags or del_flags else _exact_seq(sub.data)
    if op is sre.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            found = _exact_seq(branch.data)
            if found is None:
                return None
            union |= found
        return union if len(union) <= MAX_ALTERNATIVES else None
    if op in _REPEATS:
        low, high, sub = av
        once = _exact_seq(sub.data) if low == high else None
        return None if once is None else _power(once, low)
    return None


def _exact_seq(items: Items) -> set[str] | None:
    out: set[str] | None = {""}
    for op, av in items:
        fixed = _exact(op, av)
        out = None if fixed is None or out is None else _product(out, fixed)
        if out is None:
            return None
    return out


def _power(strings: set[str], times: int) -> set[str] | None:
    out: set[str] | None = {""}
    for _ in range(times):
        out = None if out is None else _product(out, strings)
    return out


def _product(left: set[str], right: set[str]) -> set[str] | None:
    """Every string of ``left`` followed by every one of ``right``; None when too many."""
    if len(left) * len(right) > MAX_ALTERNATIVES:
        return None
    return {a + b for a in left for b in right}
