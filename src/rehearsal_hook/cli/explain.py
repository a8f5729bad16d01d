"""``rehearsal-hook explain CODE``: what a rule means, why it blocks, how to fix it."""

from __future__ import annotations

import click

from rehearsal_hook.errors import EXIT_CLEAN, exit_codes_help
from rehearsal_hook.output.console import Console
from rehearsal_hook.output.rulebook import RULES, explain

EPILOG = """\b
Examples:
  rehearsal-hook explain seal-token
  rehearsal-hook explain --list
"""
EPILOG += "\n" + exit_codes_help("explained", None, usage="unknown rule code or usage error", internal="output error")


def _codes(prefix: str) -> list[str]:
    return [code for code in RULES if code.startswith(prefix)]


@click.command("explain", epilog=EPILOG)
@click.option("--list", "list_all", is_flag=True, help="List every rule code with its summary.")
@click.argument("code", required=False, shell_complete=lambda ctx, param, text: _codes(text))
def explain_command(list_all: bool, code: str | None) -> int:
    """Explain a rule code: what it means, why it blocks, and how to fix or exempt it."""
    console = Console()
    if list_all or code is None:
        width = max(map(len, RULES))
        console.out("".join(f"{r.code:<{width}}  {r.summary}\n" for r in RULES.values()))
        return EXIT_CLEAN
    text = explain(code)
    if text is None:
        import difflib

        # The codes a word starts first (``seal``: a spelling distance reaches none of them),
        # then the close spellings.
        close = (_codes(code.lower()) if code else [])[:3] or difflib.get_close_matches(
            code, list(RULES), n=3, cutoff=0.6
        )
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        raise click.BadParameter(
            f"unknown rule code {code!r}{hint} (see 'rehearsal-hook explain --list')", param_hint="CODE"
        )
    console.out(text)
    return EXIT_CLEAN
