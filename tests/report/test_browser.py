"""The HTML report in a real browser (Chromium driven by Playwright): a header click sorts
a table by value, typing filters its rows, nothing is fetched, and the controls vanish
with scripts off and on paper. A screenshot is kept in ``artifacts/`` (gitignored).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from analyzer.report.write_html import render_html
from tests.external import require
from tests.paths import ROOT
from tests.report.test_report import case_report

playwright = pytest.importorskip("playwright.sync_api")

ARTIFACTS = ROOT / "artifacts"
WORST = "#worst table"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=require("chromium"))
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render_html(case_report("en")), encoding="utf-8")
    return path


def _column(page: object, table: str, index: int, *, visible: bool = False) -> list[str]:
    """The texts of column ``index`` of the table's body rows, in their order on the page."""
    rows = f"{table} tbody tr" + (":not([hidden])" if visible else "")
    return page.eval_on_selector_all(  # type: ignore[attr-defined, no-any-return]
        rows, f"rows => rows.map(r => r.cells[{index}].textContent)"
    )


def _values(page: object, table: str, index: int) -> list[float]:
    cells = _column(page, table, index)
    return [float(re.sub(r"[^0-9.]", "", text)) for text in cells]


def test_header_click_sorts_and_typing_filters(browser: object, report_file: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    fetched: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(report_file.as_uri())

    buttons = page.eval_on_selector_all(f"{WORST} thead th", "ths => ths.map(th => th.innerHTML)")
    assert buttons and all(b.startswith("<button") for b in buttons)  # every header sorts
    vms = _column(page, WORST, 0)
    rates = dict(zip(vms, _values(page, WORST, 3), strict=True))

    page.click(f"{WORST} th:nth-child(4) button")  # Failure rate: worst first
    assert _column(page, WORST, 0) == sorted(vms, key=lambda vm: -rates[vm])
    assert page.get_attribute(f"{WORST} th:nth-child(4)", "aria-sort") == "descending"
    page.click(f"{WORST} th:nth-child(4) button")
    assert _column(page, WORST, 0) == sorted(vms, key=lambda vm: rates[vm])

    page.click(f"{WORST} th:nth-child(1) button")  # VM names: A to Z
    assert _column(page, WORST, 0) == sorted(vms)

    page.fill("#worst .tools input", "lnx")
    shown = _column(page, WORST, 0, visible=True)
    assert shown == [vm for vm in sorted(vms) if "lnx" in vm] and 0 < len(shown) < len(vms)
    assert page.inner_text("#worst .tools .count") == f"{len(shown)} of {len(vms)} rows"

    days = "#daily table"
    page.click(f"{days} th:nth-child(1) button")  # days: newest first, as dates not text
    order = page.eval_on_selector_all(f"{days} tbody tr", "rs => rs.map(r => r.cells[0].dataset.v)")
    assert order == sorted(order, reverse=True) and len(order) == 7

    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#worst").screenshot(path=str(ARTIFACTS / "report-sorted-filtered.png"))
    page.emulate_media(media="print")
    assert not page.is_visible("#worst .tools")
    assert not errors
    assert all(url.startswith("file:") for url in fetched), fetched
    page.close()


def test_page_reads_whole_without_scripts(browser: object, report_file: Path) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(report_file.as_uri())
    assert page.query_selector(".tools") is None and page.query_selector("th button") is None
    assert len(_column(page, WORST, 0)) > 1
    context.close()
