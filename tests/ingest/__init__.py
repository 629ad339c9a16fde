"""Tests of the job-history readers (analyzer/ingest)."""
