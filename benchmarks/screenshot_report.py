"""Render a weekly report HTML file to PNG with headless Chromium, to look at it.

    python benchmarks/screenshot_report.py report.html -o report.png
    python benchmarks/screenshot_report.py report.html --print-pdf report.pdf   # print layout

Chromium runs with a fresh profile, no network services, no GPU; the page itself
loads nothing from the network (the report is self-contained). Needs Debian's
``chromium`` package (``apt-get install -y chromium``).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
BASE_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def find_chromium(explicit: str | None = None) -> str:
    """The Chromium binary to use, or exit with a hint on how to install it."""
    candidates = [explicit] if explicit else ["/usr/bin/chromium", *CHROMIUM_NAMES]
    for name in candidates:
        found = shutil.which(name) if name else None
        if found:
            return found
    sys.exit("chromium not found: install it with `apt-get install -y chromium` or pass --chromium")


def chromium_command(
    binary: str,
    html: Path,
    profile: Path,
    *,
    png: Path | None,
    pdf: Path | None,
    width: int,
    height: int,
) -> list[str]:
    """The command line that renders ``html`` once."""
    command = [binary, *BASE_FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"]
    if png is not None:
        command.append(f"--screenshot={png}")
    if pdf is not None:
        command += ["--no-pdf-header-footer", f"--print-to-pdf={pdf}"]
    return [*command, html.resolve().as_uri()]


def render(
    html: Path,
    *,
    png: Path | None,
    pdf: Path | None = None,
    width: int = 1280,
    height: int = 2400,
    binary: str | None = None,
    timeout: float = 120.0,
) -> None:
    """Render ``html`` to a PNG screenshot and/or a PDF (print layout)."""
    chromium = find_chromium(binary)
    with tempfile.TemporaryDirectory(prefix="bjla-chromium-") as profile:
        command = chromium_command(
            chromium, html, Path(profile), png=png, pdf=pdf, width=width, height=height
        )
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    target = png or pdf
    if done.returncode != 0 or target is None or not target.exists():
        sys.exit(f"chromium failed (exit {done.returncode}):\n{done.stderr[-2000:]}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", type=Path, help="the report HTML file")
    parser.add_argument("-o", "--output", type=Path, help="PNG to write (default: next to html)")
    parser.add_argument("--print-pdf", type=Path, help="also print the page to this PDF")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=2400)
    parser.add_argument("--chromium", help="path of the Chromium binary")
    args = parser.parse_args(argv)
    png = args.output or args.html.with_suffix(".png")
    render(args.html, png=png, width=args.width, height=args.height, binary=args.chromium)
    if args.print_pdf:
        render(args.html, png=None, pdf=args.print_pdf, binary=args.chromium)
    print(png)


if __name__ == "__main__":
    main()
