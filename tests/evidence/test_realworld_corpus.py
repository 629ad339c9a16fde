"""The real-world log corpus is well formed: every excerpt is listed, sourced and labelled.

tests/realworld/logs/ holds excerpts of guest-agent and backup-extension logs that people
posted in public threads (and the agent team's own example lines of benign errors). Each
file is one excerpt, machine output only; MANIFEST.toml gives its source address, which log
it is, the OS, the failure class a reader names (a slug of LABELS.toml, or "none") and a
one-line conclusion. These tests check the corpus itself, not what bjla finds in it.

Encoding: every excerpt must decode as UTF-8, unless its manifest entry says
`encoding = "bytes"` (then it is only read as bytes and must not be empty).
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

import pytest

from tests.paths import REALWORLD

LOGS = REALWORLD / "logs"
MANIFEST = LOGS / "MANIFEST.toml"
LABELS = LOGS / "LABELS.toml"
NAME = re.compile(r"^(\d{3})-[a-z0-9][a-z0-9.-]*\.log$")
REQUIRED = {"file", "source", "log", "os", "label", "conclusion"}
OPTIONAL = {"encoding"}
# Markdown and chat left-overs that mean prose was pasted along with the log lines.
PROSE_MARKERS = ("```", "<details>", "</details>", "<summary>")


def _entries() -> list[dict[str, Any]]:
    with MANIFEST.open("rb") as handle:
        entries: list[dict[str, Any]] = tomllib.load(handle)["log"]
    return entries


def _labels() -> dict[str, Any]:
    with LABELS.open("rb") as handle:
        labels: dict[str, Any] = tomllib.load(handle)["label"]
    return labels


ENTRIES = _entries()


def test_folder_and_manifest_list_the_same_files() -> None:
    on_disk = {p.name for p in LOGS.iterdir() if p.suffix == ".log"}
    listed = [e["file"] for e in ENTRIES]
    assert len(listed) == len(set(listed)), "a file is listed twice in MANIFEST.toml"
    assert on_disk - set(listed) == set(), "files in the folder missing from MANIFEST.toml"
    assert set(listed) - on_disk == set(), "MANIFEST.toml lists files that do not exist"
    others = {p.name for p in LOGS.iterdir()} - on_disk - {MANIFEST.name, LABELS.name}
    assert others == set(), "only *.log, MANIFEST.toml and LABELS.toml belong in the folder"


def test_file_numbers_are_unique() -> None:
    numbers = [m.group(1) for e in ENTRIES if (m := NAME.match(e["file"]))]
    assert len(numbers) == len(ENTRIES), "every file is named NNN-short-slug.log"
    assert len(numbers) == len(set(numbers)), "two files share a number"


def test_every_label_has_a_description() -> None:
    labels = _labels()
    assert "none" in labels
    for slug, table in labels.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug
        assert str(table.get("description", "")).strip(), f"label {slug} has no description"


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["file"] for e in ENTRIES])
def test_entry_is_complete(entry: dict[str, Any]) -> None:
    keys = set(entry)
    assert keys >= REQUIRED, f"missing keys: {REQUIRED - keys}"
    assert keys <= REQUIRED | OPTIONAL, f"unknown keys: {keys - REQUIRED - OPTIONAL}"
    assert re.fullmatch(r"https://\S+", entry["source"]), "source is an https address"
    assert entry["os"] in ("linux", "windows")
    assert entry["label"] in _labels(), f"label {entry['label']!r} is not in LABELS.toml"
    assert entry["log"].strip()
    assert entry["conclusion"].strip()
    assert entry.get("encoding", "utf-8") in ("utf-8", "bytes")


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["file"] for e in ENTRIES])
def test_excerpt_is_log_lines_only(entry: dict[str, Any]) -> None:
    raw = (LOGS / entry["file"]).read_bytes()
    assert raw.strip(), "the excerpt is empty"
    if entry.get("encoding", "utf-8") == "bytes":
        return
    text = raw.decode("utf-8")  # raises when the file is not UTF-8
    for marker in PROSE_MARKERS:
        assert marker not in text, f"prose marker {marker!r} in the excerpt"
    lines = text.split("\n")
    assert lines[0].strip(), "the excerpt starts with a blank line"
    assert text.endswith("\n") and lines[-2].strip(), "the excerpt ends with one newline"


def test_corpus_has_quiet_and_failing_excerpts() -> None:
    labels = [e["label"] for e in ENTRIES]
    assert labels.count("none") >= 10, "at least ten excerpts that show no failure"
    assert len(set(labels) - {"none"}) >= 10, "at least ten failure classes"
