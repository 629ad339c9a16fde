"""The weekly report on the sample fleet (sample_logs/, ISO weeks 2026-W45..W47),
end to end through ``report_command_body``: the scenario VMs of the team brief must
show up where the scenario table says.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from analyzer.errors import UsageError
from analyzer.render import REPORT_FORMATS, Format
from analyzer.report import render_report
from tests.paths import SAMPLE_LOGS

command = pytest.importorskip("analyzer.report.command", exc_type=ImportError)
catalogue = pytest.importorskip("analyzer.catalogue.load", exc_type=ImportError)
run = pytest.importorskip("analyzer.pipeline", exc_type=ImportError)

SAMPLE = SAMPLE_LOGS
LOGS = SAMPLE / "agent-logs"
NOW = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)

needs_sample = pytest.mark.skipif(
    not any(p.is_file() and LOGS not in p.parents for p in SAMPLE.rglob("*"))
    if SAMPLE.exists()
    else True,
    reason="sample_logs/ has no job histories yet",
)


@cache  # one pipeline run per language: the tests read the result and do not change it
def _run(lang: str = "en") -> Any:
    """The HTML report of week 47 (the format changes only the last rendering step)."""
    request = command.ReportRequest(
        inputs=[str(SAMPLE)], output=Path("report.html"), week="2026-W47", lang=lang
    )
    logs = run.LogOptions(specs=[str(LOGS)])
    return command.report_command_body(request, catalogue.load_catalogue(), now=NOW, logs=logs)


def test_bad_output_extension_fails_before_reading() -> None:
    request = command.ReportRequest(inputs=["does-not-exist"], output=Path("report.pdf"))
    with pytest.raises(UsageError):
        command.report_command_body(request, catalogue.load_catalogue(), now=NOW)


@needs_sample
def test_sample_week47_scenarios() -> None:
    report = _run().report
    chronic = {r["vm"]: r for r in report.chronic_vms.iter_rows(named=True)}
    assert {"lnx-web-01", "lnx-db-02", "win-app-02"} <= set(chronic)
    assert chronic["lnx-db-02"]["days"] >= 13
    assert {"lnx-web-01", "lnx-app-03"} <= set(report.new_vms["vm"].to_list())
    assert "lnx-files-04" in report.recovered_vms["vm"].to_list()
    worst = {r["vm"]: r for r in report.worst_vms.iter_rows(named=True)}
    assert (worst["lnx-web-01"]["top_cause"], worst["lnx-web-01"]["basis"]) == (
        "agent-config-linux",
        "evidence",
    )
    assert report.quality.unmatched_logs.filter(pl.col("events") > 0).height >= 1


@needs_sample
def test_sample_report_renders_in_every_format() -> None:
    run_en = _run()
    assert run_en.fmt is Format.html and run_en.data == render_report(run_en.report, Format.html)
    for fmt in REPORT_FORMATS:
        data = render_report(run_en.report, fmt)
        assert len(data) > 2000
    html = _run("sv").data.decode()
    assert "Mest drabbade VM:ar" in html
    title = catalogue.load_catalogue().causes["agent-config-linux"].title["sv"]
    assert escape(title) in html
