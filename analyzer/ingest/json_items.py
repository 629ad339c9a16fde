"""JSON text to decoded items, one at a time, each with its row number or a reject reason.

A top-level list is decoded from a sliding window of the file (``Window``), so memory
follows the largest item, not the file; a list that breaks off yields the items before the
break and then the reason, naming the document's own line. NDJSON is decoded line by line.
An item nested too deep, with a number too long for Python or longer than
``Limits.json_item_chars`` is rejected with its reason (``decode_problem``), never raised.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from analyzer.limits import DEFAULT_LIMITS, MIB, Limits

_SPACE = re.compile(r"[ \t\r\n]*")
_BRACKET_OR_QUOTE = re.compile(r'["\[\]{}]')
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_SCALAR = re.compile(r"-?[0-9][0-9.eE+\-]*")
_NUMBER_GOES_ON = re.compile(r"[0-9.eE+\-]*\Z")  # nothing but number characters to the end

Entry = tuple[int, Any, str | None]  # row number, decoded item (None if none), reject reason
NOT_AN_OBJECT = "item is not a JSON object"


def first_lines(
    path: Path, count: int, max_line_chars: int = DEFAULT_LIMITS.json_peek_line_chars
) -> list[str]:
    """The first ``count`` non-blank lines, stripped (each read up to ``max_line_chars``)."""
    lines: list[str] = []
    with path.open("r", encoding="utf-8", errors="replace") as fh:
        while len(lines) < count and (line := fh.readline(max_line_chars)):
            if line.strip():
                lines.append(line.strip().lstrip("\ufeff"))
    return lines


# What Python's JSON reader raises on valid but hostile text besides JSONDecodeError: a
# number of more than 4,300 digits (ValueError), nesting past the recursion limit.
DECODE_ERRORS = (ValueError, RecursionError)


def decode_problem(exc: BaseException) -> str:
    """Why a JSON value could not be decoded, in one line."""
    if isinstance(exc, RecursionError):
        return "JSON nested deeper than bjla reads (about 1,000 levels)"
    if isinstance(exc, json.JSONDecodeError):
        return f"not valid JSON ({exc.msg})"
    if "integer string conversion" in str(exc):
        return "a JSON number has more than 4,300 digits"
    return f"not valid JSON ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})"


def _parses_as_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except DECODE_ERRORS:
        return False


def is_ndjson(lines: list[str]) -> bool:
    """Several non-blank lines that each hold a whole object (the first may be damaged)."""
    if len(lines) < 2 or not lines[0].startswith("{"):
        return False
    return _parses_as_object(lines[0]) or any(_parses_as_object(ln) for ln in lines[1:])


def numbered(items: Iterator[tuple[Any, str | None]]) -> Iterator[Entry]:
    """Items numbered from 1; one that is not an object gets its reject reason."""
    for row, (item, reason) in enumerate(items, start=1):
        if reason is None and not isinstance(item, dict):
            reason = NOT_AN_OBJECT
        yield row, item, reason


class ItemTooLarge(ValueError):
    """A JSON item runs over more text than one item may hold."""


class Window:
    """A sliding window over a text file for decoding JSON values one at a time."""

    def __init__(self, fh: TextIO, limits: Limits = DEFAULT_LIMITS) -> None:
        self._fh = fh
        self._max_item_chars = limits.json_item_chars
        self._read_chars = limits.json_read_chars
        self._decoder = json.JSONDecoder()
        self.text = fh.read(self._read_chars).lstrip("\ufeff")
        self.pos = 0
        self.lines_before = 0  # newlines in the text already dropped from the window

    def more(self) -> bool:
        """Drop the text before ``pos`` and read on; False at the end of the file."""
        chunk = self._fh.read(self._read_chars)
        if not chunk:
            return False
        self.lines_before += self.text.count("\n", 0, self.pos)
        self.text = self.text[self.pos :] + chunk
        self.pos = 0
        return True

    def peek(self) -> str:
        """The next character that is not white space ("" at the end of the file)."""
        while True:
            self.pos = _SPACE.match(self.text, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.text) or not self.more():
                return self.text[self.pos : self.pos + 1]

    def decode(self) -> Any:
        """The JSON value at ``pos``, reading on while it runs past the window."""
        while True:
            try:
                value, end = self._decoder.raw_decode(self.text, self.pos)
            except json.JSONDecodeError:
                if len(self.text) - self.pos > self._max_item_chars:
                    raise ItemTooLarge(self._max_item_chars) from None
                if self.more():
                    continue
                raise
            if _NUMBER_GOES_ON.match(self.text, end) and self.more():
                continue  # a number whose window ends with it ("1.", "12e") may go on
            self.pos = end
            return value

    def skip_value(self) -> bool:
        """Move past the array or object at ``pos`` by its brackets; False if it never ends.

        Strings are stepped over whole, so brackets inside them do not count.
        """
        if self.text[self.pos : self.pos + 1] not in ("[", "{"):  # a number, say
            scalar = _SCALAR.match(self.text, self.pos)
            self.pos = scalar.end() if scalar else self.pos
            return scalar is not None
        depth, at = 0, self.pos
        while True:
            token = _BRACKET_OR_QUOTE.search(self.text, at)
            text = None
            if token is not None and token.group() == '"':
                text = _STRING.match(self.text, token.start())
            if token is None or (text is None and token.group() == '"'):
                if len(self.text) - self.pos > self._max_item_chars:
                    return False
                offset = at - self.pos
                if not self.more():
                    return False
                at = offset
                continue
            if text is not None:
                at = text.end()
                continue
            depth += 1 if token.group() in "[{" else -1
            at = token.end()
            if depth <= 0:
                self.pos = at
                return True

    def rest(self) -> str:
        """Everything from ``pos`` to the end of the file."""
        return self.text[self.pos :] + self._fh.read()


def list_items(window: Window) -> Iterator[tuple[Any, str | None]]:
    """A JSON list's items after its ``[``; a last (None, reason) if it breaks off."""
    yield from _items_until_close(window)
    if window.peek() == "]":
        window.pos += 1
        if window.peek():
            line = window.lines_before + window.text.count("\n", 0, window.pos) + 1
            yield None, f"text after the end of the JSON list (line {line:,}) is not read"


def _items_until_close(window: Window) -> Iterator[tuple[Any, str | None]]:
    while (next_char := window.peek()) != "]":
        if not next_char:
            yield None, "the JSON list is cut off here (no closing ']')"
            return
        try:
            yield window.decode(), None
        except json.JSONDecodeError as exc:
            yield None, _cut_reason(exc, window.lines_before)
            return
        except ItemTooLarge as exc:
            yield None, f"{_too_large(exc)}; the rest of the file is lost"
            return
        except DECODE_ERRORS as exc:
            # Valid JSON that Python will not decode (too deep, a huge number): the item
            # is skipped by its brackets and the list goes on after it.
            line = window.lines_before + window.text.count("\n", 0, window.pos) + 1
            if window.skip_value():
                yield None, f"{decode_problem(exc)} (item from line {line:,})"
            else:
                yield None, f"{decode_problem(exc)} (item from line {line:,}); the rest is lost"
                return
        next_char = window.peek()
        if next_char == ",":
            window.pos += 1
        elif next_char and next_char != "]":
            yield None, "expected ',' or ']' after the previous item; the rest is lost"
            return


def _too_large(exc: ItemTooLarge) -> str:
    return f"a JSON item runs over more than {int(exc.args[0]) / MIB:,.0f} MB of text"


def _cut_reason(exc: json.JSONDecodeError, lines_before: int) -> str:
    return (
        f"not valid JSON from line {exc.lineno + lines_before} column {exc.colno} ({exc.msg});"
        " the rest of the file is lost"
    )


def ndjson_entries(
    path: Path, max_line_chars: int = DEFAULT_LIMITS.json_item_chars
) -> Iterator[Entry]:
    """One entry per non-blank line, numbered by line (a line over the cap is rejected)."""
    with path.open("r", encoding="utf-8", errors="replace") as fh:
        row = 0
        while line := fh.readline(max_line_chars + 1):
            row += 1
            if len(line) > max_line_chars and not line.endswith("\n"):
                _skip_line(fh, max_line_chars)
                yield row, None, _too_large(ItemTooLarge(max_line_chars))
                continue
            text = line.strip().lstrip("\ufeff")
            if not text:
                continue
            if not text.startswith("{"):
                yield row, None, NOT_AN_OBJECT
                continue
            try:
                yield row, json.loads(text), None
            except json.JSONDecodeError:
                yield row, None, "line is not valid JSON"
            except DECODE_ERRORS as exc:
                yield row, None, decode_problem(exc)


def _skip_line(fh: TextIO, size: int) -> None:
    """Read on to the end of an overlong line."""
    while (part := fh.readline(size)) and not part.endswith("\n"):
        pass
