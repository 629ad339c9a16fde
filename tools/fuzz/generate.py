"""Mutant number N of a campaign, the same whichever worker makes it.

Each mutant has its own ``random.Random`` seeded from the campaign seed and its number,
which picks the seed input (job histories three times out of four, agent logs otherwise),
the mutator, the bjla command and whether it runs in a child process.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from tools.fuzz import mutators, structured, xlsx_xml  # noqa: F401  (they register mutators)
from tools.fuzz.model import REGISTRY, Mutation, Mutator
from tools.fuzz.seeds import Seed, all_seeds

LOG_SHARE = 0.25
# (command name, weight): what bjla is asked to do with a job-history mutant / a log mutant.
JOB_COMMANDS = (
    ("analyze-csv", 55),
    ("failures-csv", 15),
    ("analyze-xlsx", 10),
    ("report-md", 7),
    ("report-html", 5),
    ("by-code-json", 10),
)
LOG_COMMANDS = (("evidence-csv", 70), ("analyze-logs", 30))


@dataclass(frozen=True)
class Mutant:
    """One mutated input and how to run it."""

    index: int
    seed: Seed
    mutator: Mutator
    mutation: Mutation
    command: str
    in_child: bool

    @property
    def file_name(self) -> str:
        return self.seed.name + self.mutation.suffix


def _weighted(rng: random.Random, choices: tuple[tuple[str, int], ...]) -> str:
    names = [name for name, _ in choices]
    return rng.choices(names, [weight for _, weight in choices])[0]


def applicable(
    seed: Seed, only: frozenset[str] | None, skip: frozenset[str] = frozenset()
) -> list[Mutator]:
    """The mutators for ``seed``: in ``only`` (names or families) when given, not in ``skip``."""
    return [
        m
        for m in REGISTRY.values()
        if seed.kind in m.kinds
        and (only is None or m.name in only or m.family in only)
        and not {m.name, m.family} & skip
    ]


def make_mutant(
    campaign_seed: int,
    index: int,
    child_share: float,
    only: frozenset[str] | None = None,
    skip: frozenset[str] = frozenset(),
) -> Mutant:
    """Mutant ``index`` of the campaign; ``only`` limits it to these mutators or families,
    ``skip`` leaves these out."""
    rng = random.Random(f"bjla-fuzz:{campaign_seed}:{index}")
    seeds = [s for s in all_seeds() if applicable(s, only, skip)]
    logs = [s for s in seeds if s.is_log]
    jobs = [s for s in seeds if not s.is_log]
    for _ in range(50):
        # Group, then family, then seed, then mutator: each family gets its share whatever
        # the number of seeds it applies to (two XLSX seeds, twenty CSV ones).
        group = logs if logs and (not jobs or rng.random() < LOG_SHARE) else jobs
        families = sorted({m.family for s in group for m in applicable(s, only, skip)})
        family = rng.choice(families)
        seed = rng.choice(
            [s for s in group if any(m.family == family for m in applicable(s, only, skip))]
        )
        chosen = rng.choice([m for m in applicable(seed, only, skip) if m.family == family])
        mutation = chosen.func(rng, seed)
        if mutation is not None:
            break
    else:
        raise RuntimeError(f"no mutator applies for mutant {index}")
    command = _weighted(rng, LOG_COMMANDS if seed.is_log else JOB_COMMANDS)
    return Mutant(index, seed, chosen, mutation, command, rng.random() < child_share)
