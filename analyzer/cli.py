"""The ``bjla`` command line: parse options, call the pipeline, write the result.

No analysis happens here: ``analyzer.pipeline`` runs it, ``analyzer.texts`` words it,
``analyzer.cli_output`` writes it and says what happened. The options come in families
declared once (``analyzer.cli_options``) and are all checked before any input is read.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from analyzer import __version__, stopping
from analyzer.analysis import AnalyzeOptions, Table
from analyzer.catalogue.model import Catalogue
from analyzer.cli_catalogue import columns, explain, patterns_app
from analyzer.cli_checks import check_report_dates
from analyzer.cli_evidence import evidence
from analyzer.cli_history import history_app
from analyzer.cli_options import (
    InputFlags,
    Inputs,
    Lang,
    LangOpt,
    LogFlags,
    OrderFlags,
    OutOpt,
    OutputFlags,
    PatternsOpt,
    PeriodFlags,
    StaleOpt,
    catalogue,
    check_written,
    format_option,
    parse_time,
    with_families,
)
from analyzer.cli_output import (
    end_progress,
    guarded,
    progress,
    refuse_empty,
    report_problems,
    write_bytes,
    write_tables,
)
from analyzer.cli_shell import clean_help_everywhere, completion
from analyzer.cli_templates import templates
from analyzer.distributed import run_distributed
from analyzer.pipeline import RunResult, run_analysis
from analyzer.protection import DEFAULT_STALE_HOURS
from analyzer.render import REPORT_FORMATS, Format, NamedTable
from analyzer.render.messages import reasons_in
from analyzer.report.command import ReportRequest, report_command_body
from analyzer.texts import table

app = typer.Typer(
    name="bjla",
    help=(
        "bjla - backup job log analyzer for Azure VM backup.\n\n"
        "Reads exported backup job histories (portal CSV/XLSX, PowerShell Export-Csv,"
        " az backup job list JSON, Log Analytics CSV, Resource Graph CSV) and guest-agent"
        " logs, classifies every failed job by its error code or message, picks the root"
        " cause the agent logs support, and aggregates per VM.\n\n"
        "Example:\n\n"
        "    bjla analyze sample_logs/ -o fleet.xlsx"
    ),
    invoke_without_command=True,  # plain ``bjla``: the help, exit 0 (``_root``)
    add_completion=False,  # ``bjla completion SHELL`` instead (cli_shell)
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class By(StrEnum):
    """What the analyze table has one row per."""

    vm = "vm"
    code = "code"
    cause = "cause"
    day = "day"


def _run(
    ctx: typer.Context,
    inputs: list[str],
    tables: frozenset[Table],
    *,
    patterns: list[Path] | None,
    period: PeriodFlags,
    logs: LogFlags,
    read: InputFlags,
    all_vms: bool = False,
    stale: float = DEFAULT_STALE_HOURS,
) -> tuple[RunResult, Catalogue]:
    """Every option checked, then the pipeline run for the tables wanted."""
    start, end = period.window()
    read.check(distributed=True)
    opts = AnalyzeOptions(
        since=start,
        until=end,
        window=logs.hours,
        all_vms=all_vms,
        tables=tables,
        stale_hours=stale,
    )
    cat = catalogue(patterns)
    log_opts = logs.options()
    # the same pipeline either way; with an engine its stages run as Dask tasks
    engine = read.engine()
    runner = run_analysis if engine is None else partial(run_distributed, engine=engine)
    try:
        result = runner(
            inputs,
            cat,
            opts,
            logs=log_opts,
            encoding=read.encoding,
            progress=progress,
            limits=read.limits(ctx.obj),
        )
    finally:
        end_progress()
    return result, cat


def _finish(
    result: RunResult,
    tables: list[NamedTable],
    chosen: Format,
    out: OutputFlags,
    read: InputFlags,
    lang: str,
) -> None:
    """Write the tables (none when no job row was read) and say what happened."""
    refuse_empty(result, read.strict, read.rejects, raw=out.raw, lang=lang)
    write_tables(tables, chosen, out.output, raw=out.raw, style=out.style(lang))
    raise typer.Exit(report_problems(result, read.strict, read.rejects, raw=out.raw, lang=lang))


@app.command()
@guarded
@with_families(
    out=OutputFlags, order=OrderFlags, period=PeriodFlags, logs=LogFlags, read=InputFlags
)
def analyze(
    ctx: typer.Context,
    inputs: Inputs,
    out: OutputFlags,
    order: OrderFlags,
    period: PeriodFlags,
    logs: LogFlags,
    read: InputFlags,
    by: Annotated[By, typer.Option("--by", help="One row per vm, code, cause or day.")] = By.vm,
    lang: LangOpt = Lang.en,
    patterns: PatternsOpt = None,
    all_vms: Annotated[
        bool, typer.Option("--all-vms", help="Include VMs without failures or gaps.")
    ] = False,
    stale: StaleOpt = DEFAULT_STALE_HOURS,
) -> None:
    """Aggregate failures per VM (or per code, cause, day), with each VM's protection now.

    By VM, the rows are the VMs that failed or are not protected now: failing (the latest
    backup failed), stale (no successful backup within --stale hours) or silent (no job at
    all within them); "now" is the newest job in the inputs.

    Example:

        bjla analyze sample_logs/ --logs sample_logs/agent-logs -o fleet.xlsx

        bjla analyze exports/ --sort hours_since_success --top 20
    """
    chosen = out.format()
    order.check(f"by-{by.value}")
    check_written(
        [("-o", out.output), ("--rejects", read.rejects)],
        inputs,
        logs.logs,
        logs.logs_map,
        patterns,
    )
    wanted = Table(f"by-{by.value}")
    # Only the workbook lists the failed jobs themselves; the other formats write the
    # aggregate alone, so the pipeline keeps no whole failure records for them.
    workbook = chosen is Format.xlsx
    tables = frozenset({wanted, Table.failures} if workbook else {wanted})
    result, cat = _run(
        ctx,
        inputs,
        tables,
        patterns=patterns,
        period=period,
        logs=logs,
        read=read,
        all_vms=all_vms,
        stale=stale,
    )
    analysis = result.analysis
    rows = table(analysis, wanted, cat, lang.value)
    terminal = out.output is None and chosen is Format.table
    named: list[NamedTable] = [(wanted.value, order.apply(rows, wanted.value, terminal))]
    if workbook:
        named += [
            ("failures", table(analysis, Table.failures, cat, lang.value)),
            ("rejects", reasons_in(analysis.rejects, lang.value)),
        ]
    _finish(result, named, chosen, out, read, lang.value)


@app.command()
@guarded
@with_families(
    out=OutputFlags, order=OrderFlags, period=PeriodFlags, logs=LogFlags, read=InputFlags
)
def failures(
    ctx: typer.Context,
    inputs: Inputs,
    out: OutputFlags,
    order: OrderFlags,
    period: PeriodFlags,
    logs: LogFlags,
    read: InputFlags,
    lang: LangOpt = Lang.en,
    patterns: PatternsOpt = None,
) -> None:
    """One classified row per failed job.

    Example:

        bjla failures jobs.csv --since 2026-11-16 -f tsv | less -S

        bjla failures exports/ --sort start_time --top 50
    """
    chosen = out.format()
    order.check("failures")
    check_written(
        [("-o", out.output), ("--rejects", read.rejects)],
        inputs,
        logs.logs,
        logs.logs_map,
        patterns,
    )
    result, cat = _run(
        ctx,
        inputs,
        frozenset({Table.failures}),
        patterns=patterns,
        period=period,
        logs=logs,
        read=read,
    )
    analysis = result.analysis
    rows = order.apply(table(analysis, Table.failures, cat, lang.value), "failures", False)
    rejects = reasons_in(analysis.rejects, lang.value)
    named: list[NamedTable] = [("failures", rows), ("rejects", rejects)]
    _finish(result, named, chosen, out, read, lang.value)


app.command()(evidence)  # in cli_evidence.py; listed here to keep the help's order


@app.command()
@guarded
@with_families(period=PeriodFlags, logs=LogFlags, read=InputFlags)
def report(
    ctx: typer.Context,
    inputs: Inputs,
    period: PeriodFlags,
    logs: LogFlags,
    read: InputFlags,
    output: OutOpt = None,
    fmt: Annotated[
        Format | None,
        format_option(REPORT_FORMATS, "html, md or xlsx (default: from -o, else md)."),
    ] = None,
    week: Annotated[
        str | None,
        typer.Option(
            "--week",
            metavar="<week>",
            help="ISO week, e.g. 2026-W47 (default: the last complete week in the data;"
            " --since/--until name whole days in --tz instead).",
        ),
    ] = None,
    tz: Annotated[
        str, typer.Option("--tz", help="Time zone of days and weeks.", metavar="<zone>")
    ] = "UTC",
    lang: LangOpt = Lang.en,
    patterns: PatternsOpt = None,
    stale: StaleOpt = DEFAULT_STALE_HOURS,
    now: Annotated[
        str | None, typer.Option("--now", hidden=True, help="Pretend it is this time (tests).")
    ] = None,
) -> None:
    """Weekly fleet failure report: this week next to the one before, with charts and fixes.

    It opens with the VMs unprotected now (failing, stale: no successful backup within
    --stale hours, silent: no job at all within them) and shows the last 12 weeks the
    inputs cover; a history folder (bjla history add) keeps them across runs.

    Example:

        bjla report sample_logs/ --logs sample_logs/agent-logs --week 2026-W47 -o report.html
    """
    read.check()
    check_report_dates(week, period.since, period.until)
    moment = parse_time(now, "--now") or datetime.now(UTC)
    check_written(
        [("-o", output), ("--rejects", read.rejects)], inputs, logs.logs, logs.logs_map, patterns
    )
    log_opts = logs.options()
    request = ReportRequest(
        inputs=inputs,
        output=output,
        fmt=fmt,
        week=week,
        since=period.since,
        until=period.until,
        tz=tz,
        lang=lang.value,
        window=logs.hours,
        stale_hours=stale,
    )
    try:
        run = report_command_body(
            request,
            catalogue(patterns),
            now=moment,
            logs=log_opts,
            encoding=read.encoding,
            progress=progress,
            limits=read.limits(ctx.obj),
        )
    finally:
        end_progress()
    refuse_empty(run.result, read.strict, read.rejects, lang=lang.value)
    if run.note:
        typer.echo(f"bjla: {run.note} (choose another with --week or --since/--until)", err=True)
    write_bytes(run.data, output, text=run.fmt is not Format.xlsx)
    raise typer.Exit(report_problems(run.result, read.strict, read.rejects, lang=lang.value))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bjla {__version__}")
        raise typer.Exit()


app.command()(templates)
app.add_typer(history_app, name="history")
app.command()(explain)
app.add_typer(patterns_app, name="patterns")
app.command()(columns)
app.command()(completion)
clean_help_everywhere(app)


@app.callback()
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """bjla - backup job log analyzer."""
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit()


def main() -> None:
    """Console-script entry point (``analyzer.entry.main`` starts the stop watcher earlier,
    before polars is imported; this call then does nothing)."""
    stopping.watch()
    app()


__all__ = ["app", "main"]
