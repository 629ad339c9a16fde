"""The pipeline, in one place: inputs -> sources -> store -> jobs -> classify -> attribute
-> aggregate -> the tables asked for.

    load(inputs)            read every job history into the row store (``sources``) and
                            every agent log into evidence events (``evidence``)
    Loaded.analyze(opts)    each VM-complete batch through ``analysis.analyze_part``,
                            merged by ``analysis.combine``
    -> RunResult            the analysis (ids), evidence, what was read, skipped, rejected

``run_analysis`` does both; ``read_logs_only`` reads agent logs without any job input.
Nothing here prints: progress goes through the one callback, problems into the result.
The catalogue's texts are joined later, by ``analyzer.texts``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import polars as pl

from analyzer.analysis import Analysis, AnalyzeOptions, analyze_part, combine
from analyzer.attribute import vm_os_from_logs
from analyzer.catalogue.model import Catalogue
from analyzer.errors import InputError
from analyzer.evidence import EvidenceResult, read_evidence
from analyzer.inputs import InputFile, LocalFile, Workspace, expand_inputs, materialize
from analyzer.jobs import Accounting
from analyzer.limits import DEFAULT_LIMITS, Limits
from analyzer.schema import EVIDENCE_SCHEMA, INGESTED_SCHEMA
from analyzer.sources import JobsRead, Progress, frame_jobs, quiet, read_jobs
from analyzer.staging import TimeSpan, split_block
from analyzer.steps import Step
from analyzer.stopping import scratch_folder
from analyzer.storage import NO_PERIOD, Period
from analyzer.vm_info import VmInfo, merged_vm_os

JobInputs = Sequence[str] | pl.DataFrame  # file specs (paths, folders, globs, -) or rows


@dataclass(frozen=True)
class LogOptions:
    """Where agent logs are and how to read them."""

    specs: Sequence[str] = ()
    log_tz: str = "UTC"
    vm_map: dict[str, str] | None = None
    vm_info: VmInfo | None = None  # --vm-info: the OS of VMs the user names


NO_LOGS = LogOptions()
EVERY_TABLE = AnalyzeOptions()


@dataclass(frozen=True)
class RunResult:
    """What a run produced, and what went wrong on the way."""

    analysis: Analysis
    evidence: pl.DataFrame  # EVIDENCE_SCHEMA, ``matched_vm`` set
    evidence_files: pl.DataFrame | None = None  # one row per agent log; None: no logs
    sources: list[tuple[str, str, int]] = field(default_factory=list)  # name, shape, rows
    errors: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # walked files that are not job histories
    span: TimeSpan = None  # first and last start time of every job row read (any period)
    # Diagnostic-archive records of other categories skipped, by category.
    other_categories: dict[str, int] = field(default_factory=dict)

    @property
    def read_no_jobs(self) -> bool:
        """Whether not one job row was read (nothing, or rejects and records of other
        categories only): no output then."""
        accounting = self.analysis.accounting
        return accounting.rows_read == accounting.rejects + accounting.other_categories


@dataclass
class Loaded:
    """Every input read, waiting to be analyzed (inside ``load``'s ``with`` only)."""

    cat: Catalogue
    jobs: JobsRead
    evidence: EvidenceResult | None
    vm_os: pl.DataFrame
    errors: list[InputError]
    warnings: list[str]
    progress: Progress

    @property
    def span(self) -> TimeSpan:
        """First and last start time of the job rows read (the report's default week)."""
        return self.jobs.store.span

    def analyze(self, opts: AnalyzeOptions, *, warn_empty_period: bool = True) -> RunResult:
        """Every batch of rows through the stages, merged into one result."""
        store, events = self.jobs.store, None
        if self.evidence is not None:
            events = self.evidence.events
        parts = []
        # The batches are in memory already: polars' in-memory engine runs their many
        # small queries with half the CPU of the streaming engine, and no wait for its
        # task scheduler when other processes hold the cores.
        with pl.Config(engine_affinity="in-memory"):
            for n, batch in enumerate(store.batches(), 1):
                self.progress(
                    Step(f"analyzing part {n}/{store.count()}", n - 1, store.count(), "analyzing")
                )
                parts.append(analyze_part(batch, self.cat, opts, events, self.vm_os))
            if not parts:  # nothing stored: the empty analysis, in its schemas
                empty = split_block(pl.DataFrame(schema=INGESTED_SCHEMA), 0)
                parts.append(analyze_part(empty, self.cat, opts))
            analysis = combine(parts, opts)
        count_other_categories(analysis, self.jobs.other_categories)
        warnings = list(self.warnings)
        if warn_empty_period and (warning := _empty_period(analysis, self.span)):
            warnings.append(warning)
        evidence, files = pl.DataFrame(schema=EVIDENCE_SCHEMA), None
        if self.evidence is not None:
            evidence = mark_matched(self.evidence.events, analysis.job_vms)
            files = self.evidence.files
        return RunResult(
            analysis=analysis,
            evidence=evidence,
            evidence_files=files,
            sources=list(self.jobs.sources),
            errors=list(self.errors),
            warnings=warnings,
            skipped=list(self.jobs.skipped),
            span=self.span,
            other_categories=dict(sorted(self.jobs.other_categories.items())),
        )


def count_other_categories(analysis: Analysis, counts: Mapping[str, int]) -> None:
    """Count the records of other categories skipped while reading among the rows read."""
    skipped = sum(counts.values())
    analysis.accounting.add(Accounting(rows_read=skipped, other_categories=skipped))


@contextmanager
def load(
    jobs: JobInputs,
    cat: Catalogue,
    *,
    logs: LogOptions = NO_LOGS,
    encoding: str = "auto",
    stdin: BinaryIO | None = None,
    progress: Progress = quiet,
    limits: Limits = DEFAULT_LIMITS,
    period: Period = NO_PERIOD,
) -> Iterator[Loaded]:
    """Read every input; the scratch folder and the store live until the block ends.

    ``period`` (--since/--until) only prunes what storage URLs list (``storage``).
    """
    with ExitStack() as stack:
        ws = Workspace(stack.enter_context(scratch_folder()))  # removed at the end, or at a stop
        if isinstance(jobs, pl.DataFrame):
            read = frame_jobs(jobs, ws, limits)
        else:
            read = read_jobs(
                jobs,
                ws,
                encoding=encoding,
                stdin=stdin,
                progress=progress,
                limits=limits,
                period=period,
            )
        stack.callback(read.store.close)
        errors, warnings = list(read.errors), list(read.warnings)
        evidence = _read_logs(logs, cat, ws, read.found_logs, errors, warnings, progress, limits)
        from_logs = vm_os_from_logs(evidence.files) if evidence is not None else None
        if logs.vm_info is not None:
            warnings.extend(logs.vm_info.warnings)
        vm_os = merged_vm_os(from_logs, logs.vm_info)
        yield Loaded(cat, read, evidence, vm_os, errors, warnings, progress)


def run_analysis(
    jobs: JobInputs,
    cat: Catalogue,
    opts: AnalyzeOptions = EVERY_TABLE,
    *,
    logs: LogOptions = NO_LOGS,
    encoding: str = "auto",
    stdin: BinaryIO | None = None,
    progress: Progress = quiet,
    limits: Limits = DEFAULT_LIMITS,
) -> RunResult:
    """Read, classify, attribute and aggregate: the whole pipeline in one call."""
    with load(
        jobs,
        cat,
        logs=logs,
        encoding=encoding,
        stdin=stdin,
        progress=progress,
        limits=limits,
        period=(opts.since, opts.until),
    ) as loaded:
        return loaded.analyze(opts)


@dataclass(frozen=True)
class LogsRead:
    """Evidence events of agent logs read without job histories."""

    evidence: pl.DataFrame  # EVIDENCE_SCHEMA (``matched_vm`` False: no jobs to match)
    files: pl.DataFrame | None  # one row per log; None when no log was found
    errors: list[InputError]
    warnings: list[str]


def read_logs_only(
    logs: LogOptions, cat: Catalogue, *, progress: Progress = quiet, limits: Limits = DEFAULT_LIMITS
) -> LogsRead:
    """The evidence of agent logs alone: no job history is read or analyzed."""
    errors: list[InputError] = []
    warnings: list[str] = []
    with scratch_folder() as tmp:
        found = _read_logs(logs, cat, Workspace(tmp), [], errors, warnings, progress, limits)
    if found is None:
        return LogsRead(pl.DataFrame(schema=EVIDENCE_SCHEMA), None, errors, warnings)
    return LogsRead(found.events, found.files, errors, warnings)


def _read_logs(
    logs: LogOptions,
    cat: Catalogue,
    ws: Workspace,
    found_logs: list[LocalFile],
    errors: list[InputError],
    warnings: list[str],
    progress: Progress,
    limits: Limits,
) -> EvidenceResult | None:
    """Evidence events from the agent logs given, plus those found among the job inputs."""
    locals_ = log_files(logs.specs, ws, found_logs, errors, limits)
    if not locals_:
        return None
    progress(f"reading {len(locals_)} agent log file(s)")
    evidence = read_evidence(locals_, cat, log_tz=logs.log_tz, vm_map=logs.vm_map)
    for local in locals_:
        warnings.extend(local.warnings)
    warnings.extend(evidence.warnings)
    return evidence


def log_files(
    specs: Sequence[str],
    ws: Workspace,
    found_logs: Sequence[LocalFile],
    errors: list[InputError],
    limits: Limits = DEFAULT_LIMITS,
) -> list[LocalFile]:
    """The agent logs of ``specs`` made local in ``ws``, after those met among the job
    inputs (each file once); a log that cannot be read goes to ``errors``."""
    files: list[LocalFile] = list(found_logs)
    for item in log_inputs(specs, [local.name for local in found_logs], errors):
        try:
            files.append(materialize(item, ws, limits=limits))
        except InputError as exc:
            errors.append(exc)
    return files


def log_inputs(
    specs: Sequence[str], found: Sequence[str], errors: list[InputError]
) -> list[InputFile]:
    """The agent logs of ``specs`` but those among ``found`` (the names of the logs met
    among the job inputs: read first, and once); a spec that names nothing goes to
    ``errors``."""
    inputs, expand_errors = expand_inputs(specs)
    errors.extend(expand_errors)
    seen = {Path(name).resolve() for name in found}
    return [item for item in inputs if item.path is None or item.path.resolve() not in seen]


def _empty_period(analysis: Analysis, span: TimeSpan) -> str | None:
    """A warning when jobs were read but none lies in --since/--until: an empty table
    then means "no jobs in the period", not "no failures"."""
    if span is None or analysis.accounting.jobs:
        return None
    first, last = (moment.strftime("%Y-%m-%d %H:%M") for moment in span)
    return (
        f"no jobs in the chosen period (--since/--until): the inputs cover {first} to {last}"
        " UTC; the tables are empty for that reason, not for want of failures"
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
