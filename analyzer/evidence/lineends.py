"""Line ends of agent logs: ``\\n``, ``\\r\\n`` and bare ``\\r`` (old Mac style, or a log
that passed through a tool writing carriage returns) all end a line.

The scanner reads files in chunks of bytes; these helpers find where a chunk's last whole
line ends (never between the ``\\r`` and ``\\n`` of one line end) and rewrite bare ``\\r``
line ends as ``\\n`` so that polars splits the chunk into the same lines.
"""

from __future__ import annotations

import re
from typing import BinaryIO

_LINE_END = re.compile(r"\r\n|\r|\n")
_FIRST_END = re.compile(rb"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """``text`` split at every line end (``\\n``, ``\\r\\n`` or ``\\r``)."""
    return _LINE_END.split(text)


def unix_line_ends(data: bytes) -> bytes:
    """``data`` with bare ``\\r`` line ends written as ``\\n`` (``\\r\\n`` is kept: polars
    reads it as one line end)."""
    if b"\r" not in data:
        return data
    crlf = data.count(b"\r\n")
    if data.count(b"\r") == crlf:
        return data
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def last_line_end(data: bytes) -> int:
    """The offset just after the last complete line of ``data`` (0 if it has none).

    A ``\\r`` as the very last byte does not count: its ``\\n`` may be the next byte.
    """
    end = len(data) - 1 if data.endswith(b"\r") else len(data)
    newline = data.rfind(b"\n", 0, end)
    # A \r can only end a later line than the last \n: search after it, not the whole chunk.
    return max(newline, data.rfind(b"\r", newline + 1, end)) + 1


def rest_of_line(fh: BinaryIO, piece_bytes: int) -> bytes:
    """The bytes from the file position to the end of the current line, line end included;
    the file is left just after it."""
    parts = []
    while piece := fh.read(piece_bytes):
        found = _FIRST_END.search(piece)
        if found is None:
            parts.append(piece)
            continue
        cut = found.end()
        if cut == len(piece) and piece.endswith(b"\r"):  # its \n may be the next byte
            parts.append(piece)
            after = fh.read(1)
            if after == b"\n":
                parts.append(after)
            elif after:
                fh.seek(-1, 1)
            break
        fh.seek(cut - len(piece), 1)
        parts.append(piece[:cut])
        break
    return b"".join(parts)
