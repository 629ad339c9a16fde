"""Weekly report renderers: golden HTML and Markdown (en, sv), same data in every format,
a self-contained HTML page, deterministic SVG charts, a typed workbook.

Regenerate the golden files after an intended change with
``pytest tests/report/test_render.py --update-golden`` and review the diff.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from datetime import date
from html import escape
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from analyzer.errors import UsageError
from analyzer.render.formats import REPORT_FORMATS, Format, report_format
from analyzer.render.words import PERIOD_WORDS, TEXT, Labels
from analyzer.report import IsoWeek, build_report, range_period, render_report, week_period
from analyzer.report.page import labels_for, page
from analyzer.report.page_cells import Cell, Cells
from analyzer.report.write_charts import PALETTE, causes_chart
from analyzer.report.write_html import prose, render_html
from analyzer.report.write_markdown import _prose, render_markdown
from analyzer.report.write_xlsx import render_report_xlsx, report_sheets
from tests.golden_files import GoldenCheck
from tests.paths import ROOT
from tests.report.test_report import NOW, case_analysis, case_catalogue, case_report


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_html_matches_golden(lang: str, golden: GoldenCheck) -> None:
    golden(f"report/week47.{lang}.html", render_html(case_report(lang)))


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_markdown_matches_golden(lang: str, golden: GoldenCheck) -> None:
    golden(f"report/week47.{lang}.md", render_markdown(case_report(lang)))


def test_rendering_is_deterministic() -> None:
    assert render_html(case_report()) == render_html(case_report())


def test_html_fetches_nothing() -> None:
    html = render_html(case_report())
    # One inline script (sorting and filtering), which loads nothing and stores nothing.
    assert html.count("<script") == 1 and "<script>" in html
    script = html.split("<script>")[1].split("</script>")[0]
    for call in ("fetch", "XMLHttpRequest", "import", "Storage", "cookie", "src", "eval"):
        assert call not in script, call
    assert "<link" not in html
    assert "@import" not in html and "url(" not in html
    assert not re.search(r"\ssrc\s*=", html)
    docs = (
        {r["doc_url"] for r in case_report().worst_vms.iter_rows(named=True)}
        | {c.doc_url for c in case_catalogue().causes.values()}
        | {c.doc_url for c in case_catalogue().codes.values()}
    )
    for url in re.findall(r'href="([^"]*)"', html):
        assert url.startswith("#") or url in docs, url
    assert not (set(re.findall(r"https?://[^\s\"'<>)]+", html)) - docs)


def test_html_is_printable() -> None:
    html = render_html(case_report())
    assert "@media print" in html
    assert html.count("<svg ") == 4  # three charts of the days, one of the weeks


def _shown_cells(lang: str) -> list[Cell]:
    view = page(case_report(lang))
    sections = (view.opening, *view.sections)
    tables = [view.kpis, *(t for s in sections if not s.blocks for t in s.tables)]
    return [cell for table in tables for row in table.shown()[1] for cell in row]


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_html_and_markdown_show_the_same_fixes(lang: str) -> None:
    html = render_html(case_report(lang))
    markdown = render_markdown(case_report(lang)).replace("\\", "")
    blocks = next(s.blocks for s in page(case_report(lang)).sections if s.key == "fixes")
    first_two = ("agent-outdated-linux", "agent-config-linux")
    titles = [case_catalogue().causes[cause].title[lang] for cause in first_two]
    assert [b.title for b in blocks][:2] == titles
    for block in blocks:
        for text in (block.title, block.meta, *block.steps):
            assert escape(text) in html and text in markdown, text


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_html_and_markdown_show_the_same_cells(lang: str) -> None:
    html = render_html(case_report(lang)).replace("<wbr>", "")
    markdown = render_markdown(case_report(lang))
    flat_md = markdown.replace("\\", "")
    cells = _shown_cells(lang)
    assert len(cells) > 100
    for cell in cells:
        for part in cell.steps or (cell.text,):  # HTML lists fix steps, Markdown numbers them
            assert f">{escape(part)}<" in html, part
        shown = f"**{cell.text}**" if cell.tone == "worse" else cell.text  # no colour: bold
        assert f" {shown} " in flat_md or f"[{cell.text}]" in flat_md, cell.text


def test_markdown_tables_keep_their_shape() -> None:
    analysis = case_analysis()
    analysis.rejects = pl.concat(
        [
            analysis.rejects,
            analysis.rejects.head(1).with_columns(pl.lit("a | b\nc").alias("reason")),
        ]
    )
    report = build_report(
        analysis, case_catalogue(), period=week_period(IsoWeek(2026, 47)), now=NOW
    )
    for block in render_markdown(report).split("\n\n"):
        rows = [line for line in block.splitlines() if line.startswith("|")]
        widths = {len(re.findall(r"(?<!\\)\|", line)) for line in rows}
        assert len(widths) <= 1, block


def test_swedish_page_uses_swedish_labels_and_numbers() -> None:
    html = render_html(case_report("sv"))
    assert '<html lang="sv">' in html
    assert "Mest drabbade VM:ar" in html
    assert "34,9\u00a0%" in html
    assert "VM-agenten är inaktuell (Linux)" in html
    assert "Uppdatera paketet walinuxagent." in html
    assert "Worst VMs" not in html


def test_every_label_exists_in_both_languages() -> None:
    for key, texts in TEXT.items():
        assert len(texts) == 2 and all(texts), key
        for unit in PERIOD_WORDS:
            for lang in ("en", "sv"):
                Labels(lang, unit)(key, **_placeholders(texts[0]))


def _placeholders(text: str) -> dict[str, str]:
    return {
        name: "x"
        for name in re.findall(r"\{(\w+)\}", text)
        if name not in ("this", "This", "prev", "Prev")
    }


def test_unknown_language_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        Labels("de")


def test_chart_colours_follow_sorted_cause_ids() -> None:
    report = case_report()
    svg = causes_chart(report, Cells(labels_for(report), "UTC"))
    first = sorted(c for c in report.daily_causes["cause"].unique() if c != "unclassified")[0]
    title = case_catalogue().causes[first].title["en"]
    assert re.search(rf'fill="{PALETTE[0]}"><title>[^<]*{re.escape(title)}: ', svg)


def test_empty_week_renders_placeholders() -> None:
    report = build_report(
        case_analysis(week="2026-W10"),
        case_catalogue(),
        period=week_period(IsoWeek(2026, 10)),
        now=NOW,
    )
    html = render_html(report)
    assert "No failed jobs this week." in html
    assert "Nothing to show." in html
    assert "Nothing to show." in render_markdown(report)


def test_period_report_says_period_not_week() -> None:
    period = range_period(date(2026, 11, 19), date(2026, 11, 23))
    report = build_report(case_analysis(), case_catalogue(), now=NOW, period=period)
    markdown = render_markdown(report)
    assert markdown.startswith("# Backup failure report — 19–22 Nov 2026")
    assert "This period" in markdown and "week" not in markdown.split("\n")[0]


def test_workbook_has_a_typed_sheet_per_table() -> None:
    book = openpyxl.load_workbook(io.BytesIO(render_report_xlsx(case_report())))
    assert book.sheetnames[:4] == ["About", "Unprotected now", "Key figures", "Worst VMs"]
    assert "Agent logs matched to no VM" in book.sheetnames
    worst = book["Worst VMs"]
    header = [c.value for c in worst[1]]
    assert header[:4] == ["VM", "Resource group", "Failed jobs", "Failure rate (%)"]
    first = [c.value for c in worst[2]]
    assert first[:5] == ["lnx-db-02", "rg-data", 7, 100.0, 7]
    assert "Docs" in header and str(first[header.index("Docs")]).startswith("https://")


def test_workbook_sheets_hold_the_html_rows() -> None:
    sheets = dict(report_sheets(case_report()))
    assert sheets["Chronic failures"].get_column("VM").to_list() == ["lnx-db-02", "lnx-web-01"]
    assert sheets["Recovered"].height == 2
    assert sheets["Inputs not read"].height == 1


def test_swedish_workbook_names_sheets_in_swedish() -> None:
    names = [name for name, _ in report_sheets(case_report("sv"))]
    assert names[:4] == ["Om", "Oskyddade nu", "Nyckeltal", "VM-datorer med flest fel"]
    assert all(len(name) <= 31 and not set(name) & set("[]:*?/\\") for name in names)


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("r.html", Format.html),
        ("R.HTM", Format.html),
        ("r.md", Format.md),
        ("r.xlsx", Format.xlsx),
    ],
)
def test_report_format_from_extension(name: str, fmt: Format) -> None:
    assert report_format(Path(name)) is fmt


def test_report_format_rejects_unknown_extension() -> None:
    with pytest.raises(UsageError, match=r"use \.html, \.md or \.xlsx"):
        report_format(Path("report.pdf"))


def test_render_report_gives_bytes_for_every_format() -> None:
    report = case_report()
    for fmt in REPORT_FORMATS:
        data = render_report(report, fmt)
        assert isinstance(data, bytes) and len(data) > 1000


def test_a_table_format_is_no_report_format() -> None:
    report = case_report()  # built once: it is the costly part
    for fmt in sorted(set(Format) - set(REPORT_FORMATS)):
        with pytest.raises(ValueError, match=f"{fmt.value} is a table format"):
            render_report(report, fmt)


def test_long_lists_are_cut_on_the_page_but_not_in_the_workbook() -> None:
    fleet = {(f"vm-{n:02d}", "rg-many"): ".........F...." for n in range(30)}
    report = build_report(
        case_analysis(fleet=fleet), case_catalogue(), period=week_period(IsoWeek(2026, 47)), now=NOW
    )
    assert report.new_vms.height == 30
    html = render_html(report)
    assert "Showing 25 of 30 rows" in html
    assert "vm-24" in html and "vm-25" not in html.split('id="recovered"')[0]
    assert "Showing 25 of 30 rows" in render_markdown(report)
    assert dict(report_sheets(report))["Started failing"].height == 30


def test_four_week_period_labels_fewer_days() -> None:
    period = range_period(date(2026, 11, 16), date(2026, 11, 23))
    long = range_period(date(2026, 10, 26), date(2026, 11, 23))
    short_svg = causes_chart(
        build_report(case_analysis(), case_catalogue(), now=NOW, period=period),
        Cells(Labels("en", "period"), "UTC"),
    )
    long_report = build_report(case_analysis(), case_catalogue(), now=NOW, period=long)
    long_svg = causes_chart(long_report, Cells(Labels("en", "period"), "UTC"))
    assert long_report.daily.height == 28
    day_label = r"<text [^>]*>(?:\w{3} )?\d{1,2} (?:Oct|Nov)</text>"
    assert len(re.findall(day_label, short_svg)) == 7
    assert 4 <= len(re.findall(day_label, long_svg)) <= 14


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium is not installed")
def test_chromium_renders_the_report(tmp_path: Path) -> None:
    html = tmp_path / "week47.html"
    html.write_text(render_html(case_report()), encoding="utf-8")
    png = tmp_path / "week47.png"
    script = ROOT / "benchmarks" / "screenshot_report.py"
    subprocess.run(
        [sys.executable, str(script), str(html), "-o", str(png), "--height", "1200"],
        check=True,
        capture_output=True,
        timeout=180,
    )
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 20_000  # a rendered page, not a blank one


def test_workbook_holds_the_fleet_view_typed() -> None:
    sheets = dict(report_sheets(case_report()))
    unprotected = sheets["Unprotected now"]
    assert unprotected.get_column("VM").to_list()[0] == "lnx-db-02"
    assert unprotected.get_column("Since last success (hours)").to_list()[0] == 13 * 24 + 1
    assert unprotected.get_column("State").to_list()[:2] == ["stale", "silent"]
    weeks = sheets["Week by week"]
    assert weeks.get_column("Week").to_list() == ["2026-W46", "2026-W47"]
    assert weeks.get_column("Failure rate (%)").to_list() == [16.4, 34.9]
    assert sheets["Templates of the unknown"].get_column("Count").to_list() == [2, 1]
    swedish = [name for name, _ in report_sheets(case_report("sv"))]
    assert {"Oskyddade nu", "Vecka för vecka", "Mallar för det okända"} <= set(swedish)


def test_web_addresses_in_fix_steps_are_links() -> None:
    step = (
        "Install it (https://go.microsoft.com/fwlink/?LinkID=394789&clcid=0x409), then see"
        ' https://example.org/a_b"><script>x</script>. Not javascript:alert(1).'
    )
    html = prose(step)
    assert (
        '(<a href="https://go.microsoft.com/fwlink/?LinkID=394789&amp;clcid=0x409">'
        "https://go.microsoft.com/fwlink/?LinkID=394789&amp;clcid=0x409</a>)," in html
    )
    assert '<a href="https://example.org/a_b">' in html and "<script>" not in html
    assert html.count("<a ") == 2
    assert prose("see `https://x.example/in-code` there") == (
        "see <code>https://x.example/in-code</code> there"
    )
    markdown = _prose(step)
    assert "[https://example.org/a\\_b](<https://example.org/a_b>)" in markdown
    assert "(<https://go.microsoft.com/fwlink/?LinkID=394789&clcid=0x409>))," in markdown


def test_markdown_does_not_speak_of_colours() -> None:
    for lang, words in (("en", ("red", "green", "colour")), ("sv", ("rött", "grönt", "färg"))):
        markdown = render_markdown(case_report(lang)).lower()
        assert not [w for w in words if re.search(rf"\b{w}", markdown)], lang
        assert "**+" in markdown  # a change for the worse, in bold as the note says
