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
rules), and a ``closed_by`` that names no signal. The field checks are in ``fields``, the
checks of the merged catalogue in ``checks``, the model objects are built in ``entries``.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from analyzer.catalogue.checks import (
    benign_sample_problems,
    code_sample_problems,
    mask_sample_problems,
    reference_problems,
    signal_sample_problems,
    spelling_problems,
)
from analyzer.catalogue.entries import BUILDERS
from analyzer.catalogue.fields import did_you_mean, entry_issues, precheck_patterns
from analyzer.catalogue.model import Catalogue
from analyzer.errors import CatalogueError

SCHEMA_VERSIONS = (1,)
KINDS = ("cause", "code", "signal", "benign", "mask")
BUILTIN_LABEL = "patterns"  # how built-in files are named in problems and `origin`


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
                f"{origin}: {key}: unknown top-level key{did_you_mean(key, dict.fromkeys(allowed))}"
            )
    precheck_patterns(data)
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
    issues = entry_issues(kind, raw)
    if isinstance(entry_id, str):
        first = layer.declared[kind].get(entry_id)
        if first is not None:
            issues.insert(0, ("id", f"duplicate (first defined in {first})"))
        else:
            layer.declared[kind][entry_id] = origin
    layer.problems += [f"{origin}: {label}: {path}: {msg}" for path, msg in issues]
    if not issues:
        layer.entries[kind][raw["id"]] = BUILDERS[kind](raw, origin)
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
        masks=MappingProxyType(merged["mask"]),
    )


def _build(layers: Sequence[_Layer]) -> tuple[Catalogue, list[str]]:
    cat = _merge(layers)
    declared_causes = {cid for layer in layers for cid in layer.declared["cause"]}
    problems = [p for layer in layers for p in layer.problems]
    problems += reference_problems(cat, declared_causes)
    problems += [
        f"{origin}: {label}: {name}[{i}]: unknown cause '{ref}'"
        for layer in layers
        for origin, label, name, refs in layer.loose_refs
        for i, ref in enumerate(refs)
        if isinstance(ref, str) and ref not in declared_causes
    ]
    problems += spelling_problems(cat)
    problems += code_sample_problems(cat)
    problems += signal_sample_problems(cat)
    problems += benign_sample_problems(cat)
    problems += mask_sample_problems(cat)
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
