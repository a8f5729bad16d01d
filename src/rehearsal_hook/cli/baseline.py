"""``rehearsal-hook baseline``: record the token findings a repository has today, so that only
new ones block."""

from __future__ import annotations

import os
from collections.abc import Sequence

import click

from rehearsal_hook.checks.engine import run_check
from rehearsal_hook.checks.policy import Policy
from rehearsal_hook.cli.options import baseline_option, config_option, format_option, parse_history, write_output
from rehearsal_hook.cli.runs import render_result
from rehearsal_hook.errors import ConfigError, exit_codes_help
from rehearsal_hook.exemptions.apply import item_fetch, stale_text
from rehearsal_hook.exemptions.baseline import (
    BASELINE_FILE,
    Baseline,
    Entry,
    entries_from,
    excuse,
    fingerprints,
    history_counts,
    presence,
    render_baseline,
    stale_entries,
)
from rehearsal_hook.findings import ContentKey
from rehearsal_hook.output.console import Console
from rehearsal_hook.output.formats import plural
from rehearsal_hook.sources import worktree
from rehearsal_hook.sources.commits import check_range, fetch_at_commits
from rehearsal_hook.sources.ranges import RangeSpec
from rehearsal_hook.sources.terms import Terms, load_baseline

EPILOG = """\b
Examples:
  rehearsal-hook baseline              write .rehearsal-hook-baseline.json (commit it)
  rehearsal-hook baseline --update     refresh it: new findings in, stale entries out
  rehearsal-hook baseline --history    what `check --history` finds (every commit of every ref)

"""
EPILOG += "\n" + exit_codes_help(
    "written and nothing else blocks",
    "written but findings that no baseline can excuse remain (blocked requests, inconsistent reports)",
)


@click.command("baseline", epilog=EPILOG)
@format_option
@config_option
@baseline_option
@click.option("--update", is_flag=True, help="Refresh an existing baseline.")
@click.option(
    "--history",
    is_flag=True,
    help="Baseline what `check --history` finds: every commit reachable from the REVs (default: every ref).",
)
@click.argument("revs", nargs=-1, metavar="[REV]...")
def baseline_command(
    fmt: str, config_path: str | None, baseline_path: str | None, update: bool, history: bool, revs: tuple[str, ...]
) -> int:
    """Write the baseline: every token finding in the tracked files now (path, rule and a hash
    of the token and its line, with a count; no line numbers).  Blocked requests and
    inconsistent reports are never baselined.  With --history: every token finding of the
    history audit instead, so that it passes from then on and only new findings block."""
    if revs and not history:
        raise click.UsageError("revisions are for --history")
    root = worktree.find_root()
    policy = Policy(worktree.load_config(root, config_path))
    target = baseline_path or os.path.join(root, BASELINE_FILE)
    exists = os.path.lexists(target)
    if exists and not update:
        raise ConfigError(f"{target}: a baseline exists already; use --update to refresh it")
    old = load_baseline(root, baseline_path) if exists else Baseline()
    console = Console(policy.matcher)
    if history:
        return _history_baseline(policy, old, target, fmt, parse_history(revs), console)
    items = worktree.TrackedFiles(root)
    with console.progress("files") as progress:
        result = run_check(policy, items, progress)
    fps = fingerprints(result.findings, item_fetch(items))
    entries = entries_from(result.findings, fps, policy.matcher)
    result.findings = excuse(result.findings, fps, Baseline(tuple(entries)), policy.matcher)
    _write(target, entries, len(fps), stale_entries(old, fps), console)
    return render_result(policy.matcher, result, fmt)


def _history_baseline(policy: Policy, old: Baseline, target: str, fmt: str, spec: RangeSpec, console: Console) -> int:
    """The history audit's token findings as a baseline.  Its findings cover what each commit
    introduces, so an entry counts what the most demanding commit needs (``history_counts``)."""
    with console.progress("commits") as progress:
        result = check_range(Terms(policy, Baseline()), spec, cwd=None, progress=progress)

    def fetch(keys: Sequence[ContentKey]) -> dict[ContentKey, bytes]:
        return fetch_at_commits(keys, cwd=None)

    fps = fingerprints(result.findings, fetch)
    present = presence(policy, fetch)
    entries = entries_from(result.findings, fps, policy.matcher, history_counts(result.findings, fps, present))
    result.findings = excuse(result.findings, fps, Baseline(tuple(entries)), policy.matcher, present)
    kept = {e.fingerprint for e in entries}
    stale = [(e, 0) for e in old.entries if e.fingerprint not in kept]
    _write(target, entries, len(fps), stale, console)
    return render_result(policy.matcher, result, fmt)


def _write(target: str, entries: list[Entry], findings: int, stale: list[tuple[Entry, int]], console: Console) -> None:
    """Write the baseline's ``entries`` (for ``findings`` findings) to ``target``, and tell
    what it holds and which entries of the old one went stale."""
    write_output(target, render_baseline(entries))
    if stale:
        console.err(stale_text(stale))
    console.err(
        f"rehearsal-hook: wrote {target} ({plural(len(entries), 'entry', 'entries')}, {plural(findings, 'finding')})\n"
    )
