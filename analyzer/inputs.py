"""Turn what the user names (files, folders, globs, ``-``) into readable local files.

Every later stage reads plain, uncompressed UTF-8 (or binary XLSX) with ``\n`` line ends
from a real path: ``.gz`` is decompressed (up to a cap, see ``limits``), UTF-16 and cp1252
are transcoded, bare-CR line ends are turned into ``\n`` and stdin is spooled, each into a
scratch folder, in bounded chunks so memory stays flat however large the input. A UTF-8
file with a few lines in another encoding has those lines decoded as cp1252, line by
line: the rest of the file stays as it is. Problems that do not stop the read (a
truncated ``.gz``, lines in a legacy encoding) are kept as warnings naming the file.
"""

from __future__ import annotations

import codecs
import errno
import glob
import shutil
import sys
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from analyzer.errors import InputError, ScratchError
from analyzer.limits import DEFAULT_LIMITS, MIB, UNPACKED_OPTION, Limits

CHUNK = 1 << 20
UTF8_CHECK_LIMIT = 64 << 20
SNIFF = 1 << 16
# Errors of a disk that cannot take bjla's scratch copies (full, over quota, read-only).
_SCRATCH_FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EROFS)
GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"
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
    """A materialized input: a real path to plain UTF-8 text or to an XLSX/ZIP file."""

    name: str
    path: Path
    is_zip: bool = False
    warnings: list[str] = field(default_factory=list)
    size: int = 0
    limits: Limits = DEFAULT_LIMITS  # the caps its readers apply


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
    else:
        local.path = _to_utf8(item.name, local.path, head, ws, encoding, local.warnings)
        local.path = _lf_line_ends(local.path, ws)
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


def _to_utf8(
    name: str, path: Path, head: bytes, ws: Workspace, encoding: str, warnings: list[str]
) -> Path:
    chosen = _choose_encoding(head, encoding)
    if chosen == "utf-8":
        # Plain UTF-8 is read in place; a file that only claims it has its other lines
        # read as cp1252, each line on its own.
        bad_line = _first_invalid_utf8_line(path) if encoding == "auto" else None
        if bad_line is None:
            return path
        out, bad = _transcode_lines(path, ws, "utf-8", "cp1252")
        warnings.append(_fallback_warning(name, bad, "not valid UTF-8", "read as cp1252"))
        return out
    try:
        codecs.lookup(chosen)
    except LookupError as exc:
        raise InputError(name, f"cannot decode as {chosen} ({exc})", _ENCODING_HINT) from None
    if codecs.lookup(chosen).name.startswith("utf-16"):
        return _transcode(path, ws, chosen)
    out, bad = _transcode_lines(path, ws, chosen, chosen)
    if bad:
        what = f"not valid {chosen}"
        warnings.append(
            _fallback_warning(name, bad, what, "bytes that do not decode read as \ufffd")
        )
    return out


_ENCODING_HINT = "pass --encoding utf-16, cp1252, ..."
_NAMED_LINES = 5  # line numbers named in a warning, the rest counted


def _fallback_warning(name: str, lines: list[int], problem: str, action: str) -> str:
    named = ", ".join(f"{n:,}" for n in lines[:_NAMED_LINES])
    more = f" and {len(lines) - _NAMED_LINES:,} more" if len(lines) > _NAMED_LINES else ""
    noun = "line" if len(lines) == 1 else "lines"
    return (
        f"{name}: {noun} {named}{more} {'is' if len(lines) == 1 else 'are'} {problem};"
        f" {action}, the other lines as they are (pass --encoding to choose another)"
    )


def _choose_encoding(head: bytes, encoding: str) -> str:
    if encoding != "auto":
        return encoding
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(head) >= 4 and head[1] == 0 and head[3] == 0 and head[0] != 0:
        return "utf-16-le"
    return "utf-8"


def _first_invalid_utf8_line(path: Path) -> int | None:
    """Line of the first byte that is not UTF-8, checking at most UTF8_CHECK_LIMIT bytes.

    A big file is judged by its beginning: readers decode the rest lossily, so a stray
    byte further on becomes U+FFFD instead of stopping the run.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = 1
    with path.open("rb") as fh:
        checked = 0
        while checked < UTF8_CHECK_LIMIT and (chunk := fh.read(CHUNK)):
            checked += len(chunk)
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return lines + chunk[: exc.start].count(b"\n")
            lines += chunk.count(b"\n")
    return None


def _transcode(path: Path, ws: Workspace, encoding: str) -> Path:
    """A UTF-16 file as UTF-8 (bytes that do not decode read as U+FFFD)."""
    out = ws.new_path(".utf8")
    with (
        path.open("r", encoding=encoding, errors="replace", newline="") as src,
        out.open("w", encoding="utf-8", newline="") as dst,
    ):
        while chunk := src.read(CHUNK):
            dst.write(chunk)
    return out


def _transcode_lines(
    path: Path, ws: Workspace, encoding: str, fallback: str
) -> tuple[Path, list[int]]:
    """The file as UTF-8, each line decoded as ``encoding``, else as ``fallback`` (lossy).

    Returns the numbers of the lines that needed the fallback. Blocks of whole lines
    are decoded at once; only a block that fails is decoded line by line.
    """
    out = ws.new_path(".utf8")
    bad: list[int] = []
    lines = 0
    with path.open("rb") as src, out.open("wb") as dst:
        for block in _line_blocks(src):
            try:
                dst.write(block.decode(encoding).encode("utf-8"))
                lines += block.count(b"\n")
                continue
            except UnicodeDecodeError:
                pass
            for line in _lines(block):
                lines += 1
                try:
                    text = line.decode(encoding)
                except UnicodeDecodeError:
                    text = line.decode(fallback, errors="replace")
                    bad.append(lines)
                dst.write(text.encode("utf-8", errors="replace"))
    return out, bad


def _lines(block: bytes) -> list[bytes]:
    """``block`` cut after each ``\n`` (and only there, unlike ``splitlines``)."""
    parts = block.split(b"\n")
    whole = [part + b"\n" for part in parts[:-1]]
    return [*whole, parts[-1]] if parts[-1] else whole


def _line_blocks(src: BinaryIO) -> Iterator[bytes]:
    """About CHUNK bytes at a time, each block ending after a ``\n`` (but the last)."""
    rest = b""
    while chunk := src.read(CHUNK):
        data = rest + chunk
        cut = data.rfind(b"\n") + 1
        if cut == 0 and len(data) < _LONGEST_LINE:
            rest = data
            continue
        cut = cut or len(data)
        rest = data[cut:]
        yield data[:cut]
    if rest:
        yield rest


_LONGEST_LINE = 64 << 20  # a longer line is decoded in pieces (a character may be cut)


def _lf_line_ends(path: Path, ws: Workspace) -> Path:
    """The file itself, or a copy with ``\n`` line ends if its head ends lines in a bare CR.

    Classic Mac and some exporters end lines in a bare CR, which neither polars nor the
    line-oriented readers take as a line end (see ``_ends_lines_in_bare_cr``).
    """
    head = _read_head(path)
    if not _ends_lines_in_bare_cr(head):
        return path
    out = ws.new_path(".lf")
    with path.open("rb") as src, out.open("wb") as dst:
        carry = b""
        while chunk := src.read(CHUNK):
            data = carry + chunk
            carry = b"\r" if data.endswith(b"\r") else b""
            data = data[:-1] if carry else data
            dst.write(data.replace(b"\r\n", b"\n").replace(b"\r", b"\n"))
        if carry:
            dst.write(b"\n")
    return out


def _ends_lines_in_bare_cr(head: bytes) -> bool:
    """Whether the head ends lines in a bare CR: one outside quoted fields, or no LF at all.

    A CR inside a quoted field is the field's (a pasted message); it must not make the
    file's LF line ends look like CR ones. Mixed line ends are converted too, so that the
    large-file reader (which splits lines at LF only) reads them as the small one does.
    """
    bare = head.count(b"\r") - head.count(b"\r\n")
    if bare == 0:
        return False
    if head.count(b"\n") == 0:
        return True
    outside = b"".join(head.split(b'"')[::2])  # a CSV's text outside quotes
    return outside.count(b"\r") > outside.count(b"\r\n")
