"""The report as Markdown: the same headings and tables as the HTML, for a ticket or chat.

Markdown has no colour: a change for the worse is in bold, and the note says so; web
addresses in fix steps are links.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from analyzer.report.model import Report
from analyzer.report.page import labels_for, page
from analyzer.report.page_cells import Cell, Table
from analyzer.report.page_sections import FixBlock, Section
from analyzer.report.write_html import web_addresses

LINE_BREAKS = re.compile(r"[ \t\r\n]+")


def render_markdown(report: Report) -> str:
    """The whole report as GitHub-flavoured Markdown."""
    view = page(report)
    t = labels_for(report)
    lines = [f"# {view.title}", "", view.subtitle, ""]
    lines += _section(view.opening, view.empty)
    lines += [f"## {t('kpis')}", ""]
    lines += _table(view.kpis, view.empty)
    lines += [f"_{_inline(view.kpis_note + ' ' + t('tones_md'))}_", "", f"## {t('glance')}", ""]
    lines += [f"- {_inline(line)}" for line in view.glance] + [""]
    for section in view.sections:
        lines += _section(section, view.empty)
    lines += ["---", "", f"{view.generated} {t('catalogue_note')}", ""]
    return "\n".join(lines)


def _section(section: Section, empty: str) -> list[str]:
    note = section.plain_note or section.note
    lines = [f"## {section.title}", "", f"_{_inline(note)}_", ""]
    if section.blocks:
        return lines + _blocks(section.blocks)
    for table in section.tables:
        if table.title:
            lines += [f"### {table.title}", ""]
        if table.note:
            lines += [f"_{_inline(table.note)}_", ""]
        lines += _table(table, empty)
    return lines


def _blocks(blocks: tuple[FixBlock, ...]) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        title = _inline(block.title)
        if block.href and block.href.startswith(("https://", "http://")):
            title = f"[{title}](<{_url(block.href)}>)"
        lines += [f"### {title}", "", _inline(block.meta), ""]
        lines += [f"{n}. {_prose(step)}" for n, step in enumerate(block.steps, 1)] + [""]
    return lines


def _prose(text: str) -> str:
    """Escaped text that keeps `backticked` parts as code spans."""
    parts = text.split("`")
    if len(parts) % 2 == 0:
        return _inline(text)
    flat = [LINE_BREAKS.sub(" ", part) for part in parts]
    return "".join(f"`{p}`" if i % 2 else _linked(p) for i, p in enumerate(flat)).strip()


def _linked(text: str) -> str:
    """Escaped text whose web addresses are Markdown links."""
    out, done = [], 0
    for start, url in web_addresses(text):
        out += [_escape(text[done:start]), f"[{_escape(url)}](<{_url(url)}>)"]
        done = start + len(url)
    return "".join(out) + _escape(text[done:])


def _inline(text: str) -> str:
    """Text safe inside a Markdown table cell or an emphasis run."""
    return _escape(LINE_BREAKS.sub(" ", text).strip())  # keeps no-break spaces (34,9 %)


def _escape(text: str) -> str:
    for char in ("\\", "|", "*", "_", "`", "[", "]", "<", ">"):
        text = text.replace(char, "\\" + char)
    return text


def _cell(cell: Cell) -> str:
    text = _inline(cell.text)
    if cell.href and cell.href.startswith(("https://", "http://")):
        text = f"[{text}](<{_url(cell.href)}>)"
    elif cell.steps:
        text = _linked(LINE_BREAKS.sub(" ", cell.text).strip())
    return f"**{text}**" if cell.tone == "worse" else text


def _url(href: str) -> str:
    """A link target that cannot end the link early: an overlay's URL may hold ``>``,
    spaces, brackets or line breaks; those are percent-encoded (``%`` itself is kept)."""
    return quote(href, safe="!#$%&'()*+,/:;=?@~-._")


def _table(table: Table, empty: str) -> list[str]:
    if not table.rows:
        return [f"_{empty}_", ""]
    columns, rows = table.shown()
    header = "| " + " | ".join(_inline(c.label) for c in columns) + " |"
    rule = "|" + "|".join("---:" if c.numeric else "---" for c in columns) + "|"
    body = ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows]
    more = [f"_{_inline(table.overflow)}_", ""] if table.truncated else []
    return [header, rule, *body, "", *more]
