"""A fuzz campaign: mutants spread over worker processes, findings collected and saved.

Worker ``w`` of ``J`` runs mutants ``w, w+J, w+2J, ...``, each in a private work folder
(input, output and TMPDIR folders emptied after every run). The parent watches them: a
worker that dies (a native abort inside an in-process run) or hangs is replaced, and the
mutant it was running is recorded as an abort or a timeout and saved. With ``jobs=0``
everything runs in the calling process (for tests that monkeypatch bjla).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing as mp
import os
import queue
import re
import resource
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tools.fuzz.checks import Finding, check, command_args
from tools.fuzz.execute import Outcome, limit_resources, run_child, run_in_process
from tools.fuzz.generate import Mutant, make_mutant
from tools.fuzz.known import known_label

WORKER_MEMORY = 4 << 30  # address space of a worker: bjla, polars and one mutant


@dataclass(frozen=True)
class Config:
    """What to run: how many mutants, where, how."""

    mutants: int
    jobs: int = 1
    seed: int = 1
    out: Path | None = None
    child_share: float = 0.05
    time_limit: float = 20.0
    hang_limit: float = 180.0  # wall seconds before a run is stopped (the machine may be busy)
    only: frozenset[str] | None = None
    skip: frozenset[str] = frozenset()
    seconds: float | None = None  # stop starting new mutants after this long
    examples: int = 3  # failing inputs saved per class and worker


@dataclass
class Record:
    """The result of one mutant."""

    index: int
    mutator: str
    family: str
    seed: str
    command: str
    in_child: bool
    seconds: float
    cpu: float
    findings: list[Finding]
    known: list[str | None] = field(default_factory=list)  # per finding, see known.py


def signature(finding: Finding) -> str:
    """The finding with its numbers and temporary paths blurred: one per crash class."""
    text = re.sub(r"/\S*/(in|out)/", "<work>/", finding.detail)
    text = re.sub(r"\d+", "N", text)
    return f"{finding.kind}: {text[:160]}"


class Work:
    """A worker's private folders: the mutant, the output, TMPDIR."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.inputs, self.outputs, self.tmp = root / "in", root / "out", root / "tmp"
        for folder in (self.inputs, self.outputs, self.tmp):
            folder.mkdir(parents=True, exist_ok=True)
        os.environ["TMPDIR"] = str(self.tmp)
        tempfile.tempdir = str(self.tmp)
        os.environ.setdefault("POLARS_MAX_THREADS", "1")

    def write(self, name: str, data: bytes) -> Path:
        path = self.inputs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def clear(self) -> None:
        for folder in (self.inputs, self.outputs, self.tmp):
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True, exist_ok=True)


class Runner:
    """Runs mutants one by one in a ``Work`` folder and saves failing inputs."""

    def __init__(self, cfg: Config, work: Work) -> None:
        self.cfg = cfg
        self.work = work
        self.baselines: dict[tuple[str, str, bool], Outcome] = {}
        self.saved: dict[str, int] = {}

    def _execute(self, args: list[str], in_child: bool) -> Outcome:
        if in_child:
            return run_child(args, self.work.tmp, self.cfg.hang_limit)
        return run_in_process(args, self.cfg.hang_limit)

    def _baseline(self, mutant: Mutant) -> Outcome:
        """The seed itself under the mutant's command (once per seed and command)."""
        key = (mutant.seed.label, mutant.command, mutant.in_child)
        if key not in self.baselines:
            path = self.work.write(mutant.seed.name, mutant.seed.data)
            args = command_args(mutant.command, path, self.work.outputs)
            self.baselines[key] = self._execute(args, mutant.in_child)
            self.work.clear()
        return self.baselines[key]

    def run(self, mutant: Mutant) -> Record:
        self.work.clear()
        path = self.work.write(mutant.file_name, mutant.mutation.data)
        args = command_args(mutant.command, path, self.work.outputs)
        outcome = self._execute(args, mutant.in_child)
        findings = check(
            mutant,
            outcome,
            self.work.outputs,
            self.work.tmp,
            lambda: self._run_baseline(mutant),
            self.cfg.time_limit,
        )
        record = Record(
            mutant.index,
            mutant.mutator.name,
            mutant.mutator.family,
            mutant.seed.label,
            mutant.command,
            mutant.in_child,
            outcome.seconds,
            outcome.cpu,
            findings,
            [known_label(f, mutant.mutator.name, mutant.mutation.data) for f in findings],
        )
        if findings:
            save_failure(self.cfg, mutant, findings, outcome, self.saved)
        self.work.clear()
        return record

    def _run_baseline(self, mutant: Mutant) -> Outcome:
        # The mutant's own files are still in place: move them aside while the seed runs.
        keep = {p: p.read_bytes() for p in self.work.inputs.rglob("*") if p.is_file()}
        baseline = self._baseline(mutant)
        for p, data in keep.items():
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(data)
        return baseline


def save_failure(
    cfg: Config,
    mutant: Mutant,
    findings: list[Finding],
    outcome: Outcome | None,
    saved: dict[str, int],
) -> None:
    """Keep the failing input and what went wrong under OUT/failures/KIND/CLASS/."""
    if cfg.out is None:
        return
    for finding in findings:
        sig = signature(finding)
        if saved.get(sig, 0) >= cfg.examples:
            continue
        saved[sig] = saved.get(sig, 0) + 1
        digest = hashlib.sha1(sig.encode()).hexdigest()[:10]
        folder = (
            cfg.out / "failures" / finding.kind / digest / f"{mutant.index}-{mutant.mutator.name}"
        )
        folder.mkdir(parents=True, exist_ok=True)
        (folder / Path(mutant.file_name).name).write_bytes(mutant.mutation.data)
        replay = f"python -m tools.fuzz --seed {cfg.seed} --replay {mutant.index}" + "".join(
            f" --{name} {','.join(sorted(value))}"
            for name, value in (("only", cfg.only or ()), ("skip", cfg.skip))
            if value
        )
        args = command_args(mutant.command, Path(mutant.file_name), Path("OUT"))
        text = [
            f"class: {sig}",
            f"finding: {finding.kind}: {finding.detail}",
            f"mutator: {mutant.mutator.name} ({mutant.mutator.family}) on {mutant.seed.label}",
            f"command: bjla {' '.join(args)}",
            f"run: {'child process' if mutant.in_child else 'in process'}",
            f"replay: {replay}",
        ]
        if outcome is not None:
            text += [f"exit: {outcome.exit_code}", "stderr:", outcome.stderr[-4000:]]
        (folder / "finding.txt").write_text("\n".join(text) + "\n", encoding="utf-8")


def _mutant(cfg: Config, index: int) -> Mutant:
    return make_mutant(cfg.seed, index, cfg.child_share, cfg.only, cfg.skip)


def worker_main(cfg: Config, worker: int, first: int, deadline: float | None, out: Any) -> None:
    """A worker process: run its share of mutants from ``first`` and report each one."""
    limit_resources(WORKER_MEMORY)
    root = Path(tempfile.mkdtemp(prefix=f"bjla-fuzz-w{worker}-"))
    try:
        runner = Runner(cfg, Work(root))
        for index in range(first, cfg.mutants, max(cfg.jobs, 1)):
            if deadline is not None and time.time() > deadline:
                break
            out.put(("start", worker, index))
            out.put(("done", worker, runner.run(_mutant(cfg, index))))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    out.put(("exit", worker, None))


@dataclass
class Stats:
    """Counts per mutator and per finding class."""

    records: int = 0
    seconds: float = 0.0
    cpu_total: float = 0.0  # CPU of every worker and child: generation, runs, baselines
    by_mutator: dict[str, dict[str, Any]] = field(default_factory=dict)
    classes: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, record: Record) -> None:
        self.records += 1
        row = self.by_mutator.setdefault(
            record.mutator,
            {
                "family": record.family,
                "runs": 0,
                "crashes": 0,
                "violations": 0,
                "timeouts": 0,
                "seconds": 0.0,
                "cpu": 0.0,
                "child_runs": 0,
            },
        )
        row["runs"] += 1
        row["seconds"] += record.seconds
        row["cpu"] += record.cpu
        row["child_runs"] += record.in_child
        kinds = {f.kind for f in record.findings}
        row["crashes"] += bool(kinds & {"crash", "abort"})
        row["timeouts"] += "timeout" in kinds
        row["violations"] += bool(kinds - {"crash", "abort", "timeout"})
        labels = record.known or [None] * len(record.findings)
        for finding, label in zip(record.findings, labels, strict=True):
            sig = signature(finding) + (f" [known: {label}]" if label else "")
            entry = self.classes.setdefault(
                sig,
                {
                    "kind": finding.kind,
                    "count": 0,
                    "first_index": record.index,
                    "mutators": [],
                    "seeds": [],
                    "example": finding.detail,
                    "known": label,
                },
            )
            entry["count"] += 1
            for key, value in (("mutators", record.mutator), ("seeds", record.seed)):
                if value not in entry[key] and len(entry[key]) < 6:
                    entry[key].append(value)

    def totals(self) -> dict[str, int]:
        rows = self.by_mutator.values()
        return {k: sum(r[k] for r in rows) for k in ("runs", "crashes", "violations", "timeouts")}


def run_inline(cfg: Config, progress: Callable[[Stats], None] | None = None) -> Stats:
    """Every mutant in this process (monkeypatches of bjla apply); no abort isolation."""
    stats = Stats()
    start = time.time()
    old_tmpdir, old_env = tempfile.tempdir, os.environ.get("TMPDIR")
    root = Path(tempfile.mkdtemp(prefix="bjla-fuzz-inline-"))
    try:
        runner = Runner(cfg, Work(root))
        for index in range(cfg.mutants):
            if cfg.seconds is not None and time.time() - start > cfg.seconds:
                break
            stats.add(runner.run(_mutant(cfg, index)))
    finally:
        tempfile.tempdir = old_tmpdir
        if old_env is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = old_env
        shutil.rmtree(root, ignore_errors=True)
    stats.seconds = time.time() - start
    return stats


class _Pool:
    """The worker processes and what each one is running."""

    def __init__(self, cfg: Config, deadline: float | None) -> None:
        self.cfg = cfg
        self.deadline = deadline
        self.ctx = mp.get_context("spawn")
        self.queue: Any = self.ctx.Queue()
        self.procs: dict[int, Any] = {}
        self.running: dict[int, tuple[int, float]] = {}
        self.finished: set[int] = set()
        self.saved: dict[str, int] = {}

    def start(self, worker: int, first: int) -> None:
        if first >= self.cfg.mutants:
            self.finished.add(worker)
            return
        proc = self.ctx.Process(
            target=worker_main,
            args=(self.cfg, worker, first, self.deadline, self.queue),
            daemon=True,
        )
        proc.start()
        self.procs[worker] = proc

    def lost(self, worker: int, kind: str, detail: str, stats: Stats) -> None:
        """Record the mutant a dead or hung worker was running, then replace the worker."""
        index, started = self.running.pop(worker)
        mutant = _mutant(self.cfg, index)
        finding = Finding(kind, detail)
        save_failure(self.cfg, mutant, [finding], None, self.saved)
        stats.add(
            Record(
                index,
                mutant.mutator.name,
                mutant.mutator.family,
                mutant.seed.label,
                mutant.command,
                mutant.in_child,
                time.time() - started,
                0.0,
                [finding],
                [known_label(finding, mutant.mutator.name, mutant.mutation.data)],
            )
        )
        self.start(worker, index + self.cfg.jobs)

    def watch(self, stats: Stats) -> None:
        for worker, proc in list(self.procs.items()):
            if worker in self.finished:
                continue
            current = self.running.get(worker)
            if not proc.is_alive() and current is not None:
                proc.join()
                self.lost(worker, "abort", f"worker died with exit code {proc.exitcode}", stats)
            elif current is not None and time.time() - current[1] > self.cfg.hang_limit + 30:
                proc.kill()
                proc.join()
                self.lost(worker, "timeout", f"hung for over {self.cfg.hang_limit + 30:g} s", stats)
            elif not proc.is_alive() and current is None:
                self.finished.add(worker)


def run_pool(cfg: Config, progress: Callable[[Stats], None] | None = None) -> Stats:
    """Every mutant over ``cfg.jobs`` worker processes."""
    stats = Stats()
    start = time.time()
    deadline = start + cfg.seconds if cfg.seconds is not None else None
    pool = _Pool(cfg, deadline)
    for worker in range(cfg.jobs):
        pool.start(worker, worker)
    last_report = time.time()
    while len(pool.finished) < cfg.jobs:
        try:
            kind, worker, payload = pool.queue.get(timeout=1.0)
        except queue.Empty:
            pool.watch(stats)
            continue
        if kind == "start":
            pool.running[worker] = (payload, time.time())
        elif kind == "done":
            pool.running.pop(worker, None)
            stats.add(payload)
        else:
            pool.finished.add(worker)
        if progress is not None and time.time() - last_report > 30:
            progress(stats)
            last_report = time.time()
    for proc in pool.procs.values():
        proc.join(timeout=5)
    stats.seconds = time.time() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    stats.cpu_total = usage.ru_utime + usage.ru_stime
    return stats


def run_campaign(cfg: Config, progress: Callable[[Stats], None] | None = None) -> Stats:
    stats = run_inline(cfg, progress) if cfg.jobs == 0 else run_pool(cfg, progress)
    if cfg.out is not None:
        cfg.out.mkdir(parents=True, exist_ok=True)
        summary = {"config": {k: str(v) for k, v in asdict(cfg).items()}, **asdict(stats)}
        (cfg.out / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return stats


def replay(cfg: Config, index: int) -> Record:
    """Run one mutant again in this process, as the campaign made it."""
    root = Path(tempfile.mkdtemp(prefix="bjla-fuzz-replay-"))
    try:
        return Runner(cfg, Work(root)).run(_mutant(cfg, index))
    finally:
        shutil.rmtree(root, ignore_errors=True)


__all__ = ["Config", "Record", "Stats", "replay", "run_campaign"]
