"""Benchmarks of bjla against polars, pandas and grep: ``python -m benchmarks.run``."""
