"""``read_evidence``: agent-log files in, evidence events and a per-file summary out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import polars as pl

from analyzer.catalogue.model import Catalogue
from analyzer.errors import InputError, UsageError
from analyzer.evidence.formats import GENERIC, LogFormat, detect_kind, format_for, noise_expr
from analyzer.evidence.lineends import split_lines
from analyzer.evidence.scan import scan_file
from analyzer.evidence.signals import check_patterns, file_events, prefilter, signals_for
from analyzer.evidence.stamps import any_time
from analyzer.evidence.vms import lookup_vm
from analyzer.inputs import LocalFile
from analyzer.schema import EVIDENCE_SCHEMA

SNIFF_BYTES = 1 << 16

FILES_SCHEMA: dict[str, pl.DataType] = {
    "source": pl.String(),
    "vm": pl.String(),
    "log_kind": pl.String(),  # generic when bjla cannot place the format; null: not read
    "tz_assumed": pl.String(),  # zone used for timestamps the log writes without one
    "lines": pl.Int64(),
    "events": pl.Int64(),
}


@dataclass
class EvidenceResult:
    """Evidence events of all files, how many lines were read, and one row per file."""

    events: pl.DataFrame  # EVIDENCE_SCHEMA (matched_vm False; the caller sets it)
    lines_read: int
    files: pl.DataFrame  # FILES_SCHEMA
    warnings: list[str] = field(default_factory=list)


def read_evidence(
    files: Sequence[LocalFile],
    cat: Catalogue,
    *,
    log_tz: str = "UTC",
    vm_map: Mapping[str, str] | None = None,
) -> EvidenceResult:
    """Parse agent logs into evidence events; local-time logs are read in ``log_tz``."""
    check_zone(log_tz)
    check_patterns(list(cat.signals.values()))
    events: list[pl.DataFrame] = []
    rows: list[dict[str, object]] = []
    warnings: list[str] = []
    for local in files:
        frame, row = _read_one(local, cat, log_tz, lookup_vm(local.name, vm_map), warnings)
        events.append(frame)
        rows.append(row)
    all_events = pl.concat(events) if events else pl.DataFrame(schema=EVIDENCE_SCHEMA)
    summary = pl.DataFrame(rows, schema=FILES_SCHEMA)
    lines_read = int(summary.get_column("lines").fill_null(0).sum())
    return EvidenceResult(all_events, lines_read, summary, warnings)


def check_zone(log_tz: str) -> None:
    """Raise UsageError unless ``log_tz`` is an IANA zone polars knows."""
    probe = pl.Series([datetime(2026, 1, 1)])
    try:
        probe.dt.replace_time_zone(log_tz)
    except (pl.exceptions.PolarsError, ValueError):
        raise UsageError(
            f"unknown time zone {log_tz!r} for local-time logs; use an IANA name such as"
            " UTC or Europe/Stockholm"
        ) from None


def _read_one(
    local: LocalFile, cat: Catalogue, log_tz: str, vm: str | None, warnings: list[str]
) -> tuple[pl.DataFrame, dict[str, object]]:
    row: dict[str, object] = {
        "source": local.name,
        "vm": vm,
        "log_kind": None,
        "tz_assumed": None,
        "lines": None,
        "events": 0,
    }
    empty = pl.DataFrame(schema=EVIDENCE_SCHEMA)
    if local.binary:
        what = "a ZIP/XLSX" if local.is_zip else "a Parquet"
        warnings.append(f"{local.name}: {what} file, not an agent log; skipped")
        return empty, row
    head = head_lines(local)
    if not head:
        row["lines"] = 0
        return empty, row
    kind = detect_kind(head, local.name)
    if kind is None and looks_binary(head):
        warnings.append(f"{local.name}: binary data, not a text log; skipped")
        return empty, row
    if kind is None:
        kind = GENERIC
        warnings.append(
            f"{local.name}: log format not recognised (no waagent, VMSnapshotLinux or Windows"
            " agent line at its start); read line by line with the generic rules"
            " (log_kind generic)"
        )
    fmt = format_for(kind)
    events, lines, lossy = _events_of(local, cat, fmt, log_tz, vm)
    if lossy:
        warnings.append(f"{local.name}: bytes that are not UTF-8 were replaced by U+FFFD")
    undated = events.get_column("time").null_count()
    if undated:
        warnings.append(
            f"{local.name}: {undated} evidence line(s) have no readable timestamp"
            " (before the first dated line?); they cannot support a cause"
        )
    row.update(
        log_kind=kind,
        lines=lines,
        events=events.height,
        tz_assumed=_zone_assumed(events, head, fmt, log_tz),
    )
    return events.drop("zone"), row


def head_lines(local: LocalFile) -> list[str]:
    try:
        with local.path.open("rb") as fh:
            data = fh.read(SNIFF_BYTES)
    except OSError as exc:
        raise InputError(local.name, f"cannot read: {exc.strerror or exc}") from None
    lines = split_lines(data.decode("utf-8", "replace"))
    if len(data) == SNIFF_BYTES:
        lines = lines[:-1]  # the last one is probably cut
    return [line for line in lines if line.strip()]


def looks_binary(head: Sequence[str]) -> bool:
    """Whether a file's first lines are binary data rather than text (many control bytes)."""
    text = "".join(head)
    odd = sum(1 for ch in text if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\f\v\x1b"))
    return odd > len(text) // 10


def _events_of(
    local: LocalFile, cat: Catalogue, fmt: LogFormat, log_tz: str, vm: str | None
) -> tuple[pl.DataFrame, int, bool]:
    # A file bjla cannot place may hold any agent's lines: every signal may match.
    signals = list(cat.signals.values()) if fmt.kind == GENERIC else signals_for(cat, fmt.kind)
    try:
        scan = scan_file(local.path, fmt.start, prefilter(signals), local.limits.log_chunk_bytes)
    except OSError as exc:
        raise InputError(local.name, f"cannot read: {exc.strerror or exc}") from None
    hits = scan.hits
    if fmt.noise:
        hits = hits.filter(~noise_expr(pl.col("line")))
    time, level, zone = fmt.parse(pl.coalesce("rec", "line"), log_tz)
    hits = _with_own_stamps(hits.with_columns(time=time, level=level, zone=zone), log_tz)
    matched = file_events(hits, cat, signals, fmt.kind)
    events = matched.sort("n", maintain_order=True).select(
        source=pl.lit(local.name, pl.String),
        line_no=pl.col("n") + 1,
        vm=pl.lit(vm, pl.String),
        time=pl.col("time"),
        log_kind=pl.lit(fmt.kind, pl.String),
        level=pl.col("level"),
        signal=pl.col("signal"),
        kind=pl.col("kind"),
        benign=pl.col("benign"),
        detail=pl.col("detail"),
        line=pl.col("line"),
        matched_vm=pl.lit(False),
        zone=pl.col("zone"),
    )
    out_schema: dict[str, pl.DataType] = {**EVIDENCE_SCHEMA, "zone": pl.String()}
    return events.cast(pl.Schema(out_schema)), scan.lines, scan.lossy


def _with_own_stamps(hits: pl.DataFrame, log_tz: str) -> pl.DataFrame:
    """A line outside any record (the top of an excerpt) keeps a time and level of its own."""
    # Only rows that lack them pay for the wider regexes (they cost more than the read).
    if hits.get_column("time").null_count():
        own_time, own_zone = any_time(pl.col("line"), log_tz)
        undated = pl.col("time").is_null()
        hits = hits.with_columns(
            time=pl.when(undated).then(own_time).otherwise(pl.col("time")),
            zone=pl.when(undated).then(own_zone).otherwise(pl.col("zone")),
        )
    if hits.get_column("level").null_count():
        own_level = pl.col("line").str.extract(r"^(VERBOSE|INFO|WARNING|ERROR)\b", 1)
        hits = hits.with_columns(level=pl.coalesce("level", own_level))
    return hits


def _zone_assumed(events: pl.DataFrame, head: list[str], fmt: LogFormat, log_tz: str) -> str | None:
    """The zone the file's zone-less timestamps were read in (events first, else its head)."""
    zones = events.get_column("zone").drop_nulls()
    if zones.len():
        return str(zones[0])
    starts = pl.DataFrame({"rec": head}, schema={"rec": pl.String()}).filter(
        pl.col("rec").str.contains(fmt.start)
    )
    head_zones = starts.select(fmt.parse(pl.col("rec"), log_tz)[2]).to_series().drop_nulls()
    return str(head_zones[0]) if head_zones.len() else None
