"""Tests of the command line (analyzer/cli.py, entry points and exit codes)."""
