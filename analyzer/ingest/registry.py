"""Every shape id bjla reads, with a one-line description, and the unknown-shape error."""

from __future__ import annotations

from analyzer.errors import UnknownShapeError
from analyzer.ingest.diagnostic_archive import ARCHIVE_DESCRIPTION, ARCHIVE_SHAPE
from analyzer.ingest.table_shapes import FAMILIES

REST_JSON = "rest-json"
REST_NDJSON = "rest-ndjson"

KNOWN_SHAPES: dict[str, str] = {
    **{
        family.shape_id(container): f"{family.description} ({container.upper()})"
        for family in FAMILIES
        for container in family.containers
    },
    REST_JSON: 'az backup job list -o json / REST backupJobs JSON (a list or {"value": [...]})',
    REST_NDJSON: "backupJobs resources as NDJSON (one JSON object per line)",
    ARCHIVE_SHAPE: ARCHIVE_DESCRIPTION,
}


def unknown_shape(name: str, seen: list[str]) -> UnknownShapeError:
    """The error for an input that matches no known shape (lists what was seen)."""
    return UnknownShapeError(name, seen, list(KNOWN_SHAPES))
