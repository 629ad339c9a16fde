"""Building the catalogue's model objects from entries that passed their field checks."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

from analyzer.catalogue.model import Benign, Cause, Code, Mask, Signal


def _texts(table: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(table))


def _steps(table: Mapping[str, Sequence[str]]) -> Mapping[str, tuple[str, ...]]:
    return MappingProxyType({lang: tuple(items) for lang, items in table.items()})


def build_cause(raw: dict[str, Any], origin: str) -> Cause:
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


def build_code(raw: dict[str, Any], origin: str) -> Code:
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


def build_signal(raw: dict[str, Any], origin: str) -> Signal:
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


def build_benign(raw: dict[str, Any], origin: str) -> Benign:
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


def build_mask(raw: dict[str, Any], origin: str) -> Mask:
    return Mask(
        id=raw["id"],
        pattern=raw["pattern"],
        replace=raw["replace"],
        samples=tuple(raw["samples"]),
        source=raw["source"],
        origin=origin,
    )


Entry = Cause | Code | Signal | Benign | Mask
BUILDERS: dict[str, Callable[[dict[str, Any], str], Entry]] = {
    "cause": build_cause,
    "code": build_code,
    "signal": build_signal,
    "benign": build_benign,
    "mask": build_mask,
}
