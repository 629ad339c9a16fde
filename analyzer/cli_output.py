"""What the command line writes: results to stdout or ``-o``, the rest to stderr.

Results are written whole (a failed run leaves the previous file as it was); warnings,
rejected rows, errors, the summary line and progress go to stderr, so pipes stay
clean. ``exit_code`` is the one place that turns what happened into an exit code:
0 done, 1 ``--strict`` with rejects, 2 usage, 3 an input could not be read.
"""

from __future__ import annotations

import errno
import functools
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, NoReturn, ParamSpec

import polars as pl
import typer

from analyzer import stopping
from analyzer.cli_progress import ProgressLine
from analyzer.errors import BjlaError
from analyzer.output import OutputError, write_output
from analyzer.pipeline import RunResult
from analyzer.render import Format, NamedTable, Style, escape_controls, render_to
from analyzer.render.colour import colour_wanted, tone_problems
from analyzer.render.messages import reasons_in, said
from analyzer.render.numbers import integer

P = ParamSpec("P")
SHOWN_REJECTS = 5


def say(text: str, *, keep_lines: bool = False) -> None:
    """One line on stderr, with control characters from the data shown as escapes (and
    its ``error:`` or ``warning:`` in colour on a terminal)."""
    line = escape_controls(text, keep="\n" if keep_lines else "")
    typer.echo(tone_problems(line) if colour_wanted(sys.stderr) else line, err=True)


def fail(message: str, code: int) -> NoReturn:
    """An error line and the exit."""
    say(f"bjla: error: {message}", keep_lines=True)
    raise typer.Exit(code)


def guarded(func: Callable[P, None]) -> Callable[P, None]:
    """Turn the core's typed errors into one line on stderr and their exit code."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
        lang = str(kwargs.get("lang") or "en")  # every command's --lang
        progress.speak(lang)
        stopping.speak(lang)
        try:
            func(*args, **kwargs)
        except BjlaError as exc:
            fail(str(exc), exc.exit_code)
        finally:
            progress.speak("en")
            stopping.speak("en")

    return wrapper


def exit_code(errors: int, rejects: int = 0, *, strict: bool = False) -> int:
    """3 when an input could not be read, 1 for rejects under ``--strict``, else 0."""
    if errors:
        return 3
    return 1 if strict and rejects else 0


# The progress line on stderr (``cli_progress``): cut to the screen, with how far and
# the time left when the step knows its size.
progress = ProgressLine()
end_progress = progress.end


def write_tables(
    tables: list[NamedTable],
    fmt: Format,
    output: Path | None,
    *,
    raw: bool = False,
    style: Style | None = None,
) -> None:
    """Render tables to ``output`` or stdout (sized to the terminal when it is one)."""
    width = _terminal_width() if output is None else None
    terminal = output is None and sys.stdout.isatty()
    looks = style or Style()
    colour = output is None and colour_wanted(sys.stdout)
    if output is not None:
        progress(f"writing {output.name}")
    try:
        _write_with(
            lambda sink: render_to(
                tables,
                fmt,
                sink,
                width,
                raw=raw,
                terminal=terminal,
                style=looks,
                progress=progress,
                colour=colour,
            ),
            output,
        )
    finally:
        end_progress()


def _terminal_width() -> int | None:
    """The terminal's width when stdout is one (``COLUMNS`` wins, as in other tools)."""
    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size().columns


def write_bytes(data: bytes, output: Path | None, *, text: bool = False) -> None:
    """Rendered bytes; ``text`` ones show control characters as escapes on a terminal."""
    if text and output is None and sys.stdout.isatty():
        data = escape_controls(data.decode("utf-8", "replace"), keep="\t\n").encode()
    _write_with(lambda sink: sink.write(data), output)


def _reader_left(exc: OSError) -> bool:
    """Whether a write failed because the reading end of the pipe was closed."""
    # polars reports it as a plain OSError without an errno, naming the OS error.
    return (
        isinstance(exc, BrokenPipeError)
        or exc.errno == errno.EPIPE
        or f"os error {errno.EPIPE})" in str(exc)
    )


def _write_with(fill: Callable[[BinaryIO], object], output: Path | None) -> None:
    """Write the finished result to ``output`` whole (``output.write_output``: a failed
    run leaves the previous file as it was), or to stdout."""
    if output is not None:
        write_output(output, fill)
        return
    try:
        fill(sys.stdout.buffer)
        sys.stdout.flush()
    except OSError as exc:
        if not _reader_left(exc):
            raise OutputError(Path("standard output"), exc) from None
        # ``bjla ... | head``: the rest is not wanted. Later writes (and Python's own
        # flush at exit) go nowhere; the summary still goes to stderr.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    stopping.note_written("standard output")


# What the lines on stderr begin with and say around the data, per language.
LINE_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "warning": "warning",
        "error": "error",
        "rejected": "rejected",
        "row": "row",
        "more_rejects": "... {n} more rejected rows (write them all with --rejects FILE or"
        " see the rejects sheet of -o out.xlsx)",
        "skipped": "skipped {n} file(s) in folders that are not job histories: {names}",
        "other_categories": "skipped {n} diagnostic-archive record(s) of other categories"
        " (not backup jobs): {names}",
        "nothing": "nothing written: no job rows were read (an existing output is kept)",
    },
    "sv": {
        "warning": "varning",
        "error": "fel",
        "rejected": "avvisad",
        "row": "rad",
        "more_rejects": "... {n} avvisade rader till (skriv alla med --rejects FIL eller"
        " se bladet avvisade rader i -o ut.xlsx)",
        "skipped": "hoppade över {n} fil(er) i mappar som inte är jobbhistorik: {names}",
        "other_categories": "hoppade över {n} post(er) i diagnostikarkivet av andra kategorier"
        " (inte säkerhetskopieringsjobb): {names}",
        "nothing": "inget skrivet: inga jobbrader lästes (en befintlig utdatafil behålls)",
    },
}


def say_problems(warnings: list[str], errors: list[object], lang: str = "en") -> None:
    """Each warning and error on its own line, in ``lang``."""
    words = LINE_WORDS[lang]
    for warning in warnings:
        say(f"bjla: {words['warning']}: {said(warning, lang)}")
    for error in errors:
        say(f"bjla: {words['error']}: {said(str(error), lang)}")


def refuse_empty(
    result: RunResult,
    strict: bool,
    rejects_out: Path | None,
    *,
    raw: bool = False,
    lang: str = "en",
) -> None:
    """Write nothing when not one job row was read: an empty table or report would read
    as "no failures". The problems are said, the previous output stays, the exit is 3."""
    if not result.read_no_jobs:
        return
    report_problems(result, strict, rejects_out, raw=raw, lang=lang)
    # Not an "error:" line: the inputs' own errors above already are, one each.
    typer.echo(f"bjla: {LINE_WORDS[lang]['nothing']}", err=True)
    raise typer.Exit(3)


def report_problems(
    result: RunResult,
    strict: bool,
    rejects_out: Path | None,
    *,
    raw: bool = False,
    lang: str = "en",
) -> int:
    """Warnings, rejected rows, skipped files, errors and the summary; the exit code."""
    words = LINE_WORDS[lang]
    say_problems(result.warnings, [], lang)
    rejects = reasons_in(result.analysis.rejects, lang)
    for row in rejects.head(SHOWN_REJECTS).iter_rows(named=True):
        say(
            f"bjla: {words['rejected']}: {row['source']} {words['row']} {row['source_row']}:"
            f" {row['reason']}"
        )
    if rejects.height > SHOWN_REJECTS:
        say(f"bjla: {words['more_rejects'].format(n=rejects.height - SHOWN_REJECTS)}")
    if rejects_out is not None:
        write_tables([("rejects", rejects)], Format.csv, rejects_out, raw=raw)
    if result.skipped:
        names = ", ".join(result.skipped[:5]) + (" ..." if len(result.skipped) > 5 else "")
        say(f"bjla: {words['skipped'].format(n=len(result.skipped), names=names)}")
    if others := result.other_categories:
        names = ", ".join(f"{name} {number(n, lang)}" for name, n in others.items())
        total = number(sum(others.values()), lang)
        say(f"bjla: {words['other_categories'].format(n=total, names=names)}")
    say_problems([], list(result.errors), lang)
    say(summary(result, lang))
    return exit_code(len(result.errors), rejects.height, strict=strict)


def count(n: int, noun: str) -> str:
    """``1 failed job``, ``2 failed jobs``."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def summary(result: RunResult, lang: str = "en") -> str:
    """The closing line: sources by shape, where every row went, failures and evidence."""
    if lang == "sv":
        return summary_sv(result)
    shapes: dict[str, int] = {}
    for _, shape, _ in result.sources:
        shapes[shape] = shapes.get(shape, 0) + 1
    shape_txt = ", ".join(f"{s} x{n}" for s, n in sorted(shapes.items())) or "none"
    failed = result.analysis.failure_counts
    text = (
        f"bjla: {len(result.sources)} source(s) [{shape_txt}];"
        f" {result.analysis.accounting.summary()}; {count(failed.jobs, 'failed job')} on"
        f" {count(failed.vms, 'VM')}"
    )
    if result.evidence_files is not None:
        text += (
            f"; {result.evidence_files.height} agent log(s), {result.evidence.height:,} evidence"
            f" events ({kinds_text(result.evidence)}), {failed.evidence_backed:,} failures"
            " attributed from evidence"
        )
    return text


def summary_sv(result: RunResult) -> str:
    """The closing line in Swedish (numbers grouped with spaces, as Swedish writes them)."""
    shapes: dict[str, int] = {}
    for _, shape, _ in result.sources:
        shapes[shape] = shapes.get(shape, 0) + 1
    shape_txt = ", ".join(f"{s} x{n}" for s, n in sorted(shapes.items())) or "inga"
    acc, failed = result.analysis.accounting, result.analysis.failure_counts
    rows = (
        f"{_sv(acc.rows_read)} lästa rader = {_sv(acc.jobs)} jobb + {_sv(acc.duplicates)}"
        f" sammanslagna dubbletter + {_sv(acc.rejects)} avvisade"
    )
    if acc.outside_window:
        rows += f" + {_sv(acc.outside_window)} utanför den valda perioden"
    if acc.other_categories:
        rows += f" + {_sv(acc.other_categories)} poster av andra kategorier överhoppade"
    jobs = "misslyckat jobb" if failed.jobs == 1 else "misslyckade jobb"
    vms = "VM" if failed.vms == 1 else "VM:ar"
    text = (
        f"bjla: {len(result.sources)} {'källa' if len(result.sources) == 1 else 'källor'}"
        f" [{shape_txt}]; {rows};"
        f" {_sv(failed.jobs)} {jobs} på {_sv(failed.vms)} {vms}"
    )
    if result.evidence_files is not None:
        text += (
            f"; {result.evidence_files.height} agentlogg(ar), {_sv(result.evidence.height)}"
            f" händelser ({kinds_text(result.evidence, 'sv')}),"
            f" {_sv(failed.evidence_backed)} fel med orsak belagd i loggarna"
        )
    return text


def number(n: int, lang: str = "en") -> str:
    """A count with its thousands grouped as ``lang`` writes them (1,234 / 1 234)."""
    return integer(n, lang)


def _sv(n: int) -> str:
    return integer(n, "sv")


def kinds_text(events: pl.DataFrame, lang: str = "en") -> str:
    """``3 failure findings, 2 informational, 1 benign`` for the events' kinds."""
    counts = dict(events.get_column("kind").value_counts().iter_rows())
    failures, info, benign = (counts.get(k, 0) for k in ("failure", "info", "benign"))
    if lang == "sv":
        return f"{_sv(failures)} felfynd, {_sv(info)} informativa, {_sv(benign)} kända ofarliga"
    return f"{count(failures, 'failure finding')}, {info:,} informational, {benign:,} known benign"
