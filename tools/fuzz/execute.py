"""Run bjla on one mutant, in this process (fast) or in a child process (native aborts,
real exit codes, hard timeouts), and report what happened as an ``Outcome``.
"""

from __future__ import annotations

import functools
import os
import resource
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from tools.fuzz.seeds import ROOT

MEMORY_LIMIT = 3 << 30  # address space of a child run: a bomb fails instead of eating the host
FILE_LIMIT = 1 << 30  # largest file a child run may write


@dataclass
class Outcome:
    """What one run of bjla did."""

    exit_code: int | None  # None: killed (a signal) or hung
    stdout: bytes
    stderr: str
    seconds: float  # wall time
    cpu: float = 0.0  # CPU seconds of the run (wall time on a shared machine says little)
    error: str | None = None  # the exception and where it came from, when bjla raised
    signal_name: str | None = None  # the signal that ended a child run
    timed_out: bool = False


class Hung(BaseException):
    """Raised in this process when an in-process run outlives its limit."""


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise Hung()


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def describe_exception(exc: BaseException) -> str:
    """``Type: message`` and the innermost frames in bjla's code (or anywhere if none)."""
    frames = traceback.extract_tb(exc.__traceback__)
    own = [f for f in frames if "/analyzer/" in f.filename] or frames
    where = " < ".join(f"{Path(f.filename).name}:{f.lineno}:{f.name}" for f in own[-1:-4:-1])
    message = " ".join(str(exc).split())[:300]
    return f"{type(exc).__name__}: {message} @ {where}"


def _cache_typer_command() -> None:
    """Build bjla's click command once per process instead of once per run.

    typer's ``CliRunner.invoke`` rebuilds the command from the app on every call (about
    45 ms, a sixth of a mutant run); the app does not change while a campaign runs.
    """
    import typer.testing

    names = vars(typer.testing)  # a private name: look it up rather than import it
    if not isinstance(names["_get_command"], functools._lru_cache_wrapper):
        names["_get_command"] = functools.cache(names["_get_command"])


def run_in_process(args: Sequence[str], hang_limit: float) -> Outcome:
    """``bjla ARGS`` through typer's CliRunner; any exception but a clean exit is kept."""
    from typer.testing import CliRunner

    _cache_typer_command()

    from analyzer.cli import app

    start, cpu_start = time.perf_counter(), time.process_time()

    def spent() -> tuple[float, float]:
        return time.perf_counter() - start, time.process_time() - cpu_start

    try:
        with _alarm(hang_limit):
            result = CliRunner().invoke(app, list(args), catch_exceptions=True)
    except Hung:
        return Outcome(None, b"", "", *spent(), timed_out=True)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # a Rust panic (pyo3's PanicException) is no Exception
        return Outcome(None, b"", "", *spent(), describe_exception(exc))
    error = None
    raised = result.exception
    if raised is not None and not isinstance(raised, SystemExit):
        error = describe_exception(raised)
    return Outcome(result.exit_code, result.stdout_bytes, result.stderr, *spent(), error)


def limit_resources(memory: int = MEMORY_LIMIT) -> None:
    """Cap this process's memory and file sizes: a bomb fails here, not on the host."""
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_LIMIT, FILE_LIMIT))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too-large write fails with EFBIG


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def traceback_summary(stderr: str) -> str | None:
    """``Type: message @ frame`` from a traceback printed by a child, None without one."""
    if "Traceback (most recent call last)" not in stderr:
        return None
    lines = stderr.rstrip().splitlines()
    frames = [ln.strip() for ln in lines if ln.strip().startswith('File "')]
    own = [f for f in frames if "/analyzer/" in f] or frames
    where = ""
    if own:
        parts = own[-1].split('"')
        rest = parts[2] if len(parts) > 2 else ""
        where = f" @ {Path(parts[1]).name}{rest.replace(', line ', ':').replace(', in ', ':')}"
    return f"{lines[-1][:300]}{where}"


def run_child(args: Sequence[str], tmpdir: Path, timeout: float) -> Outcome:
    """``python -m analyzer ARGS`` in a child with memory and file-size limits."""
    env = dict(os.environ, TMPDIR=str(tmpdir), PYTHONFAULTHANDLER="1")
    start, cpu_start = time.perf_counter(), _children_cpu()
    child = subprocess.Popen(
        [sys.executable, "-m", "analyzer", *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=limit_resources,
        start_new_session=True,
    )
    try:
        out, err = child.communicate(timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        out, err = child.communicate()
        timed_out = True
    seconds, cpu = time.perf_counter() - start, _children_cpu() - cpu_start
    stderr = err.decode("utf-8", errors="replace")
    code = child.returncode
    signal_name = signal.Signals(-code).name if code < 0 and not timed_out else None
    return Outcome(
        None if code < 0 else code,
        out,
        stderr,
        seconds,
        cpu,
        traceback_summary(stderr),
        signal_name,
        timed_out,
    )
