"""Programs some tests need from outside Python (Chromium, LibreOffice, Azurite, ripgrep).

On a developer's machine a test whose program is missing is skipped with the reason. In CI
(``.ci/run`` sets ``BJLA_CI=1`` after installing them) a missing program fails the test, so a
broken install can never pass as a run of skipped tests.
"""

from __future__ import annotations

import os
import shutil

import pytest


def require(*names: str) -> str:
    """The path of the first of ``names`` found on PATH; skip (or fail in CI) if none is."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    reason = f"needs {' or '.join(names)} on PATH (.ci/run installs it)"
    if os.environ.get("BJLA_CI") == "1":
        pytest.fail(reason)
    pytest.skip(reason)
