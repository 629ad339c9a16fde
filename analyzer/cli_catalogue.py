"""The commands about the catalogue: ``explain``, ``patterns list|show|validate``, ``columns``.

They read no input; ``analyzer.cli`` registers them beside the commands that do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from analyzer.catalogue.load import validate_dir
from analyzer.cli_options import (
    Lang,
    LangOpt,
    OutputFlags,
    PatternsOpt,
    catalogue,
    check_written,
    with_families,
)
from analyzer.cli_output import fail, guarded, say, write_tables
from analyzer.columns import reference
from analyzer.render import NamedTable, escape_controls
from analyzer.render.explain import entry_text, explain_text, patterns_table


def _shown(text: str) -> str:
    """Catalogue text for the terminal (an overlay's control characters as escapes)."""
    return escape_controls(text, keep="\n\t")


@guarded
def explain(
    code: Annotated[str, typer.Argument(help="An error code, variant spelling or numeric code.")],
    lang: LangOpt = Lang.en,
    patterns: PatternsOpt = None,
) -> None:
    """Print a code's message, its causes in documentation order and each fix.

    Example:

        bjla explain GuestAgentSnapshotTaskStatusError --lang sv
    """
    typer.echo(_shown(explain_text(catalogue(patterns), code, lang.value)), nl=False)


patterns_app = typer.Typer(
    help=(
        "List, show and validate the pattern catalogue.\n\n"
        "Example:\n\n"
        "    bjla patterns validate ./my-patterns"
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)


@patterns_app.command("list")
@guarded
@with_families(out=OutputFlags)
def patterns_list(out: OutputFlags, patterns: PatternsOpt = None) -> None:
    """Every cause, code and signal in the catalogue, one row each.

    Example:

        bjla patterns list -f csv > catalogue.csv
    """
    chosen = out.format()
    check_written([("-o", out.output)], [], None, None, patterns)
    named: list[NamedTable] = [("patterns", patterns_table(catalogue(patterns)))]
    write_tables(named, chosen, out.output, raw=out.raw, style=out.style())


@patterns_app.command("show")
@guarded
def patterns_show(
    entry_id: Annotated[str, typer.Argument(metavar="ID", help="A code, cause or signal id.")],
    lang: LangOpt = Lang.en,
    patterns: PatternsOpt = None,
) -> None:
    """Everything the catalogue holds about one entry.

    Example:

        bjla patterns show agent-config-linux
    """
    typer.echo(_shown(entry_text(catalogue(patterns), entry_id, lang.value)), nl=False)


@patterns_app.command("validate")
@guarded
def patterns_validate(
    folder: Annotated[
        Path, typer.Argument(help="A folder of catalogue TOML files.", exists=True, file_okay=False)
    ],
) -> None:
    """Check a catalogue folder with the same rules bjla applies when it loads one.

    Example:

        bjla patterns validate ./my-patterns
    """
    problems = validate_dir(folder)
    for problem in problems:
        say(problem)
    if problems:
        fail(f"{folder}: {len(problems)} problem(s)", 2)
    typer.echo(f"{folder}: valid")


@guarded
def columns(
    table: Annotated[
        str | None,
        typer.Argument(
            help="by-vm, by-code, by-cause, by-day, failures, rejects, evidence, log-files"
            " or report (default: all).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """What every column of every table (and every report figure) means.

    Example:

        bjla columns by-vm
    """
    typer.echo(reference(table), nl=False)
