"""The agent-log errors and warnings that no catalogue signal or benign rule explains.

These are the lines ``bjla templates`` groups: what went wrong on a VM that the catalogue
does not know yet. A line counts when its record is an ERROR or WARNING (or, in a format
without levels, it says error, warning, failed or exception), no signal of its log kind
matches it, no benign rule does, and it is not kernel-console or foreign syslog noise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from analyzer.catalogue.model import Catalogue
from analyzer.evidence.formats import GENERIC, detect_kind, format_for, noise_expr
from analyzer.evidence.read import check_zone, head_lines, looks_binary
from analyzer.evidence.scan import scan_file
from analyzer.evidence.signals import prefilter, signals_for
from analyzer.evidence.vms import lookup_vm
from analyzer.inputs import LocalFile
from analyzer.templates import LINE_SCHEMA

_TROUBLE_WORDS = r"(?i)\b(?:error|warn(?:ing)?|fail(?:ed|ure|s)?|exception|fatal|critical)\b"
_LEVELS = ("ERROR", "WARNING")


def unmatched_lines(
    files: Sequence[LocalFile],
    cat: Catalogue,
    *,
    log_tz: str = "UTC",
    vm_map: Mapping[str, str] | None = None,
) -> pl.DataFrame:
    """One ``LINE_SCHEMA`` row (origin ``log``) per unexplained error or warning line."""
    check_zone(log_tz)
    frames = [_of_file(local, cat, log_tz, lookup_vm(local.name, vm_map)) for local in files]
    frames = [f for f in frames if f.height]
    return pl.concat(frames) if frames else pl.DataFrame(schema=LINE_SCHEMA)


def _of_file(local: LocalFile, cat: Catalogue, log_tz: str, vm: str | None) -> pl.DataFrame:
    empty = pl.DataFrame(schema=LINE_SCHEMA)
    if local.binary:
        return empty
    head = head_lines(local)
    kind = detect_kind(head, local.name) if head else None
    if not head or (kind is None and looks_binary(head)):
        return empty
    fmt = format_for(kind or GENERIC)
    signals = list(cat.signals.values()) if fmt.kind == GENERIC else signals_for(cat, fmt.kind)
    line = pl.col("line")
    explained = prefilter(signals) | _benign(cat, fmt.kind)
    hits = scan_file(local.path, fmt.start, line.str.contains(_TROUBLE_WORDS) & ~explained).hits
    if fmt.noise:
        hits = hits.filter(~noise_expr(line))
    time, level, _zone = fmt.parse(pl.coalesce("rec", "line"), log_tz)
    hits = hits.with_columns(time=time, level=level)
    return hits.filter(pl.col("level").is_in(_LEVELS) | pl.col("level").is_null()).select(
        origin=pl.lit("log", pl.String),
        source=pl.lit(local.name, pl.String),
        vm=pl.lit(vm, pl.String),
        time=pl.col("time"),
        log_kind=pl.lit(fmt.kind, pl.String),
        text=line,
    )


def _benign(cat: Catalogue, kind: str) -> pl.Expr:
    rules = [r for r in cat.benign.values() if kind in r.log_kinds or kind == GENERIC]
    if not rules:
        return pl.lit(False)
    return pl.any_horizontal(pl.col("line").str.contains(rule.pattern) for rule in rules)
