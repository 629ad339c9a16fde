"""How bjla stops when told to (Ctrl-C, SIGTERM, SIGHUP): within a moment, leaving nothing.

Python runs signal handlers in the main thread, between bytecodes, and the main thread
can spend many seconds inside polars' native code reading one large file: a handler would
wait for that read to end (and a ``docker stop`` kills the process first, leaving its
scratch behind). So the stop signals are blocked in every thread and one watcher thread
waits for them with ``sigwait``. When one comes it removes every scratch folder and
temporary file registered here, says so on stderr and ends the process at once with
128 + the signal's number; the other threads are mid-work in native code and could not
unwind in time anyway.

The signals must be blocked before polars is imported, because polars starts threads on
import and a thread created before the mask would still receive them: the console
script enters through ``analyzer.entry``, which calls ``watch`` first.

Nothing here imports polars.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

# SIGHUP and sigwait are POSIX: elsewhere (Windows) Python's own Ctrl-C handling stays.
STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)

_lock = threading.Lock()
_paths: dict[str, None] = {}  # registered scratch paths, in order (an ordered set)
_written: list[str] = []  # outputs complete before a stop (named in its message)
_watcher: threading.Thread | None = None
_stopping = threading.Event()  # set once a stop has begun: new paths are removed at once


def watch() -> None:
    """Block the stop signals in this thread (and every thread started after) and start
    the watcher that acts on them. Call once, before polars is imported."""
    global _watcher
    if _watcher is not None or not hasattr(signal, "sigwait"):
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    _watcher = threading.Thread(target=_wait_for_stop, name="bjla-stop", daemon=True)
    _watcher.start()


def _wait_for_stop() -> None:
    stop(signal.sigwait(STOP_SIGNALS))


def stop(signum: int) -> NoReturn:
    """Remove every registered path, say what was left, and end with 128 + ``signum``."""
    _stopping.set()
    remove_registered()
    os.write(sys.stderr.fileno(), stop_message(signum).encode())
    os._exit(128 + signum)


_language = ["en"]  # the running command's --lang, for the one line a stop says


def speak(lang: str) -> None:
    """Word the stop line in ``lang`` from now on."""
    _language[0] = lang


def stop_message(signum: int) -> str:
    """``bjla: stopped; nothing written`` (on a terminal, over any progress line)."""
    name = signal.Signals(signum).name
    with _lock:
        written = ", ".join(_written)
    start = "\r\033[K" if sys.stderr.isatty() else ""
    if _language[0] == "sv":
        how = "" if signum == signal.SIGINT else f" av {name}"
        what = f"{written} hade skrivits" if written else "inget skrevs"
        return f"{start}bjla: stoppad{how}; {what}\n"
    how = "" if signum == signal.SIGINT else f" by {name}"
    what = f"{written} had been written" if written else "nothing written"
    return f"{start}bjla: stopped{how}; {what}\n"


def remove_registered() -> None:
    """Remove every registered scratch folder and temporary file.

    Twice over: a thread still working may have created a file in a folder while the
    first pass was removing it.
    """
    for _ in range(2):
        with _lock:
            paths = list(_paths)
        for path in paths:
            _remove(path)


def _remove(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
        return
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def register(path: str | Path) -> None:
    """Remove ``path`` (a file or a whole folder) if the run is stopped."""
    with _lock:
        _paths[str(path)] = None
    if _stopping.is_set():  # made by a thread still working while the stop removes things
        _remove(str(path))


def unregister(path: str | Path) -> None:
    """``path`` is gone or kept on purpose: a stop leaves it alone."""
    with _lock:
        _paths.pop(str(path), None)


def note_written(name: str) -> None:
    """An output is complete: a later stop must not say that nothing was written."""
    with _lock:
        _written.append(name)


@contextmanager
def scratch_folder(prefix: str = "bjla-") -> Iterator[Path]:
    """A new private folder in TMPDIR, removed when the block ends or the run is stopped."""
    folder = tempfile.mkdtemp(prefix=prefix)
    register(folder)
    try:
        yield Path(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        unregister(folder)


__all__ = [
    "STOP_SIGNALS",
    "note_written",
    "register",
    "remove_registered",
    "scratch_folder",
    "stop",
    "unregister",
    "watch",
]
