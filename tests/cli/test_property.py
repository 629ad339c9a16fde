"""Property: for ANY Log Analytics CSV, every data row is accounted for exactly once.

Hypothesis writes small files with random statuses (garbage included), random or missing
VM names, random or garbage times, repeated job ids, quotes, commas and short or long
rows; ``bjla analyze FILE -f csv`` must exit 0 without a traceback and its summary line
must say rows read = data rows written = jobs + duplicates merged + rejects. A row of
separators only (every field empty) holds no data and counts as a blank line, as
ingest documents.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzer.limits import Limits
from tests.cli.support import accounting, invoke

HEADER = [
    "TimeGenerated",
    "BackupItemFriendlyName",
    "BackupItemUniqueId",
    "JobOperation",
    "JobStatus",
    "JobFailureCode",
    "JobStartDateTime",
    "JobDurationInSecs",
    "JobUniqueId",
    "VaultName",
]

# Free text without line breaks: a break inside a field is a different, quoted case below.
junk = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)
times = st.one_of(
    st.datetimes(
        min_value=__import__("datetime").datetime(2026, 11, 1),
        max_value=__import__("datetime").datetime(2026, 11, 30),
    ).map(lambda t: t.strftime("%Y-%m-%dT%H:%M:%S.000Z")),
    st.sampled_from(["", "31/31/2026", "11/17/2026, 10:05:31.123 PM", "yesterday"]),
    junk,
)
vms = st.one_of(st.sampled_from(["lnx-web-01", "WIN-SQL-01", "win-sql-01", "", " "]), junk)
statuses = st.one_of(
    st.sampled_from(
        [
            "Completed",
            "Failed",
            "Cancelled",
            "InProgress",
            "CompletedWithWarnings",
            "failed",
            "Exploded",
            "",
        ]
    ),
    junk,
)
codes = st.one_of(
    st.sampled_from(
        ["Success", "GuestAgentSnapshotTaskStatusError", "usererrorfsfreezefailed", "", "Nope"]
    ),
    junk,
)
job_ids = st.one_of(st.sampled_from([f"job-{n}" for n in range(4)] + ["JOB-1", ""]), junk)
durations = st.one_of(st.integers(0, 100_000).map(str), st.sampled_from(["", "abc", "1,5"]))


@st.composite
def data_row(draw: st.DrawFn) -> list[str]:
    row = [
        draw(times),
        draw(vms),
        draw(st.sampled_from(["", "westeurope;rsv;iaasvmcontainerv2;rg-web;lnx-web-01"])),
        draw(st.sampled_from(["Backup", "Restore", "", "ConfigureBackup"])),
        draw(statuses),
        draw(codes),
        draw(times),
        draw(durations),
        draw(job_ids),
        draw(st.sampled_from(["rsv-weu-prod", ""])),
    ]
    shape = draw(st.sampled_from(["full", "full", "full", "short", "long"]))
    if shape == "short":
        return row[: draw(st.integers(2, len(row) - 1))]
    if shape == "long":
        return row + draw(st.lists(junk, min_size=1, max_size=3))
    return row


def data_rows(rows: list[list[str]]) -> int:
    """Rows with at least one non-empty field: the ones bjla must account for."""
    return sum(1 for row in rows if any(row))


def write_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\n")
    out.writerow(HEADER)
    out.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def analyze(rows: list[list[str]], lazy: bool = False) -> tuple[str, str]:
    """Run ``bjla analyze`` on the rows; ``lazy`` forces the large-file CSV reader."""
    limits = Limits(csv_eager_bytes=0) if lazy else None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "jobs.csv"
        path.write_bytes(write_csv(rows))
        result = invoke(["analyze", str(path), "-f", "csv"], limits=limits)
    if "bjla: nothing written: no job rows were read" in result.stderr:
        # Every row rejected: no table (it would read as "no failures"), exit 3.
        assert result.exit_code == 3 and result.stdout == "", result.stderr
        return result.stdout, result.stderr
    assert result.exit_code == 0, result.stderr
    return result.stdout, result.stderr


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(rows=st.lists(data_row(), min_size=1, max_size=25))
def test_every_row_is_accounted_for(rows: list[list[str]]) -> None:
    stdout, stderr = analyze(rows)
    counts = accounting(stderr)
    assert counts.read == data_rows(rows)
    assert counts.read == counts.jobs + counts.duplicates + counts.rejects
    assert counts.outside == 0
    assert bool(stdout) == bool(counts.jobs)  # a table exactly when some row was a job
    table = list(csv.DictReader(io.StringIO(stdout)))
    assert sum(int(r["jobs"]) for r in table) <= counts.jobs  # failing VMs only


@settings(max_examples=10, deadline=None)
@given(
    rows=st.lists(data_row(), min_size=1, max_size=8),
    broken=st.lists(st.integers(0, 7), max_size=3),
)
def test_line_breaks_inside_quoted_fields_do_not_split_rows(
    rows: list[list[str]], broken: list[int]
) -> None:
    for n in broken:
        if n < len(rows) and len(rows[n]) > 1:
            rows[n][1] += "\nsecond line"  # an Excel cell with a line break, quoted
    counts = accounting(analyze(rows)[1])
    assert counts.read == data_rows(rows)
    assert counts.balanced()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(data_row(), min_size=1, max_size=25))
def test_the_large_file_reader_accounts_for_every_row_too(rows: list[list[str]]) -> None:
    """The lazy polars scan used for big files keeps the same promise."""
    counts = accounting(analyze(rows, lazy=True)[1])
    assert counts.read == data_rows(rows)
    assert counts.balanced()
