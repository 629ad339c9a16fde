"""``bjla history``: keep every job record seen in a folder that any command reads back.

    bjla history add INPUT... --into DIR     merge exports into the store (idempotent)
    bjla history show DIR                    what the store holds, day by day
    bjla history prune DIR --before DATE     drop the days before DATE

The store itself is ``analyzer.history``; reading exports into it, ``analyzer.history_add``.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Annotated

import polars as pl
import typer

from analyzer import history
from analyzer.cli_options import (
    InputFlags,
    Inputs,
    Lang,
    LangOpt,
    OrderFlags,
    OutputFlags,
    with_families,
)
from analyzer.cli_output import (
    end_progress,
    guarded,
    number,
    progress,
    say,
    say_problems,
    write_tables,
)
from analyzer.errors import UsageError
from analyzer.history_add import HistoryAdd, add_inputs
from analyzer.render.messages import said

history_app = typer.Typer(
    help=(
        "Keep every job record seen, across runs, in one folder (a history store).\n\n"
        "Every command reads the folder as an INPUT.\n\n"
        "Example:\n\n"
        "    bjla history add exports/week47/ --into backup-history/\n\n"
        "    bjla report backup-history/ --week 2026-W47 -o week47.html"
    ),
    no_args_is_help=True,
)

StoreOpt = Annotated[
    Path,
    typer.Option("--into", help="The history folder (created if new).", file_okay=False),
]
StoreArg = Annotated[Path, typer.Argument(help="The history folder.", exists=True, file_okay=False)]


@history_app.command("add")
@guarded
@with_families(read=InputFlags)
def add(
    ctx: typer.Context,
    inputs: Inputs,
    into: StoreOpt,
    read: InputFlags,
    lang: LangOpt = Lang.en,
) -> None:
    """Merge job-history exports into the store: job ids already kept are merged, adding
    the same export again changes nothing, and a stopped run leaves the store as it was.

    Example:

        bjla history add exports/*.csv --into backup-history/
    """
    read.check()
    if into.exists() and any(into.iterdir()) and not history.is_store(into):
        raise UsageError(f"{into} is a folder with other files, not a history store")
    try:
        report = add_inputs(
            inputs, into, encoding=read.encoding, limits=read.limits(ctx.obj), progress=progress
        )
    finally:
        end_progress()
    say_problems(report.warnings, [], lang.value)
    for line in report.reject_lines:
        say(f"bjla: {_rejected(line, lang.value)}")
    say_problems([], list(report.errors), lang.value)
    say(f"bjla: {_add_summary(report) if lang is Lang.sv else report.summary()}")
    code = 3 if report.errors else (1 if read.strict and report.rejected else 0)
    raise typer.Exit(code)


_REJECT_LINE = re.compile(r"(?P<source>.+) row (?P<row>\d+): (?P<reason>.*)", re.DOTALL)


def _rejected(line: str, lang: str) -> str:
    """A ``source row N: reason`` line after ``bjla: rejected:``, in ``lang``."""
    found = _REJECT_LINE.fullmatch(line)
    if lang != "sv" or found is None:
        return f"rejected: {line}"
    return f"avvisad: {found['source']} rad {found['row']}: {said(found['reason'], lang)}"


def _add_summary(report: HistoryAdd) -> str:
    """``AddReport.summary`` in Swedish."""
    new = report.records_after - report.records_before
    skipped = report.skipped
    others = f" + {number(skipped, 'sv')} poster av andra kategorier överhoppade" if skipped else ""
    return (
        f"{number(report.rows_read, 'sv')} lästa rader = {number(new, 'sv')} nya jobbposter"
        f" + {number(report.merged, 'sv')} redan sparade eller sammanslagna"
        f" + {number(report.rejected, 'sv')} avvisade{others}; {report.store} rymmer"
        f" {number(report.records_after, 'sv')} jobbposter"
        f" ({number(report.days_changed, 'sv')} dagsfil(er) skrivna)"
    )


@history_app.command("show")
@guarded
@with_families(out=OutputFlags, order=OrderFlags)
def show(store: StoreArg, out: OutputFlags, order: OrderFlags, lang: LangOpt = Lang.en) -> None:
    """One row per day kept: its date and number of job records.

    Example:

        bjla history show backup-history/ --sort records --top 10
    """
    chosen = out.format()
    order.check("history")
    manifest = _manifest(store)
    days = pl.DataFrame(
        {
            "day": sorted(manifest.records),
            "records": [manifest.records[d] for d in sorted(manifest.records)],
        },
        schema={"day": pl.String, "records": pl.Int64},
    )
    shown = order.apply(days, "history", False)
    write_tables([("history", shown)], chosen, out.output, raw=out.raw, style=out.style(lang.value))
    total, days_kept = manifest.total(), len(manifest.records)
    if lang is Lang.sv:
        say(f"bjla: {store}: {number(total, 'sv')} jobbposter på {number(days_kept, 'sv')} dag(ar)")
    else:
        say(f"bjla: {store}: {total:,} job records on {days_kept:,} day(s)")


@history_app.command("prune")
@guarded
def prune(
    store: StoreArg,
    before: Annotated[
        str,
        typer.Option(
            "--before", help="Drop the days before this date (YYYY-MM-DD).", metavar="<date>"
        ),
    ],
    lang: LangOpt = Lang.en,
) -> None:
    """Drop the days before a date from the store (jobs without a start time stay).

    Example:

        bjla history prune backup-history/ --before 2026-01-01
    """
    try:
        day = date.fromisoformat(before)
    except ValueError:
        raise UsageError(f"--before: {before!r} is not a date (YYYY-MM-DD)") from None
    _manifest(store)
    removed = history.prune(store, day)
    if lang is Lang.sv:
        say(f"bjla: {number(removed, 'sv')} jobbposter före {day} borttagna ur {store}")
    else:
        say(f"bjla: {removed:,} job records before {day} removed from {store}")


def _manifest(store: Path) -> history.Manifest:
    if not history.is_store(store):
        raise UsageError(f"{store} is not a history store (no {history.MANIFEST})")
    return history.read_manifest(store)
