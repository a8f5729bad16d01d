"""``rehearsal-hook probes``: prove the gate fails closed on every known bad input."""

from __future__ import annotations

import datetime
import json

import click

from rehearsal_hook.checks.entries import LinkText
from rehearsal_hook.checks.policy import Policy
from rehearsal_hook.checks.probes import CONTROL, HARDENING_PROBES, SEED_PROBES, probe_report, run_probe
from rehearsal_hook.checks.report_files import ALL_FAIL_CLOSED
from rehearsal_hook.cli.options import complete_path, config_option, format_option, write_output
from rehearsal_hook.errors import EXIT_BLOCKED, EXIT_CLEAN, CannotVerify, exit_codes_help
from rehearsal_hook.output.console import Console
from rehearsal_hook.scan.matcher import redact_text
from rehearsal_hook.sources import worktree

EPILOG = """\b
Examples:
  rehearsal-hook probes
  rehearsal-hook probes --output rehearsal-bad-input-probes.json

"""
EPILOG += "\n" + exit_codes_help(
    "every probe blocked and the control allowed", "otherwise", internal="internal or output error"
)


@click.command("probes", epilog=EPILOG)
@format_option
@config_option
@click.option(
    "--output",
    metavar="FILE",
    default=None,
    shell_complete=complete_path,
    help="Also write the probe report (the shape 'check' verifies in report files) to FILE "
    "(a regular file is replaced atomically; a device, a "
    "FIFO or - is written through).",
)
def probes_command(fmt: str, config_path: str | None, output: str | None) -> int:
    """Run ten basic bad-input requests (one per rule and malformed-input class) and a valid
    control request, the hardening probes and the repository's own probe files through the
    gate: every probe must be blocked and the control allowed."""
    root = worktree.find_root()
    config = worktree.load_config(root, config_path)
    policy = Policy(config)
    outcomes = [run_probe(config, policy.matcher, pid, data) for pid, data in (*SEED_PROBES, *HARDENING_PROBES)]
    for item in worktree.probe_file_items(root, policy):
        try:
            data = item.load()
            if isinstance(data, LinkText):
                raise CannotVerify("gated-link", "a symbolic link: readers get what it points to, not what is checked")
            if not isinstance(data, bytes):
                raise CannotVerify("request-too-large", "far larger than a request may be")
        except CannotVerify as exc:
            raise CannotVerify(exc.code, f"probe file {item.path}: {exc.message}") from None
        outcomes.append(run_probe(config, policy.matcher, f"FILE:{item.path}", data))
    control = run_probe(config, policy.matcher, *CONTROL)
    report = probe_report(outcomes, control, date=datetime.date.today().isoformat())
    # Redacted before it is written anywhere: a repository's probe file may quote a token.
    rendered = redact_text(policy.matcher, json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    if output is not None:
        write_output(output, rendered.encode("utf-8"))
    console = Console(policy.matcher)
    if fmt == "json":
        console.out(rendered, fmt)
    else:
        lines = [
            f"[{'FAIL' if o['allow'] or o['token_leaked'] else 'ok'}] {o['id']}"
            + (" -> " + "; ".join(o["reasons"]) if o["reasons"] else "")
            for o in report["results"]
        ]
        lines.append(f"[{'ok' if control.allow else 'FAIL'}] control {control.id} allowed")
        lines.append(
            f"rehearsal-hook probes: {report['verdict']} "
            f"({report['fail_closed_count']}/{report['probe_count']} failed closed)"
        )
        console.out("\n".join(lines) + "\n")
    return EXIT_CLEAN if report["verdict"] == ALL_FAIL_CLOSED else EXIT_BLOCKED
