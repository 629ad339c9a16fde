"""Match catalogue signals against candidate log lines.

The signals of one log kind are joined into a single prefilter regex that the scanner runs
over every line; only the lines it keeps are tested signal by signal here, and each match
becomes one event (a line matching two signals gives two events).

A signal with ``closed_by`` is a start marker: its event is kept only when no event of
the closing signal follows it (a freeze that starts and never thaws); closing events are
bookkeeping and never reported.

Each event then gets its ``kind``: ``info`` for an informational signal, ``benign`` for a
failure line the agent team lists as known and harmless (the catalogue's ``[[benign]]``
rules, the first ``max_repeats`` lines of a file where a rule has one), else ``failure``.
Only ``failure`` events are findings.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import polars as pl

from analyzer.catalogue.model import Benign, Catalogue, Signal
from analyzer.errors import CatalogueError

FAILURE = "failure"
INFO = "info"
BENIGN = "benign"
# Up to this many candidate lines, Python ``re`` first picks the patterns that match any of
# them, and polars then runs only those: polars compiles every regex anew on each call, and
# with some ninety patterns that compilation, once per file, was most of the time spent on a
# folder of small logs. Larger sets (one big log) go to polars whole.
FEW_LINES = 300

_NAMED_GROUP = re.compile(r"\(\?P?<(?![=!])[A-Za-z_][A-Za-z0-9_]*>")


def signals_for(cat: Catalogue, kind: str) -> list[Signal]:
    """The catalogue's signals that apply to a log kind, in catalogue order."""
    return [s for s in cat.signals.values() if kind in s.log_kinds]


def prefilter(signals: Sequence[Signal]) -> pl.Expr:
    """A boolean expression over ``line``: true iff one of the signals matches the line."""
    if not signals:
        return pl.lit(False)
    # One regex: the engine scans each line once for all signals, far faster than one
    # pass per signal (or than an Aho-Corasick search for their literal parts).
    return pl.col("line").str.contains("|".join(_as_alternative(s.pattern) for s in signals))


def _as_alternative(pattern: str) -> str:
    body = _NAMED_GROUP.sub("(?:", pattern)
    if body.startswith("(?i)"):
        return "(?i:" + body[4:] + ")"
    return "(?:" + body + ")"


def check_patterns(signals: Sequence[Signal]) -> None:
    """Raise CatalogueError if a pattern does not compile in both regex engines."""
    problems: list[str] = []
    probe = pl.Series(["probe"], dtype=pl.String)
    for s in signals:
        where = f"{s.origin or 'catalogue'}: signal {s.id!r}: pattern"
        try:
            re.compile(s.pattern)
            probe.str.contains(s.pattern)
        except (re.error, pl.exceptions.PolarsError) as exc:
            problems.append(f"{where} does not compile ({exc})")
    if problems:
        raise CatalogueError(problems)


@functools.lru_cache(maxsize=512)
def _python_regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _may_match(frame: pl.DataFrame, patterns: Sequence[str]) -> list[bool]:
    """Per pattern: whether it may match a ``line`` of ``frame`` (always True when many)."""
    if frame.height > FEW_LINES:
        return [True] * len(patterns)
    lines = frame.get_column("line").to_list()
    return [any(_python_regex(p).search(text) for text in lines) for p in patterns]


def match_signals(records: pl.DataFrame, signals: Sequence[Signal]) -> pl.DataFrame:
    """One row per (record line, matching signal) with ``signal`` and ``detail`` added."""
    may = _may_match(records, [s.pattern for s in signals])
    signals = [s for s, keep in zip(signals, may, strict=True) if keep]
    line = pl.col("line")
    # One select so polars tests the signals in parallel; only signals with a hit are
    # filtered (a filter per signal per file is most of the work on small logs). Lazy:
    # polars 2.1's eager select of many regex expressions is about 10 times slower.
    masks = (
        records.lazy()
        .select(line.str.contains(s.pattern).alias(f"m{i}") for i, s in enumerate(signals))
        .collect()
    )
    counts = masks.sum().row(0) if records.height else (0,) * len(signals)
    parts = []
    for i, s in enumerate(signals):
        if not counts[i]:
            continue
        hit = records.filter(masks.get_column(f"m{i}"))
        detail = (
            line.str.extract_groups(s.pattern).struct.field("detail")
            if "detail" in re.compile(s.pattern).groupindex
            else pl.lit(None, pl.String)
        )
        parts.append(hit.with_columns(signal=pl.lit(s.id), detail=detail))
    if not parts:
        return records.clear().with_columns(
            signal=pl.lit(None, pl.String), detail=pl.lit(None, pl.String)
        )
    return pl.concat(parts)


def file_events(
    hits: pl.DataFrame, cat: Catalogue, signals: Sequence[Signal], log_kind: str
) -> pl.DataFrame:
    """The events of ONE file's candidate lines, unclosed markers resolved, kinds set.

    ``hits`` has the line index ``n``, ``line``, ``rec`` (its record's first line, null
    when the line starts it) and ``level``; the result adds ``signal``, ``detail``,
    ``kind`` and ``benign`` (the benign rule that applies, else null).
    """
    events = drop_closed_markers(match_signals(hits, signals), signals)
    rules = [b for b in cat.benign.values() if log_kind in b.log_kinds]
    return with_kinds(events, signals, rules)


def drop_closed_markers(events: pl.DataFrame, signals: Sequence[Signal]) -> pl.DataFrame:
    """Keep start markers that no closing marker follows; drop every closing marker.

    ``events`` holds the events of ONE file, with a 0-based line index ``n``.
    """
    pairs = {s.id: s.closed_by for s in signals if s.closed_by}
    closers = set(pairs.values())
    for start_id, end_id in pairs.items():
        is_start = pl.col("signal") == start_id
        markers = events.filter(is_start | (pl.col("signal") == end_id)).sort("n")
        if markers.height == 0:
            continue
        # A start is closed when the next marker after it is a closing one.
        closed = markers.with_columns(
            closed=is_start & (pl.col("signal").shift(-1) == end_id)
        ).filter(pl.col("closed") | (pl.col("signal") == end_id))
        events = events.join(closed.select("n", "signal"), on=["n", "signal"], how="anti")
    return events.filter(~pl.col("signal").is_in(list(closers))) if closers else events


def with_kinds(
    events: pl.DataFrame, signals: Sequence[Signal], rules: Sequence[Benign]
) -> pl.DataFrame:
    """Add ``kind`` (failure, info or benign) and ``benign`` (the rule id) to events."""
    info = [s.id for s in signals if s.kind == INFO]
    is_info = pl.col("signal").is_in(info)
    may = _may_match(events, [r.pattern for r in rules])
    rules = [r for r, keep in zip(rules, may, strict=True) if keep]
    benign = _benign_rule(rules).alias(BENIGN)
    marked = events.with_columns(
        pl.when(is_info).then(pl.lit(None, pl.String)).otherwise(benign).alias(BENIGN)
    )
    limits = {r.id: r.max_repeats for r in rules if r.max_repeats is not None}
    if limits:
        # A line (not an event: one line may match several signals) counts once per rule.
        seen = pl.col("n").rank("dense").over(BENIGN)
        limit = pl.col(BENIGN).replace_strict(limits, default=None, return_dtype=pl.Int64)
        marked = marked.with_columns(
            pl.when(limit.is_not_null() & (seen > limit))
            .then(pl.lit(None, pl.String))
            .otherwise(pl.col(BENIGN))
            .alias(BENIGN)
        )
    kind = (
        pl.when(is_info)
        .then(pl.lit(INFO))
        .when(pl.col(BENIGN).is_not_null())
        .then(pl.lit(BENIGN))
        .otherwise(pl.lit(FAILURE))
    )
    return marked.with_columns(kind.alias("kind"))


def _benign_rule(rules: Sequence[Benign]) -> pl.Expr:
    """The id of the first rule that applies to each event's line, else null."""
    record = pl.coalesce("rec", "line")
    expr: pl.Expr = pl.lit(None, pl.String)
    for rule in reversed(rules):  # built inside out, so the first rule wins
        applies = pl.col("line").str.contains(rule.pattern)
        if rule.record is not None:
            applies = applies & record.str.contains(rule.record)
        if rule.levels:
            applies = applies & pl.col("level").is_in(list(rule.levels)).fill_null(False)
        expr = pl.when(applies).then(pl.lit(rule.id)).otherwise(expr)
    return expr
