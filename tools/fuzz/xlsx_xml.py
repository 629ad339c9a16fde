"""XLSX mutations at the XML level: unzip, change a sheet, sharedStrings or the dimension,
zip again. They probe the workbook reader (fastexcel/calamine) and bjla's checks around it.
"""

from __future__ import annotations

import io
import random
import re
import zipfile

from tools.fuzz.model import Mutation, mutator
from tools.fuzz.seeds import Kind, Seed

XLSX: frozenset[Kind] = frozenset({"xlsx"})
DIMENSION = re.compile(rb'<dimension ref="[^"]*"\s*/>')
CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"([^>]*?)(/>|>(.*?)</c>)', re.S)
SHARED_TEXT = re.compile(rb"<t([^>]*)>(.*?)</t>", re.S)
FAR_REFS = ("XFD1048576", "XFD1", "A1048576", "ZZ50000", "AAA1000", "B70000")


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def _sheet_names(members: dict[str, bytes]) -> list[str]:
    return sorted(n for n in members if n.startswith("xl/worksheets/") and n.endswith(".xml"))


def _pick_sheet(rng: random.Random, members: dict[str, bytes]) -> str:
    """The first sheet most of the time (it holds the job rows), another one sometimes."""
    sheets = _sheet_names(members)
    first = "xl/worksheets/sheet1.xml"
    return first if first in members and rng.random() < 0.8 else rng.choice(sheets)


@mutator("xlsx-xml", XLSX)
def xml_dimension(rng: random.Random, seed: Seed) -> Mutation | None:
    """The sheet's declared size: huge, tiny, garbage or missing."""
    members = _members(seed.data)
    sheet = _pick_sheet(rng, members)
    ref = rng.choice(
        ("A1:XFD1048576", "A1:Z200000", "A1", "A1:B2", "garbage", "", "Z9:A1", "A0:A0")
    )
    new = b"" if rng.random() < 0.15 else f'<dimension ref="{ref}"/>'.encode()
    members[sheet] = DIMENSION.sub(new, members[sheet], count=1)
    return Mutation(_zip(members))


@mutator("xlsx-xml", XLSX)
def xml_far_cell(rng: random.Random, seed: Seed) -> Mutation | None:
    """One cell far away from the others (the dimension grows to match or not)."""
    members = _members(seed.data)
    sheet = _pick_sheet(rng, members)
    ref = rng.choice(FAR_REFS)
    row = re.match(rb"[A-Z]+(\d+)", ref.encode())
    assert row is not None
    cell = (
        f'<row r="{row.group(1).decode()}"><c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row>'
    )
    body = members[sheet].replace(b"</sheetData>", cell.encode() + b"</sheetData>", 1)
    if rng.random() < 0.5:
        body = DIMENSION.sub(f'<dimension ref="A1:{ref}"/>'.encode(), body, count=1)
    members[sheet] = body
    return Mutation(_zip(members))


@mutator("xlsx-xml", XLSX)
def xml_cell_values(rng: random.Random, seed: Seed) -> Mutation | None:
    """Cells given another type or a value their type cannot hold."""
    members = _members(seed.data)
    sheet = _pick_sheet(rng, members)
    cells = list(CELL.finditer(members[sheet]))
    if not cells:
        return None
    body = bytearray(members[sheet])
    for match in sorted(
        rng.sample(cells, min(len(cells), rng.randint(1, 6))), key=lambda m: -m.start()
    ):
        kind = rng.choice((b"s", b"n", b"b", b"e", b"str", b"d", b"inlineStr", b"zz"))
        value = rng.choice(
            (
                b"0",
                b"-1",
                b"99999999",
                b"1e308",
                b"abc",
                b"",
                b"2958466",
                b"-693594",
                b"NaN",
                b"#N/A",
            )
        )
        cell = b'<c r="%s%s" t="%s"><v>%s</v></c>' % (match.group(1), match.group(2), kind, value)
        body[match.start() : match.end()] = cell
    members[sheet] = bytes(body)
    return Mutation(_zip(members))


@mutator("xlsx-xml", XLSX)
def xml_shared_strings(rng: random.Random, seed: Seed) -> Mutation | None:
    """sharedStrings entries made huge, empty, odd, or cut off so indexes dangle."""
    members = _members(seed.data)
    name = "xl/sharedStrings.xml"
    if name not in members:
        return None
    body = members[name]
    how = rng.choice(("values", "drop-tail", "count"))
    if how == "drop-tail":
        items = [m.start() for m in re.finditer(rb"<si>", body)]
        if items:
            cut = items[rng.randrange(len(items))]
            body = body[:cut] + b"</sst>"
    elif how == "count":
        body = re.sub(rb'count="\d+"', b'count="999999999"', body, count=1)
        body = re.sub(rb'uniqueCount="\d+"', b'uniqueCount="0"', body, count=1)
    else:
        texts = list(SHARED_TEXT.finditer(body))
        picked = sorted(
            rng.sample(texts, min(len(texts), rng.randint(1, 5))), key=lambda m: -m.start()
        )
        buf = bytearray(body)
        for match in picked:
            value = rng.choice(
                (
                    b"",
                    b"A" * 100_000,
                    b"&amp;&lt;&gt;",
                    b"Failed",
                    b"0001-01-01T00:00:00Z",
                    b"\xc3\xa5\xc3\xa4",
                )
            )
            buf[match.start(2) : match.end(2)] = value
        body = bytes(buf)
    members[name] = body
    return Mutation(_zip(members))


@mutator("xlsx-xml", XLSX)
def xml_many_rows(rng: random.Random, seed: Seed) -> Mutation | None:
    """The last row repeated thousands of times under new row numbers."""
    members = _members(seed.data)
    sheet = _pick_sheet(rng, members)
    body = members[sheet]
    rows = list(re.finditer(rb'<row r="(\d+)"[^>]*>.*?</row>', body, re.S))
    if not rows:
        return None
    last = rows[-1]
    start = int(last.group(1))
    copies = rng.choice((1_000, 10_000, 30_000))
    # Every row and cell number of the last row becomes a slot for the new row's number.
    template = re.sub(rb'r="([A-Z]*)\d+"', b'r="\\1\x00"', last.group(0))
    extra = b"".join(
        template.replace(b"\x00", b"%d" % n) for n in range(start + 1, start + 1 + copies)
    )
    members[sheet] = body[: last.end()] + extra + body[last.end() :]
    return Mutation(_zip(members))


@mutator("xlsx-xml", XLSX)
def xml_damage(rng: random.Random, seed: Seed) -> Mutation | None:
    """A part's XML flipped, cut short, or a part left out of the archive."""
    members = _members(seed.data)
    how = rng.choice(("flip", "truncate", "drop"))
    if how == "drop":
        name = rng.choice(
            [n for n in members if n.startswith(("xl/", "[Content", "_rels"))] or list(members)
        )
        del members[name]
        return Mutation(_zip(members))
    name = _pick_sheet(rng, members) if rng.random() < 0.6 else rng.choice(list(members))
    body = bytearray(members[name])
    if how == "truncate":
        del body[rng.randrange(len(body)) :]
    else:
        for _ in range(rng.randint(1, 6)):
            body[rng.randrange(len(body))] = rng.choice(b'<>"&/=x\x00\xff ')
    members[name] = bytes(body)
    return Mutation(_zip(members))
