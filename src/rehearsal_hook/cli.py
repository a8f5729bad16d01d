"""The click group: options common to every command, and the command list."""

from __future__ import annotations

import importlib

import click

from rehearsal_hook import __version__

# name -> "module:attribute".  Commands are imported only when run: a hook runs on every
# commit, and importing every command's dependencies would cost more than the work.
COMMANDS = {
    "check": "rehearsal_hook.commands.check:check_command",
    "gate": "rehearsal_hook.commands.gate:gate_command",
    "probes": "rehearsal_hook.commands.probes:probes_command",
    "pre-commit": "rehearsal_hook.commands.hooks:pre_commit_command",
    "pre-merge-commit": "rehearsal_hook.commands.hooks:pre_merge_commit_command",
    "commit-msg": "rehearsal_hook.commands.hooks:commit_msg_command",
    "pre-push": "rehearsal_hook.commands.hooks:pre_push_command",
    "pre-receive": "rehearsal_hook.commands.hooks:pre_receive_command",
    "install": "rehearsal_hook.commands.install:install_command",
    "uninstall": "rehearsal_hook.commands.install:uninstall_command",
    "baseline": "rehearsal_hook.commands.baseline:baseline_command",
    "explain": "rehearsal_hook.commands.explain:explain_command",
    "init": "rehearsal_hook.commands.init:init_command",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, _, attr = target.partition(":")
        command = getattr(importlib.import_module(module), attr)
        assert isinstance(command, click.Command)
        return command


EPILOG = """\b
Examples:
  rehearsal-hook check --all-files            scan every tracked file
  rehearsal-hook gate a.rehearsal.json        gate one request
  rehearsal-hook probes                       prove the gate fails closed
  rehearsal-hook COMMAND --help               help on one command

\b
Exit codes: 0 clean, 1 blocked, 2 usage/config error, 3 internal/git/output error,
130 interrupted.
"""


@click.group(cls=LazyGroup, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="rehearsal-hook")
@click.option("--debug", is_flag=True, help="Show a traceback on internal errors.")
def cli(debug: bool) -> None:
    """Fail-closed guard for production-rehearsal requests, reports and seal-like tokens."""
