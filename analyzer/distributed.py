"""The pipeline on a Dask cluster: inputs read in tasks, VM buckets analyzed in tasks, merged.

``--dask ADDRESS`` uses a running ``dask.distributed`` scheduler, ``--workers N`` starts a
LocalCluster of N single-threaded worker processes. The stages are those of one process
(``pipeline``), cut where their data is smallest:

1. *read*: one task per run of consecutive input files (about ``TASK_BYTES`` of them):
   detect, read, validate and parse, and write the rows split into VM buckets
   (``staging.DiskStore``) into the run's scratch folder. The task returns what it met
   (sources, errors, warnings): a few hundred bytes, never rows.
2. *analyze*: one task per VM bucket: the bucket's rows of every input (whole VMs: their
   duplicates, streaks, resource groups), through dedupe, classify, attribute and the
   per-VM aggregates (``analysis.analyze_part``). It returns the per-VM partial results.
3. *merge*: ``analysis.combine`` on the client, as for the buckets of one large input.

Row order (which record of a job wins a tie) is kept: each read task numbers its rows from
0, and the analyze tasks shift them by the rows of the tasks before, so every row has the
number it has in one process and the result is the single-process result. Agent logs
are read once on the client; the evidence events go to every analyze task once
(``scatter``). The rows pass through the scratch folder, so every worker must see it at
the same path (always so for a LocalCluster; for a cluster of machines, a shared mount
given as ``TMPDIR``). Storage URLs are listed and fetched by the client.
"""

from __future__ import annotations

import copyreg
from collections.abc import Iterator, Sequence
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
from analyzer.evidence import EvidenceResult
from analyzer.inputs import InputFile, LocalFile, Workspace, expand_inputs, materialize
from analyzer.limits import DEFAULT_LIMITS, Limits
from analyzer.pipeline import (
    NO_LOGS,
    LogOptions,
    RunResult,
    _empty_period,
    _read_logs,
    mark_matched,
)
from analyzer.schema import COMPACT_SCHEMA, DETAIL_SCHEMA, EVIDENCE_SCHEMA, INGESTED_SCHEMA, ORDER
from analyzer.sources import HISTORY_SHAPE, JobsRead, Progress, _history_rows, _store_all, quiet
from analyzer.staging import _BUCKET, Batch, DiskStore, TimeSpan, joined_span, split_block
from analyzer.stopping import scratch_folder
from analyzer.vm_info import merged_vm_os

TASK_BYTES = 64 << 20  # input bytes one read task takes (at least one file)
BUCKETS_PER_WORKER = 4  # analyze tasks per worker: the larger buckets even out
BUCKET_BYTES = 32 << 20  # input bytes below which a bucket is not worth its own task


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
    )


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
    """``pipeline.run_analysis`` with the read and analyze stages as Dask tasks."""
    with scratch_folder() as tmp, connect(engine) as client:
        ws = Workspace(tmp)
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
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        buckets = bucket_count(workers, sum(_size(item) for item in inputs))
        runs: list[tuple[list[InputFile], list[str]]] = [([], stores)] if stores else []
        runs += [(run, []) for run in task_inputs(inputs)]
        progress(f"reading {len(inputs)} input(s) in {len(runs)} task(s) on {workers} worker(s)")
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
        offset = 0
        for part in parts:
            part.offset, offset = offset, offset + part.rows
            errors += part.errors
        warnings = [w for part in parts for w in part.warnings]
        evidence = _client_logs(logs, cat, ws, parts, errors, warnings, progress, limits)
        from_logs = vm_os_from_logs(evidence.files) if evidence is not None else None
        if logs.vm_info is not None:
            warnings.extend(logs.vm_info.warnings)
        vm_os = merged_vm_os(from_logs, logs.vm_info)
        events = evidence.events if evidence is not None else None
        shared = client.scatter([parts, cat, opts, events, vm_os], broadcast=True)
        progress(f"analyzing {buckets} VM bucket(s)")
        analyzed = client.gather(
            [
                client.submit(analyze_bucket, shared[0], b, buckets, *shared[1:], pure=False)
                for b in range(buckets)
            ]
        )
    return _result(parts, analyzed, cat, opts, evidence, errors, warnings)


def _client_logs(
    logs: LogOptions,
    cat: Catalogue,
    ws: Workspace,
    parts: list[Part],
    errors: list[InputError],
    warnings: list[str],
    progress: Progress,
    limits: Limits,
) -> EvidenceResult | None:
    """The agent logs given and those the read tasks met, read here once."""
    found = []
    for part in parts:
        for name in part.found_logs:
            try:
                found.append(materialize(InputFile(name, Path(name), walked=True), ws))
            except InputError as exc:
                errors.append(exc)
    return _read_logs(logs, cat, ws, found, errors, warnings, progress, limits)


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
    )
