"""Where ``bjla analyze``'s time goes, stage by stage (the table in README's performance part).

    python -m benchmarks.stages FILE [--by vm] [-o OUT.csv]

Runs ``bjla analyze FILE -f csv`` in this process with the pipeline's stage functions
wrapped in timers, then prints each stage's wall time and CPU time (every thread of the
process: polars works in its own threads). Times are exclusive: a stage called inside
another counts only in the inner one. "read, parse, normalize" is the time inside the
row store's streaming pass (polars reading the CSV and running the parse expressions)
less the time its batch callback spends splitting and keeping rows ("stage").
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

# Stage name -> (module, attribute) of the functions timed for it.
STAGES: dict[str, list[tuple[str, str]]] = {
    "start-up: catalogue": [("analyzer.cli_options", "load_catalogue")],
    "read, parse, normalize": [("analyzer.staging", "_SplittingStore.add")],
    # Small files: the exact reader or plain-CSV batches, staging, time layouts ranked.
    "small files: read, stage, rank times": [
        ("analyzer.sources", "read_source"),
        ("analyzer.ingest.csv_runs", "PlainCsvReader.read"),
    ],
    "stage: split, store, read back": [
        ("analyzer.staging", "split_prepared"),
        ("analyzer.staging", "MemoryStore._keep"),
        ("analyzer.staging", "DiskStore._keep"),
        ("analyzer.staging", "DiskStore.batches"),
        ("analyzer.staging", "MemoryStore.batches"),
    ],
    "rejects, dedupe, period": [
        ("analyzer.analysis", "accepted"),
        ("analyzer.analysis", "dedupe"),
        ("analyzer.analysis", "account"),
        ("analyzer.analysis", "in_window"),
        ("analyzer.analysis", "reject_rows"),
    ],
    "VM keys": [("analyzer.analysis", "with_vm_key"), ("analyzer.analysis", "_lower_unique")],
    # classify's plan runs in analyze_part's own collect: the rest of a batch's work.
    "classify, rest of the batch": [("analyzer.pipeline", "analyze_part")],
    "attribute": [
        ("analyzer.analysis", "attribute"),
        ("analyzer.analysis", "prefer_vm_os"),
        ("analyzer.analysis", "vm_os_from_codes"),
    ],
    "aggregate: per-VM figures, streaks": [
        ("analyzer.analysis", "vm_base"),
        ("analyzer.analysis", "vm_figures"),
        ("analyzer.analysis", "vm_days"),
    ],
    "aggregate: days, merge, protection": [
        ("analyzer.analysis", "job_day_totals"),
        ("analyzer.analysis", "combine"),
        ("analyzer.analysis", "detached"),
    ],
    "write (texts, render, file)": [("analyzer.cli", "write_tables")],
}


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Timers:
    """Exclusive wall and CPU time per stage (nested calls are charged to the inner)."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)
        self._stack: list[list[float]] = []  # per open call: child wall, child cpu

    def wrap(self, stage: str, func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def timed(*args: Any, **kwargs: Any) -> Any:
            self._stack.append([0.0, 0.0])
            wall, cpu = time.perf_counter(), _cpu()
            try:
                return func(*args, **kwargs)
            finally:
                wall, cpu = time.perf_counter() - wall, _cpu() - cpu
                child = self._stack.pop()
                self.wall[stage] += wall - child[0]
                self.cpu[stage] += cpu - child[1]
                if self._stack:
                    self._stack[-1][0] += wall
                    self._stack[-1][1] += cpu

        return timed


def install(timers: Timers) -> None:
    """Wrap every stage function where its caller looks it up."""
    import importlib

    for stage, places in STAGES.items():
        for module_name, attr in places:
            owner: Any = importlib.import_module(module_name)
            *path, name = attr.split(".")
            for part in path:
                owner = getattr(owner, part)
            setattr(owner, name, timers.wrap(stage, getattr(owner, name)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input")
    parser.add_argument("-o", "--output", default="/dev/null")
    args = parser.parse_args()
    wall, cpu = time.perf_counter(), _cpu()
    from analyzer.entry import set_process_defaults

    set_process_defaults()  # before polars is imported, as the console script does
    from analyzer import stopping

    stopping.watch()
    timers = Timers()
    install(timers)
    from analyzer.cli import main as bjla

    sys.argv = ["bjla", "analyze", args.input, "-f", "csv", "-o", args.output]
    with contextlib.suppress(SystemExit):  # the command line ends with sys.exit
        bjla()
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    timed_wall, timed_cpu = sum(timers.wall.values()), sum(timers.cpu.values())
    print(f"\n{'stage':<38}{'wall s':>9}{'CPU s':>9}")
    for stage in STAGES:
        print(f"{stage:<38}{timers.wall[stage]:>9.2f}{timers.cpu[stage]:>9.2f}")
    print(
        f"{'other (imports, options, merge)':<38}{wall - timed_wall:>9.2f}{cpu - timed_cpu:>9.2f}"
    )
    print(f"{'total':<38}{wall:>9.2f}{cpu:>9.2f}")


if __name__ == "__main__":
    main()
