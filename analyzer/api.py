"""The library API: what a notebook needs from bjla, behind ``import analyzer``.

    cat = analyzer.load_catalogue()                    # the built-in catalogue (+ overlays)
    result = analyzer.analyze(["jobs/"], cat, logs=["agent-logs/"])   # or a polars frame
    analyzer.table(result, "by-vm", cat, lang="sv")    # each table as a polars frame
    analyzer.read_evidence(["agent-logs/"], cat)       # evidence events alone
    analyzer.render_table(frame, "csv")                # bytes in any output format

The command line is built on the same calls (``analyzer.pipeline``, ``analyzer.texts``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

import polars as pl

from analyzer.analysis import ALL_TABLES, Analysis, AnalyzeOptions, Table
from analyzer.catalogue.load import load_catalogue
from analyzer.catalogue.model import Catalogue
from analyzer.evidence import load_vm_map
from analyzer.evidence.read import check_zone
from analyzer.limits import DEFAULT_LIMITS, Limits
from analyzer.pipeline import JobInputs, LogOptions, RunResult, read_logs_only, run_analysis
from analyzer.render import TABLE_FORMATS, Format
from analyzer.render import render as render_tables
from analyzer.texts import evidence_view
from analyzer.texts import table as worded_table

TABLES = tuple(t.value for t in Table if t is not Table.report)


def analyze(
    jobs: JobInputs,
    cat: Catalogue | None = None,
    *,
    logs: Sequence[str] = (),
    since: datetime | None = None,
    until: datetime | None = None,
    window: timedelta = timedelta(hours=24),
    all_vms: bool = False,
    log_tz: str = "UTC",
    tables: frozenset[Table] = ALL_TABLES,
    limits: Limits = DEFAULT_LIMITS,
) -> RunResult:
    """Analyze job histories (file or folder paths, globs) or a polars frame of job rows
    (JOB_SCHEMA columns; absent ones are null), with the agent logs in ``logs``.

    Problems do not raise: unreadable inputs are in ``result.errors``, rejected rows in
    ``result.analysis.rejects``, warnings in ``result.warnings``.
    """
    check_zone(log_tz)
    opts = AnalyzeOptions(since=since, until=until, window=window, all_vms=all_vms, tables=tables)
    return run_analysis(
        jobs,
        cat or load_catalogue(),
        opts,
        logs=LogOptions(specs=logs, log_tz=log_tz),
        limits=limits,
    )


def table(
    result: RunResult | Analysis,
    name: str | Table,
    cat: Catalogue | None = None,
    *,
    lang: str = "en",
    tz: str = "UTC",
) -> pl.DataFrame:
    """One table of an analysis as the CLI shows it: ``by-vm``, ``by-code``, ``by-cause``,
    ``by-day`` (days in ``tz``), ``failures`` or ``rejects``; texts in ``lang``."""
    analysis = result.analysis if isinstance(result, RunResult) else result
    if name == "rejects":
        return analysis.rejects
    if name not in TABLES:
        raise ValueError(f"unknown table {name!r}; use one of {', '.join(TABLES)}, rejects")
    return worded_table(analysis, Table(name), cat or load_catalogue(), lang, tz)


def read_evidence(
    logs: Sequence[str],
    cat: Catalogue | None = None,
    *,
    log_tz: str = "UTC",
    logs_map: str | Path | None = None,
) -> pl.DataFrame:
    """The evidence events of agent logs (files, folders, globs), as ``bjla evidence``."""
    check_zone(log_tz)
    vm_map = load_vm_map(Path(logs_map)) if logs_map else None
    found = read_logs_only(
        LogOptions(specs=logs, log_tz=log_tz, vm_map=vm_map), cat or load_catalogue()
    )
    return evidence_view(found.evidence)


def render_table(frame: pl.DataFrame, fmt: str | Format = "csv", name: str = "table") -> bytes:
    """A table as bytes in an output format: csv, tsv, json, ndjson, parquet, xlsx, table."""
    chosen = Format(fmt)
    if chosen not in TABLE_FORMATS:
        raise ValueError(f"{chosen.value} is a report format, not a table format")
    return render_tables([(name, frame)], chosen)


__all__ = [
    "Analysis",
    "AnalyzeOptions",
    "Catalogue",
    "LogOptions",
    "RunResult",
    "Table",
    "analyze",
    "load_catalogue",
    "read_evidence",
    "render_table",
    "table",
]
