"""Tests of the agent-log evidence readers (analyzer/evidence)."""
