"""Loading and validating catalogue folders: exact problem lines, overlays, the built-in folder.

Each folder under tests/fixtures/catalogue/ is one case, named for what is wrong with it;
its expected problem lines are listed in EXPECTED, and a new folder without an entry fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.catalogue import (
    builtin_patterns_dir,
    classify_message,
    load_catalogue,
    regex_problems,
    validate_dir,
)
from analyzer.catalogue.load import _find_patterns_dir
from analyzer.errors import CatalogueError
from tests.paths import FIXTURES as TESTS_FIXTURES
from tests.paths import ROOT

FIXTURES = TESTS_FIXTURES / "catalogue"

# case folder -> (file, problem after "<folder>/<file>: ") in the order they are reported
EXPECTED: dict[str, list[tuple[str, str]]] = {
    "valid_overlay": [],
    "overlay_wins": [],
    "unknown_key": [
        ("entries.toml", "codes: unknown top-level key (did you mean 'code'?)"),
        ("entries.toml", "cause 'my-cause': titel: unknown key (did you mean 'title'?)"),
        ("entries.toml", "cause 'my-cause': colour: unknown key"),
        ("entries.toml", "cause 'my-cause': title: missing"),
    ],
    "schema_version": [
        ("a_missing.toml", "schema_version: missing (start the file with schema_version = 1)"),
        ("b_unsupported.toml", "schema_version: unsupported value 2 (supported: 1)"),
    ],
    "duplicate_id": [
        ("b.toml", "cause 'dup-cause': id: duplicate (first defined in {dir}/a.toml)"),
        ("b.toml", "code 'DupCode': id: duplicate (first defined in {dir}/b.toml)"),
    ],
    "dangling_cause": [
        ("refs.toml", "code 'MyDanglingCode': causes[1]: unknown cause 'no-such-cause'"),
        ("refs.toml", "signal 'my-dangling-signal': supports[0]: unknown cause 'nope'"),
    ],
    "bad_regex": [
        (
            "regexes.toml",
            "code 'BadRegexCode': patterns.en[0]: does not compile in Python re: "
            "missing ), unterminated subpattern at position 15",
        ),
        (
            "regexes.toml",
            "code 'BadRegexCode': patterns.en[1]: does not compile in polars: "
            "look-around, including look-ahead and look-behind, is not supported",
        ),
        (
            "regexes.toml",
            "code 'BadRegexCode': patterns.en[2]: matches the empty string, "
            "so it would match everything",
        ),
        (
            "regexes.toml",
            "code 'BadRegexCode': patterns.sv[0]: does not compile in Python re: "
            "global flags not at the start of the expression at position 4",
        ),
        (
            "regexes.toml",
            "signal 'backref-signal': pattern: does not compile in polars: "
            "backreferences are not supported",
        ),
    ],
    "sample_not_matching": [
        (
            "samples.toml",
            "code 'MyQuotaError': samples[1]: matches none of the code's "
            'patterns: "Vault quota was exceeded"',
        ),
        (
            "samples.toml",
            "code 'MyQuotaError': samples[2]: classified as "
            "'UserErrorGuestAgentStatusUnavailable' (an earlier code's pattern "
            'matches it): "VM Agent unable to communicate with Azure Backup: '
            'quota exceeded for vault"',
        ),
        (
            "samples.toml",
            "signal 'my-signal': samples[0]: pattern does not match: "
            '"2026-11-12 22:14:03 Error: disk quota exceeded"',
        ),
    ],
    "spelling_clash": [
        (
            "clash.toml",
            "code 'MyBackupBusy': aliases[0]: 'systembackupoperationinprogress' "
            "is already a spelling of code 'UserErrorBackupOperationInProgress' "
            "(codes are compared case-insensitively)",
        ),
        (
            "clash.toml",
            "code 'MyBackupBusy': numeric[0]: 320001 already belongs to code 'ResourceNotFound'",
        ),
        (
            "clash.toml",
            "code 'resourcenotfound': id: 'resourcenotfound' is already a spelling "
            "of code 'ResourceNotFound' (codes are compared case-insensitively)",
        ),
    ],
    "invalid_toml": [
        (
            "broken.toml",
            "invalid TOML: Expected ']]' at the end of an array declaration (at line 3, column 8)",
        ),
    ],
    "wrong_types": [
        ("types.toml", "cause 'Bad_Cause': id: 'Bad_Cause' is not a kebab-case id"),
        ("types.toml", "cause 'Bad_Cause': os: 'mac' is not one of windows, linux, any"),
        ("types.toml", "cause 'Bad_Cause': doc_url: must be an http(s) URL"),
        ("types.toml", "cause 'Bad_Cause': title.de: unknown language (use en, sv)"),
        ("types.toml", "cause 'Bad_Cause': title.sv: missing"),
        ("types.toml", "cause 'Bad_Cause': fix.en: must not be empty"),
        ("types.toml", "cause 'Bad_Cause': fix.sv: must be an array, not string"),
        (
            "types.toml",
            "code 'Wrong Types': id: 'Wrong Types' is not a code name (letters, digits, _)",
        ),
        ("types.toml", "code 'Wrong Types': aliases: must be an array, not string"),
        ("types.toml", "code 'Wrong Types': numeric[0]: must be an integer, not string"),
        ("types.toml", "code 'Wrong Types': category: must be a string, not integer"),
        ("types.toml", "code 'Wrong Types': message.sv: missing"),
        ("types.toml", "code 'Wrong Types': causes: must not be empty"),
        ("types.toml", "code 'Wrong Types': samples[0]: must be a string, not integer"),
        (
            "types.toml",
            "signal 'bad-signal': title: must be a table of languages (en, sv), not string",
        ),
        (
            "types.toml",
            "signal 'bad-signal': log_kinds[0]: 'syslog' is not one of waagent, "
            "vmsnapshot-extension, vmsnapshot-shell, windows-agent, windows-extension, "
            "generic",
        ),
        ("types.toml", "signal 'bad-signal': pattern: must not be empty"),
        ("types.toml", "signal 'bad-signal': kind: 'warning' is not one of failure, info"),
        ("types.toml", "signal 'bad-signal': samples: must not be empty"),
        (
            "types.toml",
            "signal 'bad-signal': source: must be an http(s) URL or a reference "
            "path such as shared/reference/agent-logs.md",
        ),
    ],
    "benign_and_markers": [
        ("rules.toml", "benign 'my-benign-bad': title.sv: missing"),
        (
            "rules.toml",
            "benign 'my-benign-bad': levels[0]: 'NOTICE' is not one of VERBOSE, "
            "INFO, WARNING, ERROR",
        ),
        ("rules.toml", "benign 'my-benign-bad': max_repeats: must be 1 or more"),
        (
            "rules.toml",
            "benign 'my-benign-bad': source: must be an http(s) URL or a reference "
            "path such as shared/reference/agent-logs.md",
        ),
        ("rules.toml", "signal 'my-start-marker': closed_by: unknown signal 'no-such-signal'"),
        (
            "rules.toml",
            "benign 'my-benign-misses': samples[0]: pattern does not match its "
            'last line (in Python re or polars): "{sample}"',
        ),
        (
            "rules.toml",
            "benign 'my-benign-misses': samples[0]: record does not match its "
            'first line: "{sample}"',
        ),
        (
            "rules.toml",
            "benign 'my-benign-misses': samples[0]: its first line has none of "
            'the levels ERROR: "{sample}"',
        ),
    ],
}
MISSED_SAMPLE = "2026-11-17T21:02:11.402318Z WARNING Daemon Daemon first line\nsomething else"


def _expected_lines(case: str) -> list[str]:
    folder = FIXTURES / case
    return [
        f"{folder}/{file}: {problem.format(dir=folder, sample=MISSED_SAMPLE)}"
        for file, problem in EXPECTED[case]
    ]


def test_every_fixture_folder_has_expected_problems() -> None:
    assert sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()) == sorted(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_validate_dir_reports_exact_problems(case: str) -> None:
    assert validate_dir(FIXTURES / case) == _expected_lines(case)


@pytest.mark.parametrize("case", sorted(c for c, lines in EXPECTED.items() if lines))
def test_loading_a_bad_overlay_raises_with_every_problem(case: str) -> None:
    with pytest.raises(CatalogueError) as raised:
        load_catalogue([FIXTURES / case])
    assert raised.value.problems == _expected_lines(case)
    assert str(raised.value).splitlines()[0] == "invalid pattern catalogue:"


def test_missing_and_empty_overlay_folders_are_problems(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    assert validate_dir(missing) == [f"{missing}: not a folder"]
    assert validate_dir(tmp_path) == [f"{tmp_path}: no *.toml files"]


def test_builtin_catalogue_validates_clean() -> None:
    assert validate_dir(builtin_patterns_dir()) == []


def test_builtin_load_is_cached() -> None:
    assert load_catalogue() is load_catalogue()
    assert load_catalogue(()) is load_catalogue()


def test_overlay_replaces_in_place_and_appends_new_entries() -> None:
    builtin = load_catalogue()
    overlay = FIXTURES / "overlay_wins"
    cat = load_catalogue([overlay])

    assert list(cat.causes) == list(builtin.causes)  # replaced in place, nothing new
    replaced = cat.causes["agent-config-linux"]
    assert replaced.title["en"] == "Our waagent.conf baseline was not applied"
    assert replaced.origin == f"{overlay}/override.toml"

    codes = list(cat.codes)
    assert codes[:-1] == list(builtin.codes) and codes[-1] == "ContosoSnapshotQuotaError"
    assert cat.codes["UserErrorBackupOperationInProgress"].category == "user"
    assert cat.codes["UserErrorBackupOperationInProgress"].aliases == ()  # theirs, whole entry
    assert cat.code_keys()["contososnapquota"] == "ContosoSnapshotQuotaError"
    assert cat.numeric_keys()[990001] == "ContosoSnapshotQuotaError"
    assert classify_message(cat, "kvoten för ögonblicks bilder i Contosos lagringsnivå") == (
        "ContosoSnapshotQuotaError"
    )
    # the built-in catalogue is untouched
    assert builtin.causes["agent-config-linux"].origin == "patterns/causes.toml"
    assert builtin.codes["UserErrorBackupOperationInProgress"].category == "transient"


def test_later_overlay_wins_over_earlier_one(tmp_path: Path) -> None:
    later = tmp_path / "later"
    later.mkdir()
    (later / "c.toml").write_text(
        'schema_version = 1\n[[cause]]\nid = "agent-config-linux"\n'
        'doc_url = "https://example.org/later"\n'
        'title = { en = "Later", sv = "Senare" }\nfix = { en = ["x"], sv = ["y"] }\n',
        encoding="utf-8",
    )
    cat = load_catalogue([FIXTURES / "overlay_wins", later])
    assert cat.causes["agent-config-linux"].title["en"] == "Later"


def test_builtin_dir_prefers_the_wheel_copy(tmp_path: Path) -> None:
    package = tmp_path / "site-packages" / "analyzer"
    (package / "_patterns").mkdir(parents=True)
    assert _find_patterns_dir(package) == package / "_patterns"


def test_builtin_dir_falls_back_to_the_repository_folder(tmp_path: Path) -> None:
    package = tmp_path / "repo" / "analyzer"
    package.mkdir(parents=True)
    (tmp_path / "repo" / "patterns").mkdir()
    assert _find_patterns_dir(package) == tmp_path / "repo" / "patterns"


def test_builtin_dir_missing_is_a_catalogue_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="built-in catalogue not found"):
        _find_patterns_dir(tmp_path / "analyzer")


def test_editable_install_uses_the_repository_patterns() -> None:
    assert builtin_patterns_dir() == ROOT / "patterns"


def test_pyproject_ships_patterns_inside_the_wheel() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"patterns" = "analyzer/_patterns"' in text


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("(?i)fine pattern", None),
        ("(?P<detail>[0-9]+) done", None),
        ("a(?=b)", "does not compile in polars"),
        ("(a)\\1", "does not compile in polars"),
        ("[unclosed", "does not compile in Python re"),
        ("(?i)", "matches the empty string"),
        ("a|", "matches the empty string"),
    ],
)
def test_regex_problems(pattern: str, problem: str | None) -> None:
    found = regex_problems(pattern)
    if problem is None:
        assert found == []
    else:
        assert len(found) == 1 and found[0].startswith(problem)
