"""Build a Report from an analysis of the chosen period and the one before it.

The analysis must cover ``period.analysis_window()`` (previous period start to chosen
period end, UTC) and its per-VM days must be in the report's time zone:
``AnalyzeOptions(since=..., until=..., tz=period.tz)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import polars as pl

from analyzer.catalogue.model import Catalogue, Cause
from analyzer.errors import UsageError
from analyzer.report import causes as cause_sections
from analyzer.report import fleet, quality, vms
from analyzer.report.frames import IS_CURRENT, IS_PREVIOUS, tag_days, tag_failures
from analyzer.report.model import CHRONIC_DAYS, TOP_ROWS, AnalysisLike, DataQuality, Report
from analyzer.report.weeks import IsoWeek, Period, default_week, week_period
from analyzer.schema import UNCLASSIFIED
from analyzer.texts import cause_frame, code_frame

UNCLASSIFIED_GROUPS = 200  # message groups kept (the page shows fewer, the workbook all)


def cause_info(cat: Catalogue, lang: str) -> pl.DataFrame:
    """cause, cause_title, fix (one line), fix_steps (list), cause_doc_url in ``lang``."""
    steps = pl.DataFrame(
        {
            "cause": list(cat.causes),
            "fix_steps": [_steps(c, lang) for c in cat.causes.values()],
        },
        schema={"cause": pl.String, "fix_steps": pl.List(pl.String)},
    )
    return cause_frame(cat, lang).join(steps, on="cause", how="left").drop("cause_os")


def _steps(cause: Cause, lang: str) -> list[str]:
    return list(cause.fix.get(lang) or cause.fix.get("en") or ())


def resolve_period(
    period: Period | None, week: IsoWeek | None, tz: str, now: datetime
) -> Period:
    """The explicit period, else the week, else the last complete week before ``now``."""
    if period is not None and week is not None:
        raise UsageError("give either a week or a period, not both")
    if period is not None:
        return period
    return week_period(week if week is not None else default_week(now, tz), tz)


def build_report(
    analysis: AnalysisLike,
    cat: Catalogue,
    *,
    now: datetime,
    week: IsoWeek | None = None,
    period: Period | None = None,
    tz: str = "UTC",
    lang: str = "en",
    evidence: pl.DataFrame | None = None,
    problems: Sequence[str] = (),
    chronic_days: int = CHRONIC_DAYS,
    limit: int = TOP_ROWS,
    covered: tuple[date, date] | None = None,
) -> Report:
    """The report for ``week`` (or ``period``; default: last complete week before ``now``).

    ``analysis.vm_base`` must hold the chosen period's per-VM figures
    (``AnalyzeOptions.vm_since``); ``covered`` is the first and last day of all the jobs
    read, said in the headline when the period holds none.
    """
    chosen = resolve_period(period, week, tz, now)
    failures = tag_failures(analysis.failures, chosen)
    days = tag_days(analysis.vm_days, chosen)
    previous_data = days.filter(IS_PREVIOUS).get_column("jobs").sum() > 0
    causes = cause_info(cat, lang)
    top_causes = cause_sections.top_causes(failures, causes, limit, previous_data)
    worst = vms.worst_vms(failures, days, analysis.vm_base, causes, limit)
    return Report(
        period=chosen,
        lang=lang,
        now=now,
        chronic_days=chronic_days,
        headline=fleet.headline(days),
        daily=fleet.daily(days, chosen),
        daily_causes=fleet.daily_causes(failures, causes),
        top_codes=cause_sections.top_codes(failures, code_frame(cat, lang), limit, previous_data),
        top_causes=top_causes,
        fixes=cause_sections.fixes(failures, causes, analysis.vm_base, worst, top_causes),
        worst_vms=worst,
        new_vms=vms.new_vms(failures, days, causes, previous_data),
        recovered_vms=vms.recovered_vms(failures, days, analysis.vm_base, chosen),
        chronic_vms=vms.chronic_vms(failures, days, causes, chosen, chronic_days),
        unclassified=cause_sections.unclassified(failures, UNCLASSIFIED_GROUPS),
        quality=_quality(analysis, failures, days, evidence, problems),
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
) -> DataQuality:
    current = failures.filter(IS_CURRENT)
    return DataQuality(
        accounting=analysis.accounting,
        rejects=quality.rejects_by_reason(analysis.rejects),
        problems=tuple(problems),
        unmatched_logs=quality.unmatched_logs(evidence),
        silent_vms=vms.silent_vms(days),
        unclassified_failures=current.filter(pl.col("code") == UNCLASSIFIED).height,
    )
