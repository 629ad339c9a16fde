"""The registry a stop empties: scratch folders and temp files, and what a stop says."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from analyzer import stopping


@pytest.fixture(autouse=True)
def _clean_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stopping, "_paths", {})
    monkeypatch.setattr(stopping, "_written", [])


def test_scratch_folders_are_registered_while_they_exist(tmp_path: Path) -> None:
    with stopping.scratch_folder() as folder:
        (folder / "stage").mkdir()
        (folder / "stage" / "rows.arrow").write_bytes(b"x")
        assert str(folder) in stopping._paths
        stopping.remove_registered()  # what a stop does
        assert not folder.exists()
    assert stopping._paths == {}


def test_registered_files_and_folders_are_removed(tmp_path: Path) -> None:
    temp = tmp_path / ".out.csv.abc.bjla-tmp"
    temp.write_text("half")
    folder = tmp_path / "bjla-x"
    (folder / "deep").mkdir(parents=True)
    stopping.register(temp)
    stopping.register(folder)
    stopping.register(tmp_path / "already-gone")
    stopping.remove_registered()
    assert list(tmp_path.iterdir()) == []


def test_a_stop_message_says_what_was_written() -> None:
    assert stopping.stop_message(signal.SIGINT).endswith("bjla: stopped; nothing written\n")
    stopping.note_written("fleet.xlsx")
    assert stopping.stop_message(signal.SIGTERM).endswith(
        "bjla: stopped by SIGTERM; fleet.xlsx had been written\n"
    )


def test_a_stop_message_speaks_the_commands_language() -> None:
    stopping.speak("sv")
    try:
        said = stopping.stop_message(signal.SIGINT)
        assert said.endswith("bjla: stoppad; inget skrevs\n") or said.endswith(
            " hade skrivits\n"  # another test of this process noted a written file
        )
        assert "stoppad av SIGTERM; " in stopping.stop_message(signal.SIGTERM)
    finally:
        stopping.speak("en")
    assert "bjla: stopped" in stopping.stop_message(signal.SIGINT)
