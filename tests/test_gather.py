"""Small inputs of one kind are parsed together; the result must be as if parsed apart."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl
import pytest

from analyzer import gather
from analyzer.analysis import AnalyzeOptions, Table
from analyzer.catalogue.load import load_catalogue
from analyzer.ingest import read_source
from analyzer.inputs import LocalFile
from analyzer.limits import DEFAULT_LIMITS, Limits
from analyzer.pipeline import RunResult, run_analysis
from analyzer.texts import table
from tests.paths import SAMPLE_LOGS

SAMPLE_JOBS = SAMPLE_LOGS / "jobs"


@pytest.fixture
def many_small_exports(tmp_path: Path) -> Path:
    """The sample's Log Analytics export cut into six files, next to two PowerShell exports.

    The en-US and sv-SE PowerShell exports share a shape but not their time layouts, so
    they must not be parsed as one batch.
    """
    folder = tmp_path / "exports"
    folder.mkdir()
    header, *lines = (SAMPLE_JOBS / "la_addon_jobs.csv").read_text(encoding="utf-8").splitlines()
    step = len(lines) // 6 + 1
    for n in range(6):
        part = lines[n * step : (n + 1) * step]
        (folder / f"a_la_{n}.csv").write_text("\n".join([header, *part, ""]), encoding="utf-8")
    for name in ("powershell_jobs_en-US.csv", "powershell_jobs_sv-SE.csv"):
        shutil.copy(SAMPLE_JOBS / name, folder / f"b_{name}")
    return folder


Analyzed = tuple[RunResult, dict[str, pl.DataFrame]]


APART = Limits(gather_rows=0)  # every table parsed on its own


def analyzed(folder: Path, limits: Limits = DEFAULT_LIMITS) -> Analyzed:
    cat = load_catalogue()
    opts = AnalyzeOptions()
    result = run_analysis([str(folder)], cat, opts, limits=limits)
    tables = {
        "vm": table(result.analysis, Table.by_vm, cat),
        "failures": result.analysis.failures.sort(pl.all()),
        "rejects": result.analysis.rejects.sort(pl.all()),
    }
    return result, tables


def assert_same(left: Analyzed, right: Analyzed) -> None:
    (result, tables), (other, other_tables) = left, right
    assert result.sources == other.sources
    assert result.analysis.accounting == other.analysis.accounting
    assert result.warnings == other.warnings
    for name, frame in tables.items():
        assert frame.equals(other_tables[name]), name


def test_gathered_small_files_give_what_they_give_apart(many_small_exports: Path) -> None:
    joined = analyzed(many_small_exports)
    apart = analyzed(many_small_exports, APART)
    assert_same(joined, apart)
    assert [s[0].rsplit("/", 1)[-1] for s in joined[0].sources][:2] == ["a_la_0.csv", "a_la_1.csv"]
    assert joined[1]["failures"].get_column("source").n_unique() > 2


def test_batches_are_cut_by_rows_and_by_kind(
    many_small_exports: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    added: list[int] = []
    add = gather.Gatherer._batch

    def counting(self: gather.Gatherer, pending: list[object], on_rows: object) -> object:
        added.append(len(pending))
        return add(self, pending, on_rows)  # type: ignore[arg-type]

    monkeypatch.setattr(gather.Gatherer, "_batch", counting)
    joined = analyzed(many_small_exports, Limits(gather_rows=100))  # 2 or 3 of the 6 parts
    assert added and max(added) < 6
    assert len(joined[0].sources) == 8
    kinds = {
        path.name: read.staged.kind
        for path in sorted(many_small_exports.iterdir())
        for read in read_source(LocalFile(path.name, path, size=path.stat().st_size))
        if read.staged is not None
    }
    assert kinds["a_la_0.csv"] == kinds["a_la_5.csv"]
    assert kinds["b_powershell_jobs_en-US.csv"] != kinds["b_powershell_jobs_sv-SE.csv"]


def test_a_batch_polars_fails_on_is_stored_table_by_table(
    many_small_exports: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    apart = analyzed(many_small_exports, APART)

    def failing(*_: object) -> pl.LazyFrame:
        return pl.LazyFrame({"x": ["not a number"]}).select(pl.col("x").cast(pl.Int64))

    monkeypatch.setattr(gather, "parse", failing)
    assert_same(analyzed(many_small_exports), apart)


def test_small_json_lists_are_gathered_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    items = json.loads((SAMPLE_JOBS / "az_backup_jobs.json").read_text(encoding="utf-8"))
    folder = tmp_path / "az"
    folder.mkdir()
    for n in range(4):
        part = items[n * 40 : (n + 1) * 40]
        (folder / f"jobs_{n}.json").write_text(json.dumps(part, indent=2), encoding="utf-8")
    batches: list[int] = []
    add = gather.Gatherer._batch

    def counting(self: gather.Gatherer, pending: list[object], on_rows: object) -> object:
        batches.append(len(pending))
        return add(self, pending, on_rows)  # type: ignore[arg-type]

    with monkeypatch.context() as patch:
        patch.setattr(gather.Gatherer, "_batch", counting)
        joined = analyzed(folder)
    assert batches == [4]
    assert_same(joined, analyzed(folder, APART))
