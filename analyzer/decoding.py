"""Re-encode a text input as UTF-8 with ``\n`` line ends, in bounded chunks.

UTF-16 and cp1252 are transcoded; a UTF-8 file with a few lines in another encoding has
those lines decoded as cp1252, line by line, and the rest stays as it is; bare-CR line
ends become ``\n``. Each result is a new file in the scratch folder (``scratch`` gives
its path); what does not stop the read is kept as a warning naming the file.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from analyzer.errors import InputError

CHUNK = 1 << 20
UTF8_CHECK_LIMIT = 64 << 20
Scratch = Callable[[str], Path]  # a new path in the scratch folder, with this suffix


def to_utf8(
    name: str, path: Path, head: bytes, scratch: Scratch, encoding: str, warnings: list[str]
) -> Path:
    chosen = _choose_encoding(head, encoding)
    if chosen == "utf-8":
        # Plain UTF-8 is read in place; a file that only claims it has its other lines
        # read as cp1252, each line on its own.
        bad_line = _first_invalid_utf8_line(path) if encoding == "auto" else None
        if bad_line is None:
            return path
        out, bad = _transcode_lines(path, scratch, "utf-8", "cp1252")
        warnings.append(_fallback_warning(name, bad, "not valid UTF-8", "read as cp1252"))
        return out
    try:
        codecs.lookup(chosen)
    except LookupError as exc:
        raise InputError(name, f"cannot decode as {chosen} ({exc})", _ENCODING_HINT) from None
    if codecs.lookup(chosen).name.startswith("utf-16"):
        return _transcode(path, scratch, chosen)
    out, bad = _transcode_lines(path, scratch, chosen, chosen)
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


def _transcode(path: Path, scratch: Scratch, encoding: str) -> Path:
    """A UTF-16 file as UTF-8 (bytes that do not decode read as U+FFFD)."""
    out = scratch(".utf8")
    with (
        path.open("r", encoding=encoding, errors="replace", newline="") as src,
        out.open("w", encoding="utf-8", newline="") as dst,
    ):
        while chunk := src.read(CHUNK):
            dst.write(chunk)
    return out


def _transcode_lines(
    path: Path, scratch: Scratch, encoding: str, fallback: str
) -> tuple[Path, list[int]]:
    """The file as UTF-8, each line decoded as ``encoding``, else as ``fallback`` (lossy).

    Returns the numbers of the lines that needed the fallback. Blocks of whole lines
    are decoded at once; only a block that fails is decoded line by line.
    """
    out = scratch(".utf8")
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


def lf_line_ends(path: Path, scratch: Scratch, head: bytes) -> Path:
    """The file itself, or a copy with ``\n`` line ends if ``head`` (its first bytes) ends
    lines in a bare CR.

    Classic Mac and some exporters end lines in a bare CR, which neither polars nor the
    line-oriented readers take as a line end (see ``_ends_lines_in_bare_cr``).
    """
    if not _ends_lines_in_bare_cr(head):
        return path
    out = scratch(".lf")
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
