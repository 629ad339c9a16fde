"""The history store: every job record bjla has been given, kept across runs in one folder.

A store is a folder with a manifest (``bjla-history.json``) and one Parquet file per day
of job start time (``day=2026-11-23/part-<id>.parquet``; jobs without a start time go to
``day=unknown``). The manifest names the file that holds each day; a file is never
changed once written. Adding an export:

- merges it with the days it touches, one record per job id and VM, by the same rule
  as one run's duplicates (the latest Log Analytics record wins, then a finished
  status, an error code, the later end time, the later input);
- writes only days whose records changed, each to a new file, then replaces the
  manifest in one rename. A run killed at any point leaves the manifest, and so the
  store, as it was; files no manifest names are removed by the next add;
- is idempotent: adding the same export again writes nothing.

A lock file keeps two adds from running on one store at once.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import polars as pl

from analyzer.errors import BjlaError
from analyzer.jobs import JOB_COLUMNS, dedupe
from analyzer.output import write_output, write_output_bytes
from analyzer.schema import INGESTED_SCHEMA, JOB_HASHES

MANIFEST = "bjla-history.json"
LOCK = ".bjla-history.lock"
FORMAT = "bjla-history"
VERSION = 1
UNKNOWN_DAY = "unknown"
RECORD_SCHEMA = {name: INGESTED_SCHEMA[name] for name in JOB_COLUMNS}
_ORDER = ["start_time", "vm", "job_id", "recorded_at", "end_time", "source", "source_row"]


class HistoryError(BjlaError):
    """A history folder that cannot be read or written as a store."""

    exit_code = 3


@dataclass(frozen=True)
class Manifest:
    """What a store holds: the file of each day and its record count."""

    files: Mapping[str, str]  # day ("2026-11-23" or "unknown") -> path relative to the store
    records: Mapping[str, int]

    def total(self) -> int:
        return sum(self.records.values())


@dataclass(frozen=True)
class AddResult:
    """What one add did to a store."""

    records_in: int  # job records given
    days_changed: int  # days whose file was replaced or created
    records_before: int
    records_after: int

    @property
    def new_records(self) -> int:
        return self.records_after - self.records_before


def is_store(path: Path) -> bool:
    """Whether ``path`` is a history folder (it holds a manifest)."""
    return (path / MANIFEST).is_file()


def read_manifest(store: Path) -> Manifest:
    """The store's manifest; an empty one for a folder that is not a store yet."""
    path = store / MANIFEST
    if not path.exists():
        return Manifest({}, {})
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise HistoryError(f"{path}: not a readable history manifest ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise HistoryError(f"{path}: not a bjla history manifest")
    if data.get("version") != VERSION:
        raise HistoryError(
            f"{path}: history version {data.get('version')!r}; this bjla reads version {VERSION}"
        )
    days = data.get("days", {})
    return Manifest(
        {day: entry["file"] for day, entry in days.items()},
        {day: int(entry["records"]) for day, entry in days.items()},
    )


def scan(store: Path, since: datetime | None = None, until: datetime | None = None) -> pl.LazyFrame:
    """The store's job records, lazily; days wholly outside [since, until) are not read.

    Records of the first and last day may still fall outside: the caller filters exact times.
    """
    manifest = read_manifest(store)
    first = since.date() if since else None
    last = (until - timedelta(microseconds=1)).date() if until else None
    files = [
        str(store / name)
        for day, name in sorted(manifest.files.items())
        if _day_in(day, first, last)
    ]
    if not files:
        return pl.LazyFrame(schema=RECORD_SCHEMA)
    return pl.scan_parquet(files).cast(RECORD_SCHEMA)  # type: ignore[arg-type]


def add(store: Path, records: pl.DataFrame) -> AddResult:
    """Merge job records (``JOB_COLUMNS``) into the store at ``store``, creating it if new."""
    store.mkdir(parents=True, exist_ok=True)
    with _locked(store):
        before = read_manifest(store)
        incoming = _normalized(records)
        files, counts = dict(before.files), dict(before.records)
        changed = 0
        for day, rows in _by_day(incoming):
            merged = _merge(store, before.files.get(day), rows)
            if merged is None:
                continue
            files[day] = _write_day(store, day, merged)
            counts[day] = merged.height
            changed += 1
        if changed:
            _write_manifest(store, Manifest(files, counts))
        _remove_unlisted(store, set(files.values()))
    return AddResult(records.height, changed, before.total(), sum(counts.values()))


def prune(store: Path, before_day: date) -> int:
    """Drop every day before ``before_day`` from the store; returns the records removed."""
    with _locked(store):
        manifest = read_manifest(store)
        keep = {
            d: f for d, f in manifest.files.items() if d == UNKNOWN_DAY or _day(d) >= before_day
        }
        counts = {d: manifest.records[d] for d in keep}
        removed = manifest.total() - sum(counts.values())
        if removed:
            _write_manifest(store, Manifest(keep, counts))
            _remove_unlisted(store, set(keep.values()))
    return removed


def _normalized(records: pl.DataFrame) -> pl.DataFrame:
    missing = [name for name in JOB_COLUMNS if name not in records.columns]
    frame = records.with_columns(pl.lit(None).alias(name) for name in missing)
    return frame.select(JOB_COLUMNS).cast(RECORD_SCHEMA)  # type: ignore[arg-type]


def _by_day(records: pl.DataFrame) -> Iterator[tuple[str, pl.DataFrame]]:
    day = pl.col("start_time").dt.date().cast(pl.String).fill_null(UNKNOWN_DAY)
    keyed = records.with_columns(day.alias("_day"))
    for (name,), rows in keyed.partition_by("_day", as_dict=True, include_key=False).items():
        yield str(name), rows


def _merge(store: Path, existing: str | None, rows: pl.DataFrame) -> pl.DataFrame | None:
    """The day's records with ``rows`` merged in, or None when nothing changes."""
    old = _read_day(store, existing) if existing else pl.DataFrame(schema=RECORD_SCHEMA)
    both = pl.concat([old, rows], how="vertical")
    # Records without a job id cannot be matched: the same record twice is one record.
    no_id = both.filter(pl.col("job_id").is_null()).unique(maintain_order=True)
    merged = pl.concat([_latest_per_job(both.filter(pl.col("job_id").is_not_null())), no_id])
    merged = merged.sort(_ORDER, nulls_last=True)
    if existing and merged.equals(old):
        return None
    return merged


def _latest_per_job(records: pl.DataFrame) -> pl.DataFrame:
    """One record per job id and VM, by the rule a run merges duplicates with (``dedupe``)."""
    job_id = pl.col("job_id")
    keyed = records.with_columns(
        *(job_id.hash(seed=seed).alias(name) for seed, name in enumerate(JOB_HASHES, 1)),
        pl.col("error_code").is_not_null().alias("_has_code"),
    )
    return dedupe(keyed).select(JOB_COLUMNS)


def _read_day(store: Path, name: str) -> pl.DataFrame:
    try:
        return pl.read_parquet(store / name).cast(RECORD_SCHEMA)  # type: ignore[arg-type]
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise HistoryError(
            f"{store / name}: a history file cannot be read ({type(exc).__name__});"
            " restore the folder from a backup or start a new store"
        ) from None


def _write_day(store: Path, day: str, frame: pl.DataFrame) -> str:
    name = f"day={day}/part-{secrets.token_hex(8)}.parquet"
    (store / name).parent.mkdir(exist_ok=True)
    write_output(store / name, lambda sink: frame.write_parquet(sink, statistics=True))
    return name


def _write_manifest(store: Path, manifest: Manifest) -> None:
    days = {
        day: {"file": manifest.files[day], "records": manifest.records[day]}
        for day in sorted(manifest.files)
    }
    text = json.dumps({"format": FORMAT, "version": VERSION, "days": days}, indent=1)
    write_output_bytes(store / MANIFEST, (text + "\n").encode())


def _remove_unlisted(store: Path, listed: set[str]) -> None:
    """Remove day files and empty day folders that the manifest does not name."""
    for path in store.glob("day=*/*"):
        if path.relative_to(store).as_posix() not in listed:
            with contextlib.suppress(OSError):
                path.unlink()
    for folder in store.glob("day=*"):
        with contextlib.suppress(OSError):
            folder.rmdir()  # only when empty


@contextlib.contextmanager
def _locked(store: Path) -> Iterator[None]:
    fd = os.open(store / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise HistoryError(
                f"{store}: another bjla is adding to this history; wait for it to finish"
            ) from None
        yield
    finally:
        os.close(fd)


def _day(name: str) -> date:
    return date.fromisoformat(name)


def _day_in(name: str, first: date | None, last: date | None) -> bool:
    if name == UNKNOWN_DAY:
        return first is None and last is None
    day = _day(name)
    return (first is None or day >= first) and (last is None or day <= last)
