"""Progress messages that know how far their step has come (``Step``).

Progress is said as plain text (``Callable[[str], None]``); a ``Step`` is such a text
that also carries ``done`` of ``total`` units, so a terminal can add a percentage and
the time left while anything else just reads the words.
"""

from __future__ import annotations


class Step(str):
    """A progress text with ``done`` of ``total`` units of its step finished."""

    done: int
    total: int
    phase: str  # what the step does, without its counts: a new phase restarts the clock

    def __new__(cls, text: str, done: int, total: int, phase: str) -> Step:
        step = super().__new__(cls, text)
        step.done, step.total, step.phase = done, total, phase
        return step

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total > 0 else 0.0
