"""The pattern catalogue: error codes, causes, fixes and log signals, loaded from patterns/*.toml.

Public API: ``load_catalogue`` / ``validate_dir`` (load.py), ``message_code_expr`` /
``match_message`` (match.py), ``resolve_code`` / ``UnknownEntryError`` (find.py), and the
model classes (model.py). Showing entries to a person is ``analyzer.render.explain``.
"""

from analyzer.catalogue.fields import regex_problems
from analyzer.catalogue.find import UnknownEntryError, resolve_code
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
    "load_catalogue",
    "match_message",
    "message_code_expr",
    "normalize_message",
    "normalize_message_expr",
    "regex_problems",
    "resolve_code",
    "unreachable_causes",
    "validate_dir",
]
