"""bjla: backup job log analyzer for Azure VM backup job histories and guest-agent logs."""

import os

# Polars allocates through jemalloc, which keeps freed pages for a second or more. A large
# input is read and analyzed block by block, and that cache would hold the peaks of
# several blocks at once: return freed pages a little sooner. (Returning them at once
# costs more in page faults than it saves.) This only takes effect when bjla is imported
# before polars, as the CLI is; a user's own setting wins.
os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:200,muzzy_decay_ms:0")

__version__ = "0.1.0"
