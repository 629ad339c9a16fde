"""Option values the CLI checks before any input is read.

Dates must fall in 1900-2200 (what the data can hold: a job in year 1 or 9999 is a
typo, and the period before it would not exist), numbers must be finite, and no output
may name one of the inputs. Each problem is a UsageError: one line, exit 2.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from analyzer.errors import UsageError
from analyzer.inputs import expand_inputs
from analyzer.output import refuse_inputs_as_outputs

FIRST_YEAR = 1900
LAST_YEAR = 2200
MAX_WINDOW_HOURS = 24 * 366  # a year of log evidence before a job is already more than any log
_WEEK_YEAR = re.compile(r"^\s*(\d+)-?[Ww]\d")


def year_problem(moment: date | datetime) -> str | None:
    """Why ``moment`` is refused as an option value, or None when it is in range."""
    if FIRST_YEAR <= moment.year <= LAST_YEAR:
        return None
    return f"the year {moment.year} is outside {FIRST_YEAR}-{LAST_YEAR}"


def check_report_dates(week: str | None, since: str | None, until: str | None) -> None:
    """Refuse a ``--week``, ``--since`` or ``--until`` outside the years bjla handles.

    Values that do not parse are left to the report's own parser, which says how to
    write them.
    """
    if week is not None and (found := _WEEK_YEAR.match(week)):
        year = int(found.group(1))
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise UsageError(f"--week {week}: the year {year} is outside {FIRST_YEAR}-{LAST_YEAR}")
    for option, text in (("--since", since), ("--until", until)):
        if text is None:
            continue
        try:
            day = date.fromisoformat(text.strip())
        except ValueError:
            continue
        if problem := year_problem(day):
            raise UsageError(f"{option} {text}: {problem}")


def check_outputs(
    outputs: Sequence[tuple[str, Path | None]],
    inputs: Sequence[str],
    also_read: Sequence[Path | None] = (),
) -> None:
    """Refuse an output that is one of the inputs (it would be destroyed) or another output.

    ``inputs`` are the specs as given (files, folders, globs); ``also_read`` are other
    files or folders the run reads (a logs map, overlay catalogues).
    """
    if all(path is None for _, path in outputs):
        return
    specs = [*inputs, *(str(p) for p in also_read if p is not None)]
    found, _ = expand_inputs([spec for spec in specs if spec != "-"])
    refuse_inputs_as_outputs(outputs, [item.path for item in found if item.path is not None])


__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "MAX_WINDOW_HOURS",
    "check_outputs",
    "check_report_dates",
    "year_problem",
]
