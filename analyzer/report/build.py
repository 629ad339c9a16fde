"""Build a Report from an analysis of the chosen period and the one before it.

The analysis must cover ``period.analysis_window()`` (previous period start to chosen
period end, UTC) and its per-VM days must be in the report's time zone:
``AnalyzeOptions(since=..., until=..., tz=period.tz)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import polars as pl

from analyzer.catalogue.find import fix_steps
from analyzer.catalogue.model import Catalogue
from analyzer.protection import DEFAULT_STALE_HOURS
from analyzer.render.messages import reasons_in, said
from analyzer.report import figures_causes, figures_fleet, figures_quality, figures_vms
from analyzer.report.figures import IS_CURRENT, IS_PREVIOUS, tag_days, tag_failures
from analyzer.report.model import (
    CHRONIC_DAYS,
    TOP_ROWS,
    TOP_TEMPLATES,
    TREND_WEEKS,
    AnalysisLike,
    DataQuality,
    Report,
)
from analyzer.report.periods import Period
from analyzer.schema import UNCLASSIFIED
from analyzer.texts import cause_frame, code_frame

UNCLASSIFIED_GROUPS = 200  # message groups kept (the page shows fewer, the workbook all)


def cause_info(cat: Catalogue, lang: str) -> pl.DataFrame:
    """cause, cause_title, fix (one line), fix_steps (list), cause_doc_url in ``lang``."""
    steps = pl.DataFrame(
        {
            "cause": list(cat.causes),
            "fix_steps": [list(fix_steps(c, lang)) for c in cat.causes.values()],
        },
        schema={"cause": pl.String, "fix_steps": pl.List(pl.String)},
    )
    return cause_frame(cat, lang).join(steps, on="cause", how="left").drop("cause_os")


def build_report(
    analysis: AnalysisLike,
    cat: Catalogue,
    *,
    period: Period,
    now: datetime,
    lang: str = "en",
    evidence: pl.DataFrame | None = None,
    problems: Sequence[str] = (),
    chronic_days: int = CHRONIC_DAYS,
    limit: int = TOP_ROWS,
    covered: tuple[date, date] | None = None,
    stale_hours: float = DEFAULT_STALE_HOURS,
    log_lines: pl.DataFrame | None = None,
) -> Report:
    """The report for ``period`` (see ``analyzer.report.periods``) against the one before it.

    ``now`` is when the report is made. ``analysis.vm_base`` must hold the chosen
    period's per-VM figures (``AnalyzeOptions.vm_since``); ``covered`` is the first and
    last day of all the jobs read, said in the headline when the period holds none.
    ``analysis.vm_now`` and ``analysis.weeks`` give the unprotected VMs (``stale_hours``)
    and the weekly trend; ``log_lines`` (``analyzer.templates.LINE_SCHEMA``, this period's
    unexplained agent-log lines) join the unclassified messages in the top templates.
    """
    failures = tag_failures(analysis.failures, period)
    days = tag_days(analysis.vm_days, period)
    previous_data = days.filter(IS_PREVIOUS).get_column("jobs").sum() > 0
    causes = cause_info(cat, lang)
    top_causes = figures_causes.top_causes(failures, causes, limit, previous_data)
    worst = figures_vms.worst_vms(failures, days, analysis.vm_base, causes, limit)
    unprotected, as_of = figures_vms.unprotected(analysis.vm_now, stale_hours)
    return Report(
        period=period,
        lang=lang,
        now=now,
        chronic_days=chronic_days,
        headline=figures_fleet.headline(days),
        daily=figures_fleet.daily(days, period),
        daily_causes=figures_fleet.daily_causes(failures, causes),
        top_codes=figures_causes.top_codes(failures, code_frame(cat, lang), limit, previous_data),
        top_causes=top_causes,
        fixes=figures_causes.fixes(failures, causes, analysis.vm_base, worst, top_causes),
        worst_vms=worst,
        new_vms=figures_vms.new_vms(failures, days, causes, previous_data),
        recovered_vms=figures_vms.recovered_vms(failures, days, analysis.vm_base, period),
        chronic_vms=figures_vms.chronic_vms(failures, days, causes, period, chronic_days),
        unclassified=figures_causes.unclassified(failures, cat, UNCLASSIFIED_GROUPS),
        quality=_quality(analysis, failures, days, evidence, problems, lang),
        unprotected=unprotected,
        trend=figures_fleet.trend(analysis.weeks, period, covered, TREND_WEEKS),
        templates=figures_causes.top_templates(failures, log_lines, cat, TOP_TEMPLATES),
        protection_as_of=as_of,
        stale_hours=stale_hours,
        covered=covered,
        current_jobs=int(days.filter(IS_CURRENT).get_column("jobs").sum()),
        previous_data=previous_data,
    )


def _quality(
    analysis: AnalysisLike,
    failures: pl.DataFrame,
    days: pl.DataFrame,
    evidence: pl.DataFrame | None,
    problems: Sequence[str],
    lang: str,
) -> DataQuality:
    """The data-quality figures; reject reasons and problems said in ``lang``."""
    current = failures.filter(IS_CURRENT)
    return DataQuality(
        accounting=analysis.accounting,
        rejects=figures_quality.rejects_by_reason(reasons_in(analysis.rejects, lang)),
        problems=tuple(said(problem, lang) for problem in problems),
        unmatched_logs=figures_quality.unmatched_logs(evidence),
        silent_vms=figures_vms.silent_vms(days),
        unclassified_failures=current.filter(pl.col("code") == UNCLASSIFIED).height,
    )
