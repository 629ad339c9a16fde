"""A CSV seed as records, and the fuzzer's own count of its data records.

The count is independent of bjla: Python's ``csv`` module over the decoded text, after the
preamble lines exports put above the header (PowerShell's ``#TYPE`` line, Excel's ``sep=``
line) and the header itself; a record whose fields are all empty is a blank line. A mutant
whose records stay well formed (one changed field, written back with correct quoting; a
data line repeated or dropped) has a defined count bjla's "rows read" must equal.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from typing import Any, Literal

DELIMITERS = (",", ";", "\t", "|")


@dataclass(frozen=True)
class CsvDoc:
    """Preamble lines, delimiter, line end and records (the header first) of a CSV text."""

    preamble: tuple[str, ...]
    delimiter: str
    newline: str
    quote_all: bool
    records: tuple[tuple[str, ...], ...]

    @property
    def data_records(self) -> int:
        return sum(1 for record in self.records[1:] if any(record))

    def with_records(self, records: list[list[str]] | list[tuple[str, ...]]) -> CsvDoc:
        return replace(self, records=tuple(tuple(r) for r in records))

    def render(self) -> str:
        buffer = io.StringIO()
        for line in self.preamble:
            buffer.write(line + self.newline)
        writer = self._writer(buffer, csv.QUOTE_ALL if self.quote_all else csv.QUOTE_MINIMAL)
        # ``csv`` quotes a lone CR only when the line end holds one: under LF line ends a
        # field's CR would be written bare, ending the line; such records are quoted whole.
        quoted = self._writer(buffer, csv.QUOTE_ALL)
        for record in self.records:
            holds_cr = any("\r" in value for value in record)
            (quoted if holds_cr else writer).writerow(record)
        return buffer.getvalue()

    def _writer(self, buffer: io.StringIO, quoting: Literal[0, 1, 2, 3]) -> Any:
        return csv.writer(
            buffer, delimiter=self.delimiter, lineterminator=self.newline, quoting=quoting
        )


def decode(data: bytes) -> str | None:
    """The seed's text (UTF-8 with or without BOM, else cp1252), None when neither fits."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _preamble(lines: list[str]) -> tuple[list[str], str | None]:
    preamble: list[str] = []
    delimiter = None
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("#TYPE"):
            preamble.append(line)
        elif stripped.lower().startswith("sep=") and len(stripped) == 5:
            preamble.append(line)
            delimiter = stripped[4]
        else:
            break
    return preamble, delimiter


def parse(text: str) -> CsvDoc | None:
    """The document, or None when the text has no header line."""
    lines = text.splitlines()
    preamble, delimiter = _preamble(lines)
    body_lines = lines[len(preamble) :]
    if not body_lines or not body_lines[0].strip():
        return None
    header = body_lines[0]
    if delimiter is None:
        delimiter = max(DELIMITERS, key=header.count)
    newline = "\r\n" if "\r\n" in text else "\n"
    body = newline.join(body_lines)
    records = list(csv.reader(io.StringIO(body, newline=""), delimiter=delimiter))
    quote_all = header.startswith('"')
    return CsvDoc(tuple(preamble), delimiter, newline, quote_all, tuple(map(tuple, records)))


def count_records(data: bytes) -> int | None:
    """Data records in CSV bytes as the fuzzer counts them, None when not a CSV text."""
    text = decode(data)
    doc = parse(text) if text is not None else None
    return None if doc is None else doc.data_records


def single_line_records(doc: CsvDoc) -> bool:
    """Whether every record is one physical line (no field holds a line break)."""
    return not any("\n" in field or "\r" in field for record in doc.records for field in record)
