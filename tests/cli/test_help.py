"""Help text with an example on every command, ``--version``, and one real process run.

The command list is walked from the app itself, so a new command is checked as soon as
it exists. The subprocess run uses the installed console script (else ``python -m
analyzer``) with a different polars thread count than the in-process runs, and must
print exactly the golden by-VM table.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command

import analyzer
from analyzer.cli import app
from tests.cli.support import GOLDEN, ROOT, SAMPLE, invoke


def command_paths(command: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and group below ``command``, as the words a user types."""
    paths = [prefix]
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        paths.extend(command_paths(sub, (*prefix, name)))
    return paths


PATHS = command_paths(get_command(app))


def test_the_walk_finds_every_command() -> None:
    expected = {"analyze", "failures", "explain", "evidence", "report", "patterns", "columns"}
    expected |= {"templates", "history", "completion"}
    assert {p[0] for p in PATHS if p} == expected
    assert {p for p in PATHS if p[:1] == ("history",)} == {
        ("history",),
        ("history", "add"),
        ("history", "show"),
        ("history", "prune"),
    }
    assert {p for p in PATHS if p[:1] == ("patterns",)} == {
        ("patterns",),
        ("patterns", "list"),
        ("patterns", "show"),
        ("patterns", "validate"),
    }


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "bjla")
def test_help_has_text_and_an_example(path: tuple[str, ...]) -> None:
    result = invoke([*path, "--help"])
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith(f"Usage: bjla {' '.join(path)}".rstrip())
    assert "Example" in text
    # The example runs the command it documents (the root's runs analyze).
    assert f"bjla {' '.join(path) or 'analyze'} " in text


@pytest.mark.parametrize(
    "path", [p for p in PATHS if p and p[-1] != "patterns"], ids=lambda p: " ".join(p)
)
def test_every_option_is_explained(path: tuple[str, ...]) -> None:
    command: Any = get_command(app)
    for word in path:
        command = command.commands[word]
    unexplained = [p.name for p in command.params if not getattr(p, "help", None)]
    assert unexplained == []


def test_version() -> None:
    result = invoke(["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"bjla {analyzer.__version__}\n"
    assert analyzer.__version__ == version("bjla")


def test_no_arguments_shows_help() -> None:
    result = invoke([])
    assert "Usage: bjla" in result.output
    assert "analyze" in result.output


def bjla_command() -> list[str]:
    script = shutil.which("bjla", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "analyzer"]


def test_console_script_in_a_real_process() -> None:
    env = {**os.environ, "POLARS_MAX_THREADS": "1", "BJLA_UPDATE_GOLDEN": ""}
    done = subprocess.run(
        [*bjla_command(), "analyze", SAMPLE, "-f", "csv"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    out = done.stdout.decode()
    assert out.startswith("vm,resource_group,jobs,finished,failed,failure_rate,")
    assert out == (GOLDEN / "analyze_by_vm.csv").read_text(encoding="utf-8")
    assert b"Traceback" not in done.stderr
    assert done.stderr.decode().splitlines()[-1].startswith("bjla: 13 source(s) [")
