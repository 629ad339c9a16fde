"""Unknown codes stay visible, numbers explain, and an unknown OS gets OS-neutral causes."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from analyzer.aggregate import cause_table, vm_base, vm_figures, with_vm_key
from analyzer.attribute import prefer_vm_os, vm_os_from_logs
from analyzer.catalogue.load import load_catalogue
from analyzer.classify import classify
from analyzer.errors import InputError
from analyzer.render.explain import explain_text
from analyzer.texts import cause_rows, vm_rows
from analyzer.vm_info import load_vm_info, merged_vm_os
from tests.helpers import job, rows

CAT = load_catalogue()


def _failures(records: list[dict[str, object]]) -> pl.DataFrame:
    batch = with_vm_key(rows(records).drop("reject_reason"))
    return classify(batch.lazy(), CAT).collect()


def test_recorded_numbers_explain_like_their_names() -> None:
    for number, code in CAT.numeric_keys().items():
        assert explain_text(CAT, str(number), "en") == explain_text(CAT, code, "en")


def test_every_mixed_os_code_has_a_neutral_first_cause() -> None:
    """A code whose causes span both OSes must not open with a cause of one of them alone,
    unless that cause has an OS-neutral form (given when the VM's OS is not known)."""
    neutral = CAT.neutral_causes()
    for code in CAT.codes.values():
        oses = {CAT.causes[c].os for c in code.causes}
        first = CAT.causes[code.causes[0]]
        if {"windows", "linux"} <= oses and first.os != "any":
            assert first.id in neutral, code.id
            assert CAT.causes[neutral[first.id]].os == "any"


def test_unknown_os_gets_the_neutral_cause_known_os_its_own() -> None:
    failures = _failures(
        [
            job("lnx", 17, "Failed", "UserErrorGuestAgentStatusUnavailable"),
            job("win", 17, "Failed", "UserErrorGuestAgentStatusUnavailable"),
            job("who", 17, "Failed", "UserErrorGuestAgentStatusUnavailable"),
            job("vss", 17, "Failed", "ExtensionFailedVssWriterInBadState"),
        ]
    )
    files = pl.DataFrame({"vm": ["lnx", "win"], "log_kind": ["waagent", "windows-agent"]})
    out = dict(prefer_vm_os(failures, vm_os_from_logs(files), CAT).select("vm", "cause").rows())
    first = CAT.codes["UserErrorGuestAgentStatusUnavailable"].causes[0]
    assert CAT.causes[out["lnx"]].os == "linux"
    assert CAT.causes[out["win"]].os == "windows"
    assert out["who"] == CAT.neutral_causes()[first]
    assert CAT.causes[out["who"]].os == "any"
    assert set(CAT.causes[out["who"]].variants) >= {out["lnx"], out["win"]}
    # A code whose causes are all Windows ones tells the OS itself: its cause stays.
    assert out["vss"] == CAT.codes["ExtensionFailedVssWriterInBadState"].causes[0]


def test_unclassified_keeps_its_exported_code_everywhere() -> None:
    failures = _failures(
        [
            job("a", 17, "Failed", "UserErrorSomethingNew", error_message="New thing."),
            job("a", 18, "Failed", "UserErrorSomethingNew", error_message="New thing."),
            job("b", 17, "Failed", None, error_number=400158, error_message="Other thing."),
            job("c", 17, "Failed", None, error_message="Nothing known."),
            job("d", 17, "Failed", "UserErrorBackupOperationInProgress"),
        ]
    )
    base = vm_base(with_vm_key(rows([job(v, 17, "Failed") for v in "abcd"]).drop("reject_reason")))
    table = vm_rows(vm_figures(base, failures), CAT, "en")
    shown = dict(table.select("vm", "top_code").rows())
    known = dict(table.select("vm", "top_code_known").rows())
    assert shown == {
        "a": "UserErrorSomethingNew",
        "b": "400158",
        "c": "unclassified",
        "d": "UserErrorBackupOperationInProgress",
    }
    assert known == {"a": False, "b": False, "c": False, "d": True}
    assert vm_figures(base, failures).height == 4
    causes = cause_rows(cause_table(failures), CAT, "en")
    row = causes.filter(pl.col("cause") == "unclassified").row(0, named=True)
    assert row["failures"] == 4 and row["vms"] == 3
    assert row["codes"] == "400158, UserErrorSomethingNew, unclassified"
    assert causes["failures"].sum() == failures.height


def test_vm_info_reads_csv_tsv_and_az_vm_list(tmp_path: Path) -> None:
    csv_file = tmp_path / "info.csv"
    csv_file.write_text("VM,OS\nWeb-1,Windows\ndb-1,linux\nx,Solaris\n,linux\n")
    info = load_vm_info(csv_file)
    assert info.os_by_vm == {"web-1": "windows", "db-1": "linux"}
    assert len(info.warnings) == 2 and "line 4" in info.warnings[0]
    tsv_file = tmp_path / "core.tsv"
    tsv_file.write_text("BackupItemFriendlyName\tProtectedContainerOSType\nvm9\tWindows\n")
    assert load_vm_info(tsv_file).os_by_vm == {"vm9": "windows"}
    az_file = tmp_path / "vms.json"
    az_file.write_text(
        json.dumps([{"name": "Lnx", "storageProfile": {"osDisk": {"osType": "Linux"}}}])
    )
    assert load_vm_info(az_file).os_by_vm == {"lnx": "linux"}
    bad = tmp_path / "bad.csv"
    bad.write_text("host,kind\na,b\n")
    with pytest.raises(InputError, match="needs a VM and an OS column"):
        load_vm_info(bad)


def test_vm_info_wins_over_logs_and_conflicts_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "info.csv"
    path.write_text("vm,os\na,windows\nb,linux\nb,windows\n")
    info = load_vm_info(path)
    assert any("both linux and windows" in w for w in info.warnings)
    logs = pl.DataFrame({"_attr_vm": ["a", "b", "c"], "os": ["linux", "linux", "linux"]})
    merged = dict(merged_vm_os(logs, info).rows())
    assert merged == {"a": "windows", "b": "linux", "c": "linux"}


def test_a_one_os_code_tells_the_vms_os_for_its_other_failures() -> None:
    from analyzer.attribute import vm_os_from_codes

    failures = _failures(
        [
            job("lnx", 17, "Failed", "UserErrorFsFreezeFailed"),
            job("lnx", 18, "Failed", "UserErrorGuestAgentStatusUnavailable"),
            job("mix", 17, "Failed", "UserErrorFsFreezeFailed"),
            job("mix", 18, "Failed", "ExtensionFailedVssWriterInBadState"),
            job("mix", 19, "Failed", "UserErrorGuestAgentStatusUnavailable"),
        ]
    )
    implied = vm_os_from_codes(failures, CAT)
    assert dict(implied.rows()) == {"lnx": "linux"}  # contradicting codes tell nothing
    out = prefer_vm_os(failures, implied, CAT).filter(
        pl.col("code") == "UserErrorGuestAgentStatusUnavailable"
    )
    causes = dict(out.select("vm", "cause").rows())
    assert CAT.causes[causes["lnx"]].os == "linux"
    assert CAT.causes[causes["mix"]].os == "any"
