"""Which VM an agent log belongs to: from its path, or from a user's path,vm map.

``vm_for_path`` understands the layouts people collect logs in:
``<vm>/waagent.log``, ``<vm>.waagent.log``, ``<vm>_waagent.log``, rotated and compressed
names (``waagent.log.1.gz``), copies of whole trees (``<vm>/var/log/waagent.log``,
``<vm>/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/extension.log``) and Windows paths
(``<vm>\\WindowsAzure\\Logs\\WaAppAgent.log``). Folders that are parts of the standard log
locations, extension folders, versions, dates and drive letters are never taken for a VM.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import polars as pl

from analyzer.errors import InputError

# Base names of the logs bjla reads (after rotation/compression suffixes are removed).
_LOG_NAMES = (
    r"(?:waagent\.log|extension\.log|shell\.log|waappagent\.log"
    r"|commandexecution[\w.\-]*\.log)"
)
_ROTATION = re.compile(r"(?i)(?:\.gz|\.bz2|\.xz|\.zip)$|\.[0-9]+$|-[0-9]{8}$")
_PREFIXED = re.compile(rf"(?i)^(?P<vm>.+?)[._]{_LOG_NAMES}$")

# Folder names that are never a VM: standard log locations and collection folders.
_NOT_VMS = frozenset(
    {
        "",
        ".",
        "..",
        "var",
        "log",
        "logs",
        "azure",
        "waagent",
        "agent-logs",
        "agentlogs",
        "agent_logs",
        "windowsazure",
        "plugins",
        "packages",
        "guestagent",
        "tmp",
        "temp",
    }
)
_SKIP_FOLDER = re.compile(
    r"(?i)^(?:microsoft\..*|[a-z]:?|[0-9][0-9.]*|[0-9]{4}-?[0-9]{2}-?[0-9]{2}(?:[T_].*)?)$"
)
_MAX_UP = 6


def vm_for_path(name: str) -> str | None:
    """The VM a log file belongs to, guessed from its path; None when the path says nothing."""
    parts = [p for p in re.split(r"[\\/]", name) if p]
    if not parts:
        return None
    base = _strip_rotation(parts[-1])
    prefixed = _PREFIXED.match(base)
    if prefixed:
        return prefixed.group("vm")
    for folder in reversed(parts[:-1][-_MAX_UP:]):
        if folder.lower() in _NOT_VMS or _SKIP_FOLDER.match(folder):
            continue
        return folder
    return None


def _strip_rotation(base: str) -> str:
    previous = None
    while previous != base:
        previous = base
        base = _ROTATION.sub("", base)
    return base


def load_vm_map(path: Path) -> dict[str, str]:
    """Read a ``path,vm`` CSV (header required) into {path: vm}."""
    source = str(path)
    try:
        frame = pl.read_csv(path, infer_schema=False, raise_if_empty=False)
    except OSError as exc:
        raise InputError(source, f"cannot read the VM map: {exc.strerror or exc}") from None
    except pl.exceptions.PolarsError as exc:
        raise InputError(source, f"not a CSV file ({exc})", "write it as path,vm lines") from None
    columns = {c.strip().lower(): c for c in frame.columns}
    if "path" not in columns or "vm" not in columns:
        seen = ", ".join(frame.columns) or "(none)"
        raise InputError(
            source,
            f"the VM map needs the columns path and vm; columns seen: {seen}",
            "start the file with the header line path,vm",
        )
    pairs = frame.select(
        path=pl.col(columns["path"]).str.strip_chars(), vm=pl.col(columns["vm"]).str.strip_chars()
    )
    return _checked_pairs(source, pairs)


def _checked_pairs(source: str, pairs: pl.DataFrame) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for row_no, (log_path, vm) in enumerate(pairs.iter_rows(), start=2):
        if not log_path or not vm:
            raise InputError(
                source,
                f"line {row_no}: both path and vm must be filled in",
                "remove the line or complete it",
            )
        key = _norm(log_path)
        if key in mapping and mapping[key] != vm:
            raise InputError(
                source,
                f"line {row_no}: {log_path} is mapped to both {mapping[key]} and {vm}",
                "keep one line per log file",
            )
        mapping[key] = vm
    return mapping


def _norm(path: str) -> str:
    text = path.replace("\\", "/")
    while text.startswith("./"):
        text = text[2:]
    return text.rstrip("/")


def lookup_vm(name: str, vm_map: Mapping[str, str] | None) -> str | None:
    """The VM for a log: the map's entry for the path (or a folder holding it), else the path."""
    if vm_map:
        key = _norm(name)
        best: tuple[int, str] | None = None
        for candidate, vm in vm_map.items():
            target = _norm(candidate)
            fits = key == target or key.endswith("/" + target) or key.startswith(target + "/")
            # The most specific entry wins: a file's own line beats its folder's line.
            if fits and (best is None or len(target) > best[0]):
                best = (len(target), vm)
        if best is not None:
            return best[1]
    return vm_for_path(name)
