"""Writing an output file safely: whole or not at all, never through a planted name.

A regular file is written to a temporary file in its own folder and renamed over the
target when complete, so a failed or stopped run leaves the previous file as it was.
The temporary file has an unpredictable name and is created with ``O_EXCL`` (which
never follows a symlink), so nobody can plant a link there to have another file
overwritten. The target's mode is kept. A symlink given as the target is written
through (its target is replaced, the link stays); a device, FIFO or socket
(``-o /dev/stdout``, ``-o >(gzip > x.gz)``) is written to directly, since renaming
a file over it would replace the node itself.

``write_output`` is the one way bjla writes a file (tables, rejects and reports).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

import polars as pl

from analyzer import stopping
from analyzer.errors import BjlaError, UsageError

Fill = Callable[[BinaryIO], object]


class OutputError(BjlaError):
    """An output file could not be written (the previous one, if any, is kept)."""

    exit_code = 1

    def __init__(self, target: Path, exc: BaseException) -> None:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        super().__init__(f"cannot write {target}: {reason}")


def write_output(target: Path, fill: Fill) -> None:
    """Write what ``fill`` writes into a binary sink to ``target``, safely (see above).

    Raises OutputError (one line) when the file cannot be written, e.g. on a full disk.
    """
    try:
        if _is_stream(target):
            with target.open("wb") as sink:
                fill(sink)
        else:
            _replace(_final_path(target), fill)
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise OutputError(target, exc) from None
    stopping.note_written(str(target))


def write_output_bytes(target: Path, data: bytes) -> None:
    """``write_output`` for bytes already rendered (the reports)."""
    write_output(target, lambda sink: sink.write(data))


def _is_stream(target: Path) -> bool:
    """A device, FIFO or socket (after following links): written in place, never renamed."""
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _final_path(target: Path) -> Path:
    """The file to replace: ``target``, or the file a symlink ``target`` points to."""
    return Path(os.path.realpath(target)) if target.is_symlink() else target


def _replace(final: Path, fill: Fill) -> None:
    mode = _mode_for(final)
    fd, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".bjla-tmp", dir=final.parent)
    stopping.register(name)
    try:
        with os.fdopen(fd, "wb") as sink:
            fill(sink)
            sink.flush()
            os.chmod(name, mode)
            os.fsync(sink.fileno())  # a full disk shows here at the latest, not after rename
        os.replace(name, final)
    except BaseException:
        _unlink(name)
        raise
    finally:
        stopping.unregister(name)


def _mode_for(final: Path) -> int:
    """The existing file's permission bits, else what a new file gets under the umask."""
    try:
        return stat.S_IMODE(final.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _unlink(name: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(name)


def refuse_inputs_as_outputs(
    outputs: Iterable[tuple[str, Path | None]], inputs: Iterable[Path]
) -> None:
    """A usage error when an output names one of the inputs (or another output).

    Writing the result over an input would destroy it, and two outputs on one file would
    leave only the second. ``outputs`` are (option, path) pairs; unset ones are skipped.
    """
    given = [(option, path) for option, path in outputs if path is not None]
    for n, (option, output) in enumerate(given):
        for other_option, other in given[n + 1 :]:
            if _same(output, other):
                raise UsageError(f"{option} and {other_option} name the same file {output}")
    existing = [(option, path) for option, path in given if path.exists()]
    if not existing:
        return
    for path in inputs:
        for option, output in existing:
            if _same(output, path):
                raise UsageError(f"{option} {output} is one of the inputs; write it elsewhere")


def _same(a: Path, b: Path) -> bool:
    """One regular file (devices such as /dev/stdout may be named by several options)."""
    try:
        if _is_stream(a) or _is_stream(b):
            return False
        if os.path.realpath(a) == os.path.realpath(b):
            return True
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


__all__ = ["OutputError", "refuse_inputs_as_outputs", "write_output", "write_output_bytes"]
