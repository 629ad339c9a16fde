"""The terminal: tables that fit any width without wrapping, colour only where wanted, a
progress line that stays on one screen line and says how far, a workbook that tells its
progress.
"""

from __future__ import annotations

import io
import re

import polars as pl
import pytest

from analyzer.cli_progress import ProgressLine, duration, fit
from analyzer.render.colour import colour_wanted, tone_problems
from analyzer.render.terminal import render_screen
from analyzer.render.xlsx import write_xlsx
from analyzer.steps import Step
from tests.paths import ROOT

GOLDEN = ROOT / "tests" / "golden" / "cli"
ANSI = re.compile(r"\033\[[0-9;]*m")
TABLES = {
    "by-vm": "analyze_by_vm.csv",
    "by-code": "analyze_by_code.csv",
    "by-cause": "analyze_by_cause.csv",
    "failures": "failures.csv",
    "evidence": "evidence.csv",
}


def _frame(name: str) -> pl.DataFrame:
    return pl.read_csv(GOLDEN / TABLES[name], try_parse_dates=True, infer_schema_length=None)


def _table_lines(screen: str) -> list[str]:
    """The table's lines (the fixes below wrap at spaces and keep web addresses whole)."""
    return ANSI.sub("", screen.split("\n\nSuggested fixes")[0].split("\nVM names:")[0]).split("\n")


@pytest.mark.parametrize("name", sorted(TABLES))
@pytest.mark.parametrize("width", [60, 72, 91, 120, 200])
def test_tables_fit_the_terminal_without_wrapping(name: str, width: int) -> None:
    frame = _frame(name)
    lines = _table_lines(render_screen(name, frame, width))
    assert max(len(line) for line in lines) <= width, name
    rows = [line for line in lines if line and not line.startswith(("(", name))]
    assert len(rows) >= frame.height  # one line per row: nothing wrapped onto a second


def test_narrow_terminal_cuts_text_with_an_ellipsis_and_keeps_numbers_and_times() -> None:
    frame = _frame("failures")
    wide, narrow = render_screen("failures", frame, 200), render_screen("failures", frame, 60)
    assert "…" in narrow and "…" not in _table_lines(wide)[3]
    times = [str(t)[:16].replace("T", " ") for t in frame.get_column("start_time").head(3)]
    for stamp in times:  # a time is never cut
        assert stamp in narrow


def test_colour_marks_state_and_streaks_and_is_only_added() -> None:
    frame = _frame("by-vm")
    plain = render_screen("by-vm", frame, 100)
    coloured = render_screen("by-vm", frame, 100, colour=True)
    assert "\033[" not in plain
    stripped = ANSI.sub("", coloured)
    assert stripped.replace(_legend_of(stripped), "") == plain  # the same text, painted
    worst = frame.sort("current_streak", descending=True).row(0, named=True)
    state_code = {"failing": "31", "stale": "33", "silent": "35"}[worst["state"]]
    assert f"\033[{state_code}m{worst['vm']}\033[0m" in coloured
    assert f"\033[1;31m{worst['current_streak']}\033[0m" in coloured


def _legend_of(text: str) -> str:
    start = text.index("\nVM names:")
    return text[start : text.index("\n", start + 1) + 1]


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("environ", "tty", "wanted"),
    [
        ({}, True, True),
        ({}, False, False),
        ({"NO_COLOR": "1"}, True, False),
        ({"FORCE_COLOR": "1"}, False, True),
        ({"FORCE_COLOR": "0"}, True, True),
        ({"FORCE_COLOR": "0"}, False, False),
        ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, True, False),
        ({"TERM": "dumb"}, True, False),
    ],
)
def test_colour_only_where_wanted(environ: dict[str, str], tty: bool, wanted: bool) -> None:
    stream = _Tty() if tty else io.StringIO()
    assert colour_wanted(stream, environ) is wanted


def test_error_and_warning_prefixes_are_coloured() -> None:
    assert tone_problems("bjla: error: x") == "\033[31mbjla: error:\033[0m x"
    assert tone_problems("bjla: warning: y").startswith("\033[33m")
    assert tone_problems("bjla: 3 source(s)") == "bjla: 3 source(s)"


def test_progress_stays_on_one_screen_line_with_percent_and_time_left(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.setenv("NO_COLOR", "1")
    now = [100.0]
    out = _Tty()
    line = ProgressLine(out, clock=lambda: now[0])
    long_name = "exports/" + "x" * 80 + "/jobs.csv"
    line(Step(f"reading {long_name} (1/4)", 0, 4, "reading"))
    now[0] += 10
    line(Step(f"reading {long_name} (2/4)", 1, 4, "reading"))
    shown = [part.removeprefix("\033[K") for part in out.getvalue().split("\r") if part]
    assert all(len(text) <= 59 for text in shown), shown
    assert shown[0].endswith("(1/4)  0%") and shown[0].startswith("reading exports/")
    assert shown[1].endswith("(2/4)  25%, about 30 s left"), shown[1]
    line("writing fleet.xlsx")  # a plain message: no figures
    assert out.getvalue().endswith("\r\033[Kwriting fleet.xlsx")
    line.end()
    assert out.getvalue().endswith("\r\033[K")


def test_progress_speaks_the_commands_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    now = [100.0]
    out = _Tty()
    line = ProgressLine(out, clock=lambda: now[0])
    line.speak("sv")
    steps = [
        Step("reading exports/jobs.csv (1/4)", 0, 4, "reading"),
        Step("reading exports/jobs.csv (2/4): 1,000 rows", 1, 4, "reading"),
        Step("analyzing part 3/4", 2, 4, "analyzing"),
    ]
    for step in steps:
        now[0] += 10
        line(step)
    line("writing the workbook: sheet by-vm, row 20,001/40,000")
    line("reading 11 agent log file(s)")
    shown = [part.removeprefix("\033[K") for part in out.getvalue().split("\r") if part]
    assert shown == [
        "läser exports/jobs.csv (1/4)  0%",
        "läser exports/jobs.csv (2/4): 1,000 rader  25%, cirka 30 s kvar",
        "analyserar del 3/4  50%",
        "skriver arbetsboken: blad by-vm, rad 20,001/40,000",
        "läser 11 agentloggfil(er)",
    ]
    line.speak("en")
    line("building the report")
    assert out.getvalue().endswith("building the report")


def test_progress_says_nothing_off_a_terminal() -> None:
    out = io.StringIO()
    ProgressLine(out)(Step("analyzing part 1/2", 0, 2, "analyzing"))
    assert out.getvalue() == ""


def test_duration_and_fit() -> None:
    assert [duration(s) for s in (0.2, 59, 80, 3600 + 300)] == [
        "1 s",
        "59 s",
        "1 min 20 s",
        "1 h 5 min",
    ]
    assert fit("abcdefghij", 10) == "abcdefghij"
    assert fit("reading a-long-name (3/9)", 12) == "read…e (3/9)"


def test_workbook_writing_tells_its_rows() -> None:
    heard: list[str] = []
    rows = 45_000
    frame = pl.DataFrame({"vm": [f"vm-{i}" for i in range(rows)], "n": list(range(rows))})
    write_xlsx([("a", frame), ("b", frame.head(10))], io.BytesIO(), progress=heard.append)
    steps = [m for m in heard if isinstance(m, Step)]
    assert [s.done for s in steps] == [0, 20_000, 40_000, 45_000]
    assert {s.total for s in steps} == {rows + 10} and {s.phase for s in steps} == {"writing"}
    assert heard[-1] == "writing the workbook: compressing it"
