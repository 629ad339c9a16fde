"""read_evidence: zones, chunk boundaries, warnings, the result's shape, and robustness."""

from __future__ import annotations

import gzip
from datetime import timedelta
from pathlib import Path
from typing import cast

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzer.catalogue.load import load_catalogue
from analyzer.errors import UsageError
from analyzer.evidence import formats, read_evidence
from analyzer.evidence.lineends import split_lines
from analyzer.evidence.read import FILES_SCHEMA
from analyzer.inputs import LocalFile
from analyzer.limits import DEFAULT_LIMITS, Limits
from analyzer.schema import EVIDENCE_SCHEMA
from tests.paths import FIXTURES as TESTS_FIXTURES

FIXTURES = TESTS_FIXTURES / "logs"
SAMPLE_FILE_FOR_KIND = {
    "waagent": "waagent.log",
    "vmsnapshot-extension": "extension.log",
    "vmsnapshot-shell": "shell.log",
    "windows-agent": "WaAppAgent.log",
    "windows-extension": "IaaSBcdrExtension.log",
    "generic": "notes.txt",
}
CAT = load_catalogue()
CLOSERS = {s.closed_by for s in CAT.signals.values() if s.closed_by}


def local(path: Path, name: str | None = None, limits: Limits = DEFAULT_LIMITS) -> LocalFile:
    return LocalFile(name or str(path), path, size=path.stat().st_size, limits=limits)


def write(
    tmp_path: Path, name: str, text: str | bytes, limits: Limits = DEFAULT_LIMITS
) -> LocalFile:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return local(path, name, limits)


def chunks_of(chunk: int) -> Limits:
    """Logs scanned ``chunk`` bytes at a time."""
    return Limits(log_chunk_bytes=chunk)


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


def test_shell_log_zone_abbreviation_other_than_utc_is_read_in_the_given_zone() -> None:
    fixture = local(FIXTURES / "vmsnapshot_shell_local_zone.log")
    result = read_evidence([fixture], CAT, log_tz="Europe/Stockholm")
    # 07:06:01 PM CEST is 19:06:01 in Stockholm, 17:06:01 UTC; 02:30 on 29 March 2026 is
    # skipped by the change to summer time, so it has no time (and a warning).
    assert times(result.events) == ["2026-05-21 17:06:01.000000", None]
    assert result.files.get_column("tz_assumed").to_list() == ["Europe/Stockholm"]
    assert any("no readable timestamp" in w for w in result.warnings)


def test_shell_log_in_utc_ignores_the_zone_option() -> None:
    fixture = local(FIXTURES / "vmsnapshot_shell_12h.log")
    utc = read_evidence([fixture], CAT)
    tokyo = read_evidence([fixture], CAT, log_tz="Asia/Tokyo")
    assert times(utc.events) == times(tokyo.events)
    assert tokyo.files.get_column("tz_assumed").to_list() == [None]


@pytest.mark.parametrize("name", ["vmsnapshot_console_py2.log", "vmsnapshot_console_py3.log"])
def test_backuplogger_console_lines_are_utc(name: str) -> None:
    fixture = local(FIXTURES / name)
    assert times(read_evidence([fixture], CAT, log_tz="Asia/Tokyo").events) == times(
        read_evidence([fixture], CAT).events
    )


def test_console_lines_inside_a_freeze_block_keep_their_own_utc_time() -> None:
    fixture = local(FIXTURES / "vmsnapshot_extension_freeze_block.log")
    result = read_evidence([fixture], CAT, log_tz="Asia/Tokyo")
    inside = result.events.filter(pl.col("line_no").is_in([4, 5]))
    assert times(inside) == ["2024-01-14 22:17:48.811002", "2024-01-14 22:17:48.812551"]
    assert inside.get_column("level").to_list() == ["WARNING", "ERROR"]


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
def test_small_chunks_give_the_same_events(tmp_path: Path, chunk: int) -> None:
    log = write(tmp_path, "waagent.log", multi_record_log())
    whole = read_evidence([log], CAT)
    chunked = read_evidence([local(log.path, log.name, chunks_of(chunk))], CAT)
    assert chunked.events.equals(whole.events)
    assert chunked.lines_read == whole.lines_read == 40 * 8 + 1
    # every continuation got the time of its own record, across chunk cuts
    no_space = chunked.events.filter(pl.col("signal") == "no-space-left")
    assert no_space.height == 40
    assert no_space.get_column("time").dt.minute().to_list() == list(range(40))


@pytest.mark.parametrize("chunk", [64, 65, 66, 67])
def test_a_chunk_cut_inside_a_multibyte_character_is_not_called_lossy(
    tmp_path: Path, chunk: int
) -> None:
    # lines shorter than a chunk, of 3-byte characters: each chunk size cuts through one
    line = "2026-11-19 INFO └─├─└─├─"
    log = write(tmp_path, "waagent.log", "\n".join([line] * 30) + "\n")
    result = read_evidence([local(log.path, log.name, chunks_of(chunk))], CAT)
    assert result.lines_read == 30
    assert not any("not UTF-8" in w for w in result.warnings)


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


def test_unplaced_format_is_read_as_generic_with_a_warning_naming_it(tmp_path: Path) -> None:
    text = (
        "job 17 on lnx-app-03 said: Failed to send DHCP request: [DhcpError] timed out\n"
        "2026-11-19 22:00:01 and then: Error fetching the goal state: [ProtocolError] timed out\n"
        "11/16/2026 21:15:02.41 ERROR Did not discover fabric address on"
        " interface Ethernet\n"
    )
    result = read_evidence([write(tmp_path, "notes/ticket-4711.txt", text)], CAT)
    assert result.files.get_column("log_kind").to_list() == ["generic"]
    assert set(result.events.get_column("log_kind")) == {"generic"}
    # every kind's signals may match: a waagent one and a Windows agent one
    assert {"dhcp-failure", "goal-state-fetch-failed", "fabric-address-not-discovered"} <= set(
        result.events.get_column("signal")
    )
    by_line = dict(zip(result.events["line_no"], times(result.events), strict=False))
    assert by_line[1] is None and by_line[2] == "2026-11-19 22:00:01.000000"
    assert by_line[3] == "2026-11-16 21:15:02.410000"
    warning = [w for w in result.warnings if "not recognised" in w]
    assert len(warning) == 1 and warning[0].startswith("notes/ticket-4711.txt: ")


def test_binary_content_is_skipped_with_one_warning() -> None:
    result = read_evidence([local(FIXTURES / "binary_garbage.log")], CAT)
    assert result.events.height == 0
    assert result.files.get_column("log_kind").to_list() == [None]
    assert result.warnings == [
        f"{FIXTURES / 'binary_garbage.log'}: binary data, not a text log; skipped"
    ]


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


def sample_log(n: int, kind: str) -> str:
    """The log that holds sample ``n`` alone, in a folder of its own."""
    return f"sample-{n}/{SAMPLE_FILE_FOR_KIND[kind]}"


@pytest.fixture(scope="module")
def signals_by_log(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    """Each sample alone in a log of its kind; all logs read in one call (a call per log
    costs four times as much), the signals found listed per log."""
    folder = tmp_path_factory.mktemp("samples")
    logs = [
        write(folder, sample_log(n, kind), text + "\n")
        for n, (_, kind, _, text) in enumerate(SAMPLES)
    ]
    events = read_evidence(logs, CAT).events.drop_nulls("signal")
    found: dict[str, set[str]] = {}
    for source, signal in events.select("source", "signal").iter_rows():
        found.setdefault(source, set()).add(signal)
    return found


@pytest.mark.parametrize(
    ("n", "signal", "kind", "i", "text"),
    [(n, *case) for n, case in enumerate(SAMPLES)],
    ids=lambda v: str(v)[:30],
)
def test_catalogue_sample_is_found_in_a_log(
    signals_by_log: dict[str, set[str]], n: int, signal: str, kind: str, i: int, text: str
) -> None:
    assert signal in signals_by_log.get(sample_log(n, kind), set())


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
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lines=st.lists(LINE, max_size=30), name=st.sampled_from(sorted(SAMPLE_FILE_FOR_KIND.values()))
)
def test_no_text_crashes_the_parser(tmp_path: Path, lines: list[str], name: str) -> None:
    log = write(tmp_path, name, "\n".join(lines).encode("utf-8", "surrogatepass"))
    result = read_evidence([log], CAT)
    assert result.events.schema == pl.Schema(EVIDENCE_SCHEMA)
    if result.events.height:
        assert cast(int, result.events.get_column("line_no").max()) <= max(result.lines_read, 1)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=3000))
def test_no_bytes_crash_the_parser(tmp_path: Path, data: bytes) -> None:
    prefix = (
        b"2026-11-19T22:00:00.000001Z WARNING ExtHandler ExtHandler Failed to send DHCP request\n"
    )
    result = read_evidence([write(tmp_path, "waagent.log", prefix + data)], CAT)
    assert "dhcp-failure" in result.events.get_column("signal").to_list()


# --- line ends ------------------------------------------------------------------------------

ENDINGS = st.sampled_from(["\n", "\r\n", "\r"])
RECORD_LINES = [
    "2026-11-19T22:00:00.000001Z WARNING ExtHandler ExtHandler Failed to save handler status",
    "Traceback (most recent call last):",
    "OSError: [Errno 28] No space left on device",
    "2026-11-19T22:05:00.000001Z WARNING ExtHandler ExtHandler Failed to send DHCP request",
    "  ",  # not empty: "\r" then an empty line's "\n" would be one CRLF line end
    "2026-11-19T22:09:00.000001Z ERROR ExtHandler ExtHandler Error fetching the goal state",
]


def joined(lines: list[str], ends: list[str]) -> bytes:
    return "".join(line + end for line, end in zip(lines, ends, strict=True)).encode()


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    picks=st.lists(st.sampled_from(RECORD_LINES), min_size=1, max_size=40),
    data=st.data(),
    chunk=st.sampled_from([7, 64, 1 << 20]),
)
def test_any_line_end_style_gives_the_same_events(
    tmp_path: Path,
    picks: list[str],
    data: st.DataObject,
    chunk: int,
) -> None:
    ends = data.draw(st.lists(ENDINGS, min_size=len(picks), max_size=len(picks)))
    unix = read_evidence(
        [write(tmp_path, "unix/waagent.log", joined(picks, ["\n"] * len(picks)))], CAT
    )
    mixed_log = write(tmp_path, "mixed/waagent.log", joined(picks, ends), chunks_of(chunk))
    mixed = read_evidence([mixed_log], CAT)
    assert mixed.lines_read == unix.lines_read
    assert mixed.events.drop("source", "vm").equals(unix.events.drop("source", "vm"))


def test_bare_cr_log_gives_every_event_not_two(tmp_path: Path) -> None:
    lines = [RECORD_LINES[i % 4] for i in range(331)]
    lf = read_evidence([write(tmp_path, "lf/waagent.log", joined(lines, ["\n"] * 331))], CAT)
    cr = read_evidence([write(tmp_path, "cr/waagent.log", joined(lines, ["\r"] * 331))], CAT)
    assert cr.lines_read == 331 and cr.events.height == lf.events.height > 2
    assert "\r" not in "".join(cr.events.get_column("line"))


def test_bare_cr_gzip_log_is_read_line_by_line(tmp_path: Path) -> None:
    from analyzer.inputs import InputFile, Workspace, materialize

    lines = [RECORD_LINES[i % 4] for i in range(50)]
    path = tmp_path / "waagent.log.gz"
    path.write_bytes(gzip.compress(joined(lines, ["\r"] * 50))[:-12])  # cut: truncated
    (tmp_path / "ws").mkdir()
    result = read_evidence(
        [materialize(InputFile(path.name, path), Workspace(tmp_path / "ws"))], CAT
    )
    assert 0 < result.lines_read <= 50
    assert result.events.height > 2


# --- sniffing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "name", "kind"),
    [
        (
            ["[stdout]", "", "", "[stderr]", "Traceback (most recent call last):"],
            "x.log",
            "waagent",
        ),
        (
            ['  File "/usr/lib/python3/dist-packages/azurelinuxagent/ga/update.py", line 9'],
            "x",
            "waagent",
        ),
        (
            ["[ExtensionError] Non-zero exit code: 2, bin/guest-configuration-shim install"],
            "x",
            "waagent",
        ),
        (
            ['File "WAAgentUtil.py", line 66', 'File "WaagentLib.py", line 59'],
            "x",
            "vmsnapshot-extension",
        ),
        (
            [
                "abrt: detected unhandled Python exception in '/var/lib/waagent/Microsoft.Azure."
                "RecoveryServices.VMSnapshotLinux-1.0.7.0/main/handle.py'"
            ],
            "x",
            "vmsnapshot-extension",
        ),
        (
            ["2019-11-23 21:11:18.333008  Info  T:S freeze, timeout value 60 "],
            "x",
            "vmsnapshot-extension",
        ),
        (["2024/01/14 22:16:48.796446  Info  fsfreeze mount :/mnt "], "x", "vmsnapshot-extension"),
        (["Thu May 21 05:04:31 PM UTC 2026- 1 returned from handle.py"], "x", "vmsnapshot-shell"),
        (["Thu 21 May 17:09:12 UTC 2026- python3 path exists"], "x", "vmsnapshot-shell"),
        (["[00000031] 2025-01-08T07:38:01.487Z [WARN] Status file x"], "x", "windows-agent"),
        (
            ["[7408+00000001] [01/30/2026 16:42:28.23] [INFO] IsHandlerStillExecuting"],
            "x",
            "windows-extension",
        ),
        (
            ["<30>1 2023-05-02T10:11:12.1Z h python3 812 - - 2023-05-02T10:11:12.1Z INFO X y"],
            "x",
            "waagent",
        ),
        (["Waagent - 2018/07/05 20:55:38.587424 INFO Clean protocol"], "x", "waagent"),
        # Python 2 extension.log: the blank stamped lines must not make it a 2.0 waagent log
        (
            [
                "2016/12/10 01:11:00 [Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0]x",
                "2016/12/10 01:11:00",
            ],
            "x",
            "vmsnapshot-extension",
        ),
        (["[INFO]  Getting plugin locations"], "WaAppAgent.log", "windows-agent"),
        (["some words", "more words"], "notes.txt", None),
    ],
)
def test_kind_is_told_from_content(lines: list[str], name: str, kind: str | None) -> None:
    assert formats.detect_kind(lines, name) == kind


def test_a_vmsnapshot_linux_file_name_is_not_a_windows_extension_log() -> None:
    assert formats.kind_from_name("083-vmsnapshot-traceback.log") is None
    assert formats.kind_from_name("IaaSBcdrExtension1.log") == "windows-extension"


def test_crash_handler_lines_about_the_agent_are_not_noise() -> None:
    lines = pl.Series(
        "line",
        [
            "Nov 19 21:46:11 h abrt: detected unhandled Python exception in '/usr/sbin/waagent'",
            "Nov 19 21:46:12 h abrt: detected unhandled Python exception in '/usr/bin/cmf-agent'",
            "Nov 19 21:46:13 h rsyslogd[9]: imjournal: No space left on device",
            "<86>1 2023-05-02T10:12:01Z h rsyslogd 903 - - No space left on device",
            "<30>1 2023-05-02T10:12:01Z h python3 812 - - No space left on device",
            "[   15.066188]  sdb: sdb1",
        ],
    )
    noise = pl.DataFrame(lines).select(formats.noise_expr(pl.col("line"))).to_series()
    assert noise.to_list() == [False, True, True, True, False, True]


def test_windows_levels_are_the_shared_names() -> None:
    rec = pl.Series(
        "r",
        [
            "[00000020] [11/14/2019 06:02:33.43] [HEART] WindowsAzureGuestAgent Heartbeat.",
            "[00000012] [11/11/2022 06:10:02.85] [TRACE] VmHealthCollectorThread",
            "[00000038] 2025-01-08T07:38:10.026Z [INFO]VMSettingsConsistenceCheck Passed.",
            "[00000031] 2025-01-08T07:38:01.487Z [WARN] Status file",
            "[ERROR] Did not discover fabric address",
        ],
    )
    time, level, _ = formats.FORMATS["windows-agent"].parse(pl.col("r"), "UTC")
    out = pl.DataFrame(rec).select(t=time.dt.strftime("%H:%M:%S%.3f"), lvl=level)
    assert out.get_column("lvl").to_list() == ["INFO", "VERBOSE", "INFO", "WARNING", "ERROR"]
    assert out.get_column("t").to_list() == [
        "06:02:33.430",
        "06:10:02.850",
        "07:38:10.026",
        "07:38:01.487",
        None,
    ]


def test_generic_lines_take_the_timestamp_they_start_with() -> None:
    lines = pl.Series(
        "r",
        [
            "time=2016-12-23T07:05:13Z version=v2.0.2/git@494f22e-clean operation=enable seq=3",
            "2023-05-02T10:11:12.5+02:00 something happened",
            "Waagent - 2018/07/05 20:55:38.587424 INFO Clean protocol",
            "<13>1 2023-05-02T10:11:12.123Z host app 1 - - message",
            "Nov 19 21:44:02 host app[1]: a syslog stamp has no year",
            "Active: active (running) since Mon 2022-08-29 11:43:50 UTC; 37min ago",
        ],
    )
    time, _, zone = formats.GENERIC_FORMAT.parse(pl.col("r"), "Europe/Stockholm")
    out = pl.DataFrame(lines).select(t=time.dt.strftime("%Y-%m-%d %H:%M:%S%.6f"), zone=zone)
    assert out.get_column("t").to_list() == [
        "2016-12-23 07:05:13.000000",
        "2023-05-02 08:11:12.500000",
        "2018-07-05 18:55:38.587424",  # no zone: read in the given one (CEST)
        "2023-05-02 10:11:12.123000",
        None,
        None,
    ]
    assert out.get_column("zone").to_list() == [None, None, "Europe/Stockholm", None, None, None]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(alphabet="ab\r\n", max_size=120), chunk=st.integers(1, 12))
def test_chunked_reads_count_the_lines_a_whole_split_counts(
    tmp_path: Path, text: str, chunk: int
) -> None:
    body = "Failed to send DHCP request: [DhcpError] timed out\r" + text
    parts = split_lines(body)
    result = read_evidence([write(tmp_path, "waagent.log", body, chunks_of(chunk))], CAT)
    assert result.lines_read == len(parts) - (parts[-1] == "")
    assert result.events.get_column("line_no").to_list() == [1]
