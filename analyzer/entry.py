"""The console-script entry point: the stop signals are watched before polars starts threads.

``analyzer.cli`` imports polars, which starts threads on import; a thread started before
``stopping.watch`` would still receive Ctrl-C or SIGTERM and delay the stop.
"""

from __future__ import annotations

from analyzer import stopping


def main() -> None:
    """Run the ``bjla`` command line."""
    stopping.watch()
    from analyzer.cli import main as cli_main  # only now: it imports polars

    cli_main()
