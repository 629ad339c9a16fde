"""bjla in the shell: tab completion for bash, zsh and fish, and help that reads cleanly.

``bjla completion SHELL`` prints the script a shell sources; the shell then asks ``bjla``
itself what may follow (typer's protocol: the ``_BJLA_COMPLETE`` variable), so commands,
options and choices such as ``--by`` values always match the installed version, and
file names are left to the shell's own file completion. The help of every command is
formatted by ``CleanHelp``: arguments read ``INPUT...`` as in a man page, not typer's
``{INPUT}...`` and ``INPUT <list[str]>``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

# typer's own click, and its completion scripts: not exported, but what its own
# --show-completion uses (pinned by tests/cli/test_shell.py, which runs every shell's script)
from typer import _click
from typer._completion_classes import completion_init
from typer._completion_shared import get_completion_script
from typer.core import TyperCommand, TyperGroup
from typer.models import DefaultPlaceholder

PROG = "bjla"
COMPLETE_VAR = "_BJLA_COMPLETE"

# The shells' completion classes, registered once: without them a completion request
# from a shell (``_BJLA_COMPLETE=complete_bash``) would be refused.
completion_init()


class Shell(StrEnum):
    """The shells bjla completes in."""

    bash = "bash"
    zsh = "zsh"
    fish = "fish"


INSTALL = {
    Shell.bash: 'eval "$(bjla completion bash)"  # in ~/.bashrc',
    Shell.zsh: 'eval "$(bjla completion zsh)"  # in ~/.zshrc, after compinit',
    Shell.fish: "bjla completion fish > ~/.config/fish/completions/bjla.fish",
}


def completion(
    shell: Annotated[Shell, typer.Argument(help="bash, zsh or fish.", metavar="SHELL")],
) -> None:
    """Print the tab-completion script for a shell (commands, options, choices, files).

    Example:

        eval "$(bjla completion bash)"      # add the line to ~/.bashrc

        eval "$(bjla completion zsh)"       # ~/.zshrc, after compinit

        bjla completion fish > ~/.config/fish/completions/bjla.fish
    """
    script = get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell.value)
    typer.echo(f"# bjla tab completion for {shell.value}: {INSTALL[shell]}\n{script.rstrip()}")


class CleanHelp(TyperCommand):
    """A command whose usage line and argument list name arguments as a man page does."""

    def collect_usage_pieces(self, ctx: _click.Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = argument_name(param)
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_options(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append((argument_name(param), record[1]))
            else:
                options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def argument_name(param: _click.Parameter) -> str:
    """``INPUT...`` for an argument that takes many, ``CODE`` for one."""
    name = (param.metavar or param.name or "").upper()
    return f"{name}..." if param.nargs != 1 else name


class HelpWhenBare(TyperGroup):
    """A group that, given no command (``bjla history``), shows its help and exits 0
    (click's ``no_args_is_help`` exits 2, as for a usage error)."""

    def parse_args(self, ctx: _click.Context, args: list[str]) -> list[str]:
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            typer.echo(ctx.get_help())
            ctx.exit(0)
        return super().parse_args(ctx, args)


def clean_help_everywhere(app: typer.Typer) -> None:
    """Every command of ``app`` and its groups formatted by ``CleanHelp``, every group a
    ``HelpWhenBare`` (unless given a class of their own); called once, after the last
    command is added."""
    for info in app.registered_commands:
        if info.cls in (None, TyperCommand):
            info.cls = CleanHelp
    for group in app.registered_groups:
        if group.typer_instance is not None:
            if isinstance(group.typer_instance.info.cls, DefaultPlaceholder):
                group.typer_instance.info.cls = HelpWhenBare
            clean_help_everywhere(group.typer_instance)
