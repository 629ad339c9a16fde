"""The catalogue shown to a person: ``bjla explain``, ``patterns show`` and ``patterns list``.

The functions return text or a frame and never print; the CLI writes them. Labels are in
the requested language; everything the catalogue says comes from the catalogue itself
(found with ``analyzer.catalogue.find``).
"""

from __future__ import annotations

import textwrap

import polars as pl

from analyzer.catalogue.find import (
    UnknownEntryError,
    closest,
    find_code,
    fix_steps,
    resolve_code,
    text_in,
)
from analyzer.catalogue.model import LANGS, Benign, Catalogue, Cause, Code, Signal
from analyzer.render.words import Labels

WIDTH = 100  # wrap long fix steps for a terminal; URLs are never broken


def _wrap(text: str, indent: str, hanging: str) -> list[str]:
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=indent,
        subsequent_indent=hanging,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent.rstrip()]


def explain_text(cat: Catalogue, code_or_alias_or_number: str, lang: str) -> str:
    """A code, its category and message, doc link, and its causes in order with their fixes."""
    code = resolve_code(cat, code_or_alias_or_number)
    return "\n".join(_code_lines(cat, code, lang)) + "\n"


def _code_lines(cat: Catalogue, code: Code, lang: str) -> list[str]:
    lab = Labels(lang)
    lines = [code.id, ""]
    lines += _wrap(text_in(code.message, lang), f"{lab('entry_message')}: ", "  ")
    lines.append(f"{lab('entry_category')}: {lab(f'entry_{code.category}')}")
    if code.aliases:
        lines.append(f"{lab('entry_aliases')}: {', '.join(code.aliases)}")
    if code.numeric:
        lines.append(f"{lab('entry_numeric')}: {', '.join(map(str, code.numeric))}")
    lines += [f"{lab('entry_docs')}: {code.doc_url}", "", f"{lab('entry_causes')}:"]
    for n, cause_id in enumerate(code.causes, 1):
        lines += ["", *_cause_lines(cat.causes[cause_id], lang, f"{n}. ")]
    return lines


def _cause_lines(cause: Cause, lang: str, prefix: str) -> list[str]:
    lab = Labels(lang)
    pad = " " * len(prefix)
    title = text_in(cause.title, lang) + ("" if cause.os == "any" else f" [{cause.os}]")
    lines = _wrap(title, prefix, pad)
    lines.append(f"{pad}{lab('entry_fix')}:")
    for step_no, step in enumerate(fix_steps(cause, lang), 1):
        lines += _wrap(step, f"{pad}  {step_no}. ", f"{pad}     ")
    lines.append(f"{pad}{lab('entry_docs')}: {cause.doc_url}")
    return lines


def entry_text(cat: Catalogue, entry_id: str, lang: str) -> str:
    """Everything the catalogue holds about the code, cause or signal ``entry_id``."""
    sections: list[list[str]] = []
    code = find_code(cat, entry_id)
    if code is not None:
        sections.append(_code_detail(cat, code, lang))
    if entry_id in cat.causes:
        sections.append(_cause_detail(cat, cat.causes[entry_id], lang))
    if entry_id in cat.signals:
        sections.append(_signal_detail(cat, cat.signals[entry_id], lang))
    if entry_id in cat.benign:
        sections.append(_benign_detail(cat.benign[entry_id], lang))
    if not sections:
        known = [*cat.codes, *cat.causes, *cat.signals, *cat.benign]
        raise UnknownEntryError(entry_id, "catalogue entry", closest(entry_id, known))
    return "\n\n".join("\n".join(section) for section in sections) + "\n"


def _code_detail(cat: Catalogue, code: Code, lang: str) -> list[str]:
    lab = Labels(lang)
    lines = [f"code {code.id}", *_code_lines(cat, code, lang)[1:]]
    lines += ["", f"{lab('entry_operation')}: {code.operation}", f"{lab('entry_patterns')}:"]
    lines += [f"  [{lng}] {p}" for lng in LANGS for p in code.patterns.get(lng, ())]
    lines += [f"{lab('entry_samples')}:"] + [f"  {s}" for s in code.samples]
    lines.append(f"{lab('entry_origin')}: {code.origin}")
    return lines


def _cause_detail(cat: Catalogue, cause: Cause, lang: str) -> list[str]:
    lab = Labels(lang)
    listed = [
        f"{c.id} (#{c.causes.index(cause.id) + 1})"
        for c in cat.codes.values()
        if cause.id in c.causes
    ]
    signals = [s.id for s in cat.signals.values() if cause.id in s.supports]
    lines = [
        f"cause {cause.id}",
        "",
        *_cause_lines(cause, lang, ""),
        f"{lab('entry_os')}: {cause.os}",
    ]
    if cause.variants:
        lines += _wrap(", ".join(cause.variants), f"{lab('entry_variants')}: ", "  ")
    neutral = cat.neutral_causes().get(cause.id)
    if neutral:
        lines.append(f"{lab('entry_neutral')}: {neutral}")
    lines += _wrap(", ".join(listed) or lab("entry_none"), f"{lab('entry_listed_by')}: ", "  ")
    lines += _wrap(", ".join(signals) or lab("entry_none"), f"{lab('entry_supported_by')}: ", "  ")
    lines.append(f"{lab('entry_origin')}: {cause.origin}")
    return lines


def _signal_detail(cat: Catalogue, signal: Signal, lang: str) -> list[str]:
    lab = Labels(lang)
    supports = [
        f"{cid} ({text_in(cat.causes[cid].title, lang)})" if cid in cat.causes else cid
        for cid in signal.supports
    ]
    lines = [
        f"signal {signal.id}",
        "",
        text_in(signal.title, lang),
        f"{lab('entry_kind')}: {lab(f'entry_{signal.kind}')}",
        f"{lab('entry_log_kinds')}: {', '.join(signal.log_kinds)}",
        f"{lab('entry_pattern')}: {signal.pattern}",
    ]
    if signal.closed_by:
        lines.append(f"{lab('entry_closed_by')}: {signal.closed_by}")
    lines.append(f"{lab('entry_supports')}:")
    lines += [f"  {s}" for s in supports] or [f"  {lab('entry_none')}"]
    lines += [f"{lab('entry_samples')}:"] + [f"  {s}" for s in signal.samples]
    lines += [f"{lab('entry_source')}: {signal.source}", f"{lab('entry_origin')}: {signal.origin}"]
    return lines


def _benign_detail(rule: Benign, lang: str) -> list[str]:
    lab = Labels(lang)
    lines = [
        f"benign {rule.id}",
        "",
        text_in(rule.title, lang),
        lab("entry_benign_intro"),
        f"{lab('entry_log_kinds')}: {', '.join(rule.log_kinds)}",
        f"{lab('entry_pattern')}: {rule.pattern}",
    ]
    if rule.record:
        lines.append(f"{lab('entry_record')}: {rule.record}")
    if rule.levels:
        lines.append(f"{lab('entry_levels')}: {', '.join(rule.levels)}")
    if rule.max_repeats is not None:
        lines.append(f"{lab('entry_max_repeats')}: {rule.max_repeats}")
    lines += [f"{lab('entry_samples')}:"] + [
        f"  {line}" for s in rule.samples for line in s.split("\n")
    ]
    lines += [f"{lab('entry_source')}: {rule.source}", f"{lab('entry_origin')}: {rule.origin}"]
    return lines


PATTERNS_TABLE_SCHEMA: dict[str, pl.DataType] = {
    "kind": pl.String(),  # cause | code | signal | benign
    "id": pl.String(),
    "scope": pl.String(),  # code: category; cause: OS; signal: kind, log kinds; benign: kinds
    "causes": pl.String(),  # code: its causes in order; signal: the causes it supports
    "aliases": pl.String(),  # code: variant spellings and numeric codes
    "text": pl.String(),  # code: message; cause and signal: title
    "origin": pl.String(),  # file the entry came from
}


def patterns_table(cat: Catalogue, lang: str = "en") -> pl.DataFrame:
    """One row per catalogue entry (codes, causes, signals, benign rules; catalogue order)."""
    rows = [
        *(
            (
                "code",
                c.id,
                c.category,
                ", ".join(c.causes),
                ", ".join([*c.aliases, *map(str, c.numeric)]),
                text_in(c.message, lang),
                c.origin,
            )
            for c in cat.codes.values()
        ),
        *(
            ("cause", c.id, c.os, "", "", text_in(c.title, lang), c.origin)
            for c in cat.causes.values()
        ),
        *(
            (
                "signal",
                s.id,
                f"{s.kind}: {', '.join(s.log_kinds)}",
                ", ".join(s.supports),
                "",
                text_in(s.title, lang),
                s.origin,
            )
            for s in cat.signals.values()
        ),
        *(
            ("benign", b.id, ", ".join(b.log_kinds), "", "", text_in(b.title, lang), b.origin)
            for b in cat.benign.values()
        ),
    ]
    return pl.DataFrame(rows, schema=PATTERNS_TABLE_SCHEMA, orient="row")
