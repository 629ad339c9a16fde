"""`bjla explain`, `patterns show` and `patterns list` views of the built-in catalogue.

The full explain text of two codes is kept as golden files in tests/golden/explain/;
regenerate them with ``pytest --update-golden`` after a deliberate catalogue change.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analyzer.catalogue import UnknownEntryError, load_catalogue, resolve_code
from analyzer.errors import UsageError
from analyzer.render.explain import entry_text, explain_text, patterns_table
from tests.golden_files import GoldenCheck

CAT = load_catalogue()


@pytest.mark.parametrize(
    ("code", "lang"),
    [
        ("UserErrorRpCollectionLimitReached", "en"),
        ("UserErrorRpCollectionLimitReached", "sv"),
        ("GuestAgentSnapshotTaskStatusError", "sv"),
    ],
)
def test_explain_golden(code: str, lang: str, golden: GoldenCheck) -> None:
    golden(f"explain/{code}.{lang}.txt", explain_text(CAT, code, lang))


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_explain_lists_every_cause_in_order_with_numbered_steps(lang: str) -> None:
    code = CAT.codes["GuestAgentSnapshotTaskStatusError"]
    text = explain_text(CAT, code.id, lang)
    titles = [CAT.causes[c].title[lang] for c in code.causes]
    positions = [text.find(f"{n}. {title[:40]}") for n, title in enumerate(titles, 1)]
    assert -1 not in positions and positions == sorted(positions)
    assert code.message[lang] in text
    assert code.doc_url in text
    steps = CAT.causes["agent-config-linux"].fix[lang]
    assert re.search(rf"^ +{len(steps)}\. ", text.split(titles[3][:40])[1], re.MULTILINE)


def test_explain_swedish_labels_and_text() -> None:
    text = explain_text(CAT, "UserErrorUnsupportedDiskSize", "sv")
    assert "Meddelande: Den konfigurerade disk storleken/diskarna" in text
    assert "Kategori: åtgärd av användaren" in text
    assert "32 TB" in text and "4 TB" in text and "Möjliga orsaker" in text


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("GuestAgentSnapshotTaskStatusError", "GuestAgentSnapshotTaskStatusError"),
        ("  guestagentsnapshottaskstatuserror ", "GuestAgentSnapshotTaskStatusError"),
        ("ExtentionOperationFailed", "ExtensionOperationFailedForManagedDisks"),
        ("SystemBackupOperationInProgress", "UserErrorBackupOperationInProgress"),
        ("320001", "ResourceNotFound"),
        ("400094", "BCMV2VMNotFound"),
        ("380008", "AzureVmOffline"),
    ],
)
def test_explain_resolves_aliases_case_and_numbers(query: str, code: str) -> None:
    assert resolve_code(CAT, query).id == code
    assert explain_text(CAT, query, "en").startswith(code + "\n")


@pytest.mark.parametrize(
    ("query", "suggestions"),
    [
        ("GuestAgentSnapshotTaskStatusErorr", ["GuestAgentSnapshotTaskStatusError"]),
        ("UserErrorRpCollectionLimit", ["UserErrorRpCollectionLimitReached"]),
        ("ExtentionOperationFail", ["ExtensionOperationFailedForManagedDisks"]),
        ("NoSuchThingAtAll", []),
        ("999999", []),
    ],
)
def test_unknown_code_suggests_the_closest_codes(query: str, suggestions: list[str]) -> None:
    with pytest.raises(UnknownEntryError) as raised:
        explain_text(CAT, query, "en")
    assert raised.value.suggestions[: len(suggestions)] == suggestions
    if not suggestions:
        assert raised.value.suggestions == []
    assert isinstance(raised.value, UsageError) and raised.value.exit_code == 2
    assert str(raised.value).startswith(f"unknown error code '{query}' (")


def test_unknown_code_message_reads_well() -> None:
    with pytest.raises(UnknownEntryError) as raised:
        explain_text(CAT, "BackupOperationFaild", "en")
    assert str(raised.value) == (
        "unknown error code 'BackupOperationFaild' (did you mean BackUpOperationFailed, "
        "BackUpOperationFailedV2, ExtensionOperationFailedForManagedDisks? "
        "`bjla patterns list` shows every entry)"
    )


def test_entry_text_for_a_cause_lists_the_codes_that_name_it() -> None:
    text = entry_text(CAT, "rp-resource-group-lock", "en")
    assert text.startswith("cause rp-resource-group-lock\n")
    assert "Cause of: UserErrorRpCollectionLimitReached (#1), BackUpOperationFailed (#4)," in text
    assert "Defined in: patterns/causes.toml" in text


def test_entry_text_for_a_code_shows_patterns_and_samples() -> None:
    text = entry_text(CAT, "ExtensionSnapshotFailedNoNetwork", "sv")
    assert text.startswith("code ExtensionSnapshotFailedNoNetwork\n")
    assert "[sv] (?i)ögonblicks[ -]?bilds?[ -]?åtgärden" in text
    assert "Exempel:" in text and "Definierad i: patterns/codes-agent.toml" in text


def test_entry_text_for_a_signal() -> None:
    signal = next(iter(CAT.signals.values()))
    text = entry_text(CAT, signal.id, "en")
    assert text.startswith(f"signal {signal.id}\n")
    assert f"Pattern: {signal.pattern}" in text


def test_entry_text_unknown_id_suggests() -> None:
    with pytest.raises(UnknownEntryError) as raised:
        entry_text(CAT, "agent-config-linus", "en")
    assert raised.value.suggestions[0] == "agent-config-linux"


def test_patterns_table_has_one_row_per_entry() -> None:
    table = patterns_table(CAT)
    assert table.columns == ["kind", "id", "scope", "causes", "aliases", "text", "origin"]
    assert table.height == len(CAT.codes) + len(CAT.causes) + len(CAT.signals) + len(CAT.benign)
    kinds = dict(table.group_by("kind").len().iter_rows())
    assert kinds == {
        "code": len(CAT.codes),
        "cause": len(CAT.causes),
        "signal": len(CAT.signals),
        "benign": len(CAT.benign),
    }
    info = table.filter(table["id"] == "agent-version").row(0, named=True)
    assert info["kind"] == "signal" and info["scope"] == "info: waagent"
    row = table.filter(table["id"] == "ResourceNotFound").row(0, named=True)
    assert row == {
        "kind": "code",
        "id": "ResourceNotFound",
        "scope": "user",
        "causes": "vm-deleted",
        "aliases": "320001",
        "text": "Could not perform the operation as VM no longer exists.",
        "origin": "patterns/codes-vm.toml",
    }
    cause = table.filter(table["id"] == "agent-config-linux").row(0, named=True)
    assert cause["kind"] == "cause" and cause["scope"] == "linux"
    assert table.select("kind", "id").n_unique() == table.height


def test_entry_text_shows_a_cause_and_a_signal_sharing_an_id(tmp_path: Path) -> None:
    (tmp_path / "s.toml").write_text(
        'schema_version = 1\n[[signal]]\nid = "agent-config-linux"\n'
        'title = { en = "Extensions disabled", sv = "Tillägg inaktiverade" }\n'
        'log_kinds = ["waagent"]\npattern = "Extensions are disabled"\n'
        'supports = ["agent-config-linux"]\nkind = "failure"\n'
        'samples = ["x Extensions are disabled"]\n'
        'source = "shared/reference/agent-logs.md"\n',
        encoding="utf-8",
    )
    text = entry_text(load_catalogue([tmp_path]), "agent-config-linux", "en")
    assert "cause agent-config-linux\n" in text and "\n\nsignal agent-config-linux\n" in text
    assert "Kind: failure (a finding)\n" in text
    assert "Source: shared/reference/agent-logs.md\n" in text


def test_entry_text_shows_a_benign_rule_with_its_conditions() -> None:
    text = entry_text(CAT, "goal-state-wireserver-ioerror", "en")
    assert text.startswith("benign goal-state-wireserver-ioerror\n")
    assert "Levels: WARNING, ERROR\n" in text
    assert "Harmless up to this many lines per file: 5\n" in text
    assert "Source: https://github.com/Azure/WALinuxAgent/" in text
