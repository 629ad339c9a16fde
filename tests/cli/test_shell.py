"""bjla in the shell: plain ``bjla`` shows the help, help names arguments cleanly, and tab
completion offers commands, options and choices in bash, zsh and fish, leaving file names
to the shell (one real bash runs the printed script end to end).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest
from typer.main import get_command

from analyzer.cli import app
from tests.cli.support import invoke
from tests.cli.test_help import PATHS

COMMAND = get_command(app)
# What typer would show were the help left to it: {INPUT}, <list[str]>, <str>, <int range>.
UNCLEAN = re.compile(r"\{\w+\}|<list\[|<str>|<int range>|<float range>")


def test_plain_bjla_shows_the_help_and_exits_0() -> None:
    result = invoke([])
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: bjla [OPTIONS] COMMAND [ARGS]...")
    assert "analyze" in result.stdout and "completion" in result.stdout


@pytest.mark.parametrize("group", ["history", "patterns"])
def test_a_bare_group_shows_its_help_and_exits_0(group: str) -> None:
    result = invoke([group])
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: bjla {group} [OPTIONS] COMMAND [ARGS]...")


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "bjla")
def test_help_names_arguments_and_values_cleanly(path: tuple[str, ...]) -> None:
    text = invoke([*path, "--help"]).stdout
    assert not UNCLEAN.findall(text), UNCLEAN.findall(text)


def test_arguments_read_as_in_a_man_page() -> None:
    analyze = invoke(["analyze", "--help"]).stdout
    assert "Usage: bjla analyze [OPTIONS] INPUT...\n" in analyze
    assert "\n  INPUT...  Job-history files" in analyze
    assert "Usage: bjla explain [OPTIONS] CODE\n" in invoke(["explain", "--help"]).stdout
    assert "Usage: bjla columns [OPTIONS] [TABLE]\n" in invoke(["columns", "--help"]).stdout


def _complete(
    shell: str, line: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> str:
    """What bjla answers a shell asking to complete ``line`` (in this process)."""
    monkeypatch.setenv("_BJLA_COMPLETE", f"complete_{shell}")
    if shell == "bash":
        words = line.split(" ")
        monkeypatch.setenv("COMP_WORDS", line)
        monkeypatch.setenv("COMP_CWORD", str(len(words) - 1))
    else:
        monkeypatch.setenv("_TYPER_COMPLETE_ARGS", line)
        monkeypatch.setenv("_TYPER_COMPLETE_FISH_ACTION", "get-args")
    capsys.readouterr()
    with pytest.raises(SystemExit):
        COMMAND.main(args=[], prog_name="bjla")
    return capsys.readouterr().out


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_offers_commands_options_and_choices(
    shell: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def words(line: str) -> set[str]:
        return set(re.findall(r"[\w-]+", _complete(shell, line, monkeypatch, capsys)))

    assert {"analyze", "failures", "report", "completion"} <= words("bjla ")
    assert {"--by", "--logs", "--since", "--output"} <= words("bjla analyze --")
    assert {"vm", "code", "cause", "day"} <= words("bjla analyze sample_logs --by ")
    assert {"html", "md", "xlsx"} <= words("bjla report x.csv -f ")
    assert {"bash", "zsh", "fish"} <= words("bjla completion ")
    # Where a file goes, bjla offers nothing, so the shell completes file names itself.
    answer = _complete(shell, "bjla analyze -o fl", monkeypatch, capsys).strip()
    assert answer in ("", "_files"), answer


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_script_names_bjla_and_its_variable(shell: str) -> None:
    result = invoke(["completion", shell])
    assert result.exit_code == 0
    assert "_BJLA_COMPLETE=complete_" + shell in result.stdout
    assert result.stdout.startswith(f"# bjla tab completion for {shell}: ")


def test_bash_completes_with_the_printed_script() -> None:
    bash = shutil.which("bash")
    bjla = shutil.which("bjla", path=os.path.dirname(sys.executable))
    if bash is None or bjla is None:
        pytest.skip("needs bash and the installed bjla console script")
    script = invoke(["completion", "bash"]).stdout
    run = (
        f"{script}\nCOMP_WORDS=(bjla analyze sample_logs --by c); COMP_CWORD=4;"
        ' _bjla_completion bjla; printf "%s\\n" "${COMPREPLY[@]}"'
    )
    env = {**os.environ, "PATH": f"{os.path.dirname(bjla)}:{os.environ['PATH']}"}
    done = subprocess.run(
        [bash, "--norc", "-c", run], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.stdout.split() == ["code", "cause"], done.stderr
