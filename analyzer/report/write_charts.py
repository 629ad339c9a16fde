"""The three report charts as static inline SVG.

- failures per day, stacked by likely cause, with a legend;
- top error codes as horizontal bars, this period next to the one before;
- the daily failure rate of this period against the one before (two lines).

Colours are fixed by sorted cause id among the causes shown, so the same input gives the
same picture; unclassified / cause-less / other failures are greys.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import polars as pl

from analyzer.render import numbers
from analyzer.render.words import Labels
from analyzer.report import write_svg as s
from analyzer.report.figures_fleet import NO_CAUSE
from analyzer.report.model import Report
from analyzer.report.page_cells import Cells
from analyzer.schema import UNCLASSIFIED

PALETTE = ("#3b6ea8", "#e07b39", "#3d9a6b", "#c8504f", "#8a6bbf", "#c9a227", "#4fa3b5", "#a0616a")
OTHER = "other"
GREYS = {NO_CAUSE: "#9aa3ab", UNCLASSIFIED: "#6b7580", OTHER: "#c3c9cf"}
CURRENT_INK = "#1f4e79"
PREVIOUS_INK = "#9aa3ab"
NAMED_CAUSES = len(PALETTE)
TOP_CODES = 8
LEGEND_LINES = 2
LEGEND_LINE_H = 15.0
LEGEND_GAP = 8.0
WEEK = 7
DAY_LABEL_PX = 78.0  # room a "Mon 16 Nov" label needs
WEEKDAY_LABEL_PX = 34.0
MIN_VALUE_SLOT = 24.0  # narrower bars get no total above them


@dataclass(frozen=True)
class Series:
    """One stacked series: a cause (or a grey catch-all), its label, colour and total."""

    key: str
    label: str
    colour: str
    total: int


def _series(daily_causes: pl.DataFrame, cells: Cells) -> list[Series]:
    totals = (
        daily_causes.group_by("cause")
        .agg(pl.col("failures").sum(), pl.col("cause_title").first())
        .sort(["failures", "cause"], descending=[True, False])
    )
    named = totals.filter(~pl.col("cause").is_in(list(GREYS))).head(NAMED_CAUSES)
    colour_of = {cause: PALETTE[i] for i, cause in enumerate(sorted(named["cause"].to_list()))}
    series = [
        Series(
            r["cause"],
            cells.cause_text(r["cause_title"], r["cause"], None),
            colour_of[r["cause"]],
            int(r["failures"]),
        )
        for r in named.iter_rows(named=True)
    ]
    rest = totals.filter(~pl.col("cause").is_in(list(colour_of)))
    for grey in (NO_CAUSE, UNCLASSIFIED):
        total = int(rest.filter(pl.col("cause") == grey)["failures"].sum())
        if total:
            series.append(Series(grey, cells.cause_text(None, grey, None), GREYS[grey], total))
    other = int(rest.filter(~pl.col("cause").is_in(list(GREYS)))["failures"].sum())
    if other:
        series.append(Series(OTHER, cells.cause_text(None, OTHER, None), GREYS[OTHER], other))
    return series


def _grouped(daily_causes: pl.DataFrame, series: list[Series]) -> dict[tuple[date, str], int]:
    named = {x.key for x in series} - {OTHER}
    keyed = (
        daily_causes.with_columns(
            pl.when(pl.col("cause").is_in(list(named)))
            .then(pl.col("cause"))
            .otherwise(pl.lit(OTHER))
            .alias("cause")
        )
        .group_by("day", "cause")
        .agg(pl.col("failures").sum())
    )
    return {(r["day"], r["cause"]): r["failures"] for r in keyed.iter_rows(named=True)}


def causes_chart(report: Report, cells: Cells) -> str:
    """Failed jobs per day, stacked by likely cause, legend on the right."""
    t, lang = cells.t, cells.lang
    width, plot_w, top, plot_h, left = 1100.0, 600.0, 28.0, 230.0, 40.0
    series = _series(report.daily_causes, cells)
    body = [s.text(0, 16, t("chart_causes"), weight="600", size=13)]
    if not series:
        body.append(s.text(left, top + 40, t("chart_empty"), fill=s.MUTED))
        return s.svg(width, 90, t("chart_causes"), body)
    days = report.period.current_days()
    counts = _grouped(report.daily_causes, series)
    totals = [sum(counts.get((d, x.key), 0) for x in series) for d in days]
    scale = _axis(body, left, top, plot_w, plot_h, max(totals), lang)
    slot = plot_w / len(days)
    for i, day in enumerate(days):
        x = left + slot * i + slot * 0.2
        bar_top = _stack(body, series, counts, day, (x, top + plot_h, slot * 0.6, scale), lang)
        if totals[i] and slot >= MIN_VALUE_SLOT:
            body.append(
                s.text(
                    x + slot * 0.3,
                    bar_top - 5,
                    numbers.integer(totals[i], lang),
                    anchor="middle",
                    weight="600",
                )
            )
        if i % _label_every(slot, DAY_LABEL_PX) == 0:
            body.append(
                s.text(
                    x + slot * 0.3,
                    top + plot_h + 18,
                    _day_label(day, len(days), lang),
                    anchor="middle",
                    fill=s.MUTED,
                )
            )
    legend_x = left + plot_w + 40
    legend_h = _legend(body, series, legend_x, top, width - legend_x, lang)
    return s.svg(width, max(top + plot_h + 40, top + legend_h + 10), t("chart_causes"), body)


def _stack(
    body: list[str],
    series: list[Series],
    counts: dict[tuple[date, str], int],
    day: date,
    box: tuple[float, float, float, float],
    lang: str,
) -> float:
    """One day's bar, bottom up in series order; returns the y of its top."""
    x, y, bar_w, scale = box
    for item in series:
        n = counts.get((day, item.key), 0)
        if n:
            tip = f"{numbers.day(day, lang)} · {item.label}: {n}"
            body.append(s.rect(x, y - n * scale, bar_w, n * scale, item.colour, tip))
            y -= n * scale
    return y


def _label_every(slot: float, needed: float) -> int:
    """Label every n-th day so that labels do not overlap."""
    return max(1, math.ceil(needed / slot))


def _day_label(day: date, days: int, lang: str) -> str:
    return numbers.day(day, lang) if days <= WEEK else numbers.short_day(day, lang)


def _axis(
    body: list[str],
    left: float,
    top: float,
    width: float,
    height: float,
    highest: float,
    lang: str,
    percent: bool = False,
) -> float:
    """Horizontal grid lines with labels; returns pixels per unit."""
    values = s.ticks(highest, 4, whole=not percent)
    scale = height / values[-1]
    for value in values:
        y = top + height - value * scale
        body.append(s.line(left, y, left + width, y))
        label = numbers.percent(value, lang, 0) if percent else numbers.integer(value, lang)
        body.append(s.text(left - 6, y + 4, label, anchor="end", fill=s.MUTED, size=11))
    return scale


def _legend(
    body: list[str], series: list[Series], x: float, y: float, width: float, lang: str
) -> float:
    """Swatch, label (up to two lines) and total per series; returns the height used."""
    row_y = y + 10
    for item in series:
        body.append(s.rect(x, row_y - 10, 12, 12, item.colour))
        count = numbers.integer(item.total, lang)
        lines = s.wrap(item.label, width - 70, LEGEND_LINES)
        for n, line in enumerate(lines):
            body.append(s.text(x + 20, row_y + LEGEND_LINE_H * n, line))
        body.append(s.text(x + width - 4, row_y, count, anchor="end", weight="600"))
        row_y += LEGEND_LINE_H * len(lines) + LEGEND_GAP
    return row_y - y


def codes_chart(report: Report, cells: Cells) -> str:
    """Top error codes: this period (dark bar) and the one before (grey bar)."""
    t, lang = cells.t, cells.lang
    rows = report.top_codes.head(TOP_CODES)
    width, label_w, top, row_h = 540.0, 270.0, 46.0, 30.0
    body = [s.text(0, 16, t("chart_codes"), weight="600", size=13)]
    if rows.height == 0:
        body.append(s.text(0, 50, t("chart_empty"), fill=s.MUTED))
        return s.svg(width, 70, t("chart_codes"), body)
    _pair_legend(body, t, 0, 34)
    highest = max(rows["current"].max() or 0, rows["previous"].max() or 0, 1)
    scale = (width - label_w - 40) / float(highest)  # type: ignore[arg-type]
    for i, row in enumerate(rows.iter_rows(named=True)):
        y = top + row_h * i
        label = row["code"] if row["code"] != UNCLASSIFIED else cells.t("code_unclassified")
        body.append(
            s.text(label_w - 8, y + 13, s.fit(label, label_w - 10, 11), anchor="end", size=11)
        )
        body.append(
            s.rect(
                label_w,
                y + 2,
                row["current"] * scale,
                12,
                CURRENT_INK,
                f"{label}: {row['current']}",
            )
        )
        if row["previous"] is not None:  # None: no data for the period before
            body.append(
                s.rect(
                    label_w,
                    y + 16,
                    row["previous"] * scale,
                    6,
                    PREVIOUS_INK,
                    f"{label}: {row['previous']}",
                )
            )
        body.append(
            s.text(
                label_w + row["current"] * scale + 5,
                y + 13,
                numbers.integer(row["current"], lang),
                size=11,
                weight="600",
            )
        )
    return s.svg(width, top + row_h * rows.height + 4, t("chart_codes"), body)


def _pair_legend(body: list[str], t: Labels, x: float, y: float) -> None:
    this, prev = t("c_current"), t("c_previous")
    body.append(s.rect(x, y - 9, 12, 10, CURRENT_INK))
    body.append(s.text(x + 18, y, this, size=11))
    offset = x + 30 + len(this) * s.CHAR_WIDTH
    body.append(s.rect(offset, y - 7, 12, 6, PREVIOUS_INK))
    body.append(s.text(offset + 18, y, prev, size=11))


def rate_chart(report: Report, cells: Cells) -> str:
    """Daily failure rate this period (solid) and the period before (dashed)."""
    t, lang = cells.t, cells.lang
    daily = report.daily
    width, left, top, plot_w, plot_h = 540.0, 48.0, 46.0, 470.0, 190.0
    body = [s.text(0, 16, t("chart_rate"), weight="600", size=13)]
    _line_legend(body, t, 0, 34)
    rates = daily["failure_rate"].to_list() + daily["previous_failure_rate"].to_list()
    highest = max([r for r in rates if r is not None] + [0.05])
    scale = _axis(body, left, top, plot_w, plot_h, highest, lang, percent=True)
    slot = plot_w / max(daily.height, 1)
    xs = [left + slot * (i + 0.5) for i in range(daily.height)]
    dots: list[str] = []
    for prefix, ink, dash in (("previous_", PREVIOUS_INK, "6 4"), ("", CURRENT_INK, "")):
        lines, marks = _rate_line(daily, xs, (top + plot_h, scale), prefix, ink, dash, lang)
        body.extend(lines)
        dots.extend(marks)
    body.extend(dots)
    every = _label_every(slot, WEEKDAY_LABEL_PX if daily.height <= WEEK else DAY_LABEL_PX)
    for i, (x, day) in enumerate(zip(xs, daily["day"].to_list(), strict=True)):
        if i % every == 0:
            label = (
                numbers.day(day, lang).split(" ")[0]
                if daily.height <= WEEK
                else numbers.short_day(day, lang)
            )
            body.append(s.text(x, top + plot_h + 18, label, anchor="middle", fill=s.MUTED))
    return s.svg(width, top + plot_h + 28, t("chart_rate"), body)


def _rate_line(
    daily: pl.DataFrame,
    xs: list[float],
    frame: tuple[float, float],
    prefix: str,
    ink: str,
    dash: str,
    lang: str,
) -> tuple[list[str], list[str]]:
    """Line segments and point markers of one series; a day without finished jobs is a gap."""
    base, scale = frame
    segments: list[list[tuple[float, float]]] = [[]]
    marks: list[str] = []
    for x, row in zip(xs, daily.iter_rows(named=True), strict=True):
        value = row[f"{prefix}failure_rate"]
        if value is None:
            segments.append([])
            continue
        y = base - value * scale
        segments[-1].append((x, y))
        tip = (
            f"{numbers.day(row[f'{prefix}day'], lang)}: {numbers.percent(value, lang)}"
            f" ({row[f'{prefix}failed']}/{row[f'{prefix}finished']})"
        )
        marks.append(s.circle(x, y, ink, tip, hollow=bool(dash)))
    lines = [s.polyline(seg, ink, dash) for seg in segments if len(seg) > 1]
    return lines, marks


def _line_legend(body: list[str], t: Labels, x: float, y: float) -> None:
    this, prev = t("c_current"), t("c_previous")
    body.append(s.line(x, y - 4, x + 22, y - 4, CURRENT_INK, 2.5))
    body.append(s.text(x + 28, y, this, size=11))
    offset = x + 40 + len(this) * s.CHAR_WIDTH
    body.append(s.line(offset, y - 4, offset + 22, y - 4, PREVIOUS_INK, 2.5, "6 4"))
    body.append(s.text(offset + 28, y, prev, size=11))


def charts(report: Report, cells: Cells) -> tuple[str, str, str]:
    """The three charts, in page order."""
    return causes_chart(report, cells), codes_chart(report, cells), rate_chart(report, cells)
