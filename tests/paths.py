"""Where the tests find the repository and their data, wherever a test module sits."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
FIXTURES = TESTS / "fixtures"
REALWORLD = TESTS / "realworld"
GOLDEN = TESTS / "golden"
SAMPLE_LOGS = ROOT / "sample_logs"
