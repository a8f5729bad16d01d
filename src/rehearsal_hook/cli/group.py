"""The click group: options common to every command, and the command list."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

import click

from rehearsal_hook import __version__
from rehearsal_hook.errors import exit_codes_help

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

# name -> "module:attribute".  Commands are imported only when run: a hook runs on every
# commit, and importing every command's dependencies would cost more than the work.
COMMANDS = {
    "check": "rehearsal_hook.cli.check:check_command",
    "gate": "rehearsal_hook.cli.gate:gate_command",
    "probes": "rehearsal_hook.cli.probes:probes_command",
    "pre-commit": "rehearsal_hook.cli.commit_hooks:pre_commit_command",
    "pre-merge-commit": "rehearsal_hook.cli.commit_hooks:pre_merge_commit_command",
    "commit-msg": "rehearsal_hook.cli.commit_hooks:commit_msg_command",
    "pre-applypatch": "rehearsal_hook.cli.commit_hooks:pre_applypatch_command",
    "applypatch-msg": "rehearsal_hook.cli.commit_hooks:applypatch_msg_command",
    "pre-push": "rehearsal_hook.cli.push_hooks:pre_push_command",
    "pre-receive": "rehearsal_hook.cli.push_hooks:pre_receive_command",
    "install": "rehearsal_hook.cli.install:install_command",
    "uninstall": "rehearsal_hook.cli.install:uninstall_command",
    "baseline": "rehearsal_hook.cli.baseline:baseline_command",
    "explain": "rehearsal_hook.cli.explain:explain_command",
    "init": "rehearsal_hook.cli.init:init_command",
}


# name -> the one-line summary `rehearsal-hook --help` and shell completion show, kept here
# so that neither imports a command module (start-up counts; each command's full help is
# in its own module).  A command missing here is imported to ask it.
SUMMARIES = {
    "check": "Scan files for tokens; gate requests, check reports.",
    "gate": "Gate rehearsal request files ('-' reads stdin).",
    "probes": "Prove the gate fails closed: run the bad-input probes.",
    "pre-commit": "Hook: check the staged content (the index).",
    "pre-merge-commit": "Hook: check the staged merge result.",
    "commit-msg": "Hook: check the commit message.",
    "pre-applypatch": "Hook: check the patch git am applied (the index).",
    "applypatch-msg": "Hook: check the message of the patch git am commits.",
    "pre-push": "Hook: check every commit a push sends.",
    "pre-receive": "Server hook: check every pushed commit.",
    "install": "Install the native git hooks.",
    "uninstall": "Remove the hooks this tool installed.",
    "baseline": "Record existing token findings; only new ones block.",
    "explain": "Explain a rule code: why it blocks, how to fix it.",
    "init": "Write a commented .rehearsal-hook.toml; print the snippet.",
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
        if cmd_name in SUMMARIES:
            command.short_help = SUMMARIES[cmd_name]  # one text wherever the command is listed
        return command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and name not in COMMANDS and not name.startswith("-") and not ctx.resilient_parsing:
            import difflib

            close = difflib.get_close_matches(name, list(COMMANDS), n=3, cutoff=0.6)
            if close:
                raise click.UsageError(
                    f"No such command {name!r}. Did you mean {' or '.join(repr(c) for c in close)}?", ctx
                )
        return super().resolve_command(ctx, args)

    def summary(self, ctx: click.Context, name: str, limit: int = 45) -> str:
        if name in SUMMARIES:
            return SUMMARIES[name]
        command = self.get_command(ctx, name)
        return command.get_short_help_str(limit) if command is not None else ""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names))
        with formatter.section("Commands"):
            formatter.write_dl([(name, self.summary(ctx, name, limit)) for name in names])

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[CompletionItem]:
        from click.shell_completion import CompletionItem

        names = [n for n in self.list_commands(ctx) if n.startswith(incomplete)]
        # The group's own options: click.Command's completion, skipping click.Group's, which
        # would import every command to read its help.
        return [CompletionItem(n, help=self.summary(ctx, n)) for n in names] + click.Command.shell_complete(
            self, ctx, incomplete
        )


EPILOG = """\b
Examples:
  rehearsal-hook check --all-files            scan every tracked file
  rehearsal-hook gate a.rehearsal.json        gate one request
  rehearsal-hook probes                       prove the gate fails closed
  rehearsal-hook COMMAND --help               help on one command
  rehearsal-hook explain CODE                 what a finding's code means

\b
Shell completion (bash; zsh_source, fish_source likewise):
  eval "$(_REHEARSAL_HOOK_COMPLETE=bash_source rehearsal-hook)"

"""
EPILOG += "\n" + exit_codes_help("clean", "blocked")


@click.group(cls=LazyGroup, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="rehearsal-hook")
@click.option("--debug", is_flag=True, help="Show a traceback on internal errors.")
def cli(debug: bool) -> None:
    """Fail-closed guard for production-rehearsal requests, reports and seal-like tokens."""
