"""The body of ``bjla report``: choose the period, analyze it and the one before, build
and render the report. The CLI parses options, calls ``report_command_body`` and
writes ``ReportRun.data`` (this module never writes a file or prints).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import BinaryIO

import polars as pl

from analyzer.analysis import AnalyzeOptions, Table
from analyzer.catalogue.model import Catalogue
from analyzer.evidence.unmatched import unmatched_lines
from analyzer.inputs import Workspace
from analyzer.limits import DEFAULT_LIMITS, Limits
from analyzer.pipeline import NO_LOGS, Loaded, LogOptions, RunResult, load, log_files
from analyzer.protection import DEFAULT_STALE_HOURS
from analyzer.render.formats import Format, report_format
from analyzer.report import render_report
from analyzer.report.build import build_report
from analyzer.report.figures_fleet import trend_weeks
from analyzer.report.model import CHRONIC_DAYS, TREND_WEEKS, Report
from analyzer.report.periods import (
    Period,
    covered_days,
    data_period,
    explicit_period,
    outside_warning,
    period_text,
)
from analyzer.sources import Progress, quiet
from analyzer.stopping import scratch_folder
from analyzer.texts import describe_failures


@dataclass(frozen=True)
class ReportRequest:
    """What the user asked for on the command line."""

    inputs: Sequence[str]
    output: Path | None = None  # its extension picks the format unless ``fmt`` is given
    fmt: Format | None = None
    week: str | None = None  # "2026-W47"; default: the last complete week in the data
    since: str | None = None  # or a range of whole days, [since, until)
    until: str | None = None
    tz: str = "UTC"
    lang: str = "en"
    window: timedelta = timedelta(hours=24)  # how far before a job log evidence counts
    chronic_days: int = CHRONIC_DAYS
    stale_hours: float = DEFAULT_STALE_HOURS  # --stale: no success this long is not protected


@dataclass(frozen=True)
class ReportRun:
    """The rendered report and what the run met on the way (for the CLI's stderr)."""

    report: Report
    data: bytes
    fmt: Format
    result: RunResult
    note: str = ""  # which period the report covers and why (the default one)


def report_command_body(
    request: ReportRequest,
    cat: Catalogue,
    *,
    now: datetime,
    logs: LogOptions = NO_LOGS,
    encoding: str = "auto",
    stdin: BinaryIO | None = None,
    progress: Progress = quiet,
    limits: Limits = DEFAULT_LIMITS,
) -> ReportRun:
    """Analyze the chosen period and the one before it, and render the report.

    Without a period in the request it is the last complete week in the data, known
    once the rows are read. Option errors (format, week, dates, time zone) raise
    UsageError before any input is read; unreadable inputs are listed in the report's
    data-quality section and in ``result.errors``.
    """
    fmt = report_format(request.output, request.fmt)
    asked = explicit_period(
        tz=request.tz, week=request.week, since=request.since, until=request.until
    )
    with load(
        request.inputs,
        cat,
        logs=logs,
        encoding=encoding,
        stdin=stdin,
        progress=progress,
        limits=limits,
    ) as loaded:
        covered = covered_days(loaded.span, request.tz)
        period, why = (asked, "") if asked else data_period(covered, request.tz, now)
        since, until = period.analysis_window()
        opts = AnalyzeOptions(
            since=since,
            until=until,
            window=request.window,
            tz=period.tz,
            tables=frozenset({Table.report}),
            vm_since=period.utc(period.start),
            stale_hours=request.stale_hours,
            trend_since=period.utc(trend_weeks(period, TREND_WEEKS)[0]),
        )
        result = loaded.analyze(opts, warn_empty_period=False)
        has_logs = bool(logs.specs or loaded.jobs.found_logs)
        log_lines = _log_lines(loaded, logs, period, limits) if has_logs else None
    if asked is not None and (warning := outside_warning(period, covered)):
        result.warnings.append(warning)
    progress("building the report")
    analysis = replace(
        result.analysis, failures=describe_failures(result.analysis.failures, cat, request.lang)
    )
    report = build_report(
        analysis,
        cat,
        period=period,
        lang=request.lang,
        now=now,
        evidence=result.evidence if result.evidence_files is not None else None,
        problems=[str(error) for error in result.errors],
        chronic_days=request.chronic_days,
        covered=covered,
        stale_hours=request.stale_hours,
        log_lines=log_lines,
    )
    note = f"report on {period_text(period)}: {why}" if why and covered else ""
    return ReportRun(report, render_report(report, fmt), fmt, result, note)


def _log_lines(loaded: Loaded, logs: LogOptions, period: Period, limits: Limits) -> pl.DataFrame:
    """The agent-log error and warning lines of the period that no signal or benign rule
    explains (as ``bjla templates`` reads them), for the report's top templates.

    The logs are read a second time, line by line; a log that cannot be read was already
    named by the first read, so its error is not repeated.
    """
    since, until = period.utc(period.start), period.utc(period.end)
    with scratch_folder() as tmp:
        found = loaded.jobs.found_logs
        files = log_files(logs.specs, Workspace(tmp), found, [], limits)
        lines = unmatched_lines(files, loaded.cat, log_tz=logs.log_tz, vm_map=logs.vm_map)
    return lines.filter((pl.col("time") >= since) & (pl.col("time") < until))
