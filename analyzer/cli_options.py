"""The command line's option families, declared once and shared by the commands.

A family is a frozen dataclass whose fields are typer options; ``command`` adds its
fields to a command's signature and hands the command one value per family. Each
family checks its values before any input is read (``checked``), so a bad option is a
usage error, exit 2, in every command that takes it.
"""

from __future__ import annotations

import codecs
import dataclasses
import functools
import inspect
import sys
import typing
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import polars as pl
import typer

from analyzer.catalogue.load import load_catalogue
from analyzer.catalogue.model import Catalogue
from analyzer.cli_checks import MAX_WINDOW_HOURS, check_outputs, year_problem
from analyzer.distributed import Engine
from analyzer.evidence import load_vm_map
from analyzer.evidence.read import check_zone
from analyzer.limits import DEFAULT_LIMITS, MIB, SHEET_ROWS_OPTION, UNPACKED_OPTION, Limits
from analyzer.ordering import ordered, parse_sort
from analyzer.pipeline import LogOptions
from analyzer.protection import MAX_STALE_HOURS
from analyzer.render import TABLE_FORMATS, Format, Style, choose_format
from analyzer.vm_info import load_vm_info


class Lang(StrEnum):
    """Language of messages, titles and fix steps."""

    en = "en"
    sv = "sv"


def _writable_target(path: Path | None) -> Path | None:
    """Refuse a file in a missing folder before any input is read, not after the run."""
    if path is not None:
        folder = path.parent
        if not folder.is_dir():
            raise typer.BadParameter(f"the folder {folder} does not exist; create it first")
        if path.is_dir():
            raise typer.BadParameter(f"{path} is a folder; give a file name")
    return path


Inputs = Annotated[
    list[str],
    typer.Argument(
        help="Job-history files, folders, globs or - for stdin (.gz accepted).",
        show_default=False,
        metavar="INPUT",
    ),
]
OutOpt = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Write here (format from the extension).", callback=_writable_target
    ),
]
LangOpt = Annotated[Lang, typer.Option("--lang", help="Language of titles and fixes.")]
StaleOpt = Annotated[
    float,
    typer.Option(
        "--stale",
        help="Hours without a successful backup after which a VM is stale (not protected).",
        min=1.0,
        max=MAX_STALE_HOURS,
        metavar="<hours>",
    ),
]
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


def format_option(formats: tuple[Format, ...], help: str) -> Any:
    """``--format``/``-f`` offering only ``formats`` (in help, completion and checks) of the
    one ``Format`` enum: typer would offer every member of an enum annotation."""
    names = [f.value for f in formats]

    def parse(value: str | Format) -> Format:
        if isinstance(value, Format) and value in formats:
            return value
        if value in names:
            return Format(value)
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(map(repr, names))}.")

    return typer.Option(
        "--format",
        "-f",
        help=help,
        parser=parse,
        metavar=f"<{'|'.join(names)}>",
        autocompletion=lambda: names,
    )


RawOpt = Annotated[
    bool,
    typer.Option(
        "--raw", help="CSV/TSV: write cells starting with = + - @ as they are (no leading ')."
    ),
]


@dataclass(frozen=True)
class OutputFlags:
    """Where the result goes and in which format."""

    output: OutOpt = None
    fmt: Annotated[
        Format | None,
        format_option(
            TABLE_FORMATS, "Output format (default: table on a terminal, CSV on a pipe)."
        ),
    ] = None
    raw: RawOpt = False
    excel: Annotated[
        bool,
        typer.Option(
            "--excel",
            help="CSV/TSV that Excel and LibreOffice open typed: UTF-8 with BOM, ';' and"
            " decimal comma for sv (',' and '.' for en), times as YYYY-MM-DD HH:MM:SS,"
            " headers in --lang. Default format: CSV.",
        ),
    ] = False
    excel_locale: Annotated[
        Lang | None,
        typer.Option(
            "--excel-locale",
            help="The spreadsheet's locale for --excel (default: --lang).",
            show_default=False,
        ),
    ] = None

    def format(self) -> Format:
        """The format to write, decided before any input is read so a bad -o fails at once."""
        if not self.excel:
            if self.excel_locale is not None:
                raise typer.BadParameter("needs --excel", param_hint="--excel-locale")
            return choose_format(self.fmt, self.output, sys.stdout.isatty())
        # A spreadsheet file is what --excel asks for, on a terminal too.
        chosen = choose_format(self.fmt, self.output, False)
        if chosen not in (Format.csv, Format.tsv):
            raise typer.BadParameter(
                f"--excel writes CSV or TSV, not {chosen.value} (XLSX is typed already)",
                param_hint="--excel",
            )
        return chosen

    def style(self, lang: str = "en") -> Style:
        """How the result is worded (``lang``) and, with --excel, the spreadsheet's locale."""
        if not self.excel:
            return Style(lang)
        return Style(lang, (self.excel_locale.value if self.excel_locale else lang))


# What a terminal shows first when no --sort is given: the worst VMs, codes, causes.
_TERMINAL_ORDER = {
    "by-vm": "current_streak,failed,vm:asc",
    "by-code": "failures,vms",
    "by-cause": "failures,vms",
}


@dataclass(frozen=True)
class OrderFlags:
    """Which rows come first, and how many are shown."""

    sort: Annotated[
        str | None,
        typer.Option(
            "--sort",
            help="Sort by these columns (numbers and times high to low, text A-Z; add :asc"
            " or :desc). Default: a stable order in files, the worst first on a terminal.",
            metavar="<col[,col]>",
        ),
    ] = None
    top: Annotated[
        int | None, typer.Option("--top", help="Only the first N rows.", min=1, metavar="<n>")
    ] = None

    def check(self, table: str) -> None:
        """Refuse an unknown column before any input is read."""
        if self.sort:
            parse_sort(self.sort, table)

    def apply(self, frame: pl.DataFrame, table: str, terminal: bool) -> pl.DataFrame:
        """The rows in the order asked for (or the terminal's), the first ``top`` of them."""
        spec = self.sort or (_TERMINAL_ORDER.get(table) if terminal else None)
        keys = parse_sort(spec, table) if spec else []
        return ordered(frame, keys, self.top)


@dataclass(frozen=True)
class PeriodFlags:
    """Which jobs count, by start time: [since, until), in every command alike.

    A date means its midnight: UTC in ``analyze`` and ``failures`` (which also take a
    time), in ``--tz`` in ``report`` (whose periods are whole days).
    """

    since: Annotated[
        str | None,
        typer.Option(
            help="Only jobs started on/after this date (its midnight) or time, in UTC (the"
            " report: a day in --tz).",
            metavar="<date>",
        ),
    ] = None
    until: Annotated[
        str | None,
        typer.Option(
            help="Only jobs started before this date (its midnight) or time, in UTC (the"
            " report: a day in --tz).",
            metavar="<date>",
        ),
    ] = None

    def window(self) -> tuple[datetime | None, datetime | None]:
        """The period as UTC instants; a usage error for a bad or empty one."""
        start, end = parse_time(self.since, "--since"), parse_time(self.until, "--until")
        if start is not None and end is not None and end <= start:
            raise typer.BadParameter(
                f"{self.until} is not after --since {self.since}", param_hint="--until"
            )
        return start, end


@dataclass(frozen=True)
class LogFlags:
    """Where the agent logs are, how to read them, and how far before a job they count."""

    logs: Annotated[
        list[str] | None,
        typer.Option(
            "--logs",
            help="Agent logs: file, folder or glob (repeatable).",
            show_default=False,
            metavar="<path>",
        ),
    ] = None
    log_tz: LogTzOpt = "UTC"
    logs_map: LogsMapOpt = None
    vm_info: Annotated[
        Path | None,
        typer.Option(
            "--vm-info",
            help="CSV with columns vm,os (windows or linux), or `az vm list -o json`: the OS"
            " of VMs without agent logs, so their fixes fit it.",
            exists=True,
            dir_okay=False,
        ),
    ] = None
    window: Annotated[
        float,
        typer.Option(
            "--window",
            help="Hours before a job in which log evidence counts.",
            min=0.0,
            max=MAX_WINDOW_HOURS,
            metavar="<hours>",
        ),
    ] = 24.0

    def options(self) -> LogOptions:
        """The logs, their zone, the path-to-VM map and the VMs' OS (zone checked first)."""
        return log_options(self.logs or (), self.log_tz, self.logs_map, self.vm_info)

    @property
    def hours(self) -> timedelta:
        return timedelta(hours=self.window)


@dataclass(frozen=True)
class InputFlags:
    """How job-history inputs are read, and what a rejected row means."""

    encoding: Annotated[
        str,
        typer.Option(
            "--encoding", help="Input encoding: auto, utf-8, utf-16, cp1252, ...", metavar="<name>"
        ),
    ] = "auto"
    rejects: Annotated[
        Path | None,
        typer.Option(
            "--rejects",
            help="Also write every rejected row to this CSV file.",
            callback=_writable_target,
        ),
    ] = None
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 when any row was rejected.")] = (
        False
    )
    max_unpacked_mb: Annotated[
        int | None,
        typer.Option(
            UNPACKED_OPTION,
            help="Most MB one .gz or XLSX input may unpack to (default: 1024 for .gz, 256 for"
            " XLSX, or 100 times the file's size if more).",
            min=1,
            metavar="<MB>",
        ),
    ] = None
    max_sheet_rows: Annotated[
        int,
        typer.Option(
            SHEET_ROWS_OPTION, help="Most rows of one XLSX sheet read.", min=1, metavar="<n>"
        ),
    ] = DEFAULT_LIMITS.sheet_rows
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            help="analyze/failures: read and analyze as tasks on this running dask.distributed"
            " scheduler (tcp://host:8786); needs the dask extra.",
            metavar="<address>",
        ),
    ] = None
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            help="analyze/failures: as --dask, on a local cluster of N worker processes.",
            min=1,
            metavar="<n>",
        ),
    ] = None

    def engine(self) -> Engine | None:
        """The Dask cluster to run on (--dask or --workers), or None: this process."""
        if self.dask is None and self.workers is None:
            return None
        return Engine(address=self.dask, workers=self.workers)

    def limits(self, base: object = None) -> Limits:
        """The input caps, with the ones the user raised; a caller may start from its own
        (``app(obj=Limits(...))``: tests use small block sizes)."""
        start = base if isinstance(base, Limits) else DEFAULT_LIMITS
        unpacked = None if self.max_unpacked_mb is None else self.max_unpacked_mb * MIB
        return replace(start, unpacked_override=unpacked, sheet_rows=self.max_sheet_rows)

    def check(self, distributed: bool = False) -> None:
        """Refuse an encoding Python does not know, and --dask/--workers where the
        command runs in one process, before any input is read."""
        if self.dask is not None and self.workers is not None:
            raise typer.BadParameter("give --dask or --workers, not both", param_hint="--workers")
        if not distributed and self.engine() is not None:
            raise typer.BadParameter(
                "only analyze and failures run on Dask", param_hint="--dask/--workers"
            )
        if self.encoding == "auto":
            return
        try:
            codecs.lookup(self.encoding)
        except LookupError:
            raise typer.BadParameter(
                f"unknown encoding '{self.encoding}'; use auto, utf-8, utf-16, cp1252, ...",
                param_hint="--encoding",
            ) from None


def log_options(
    specs: typing.Sequence[str], log_tz: str, logs_map: Path | None, vm_info: Path | None = None
) -> LogOptions:
    """Agent-log options, the zone checked before any map or log is read."""
    check_zone(log_tz)
    vm_map = load_vm_map(logs_map) if logs_map else None
    info = load_vm_info(vm_info) if vm_info else None
    return LogOptions(specs=specs, log_tz=log_tz, vm_map=vm_map, vm_info=info)


def catalogue(patterns: list[Path] | None) -> Catalogue:
    """The built-in catalogue with the ``--patterns`` overlays."""
    return load_catalogue(tuple(patterns or ()))


def check_written(
    outputs: list[tuple[str, Path | None]],
    inputs: list[str],
    logs: list[str] | None,
    logs_map: Path | None,
    patterns: list[Path] | None,
) -> None:
    """Refuse ``-o`` or ``--rejects`` naming a file the run reads, before reading it."""
    check_outputs(outputs, [*inputs, *(logs or [])], [logs_map, *(patterns or [])])


def parse_time(value: str | None, option: str) -> datetime | None:
    """An option's date or time as a UTC instant (a zone-less one is UTC)."""
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


def with_families(**families: type[Any]) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Give a command the options of each family; it receives one value per family.

    ``@with_families(out=OutputFlags)`` on ``def cmd(x, out: OutputFlags)`` makes the
    command line's ``--output``, ``--format`` and ``--raw`` and calls ``cmd(x, out=...)``.
    """

    def decorate(func: Callable[..., None]) -> Callable[..., None]:
        own = inspect.signature(func, eval_str=True)
        kept = [p for p in own.parameters.values() if p.name not in families]
        added = [
            inspect.Parameter(
                f.name,
                inspect.Parameter.KEYWORD_ONLY,
                default=f.default,
                annotation=typing.get_type_hints(cls, include_extras=True)[f.name],
            )
            for cls in families.values()
            for f in dataclasses.fields(cls)
        ]

        @functools.wraps(func)
        def command(*args: Any, **kwargs: Any) -> None:
            for name, cls in families.items():
                fields = [f.name for f in dataclasses.fields(cls)]
                kwargs[name] = cls(**{field: kwargs.pop(field) for field in fields})
            func(*args, **kwargs)

        command.__signature__ = own.replace(parameters=[*kept, *added])  # type: ignore[attr-defined]
        return command

    return decorate
