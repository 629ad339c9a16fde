"""Writing -o, --rejects and reports safely: whole, in place, never over an input.

Each test is named for a case of issue 12: a planted symlink at the old predictable temp
name, -o /dev/stdout or a FIFO (written directly, the node kept), -o naming an input,
the mode of an existing file, a full disk.
"""

from __future__ import annotations

import os
import resource
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from analyzer.errors import UsageError
from analyzer.output import OutputError, refuse_inputs_as_outputs, write_output
from tests.cli.support import JOBS, ROOT, invoke

INPUT = JOBS / "powershell_flattened_errors.csv"


def test_a_symlink_planted_at_the_temp_name_is_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (tmp_path / ".out.csv.bjla-tmp").symlink_to(victim)  # the old, predictable temp name
    result = invoke(["failures", str(INPUT), "-o", str(tmp_path / "out.csv")])
    assert result.exit_code == 0, result.stderr
    assert victim.read_text() == "precious\n"
    assert (tmp_path / ".out.csv.bjla-tmp").is_symlink()
    assert (tmp_path / "out.csv").read_text().startswith("vm,")


def test_temp_files_are_exclusive_and_unpredictable(tmp_path: Path) -> None:
    seen: list[str] = []

    def fill(sink: object) -> None:
        seen.extend(p.name for p in tmp_path.iterdir())

    write_output(tmp_path / "a.csv", fill)
    write_output(tmp_path / "a.csv", fill)
    assert len(seen) >= 2 and seen[0] != seen[-1]  # a new random name each time
    assert all(name.startswith(".a.csv.") and name.endswith(".bjla-tmp") for name in seen[:1])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv"]


def test_output_to_dev_stdout_writes_to_the_stream() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "analyzer",
            "failures",
            str(INPUT),
            "-o",
            "/dev/stdout",
            "-f",
            "csv",
        ],
        capture_output=True,
        timeout=60,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"vm,")
    assert Path("/dev/stdout").is_symlink()  # the node itself is still there


def test_output_to_a_fifo_writes_into_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = invoke(["failures", str(INPUT), "-o", str(fifo), "-f", "csv"])
    reader.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert received and received[0].startswith(b"vm,")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_output_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert invoke(["failures", str(INPUT), "-o", str(link)]).exit_code == 0
    assert link.is_symlink()
    assert real.read_text().startswith("vm,")


def test_output_naming_an_input_is_a_usage_error(tmp_path: Path) -> None:
    copy = tmp_path / "jobs.csv"
    copy.write_bytes(INPUT.read_bytes())
    for args in (
        ["failures", str(copy), "-o", str(copy), "-f", "csv"],
        ["analyze", str(tmp_path), "-o", str(copy), "-f", "csv"],  # found by walking
        ["analyze", str(INPUT), "--rejects", str(copy), "--logs", str(copy)],
        ["report", str(copy), "-o", str(tmp_path / "jobs.csv"), "-f", "md"],
    ):
        result = invoke(args)
        assert result.exit_code == 2, args
        assert "is one of the inputs" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert copy.read_bytes() == INPUT.read_bytes()


def test_output_and_rejects_on_one_file_is_a_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = invoke(["analyze", str(INPUT), "-o", str(out), "--rejects", str(out)])
    assert result.exit_code == 2
    assert "name the same file" in result.stderr
    assert not out.exists()


def test_an_existing_files_mode_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    out.write_text("old\n")
    out.chmod(0o600)
    assert invoke(["failures", str(INPUT), "-o", str(out)]).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_text().startswith("vm,")


def test_a_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_output(tmp_path / "new.csv", lambda sink: sink.write(b"x\n"))
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.csv").stat().st_mode) == 0o640


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")  # zip finaliser
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_output_on_a_full_disk_is_one_line(fmt: str) -> None:
    result = invoke(["analyze", str(INPUT), "-o", "/dev/full", "-f", fmt])
    assert result.exit_code == 1
    assert result.stderr.startswith("bjla: error: cannot write /dev/full: No space left")
    assert len([line for line in result.stderr.splitlines() if "error" in line]) == 1


def _limit_file_size() -> None:
    # Like a disk that fills: writes past 64 KiB fail (EFBIG) instead of killing bjla.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 << 10, 64 << 10))


def test_xlsx_on_a_full_disk_is_one_line_and_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out" / "fleet.xlsx"
    out.parent.mkdir()
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "analyzer", "analyze", "sample_logs/", "-o", str(out)],
        capture_output=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(scratch)},
        preexec_fn=_limit_file_size,
    )
    errors = [line for line in done.stderr.decode().splitlines() if "error" in line]
    assert done.returncode == 1, done.stderr
    assert b"Traceback" not in done.stderr and b"Exception ignored" not in done.stderr
    assert len(errors) == 1 and errors[0].startswith(f"bjla: error: cannot write {out}")
    assert list(out.parent.iterdir()) == []
    assert list(scratch.iterdir()) == []


def test_refusing_outputs_needs_no_existing_output(tmp_path: Path) -> None:
    refuse_inputs_as_outputs([("-o", tmp_path / "new.csv")], [INPUT])  # no error
    with pytest.raises(UsageError):
        refuse_inputs_as_outputs([("-o", INPUT)], [INPUT])


def test_a_failed_fill_keeps_the_previous_file(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    out.write_text("previous\n")

    def broken(sink: object) -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError, match="No space left"):
        write_output(out, broken)
    assert out.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
