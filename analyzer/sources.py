"""Job-history inputs into the row store: expand, fetch, detect, read and store each one.

One unreadable file is recorded and the others still read; a file in a walked folder
that is no job history is skipped, or kept aside when it reads as an agent log (a
folder holding both). Everything met on the way comes back in one ``JobsRead``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import polars as pl

from analyzer import history, storage
from analyzer.errors import InputError, UnknownShapeError
from analyzer.evidence.formats import detect_kind
from analyzer.gather import Gatherer, Stored
from analyzer.ingest import SourceRead, read_source
from analyzer.ingest.csv_runs import PlainCsvReader
from analyzer.ingest.model import rank_together
from analyzer.inputs import InputFile, LocalFile, Workspace, expand_inputs, materialize
from analyzer.limits import DEFAULT_LIMITS, Limits
from analyzer.schema import INGESTED_SCHEMA, STATUSES
from analyzer.staging import RowCount, RowStore, choose_store
from analyzer.steps import Step

Progress = Callable[[str], None]
LOG_SNIFF_BYTES = 1 << 16
ROW_SAMPLE_BYTES = 1 << 20  # the first bytes of a large text input, to estimate its rows
# A row of the exports the store's bucket sizes were measured on (Limits.store_bucket_bytes).
TYPICAL_ROW_BYTES = 320
FRAME_SOURCE = "<frame>"  # the source name of rows given as a polars frame
FRAME_SHAPE = "frame"
HISTORY_SHAPE = "history"  # the shape of rows read from a history folder
# Small text files are read ahead this many bytes at a time (``_read_ahead``).
READ_AHEAD_BYTES = 16 << 20


def quiet(_: str) -> None:
    """Progress nobody hears."""
    return None


@dataclass
class JobsRead:
    """The stored rows of every job-history input, and what reading them met."""

    store: RowStore
    sources: list[tuple[str, str, int]] = field(default_factory=list)  # name, shape, rows
    errors: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # walked files that are not job histories
    found_logs: list[LocalFile] = field(default_factory=list)  # agent logs met among them
    # Records of other categories skipped (diagnostic archive), by category.
    other_categories: Counter[str] = field(default_factory=Counter)

    def took(self, stored: Stored) -> None:
        """Record what the store took."""
        self.warnings += stored.warnings
        self.errors += stored.errors
        self.sources += [(read.name, read.shape, rows) for read, rows in stored.tables]
        for read, _ in stored.tables:
            self.other_categories.update(read.other_categories)


def read_jobs(
    specs: Sequence[str],
    ws: Workspace,
    *,
    encoding: str = "auto",
    stdin: BinaryIO | None = None,
    progress: Progress = quiet,
    limits: Limits = DEFAULT_LIMITS,
    period: storage.Period = storage.NO_PERIOD,
) -> JobsRead:
    """Every row of every job-history input (INGESTED_SCHEMA), in a store sized for them.

    A history folder (``bjla history add``) is read as the job records it keeps; storage
    URLs (``storage``) are fetched first, their hourly folders pruned to ``period``.
    """
    remote = [spec for spec in specs if storage.is_remote(spec)]
    local = [spec for spec in specs if not storage.is_remote(spec)]
    stores = [Path(spec) for spec in local if spec != "-" and history.is_store(Path(spec))]
    inputs, errors = expand_inputs([spec for spec in local if Path(spec) not in stores])
    if remote:
        fetched = storage.fetch(remote, ws, period, progress)
        inputs, errors = [*inputs, *fetched.inputs], [*errors, *fetched.errors]
    located: list[tuple[InputFile, LocalFile]] = []
    for item in inputs:
        try:
            located.append((item, materialize(item, ws, encoding, stdin, limits)))
        except InputError as exc:
            errors.append(exc)
    total = sum(input_weight(local) for _, local in located) + sum(_store_bytes(s) for s in stores)
    read = JobsRead(choose_store(total, ws.root, limits), errors=errors)
    try:
        for store in stores:
            progress(f"reading the history in {store}")
            read.sources.append((str(store), HISTORY_SHAPE, read.store.add([_history_rows(store)])))
        _store_all(located, read, progress, limits)
    except BaseException:
        read.store.close()
        raise
    return read


def _history_rows(store: Path) -> pl.LazyFrame:
    """A history store's job records as ingested rows (none rejected: they were read once)."""
    records = history.scan(store).with_columns(pl.lit(None, pl.String).alias("reject_reason"))
    return records.select(list(INGESTED_SCHEMA)).cast(INGESTED_SCHEMA)  # type: ignore[arg-type]


def input_weight(local: LocalFile) -> int:
    """What ``local``'s rows will weigh in the row store, in bytes of a typical export.

    The store keeps a compact row per input row whatever the export's width, so a wide
    CSV (the 45-column Log Analytics export, 1.4 KB a row) weighs its rows, estimated from
    its first lines: by its size alone its rows would be cut into four times the buckets
    they need, each paying the analysis's fixed cost (1.2 s CPU more at 2 M rows).
    """
    if local.binary or local.size <= ROW_SAMPLE_BYTES:
        return local.size
    with local.path.open("rb") as fh:
        head = fh.read(ROW_SAMPLE_BYTES)
    lines = head.count(b"\n")
    if not lines or head.lstrip()[:1] in (b"[", b"{"):  # JSON: its lines are not its rows
        return local.size
    return min(local.size, local.size * lines // len(head) * TYPICAL_ROW_BYTES)


def _store_bytes(store: Path) -> int:
    """The size of a store's files: its rows weigh about as much as a CSV export's."""
    return sum(p.stat().st_size for p in store.glob("day=*/*.parquet")) * 8


def frame_jobs(frame: pl.DataFrame, ws: Workspace, limits: Limits = DEFAULT_LIMITS) -> JobsRead:
    """Job rows already in memory (JOB_SCHEMA columns; absent ones are null) as a JobsRead.

    The rows are taken as parsed: ``status`` must be one of ``schema.STATUSES``, and a row
    without a VM, a start time or such a status is rejected. ``source`` defaults to
    ``<frame>``, ``source_row`` to the row's position (from 1).
    """
    names = frame.columns
    given = {
        name: (pl.col(name) if name in names else pl.lit(None)).cast(dtype)
        for name, dtype in INGESTED_SCHEMA.items()
    }
    given["source"] = given["source"].fill_null(FRAME_SOURCE)
    given["source_row"] = pl.coalesce(given["source_row"], pl.col("_n").cast(pl.Int64))
    given["shape"] = given["shape"].fill_null(FRAME_SHAPE)
    given["reject_reason"] = (
        pl.when(given["vm"].is_null())
        .then(pl.lit("no VM name"))
        .when(given["start_time"].is_null())
        .then(pl.lit("no start time"))
        .when(~given["status"].is_in(STATUSES).fill_null(False))
        .then(pl.lit(f"status is not one of {', '.join(STATUSES)}"))
    )
    rows = (
        frame.lazy()
        .with_row_index("_n", offset=1)
        .select(expr.alias(name) for name, expr in given.items())
    )
    read = JobsRead(choose_store(int(frame.estimated_size()), ws.root, limits))
    read.sources.append((FRAME_SOURCE, FRAME_SHAPE, read.store.add([rows])))
    return read


def _store_all(
    located: list[tuple[InputFile, LocalFile]], read: JobsRead, progress: Progress, limits: Limits
) -> None:
    """Read each located input into the store; an unreadable one is recorded, not raised.

    Small tables of one kind are gathered and parsed together (``gather``).
    """
    gather = Gatherer(read.store, limits)
    on_rows: RowCount = lambda _: None  # noqa: E731
    for n, (item, local, tables) in enumerate(_read_ahead(located), 1):
        label = Step(f"reading {item.name} ({n}/{len(located)})", n - 1, len(located), "reading")
        progress(label)
        on_rows = _counting(progress, label)
        try:
            if isinstance(tables, InputError):
                raise tables
            for table in read_source(local) if tables is None else tables:
                read.took(gather.take(table, on_rows))
            read.warnings += local.warnings
        except UnknownShapeError as exc:
            if not item.walked:
                read.errors.append(exc)
            elif looks_like_agent_log(local):
                read.found_logs.append(local)
            else:
                read.skipped.append(item.name)
        except InputError as exc:
            read.errors.append(exc)
    read.took(gather.flush(on_rows))


def _read_ahead(
    located: list[tuple[InputFile, LocalFile]],
) -> Iterator[tuple[InputFile, LocalFile, list[SourceRead] | InputError | None]]:
    """Each input with its tables (or the error reading it) when read ahead, else None.

    Small text files are read ahead in batches: the plain CSV files of one header by one
    polars parse (``csv_runs``), the others by ``read_source``; the time layouts of all
    their tables are ranked in one query (``rank_together``). A large or binary file is
    None: ``read_source`` reads it in its turn.
    """
    reader = PlainCsvReader()
    batch: list[tuple[InputFile, LocalFile]] = []
    size = 0

    def read_batch() -> Iterator[tuple[InputFile, LocalFile, list[SourceRead] | InputError]]:
        nonlocal size
        plain = reader.read([local for _, local in batch])
        results = [_tables(local, found) for (_, local), found in zip(batch, plain, strict=True)]
        rank_together([table for tables in results if isinstance(tables, list) for table in tables])
        yield from (
            (item, local, tables) for (item, local), tables in zip(batch, results, strict=True)
        )
        batch.clear()
        size = 0

    for item, local in located:
        if not _read_ahead_kind(local):
            yield from read_batch()
            yield item, local, None
            continue
        batch.append((item, local))
        size += local.size
        if size >= READ_AHEAD_BYTES:
            yield from read_batch()
    yield from read_batch()


def _read_ahead_kind(local: LocalFile) -> bool:
    """A small text file: read ahead with others (its rows are staged whole anyway)."""
    small = max(local.limits.csv_eager_bytes, local.limits.json_small_bytes)
    return not local.binary and local.size <= small


def _tables(local: LocalFile, plain: SourceRead | None) -> list[SourceRead] | InputError:
    if plain is not None:
        return [plain]
    try:
        return read_source(local)
    except InputError as exc:  # raised again in the file's turn
        return exc


def _counting(progress: Progress, label: Step) -> RowCount:
    """Progress that shows the rows of the file being read so far."""
    return lambda rows: progress(
        Step(f"{label}: {rows:,} rows", label.done, label.total, label.phase)
    )


def looks_like_agent_log(local: LocalFile) -> bool:
    """Whether a file that is no job history reads as a guest-agent or extension log."""
    if local.binary:
        return False
    with local.path.open("rb") as fh:
        head = fh.read(LOG_SNIFF_BYTES).decode("utf-8", "replace").splitlines()
    return detect_kind([line for line in head if line.strip()], local.name) is not None
