"""bjla's fuzz harness: mutated sample inputs run through the CLI, checked for crashes,
broken row accounting, leftovers and slow runs. ``python -m tools.fuzz --help``.
"""
