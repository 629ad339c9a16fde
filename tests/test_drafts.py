"""Drafts from templates: a file `patterns validate` accepts, whose entries match their lines."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from analyzer.catalogue import load_catalogue, validate_dir
from analyzer.catalogue.match import classify_message
from analyzer.drafts import write_drafts
from analyzer.templates import LINE_SCHEMA, mine

CAT = load_catalogue()
LOG_LINES = [
    "2018/01/29 21:45:58.745519 WARNING Too many files under: /var/lib/waagent/events, removing"
    " oldest",
    "2018/01/30 21:45:58.745519 WARNING Too many files under: /var/lib/waagent/history, removing"
    " oldest",
    "2026-11-18T22:41:54.123456Z ERROR ExtHandler ExtHandler Could not open '/etc/foo.conf'"
    " (errno 13)",
]
JOB_MESSAGES = [
    "Snapshot operation failed due to error 12345 on disk 'data1'",
    "Snapshot operation failed due to error 678 on disk 'os'",
]


def templates() -> pl.DataFrame:
    rows: list[tuple[str, str, str | None, str]]
    rows = [("log", "waagent.log", "waagent", text) for text in LOG_LINES]
    rows += [("job", "jobs.csv", None, text) for text in JOB_MESSAGES]
    frame = pl.DataFrame(
        [
            {
                "origin": o,
                "source": s,
                "vm": "vm-a",
                "time": datetime(2026, 11, 20, tzinfo=UTC),
                "log_kind": k,
                "text": t,
            }
            for o, s, k, t in rows
        ],
        schema=LINE_SCHEMA,
    )
    return mine(frame, CAT)


def test_the_drafts_file_validates_as_written_and_keeps_every_template(tmp_path: Path) -> None:
    result = write_drafts(templates(), CAT, tmp_path)
    assert (result.written, result.left_out) == (3, 0)
    assert validate_dir(tmp_path) == []


def test_a_drafted_signal_matches_its_lines_and_a_drafted_code_classifies_its_messages(
    tmp_path: Path,
) -> None:
    write_drafts(templates(), CAT, tmp_path)
    drafted = load_catalogue([tmp_path])
    signals = [s for s in drafted.signals.values() if s.id.startswith("draft-")]
    too_many = next(s for s in signals if "Too" in s.pattern)
    assert all(re.search(too_many.pattern, line) for line in LOG_LINES[:2])
    assert not re.search(too_many.pattern, LOG_LINES[2])
    codes = {classify_message(drafted, message) or "" for message in JOB_MESSAGES}
    assert len(codes) == 1 and next(iter(codes)).startswith("DraftCode_")


def test_drafts_of_an_empty_frame_are_an_empty_valid_file(tmp_path: Path) -> None:
    result = write_drafts(templates().head(0), CAT, tmp_path)
    assert result.written == 0
    assert validate_dir(tmp_path) == []
