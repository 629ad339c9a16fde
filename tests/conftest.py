"""Fixtures every test may ask for: catalogues, small limits, golden files, the CLI.

* ``catalogue``: the built-in catalogue (loaded once; ``load_catalogue`` caches it);
  ``tiny_catalogue``: two codes and three causes made in code (``tests.helpers``).
* ``small_limits``: a ``Limits`` whose block sizes are tiny, so the sample inputs take
  the paths a large export takes: CSV through polars in small blocks, every input staged
  on disk in many VM buckets of small batches. A test that needs one threshold more
  ``dataclasses.replace``-s it.
* ``golden``: compares text with a file under tests/golden/ byte for byte; with
  ``--update-golden`` (or ``BJLA_UPDATE_GOLDEN=1``) it rewrites the file instead, for
  a change you meant: check the diff.
* ``cli``: runs ``bjla ARGS`` in-process (``tests.cli.support.invoke``), through a click
  command built once for the session.

Every test runs without ``FORCE_COLOR``: a CI that sets it must not paint the outputs the
golden files hold (``analyzer.render.colour``).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from typer.testing import Result

from analyzer.catalogue.load import load_catalogue
from analyzer.catalogue.model import Catalogue
from analyzer.limits import Limits
from tests import helpers
from tests.cli.support import invoke
from tests.golden_files import GoldenCheck, update_requested


@pytest.fixture(autouse=True)
def _no_forced_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the golden files under tests/golden/ (and README's column block)",
    )


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    """The built-in catalogue."""
    return load_catalogue()


@pytest.fixture(scope="session")
def tiny_catalogue() -> Catalogue:
    """Two codes, three causes: enough to test classification and aggregation."""
    return helpers.tiny_catalogue()


@pytest.fixture
def small_limits() -> Limits:
    """Tiny block sizes: the sample inputs take the large-input paths."""
    return helpers.SMALL_LIMITS


@pytest.fixture(scope="session")
def update_golden(pytestconfig: pytest.Config) -> bool:
    """Whether this run rewrites golden files instead of comparing with them."""
    return bool(pytestconfig.getoption("--update-golden")) or update_requested()


@pytest.fixture(scope="session")
def golden(update_golden: bool) -> GoldenCheck:
    """``golden("cli/x.csv", text)``: text equals tests/golden/cli/x.csv (or rewrites it)."""
    return GoldenCheck(update_golden)


@pytest.fixture(scope="session")
def cli() -> Callable[..., Result]:
    """``cli(["analyze", ...])``: one in-process ``bjla`` run, traceback-free."""
    return invoke
