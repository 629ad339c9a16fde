"""Checks of the whole catalogue once its layers are merged: references, spellings, samples.

These need every entry at once: a code's cause may be defined in another file or layer,
and a sample must classify to its own code against every code's patterns.
"""

from __future__ import annotations

import re

import polars as pl

from analyzer.catalogue.match import classify_message, mask_expr, message_code_expr
from analyzer.catalogue.model import Benign, Catalogue, Signal


def reference_problems(cat: Catalogue, declared_causes: set[str]) -> list[str]:
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
                problems.append(
                    f"{where}: variants[{i}]: '{ref}' is a variant of '{claimed[ref]}' already"
                )
            else:
                claimed[ref] = cause.id
    return problems


def spelling_problems(cat: Catalogue) -> list[str]:
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


def code_sample_problems(cat: Catalogue) -> list[str]:
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


def signal_sample_problems(cat: Catalogue) -> list[str]:
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


def benign_sample_problems(cat: Catalogue) -> list[str]:
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


def mask_sample_problems(cat: Catalogue) -> list[str]:
    """Each mask's pattern matches each of its samples whole, in Python re and in polars."""
    problems = []
    for mask in cat.masks.values():
        samples = pl.DataFrame({"s": mask.samples}, schema={"s": pl.String})
        masked = samples.select(mask_expr(mask.pattern, mask.replace, pl.col("s"))).to_series()
        for i, (text, polars_text) in enumerate(zip(mask.samples, masked, strict=True)):
            where = f"{mask.origin}: mask '{mask.id}': samples[{i}]"
            if re.fullmatch(mask.pattern, text) is None:
                problems.append(f'{where}: pattern does not match the whole sample: "{text}"')
            elif polars_text != mask.replace:
                problems.append(f'{where}: polars leaves "{polars_text}" of "{text}"')
    return problems
