"""bjla: backup job log analyzer for Azure VM backup job histories and guest-agent logs."""

__version__ = "0.1.0"
