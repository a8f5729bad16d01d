"""``rehearsal-hook baseline``: record the token findings a repository has today, so that only
new ones block."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence

import click

from rehearsal_hook import workspace
from rehearsal_hook.baseline import (
    BASELINE_FILE,
    Baseline,
    ContentKey,
    Entry,
    entries_from,
    excuse,
    fingerprints,
    render_baseline,
    stale_entries,
)
from rehearsal_hook.commands.common import config_option, format_option, write_atomic
from rehearsal_hook.commands.hooks import baseline_option, report_exit
from rehearsal_hook.console import Console
from rehearsal_hook.engine import Item, Rules, run_check
from rehearsal_hook.errors import CannotVerify, ConfigError
from rehearsal_hook.findings import CheckReport
from rehearsal_hook.gitsources import RuleSet, load_baseline
from rehearsal_hook.reporters import display_path

EPILOG = """\b
Examples:
  rehearsal-hook baseline              write .rehearsal-hook-baseline.json (commit it)
  rehearsal-hook baseline --update     refresh it: new findings in, stale entries out

\b
Exit codes: 0 written and nothing else blocks, 1 written but findings that no baseline can
excuse remain (blocked requests, inconsistent reports), 2 usage or configuration error,
3 internal, git or output error.
"""


def item_fetch(items: Sequence[Item]) -> Callable[[Sequence[ContentKey]], Mapping[ContentKey, bytes]]:
    """Read the checked items again, for the few findings that need their line text."""
    loaders = {it.path: it.load for it in items}

    def fetch(keys: Sequence[ContentKey]) -> dict[ContentKey, bytes]:
        out = {}
        for path, commit in keys:
            if path in loaders:
                try:
                    content = loaders[path]()
                    out[(path, commit)] = content if isinstance(content, bytes) else b"".join(content())
                except CannotVerify:
                    continue  # vanished since: its findings stay blocking
        return out

    return fetch


def excuse_items(
    report: CheckReport, ruleset: RuleSet, items: Sequence[Item]
) -> tuple[CheckReport, list[tuple[Entry, int]]]:
    """Apply the baseline to a check of whole files; also the stale entries (meaningful when
    the check covered every tracked file)."""
    if not ruleset.baseline.entries:
        return report, []
    fps = fingerprints(report.findings, item_fetch(items))
    report.findings = excuse(report.findings, fps, ruleset.baseline)
    return report, stale_entries(ruleset.baseline, fps)


def stale_text(stale: Sequence[tuple[Entry, int]]) -> str:
    lines = [
        f"rehearsal-hook: stale baseline entry: {display_path(e.path)} {e.rule} {e.token} "
        f"(baseline {e.count}, found {found})"
        for e, found in stale
    ]
    lines.append(f"rehearsal-hook: {len(stale)} stale baseline entries; 'rehearsal-hook baseline --update' drops them")
    return "\n".join(lines) + "\n"


@click.command("baseline", epilog=EPILOG)
@format_option
@config_option
@baseline_option
@click.option("--update", is_flag=True, help="Refresh an existing baseline.")
def baseline_command(fmt: str, config_path: str | None, baseline_path: str | None, update: bool) -> int:
    """Write the baseline: every token finding in the tracked files now (path, rule and a hash
    of the token and its line, with a count; no line numbers).  Blocked requests and
    inconsistent reports are never baselined."""
    root = workspace.find_root()
    rules = Rules(workspace.load_config(root, config_path))
    target = baseline_path or os.path.join(root, BASELINE_FILE)
    exists = os.path.lexists(target)
    if exists and not update:
        raise ConfigError(f"{target}: a baseline exists already; use --update to refresh it")
    old = load_baseline(root, baseline_path) if exists else Baseline()
    items = list(workspace.all_files_items(root))
    console = Console(rules.matcher)
    with console.progress("files") as progress:
        report = run_check(rules, items, progress)
    fps = fingerprints(report.findings, item_fetch(items))
    entries = entries_from(report.findings, fps, rules.matcher)
    write_atomic(target, render_baseline(entries))
    new = Baseline(tuple(entries))
    report.findings = excuse(report.findings, fps, new)
    stale = stale_entries(old, fps)
    if stale:
        console.err(stale_text(stale))
    console.err(f"rehearsal-hook: wrote {target} ({len(entries)} entries, {len(fps)} findings)\n")
    return report_exit(rules.matcher, report, fmt)
