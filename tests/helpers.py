"""Builders shared by tests: ingested rows, a tiny catalogue and small limits, made in code."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import polars as pl

from analyzer.catalogue.model import Catalogue, Cause, Code
from analyzer.limits import Limits
from analyzer.schema import INGESTED_SCHEMA

# Block sizes so small that the sample inputs take the paths a large export takes: every
# CSV through polars (in 40 kB blocks when ``csv_whole_file_scan`` is off: the largest
# sample CSV is 9 blocks), every input staged on disk in VM buckets of 500 kB of input
# (4 buckets for the sample, so two share one of the 3 bucket files), written in 4
# flushes, in batches of 400 rows. Smaller blocks and buckets prove nothing more and
# cost seconds per test (3 kB blocks: 30 s).
SMALL_LIMITS = Limits(
    csv_eager_bytes=0,
    csv_block_bytes=40_000,
    store_large_input_bytes=0,
    store_bucket_bytes=500_000,
    store_flush_bytes=10_000,
    store_bucket_files=3,
    store_batch_rows=400,
)


def at(day: int, hour: int = 22, minute: int = 0) -> datetime:
    """A UTC time in November 2026."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def rows(records: list[dict[str, Any]]) -> pl.DataFrame:
    """Ingested rows: every INGESTED_SCHEMA column, unspecified ones null."""
    filled = []
    for n, record in enumerate(records, 1):
        row: dict[str, Any] = dict.fromkeys(INGESTED_SCHEMA)
        row.update({"source": "test.csv", "source_row": n, "shape": "test", "operation": "Backup"})
        row.update(record)
        filled.append(row)
    return pl.DataFrame(filled, schema=INGESTED_SCHEMA)


def job(vm: str, day: int, status: str, code: str | None = None, **extra: Any) -> dict[str, Any]:
    """One job record for ``rows``."""
    record: dict[str, Any] = {
        "vm": vm,
        "start_time": at(day),
        "status": status,
        "job_id": f"{vm}-{day}-{extra.pop('n', 0)}",
        "error_code": code,
    }
    record.update(extra)
    return record


def tiny_catalogue() -> Catalogue:
    """Two codes, three causes: enough to test classification and aggregation."""
    causes = {
        "c-agent": Cause(
            "c-agent",
            {"en": "Agent down", "sv": "Agenten nere"},
            {"en": ("Restart it.",), "sv": ("Starta om den.",)},
            "https://d/agent",
        ),
        "c-config": Cause(
            "c-config",
            {"en": "Config off", "sv": "Fel konfig"},
            {"en": ("Fix the config.", "Retry."), "sv": ("Rätta.", "Försök igen.")},
            "https://d/config",
            os="linux",
        ),
        "c-lock": Cause(
            "c-lock",
            {"en": "RG lock", "sv": "Lås"},
            {"en": ("Remove the lock.",), "sv": ("Ta bort låset.",)},
            "https://d/lock",
        ),
    }
    codes = {
        "AgentError": Code(
            "AgentError",
            {"en": "Agent broke", "sv": "Agenten gick sönder"},
            "user",
            ("c-agent", "c-config"),
            "https://d/code-agent",
            aliases=("AgentErr",),
            numeric=(4242,),
            patterns={"en": ("(?i)agent broke",), "sv": ("(?i)agenten gick",)},
            samples=("Agent broke",),
        ),
        "LockError": Code(
            "LockError",
            {"en": "Locked out", "sv": "Utelåst"},
            "user",
            ("c-lock",),
            "https://d/code-lock",
            patterns={"en": ("(?i)locked out",)},
            samples=("Locked out",),
        ),
    }
    return Catalogue(causes=causes, codes=codes, signals={})
