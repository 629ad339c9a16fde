"""The report as one self-contained HTML page: inline CSS, SVG and one small script
(``write_script``: sort and filter the tables), nothing fetched; readable on a laptop
screen, with scripts off, and printed (A4 landscape).
"""

from __future__ import annotations

import re
from datetime import date
from html import escape

from analyzer.report.model import Report
from analyzer.report.page import Page, labels_for, page
from analyzer.report.page_cells import Cell, Cells, Column, Table
from analyzer.report.page_sections import FixBlock, Section
from analyzer.report.write_charts import charts
from analyzer.report.write_script import CSS as SCRIPT_CSS
from analyzer.report.write_script import body_words, script_tag
from analyzer.report.write_trend import trend_chart

CSS = """
:root { --ink:#1b2733; --muted:#5f6b76; --line:#dde3e8; --bg:#f3f5f7; --worse:#b42318;
  --better:#1e7b45; --accent:#1f4e79; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  "Liberation Sans", sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 28px 40px; }
h1 { font-size: 25px; margin: 0 0 2px; }
h2 { font-size: 18px; margin: 0 0 2px; }
h3 { font-size: 14.5px; margin: 18px 0 2px; }
a { color: var(--accent); }
.subtitle { color: var(--muted); margin: 0; }
.kpis { display: grid; grid-template-columns: repeat(6, 1fr); gap: 12px; margin: 18px 0 6px; }
.kpi { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
.kpi .label { color: var(--muted); font-size: 12.5px; }
.kpi .value { font-size: 28px; font-weight: 650; line-height: 1.2; }
.kpi .delta { font-size: 14px; font-weight: 600; margin-left: 6px; }
.kpi .prev { color: var(--muted); font-size: 12.5px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px;
  padding: 16px 18px; margin: 14px 0; }
.glance ul { margin: 6px 0 0; padding-left: 20px; }
.glance li { margin: 3px 0; }
.note { color: var(--muted); font-size: 12.5px; margin: 2px 0 10px; max-width: 980px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th { text-align: left; font-weight: 600; color: var(--muted); font-size: 12px;
  border-bottom: 2px solid var(--line); padding: 5px 8px; vertical-align: bottom; }
td { border-bottom: 1px solid var(--line); padding: 5px 8px; vertical-align: top; }
tbody tr:nth-child(even) td { background: #f9fafb; }
th.num, td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.wide { width: 24%; }
td.name, td.time { white-space: nowrap; }
th.num { width: 5.5em; }
.scroll { overflow-x: auto; }
table.compact { width: auto; min-width: 50%; }
nav { font-size: 12.5px; color: var(--muted); margin: 8px 0 0; }
nav a { color: var(--muted); }
.worse { color: var(--worse); font-weight: 600; }
.better { color: var(--better); font-weight: 600; }
.muted { color: var(--muted); }
.strong { font-weight: 650; }
ol.fix { margin: 0; padding-left: 18px; }
.fixes { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.fix { border: 1px solid var(--line); border-left: 4px solid #aab3bb; border-radius: 6px;
  padding: 10px 14px; overflow-wrap: anywhere; }
.fix.confirmed { border-left-color: var(--better); }
.fix h3 { margin: 0 0 2px; font-size: 14.5px; }
.fix .meta { color: var(--muted); font-size: 12.5px; margin: 0 0 6px; }
.fix ol { margin: 0; padding-left: 20px; font-size: 13px; }
.fix li { margin: 2px 0; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace;
  font-size: 0.92em; background: #eef1f4; padding: 0 3px; border-radius: 3px; }
.empty { color: var(--muted); font-style: italic; margin: 4px 0; }
.charts2 { display: grid; grid-template-columns: 1fr 1fr; gap: 28px; margin-top: 18px; }
svg.chart { width: 100%; height: auto; display: block; font-family: inherit; }
footer { color: var(--muted); font-size: 12px; margin-top: 18px; }
@media screen and (max-width: 980px) {
  .kpis { grid-template-columns: repeat(2, 1fr); }
  .charts2, .fixes { grid-template-columns: 1fr; }
}
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  body { background: #fff; font-size: 11px; }
  main { max-width: none; padding: 0; }
  section { border: 0; padding: 0; margin: 10px 0 16px; }
  .kpi { border-color: #999; }
  .kpi .value { font-size: 22px; }
  h2, h3 { break-after: avoid; }
  tr, .kpi, svg.chart, .fix { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  nav { display: none; }
}
"""

SAFE_SCHEMES = ("https://", "http://")
NUM = ' class="num"'
CAMEL_BREAK = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
URL = re.compile(r"https?://[^\s<>\"'`]+")
URL_TAIL = ".,;:!?'\"”’»"
COMPACT_COLUMNS = 4


def render_html(report: Report) -> str:
    """The whole report as one HTML document."""
    view = page(report)
    cells = Cells(labels_for(report), report.period.tz)
    t = cells.t
    causes_svg, codes_svg, rate_svg = charts(report, cells)
    parts = [
        f'<!DOCTYPE html>\n<html lang="{escape(report.lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(view.title)}</title>\n<style>{CSS}{SCRIPT_CSS}</style>\n</head>\n"
        f"<body{body_words(t)}>\n<main>\n",
        _header(view),
        _nav(view, t("glance"), t("charts")),
        _section(view.opening, view.empty),
        _kpis(view, t("tones_html")),
        _glance(view, t("glance")),
        f'<section id="charts">\n<h2>{escape(t("charts"))}</h2>\n'
        f'<p class="note">{escape(t("charts_note"))}</p>\n{causes_svg}\n'
        f'<div class="charts2">\n{codes_svg}\n{rate_svg}\n</div>\n</section>\n',
        _sections(view.sections, view.empty, {"trend": trend_chart(report, cells)}),
        f"<footer>\n<p>{escape(view.generated)} {escape(t('catalogue_note'))}</p>\n</footer>\n",
        "</main>\n",
        script_tag(),
        "</body>\n</html>\n",
    ]
    return "".join(parts)


def _header(view: Page) -> str:
    return (
        f"<header>\n<h1>{escape(view.title)}</h1>\n"
        f'<p class="subtitle">{escape(view.subtitle)}</p>\n</header>\n'
    )


def _kpis(view: Page, tones: str) -> str:
    """Headline figures as cards: label, this period, change, the period before."""
    head = view.kpis.headers
    cards = []
    for label, current, previous, change in view.kpis.rows:
        cards.append(
            f'<div class="kpi">\n<div class="label">{escape(label.text)}</div>\n'
            f'<div class="value">{escape(current.text)}'
            f'<span class="delta {change.tone}">{escape(change.text)}</span></div>\n'
            f'<div class="prev">{escape(head[2])}: <span>{escape(previous.text)}</span></div>\n'
            "</div>\n"
        )
    return (
        f'<div class="kpis" role="table" aria-label="{escape(view.kpis.title)}">\n'
        + "".join(cards)
        + f'</div>\n<p class="note">{escape(view.kpis_note)} {escape(tones)}</p>\n'
    )


def _glance(view: Page, title: str) -> str:
    items = "".join(f"<li>{escape(line)}</li>\n" for line in view.glance)
    return (
        f'<section class="glance" id="glance">\n<h2>{escape(title)}</h2>\n'
        f"<ul>\n{items}</ul>\n</section>\n"
    )


def _sections(sections: tuple[Section, ...], empty: str, svgs: dict[str, str]) -> str:
    """Every section; ``svgs`` holds the chart shown above a section's tables."""
    return "".join(_section(section, empty, svgs.get(section.key, "")) for section in sections)


def _nav(view: Page, glance: str, charts_title: str) -> str:
    """In-page links to every section."""
    targets = [(view.opening.key, view.opening.title), ("glance", glance), ("charts", charts_title)]
    targets += [(section.key, section.title) for section in view.sections]
    links = " · ".join(f'<a href="#{key}">{escape(title)}</a>' for key, title in targets)
    return f'<nav aria-label="{escape(view.contents)}">{links}</nav>\n'


def _section(section: Section, empty: str, svg: str = "") -> str:
    if section.blocks:
        tables = _blocks(section.blocks)
    else:
        tables = "".join(_table(table, empty) for table in section.tables)
    chart = f"{svg}\n" if svg else ""
    return (
        f'<section id="{escape(section.key)}">\n<h2>{escape(section.title)}</h2>\n'
        f'<p class="note">{escape(section.note)}</p>\n{chart}{tables}</section>\n'
    )


def _blocks(blocks: tuple[FixBlock, ...]) -> str:
    """Fix cards: linked cause title, who it hit, numbered steps."""
    cards = []
    for block in blocks:
        title = escape(block.title)
        if block.href and block.href.startswith(SAFE_SCHEMES):
            title = f'<a href="{escape(block.href)}">{title}</a>'
        steps = "".join(f"<li>{prose(step)}</li>" for step in block.steps)
        tone = " confirmed" if block.confirmed else ""
        cards.append(
            f'<div class="fix{tone}">\n<h3>{title}</h3>\n<p class="meta">{escape(block.meta)}</p>\n'
            f"<ol>{steps}</ol>\n</div>\n"
        )
    return f'<div class="fixes">\n{"".join(cards)}</div>\n'


def prose(text: str) -> str:
    """Escaped text with `backticked` parts as code and web addresses as links."""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # unpaired backtick: plain text
        return linked(text)
    return "".join(
        f"<code>{escape(part)}</code>" if i % 2 else linked(part) for i, part in enumerate(parts)
    )


def linked(text: str) -> str:
    """Escaped text whose http(s) addresses are links (their text is the address)."""
    out, done = [], 0
    for start, url in web_addresses(text):
        link = escape(url)
        out += [escape(text[done:start]), f'<a href="{link}">{link}</a>']
        done = start + len(url)
    return "".join(out) + escape(text[done:])


def web_addresses(text: str) -> list[tuple[int, str]]:
    """Where each http(s) address in prose starts, and the address without the sentence's
    punctuation after it (``(see https://x/a).`` gives ``https://x/a``)."""
    found = []
    for match in URL.finditer(text):
        url = match.group().rstrip(URL_TAIL)
        while url.endswith(")") and url.count(")") > url.count("("):
            url = url[:-1].rstrip(URL_TAIL)
        found.append((match.start(), url))
    return found


def _table(table: Table, empty: str) -> str:
    heading = f"<h3>{escape(table.title)}</h3>\n" if table.title else ""
    note = f'<p class="note">{escape(table.note)}</p>\n' if table.note else ""
    if not table.rows:
        return f'{heading}{note}<p class="empty">{escape(empty)}</p>\n'
    columns, rows = table.shown()
    head = "".join(f"<th{_head_attrs(c)}>{escape(c.label)}</th>" for c in columns)
    body = "".join(
        "<tr>"
        + "".join(_cell(cell, col) for cell, col in zip(row, columns, strict=True))
        + "</tr>\n"
        for row in rows
    )
    compact = ' class="compact"' if len(columns) <= COMPACT_COLUMNS else ""
    return (
        f'{heading}{note}<div class="scroll"><table{compact}>\n<thead><tr>{head}</tr></thead>\n'
        f"<tbody>\n{body}</tbody>\n</table></div>\n"
        + (f'<p class="note">{escape(table.overflow)}</p>\n' if table.truncated else "")
    )


def _head_attrs(column: Column) -> str:
    """A numeric header's class; a time column's kind (its first sort is newest first)."""
    return (NUM if column.numeric else "") + (' data-kind="time"' if column.kind == "time" else "")


def sort_value(value: object) -> str | None:
    """What a cell sorts by when its text would sort wrongly (``1 234``, ``34,9 %``, days)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, date):  # datetime too: ISO text sorts in time order
        return value.isoformat()
    return None


def _cell(cell: Cell, column: Column) -> str:
    classes = [name for name, on in (("num", column.numeric), ("wide", column.wide)) if on]
    if column.kind:
        classes.append(column.kind)
    if cell.tone:
        classes.append(cell.tone)
    attr = f' class="{" ".join(classes)}"' if classes else ""
    value = sort_value(cell.value) if column.numeric or column.kind == "time" else None
    if value is not None:
        attr += f' data-v="{escape(value)}"'
    return f"<td{attr}>{_content(cell, column.kind)}</td>"


def _content(cell: Cell, kind: str) -> str:
    if cell.steps:
        return '<ol class="fix">' + "".join(f"<li>{linked(s)}</li>" for s in cell.steps) + "</ol>"
    text = escape(cell.text)
    if kind == "code":  # let long CamelCase codes wrap between their words
        text = CAMEL_BREAK.sub("<wbr>", text)
    if cell.href and cell.href.startswith(SAFE_SCHEMES):
        return f'<a href="{escape(cell.href)}">{text}</a>'
    return text
