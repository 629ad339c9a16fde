"""``--excel`` CSV opens in LibreOffice as typed cells, in an English and a Swedish locale.

The files are converted with LibreOffice headless, with the separator and the locale a
spreadsheet of that locale uses for a file it opens directly (``,`` and en-US, ``;`` and
sv-SE), then read with openpyxl: times must be dates, counts and rates numbers, truth
values booleans (TRUE / SANT), å/ä/ö intact. Each conversion gets its own LibreOffice
profile, so parallel tests do not share one; the two run at once (about 5 s together on
an idle machine).
"""

from __future__ import annotations

import re
import subprocess
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from tests.cli.support import invoke
from tests.external import require

# LibreOffice's CSV filter options: separator, quote ("), UTF-8 (76), first row 1, no
# column formats, locale (1033 en-US, 1053 sv-SE), quoted fields not text, detect special
# numbers (dates and times) as a spreadsheet opening the file does.
JOBS = "sample_logs/jobs/powershell_jobs_sv-SE.csv"  # small: the test times LibreOffice
FILTERS = {"en": "CSV:44,34,76,1,,1033,false,true", "sv": "CSV:59,34,76,1,,1053,false,true"}
HEADERS = {
    "en": ("vm", "failed", "failure_rate", "last_failure", "hours_since_job", "top_code_known"),
    "sv": ("VM", "misslyckade", "felfrekvens", "senaste fel", "timmar sedan jobb", "känd kod"),
}


def _convert(soffice: str, csv_file: Path, lang: str, tmp: Path) -> subprocess.Popen[bytes]:
    profile = tmp / f"profile-{lang}"
    return subprocess.Popen(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            f"--infilter={FILTERS[lang]}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp / f"out-{lang}"),
            str(csv_file),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample fleet's by-vm table as --excel CSV in en and sv, converted to XLSX."""
    soffice = require("soffice", "libreoffice")
    tmp = tmp_path_factory.mktemp("excel")
    runs = {}
    for lang in FILTERS:
        target = tmp / f"fleet-{lang}.csv"
        result = invoke(
            ["analyze", JOBS, "--all-vms", "--excel", "--lang", lang, "-o", str(target)]
        )
        assert result.exit_code == 0, result.stderr
        assert target.read_bytes().startswith(b"\xef\xbb\xbf")
        runs[lang] = _convert(soffice, target, lang, tmp)
    for run in runs.values():
        assert run.wait(timeout=120) == 0
    return {lang: tmp / f"out-{lang}" / f"fleet-{lang}.xlsx" for lang in FILTERS}


@pytest.mark.parametrize("lang", list(FILTERS))
def test_excel_csv_opens_typed(converted: dict[str, Path], lang: str) -> None:
    sheet = openpyxl.load_workbook(converted[lang]).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    vm, failed, rate, last_failure, hours, known = (header.index(h) for h in HEADERS[lang])
    body = rows[1:]
    assert len(body) >= 4  # every VM of the file
    for row in body:
        assert isinstance(row[vm], str) and row[vm]
        assert isinstance(row[failed], int | float)
        assert isinstance(row[hours], int | float)
        assert row[rate] is None or isinstance(row[rate], int | float)
        assert 0 <= (row[rate] or 0) <= 1
        assert row[last_failure] is None or isinstance(row[last_failure], datetime)
        assert row[known] is None or isinstance(row[known], bool)  # TRUE / SANT
    assert any(isinstance(row[last_failure], datetime) for row in body)
    assert any(isinstance(row[rate], float) and 0 < row[rate] < 1 for row in body)


def test_swedish_text_survives(converted: dict[str, Path]) -> None:
    """The BOM makes the spreadsheet read UTF-8: Swedish titles keep å, ä and ö."""
    sheet = openpyxl.load_workbook(converted["sv"]).active
    assert sheet is not None
    texts = [c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "orsakens rubrik" in texts
    assert any("ö" in t or "ä" in t or "å" in t for t in texts[30:])
    assert not any("Ã" in t for t in texts)  # UTF-8 read as Latin-1


def test_excel_options() -> None:
    """The locale follows --lang or --excel-locale; TSV keeps the tab; other formats refuse."""
    english_excel = invoke(["analyze", JOBS, "--excel", "--lang", "sv", "--excel-locale", "en"])
    assert english_excel.exit_code == 0, english_excel.stderr
    header, first = english_excel.stdout.removeprefix("\ufeff").splitlines()[:2]
    assert header.startswith("VM,resursgrupp,jobb,")  # Swedish words, English separators
    assert re.search(r",0\.\d+,", first) and " " in first.split(",")[6]
    tsv = invoke(["analyze", JOBS, "--excel", "-f", "tsv", "--lang", "sv"])
    assert tsv.stdout.startswith("\ufeffVM\tresursgrupp\t") and "\t0," in tsv.stdout
    for bad in (["--excel", "-f", "json"], ["--excel-locale", "sv"]):
        refused = invoke(["analyze", JOBS, *bad])
        assert refused.exit_code == 2 and "--excel" in refused.stderr
