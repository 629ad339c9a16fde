"""The option families: declared once, the same in every command, checked before reading."""

from __future__ import annotations

import pytest

import analyzer.cli
import analyzer.cli_evidence
from analyzer.render import REPORT_FORMATS, TABLE_FORMATS, Format
from tests.cli.support import SAMPLE, invoke

LOGS = "sample_logs/agent-logs"
COMMANDS = {
    "analyze": ["analyze", SAMPLE],
    "failures": ["failures", SAMPLE],
    "report": ["report", SAMPLE],
    "evidence": ["evidence", LOGS],
    "evidence --jobs": ["evidence", LOGS, "--jobs", SAMPLE],
}


@pytest.fixture
def no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    def must_not_run(*args: object, **kwargs: object) -> None:
        raise AssertionError("inputs were read before the options were checked")

    for name in ("run_analysis", "run_distributed", "report_command_body"):
        monkeypatch.setattr(analyzer.cli, name, must_not_run)
    for name in ("run_analysis", "read_logs_only"):
        monkeypatch.setattr(analyzer.cli_evidence, name, must_not_run)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_unknown_log_zone_is_a_usage_error_everywhere(no_reading: None, command: str) -> None:
    result = invoke([*COMMANDS[command], "--log-tz", "Mars/Base"])
    assert result.exit_code == 2
    assert "unknown time zone 'Mars/Base'" in result.stderr


@pytest.mark.parametrize("command", ["analyze", "failures", "report"])
def test_every_input_command_takes_the_same_families(command: str) -> None:
    help_text = invoke([command, "--help"]).stdout
    for option in (
        "--since",
        "--until",
        "--logs",
        "--log-tz",
        "--window",
        "--encoding",
        "--rejects",
        "--strict",
        "--max-unpacked-mb",
        "--output",
    ):
        assert option in help_text, option


@pytest.mark.parametrize("command", ["analyze", "failures"])
def test_an_empty_period_is_refused_before_reading(no_reading: None, command: str) -> None:
    result = invoke([*COMMANDS[command], "--since", "2026-11-16", "--until", "2026-11-16"])
    assert result.exit_code == 2


# Each command offers the formats it writes, from the one Format enum, and no other.
FORMAT_COMMANDS = {
    "analyze": (["analyze", SAMPLE], TABLE_FORMATS),
    "failures": (["failures", SAMPLE], TABLE_FORMATS),
    "evidence": (["evidence", LOGS], TABLE_FORMATS),
    "patterns list": (["patterns", "list"], TABLE_FORMATS),
    "report": (["report", SAMPLE], REPORT_FORMATS),
}


@pytest.mark.parametrize("command", sorted(FORMAT_COMMANDS))
def test_each_command_offers_and_takes_only_its_formats(no_reading: None, command: str) -> None:
    words, formats = FORMAT_COMMANDS[command]
    names = [f.value for f in formats]
    help_text = invoke([*command.split(), "--help"]).stdout
    assert f"-f, --format <{'|'.join(names)}>" in help_text
    for other in sorted(set(Format) - set(formats)):
        result = invoke([*words, "-f", other.value])
        assert result.exit_code == 2, other
        assert f"'{other.value}' is not one of {', '.join(map(repr, names))}." in result.stderr
