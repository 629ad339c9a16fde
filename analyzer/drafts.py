"""Draft catalogue entries from templates, for an admin to review and make known.

``bjla templates --as-patterns DIR`` writes ``DIR/drafts.toml``: a ``[[signal]]`` for each
agent-log template and a ``[[code]]`` with its own ``[[cause]]`` for each job-message
template. Each entry's pattern is built from its template (literal words escaped, masked
parts as the masks' own patterns, wildcards as "anything") and checked against its
example line; the file is then validated as an overlay of the built-in catalogue, and any
draft that would not pass is left out (and counted). So ``bjla patterns validate DIR``
accepts the file as written. What a draft cannot know (the cause, its fix, the category)
is written as an explicit placeholder to replace.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from analyzer.catalogue.load import validate_dir
from analyzer.catalogue.model import Catalogue
from analyzer.output import write_output_bytes
from analyzer.templates import WILDCARD

DRAFTS_FILE = "drafts.toml"
TROUBLESHOOTING = "https://learn.microsoft.com/azure/backup/backup-azure-vms-troubleshoot"
_HEADER = """\
schema_version = 1

# Drafts written by `bjla templates --as-patterns`: recurring failures the catalogue does
# not know yet, one entry per template. Review each: give it a real id and title, the cause
# and fix (in English and Swedish) and, for codes, the category; then keep the file in a
# folder you pass with --patterns. `bjla patterns validate` accepts this file as written.
"""
_ANYTHING = ".+?"
_UNSAFE_SOURCE = re.compile(r"[^\w.\-/]")


@dataclass(frozen=True)
class DraftResult:
    """What was written: the file, and how many drafts were kept and left out."""

    path: Path
    written: int
    left_out: int


def write_drafts(templates: pl.DataFrame, cat: Catalogue, folder: Path) -> DraftResult:
    """Write ``folder/drafts.toml`` for ``templates`` (``TEMPLATE_SCHEMA``), most frequent first."""
    folder.mkdir(parents=True, exist_ok=True)
    entries = [e for row in templates.iter_rows(named=True) if (e := _draft(row, cat))]
    target = folder / DRAFTS_FILE
    kept = list(entries)
    for _ in range(3):  # each round drops the drafts the validator names
        write_output_bytes(target, _toml(kept).encode("utf-8"))
        named = _ids_in(validate_dir(folder), kept)
        if not named:
            break
        kept = [e for e in kept if e.id not in named]
    else:
        kept = []
        write_output_bytes(target, _toml(kept).encode("utf-8"))
    return DraftResult(target, len(kept), len(entries) - len(kept))


@dataclass(frozen=True)
class _Draft:
    id: str
    text: str  # the TOML of the entry (and, for a code, its cause)


def _draft(row: dict[str, object], cat: Catalogue) -> _Draft | None:
    template, example = str(row["template"]), str(row["example"])
    pattern = _checked_pattern(template, example, cat)
    if pattern is None:
        return None
    digest = hashlib.sha256(f"{row['origin']}\n{template}".encode()).hexdigest()[:10]
    if row["origin"] == "job":
        return _Draft(f"DraftCode_{digest}", _code_text(digest, template, example, pattern))
    kinds = [k for k in str(row.get("log_kinds") or "").split(",") if k] or ["generic"]
    source = _source(str(row.get("example_source") or "agent.log"))
    return _Draft(
        f"draft-{digest}", _signal_text(digest, template, example, pattern, kinds, source)
    )


def _checked_pattern(template: str, example: str, cat: Catalogue) -> str | None:
    """A regex for ``template`` that matches ``example``: the tightest of three tries."""
    for pattern in (
        _pattern(template, _placeholder_patterns(cat)),
        _pattern(template, defaultdict(lambda: _ANYTHING)),
        re.escape(" ".join(example.split())).replace(r"\ ", r"\s+"),
    ):
        if pattern and re.search(pattern, example) and not re.search(pattern, ""):
            return pattern
    return None


def _placeholder_patterns(cat: Catalogue) -> dict[str, str]:
    """Each placeholder's regex: the alternation of the masks that write it."""
    by_placeholder: dict[str, list[str]] = defaultdict(list)
    for mask in cat.masks.values():
        by_placeholder[mask.replace].append(_scoped_flags(mask.pattern))
    out = {
        p: "(?:" + "|".join(f"(?:{x})" for x in pats) + ")" for p, pats in by_placeholder.items()
    }
    return defaultdict(lambda: _ANYTHING, out | {WILDCARD: _ANYTHING})


def _scoped_flags(pattern: str) -> str:
    """``(?i)x`` as ``(?i:x)``: global flags may only start a whole regex."""
    flags = re.match(r"\(\?([a-z]+)\)", pattern)
    return f"(?{flags.group(1)}:{pattern[flags.end() :]})" if flags else pattern


def _pattern(template: str, placeholders: dict[str, str]) -> str:
    parts = []
    for word in _core_words(template.split(" ")):
        pieces = re.split(r"(<[a-z*][a-z-]*>)", word)
        parts.append(
            "".join(placeholders[p] if _is_placeholder(p) else re.escape(p) for p in pieces)
        )
    return r"\s+".join(parts)


def _core_words(words: list[str]) -> list[str]:
    """The words without leading and trailing ones that are only masked (times, ids).

    A signal's pattern is searched in the line, so what only varies around its message
    (the timestamp, a thread id) need not be in it.
    """
    start, end = 0, len(words)
    while start < end and _only_masked(words[start]):
        start += 1
    while end > start and _only_masked(words[end - 1]):
        end -= 1
    return words[start:end] or words


def _only_masked(word: str) -> bool:
    rest = re.sub(r"<[a-z*][a-z-]*>", "", word)
    return rest != word and not re.search(r"[A-Za-z0-9]", rest)


def _is_placeholder(piece: str) -> bool:
    return piece == WILDCARD or bool(re.fullmatch(r"<[a-z][a-z-]*>", piece))


def _source(name: str) -> str:
    cleaned = _UNSAFE_SOURCE.sub("_", name).strip("/") or "agent.log"
    return cleaned if "/" in cleaned else f"./{cleaned}"


def _signal_text(
    digest: str, template: str, example: str, pattern: str, kinds: list[str], source: str
) -> str:
    title = _short(template)
    return (
        "\n[[signal]]\n"
        f'id = "draft-{digest}"\n'
        f"title = {{ en = {_q('Draft: ' + title)}, sv = {_q('Utkast: ' + title)} }}\n"
        f"log_kinds = [{', '.join(_q(k) for k in kinds)}]\n"
        f'kind = "failure"\n'
        f"pattern = {_q(pattern)}\n"
        "supports = []  # the cause ids this line is evidence of\n"
        f"samples = [{_q(example)}]\n"
        f"source = {_q(source)}  # where it was seen; cite the message's origin instead\n"
    )


def _code_text(digest: str, template: str, example: str, pattern: str) -> str:
    title = _short(template)
    cause = f"draft-cause-{digest}"
    fix_en = (
        "Find this message in Microsoft's Azure Backup troubleshooting guide and write the fix."
    )
    fix_sv = (
        "Sök upp meddelandet i Microsofts felsökningsguide för Azure Backup och skriv åtgärden."
    )
    return (
        "\n[[cause]]\n"
        f"id = {_q(cause)}\n"
        f"title = {{ en = {_q('Draft: the cause of ' + title)},"
        f" sv = {_q('Utkast: orsaken till ' + title)} }}\n"
        f"fix = {{ en = [{_q(fix_en)}], sv = [{_q(fix_sv)}] }}\n"
        f"doc_url = {_q(TROUBLESHOOTING)}\n"
        "\n[[code]]\n"
        f'id = "DraftCode_{digest}"\n'
        'category = "platform"  # a placeholder: set user, transient or platform\n'
        f"doc_url = {_q(TROUBLESHOOTING)}\n"
        f"message = {{ en = {_q(template)}, sv = {_q(template)} }}\n"
        f"patterns = {{ en = [{_q(pattern)}] }}\n"
        f"samples = [{_q(example)}]\n"
        f"causes = [{_q(cause)}]\n"
    )


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _q(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's, except that DEL must be escaped)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml(entries: list[_Draft]) -> str:
    return _HEADER + "".join(entry.text for entry in entries)


def _ids_in(problems: list[str], entries: list[_Draft]) -> set[str]:
    """The drafts a validator's problems name (a code's problems name its cause too)."""
    named = set()
    for entry in entries:
        cause = entry.id.replace("DraftCode_", "draft-cause-")
        if any(f"'{entry.id}'" in p or f"'{cause}'" in p for p in problems):
            named.add(entry.id)
    return named
