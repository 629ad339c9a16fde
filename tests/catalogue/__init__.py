"""Tests of the catalogue: loading, matching, samples and explain."""
