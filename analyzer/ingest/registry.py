"""Every shape id bjla reads, with a one-line description, and the unknown-shape error."""

from __future__ import annotations

from analyzer.columns import BY_NAME
from analyzer.errors import AggregateTableError, UnknownShapeError
from analyzer.ingest.diagnostic_archive import ARCHIVE_DESCRIPTION, ARCHIVE_SHAPE
from analyzer.ingest.headers import fold
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


# bjla's tables that are not job rows, recognised to say so rather than "unknown".
OWN_TABLES = ("by-vm", "by-code", "by-cause", "by-day", "rejects", "evidence", "templates")


def unknown_shape(name: str, seen: list[str]) -> UnknownShapeError:
    """The error for an input that matches no known shape (lists what was seen); one of
    bjla's own aggregate tables is named as such."""
    keys = {fold(str(key)) for key in seen}
    for table in OWN_TABLES:
        if set(BY_NAME[table].names) <= keys:
            return AggregateTableError(name, table, seen, list(KNOWN_SHAPES))
    return UnknownShapeError(name, seen, list(KNOWN_SHAPES))
