"""Look inside a workbook before it is opened: its size unpacked and each sheet's range.

The spreadsheet reader holds a sheet as a full grid of its used range, and a workbook's
parts in memory: one cell at XFD1048576 in a 6 KB file makes it allocate hundreds of
gigabytes (and abort the process), and a small ZIP can unpack to gigabytes of XML.
So every part is decompressed here first, in chunks, counting the bytes (a workbook
over ``Limits.unpacked_cap`` is refused whole), and each worksheet's XML is scanned for
the rows and columns its cells and ``<dimension>`` reach: a sheet beyond
``Limits.sheet_rows`` or ``Limits.sheet_columns`` is skipped, naming the cell.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO

from analyzer.errors import InputError
from analyzer.inputs import LocalFile
from analyzer.limits import MIB, SHEET_ROWS_OPTION, UNPACKED_OPTION, Limits

_CHUNK = 1 << 20
_OVERLAP = 256  # bytes kept between chunks so that no tag is cut in two
_CELL_REF = re.compile(
    rb'<(?:\w+:)?(?:c|dimension)\s[^>]*?\b(?:r|ref)="(?:[A-Z]+[0-9]+:)?([A-Z]{1,4})([0-9]{1,9})"'
)
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_ROW_REF = re.compile(rb'<(?:\w+:)?row\s[^>]*?\br="([0-9]{1,9})"')
_SHEET = re.compile(r"<(?:\w+:)?sheet\s([^>]*)>")
_ATTR = re.compile(r'([\w:]+)="([^"]*)"')
_RELATION = re.compile(r"<(?:\w+:)?Relationship\s([^>]*)>")
# What reading a damaged or encrypted part raises (zlib.error: a corrupt deflate stream).
_DAMAGED = (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError, zlib.error)
_WORKBOOK = "xl/workbook.xml"
_RELATIONS = "xl/_rels/workbook.xml.rels"


@dataclass
class _Reach:
    """How far one worksheet's cells reach."""

    rows: int = 0
    columns: int = 0
    cell: str = ""  # the reference of the farthest cell seen

    def see(self, column: bytes, row: int) -> None:
        number = _column_number(column)
        if row > self.rows or number > self.columns:
            self.cell = f"{column.decode()}{row}"
        self.rows = max(self.rows, row)
        self.columns = max(self.columns, number)


def oversized_sheets(local: LocalFile) -> dict[str, str]:
    """Sheet name -> why it is not loaded; raises InputError for a workbook too large.

    A file that is no readable ZIP is left to the spreadsheet reader to name.
    """
    limits = local.limits
    try:
        archive = zipfile.ZipFile(local.path)
    except (zipfile.BadZipFile, OSError):
        return {}
    with archive:
        reaches = _unpacked_reaches(local, archive, limits)
        names = _sheet_parts(archive)
    too_big: dict[str, str] = {}
    for name, part in names.items():
        reach = reaches.get(part)
        if reach is not None and (problem := _problem(reach, limits)):
            too_big[name] = problem
    return too_big


def _unpacked_reaches(
    local: LocalFile, archive: zipfile.ZipFile, limits: Limits
) -> dict[str, _Reach]:
    """Each worksheet part's reach, decompressing every part once (bytes counted)."""
    cap = limits.unpacked_cap(local.size, workbook=True)
    total = 0
    reaches: dict[str, _Reach] = {}
    for info in archive.infolist():
        if info.is_dir():
            continue
        reach = _Reach() if info.filename.startswith("xl/worksheets/") else None
        try:
            with archive.open(info) as part:
                total = _read_part(part, reach, total, cap, local.name)
        except _DAMAGED:
            continue  # damaged or encrypted: the spreadsheet reader names the problem
        if reach is not None:
            reaches[info.filename] = reach
    return reaches


def _read_part(part: IO[bytes], reach: _Reach | None, total: int, cap: int, name: str) -> int:
    tail = b""
    rows = 0
    while chunk := part.read(_CHUNK):
        total += len(chunk)
        if total > cap:
            raise InputError(
                name,
                f"the workbook unpacks to more than {cap / MIB:,.0f} MB, more than bjla reads",
                f"pass {UNPACKED_OPTION} to raise the cap if the file is a real export",
            )
        if reach is None:
            continue
        text = tail + chunk
        for column, row in _CELL_REF.findall(text):
            reach.see(column, int(row))
        rows += len(_ROW_TAG.findall(chunk))  # rows without r="" count one after another
        for row_ref in _ROW_REF.findall(text):
            reach.rows = max(reach.rows, int(row_ref))
        # Keep the end of the chunk in case a tag is cut; refs found twice change nothing.
        tail = text[-_OVERLAP:]
    if reach is not None:
        reach.rows = max(reach.rows, rows)
    return total


def _problem(reach: _Reach, limits: Limits) -> str | None:
    if reach.rows <= limits.sheet_rows and reach.columns <= limits.sheet_columns:
        return None
    return (
        f"reaches cell {reach.cell or '?'} ({reach.rows:,} rows, {reach.columns:,} columns);"
        f" bjla loads at most {limits.sheet_rows:,} rows ({SHEET_ROWS_OPTION})"
        f" and {limits.sheet_columns:,} columns of a sheet"
    )


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (letter - 64)
    return number


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its worksheet part, from the workbook and its relations."""
    try:
        workbook = _small_part(archive, _WORKBOOK)
        relations = _small_part(archive, _RELATIONS)
    except (KeyError, *_DAMAGED):
        return {}
    targets: dict[str, str] = {}
    for match in _RELATION.finditer(relations):
        attrs = dict(_ATTR.findall(match.group(1)))
        if "Id" in attrs and "Target" in attrs:
            target = html.unescape(attrs["Target"])
            part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            targets[attrs["Id"]] = posixpath.normpath(part)
    parts: dict[str, str] = {}
    for match in _SHEET.finditer(workbook):
        attrs = dict(_ATTR.findall(match.group(1)))
        rel = next((v for k, v in attrs.items() if k.endswith(":id")), None)
        if "name" in attrs and rel in targets:
            parts[html.unescape(attrs["name"])] = targets[rel]
    return parts


def _small_part(archive: zipfile.ZipFile, name: str) -> str:
    """A workbook-level part as text (at most a few MB are read)."""
    with archive.open(name) as part:
        return part.read(16 * MIB).decode("utf-8", errors="replace")
