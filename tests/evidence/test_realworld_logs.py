"""What bjla finds in the real-world log corpus: recall per failure class, no false findings.

Every excerpt of tests/realworld/logs (see MANIFEST.toml) goes through the evidence reader
in one call, as `bjla evidence` reads it. A file labelled with a failure class is *named*
when one of its failure findings (events of kind "failure") comes from a signal that
tests/realworld/expect.toml lists for the class, or that supports a cause listed there.
Files labelled "none" must give no failure finding at all (informational and known-benign
events are allowed). A file the reader cannot place is *skipped*: it is counted apart from
the misses, so the recall of what is read and the files still unread are both visible.

The table of figures is printed even without ``-s``, so it can be quoted.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from analyzer.catalogue.load import load_catalogue
from analyzer.catalogue.model import Catalogue
from analyzer.evidence import EvidenceResult, read_evidence
from analyzer.inputs import LocalFile
from tests.paths import REALWORLD

ROOT = REALWORLD
LOGS = ROOT / "logs"
NONE = "none"
MIN_RECALL = 0.95


def _toml(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


MANIFEST: list[dict[str, Any]] = _toml(LOGS / "MANIFEST.toml")["log"]
LABELS: dict[str, Any] = _toml(LOGS / "LABELS.toml")["label"]
EXPECT: dict[str, dict[str, list[str]]] = _toml(ROOT / "expect.toml")["label"]


@dataclass
class ClassFigures:
    """How many files of one label were read, named (or quiet for "none") and skipped."""

    files: int = 0
    read: int = 0
    named: int = 0
    missed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.named / self.read if self.read else 1.0


@dataclass
class CorpusRun:
    """The reader's result over the whole corpus and the figures per label."""

    result: EvidenceResult
    classes: dict[str, ClassFigures]
    false_findings: dict[str, list[str]]  # "none" file -> its failure signals

    def failures(self) -> Iterator[ClassFigures]:
        return (figures for label, figures in self.classes.items() if label != NONE)


def _naming_signals(cat: Catalogue, label: str) -> set[str]:
    """The failure signals that name ``label``: listed, or supporting a listed cause."""
    entry = EXPECT[label]
    causes = set(entry.get("causes", []))
    by_cause = {s.id for s in cat.signals.values() if causes & set(s.supports)}
    return (set(entry.get("signals", [])) | by_cause) & _failure_signals(cat)


def _failure_signals(cat: Catalogue) -> set[str]:
    return {s.id for s in cat.signals.values() if s.kind == "failure"}


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue()


@pytest.fixture(scope="module")
def run(cat: Catalogue) -> CorpusRun:
    files = [
        LocalFile(e["file"], LOGS / e["file"], size=(LOGS / e["file"]).stat().st_size)
        for e in MANIFEST
    ]
    result = read_evidence(files, cat)
    findings = result.events.filter(pl.col("kind") == "failure")
    found = {
        source: set(signals)
        for source, signals in findings.group_by("source").agg("signal").iter_rows()
    }
    read = dict(result.files.select("source", pl.col("lines").is_not_null()).iter_rows())
    classes: dict[str, ClassFigures] = {}
    false_findings: dict[str, list[str]] = {}
    for entry in MANIFEST:
        name, label = entry["file"], entry["label"]
        figures = classes.setdefault(label, ClassFigures())
        figures.files += 1
        if not read[name]:
            figures.skipped.append(name)
            continue
        figures.read += 1
        signals = found.get(name, set())
        if label == NONE:
            if signals:
                false_findings[name] = sorted(signals)
            else:
                figures.named += 1  # for "none": quiet
        elif signals & _naming_signals(cat, label):
            figures.named += 1
        else:
            figures.missed.append(name)
    return CorpusRun(result, classes, false_findings)


def _table(run: CorpusRun) -> str:
    rows = [f"{'label':<32}{'files':>6}{'read':>6}{'named':>7}{'recall':>8}{'skipped':>9}"]
    for label in sorted(run.classes, key=lambda name: (name == NONE, name)):
        f = run.classes[label]
        shown = "quiet" if label == NONE else "named"
        rows.append(
            f"{label:<32}{f.files:>6}{f.read:>6}{f.named:>7}{f.recall:>8.0%}"
            f"{len(f.skipped):>9}" + ("" if label != NONE else f"  ({shown})")
        )
    failures = list(run.failures())
    read = sum(f.read for f in failures)
    named = sum(f.named for f in failures)
    total = sum(f.files for f in failures)
    skipped = sum(len(f.skipped) for f in run.classes.values())
    rows.append(
        f"labelled failures: {named}/{read} read files named ({named / read:.1%});"
        f" {named}/{total} of all ({named / total:.1%}); {skipped} file(s) skipped;"
        f" {len(run.false_findings)} false finding(s) on 'none'"
    )
    misses = [m for f in failures for m in f.missed]
    rows += [f"  missed: {m}" for m in misses]
    rows += [f"  skipped: {s}" for f in run.classes.values() for s in f.skipped]
    return "\n".join(rows)


def test_expect_names_every_label_with_catalogue_ids(cat: Catalogue) -> None:
    assert set(LABELS) - {NONE} == set(EXPECT), "expect.toml and LABELS.toml list other labels"
    failure = _failure_signals(cat)
    for label, entry in EXPECT.items():
        assert set(entry) <= {"signals", "causes"}, label
        assert [s for s in entry.get("signals", []) if s not in failure] == [], label
        assert [c for c in entry.get("causes", []) if c not in cat.causes] == [], label
        assert entry.get("signals") or entry.get("causes"), label


def test_every_file_is_read_without_a_crash(run: CorpusRun) -> None:
    assert sorted(run.result.files.get_column("source")) == sorted(e["file"] for e in MANIFEST)
    assert set(run.result.events.get_column("kind").unique()) <= {"failure", "info", "benign"}


def test_labelled_failures_are_named(run: CorpusRun, capsys: pytest.CaptureFixture[str]) -> None:
    with capsys.disabled():
        print("\nreal-world corpus (tests/realworld):\n" + _table(run))
    failures = list(run.failures())
    named = sum(f.named for f in failures)
    read = sum(f.read for f in failures)
    assert read and named / read >= MIN_RECALL, [m for f in failures for m in f.missed]


def test_quiet_excerpts_give_no_failure_finding(run: CorpusRun) -> None:
    assert run.false_findings == {}


def test_no_file_is_skipped(run: CorpusRun) -> None:
    assert [s for f in run.classes.values() for s in f.skipped] == []
