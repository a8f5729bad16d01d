"""The click group: options common to every command, and the command list."""

from __future__ import annotations

import click

from rehearsal_hook import __version__
from rehearsal_hook.commands.baseline import baseline_command
from rehearsal_hook.commands.check import check_command
from rehearsal_hook.commands.gate import gate_command
from rehearsal_hook.commands.hooks import (
    commit_msg_command,
    pre_commit_command,
    pre_merge_commit_command,
    pre_push_command,
    pre_receive_command,
)
from rehearsal_hook.commands.install import install_command, uninstall_command
from rehearsal_hook.commands.probes import probes_command

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


@click.group(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="rehearsal-hook")
@click.option("--debug", is_flag=True, help="Show a traceback on internal errors.")
def cli(debug: bool) -> None:
    """Fail-closed guard for production-rehearsal requests, reports and seal-like tokens."""


cli.add_command(check_command)
cli.add_command(gate_command)
cli.add_command(probes_command)
cli.add_command(pre_commit_command)
cli.add_command(pre_merge_commit_command)
cli.add_command(commit_msg_command)
cli.add_command(pre_push_command)
cli.add_command(pre_receive_command)
cli.add_command(install_command)
cli.add_command(uninstall_command)
cli.add_command(baseline_command)
