"""Load the pattern catalogue from TOML and validate it, naming file, entry and field.

The built-in catalogue (``patterns/`` at the repository root, or ``analyzer/_patterns``
inside a wheel) is loaded first, then each overlay folder; an overlay entry with the id of
an earlier entry replaces it in place (theirs win), new entries are appended. Every file is
read in file-name order, entries in file order.

Validation collects every problem before failing, so a user fixes a folder in one pass:
schema version, unknown keys, missing or mistyped fields, bad enum values, duplicate ids
within one layer, spellings or numbers claimed by two codes, dangling cause references,
regexes that do not compile in Python ``re`` or in polars (or match the empty string),
samples that do not classify to their own code (codes) or do not match (signals, benign
rules), and a ``closed_by`` that names no signal.
"""

from __future__ import annotations

import difflib
import functools
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import polars as pl

from analyzer.catalogue.match import classify_message, code_regex, message_code_expr
from analyzer.catalogue.model import (
    CATEGORIES,
    LANGS,
    LEVELS,
    LOG_KINDS,
    OPERATIONS,
    OS_VALUES,
    SIGNAL_KINDS,
    Benign,
    Catalogue,
    Cause,
    Code,
    Signal,
)
from analyzer.errors import CatalogueError

SCHEMA_VERSIONS = (1,)
KINDS = ("cause", "code", "signal", "benign")
BUILTIN_LABEL = "patterns"  # how built-in files are named in problems and `origin`

# (path below the field, e.g. ".sv" or "[2]"; what is wrong)
Issue = tuple[str, str]
Check = Callable[[object], list[Issue]]

_KEBAB_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_CODE_ID = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


# --- where the built-in catalogue lives ------------------------------------------------


def builtin_patterns_dir() -> Path:
    """The built-in catalogue folder: ``analyzer/_patterns`` in a wheel, else ``patterns/``."""
    return _find_patterns_dir(Path(__file__).resolve().parent.parent)


def _find_patterns_dir(package: Path) -> Path:
    """``<package>/_patterns`` (wheel: pyproject force-includes it), else ``<repo>/patterns``."""
    candidates = (package / "_patterns", package.parent / "patterns")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise CatalogueError(
        [
            f"built-in catalogue not found (looked in {candidates[0]} and {candidates[1]}); "
            "reinstall bjla"
        ]
    )


# --- field checks ------------------------------------------------------------------------


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
_FIELDS = {
    "cause": _CAUSE_FIELDS,
    "code": _CODE_FIELDS,
    "signal": _SIGNAL_FIELDS,
    "benign": _BENIGN_FIELDS,
}


# Patterns polars is known to compile (checked many at once by ``_precheck_patterns``).
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


def _precheck_patterns(data: dict[str, Any]) -> None:
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
    for entry in _entries(data, "signal") + _entries(data, "benign"):
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


def _entry_issues(kind: str, raw: dict[str, Any]) -> list[Issue]:
    fields = _FIELDS[kind]
    issues = [(key, "unknown key" + _did_you_mean(key, fields)) for key in raw if key not in fields]
    for name, spec in fields.items():
        if name not in raw:
            if spec.required:
                issues.append((name, "missing"))
            continue
        issues += [(name + sub, msg) for sub, msg in spec.check(raw[name])]
    if not issues:
        issues += _regex_issues(kind, raw)
    return issues


def _did_you_mean(key: str, known: Mapping[str, object]) -> str:
    close = difflib.get_close_matches(key, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _regex_issues(kind: str, raw: dict[str, Any]) -> list[Issue]:
    if kind in ("signal", "benign"):
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
        combined = code_regex(_build_code(raw, ""))
        issues += [
            ("patterns", f"joined into one regex: {msg}") for msg in regex_problems(combined or "")
        ]
    if has_patterns and not raw.get("samples"):
        issues.append(("samples", "missing (a code with patterns needs sample messages)"))
    return issues


# --- building model objects ---------------------------------------------------------------


def _texts(table: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(table))


def _steps(table: Mapping[str, Sequence[str]]) -> Mapping[str, tuple[str, ...]]:
    return MappingProxyType({lang: tuple(items) for lang, items in table.items()})


def _build_cause(raw: dict[str, Any], origin: str) -> Cause:
    return Cause(
        id=raw["id"],
        title=_texts(raw["title"]),
        fix=_steps(raw["fix"]),
        doc_url=raw["doc_url"],
        os=raw.get("os", "any"),
        origin=origin,
        source=raw.get("source", ""),
        variants=tuple(raw.get("variants", ())),
    )


def _build_code(raw: dict[str, Any], origin: str) -> Code:
    return Code(
        id=raw["id"],
        message=_texts(raw["message"]),
        category=raw["category"],
        causes=tuple(raw["causes"]),
        doc_url=raw["doc_url"],
        operation=raw.get("operation", "backup"),
        aliases=tuple(raw.get("aliases", ())),
        numeric=tuple(raw.get("numeric", ())),
        patterns=_steps(raw.get("patterns", {})),
        samples=tuple(raw.get("samples", ())),
        origin=origin,
    )


def _build_signal(raw: dict[str, Any], origin: str) -> Signal:
    return Signal(
        id=raw["id"],
        title=_texts(raw["title"]),
        log_kinds=tuple(raw["log_kinds"]),
        pattern=raw["pattern"],
        supports=tuple(raw["supports"]),
        samples=tuple(raw["samples"]),
        origin=origin,
        kind=raw["kind"],
        source=raw["source"],
        closed_by=raw.get("closed_by"),
    )


def _build_benign(raw: dict[str, Any], origin: str) -> Benign:
    return Benign(
        id=raw["id"],
        title=_texts(raw["title"]),
        log_kinds=tuple(raw["log_kinds"]),
        pattern=raw["pattern"],
        source=raw["source"],
        samples=tuple(raw["samples"]),
        record=raw.get("record"),
        levels=tuple(raw.get("levels", ())),
        max_repeats=raw.get("max_repeats"),
        origin=origin,
    )


_BUILDERS: dict[str, Callable[[dict[str, Any], str], Cause | Code | Signal | Benign]] = {
    "cause": _build_cause,
    "code": _build_code,
    "signal": _build_signal,
    "benign": _build_benign,
}


# --- one layer: the files of one folder ----------------------------------------------------


@dataclass
class _Layer:
    """The valid entries of one folder, every id it declares, and its problems."""

    entries: dict[str, dict[str, Any]] = field(default_factory=lambda: {kind: {} for kind in KINDS})
    declared: dict[str, dict[str, str]] = field(  # kind -> id -> origin of first definition
        default_factory=lambda: {kind: {} for kind in KINDS}
    )
    problems: list[str] = field(default_factory=list)
    # Cause references of entries that could not be built (another field is wrong): they
    # are still checked, so one pass reports every problem.
    loose_refs: list[tuple[str, str, str, list[object]]] = field(default_factory=list)


_REFERENCE_FIELDS = {"code": "causes", "signal": "supports"}


def _read_layer(directory: Path, label: str | None) -> _Layer:
    layer = _Layer()
    if not directory.is_dir():
        layer.problems.append(f"{directory}: not a folder")
        return layer
    files = sorted(directory.glob("*.toml"), key=lambda p: p.name)
    if not files:
        layer.problems.append(f"{directory}: no *.toml files")
    for path in files:
        _read_file(path, f"{label}/{path.name}" if label else str(path), layer)
    return layer


def _read_file(path: Path, origin: str, layer: _Layer) -> None:
    data = _parse_toml(path, origin, layer.problems)
    if data is None:
        return
    version = data.get("schema_version")
    if version is None:
        layer.problems.append(
            f"{origin}: schema_version: missing (start the file with "
            f"schema_version = {SCHEMA_VERSIONS[-1]})"
        )
    elif type(version) is not int or version not in SCHEMA_VERSIONS:
        supported = ", ".join(map(str, SCHEMA_VERSIONS))
        layer.problems.append(
            f"{origin}: schema_version: unsupported value {version!r} (supported: {supported})"
        )
        return
    allowed = ("schema_version", *KINDS)
    for key in data:
        if key not in allowed:
            layer.problems.append(
                f"{origin}: {key}: unknown top-level key"
                f"{_did_you_mean(key, dict.fromkeys(allowed))}"
            )
    _precheck_patterns(data)
    for kind in KINDS:
        _read_entries(kind, data.get(kind, []), origin, layer)


def _parse_toml(path: Path, origin: str, problems: list[str]) -> dict[str, Any] | None:
    try:
        return tomllib.loads(path.read_bytes().decode("utf-8"))
    except OSError as exc:
        problems.append(f"{origin}: cannot read: {exc.strerror or exc}")
    except UnicodeDecodeError:
        problems.append(f"{origin}: not UTF-8 text (save it as UTF-8)")
    except tomllib.TOMLDecodeError as exc:
        problems.append(f"{origin}: invalid TOML: {exc}")
    return None


def _read_entries(kind: str, raw_entries: object, origin: str, layer: _Layer) -> None:
    if not isinstance(raw_entries, list) or not all(isinstance(e, dict) for e in raw_entries):
        layer.problems.append(f"{origin}: {kind}: must be an array of tables ([[{kind}]])")
        return
    for index, raw in enumerate(raw_entries, 1):
        _read_entry(kind, index, raw, origin, layer)


def _read_entry(kind: str, index: int, raw: dict[str, Any], origin: str, layer: _Layer) -> None:
    entry_id = raw.get("id")
    label = f"{kind} '{entry_id}'" if isinstance(entry_id, str) else f"{kind} #{index}"
    issues = _entry_issues(kind, raw)
    if isinstance(entry_id, str):
        first = layer.declared[kind].get(entry_id)
        if first is not None:
            issues.insert(0, ("id", f"duplicate (first defined in {first})"))
        else:
            layer.declared[kind][entry_id] = origin
    layer.problems += [f"{origin}: {label}: {path}: {msg}" for path, msg in issues]
    if not issues:
        layer.entries[kind][raw["id"]] = _BUILDERS[kind](raw, origin)
    elif isinstance(refs := raw.get(_REFERENCE_FIELDS.get(kind, "")), list):
        layer.loose_refs.append((origin, label, _REFERENCE_FIELDS[kind], refs))


# --- merging layers and whole-catalogue checks --------------------------------------------


def _merge(layers: Sequence[_Layer]) -> Catalogue:
    merged: dict[str, dict[str, Any]] = {kind: {} for kind in KINDS}
    for layer in layers:
        for kind in KINDS:
            merged[kind].update(layer.entries[kind])  # same id: replaced in place
    return Catalogue(
        causes=MappingProxyType(merged["cause"]),
        codes=MappingProxyType(merged["code"]),
        signals=MappingProxyType(merged["signal"]),
        benign=MappingProxyType(merged["benign"]),
    )


def _reference_problems(cat: Catalogue, declared_causes: set[str]) -> list[str]:
    problems = [
        f"{c.origin}: code '{c.id}': causes[{i}]: unknown cause '{ref}'"
        for c in cat.codes.values()
        for i, ref in enumerate(c.causes)
        if ref not in declared_causes
    ]
    problems += [
        f"{s.origin}: signal '{s.id}': supports[{i}]: unknown cause '{ref}'"
        for s in cat.signals.values()
        for i, ref in enumerate(s.supports)
        if ref not in declared_causes
    ]
    problems += [_closer_problem(cat, s) for s in cat.signals.values() if s.closed_by]
    problems += _variant_problems(cat)
    return [p for p in problems if p]


def _closer_problem(cat: Catalogue, signal: Signal) -> str:
    """Why the ``closed_by`` of ``signal`` is unusable ('' when it is fine)."""
    where = f"{signal.origin}: signal '{signal.id}': closed_by"
    closer = cat.signals.get(signal.closed_by or "")
    if closer is None:
        return f"{where}: unknown signal '{signal.closed_by}'"
    if closer.id == signal.id:
        return f"{where}: a signal cannot close itself"
    if not set(signal.log_kinds) <= set(closer.log_kinds):
        return f"{where}: '{closer.id}' must run on every log kind of '{signal.id}'"
    return ""


def _variant_problems(cat: Catalogue) -> list[str]:
    """A neutral cause applies to any OS and stands for OS-specific causes, each once."""
    problems: list[str] = []
    claimed: dict[str, str] = {}
    for cause in cat.causes.values():
        where = f"{cause.origin}: cause '{cause.id}'"
        if cause.variants and cause.os != "any":
            problems.append(f"{where}: os: a cause with variants must apply to any OS")
        for i, ref in enumerate(cause.variants):
            variant = cat.causes.get(ref)
            if variant is None:
                problems.append(f"{where}: variants[{i}]: unknown cause '{ref}'")
            elif variant.os == "any":
                problems.append(f"{where}: variants[{i}]: '{ref}' applies to any OS already")
            elif ref in claimed:
                problems.append(f"{where}: variants[{i}]: '{ref}' is a variant of "
                                f"'{claimed[ref]}' already")
            else:
                claimed[ref] = cause.id
    return problems


def _spelling_problems(cat: Catalogue) -> list[str]:
    problems: list[str] = []
    spellings: dict[str, str] = {}
    numbers: dict[int, str] = {}
    for code in cat.codes.values():
        where = f"{code.origin}: code '{code.id}'"
        for path, spelling in [("id", code.id)] + [
            (f"aliases[{i}]", a) for i, a in enumerate(code.aliases)
        ]:
            owner = spellings.setdefault(spelling.lower(), code.id)
            if owner != code.id:
                problems.append(
                    f"{where}: {path}: '{spelling}' is already a spelling of "
                    f"code '{owner}' (codes are compared case-insensitively)"
                )
        for i, number in enumerate(code.numeric):
            owner = numbers.setdefault(number, code.id)
            if owner != code.id:
                problems.append(
                    f"{where}: numeric[{i}]: {number} already belongs to code '{owner}'"
                )
    return problems


def _code_sample_problems(cat: Catalogue) -> list[str]:
    samples = [
        (code, i, text) for code in cat.codes.values() for i, text in enumerate(code.samples)
    ]
    by_polars = (
        pl.DataFrame({"m": [text for _, _, text in samples]}, schema={"m": pl.String})
        .select(message_code_expr(cat, pl.col("m")))
        .to_series()
        .to_list()
    )
    problems = []
    for (code, i, text), polars_code in zip(samples, by_polars, strict=True):
        got = classify_message(cat, text)
        where = f"{code.origin}: code '{code.id}': samples[{i}]"
        if got is None:
            problems.append(f'{where}: matches none of the code\'s patterns: "{text}"')
        elif got != code.id:
            problems.append(
                f"{where}: classified as '{got}' (an earlier code's pattern matches it): \"{text}\""
            )
        elif polars_code != got:
            problems.append(
                f"{where}: polars classifies it as '{polars_code}', Python re as "
                f"'{got}': \"{text}\""
            )
    return problems


def _signal_sample_problems(cat: Catalogue) -> list[str]:
    problems = []
    for signal in cat.signals.values():
        compiled = re.compile(signal.pattern)
        in_polars = pl.Series(signal.samples, dtype=pl.String).str.contains(signal.pattern)
        for i, (text, polars_hit) in enumerate(zip(signal.samples, in_polars, strict=True)):
            where = f"{signal.origin}: signal '{signal.id}': samples[{i}]"
            if compiled.search(text) is None:
                problems.append(f'{where}: pattern does not match: "{text}"')
            elif not polars_hit:
                problems.append(
                    f'{where}: pattern matches in Python re but not in polars: "{text}"'
                )
    return problems


def _benign_sample_problems(cat: Catalogue) -> list[str]:
    """Each sample is one log record (lines joined by newlines) the rule must apply to."""
    problems = []
    for rule in cat.benign.values():
        for i, text in enumerate(rule.samples):
            where = f"{rule.origin}: benign '{rule.id}': samples[{i}]"
            lines = text.split("\n")
            problems += [f'{where}: {what}: "{text}"' for what in _benign_misses(rule, lines)]
    return problems


def _benign_misses(rule: Benign, lines: list[str]) -> list[str]:
    """What of ``rule`` the record ``lines`` (first line first) does not satisfy."""
    first, last = lines[0], lines[-1]
    frame = pl.DataFrame({"first": [first], "last": [last]})
    misses = []
    polars_hit = frame.select(pl.col("last").str.contains(rule.pattern)).item()
    if re.search(rule.pattern, last) is None or not polars_hit:
        misses.append("pattern does not match its last line (in Python re or polars)")
    if rule.record is not None and re.search(rule.record, first) is None:
        misses.append("record does not match its first line")
    if rule.levels and not re.search(rf"\b(?:{'|'.join(rule.levels)})\b", first):
        misses.append(f"its first line has none of the levels {', '.join(rule.levels)}")
    return misses


def _build(layers: Sequence[_Layer]) -> tuple[Catalogue, list[str]]:
    cat = _merge(layers)
    declared_causes = {cid for layer in layers for cid in layer.declared["cause"]}
    problems = [p for layer in layers for p in layer.problems]
    problems += _reference_problems(cat, declared_causes)
    problems += [
        f"{origin}: {label}: {name}[{i}]: unknown cause '{ref}'"
        for layer in layers
        for origin, label, name, refs in layer.loose_refs
        for i, ref in enumerate(refs)
        if isinstance(ref, str) and ref not in declared_causes
    ]
    problems += _spelling_problems(cat)
    problems += _code_sample_problems(cat)
    problems += _signal_sample_problems(cat)
    problems += _benign_sample_problems(cat)
    return cat, problems


# --- public API -----------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _builtin_layer() -> _Layer:
    return _read_layer(builtin_patterns_dir(), BUILTIN_LABEL)


@functools.lru_cache(maxsize=1)
def _builtin_catalogue() -> Catalogue:
    cat, problems = _build([_builtin_layer()])
    if problems:
        raise CatalogueError(problems)
    return cat


def load_catalogue(overlays: Sequence[Path] = ()) -> Catalogue:
    """The built-in catalogue, then each overlay folder on top (an overlay entry wins).

    Raises CatalogueError listing every problem (file, entry, field) if anything is invalid.
    The built-in catalogue is read once per process.
    """
    if not overlays:
        return _builtin_catalogue()
    layers = [_builtin_layer(), *(_read_layer(Path(d), None) for d in overlays)]
    cat, problems = _build(layers)
    if problems:
        raise CatalogueError(problems)
    return cat


def validate_dir(path: Path) -> list[str]:
    """Every problem in the folder ``path``, checked as an overlay of the built-in catalogue.

    Checking it together with the built-in catalogue lets its entries refer to built-in
    causes, and catches its samples being taken by a built-in code. Empty list = valid.
    """
    return _build([_builtin_layer(), _read_layer(Path(path), None)])[1]


def unreachable_causes(cat: Catalogue) -> list[str]:
    """Cause ids that no code lists and no signal supports (catalogue order)."""
    used = {c for code in cat.codes.values() for c in code.causes}
    used |= {c for signal in cat.signals.values() for c in signal.supports}
    # A neutral cause is given in place of its variants, so it is reached through them.
    used |= {c.id for c in cat.causes.values() if used.intersection(c.variants)}
    return [cid for cid in cat.causes if cid not in used]
