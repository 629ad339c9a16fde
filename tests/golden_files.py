"""The one golden-file check: text equal to a file under tests/golden/, byte for byte.

Tests get it as the ``golden`` fixture (tests/conftest.py). ``pytest --update-golden``
(or ``BJLA_UPDATE_GOLDEN=1 pytest``) rewrites the files instead of comparing: do that
only for a change you meant, and check the diff.
"""

from __future__ import annotations

import difflib
import os

from tests.paths import GOLDEN

UPDATE_HINT = (
    "pytest --update-golden (or BJLA_UPDATE_GOLDEN=1) rewrites it after an intended change"
)


def update_requested() -> bool:
    """Whether the environment asks for the golden files to be rewritten."""
    return os.environ.get("BJLA_UPDATE_GOLDEN") == "1"


class GoldenCheck:
    """Compares with (or, when updating, rewrites) the golden files."""

    def __init__(self, update: bool) -> None:
        self.update = update

    def __call__(self, name: str, actual: str) -> None:
        """``actual`` must equal tests/golden/NAME, as UTF-8 bytes."""
        path = GOLDEN / name
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(actual.encode("utf-8"))
            return
        assert path.exists(), f"missing golden file {path}; {UPDATE_HINT}"
        expected = path.read_bytes().decode("utf-8")
        if actual != expected:
            diff = difflib.unified_diff(
                expected.splitlines(), actual.splitlines(), f"golden/{name}", "actual", lineterm=""
            )
            shown = "\n".join(list(diff)[:60])
            raise AssertionError(f"output differs from golden/{name} ({UPDATE_HINT}):\n{shown}")
