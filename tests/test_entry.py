"""Importing ``analyzer`` changes nothing; the console script's entry sets its defaults."""

from __future__ import annotations

import importlib
import os

import pytest

import analyzer
from analyzer.entry import set_process_defaults

DEFAULTS = ("_RJEM_MALLOC_CONF", "POLARS_CSV_CHUNK_SIZE")


def test_importing_analyzer_leaves_the_environment_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in DEFAULTS:
        monkeypatch.delenv(name, raising=False)
    importlib.reload(analyzer)
    assert not [name for name in DEFAULTS if name in os.environ]


def test_entry_defaults_are_set_and_a_users_own_setting_wins() -> None:
    environ = {"POLARS_CSV_CHUNK_SIZE": "123"}
    set_process_defaults(environ)
    assert environ["POLARS_CSV_CHUNK_SIZE"] == "123"
    assert environ["_RJEM_MALLOC_CONF"].startswith("dirty_decay_ms:200,")
