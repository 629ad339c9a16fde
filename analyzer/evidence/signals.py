"""Match catalogue signals against candidate log lines.

The signals of one log kind are joined into a single prefilter regex that the scanner runs
over every line; only the lines it keeps are tested signal by signal here, and each match
becomes one event (a line matching two signals gives two events).

One signal is not a plain match: a VMSnapshotLinux "Logs during Freeze Start" marker
counts as *freeze never thawed* only when no end marker follows it (see UNCLOSED).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import polars as pl

from analyzer.catalogue.model import Catalogue, Signal
from analyzer.errors import CatalogueError

# Start-marker signal -> the signal of the marker that closes it. A start event is kept
# only when no closing event follows it (before the next start) in the same file; closing
# events are bookkeeping and never reported.
UNCLOSED: dict[str, str] = {"freeze-never-thawed": "freeze-logs-end"}

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


def match_signals(records: pl.DataFrame, signals: Sequence[Signal]) -> pl.DataFrame:
    """One row per (record line, matching signal) with ``signal`` and ``detail`` added."""
    line = pl.col("line")
    # One select so polars tests the signals in parallel.
    masks = records.select(
        line.str.contains(s.pattern).alias(f"m{i}") for i, s in enumerate(signals)
    )
    parts = []
    for i, s in enumerate(signals):
        hit = records.filter(masks.get_column(f"m{i}"))
        if hit.height == 0:
            continue
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


def drop_closed_markers(events: pl.DataFrame) -> pl.DataFrame:
    """Keep start markers that no closing marker follows; drop every closing marker.

    ``events`` holds the events of ONE file, with a 0-based line index ``n``.
    """
    for start_id, end_id in UNCLOSED.items():
        is_start = pl.col("signal") == start_id
        markers = events.filter(is_start | (pl.col("signal") == end_id)).sort("n")
        if markers.height == 0:
            continue
        # A start is closed when the next marker after it is a closing one.
        closed = markers.with_columns(
            closed=is_start & (pl.col("signal").shift(-1) == end_id)
        ).filter(pl.col("closed") | (pl.col("signal") == end_id))
        events = events.join(closed.select("n", "signal"), on=["n", "signal"], how="anti")
    return events
