"""The fuzz harness (tools/fuzz) in CI: a short campaign finds nothing, and the harness
does find what it exists to find (a planted crash, broken accounting, scratch left behind).

The long soak is ``python -m tools.fuzz --mutants 200000 --jobs 2 --seed 1 --out fuzz-out/``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

import analyzer.pipeline
import analyzer.sources
from analyzer.jobs import Accounting
from tools.fuzz import csvdoc
from tools.fuzz.campaign import Config, Stats, run_campaign
from tools.fuzz.generate import make_mutant
from tools.fuzz.model import REGISTRY

# A different seed every so often widens what CI covers; a failure names the seed.
SEED = int(os.environ.get("BJLA_FUZZ_SEED", "20261201"))


def _classes(stats: Stats) -> str:
    return "\n".join(f"{e['count']} x {sig}" for sig, e in stats.classes.items())


def test_a_short_campaign_finds_no_crash_violation_or_timeout(tmp_path: Path) -> None:
    """12 mutants of any family in one worker process, a tenth in children (the soak runs more)."""
    cfg = Config(mutants=12, jobs=1, seed=SEED, out=tmp_path, child_share=0.1, seconds=120)
    stats = run_campaign(cfg)
    totals = stats.totals()
    assert totals["runs"] >= 10, "the campaign ran almost nothing"
    assert stats.classes == {}, (
        f"seed {SEED}: {_classes(stats)}\n(failing inputs were in {tmp_path}/failures;"
        f" replay one with python -m tools.fuzz --seed {SEED} --replay N)"
    )


def _inline(only: str, mutants: int = 2) -> Stats:
    """A tiny campaign in this process, so monkeypatches of bjla apply."""
    cfg = Config(mutants=mutants, jobs=0, seed=SEED, child_share=0.0, only=frozenset({only}))
    return run_campaign(cfg)


def test_a_planted_crash_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("planted")

    monkeypatch.setattr(analyzer.pipeline, "read_jobs", explode)
    stats = _inline("gz_wrap")
    assert stats.totals()["crashes"] == 2
    assert any("ZeroDivisionError: planted" in sig for sig in stats.classes)


def test_broken_row_accounting_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    real = Accounting.summary
    monkeypatch.setattr(Accounting, "summary", lambda self: real(self).replace(" = ", "1 = ", 1))
    stats = _inline("field_value", mutants=3)
    assert stats.totals()["violations"] >= 1
    assert any(e["kind"] in ("accounting", "count") for e in stats.classes.values())


def test_scratch_left_in_tmpdir_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    real = analyzer.sources.read_jobs

    def litter(*args: object, **kwargs: object) -> object:
        Path(tempfile.mkdtemp(prefix="bjla-litter-"))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("analyzer.pipeline.read_jobs", litter)  # the name the pipeline calls
    stats = _inline("enc_bom", mutants=1)
    assert any(e["kind"] == "leftover" for e in stats.classes.values()), _classes(stats)


def test_mutants_depend_only_on_the_seed_and_their_number() -> None:
    for index in (0, 7, 123):
        first, again = make_mutant(SEED, index, 0.05), make_mutant(SEED, index, 0.05)
        assert (first.mutator.name, first.seed.label, first.command) == (
            again.mutator.name,
            again.seed.label,
            again.command,
        )
        assert first.mutation == again.mutation
    made = {make_mutant(SEED, i, 0.05).mutation.data for i in range(20)}
    assert len(made) > 15


def test_every_family_the_brief_names_is_registered() -> None:
    families = {m.family for m in REGISTRY.values()}
    assert families >= {"byte", "line", "field", "encoding", "gzip", "xlsx-xml", "json", "xlsx"}


def test_the_fuzzers_record_count_skips_preamble_header_and_blank_records() -> None:
    text = '#TYPE X\n"a","b"\n"1","two\nlines"\n,\n"3",""\n'
    assert csvdoc.count_records(text.encode()) == 2
    assert csvdoc.count_records(b"sep=;\na;b\n1;2\n\n3;4\n") == 2
