"""The inputs the fuzzer starts from: every sample job history and every agent-log kind.

A seed is a file of the repository read once into memory, with its kind (``csv``, ``json``,
``xlsx`` or ``log``) and the name a mutant of it is written under. Agent logs keep their
``<vm>/...`` path so bjla still names the VM from it; a ``.gz`` seed is decompressed (a
truncated one as far as it goes) and mutated as the text it holds.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

ROOT = Path(__file__).resolve().parents[2]
JOB_DIRS = (ROOT / "sample_logs" / "jobs", ROOT / "tests" / "fixtures" / "jobs")
LOG_DIRS = (ROOT / "sample_logs" / "agent-logs", ROOT / "tests" / "fixtures" / "logs")
# The agent logs of one sample VM, used as the --logs of analyze runs over job mutants.
JOBS_FOR_LOG_RUNS = ROOT / "sample_logs" / "jobs" / "la_addon_jobs.csv"

Kind = Literal["csv", "json", "xlsx", "log"]
JOB_KINDS: dict[str, Kind] = {".csv": "csv", ".json": "json", ".ndjson": "json", ".xlsx": "xlsx"}


@dataclass(frozen=True)
class Seed:
    """One starting input."""

    label: str  # repository-relative path, for reports
    kind: Kind
    name: str  # relative path a mutant is written under (keeps a log's VM folder)
    data: bytes

    @property
    def is_log(self) -> bool:
        return self.kind == "log"


def _gunzip_tolerant(data: bytes) -> bytes:
    """The bytes a (possibly truncated) gzip member holds."""
    inflate = zlib.decompressobj(zlib.MAX_WBITS | 16)
    try:
        return inflate.decompress(data)
    except zlib.error:
        return b""


def _job_seeds() -> list[Seed]:
    seeds = []
    for folder in JOB_DIRS:
        for path in sorted(folder.iterdir()):
            kind = JOB_KINDS.get(path.suffix.lower())
            if kind is None or not path.is_file():
                continue
            data = path.read_bytes()
            if not data:
                continue  # an empty file has nothing to mutate; byte inserts are tried on others
            seeds.append(Seed(str(path.relative_to(ROOT)), kind, path.name, data))
    return seeds


def _log_seeds() -> list[Seed]:
    seeds = []
    sample, fixtures = LOG_DIRS
    for path in sorted(sample.rglob("*")):
        if path.is_file():
            name = str(path.relative_to(sample))
            seeds.append(Seed(str(path.relative_to(ROOT)), "log", name, path.read_bytes()))
    for path in sorted(fixtures.iterdir()):
        if path.name.endswith(".expected.csv") or not path.is_file():
            continue
        data = path.read_bytes()
        name = path.name
        if name.endswith(".gz"):
            data, name = _gunzip_tolerant(data), name[: -len(".gz")]
        if data:
            seeds.append(Seed(str(path.relative_to(ROOT)), "log", f"lnx-fixture/{name}", data))
    return seeds


@lru_cache(maxsize=1)
def all_seeds() -> tuple[Seed, ...]:
    """Every seed, in a fixed order (mutant numbers depend on it)."""
    return tuple(_job_seeds() + _log_seeds())
