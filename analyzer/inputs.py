"""Turn what the user names (files, folders, globs, ``-``) into readable local files.

Every later stage reads plain, uncompressed UTF-8 (or binary XLSX) with ``\n`` line ends
from a real path: ``.gz`` is decompressed (up to a cap, see ``limits``), text is re-encoded
as UTF-8 with ``\n`` line ends (``decoding``) and stdin is spooled, each into a scratch
folder, in bounded chunks so memory stays flat however large the input. Problems that do
not stop the read (a truncated ``.gz``, lines in a legacy encoding) are kept as warnings
naming the file.
"""

from __future__ import annotations

import errno
import glob
import shutil
import sys
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from analyzer.decoding import CHUNK, lf_line_ends, to_utf8
from analyzer.errors import InputError, ScratchError
from analyzer.limits import DEFAULT_LIMITS, MIB, UNPACKED_OPTION, Limits

SNIFF = 1 << 16
# Errors of a disk that cannot take bjla's scratch copies (full, over quota, read-only).
_SCRATCH_FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EROFS)
GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"
PARQUET_MAGIC = b"PAR1"
STDIN_NAME = "<stdin>"


@dataclass(frozen=True)
class InputFile:
    """One input as the user named it; ``path`` is None for stdin.

    ``walked`` marks a file found by walking a folder or expanding a glob: such a file
    may turn out not to be an input of the expected kind and is then skipped, not an error.
    """

    name: str
    path: Path | None
    walked: bool = False


@dataclass
class LocalFile:
    """A materialized input: a real path to plain UTF-8 text or to an XLSX/ZIP or
    Parquet file (``binary``: read as it is, never as text)."""

    name: str
    path: Path
    is_zip: bool = False
    is_parquet: bool = False
    warnings: list[str] = field(default_factory=list)
    size: int = 0
    limits: Limits = DEFAULT_LIMITS  # the caps its readers apply

    @property
    def binary(self) -> bool:
        """Whether the file is a workbook or Parquet, not text."""
        return self.is_zip or self.is_parquet


def expand_inputs(specs: Sequence[str]) -> tuple[list[InputFile], list[InputError]]:
    """Expand files, folders (walked, sorted), globs and ``-`` into a list of inputs."""
    found: list[InputFile] = []
    errors: list[InputError] = []
    seen: set[str] = set()
    for spec in specs:
        for item in _expand_one(spec, errors):
            key = item.name if item.path is None else str(item.path.resolve())
            if key not in seen:
                seen.add(key)
                found.append(item)
    return found, errors


def _expand_one(spec: str, errors: list[InputError]) -> Iterator[InputFile]:
    if spec == "-":
        yield InputFile(STDIN_NAME, None)
        return
    path = Path(spec)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path))
        if not files:
            errors.append(InputError(spec, "folder holds no files"))
        for p in files:
            yield InputFile(str(p), p, walked=True)
        return
    if path.is_file():
        yield InputFile(spec, path)
        return
    if glob.has_magic(spec):
        matches = sorted(Path(m) for m in glob.glob(spec, recursive=True))
        files = [m for m in matches if m.is_file()]
        if not files:
            errors.append(InputError(spec, "no file matches this pattern"))
        for p in files:
            yield InputFile(str(p), p, walked=True)
        return
    errors.append(InputError(spec, "no such file or folder"))


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


class Workspace:
    """A scratch folder for materialized inputs, removed when the run ends."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._n = 0

    def new_path(self, suffix: str = "") -> Path:
        self._n += 1
        return self.root / f"in{self._n:05d}{suffix}"


def materialize(
    item: InputFile,
    ws: Workspace,
    encoding: str = "auto",
    stdin: BinaryIO | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> LocalFile:
    """Give a local readable file for ``item``; raise InputError if nothing can be read.

    A full or read-only scratch disk (while decompressing or re-encoding) is not the
    input's fault: it raises ScratchError, which stops the run.
    """
    try:
        return _materialized(item, ws, encoding, stdin, limits)
    except OSError as exc:
        if exc.errno in _SCRATCH_FULL:
            raise ScratchError(ws.root, exc) from None
        raise InputError(item.name, f"cannot read: {exc.strerror or exc}") from None


def _materialized(
    item: InputFile, ws: Workspace, encoding: str, stdin: BinaryIO | None, limits: Limits
) -> LocalFile:
    raw_path = _spool_stdin(ws, stdin) if item.path is None else item.path
    head = _read_head(raw_path)
    local = LocalFile(item.name, raw_path, limits=limits)
    if head.startswith(GZIP_MAGIC):
        cap = limits.unpacked_cap(raw_path.stat().st_size)
        local.path = _gunzip(item.name, raw_path, ws, local.warnings, cap)
        head = _read_head(local.path)
    elif item.name.lower().endswith((".gz", ".gzip")):
        raise InputError(
            item.name,
            "the name ends in .gz but the file is not gzip data",
            "decompress it with the right tool or rename it",
        )
    if head.startswith(ZIP_MAGIC):
        local.is_zip = True
    elif head.startswith(PARQUET_MAGIC):
        local.is_parquet = True
    else:
        local.path = to_utf8(item.name, local.path, head, ws.new_path, encoding, local.warnings)
        local.path = lf_line_ends(local.path, ws.new_path, _read_head(local.path))
    local.size = local.path.stat().st_size
    return local


def _read_head(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(SNIFF)


def _spool_stdin(ws: Workspace, stdin: BinaryIO | None) -> Path:
    src = stdin if stdin is not None else sys.stdin.buffer
    out = ws.new_path(".stdin")
    with out.open("wb") as fh:
        shutil.copyfileobj(src, fh, CHUNK)
    return out


def _gunzip(name: str, path: Path, ws: Workspace, warnings: list[str], cap: int) -> Path:
    """Decompress every gzip member; a truncated stream keeps its complete lines.

    Output comes at most CHUNK bytes at a time (a bomb's first megabyte may expand to a
    gigabyte), and stops with an error naming the file once ``cap`` bytes are written.
    """
    out = ws.new_path(".raw")
    inflater = zlib.decompressobj(wbits=31)
    written = 0
    with path.open("rb") as src, out.open("wb") as dst:
        try:
            while chunk := src.read(CHUNK):
                full = False
                while chunk or full:
                    if inflater.eof:  # another gzip member follows the finished one
                        inflater = zlib.decompressobj(wbits=31)
                    data = inflater.decompress(chunk, CHUNK)
                    written += len(data)
                    if written > cap:
                        break
                    dst.write(data)
                    full = len(data) == CHUNK and not inflater.eof
                    chunk = inflater.unused_data if inflater.eof else inflater.unconsumed_tail
                if written > cap:
                    break
        except zlib.error as exc:
            _damaged(name, exc, written, out, warnings)
            return out
    if written > cap:
        out.unlink()
        raise InputError(
            name,
            f"decompresses to more than {cap / MIB:,.0f} MB, more than bjla unpacks",
            f"pass {UNPACKED_OPTION} to raise the cap if the file is a real export",
        )
    if not inflater.eof:
        _damaged(name, "the stream ends early", written, out, warnings)
    return out


def _damaged(name: str, reason: object, written: int, out: Path, warnings: list[str]) -> None:
    if written == 0:
        raise InputError(name, f"damaged gzip file ({reason})", "re-export or re-copy it")
    _drop_partial_last_line(out)
    warnings.append(
        f"{name}: gzip data is truncated ({reason}); read the complete lines before the cut,"
        " the rest of the file is lost (re-copy the file to read it all)"
    )


def _drop_partial_last_line(path: Path) -> None:
    with path.open("rb+") as fh:
        size = fh.seek(0, 2)
        back = min(size, CHUNK)
        fh.seek(size - back)
        tail = fh.read(back)
        cut = max(tail.rfind(b"\n"), tail.rfind(b"\r"))  # bare-CR logs end lines at \r
        fh.truncate(size - back + cut + 1 if cut >= 0 else size - back)
