"""Finding classes already known from issue 12 and being fixed on other branches.

Only a label for the campaign's report: a known class still counts as a crash or a
violation (the campaign's goal is zero of each). Each rule names the branch fixing it.
"""

from __future__ import annotations

import re

from tools.fuzz.checks import Finding

# (label, finding kinds, mutators or families it comes from (empty: any), detail pattern)
KNOWN: tuple[tuple[str, frozenset[str], frozenset[str], str], ...] = (
    ("h-ingest: JSON depth", frozenset({"crash"}), frozenset(), r"RecursionError|recursion"),
    ("h-ingest: JSON big ints", frozenset({"crash"}), frozenset(), r"4300|int_max_str_digits"),
    ("h-ingest: JSON lone surrogates", frozenset({"crash"}), frozenset(), r"surrogate"),
)


def known_label(finding: Finding, mutator: str) -> str | None:
    """The known class a finding belongs to, None when it is new."""
    for label, kinds, mutators, pattern in KNOWN:
        if finding.kind not in kinds or (mutators and mutator not in mutators):
            continue
        if re.search(pattern, finding.detail):
            return label
    return None
