"""Shared helpers for the end-to-end CLI tests (tests/cli/); holds no tests itself.

Every run goes through one click command built from the app once for the session (typer's
``CliRunner().invoke(app)`` builds it again on every call, ~25-45 ms each), run in
CliRunner's isolation from the repository root, so paths in the output read
``sample_logs/...`` as a user at the root would see them. Runs over ``sample_logs/`` take a
second or two, so ``cached`` keeps each distinct command's result for the session.
Golden files live in tests/golden/cli/ (the ``golden`` fixture).
"""

from __future__ import annotations

import contextlib
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from typer.main import get_command
from typer.testing import CliRunner, Result

from analyzer.cli import app
from analyzer.limits import Limits
from tests.paths import ROOT as ROOT  # re-exported: the CLI tests import it from here

JOBS = ROOT / "tests" / "fixtures" / "jobs"
CLI_FIXTURES = ROOT / "tests" / "fixtures" / "cli"
GOLDEN = ROOT / "tests" / "golden" / "cli"
COMMAND = get_command(app)
RUNNER = CliRunner()
SAMPLE = "sample_logs/"
NOW = "2026-11-25T08:00:00Z"

SUMMARY = re.compile(
    r"^bjla: .*?(?P<read>[\d,]+) rows read = (?P<jobs>[\d,]+) jobs"
    r" \+ (?P<dups>[\d,]+) duplicates merged \+ (?P<rejects>[\d,]+) rejected"
    r"(?: \+ (?P<outside>[\d,]+) outside the chosen period)?"
    r"(?: \+ (?P<other>[\d,]+) records of other categories skipped)?;",
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
    other: int = 0  # diagnostic-archive records of other categories, skipped

    def balanced(self) -> bool:
        accounted = self.jobs + self.duplicates + self.rejects + self.outside + self.other
        return self.read == accounted


def invoke(
    args: list[str],
    stdin: bytes | str | None = None,
    cwd: Path = ROOT,
    limits: Limits | None = None,
) -> Result:
    """Run ``bjla ARGS`` in-process from ``cwd``; a traceback anywhere fails the test.

    ``limits`` replaces the defaults the CLI starts from (its options still apply).
    """
    with contextlib.chdir(cwd):
        result = _run(args, stdin, limits)
    assert_no_traceback(result)
    return result


def _run(args: list[str], stdin: bytes | str | None, limits: Limits | None) -> Result:
    """What ``CliRunner().invoke(app, args)`` does, with the command built once."""
    exit_code = 0
    exception: BaseException | None = None
    exc_info: Any = None
    with RUNNER.isolation(input=stdin) as (out, err, mixed):
        try:
            COMMAND.main(args=args, prog_name=COMMAND.name or "root", obj=limits)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            if exc.code is not None and not isinstance(exc.code, int):
                sys.stdout.write(f"{exc.code}\n")
            exit_code = code
            exception = exc if code else None
            exc_info = sys.exc_info()
        except Exception as exc:
            exit_code, exception, exc_info = 1, exc, sys.exc_info()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
        stdout, stderr, output = out.getvalue(), err.getvalue(), mixed.getvalue()
    return Result(RUNNER, stdout, stderr, output, None, exit_code, exception, exc_info)


def assert_no_traceback(result: Result) -> None:
    """Neither a printed traceback nor an exception other than a clean exit."""
    # stderr only: the data on stdout may quote one (the report's templates of agent-log
    # lines show a logged Python "Traceback" line).
    assert "Traceback" not in result.stderr, result.stderr
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
        number["read"],
        number["jobs"],
        number["dups"],
        number["rejects"],
        number["outside"],
        number["other"],
    )


def stderr_lines(result: Result) -> list[str]:
    return result.stderr.splitlines()
