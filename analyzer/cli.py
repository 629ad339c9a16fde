"""The ``bjla`` command line: parse options, call the library, write the result.

No analysis happens here. Results go to stdout or ``-o``; the summary line, warnings,
errors and progress go to stderr, so pipes stay clean. Typed errors from the core
become one line each; exit codes: 0 done, 2 usage, 3 an input could not be read.
"""

from __future__ import annotations

import codecs
import errno
import functools
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated, BinaryIO, NoReturn, ParamSpec

import polars as pl
import typer

from analyzer import __version__, stopping
from analyzer.analysis import AnalyzeOptions
from analyzer.catalogue.load import load_catalogue, validate_dir
from analyzer.catalogue.model import Catalogue
from analyzer.cli_checks import MAX_WINDOW_HOURS, check_outputs, check_report_dates, year_problem
from analyzer.columns import reference
from analyzer.errors import BjlaError
from analyzer.evidence import load_vm_map
from analyzer.evidence.read import check_zone
from analyzer.limits import DEFAULT_LIMITS, MIB, SHEET_ROWS_OPTION, UNPACKED_OPTION, Limits
from analyzer.output import OutputError, write_output
from analyzer.render import NamedTable, OutputFormat, choose_format, escape_controls, render_to
from analyzer.render.explain import entry_text, explain_text, patterns_table
from analyzer.render.formats import ReportFormat
from analyzer.report.command import ReportRequest, report_command_body
from analyzer.run import LogOptions, RunResult, run_analysis
from analyzer.vm_info import load_vm_info

P = ParamSpec("P")

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
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class By(StrEnum):
    """What the analyze table has one row per."""

    vm = "vm"
    code = "code"
    cause = "cause"
    day = "day"


class Lang(StrEnum):
    """Language of messages, titles and fix steps."""

    en = "en"
    sv = "sv"


Inputs = Annotated[
    list[str],
    typer.Argument(
        help="Job-history files, folders, globs or - for stdin (.gz accepted).",
        show_default=False,
        metavar="INPUT",
    ),
]
LogsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--logs",
        help="Agent logs: file, folder or glob (repeatable).",
        show_default=False,
        metavar="<path>",
    ),
]


def _writable_target(path: Path | None) -> Path | None:
    """Refuse a file in a missing folder before any input is read, not after the run."""
    if path is not None:
        folder = path.parent
        if not folder.is_dir():
            raise typer.BadParameter(f"the folder {folder} does not exist; create it first")
        if path.is_dir():
            raise typer.BadParameter(f"{path} is a folder; give a file name")
    return path


OutOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write here (format from the extension).",
        callback=_writable_target,
    ),
]
FormatOpt = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format", "-f", help="Output format (default: table on a terminal, CSV on a pipe)."
    ),
]
SinceOpt = Annotated[
    str | None,
    typer.Option(help="Only jobs started on/after this date or time (UTC).", metavar="<date>"),
]
UntilOpt = Annotated[
    str | None,
    typer.Option(help="Only jobs started before this date or time (UTC).", metavar="<date>"),
]
LangOpt = Annotated[Lang, typer.Option("--lang", help="Language of titles and fixes.")]
PatternsOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--patterns",
        help="A folder of catalogue TOML that overlays the built-in one (repeatable).",
        metavar="<dir>",
        exists=True,
        file_okay=False,
    ),
]
LogTzOpt = Annotated[
    str,
    typer.Option(
        "--log-tz", help="Time zone of agent logs written in local time.", metavar="<zone>"
    ),
]
LogsMapOpt = Annotated[
    Path | None,
    typer.Option(
        "--logs-map",
        help="CSV with columns path,vm naming the VM of each log.",
        exists=True,
        dir_okay=False,
    ),
]
VmInfoOpt = Annotated[
    Path | None,
    typer.Option(
        "--vm-info",
        help="CSV with columns vm,os (windows or linux), or `az vm list -o json`: the OS of "
        "VMs without agent logs, so their fixes fit it.",
        exists=True,
        dir_okay=False,
    ),
]
WindowOpt = Annotated[
    float,
    typer.Option(
        "--window",
        help="Hours before a job in which log evidence counts.",
        min=0.0,
        max=MAX_WINDOW_HOURS,
        metavar="<hours>",
    ),
]
EncodingOpt = Annotated[
    str,
    typer.Option(
        "--encoding", help="Input encoding: auto, utf-8, utf-16, cp1252, ...", metavar="<name>"
    ),
]
RejectsOpt = Annotated[
    Path | None,
    typer.Option(
        "--rejects",
        help="Also write every rejected row to this CSV file.",
        callback=_writable_target,
    ),
]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Exit 1 when any row was rejected.")]
RawOpt = Annotated[
    bool,
    typer.Option(
        "--raw",
        help="CSV/TSV: write cells starting with = + - @ as they are (no leading ').",
    ),
]


def _say(text: str, *, keep_lines: bool = False) -> None:
    """One line on stderr, with control characters from the data shown as escapes."""
    typer.echo(escape_controls(text, keep="\n" if keep_lines else ""), err=True)


MaxUnpackedOpt = Annotated[
    int | None,
    typer.Option(
        UNPACKED_OPTION,
        help="Most MB one .gz or XLSX input may unpack to (default: 1024 for .gz, 256 for"
        " XLSX, or 100 times the file's size if more).",
        min=1,
        metavar="<MB>",
    ),
]
MaxSheetRowsOpt = Annotated[
    int,
    typer.Option(SHEET_ROWS_OPTION, help="Most rows of one XLSX sheet read.", min=1, metavar="<n>"),
]


def _limits(ctx: typer.Context, max_unpacked_mb: int | None, max_sheet_rows: int) -> Limits:
    """The limits, with the caps the user raised; a caller may start from its own
    (``app(obj=Limits(...))``: tests use small block sizes)."""
    base = ctx.obj if isinstance(ctx.obj, Limits) else DEFAULT_LIMITS
    unpacked = None if max_unpacked_mb is None else max_unpacked_mb * MIB
    return replace(base, unpacked_override=unpacked, sheet_rows=max_sheet_rows)


def _fail(message: str, code: int) -> NoReturn:
    _say(f"bjla: error: {message}", keep_lines=True)
    raise typer.Exit(code)


def _parse_time(value: str | None, option: str) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise typer.BadParameter(
            f"'{value}' is not a date; use 2026-11-16 or 2026-11-16T22:00", param_hint=option
        ) from None
    if problem := year_problem(parsed):
        raise typer.BadParameter(f"'{value}': {problem}", param_hint=option)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _window(since: str | None, until: str | None) -> tuple[datetime | None, datetime | None]:
    start, end = _parse_time(since, "--since"), _parse_time(until, "--until")
    if start is not None and end is not None and end <= start:
        raise typer.BadParameter(f"{until} is not after --since {since}", param_hint="--until")
    return start, end


def _check_encoding(encoding: str) -> None:
    """Refuse an encoding Python does not know before any input is read."""
    if encoding == "auto":
        return
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise typer.BadParameter(
            f"unknown encoding '{encoding}'; use auto, utf-8, utf-16, cp1252, ...",
            param_hint="--encoding",
        ) from None


def _check_outputs(
    output: Path | None,
    rejects: Path | None,
    inputs: list[str],
    logs: list[str] | None,
    logs_map: Path | None,
    patterns: list[Path] | None,
) -> None:
    """Refuse ``-o`` or ``--rejects`` naming a file the run reads, before reading it."""
    check_outputs(
        [("-o", output), ("--rejects", rejects)],
        [*inputs, *(logs or [])],
        [logs_map, *(patterns or [])],
    )


def _shown(text: str) -> str:
    """Catalogue text for the terminal (an overlay's control characters as escapes)."""
    return escape_controls(text, keep="\n\t")


def _output_format(fmt: OutputFormat | None, output: Path | None) -> OutputFormat:
    """The format to write, decided before any input is read so a bad -o fails at once."""
    return choose_format(fmt, output, sys.stdout.isatty())


def _catalogue(patterns: list[Path] | None) -> Catalogue:
    return load_catalogue(tuple(patterns or ()))


def _progress(message: str) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\r\033[K{escape_controls(message)}")  # names a file: data
        sys.stderr.flush()


def _end_progress() -> None:
    if sys.stderr.isatty():
        sys.stderr.write("\r\033[K")


def _write(
    tables: list[NamedTable], fmt: OutputFormat, output: Path | None, *, raw: bool = False
) -> None:
    width = _terminal_width() if output is None else None
    terminal = output is None and sys.stdout.isatty()
    _write_with(
        lambda sink: render_to(tables, fmt, sink, width, raw=raw, terminal=terminal), output
    )


def _terminal_width() -> int | None:
    """The terminal's width when stdout is one (``COLUMNS`` wins, as in other tools)."""
    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size().columns


def _write_bytes(data: bytes, output: Path | None, *, text: bool = False) -> None:
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


def _refuse_empty(
    result: RunResult, strict: bool, rejects_out: Path | None, *, raw: bool = False
) -> None:
    """Write nothing when not one job row was read: an empty table or report would read
    as "no failures". The problems are said, the previous output stays, the exit is 3."""
    if not result.read_no_jobs:
        return
    _report_problems(result, strict, rejects_out, raw=raw)
    # Not an "error:" line: the inputs' own errors above already are, one each.
    typer.echo(
        "bjla: nothing written: no job rows were read (an existing output is kept)", err=True
    )
    raise typer.Exit(3)


def _report_problems(
    result: RunResult, strict: bool, rejects_out: Path | None, *, raw: bool = False
) -> int:
    for warning in result.warnings:
        _say(f"bjla: warning: {warning}")
    rejects = result.analysis.rejects
    for row in rejects.head(5).iter_rows(named=True):
        _say(f"bjla: rejected: {row['source']} row {row['source_row']}: {row['reason']}")
    if rejects.height > 5:
        hint = "write them all with --rejects FILE or see the rejects sheet of -o out.xlsx"
        _say(f"bjla: ... {rejects.height - 5} more rejected rows ({hint})")
    if rejects_out is not None:
        _write([("rejects", rejects)], OutputFormat.csv, rejects_out, raw=raw)
    if result.skipped:
        names = ", ".join(result.skipped[:5]) + (" ..." if len(result.skipped) > 5 else "")
        _say(
            f"bjla: skipped {len(result.skipped)} file(s) in folders that are not job"
            f" histories: {names}"
        )
    for error in result.errors:
        _say(f"bjla: error: {error}")
    _say(_summary(result))
    if result.errors:
        return 3
    return 1 if strict and rejects.height else 0


def _count(n: int, noun: str) -> str:
    """``1 failed job``, ``2 failed jobs``."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _summary(result: RunResult) -> str:
    shapes: dict[str, int] = {}
    for _, shape, _ in result.sources:
        shapes[shape] = shapes.get(shape, 0) + 1
    shape_txt = ", ".join(f"{s} x{n}" for s, n in sorted(shapes.items())) or "none"
    failed = result.analysis.failure_counts
    text = (
        f"bjla: {len(result.sources)} source(s) [{shape_txt}];"
        f" {result.analysis.accounting.summary()}; {_count(failed.jobs, 'failed job')} on"
        f" {_count(failed.vms, 'VM')}"
    )
    if result.evidence_files is not None:
        text += (
            f"; {result.evidence_files.height} agent log(s), {result.evidence.height:,} evidence"
            f" events ({_kinds_text(result.evidence)}), {failed.evidence_backed:,} failures"
            " attributed from evidence"
        )
    return text


def _log_options(
    logs: list[str] | None, log_tz: str, logs_map: Path | None, vm_info: Path | None = None
) -> LogOptions:
    """Where the agent logs are, their zone, the path-to-VM map and the VMs' OS if given."""
    check_zone(log_tz)
    vm_map = load_vm_map(logs_map) if logs_map else None
    info = load_vm_info(vm_info) if vm_info else None
    return LogOptions(specs=logs or (), log_tz=log_tz, vm_map=vm_map, vm_info=info)


def _run(
    inputs: list[str],
    *,
    since: str | None,
    until: str | None,
    lang: Lang,
    patterns: list[Path] | None,
    logs: list[str] | None,
    log_tz: str,
    logs_map: Path | None,
    window: float,
    encoding: str,
    limits: Limits = DEFAULT_LIMITS,
    vm_info: Path | None = None,
    all_vms: bool = False,
    compact_failures: bool = False,
    vm_rows_only: bool = False,
) -> tuple[RunResult, Catalogue, AnalyzeOptions]:
    start, end = _window(since, until)
    _check_encoding(encoding)
    opts = AnalyzeOptions(
        since=start,
        until=end,
        lang=lang.value,
        window=timedelta(hours=window),
        all_vms=all_vms,
        compact_failures=compact_failures,
        vm_rows_only=vm_rows_only,
    )
    cat = _catalogue(patterns)
    log_opts = _log_options(logs, log_tz, logs_map, vm_info)
    try:
        result = run_analysis(
            inputs, cat, opts, logs=log_opts, encoding=encoding, progress=_progress, limits=limits
        )
    finally:
        _end_progress()
    return result, cat, opts


def guarded(func: Callable[P, None]) -> Callable[P, None]:
    """Turn the core's typed errors into one line on stderr and their exit code."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            func(*args, **kwargs)
        except BjlaError as exc:
            _fail(str(exc), exc.exit_code)

    return wrapper


@app.command()
@guarded
def analyze(
    ctx: typer.Context,
    inputs: Inputs,
    by: Annotated[By, typer.Option("--by", help="One row per vm, code, cause or day.")] = By.vm,
    logs: LogsOpt = None,
    output: OutOpt = None,
    fmt: FormatOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    lang: LangOpt = Lang.en,
    patterns: PatternsOpt = None,
    log_tz: LogTzOpt = "UTC",
    logs_map: LogsMapOpt = None,
    vm_info: VmInfoOpt = None,
    window: WindowOpt = 24.0,
    all_vms: Annotated[
        bool, typer.Option("--all-vms", help="Include VMs without failures.")
    ] = False,
    encoding: EncodingOpt = "auto",
    rejects: RejectsOpt = None,
    strict: StrictOpt = False,
    raw: RawOpt = False,
    max_unpacked_mb: MaxUnpackedOpt = None,
    max_sheet_rows: MaxSheetRowsOpt = DEFAULT_LIMITS.sheet_rows,
) -> None:
    """Aggregate failures per VM (or per code, cause, day).

    Example:

        bjla analyze sample_logs/ --logs sample_logs/agent-logs -o fleet.xlsx
    """
    chosen = _output_format(fmt, output)
    _check_outputs(output, rejects, inputs, logs, logs_map, patterns)
    result, cat, opts = _run(
        inputs,
        since=since,
        until=until,
        lang=lang,
        patterns=patterns,
        logs=logs,
        log_tz=log_tz,
        logs_map=logs_map,
        vm_info=vm_info,
        window=window,
        encoding=encoding,
        limits=_limits(ctx, max_unpacked_mb, max_sheet_rows),
        all_vms=all_vms,
        # Only the workbook lists the failed jobs themselves; the other formats write the
        # aggregate alone, so the failures can be kept compact, or not at all for --by vm.
        compact_failures=chosen is not OutputFormat.xlsx,
        vm_rows_only=by is By.vm and chosen is not OutputFormat.xlsx,
    )
    analysis = result.analysis
    table = {
        By.vm: analysis.by_vm,
        By.code: analysis.by_code,
        By.cause: analysis.by_cause,
        By.day: analysis.by_day,
    }[by](cat, opts)
    tables: list[NamedTable] = [(f"by-{by.value}", table)]
    if chosen is OutputFormat.xlsx:
        tables += [("failures", failure_view(analysis.failures)), ("rejects", analysis.rejects)]
    _refuse_empty(result, strict, rejects, raw=raw)
    _write(tables, chosen, output, raw=raw)
    raise typer.Exit(_report_problems(result, strict, rejects, raw=raw))


FAILURE_COLUMNS = [
    "vm",
    "resource_group",
    "vault",
    "operation",
    "start_time",
    "end_time",
    "duration_s",
    "job_id",
    "error_code",
    "error_number",
    "error_message",
    "code",
    "match",
    "category",
    "cause",
    "cause_title",
    "cause_confidence",
    "evidence",
    "fix",
    "doc_url",
    "source",
    "source_row",
]


def failure_view(failures: pl.DataFrame) -> pl.DataFrame:
    """Failed jobs in a stable order with the columns users read."""
    if failures.height == 0 and not failures.columns:
        return failures
    return failures.sort(["start_time", "vm", "job_id"], nulls_last=True).select(FAILURE_COLUMNS)


@app.command()
@guarded
def failures(
    ctx: typer.Context,
    inputs: Inputs,
    logs: LogsOpt = None,
    output: OutOpt = None,
    fmt: FormatOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    lang: LangOpt = Lang.en,
    patterns: PatternsOpt = None,
    log_tz: LogTzOpt = "UTC",
    logs_map: LogsMapOpt = None,
    vm_info: VmInfoOpt = None,
    window: WindowOpt = 24.0,
    encoding: EncodingOpt = "auto",
    rejects: RejectsOpt = None,
    strict: StrictOpt = False,
    raw: RawOpt = False,
    max_unpacked_mb: MaxUnpackedOpt = None,
    max_sheet_rows: MaxSheetRowsOpt = DEFAULT_LIMITS.sheet_rows,
) -> None:
    """One classified row per failed job.

    Example:

        bjla failures jobs.csv --since 2026-11-16 -f tsv | less -S
    """
    chosen = _output_format(fmt, output)
    _check_outputs(output, rejects, inputs, logs, logs_map, patterns)
    result, _, _ = _run(
        inputs,
        since=since,
        until=until,
        lang=lang,
        patterns=patterns,
        logs=logs,
        log_tz=log_tz,
        logs_map=logs_map,
        vm_info=vm_info,
        window=window,
        encoding=encoding,
        limits=_limits(ctx, max_unpacked_mb, max_sheet_rows),
    )
    tables: list[NamedTable] = [
        ("failures", failure_view(result.analysis.failures)),
        ("rejects", result.analysis.rejects),
    ]
    _refuse_empty(result, strict, rejects, raw=raw)
    _write(tables, chosen, output, raw=raw)
    raise typer.Exit(_report_problems(result, strict, rejects, raw=raw))


@app.command()
@guarded
def explain(
    code: Annotated[str, typer.Argument(help="An error code, variant spelling or numeric code.")],
    lang: LangOpt = Lang.en,
    patterns: PatternsOpt = None,
) -> None:
    """Print a code's message, its causes in documentation order and each fix.

    Example:

        bjla explain GuestAgentSnapshotTaskStatusError --lang sv
    """
    typer.echo(_shown(explain_text(_catalogue(patterns), code, lang.value)), nl=False)


patterns_app = typer.Typer(
    help=(
        "List, show and validate the pattern catalogue.\n\n"
        "Example:\n\n"
        "    bjla patterns validate ./my-patterns"
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(patterns_app, name="patterns")


@patterns_app.command("list")
@guarded
def patterns_list(
    output: OutOpt = None, fmt: FormatOpt = None, patterns: PatternsOpt = None, raw: RawOpt = False
) -> None:
    """Every cause, code and signal in the catalogue, one row each.

    Example:

        bjla patterns list -f csv > catalogue.csv
    """
    chosen = _output_format(fmt, output)
    _check_outputs(output, None, [], None, None, patterns)
    _write([("patterns", patterns_table(_catalogue(patterns)))], chosen, output, raw=raw)


@patterns_app.command("show")
@guarded
def patterns_show(
    entry_id: Annotated[str, typer.Argument(metavar="ID", help="A code, cause or signal id.")],
    lang: LangOpt = Lang.en,
    patterns: PatternsOpt = None,
) -> None:
    """Everything the catalogue holds about one entry.

    Example:

        bjla patterns show agent-config-linux
    """
    typer.echo(_shown(entry_text(_catalogue(patterns), entry_id, lang.value)), nl=False)


@patterns_app.command("validate")
@guarded
def patterns_validate(
    folder: Annotated[
        Path, typer.Argument(help="A folder of catalogue TOML files.", exists=True, file_okay=False)
    ],
) -> None:
    """Check a catalogue folder with the same rules bjla applies when it loads one.

    Example:

        bjla patterns validate ./my-patterns
    """
    problems = validate_dir(folder)
    for problem in problems:
        _say(problem)
    if problems:
        _fail(f"{folder}: {len(problems)} problem(s)", 2)
    typer.echo(f"{folder}: valid")


EVIDENCE_COLUMNS = [
    "vm",
    "time",
    "signal",
    "kind",
    "benign",
    "detail",
    "level",
    "log_kind",
    "source",
    "line_no",
    "matched_vm",
    "line",
]


@app.command()
@guarded
def evidence(
    paths: Annotated[list[str], typer.Argument(help="Agent logs: files, folders, globs, .gz.")],
    jobs: Annotated[
        list[str] | None,
        typer.Option(
            "--jobs", help="Job histories, to flag logs whose VM has no job (repeatable)."
        ),
    ] = None,
    output: OutOpt = None,
    fmt: FormatOpt = None,
    patterns: PatternsOpt = None,
    log_tz: LogTzOpt = "UTC",
    logs_map: LogsMapOpt = None,
    raw: RawOpt = False,
) -> None:
    """Print the evidence events found in guest-agent and backup-extension logs.

    Example:

        bjla evidence sample_logs/agent-logs --jobs sample_logs/jobs
    """
    chosen = _output_format(fmt, output)
    _check_outputs(output, None, jobs or [], paths, logs_map, patterns)
    result, _, _ = _run(
        jobs or [],
        since=None,
        until=None,
        lang=Lang.en,
        patterns=patterns,
        logs=paths,
        log_tz=log_tz,
        logs_map=logs_map,
        window=24.0,
        encoding="auto",
    )
    events = result.evidence.sort(["vm", "time", "source", "line_no"], nulls_last=True)
    tables: list[NamedTable] = [("evidence", events.select(EVIDENCE_COLUMNS))]
    if result.evidence_files is not None:
        tables.append(("log-files", result.evidence_files))
    _write(tables, chosen, output, raw=raw)
    for warning in result.warnings:
        _say(f"bjla: warning: {warning}")
    for error in result.errors:
        _say(f"bjla: error: {error}")
    unmatched = events.filter(~pl.col("matched_vm")).height if jobs else 0
    _say(
        f"bjla: {events.height:,} evidence events ({_kinds_text(events)}) from"
        f" {0 if result.evidence_files is None else result.evidence_files.height} log file(s)"
        + (f"; {unmatched:,} from VMs with no job" if jobs else "")
    )
    raise typer.Exit(3 if result.errors else 0)


def _kinds_text(events: pl.DataFrame) -> str:
    """``3 failure findings, 2 informational, 1 benign`` for the events' kinds."""
    counts = dict(events.get_column("kind").value_counts().iter_rows())
    failures, info, benign = (counts.get(k, 0) for k in ("failure", "info", "benign"))
    return f"{_count(failures, 'failure finding')}, {info:,} informational, {benign:,} known benign"


@app.command()
@guarded
def report(
    ctx: typer.Context,
    inputs: Inputs,
    logs: LogsOpt = None,
    output: OutOpt = None,
    fmt: Annotated[
        ReportFormat | None,
        typer.Option("--format", "-f", help="html, md or xlsx (default: from -o, else md)."),
    ] = None,
    week: Annotated[
        str | None,
        typer.Option(
            "--week", help="ISO week, e.g. 2026-W47 (default: the last complete week in the data)."
        ),
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="First day of the period (instead of --week).")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Day after the last day of the period (exclusive).")
    ] = None,
    tz: Annotated[str, typer.Option("--tz", help="Time zone of days and weeks.")] = "UTC",
    lang: LangOpt = Lang.en,
    patterns: PatternsOpt = None,
    log_tz: LogTzOpt = "UTC",
    logs_map: LogsMapOpt = None,
    vm_info: VmInfoOpt = None,
    window: WindowOpt = 24.0,
    encoding: EncodingOpt = "auto",
    rejects: RejectsOpt = None,
    strict: StrictOpt = False,
    max_unpacked_mb: MaxUnpackedOpt = None,
    max_sheet_rows: MaxSheetRowsOpt = DEFAULT_LIMITS.sheet_rows,
    now: Annotated[
        str | None, typer.Option("--now", hidden=True, help="Pretend it is this time (tests).")
    ] = None,
) -> None:
    """Weekly fleet failure report: this week next to the one before, with charts and fixes.

    Example:

        bjla report sample_logs/ --logs sample_logs/agent-logs --week 2026-W47 -o report.html
    """
    _check_encoding(encoding)
    check_report_dates(week, since, until)
    moment = _parse_time(now, "--now") or datetime.now(UTC)
    _check_outputs(output, rejects, inputs, logs, logs_map, patterns)
    log_opts = _log_options(logs, log_tz, logs_map, vm_info)
    request = ReportRequest(
        inputs=inputs,
        output=output,
        fmt=fmt,
        week=week,
        since=since,
        until=until,
        tz=tz,
        lang=lang.value,
        window=timedelta(hours=window),
    )
    try:
        run = report_command_body(
            request,
            _catalogue(patterns),
            now=moment,
            logs=log_opts,
            encoding=encoding,
            progress=_progress,
            limits=_limits(ctx, max_unpacked_mb, max_sheet_rows),
        )
    finally:
        _end_progress()
    _refuse_empty(run.result, strict, rejects)
    if run.note:
        typer.echo(f"bjla: {run.note} (choose another with --week or --since/--until)", err=True)
    _write_bytes(run.data, output, text=run.fmt is not ReportFormat.xlsx)
    raise typer.Exit(_report_problems(run.result, strict, rejects))


@app.command()
@guarded
def columns(
    table: Annotated[
        str | None,
        typer.Argument(
            help="by-vm, by-code, by-cause, by-day, failures, rejects, evidence, log-files"
            " or report (default: all).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """What every column of every table (and every report figure) means.

    Example:

        bjla columns by-vm
    """
    typer.echo(reference(table), nl=False)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bjla {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """bjla - backup job log analyzer."""


def main() -> None:
    """Console-script entry point (``analyzer.entry.main`` starts the stop watcher earlier,
    before polars is imported; this call then does nothing)."""
    stopping.watch()
    app()


__all__ = ["app", "main"]
