"""The built-in catalogue's content: samples, reachability, the seed's codes and causes, facts.

These are stricter than loading: a sample must be matched by its own code's patterns and by
no other code's (loading only needs the first match to be right).
"""

from __future__ import annotations

import re

import pytest

from analyzer.catalogue import (
    Catalogue,
    Code,
    load_catalogue,
    match_message,
    normalize_message,
    unreachable_causes,
)
from analyzer.catalogue.match import code_regex
from analyzer.catalogue.model import LANGS

CAT: Catalogue = load_catalogue()
CODES = list(CAT.codes.values())

# The seed article's 13 codes in its order, each with its causes in the article's order
# (BackUpOperationFailed/V2: the seed's four, then the causes the newer article adds).
SEED_CODES: dict[str, list[str]] = {
    "UserErrorGuestAgentStatusUnavailable": [
        "agent-unresponsive-windows",
        "agent-outdated-linux",
        "vm-provisioning-failed",
    ],
    "GuestAgentSnapshotTaskStatusError": [
        "agent-unresponsive-windows",
        "agent-outdated-linux",
        "snapshot-status-unavailable",
        "agent-config-linux",
        "app-control-blocks-extension",
    ],
    "UserErrorVmProvisioningStateFailed": ["vm-provisioning-failed"],
    "UserErrorRpCollectionLimitReached": ["rp-resource-group-lock", "rp-collection-limit"],
    "UserErrorKeyvaultPermissionsNotConfigured": ["keyvault-permissions"],
    "ExtensionSnapshotFailedNoNetwork": ["snapshot-status-unavailable"],
    "ExtensionOperationFailedForManagedDisks": [
        "snapshot-status-unavailable",
        "agent-unresponsive-windows",
        "agent-outdated-linux",
    ],
    "BackUpOperationFailed": [
        "agent-unresponsive-windows",
        "agent-outdated-linux",
        "snapshot-status-unavailable",
        "rp-resource-group-lock",
        "vcredist-mismatch",
    ],
    "BackUpOperationFailedV2": [
        "agent-unresponsive-windows",
        "agent-outdated-linux",
        "snapshot-status-unavailable",
        "rp-resource-group-lock",
        "vcredist-mismatch",
        "policy-migration-enhanced",
    ],
    "UserErrorUnsupportedDiskSize": ["disk-size-unsupported"],
    "UserErrorBackupOperationInProgress": ["backup-in-progress"],
    "UserErrorCrpReportedUserError": ["crp-reported-error"],
    "UserErrorBcmDatasourceNotPresent": ["vm-not-protected"],
}

# Cause ids fixed in advance for the whole team (notes/TEAM.md).
FIXED_CAUSES = (
    "agent-unresponsive-windows",
    "agent-outdated-linux",
    "snapshot-status-unavailable",
    "agent-config-linux",
    "app-control-blocks-extension",
    "rp-resource-group-lock",
    "rp-collection-limit",
    "vm-provisioning-failed",
    "keyvault-permissions",
    "disk-size-unsupported",
    "backup-in-progress",
    "crp-reported-error",
    "vm-not-protected",
    "vcredist-mismatch",
    "policy-migration-enhanced",
    "antivirus-blocks-extension",
    "storage-copy-timeout",
    "vm-state-not-desirable",
    "fsfreeze-failed",
    "mount-not-accessible",
    "com-plus-error",
    "msdtc-error",
    "vss-writer-bad-state",
    "vss-service-bad-state",
    "extension-config-parsing",
    "extension-stuck-deletion",
    "snapshot-limit-reached",
    "vm-resources-inadequate",
    "vm-deleted",
    "premium-storage-quota",
    "vm-offline-agent-missing",
    "bitlocker-locked",
    "secure-channel-failure",
    "vcredist-install-failure",
    "policy-disallows",
)

# Codes without a Swedish pattern, and why (patterns/README.md): in Swedish its wording is
# the same as UserErrorVmNotInDesirableState's.
NO_SWEDISH_PATTERN = {"VmNotInDesirableState"}


@pytest.mark.parametrize("code", CODES, ids=lambda c: c.id)
def test_every_sample_matches_its_own_code_and_no_other(code: Code) -> None:
    assert code.samples, f"{code.id} has no samples"
    wrong = {s: match_message(CAT, s) for s in code.samples if match_message(CAT, s) != [code.id]}
    assert wrong == {}


@pytest.mark.parametrize("code", CODES, ids=lambda c: c.id)
def test_every_pattern_language_has_a_sample(code: Code) -> None:
    for lang, patterns in code.patterns.items():
        texts = [normalize_message(s) for s in code.samples]
        assert any(re.search(p, s) for p in patterns for s in texts), (code.id, lang)
    languages = {lang for lang, patterns in code.patterns.items() if patterns}
    expected = {"en"} if code.id in NO_SWEDISH_PATTERN else {"en", "sv"}
    assert languages == expected


def test_every_cause_is_reachable() -> None:
    assert unreachable_causes(CAT) == []


def test_every_cause_is_listed_by_a_code() -> None:
    # causes-signals.toml holds the causes only log signals name (no code article lists them)
    listed = {c for code in CODES for c in code.causes}
    # An OS-neutral cause is given in place of listed ones (its variants); causes-signals.toml
    # holds the causes only log signals name (no code article lists them).
    neutral = {c.id for c in CAT.causes.values() if listed.intersection(c.variants)}
    signal_only = {c.id for c in CAT.causes.values() if c.origin == "patterns/causes-signals.toml"}
    assert [c for c in CAT.causes if c not in listed | neutral | signal_only] == []


def test_fixed_cause_ids_are_all_defined() -> None:
    assert [c for c in FIXED_CAUSES if c not in CAT.causes] == []


def test_seed_codes_come_first_in_article_order_with_their_causes() -> None:
    seed = [c for c in CODES if c.origin == "patterns/codes-agent.toml"]
    assert [c.id for c in seed] == list(SEED_CODES)
    assert {c.id: list(c.causes) for c in seed} == SEED_CODES


def test_all_48_codes_36_backup_12_restore() -> None:
    by_file: dict[str, int] = {}
    for code in CODES:
        by_file[code.origin] = by_file.get(code.origin, 0) + 1
    two_articles = [
        c
        for c in CODES
        if c.origin
        in ("patterns/codes-agent.toml", "patterns/codes-vm.toml", "patterns/codes-restore.toml")
    ]
    assert len(two_articles) == 48
    assert by_file == {
        "patterns/codes-agent.toml": 13,
        "patterns/codes-vm.toml": 23,
        "patterns/codes-restore.toml": 12,
        # the encrypted-VM troubleshooting article
        "patterns/codes-encrypted.toml": 3,
        # codes only seen in real job lists (tests/realworld/jobs)
        "patterns/codes-service.toml": 1,
    }
    restore = [c.id for c in CODES if c.origin == "patterns/codes-restore.toml"]
    assert all(CAT.codes[c].operation in ("restore", "any") for c in restore)


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("ExtentionOperationFailed", "ExtensionOperationFailedForManagedDisks"),
        ("UserErrorKeyvaultPermissionNotConfigured", "UserErrorKeyvaultPermissionsNotConfigured"),
        ("UserErrorKeyVaultPermissionsNotConfigured", "UserErrorKeyvaultPermissionsNotConfigured"),
        ("SystemBackupOperationInProgress", "UserErrorBackupOperationInProgress"),
        ("backupoperationfailed", "BackUpOperationFailed"),
        ("BACKUPOPERATIONFAILEDV2", "BackUpOperationFailedV2"),
    ],
)
def test_variant_spellings(spelling: str, code: str) -> None:
    assert CAT.code_keys()[spelling.lower()] == code


def test_numeric_codes() -> None:
    assert CAT.numeric_keys() == {
        320001: "ResourceNotFound",
        400094: "BCMV2VMNotFound",
        380008: "AzureVmOffline",
        # paired in recorded job lists (tests/realworld/jobs)
        400249: "UserErrorBackupOperationInProgress",
        400160: "UserErrorVmProvisioningStateFailed",
        400199: "VMCreationTimeOutStorageErrorV2",
    }


def test_shared_internal_error_message_maps_to_backupoperationfailed() -> None:
    message = "Backup failed with an internal error - Please retry the operation in a few minutes"
    assert match_message(CAT, message) == ["BackUpOperationFailed"]
    migration = (
        "The backups of VMs have failed after the policy migration from Standard to "
        "Enhanced policy."
    )
    assert match_message(CAT, migration) == ["BackUpOperationFailedV2"]


def test_swedish_messages_of_seed_codes_are_the_seed_wording() -> None:
    assert CAT.codes["GuestAgentSnapshotTaskStatusError"].message["sv"] == (
        "Det gick inte att kommunicera med VM-agenten för ögonblicks bild status"
    )
    assert CAT.codes["UserErrorRpCollectionLimitReached"].message["sv"] == (
        "Max gränsen för återställnings punkt samlingen har uppnåtts."
    )


@pytest.mark.parametrize("code", CODES, ids=lambda c: c.id)
def test_codes_have_both_languages_and_a_doc_link(code: Code) -> None:
    assert set(code.message) == set(LANGS)
    assert code.doc_url.startswith("https://learn.microsoft.com/azure/backup/")
    assert code_regex(code) is not None


@pytest.mark.parametrize("cause_id", list(CAT.causes))
def test_causes_have_matching_english_and_swedish_steps(cause_id: str) -> None:
    cause = CAT.causes[cause_id]
    assert set(cause.title) == set(LANGS) and set(cause.fix) == set(LANGS)
    assert len(cause.fix["en"]) == len(cause.fix["sv"]) >= 1
    for step in (*cause.fix["en"], *cause.fix["sv"]):
        assert not step[:1].isdigit(), f"{cause_id}: steps are numbered by bjla: {step!r}"
    # a cause only log signals name may link the agent's or the extension's docs
    docs = (
        "https://learn.microsoft.com/"
        if cause.source
        else "https://learn.microsoft.com/azure/backup/"
    )
    assert cause.doc_url.startswith(docs)


# The details a user needs to act, in both languages: (cause, text in every en and sv fix).
FACTS = [
    ("rp-collection-limit", "18"),
    ("rp-collection-limit", "AzureBackupRG_<Geo>_<number>"),
    ("rp-resource-group-lock", "AzureBackupRG_<Geo>_<number>"),
    ("rp-resource-group-lock", "AzureBackupRG_<VMName>_<number>"),
    ("disk-size-unsupported", "32 TB"),
    ("disk-size-unsupported", "4 TB"),
    ("agent-config-linux", "/etc/waagent.conf"),
    ("agent-config-linux", "Extensions.Enable=y"),
    ("agent-config-linux", "Provisioning.Agent=auto"),
    ("agent-outdated-linux", "/var/lib/waagent/*.xml"),
    ("agent-outdated-linux", "/var/log/waagent.log"),
    ("agent-outdated-linux", "/var/log/azure/*"),
    ("agent-unresponsive-windows", ".NET Framework 4.5"),
    ("snapshot-status-unavailable", "DHCP"),
    ("app-control-blocks-extension", "AppLocker"),
    ("app-control-blocks-extension", "IaaSBcdrExtension.exe"),
]


@pytest.mark.parametrize(("cause_id", "fact"), FACTS)
def test_fixes_carry_the_details_a_user_needs(cause_id: str, fact: str) -> None:
    cause = CAT.causes[cause_id]
    for lang in LANGS:
        assert fact in " ".join(cause.fix[lang]), (cause_id, lang, fact)


def test_lock_cleanup_gives_both_ways_in_both_languages() -> None:
    fix = CAT.causes["rp-resource-group-lock"].fix
    en, sv = " ".join(fix["en"]), " ".join(fix["sv"])
    assert "on-demand backup" in en and "Show hidden types" in en and "Locks" in en
    assert "säkerhetskopiering på begäran" in sv and "Visa dolda typer" in sv and "Lås" in sv
