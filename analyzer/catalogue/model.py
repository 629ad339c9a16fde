"""The pattern catalogue as typed, immutable Python objects.

The catalogue is data (TOML files in ``patterns/``); ``analyzer.catalogue.load`` reads
and validates it into these objects. Nothing outside ``patterns/`` knows what any
error code means.

Regexes in the catalogue must compile both with Python ``re`` and with the Rust
``regex`` engine polars uses (no look-around, no back-references), because message
classification and log-signal matching run as vectorized polars expressions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

LANGS = ("en", "sv")
CATEGORIES = ("user", "transient", "platform")
OPERATIONS = ("backup", "restore", "any")
OS_VALUES = ("windows", "linux", "any")
LOG_KINDS = (
    "waagent",
    "vmsnapshot-extension",
    "vmsnapshot-shell",
    "windows-agent",
    "windows-extension",
    "generic",
)
# failure: a match is a finding; info: it informs attribution but is never a finding alone.
SIGNAL_KINDS = ("failure", "info")
LEVELS = ("VERBOSE", "INFO", "WARNING", "ERROR")


@dataclass(frozen=True)
class Cause:
    """A root cause and the fix for it."""

    id: str
    title: Mapping[str, str]  # lang -> one-line title
    fix: Mapping[str, tuple[str, ...]]  # lang -> ordered steps
    doc_url: str
    os: str = "any"
    origin: str = ""  # file the entry came from
    # An OS-neutral cause names the OS-specific causes it stands for: it is given instead
    # of them to a VM whose OS is not known, so its fix covers both.
    variants: tuple[str, ...] = ()
    source: str = ""  # where the cause is documented or observed, when not the doc_url alone


@dataclass(frozen=True)
class Code:
    """An Azure Backup error code, how to recognise it and its candidate causes."""

    id: str  # canonical spelling, e.g. "UserErrorGuestAgentStatusUnavailable"
    message: Mapping[str, str]  # lang -> canonical message
    category: str  # one of CATEGORIES
    causes: tuple[str, ...]  # cause ids, in the order the documentation gives
    doc_url: str
    operation: str = "backup"
    aliases: tuple[str, ...] = ()  # variant spellings ("ExtentionOperationFailed", ...)
    numeric: tuple[int, ...] = ()  # numeric errorCode values (REST / PowerShell)
    patterns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # lang -> regexes
    samples: tuple[str, ...] = ()  # messages that must classify to this code
    origin: str = ""


@dataclass(frozen=True)
class Signal:
    """An evidence pattern for agent logs, and the causes it supports."""

    id: str
    title: Mapping[str, str]
    log_kinds: tuple[str, ...]  # subset of LOG_KINDS
    pattern: str  # regex; the named group ``detail`` (if any) is captured
    supports: tuple[str, ...]  # cause ids
    samples: tuple[str, ...] = ()
    origin: str = ""
    kind: str = "failure"  # one of SIGNAL_KINDS
    source: str = ""  # where the message comes from (the agent's source file, a reference)
    # A start marker: its event is kept only when no event of this signal follows it in
    # the same file before the next start (e.g. a freeze that never thaws).
    closed_by: str | None = None


@dataclass(frozen=True)
class Benign:
    """A known, benign agent-log line (the agent team's ignore list): not a finding.

    It applies to failure events whose line matches ``pattern`` (and whose record's first
    line matches ``record``, and whose level is one of ``levels``, when given). With
    ``max_repeats``, only the first that many such lines of a file are benign.
    """

    id: str
    title: Mapping[str, str]
    log_kinds: tuple[str, ...]
    pattern: str
    source: str
    samples: tuple[str, ...]
    record: str | None = None
    levels: tuple[str, ...] = ()
    max_repeats: int | None = None
    origin: str = ""


@dataclass(frozen=True)
class Mask:
    """A variable part of log lines and messages (a time, an id, a path) hidden in templates.

    Masks apply in catalogue order, each replacing what its pattern matches with its
    placeholder, so that lines differing only in such parts read the same.
    """

    id: str
    pattern: str
    replace: str  # the placeholder, e.g. "<guid>"
    samples: tuple[str, ...]  # texts the pattern must match whole
    source: str
    origin: str = ""


@dataclass(frozen=True)
class Catalogue:
    """All entries, in file order (cause order within a code matters)."""

    causes: Mapping[str, Cause]
    codes: Mapping[str, Code]
    signals: Mapping[str, Signal]
    benign: Mapping[str, Benign] = field(default_factory=dict)
    masks: Mapping[str, Mask] = field(default_factory=dict)

    def code_keys(self) -> dict[str, str]:
        """Lower-cased code spelling (canonical or alias) -> canonical code id."""
        keys: dict[str, str] = {}
        for code in self.codes.values():
            for spelling in (code.id, *code.aliases):
                keys[spelling.lower()] = code.id
        return keys

    def neutral_causes(self) -> dict[str, str]:
        """OS-specific cause id -> the OS-neutral cause that lists it as a variant."""
        return {v: c.id for c in self.causes.values() for v in c.variants}

    def numeric_keys(self) -> dict[int, str]:
        """Numeric errorCode -> canonical code id."""
        return {n: code.id for code in self.codes.values() for n in code.numeric}
