"""The ``--vm-info FILE`` map: which OS each VM runs, as the user knows it.

bjla tells a VM's OS from its agent logs when it has them. For the others the user can
say it: a CSV or TSV with a header naming a VM column and an OS column (``vm,os``, or the
columns of a Log Analytics ``CoreAzureBackup`` export, ``BackupItemFriendlyName`` and
``ProtectedContainerOSType``), or the JSON of ``az vm list -o json``. A VM whose OS is
known gets only the causes of its OS; one whose OS stays unknown gets the OS-neutral cause.

Bad lines are skipped with one warning each (file, line, what to do); a file without a VM
or OS column is an input error.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from analyzer.errors import InputError

VM_OS_SCHEMA: dict[str, pl.DataType] = {"_attr_vm": pl.String(), "os": pl.String()}

# Header spellings, compared lower-cased with spaces and underscores removed.
_VM_HEADERS = (
    "vm",
    "vmname",
    "name",
    "computername",
    "backupitemfriendlyname",
    "protectedcontainerfriendlyname",
    "entityfriendlyname",
    "backupinstance",
)
_OS_HEADERS = ("os", "ostype", "protectedcontainerostype", "storageprofile.osdisk.ostype")


@dataclass
class VmInfo:
    """VM (lower-cased) -> OS, and a warning per line that could not be used."""

    os_by_vm: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def frame(self) -> pl.DataFrame:
        """The map as the frame ``attribute.prefer_vm_os`` joins on."""
        return pl.DataFrame(
            {"_attr_vm": list(self.os_by_vm), "os": list(self.os_by_vm.values())},
            schema=VM_OS_SCHEMA,
        )


def os_name(value: str) -> str | None:
    """``windows`` or ``linux`` for the spellings exports use, else None."""
    text = value.strip().lower()
    if text.startswith("win"):
        return "windows"
    if text.startswith("linux"):
        return "linux"
    return None


def load_vm_info(path: Path) -> VmInfo:
    """Read a ``vm,os`` CSV/TSV or ``az vm list`` JSON into a VmInfo."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(source, f"cannot read the VM info file: {exc}") from None
    if text.lstrip().startswith(("[", "{")):
        return _from_json(source, text)
    return _from_table(source, text)


def _header_key(name: str) -> str:
    return name.strip().lower().replace(" ", "").replace("_", "")


def _pick(headers: Iterable[str], wanted: tuple[str, ...]) -> str | None:
    by_key = {_header_key(h): h for h in headers}
    return next((by_key[w] for w in wanted if w in by_key), None)


def _from_table(source: str, text: str) -> VmInfo:
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    headers = reader.fieldnames or []
    vm_col, os_col = _pick(headers, _VM_HEADERS), _pick(headers, _OS_HEADERS)
    if vm_col is None or os_col is None:
        raise InputError(
            source,
            f"the VM info file needs a VM and an OS column; columns seen: "
            f"{', '.join(headers) or '(none)'}",
            "start the file with the header line vm,os",
        )
    info = VmInfo()
    for line_no, row in enumerate(reader, start=2):
        _add(info, source, f"line {line_no}", row.get(vm_col) or "", row.get(os_col) or "")
    return info


def _from_json(source: str, text: str) -> VmInfo:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(source, f"not valid JSON ({exc.msg}, line {exc.lineno})") from None
    items = doc.get("value", []) if isinstance(doc, dict) else doc
    if not isinstance(items, list):
        raise InputError(source, "expected a JSON list of VMs", "write `az vm list -o json`")
    info = VmInfo()
    for index, item in enumerate(items, start=1):
        name, os_value = _json_vm(item)
        _add(info, source, f"item {index}", name, os_value)
    return info


def _json_vm(item: Any) -> tuple[str, str]:
    """Name and OS of one ``az vm list`` item (or a flat ``{vm, os}`` object)."""
    if not isinstance(item, Mapping):
        return "", ""
    name = item.get("name") or item.get("vm") or ""
    os_value = item.get("os") or item.get("osType") or ""
    disk = (item.get("storageProfile") or {}).get("osDisk") or {}
    if not os_value and isinstance(disk, Mapping):
        os_value = disk.get("osType") or ""
    return str(name), str(os_value)


def _add(info: VmInfo, source: str, where: str, vm: str, os_value: str) -> None:
    name, os_text = vm.strip(), os_value.strip()
    kind = os_name(os_text) if os_text else None
    if not name or kind is None:
        problem = "no VM name" if not name else f"unknown OS '{os_text}'"
        info.warnings.append(
            f"{source} {where}: {problem}, line skipped (write the VM name and windows or linux)"
        )
        return
    key = name.lower()
    if info.os_by_vm.get(key, kind) != kind:
        info.warnings.append(
            f"{source} {where}: {name} is listed as both {info.os_by_vm[key]} and {kind};"
            " both lines are ignored (keep one line per VM)"
        )
        info.os_by_vm[key] = ""
        return
    info.os_by_vm[key] = kind


def merged_vm_os(from_logs: pl.DataFrame | None, info: VmInfo | None) -> pl.DataFrame:
    """One OS per VM: the user's file where it names the VM, else what the logs tell."""
    given = info.frame().filter(pl.col("os") != "") if info is not None else None
    frames = [f for f in (given, from_logs) if f is not None and f.height]
    if not frames:
        return pl.DataFrame(schema=VM_OS_SCHEMA)
    stacked = pl.concat([f.select(pl.col("_attr_vm"), pl.col("os")) for f in frames])
    return stacked.unique(subset="_attr_vm", keep="first", maintain_order=True)
