"""Which VM a log belongs to: vm_for_path, the path,vm map and its errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.errors import InputError
from analyzer.evidence import load_vm_map, vm_for_path
from analyzer.evidence.vms import lookup_vm


@pytest.mark.parametrize(
    ("path", "vm"),
    [
        ("lnx-web-01/waagent.log", "lnx-web-01"),
        ("collected/lnx-web-01/waagent.log", "lnx-web-01"),
        ("lnx-web-01.waagent.log", "lnx-web-01"),
        ("logs/lnx-web-01_waagent.log", "lnx-web-01"),
        ("db.prod.waagent.log", "db.prod"),
        ("lnx-web-01/waagent.log.1", "lnx-web-01"),
        ("lnx-web-01/waagent.log.2.gz", "lnx-web-01"),
        ("lnx-web-01/waagent.log-20261117", "lnx-web-01"),
        (
            "lnx-files-04/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/extension.log",
            "lnx-files-04",
        ),
        ("lnx-files-04/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/shell.log", "lnx-files-04"),
        ("lnx-db-02/var/log/waagent.log", "lnx-db-02"),
        (
            "lnx-db-02/var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/extension.log",
            "lnx-db-02",
        ),
        ("win-sql-01/WaAppAgent.log", "win-sql-01"),
        ("win-sql-01\\C\\WindowsAzure\\Logs\\WaAppAgent.log", "win-sql-01"),
        ("sample_logs/agent-logs/lnx-app-03/messages", "lnx-app-03"),
        ("lnx-web-01/2026-11-17/waagent.log", "lnx-web-01"),
        (
            "win-app-02/Plugins/Microsoft.Azure.RecoveryServices.VMSnapshot/1.0.85.0/x.log",
            "win-app-02",
        ),
    ],
)
def test_vm_from_path(path: str, vm: str) -> None:
    assert vm_for_path(path) == vm


@pytest.mark.parametrize(
    "path",
    [
        "waagent.log",
        "/var/log/waagent.log",
        "logs/waagent.log",
        "var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/extension.log",
        "C:\\WindowsAzure\\Logs\\WaAppAgent.log",
        "./log/waagent.log.1",
        "",
    ],
)
def test_standard_locations_name_no_vm(path: str) -> None:
    assert vm_for_path(path) is None


def write_map(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "map.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_map_is_read_and_normalized(tmp_path: Path) -> None:
    mapping = load_vm_map(
        write_map(tmp_path, "Path, VM\n./logs\\a.log , vm-a\nb/waagent.log,vm-b\n")
    )
    assert mapping == {"logs/a.log": "vm-a", "b/waagent.log": "vm-b"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("file,host\na,b\n", "needs the columns path and vm"),
        ("path,vm\na.log,\n", "line 2: both path and vm"),
        ("path,vm\na.log,x\na.log,y\n", "line 3: a.log is mapped to both x and y"),
        ("", "needs the columns path and vm"),
    ],
)
def test_bad_map_is_a_clean_input_error(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as err:
        load_vm_map(write_map(tmp_path, text))
    assert err.value.source.endswith("map.csv")


def test_missing_map_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        load_vm_map(tmp_path / "nope.csv")


def test_map_wins_over_the_path_and_the_longest_entry_wins() -> None:
    mapping = {"logs": "from-folder", "logs/lnx-web-01/waagent.log": "from-file"}
    assert lookup_vm("/data/logs/lnx-web-01/waagent.log", mapping) == "from-file"
    assert lookup_vm("logs/other/waagent.log", mapping) == "from-folder"
    assert lookup_vm("elsewhere/lnx-db-02/waagent.log", mapping) == "lnx-db-02"
    assert lookup_vm("lnx-db-02/waagent.log", None) == "lnx-db-02"
