"""Small job histories made in code for the hostile-input regression tests."""

from __future__ import annotations

from pathlib import Path

from analyzer.ingest import SourceRead, read_source
from analyzer.inputs import InputFile, LocalFile, Workspace, materialize
from analyzer.limits import DEFAULT_LIMITS, Limits

LA_HEADER = (
    "TimeGenerated,BackupItemFriendlyName,JobOperation,JobStatus,JobFailureCode,"
    "JobStartDateTime,JobDurationInSecs,JobUniqueId"
)


def la_row(n: int, vm: str | None = None, status: str = "Completed", job_id: str = "") -> str:
    """One Log Analytics row; ``n`` makes the VM, the day and the job id."""
    day = 2 + n % 20
    code = "UserErrorGuestAgentStatusUnavailable" if status == "Failed" else "Success"
    return (
        f"2026-11-{day:02d}T23:10:00.000Z,{vm or f'vm-{n:05d}'},Backup,{status},{code},"
        f"2026-11-{day:02d}T22:40:00.000Z,95,{job_id or f'job-{n:08d}'}"
    )


def la_text(rows: list[str], newline: str = "\n") -> str:
    return newline.join([LA_HEADER, *rows, ""])


def local_for(path: Path, tmp: Path, limits: Limits = DEFAULT_LIMITS) -> LocalFile:
    """``path`` as the readers get it (decompressed, re-encoded, line ends fixed)."""
    scratch = tmp / "scratch"
    scratch.mkdir(exist_ok=True)
    return materialize(InputFile(path.name, path), Workspace(scratch), limits=limits)


def read_one(local: LocalFile) -> SourceRead:
    (read,) = read_source(local)
    return read
