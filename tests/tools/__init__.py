"""Tests of the development tools in tools/ (the sample generators and the fuzz harness)."""
