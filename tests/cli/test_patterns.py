"""A user's catalogue folder through the CLI: ``--patterns DIR`` overlays, ``patterns validate``.

tests/fixtures/cli/patterns_fix_override/ redefines the built-in ``fsfreeze-failed`` cause
with a team's own runbook; patterns_bad_entries/ holds one mistake per entry.
"""

from __future__ import annotations

import csv
import io

from tests.cli.support import CLI_FIXTURES, JOBS, invoke

OVERRIDE = str(CLI_FIXTURES / "patterns_fix_override")
BAD = CLI_FIXTURES / "patterns_bad_entries"
FREEZE_JOBS = str(JOBS / "azurediagnostics_legacy.csv")  # lnx-files-04, UserErrorFsFreezeFailed


def by_vm(args: list[str]) -> dict[str, str]:
    result = invoke(["analyze", FREEZE_JOBS, "-f", "csv", *args])
    assert result.exit_code == 0, result.stderr
    [row] = list(csv.DictReader(io.StringIO(result.stdout)))
    return row


def test_overlay_replaces_the_fix_in_analyze() -> None:
    builtin = by_vm([])
    overlaid = by_vm(["--patterns", OVERRIDE])
    assert builtin["top_cause"] == overlaid["top_cause"] == "fsfreeze-failed"
    assert overlaid["suggested_fix"] == (
        "1. Run the fsfreeze runbook on the VM. 2. Open a ticket with the Linux team."
    )
    assert overlaid["top_cause_title"] == "Contoso: a mount point could not be frozen"
    assert overlaid["doc_url"] == "https://wiki.example.org/runbooks/fsfreeze"
    assert builtin["suggested_fix"] != overlaid["suggested_fix"]
    assert "learn.microsoft.com" in builtin["doc_url"]
    unchanged = ("vm", "jobs", "failed", "top_code", "current_streak")
    assert {k: builtin[k] for k in unchanged} == {k: overlaid[k] for k in unchanged}


def test_overlay_speaks_swedish_too() -> None:
    row = by_vm(["--patterns", OVERRIDE, "--lang", "sv"])
    assert row["suggested_fix"] == (
        "1. Kör runbooken för fsfreeze på den virtuella datorn. 2. Skapa ett ärende till"
        " Linux-teamet."
    )


def test_overlay_reaches_failures_and_explain() -> None:
    failures = invoke(["failures", FREEZE_JOBS, "-f", "csv", "--patterns", OVERRIDE])
    [row] = list(csv.DictReader(io.StringIO(failures.stdout)))
    assert row["fix"].startswith("1. Run the fsfreeze runbook")
    explained = invoke(["explain", "UserErrorFsFreezeFailed", "--patterns", OVERRIDE])
    assert explained.exit_code == 0
    assert "Contoso: a mount point could not be frozen" in explained.stdout
    assert "Run the fsfreeze runbook on the VM." in explained.stdout


def test_valid_folder_validates() -> None:
    result = invoke(["patterns", "validate", OVERRIDE])
    assert result.exit_code == 0
    assert result.stdout == f"{OVERRIDE}: valid\n"


def test_validate_names_file_entry_and_field_of_every_problem() -> None:
    result = invoke(["patterns", "validate", str(BAD)])
    assert result.exit_code == 2
    a, b = BAD / "a_entries.toml", BAD / "b_typo.toml"
    assert result.stderr.splitlines() == [
        f"{a}: cause 'contoso-freeze': fix.sv: missing",
        f"{a}: code 'ContosoFreezeError': category: 'sometimes' is not one of user, transient,"
        " platform",
        f"{a}: signal 'contoso-freeze-log': log_kinds[0]: 'syslog' is not one of waagent,"
        " vmsnapshot-extension, vmsnapshot-shell, windows-agent, windows-extension, generic",
        f"{b}: cause 'contoso-typo': titel: unknown key (did you mean 'title'?)",
        f"{b}: cause 'contoso-typo': title: missing",
        f"{b}: code 'ContosoLookahead': patterns.en[0]: does not compile in polars: look-around,"
        " including look-ahead and look-behind, is not supported",
        f"{a}: code 'ContosoFreezeError': causes[1]: unknown cause 'no-such-cause'",
        f"bjla: error: {BAD}: 7 problem(s)",
    ]
    assert result.stdout == ""


def test_validate_reports_a_dangling_cause_in_the_same_pass() -> None:
    result = invoke(["patterns", "validate", str(BAD)])
    assert "unknown cause 'no-such-cause'" in result.stderr


def test_bad_overlay_stops_analyze_with_the_same_problems() -> None:
    result = invoke(["analyze", FREEZE_JOBS, "-f", "csv", "--patterns", str(BAD)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == "bjla: error: invalid pattern catalogue:"
    assert f"  {BAD / 'b_typo.toml'}: cause 'contoso-typo': title: missing" in lines
    assert len(lines) == 8
    assert result.stdout == ""


def test_patterns_option_must_be_a_folder() -> None:
    result = invoke(["analyze", FREEZE_JOBS, "--patterns", FREEZE_JOBS])
    assert result.exit_code == 2
    assert "Invalid value for '--patterns'" in result.stderr


def test_patterns_list_and_show_include_the_overlay() -> None:
    listed = invoke(["patterns", "list", "-f", "csv", "--patterns", OVERRIDE])
    assert listed.exit_code == 0
    [row] = [
        r
        for r in csv.DictReader(io.StringIO(listed.stdout))
        if (r["kind"], r["id"]) == ("cause", "fsfreeze-failed")
    ]
    assert row["origin"].endswith("fsfreeze.toml")
    shown = invoke(["patterns", "show", "fsfreeze-failed", "--patterns", OVERRIDE])
    assert shown.exit_code == 0
    assert "Open a ticket with the Linux team." in shown.stdout
