"""What keeps data from acting on the program that shows it: spreadsheets and terminals.

A CSV or TSV cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
is read by Excel and LibreOffice as a formula (``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``):
such text cells get a leading ``'``, as OWASP's CSV-injection rule says; a cell that is
a plain number (``-5``, ``+1.5e3``) is left as it is. Control characters (ESC sequences
that move the cursor, retitle the window or rewrite what is on screen) and the bidi
overrides that reorder text are shown as ``\\x1b``-style escapes on a terminal.
"""

from __future__ import annotations

import re

import polars as pl

FORMULA_START = r"^[=+\-@\t\r]"
PLAIN_NUMBER = r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"
# C0 and C1 controls, DEL, and the bidi marks, embeddings, overrides and isolates.
_CONTROLS = "\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROL_RE = re.compile(f"[{_CONTROLS}]")


def neutralise_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with every text cell that a spreadsheet would run as a formula quoted."""
    text = pl.col(pl.String)
    risky = text.str.contains(FORMULA_START) & ~text.str.contains(PLAIN_NUMBER)
    return frame.with_columns(pl.when(risky).then(text.str.replace("^", "'")).otherwise(text))


def escape_controls(text: str, keep: str = "") -> str:
    """``text`` with control characters (except those in ``keep``) written as escapes."""

    def escaped(found: re.Match[str]) -> str:
        char = found.group()
        if char in keep:
            return char
        code = ord(char)
        return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"

    return _CONTROL_RE.sub(escaped, text)


__all__ = ["escape_controls", "neutralise_formulas"]
