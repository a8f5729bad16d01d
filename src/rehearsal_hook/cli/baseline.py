"""``rehearsal-hook baseline``: record the token findings a repository has today, so that only
new ones block."""

from __future__ import annotations

import os

import click

from rehearsal_hook.checks.engine import Policy, run_check
from rehearsal_hook.cli.options import baseline_option, config_option, format_option, write_output
from rehearsal_hook.cli.runs import render_result
from rehearsal_hook.errors import ConfigError
from rehearsal_hook.exemptions.apply import item_fetch, stale_text
from rehearsal_hook.exemptions.baseline import (
    BASELINE_FILE,
    Baseline,
    entries_from,
    excuse,
    fingerprints,
    render_baseline,
    stale_entries,
)
from rehearsal_hook.output.console import Console
from rehearsal_hook.output.formats import plural
from rehearsal_hook.sources import worktree
from rehearsal_hook.sources.terms import load_baseline

EPILOG = """\b
Examples:
  rehearsal-hook baseline              write .rehearsal-hook-baseline.json (commit it)
  rehearsal-hook baseline --update     refresh it: new findings in, stale entries out

\b
Exit codes: 0 written and nothing else blocks, 1 written but findings that no baseline can
excuse remain (blocked requests, inconsistent reports), 2 usage or configuration error,
3 internal, git or output error.
"""


@click.command("baseline", epilog=EPILOG)
@format_option
@config_option
@baseline_option
@click.option("--update", is_flag=True, help="Refresh an existing baseline.")
def baseline_command(fmt: str, config_path: str | None, baseline_path: str | None, update: bool) -> int:
    """Write the baseline: every token finding in the tracked files now (path, rule and a hash
    of the token and its line, with a count; no line numbers).  Blocked requests and
    inconsistent reports are never baselined."""
    root = worktree.find_root()
    policy = Policy(worktree.load_config(root, config_path))
    target = baseline_path or os.path.join(root, BASELINE_FILE)
    exists = os.path.lexists(target)
    if exists and not update:
        raise ConfigError(f"{target}: a baseline exists already; use --update to refresh it")
    old = load_baseline(root, baseline_path) if exists else Baseline()
    items = list(worktree.all_files_items(root))
    console = Console(policy.matcher)
    with console.progress("files") as progress:
        result = run_check(policy, items, progress)
    fps = fingerprints(result.findings, item_fetch(items))
    entries = entries_from(result.findings, fps, policy.matcher)
    write_output(target, render_baseline(entries))
    new = Baseline(tuple(entries))
    result.findings = excuse(result.findings, fps, new)
    stale = stale_entries(old, fps)
    if stale:
        console.err(stale_text(stale))
    console.err(
        f"rehearsal-hook: wrote {target} ({plural(len(entries), 'entry', 'entries')}, {plural(len(fps), 'finding')})\n"
    )
    return render_result(policy.matcher, result, fmt)
