"""read_evidence: zones, chunk boundaries, warnings, the result's shape, and robustness."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzer.catalogue.load import load_catalogue
from analyzer.errors import UsageError
from analyzer.evidence import read_evidence, scan
from analyzer.evidence.read import FILES_SCHEMA
from analyzer.inputs import LocalFile
from analyzer.schema import EVIDENCE_SCHEMA

FIXTURES = Path(__file__).parent / "fixtures" / "logs"
SAMPLE_FILE_FOR_KIND = {
    "waagent": "waagent.log",
    "vmsnapshot-extension": "extension.log",
    "vmsnapshot-shell": "shell.log",
    "windows-agent": "WaAppAgent.log",
}
CAT = load_catalogue()
CLOSERS = {s.closed_by for s in CAT.signals.values() if s.closed_by}


def local(path: Path, name: str | None = None) -> LocalFile:
    return LocalFile(name or str(path), path, size=path.stat().st_size)


def write(tmp_path: Path, name: str, text: str | bytes) -> LocalFile:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return local(path, name)


def times(events: pl.DataFrame) -> list[str | None]:
    return events.get_column("time").dt.strftime("%Y-%m-%d %H:%M:%S%.6f").to_list()


# --- zones ----------------------------------------------------------------------------------


def test_local_time_log_is_read_in_the_given_zone() -> None:
    fixture = local(FIXTURES / "waagent_2_2_45_local_time.log")
    utc = read_evidence([fixture], CAT)
    stockholm = read_evidence([fixture], CAT, log_tz="Europe/Stockholm")
    assert times(stockholm.events)[0] == "2019-12-10 07:00:01.102938"  # CET = UTC+1
    shift = utc.events.get_column("time") - stockholm.events.get_column("time")
    assert shift.unique().to_list() == [timedelta(hours=1)]
    assert utc.files.get_column("tz_assumed").to_list() == ["UTC"]
    assert stockholm.files.get_column("tz_assumed").to_list() == ["Europe/Stockholm"]


def test_utc_logs_ignore_the_zone_and_assume_none() -> None:
    fixture = local(FIXTURES / "waagent_2_9_thread_prefix.log")
    utc = read_evidence([fixture], CAT)
    tokyo = read_evidence([fixture], CAT, log_tz="Asia/Tokyo")
    assert times(utc.events) == times(tokyo.events)
    assert tokyo.files.get_column("tz_assumed").to_list() == [None]


def test_python2_extension_log_prefers_its_inner_utc_stamp() -> None:
    fixture = local(FIXTURES / "vmsnapshot_extension_py2.log")
    result = read_evidence([fixture], CAT, log_tz="Europe/Stockholm")
    assert times(result.events) == [
        "2026-11-06 22:15:29.001288",  # inner UTC stamp: unchanged
        "2026-11-06 22:16:02.300118",
        "2026-11-06 22:16:05.000000",  # only the local outer stamp: 23:16:05 CET
    ]


def test_windows_bracket_time_is_assumed_utc() -> None:
    result = read_evidence(
        [local(FIXTURES / "waappagent_bracket_time.log")], CAT, log_tz="Asia/Tokyo"
    )
    assert result.files.get_column("tz_assumed").to_list() == ["UTC"]
    assert times(result.events)[0] == "2026-11-16 21:20:07.400000"


def test_one_file_may_switch_from_local_time_to_utc(tmp_path: Path) -> None:
    text = (
        "2026/11/09 23:40:02.117004 INFO Agent WALinuxAgent-2.2.45 discovered"
        " WALinuxAgent-2.9.1.1 as an update and will exit\n"
        "2026-11-09T22:40:09.002211Z INFO ExtHandler ExtHandler Azure Linux Agent"
        " (Goal State Agent version 2.9.1.1)\n"
    )
    result = read_evidence([write(tmp_path, "waagent.log", text)], CAT, log_tz="Europe/Stockholm")
    assert times(result.events.filter(pl.col("signal") == "agent-version")) == [
        "2026-11-09 22:40:09.002211"
    ]
    assert times(result.events.filter(pl.col("signal") == "agent-update-restart")) == [
        "2026-11-09 22:40:02.117004"
    ]


def test_local_time_skipped_by_dst_has_no_time_and_a_warning(tmp_path: Path) -> None:
    text = "2026/03/29 02:30:00.000001 WARNING Failed to send DHCP request: [DhcpError] timed out\n"
    result = read_evidence([write(tmp_path, "waagent.log", text)], CAT, log_tz="Europe/Stockholm")
    assert times(result.events) == [None]
    assert any("no readable timestamp" in w for w in result.warnings)


def test_unknown_zone_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="Mars/Olympus"):
        read_evidence([], CAT, log_tz="Mars/Olympus")


# --- chunk boundaries -----------------------------------------------------------------------


def multi_record_log() -> str:
    lines = []
    for i in range(40):
        lines.append(
            f"2026-11-19T22:{i:02d}:00.000001Z WARNING ExtHandler ExtHandler Failed to save"
            " handler status: [ExtensionError] write failed"
        )
        lines += ["Traceback (most recent call last):", '  File "fileutil.py", line 75'] * 3
        lines.append(f"OSError: [Errno 28] No space left on device ({i})")
    lines.append("x" * 5000 + " Failed to send DHCP request")  # a continuation longer than a chunk
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("chunk", [64, 333, 4096])
def test_small_chunks_give_the_same_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    log = write(tmp_path, "waagent.log", multi_record_log())
    whole = read_evidence([log], CAT)
    monkeypatch.setattr(scan, "CHUNK_BYTES", chunk)
    chunked = read_evidence([log], CAT)
    assert chunked.events.equals(whole.events)
    assert chunked.lines_read == whole.lines_read == 40 * 8 + 1
    # every continuation got the time of its own record, across chunk cuts
    no_space = chunked.events.filter(pl.col("signal") == "no-space-left")
    assert no_space.height == 40
    assert no_space.get_column("time").dt.minute().to_list() == list(range(40))


def test_last_line_without_newline_is_read(tmp_path: Path) -> None:
    log = write(
        tmp_path,
        "waagent.log",
        "2026-11-19T22:00:00.000001Z WARNING ExtHandler"
        " ExtHandler Failed to send DHCP request: [DhcpError] timed out",
    )
    result = read_evidence([log], CAT)
    assert result.lines_read == 1 and result.events.height == 1


def test_bom_does_not_hide_the_first_record(tmp_path: Path) -> None:
    log = write(tmp_path, "waagent.log", b"\xef\xbb\xbf" + (FIXTURES / "crlf.log").read_bytes())
    result = read_evidence([log], CAT)
    assert result.events.get_column("line_no").to_list()[0] == 1
    assert result.events.get_column("time").null_count() == 0


# --- warnings and skipped files -------------------------------------------------------------


def test_bad_bytes_are_replaced_with_a_warning() -> None:
    result = read_evidence([local(FIXTURES / "invalid_utf8.log")], CAT)
    assert result.events.height == 2
    assert any("not UTF-8" in w for w in result.warnings)


def test_unknown_content_is_skipped_with_a_warning() -> None:
    result = read_evidence([local(FIXTURES / "binary_garbage.log")], CAT)
    assert result.events.height == 0
    assert result.files.get_column("log_kind").to_list() == [None]
    assert any("not an agent log" in w for w in result.warnings)


def test_zip_input_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "logs.zip"
    path.write_bytes(b"PK\x03\x04rest")
    result = read_evidence([LocalFile("logs.zip", path, is_zip=True)], CAT)
    assert result.events.height == 0 and "ZIP" in result.warnings[0]


def test_empty_file_is_no_warning() -> None:
    result = read_evidence([local(FIXTURES / "empty.log")], CAT)
    assert result.warnings == [] and result.files.get_column("lines").to_list() == [0]


# --- result shape ---------------------------------------------------------------------------


def test_result_frames_have_the_shared_schemas() -> None:
    files = [local(p) for p in sorted(FIXTURES.glob("*.log"))]
    result = read_evidence(files, CAT)
    assert result.events.schema == pl.Schema(EVIDENCE_SCHEMA)
    assert result.files.schema == pl.Schema(FILES_SCHEMA)
    assert result.events.get_column("matched_vm").unique().to_list() == [False]
    assert result.files.height == len(files)
    assert result.lines_read == result.files.get_column("lines").fill_null(0).sum()
    assert result.files.get_column("events").sum() == result.events.height


def test_vm_comes_from_the_path_or_the_map(tmp_path: Path) -> None:
    text = (FIXTURES / "crlf.log").read_text()
    by_folder = write(tmp_path, "lnx-web-01/waagent.log", text)
    by_name = write(tmp_path, "lnx-db-02.waagent.log", text)
    result = read_evidence([by_folder, by_name], CAT, vm_map={"lnx-db-02.waagent.log": "db-real"})
    assert result.files.get_column("vm").to_list() == ["lnx-web-01", "db-real"]
    assert set(result.events.get_column("vm")) == {"lnx-web-01", "db-real"}


def test_no_files_gives_empty_frames() -> None:
    result = read_evidence([], CAT)
    assert result.events.schema == pl.Schema(EVIDENCE_SCHEMA) and result.events.height == 0
    assert result.files.height == 0 and result.lines_read == 0


# --- every catalogue sample is found through the whole parser -------------------------------


SAMPLES = [
    (signal.id, kind, i, text)
    for signal in CAT.signals.values()
    if signal.id not in CLOSERS
    for i, text in enumerate(signal.samples)
    for kind in signal.log_kinds[:1]
]


@pytest.mark.parametrize(("signal", "kind", "i", "text"), SAMPLES, ids=lambda v: str(v)[:30])
def test_catalogue_sample_is_found_in_a_log(
    tmp_path: Path, signal: str, kind: str, i: int, text: str
) -> None:
    log = write(tmp_path, SAMPLE_FILE_FOR_KIND[kind], text + "\n")
    result = read_evidence([log], CAT)
    assert signal in result.events.get_column("signal").to_list()


# --- robustness -----------------------------------------------------------------------------

LOG_LIKE = st.sampled_from(
    [
        "2026-11-19T22:00:00.000001Z WARNING ExtHandler ExtHandler ",
        "2026/11/19 22:00:00.000001 ERROR ",
        "2026/11/19 22:00:00 ERROR:",
        "Nov 19 22:00:00 host python3[1]: ",
        "[00000004] [11/16/2026 21:15:02.41] [INFO] ",
        "2026-11-12 22:06:38.101223 [Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0]",
        "Thu Nov 12 22:06:45 UTC 2026- ",
        "[   15.066188] ",
        "",
    ]
)
LINE = st.tuples(LOG_LIKE, st.text(max_size=200)).map("".join)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lines=st.lists(LINE, max_size=30), name=st.sampled_from(sorted(SAMPLE_FILE_FOR_KIND.values()))
)
def test_no_text_crashes_the_parser(tmp_path: Path, lines: list[str], name: str) -> None:
    log = write(tmp_path, name, "\n".join(lines).encode("utf-8", "surrogatepass"))
    result = read_evidence([log], CAT)
    assert result.events.schema == pl.Schema(EVIDENCE_SCHEMA)
    if result.events.height:
        assert result.events.get_column("line_no").max() <= max(result.lines_read, 1)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=3000))
def test_no_bytes_crash_the_parser(tmp_path: Path, data: bytes) -> None:
    prefix = (
        b"2026-11-19T22:00:00.000001Z WARNING ExtHandler ExtHandler Failed to send DHCP request\n"
    )
    result = read_evidence([write(tmp_path, "waagent.log", prefix + data)], CAT)
    assert "dhcp-failure" in result.events.get_column("signal").to_list()
