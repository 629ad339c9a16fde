"""Message classification: which catalogue code a free-text error message belongs to.

Two paths give the same answer: a vectorized polars expression for job frames
(``message_code_expr``) and a Python ``re`` path for tests, ``explain`` and catalogue
validation (``match_message`` / ``classify_message``). Both normalize the text the same
way first, and both try the codes in catalogue order: the first code with a matching
pattern (any language) wins.

A code's patterns are joined into one alternation, each pattern's leading global flags
turned into a scoped group (``(?i)x`` -> ``(?i:x)``), so each code costs one regex scan.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import polars as pl

from analyzer.catalogue.model import Catalogue, Code

# Spelled out rather than ``\s``: Python's ``\s`` also matches \x1c-\x1f and Rust's does not,
# and both paths must normalize identically.
_WHITESPACE_RUN = r"[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+"
# Characters folded before matching. Typographic apostrophes (portal and Word copies) become
# ASCII, so "isn’t" matches "isn't". The Turkish dotless/dotted i become plain i/I because
# Python's re treats them as case variants of i under (?i) and Rust's regex does not.
_CHAR_FOLDS = {"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u0131": "i", "\u0130": "I"}
_LEADING_FLAGS = re.compile(r"^\(\?([a-zA-Z]+)\)")

_WHITESPACE_RE = re.compile(_WHITESPACE_RUN)
_FOLD_TABLE = str.maketrans(_CHAR_FOLDS)


def normalize_message(text: str) -> str:
    """The text patterns are matched against: a few characters folded, whitespace runs -> " "."""
    return _WHITESPACE_RE.sub(" ", text.translate(_FOLD_TABLE))


def normalize_message_expr(col: pl.Expr) -> pl.Expr:
    """``normalize_message`` as a polars expression (null stays null)."""
    return col.str.replace_many(_CHAR_FOLDS).str.replace_all(_WHITESPACE_RUN, " ")


def scoped_pattern(pattern: str) -> str:
    """Turn leading global flags into a scoped group so patterns can be joined with ``|``."""
    flags = _LEADING_FLAGS.match(pattern)
    if flags is None:
        return f"(?:{pattern})"
    return f"(?{flags.group(1)}:{pattern[flags.end() :]})"


def code_regex(code: Code) -> str | None:
    """All of a code's message patterns (every language) as one regex, or None if it has none."""
    parts = [scoped_pattern(p) for lang in sorted(code.patterns) for p in code.patterns[lang]]
    return "|".join(parts) if parts else None


@dataclass(frozen=True)
class _CompiledCodes:
    """The per-code regexes of one catalogue, in catalogue order, compiled once."""

    sources: tuple[tuple[str, str], ...]  # (code id, regex)
    compiled: tuple[tuple[str, re.Pattern[str]], ...]


# Keyed by id() with an identity check: Catalogue holds dicts, so it cannot be hashed.
_COMPILED: dict[int, tuple[Catalogue, _CompiledCodes]] = {}
_COMPILED_MAX = 16


def _compiled(cat: Catalogue) -> _CompiledCodes:
    hit = _COMPILED.get(id(cat))
    if hit is not None and hit[0] is cat:
        return hit[1]
    sources = tuple(
        (code.id, regex) for code in cat.codes.values() if (regex := code_regex(code)) is not None
    )
    entry = _CompiledCodes(sources, tuple((cid, re.compile(rx)) for cid, rx in sources))
    if len(_COMPILED) >= _COMPILED_MAX:
        _COMPILED.clear()
    _COMPILED[id(cat)] = (cat, entry)
    return entry


def match_message(cat: Catalogue, text: str) -> list[str]:
    """Every code id (catalogue order) with a pattern that matches ``text``."""
    normalized = normalize_message(text)
    return [cid for cid, rx in _compiled(cat).compiled if rx.search(normalized)]


def classify_message(cat: Catalogue, text: str) -> str | None:
    """The first code (catalogue order) whose patterns match ``text``, else None."""
    normalized = normalize_message(text)
    return next((cid for cid, rx in _compiled(cat).compiled if rx.search(normalized)), None)


def message_code_expr(cat: Catalogue, col: pl.Expr) -> pl.Expr:
    """Per row, the id of the first code (catalogue order) whose patterns match, else null.

    Null messages give null. The result is a String expression; alias it as you need.
    It runs batch-wise (elementwise, so it streams): each batch's distinct messages are
    normalized once and tested against every code's regex as parallel columns. Exports
    repeat a few dozen messages over millions of rows, so this costs one regex scan per
    distinct message instead of one per row and code.
    """
    sources = _compiled(cat).sources
    if not sources:
        return pl.lit(None, dtype=pl.String)
    return col.map_batches(
        functools.partial(_classify_batch, sources), return_dtype=pl.String, is_elementwise=True
    )


def _classify_batch(sources: tuple[tuple[str, str], ...], messages: pl.Series) -> pl.Series:
    messages = messages.cast(pl.String)
    distinct = pl.DataFrame({"m": messages.drop_nulls().unique()}, schema={"m": pl.String})
    tested = distinct.with_columns(normalize_message_expr(pl.col("m")).alias("n")).with_columns(
        pl.col("n").str.contains(rx).alias(f"_{i}") for i, (_, rx) in enumerate(sources)
    )
    first_hit = pl.coalesce(
        pl.when(pl.col(f"_{i}")).then(pl.lit(cid)) for i, (cid, _) in enumerate(sources)
    )
    table = tested.select("m", first_hit.alias("code")).filter(pl.col("code").is_not_null())
    return messages.replace_strict(table["m"], table["code"], default=None, return_dtype=pl.String)


def mask_expr(pattern: str, replace: str, text: pl.Expr) -> pl.Expr:
    """``text`` with a mask's matches replaced, in polars.

    Word boundaries are taken as ASCII ones: Rust's Unicode ``\\b`` keeps a regex off its
    fast DFA path (about twice as slow here), and masks are about ASCII ids, times and
    numbers. The catalogue check runs each mask's samples through this same expression.
    """
    return text.str.replace_all(pattern.replace(r"\b", r"(?-u:\b)"), replace)
