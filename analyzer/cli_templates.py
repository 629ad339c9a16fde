"""``bjla templates``: the failures and log lines the catalogue does not explain, grouped.

The job inputs are read and classified as ``failures`` reads them; the failed jobs left
unclassified give their messages, and the agent logs (``--logs``, and logs met among the
inputs) their error and warning lines that no signal or benign rule matches. Both are
mined into templates (``analyzer.templates``); ``--as-patterns DIR`` writes them as draft
catalogue entries (``analyzer.drafts``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import polars as pl
import typer

from analyzer.analysis import AnalyzeOptions, Table
from analyzer.catalogue.model import Catalogue
from analyzer.cli_options import (
    InputFlags,
    Inputs,
    Lang,
    LangOpt,
    LogFlags,
    OrderFlags,
    OutputFlags,
    PatternsOpt,
    PeriodFlags,
    catalogue,
    check_written,
    with_families,
)
from analyzer.cli_output import (
    end_progress,
    guarded,
    number,
    progress,
    refuse_empty,
    say,
    say_problems,
    write_tables,
)
from analyzer.drafts import write_drafts
from analyzer.evidence.unmatched import unmatched_lines
from analyzer.inputs import Workspace
from analyzer.pipeline import RunResult, load, log_files
from analyzer.schema import UNCLASSIFIED
from analyzer.stopping import scratch_folder
from analyzer.templates import DEFAULT_SIMILARITY, failure_lines, mine


@guarded
@with_families(
    out=OutputFlags, order=OrderFlags, period=PeriodFlags, logs=LogFlags, read=InputFlags
)
def templates(
    ctx: typer.Context,
    inputs: Inputs,
    out: OutputFlags,
    order: OrderFlags,
    period: PeriodFlags,
    logs: LogFlags,
    read: InputFlags,
    patterns: PatternsOpt = None,
    similarity: Annotated[
        float,
        typer.Option(
            "--similarity",
            help="Share of words two lines must have in common to share a template.",
            min=0.1,
            max=1.0,
            metavar="<0.1-1>",
        ),
    ] = DEFAULT_SIMILARITY,
    min_count: Annotated[
        int,
        typer.Option(
            "--min-count", help="Leave out templates seen fewer times.", min=1, metavar="<n>"
        ),
    ] = 1,
    as_patterns: Annotated[
        Path | None,
        typer.Option(
            "--as-patterns",
            help="Also write the templates as draft catalogue entries to DIR/drafts.toml.",
            file_okay=False,
            metavar="<dir>",
        ),
    ] = None,
    lang: LangOpt = Lang.en,
) -> None:
    """Group the failures and log lines the catalogue does not know into templates.

    Unclassified failure messages, and agent-log errors and warnings that no signal
    matches, with their variable parts (ids, times, paths, numbers) masked; each template
    with its count, VMs, first and last time and one example. Most frequent first.

    Example:

        bjla templates exports/ --logs collected-logs/ --as-patterns my-patterns/
    """
    chosen = out.format()
    check_written([("-o", out.output)], inputs, logs.logs, logs.logs_map, patterns)
    order.check("templates")
    start, end = period.window()
    read.check()
    cat = catalogue(patterns)
    opts = AnalyzeOptions(
        since=start, until=end, window=logs.hours, tables=frozenset({Table.failures})
    )
    try:
        result, lines = _lines(ctx, inputs, cat, opts, logs, read)
    finally:
        end_progress()
    refuse_empty(result, read.strict, read.rejects, raw=out.raw, lang=lang.value)
    found = mine(lines, cat, similarity).filter(pl.col("count") >= min_count)
    write_tables(
        [("templates", order.apply(found, "templates", False))],
        chosen,
        out.output,
        raw=out.raw,
        style=out.style(lang.value),
    )
    say_problems(result.warnings, list(result.errors), lang.value)
    jobs = lines.filter(pl.col("origin") == "job").height
    say(_summary(found.height, jobs, lines.height - jobs, lang.value))
    if as_patterns is not None:
        drafted = write_drafts(found, cat, as_patterns)
        left = (
            f"; {drafted.left_out} left out (they would not validate)" if drafted.left_out else ""
        )
        if lang is Lang.sv:
            left = f"; {drafted.left_out} utelämnade (de skulle inte valideras)" if left else ""
            say(f"bjla: {drafted.written} utkast skrivna till {drafted.path}{left}")
        else:
            say(f"bjla: {drafted.written} draft entries written to {drafted.path}{left}")
    raise typer.Exit(3 if result.errors else 0)


def _summary(templates: int, jobs: int, log_lines: int, lang: str) -> str:
    """The closing line of ``bjla templates``."""
    if lang == "sv":
        return (
            f"bjla: {number(templates, lang)} mall(ar) från {number(jobs, lang)} oklassificerade"
            f" felmeddelande(n) och {number(log_lines, lang)} oförklarade loggrader"
        )
    return (
        f"bjla: {templates:,} template(s) from {jobs:,} unclassified failure message(s)"
        f" and {log_lines:,} unexplained log line(s)"
    )


def _lines(
    ctx: typer.Context,
    inputs: list[str],
    cat: Catalogue,
    opts: AnalyzeOptions,
    logs: LogFlags,
    read: InputFlags,
) -> tuple[RunResult, pl.DataFrame]:
    """The run, and the unexplained messages and log lines (``LINE_SCHEMA``)."""
    log_opts = logs.options()
    limits = read.limits(ctx.obj)
    with load(inputs, cat, encoding=read.encoding, progress=progress, limits=limits) as loaded:
        result = loaded.analyze(opts)
        with scratch_folder() as tmp:
            files = log_files(
                log_opts.specs, Workspace(tmp), loaded.jobs.found_logs, result.errors, limits
            )
            progress(f"reading {len(files)} agent log file(s)")
            log_lines = unmatched_lines(files, cat, log_tz=log_opts.log_tz, vm_map=log_opts.vm_map)
    return result, pl.concat([_job_lines(result), log_lines])


def _job_lines(result: RunResult) -> pl.DataFrame:
    return failure_lines(result.analysis.failures.filter(pl.col("code") == UNCLASSIFIED))
