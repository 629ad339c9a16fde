"""Typed exceptions raised by the core; the CLI turns each into one clear line."""

from __future__ import annotations

from typing import Any


class BjlaError(Exception):
    """Base of every error meant for the user (never shown with a traceback)."""

    exit_code = 1

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled as its state, not through ``__init__``: the subclasses take other
        # arguments than ``args`` holds, and a Dask worker sends its errors to the client.
        return (_rebuilt, (type(self), self.args, self.__dict__))


def _rebuilt(cls: type[BjlaError], args: tuple[Any, ...], state: dict[str, Any]) -> BjlaError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class InputError(BjlaError):
    """An input could not be read at all (missing, unreadable, bad compression, ...)."""

    exit_code = 3

    def __init__(self, source: str, reason: str, hint: str = "") -> None:
        self.source = source
        self.reason = reason
        self.hint = hint
        text = f"{source}: {reason}"
        if hint:
            text += f" ({hint})"
        super().__init__(text)


class UnknownShapeError(InputError):
    """An input was read but matches none of the export shapes bjla knows."""

    def __init__(self, source: str, seen: list[str], known: list[str]) -> None:
        self.seen = seen
        self.known = known
        seen_txt = ", ".join(seen[:12]) + (", ..." if len(seen) > 12 else "")
        super().__init__(
            source,
            f"not a job history bjla knows; columns/keys seen: {seen_txt or '(none)'}",
            "known shapes: " + ", ".join(known),
        )


class AggregateTableError(UnknownShapeError):
    """An input is one of bjla's own tables that hold no job rows (by-vm, rejects, ...)."""

    def __init__(self, source: str, table: str, seen: list[str], known: list[str]) -> None:
        self.seen, self.known, self.table = seen, known, table
        InputError.__init__(
            self,
            source,
            f"a bjla {table} table, not job rows (of bjla's own tables only failures is an input)",
            "read the job histories it came from, or save `bjla failures -f parquet` and read that",
        )


class CatalogueError(BjlaError):
    """The pattern catalogue is invalid; names the file, the entry and the field."""

    exit_code = 2

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("invalid pattern catalogue:\n  " + "\n  ".join(problems))


class UsageError(BjlaError):
    """A bad option value found after argument parsing."""

    exit_code = 2


class ScratchError(BjlaError):
    """bjla's own scratch files could not be written or read (a full or read-only disk)."""

    exit_code = 1

    def __init__(self, folder: object, exc: OSError) -> None:
        reason = exc.strerror or str(exc)
        super().__init__(
            f"cannot write bjla's scratch files in {folder}: {reason}"
            " (free some space there, or set TMPDIR to a folder on a larger disk)"
        )
