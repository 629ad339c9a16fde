"""What must hold after every run, whatever the input: the fuzzer's oracle.

No traceback and no native abort; an exit code in the documented set; a summary line whose
row accounting balances (rows read = jobs + duplicates + rejects + outside the period +
records of other categories skipped, which only a diagnostic archive holds); the
fuzzer's own record count where the mutant defines one; the seed's own output for a mutant
that only re-encodes it; nothing left in TMPDIR, no temporary file next to the output and
no output when nothing was read; no run over the time limit.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tools.fuzz.execute import Outcome
from tools.fuzz.generate import Mutant
from tools.fuzz.seeds import JOBS_FOR_LOG_RUNS

NOW = "2026-11-25T08:00:00Z"
# README "Exit codes": 2 (usage) cannot come from an input, and no run here is stopped.
INPUT_EXIT_CODES = frozenset({0, 1, 3})
SUMMARY = re.compile(
    r"^bjla: (?P<sources>[\d,]+) source\(s\) .*?(?P<read>[\d,]+) rows read = (?P<jobs>[\d,]+) jobs"
    r" \+ (?P<dups>[\d,]+) duplicates merged \+ (?P<rejects>[\d,]+) rejected"
    r"(?: \+ (?P<outside>[\d,]+) outside the chosen period)?"
    r"(?: \+ (?P<other>[\d,]+) records of other categories skipped)?;",
    re.MULTILINE,
)
TRACEBACK = re.compile(r"^Traceback \(most recent call last\):", re.M)
EVIDENCE_SUMMARY = re.compile(
    r"^bjla: [\d,]+ evidence events(?: \([^)]*\))? from [\d,]+ log file", re.M
)
OUTPUTS = {
    "analyze-xlsx": "fleet.xlsx",
    "report-md": "report.md",
    "report-html": "report.html",
    "by-code-json": "by-code.json",
}
# Commands whose stdout must not change when the input is only re-encoded.
COMPARABLE = frozenset({"analyze-csv", "evidence-csv", "analyze-logs"})


@dataclass(frozen=True)
class Finding:
    """One broken promise: its kind and a one-line description."""

    kind: str  # crash, abort, timeout, exit, accounting, count, equivalence, leftover
    detail: str

    @property
    def is_crash(self) -> bool:
        return self.kind in ("crash", "abort")


@dataclass(frozen=True)
class Summary:
    """The numbers of bjla's summary line."""

    sources: int
    read: int
    jobs: int
    duplicates: int
    rejects: int
    outside: int
    other: int = 0  # diagnostic-archive records of other categories, skipped

    def balanced(self) -> bool:
        accounted = self.jobs + self.duplicates + self.rejects + self.outside + self.other
        return self.read == accounted


def parse_summary(stderr: str) -> Summary | None:
    match = SUMMARY.search(stderr)
    if match is None:
        return None
    n = {k: int((v or "0").replace(",", "")) for k, v in match.groupdict().items()}
    return Summary(
        n["sources"], n["read"], n["jobs"], n["dups"], n["rejects"], n["outside"], n["other"]
    )


def command_args(command: str, source: Path, out_dir: Path) -> list[str]:
    """The bjla arguments of a named command on the input ``source``."""
    src = str(source)
    output = str(out_dir / OUTPUTS[command]) if command in OUTPUTS else ""
    return {
        "analyze-csv": ["analyze", src, "-f", "csv"],
        "failures-csv": ["failures", src, "-f", "csv"],
        "analyze-xlsx": ["analyze", src, "-o", output],
        "report-md": ["report", src, "--week", "2026-W47", "--now", NOW, "-o", output],
        "report-html": ["report", src, "--now", NOW, "-o", output],
        "by-code-json": ["analyze", src, "--by", "code", "-o", output],
        "evidence-csv": ["evidence", src, "-f", "csv"],
        "analyze-logs": ["analyze", str(JOBS_FOR_LOG_RUNS), "--logs", src, "-f", "csv"],
    }[command]


def _last_line(text: str) -> str:
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    return lines[-1][:200] if lines else ""


def _failure_findings(outcome: Outcome, time_limit: float) -> list[Finding]:
    found = []
    if outcome.timed_out or outcome.cpu > time_limit:
        found.append(
            Finding(
                "timeout",
                f"run took {outcome.cpu:.1f} s of CPU, {outcome.seconds:.1f} s wall"
                f"{' and was stopped' if outcome.timed_out else ''} (limit {time_limit:g} s)",
            )
        )
    if outcome.signal_name:
        found.append(
            Finding("abort", f"killed by {outcome.signal_name}: {_last_line(outcome.stderr)}")
        )
    if outcome.error:
        found.append(Finding("crash", outcome.error))
    elif TRACEBACK.search(outcome.stderr):  # stdout is data: agent logs hold tracebacks
        found.append(Finding("crash", f"traceback printed: {_last_line(outcome.stderr)}"))
    return found


def _evidence_rows(stdout: bytes) -> list[tuple[str, ...]]:
    rows = csv.DictReader(io.StringIO(stdout.decode("utf-8", "replace")))
    return sorted((r.get("vm", ""), r.get("time", ""), r.get("signal", "")) for r in rows)


def _equivalence(mutant: Mutant, outcome: Outcome, baseline: Outcome) -> list[Finding]:
    if baseline.exit_code != 0 or outcome.exit_code != 0:
        if baseline.exit_code != outcome.exit_code:
            return [
                Finding(
                    "equivalence",
                    f"exit {outcome.exit_code}, the seed itself exits {baseline.exit_code}:"
                    f" {_last_line(outcome.stderr)}",
                )
            ]
        return []
    if mutant.command == "evidence-csv":
        ours, theirs = _evidence_rows(outcome.stdout), _evidence_rows(baseline.stdout)
        if ours != theirs:
            return [
                Finding("equivalence", f"{len(ours)} evidence events, the seed has {len(theirs)}")
            ]
        return []
    mine, seeds = parse_summary(outcome.stderr), parse_summary(baseline.stderr)
    if mine and seeds and mine.read != seeds.read:
        return [Finding("equivalence", f"{mine.read} rows read, the seed has {seeds.read}")]
    if outcome.stdout != baseline.stdout:
        diff = len(set(outcome.stdout.splitlines()) ^ set(baseline.stdout.splitlines()))
        return [Finding("equivalence", f"output differs from the seed's ({diff} lines differ)")]
    return []


def _accounting(mutant: Mutant, outcome: Outcome, summary: Summary | None) -> list[Finding]:
    if mutant.command == "evidence-csv":
        if outcome.exit_code == 0 and not EVIDENCE_SUMMARY.search(outcome.stderr):
            return [Finding("accounting", "no evidence summary line on stderr")]
        return []
    found = []
    if summary is None:
        if outcome.exit_code in (0, 1):
            found.append(Finding("accounting", f"no summary line: {_last_line(outcome.stderr)}"))
        return found
    if not summary.balanced():
        found.append(
            Finding(
                "accounting",
                f"{summary.read} rows read != {summary.jobs} jobs + {summary.duplicates} dup"
                f" + {summary.rejects} rejected + {summary.outside} outside"
                f" + {summary.other} of other categories",
            )
        )
    records = mutant.mutation.records
    counted = records is not None and mutant.command != "analyze-logs" and summary.sources > 0
    if counted and summary.read != records:
        found.append(Finding("count", f"{summary.read} rows read, the input holds {records}"))
    return found


def _leftovers(
    mutant: Mutant, outcome: Outcome, summary: Summary | None, out_dir: Path, tmpdir: Path
) -> list[Finding]:
    found = []
    scratch = sorted(p.name for p in tmpdir.iterdir())
    if scratch:
        found.append(Finding("leftover", f"left in TMPDIR: {', '.join(scratch[:5])}"))
    expected = OUTPUTS.get(mutant.command)
    others = sorted(p.name for p in out_dir.iterdir() if p.name != expected)
    if others:
        found.append(Finding("leftover", f"left next to the output: {', '.join(others[:5])}"))
    # Issue 12: when no job row was read, nothing is written and the exit is 3.
    no_rows = summary.read == 0 if summary is not None else outcome.exit_code != 0
    if expected and (out_dir / expected).exists() and no_rows:
        found.append(
            Finding(
                "leftover",
                f"{expected} written though no job row was read (exit {outcome.exit_code})",
            )
        )
    return found


def check(
    mutant: Mutant,
    outcome: Outcome,
    out_dir: Path,
    tmpdir: Path,
    baseline: Callable[[], Outcome],
    time_limit: float,
) -> list[Finding]:
    """Every finding of one run (empty when all promises hold)."""
    found = _failure_findings(outcome, time_limit)
    summary = parse_summary(outcome.stderr)
    # Leftovers first: the seed's own run (for the equivalence check) reuses the folders.
    leftovers = _leftovers(mutant, outcome, summary, out_dir, tmpdir)
    if any(f.is_crash for f in found) or outcome.timed_out:
        return found + leftovers[:1]
    if outcome.exit_code not in INPUT_EXIT_CODES:
        found.append(
            Finding("exit", f"exit code {outcome.exit_code}: {_last_line(outcome.stderr)}")
        )
    found += _accounting(mutant, outcome, summary)
    if summary is not None and summary.read == 0 and outcome.exit_code != 3:
        found.append(Finding("exit", f"exit {outcome.exit_code} though no job row was read"))
    if mutant.mutation.equivalent and mutant.command in COMPARABLE:
        found += _equivalence(mutant, outcome, baseline())
    return found + leftovers
