"""``bjla evidence``: the evidence events in agent logs, with or without the job histories."""

from __future__ import annotations

from typing import Annotated

import polars as pl
import typer

from analyzer.analysis import AnalyzeOptions
from analyzer.cli_options import (
    Lang,
    LangOpt,
    LogsMapOpt,
    LogTzOpt,
    OrderFlags,
    OutputFlags,
    PatternsOpt,
    catalogue,
    check_written,
    log_options,
    with_families,
)
from analyzer.cli_output import (
    end_progress,
    exit_code,
    guarded,
    kinds_text,
    number,
    progress,
    say,
    say_problems,
    write_tables,
)
from analyzer.pipeline import read_logs_only, run_analysis
from analyzer.render import NamedTable
from analyzer.texts import evidence_view


@guarded
@with_families(out=OutputFlags, order=OrderFlags)
def evidence(
    paths: Annotated[
        list[str], typer.Argument(help="Agent logs: files, folders, globs, .gz.", metavar="LOGS")
    ],
    out: OutputFlags,
    order: OrderFlags,
    jobs: Annotated[
        list[str] | None,
        typer.Option(
            "--jobs",
            help="Job histories, to flag logs whose VM has no job (repeatable).",
            metavar="<path>",
        ),
    ] = None,
    patterns: PatternsOpt = None,
    log_tz: LogTzOpt = "UTC",
    logs_map: LogsMapOpt = None,
    lang: LangOpt = Lang.en,
) -> None:
    """Print the evidence events found in guest-agent and backup-extension logs.

    Example:

        bjla evidence sample_logs/agent-logs --jobs sample_logs/jobs

        bjla evidence collected-logs/ --sort time:desc --top 20
    """
    chosen = out.format()
    check_written([("-o", out.output)], jobs or [], paths, logs_map, patterns)
    order.check("evidence")
    cat = catalogue(patterns)
    log_opts = log_options(paths, log_tz, logs_map)
    try:
        if jobs:
            run = run_analysis(
                jobs, cat, AnalyzeOptions(tables=frozenset()), logs=log_opts, progress=progress
            )
            events, files, errors, warnings = (
                run.evidence,
                run.evidence_files,
                run.errors,
                run.warnings,
            )
        else:
            logs_read = read_logs_only(log_opts, cat, progress=progress)
            events, files = logs_read.evidence, logs_read.files
            errors, warnings = logs_read.errors, logs_read.warnings
    finally:
        end_progress()
    named: list[NamedTable] = [("evidence", order.apply(evidence_view(events), "evidence", False))]
    if files is not None:
        named.append(("log-files", files))
    write_tables(named, chosen, out.output, raw=out.raw, style=out.style(lang.value))
    say_problems(warnings, list(errors), lang.value)
    unmatched = events.filter(~pl.col("matched_vm")).height if jobs else 0
    say(_evidence_summary(events, 0 if files is None else files.height, unmatched, jobs, lang))
    raise typer.Exit(exit_code(len(errors)))


def _evidence_summary(
    events: pl.DataFrame, files: int, unmatched: int, jobs: list[str] | None, lang: Lang
) -> str:
    """The closing line of ``bjla evidence``."""
    kinds, n = kinds_text(events, lang.value), number(events.height, lang.value)
    if lang is Lang.sv:
        return f"bjla: {n} händelser ({kinds}) från {files} loggfil(er)" + (
            f"; {number(unmatched, 'sv')} från VM:ar utan jobb" if jobs else ""
        )
    return f"bjla: {n} evidence events ({kinds}) from {files} log file(s)" + (
        f"; {unmatched:,} from VMs with no job" if jobs else ""
    )
