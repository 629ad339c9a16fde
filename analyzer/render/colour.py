"""Colour on a terminal: whether to use it, and the few codes bjla paints with.

Colour is for a person at a terminal only: never when the stream is not one (files and
pipes get exactly the bytes they always did), never with ``NO_COLOR`` set
(https://no-color.org), and always with ``FORCE_COLOR`` set to anything but ``0``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TextIO

RED = "31"
YELLOW = "33"
MAGENTA = "35"
BOLD_RED = "1;31"
DIM = "2"


def colour_wanted(stream: TextIO, environ: Mapping[str, str] = os.environ) -> bool:
    """Whether text written to ``stream`` should be coloured."""
    if environ.get("NO_COLOR"):
        return False
    force = environ.get("FORCE_COLOR")
    if force is not None and force.strip().lower() not in ("0", "false", "no"):
        return True
    return stream.isatty() and environ.get("TERM") != "dumb"


def paint(text: str, code: str | None) -> str:
    """``text`` in the colour ``code`` (an SGR code such as ``RED``), reset after it."""
    return f"\033[{code}m{text}\033[0m" if code else text


PROBLEMS = {"bjla: error:": RED, "bjla: warning:": YELLOW, "bjla: rejected:": YELLOW}


def tone_problems(line: str) -> str:
    """A message line whose ``bjla: error:`` (or warning, rejected) prefix is coloured."""
    for prefix, code in PROBLEMS.items():
        if line.startswith(prefix):
            return paint(prefix, code) + line[len(prefix) :]
    return line
