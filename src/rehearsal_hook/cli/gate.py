"""``rehearsal-hook gate``: run request files through the fail-closed gate."""

from __future__ import annotations

import sys

import click

from rehearsal_hook.checks.entries import LinkText
from rehearsal_hook.checks.gate import GateResult, Reason, gate_document
from rehearsal_hook.checks.policy import Policy
from rehearsal_hook.checks.strictjson import MAX_BYTES
from rehearsal_hook.cli.options import complete_path, config_option, format_option
from rehearsal_hook.errors import EXIT_BLOCKED, EXIT_CLEAN, CannotVerify, exit_codes_help
from rehearsal_hook.output import formats
from rehearsal_hook.output.console import Console
from rehearsal_hook.sources import worktree
from rehearsal_hook.sources.files import read_file

EPILOG = """\b
Examples:
  rehearsal-hook gate rehearsal/requests/migrate-orders.json
  cat request.json | rehearsal-hook gate -
  rehearsal-hook gate --format json a.rehearsal.json b.rehearsal.json

"""
EPILOG += "\n" + exit_codes_help("every request allowed", "any blocked (or unreadable)", internal="internal error")


def _read_stdin() -> bytes:
    """Standard input up to just past the size limit: an endless stream is a request too
    large (the gate refuses it), not a MemoryError."""
    if sys.stdin is None:
        raise CannotVerify("unreadable", "cannot read standard input: it is closed")
    try:
        return sys.stdin.buffer.read(MAX_BYTES + 1)
    except OSError as exc:
        raise CannotVerify("unreadable", f"cannot read standard input: {exc.strerror or exc}") from None


@click.command("gate", epilog=EPILOG)
@format_option
@config_option
@click.argument("files", nargs=-1, required=True, metavar="FILES...", shell_complete=complete_path)
def gate_command(fmt: str, config_path: str | None, files: tuple[str, ...]) -> int:
    """Gate rehearsal request files (JSON object, or array of objects); '-' reads stdin."""
    root = worktree.find_root()
    config = worktree.load_config(root, config_path)
    results: list[tuple[str, GateResult]] = []
    for name in files:
        try:
            data = _read_stdin() if name == "-" else read_file(name)
            if isinstance(data, LinkText):
                # Its text is not what readers get (they follow it): never gated as a request.
                raise CannotVerify("gated-link", "a symbolic link: readers get what it points to, not what is gated")
        except CannotVerify as exc:
            results.append((name, GateResult(None, (Reason(exc.code, exc.message),))))
            continue
        for r in gate_document(config, data):
            results.append((name if r.index is None else f"{name}[{r.index}]", r))
    console = Console(Policy(config).matcher)
    console.out(formats.gate_json(results) if fmt == "json" else formats.gate_text(results), fmt)
    return EXIT_CLEAN if all(r.allow for _, r in results) else EXIT_BLOCKED
