"""The week-by-week chart of the report's trend section, as static inline SVG.

One bar per ISO week: its failed jobs, the chosen week dark, the weeks before lighter,
a partly covered week paler still. A week without any job gets no bar but a dashed
outline and "no data", so it cannot be read as a week without failures.
"""

from __future__ import annotations

from html import escape

from analyzer.render import numbers
from analyzer.report import write_svg as s
from analyzer.report.model import Report
from analyzer.report.page_cells import Cells
from analyzer.report.write_charts import CURRENT_INK

EARLIER_INK = "#7fa3c8"
PARTIAL_INK = "#c4d5e6"
NO_DATA_INK = "#aab3bb"
WIDTH, LEFT, TOP, PLOT_H = 540.0, 40.0, 34.0, 140.0


def trend_chart(report: Report, cells: Cells) -> str:
    """Failed jobs per ISO week, oldest left."""
    t, lang = cells.t, cells.lang
    rows = list(report.trend.iter_rows(named=True))
    title = t("chart_trend")
    body = [s.text(0, 16, title, weight="600", size=13)]
    if not rows:
        body.append(s.text(LEFT, TOP + 30, t("chart_empty"), fill=s.MUTED))
        return s.svg(WIDTH, 70, title, body, small=True)
    highest = max([row["failed"] or 0 for row in rows] + [1])
    values = s.ticks(highest, 4)
    scale = PLOT_H / values[-1]
    base = TOP + PLOT_H
    for value in values:
        y = base - value * scale
        body.append(s.line(LEFT, y, WIDTH, y))
        body.append(s.text(LEFT - 6, y + 4, numbers.integer(value, lang), anchor="end", size=11))
    slot = (WIDTH - LEFT) / len(rows)
    for i, row in enumerate(rows):
        x, bar_w = LEFT + slot * i + slot * 0.2, slot * 0.6
        week = row["iso_week"]
        label = week.split("-")[1]
        body.append(s.text(x + bar_w / 2, base + 16, label, anchor="middle", fill=s.MUTED, size=11))
        if not row["has_data"]:
            tip = f"{week}: {t('trend_no_data')}"
            body.append(_no_data(x, base, bar_w, tip))
            continue
        failed = row["failed"]
        rate = numbers.percent(row["failure_rate"], lang)
        tip = f"{week}: {numbers.integer(failed, lang)} · {rate}"
        if row["partial"]:
            tip += f" ({t('trend_partial')})"
        ink = CURRENT_INK if row["chosen"] else PARTIAL_INK if row["partial"] else EARLIER_INK
        body.append(s.rect(x, base - failed * scale, bar_w, failed * scale, ink, tip))
        body.append(
            s.text(
                x + bar_w / 2,
                base - failed * scale - 4,
                numbers.integer(failed, lang),
                anchor="middle",
                size=11,
                weight="600",
            )
        )
    return s.svg(WIDTH, base + 26, title, body, small=True)


def _no_data(x: float, base: float, width: float, tip: str) -> str:
    """A dashed outline where the bar would be, titled "no data"."""
    height = 24.0
    return (
        f"<g><title>{escape(tip)}</title>"
        f'<rect x="{s.num(x)}" y="{s.num(base - height)}" width="{s.num(width)}"'
        f' height="{s.num(height)}" fill="none" stroke="{NO_DATA_INK}" stroke-dasharray="3 3"/>'
        f"{s.text(x + width / 2, base - height / 2 + 4, '–', anchor='middle', fill=s.MUTED)}</g>"
    )
