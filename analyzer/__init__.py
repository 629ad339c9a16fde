"""bjla: backup job log analyzer for Azure VM backup job histories and guest-agent logs."""

import os

# Polars allocates through jemalloc, which by default keeps freed pages for seconds. A
# large input is read and analyzed block by block, so that cache would hold the peak of
# every block at once: ask for freed pages to go back to the system promptly. This only
# takes effect when bjla is imported before polars (the CLI is); a user's own setting wins.
os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:0,muzzy_decay_ms:0")

__version__ = "0.1.0"
