"""``python -m tools.fuzz``: run a campaign, or replay one mutant.

    python -m tools.fuzz --mutants 200000 --jobs 2 --seed 1 --out fuzz-out/

prints mutants run, crashes, accounting violations and timeouts per mutator, and every
crash or violation class found; failing inputs go to OUT/failures/, figures to
OUT/summary.json. Exit 1 when anything was found.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tools.fuzz.campaign import Config, Stats, replay, run_campaign
from tools.fuzz.generate import make_mutant


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tools.fuzz",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--mutants", type=int, default=1_000, help="mutants to run")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (0: this one)")
    parser.add_argument("--seed", type=int, default=1, help="campaign seed")
    parser.add_argument("--out", type=Path, help="folder for failing inputs and summary.json")
    parser.add_argument("--seconds", type=float, help="stop starting mutants after this long")
    parser.add_argument(
        "--child-share",
        type=float,
        default=0.05,
        help="share of mutants run in a child process (default 0.05)",
    )
    parser.add_argument("--time-limit", type=float, default=20.0, help="seconds a run may take")
    parser.add_argument("--only", help="comma-separated mutators or families to use")
    parser.add_argument("--skip", help="comma-separated mutators or families to leave out")
    parser.add_argument("--replay", type=int, metavar="N", help="run mutant N again and show it")
    parser.add_argument("--show", type=int, metavar="N", help="write mutant N to --out, no run")
    return parser


def format_stats(stats: Stats) -> str:
    """The per-mutator table and the list of finding classes."""
    lines = [
        f"{'mutator':<20} {'family':<9} {'runs':>7} {'crashes':>8} {'violations':>10}"
        f" {'timeouts':>8} {'s/run':>6} {'cpu/run':>7}"
    ]
    for name, row in sorted(stats.by_mutator.items(), key=lambda kv: (kv[1]["family"], kv[0])):
        lines.append(
            f"{name:<20} {row['family']:<9} {row['runs']:>7,} {row['crashes']:>8,}"
            f" {row['violations']:>10,} {row['timeouts']:>8,} {row['seconds'] / row['runs']:>6.2f}"
            f" {row['cpu'] / row['runs']:>7.2f}"
        )
    total = stats.totals()
    rate = stats.records / stats.seconds if stats.seconds else 0.0
    cpu = sum(r["cpu"] for r in stats.by_mutator.values())
    lines.append(
        f"{'total':<30} {total['runs']:>7,} {total['crashes']:>8,} {total['violations']:>10,}"
        f" {total['timeouts']:>8,}   ({stats.seconds:.0f} s wall, {rate:.2f} mutants/s;"
        f" {cpu / max(stats.records, 1):.3f} CPU s per mutant)"
    )
    if stats.cpu_total:
        lines.append(
            f"all worker CPU (generation, runs, seed runs, children): {stats.cpu_total:.0f} s,"
            f" {stats.cpu_total / max(stats.records, 1):.3f} s per mutant"
        )
    if stats.classes:
        lines.append(f"\n{len(stats.classes)} finding class(es):")
        for sig, entry in sorted(stats.classes.items(), key=lambda kv: -kv[1]["count"]):
            lines.append(
                f"- {entry['count']:>5} x {sig}\n"
                f"          first #{entry['first_index']}; mutators {', '.join(entry['mutators'])};"
                f" seeds {', '.join(entry['seeds'][:3])}"
            )
    return "\n".join(lines)


def _progress(stats: Stats) -> None:
    total = stats.totals()
    print(
        f"... {total['runs']:,} mutants, {total['crashes']} crashes,"
        f" {total['violations']} violations, {total['timeouts']} timeouts",
        file=sys.stderr,
    )


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    only = frozenset(args.only.split(",")) if args.only else None
    skip = frozenset(args.skip.split(",")) if args.skip else frozenset()
    cfg = Config(
        mutants=args.mutants,
        jobs=args.jobs,
        seed=args.seed,
        out=args.out,
        child_share=args.child_share,
        time_limit=args.time_limit,
        only=only,
        skip=skip,
        seconds=args.seconds,
    )
    if args.show is not None:
        mutant = make_mutant(cfg.seed, args.show, cfg.child_share, only, skip)
        target = (args.out or Path(".")) / Path(mutant.file_name).name
        target.write_bytes(mutant.mutation.data)
        print(f"{target}: {mutant.mutator.name} on {mutant.seed.label}, {mutant.command}")
        return 0
    if args.replay is not None:
        record = replay(cfg, args.replay)
        print(
            f"#{record.index} {record.mutator} on {record.seed}, {record.command}:"
            f" {record.seconds:.2f} s"
        )
        for finding in record.findings:
            print(f"  {finding.kind}: {finding.detail}")
        return 1 if record.findings else 0
    stats = run_campaign(cfg, _progress)
    print(format_stats(stats))
    return 1 if stats.classes else 0


if __name__ == "__main__":
    sys.exit(main())
