"""Development tools for bjla that are not part of the installed package (the fuzz harness)."""
