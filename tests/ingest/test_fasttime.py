"""The fast ISO-8601 time reader gives exactly what the strptime layouts give.

``add_parsed_time`` reads canonical ISO text with ``add_iso_time`` when a file leads with an
ISO layout, and leaves all other text to the strptime chain. The oracle here is that chain
written out in full (every layout in order, first match wins, then the UTC-marker retry),
so any text the fast reader takes must come out as strptime would read it, and any text it
must not take (impossible dates, odd widths, junk) must still come out as before.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.ingest.times import TIME_FORMATS, add_iso_time, add_parsed_time, parse_with

ISO_LEADS = [fmt for fmt in TIME_FORMATS if fmt[0].startswith("%Y-%m-%d") and "%S" in fmt[0]]
UTC_MARKER = r"(?i)\s*[\[(]?\s*(utc|gmt)\s*[\])]?$"


def frame_of(values: list[str | None]) -> pl.LazyFrame:
    return pl.LazyFrame({"raw": values}, schema={"raw": pl.String})


def micros(times: pl.Series) -> list[Any]:
    """UTC times as microseconds since 1970 (Python's datetime stops short of year 0)."""
    assert times.dtype == pl.Datetime("us", "UTC")
    return times.dt.epoch("us").to_list()


def strptime_chain(values: list[str | None], formats: list[tuple[str, bool]]) -> list[Any]:
    """What add_parsed_time gives without the fast reader (no spreadsheet serials)."""
    raw = pl.col("raw")
    first = pl.coalesce([parse_with(raw, fmt, aware) for fmt, aware in formats])
    cleaned = raw.str.replace(UTC_MARKER, "")
    retry = pl.coalesce([parse_with(cleaned, fmt, aware) for fmt, aware in formats])
    return micros(frame_of(values).select(pl.coalesce(first, retry)).collect()["raw"])


def parsed(values: list[str | None], formats: list[tuple[str, bool]]) -> list[Any]:
    frame = add_parsed_time(frame_of(values), "raw", "out", formats)
    return micros(frame.collect(engine="streaming")["out"])


def iso_read(values: list[str | None]) -> list[Any]:
    return micros(add_iso_time(frame_of(values), "raw", "out").collect()["out"])


def epoch_micros(when: datetime) -> int:
    return (when - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)


def iso_leading(lead: tuple[str, bool]) -> list[tuple[str, bool]]:
    return [lead, *(fmt for fmt in TIME_FORMATS if fmt != lead)]


@st.composite
def iso_texts(draw: st.DrawFn) -> tuple[str, datetime | None]:
    """Canonical ISO text and the UTC time it names (None when out of Python's range)."""
    when = draw(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)))
    fraction = draw(st.text("0123456789", min_size=0, max_size=9))
    separator = draw(st.sampled_from("T "))
    zone_minutes = draw(
        st.one_of(
            st.none(),
            st.sampled_from([0, 120, -330]),
            st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59),
        )
    )
    zone = draw(st.sampled_from(["Z", "+00:00"])) if zone_minutes == 0 else ""
    if zone_minutes:
        sign = "-" if zone_minutes < 0 else "+"
        zone = f"{sign}{abs(zone_minutes) // 60:02d}:{abs(zone_minutes) % 60:02d}"
    stamp = f"{when.year:04d}-{when:%m-%d}{separator}{when:%H:%M:%S}"
    text = stamp + (f".{fraction}" if fraction else "") + zone
    micros = int(fraction[:6].ljust(6, "0"))
    naive = when.replace(microsecond=0) + timedelta(microseconds=micros)
    try:
        utc = (naive - timedelta(minutes=zone_minutes or 0)).replace(tzinfo=UTC)
    except OverflowError:
        utc = None
    return text, utc


# Characters that make near-ISO text wrong in every way strptime cares about: signs,
# whitespace, a lower-case zone, non-ASCII digits, separators in the wrong place.
NOISE = "0123456789-:T .Z+z\t\u0663\uff12/"


@st.composite
def near_iso_texts(draw: st.DrawFn) -> str:
    """Canonical ISO text with a few characters replaced, removed, added or cut off."""
    chars = list(draw(iso_texts())[0])
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        at = draw(st.integers(min_value=0, max_value=len(chars)))
        edit = draw(st.sampled_from(["replace", "delete", "insert", "cut"]))
        if edit == "insert":
            chars.insert(at, draw(st.sampled_from(NOISE)))
        elif edit == "cut":
            chars = chars[:at]
        elif at < len(chars) and edit == "replace":
            chars[at] = draw(st.sampled_from(NOISE))
        elif at < len(chars):
            del chars[at]
    return "".join(chars)


# Right layout, impossible or unusual field values: each must be left to strptime.
ODD_FIELDS = st.builds(
    "{:04d}-{:02d}-{:02d}{}{:02d}:{:02d}:{:02d}".format,
    st.integers(min_value=0, max_value=9999),
    st.integers(min_value=0, max_value=13),
    st.integers(min_value=0, max_value=32),
    st.sampled_from("T "),
    st.integers(min_value=0, max_value=25),
    st.integers(min_value=0, max_value=60),
    st.integers(min_value=0, max_value=61),
)
ODD_FRACTIONS = st.sampled_from(["", ".5", ".1234567891", ".", ".-5", "..5", ".5.5"])
ODD_ZONES = st.sampled_from(
    ["", "Z", "z", "+24:00", "-02:60", "+0200", "+02", " UTC", " Z", "ZZ", "+02:00Z", "+2:00"]
)


@st.composite
def odd_suffix_texts(draw: st.DrawFn) -> str:
    """A valid or odd date and time, then an odd fraction and zone."""
    stamp = draw(st.one_of(ODD_FIELDS, iso_texts().map(lambda case: case[0][:19])))
    return stamp + draw(ODD_FRACTIONS) + draw(ODD_ZONES)


@settings(max_examples=60, deadline=None)
@given(st.lists(iso_texts(), min_size=1, max_size=30), st.sampled_from(ISO_LEADS))
def test_fast_reader_equals_strptime_on_canonical_iso(
    cases: list[tuple[str, datetime | None]], lead: tuple[str, bool]
) -> None:
    texts: list[str | None] = [text for text, _ in cases]
    order = iso_leading(lead)
    expected = strptime_chain(texts, order)
    assert None not in expected
    assert iso_read(texts) == expected
    assert parsed(texts, order) == expected
    known = [(got, utc) for got, (_, utc) in zip(expected, cases, strict=True) if utc is not None]
    assert all(got == epoch_micros(utc) for got, utc in known)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.one_of(near_iso_texts(), odd_suffix_texts()), min_size=1, max_size=30),
    st.sampled_from(ISO_LEADS),
)
def test_malformed_near_iso_reads_as_before(texts: list[str], lead: tuple[str, bool]) -> None:
    order = iso_leading(lead)
    column: list[str | None] = list(texts)
    assert parsed(column, order) == strptime_chain(column, order)


@pytest.mark.parametrize(
    "text",
    [
        "2026-13-01T00:00:00Z",  # month 13
        "2026-02-30T00:00:00Z",  # 30 February
        "2025-02-29 00:00:00",  # not a leap year
        "2026-11-17T25:00:00Z",  # hour 25
        "2026-11-17T22:61:00Z",  # minute 61
        "2026-11-17T22:05:31+24:00",  # offset of a whole day
        "2026-11-17T22:05:31x",  # junk after the time
        "2026-11-17T22:05:31.",  # a dot without digits
        "2026-11-17t22:05:31Z",  # lower-case separator
        "2026-1-17T22:05:31Z",  # short month
    ],
)
def test_fast_reader_leaves_other_text_alone(text: str) -> None:
    assert iso_read([text]) == [None]
    assert parsed([text], list(TIME_FORMATS)) == strptime_chain([text], list(TIME_FORMATS))


def test_offsets_and_fractions_are_applied() -> None:
    texts = [
        "2026-11-17T22:05:31.1234567+02:00",
        "2026-11-17 22:05:31-05:30",
        "2026-11-17T22:05:31.5",
        "1969-12-31T23:59:59.9999999Z",
        "2026-11-17T22:05:31.123456789Z",
        None,
    ]
    expected = [
        datetime(2026, 11, 17, 20, 5, 31, 123456, tzinfo=UTC),
        datetime(2026, 11, 18, 3, 35, 31, tzinfo=UTC),
        datetime(2026, 11, 17, 22, 5, 31, 500000, tzinfo=UTC),
        datetime(1969, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
        datetime(2026, 11, 17, 22, 5, 31, 123456, tzinfo=UTC),
    ]
    assert iso_read(texts) == [*map(epoch_micros, expected), None]
