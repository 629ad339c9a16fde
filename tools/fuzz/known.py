"""Finding classes already known and being fixed on other branches.

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


# Every class issue 12 named (JSON depth, big integers and lone surrogates, years outside
# 1900-2200, XLSX dimension and bombs, stray quotes, bare CR, decoding, header dedupe, gzip
# caps, output when no job row was read) is fixed on main; a new class waiting for its fix
# on a branch gets a rule here.
KNOWN: tuple[Known, ...] = ()


def known_label(finding: Finding, mutator: str, data: bytes = b"") -> str | None:
    """The known class a finding belongs to, None when it is new."""
    for known in KNOWN:
        if known.matches(finding, mutator, data):
            return known.label
    return None
