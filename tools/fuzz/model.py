"""What a mutator returns and how mutators are registered."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from tools.fuzz.seeds import Kind, Seed


@dataclass(frozen=True)
class Mutation:
    """One mutated input.

    ``records`` is the fuzzer's own count of the data records the input holds, when the
    mutation keeps records well formed (bjla's "rows read" must equal it whenever it
    reads the file). ``equivalent`` says the input holds the seed's content unchanged in
    another encoding, line end or container, so bjla's output must be the seed's.
    """

    data: bytes
    records: int | None = None
    equivalent: bool = False
    suffix: str = ""  # appended to the written file's name, e.g. ".gz"


MutatorFunc = Callable[[random.Random, Seed], Mutation | None]


@dataclass(frozen=True)
class Mutator:
    """A named mutation, the family it belongs to and the seed kinds it applies to."""

    name: str
    family: str
    kinds: frozenset[Kind]
    func: MutatorFunc


REGISTRY: dict[str, Mutator] = {}

ALL_KINDS: frozenset[Kind] = frozenset(("csv", "json", "xlsx", "log"))
TEXT_KINDS: frozenset[Kind] = frozenset(("csv", "json", "log"))


def mutator(family: str, kinds: frozenset[Kind]) -> Callable[[MutatorFunc], MutatorFunc]:
    """Register the decorated function under its own name."""

    def register(func: MutatorFunc) -> MutatorFunc:
        REGISTRY[func.__name__] = Mutator(func.__name__, family, kinds, func)
        return func

    return register
