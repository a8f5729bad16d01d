"""``rehearsal-hook check``: scan paths for seal-like tokens, gate requests, check reports."""

from __future__ import annotations

import click

from rehearsal_hook import reporters, workspace
from rehearsal_hook.commands.common import config_option, format_option
from rehearsal_hook.console import Console
from rehearsal_hook.engine import Rules, run_check
from rehearsal_hook.errors import EXIT_BLOCKED, EXIT_CLEAN

EPILOG = """\b
Examples:
  rehearsal-hook check rehearsal/ docs/notes.md
  rehearsal-hook check --all-files --format json
  rehearsal-hook check -- --odd-file-name.md     (after --, names are never options)

\b
Exit codes: 0 clean, 1 blocked (findings or input that cannot be verified),
2 usage or configuration error, 3 internal, git or output error, 130 interrupted.
"""


@click.command("check", epilog=EPILOG)
@format_option
@config_option
@click.option("--all-files", is_flag=True, help="Check every file git tracks (read from the working tree).")
@click.argument("paths", nargs=-1, metavar="[PATHS]...")
def check_command(fmt: str, config_path: str | None, all_files: bool, paths: tuple[str, ...]) -> int:
    """Scan files for seal-like tokens and gate the rehearsal requests and reports among them.

    Every path is token-scanned; request files are gated, report files checked for
    consistency, probe files must be blocked.  Directories are walked.
    """
    if not paths and not all_files:
        raise click.UsageError("nothing to check: give PATHS or --all-files")
    root = workspace.find_root()
    config = workspace.load_config(root, config_path)
    rules = Rules(config)
    items = list(workspace.all_files_items(root)) if all_files else []
    items += list(workspace.path_items(root, list(paths)))
    report = run_check(rules, items)
    console = Console(rules.matcher)
    console.out(reporters.check_json(report) if fmt == "json" else reporters.check_text(report))
    return EXIT_BLOCKED if report.blocking else EXIT_CLEAN
