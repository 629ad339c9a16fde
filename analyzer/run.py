"""One run of bjla over the user's inputs: read every source, analyze, gather problems.

This is the layer between the CLI and the stages: it owns the scratch folder, isolates
one unreadable file from the others, and collects the warnings and errors the CLI
prints. It never prints itself; progress goes through a callback.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import polars as pl

from analyzer.analysis import (
    Analysis,
    AnalyzeOptions,
    analyze_part,
    analyze_rows,
    combine,
    mark_matched,
)
from analyzer.attribute import vm_os_from_logs
from analyzer.catalogue.model import Catalogue
from analyzer.errors import InputError, UnknownShapeError
from analyzer.evidence import EvidenceResult, read_evidence
from analyzer.evidence.formats import detect_kind
from analyzer.gather import Gatherer
from analyzer.ingest import SourceRead, read_source
from analyzer.inputs import InputFile, LocalFile, Workspace, expand_inputs, materialize
from analyzer.limits import DEFAULT_LIMITS, Limits
from analyzer.schema import EVIDENCE_SCHEMA, INGESTED_SCHEMA
from analyzer.staging import RowCount, RowStore, TimeSpan, choose_store
from analyzer.stopping import scratch_folder
from analyzer.vm_info import VmInfo, merged_vm_os

Progress = Callable[[str], None]
# Given the span of the job rows read, the options to analyze them with (the report's
# default week comes from the data, so its window is known only after reading).
ChooseOptions = Callable[[TimeSpan], AnalyzeOptions]
LOG_SNIFF_BYTES = 1 << 16


def _quiet(_: str) -> None:
    return None


@dataclass
class LogOptions:
    """Where agent logs are and how to read them."""

    specs: Sequence[str] = ()
    log_tz: str = "UTC"
    vm_map: dict[str, str] | None = None
    vm_info: VmInfo | None = None  # --vm-info: the OS of VMs the user names


@dataclass
class RunResult:
    """What a run produced, and what went wrong on the way."""

    analysis: Analysis
    evidence: pl.DataFrame
    evidence_files: pl.DataFrame | None = None
    sources: list[tuple[str, str, int]] = field(default_factory=list)  # name, shape, rows
    errors: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # walked files that are not job histories
    found_logs: list[LocalFile] = field(default_factory=list)  # agent logs met in job folders
    span: TimeSpan = None  # first and last start time of every job row read (any period)

    @property
    def read_no_jobs(self) -> bool:
        """Whether not one job row was read (nothing, or rejects only): no output then."""
        accounting = self.analysis.accounting
        return accounting.rows_read == accounting.rejects


def read_rows(
    specs: Sequence[str],
    ws: Workspace,
    result: RunResult,
    *,
    encoding: str = "auto",
    stdin: BinaryIO | None = None,
    progress: Progress = _quiet,
    limits: Limits = DEFAULT_LIMITS,
) -> RowStore:
    """Every row of every job-history input (INGESTED_SCHEMA), in a store sized for them."""
    inputs, errors = expand_inputs(specs)
    result.errors.extend(errors)
    located: list[tuple[InputFile, LocalFile]] = []
    for item in inputs:
        try:
            located.append((item, materialize(item, ws, encoding, stdin, limits)))
        except InputError as exc:
            result.errors.append(exc)
    store = choose_store(sum(local.size for _, local in located), ws.root, limits)
    try:
        _store_all(located, store, result, progress, limits)
    except BaseException:
        store.close()
        raise
    return store


def _store_all(
    located: list[tuple[InputFile, LocalFile]],
    store: RowStore,
    result: RunResult,
    progress: Progress,
    limits: Limits,
) -> None:
    """Read each located input into ``store``; an unreadable one is recorded, not raised.

    Small tables of one kind are gathered and parsed together (``gather``).
    """

    def stored(read: SourceRead, rows: int) -> None:
        result.warnings.extend(read.warnings)
        result.sources.append((read.name, read.shape, rows))

    def store_one(read: SourceRead) -> int:
        return _store_read(read, store, result.warnings, gather.on_rows)

    gather = Gatherer(store, store_one, stored, result.errors.append, limits)
    for n, (item, local) in enumerate(located, 1):
        label = f"reading {item.name} ({n}/{len(located)})"
        progress(label)
        gather.on_rows = _counting(progress, label)
        try:
            for read in read_source(local):
                if not gather.take(read):
                    gather.flush()  # the tables held so far go first, in input order
                    stored(read, store_one(read))
            result.warnings.extend(local.warnings)
        except UnknownShapeError as exc:
            if not item.walked:
                result.errors.append(exc)
            elif looks_like_agent_log(local):
                result.found_logs.append(local)
            else:
                result.skipped.append(item.name)
        except InputError as exc:
            result.errors.append(exc)
    gather.flush()


def _counting(progress: Progress, label: str) -> RowCount:
    """Progress that shows the rows of the file being read so far."""
    return lambda rows: progress(f"{label}: {rows:,} rows")


def _store_read(read: SourceRead, store: RowStore, warnings: list[str], on_rows: RowCount) -> int:
    """Put one table's rows in the store; through its fallback reader if polars gives up.

    The store keeps none of the rows of a failed attempt, so the second read adds each
    row once.
    """
    try:
        return store.add(read.blocks(), on_rows)
    except pl.exceptions.PolarsError as exc:
        if read.fallback is None:
            raise _unparsed(read, exc) from None
        warnings.append(
            f"{read.name}: polars could not parse the file ({_short(_first_line(exc))}), most"
            " often because of a stray quote; it was read again with the exact CSV reader,"
            " which is slower: a line whose quote never closes is rejected alone (named with"
            " its line) and the lines after it are read"
        )
    try:
        return store.add(read.fallback(), on_rows)
    except pl.exceptions.PolarsError as exc:
        raise _unparsed(read, exc) from None


def _unparsed(read: SourceRead, exc: Exception) -> InputError:
    return InputError(read.name, f"cannot parse as {read.shape}: {_first_line(exc)}")


_SHOWN_ERROR = 160  # characters of a parser's message quoted (it may quote a whole row)


def _short(text: str) -> str:
    return text if len(text) <= _SHOWN_ERROR else text[: _SHOWN_ERROR - 3] + "..."


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def looks_like_agent_log(local: LocalFile) -> bool:
    """Whether a file that is no job history reads as a guest-agent or extension log."""
    if local.is_zip:
        return False
    with local.path.open("rb") as fh:
        head = fh.read(LOG_SNIFF_BYTES).decode("utf-8", "replace").splitlines()
    return detect_kind([line for line in head if line.strip()], local.name) is not None


def read_logs(
    logs: LogOptions,
    cat: Catalogue,
    ws: Workspace,
    result: RunResult,
    progress: Progress,
    limits: Limits = DEFAULT_LIMITS,
) -> EvidenceResult | None:
    """Evidence events from the agent logs given, plus those found among the inputs."""
    inputs, errors = expand_inputs(logs.specs)
    result.errors.extend(errors)
    found = {Path(local.name).resolve() for local in result.found_logs}
    locals_: list[LocalFile] = list(result.found_logs)
    for item in inputs:
        if item.path is not None and item.path.resolve() in found:
            continue
        try:
            locals_.append(materialize(item, ws, limits=limits))
        except InputError as exc:
            result.errors.append(exc)
    if not locals_:
        return None
    progress(f"reading {len(locals_)} agent log file(s)")
    evidence = read_evidence(locals_, cat, log_tz=logs.log_tz, vm_map=logs.vm_map)
    for local in locals_:
        result.warnings.extend(local.warnings)
    result.warnings.extend(evidence.warnings)
    return evidence


def _empty_period(result: RunResult, opts: AnalyzeOptions) -> str | None:
    """A warning when jobs were read but none lies in --since/--until: an empty table
    then means "no jobs in the period", not "no failures"."""
    if result.span is None or result.analysis.accounting.jobs:
        return None
    first, last = (moment.strftime("%Y-%m-%d %H:%M") for moment in result.span)
    return (
        f"no jobs in the chosen period (--since/--until): the inputs cover {first} to {last}"
        " UTC; the tables are empty for that reason, not for want of failures"
    )


def run_analysis(
    specs: Sequence[str],
    cat: Catalogue,
    opts: AnalyzeOptions,
    *,
    logs: LogOptions | None = None,
    encoding: str = "auto",
    stdin: BinaryIO | None = None,
    progress: Progress = _quiet,
    choose: ChooseOptions | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> RunResult:
    """Read, classify, attribute and aggregate; the CLI renders the result.

    ``choose``, when given, replaces ``opts`` once the rows are read.
    """
    with scratch_folder() as tmp:  # removed at the end, or at once if the run is stopped
        ws = Workspace(tmp)
        result = RunResult(
            analysis=analyze_rows(pl.DataFrame(schema=INGESTED_SCHEMA), cat, opts),
            evidence=pl.DataFrame(schema=EVIDENCE_SCHEMA),
        )
        store = read_rows(
            specs, ws, result, encoding=encoding, stdin=stdin, progress=progress, limits=limits
        )
        result.span = store.span
        try:
            if choose is not None:
                opts = choose(store.span)
            evidence = read_logs(logs or LogOptions(), cat, ws, result, progress, limits)
            events = evidence.events if evidence is not None else None
            from_logs = vm_os_from_logs(evidence.files) if evidence is not None else None
            vm_info = (logs or LogOptions()).vm_info
            if vm_info is not None:
                result.warnings.extend(vm_info.warnings)
            vm_os = merged_vm_os(from_logs, vm_info)
            parts = []
            for n, batch in enumerate(store.batches(), 1):
                progress(f"analyzing part {n}/{store.count()}")
                parts.append(analyze_part(batch, cat, opts, events, vm_os))
        finally:
            store.close()
        result.analysis = combine(parts, cat, opts.lang) if parts else result.analysis
        if choose is None and (warning := _empty_period(result, opts)):
            result.warnings.append(warning)
        if evidence is not None:
            result.evidence = mark_matched(evidence.events, result.analysis.job_vms)
            result.evidence_files = evidence.files
        return result


__all__ = ["LogOptions", "RunResult", "run_analysis"]
