"""Exact error lines and exit codes for a user's mistakes, and no half-written output.

Exit codes: 0 done, 1 --strict with rejects or output not writable, 2 usage (an output in
a missing folder too, found before any input is read), 3 an input could not be read.
Every run here also goes through ``invoke``, which fails on any traceback or stray
exception.
"""

from __future__ import annotations

import csv
import errno
import gzip
import io
import os
import tempfile
from pathlib import Path

import pytest

import analyzer.cli
import analyzer.cli_evidence
import analyzer.inputs
from analyzer import staging
from analyzer.ingest import KNOWN_SHAPES
from analyzer.limits import Limits
from tests.cli.support import CLI_FIXTURES, JOBS, SAMPLE, accounting, cached, invoke

GOOD = str(JOBS / "bom_utf8.csv")  # one failed job of lnx-app-03
GOOD_LINE = "lnx-app-03,"
KNOWN_EXTENSIONS = ".csv, .json, .jsonl, .ndjson, .parquet, .tab, .tsv, .txt, .xlsx"


@pytest.fixture
def no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the command starts reading inputs: options are checked first."""

    def must_not_run(*args: object, **kwargs: object) -> None:
        raise AssertionError("inputs were read before the options were checked")

    for name in ("run_analysis", "run_distributed", "report_command_body"):
        monkeypatch.setattr(analyzer.cli, name, must_not_run)
    for name in ("run_analysis", "read_logs_only"):
        monkeypatch.setattr(analyzer.cli_evidence, name, must_not_run)


def errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("bjla: error: ")]


def leftovers(folder: Path) -> list[str]:
    """Temporary files a write may leave behind."""
    return sorted(p.name for p in folder.iterdir() if "bjla-tmp" in p.name)


# --- inputs that cannot be read -------------------------------------------------------------


def test_missing_file_is_named_and_the_rest_is_still_written(tmp_path: Path) -> None:
    result = invoke(["analyze", "nope.csv", GOOD, "-o", "out.csv"], cwd=tmp_path)
    assert result.exit_code == 3
    assert errors(result.stderr) == ["bjla: error: nope.csv: no such file or folder"]
    assert accounting(result.stderr).read == 1
    written = (tmp_path / "out.csv").read_text()
    assert written.startswith("vm,resource_group,jobs,finished,failed,")
    assert GOOD_LINE in written
    assert leftovers(tmp_path) == []


def test_unknown_shape_given_explicitly_lists_known_shapes_and_columns_seen() -> None:
    name = JOBS / "unknown_shape.csv"
    result = invoke(["analyze", str(name), GOOD, "-f", "csv"])
    assert result.exit_code == 3
    assert errors(result.stderr) == [
        f"bjla: error: {name}: not a job history bjla knows; columns/keys seen: Name, Size,"
        f" Modified (known shapes: {', '.join(KNOWN_SHAPES)})"
    ]
    assert {"la-addon-csv", "powershell-csv", "rest-json", "vault-export-xlsx"} <= set(KNOWN_SHAPES)
    assert GOOD_LINE in result.stdout  # the other input still counts


def test_unknown_shape_met_while_walking_a_folder_is_skipped_not_an_error(
    tmp_path: Path,
) -> None:
    (tmp_path / "jobs.csv").write_bytes((JOBS / "bom_utf8.csv").read_bytes())
    (tmp_path / "notes.csv").write_bytes((JOBS / "unknown_shape.csv").read_bytes())
    result = invoke(["analyze", ".", "-f", "csv"], cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "bjla: skipped 1 file(s) in folders that are not job histories: notes.csv" in (
        result.stderr.splitlines()
    )


def test_damaged_gz_is_one_error_line_and_the_rest_is_read(tmp_path: Path) -> None:
    (tmp_path / "bad.csv.gz").write_bytes(b"\x1f\x8b\x08\x00" + b"not deflate data" * 4)
    result = invoke(["analyze", "bad.csv.gz", GOOD, "-f", "csv"], cwd=tmp_path)
    assert result.exit_code == 3
    [line] = errors(result.stderr)
    assert line.startswith("bjla: error: bad.csv.gz: damaged gzip file (")
    assert line.endswith(") (re-export or re-copy it)")
    assert GOOD_LINE in result.stdout


def test_gz_cut_off_mid_stream_keeps_complete_rows_with_a_warning(tmp_path: Path) -> None:
    header, *lines = (JOBS / "la_addon_success_code.csv").read_text().splitlines()
    body = [line.replace("-0000000001", f"-{n:010d}") for n in range(400) for line in lines]
    data = gzip.compress("\n".join([header, *body, ""]).encode())
    (tmp_path / "cut.csv.gz").write_bytes(data[: len(data) // 2])
    result = invoke(["analyze", "cut.csv.gz", "-f", "csv"], cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    warning = [line for line in result.stderr.splitlines() if line.startswith("bjla: warning: ")]
    assert warning == [
        "bjla: warning: cut.csv.gz: gzip data is truncated (the stream ends early); read the"
        " complete lines before the cut, the rest of the file is lost (re-copy the file to"
        " read it all)"
    ]
    counts = accounting(result.stderr)
    assert 0 < counts.read < len(body)
    assert counts.rejects == 0 and counts.balanced()


def test_gz_named_file_that_is_not_gzip_says_so(tmp_path: Path) -> None:
    (tmp_path / "jobs.csv.gz").write_bytes(bytes(range(256)) * 2)
    result = invoke(["analyze", "jobs.csv.gz", "-f", "csv"], cwd=tmp_path)
    assert result.exit_code == 3
    [line] = errors(result.stderr)
    assert "gzip" in line and "--encoding" not in line


@pytest.mark.parametrize("command", ["analyze", "failures", "report"])
def test_unknown_encoding_is_a_usage_error_before_reading(command: str, no_reading: None) -> None:
    result = invoke([command, GOOD, "--encoding", "klingon"])
    assert result.exit_code == 2
    assert (
        "Error: Invalid value for --encoding: unknown encoding 'klingon'; use auto, utf-8,"
        " utf-16, cp1252, ..."
    ) in result.stderr.splitlines()


def test_known_encoding_is_used() -> None:
    result = invoke(["failures", str(JOBS / "powershell_sv-SE.csv"), "--encoding", "utf-8"])
    assert result.exit_code == 0, result.stderr
    assert "lnx-ops-01," in result.stdout


# --- bad options ----------------------------------------------------------------------------


@pytest.mark.parametrize("option", ["--since", "--until"])
def test_bad_date_is_a_usage_error_before_reading(option: str, no_reading: None) -> None:
    result = invoke(["analyze", GOOD, option, "yesterday"])
    assert result.exit_code == 2
    assert (
        f"Error: Invalid value for {option}: 'yesterday' is not a date; use 2026-11-16 or"
        " 2026-11-16T22:00"
    ) in result.stderr.splitlines()
    assert result.stdout == ""


def test_until_before_since_is_a_usage_error(no_reading: None) -> None:
    result = invoke(["failures", GOOD, "--since", "2026-11-20", "--until", "2026-11-01"])
    assert result.exit_code == 2
    assert (
        "Error: Invalid value for --until: 2026-11-01 is not after --since 2026-11-20"
        in result.stderr.splitlines()
    )


def test_since_and_until_keep_jobs_in_the_window_and_account_for_the_rest() -> None:
    result = invoke(
        ["analyze", SAMPLE, "--since", "2026-11-16", "--until", "2026-11-23", "-f", "csv"]
    )
    assert result.exit_code == 0, result.stderr
    counts = accounting(result.stderr)
    assert counts.outside > 0 and counts.balanced()
    assert counts.read == accounting(cached("analyze", SAMPLE, "-f", "csv").stderr).read
    first_failures = [r["first_failure"] for r in csv.DictReader(io.StringIO(result.stdout))]
    assert first_failures and min(first_failures) >= "2026-11-16"


@pytest.mark.parametrize("command", ["analyze", "failures", "evidence"])
def test_unknown_output_extension_is_a_usage_error_before_reading(
    command: str, tmp_path: Path, no_reading: None
) -> None:
    result = invoke([command, GOOD, "-o", "report.docx"], cwd=tmp_path)
    assert result.exit_code == 2
    assert errors(result.stderr) == [
        "bjla: error: cannot tell the format from 'report.docx' (known extensions:"
        f" {KNOWN_EXTENSIONS}); pass -f FORMAT"
    ]
    assert list(tmp_path.iterdir()) == []


def test_unknown_report_extension_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke(["report", GOOD, "-o", "report.docx"], cwd=tmp_path)
    assert result.exit_code == 2
    assert errors(result.stderr) == [
        "bjla: error: cannot tell the report format from 'report.docx'; use .html, .md or .xlsx"
    ]
    assert list(tmp_path.iterdir()) == []


def test_explicit_format_wins_over_an_unknown_extension(tmp_path: Path) -> None:
    result = invoke(["analyze", GOOD, "-o", "out.docx", "-f", "csv"], cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out.docx").read_text().startswith("vm,")


def test_unknown_by_is_a_usage_error() -> None:
    result = invoke(["analyze", GOOD, "--by", "week"])
    assert result.exit_code == 2
    assert "Invalid value for '--by'" in result.stderr


def test_no_inputs_is_a_usage_error() -> None:
    result = invoke(["analyze"])
    assert result.exit_code == 2
    assert "Missing argument" in result.stderr


def test_unknown_code_in_explain() -> None:
    result = invoke(["explain", "NoSuchCode"])
    assert result.exit_code == 2
    assert errors(result.stderr) == [
        "bjla: error: unknown error code 'NoSuchCode' (`bjla patterns list` shows every entry)"
    ]


def test_unknown_report_week() -> None:
    result = invoke(["report", GOOD, "--week", "2026-W99", "-f", "md"])
    assert result.exit_code == 2
    assert errors(result.stderr) == ["bjla: error: 2026 has no ISO week 99"]


def test_evidence_with_a_missing_log_folder() -> None:
    result = invoke(["evidence", "no-such-logs", "-f", "csv"])
    assert result.exit_code == 3
    assert errors(result.stderr) == ["bjla: error: no-such-logs: no such file or folder"]


# --- rejects --------------------------------------------------------------------------------


def test_strict_exits_1_when_rows_were_rejected_but_still_writes(tmp_path: Path) -> None:
    ragged = str(JOBS / "ragged_rows.csv")
    assert invoke(["analyze", ragged, "-f", "csv"]).exit_code == 0
    result = invoke(["analyze", ragged, "--strict", "-o", "out.csv"], cwd=tmp_path)
    assert result.exit_code == 1
    assert "win-web-02," in (tmp_path / "out.csv").read_text()


def test_strict_without_rejects_exits_0() -> None:
    assert invoke(["analyze", GOOD, "--strict", "-f", "csv"]).exit_code == 0


def test_rejects_file_holds_every_reject(tmp_path: Path) -> None:
    result = invoke(["analyze", SAMPLE, "-f", "csv", "--rejects", str(tmp_path / "rej.csv")])
    assert result.exit_code == 0, result.stderr
    rejects = list(csv.DictReader((tmp_path / "rej.csv").open()))
    total = accounting(result.stderr).rejects
    assert total > 5
    assert len(rejects) == total
    assert list(rejects[0]) == ["source", "source_row", "shape", "reason"]
    shown = [line for line in result.stderr.splitlines() if line.startswith("bjla: rejected: ")]
    assert shown == [
        f"bjla: rejected: {r['source']} row {r['source_row']}: {r['reason']}" for r in rejects[:5]
    ]
    assert (
        f"bjla: ... {total - 5} more rejected rows (write them all with --rejects FILE or see"
        " the rejects sheet of -o out.xlsx)"
    ) in result.stderr.splitlines()
    assert all(r["reason"] for r in rejects)


# --- no half-written output -----------------------------------------------------------------


@pytest.mark.parametrize("option", ["-o", "--rejects"])
def test_output_into_a_missing_folder_is_a_usage_error_before_reading(
    tmp_path: Path, option: str, no_reading: None
) -> None:
    target = tmp_path / "no-such-dir" / "out.csv"
    result = invoke(["analyze", GOOD, option, str(target)])
    assert result.exit_code == 2
    assert f"the folder {target.parent} does not exist; create it first" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_report_into_a_missing_folder_is_a_usage_error_before_reading(
    tmp_path: Path, no_reading: None
) -> None:
    result = invoke(["report", GOOD, "-o", str(tmp_path / "no-such-dir" / "week.html")])
    assert result.exit_code == 2
    assert "does not exist; create it first" in result.stderr


def test_output_onto_a_folder_is_a_usage_error_before_reading(
    tmp_path: Path, no_reading: None
) -> None:
    (tmp_path / "out.csv").mkdir()
    result = invoke(["analyze", GOOD, "-o", "out.csv"], cwd=tmp_path)
    assert result.exit_code == 2
    assert "out.csv is a folder; give a file name" in result.stderr
    assert leftovers(tmp_path) == []


def test_failed_write_keeps_the_previous_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"last week's workbook")

    def disk_full(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)  # the os module analyzer.cli calls
    result = invoke(["analyze", GOOD, "-o", "out.xlsx"], cwd=tmp_path)
    assert result.exit_code == 1
    assert errors(result.stderr) == ["bjla: error: cannot write out.xlsx: No space left on device"]
    assert out.read_bytes() == b"last week's workbook"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    "bad",
    [
        ["--since", "yesterday"],
        ["--patterns", str(CLI_FIXTURES / "patterns_bad_entries")],
        ["--week", "2026-W99"],
    ],
    ids=["bad-date", "bad-catalogue", "bad-week"],
)
def test_failed_run_leaves_an_existing_output_untouched(tmp_path: Path, bad: list[str]) -> None:
    command = "report" if "--week" in bad else "analyze"
    out = tmp_path / ("out.md" if command == "report" else "out.csv")
    out.write_text("previous run\n")
    result = invoke([command, GOOD, *bad, "-o", out.name], cwd=tmp_path)
    assert result.exit_code == 2
    assert out.read_text() == "previous run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


# --- bjla's own scratch disk ----------------------------------------------------------------


def _disk_full(*_: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_scratch_disk_while_staging_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(staging.DiskStore, "_write_files", _disk_full)
    on_disk = Limits(store_large_input_bytes=0)  # stage even the sample on disk
    result = invoke(["analyze", SAMPLE, "-f", "csv"], limits=on_disk)
    assert result.exit_code == 1
    [line] = errors(result.stderr)
    assert "cannot write bjla's scratch files in " in line
    assert line.endswith(
        "No space left on device (free some space there, or set TMPDIR to a folder on a"
        " larger disk)"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_full_scratch_disk_while_decompressing_is_not_blamed_on_the_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    packed = tmp_path / "jobs.csv.gz"
    packed.write_bytes(gzip.compress(Path(GOOD).read_bytes()))
    monkeypatch.setattr(analyzer.inputs, "_gunzip", _disk_full)
    result = invoke(["analyze", str(packed), "-f", "csv"])
    assert result.exit_code == 1
    [line] = errors(result.stderr)
    assert "cannot write bjla's scratch files in " in line
    assert str(packed) not in line
