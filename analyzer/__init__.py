"""bjla: backup job log analyzer for Azure VM backup job histories and guest-agent logs.

Importing the package changes nothing in the process: the allocator and reader defaults
the command line wants are set by its entry point (``analyzer.entry``).
"""

__version__ = "0.1.0"
