"""What a weekly report holds: plain data (polars frames and scalars), no formatting.

``build_report`` fills a Report from an analysis; the renderers (HTML, Markdown, XLSX)
only format it. Every frame is small: one row per VM, code, cause, day or message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

import polars as pl

from analyzer.jobs import Accounting
from analyzer.protection import DEFAULT_STALE_HOURS
from analyzer.report.periods import Period

CHRONIC_DAYS = 3
TOP_ROWS = 10
TREND_WEEKS = 12
TOP_TEMPLATES = 10


class AnalysisLike(Protocol):
    """The parts of ``analyzer.analysis.Analysis`` a report reads."""

    @property
    def failures(self) -> pl.DataFrame: ...

    @property
    def vm_base(self) -> pl.DataFrame: ...

    @property
    def vm_days(self) -> pl.DataFrame: ...

    @property
    def rejects(self) -> pl.DataFrame: ...

    @property
    def vm_now(self) -> pl.DataFrame: ...

    @property
    def weeks(self) -> pl.DataFrame: ...

    @property
    def accounting(self) -> Accounting: ...


@dataclass(frozen=True)
class DataQuality:
    """What could not be read, parsed, classified or matched."""

    accounting: Accounting
    rejects: pl.DataFrame  # source, reason, rows, first_rows
    problems: tuple[str, ...]  # unreadable inputs, unknown shapes, warnings
    unmatched_logs: pl.DataFrame  # log_vm, files, events, signals, first_event, last_event
    silent_vms: pl.DataFrame  # vm, resource_group, previous_jobs, last_day
    unclassified_failures: int  # in the chosen period


@dataclass(frozen=True)
class Report:
    """A weekly (or any-period) fleet failure report, before formatting."""

    period: Period
    lang: str
    now: datetime
    chronic_days: int
    headline: pl.DataFrame  # metric, current, previous, change
    daily: pl.DataFrame  # day, jobs, failed, failure_rate, vms_failing, previous_* ...
    daily_causes: pl.DataFrame  # day, cause, cause_title, failures (chosen period)
    top_codes: pl.DataFrame  # code, category, message, current, previous, change, vms, doc_url
    top_causes: pl.DataFrame  # cause, cause_title, current, previous, change, evidence, vms, ...
    fixes: pl.DataFrame  # per likely cause: failures, evidence, vms (list), fix_steps, doc_url
    worst_vms: pl.DataFrame  # vm, resource_group, failures, failure_rate, streak, top cause ...
    new_vms: pl.DataFrame  # VMs failing this period and not in the previous one
    recovered_vms: pl.DataFrame  # failed in the previous period, healthy at the end of this one
    chronic_vms: pl.DataFrame  # failing N+ days in a row up to the end of the period
    unclassified: pl.DataFrame  # unclassified failures grouped by normalized message
    quality: DataQuality
    unprotected: pl.DataFrame  # failing, stale and silent VMs now, longest without success first
    trend: pl.DataFrame  # one row per ISO week, the last TREND_WEEKS up to the period's
    templates: pl.DataFrame  # top templates of unclassified messages (and unmatched log lines)
    protection_as_of: datetime | None = None  # "now" for protection: the newest job read
    stale_hours: float = DEFAULT_STALE_HOURS
    covered: tuple[date, date] | None = None  # first and last day of every job read
    current_jobs: int = 0  # jobs in the chosen period (0: the headline says so)
    previous_data: bool = True  # whether the period before holds any job
