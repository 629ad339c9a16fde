"""The shared parsing expressions: durations, statuses, operations, times, codes, headers."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.ingest.headers import Columns, fold, header_keys
from analyzer.ingest.normalize import (
    NO_CODE_WORDS,
    STAGE_SCHEMA,
    USUAL_NO_CODES,
    StageInfo,
    duration_expr,
    finish,
    operation_expr,
    status_expr,
    time_orders,
)
from analyzer.ingest.times import TIME_FORMATS, add_parsed_time
from analyzer.schema import INGESTED_SCHEMA, STATUSES


def order_time_formats(sample: pl.Series) -> list[tuple[str, bool]]:
    """TIME_FORMATS ranked for ``sample`` as the start times of a staged table."""
    staged = pl.LazyFrame({"start": sample}, schema={"start": pl.String})
    return time_orders(staged)["start"]


def apply(expr: pl.Expr, values: list[str | None]) -> list[Any]:
    return pl.DataFrame({"v": values}, schema={"v": pl.String}).select(expr).to_series().to_list()


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("PT12.4272909S", 12.4272909),  # REST, ISO-8601
        ("PT1H2M3S", 3723.0),
        ("P1DT2H", 93600.0),
        ("PT0S", 0.0),
        ("pt5m", 300.0),
        ("00:20:23.0896697", 1223.0896697),  # .NET TimeSpan
        ("1.02:03:04.5000000", 93784.5),  # TimeSpan with days
        ("0:00:29.718011", 29.718011),  # Python timedelta (az CLI)
        ("1 day, 0:00:01", 86401.0),
        ("2 days, 3:00:00", 183600.0),
        ("95", 95.0),  # bare seconds
        ("12.5", 12.5),
    ],
)
def test_text_durations(text: str, seconds: float) -> None:
    assert apply(duration_expr(pl.col("v"), "text"), [text]) == [pytest.approx(seconds)]


@pytest.mark.parametrize("text", ["P", "PT", "abc", "12:xx:00", "1:2", "-5", ""])
def test_bad_text_durations_are_null(text: str) -> None:
    assert apply(duration_expr(pl.col("v"), "text"), [text]) == [None]


def test_seconds_and_hours_units() -> None:
    assert apply(duration_expr(pl.col("v"), "seconds"), ["1202.5", "x"]) == [1202.5, None]
    assert apply(duration_expr(pl.col("v"), "hours"), ["0.25", "1,5"]) == [900.0, 5400.0]


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("Completed", "Completed"),
        ("Succeeded", "Completed"),
        ("completed with information", "Completed"),
        ("CompletedWithWarnings", "CompletedWithWarnings"),
        ("Completed with warnings", "CompletedWithWarnings"),
        ("FAILED", "Failed"),
        ("InProgress", "InProgress"),
        ("In progress", "InProgress"),
        ("in_progress", "InProgress"),
        ("Canceled", "Cancelled"),
        ("Cancelled", "Cancelled"),
        ("Cancelling", "Cancelling"),
        ("Misslyckades", "Failed"),
        ("Slutförd", "Completed"),
        ("Pågår", "InProgress"),
    ],
)
def test_statuses(word: str, status: str) -> None:
    assert apply(status_expr(pl.col("v")), [word]) == [status]
    assert status in STATUSES


@pytest.mark.parametrize("word", ["Exploded", "Invalid", "", "Complete d x"])
def test_unknown_status_is_null(word: str) -> None:
    assert apply(status_expr(pl.col("v")), [word]) == [None]


def test_operations_are_canonical_or_kept() -> None:
    words: list[str | None] = ["Backup", "Configure backup", "Recovery", "CrossRegionRestore"]
    words.append("Rehydrate")
    assert apply(operation_expr(pl.col("v")), words) == [
        "Backup",
        "ConfigureBackup",
        "Restore",
        "CrossRegionRestore",
        "Rehydrate",
    ]


def parse_times(values: list[str | None], *, excel: bool = False) -> list[Any]:
    frame = pl.LazyFrame({"raw": values}, schema={"raw": pl.String})
    order = order_time_formats(pl.Series(values, dtype=pl.String))
    parsed = add_parsed_time(frame, "raw", "out", order, excel_serial=excel)
    return parsed.collect()["out"].to_list()


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc, arg-type]


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("2026-11-17T22:05:31.1234567Z", datetime(2026, 11, 17, 22, 5, 31, 123456, tzinfo=UTC)),
        ("2020-01-13T08:05:29.180606+00:00", datetime(2020, 1, 13, 8, 5, 29, 180606, tzinfo=UTC)),
        ("2026-11-17T22:05:31+01:00", utc(2026, 11, 17, 21, 5, 31)),
        ("2026-11-17T22:05:31", utc(2026, 11, 17, 22, 5, 31)),  # naive = UTC
        ("2016-04-23 17:00:30", utc(2016, 4, 23, 17, 0, 30)),  # sv-SE
        ("4/23/2016 5:00:30 PM", utc(2016, 4, 23, 17, 0, 30)),  # en-US
        ("12/1/2026 12:00:00 AM", utc(2026, 12, 1)),
        ("11/17/2026, 10:05:31.123 PM", datetime(2026, 11, 17, 22, 5, 31, 123000, tzinfo=UTC)),
        ("23.04.2016 17:00:30", utc(2016, 4, 23, 17, 0, 30)),  # de-DE
        ("23/04/2016 17:00:30", utc(2016, 4, 23, 17, 0, 30)),  # en-GB
        ("2026-11-17 22:05:31 UTC", utc(2026, 11, 17, 22, 5, 31)),
        ("2026-11-17 22:05", utc(2026, 11, 17, 22, 5)),
    ],
)
def test_time_layouts_to_utc(text: str, when: datetime) -> None:
    assert parse_times([text]) == [when]


@pytest.mark.parametrize("text", ["31/31/2026", "2026-11-31 22:14:05", "yesterday", "46343.9"])
def test_unparseable_times_are_null(text: str) -> None:
    assert parse_times([text]) == [None]


def test_excel_serials_only_where_allowed() -> None:
    assert parse_times(["46343.9375"], excel=True) == [utc(2026, 11, 17, 22, 30)]


def test_ambiguous_slash_dates_follow_the_file() -> None:
    # 24-hour slash dates are day-first unless the file shows otherwise.
    assert parse_times(["05/11/2026 22:00:00"]) == [utc(2026, 11, 5, 22)]
    month_first = parse_times(["11/17/2026 22:00:00", "11/05/2026 22:00:00"])
    assert month_first == [utc(2026, 11, 17, 22), utc(2026, 11, 5, 22)]


def test_format_order_puts_the_sample_layout_first() -> None:
    order = order_time_formats(pl.Series(["4/23/2016 5:00:30 PM", "4/24/2016 5:00:30 PM"]))
    assert order[0] == ("%m/%d/%Y %I:%M:%S%.f %p", False)
    assert sorted(order) == sorted(TIME_FORMATS)


def staged(**columns: list[Any]) -> pl.LazyFrame:
    n = len(next(iter(columns.values())))
    data = {"source_row": list(range(1, n + 1)), **columns}
    return pl.LazyFrame(data, schema={k: STAGE_SCHEMA[k] for k in data})


def test_finish_gives_exactly_the_ingested_schema() -> None:
    frame = finish(
        staged(vm=["a"], status=["Completed"], start=["2026-11-17T22:00:00Z"]),
        StageInfo("f.csv", "la-addon-csv"),
    ).collect()
    assert frame.schema == pl.Schema(INGESTED_SCHEMA)
    assert frame.row(0, named=True)["reject_reason"] is None
    assert frame.row(0, named=True)["source"] == "f.csv"


def test_reject_reasons_name_every_problem() -> None:
    frame = finish(
        staged(
            vm=[None, " ", "vm1", "vm1"],
            status=["Completed", "Completed", "Exploded", None],
            start=["2026-11-17T22:00:00Z", None, "31/31/2026", "2026-11-17T22:00:00Z"],
            end=[None, None, None, "soon"],
            duration=[None, None, "abc", None],
        ),
        StageInfo("f.csv", "powershell-csv"),
    ).collect()
    assert frame["reject_reason"].to_list() == [
        "missing VM name",
        "missing VM name; missing start time",
        "unknown status 'Exploded'; unparseable start time '31/31/2026';"
        " unparseable duration 'abc'",
        "missing status; unparseable end time 'soon'",
    ]


def test_reader_reason_wins_and_long_values_are_shortened() -> None:
    long_status = "x" * 100
    frame = finish(
        staged(
            vm=["a", "a"],
            status=["Completed", long_status],
            start=["2026-11-17T22:00:00Z"] * 2,
            pre_reject=["row has 3 fields", None],
        ),
        StageInfo("f.csv", "la-addon-csv"),
    ).collect()
    assert frame["reject_reason"][0] == "row has 3 fields"
    assert frame["reject_reason"][1] == "unknown status '" + "x" * 57 + "...'"


def test_error_codes_and_numbers() -> None:
    frame = finish(
        staged(
            vm=["a"] * 6,
            status=["Failed"] * 6,
            start=["2026-11-17T22:00:00Z"] * 6,
            error_code=["Success", "UserErrorX", "320001", "System.Object[]", "0", None],
            error_number=[None, None, None, None, None, "400094"],
            error_message=[None, "m", None, "System.Object[]", None, None],
        ),
        StageInfo("f.csv", "powershell-csv"),
    ).collect()
    assert frame["error_code"].to_list() == [None, "UserErrorX", None, None, None, None]
    assert frame["error_number"].to_list() == [None, None, 320001, None, None, 400094]
    assert frame["error_message"].to_list() == [None, "m", None, None, None, None]


def expected_code(text: str | None) -> tuple[str | None, int | None]:
    """The error code and number a staged code gives, by the rules spelled out longhand."""
    code = text.strip() if text is not None else None
    if not code:
        return None, None
    folded = re.sub("[^a-z0-9]", "", code.lower())
    numeric = re.fullmatch(r"-?\d+", code) is not None
    meaningless = folded in NO_CODE_WORDS or code.startswith("System.")
    as_int = int(code) if re.fullmatch("-?[0-9]+", code) else None
    number = as_int if as_int is not None and as_int != 0 and abs(as_int) < 2**63 else None
    return (None if meaningless or numeric else code), number


# Letters of the no-code words in both cases, digits (one Arabic-Indic), separators, and
# characters whose lower case is (or is not) ASCII: Kelvin sign, dotted I, long s.
CODE_CHARS = "SsUuCcEeNnOoLlAaXx0123456789 -_/.\u212a\u0130\u017f\u00e9\u2014\u0663"
NAMED_CODES = ["None", "SUCCESS", " N/A ", "System.Object[]", "-0", "00", "n.a.n", "-", "\u2014"]
codes = st.one_of(
    st.none(),
    st.sampled_from([*USUAL_NO_CODES, *NAMED_CODES, "\u212a", "\u0663"]),
    st.text(CODE_CHARS, max_size=10),
    st.text(CODE_CHARS, max_size=6).map(lambda tail: "System." + tail),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(codes, min_size=1, max_size=25))
def test_error_codes_follow_the_folding_rules(raw_codes: list[str | None]) -> None:
    n = len(raw_codes)
    frame = finish(
        staged(
            vm=["a"] * n,
            status=["Failed"] * n,
            start=["2026-11-17T22:00:00Z"] * n,
            error_code=raw_codes,
        ),
        StageInfo("f.csv", "la-addon-csv"),
    ).collect(engine="streaming")
    got = list(zip(frame["error_code"].to_list(), frame["error_number"].to_list(), strict=True))
    assert got == [expected_code(code) for code in raw_codes]


def test_usual_no_codes_are_no_codes() -> None:
    assert all(expected_code(code) == (None, None) for code in USUAL_NO_CODES)


def test_text_is_stripped_and_blank_text_is_null() -> None:
    frame = finish(
        staged(
            vm=["  vm1 ", "vm2"],
            status=[" Completed", "Completed"],
            start=[" 2026-11-17T22:00:00Z\t", "2026-11-17T22:00:00Z"],
            job_id=[" ABC-1 ", "  "],
            error_message=["\u00a0m ", "\t"],
        ),
        StageInfo("f.csv", "la-addon-csv"),
    ).collect()
    assert frame["vm"].to_list() == ["vm1", "vm2"]
    assert frame["start_time"].to_list() == [utc(2026, 11, 17, 22)] * 2
    assert frame["job_id"].to_list() == ["abc-1", None]
    assert frame["error_message"].to_list() == ["m", None]
    assert frame["reject_reason"].to_list() == [None, None]


def test_end_and_duration_fill_each_other() -> None:
    frame = finish(
        staged(
            vm=["a", "a", "a"],
            status=["Completed", "Completed", "InProgress"],
            start=["2026-11-17T22:00:00Z"] * 3,
            end=[None, "2026-11-17T22:10:00Z", None],
            duration=["PT60S", None, "PT30S"],
        ),
        StageInfo("f.json", "rest-json"),
    ).collect()
    assert frame["end_time"].to_list() == [
        utc(2026, 11, 17, 22, 1),
        utc(2026, 11, 17, 22, 10),
        None,
    ]
    assert frame["duration_s"].to_list() == [60.0, 600.0, 30.0]


def test_header_folding() -> None:
    assert fold("JobStartDateTime [UTC]") == "jobstartdatetime"
    assert fold("Job Start Time (UTC)") == "jobstarttime"
    assert fold("\ufeffTimeGenerated") == "timegenerated"
    assert fold("JobStatus_s") == "jobstatus_s"
    assert fold("Job Duration (Hours)") == "jobdurationhours"
    assert header_keys(["A", "a", "", "B"]) == ["a", "a#2", "col3", "b"]


def test_columns_pick_the_first_present() -> None:
    cols = Columns(["b", "c"])
    frame = pl.DataFrame({"b": [None, "b1"], "c": ["c0", "c1"]})
    assert frame.select(cols.pick("a", "b", "c")).to_series().to_list() == ["c0", "b1"]
    assert frame.with_columns(cols.pick("z").alias("z"))["z"].to_list() == [None, None]
