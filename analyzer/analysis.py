"""The analysis pipeline: ingested rows -> jobs -> classified, attributed failures -> tables.

``analyze_part`` handles one batch of rows (all of a small input, or one VM bucket of a
large one, see ``staging``); ``combine`` merges batches. Buckets hold disjoint VMs, so every
per-VM figure is exact after the merge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import polars as pl

from analyzer.aggregate import (
    DAY_TOTALS_SCHEMA,
    cause_table,
    code_table,
    day_table,
    describe_vm_rows,
    job_day_totals,
    vm_base,
    vm_days,
    vm_figures,
    vm_table,
    with_vm_key,
)
from analyzer.attribute import attribute, prefer_vm_os, vm_os_from_codes
from analyzer.catalogue.model import Catalogue
from analyzer.classify import classify, failed_jobs
from analyzer.jobs import (
    JOB_COLUMNS,
    Accounting,
    account,
    dedupe,
    in_window,
    reject_rows,
)
from analyzer.lookups import cause_frame, code_frame
from analyzer.schema import EVIDENCE_SCHEMA, FAILURE_EXTRA
from analyzer.staging import ORDER, Batch, detached, split_block
from analyzer.vm_info import VM_OS_SCHEMA


@dataclass(frozen=True)
class AnalyzeOptions:
    """What to analyze and how to word it."""

    since: datetime | None = None
    until: datetime | None = None
    lang: str = "en"
    window: timedelta = timedelta(hours=24)
    all_vms: bool = False
    tz: str = "UTC"
    vm_days: bool = False  # keep per-VM-per-day counts (the weekly report needs them)
    # The per-VM figures (``vm_base``: streaks, last success, ...) count the jobs from
    # this instant on; the rest covers all of [since, until). The report sets it to the
    # start of its chosen period, so its figures are those of ``analyze`` on that period.
    vm_since: datetime | None = None
    # Keep only the failure columns the aggregates read (for outputs that do not list
    # failed jobs): memory then follows the failure count with a few bytes per job.
    compact_failures: bool = False
    # Only the ``--by vm`` table is wanted: each batch's VM rows are made as it is
    # analyzed, and neither its failed jobs nor its per-VM figures are kept.
    vm_rows_only: bool = False


COMPACT_FAILURE_COLUMNS = [
    "vm_key",
    "vm",
    "start_time",
    "error_code",
    "error_number",  # shown for an unclassified failure exported with a number only
    "code",
    "cause",
    "cause_confidence",
]


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


@dataclass
class Analysis:
    """Everything the renderers need; frames are small (failures and per-VM rows).

    With ``AnalyzeOptions.vm_rows_only`` the ``--by vm`` rows are in ``vm_rows`` and
    ``failures`` and ``vm_base`` are empty; ``failure_counts`` holds in every case.
    """

    failures: pl.DataFrame
    vm_base: pl.DataFrame
    vm_days: pl.DataFrame  # vm_key, day, vm, resource_group, jobs, finished, failed, succeeded
    rejects: pl.DataFrame
    accounting: Accounting = field(default_factory=Accounting)
    days: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=DAY_TOTALS_SCHEMA))
    job_vms: pl.Series = field(default_factory=lambda: pl.Series("vm", [], pl.String))
    failure_counts: FailureCounts = field(default_factory=FailureCounts)
    vm_rows: pl.DataFrame | None = None  # ``vm_figures`` of every batch, in no order

    def by_vm(self, cat: Catalogue, opts: AnalyzeOptions) -> pl.DataFrame:
        if self.vm_rows is not None:
            return describe_vm_rows(self.vm_rows, cat, opts.lang)
        return vm_table(self.vm_base, self.failures, cat, opts.lang, opts.all_vms)

    def by_code(self, cat: Catalogue, opts: AnalyzeOptions) -> pl.DataFrame:
        return code_table(self.failures, cat, opts.lang)

    def by_cause(self, cat: Catalogue, opts: AnalyzeOptions) -> pl.DataFrame:
        return cause_table(self.failures, cat, opts.lang)

    def by_day(self, cat: Catalogue, opts: AnalyzeOptions) -> pl.DataFrame:
        return day_table(self.days, self.failures, opts.tz)


DESCRIBED = ["category", "cause_title", "fix", "doc_url"]


def analyze_rows(
    rows: pl.DataFrame | pl.LazyFrame,
    cat: Catalogue,
    opts: AnalyzeOptions,
    evidence: pl.DataFrame | None = None,
    vm_os: pl.DataFrame | None = None,
) -> Analysis:
    """Analyze all rows of a small input at once (INGESTED_SCHEMA)."""
    batch = split_block(rows.lazy().collect(), 0)
    return combine([analyze_part(batch, cat, opts, evidence, vm_os)], cat, opts.lang)


def analyze_part(
    batch: Batch,
    cat: Catalogue,
    opts: AnalyzeOptions,
    evidence: pl.DataFrame | None = None,
    vm_os: pl.DataFrame | None = None,
) -> Analysis:
    """Analyze one VM-complete batch of rows (see ``staging.split_block``).

    The failures come back without the columns ``combine`` derives from the catalogue
    (category, cause title, fix, doc link): one copy of those texts per failed job
    would cost more memory than the jobs themselves.

    Every row takes part through its compact columns; whole records are read only for
    the failed jobs that survive dedupe and the window. ``evidence`` (EVIDENCE_SCHEMA)
    re-ranks causes; ``vm_os`` (vm lower-cased, os; from the logs and ``--vm-info``) keeps
    doc-order causes to the VM's OS, and a VM not in it gets OS-neutral causes.
    """
    compact = batch.compact
    good = compact.filter(~pl.col("_rejected")).drop("_rejected")
    deduped = dedupe(good)
    counts = account(compact, good, deduped)
    jobs = in_window(deduped, opts.since, opts.until)
    counts.outside_window = deduped.height - jobs.height
    counts.jobs = jobs.height
    # The VM keys are worked out per distinct (name, group) pair, then joined back.
    keyed = with_vm_key(jobs).with_columns(pl.col("status", "operation").cast(pl.String))
    failures = classify(_failed_records(batch.details, keyed), cat, opts.lang).collect()
    if evidence is not None and evidence.height:
        failures = attribute(failures, evidence, cat, window=opts.window, lang=opts.lang)
    # An OS the user or the VM's logs give wins over one its failures' codes imply.
    given = vm_os if vm_os is not None else NO_VM_OS
    known = pl.concat([given, vm_os_from_codes(failures, cat)]).unique(
        subset="_attr_vm", keep="first", maintain_order=True
    )
    failures = prefer_vm_os(failures, known, cat, opts.lang)
    failure_counts = FailureCounts.of(failures)
    base = vm_base(in_window(keyed, opts.vm_since, None) if opts.vm_since else keyed)
    rows = None
    if opts.vm_rows_only:
        rows = detached(vm_figures(base, failures, opts.all_vms))
        base, failures = base.clear(), failures.clear()
    kept = _compact(failures) if opts.compact_failures else failures
    return Analysis(
        failures=detached(kept.drop(DESCRIBED, strict=False)),
        vm_base=detached(base),
        vm_days=detached(vm_days(keyed if opts.vm_days else keyed.clear(), opts.tz)),
        days=job_day_totals(keyed, opts.tz),
        rejects=reject_rows(batch.details.drop(ORDER)),
        accounting=counts,
        job_vms=detached(_lower_unique(keyed.get_column("vm"))).to_series(),
        failure_counts=failure_counts,
        vm_rows=rows,
    )


NO_VM_OS = pl.DataFrame(schema=VM_OS_SCHEMA)


def _lower_unique(names: pl.Series) -> pl.DataFrame:
    """The distinct lower-cased names (lower-casing the few distinct spellings only)."""
    return names.unique().str.to_lowercase().unique().to_frame()


def _compact(failures: pl.DataFrame) -> pl.DataFrame:
    """The failure columns the aggregates read, repeated texts as categoricals.

    Partial results of a large input wait in memory until all are merged; codes and
    causes repeat endlessly, so they are kept as small integers until then.
    """
    repeated = ["error_code", "code", "cause", "cause_confidence"]
    return failures.select(COMPACT_FAILURE_COLUMNS).with_columns(
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


def combine(parts: list[Analysis], cat: Catalogue, lang: str) -> Analysis:
    """Merge analyses of disjoint VM buckets and describe their failures."""
    total, failure_counts = Accounting(), FailureCounts()
    for part in parts:
        total.add(part.accounting)
        failure_counts.add(part.failure_counts)
    vm_rows = [p.vm_rows for p in parts if p.vm_rows is not None]
    failures = pl.concat([p.failures for p in parts], how="vertical_relaxed").with_columns(
        pl.col(pl.Categorical).cast(pl.String)
    )
    return Analysis(
        failures=describe_failures(failures, cat, lang),
        vm_base=pl.concat([p.vm_base for p in parts], how="vertical_relaxed"),
        vm_days=pl.concat([p.vm_days for p in parts], how="vertical_relaxed"),
        days=pl.concat([p.days for p in parts], how="vertical_relaxed"),
        rejects=pl.concat([p.rejects for p in parts], how="vertical_relaxed"),
        accounting=total,
        job_vms=pl.concat([p.job_vms for p in parts]).unique(),
        failure_counts=failure_counts,
        vm_rows=pl.concat(vm_rows, how="vertical_relaxed") if vm_rows else None,
    )


def describe_failures(failures: pl.DataFrame, cat: Catalogue, lang: str) -> pl.DataFrame:
    """Add category, cause title, fix and doc link from the catalogue (shared text).

    Compact failures (``COMPACT_FAILURE_COLUMNS``) only feed the tables, which take the
    texts from the catalogue per row of their own: they get the category alone, since
    a copy of every text per failed job would be most of the memory of a large run.
    """
    codes = code_frame(cat, lang).select("code", "category", "code_doc_url")
    if set(failures.columns) <= set(COMPACT_FAILURE_COLUMNS):
        return (
            failures.lazy()
            .join(
                codes.lazy().select("code", "category"),
                on="code",
                how="left",
                maintain_order="left",
            )
            .with_columns(pl.col("category").fill_null("unknown"))
            .collect()
        )
    extra = [c for c in FAILURE_EXTRA if c in failures.columns or c in DESCRIBED]
    order = [c for c in failures.columns if c not in FAILURE_EXTRA] + extra
    causes = cause_frame(cat, lang).select("cause", "cause_title", "fix", "cause_doc_url")
    return (
        failures.lazy()
        .join(causes.lazy(), on="cause", how="left", maintain_order="left")
        .join(codes.lazy(), on="code", how="left", maintain_order="left")
        .with_columns(
            pl.col("category").fill_null("unknown"),
            pl.coalesce("cause_doc_url", "code_doc_url").alias("doc_url"),
        )
        .select(order)
        .collect()
    )


def mark_matched(evidence: pl.DataFrame, job_vms: pl.Series) -> pl.DataFrame:
    """Set ``matched_vm`` on evidence rows whose VM appears among the jobs."""
    if evidence.height == 0:
        return pl.DataFrame(schema=EVIDENCE_SCHEMA)
    return evidence.with_columns(
        pl.col("vm")
        .str.to_lowercase()
        .is_in(job_vms.implode())
        .fill_null(False)
        .alias("matched_vm")
    )
