"""How a run ends when something outside stops it.

Ctrl-C, SIGTERM (a scheduler's timeout, ``docker stop``) and SIGHUP (a closed terminal)
stop a run within a second whatever it is doing, even deep in polars' native code, and
remove every scratch and temporary file (large runs stage gigabytes); the exit code is
128 + the signal's number and stderr says what was written. A reader that stops early
(``bjla ... | head``) ends the output, not the run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli.support import JOBS, ROOT

STOPS = [
    pytest.param(signal.SIGTERM, 143, "bjla: stopped by SIGTERM; nothing written", id="TERM"),
    pytest.param(signal.SIGHUP, 129, "bjla: stopped by SIGHUP; nothing written", id="HUP"),
    pytest.param(signal.SIGINT, 130, "bjla: stopped; nothing written", id="INT"),
]
# A child that is busy in polars' native code for a long time (a streaming cross join of
# 10^10 rows in bounded memory), inside a scratch folder and an output being written:
# Python's own signal handlers would run only when that call returned.
NATIVE_WORK = """
import sys
from pathlib import Path

from analyzer import stopping

stopping.watch()
import polars as pl

import analyzer.render.xlsx as xlsx
from analyzer.output import write_output


def native_for_a_long_time(*_):
    rows = pl.LazyFrame({"x": range(100_000)})
    print("ready", flush=True)
    rows.join(rows, how="cross").select(pl.col("x").sum()).collect(engine="streaming")


with stopping.scratch_folder() as scratch:
    (scratch / "stage.arrow").write_bytes(bytes(1 << 20))
    if sys.argv[2] == "xlsx":  # stuck while the workbook writer has its temp files open
        xlsx._write_sheet = native_for_a_long_time
        table = [("t", pl.DataFrame({"a": [1]}))]
        write_output(Path(sys.argv[1]), lambda sink: xlsx.write_xlsx(table, sink))
    else:
        write_output(Path(sys.argv[1]), native_for_a_long_time)
"""


def _start_native_work(tmp_path: Path, kind: str) -> tuple[subprocess.Popen[bytes], Path]:
    scratch, out = tmp_path / "scratch", tmp_path / "out"
    scratch.mkdir()
    out.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-c", NATIVE_WORK, str(out / f"result.{kind}"), kind],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(scratch)},
    )
    assert process.stdout is not None
    assert process.stdout.readline() == b"ready\n"
    assert list(scratch.iterdir()) and list(out.iterdir())  # scratch and temp output exist
    return process, tmp_path


@pytest.mark.parametrize(
    ("kind", "signum", "code", "says"),
    [pytest.param("csv", *stop.values, id=f"csv-{stop.id}") for stop in STOPS]
    + [pytest.param("xlsx", *STOPS[2].values, id="xlsx-INT")],  # Ctrl-C during -o .xlsx
)
def test_a_stop_during_native_work_is_prompt_and_leaves_nothing(
    tmp_path: Path, kind: str, signum: int, code: int, says: str
) -> None:
    process, root = _start_native_work(tmp_path, kind)
    time.sleep(0.2)
    sent = time.monotonic()
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=30)
    took = time.monotonic() - sent
    assert process.returncode == code
    assert stderr.decode().strip() == says
    assert took < 2.0, f"took {took:.1f} s to stop"  # a second, with room for a busy machine
    assert list((root / "scratch").iterdir()) == []
    assert list((root / "out").iterdir()) == []


def test_sigterm_while_reading_stdin_removes_the_scratch_folder(tmp_path: Path) -> None:
    signum, code, says = signal.SIGTERM, 143, "bjla: stopped by SIGTERM; nothing written"
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    process = subprocess.Popen(
        [sys.executable, "-m", "analyzer", "analyze", "-", "-f", "csv"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdin is not None
    # Half an export on stdin, then silence: bjla is copying it into its scratch folder.
    process.stdin.write((JOBS / "la_addon_success_code.csv").read_bytes())
    process.stdin.flush()
    deadline = time.monotonic() + 30
    while not any(tmp_path.glob("bjla-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert any(tmp_path.glob("bjla-*")), "the run never made its scratch folder"
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == code
    assert stderr.decode().strip() == says
    assert list(tmp_path.iterdir()) == []


def test_a_reader_that_stops_early_ends_the_output_quietly() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "analyzer", "failures", "sample_logs/", "-f", "csv"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=JOBS.parents[2],
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().startswith(b"vm,")
    process.stdout.close()  # like head -1: the rest (well past a pipe's buffer) is not read
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0
    assert "Traceback" not in stderr
    assert "rows read = " in stderr  # the summary still comes
