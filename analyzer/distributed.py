"""The pipeline on a Dask cluster: inputs and agent logs read in tasks, VM buckets
analyzed in tasks, merged.

``--dask ADDRESS`` uses a running ``dask.distributed`` scheduler, ``--workers N`` starts a
LocalCluster of N single-threaded worker processes. The stages are those of one process
(``pipeline``), cut where their data is smallest:

1. *read*: one task per run of consecutive input files (about ``TASK_BYTES`` of them):
   detect, read, validate and parse, and write the rows split into VM buckets
   (``staging.DiskStore``) into the run's scratch folder. The task returns what it met
   (sources, errors, warnings, the agent logs among the inputs): a few hundred bytes,
   never rows.
2. *logs*: one task per run of consecutive agent logs, cut only where the VM changes
   (``log_runs``; a VM's logs are one folder, or names beside each other, so its logs are
   read together): make them local, read and match them (``evidence.read_evidence``). The
   task returns the evidence events, one per matching line and signal (the findings and
   the informational lines, never the log's other lines), and one summary row per log.
3. *analyze*: one task per VM bucket: the bucket's rows of every input (whole VMs: their
   duplicates, streaks, resource groups), through dedupe, classify, attribute and the
   per-VM aggregates (``analysis.analyze_part``), with the evidence events and OS of the
   bucket's VMs only, in the columns attribution reads. It returns the per-VM partials.
4. *merge*: ``analysis.combine`` on the client, as for the buckets of one large input.

Row order (which record of a job wins a tie) is kept: each read task numbers its rows from
0, and the analyze tasks shift them by the rows of the tasks before, so every row has the
number it has in one process; the logs' events, summaries and warnings are put together in
the order of the log runs, which is the order one process reads the logs in. So the result
is the single-process result. The rows pass through the scratch folder, so every worker
must see it at the same path (always so for a LocalCluster; for a cluster of machines, a
shared mount given as ``TMPDIR``), and the agent logs at the paths the client names.
Storage URLs are listed and fetched by the client.
"""

from __future__ import annotations

import copyreg
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import polars as pl

from analyzer import history, storage
from analyzer.analysis import Analysis, AnalyzeOptions, analyze_part, combine
from analyzer.attribute import vm_os_from_logs
from analyzer.catalogue.model import Catalogue
from analyzer.errors import InputError
from analyzer.evidence import EvidenceResult, read_evidence, vm_for_path
from analyzer.evidence.vms import lookup_vm
from analyzer.inputs import InputFile, LocalFile, Workspace, expand_inputs, materialize
from analyzer.limits import DEFAULT_LIMITS, Limits
from analyzer.pipeline import (
    NO_LOGS,
    LogOptions,
    RunResult,
    _empty_period,
    count_other_categories,
    log_inputs,
    mark_matched,
)
from analyzer.schema import COMPACT_SCHEMA, DETAIL_SCHEMA, EVIDENCE_SCHEMA, INGESTED_SCHEMA, ORDER
from analyzer.sources import HISTORY_SHAPE, JobsRead, Progress, _history_rows, _store_all, quiet
from analyzer.staging import (
    _BUCKET,
    Batch,
    DiskStore,
    TimeSpan,
    joined_span,
    split_block,
    vm_bucket,
)
from analyzer.stopping import scratch_folder
from analyzer.vm_info import VM_OS_SCHEMA, merged_vm_os

TASK_BYTES = 64 << 20  # input bytes one read task takes (at least one file)
BUCKETS_PER_WORKER = 4  # analyze tasks per worker: the larger buckets even out
BUCKET_BYTES = 32 << 20  # input bytes below which a bucket is not worth its own task
# The evidence columns attribution reads (``attribute._supporting_events``): what an
# analyze task is sent of its VMs' events (not the line, detail or level).
ATTRIBUTION_COLUMNS = ("source", "line_no", "vm", "time", "signal", "kind")
_OS_VM = "_attr_vm"  # VM_OS_SCHEMA's (lower-cased) VM column


# The catalogue keeps its tables in read-only mappings, which pickle does not know.
copyreg.pickle(MappingProxyType, lambda proxy: (MappingProxyType, (dict(proxy),)))


@dataclass(frozen=True)
class Engine:
    """Where the per-file stages run: a scheduler's address, or a LocalCluster's size."""

    address: str | None = None
    workers: int | None = None
    processes: bool = True  # LocalCluster workers as processes (False: threads, for tests)


@contextmanager
def connect(engine: Engine) -> Iterator[Any]:
    """A dask.distributed client of the engine's cluster, closed at the end."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise InputError(
            "--dask/--workers", "needs dask.distributed", "pip install 'bjla[dask]'"
        ) from None
    if engine.address:
        with Client(engine.address) as client:  # type: ignore[no-untyped-call]
            yield client
        return
    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=engine.workers or 1,
            threads_per_worker=1,
            processes=engine.processes,
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        yield client


@dataclass
class Part:
    """What one read task met (its rows are in files under ``root``)."""

    root: str
    groups: int
    sources: list[tuple[str, str, int]] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    found_logs: list[str] = field(default_factory=list)  # paths of agent logs met
    dropped: list[tuple[int, int]] = field(default_factory=list)
    span: TimeSpan = None
    rows: int = 0  # row numbers the task used (its rows, kept or dropped)
    offset: int = 0  # the rows of the tasks before it: its first row's number in one process
    other_categories: Counter[str] = field(default_factory=Counter)  # archive records skipped


class _PartStore(DiskStore):
    """A DiskStore that writes what it buffers when told (its files are read elsewhere)."""

    def finish(self) -> None:
        """Write what is buffered and wait for it."""
        self._flush()
        self._wait()
        self.close()


def read_part(
    items: list[InputFile],
    stores: list[str],
    root: str,
    buckets: int,
    encoding: str,
    limits: Limits,
) -> Part:
    """The read task: every input of ``items`` (and history ``stores``) into VM buckets."""
    store = _PartStore(Path(root), buckets, limits)
    read = JobsRead(store)
    with scratch_folder() as tmp:
        ws = Workspace(tmp)
        try:
            for path in stores:
                rows = store.add([_history_rows(Path(path))])
                read.sources.append((path, HISTORY_SHAPE, rows))
            located: list[tuple[InputFile, LocalFile]] = []
            for item in items:
                try:
                    located.append((item, materialize(item, ws, encoding, None, limits)))
                except InputError as exc:
                    read.errors.append(exc)
            _store_all(located, read, quiet, limits)
        finally:
            store.finish()
    return Part(
        root,
        store.groups,
        read.sources,
        read.errors,
        read.warnings,
        read.skipped,
        [local.name for local in read.found_logs],
        list(store._dropped),
        store.span,
        store._rows,
        other_categories=read.other_categories,
    )


LogItem = tuple[InputFile, str]  # an agent log and the encoding to read it in


@dataclass
class LogPart:
    """What one log task read, in the order of its logs."""

    evidence: EvidenceResult | None  # None: not one of its logs could be made local
    local_warnings: list[str] = field(default_factory=list)  # making them local said these
    errors: list[InputError] = field(default_factory=list)  # logs that could not be


def read_log_part(
    items: list[LogItem],
    cat: Catalogue,
    log_tz: str,
    vm_map: Mapping[str, str] | None,
    limits: Limits,
) -> LogPart:
    """The log task: a run of agent logs made local here and matched, as one process
    reads them (``pipeline._read_logs``)."""
    part = LogPart(None)
    with scratch_folder() as tmp:
        ws = Workspace(tmp)
        files: list[LocalFile] = []
        for item, encoding in items:
            try:
                files.append(materialize(item, ws, encoding, None, limits))
            except InputError as exc:
                part.errors.append(exc)
        if files:
            part.evidence = read_evidence(files, cat, log_tz=log_tz, vm_map=vm_map)
        part.local_warnings = [warning for local in files for warning in local.warnings]
    return part


def log_runs(
    items: list[LogItem], vm_map: Mapping[str, str] | None, target_bytes: int
) -> list[list[LogItem]]:
    """The logs in runs of consecutive files of about ``target_bytes``, cut only where the
    VM a log belongs to changes, so a VM's logs (one folder, or names side by side) are
    read by one task."""
    runs: list[list[LogItem]] = []
    size, previous = 0, None
    for item in items:
        vm = lookup_vm(item[0].name, vm_map) if vm_map else vm_for_path(item[0].name)
        if not runs or (size >= target_bytes and vm != previous):
            runs.append([])
            size = 0
        runs[-1].append(item)
        size += _size(item[0])
        previous = vm
    return runs


def analyze_bucket(
    parts: list[Part],
    bucket: int,
    buckets: int,
    cat: Catalogue,
    opts: AnalyzeOptions,
    events: pl.DataFrame | None,
    vm_os: pl.DataFrame,
) -> Analysis | None:
    """The analyze task: one VM bucket's rows of every read task, through the stages."""
    compact = _bucket_rows(parts, "compact", bucket, buckets, COMPACT_SCHEMA)
    if compact.height == 0:
        return None
    details = _bucket_rows(parts, "details", bucket, buckets, DETAIL_SCHEMA)
    return analyze_part(Batch(compact, details), cat, opts, events, vm_os)


def _bucket_rows(
    parts: list[Part], kind: str, bucket: int, buckets: int, schema: dict[str, pl.DataType]
) -> pl.DataFrame:
    frames = []
    for part in parts:
        files = sorted((Path(part.root) / kind / str(bucket % part.groups)).glob("*.arrow"))
        if not files:
            continue
        rows = pl.scan_ipc(files)
        if buckets > part.groups:
            rows = rows.filter(pl.col(_BUCKET) == bucket)
        for start, end in part.dropped:
            rows = rows.filter(~pl.col(ORDER).is_between(start, end, closed="left"))
        shifted = rows.with_columns(pl.col(ORDER).cast(pl.Int64) + part.offset)
        frames.append(shifted.drop(_BUCKET).collect())
    if not frames:
        return pl.DataFrame(schema=schema)
    return pl.concat(frames, how="vertical").cast(schema)  # type: ignore[arg-type]


def bucket_count(workers: int, input_bytes: int) -> int:
    """VM buckets to analyze: a few per worker so large ones even out, but no bucket
    of less than BUCKET_BYTES of input (a task costs a fixed half second or so)."""
    return max(workers, min(workers * BUCKETS_PER_WORKER, input_bytes // BUCKET_BYTES))


def by_bucket(frame: pl.DataFrame, vm: str, buckets: int) -> list[pl.DataFrame | None]:
    """The rows of each VM bucket (None for a bucket without any) by the VM in column
    ``vm``, bucketed as the job rows are (``staging.vm_bucket``: the same VM in any case,
    the same bucket); a row without a VM matches no job and goes to none."""
    keyed = frame.filter(pl.col(vm).is_not_null())
    if vm != "vm":  # vm_bucket reads the column "vm"
        keyed = keyed.with_columns(pl.col(vm).alias("vm"))
    split = keyed.with_columns(vm_bucket(buckets))
    if vm != "vm":
        split = split.drop("vm")
    parts = split.partition_by(_BUCKET, as_dict=True, include_key=False)
    return [parts.get((b,)) for b in range(buckets)]


def _size(item: InputFile) -> int:
    return item.path.stat().st_size if item.path is not None else 0


def task_inputs(inputs: list[InputFile]) -> list[list[InputFile]]:
    """Consecutive inputs in runs of about TASK_BYTES (a larger file is a run alone)."""
    runs: list[list[InputFile]] = []
    size = TASK_BYTES
    for item in inputs:
        weight = _size(item)
        if size + weight > TASK_BYTES or not runs:
            runs.append([])
            size = 0
        runs[-1].append(item)
        size += weight
    return runs


def run_distributed(
    jobs: Sequence[str],
    cat: Catalogue,
    opts: AnalyzeOptions,
    engine: Engine,
    *,
    logs: LogOptions = NO_LOGS,
    encoding: str = "auto",
    progress: Progress = quiet,
    limits: Limits = DEFAULT_LIMITS,
) -> RunResult:
    """``pipeline.run_analysis`` with the read, log and analyze stages as Dask tasks."""
    with scratch_folder() as tmp, connect(engine) as client:
        ws = Workspace(tmp)
        inputs, stores, errors = _job_inputs(jobs, ws, opts, progress)
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        buckets = bucket_count(workers, sum(_size(item) for item in inputs))
        shared_cat = client.scatter(cat, broadcast=True)
        parts = _read_stage(client, inputs, stores, tmp, buckets, encoding, limits, progress)
        offset = 0
        for part in parts:
            part.offset, offset = offset, offset + part.rows
            errors += part.errors
        warnings = [w for part in parts for w in part.warnings]
        log_items = _log_items(logs, parts, encoding, errors)
        evidence = _log_stage(
            client, log_items, shared_cat, logs, workers, errors, warnings, progress, limits
        )
        from_logs = vm_os_from_logs(evidence.files) if evidence is not None else None
        if logs.vm_info is not None:
            warnings.extend(logs.vm_info.warnings)
        vm_os = merged_vm_os(from_logs, logs.vm_info)
        events = evidence.events if evidence is not None else None
        analyzed = _analyze_stage(client, parts, buckets, shared_cat, opts, events, vm_os, progress)
    return _result(parts, analyzed, cat, opts, evidence, errors, warnings)


def _job_inputs(
    jobs: Sequence[str], ws: Workspace, opts: AnalyzeOptions, progress: Progress
) -> tuple[list[InputFile], list[str], list[InputError]]:
    """The job-history files (storage URLs fetched here), history stores, and errors."""
    specs = list(jobs)
    remote = [spec for spec in specs if storage.is_remote(spec)]
    local = [spec for spec in specs if not storage.is_remote(spec)]
    stores = [spec for spec in local if spec != "-" and history.is_store(Path(spec))]
    inputs, errors = expand_inputs([s for s in local if s not in stores and s != "-"])
    if "-" in local:  # a worker has no stdin of ours
        errors.append(InputError("-", "stdin is not read on Dask", "save it to a file"))
    if remote:
        fetched = storage.fetch(remote, ws, (opts.since, opts.until), progress)
        inputs, errors = [*inputs, *fetched.inputs], [*errors, *fetched.errors]
    return inputs, stores, errors


def _read_stage(
    client: Any,
    inputs: list[InputFile],
    stores: list[str],
    tmp: Path,
    buckets: int,
    encoding: str,
    limits: Limits,
    progress: Progress,
) -> list[Part]:
    """The read tasks, one per run of inputs (and one for the history stores)."""
    runs: list[tuple[list[InputFile], list[str]]] = [([], stores)] if stores else []
    runs += [(run, []) for run in task_inputs(inputs)]
    progress(f"reading {len(inputs)} input(s) in {len(runs)} task(s) on the cluster")
    futures = [
        client.submit(
            read_part,
            items,
            history_stores,
            str(tmp / f"part{n:05d}"),
            buckets,
            encoding,
            limits,
            pure=False,
        )
        for n, (items, history_stores) in enumerate(runs)
    ]
    parts: list[Part] = client.gather(futures)
    return parts


def _log_items(
    logs: LogOptions, parts: list[Part], encoding: str, errors: list[InputError]
) -> list[LogItem]:
    """The agent logs met among the job inputs (in the run's encoding, as one process
    reads them), then those of ``--logs`` (each once), in the order one process reads."""
    found = [name for part in parts for name in part.found_logs]
    items = [(InputFile(name, Path(name), walked=True), encoding) for name in found]
    for item in log_inputs(logs.specs, found, errors):
        if item.path is None:  # a worker has no stdin of ours
            errors.append(InputError("-", "stdin is not read on Dask", "save it to a file"))
        else:
            items.append((item, "auto"))
    return items


def _log_stage(
    client: Any,
    items: list[LogItem],
    cat: Any,
    logs: LogOptions,
    workers: int,
    errors: list[InputError],
    warnings: list[str],
    progress: Progress,
    limits: Limits,
) -> EvidenceResult | None:
    """The log tasks, their evidence put together in the order of the logs."""
    if not items:
        return None
    target = min(
        TASK_BYTES, sum(_size(item) for item, _ in items) // (workers * BUCKETS_PER_WORKER)
    )
    runs = log_runs(items, logs.vm_map, target)
    progress(f"reading {len(items)} agent log file(s) in {len(runs)} task(s)")
    vm_map = client.scatter(logs.vm_map, broadcast=True) if logs.vm_map else None
    futures = [
        client.submit(read_log_part, run, cat, logs.log_tz, vm_map, limits, pure=False)
        for run in runs
    ]
    read: list[LogPart] = client.gather(futures)
    return merged_logs(read, errors, warnings)


def merged_logs(
    parts: list[LogPart], errors: list[InputError], warnings: list[str]
) -> EvidenceResult | None:
    """The log tasks' results as the one ``read_evidence`` of all their logs, with the
    warnings in the order one process gives them (making local, then reading)."""
    for part in parts:
        errors += part.errors
    read = [part.evidence for part in parts if part.evidence is not None]
    if not read:
        return None
    warnings += [warning for part in parts for warning in part.local_warnings]
    said = [warning for evidence in read for warning in evidence.warnings]
    warnings += said
    return EvidenceResult(
        pl.concat([evidence.events for evidence in read]),
        sum(evidence.lines_read for evidence in read),
        pl.concat([evidence.files for evidence in read]),
        said,
    )


def _analyze_stage(
    client: Any,
    parts: list[Part],
    buckets: int,
    cat: Any,
    opts: AnalyzeOptions,
    events: pl.DataFrame | None,
    vm_os: pl.DataFrame,
    progress: Progress,
) -> list[Analysis | None]:
    """The analyze tasks, one per VM bucket, each sent its own VMs' evidence and OS."""
    bucket_events: list[Any] = [None] * buckets
    if events is not None:
        bucket_events = _scattered(
            client, by_bucket(events.select(ATTRIBUTION_COLUMNS), "vm", buckets)
        )
    empty_os = pl.DataFrame(schema=VM_OS_SCHEMA)
    bucket_os = [empty_os if os is None else os for os in by_bucket(vm_os, _OS_VM, buckets)]
    shared_parts = client.scatter(parts, broadcast=True)
    progress(f"analyzing {buckets} VM bucket(s)")
    futures = [
        client.submit(
            analyze_bucket,
            shared_parts,
            b,
            buckets,
            cat,
            opts,
            bucket_events[b],
            os,
            pure=False,
        )
        for b, os in enumerate(_scattered(client, bucket_os))
    ]
    analyzed: list[Analysis | None] = client.gather(futures)
    return analyzed


def _scattered(client: Any, frames: Sequence[pl.DataFrame | None]) -> list[Any]:
    """Each frame sent to the cluster once (a future for it; None stays None), in one call."""
    given = [frame for frame in frames if frame is not None]
    futures = iter(client.scatter(given) if given else [])
    return [None if frame is None else next(futures) for frame in frames]


def _result(
    parts: list[Part],
    analyzed: list[Analysis | None],
    cat: Catalogue,
    opts: AnalyzeOptions,
    evidence: EvidenceResult | None,
    errors: list[InputError],
    warnings: list[str],
) -> RunResult:
    """The merged analysis and what was met, as ``Loaded.analyze`` gives them."""
    done = [part for part in analyzed if part is not None]
    if not done:
        done.append(analyze_part(split_block(pl.DataFrame(schema=INGESTED_SCHEMA), 0), cat, opts))
    analysis = combine(done, opts)
    others: Counter[str] = Counter()
    for part in parts:
        others.update(part.other_categories)
    count_other_categories(analysis, others)
    span: TimeSpan = None
    for part in parts:
        span = joined_span(span, part.span)
    if warning := _empty_period(analysis, span):
        warnings.append(warning)
    events, files = pl.DataFrame(schema=EVIDENCE_SCHEMA), None
    if evidence is not None:
        events, files = mark_matched(evidence.events, analysis.job_vms), evidence.files
    return RunResult(
        analysis=analysis,
        evidence=events,
        evidence_files=files,
        sources=[source for part in parts for source in part.sources],
        errors=errors,
        warnings=warnings,
        skipped=[name for part in parts for name in part.skipped],
        span=span,
        other_categories=dict(sorted(others.items())),
    )
