"""The progress line on a terminal's stderr: one line that rewrites itself.

It never grows past the screen (a line longer than the terminal would wrap, and the
rewrite would leave its first part behind above the table), and when the step knows its
size (a ``Step``: files read, parts analyzed, workbook rows written) it says how far it
is and, once that can be told, about how long is left.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from typing import TextIO

from analyzer.render.colour import DIM, colour_wanted, paint
from analyzer.render.messages import progress_said
from analyzer.render.safety import escape_controls
from analyzer.steps import Step

ETA_AFTER = 2.0  # seconds into a step before its time left is guessed
ETA_FROM = 0.05  # ... and a twentieth of it done


class ProgressLine:
    """Progress on ``stream`` when it is a terminal; nothing otherwise."""

    def __init__(
        self, stream: TextIO | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.stream = stream
        self.clock = clock
        self.phase = ""
        self.started = 0.0
        self.lang = "en"  # the words of the running command's --lang (``speak``)

    def speak(self, lang: str) -> None:
        """Say the steps from now on in ``lang``."""
        self.lang = lang

    @property
    def out(self) -> TextIO:
        return self.stream or sys.stderr  # looked up late: tests swap sys.stderr

    def __call__(self, message: str) -> None:
        if not self.out.isatty():
            return
        text = escape_controls(progress_said(str(message), self.lang))  # names a file: data
        tail = ""
        # One file of one, or part 1 of 1: a percentage would sit at 0% until the end.
        if isinstance(message, Step) and message.total > 1:
            tail = self._how_far(message)
        room = max(10, shutil.get_terminal_size().columns - 1)
        text = fit(text, room - len(tail))
        if tail and colour_wanted(self.out):
            tail = paint(tail, DIM)
        self.out.write(f"\r\033[K{text}{tail}")
        self.out.flush()

    def end(self) -> None:
        if self.out.isatty():
            self.out.write("\r\033[K")
            self.out.flush()
        self.phase = ""

    def _how_far(self, step: Step) -> str:
        now = self.clock()
        if step.phase != self.phase:
            self.phase, self.started = step.phase, now
        done, elapsed = step.fraction, now - self.started
        tail = f"  {done:.0%}"
        if elapsed >= ETA_AFTER and done >= ETA_FROM:
            left = duration(elapsed / done * (1 - done))
            tail += f", cirka {left} kvar" if self.lang == "sv" else f", about {left} left"
        return tail


def fit(text: str, room: int) -> str:
    """``text`` cut to ``room`` characters in its middle, marked with "…": the step's
    verb stays at the start, a file's own name and the count at the end."""
    if len(text) <= room:
        return text
    head = room // 3
    return text[:head] + "…" + text[len(text) - (room - head - 1) :]


def duration(seconds: float) -> str:
    """``8 s``, ``1 min 20 s``, ``2 h 5 min``."""
    whole = max(1, round(seconds))
    if whole < 60:
        return f"{whole} s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"
