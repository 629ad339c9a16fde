"""Each agent-log excerpt in tests/fixtures/logs gives exactly the events its sidecar lists.

A case is ``<case>.log`` (or ``.log.gz``) next to ``<case>.expected.csv``: a first line
``# log_kind=<kind> lines=<n>`` (blank value: not checked / no kind), then
``line_no,signal,detail,time,level`` rows (time in UTC, read with the default zone UTC).
A new file in the folder is a new test case. When the catalogue's signals change on purpose,
``pytest tests/evidence/test_fixtures.py --update-golden`` rewrites the event rows (the
kind and line count stay as written); check the diff.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from pathlib import Path

import polars as pl
import pytest

from analyzer.catalogue.load import load_catalogue
from analyzer.catalogue.model import Catalogue
from analyzer.evidence import read_evidence
from analyzer.inputs import InputFile, LocalFile, Workspace, materialize
from tests.paths import FIXTURES as TESTS_FIXTURES
from tests.paths import REALWORLD as REALWORLD_DIR

FIXTURES = TESTS_FIXTURES / "logs"
CASES = sorted(p for p in FIXTURES.iterdir() if p.name.endswith((".log", ".log.gz")))
COLUMNS = ["line_no", "signal", "detail", "time", "level"]


def case_name(path: Path) -> str:
    return path.name.removesuffix(".gz").removesuffix(".log")


def expected_for(path: Path) -> tuple[dict[str, str], list[tuple[str, ...]]]:
    header, _, body = (FIXTURES / f"{case_name(path)}.expected.csv").read_text().partition("\n")
    meta = dict(item.split("=", 1) for item in header.lstrip("# ").split())
    frame = pl.read_csv(io.StringIO(body), schema=dict.fromkeys(COLUMNS, pl.String))
    return meta, [tuple(v or "" for v in row) for row in frame.rows()]


def local_file(path: Path, scratch: Path) -> LocalFile:
    if path.suffix == ".gz":
        return materialize(InputFile(path.name, path), Workspace(scratch))
    return LocalFile(path.name, path, size=path.stat().st_size)


def events_as_text(events: pl.DataFrame) -> list[tuple[str, ...]]:
    shown = events.select(
        pl.col("line_no").cast(pl.String),
        "signal",
        pl.col("detail").fill_null(""),
        pl.col("time").dt.strftime("%Y-%m-%d %H:%M:%S%.6f").fill_null(""),
        pl.col("level").fill_null(""),
    )
    return [tuple(row) for row in shown.rows()]


def rewrite_expected(path: Path, meta: dict[str, str], events: list[tuple[str, ...]]) -> None:
    """``--update-golden``: the sidecar gets the events read now (check the diff)."""
    out = io.StringIO()
    out.write(f"# log_kind={meta['log_kind']} lines={meta['lines']}\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(events)
    (FIXTURES / f"{case_name(path)}.expected.csv").write_text(out.getvalue(), encoding="utf-8")


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue()


def test_every_case_has_its_expected_file() -> None:
    missing = [p.name for p in CASES if not (FIXTURES / f"{case_name(p)}.expected.csv").exists()]
    assert CASES and missing == []


CaseResult = tuple[LocalFile, dict[str, object], pl.DataFrame]


@pytest.fixture(scope="module")
def case_results(cat: Catalogue, tmp_path_factory: pytest.TempPathFactory) -> dict[str, CaseResult]:
    """Every case read once, all in one call (the tests below check each on its own):
    its file, its summary row and its events."""
    scratch = tmp_path_factory.mktemp("cases")
    files = [local_file(path, scratch) for path in CASES]
    result = read_evidence(files, cat)
    summaries = {str(row["source"]): row for row in result.files.iter_rows(named=True)}
    return {
        f.name: (f, summaries[f.name], result.events.filter(pl.col("source") == f.name))
        for f in files
    }


@pytest.mark.parametrize("path", CASES, ids=case_name)
def test_case_gives_the_expected_events(
    path: Path, case_results: dict[str, CaseResult], update_golden: bool
) -> None:
    meta, expected = expected_for(path)
    _, summary, events = case_results[path.name]
    if update_golden:
        rewrite_expected(path, meta, events_as_text(events))
        return
    assert events_as_text(events) == expected
    assert summary["log_kind"] == (meta["log_kind"] or None)
    if meta["lines"]:
        assert summary["lines"] == int(meta["lines"])
    assert summary["events"] == len(expected)


@pytest.mark.parametrize("path", CASES, ids=case_name)
def test_event_lines_are_the_file_lines(path: Path, case_results: dict[str, CaseResult]) -> None:
    local, _, events = case_results[path.name]
    lines = local.path.read_bytes().decode("utf-8", "replace").splitlines()
    for line_no, line in events.select("line_no", "line").iter_rows():
        assert line == lines[line_no - 1].rstrip("\r")[: len(line)]
        assert "\r" not in line


# --- the real-world corpus: every excerpt is read, with its own times -----------------------

REALWORLD = REALWORLD_DIR / "logs"
REAL_CASES = sorted(REALWORLD.glob("*.log")) if REALWORLD.is_dir() else []
WINDOWS_KINDS = {"windows-agent", "windows-extension"}


# The logs bjla knows by name, as the corpus manifest's ``log`` field names them.
KNOWN_LOGS = re.compile(r"(?i)waagent|extension\.log|shell\.log|serial console|WaAppAgent")


def manifest() -> dict[str, dict[str, str]]:
    if not (REALWORLD / "MANIFEST.toml").exists():
        return {}
    entries = tomllib.loads((REALWORLD / "MANIFEST.toml").read_text(encoding="utf-8"))["log"]
    return {entry["file"]: entry for entry in entries}


@pytest.fixture(scope="module")
def real_results(cat: Catalogue) -> dict[str, tuple[dict[str, object], pl.DataFrame]]:
    files = [LocalFile(p.name, p, size=p.stat().st_size) for p in REAL_CASES]
    result = read_evidence(files, cat)
    rows = {str(row["source"]): row for row in result.files.iter_rows(named=True)}
    return {
        name: (row, result.events.filter(pl.col("source") == name)) for name, row in rows.items()
    }


@pytest.mark.skipif(not REAL_CASES, reason="no real-world corpus in this checkout")
def test_every_real_excerpt_is_read_as_a_kind_of_its_os(
    real_results: dict[str, tuple[dict[str, object], pl.DataFrame]],
) -> None:
    entries = manifest()
    misread = {}
    for name, (row, _) in real_results.items():
        entry = entries.get(name, {})
        kind = row["log_kind"]
        if kind == "generic":
            # only a log that is none of the ones bjla knows may stay unplaced
            wrong = KNOWN_LOGS.search(entry.get("log", "")) is not None
        else:
            wrong = kind is None or (kind in WINDOWS_KINDS) != (entry.get("os") == "windows")
        if wrong:
            misread[name] = kind
    assert misread == {}
    for name, (row, _) in real_results.items():
        text = (REALWORLD / name).read_bytes().decode("utf-8", "replace")
        assert row["lines"] == len(text.splitlines()), name


@pytest.mark.skipif(not REAL_CASES, reason="no real-world corpus in this checkout")
def test_real_evidence_lines_that_carry_a_time_get_a_time(
    real_results: dict[str, tuple[dict[str, object], pl.DataFrame]],
) -> None:
    # A line that itself starts with a timestamp never ends up undated.
    dated = (
        r"^(?:\[[0-9A-Fa-f+]+\] )?[<\[]?"
        r"(?:[0-9]{4}[-/][0-9]{2}[-/][0-9]{2}|[0-9]{2}/[0-9]{2}/[0-9]{4})"
    )
    undated = {
        name: events.filter(pl.col("time").is_null() & pl.col("line").str.contains(dated))
        .get_column("line_no")
        .to_list()
        for name, (_, events) in real_results.items()
    }
    assert {name: lines for name, lines in undated.items() if lines} == {}
