"""Tests of the weekly report (analyzer/report)."""
