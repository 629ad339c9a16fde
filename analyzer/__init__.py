"""bjla: backup job log analyzer for Azure VM backup job histories and guest-agent logs.

Importing the package changes nothing in the process: the allocator and reader defaults
the command line wants are set by its entry point (``analyzer.entry``).
"""

__version__ = "0.1.0"

# The library API (``analyzer.api``), imported on first use: ``import analyzer`` alone does
# not import polars (the console script sets up the stop watcher before polars starts).
__all__ = [
    "Analysis",
    "AnalyzeOptions",
    "Catalogue",
    "LogOptions",
    "RunResult",
    "Table",
    "__version__",
    "analyze",
    "load_catalogue",
    "read_evidence",
    "render_table",
    "table",
]

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from analyzer.api import (
        Analysis,
        AnalyzeOptions,
        Catalogue,
        LogOptions,
        RunResult,
        Table,
        analyze,
        load_catalogue,
        read_evidence,
        render_table,
        table,
    )


def __getattr__(name: str) -> object:
    """The library API's names, from ``analyzer.api`` when first asked for."""
    if name in __all__ and name != "__version__":
        from analyzer import api

        return getattr(api, name)
    raise AttributeError(f"module 'analyzer' has no attribute {name!r}")
