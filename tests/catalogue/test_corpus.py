"""Message classification measured on a corpus, and the two matchers checked against each other.

tests/corpus/messages.csv holds messages written for this project: current English wordings,
historical ones (including the 2018 "<message> - <recommendation>" form), Swedish with the
machine translation's split words, paraphrases no pattern is meant to know, and near misses
that must stay unclassified. `expected_code` empty = must stay unclassified.

Run with `pytest tests/catalogue/test_corpus.py -s` to see the accuracy table.
"""

from __future__ import annotations

import csv
from collections import Counter

import polars as pl
from hypothesis import example, given, settings
from hypothesis import strategies as st

from analyzer.catalogue import (
    classify_message,
    load_catalogue,
    match_message,
    message_code_expr,
    normalize_message,
)
from tests.paths import TESTS

CORPUS = TESTS / "corpus" / "messages.csv"
LANGS = ("en", "en-historical", "sv")
CAT = load_catalogue()


def _corpus() -> list[dict[str, str]]:
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _by_polars(texts: list[str | None]) -> list[str | None]:
    frame = pl.DataFrame({"m": texts}, schema={"m": pl.String})
    return frame.select(message_code_expr(CAT, pl.col("m"))).to_series().to_list()


def _outcome(expected: str, got: str | None) -> str:
    if got is None:
        return "correct" if not expected else "unclassified"
    return "correct" if got == expected else "wrong"


def _accuracy_table(rows: list[dict[str, str]], got: list[str | None]) -> str:
    counts: Counter[tuple[str, str]] = Counter()
    for row, code in zip(rows, got, strict=True):
        kind = "expects a code" if row["expected_code"] else "must stay unclassified"
        counts[(f"{row['lang']:<14} {kind:<23}", _outcome(row["expected_code"], code))] += 1
    lines = [f"{'messages':<38} {'total':>5} {'correct':>7} {'wrong':>5} {'unclassified':>12}"]
    totals: Counter[str] = Counter()
    for group in sorted({g for g, _ in counts}):
        row_counts = {o: counts[(group, o)] for o in ("correct", "wrong", "unclassified")}
        totals.update(row_counts)
        lines.append(
            f"{group:<38} {sum(row_counts.values()):>5} {row_counts['correct']:>7} "
            f"{row_counts['wrong']:>5} {row_counts['unclassified']:>12}"
        )
    lines.append(
        f"{'all':<38} {sum(totals.values()):>5} {totals['correct']:>7} "
        f"{totals['wrong']:>5} {totals['unclassified']:>12}"
    )
    return "\n".join(lines)


def test_corpus_is_well_formed() -> None:
    rows = _corpus()
    assert len(rows) >= 120
    assert {row["lang"] for row in rows} == set(LANGS)
    unknown = {row["expected_code"] for row in rows} - set(CAT.codes) - {""}
    assert unknown == set()
    assert sum(1 for row in rows if not row["expected_code"]) >= 30  # near misses
    assert {row["expected_code"] for row in rows if row["expected_code"]} == set(CAT.codes)


def test_corpus_accuracy_has_zero_wrong_answers() -> None:
    rows = _corpus()
    texts: list[str | None] = [row["text"] for row in rows]
    by_polars = _by_polars(texts)
    by_python = [classify_message(CAT, row["text"]) for row in rows]
    assert by_polars == by_python

    table = _accuracy_table(rows, by_python)
    print("\nmessage corpus accuracy (tests/corpus/messages.csv)\n" + table)
    wrong = [
        (r["text"], r["expected_code"], got)
        for r, got in zip(rows, by_python, strict=True)
        if _outcome(r["expected_code"], got) == "wrong"
    ]
    assert wrong == []
    expecting = [r for r in rows if r["expected_code"]]
    recognised = sum(
        1
        for r, got in zip(rows, by_python, strict=True)
        if r["expected_code"] and got == r["expected_code"]
    )
    assert recognised / len(expecting) >= 0.95, table


def test_near_misses_match_no_code_at_all() -> None:
    misses = [row["text"] for row in _corpus() if not row["expected_code"]]
    assert {text: match_message(CAT, text) for text in misses if match_message(CAT, text)} == {}


# --- the two matchers never raise and always agree ----------------------------------------

SAMPLES = [s for code in CAT.codes.values() for s in code.samples]
# Characters where engines or normalization could differ: odd whitespace, apostrophes,
# Turkish i's (Python's re folds them with i under (?i), Rust's regex does not), long s,
# Kelvin sign, control characters Python's \s knows and Rust's does not.
TRICKY = [
    "\u2003",
    "\u00a0",
    "\n",
    "\t",
    "\x1c",
    "\u2019",
    "\u0131",
    "\u0130",
    "\u017f",
    "\u212a",
    "ß",
    "Ö",
    "\x00",
    "  ",
]


def _mutate(sample: str, swaps: list[tuple[int, str]], case: str, prefix: str, suffix: str) -> str:
    chars = list(sample)
    for position, char in swaps:
        chars[position % len(chars)] = char
    text = "".join(chars)
    text = {"upper": text.upper(), "lower": text.lower(), "same": text}[case]
    return prefix + text + suffix


near_samples = st.builds(
    _mutate,
    st.sampled_from(SAMPLES),
    st.lists(st.tuples(st.integers(0, 400), st.sampled_from(TRICKY)), max_size=3),
    st.sampled_from(["upper", "lower", "same"]),
    st.text(max_size=12),
    st.text(max_size=12),
)
messages = st.one_of(st.text(max_size=200), near_samples, st.none())


@settings(max_examples=60, deadline=None)
@given(st.lists(messages, min_size=1, max_size=25))
@example(["VM agent unable to communicate w\u0131th Azure Backup", "B\u0130CKUP", None, ""])
@example(
    [
        "Backup failed with an internal error\x1c",
        "\u2003VM Agent unable to communicate\u2003with Azure Backup",
        "The VM isn\u2019t in a state that allows backups",
    ]
)
def test_python_and_polars_matchers_never_raise_and_agree(texts: list[str | None]) -> None:
    expected = [None if t is None else classify_message(CAT, t) for t in texts]
    for text, code in zip(texts, expected, strict=True):
        if text is not None:
            found = match_message(CAT, text)
            assert code == (found[0] if found else None)
    assert _by_polars(texts) == expected


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=100))
def test_normalization_is_the_same_in_both_paths(text: str) -> None:
    from analyzer.catalogue import normalize_message_expr

    frame = pl.DataFrame({"m": [text]}, schema={"m": pl.String})
    assert frame.select(normalize_message_expr(pl.col("m"))).item() == normalize_message(text)
