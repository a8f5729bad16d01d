"""``rehearsal-hook install`` / ``uninstall``: native git hooks that run the hook modes.

The scripts are the ones in the project's ``hooks/`` folder, with the Python that installed
them remembered (so a hook works without the virtual environment on PATH).  A hook this tool
did not write is never overwritten without ``--force``, and never removed.
"""

from __future__ import annotations

import os
import shutil
import sys

import click

from rehearsal_hook.cli.options import write_atomic
from rehearsal_hook.errors import EXIT_CLEAN, ConfigError, OutputError
from rehearsal_hook.git.queries import hooks_dir, show_toplevel_and_gitdir
from rehearsal_hook.output.console import Console

CLIENT_HOOKS = ("pre-commit", "pre-merge-commit", "commit-msg", "pre-push")
SERVER_HOOKS = ("pre-receive",)
MARKER = "# rehearsal-hook: managed hook"

TEMPLATE = """\
#!/bin/sh
{marker} ({mode}); 'rehearsal-hook uninstall' removes it.
# Runs 'rehearsal-hook {mode}' with git's arguments (after --, so a remote named -h is a
# name, never an option) and stdin.  When the tool cannot be found the hook fails: a missing
# checker must never let a commit or a push through.
INSTALL_PYTHON={python}
if [ -n "$INSTALL_PYTHON" ] && [ -x "$INSTALL_PYTHON" ]; then
    exec "$INSTALL_PYTHON" -m rehearsal_hook {mode} -- "$@"
fi
if command -v rehearsal-hook >/dev/null 2>&1; then
    exec rehearsal-hook {mode} -- "$@"
fi
echo "rehearsal-hook: cannot run the {mode} hook: the 'rehearsal-hook' command is not installed" >&2
echo "rehearsal-hook: (or not on PATH).  Install it: python3 -m pip install rehearsal-hook" >&2
echo "rehearsal-hook: (from a checkout: python3 -m pip install -e .), or remove the hook:" >&2
echo "rehearsal-hook: rehearsal-hook uninstall, or delete $0" >&2
exit 1
"""


def _sh_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def hook_script(mode: str, python: str = "") -> str:
    """The hook for ``mode``; ``python`` empty for the portable scripts in ``hooks/``."""
    return TEMPLATE.format(marker=MARKER, mode=mode, python=_sh_quote(python))


def _ours(path: str) -> bool:
    try:
        with open(path, "rb") as fh:
            return MARKER.encode() in fh.read(4096)
    except OSError:
        return False


def _hook_types(chosen: tuple[str, ...], bare: bool) -> tuple[str, ...]:
    if chosen:
        return chosen
    return SERVER_HOOKS if bare else CLIENT_HOOKS


def _target_dir() -> tuple[str, bool]:
    root, gitdir = show_toplevel_and_gitdir()
    return hooks_dir(root or gitdir), root is None


hook_type_option = click.option(
    "--hook-type",
    "hook_types",
    multiple=True,
    type=click.Choice(CLIENT_HOOKS + SERVER_HOOKS),
    help="Hook to install (repeatable).  Default: the client hooks; pre-receive in a bare repository.",
)


@click.command("install")
@hook_type_option
@click.option(
    "--force", is_flag=True, help="Replace hooks this tool did not write (kept as NAME.rehearsal-hook-backup)."
)
def install_command(hook_types: tuple[str, ...], force: bool) -> int:
    """Install native git hooks (honours core.hooksPath; worktrees share the common hooks)."""
    folder, bare = _target_dir()
    chosen = _hook_types(hook_types, bare)
    foreign = [m for m in chosen if os.path.lexists(os.path.join(folder, m)) and not _ours(os.path.join(folder, m))]
    if foreign and not force:
        raise ConfigError(
            f"{', '.join(foreign)}: a hook not written by rehearsal-hook is in {folder}; "
            "chain it yourself, or use --force to replace it (it is kept as a backup)"
        )
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {folder!r}: {exc.strerror}") from None
    console = Console()
    for mode in chosen:
        path = os.path.join(folder, mode)
        if mode in foreign:
            backup = path + ".rehearsal-hook-backup"
            # A copy, not a move: until the new hook is renamed into place the old one stays,
            # so a failed install never leaves the repository without its hook.
            try:
                shutil.copy2(path, backup, follow_symlinks=False)
            except OSError as exc:
                raise OutputError(f"cannot keep a backup of {path!r}: {exc.strerror}") from None
            console.out(f"rehearsal-hook: kept the previous {mode} hook as {backup}\n")
        # Executable before it is renamed into place: git silently skips a hook that is not.
        write_atomic(path, hook_script(mode, sys.executable).encode(), mode=0o755)
        console.out(f"rehearsal-hook: installed {path}\n")
    return EXIT_CLEAN


@click.command("uninstall")
@hook_type_option
def uninstall_command(hook_types: tuple[str, ...]) -> int:
    """Remove the hooks this tool installed; any other hook is left alone."""
    folder, _ = _target_dir()
    console = Console()
    for mode in hook_types or CLIENT_HOOKS + SERVER_HOOKS:
        path = os.path.join(folder, mode)
        if not os.path.lexists(path):
            continue
        if not _ours(path):
            console.out(f"rehearsal-hook: left {path} alone (not written by rehearsal-hook)\n")
            continue
        try:
            os.unlink(path)
        except OSError as exc:
            raise OutputError(f"cannot remove {path!r}: {exc.strerror}") from None
        console.out(f"rehearsal-hook: removed {path}\n")
    return EXIT_CLEAN
