"""Ingest: read job-history exports of any known shape into canonical job records.

``read_source`` recognises a materialized input by its content (CSV header, JSON keys,
XLSX sheet headers) and returns one lazy frame per job table, with exactly the columns of
``analyzer.schema.INGESTED_SCHEMA``. Every data row becomes one output row: a job record
(``reject_reason`` null) or a reject with the reason and its ``source_row``. Duplicates
are kept (``job_id`` and ``recorded_at`` let the caller keep the latest record).
"""

from __future__ import annotations

from analyzer.ingest.detect import read_source
from analyzer.ingest.model import SourceRead
from analyzer.ingest.registry import KNOWN_SHAPES

__all__ = ["KNOWN_SHAPES", "SourceRead", "read_source"]
