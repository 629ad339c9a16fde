"""Every cap bjla puts on an input, with its default, in one place.

A cap keeps one hostile or damaged input (a gzip or XLSX bomb, a stray quote, JSON
nested a thousand deep) from taking the whole run down: the input, or the part of it
past the cap, is reported in one line naming it, and the other inputs are still read.
The caps a user may need to raise have a CLI option (named in the message).
"""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1 << 20


@dataclass(frozen=True)
class Limits:
    """Caps on what one input may make bjla read, decompress or hold."""

    # A quoted CSV field that runs over more lines than this is a stray quote, not a
    # multi-line message: the reader takes its opening line as a bad row and reads on.
    csv_record_lines: int = 100
    # Decompressed bytes of one .gz input or of one XLSX workbook's parts: at most
    # ``unpacked_bytes``, or ``unpacked_ratio`` times the compressed size if that is more
    # (a real export compresses about 5-10 times; a bomb a thousand times).
    unpacked_bytes: int = 1024 * MIB
    xlsx_unpacked_bytes: int = 256 * MIB  # a workbook's parts are all held in memory
    unpacked_ratio: int = 100
    # An explicit cap (``--max-unpacked-mb``) replaces the rule above.
    unpacked_override: int | None = None
    # One sheet's used range, checked in its XML before the sheet is loaded.
    sheet_rows: int = 250_000
    sheet_columns: int = 256
    # One JSON item of a list or NDJSON line, and a JSON document that is read whole
    # (a REST page, one object). Nesting and numbers are capped by Python's own JSON
    # reader (about 1,000 levels, 4,300 digits); either way the item is rejected alone.
    json_item_chars: int = 64 * MIB
    json_document_chars: int = 1024 * MIB

    def unpacked_cap(self, compressed_bytes: int, *, workbook: bool = False) -> int:
        """How many decompressed bytes an input of ``compressed_bytes`` may expand to."""
        if self.unpacked_override is not None:
            return self.unpacked_override
        floor = self.xlsx_unpacked_bytes if workbook else self.unpacked_bytes
        return max(floor, self.unpacked_ratio * compressed_bytes)


DEFAULT_LIMITS = Limits()
UNPACKED_OPTION = "--max-unpacked-mb"
SHEET_ROWS_OPTION = "--max-sheet-rows"
