"""The page's building blocks: Cell, Column and Table, and the kinds of column
(``Cells``: counts, shares, changes, days, causes, fixes ...) in the report's words.

A Column turns a row of a report frame into a Cell that carries both the text the
HTML and Markdown show and the typed value the XLSX sheet stores, so the three
formats cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import polars as pl

from analyzer.render import numbers
from analyzer.render.words import Labels
from analyzer.schema import UNCLASSIFIED

Row = Mapping[str, Any]


@dataclass(frozen=True)
class Cell:
    """One table cell: display text, typed value, and how to show it."""

    text: str
    value: object = None  # what the XLSX cell holds (None: empty)
    href: str | None = None
    tone: str = ""  # worse | better | muted | strong
    steps: tuple[str, ...] = ()  # fix steps, shown as a list in HTML


@dataclass(frozen=True)
class Column:
    """A column: header, whether it is numeric, and how a row becomes a cell."""

    label: str
    cell: Callable[[Row], Cell]
    numeric: bool = False
    sheet_label: str = ""  # header in the XLSX sheet when it differs (units)
    wide: bool = False  # long text (fixes, messages)
    kind: str = ""  # name | code | time: how HTML lets the text wrap
    sheet_only: bool = False  # only in the workbook (HTML/Markdown link the text instead)


@dataclass(frozen=True)
class Table:
    """A rendered-ready table."""

    key: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    title: str = ""
    note: str = ""
    limit: int | None = None  # HTML and Markdown show this many rows (the workbook all)
    overflow: str = ""  # said under a table cut to ``limit`` rows

    @property
    def truncated(self) -> bool:
        return self.limit is not None and len(self.rows) > self.limit

    @property
    def headers(self) -> list[str]:
        """Headers of the columns HTML and Markdown show."""
        return [c.label for c in self.columns if not c.sheet_only]

    def shown(self) -> tuple[tuple[Column, ...], tuple[tuple[Cell, ...], ...]]:
        """Columns and rows without the workbook-only columns."""
        keep = [i for i, c in enumerate(self.columns) if not c.sheet_only]
        rows = tuple(tuple(row[i] for i in keep) for row in self.rows[: self.limit])
        return tuple(self.columns[i] for i in keep), rows


def make_table(
    key: str, columns: Sequence[Column], frame: pl.DataFrame, title: str = "", note: str = ""
) -> Table:
    """Apply the columns to every row of a (small) report frame."""
    rows = tuple(tuple(c.cell(row) for c in columns) for row in frame.iter_rows(named=True))
    return Table(key, tuple(columns), rows, title, note)


@dataclass(frozen=True)
class Cells:
    """Cell factories for one report language and time zone."""

    t: Labels
    tz: str

    @property
    def lang(self) -> str:
        return self.t.lang

    def text(self, label: str, key: str, wide: bool = False, kind: str = "") -> Column:
        def cell(row: Row) -> Cell:
            value = row.get(key)
            return Cell(numbers.DASH if value in (None, "") else str(value), value or None)

        return Column(label, cell, wide=wide, kind=kind)

    def name(self, label: str, key: str) -> Column:
        """A VM or resource-group name (kept on one line)."""
        return self.text(label, key, kind="name")

    def code(self, label: str, key: str, link: str = "") -> Column:
        """An error code (may wrap between its words), linked to ``link`` when set."""

        def cell(row: Row) -> Cell:
            value = row.get(key)
            if value == UNCLASSIFIED:  # not a real code: say it in the report's language
                text = self.t("code_unclassified")
                return Cell(text, text, tone="muted")
            if row.get(f"{key}_known") is False:  # exported, but not in the catalogue
                return Cell(value or numbers.DASH, value or None, tone="muted")
            return Cell(value or numbers.DASH, value or None, href=row.get(link) if link else None)

        return Column(label, cell, kind="code")

    def count(self, label: str, key: str, strong: bool = False) -> Column:
        def cell(row: Row) -> Cell:
            value = row.get(key)
            return Cell(numbers.integer(value, self.lang), value, tone="strong" if strong else "")

        return Column(label, cell, numeric=True)

    def pct(self, label: str, key: str) -> Column:
        def cell(row: Row) -> Cell:
            value = row.get(key)
            return Cell(numbers.percent(value, self.lang), numbers.percent_number(value))

        return Column(label, cell, numeric=True, sheet_label=f"{label} (%)")

    def change(self, label: str, current: str, previous: str) -> Column:
        """Change of a failure count: up is worse; ``new`` when there were none before."""

        def cell(row: Row) -> Cell:
            if row.get(previous) is None and previous in row:
                return Cell(numbers.DASH, None)  # no data for the period before
            now, before = row.get(current) or 0, row.get(previous) or 0
            if before == 0 and now > 0:
                return Cell(self.t("trend_new"), now - before, tone="worse")
            return Cell(
                numbers.signed(now - before, self.lang), now - before, tone=tone_of(now - before)
            )

        return Column(label, cell, numeric=True)

    def day(self, label: str, key: str) -> Column:
        def cell(row: Row) -> Cell:
            value: date | None = row.get(key)
            return Cell(numbers.day(value, self.lang), value)

        return Column(label, cell, kind="time")

    def moment(self, label: str, key: str) -> Column:
        def cell(row: Row) -> Cell:
            value: datetime | None = row.get(key)
            local = numbers.local(value, self.tz).replace(tzinfo=None) if value else None
            return Cell(numbers.moment(value, self.tz, self.lang), local)

        return Column(label, cell, kind="time")

    def cause(
        self, label: str, cause: str = "top_cause", code: str = "top_code", link: str = ""
    ) -> Column:
        """A cause's title, linked to ``link`` (its documentation) when set."""

        def cell(row: Row) -> Cell:
            text = self.cause_text(row.get("cause_title"), row.get(cause), _code_of(row, code))
            href = row.get(link) if link else None
            return Cell(text, text, href=href, tone="muted" if row.get(cause) is None else "")

        return Column(label, cell, wide=True)

    def cause_text(self, title: str | None, cause: str | None, code: str | None) -> str:
        """A cause's title; the special keys (unclassified, no cause) in words."""
        if title:
            return title
        if cause in (UNCLASSIFIED, "no-cause", "other"):
            return self.t(f"k_{cause}")
        if cause is None and code == UNCLASSIFIED:
            return self.t("k_unclassified")
        return cause or numbers.DASH

    def basis(self, label: str) -> Column:
        """Whether agent-log evidence backs the cause, or only the documentation order."""

        def cell(row: Row) -> Cell:
            basis = row.get("basis") or "none"
            text = self.t(f"b_{basis}")
            return Cell(
                text, None if basis == "none" else text, tone="" if basis == "evidence" else "muted"
            )

        return Column(label, cell, kind="name")

    def fix(self, label: str, code: str = "top_code", sheet_only: bool = False) -> Column:
        """Fix steps on one line (and as a list for HTML)."""

        def cell(row: Row) -> Cell:
            if row.get("fix"):
                return Cell(row["fix"], row["fix"], steps=tuple(row.get("fix_steps") or ()))
            if _code_of(row, code) == UNCLASSIFIED:
                text = self.t("unclassified_fix")
                return Cell(text, text, tone="muted")
            return Cell(numbers.DASH)

        return Column(label, cell, wide=True, sheet_only=sheet_only)

    def link(self, label: str, key: str = "doc_url") -> Column:
        """A documentation URL; a workbook column (HTML/Markdown link the name instead)."""

        def cell(row: Row) -> Cell:
            url = row.get(key)
            return Cell(url or numbers.DASH, url)

        return Column(label, cell, sheet_only=True)

    def category(self, label: str) -> Column:
        def cell(row: Row) -> Cell:
            text = self.t(f"cat_{row.get('category') or 'unknown'}")
            return Cell(text, text)

        return Column(label, cell)

    def run_days(self, label: str) -> Column:
        """Days in a row; ``≥`` when the run began before the first day analysed."""

        def cell(row: Row) -> Cell:
            days = row["days"]
            prefix = "≥" if row.get("open_start") else ""
            return Cell(prefix + numbers.integer(days, self.lang), days, tone="strong")

        return Column(label, cell, numeric=True)

    def custom(
        self, label: str, cell: Callable[[Row], Cell], numeric: bool = False, sheet_label: str = ""
    ) -> Column:
        return Column(label, cell, numeric=numeric, sheet_label=sheet_label)


def tone_of(change: float | None) -> str:
    """How a change in a failure figure reads: up is worse, down better."""
    if change is None or abs(change) < 1e-9:
        return ""
    return "worse" if change > 0 else "better"


def _code_of(row: Row, key: str) -> str | None:
    """The row's code, ``unclassified`` when it is an exported code the catalogue lacks."""
    return UNCLASSIFIED if row.get(f"{key}_known") is False else row.get(key)
