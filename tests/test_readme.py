"""The README is checked against the code: CI runs its commands, its help excerpts match."""

from __future__ import annotations

import re

from tests.paths import ROOT


def bash_blocks(text: str) -> list[str]:
    return [b.strip() for b in re.findall(r"```bash\n(.*?)```", text, flags=re.S)]


def test_ci_runs_exactly_the_readme_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    install, tests = bash_blocks(readme)[:2]
    assert install in ci
    assert tests in ci
    assert "pytest" in tests
