"""The pattern catalogue: error codes, causes, fixes and log signals, loaded from patterns/*.toml.

Public API: ``load_catalogue`` / ``validate_dir`` (load.py), ``message_code_expr`` /
``match_message`` (match.py), ``explain_text`` / ``entry_text`` / ``patterns_table``
(explain.py), and the model classes (model.py).
"""

from analyzer.catalogue.explain import (
    UnknownEntryError,
    entry_text,
    explain_text,
    patterns_table,
    resolve_code,
)
from analyzer.catalogue.fields import regex_problems
from analyzer.catalogue.load import (
    builtin_patterns_dir,
    load_catalogue,
    unreachable_causes,
    validate_dir,
)
from analyzer.catalogue.match import (
    classify_message,
    match_message,
    message_code_expr,
    normalize_message,
    normalize_message_expr,
)
from analyzer.catalogue.model import Catalogue, Cause, Code, Signal

__all__ = [
    "Catalogue",
    "Cause",
    "Code",
    "Signal",
    "UnknownEntryError",
    "builtin_patterns_dir",
    "classify_message",
    "entry_text",
    "explain_text",
    "load_catalogue",
    "match_message",
    "message_code_expr",
    "normalize_message",
    "normalize_message_expr",
    "patterns_table",
    "regex_problems",
    "resolve_code",
    "unreachable_causes",
    "validate_dir",
]
