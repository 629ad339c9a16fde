"""Finding classes already known from issue 12 and being fixed on other branches.

Only a label for the campaign's report: a known class still counts as a crash or a
violation (the campaign's goal is zero of each). Each rule names the branch fixing it and
matches a finding by its kind, the mutator that made the input and the error it printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tools.fuzz.checks import Finding

BARE_CR = re.compile(rb"\r(?!\n)")


@dataclass(frozen=True)
class Known:
    """One known class: who fixes it and how to recognise it."""

    label: str
    kinds: frozenset[str]
    mutators: frozenset[str] = frozenset()  # empty: any mutator
    detail: str = ""  # a pattern the finding's text must match
    bare_cr: bool = False  # the input holds a CR that is not part of a CRLF

    def matches(self, finding: Finding, mutator: str, data: bytes) -> bool:
        if finding.kind not in self.kinds or (self.mutators and mutator not in self.mutators):
            return False
        if self.bare_cr and not BARE_CR.search(data):
            return False
        return re.search(self.detail, finding.detail) is not None


CRASHES = frozenset({"crash"})
COUNTS = frozenset({"count", "equivalence"})
KNOWN: tuple[Known, ...] = (
    Known("h-ingest: JSON depth", CRASHES, detail=r"RecursionError|recursion"),
    Known("h-ingest: JSON big ints", CRASHES, detail=r"4300|int_max_str_digits|digits"),
    Known("h-ingest: JSON lone surrogates", CRASHES, detail=r"surrogate"),
    Known("h-ingest: years outside 1900-2200", CRASHES, detail=r"year|out of range|datetime"),
    Known(
        "h-ingest: XLSX dimension/bombs",
        frozenset({"abort", "timeout", "crash"}),
        frozenset({"xml_dimension", "xml_far_cell", "xlsx_far_cells", "xml_many_rows"}),
    ),
    Known("h-ingest: stray quotes", COUNTS, frozenset({"field_stray_quote"})),
    Known("h-ingest/h-readers: bare CR", COUNTS, bare_cr=True),
    Known(
        "h-ingest: decoding",
        COUNTS,
        frozenset({"enc_stray_byte", "enc_cp1252_file", "enc_utf16", "enc_bom"}),
    ),
    Known("h-ingest: header dedupe", frozenset({"timeout"}), frozenset({"field_header"})),
    Known("h-ingest: gz caps", frozenset({"timeout", "abort"}), frozenset({"gz_large"})),
    Known(
        "h-report/h-safety: output and exit 0 when no job row was read",
        frozenset({"leftover", "exit"}),
        detail=r"no job row was read",
    ),
)


def known_label(finding: Finding, mutator: str, data: bytes = b"") -> str | None:
    """The known class a finding belongs to, None when it is new."""
    for known in KNOWN:
        if known.matches(finding, mutator, data):
            return known.label
    return None
