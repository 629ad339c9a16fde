"""Weekly report figures on a hand-built two-week fleet (ISO weeks 2026-W46 and W47).

The fleet is written as one schedule string per VM, one character per night from
Monday 2026-11-09 to Sunday 2026-11-22 (backups at 22:30 UTC):

    .  backup succeeded          F  failed with the VM's code and cause
    U  failed, unclassified      R  failed (unclassified), then a retry succeeded
    L  failed late, 23:30 UTC    C  cancelled            -  no job

The analysis is made with the lead's real aggregate functions (vm_key, per-VM figures
and streaks, per-VM days), so the report sees the same frames ``bjla report`` gives it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import polars as pl
import pytest

from analyzer.aggregate import vm_base, vm_days, week_totals, with_vm_key
from analyzer.analysis import Analysis
from analyzer.catalogue.load import load_catalogue
from analyzer.catalogue.model import Catalogue, Cause, Code
from analyzer.errors import UsageError
from analyzer.jobs import Accounting, in_window
from analyzer.render import numbers
from analyzer.report import (
    IsoWeek,
    Report,
    build_report,
    choose_period,
    default_week,
    parse_week,
    week_period,
)
from analyzer.schema import (
    EVIDENCE_SCHEMA,
    FAILURE_IDS,
    FAILURE_TEXTS,
    JOB_SCHEMA,
    REJECT_SCHEMA,
    WEEK_TOTALS_SCHEMA,
)
from analyzer.texts import cause_frame

FAILURE_EXTRA = {**FAILURE_IDS, **FAILURE_TEXTS}

FIRST_NIGHT = date(2026, 11, 9)
NOW = datetime(2026, 11, 24, 7, 30, tzinfo=UTC)
DOCS = "https://learn.microsoft.com/azure/backup/backup-azure-troubleshoot-vm-backup-fails-snapshot-timeout"

FLEET: dict[tuple[str, str], str] = {
    ("lnx-web-01", "rg-web"): "........FFFFFF",
    ("lnx-db-02", "rg-data"): ".FFFFFFFFFFFFF",
    ("lnx-app-03", "rg-app"): "..........FFF.",
    ("win-sql-01", "rg-data"): ".....FFF......",
    ("lnx-files-04", "rg-files"): "...FF.........",
    ("win-app-02", "rg-app"): "...U.......URU",
    ("win-dc-05", "rg-core"): "..............",
    ("lnx-gone-06", "rg-old"): ".....---------",
    ("win-web-07", "rg-web"): ".........F...L",
    ("lnx-tst-08", "rg-test"): "..C......C....",
}

# What a classified failure of each VM carries: code, cause, confidence.
FAILS: dict[str, tuple[str, str, str]] = {
    "lnx-web-01": ("GuestAgentSnapshotTaskStatusError", "agent-config-linux", "evidence"),
    "lnx-app-03": ("ExtensionSnapshotFailedNoNetwork", "snapshot-status-unavailable", "doc-order"),
    "win-sql-01": ("BackUpOperationFailed", "agent-unresponsive-windows", "evidence"),
    "lnx-files-04": ("UserErrorFsFreezeFailed", "fsfreeze-failed", "doc-order"),
    "win-web-07": ("UserErrorBackupOperationInProgress", "backup-in-progress", "doc-order"),
}
DB_EARLY = ("ExtensionOperationFailedForManagedDisks", "agent-unresponsive-windows", "doc-order")
DB_LATE = ("ExtensionOperationFailedForManagedDisks", "agent-outdated-linux", "evidence")
UNCLASSIFIED_MESSAGES = {
    "U": "Backup of item 'win-app-02' failed: operation {id} timed out after {n} seconds",
    "R": "Snapshot of disk {n} could not be taken; try again later",
}


def _cause(
    cid: str, os: str, en: str, sv: str, fix_en: tuple[str, ...], fix_sv: tuple[str, ...]
) -> Cause:
    return Cause(cid, {"en": en, "sv": sv}, {"en": fix_en, "sv": fix_sv}, f"{DOCS}#{cid}", os)


def case_catalogue() -> Catalogue:
    """A small catalogue with the codes and causes the case fleet uses (en and sv)."""
    causes = [
        _cause(
            "agent-unresponsive-windows",
            "windows",
            "The VM agent is unresponsive (Windows)",
            "VM-agenten svarar inte (Windows)",
            ("Restart the Windows Azure Guest Agent service.", "Reinstall the agent."),
            ("Starta om tjänsten Windows Azure Guest Agent.", "Installera om agenten."),
        ),
        _cause(
            "agent-outdated-linux",
            "linux",
            "The VM agent is outdated (Linux)",
            "VM-agenten är inaktuell (Linux)",
            ("Update the walinuxagent package.", "Restart the agent service."),
            ("Uppdatera paketet walinuxagent.", "Starta om agenttjänsten."),
        ),
        _cause(
            "agent-config-linux",
            "linux",
            "Extensions are disabled in the agent configuration",
            "Tillägg är avstängda i agentens konfiguration",
            ("Set Extensions.Enabled=y in /etc/waagent.conf.", "Restart the agent."),
            ("Sätt Extensions.Enabled=y i /etc/waagent.conf.", "Starta om agenten."),
        ),
        _cause(
            "snapshot-status-unavailable",
            "any",
            "The snapshot status cannot be retrieved",
            "Ögonblicksbildens status kan inte hämtas",
            ("Check that the VM reaches 168.63.129.16.",),
            ("Kontrollera att VM:en når 168.63.129.16.",),
        ),
        _cause(
            "fsfreeze-failed",
            "linux",
            "Freezing a file system failed",
            "Det gick inte att frysa ett filsystem",
            ("Unmount stale mounts.", "Retry the backup."),
            ("Avmontera inaktuella monteringar.", "Försök igen."),
        ),
        _cause(
            "backup-in-progress",
            "any",
            "Another backup was still running",
            "En annan säkerhetskopiering pågick fortfarande",
            ("Wait for the running job to finish.",),
            ("Vänta tills det pågående jobbet är klart.",),
        ),
    ]
    codes = [
        (
            "GuestAgentSnapshotTaskStatusError",
            "user",
            ("agent-unresponsive-windows", "agent-outdated-linux", "agent-config-linux"),
        ),
        (
            "ExtensionOperationFailedForManagedDisks",
            "user",
            ("agent-unresponsive-windows", "agent-outdated-linux"),
        ),
        ("ExtensionSnapshotFailedNoNetwork", "user", ("snapshot-status-unavailable",)),
        ("BackUpOperationFailed", "user", ("agent-unresponsive-windows",)),
        ("UserErrorFsFreezeFailed", "user", ("fsfreeze-failed",)),
        ("UserErrorBackupOperationInProgress", "transient", ("backup-in-progress",)),
    ]
    return Catalogue(
        causes={c.id: c for c in causes},
        codes={
            cid: Code(
                cid,
                {"en": f"{cid} happened", "sv": f"{cid} inträffade"},
                cat,
                tuple(cs),
                f"{DOCS}#{cid.lower()}",
            )
            for cid, cat, cs in codes
        },
        signals={},
        masks=load_catalogue().masks,  # the report masks messages with the catalogue's masks
    )


def _job(
    vm: str, rg: str, night: int, status: str, minute: int = 30, hour: int = 22
) -> dict[str, object]:
    start = datetime.combine(
        FIRST_NIGHT + timedelta(days=night), datetime.min.time(), tzinfo=UTC
    ) + timedelta(hours=hour, minutes=minute)
    return {
        "source": "jobs.csv",
        "vm": vm,
        "resource_group": rg,
        "vault": "vault-1",
        "operation": "Backup",
        "status": status,
        "start_time": start,
        "end_time": start + timedelta(minutes=20),
        "duration_s": 1200.0,
        "job_id": f"{vm}-{night}-{hour}{minute}",
    }


def _failure_fields(vm: str, night: int, mark: str) -> dict[str, object]:
    if mark in UNCLASSIFIED_MESSAGES:
        message = UNCLASSIFIED_MESSAGES[mark].format(
            id=f"{night:08d}-aaaa-bbbb-cccc-{night:012d}", n=3600 + night
        )
        return {
            "code": "unclassified",
            "cause": None,
            "cause_confidence": "none",
            "error_message": message,
            "category": "unknown",
        }
    if vm == "lnx-db-02":
        code, cause, confidence = DB_EARLY if night < 5 else DB_LATE
    else:
        code, cause, confidence = FAILS.get(vm, FAILS["lnx-app-03"])
    return {
        "code": code,
        "error_code": code,
        "cause": cause,
        "cause_confidence": confidence,
        "error_message": f"{code} message",
        "category": "user",
    }


def _jobs_of(vm: str, rg: str, schedule: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for night, mark in enumerate(schedule):
        if mark == "-":
            continue
        if mark == ".":
            rows.append(_job(vm, rg, night, "Completed"))
        elif mark == "C":
            rows.append(_job(vm, rg, night, "Cancelled"))
        else:
            job = _job(vm, rg, night, "Failed", minute=30, hour=23 if mark == "L" else 22)
            rows.append({**job, **_failure_fields(vm, night, mark)})
            if mark == "R":
                rows.append(_job(vm, rg, night, "Completed", minute=50, hour=23))
    return rows


def _classified(failed: pl.DataFrame, cat: Catalogue) -> pl.DataFrame:
    """Fill the catalogue texts the way classify/attribute would."""
    info = cause_frame(cat, "en").select("cause", "cause_title", "fix", "cause_doc_url")
    evidence = (
        pl.when(pl.col("cause_confidence") == "evidence")
        .then(
            pl.format(
                "signal-for-{} @ {} (agent.log:12)",
                "cause",
                pl.col("start_time").dt.strftime("%Y-%m-%dT%H:%MZ"),
            )
        )
        .otherwise(pl.lit("no evidence"))
    )
    return (
        failed.drop("cause_title", "fix")
        .join(info, on="cause", how="left")
        .with_columns(
            pl.lit("code").alias("match"),
            evidence.alias("evidence"),
            pl.col("cause_doc_url").alias("doc_url"),
        )
        .select(*JOB_SCHEMA, *FAILURE_EXTRA, "vm_key")
    )


def case_analysis(
    tz: str = "UTC", week: str = "2026-W47", fleet: dict[tuple[str, str], str] | None = None
) -> Analysis:
    """The case fleet analyzed over [previous week start, chosen week end) in ``tz``."""
    plans = FLEET if fleet is None else fleet
    rows = [row for (vm, rg), plan in plans.items() for row in _jobs_of(vm, rg, plan)]
    schema = {**JOB_SCHEMA, **{k: v for k, v in FAILURE_EXTRA.items()}}
    jobs = pl.DataFrame(rows, schema=schema)
    period = week_period(parse_week(week), tz)
    since, until = period.analysis_window()
    keyed = with_vm_key(in_window(jobs, since, until))
    # Protection now and the weekly trend look at every job before the period's end.
    before = with_vm_key(in_window(jobs, None, until))
    # As bjla report analyzes (AnalyzeOptions.vm_since): per-VM figures of the chosen week.
    this_week = in_window(keyed, period.utc(period.start), until)
    rejects = pl.DataFrame(
        {
            "source": ["jobs.csv", "jobs.csv", "export.json"],
            "source_row": [17, 4, 2],
            "shape": ["la-addon-csv", "la-addon-csv", "az-json"],
            "reason": [
                "start time 'yesterday' is not a date",
                "start time 'yesterday' is not a date",
                "no VM name",
            ],
        },
        schema=REJECT_SCHEMA,
    )
    return Analysis(
        failures=_classified(keyed.filter(pl.col("status") == "Failed"), case_catalogue()),
        vm_base=vm_base(this_week),
        vm_days=vm_days(keyed, tz),
        vm_now=vm_base(before),
        weeks=week_totals(before, tz),
        rejects=rejects,
        accounting=Accounting(
            rows_read=keyed.height + 5, jobs=keyed.height, duplicates=2, rejects=3
        ),
    )


def case_evidence() -> pl.DataFrame:
    """Two evidence events from a VM with jobs and two from a VM that has none."""
    t = datetime(2026, 11, 20, 21, 58, tzinfo=UTC)
    return pl.DataFrame(
        {
            "source": [
                "lnx-web-01/waagent.log",
                "lnx-web-01/waagent.log",
                "lnx-test-99/waagent.log",
                "lnx-test-99/waagent.log.1",
            ],
            "line_no": [12, 40, 3, 8],
            "vm": ["lnx-web-01", "lnx-web-01", "lnx-test-99", "lnx-test-99"],
            "time": [t, t, t, t + timedelta(hours=1)],
            "log_kind": ["waagent"] * 4,
            "level": ["WARNING"] * 4,
            "signal": [
                "extensions-disabled",
                "extensions-disabled",
                "extensions-disabled",
                "wireserver-unreachable",
            ],
            "kind": ["failure"] * 4,
            "benign": [None] * 4,
            "detail": [None] * 4,
            "line": ["..."] * 4,
            "matched_vm": [True, True, False, False],
        },
        schema=EVIDENCE_SCHEMA,
    )


PROBLEMS = ["old-export.xlsx: not a job history bjla knows; columns/keys seen: Foo, Bar"]


def case_report(lang: str = "en", tz: str = "UTC", week: str = "2026-W47") -> Report:
    """The report on the case fleet for ``week``."""
    return build_report(
        case_analysis(tz, week),
        case_catalogue(),
        period=week_period(parse_week(week), tz),
        lang=lang,
        now=NOW,
        evidence=case_evidence(),
        problems=PROBLEMS,
    )


def _column(frame: pl.DataFrame, name: str) -> list[object]:
    return frame.get_column(name).to_list()


# --- periods ---------------------------------------------------------------------------


def test_parse_week_accepts_iso_spellings() -> None:
    assert parse_week("2026-W47") == IsoWeek(2026, 47)
    assert parse_week("2026w47") == IsoWeek(2026, 47)
    assert str(IsoWeek(2026, 3)) == "2026-W03"


@pytest.mark.parametrize("text", ["2026-47", "W47", "2025-W53", "2026-W00"])
def test_parse_week_rejects_bad_weeks(text: str) -> None:
    with pytest.raises(UsageError):
        parse_week(text)


def test_week_period_is_monday_to_sunday() -> None:
    period = week_period(IsoWeek(2026, 47))
    assert (period.start, period.end) == (date(2026, 11, 16), date(2026, 11, 23))
    assert period.previous_start == date(2026, 11, 9)


def test_default_week_is_last_complete_week() -> None:
    assert default_week(NOW) == IsoWeek(2026, 47)  # Tuesday of W48
    monday_midnight = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
    assert default_week(monday_midnight) == IsoWeek(2026, 47)
    sunday_late = datetime(2026, 11, 22, 23, 30, tzinfo=UTC)
    assert default_week(sunday_late) == IsoWeek(2026, 46)
    # already Monday in Stockholm
    assert default_week(sunday_late, "Europe/Stockholm") == IsoWeek(2026, 47)


def test_analysis_window_covers_both_weeks_in_utc() -> None:
    since, until = week_period(IsoWeek(2026, 47), "Europe/Stockholm").analysis_window()
    assert since == datetime(2026, 11, 8, 23, 0, tzinfo=UTC)
    assert until == datetime(2026, 11, 22, 23, 0, tzinfo=UTC)


def test_choose_period_from_since_and_until() -> None:
    period = choose_period(now=NOW, since="2026-11-16", until="2026-11-20")
    assert (period.start, period.end, period.days) == (date(2026, 11, 16), date(2026, 11, 20), 4)
    assert period.previous_start == date(2026, 11, 12)
    assert choose_period(now=NOW, since="2026-11-16").end == date(2026, 11, 23)
    assert choose_period(now=NOW).week == IsoWeek(2026, 47)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"week": "2026-W47", "since": "2026-11-16"},
        {"since": "2026-11-16T10:00"},
        {"since": "2026-11-20", "until": "2026-11-16"},
        {"tz": "Mars/Olympus"},
    ],
)
def test_choose_period_rejects_bad_options(kwargs: dict[str, str]) -> None:
    with pytest.raises(UsageError):
        choose_period(now=NOW, **kwargs)


# --- figures ---------------------------------------------------------------------------


def test_headline_compares_both_weeks() -> None:
    rows = {r["metric"]: r for r in case_report().headline.iter_rows(named=True)}
    assert (rows["vms"]["current"], rows["vms"]["previous"]) == (9, 10)
    assert (rows["jobs"]["current"], rows["jobs"]["previous"]) == (64, 68)
    assert (rows["failures"]["current"], rows["failures"]["previous"]) == (22, 11)
    assert rows["failures"]["change"] == 11
    assert rows["failure_rate"]["current"] == pytest.approx(22 / 63)
    assert rows["failure_rate"]["previous"] == pytest.approx(11 / 67)
    assert (rows["failing_vms"]["current"], rows["failing_vms"]["previous"]) == (6, 4)


def test_new_recovered_and_chronic_vms() -> None:
    report = case_report()
    assert _column(report.new_vms, "vm") == ["lnx-web-01", "win-web-07", "lnx-app-03"]
    assert _column(report.recovered_vms, "vm") == ["lnx-files-04", "win-sql-01"]
    assert _column(report.recovered_vms, "failures") == [0, 1]
    assert _column(report.chronic_vms, "vm") == ["lnx-db-02", "lnx-web-01"]
    assert _column(report.chronic_vms, "days") == [13, 6]
    assert _column(report.chronic_vms, "since") == [date(2026, 11, 10), date(2026, 11, 17)]
    assert _column(report.chronic_vms, "open_start") == [False, False]


def test_chronic_threshold_is_configurable() -> None:
    report = build_report(
        case_analysis(),
        case_catalogue(),
        period=week_period(IsoWeek(2026, 47)),
        now=NOW,
        chronic_days=14,
    )
    assert report.chronic_vms.height == 0


def test_worst_vms_rank_by_failures_then_streak() -> None:
    worst = case_report().worst_vms
    assert _column(worst, "vm")[:5] == [
        "lnx-db-02",
        "lnx-web-01",
        "win-app-02",
        "lnx-app-03",
        "win-web-07",
    ]
    first = worst.row(0, named=True)
    assert first["current_streak"] == 7  # counted in the chosen week, as analyze does
    assert first["top_cause"] == "agent-outdated-linux"
    assert first["basis"] == "evidence"
    assert first["fix_steps"] == ["Update the walinuxagent package.", "Restart the agent service."]
    app03 = worst.filter(pl.col("vm") == "lnx-app-03").row(0, named=True)
    assert (app03["basis"], app03["current_streak"]) == ("doc-order", 0)


def test_top_codes_and_causes_carry_trend() -> None:
    report = case_report()
    codes = {r["code"]: r for r in report.top_codes.iter_rows(named=True)}
    assert (
        codes["ExtensionOperationFailedForManagedDisks"]["current"],
        codes["ExtensionOperationFailedForManagedDisks"]["previous"],
    ) == (7, 6)
    assert codes["unclassified"]["current"] == 3
    assert codes["UserErrorFsFreezeFailed"]["change"] == -2
    assert _column(report.top_codes, "code")[0] == "ExtensionOperationFailedForManagedDisks"
    causes = {r["cause"]: r for r in report.top_causes.iter_rows(named=True)}
    assert (
        causes["agent-outdated-linux"]["current"],
        causes["agent-outdated-linux"]["previous"],
        causes["agent-outdated-linux"]["evidence"],
    ) == (7, 2, 7)
    assert causes["agent-unresponsive-windows"]["change"] == 1 - 6


def test_unclassified_grouped_by_masked_message() -> None:
    groups = case_report().unclassified
    assert _column(groups, "current") == [2, 1]
    assert _column(groups, "previous") == [1, 0]
    # The catalogue's masks (patterns/masks.toml), the ones bjla templates uses.
    assert _column(groups, "pattern")[0] == (
        "Backup of item <quoted> failed: operation <guid> timed out after <num> seconds"
    )


def test_data_quality_section() -> None:
    quality = case_report().quality
    assert _column(quality.rejects, "rows") == [2, 1]
    assert _column(quality.rejects, "first_rows")[0] == "4, 17"
    assert _column(quality.unmatched_logs, "log_vm") == ["lnx-test-99"]
    assert _column(quality.unmatched_logs, "files") == [2]
    assert _column(quality.silent_vms, "vm") == ["lnx-gone-06"]
    assert quality.problems == tuple(PROBLEMS)
    assert quality.unclassified_failures == 3


def test_daily_series_pairs_weekdays() -> None:
    daily = case_report().daily
    assert daily.height == 7
    first = daily.row(0, named=True)
    assert (first["day"], first["previous_day"]) == (date(2026, 11, 16), date(2026, 11, 9))
    assert _column(daily, "failed") == [2, 2, 3, 3, 4, 4, 4]
    assert sum(_column(daily, "previous_failed")) == 11  # type: ignore[arg-type]


def test_time_zone_moves_a_late_failure_into_the_next_week() -> None:
    utc = case_report()
    stockholm = case_report(tz="Europe/Stockholm")
    fails = {r["metric"]: r["current"] for r in stockholm.headline.iter_rows(named=True)}
    assert fails["failures"] == 21
    assert "win-web-07" in _column(utc.new_vms, "vm")
    assert stockholm.daily.get_column("day").to_list()[-1] == date(2026, 11, 22)


def test_swedish_report_uses_swedish_catalogue_texts() -> None:
    worst = case_report(lang="sv").worst_vms.row(0, named=True)
    assert worst["cause_title"] == "VM-agenten är inaktuell (Linux)"
    assert worst["fix_steps"][0] == "Uppdatera paketet walinuxagent."


def test_empty_analysis_gives_empty_sections() -> None:
    empty = case_analysis(week="2026-W10")
    report = build_report(empty, case_catalogue(), period=week_period(IsoWeek(2026, 10)), now=NOW)
    assert report.worst_vms.height == 0
    rows = {r["metric"]: r for r in report.headline.iter_rows(named=True)}
    assert rows["jobs"]["current"] == 0
    assert rows["failure_rate"]["current"] is None


def test_lead_analysis_has_what_the_report_reads() -> None:
    names = set(Analysis.__dataclass_fields__)
    assert {"failures", "vm_base", "vm_days", "rejects", "accounting"} <= names


def test_analysis_window_across_a_dst_change() -> None:
    since, until = week_period(IsoWeek(2026, 44), "America/New_York").analysis_window()
    assert since == datetime(2026, 10, 19, 4, 0, tzinfo=UTC)  # EDT
    assert until == datetime(2026, 11, 2, 5, 0, tzinfo=UTC)  # EST


@pytest.mark.parametrize(
    ("func", "args", "expected"),
    [
        (numbers.integer, (1234567, "en"), "1,234,567"),
        (numbers.integer, (1234567, "sv"), "1\u00a0234\u00a0567"),
        (numbers.percent, (0.349206, "en"), "34.9%"),
        (numbers.percent, (0.349206, "sv"), "34,9\u00a0%"),
        (numbers.percent, (None, "en"), "–"),
        (numbers.points, (-0.05, "en", "pp"), "\u22125.0\u00a0pp"),
        (numbers.points, (0.00001, "sv", "p.e."), "0\u00a0p.e."),
        (numbers.signed, (3, "en"), "+3"),
        (numbers.signed, (-1200, "sv"), "\u22121\u00a0200"),
        (numbers.signed, (0, "en"), "0"),
        (numbers.day, (date(2026, 11, 16), "sv"), "mån 16 nov"),
        (numbers.day_range, (date(2026, 11, 30), date(2026, 12, 6), "en"), "30 Nov – 6 Dec 2026"),
        (
            numbers.day_range,
            (date(2026, 12, 28), date(2027, 1, 3), "sv"),
            "28 dec 2026 – 3 jan 2027",
        ),
        (
            numbers.moment,
            (datetime(2026, 11, 22, 23, 30, tzinfo=UTC), "Europe/Stockholm", "en"),
            "Mon 23 Nov 00:30",
        ),
    ],
)
def test_numbers_and_dates_per_language(func: Any, args: tuple[Any, ...], expected: str) -> None:
    assert func(*args) == expected


@pytest.mark.parametrize(
    ("first", "last", "week", "complete"),
    [
        (date(2026, 11, 2), date(2026, 11, 22), IsoWeek(2026, 47), True),  # ends on a Sunday
        (date(2026, 11, 2), date(2026, 11, 25), IsoWeek(2026, 47), True),  # ends mid-W48
        (date(2026, 11, 18), date(2026, 11, 23), IsoWeek(2026, 47), True),  # W47 ends in it
        (date(2026, 11, 24), date(2026, 11, 27), IsoWeek(2026, 48), False),  # no whole week
    ],
)
def test_default_week_is_the_last_complete_week_in_the_data(
    first: date, last: date, week: IsoWeek, complete: bool
) -> None:
    from analyzer.report.periods import last_complete_week

    assert last_complete_week((first, last)) == (week, complete)


def _fixes_of(fleet: dict[tuple[str, str], str]) -> pl.DataFrame:
    """The fix cards of a fleet whose vm-a fails with backup-in-progress, vm-b fsfreeze."""
    original = dict(FAILS)
    FAILS.update({"vm-a": FAILS["win-web-07"], "vm-b": FAILS["lnx-files-04"]})
    try:
        report = build_report(
            case_analysis(fleet=fleet),
            case_catalogue(),
            period=week_period(IsoWeek(2026, 47)),
            now=NOW,
        )
    finally:
        FAILS.clear()
        FAILS.update(original)
    return report.fixes


def test_fix_cards_rank_by_failures_then_the_longest_current_streak() -> None:
    """As many failures: the cause behind the VM still failing comes first, although
    the alphabet (backup-in-progress < fsfreeze-failed) says otherwise."""
    more = _fixes_of({("vm-a", "rg"): ".............F", ("vm-b", "rg"): "..........F..F"})
    assert _column(more, "cause") == ["fsfreeze-failed", "backup-in-progress"]
    assert _column(more, "failures") == [2, 1]
    tied = _fixes_of({("vm-a", "rg"): "...........FF.", ("vm-b", "rg"): "..........F..F"})
    assert _column(tied, "failures") == [2, 2]
    assert _column(tied, "longest_current_streak") == [1, 0]
    assert _column(tied, "cause") == ["fsfreeze-failed", "backup-in-progress"]


def test_data_without_a_complete_week_reports_the_week_it_ends_in_and_says_so() -> None:
    from analyzer.report.periods import data_period

    period, why = data_period((date(2026, 11, 24), date(2026, 11, 27)), "UTC", NOW)
    assert period.week == IsoWeek(2026, 48)
    assert why == (
        "the week the inputs end in (they cover 2026-11-24 to 2026-11-27, no complete week)"
    )


def test_week_partly_outside_the_data_warns() -> None:
    from analyzer.report.periods import outside_warning

    covered = (date(2026, 11, 2), date(2026, 11, 19))
    assert outside_warning(week_period(IsoWeek(2026, 47)), covered) == (
        "the inputs cover 2026-11-02 to 2026-11-19, only part of 2026-W47 (2026-11-16 to"
        " 2026-11-22)"
    )
    assert outside_warning(week_period(IsoWeek(2026, 46)), covered) is None


# --- the fleet view: unprotected now, week by week, templates ----------------------------


def test_unprotected_now_lists_failing_stale_and_silent_longest_first() -> None:
    report = case_report()
    rows = {r["vm"]: r for r in report.unprotected.iter_rows(named=True)}
    assert _column(report.unprotected, "vm") == [
        "lnx-db-02",  # 13 days without a success
        "lnx-gone-06",  # no job since W46's Friday: silent, not dropped
        "lnx-web-01",
        "win-web-07",
        "win-app-02",
    ]
    assert (rows["lnx-db-02"]["state"], rows["lnx-gone-06"]["state"]) == ("stale", "silent")
    assert rows["win-web-07"]["state"] == "failing"
    assert report.protection_as_of == datetime(2026, 11, 22, 23, 30, tzinfo=UTC)
    # A VM that never succeeded is the longest of all.
    never = {("vm-never", "rg"): "......FFFFFFFF", ("vm-ok", "rg"): ".............."}
    period = week_period(parse_week("2026-W47"))
    few = build_report(case_analysis(fleet=never), case_catalogue(), period=period, now=NOW)
    assert _column(few.unprotected, "vm") == ["vm-never"]
    assert few.unprotected["hours_since_success"][0] == 8 * 24


def test_stale_hours_decide_who_is_stale() -> None:
    period = week_period(parse_week("2026-W47"))
    lenient = build_report(
        case_analysis(), case_catalogue(), period=period, now=NOW, stale_hours=24 * 10
    )
    states = dict(lenient.unprotected.select("vm", "state").iter_rows())
    assert states["lnx-web-01"] == "failing"  # 6 days: within 10 days, the last one failed
    assert states["lnx-db-02"] == "stale"  # 13 days
    assert "lnx-gone-06" not in states  # its last job, 9 days ago, succeeded


def _weeks(rows: dict[date, tuple[int, int, int]]) -> pl.DataFrame:
    """Weekly totals (``analysis.weeks``): Monday -> jobs, failed, failing VMs."""
    return pl.DataFrame(
        [(monday, jobs, jobs, failed, vms) for monday, (jobs, failed, vms) in rows.items()],
        schema=WEEK_TOTALS_SCHEMA,
        orient="row",
    )


def test_a_week_without_jobs_is_no_data_in_the_trend_not_zero_failures() -> None:
    from analyzer.report.figures_fleet import trend

    period = week_period(parse_week("2026-W47"))
    weeks = _weeks({date(2026, 11, 2): (70, 7, 2), date(2026, 11, 16): (70, 0, 0)})
    rows = trend(weeks, period, (date(2026, 11, 4), date(2026, 11, 22)), 12)
    assert _column(rows, "iso_week") == ["2026-W45", "2026-W46", "2026-W47"]
    assert _column(rows, "has_data") == [True, False, True]
    assert _column(rows, "failed") == [7, None, 0]  # W46 holds no job: no figure at all
    assert _column(rows, "failure_rate") == [0.1, None, 0.0]
    assert _column(rows, "partial") == [True, False, False]  # the data begins on Wednesday
    assert _column(rows, "chosen") == [False, False, True]


def test_the_trend_keeps_the_last_twelve_weeks() -> None:
    from analyzer.report.figures_fleet import trend

    period = week_period(parse_week("2026-W47"))
    mondays = [date(2026, 11, 16) - timedelta(weeks=n) for n in range(20)]
    rows = trend(_weeks({m: (10, 1, 1) for m in mondays}), period, None, 12)
    assert rows.height == 12
    assert _column(rows, "iso_week")[0] == "2026-W36"


def test_top_templates_group_the_unclassified_messages() -> None:
    templates = case_report().templates
    assert _column(templates, "count") == [2, 1]
    assert _column(templates, "origin") == ["job", "job"]
    assert _column(templates, "template")[0] == (
        "Backup of item <quoted> failed: operation <guid> timed out after <num> seconds"
    )
