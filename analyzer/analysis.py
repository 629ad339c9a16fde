"""Analyze one VM-complete batch of rows, and merge the batches: the core's stages in order.

``analyze_part`` takes one batch (all of a small input, or one VM bucket of a large
one, see ``staging``) through jobs -> classify -> attribute -> aggregate; ``combine``
merges batches. Buckets hold disjoint VMs, so every per-VM figure is exact after the
merge. Everything here works on ids (code, cause, signal): the catalogue's texts in
the user's language are joined by ``analyzer.texts`` just before rendering.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

import polars as pl

from analyzer.aggregate import (
    job_day_totals,
    protected,
    vm_base,
    vm_days,
    vm_figures,
    week_totals,
    with_vm_key,
)
from analyzer.attribute import attribute, prefer_vm_os, vm_os_from_codes
from analyzer.catalogue.model import Catalogue
from analyzer.classify import classify, failed_jobs
from analyzer.jobs import (
    JOB_COLUMNS,
    Accounting,
    accepted,
    account,
    dedupe,
    in_window,
    reject_rows,
)
from analyzer.protection import DEFAULT_STALE_HOURS
from analyzer.schema import (
    DAY_TOTALS_SCHEMA,
    FAILURE_KEY_SCHEMA,
    FAILURE_SCHEMA,
    ORDER,
    REJECT_SCHEMA,
    VM_BASE_SCHEMA,
    VM_DAYS_SCHEMA,
    VM_FIGURES_SCHEMA,
    VM_OS_SCHEMA,
    WEEK_TOTALS_SCHEMA,
)
from analyzer.staging import Batch, detached, split_block


class Table(StrEnum):
    """A result the caller wants; what is not wanted is not kept (memory follows it)."""

    by_vm = "by-vm"
    by_code = "by-code"
    by_cause = "by-cause"
    by_day = "by-day"
    failures = "failures"  # the failed jobs themselves, whole records
    report = "report"  # what the weekly report reads (failures, per-VM days and figures)


ALL_TABLES = frozenset(Table)
# Tables computed from the failures' key columns alone.
_FROM_KEYS = frozenset({Table.by_code, Table.by_cause, Table.by_day})


@dataclass(frozen=True)
class AnalyzeOptions:
    """What to analyze and which results to keep."""

    since: datetime | None = None
    until: datetime | None = None
    window: timedelta = timedelta(hours=24)
    all_vms: bool = False
    tz: str = "UTC"
    tables: frozenset[Table] = ALL_TABLES
    # The per-VM figures of the report (``vm_base``: streaks, last success, ...) count the
    # jobs from this instant on; the rest covers all of [since, until). The report sets it
    # to the start of its chosen period, so its figures are those of ``analyze`` on it.
    vm_since: datetime | None = None
    # Hours without a successful Backup job after which a VM counts as stale (protection).
    stale_hours: float = DEFAULT_STALE_HOURS
    # The report's weekly trend counts the jobs from this instant to ``until`` (it may
    # start before ``since``: a history store holds the weeks before).
    trend_since: datetime | None = None

    def wants(self, *tables: Table) -> bool:
        """Whether any of ``tables`` is asked for."""
        return not self.tables.isdisjoint(tables)


@dataclass
class FailureCounts:
    """How many failed jobs, on how many VMs, and how many with evidence for their cause."""

    jobs: int = 0
    vms: int = 0
    evidence_backed: int = 0

    @classmethod
    def of(cls, failures: pl.DataFrame) -> FailureCounts:
        """The counts of classified failures (with ``vm_key`` and ``cause_confidence``)."""
        return cls(
            failures.height,
            failures.get_column("vm_key").n_unique(),
            failures.filter(pl.col("cause_confidence") == "evidence").height,
        )

    def add(self, other: FailureCounts) -> None:
        """Add a batch's counts (batches hold disjoint VMs, so VMs add up too)."""
        self.jobs += other.jobs
        self.vms += other.vms
        self.evidence_backed += other.evidence_backed


def _empty(schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)


@dataclass
class Analysis:
    """Every result of the core, in ids; each frame always has its schema in ``schema``.

    A result the options did not ask for is an empty frame of its schema; the counts
    (``accounting``, ``failure_counts``) hold in every case.
    """

    failures: pl.DataFrame = field(default_factory=lambda: _empty(FAILURE_SCHEMA))
    failure_keys: pl.DataFrame = field(default_factory=lambda: _empty(FAILURE_KEY_SCHEMA))
    vm_rows: pl.DataFrame = field(default_factory=lambda: _empty(VM_FIGURES_SCHEMA))
    vm_base: pl.DataFrame = field(default_factory=lambda: _empty(VM_BASE_SCHEMA))
    vm_days: pl.DataFrame = field(default_factory=lambda: _empty(VM_DAYS_SCHEMA))
    days: pl.DataFrame = field(default_factory=lambda: _empty(DAY_TOTALS_SCHEMA))
    # The report's: per-VM figures of every job before ``until`` (protection now), and
    # the weekly totals from ``trend_since``.
    vm_now: pl.DataFrame = field(default_factory=lambda: _empty(VM_BASE_SCHEMA))
    weeks: pl.DataFrame = field(default_factory=lambda: _empty(WEEK_TOTALS_SCHEMA))
    rejects: pl.DataFrame = field(default_factory=lambda: _empty(REJECT_SCHEMA))
    accounting: Accounting = field(default_factory=Accounting)
    job_vms: pl.Series = field(default_factory=lambda: pl.Series("vm", [], pl.String))
    failure_counts: FailureCounts = field(default_factory=FailureCounts)


def analyze_rows(
    rows: pl.DataFrame | pl.LazyFrame,
    cat: Catalogue,
    opts: AnalyzeOptions,
    evidence: pl.DataFrame | None = None,
    vm_os: pl.DataFrame | None = None,
) -> Analysis:
    """Analyze all rows of a small input at once (INGESTED_SCHEMA)."""
    batch = split_block(rows.lazy().collect(), 0)
    return combine([analyze_part(batch, cat, opts, evidence, vm_os)], opts)


def analyze_part(
    batch: Batch,
    cat: Catalogue,
    opts: AnalyzeOptions,
    evidence: pl.DataFrame | None = None,
    vm_os: pl.DataFrame | None = None,
) -> Analysis:
    """Analyze one VM-complete batch of rows (see ``staging.split_block``).

    Every row takes part through its compact columns; whole records are read only for
    the failed jobs that survive dedupe and the window. ``evidence`` (EVIDENCE_SCHEMA)
    re-ranks causes; ``vm_os`` (VM_OS_SCHEMA; from the logs and ``--vm-info``) keeps
    doc-order causes to the VM's OS, and a VM not in it gets OS-neutral causes.
    """
    compact = batch.compact
    good = accepted(compact)
    deduped = dedupe(good)
    counts = account(compact, good, deduped)
    jobs = in_window(deduped, opts.since, opts.until)
    counts.outside_window = deduped.height - jobs.height
    counts.jobs = jobs.height
    keyed = with_vm_key(jobs).with_columns(pl.col("status", "operation").cast(pl.String))
    failures = classify(_failed_records(batch.details, keyed), cat).collect()
    if evidence is not None and evidence.height:
        failures = attribute(failures, evidence, cat, window=opts.window)
    # An OS the user or the VM's logs give wins over one its failures' codes imply.
    given = vm_os if vm_os is not None else _empty(VM_OS_SCHEMA)
    known = pl.concat([given, vm_os_from_codes(failures, cat)]).unique(
        subset="_attr_vm", keep="first", maintain_order=True
    )
    failures = prefer_vm_os(failures, known, cat)
    part = Analysis(
        rejects=_numbered_rejects(batch.details),
        accounting=counts,
        days=job_day_totals(keyed, opts.tz),
        job_vms=detached(_lower_unique(keyed.get_column("vm"))).to_series(),
        failure_counts=FailureCounts.of(failures),
    )
    if opts.wants(Table.failures, Table.report):
        part.failures = detached(failures)
    elif opts.wants(*_FROM_KEYS):
        part.failure_keys = detached(_compact(failures))
    if opts.wants(Table.by_vm):
        part.vm_rows = detached(vm_figures(vm_base(keyed), failures))
    if opts.wants(Table.report):
        report_jobs = in_window(keyed, opts.vm_since, None) if opts.vm_since else keyed
        part.vm_base = detached(vm_base(report_jobs))
        part.vm_days = detached(vm_days(keyed, opts.tz))
        _add_history(part, deduped, opts)
    return part


def _add_history(part: Analysis, deduped: pl.DataFrame, opts: AnalyzeOptions) -> None:
    """The report's figures that look back before ``since``: each VM's protection now
    (every job before ``until``, however old) and the weekly trend from ``trend_since``."""
    before = with_vm_key(in_window(deduped, None, opts.until)).with_columns(
        pl.col("status", "operation").cast(pl.String)
    )
    part.vm_now = detached(vm_base(before))
    trend = in_window(before, opts.trend_since, None) if opts.trend_since else before
    part.weeks = detached(week_totals(trend, opts.tz))


def _lower_unique(names: pl.Series) -> pl.DataFrame:
    """The distinct lower-cased names (lower-casing the few distinct spellings only)."""
    return names.unique().str.to_lowercase().unique().to_frame()


def _compact(failures: pl.DataFrame) -> pl.DataFrame:
    """The failure columns the aggregates read, repeated texts as categoricals.

    Partial results of a large input wait in memory until all are merged; codes and
    causes repeat endlessly, so they are kept as small integers until then.
    """
    repeated = ["error_code", "code", "category", "cause", "cause_confidence"]
    return failures.select(list(FAILURE_KEY_SCHEMA)).with_columns(
        pl.col(repeated).cast(pl.Categorical())
    )


def _failed_records(details: pl.DataFrame, keyed: pl.DataFrame) -> pl.LazyFrame:
    """Whole records of the failed jobs that survived dedupe and the window, with vm_key."""
    chosen = failed_jobs(keyed.lazy()).select(ORDER, "vm_key", "resource_group")
    return (
        details.lazy()
        .filter(pl.col("status") == "Failed")
        .drop("resource_group")
        .join(chosen, on=ORDER, how="inner")
        .select(*JOB_COLUMNS, "vm_key")
    )


def combine(parts: list[Analysis], opts: AnalyzeOptions) -> Analysis:
    """Merge analyses of disjoint VM buckets."""
    total, failure_counts = Accounting(), FailureCounts()
    for part in parts:
        total.add(part.accounting)
        failure_counts.add(part.failure_counts)

    def merged(name: str) -> pl.DataFrame:
        frames: list[pl.DataFrame] = [getattr(p, name) for p in parts]
        return pl.concat(frames, how="vertical_relaxed")

    failures = merged("failures")
    kept_whole = opts.wants(Table.failures, Table.report)
    keys = failures.select(list(FAILURE_KEY_SCHEMA)) if kept_whole else merged("failure_keys")
    return Analysis(
        failures=failures,
        failure_keys=keys.with_columns(pl.col(pl.Categorical).cast(pl.String)),
        vm_rows=protected(merged("vm_rows"), opts.stale_hours, opts.all_vms),
        vm_base=merged("vm_base"),
        vm_days=merged("vm_days"),
        days=merged("days"),
        vm_now=merged("vm_now"),
        weeks=_summed_weeks(merged("weeks")),
        rejects=_in_input_order([p.rejects for p in parts]),
        accounting=total,
        job_vms=pl.concat([p.job_vms for p in parts]).unique(),
        failure_counts=failure_counts,
    )


def _numbered_rejects(details: pl.DataFrame) -> pl.DataFrame:
    """The rejected rows (REJECT_SCHEMA) with their row numbers, to be put back in input
    order when the parts are merged: the parts are VM buckets, the rejects rows of any."""
    order = details.filter(pl.col("reject_reason").is_not_null()).get_column(ORDER)
    return reject_rows(details.drop(ORDER)).with_columns(order)


def _in_input_order(rejects: list[pl.DataFrame]) -> pl.DataFrame:
    """The parts' rejected rows in the order they were read, in REJECT_SCHEMA (the same
    whatever the buckets: one process or many tasks)."""
    merged = pl.concat(rejects, how="diagonal_relaxed")
    if ORDER not in merged.columns:
        return merged
    return merged.sort(ORDER, nulls_last=True, maintain_order=True).drop(ORDER)


def _summed_weeks(weeks: pl.DataFrame) -> pl.DataFrame:
    """Weekly totals of VM-disjoint batches, added up (failing VMs too)."""
    return (
        weeks.group_by("week")
        .agg(pl.col("jobs", "finished", "failed", "failing_vms").sum())
        .sort("week")
        .cast(WEEK_TOTALS_SCHEMA)  # type: ignore[arg-type]
    )
