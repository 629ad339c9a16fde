"""``bjla analyze abfs://...`` against a real Blob Storage emulator (Azurite).

A session fixture starts ``azurite-blob`` on a free localhost port, uploads the real-world
diagnostic archive (tests/realworld/archive) with azure-storage-blob, and stops it at the
end. The CLI reads the container through adlfs with a connection string, as it would a
storage account, and must give what it gives for the local copy of the same folders.
"""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.support import invoke
from tests.external import require
from tests.paths import REALWORLD

ARCHIVE = REALWORLD / "archive"
JOBS_CONTAINER = "insights-logs-addonazurebackupjobs"
# Azurite's well-known development account (documented by Microsoft; not a secret).
ACCOUNT = "devstoreaccount1"
KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(port: int, proc: subprocess.Popen[bytes], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"azurite-blob exited with {proc.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    pytest.fail(f"azurite-blob did not listen on port {port} within {seconds:.0f} s")


def _upload(connection: str, root: Path) -> None:
    from azure.storage.blob import BlobServiceClient

    service = BlobServiceClient.from_connection_string(connection)
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        container = service.create_container(folder.name)
        for blob in sorted(p for p in folder.rglob("*") if p.is_file()):
            name = blob.relative_to(folder).as_posix()
            container.upload_blob(name, blob.read_bytes())


@pytest.fixture(scope="session")
def azurite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running Azurite holding the real-world archive; its connection string."""
    program = require("azurite-blob")
    pytest.importorskip("adlfs")
    port = _free_port()
    location = tmp_path_factory.mktemp("azurite")
    command = [program, "--silent", "--location", str(location), "--blobPort", str(port)]
    extra = ["--blobHost", "127.0.0.1", "--skipApiVersionCheck", "--disableTelemetry"]
    proc = subprocess.Popen([*command, *extra])
    try:
        _wait_for(port, proc)
        connection = (
            f"DefaultEndpointsProtocol=http;AccountName={ACCOUNT};AccountKey={KEY};"
            f"BlobEndpoint=http://127.0.0.1:{port}/{ACCOUNT};"
        )
        _upload(connection, ARCHIVE)
        yield connection
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def storage_env(azurite: str, monkeypatch: pytest.MonkeyPatch) -> str:
    for name in ("AZURE_STORAGE_ACCOUNT_NAME", "AZURE_STORAGE_ACCOUNT_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AZURE_STORAGE_CONNECTION_STRING", azurite)
    return azurite


def _without_source(csv_text: str) -> list[str]:
    """The CSV's lines with the last two columns (source, source_row) cut off."""
    return [line.rsplit(",", 2)[0] for line in csv_text.splitlines()]


def test_abfs_reads_the_archive_as_the_local_copy_gives_it(storage_env: str) -> None:
    local = invoke(["failures", str(ARCHIVE / JOBS_CONTAINER), "-f", "csv"])
    remote = invoke(["failures", f"abfs://{JOBS_CONTAINER}/", "-f", "csv"])
    assert local.exit_code == remote.exit_code == 0, remote.stderr
    assert _without_source(remote.stdout) == _without_source(local.stdout)
    assert f"abfs://{JOBS_CONTAINER}/resourceId=/SUBSCRIPTIONS/" in remote.stdout
    by_vm = [
        invoke(["analyze", spec, "-f", "csv"]).stdout
        for spec in (
            str(ARCHIVE / JOBS_CONTAINER),
            f"az://{JOBS_CONTAINER}",
        )
    ]
    assert by_vm[0] == by_vm[1] and by_vm[0].count("\n") > 1


def test_a_glob_and_a_period_pick_blobs_and_other_categories_are_counted(
    storage_env: str,
) -> None:
    every = invoke(["analyze", "abfs://insights-logs-*/**/PT1H.json", "-f", "csv"])
    assert every.exit_code == 0, every.stderr
    assert "diagnostic-archive x7" in every.stderr
    assert "16 rows read = 15 jobs" in every.stderr and "0 rejected" in every.stderr
    assert "+ 1 records of other categories skipped;" in every.stderr
    assert "other categories (not backup jobs): AddonAzureBackupProtectedInstance 1" in every.stderr
    # From 15:00 on: the blobs of 07:00 and 08:00 (6 records) are neither listed nor read,
    # the jobs in the period are those of the local copy read whole.
    period = ["--since", "2024-04-22T15:00", "-f", "csv"]
    pruned = invoke(["analyze", f"abfs://{JOBS_CONTAINER}/", *period])
    whole = invoke(["analyze", str(ARCHIVE / JOBS_CONTAINER), *period])
    assert "9 rows read = 8 jobs" in pruned.stderr, pruned.stderr
    assert "15 rows read = 8 jobs" in whole.stderr
    assert pruned.stdout == whole.stdout


def test_a_missing_container_is_one_line_naming_it(storage_env: str) -> None:
    result = invoke(["analyze", "abfs://no-such-container/", "-f", "csv"])
    assert result.exit_code != 0
    assert "abfs://no-such-container/" in result.stderr
    assert "Traceback" not in result.stderr
