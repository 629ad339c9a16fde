"""Evidence kinds: failure findings, informational events, known-benign lines, start markers.

Signals say whether a match is a finding (``kind = "failure"``) or informational; the
catalogue's ``[[benign]]`` rules (the agent team's list of harmless errors) turn a failure
match on a known line into kind ``benign``, some only up to a repeat count; a start marker
(``closed_by``) is reported only when nothing closes it.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from analyzer.catalogue.load import load_catalogue
from analyzer.evidence import read_evidence
from analyzer.inputs import LocalFile

CAT = load_catalogue()
IOERROR = (
    "ERROR ExtHandler ExtHandler Error fetching the goal state: [ProtocolError] [Wireserver"
    " Exception] [HttpError] [HTTP Failed] GET http://168.63.129.16/machine/ -- IOError timed"
    " out -- 6 attempts made"
)
ARTIFACT_400 = (
    "ExtHandler ExtHandler Fetch failed from [http://168.63.129.16:32526/extensionArtifact]:"
    " [HTTP Failed] [400: Bad Request] b''"
)


def events(tmp_path: Path, name: str, lines: list[str]) -> pl.DataFrame:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return read_evidence([LocalFile(name, path, size=path.stat().st_size)], CAT).events


def kinds(frame: pl.DataFrame, signal: str) -> list[str]:
    return frame.filter(pl.col("signal") == signal).get_column("kind").to_list()


def test_a_repeated_benign_line_becomes_a_finding_past_its_count(tmp_path: Path) -> None:
    lines = [f"2025-09-06T08:4{i}:16.941247Z {IOERROR}" for i in range(7)]
    got = events(tmp_path, "waagent.log", lines)
    assert kinds(got, "goal-state-fetch-failed") == ["benign"] * 5 + ["failure"] * 2
    rules = got.filter(pl.col("kind") == "benign").get_column("benign").unique().to_list()
    assert rules == ["goal-state-wireserver-ioerror"]


def test_a_benign_rule_keeps_its_level_condition(tmp_path: Path) -> None:
    warning = f"2022-03-08T03:03:23.036161Z WARNING {ARTIFACT_400}"
    error = f"2022-03-08T03:03:24.036161Z ERROR {ARTIFACT_400}"
    got = events(tmp_path, "waagent.log", [warning, error])
    assert kinds(got, "extension-artifact-http-error") == ["benign", "failure"]


def test_informational_signals_are_never_findings(tmp_path: Path) -> None:
    line = "2026/11/09 23:10:42.518830 INFO Agent WALinuxAgent-2.2.10 is running as the goal state"
    line += " agent"
    got = events(tmp_path, "waagent.log", [line])
    assert set(got.get_column("signal")) == {"agent-version", "agent-outdated"}
    assert set(got.get_column("kind")) == {"info"}


PREFIX = "[Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0]"


@pytest.mark.parametrize(
    ("after", "reported"),
    [
        ([], True),
        (["T:S freeze result , timedout :False"], False),
        (["T:S thaw result"], False),
        (["T:S freeze, timeout value 60"], True),  # a new start: the first never closed
    ],
)
def test_a_freeze_start_is_reported_only_when_nothing_closes_it(
    tmp_path: Path, after: list[str], reported: bool
) -> None:
    lines = [
        f"2024-01-14 22:16:48.7{i}0000 {PREFIX}{m}"
        for i, m in enumerate(["T:S freeze, timeout value 60", "fsfreeze mount :/", *after])
    ]
    got = events(tmp_path, "extension.log", lines)
    starts = got.filter(pl.col("signal") == "freeze-started-never-thawed")
    assert (1 in starts.get_column("line_no").to_list()) == reported
    assert "freeze-thawed" not in got.get_column("signal").to_list()


BENIGN_SAMPLES = [
    (rule.id, i, text) for rule in CAT.benign.values() for i, text in enumerate(rule.samples)
]


@pytest.fixture(scope="module")
def benign_sample_events(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    """Each benign sample alone in a waagent.log of its own folder (its own VM); all read
    in one call, which costs a quarter of a call per log."""
    folder = tmp_path_factory.mktemp("benign")
    logs = []
    for n, (_, _, text) in enumerate(BENIGN_SAMPLES):
        path = folder / f"benign-{n}" / "waagent.log"
        path.parent.mkdir()
        path.write_text(text + "\n", encoding="utf-8")
        logs.append(LocalFile(f"benign-{n}/waagent.log", path, size=path.stat().st_size))
    result = read_evidence(logs, CAT)
    # Events name their log as the tests look them up (a benign line may give no event).
    assert result.files.get_column("source").to_list() == [log.name for log in logs]
    assert set(result.events.get_column("source")) <= {log.name for log in logs}
    return result.events


@pytest.mark.parametrize(
    ("n", "rule", "i", "text"),
    [(n, *case) for n, case in enumerate(BENIGN_SAMPLES)],
    ids=lambda v: str(v)[:30],
)
def test_the_agent_teams_examples_are_never_findings(
    benign_sample_events: pl.DataFrame, n: int, rule: str, i: int, text: str
) -> None:
    got = benign_sample_events.filter(pl.col("source") == f"benign-{n}/waagent.log")
    assert got.filter(pl.col("kind") == "failure").height == 0, got.select("signal", "line")
