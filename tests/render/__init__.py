"""Tests of the table renderers (analyzer/render)."""
