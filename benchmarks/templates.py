"""bjla's template miner against Drain3: grouping accuracy and lines per second, side by side.

    python -m benchmarks.templates              # every Loghub sample in tests/realworld/loghub/
    python -m benchmarks.templates --repeat 50  # speed on 50 copies of each sample's lines

Grouping accuracy is the measure of the Loghub benchmark (Zhu et al., "Tools and
Benchmarks for Automated Log Parsing", ICSE-SEIP 2019): a line is grouped right when the
set of lines in its template is exactly the set of lines of its ground-truth event; the
accuracy is the share of lines grouped right. Both miners get the same ``Content`` column.
Drain3 runs twice: as it comes (no masking) and with bjla's masks as its masking rules,
so the comparison of the merge steps is fair. Speed counts mining only, best of three
runs after a warm-up (both parsers built, bjla's catalogue loaded, before the clock
starts); the speed table adds the real agent-log excerpts of tests/realworld/logs/ (no
ground truth there).
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

import polars as pl

from analyzer.catalogue import load_catalogue
from analyzer.catalogue.model import Catalogue
from analyzer.templates import DEFAULT_SIMILARITY, with_templates

ROOT = Path(__file__).resolve().parent.parent
LOGHUB = ROOT / "tests" / "realworld" / "loghub"
AGENT_LOGS = ROOT / "tests" / "realworld" / "logs"

Miner = Callable[[list[str]], list[str]]  # lines -> a group label per line


def bjla_miner(cat: Catalogue, similarity: float = DEFAULT_SIMILARITY) -> Miner:
    def mine(lines: list[str]) -> list[str]:
        frame = pl.DataFrame(
            {"origin": "log", "text": lines}, schema={"origin": pl.String, "text": pl.String}
        )
        placed = with_templates(frame, cat, similarity)
        return placed.get_column("template").fill_null("").to_list()

    return mine


def drain3_miner(cat: Catalogue | None) -> Miner:
    from drain3 import TemplateMiner
    from drain3.masking import MaskingInstruction
    from drain3.template_miner_config import TemplateMinerConfig

    def mine(lines: list[str]) -> list[str]:
        config = TemplateMinerConfig()
        config.profiling_enabled = False
        if cat is not None:
            config.masking_instructions = [
                MaskingInstruction(m.pattern, m.replace.strip("<>")) for m in cat.masks.values()
            ]
        miner = TemplateMiner(config=config)
        return [str(miner.add_log_message(line)["cluster_id"]) for line in lines]

    return mine


def grouping_accuracy(truth: Sequence[str], groups: Sequence[str]) -> float:
    """Share of lines whose group holds exactly the lines of their true event."""
    members: dict[str, set[int]] = defaultdict(set)
    events: dict[str, set[int]] = defaultdict(set)
    for i, (event, group) in enumerate(zip(truth, groups, strict=True)):
        members[group].add(i)
        events[event].add(i)
    right = sum(
        1 for event, group in zip(truth, groups, strict=True) if members[group] == events[event]
    )
    return right / len(truth) if truth else 0.0


def timed(miner: Miner, lines: list[str], runs: int = 1) -> tuple[list[str], float]:
    """The groups and the best wall time of ``runs`` runs (after one warm-up run)."""
    groups = miner(lines[:1000])  # compiles regexes, builds caches
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        groups = miner(lines)
        best = min(best, time.perf_counter() - start)
    return groups, best


def loghub_samples() -> list[tuple[str, list[str], list[str]]]:
    samples = []
    for path in sorted(LOGHUB.glob("*_2k.csv")):
        frame = pl.read_csv(path, infer_schema=False)
        samples.append(
            (path.stem.removesuffix("_2k"), frame["Content"].to_list(), frame["EventId"].to_list())
        )
    return samples


def agent_log_lines() -> list[str]:
    lines: list[str] = []
    for path in sorted(AGENT_LOGS.rglob("*")):
        if path.is_file() and path.suffix not in (".toml", ".md"):
            lines += path.read_text(encoding="utf-8", errors="replace").splitlines()
    return [line for line in lines if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeat", type=int, default=20, help="copies of the lines for the speed runs"
    )
    parser.add_argument("--similarity", type=float, default=DEFAULT_SIMILARITY)
    args = parser.parse_args()
    cat = load_catalogue()
    miners = {
        "bjla": bjla_miner(cat, args.similarity),
        "drain3": drain3_miner(None),
        "drain3 + bjla masks": drain3_miner(cat),
    }
    names = list(miners)
    print(f"{'sample':<12}{'lines':>7}" + "".join(f"{n + ' GA':>24}" for n in names))
    totals: dict[str, list[float]] = defaultdict(list)
    for name, lines, truth in loghub_samples():
        row = f"{name:<12}{len(lines):>7}"
        for miner_name in names:
            groups, _ = timed(miners[miner_name], lines)
            accuracy = grouping_accuracy(truth, groups)
            totals[miner_name].append(accuracy)
            row += f"{accuracy:>24.3f}"
        print(row)
    if totals:
        print(f"{'mean':<19}" + "".join(f"{sum(v) / len(v):>24.3f}" for v in totals.values()))
    speed_sets = [(n, lines) for n, lines, _ in loghub_samples()] + [
        ("agent logs", agent_log_lines())
    ]
    print(f"\nspeed on {args.repeat} numbered copies of each sample's lines (lines/s)")
    print(
        f"{'sample':<12}{'lines':>9}"
        + "".join(f"{n:>22}" for n in names)
        + f"{'x drain3':>10}{'x drain3+masks':>16}"
    )
    for name, lines in speed_sets:
        # Each copy's lines get their copy number, so no line repeats another copy's.
        many = [f"{line} #{copy}" for copy in range(args.repeat) for line in lines]
        rates = {}
        for miner_name in names:
            _, seconds = timed(miners[miner_name], many, runs=3)
            rates[miner_name] = len(many) / seconds
        row = f"{name:<12}{len(many):>9,}" + "".join(f"{rates[n]:>22,.0f}" for n in names)
        same_work = rates["bjla"] / rates["drain3 + bjla masks"]
        print(row + f"{rates['bjla'] / rates['drain3']:>10.1f}{same_work:>16.1f}")


if __name__ == "__main__":
    main()
