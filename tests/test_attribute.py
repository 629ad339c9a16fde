"""attribute(): agent-log evidence re-ranks the candidate causes of each failed job."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import polars as pl
import pytest

from analyzer.attribute import attribute
from analyzer.catalogue.load import load_catalogue
from analyzer.catalogue.model import Catalogue, Cause, Code, Signal
from analyzer.evidence import read_evidence
from analyzer.inputs import LocalFile
from analyzer.schema import EVIDENCE_SCHEMA, FAILURE_IDS, JOB_SCHEMA
from analyzer.texts import describe_failures
from tests.paths import ROOT

FAILURE_SCHEMA = {**JOB_SCHEMA, **FAILURE_IDS}


def at(day: int, hour: int = 22, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def cause(cid: str) -> Cause:
    return Cause(
        cid,
        {"en": f"title {cid}", "sv": f"titel {cid}"},
        {"en": (f"do {cid}", "retry"), "sv": (f"gör {cid}", "försök igen")},
        f"https://docs/{cid}",
    )


def signal(sid: str, *supports: str) -> Signal:
    return Signal(sid, {"en": sid, "sv": sid}, ("waagent",), sid, supports, (sid,))


CAT = Catalogue(
    causes={cid: cause(cid) for cid in ("c1", "c2", "c3", "c4", "c9")},
    codes={
        "SnapErr": Code(
            "SnapErr", {"en": "m", "sv": "m"}, "user", ("c1", "c2", "c3", "c4"), "https://docs/code"
        ),
        "Other": Code("Other", {"en": "m", "sv": "m"}, "user", ("c9",), "https://docs/other"),
    },
    signals={
        "s-config": signal("s-config", "c4"),
        "s-config2": signal("s-config2", "c4"),
        "s-agent": signal("s-agent", "c2"),
        "s-net": signal("s-net", "c3"),
        "s-foreign": signal("s-foreign", "c9"),
        "s-info": signal("s-info"),
    },
)


def failure(
    vm: str = "vm-a", code: str | None = "SnapErr", start: datetime | None = None, **extra: Any
) -> dict[str, Any]:
    """A failed job as classify leaves it: doc-order cause, no evidence."""
    row: dict[str, Any] = dict.fromkeys(FAILURE_SCHEMA)
    first = CAT.codes[code].causes[0] if code is not None and code in CAT.codes else None
    row.update(
        source="jobs.csv",
        source_row=1,
        vm=vm,
        status="Failed",
        start_time=start or at(18),
        end_time=(start or at(18)) + timedelta(minutes=20),
        error_code=code,
        code=code or "unclassified",
        cause=first,
        cause_confidence="doc-order" if first else "none",
        evidence="no evidence",
    )
    row.update(extra)
    return row


def failures(*rows: dict[str, Any]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=FAILURE_SCHEMA)


def event(
    sig: str,
    when: datetime,
    vm: str = "vm-a",
    line_no: int = 7,
    source: str = "logs/vm-a/waagent.log",
    kind: str = "failure",
) -> dict[str, Any]:
    return {
        "source": source,
        "line_no": line_no,
        "vm": vm,
        "time": when,
        "log_kind": "waagent",
        "level": "INFO",
        "signal": sig,
        "kind": kind,
        "benign": "some-rule" if kind == "benign" else None,
        "detail": None,
        "line": sig,
        "matched_vm": True,
    }


def evidence(*rows: dict[str, Any]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=EVIDENCE_SCHEMA)


def only(frame: pl.DataFrame) -> dict[str, Any]:
    assert frame.height == 1
    return frame.row(0, named=True)


def test_evidence_picks_the_fourth_cause_over_doc_order() -> None:
    found = attribute(failures(failure()), evidence(event("s-config", at(18, 21, 58))), CAT)
    got = only(describe_failures(found, CAT, "en"))
    assert got["cause"] == "c4"
    assert got["cause_confidence"] == "evidence"
    assert got["cause_title"] == "title c4"
    assert got["fix"] == "1. do c4 2. retry"
    assert got["doc_url"] == "https://docs/c4"
    assert got["evidence"] == "s-config @ 2026-11-18T21:58:00Z (waagent.log:7)"


def test_titles_and_fixes_follow_the_language() -> None:
    found = attribute(failures(failure()), evidence(event("s-config", at(18, 21))), CAT)
    got = only(describe_failures(found, CAT, "sv"))
    assert (got["cause_title"], got["fix"]) == ("titel c4", "1. gör c4 2. försök igen")


@pytest.mark.parametrize(
    ("when", "window", "counts"),
    [
        (at(17, 22, 1), timedelta(hours=24), True),  # just inside 24 h before the start
        (at(17, 21, 59), timedelta(hours=24), False),  # just outside
        (at(17, 21, 59), timedelta(hours=48), True),  # a wider window takes it
        (at(18, 23, 59), timedelta(hours=24), True),  # during the job's grace (2 h)
        (at(19, 0, 1), timedelta(hours=24), False),  # after the grace
    ],
)
def test_only_evidence_in_the_window_counts(
    when: datetime, window: timedelta, counts: bool
) -> None:
    got = only(
        attribute(failures(failure()), evidence(event("s-config", when)), CAT, window=window)
    )
    assert got["cause"] == ("c4" if counts else "c1")
    assert got["evidence"] == ("no evidence" if not counts else got["evidence"])


def test_a_long_job_keeps_its_whole_run() -> None:
    long_job = failure(end_time=at(19, 4))
    got = only(attribute(failures(long_job), evidence(event("s-config", at(19, 3))), CAT))
    assert got["cause"] == "c4"


def test_other_vms_evidence_is_ignored_but_case_does_not_matter() -> None:
    other = evidence(event("s-config", at(18, 21), vm="vm-b"))
    assert only(attribute(failures(failure()), other, CAT))["cause"] == "c1"
    shouting = evidence(event("s-config", at(18, 21), vm="VM-A"))
    assert only(attribute(failures(failure()), shouting, CAT))["cause"] == "c4"


def test_evidence_for_a_cause_the_code_does_not_list_changes_nothing() -> None:
    got = only(attribute(failures(failure()), evidence(event("s-foreign", at(18, 21))), CAT))
    assert (got["cause"], got["cause_confidence"], got["evidence"]) == (
        "c1",
        "doc-order",
        "no evidence",
    )


def test_without_evidence_the_frame_is_unchanged() -> None:
    rows = failures(failure(), failure(vm="vm-b", code=None))
    assert attribute(rows, evidence(), CAT).equals(rows)
    assert attribute(rows, evidence(event("s-info", at(18, 21))), CAT).equals(rows)


def test_more_distinct_signals_beat_a_later_single_one() -> None:
    ev = evidence(
        event("s-config", at(18, 20)),
        event("s-config2", at(18, 20, 5)),
        event("s-agent", at(18, 21, 50)),
        event("s-agent", at(18, 21, 55)),
    )
    assert only(attribute(failures(failure()), ev, CAT))["cause"] == "c4"


def test_an_informational_event_alone_never_decides_the_cause() -> None:
    rows = failures(failure())
    assert attribute(rows, evidence(event("s-config", at(18, 21), kind="info")), CAT).equals(rows)


def test_an_informational_event_adds_weight_to_a_failure_one() -> None:
    ev = evidence(
        event("s-agent", at(18, 21, 55)),
        event("s-config", at(18, 20), kind="info"),
        event("s-config2", at(18, 20, 5)),
    )
    got = only(attribute(failures(failure()), ev, CAT))
    assert got["cause"] == "c4"  # two signals (one informational) beat one later signal
    assert "s-config @" in got["evidence"]


def test_a_benign_line_supports_nothing() -> None:
    rows = failures(failure())
    assert attribute(rows, evidence(event("s-config", at(18, 21), kind="benign")), CAT).equals(rows)


def test_ties_go_to_the_latest_event_then_to_doc_order() -> None:
    later = evidence(event("s-net", at(18, 20)), event("s-agent", at(18, 21)))
    assert only(attribute(failures(failure()), later, CAT))["cause"] == "c2"
    same = evidence(event("s-net", at(18, 21)), event("s-agent", at(18, 21)))
    assert only(attribute(failures(failure()), same, CAT))["cause"] == "c2"  # c2 before c3


def test_evidence_text_lists_three_signals_latest_first() -> None:
    many = Catalogue(
        causes=CAT.causes,
        codes=CAT.codes,
        signals={f"s{i}": signal(f"s{i}", "c3") for i in range(5)},
    )
    ev = evidence(
        *(event(f"s{i}", at(18, 17 + i), line_no=i + 1) for i in range(5)),
        event("s4", at(18, 12), line_no=99),
    )
    got = only(attribute(failures(failure()), ev, many))
    assert got["evidence"] == (
        "s4 @ 2026-11-18T21:00:00Z (waagent.log:5); s3 @ 2026-11-18T20:00:00Z (waagent.log:4);"
        " s2 @ 2026-11-18T19:00:00Z (waagent.log:3)"
    )


def test_doc_order_cause_confirmed_by_evidence() -> None:
    confirmed = Catalogue(
        causes=CAT.causes, codes=CAT.codes, signals={"s-first": signal("s-first", "c1")}
    )
    got = only(attribute(failures(failure()), evidence(event("s-first", at(18, 21))), confirmed))
    assert (got["cause"], got["cause_confidence"]) == ("c1", "evidence")


def test_unclassified_and_undated_rows_are_left_alone() -> None:
    rows = failures(failure(code=None), failure(start=None, start_time=None))
    out = attribute(rows, evidence(event("s-config", at(18, 21))), CAT)
    assert out.get_column("cause_confidence").to_list() == ["none", "doc-order"]


def test_each_job_is_judged_on_its_own_night() -> None:
    rows = failures(failure(start=at(16)), failure(start=at(18)))
    out = attribute(rows, evidence(event("s-config", at(18, 21))), CAT)
    assert out.get_column("cause").to_list() == ["c1", "c4"]
    assert out.columns == rows.columns and out.schema == rows.schema


# --- the sample fleet: each scenario VM's logs explain its failing night ----------------------

SCENARIOS = [
    ("lnx-web-01", 18, "GuestAgentSnapshotTaskStatusError", "agent-config-linux"),
    ("lnx-db-02", 12, "ExtensionOperationFailedForManagedDisks", "agent-outdated-linux"),
    ("lnx-app-03", 20, "ExtensionSnapshotFailedNoNetwork", "snapshot-status-unavailable"),
    ("win-sql-01", 17, "BackUpOperationFailed", "agent-unresponsive-windows"),
    ("win-app-02", 19, "GuestAgentSnapshotTaskStatusError", "app-control-blocks-extension"),
    ("lnx-files-04", 13, "UserErrorFsFreezeFailed", "fsfreeze-failed"),
]


@pytest.fixture(scope="module")
def sample_evidence() -> pl.DataFrame:
    logs = sorted(p for p in (ROOT / "sample_logs" / "agent-logs").rglob("*") if p.is_file())
    files = [LocalFile(str(p.relative_to(ROOT)), p) for p in logs]
    return read_evidence(files, load_catalogue()).events


@pytest.mark.parametrize(("vm", "day", "code", "expected"), SCENARIOS)
def test_sample_logs_explain_the_scenario_failures(
    sample_evidence: pl.DataFrame, vm: str, day: int, code: str, expected: str
) -> None:
    real = load_catalogue()
    first = real.codes[code].causes[0]
    job = failure(vm=vm, code=code, start=at(day, 22, 30), cause=first)
    got = only(attribute(failures(job), sample_evidence, real))
    assert (got["cause"], got["cause_confidence"]) == (expected, "evidence")
    assert got["evidence"] != "no evidence"


def test_sample_logs_leave_good_nights_alone(sample_evidence: pl.DataFrame) -> None:
    real = load_catalogue()
    before = failure(
        vm="lnx-web-01",
        code="GuestAgentSnapshotTaskStatusError",
        start=at(14, 22, 30),
        cause="agent-unresponsive-windows",
        cause_confidence="doc-order",
    )
    got = only(attribute(failures(before), sample_evidence, real))
    assert got["cause_confidence"] == "doc-order"


def test_linux_vm_gets_first_linux_cause_in_doc_order() -> None:
    from analyzer.attribute import prefer_vm_os, vm_os_from_logs
    from analyzer.catalogue.load import load_catalogue
    from analyzer.classify import classify
    from tests.helpers import job, rows

    cat = load_catalogue()
    batch = rows(
        [
            job("lnx-1", 17, "Failed", "GuestAgentSnapshotTaskStatusError"),
            job("win-1", 17, "Failed", "GuestAgentSnapshotTaskStatusError"),
            job("other", 17, "Failed", "GuestAgentSnapshotTaskStatusError"),
        ]
    ).drop("reject_reason")
    failures = classify(batch.lazy(), cat).collect()
    files = pl.DataFrame(
        {"vm": ["LNX-1", "win-1"], "log_kind": ["waagent", "windows-agent"]},
    )
    out = prefer_vm_os(failures, vm_os_from_logs(files), cat).sort("vm")
    assert out.select("vm", "cause", "cause_confidence", "evidence").rows() == [
        ("lnx-1", "agent-outdated-linux", "doc-order", "no evidence"),
        # A VM whose OS no log tells gets the OS-neutral form of the Windows cause.
        ("other", cat.neutral_causes()["agent-unresponsive-windows"], "doc-order", "no evidence"),
        ("win-1", "agent-unresponsive-windows", "doc-order", "no evidence"),
    ]
    shown = describe_failures(out, cat, "en")
    assert shown.filter(pl.col("vm") == "lnx-1")["fix"][0].startswith("1. ")
