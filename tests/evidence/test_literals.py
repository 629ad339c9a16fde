"""The scanner's literal screen: strings every signal match contains, and that screening
changes no hit, record or line count."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzer.catalogue.load import load_catalogue
from analyzer.evidence.formats import format_for
from analyzer.evidence.literals import required_literals, screen_patterns
from analyzer.evidence.scan import scan_file
from analyzer.evidence.signals import prefilter, screen, signals_for

CAT = load_catalogue()
SIGNALS = list(CAT.signals.values())
SAMPLES = [(s.pattern, sample) for s in SIGNALS for sample in s.samples]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"Failed to (send|get) DHCP", {"Failed to send DHCP", "Failed to get DHCP"}),
        (r"(?:foo|bar)[0-9]+ timed out", {" timed out"}),
        (r"[Dd]o[Ss]napshot", {"DoSnapshot", "doSnapshot", "Dosnapshot", "dosnapshot"}),
        (r"StatusCode: ?(5[0-9]{2})\b", {"StatusCode:"}),
        (r"ERROR:(timeout: )?timed out$", {"timed out"}),
    ],
)
def test_required_literals_of_simple_patterns(pattern: str, expected: set[str]) -> None:
    assert required_literals(pattern) == expected


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?i)failed",  # case-insensitive: no literal is sure
        r"[[:alpha:]]+ failed",  # a POSIX class reads differently in Python's parser
        r"\p{L}+",  # a Unicode class Python does not know
        r".*",
        r"(a|.*)",  # one branch has no literal: neither has the alternation
    ],
)
def test_patterns_without_a_sure_literal_give_none(pattern: str) -> None:
    assert required_literals(pattern) is None


def test_a_set_with_one_pattern_without_literals_turns_the_screen_off() -> None:
    assert screen_patterns(("Failed to send", "(?i)timeout")) is None
    assert screen_patterns(("Failed to send", "ab")) is None  # too short to be worth it
    assert screen_patterns(("Failed to send",)) == ("Failed to send",)


@pytest.mark.parametrize(("pattern", "sample"), SAMPLES)
def test_every_signal_sample_contains_one_of_its_literals(pattern: str, sample: str) -> None:
    found = required_literals(pattern)
    assert re.search(pattern, sample), "the catalogue's own sample must match"
    assert found is None or any(text in sample for text in found)


def test_every_log_kind_of_the_catalogue_gets_a_screen() -> None:
    kinds = {kind for s in SIGNALS for kind in s.log_kinds}
    for kind in kinds:
        patterns = screen(signals_for(CAT, kind))
        assert patterns, kind
        assert all(p.count("|") < 64 for p in patterns)


NOISE = [
    "2026-01-01T00:00:04.859725Z VERBOSE ExtHandler ExtHandler HTTP response status: [200]",
    "2026-01-01T00:00:05.000000Z INFO ExtHandler Agent WALinuxAgent-2.9.1.1 is running",
    "Traceback (most recent call last):",
    '  File "azurelinuxagent/ga/update.py", line 690, in _try_update_goal_state',
    "",
    "caf\u00e9 \u2013 not a signal",
]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    picks=st.lists(st.sampled_from(NOISE + [sample for _, sample in SAMPLES]), max_size=120),
    end=st.sampled_from(["\n", "\r\n"]),
    chunk=st.sampled_from([97, 4096, 1 << 20]),
)
def test_the_screen_changes_no_hit(tmp_path: Path, picks: list[str], end: str, chunk: int) -> None:
    path = tmp_path / "waagent.log"
    path.write_bytes(end.join(picks).encode())
    fmt = format_for("waagent")
    signals = signals_for(CAT, "waagent")
    hit = prefilter(signals)
    fast = scan_file(path, fmt.start, hit, screen(signals), chunk)
    slow = scan_file(path, fmt.start, hit, None, chunk)
    assert fast.lines == slow.lines
    assert fast.hits.equals(slow.hits)
    assert fast.hits.height == sum(
        1 for line in (end.join(picks).split("\n") if picks else []) if _hits(line, hit)
    )


def _hits(line: str, hit: pl.Expr) -> bool:
    return bool(pl.DataFrame({"line": [line.removesuffix("\r")]}).select(hit).item())
