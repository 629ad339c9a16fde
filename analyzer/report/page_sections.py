"""Each report section's display table: which columns, from which Report frame.

A section is a heading, a how-to-read note and its tables (the fixes also as blocks);
``page`` puts them in reading order.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from analyzer.render import numbers
from analyzer.render.words import Labels
from analyzer.report.model import Report
from analyzer.report.page_cells import Cell, Cells, Column, Row, Table, make_table, tone_of

WORSE_WHEN_UP = ("failures", "failure_rate", "failing_vms")


@dataclass(frozen=True)
class FixBlock:
    """One likely cause: its title (linked), who it hit, and the steps to fix it."""

    title: str
    href: str | None
    meta: str
    steps: tuple[str, ...]
    confirmed: bool


@dataclass(frozen=True)
class Section:
    """A heading, a how-to-read note and one or more tables (or fix blocks)."""

    key: str
    title: str
    note: str
    tables: tuple[Table, ...]
    blocks: tuple[FixBlock, ...] = ()  # shown instead of the tables on the page
    plain_note: str = ""  # the note for a format without colour (Markdown), when it differs


def kpi_table(report: Report, c: Cells) -> Table:
    """Headline figures: this period, the one before, and the change."""
    t, lang = c.t, c.lang

    def number(key: str) -> Column:
        def cell(row: Row) -> Cell:
            value = row[key]
            if row["metric"] == "failure_rate":
                return Cell(numbers.percent(value, lang), numbers.percent_number(value))
            return Cell(numbers.integer(value, lang), None if value is None else int(value))

        return c.custom(t(f"c_{key}"), cell, numeric=True)

    def change(row: Row) -> Cell:
        value, metric = row["change"], row["metric"]
        tone = tone_of(value) if metric in WORSE_WHEN_UP else ""
        if metric == "failure_rate":
            return Cell(
                numbers.points(value, lang, t("pp")), numbers.percent_number(value), tone=tone
            )
        return Cell(numbers.signed(value, lang), None if value is None else int(value), tone=tone)

    columns = [
        c.custom(t("c_metric"), lambda row: Cell(t(f"m_{row['metric']}"), t(f"m_{row['metric']}"))),
        number("current"),
        number("previous"),
        c.custom(t("c_change"), change, numeric=True),
    ]
    return make_table("kpis", columns, report.headline, t("kpis"))


def worst_table(report: Report, c: Cells) -> Table:
    t = c.t
    columns = [
        c.name(t("c_vm"), "vm"),
        c.name(t("c_resource_group"), "resource_group"),
        c.count(t("c_failures"), "failures", strong=True),
        c.pct(t("c_failure_rate"), "failure_rate"),
        c.count(t("c_streak"), "current_streak"),
        c.code(t("c_top_code"), "top_code"),
        c.cause(t("c_cause"), link="doc_url"),
        c.basis(t("c_basis")),
        c.fix(t("c_fix"), sheet_only=True),
        c.link(t("c_docs")),
    ]
    return make_table("worst", columns, report.worst_vms)


def chronic_table(report: Report, c: Cells) -> Table:
    t = c.t
    columns = [
        c.name(t("c_vm"), "vm"),
        c.name(t("c_resource_group"), "resource_group"),
        c.run_days(t("c_days")),
        c.day(t("c_since"), "since"),
        c.count(t("c_failures"), "failures"),
        c.code(t("c_top_code"), "top_code"),
        c.cause(t("c_cause")),
    ]
    return make_table("chronic", columns, report.chronic_vms)


def new_table(report: Report, c: Cells) -> Table:
    t = c.t
    columns = [
        c.name(t("c_vm"), "vm"),
        c.name(t("c_resource_group"), "resource_group"),
        c.count(t("c_failures"), "failures"),
        c.moment(t("c_first_failure"), "first_failure"),
        c.code(t("c_top_code"), "top_code"),
        c.cause(t("c_cause")),
    ]
    return make_table("new", columns, report.new_vms)


def recovered_table(report: Report, c: Cells) -> Table:
    t = c.t
    columns = [
        c.name(t("c_vm"), "vm"),
        c.name(t("c_resource_group"), "resource_group"),
        c.count(t("c_failures_prev"), "previous_failures"),
        c.count(t("c_failures_this"), "failures"),
        c.moment(t("c_last_failure"), "last_failure"),
        c.moment(t("c_last_success"), "last_success"),
    ]
    return make_table("recovered", columns, report.recovered_vms)


def codes_table(report: Report, c: Cells) -> Table:
    t = c.t
    columns = [
        c.code(t("c_code"), "code", link="doc_url"),
        c.text(t("c_message"), "message", wide=True),
        c.category(t("c_category")),
        c.count(t("c_current"), "current", strong=True),
        c.count(t("c_previous"), "previous"),
        c.change(t("c_change"), "current", "previous"),
        c.pct(t("c_share"), "share"),
        c.count(t("c_vms"), "vms"),
        c.link(t("c_docs")),
    ]
    return make_table("codes", columns, report.top_codes)


def causes_table(report: Report, c: Cells) -> Table:
    t = c.t
    columns = [
        c.cause(t("c_cause"), cause="cause", code="code", link="doc_url"),
        c.count(t("c_current"), "current", strong=True),
        c.count(t("c_previous"), "previous"),
        c.change(t("c_change"), "current", "previous"),
        c.pct(t("c_share"), "share"),
        c.count(t("c_confirmed"), "evidence"),
        c.count(t("c_vms"), "vms"),
        c.fix(t("c_fix"), code="code", sheet_only=True),
        c.link(t("c_docs")),
    ]
    return make_table("causes", columns, report.top_causes)


def unclassified_table(report: Report, c: Cells) -> Table:
    t = c.t
    columns = [
        c.text(t("c_pattern"), "pattern", wide=True),
        c.code(t("c_error_code"), "error_code"),
        c.count(t("c_current"), "current", strong=True),
        c.count(t("c_previous"), "previous"),
        c.count(t("c_vms"), "vms"),
        c.text(t("c_some_vms"), "some_vms"),
        c.moment(t("c_first_seen"), "first_seen"),
        c.moment(t("c_last_seen"), "last_seen"),
    ]
    return make_table("unclassified", columns, report.unclassified)


def daily_table(report: Report, c: Cells) -> Table:
    t = c.t
    columns = [
        c.day(t("c_day"), "day"),
        c.count(t("c_jobs"), "jobs"),
        c.count(t("c_finished"), "finished"),
        c.count(t("c_failures"), "failed", strong=True),
        c.pct(t("c_failure_rate"), "failure_rate"),
        c.count(t("c_vms_failing"), "vms_failing"),
        c.day(t("c_prev_day"), "previous_day"),
        c.count(t("c_prev_failures"), "previous_failed"),
        c.pct(t("c_prev_rate"), "previous_failure_rate"),
    ]
    return make_table("daily", columns, report.daily)


def quality_tables(report: Report, c: Cells) -> tuple[Table, ...]:
    t, q = c.t, report.quality
    problems = pl.DataFrame({"problem": list(q.problems)}, schema={"problem": pl.String})
    return (
        make_table(
            "accounting",
            [c.custom(t("c_metric"), _first), c.count(t("c_value"), "value")],
            _accounting(report, t),
            t("accounting"),
        ),
        make_table(
            "rejects",
            [
                c.text(t("c_source"), "source"),
                c.text(t("c_reason"), "reason", wide=True),
                c.count(t("c_rows"), "rows"),
                c.text(t("c_first_rows"), "first_rows"),
            ],
            q.rejects,
            t("rejects"),
        ),
        make_table(
            "problems", [c.text(t("c_problem"), "problem", wide=True)], problems, t("problems")
        ),
        make_table(
            "unmatched",
            [
                c.name(t("c_log_vm"), "log_vm"),
                c.count(t("c_files"), "files"),
                c.count(t("c_events"), "events"),
                c.text(t("c_signals"), "signals", wide=True),
                c.moment(t("c_first_event"), "first_event"),
                c.moment(t("c_last_event"), "last_event"),
            ],
            q.unmatched_logs,
            t("unmatched"),
        ),
        make_table(
            "silent",
            [
                c.name(t("c_vm"), "vm"),
                c.name(t("c_resource_group"), "resource_group"),
                c.count(t("c_previous_jobs"), "previous_jobs"),
                c.day(t("c_last_day"), "last_day"),
            ],
            q.silent_vms,
            t("silent"),
            t("silent_note"),
        ),
    )


def _first(row: Row) -> Cell:
    return Cell(row["label"], row["label"])


def _accounting(report: Report, t: Labels) -> pl.DataFrame:
    a = report.quality.accounting
    items = [
        ("a_rows_read", a.rows_read),
        ("a_jobs", a.jobs),
        ("a_duplicates", a.duplicates),
        ("a_rejects", a.rejects),
        ("a_outside_window", a.outside_window),
        # Only an archive read whole holds them: no row for the many inputs that cannot.
        *([("a_other_categories", a.other_categories)] if a.other_categories else []),
        ("a_unclassified", report.quality.unclassified_failures),
    ]
    return pl.DataFrame(
        {"label": [t(key) for key, _ in items], "value": [value for _, value in items]},
        schema={"label": pl.String, "value": pl.Int64},
    )


def about_table(report: Report, c: Cells, days: str, prev_days: str) -> Table:
    """What the report covers (the first sheet of the workbook)."""
    t = c.t
    period = report.period
    items = [
        (t("c_report"), t("title")),
        (t("c_period"), f"{period.week} ({days})" if period.week else days),
        (t("c_compared"), prev_days),
        (t("c_tz"), period.tz),
        (t("c_generated"), numbers.stamp(report.now, period.tz)),
        (t("c_language"), report.lang),
    ]
    frame = pl.DataFrame({"label": [k for k, _ in items], "value": [v for _, v in items]})
    return make_table(
        "about", [c.custom(t("c_metric"), _first), c.text(t("c_value"), "value")], frame, t("about")
    )


FIX_VMS = 8


def fixes_section(report: Report, c: Cells) -> Section:
    """How to fix each likely cause, as blocks on the page and a table in the workbook."""
    t = c.t
    blocks = tuple(_fix_block(row, c) for row in report.fixes.iter_rows(named=True))
    columns = [
        c.cause(t("c_cause"), cause="cause"),
        c.count(t("c_failures"), "failures"),
        c.count(t("c_confirmed"), "evidence"),
        c.count(t("c_vms"), "vm_count"),
        c.custom(t("c_vm_names"), _vm_list),
        c.fix(t("c_fix")),
        c.link(t("c_docs")),
    ]
    table = make_table("fixes", columns, report.fixes)
    return Section("fixes", t("fixes"), t("fixes_note"), (table,), blocks, t("fixes_note_plain"))


def _vm_list(row: Row) -> Cell:
    text = ", ".join(row["vms"] or ())
    return Cell(text, text)


def _fix_block(row: Row, c: Cells) -> FixBlock:
    t = c.t
    names = list(row["vms"] or ())
    shown = ", ".join(names[:FIX_VMS])
    if len(names) > FIX_VMS:
        shown += f", {t('more', n=len(names) - FIX_VMS)}"
    meta = t(
        "fix_meta",
        failures=numbers.integer(row["failures"], c.lang),
        vm_count=numbers.integer(row["vm_count"], c.lang),
        evidence=numbers.integer(row["evidence"], c.lang),
        vms=shown,
    )
    title = c.cause_text(row["cause_title"], row["cause"], None)
    return FixBlock(
        title, row["doc_url"], meta, tuple(row["fix_steps"] or ()), confirmed=bool(row["evidence"])
    )
