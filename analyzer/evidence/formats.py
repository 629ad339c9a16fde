"""Line formats of the agent logs bjla reads, and how to tell them apart by content.

Four log kinds (the catalogue's ``log_kinds``):

- ``waagent``: /var/log/waagent.log of every agent generation - 2.0.x
  (``YYYY/MM/DD HH:MM:SS msg``, local time), 2.1-2.2.45 (``YYYY/MM/DD HH:MM:SS.ffffff LEVEL``,
  local time), 2.2.46+ (``YYYY-MM-DDTHH:MM:SS.ffffffZ LEVEL``, UTC) - also when syslog or
  journald wrapped it (``Nov 19 21:44:02 host python3[812]: <agent line>``);
- ``vmsnapshot-extension``: VMSnapshotLinux extension.log, Python 3 form (UTC
  ``YYYY-MM-DD HH:MM:SS.ffffff [name-ver]msg``) and Python 2 form (local
  ``YYYY/MM/DD HH:MM:SS [name-ver]`` and usually an inner UTC timestamp);
- ``vmsnapshot-shell``: the extension's shell.log (``date -u`` output, then ``- msg``);
- ``windows-agent``: WaAppAgent.log (``[tid] [MM/DD/YYYY HH:MM:SS.ff] [LEVEL] msg`` or
  ``[tid] YYYY-MM-DDTHH:MM:SSZ [LEVEL] msg``).

A *record* starts at a line that carries a timestamp; the lines after it that do not
(tracebacks, ``[stdout]``/``[stderr]`` blocks, firewall dumps, .NET stack traces) belong to it.
Each format gives a ``start`` regex (run over every line, so it must be cheap and compile in
polars) and a ``parse`` function that turns record lines into UTC time, level and zone used.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import polars as pl

WAAGENT = "waagent"
VMSNAPSHOT_EXTENSION = "vmsnapshot-extension"
VMSNAPSHOT_SHELL = "vmsnapshot-shell"
WINDOWS_AGENT = "windows-agent"

# Zone marker for the Windows bracket timestamps: they carry no zone and the agent's
# documentation names none; the newer style of the same log is UTC, so they are read as UTC.
WINDOWS_BRACKET_ZONE = "UTC"

_TIME = r"[0-9]{2}:[0-9]{2}:[0-9]{2}"
_ISO_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_SLASH_DATE = r"[0-9]{4}/[0-9]{2}/[0-9]{2}"

# syslog (``Mon DD HH:MM:SS``) or journald ISO prefix, optional host, program[pid]:
_WRAP_STAMP = (
    r"(?:[A-Z][a-z]{2} +[0-9]{1,2} [0-9]{2}:[0-9]{2}:[0-9]{1,2}"
    rf"|{_ISO_DATE}T{_TIME}(?:\.[0-9]+)?(?:Z|[+-][0-9]{{2}}:?[0-9]{{2}}))"
)
_PROGRAM = r"[A-Za-z][A-Za-z0-9_.\-/]*"
_WRAP = rf"{_WRAP_STAMP} (?:[^\s:]+ )?{_PROGRAM}(?:\[[0-9]+\])?: "
WRAP_PROGRAM = re.compile(rf"^{_WRAP_STAMP} (?:[^\s:]+ )?(?P<prog>{_PROGRAM})(?:\[[0-9]+\])?: ")
# Programs whose syslog lines are the guest agent's own output.
_AGENT_PROGRAMS = r"(?i)^(?:python[0-9.]*|waagent|walinuxagent.*|azure-linux-agent)$"

_WAAGENT_ISO = rf"{_ISO_DATE}T{_TIME}(?:\.[0-9]+)?Z [A-Z]+ "
_WAAGENT_SLASH = rf"{_SLASH_DATE} {_TIME}"
_EXT_PREFIX = r"\[[^\]]+-[0-9][0-9.]*\]"
_US_DATE = r"[0-9]{2}/[0-9]{2}/[0-9]{4}"

# Kernel printk lines that the serial console interleaves with the log.
CONSOLE_NOISE = r"^\[ *[0-9]+\.[0-9]+\]"


@dataclass(frozen=True)
class LogFormat:
    """How one log kind starts its records, looks when sniffed, and is parsed."""

    kind: str
    start: str  # regex (polars and re): this line begins a record
    signature: re.Pattern[str]  # sniffing: a line typical of this kind
    name_hint: re.Pattern[str]  # file names typical of this kind (a tie-break only)
    parse: Callable[[pl.Expr, str], tuple[pl.Expr, pl.Expr, pl.Expr]]
    noise: bool = True  # whether kernel-console / foreign syslog lines are ignored


def _local_to_utc(text: pl.Expr, fmt: str, tz: str) -> pl.Expr:
    naive = text.str.to_datetime(fmt, strict=False, time_unit="us")
    # A local time skipped by DST cannot be placed: null; a repeated one: the earlier.
    local = naive.dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null")
    return local.dt.convert_time_zone("UTC")


def _utc(text: pl.Expr, fmt: str) -> pl.Expr:
    return text.str.to_datetime(fmt, strict=False, time_unit="us").dt.replace_time_zone("UTC")


def _zone_if(cond: pl.Expr, zone: str) -> pl.Expr:
    return pl.when(cond).then(pl.lit(zone)).otherwise(pl.lit(None, pl.String))


def _parse_waagent(rec: pl.Expr, tz: str) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    inner = rec.str.replace(f"^{_WRAP}", "")
    iso = inner.str.extract(rf"^({_ISO_DATE}T{_TIME}(?:\.[0-9]+)?)Z", 1)
    slash = inner.str.extract(rf"^({_SLASH_DATE} {_TIME}(?:\.[0-9]+)?)", 1)
    time = pl.coalesce(
        _utc(iso, "%Y-%m-%dT%H:%M:%S%.f"), _local_to_utc(slash, "%Y/%m/%d %H:%M:%S%.f", tz)
    )
    level = inner.str.extract(r"^[0-9/T:.\-]+(?: [0-9:.]+)?Z? (VERBOSE|INFO|WARNING|ERROR)[ :]", 1)
    return time, level, _zone_if(iso.is_null() & slash.is_not_null(), tz)


def _parse_vmsnapshot(rec: pl.Expr, tz: str) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    py3 = rec.str.extract(rf"^({_ISO_DATE} {_TIME}(?:\.[0-9]+)?) ", 1)
    # Python 2 form: local outer stamp, then [name-ver], then usually utcnow() inside.
    outer = rec.str.extract(rf"^({_SLASH_DATE} {_TIME})", 1)
    inner = rec.str.extract(
        rf"^{_SLASH_DATE} {_TIME} {_EXT_PREFIX}({_ISO_DATE} {_TIME}(?:\.[0-9]+)?)", 1
    )
    time = pl.coalesce(
        _utc(inner, "%Y-%m-%d %H:%M:%S%.f"),
        _utc(py3, "%Y-%m-%d %H:%M:%S%.f"),
        _local_to_utc(outer, "%Y/%m/%d %H:%M:%S", tz),
    )
    level = rec.str.extract(r"\s(Info|Warning|Error)\s", 1).str.to_uppercase()
    return time, level, _zone_if(inner.is_null() & py3.is_null() & outer.is_not_null(), tz)


def _parse_shell(rec: pl.Expr, tz: str) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    del tz  # ``date -u`` output is UTC by construction
    parts = rec.str.extract_groups(
        r"^<?[A-Z][a-z]{2} (?P<mon>[A-Z][a-z]{2}) +(?P<day>[0-9]{1,2}) (?P<hms>[0-9:]{8})"
        r" [A-Z]+ (?P<year>[0-9]{4})"
    )
    text = pl.concat_str(
        [parts.struct.field(f) for f in ("mon", "day", "year", "hms")], separator=" "
    )
    return _utc(text, "%b %d %Y %H:%M:%S"), pl.lit(None, pl.String), pl.lit(None, pl.String)


def _parse_windows(rec: pl.Expr, tz: str) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    del tz  # neither style is local time (see WINDOWS_BRACKET_ZONE)
    bracket = rec.str.extract(rf"^\[[0-9A-Fa-f]+\] \[({_US_DATE} {_TIME}(?:\.[0-9]+)?)\]", 1)
    iso = rec.str.extract(rf"^\[[0-9A-Fa-f]+\] ({_ISO_DATE}T{_TIME}(?:\.[0-9]+)?)Z", 1)
    time = pl.coalesce(_utc(iso, "%Y-%m-%dT%H:%M:%S%.f"), _utc(bracket, "%m/%d/%Y %H:%M:%S%.f"))
    level = rec.str.extract(r"^\[[0-9A-Fa-f]+\] \S+(?: \S+\])? \[([A-Z]+)\]", 1).replace(
        {"WARN": "WARNING"}
    )
    return time, level, _zone_if(bracket.is_not_null() & iso.is_null(), WINDOWS_BRACKET_ZONE)


FORMATS: dict[str, LogFormat] = {
    WAAGENT: LogFormat(
        kind=WAAGENT,
        start=rf"^(?:{_WRAP})?(?:{_WAAGENT_ISO}|{_WAAGENT_SLASH})",
        signature=re.compile(rf"^(?:{_WRAP})?(?:{_WAAGENT_ISO}|{_WAAGENT_SLASH})"),
        name_hint=re.compile(r"(?i)(?:waagent|commandexecution|^messages$|^syslog$)"),
        parse=_parse_waagent,
    ),
    VMSNAPSHOT_EXTENSION: LogFormat(
        kind=VMSNAPSHOT_EXTENSION,
        start=rf"^(?:{_ISO_DATE}|{_SLASH_DATE}) {_TIME}",
        signature=re.compile(
            rf"^(?:{_ISO_DATE} {_TIME}(?:\.[0-9]+)? |{_SLASH_DATE} {_TIME} ){_EXT_PREFIX}"
        ),
        name_hint=re.compile(r"(?i)^extension\.log"),
        parse=_parse_vmsnapshot,
    ),
    VMSNAPSHOT_SHELL: LogFormat(
        kind=VMSNAPSHOT_SHELL,
        start=r"^<?[A-Z][a-z]{2} [A-Z][a-z]{2} +[0-9]{1,2} [0-9:]{8} [A-Z]+ [0-9]{4}>?-",
        signature=re.compile(
            r"^<?[A-Z][a-z]{2} [A-Z][a-z]{2} +[0-9]{1,2} [0-9:]{8} [A-Z]+ [0-9]{4}>?-"
        ),
        name_hint=re.compile(r"(?i)^shell\.log"),
        parse=_parse_shell,
    ),
    WINDOWS_AGENT: LogFormat(
        kind=WINDOWS_AGENT,
        start=rf"^\[[0-9A-Fa-f]+\] (?:\[{_US_DATE} |{_ISO_DATE}T)",
        signature=re.compile(
            rf"^\[[0-9A-Fa-f]{{4,}}\] (?:\[{_US_DATE} {_TIME}|{_ISO_DATE}T{_TIME})"
        ),
        name_hint=re.compile(r"(?i)^(?:waappagent|transparentinstaller|windowsazureguestagent)"),
        parse=_parse_windows,
        noise=False,
    ),
}

SNIFF_LINES = 200
_CONSOLE_NOISE_RE = re.compile(CONSOLE_NOISE)


def detect_kind(head_lines: Sequence[str], file_name: str) -> str | None:
    """The log kind of a file from its first lines; the file name only breaks ties."""
    scores = dict.fromkeys(FORMATS, 0)
    seen = 0
    for raw in head_lines:
        line = raw.rstrip("\r")
        if not line.strip() or _CONSOLE_NOISE_RE.match(line):
            continue
        seen += 1
        if seen > SNIFF_LINES:
            break
        matched = [kind for kind, fmt in FORMATS.items() if fmt.signature.match(line)]
        # A Python 2 VMSnapshot line also looks like a 2.0.x waagent line; it counts once.
        if VMSNAPSHOT_EXTENSION in matched and WAAGENT in matched:
            matched.remove(WAAGENT)
        for kind in matched:
            scores[kind] += 1
    best = max(scores.values())
    by_name = kind_from_name(file_name)
    leaders = [kind for kind, score in scores.items() if score == best]
    if best == 0:
        return by_name
    if len(leaders) > 1 and by_name in leaders:
        return by_name
    return leaders[0]


def kind_from_name(file_name: str) -> str | None:
    """The log kind a file name suggests (``waagent.log.1.gz`` -> waagent), if any."""
    base = re.split(r"[\\/]", file_name)[-1]
    for kind, fmt in FORMATS.items():
        if fmt.name_hint.search(base):
            return kind
    return None


def noise_expr(line: pl.Expr) -> pl.Expr:
    """Lines to ignore: kernel console output and other programs' syslog lines."""
    program = line.str.extract(WRAP_PROGRAM.pattern, 1)
    return line.str.contains(CONSOLE_NOISE) | (
        program.is_not_null() & ~program.str.contains(_AGENT_PROGRAMS)
    )
