"""What each kind of catalogue entry must look like: its fields, their checks, its regexes.

A check returns the problems it finds as (path below the field, what is wrong) pairs, so
one pass reports every problem of an entry with its exact place (``fix.sv[2]``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from analyzer.catalogue.entries import build_code
from analyzer.catalogue.match import code_regex
from analyzer.catalogue.model import (
    CATEGORIES,
    LANGS,
    LEVELS,
    LOG_KINDS,
    OPERATIONS,
    OS_VALUES,
    SIGNAL_KINDS,
)

# (path below the field, e.g. ".sv" or "[2]"; what is wrong)
Issue = tuple[str, str]
Check = Callable[[object], list[Issue]]

_KEBAB_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_CODE_ID = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_PLACEHOLDER = re.compile(r"<[a-z][a-z-]*>")


def _toml_type(value: object) -> str:
    names = {
        bool: "boolean",
        int: "integer",
        float: "float",
        str: "string",
        list: "array",
        dict: "table",
    }
    return names.get(type(value), type(value).__name__)


def _text(value: object) -> list[Issue]:
    if not isinstance(value, str):
        return [("", f"must be a string, not {_toml_type(value)}")]
    return [] if value.strip() else [("", "must not be empty")]


def _matching(pattern: re.Pattern[str], what: str) -> Check:
    def check(value: object) -> list[Issue]:
        issues = _text(value)
        if not issues and not pattern.fullmatch(str(value)):
            issues = [("", f"'{value}' is not {what}")]
        return issues

    return check


def _one_of(values: Sequence[str]) -> Check:
    def check(value: object) -> list[Issue]:
        issues = _text(value)
        if not issues and value not in values:
            issues = [("", f"'{value}' is not one of {', '.join(values)}")]
        return issues

    return check


def _url(value: object) -> list[Issue]:
    issues = _text(value)
    if not issues and not str(value).startswith(("https://", "http://")):
        issues = [("", "must be an http(s) URL")]
    return issues


def _integer(value: object) -> list[Issue]:
    if type(value) is not int:
        return [("", f"must be an integer, not {_toml_type(value)}")]
    return []


def _positive(value: object) -> list[Issue]:
    issues = _integer(value)
    if not issues and int(str(value)) < 1:
        issues = [("", "must be 1 or more")]
    return issues


def _source(value: object) -> list[Issue]:
    """A URL, or a path of this project's reference material (e.g. shared/reference/x.md)."""
    issues = _text(value)
    if not issues and not re.fullmatch(r"https?://\S+|[\w.\-]+(?:/[\w.\-]+)+", str(value)):
        issues = [
            (
                "",
                "must be an http(s) URL or a reference path such as shared/reference/agent-logs.md",
            )
        ]
    return issues


def _list_of(item: Check, non_empty: bool = False) -> Check:
    def check(value: object) -> list[Issue]:
        if not isinstance(value, list):
            return [("", f"must be an array, not {_toml_type(value)}")]
        if non_empty and not value:
            return [("", "must not be empty")]
        return [(f"[{i}]{sub}", msg) for i, v in enumerate(value) for sub, msg in item(v)]

    return check


def _per_language(item: Check, required: Sequence[str] = LANGS) -> Check:
    def check(value: object) -> list[Issue]:
        if not isinstance(value, dict):
            return [
                ("", f"must be a table of languages ({', '.join(LANGS)}), not {_toml_type(value)}")
            ]
        issues = [
            (f".{k}", f"unknown language (use {', '.join(LANGS)})") for k in value if k not in LANGS
        ]
        issues += [(f".{lang}", "missing") for lang in required if lang not in value]
        issues += [(f".{k}{sub}", msg) for k in value if k in LANGS for sub, msg in item(value[k])]
        return issues

    return check


@dataclass(frozen=True)
class _Field:
    check: Check
    required: bool = True


_CAUSE_FIELDS: dict[str, _Field] = {
    "id": _Field(_matching(_KEBAB_ID, "a kebab-case id")),
    "os": _Field(_one_of(OS_VALUES), required=False),
    "doc_url": _Field(_url),
    "title": _Field(_per_language(_text)),
    "fix": _Field(_per_language(_list_of(_text, non_empty=True))),
    "variants": _Field(_list_of(_matching(_KEBAB_ID, "a kebab-case id")), required=False),
    "source": _Field(_source, required=False),
}
_CODE_FIELDS: dict[str, _Field] = {
    "id": _Field(_matching(_CODE_ID, "a code name (letters, digits, _)")),
    "aliases": _Field(
        _list_of(_matching(_CODE_ID, "a code name (letters, digits, _)")), required=False
    ),
    "numeric": _Field(_list_of(_integer), required=False),
    "operation": _Field(_one_of(OPERATIONS), required=False),
    "category": _Field(_one_of(CATEGORIES)),
    "doc_url": _Field(_url),
    "message": _Field(_per_language(_text)),
    "patterns": _Field(_per_language(_list_of(_text), required=()), required=False),
    "causes": _Field(_list_of(_text, non_empty=True)),
    "samples": _Field(_list_of(_text), required=False),
}
_SIGNAL_FIELDS: dict[str, _Field] = {
    "id": _Field(_matching(_KEBAB_ID, "a kebab-case id")),
    "title": _Field(_per_language(_text)),
    "log_kinds": _Field(_list_of(_one_of(LOG_KINDS), non_empty=True)),
    "pattern": _Field(_text),
    "kind": _Field(_one_of(SIGNAL_KINDS)),
    "supports": _Field(_list_of(_text)),  # may be empty (e.g. the agent version)
    "samples": _Field(_list_of(_text, non_empty=True)),
    "source": _Field(_source),
    "closed_by": _Field(_matching(_KEBAB_ID, "a kebab-case signal id"), required=False),
}
_BENIGN_FIELDS: dict[str, _Field] = {
    "id": _Field(_matching(_KEBAB_ID, "a kebab-case id")),
    "title": _Field(_per_language(_text)),
    "log_kinds": _Field(_list_of(_one_of(LOG_KINDS), non_empty=True)),
    "pattern": _Field(_text),
    "record": _Field(_text, required=False),
    "levels": _Field(_list_of(_one_of(LEVELS), non_empty=True), required=False),
    "max_repeats": _Field(_positive, required=False),
    "samples": _Field(_list_of(_text, non_empty=True)),
    "source": _Field(_source),
}
_MASK_FIELDS: dict[str, _Field] = {
    "id": _Field(_matching(_KEBAB_ID, "a kebab-case id")),
    "pattern": _Field(_text),
    "replace": _Field(_matching(_PLACEHOLDER, "a placeholder such as <guid>")),
    "samples": _Field(_list_of(_text, non_empty=True)),
    "source": _Field(_source),
}
_FIELDS = {
    "cause": _CAUSE_FIELDS,
    "code": _CODE_FIELDS,
    "signal": _SIGNAL_FIELDS,
    "benign": _BENIGN_FIELDS,
    "mask": _MASK_FIELDS,
}


# Patterns polars is known to compile (checked many at once by ``precheck_patterns``).
_POLARS_COMPILES: set[str] = set()


def regex_problems(pattern: str) -> list[str]:
    """Why ``pattern`` is unusable in the catalogue (empty list when it is fine)."""
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        return [f"does not compile in Python re: {exc}"]
    if pattern not in _POLARS_COMPILES:
        try:
            pl.Series([""], dtype=pl.String).str.contains(pattern)
        except pl.exceptions.PolarsError as exc:
            return [f"does not compile in polars: {_polars_reason(exc)}"]
    if compiled.search("") is not None:
        return ["matches the empty string, so it would match everything"]
    return []


def precheck_patterns(data: dict[str, Any]) -> None:
    """Compile every pattern of a file in polars in one go (one call per pattern is slow).

    Only a clean pass is remembered; when any pattern fails, each is checked on its own
    by ``regex_problems``, which then says which one and why.
    """
    patterns = [p for p in _file_patterns(data) if p not in _POLARS_COMPILES]
    if not patterns:
        return
    probe = pl.DataFrame({"text": [""]})
    try:
        probe.select(pl.col("text").str.contains(p).alias(str(i)) for i, p in enumerate(patterns))
    except pl.exceptions.PolarsError:
        return
    _POLARS_COMPILES.update(patterns)


def _file_patterns(data: dict[str, Any]) -> list[str]:
    """The regex texts in a parsed catalogue file (whatever their entries' other faults)."""
    found: list[object] = []
    for entry in _entries(data, "signal") + _entries(data, "benign") + _entries(data, "mask"):
        found += [entry.get("pattern"), entry.get("record")]
    for entry in _entries(data, "code"):
        patterns = entry.get("patterns")
        for items in patterns.values() if isinstance(patterns, dict) else []:
            found += items if isinstance(items, list) else []
    return [p for p in found if isinstance(p, str)]


def _entries(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    entries = data.get(kind, [])
    return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []


def _polars_reason(exc: Exception) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    reasons = [line.removeprefix("error:").strip() for line in lines if line.startswith("error:")]
    return reasons[0] if reasons else (lines[0] if lines else type(exc).__name__)


def entry_issues(kind: str, raw: dict[str, Any]) -> list[Issue]:
    fields = _FIELDS[kind]
    issues = [(key, "unknown key" + did_you_mean(key, fields)) for key in raw if key not in fields]
    for name, spec in fields.items():
        if name not in raw:
            if spec.required:
                issues.append((name, "missing"))
            continue
        issues += [(name + sub, msg) for sub, msg in spec.check(raw[name])]
    if not issues:
        issues += _regex_issues(kind, raw)
    return issues


def did_you_mean(key: str, known: Mapping[str, object]) -> str:
    close = difflib.get_close_matches(key, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _regex_issues(kind: str, raw: dict[str, Any]) -> list[Issue]:
    if kind in ("signal", "benign", "mask"):
        fields = ("pattern", "record") if kind == "benign" else ("pattern",)
        return [(name, msg) for name in fields if name in raw for msg in regex_problems(raw[name])]
    if kind != "code":
        return []
    patterns: dict[str, list[str]] = raw.get("patterns", {})
    issues = [
        (f"patterns.{lang}[{i}]", msg)
        for lang, items in patterns.items()
        for i, p in enumerate(items)
        for msg in regex_problems(p)
    ]
    has_patterns = any(patterns.values())
    if not issues and has_patterns:
        combined = code_regex(build_code(raw, ""))
        issues += [
            ("patterns", f"joined into one regex: {msg}") for msg in regex_problems(combined or "")
        ]
    if has_patterns and not raw.get("samples"):
        issues.append(("samples", "missing (a code with patterns needs sample messages)"))
    return issues
