"""Line formats of the agent logs bjla reads, and how to tell them apart by content.

Six log kinds (the catalogue's ``log_kinds``):

- ``waagent``: /var/log/waagent.log of every agent generation - 2.0.x
  (``YYYY/MM/DD HH:MM:SS msg``, local time), 2.1-2.2.45 (``YYYY/MM/DD HH:MM:SS.ffffff LEVEL``,
  local time), 2.2.46+ (``YYYY-MM-DDTHH:MM:SS.ffffffZ LEVEL``, UTC) - also behind a syslog
  wrapper (RFC 3164, rsyslog's RFC 3339 stamps, RFC 5424; see ``stamps``) and excerpts
  that are only a ``[stdout]``/``[stderr]`` block or a traceback of the agent;
- ``vmsnapshot-extension``: VMSnapshotLinux extension.log, Python 3 form (UTC
  ``YYYY-MM-DD HH:MM:SS.ffffff [name-ver]msg``) and Python 2 form (local
  ``YYYY/MM/DD HH:MM:SS [name-ver]`` and usually an inner UTC timestamp), and the console
  log of backuplogger.py (UTC ``YYYY/MM/DD HH:MM:SS.ffffff  Info  msg`` under Python 3,
  ``YYYY-MM-DD HH:MM:SS.ffffff  Info  msg`` under Python 2); also a traceback or crash
  report (abrt) of the extension's own Python files;
- ``vmsnapshot-shell``: the extension's shell.log (`` `date`- msg``: handle.sh runs plain
  ``date``, so the C locale, the 12-hour en_US form and the en_GB form all occur);
- ``windows-agent``: WaAppAgent.log (``[tid] [MM/DD/YYYY HH:MM:SS.ff] [LEVEL] msg``,
  ``[tid] YYYY-MM-DDTHH:MM:SS[.fff]Z [LEVEL] msg``, and excerpts of bare ``[LEVEL] msg``);
- ``windows-extension``: logs of Windows extension handlers (the VMSnapshot plugin,
  IaaSBcdrExtension): ``[pid+tid] [MM/DD/YYYY HH:MM:SS.ff] [LEVEL] msg``;
- ``generic``: a file bjla cannot place: every line is read, every signal may match, and a
  line that starts with a recognisable timestamp starts a record (``stamps.any_time``).

A *record* starts at a line that carries a timestamp; the lines after it that do not
(tracebacks, ``[stdout]``/``[stderr]`` blocks, firewall dumps, .NET stack traces) belong to it.
Lines before the first record stand alone. Each format gives a ``start`` regex (run over
candidate lines, so it must compile in polars and in ``re``) and a ``parse`` function that
turns record lines into UTC time, level and zone used.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import polars as pl

from analyzer.evidence import stamps
from analyzer.evidence.stamps import ISO_DATE, SLASH_DATE, TIME, US_DATE

WAAGENT = "waagent"
VMSNAPSHOT_EXTENSION = "vmsnapshot-extension"
VMSNAPSHOT_SHELL = "vmsnapshot-shell"
WINDOWS_AGENT = "windows-agent"
WINDOWS_EXTENSION = "windows-extension"
GENERIC = "generic"

# Zone marker for the Windows bracket timestamps: they carry no zone and the agent's
# documentation names none; the newer style of the same log is UTC, so they are read as UTC.
WINDOWS_BRACKET_ZONE = "UTC"

_WRAP = stamps.WRAP.replace("?P<prog>", "?:").replace("?P<app>", "?:")
# A console or journal copy may put a tag before the agent's stamp (``Waagent - 2018/...``).
_TAG = stamps.TAG
# Programs whose syslog lines are the guest agent's own output.
_AGENT_PROGRAMS = r"(?i)^(?:python[0-9.]*|waagent|walinuxagent.*|azure-linux-agent)$"
# A crash handler's line about the agent or the backup extension is evidence, not noise.
_CRASH_HANDLERS = r"(?i)^abrt"
_AGENT_MENTION = r"(?i)(?:waagent|walinuxagent|azurelinuxagent|VMSnapshotLinux)"

_WAAGENT_ISO = rf"{ISO_DATE}T{TIME}(?:\.[0-9]+)?Z [A-Z]+ "
_WAAGENT_SLASH = rf"{SLASH_DATE} {TIME}"
# For sniffing, a stamp with nothing after it (2.0's and VMSnapshot's Python 2 logger stamp
# every line of a multi-line message, blank ones too) tells no kind apart.
_WAAGENT_SLASH_TEXT = rf"{SLASH_DATE} {TIME}(?:\.[0-9]+)? +\S"
_EXT_PREFIX = r"\[[^\]]+-[0-9][0-9.]*\]"
_CONSOLE = rf"(?:{ISO_DATE}|{SLASH_DATE}) {TIME}\.[0-9]+  (?:Info|Warning|Error)  "
_WIN_LEVELS = r"INFO|WARN|WARNING|ERROR|TRACE|HEART|VERBOSE|DEBUG"
_WIN_STAMP = rf"(?:\[{US_DATE} {TIME}|{ISO_DATE}T{TIME})"

# Kernel printk lines that the serial console interleaves with the log.
CONSOLE_NOISE = r"^\[ *[0-9]+\.[0-9]+\]"

Parse = Callable[[pl.Expr, str], tuple[pl.Expr, pl.Expr, pl.Expr]]


@dataclass(frozen=True)
class LogFormat:
    """How one log kind starts its records, looks when sniffed, and is parsed."""

    kind: str
    start: str  # regex (polars and re): this line begins a record
    signature: re.Pattern[str]  # sniffing: a line typical of this kind
    name_hint: re.Pattern[str]  # file names typical of this kind (a tie-break only)
    parse: Parse
    noise: bool = True  # whether kernel-console / foreign syslog lines are ignored
    # sniffing when no line has a signature: lines only this kind's writer produces
    # (a [stdout] block, a traceback through the agent's files, a crash report)
    hint: re.Pattern[str] | None = None


def _parse_waagent(rec: pl.Expr, tz: str) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    inner = stamps.strip_wrap(rec).str.replace(f"^{_TAG}", "")
    iso = inner.str.extract(rf"^({ISO_DATE}T{TIME}(?:\.[0-9]+)?)Z", 1)
    slash = inner.str.extract(rf"^({SLASH_DATE} {TIME}(?:\.[0-9]+)?)", 1)
    time = pl.coalesce(
        stamps.utc(iso, "%Y-%m-%dT%H:%M:%S%.f"),
        stamps.local_to_utc(stamps.naive(slash, "%Y/%m/%d %H:%M:%S%.f"), tz),
    )
    level = inner.str.extract(r"^[0-9/T:.\-]+(?: [0-9:.]+)?Z? (VERBOSE|INFO|WARNING|ERROR)[ :]", 1)
    return time, level, stamps.zone_if(iso.is_null() & slash.is_not_null(), tz)


def _parse_vmsnapshot(rec: pl.Expr, tz: str) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    py3 = rec.str.extract(rf"^({ISO_DATE} {TIME}(?:\.[0-9]+)?) ", 1)
    # backuplogger's Python 3 console form: slash date WITH a fraction, UTC (utcnow).
    console = rec.str.extract(rf"^({SLASH_DATE} {TIME}\.[0-9]+) ", 1)
    # Python 2 form: local outer stamp (no fraction), then [name-ver], then usually utcnow().
    outer = rec.str.extract(rf"^({SLASH_DATE} {TIME}) ", 1)
    inner = rec.str.extract(
        rf"^{SLASH_DATE} {TIME} {_EXT_PREFIX}({ISO_DATE} {TIME}(?:\.[0-9]+)?)", 1
    )
    time = pl.coalesce(
        stamps.utc(inner, "%Y-%m-%d %H:%M:%S%.f"),
        stamps.utc(py3, "%Y-%m-%d %H:%M:%S%.f"),
        stamps.utc(console, "%Y/%m/%d %H:%M:%S%.f"),
        stamps.local_to_utc(stamps.naive(outer, "%Y/%m/%d %H:%M:%S"), tz),
    )
    level = rec.str.extract(r"\s(Info|Warning|Error)\s", 1).str.to_uppercase()
    local = inner.is_null() & py3.is_null() & console.is_null() & outer.is_not_null()
    return time, level, stamps.zone_if(local, tz)


def _parse_shell(rec: pl.Expr, tz: str) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    time, zone = stamps.date_cmd_time(rec, tz)
    return time, pl.lit(None, pl.String), zone


def _parse_windows(rec: pl.Expr, tz: str) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    del tz  # neither style is local time (see WINDOWS_BRACKET_ZONE)
    tag = r"\[[0-9A-Fa-f]+(?:\+[0-9A-Fa-f]+)?\]"
    bracket = rec.str.extract(rf"^{tag} \[({US_DATE} {TIME}(?:\.[0-9]+)?)\]", 1)
    iso = rec.str.extract(rf"^{tag} ({ISO_DATE}T{TIME}(?:\.[0-9]+)?)Z", 1)
    time = pl.coalesce(
        stamps.utc(iso, "%Y-%m-%dT%H:%M:%S%.f"), stamps.utc(bracket, "%m/%d/%Y %H:%M:%S%.f")
    )
    level = rec.str.extract(rf"^(?:{tag} (?:\S+(?: \S+\])? )?)?\[([A-Z]+)\]", 1).replace(
        {"WARN": "WARNING", "HEART": "INFO", "TRACE": "VERBOSE", "DEBUG": "VERBOSE"}
    )
    return time, level, stamps.zone_if(bracket.is_not_null() & iso.is_null(), WINDOWS_BRACKET_ZONE)


def _parse_generic(rec: pl.Expr, tz: str) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    time, zone = stamps.any_time(rec, tz)
    # Upper-case level words, or backuplogger's and .NET's capitalised ones in their usual
    # frames; a plain "info" in a message is no level.
    level = rec.str.extract(
        r"(?:^|[\s\[<])(VERBOSE|DEBUG|TRACE|INFO|WARN|WARNING|ERROR|FATAL|CRITICAL)(?:$|[\s\]>:])"
        r"|  (Info|Warning|Error)  |\[(Information|Info|Warning|Error)\]",
        0,
    )
    level = (
        level.str.strip_chars(" []<>:")
        .str.to_uppercase()
        .replace({"WARN": "WARNING", "INFORMATION": "INFO", "DEBUG": "VERBOSE", "TRACE": "VERBOSE"})
        .replace({"FATAL": "ERROR", "CRITICAL": "ERROR"})
    )
    return time, level, zone


_TRACE_OF = r"File \"{where}"
# A crash handler's (abrt) report or syslog line about a program.
_ABRT_OF = r"(?:abrt.*|^cmdline:.*|^executable:.*|^ExecutablePath: .*){where}"
_AGENT_FILES = r"[^\"]*(?:azurelinuxagent/|/waagent\"|bin/WALinuxAgent-)"
# The backup extension's own Python files (Azure/azure-linux-extensions VMBackup/main/).
_EXTENSION_FILES = (
    r"(?:[^\"]*(?:VMSnapshotLinux[^/\"]*/main/|VMBackup/main/)|(?:[^\"]*/)?(?:WAAgentUtil"
    r"|WaagentLib|backuplogger|fsfreezer|freezesnapshotter|hostsnapshotter"
    r"|guestsnapshotter|DiskUtil|PluginHost|ScriptRunner|ExtensionErrorCodeHelper)\.py\")"
)

FORMATS: dict[str, LogFormat] = {
    WAAGENT: LogFormat(
        kind=WAAGENT,
        start=rf"^(?:{_WRAP})?(?:{_TAG})?(?:{_WAAGENT_ISO}|{_WAAGENT_SLASH})",
        signature=re.compile(rf"^(?:{_WRAP})?(?:{_TAG})?(?:{_WAAGENT_ISO}|{_WAAGENT_SLASH_TEXT})"),
        name_hint=re.compile(r"(?i)(?:waagent|commandexecution|^messages$|^syslog$)"),
        parse=_parse_waagent,
        hint=re.compile(
            r"^\[(?:stdout|stderr)\]\s*$|^\[[A-Z][A-Za-z]+Error\] "
            rf"|{_TRACE_OF.format(where=_AGENT_FILES)}"
            rf"|{_ABRT_OF.format(where=r'(?:sbin/waagent|WALinuxAgent-|azurelinuxagent)')}"
        ),
    ),
    VMSNAPSHOT_EXTENSION: LogFormat(
        kind=VMSNAPSHOT_EXTENSION,
        start=rf"^(?:{ISO_DATE}|{SLASH_DATE}) {TIME}",
        signature=re.compile(
            rf"^(?:(?:{ISO_DATE} {TIME}(?:\.[0-9]+)? |{SLASH_DATE} {TIME} ){_EXT_PREFIX}"
            rf"|{_CONSOLE})"
        ),
        name_hint=re.compile(r"(?i)^(?:extension\.log|console)"),
        parse=_parse_vmsnapshot,
        hint=re.compile(
            rf"{_TRACE_OF.format(where=_EXTENSION_FILES)}"
            rf"|{_ABRT_OF.format(where='VMSnapshotLinux')}"
        ),
    ),
    VMSNAPSHOT_SHELL: LogFormat(
        kind=VMSNAPSHOT_SHELL,
        start=rf"^<?{stamps.DATE_CMD_START}>? ?-",
        signature=re.compile(rf"^<?{stamps.DATE_CMD_START}>? ?-"),
        name_hint=re.compile(r"(?i)^shell\.log"),
        parse=_parse_shell,
    ),
    WINDOWS_AGENT: LogFormat(
        kind=WINDOWS_AGENT,
        start=rf"^(?:\[[0-9A-Fa-f]+\] (?:\[{US_DATE} |{ISO_DATE}T)|\[(?:{_WIN_LEVELS})\])",
        signature=re.compile(rf"^\[[0-9A-Fa-f]{{4,}}\] {_WIN_STAMP}"),
        name_hint=re.compile(r"(?i)^(?:waappagent|transparentinstaller|windowsazureguestagent)"),
        parse=_parse_windows,
        noise=False,
        # an excerpt of bare "[LEVEL] msg" lines is WaAppAgent's when it names Windows things
        hint=re.compile(
            rf"^\[(?:{_WIN_LEVELS})\] .*(?:[A-Z]:\\|System\.[A-Z][A-Za-z.]*Exception|WindowsAzure)"
        ),
    ),
    WINDOWS_EXTENSION: LogFormat(
        kind=WINDOWS_EXTENSION,
        start=rf"^(?:\[[0-9]+\+[0-9A-Fa-f]+\] (?:\[{US_DATE} |{ISO_DATE}T)|\[(?:{_WIN_LEVELS})\])",
        signature=re.compile(rf"^\[[0-9]+\+[0-9A-Fa-f]{{4,}}\] {_WIN_STAMP}"),
        name_hint=re.compile(r"(?i)(?:iaasbcdr|bcdrextension)"),
        parse=_parse_windows,
        noise=False,
    ),
}

GENERIC_FORMAT = LogFormat(
    kind=GENERIC,
    start=stamps.ANY_START,
    signature=re.compile(stamps.ANY_START),
    name_hint=re.compile(r"(?!)"),
    parse=_parse_generic,
    noise=False,
)

SNIFF_LINES = 200
_CONSOLE_NOISE_RE = re.compile(CONSOLE_NOISE)


def format_for(kind: str) -> LogFormat:
    """The format of a log kind (``generic`` included)."""
    return GENERIC_FORMAT if kind == GENERIC else FORMATS[kind]


def detect_kind(head_lines: Sequence[str], file_name: str) -> str | None:
    """The log kind of a file from its first lines; the file name only breaks ties.

    None when nothing in the file or its name places it (the caller reads it as generic).
    """
    lines = _sniffed(head_lines)
    scores = _scores(lines, lambda fmt: fmt.signature)
    if max(scores.values()) == 0:
        scores = _scores(lines, lambda fmt: fmt.hint)
    best = max(scores.values())
    by_name = kind_from_name(file_name)
    leaders = [kind for kind, score in scores.items() if score == best]
    if best == 0:
        return by_name
    if len(leaders) > 1 and by_name in leaders:
        return by_name
    return leaders[0]


def _sniffed(head_lines: Sequence[str]) -> list[str]:
    lines = []
    for raw in head_lines:
        line = raw.rstrip("\r")
        if not line.strip() or _CONSOLE_NOISE_RE.match(line):
            continue
        lines.append(line)
        if len(lines) >= SNIFF_LINES:
            break
    return lines


def _scores(
    lines: list[str], pattern_of: Callable[[LogFormat], re.Pattern[str] | None]
) -> dict[str, int]:
    scores = dict.fromkeys(FORMATS, 0)
    patterns = {kind: pattern_of(fmt) for kind, fmt in FORMATS.items()}
    for line in lines:
        matched = [kind for kind, p in patterns.items() if p is not None and p.search(line)]
        # A Python 2 VMSnapshot line also looks like a 2.0.x waagent line; it counts once.
        if VMSNAPSHOT_EXTENSION in matched and WAAGENT in matched:
            matched.remove(WAAGENT)
        for kind in matched:
            scores[kind] += 1
    return scores


def kind_from_name(file_name: str) -> str | None:
    """The log kind a file name suggests (``waagent.log.1.gz`` -> waagent), if any."""
    base = re.split(r"[\\/]", file_name)[-1]
    for kind, fmt in FORMATS.items():
        if fmt.name_hint.search(base):
            return kind
    return None


def noise_expr(line: pl.Expr) -> pl.Expr:
    """Lines to ignore: kernel console output and other programs' syslog lines."""
    program = stamps.wrap_program(line)
    foreign = program.is_not_null() & ~program.str.contains(_AGENT_PROGRAMS)
    crash = program.str.contains(_CRASH_HANDLERS) & line.str.contains(_AGENT_MENTION)
    return line.str.contains(CONSOLE_NOISE) | (foreign & ~crash)
