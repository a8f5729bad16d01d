"""Shell completion through click, and a command list that imports no command module."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from rehearsal_hook.cli.group import COMMANDS, SUMMARIES, cli

from ..conftest import cli as run_cli

TOOL = str(Path(sys.executable).with_name("rehearsal-hook"))


def complete(shell: str, words: str, cword: int) -> list[str]:
    """Ask the tool what click's completion script would ask it."""
    env = dict(os.environ, COMP_WORDS=words, COMP_CWORD=str(cword), _REHEARSAL_HOOK_COMPLETE=f"{shell}_complete")
    proc = subprocess.run([TOOL], env=env, capture_output=True, text=True, check=False, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


@pytest.mark.parametrize(
    ("shell", "marker"),
    [
        ("bash", "complete -o nosort -F _rehearsal_hook_completion rehearsal-hook"),
        ("zsh", "compdef _rehearsal_hook_completion rehearsal-hook"),
        ("fish", "complete --no-files --command rehearsal-hook"),
    ],
)
def test_the_completion_script_is_produced(shell: str, marker: str) -> None:
    env = dict(os.environ, _REHEARSAL_HOOK_COMPLETE=f"{shell}_source")
    proc = subprocess.run([TOOL], env=env, capture_output=True, text=True, check=False, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert marker in proc.stdout
    assert "_REHEARSAL_HOOK_COMPLETE" in proc.stdout


@pytest.mark.parametrize(
    ("words", "cword", "expected"),
    [
        ("rehearsal-hook ch", 1, ["plain,check"]),
        ("rehearsal-hook pre-p", 1, ["plain,pre-push"]),
        ("rehearsal-hook --", 1, ["plain,--version", "plain,--debug", "plain,--help"]),
        ("rehearsal-hook check --for", 2, ["plain,--format"]),
        ("rehearsal-hook check --format s", 3, ["plain,sarif"]),
        ("rehearsal-hook explain seal-token-m", 2, ["plain,seal-token-message"]),
        ("rehearsal-hook install --hook-type pre-r", 3, ["plain,pre-receive"]),
        # File names are the shell's to list: the tool prints none (and stats nothing).
        ("rehearsal-hook check no", 2, ["file,no"]),
        ("rehearsal-hook check --config ", 3, ["file,"]),
        ("rehearsal-hook gate ", 2, ["file,"]),
    ],
)
def test_bash_completes(words: str, cword: int, expected: list[str]) -> None:
    assert complete("bash", words, cword) == expected


def test_every_command_completes_with_its_summary() -> None:
    lines = complete("zsh", "rehearsal-hook ", 1)
    # zsh's protocol: type, value, help, one per line
    triples = [lines[i : i + 3] for i in range(0, len(lines), 3)]
    got = {value: help_text for _, value, help_text in triples if not value.startswith("-")}
    assert got == {name: SUMMARIES.get(name, got.get(name)) for name in COMMANDS}


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_real_bash_completes_a_subcommand() -> None:
    """The script itself, sourced into bash: its function fills COMPREPLY."""
    script = """
        eval "$(_REHEARSAL_HOOK_COMPLETE=bash_source rehearsal-hook)"
        COMP_WORDS=(rehearsal-hook expl); COMP_CWORD=1
        _rehearsal_hook_completion rehearsal-hook
        printf '%s\\n' "${COMPREPLY[@]}"
        COMP_WORDS=(rehearsal-hook check --format sa); COMP_CWORD=3
        COMPREPLY=()
        _rehearsal_hook_completion rehearsal-hook
        printf '%s\\n' "${COMPREPLY[@]}"
    """
    env = dict(os.environ, PATH=str(Path(TOOL).parent) + os.pathsep + os.environ["PATH"])
    proc = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True, check=False, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["explain", "sarif"]


# ---------------------------------------------------------------------------------------------
# The command list: from the table, without importing the commands


def _modules_after(args: list[str], env: dict[str, str] | None = None) -> set[str]:
    code = (
        "import sys\nfrom rehearsal_hook.cli.main import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "sys.stdout.flush()\nsys.stderr.write('\\nMODULES ' + ' '.join(sorted(sys.modules)))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=False)
    return set(proc.stderr.rpartition("MODULES ")[2].split())


def test_help_and_completion_import_no_command_module() -> None:
    for modules in (
        _modules_after(["--help"]),
        _modules_after(
            [], dict(os.environ, COMP_WORDS="rehearsal-hook ", COMP_CWORD="1", _REHEARSAL_HOOK_COMPLETE="zsh_complete")
        ),
    ):
        assert "rehearsal_hook.cli.group" in modules
        assert not {m for m in modules if m.startswith("rehearsal_hook.cli.")} - {
            "rehearsal_hook.cli.group",
            "rehearsal_hook.cli.main",
        }


def test_every_command_has_a_summary_that_fits() -> None:
    assert set(SUMMARIES) == set(COMMANDS), "give every command a one-line summary in cli.SUMMARIES"
    ctx = click.Context(cli)
    width = 80 - 6 - max(map(len, COMMANDS))  # click's room for it in an 80-column help
    for name, summary in SUMMARIES.items():
        assert len(summary) <= width, name
        command = cli.get_command(ctx, name)
        assert command is not None and command.get_short_help_str(width) == summary
    listing = run_cli(["--help"]).out
    for name, summary in SUMMARIES.items():
        assert f"  {name}" in listing and summary in listing


def test_every_command_has_help() -> None:
    for name in COMMANDS:
        run = run_cli([name, "--help"])
        assert run.code == 0, name
        assert f"Usage: rehearsal-hook {name}" in run.out


def test_no_command_prints_the_help() -> None:
    run = run_cli([])
    assert run.code == 2
    assert run.err.startswith("Usage: rehearsal-hook") and "rehearsal-hook: error" not in run.err
    assert all(name in run.err for name in COMMANDS)
