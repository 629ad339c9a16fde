"""Shared helpers for the end-to-end CLI tests (tests/test_cli_*.py); holds no tests itself.

Every run goes through typer's CliRunner from the repository root, so paths in the output
read ``sample_logs/...`` as a user at the root would see them. Runs over ``sample_logs/``
take a second or two, so ``cached`` keeps each distinct command's result for the session.
Golden files live in tests/golden/cli/; ``BJLA_UPDATE_GOLDEN=1`` rewrites them.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from typer.testing import CliRunner, Result

from analyzer.cli import app

ROOT = Path(__file__).resolve().parents[1]
JOBS = ROOT / "tests" / "fixtures" / "jobs"
CLI_FIXTURES = ROOT / "tests" / "fixtures" / "cli"
GOLDEN = ROOT / "tests" / "golden" / "cli"
SAMPLE = "sample_logs/"
NOW = "2026-11-25T08:00:00Z"

SUMMARY = re.compile(
    r"^bjla: .*?(?P<read>[\d,]+) rows read = (?P<jobs>[\d,]+) jobs"
    r" \+ (?P<dups>[\d,]+) duplicates merged \+ (?P<rejects>[\d,]+) rejected"
    r"(?: \+ (?P<outside>[\d,]+) outside the chosen period)?;",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Accounting:
    """The row accounting of one run, as its summary line on stderr states it."""

    read: int
    jobs: int
    duplicates: int
    rejects: int
    outside: int

    def balanced(self) -> bool:
        return self.read == self.jobs + self.duplicates + self.rejects + self.outside


def invoke(args: list[str], stdin: bytes | str | None = None, cwd: Path = ROOT) -> Result:
    """Run ``bjla ARGS`` in-process from ``cwd``; a traceback anywhere fails the test."""
    with contextlib.chdir(cwd):
        result = CliRunner().invoke(app, args, input=stdin)
    assert_no_traceback(result)
    return result


def assert_no_traceback(result: Result) -> None:
    """Neither a printed traceback nor an exception other than a clean exit."""
    assert "Traceback" not in result.output, result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"bjla raised {result.exception!r}") from result.exception


@lru_cache(maxsize=64)
def cached(*args: str) -> Result:
    """``invoke`` once per distinct command line for the whole session (read-only inputs)."""
    return invoke(list(args))


def accounting(stderr: str) -> Accounting:
    """Parse the summary line; fails the test when there is none."""
    match = SUMMARY.search(stderr)
    assert match is not None, f"no summary line on stderr:\n{stderr}"
    number = {k: int((v or "0").replace(",", "")) for k, v in match.groupdict().items()}
    return Accounting(
        number["read"], number["jobs"], number["dups"], number["rejects"], number["outside"]
    )


def stderr_lines(result: Result) -> list[str]:
    return result.stderr.splitlines()


def check_golden(name: str, actual: str) -> None:
    """Compare ``actual`` with tests/golden/cli/NAME byte for byte (or rewrite it)."""
    path = GOLDEN / name
    if os.environ.get("BJLA_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
        return
    assert path.exists(), f"missing golden file {path}; run the tests with BJLA_UPDATE_GOLDEN=1"
    expected = path.read_bytes().decode("utf-8")
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), actual.splitlines(), f"golden/{name}", "actual", lineterm=""
        )
        shown = "\n".join(list(diff)[:60])
        raise AssertionError(
            f"output differs from golden/{name} (BJLA_UPDATE_GOLDEN=1 rewrites it after an"
            f" intended change):\n{shown}"
        )
