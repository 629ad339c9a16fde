"""Every option is range-checked before any input is read: one error line, exit 2.

Named for the cases of issue 12 that printed a traceback: ``report --since 0001-01-01``,
``--week 9999-W52``, ``--window inf``, dates outside 1900-2200, negative or NaN numbers.
The input named does not exist: a check that ran after reading would say so instead.
"""

from __future__ import annotations

import pytest

from tests.cli.support import invoke

MISSING = "no-such-input.csv"


def _usage_error(args: list[str]) -> str:
    result = invoke(args)
    assert result.exit_code == 2, (args, result.stderr)
    assert "Traceback" not in result.stderr
    assert MISSING not in result.stderr  # refused before the inputs were looked at
    errors = [line for line in result.stderr.splitlines() if "rror" in line]
    assert len(errors) == 1, result.stderr
    return errors[0]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["report", MISSING, "--since", "0001-01-01"], "the year 1 is outside 1900-2200"),
        (["report", MISSING, "--until", "9999-12-31"], "the year 9999 is outside"),
        (["report", MISSING, "--since", "1899-12-31"], "the year 1899 is outside"),
        (["report", MISSING, "--week", "9999-W52"], "the year 9999 is outside"),
        (["report", MISSING, "--week", "0001-W01"], "the year 1 is outside"),
        (["report", MISSING, "--now", "0001-01-01"], "the year 1 is outside"),
        (["analyze", MISSING, "--since", "0001-01-01"], "the year 1 is outside"),
        (["failures", MISSING, "--until", "9999-12-31T23:59"], "the year 9999 is outside"),
    ],
)
def test_dates_outside_1900_to_2200_are_usage_errors(args: list[str], says: str) -> None:
    assert says in _usage_error(args)


@pytest.mark.parametrize(
    ("command", "value"),
    [("analyze", v) for v in ("inf", "-inf", "nan", "-1", "1e300", "9000")]
    + [("failures", "inf"), ("report", "inf")],
)
def test_window_inf_nan_negative_or_huge_is_a_usage_error(command: str, value: str) -> None:
    assert "--window" in _usage_error([command, MISSING, f"--window={value}"])


def test_the_largest_window_is_accepted() -> None:
    result = invoke(["failures", "tests/fixtures/jobs/az_list.json", "--window", "8784"])
    assert result.exit_code == 0, result.stderr


def test_an_unknown_log_zone_is_refused_before_reading() -> None:
    assert "time zone" in _usage_error(["analyze", MISSING, "--log-tz", "Mars/Olympus"])


def test_dates_at_the_ends_of_the_range_are_accepted() -> None:
    for day in ("1900-01-08", "2200-12-01"):
        result = invoke(["report", "tests/fixtures/jobs/az_list.json", "--since", day])
        assert result.exit_code == 0, result.stderr
