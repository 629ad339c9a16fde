"""``--lang sv`` end to end: what a person reads is Swedish, machine formats keep their ids.

Terminal tables (``-f table``), XLSX headers and sheet names, the lines on stderr (summary,
rejected rows, warnings) of analyze, failures, evidence, templates and history; CSV keeps
the stable column ids whatever the language.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl

from analyzer.report.write_xlsx import report_sheets
from tests.cli.support import cached, invoke
from tests.report.test_report import case_report

# One export with rejected rows (ragged, a bad time, an unknown status) and failures, and
# the agent logs of two VMs: small, so each run takes a fraction of the sample's time.
JOBS = "sample_logs/jobs/la_addon_jobs.csv"
LOGS = [
    "--logs",
    "sample_logs/agent-logs/lnx-app-03",
    "--logs",
    "sample_logs/agent-logs/win-app-02",
]

ENGLISH_LINE = re.compile(r"^bjla: (warning|rejected|error|skipped)\b|rows read", re.MULTILINE)
SWEDISH_SUMMARY = re.compile(
    r"^bjla: \d+ (?:källa|källor) \[.*\]; [\d\u00a0]+ lästa rader = [\d\u00a0]+ jobb \+ [\d\u00a0]+"
    r" sammanslagna dubbletter \+ [\d\u00a0]+ avvisade; [\d\u00a0]+ misslyckade jobb på"
    r" [\d\u00a0]+ VM:ar",
    re.MULTILINE,
)


def test_analyze_table_and_stderr_in_swedish() -> None:
    result = cached("analyze", JOBS, *LOGS, "--lang", "sv", "-f", "table")
    assert result.exit_code == 0, result.stderr
    title, *_ = result.stdout.splitlines()
    assert re.fullmatch(r"per VM \(\d+ rader\)", title)
    assert "vanligaste kod" in result.stdout and "top_code" not in result.stdout
    assert "Föreslagna åtgärder (" in result.stdout and "Suggested fixes" not in result.stdout
    assert SWEDISH_SUMMARY.search(result.stderr), result.stderr
    assert "bjla: avvisad: " in result.stderr and "rubrikraden har" in result.stderr
    assert not ENGLISH_LINE.search(result.stderr), result.stderr


def test_csv_keeps_column_ids_in_swedish() -> None:
    english = cached("analyze", JOBS, "-f", "csv")
    swedish = cached("analyze", JOBS, "--lang", "sv", "-f", "csv")
    assert swedish.stdout.splitlines()[0] == english.stdout.splitlines()[0]
    assert swedish.stdout.splitlines()[0].startswith("vm,resource_group,jobs,")


def test_excel_csv_has_swedish_headers() -> None:
    result = cached("failures", JOBS, "--lang", "sv", "--excel")
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0][:5] == ["VM", "resursgrupp", "valv", "åtgärd", "starttid"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", rows[1][4])


def test_workbook_in_swedish(tmp_path: Path) -> None:
    target = tmp_path / "fleet.xlsx"
    result = invoke(["analyze", JOBS, "--lang", "sv", "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    book = openpyxl.load_workbook(target, read_only=True)
    assert book.sheetnames == ["per VM", "misslyckade jobb", "avvisade rader"]
    headers = [c.value for c in next(book["per VM"].iter_rows(max_row=1))]
    assert headers[:6] == ["VM", "resursgrupp", "jobb", "avslutade", "misslyckade", "felfrekvens"]
    reasons = [row[3] for row in book["avvisade rader"].iter_rows(min_row=2, values_only=True)]
    assert "okänd status 'Invalid'" in reasons


def test_report_sheet_names_fit_and_are_not_cut() -> None:
    for lang, expected in (
        ("sv", ["VM-datorer med flest fel", "Agentloggar utan matchande VM"]),
        ("en", ["Worst VMs", "Agent logs matched to no VM"]),
    ):
        names = [name for name, _ in report_sheets(case_report(lang))]
        assert all(name in names for name in expected), names
        assert all(len(n) <= 31 and not re.search(r"[\[\]*?/\\:]", n) for n in names)
        assert not any("VMar" in n or n.endswith(" V") for n in names), names


def test_failures_evidence_and_templates_in_swedish() -> None:
    failures = cached("failures", JOBS, "--lang", "sv", "-f", "table")
    assert failures.stdout.startswith("misslyckade jobb (")
    assert "starttid" in failures.stdout and SWEDISH_SUMMARY.search(failures.stderr)
    evidence = cached("evidence", *LOGS[1::2], "--lang", "sv", "-f", "table")
    assert evidence.exit_code == 0, evidence.stderr
    assert evidence.stdout.startswith("belägg (") and "signal" in evidence.stdout
    assert re.search(r"^bjla: [\d\u00a0]+ händelser \(.*felfynd", evidence.stderr, re.MULTILINE)
    # --min-count 2: a template of one log line quotes a Python traceback, which the
    # helper would take for a traceback of bjla.
    templates = cached("templates", JOBS, *LOGS, "--lang", "sv", "--min-count", "2", "-f", "table")
    assert templates.exit_code == 0, templates.stderr
    assert templates.stdout.startswith("mallar (") and "ursprung" in templates.stdout
    assert re.search(r"^bjla: [\d\u00a0]+ mall\(ar\) från ", templates.stderr, re.MULTILINE)
    for result in (failures, evidence, templates):
        assert not ENGLISH_LINE.search(result.stderr), result.stderr


def test_history_in_swedish(tmp_path: Path) -> None:
    store = tmp_path / "store"
    jobs = "sample_logs/jobs/powershell_jobs_en-US.csv"
    added = invoke(["history", "add", jobs, "--into", str(store), "--lang", "sv"])
    assert added.exit_code == 0, added.stderr
    assert re.search(r"lästa rader = [\d\u00a0]+ nya jobbposter", added.stderr), added.stderr
    shown = invoke(["history", "show", str(store), "--lang", "sv", "-f", "table"])
    assert shown.stdout.startswith("historik (") and "poster" in shown.stdout
    assert "jobbposter på" in shown.stderr


def _rejects_table(markdown: str, heading: str) -> list[list[str]]:
    """The cells of the report's rejected-rows table, under ``### heading``."""
    section = markdown.split(f"### {heading}\n", 1)[1].split("\n### ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")][1:]  # no header
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows]


def test_report_data_quality_gives_reject_reasons_in_swedish(tmp_path: Path) -> None:
    paths = {lang: tmp_path / f"w47.{lang}.md" for lang in ("en", "sv")}
    for lang, path in paths.items():
        result = invoke(
            ["report", "sample_logs/jobs", "--week", "2026-W47", "--lang", lang, "-o", str(path)]
        )
        assert result.exit_code == 0, result.stderr
    english = _rejects_table(paths["en"].read_text(encoding="utf-8"), "Rejected rows")
    swedish = _rejects_table(paths["sv"].read_text(encoding="utf-8"), "Avvisade rader")
    assert len(english) == len(swedish) >= 5

    def where(rows: list[list[str]]) -> list[tuple[str, ...]]:
        return sorted((row[0], *row[2:]) for row in rows)

    assert where(english) == where(swedish)  # the same files and rows, only worded otherwise
    reasons = {row[1] for row in english}
    assert not reasons & {row[1] for row in swedish}, "an English reason in the Swedish report"
