"""Applying the baseline to a check of whole files (work tree, index): which findings it excuses,
and which of its entries no longer match anything."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from rehearsal_hook.checks.engine import Item
from rehearsal_hook.checks.entries import Content
from rehearsal_hook.checks.policy import Policy
from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.exemptions.baseline import (
    Baseline,
    Entry,
    Fetch,
    excuse,
    fingerprints,
    presence,
    stale_entries,
)
from rehearsal_hook.findings import CheckResult, ContentKey
from rehearsal_hook.output.formats import display_path
from rehearsal_hook.sources.terms import Terms


def item_fetch(items: Sequence[Item]) -> Callable[[Sequence[ContentKey]], Mapping[ContentKey, bytes]]:
    """Read the checked items again, for the few findings that need their line text.  (Their
    loaders are looked up only then: a full scan's items are made in its workers.)"""
    loaders: dict[str, Callable[[], Content]] = {}

    def fetch(keys: Sequence[ContentKey]) -> dict[ContentKey, bytes]:
        if keys and not loaders:
            loaders.update((it.path, it.load) for it in items)
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


def excuse_by_baseline(
    result: CheckResult, baseline: Baseline, policy: Policy, fetch: Fetch, *, partial: bool = False
) -> dict[int, str]:
    """Mark (in ``result``) the findings ``baseline`` covers; return the fingerprints computed,
    by finding index (empty when nothing needed them).  ``fetch`` reads the whole file of a
    finding again for its line text.  ``partial``: the findings cover only the lines each
    commit adds, so the whole file at that commit is counted to see what is already there."""
    if not baseline.entries or not result.blocking:
        return {}
    fps = fingerprints(result.findings, fetch)
    present = presence(policy, fetch) if partial else None
    result.findings = excuse(result.findings, fps, baseline, policy.matcher, present)
    return fps


def apply_baseline(result: CheckResult, terms: Terms, fetch: Fetch, *, partial: bool = False) -> CheckResult:
    """``result`` with the findings the terms' baseline covers marked (see ``excuse_by_baseline``)."""
    excuse_by_baseline(result, terms.baseline, terms.policy, fetch, partial=partial)
    return result


def excuse_items(
    result: CheckResult, terms: Terms, items: Sequence[Item]
) -> tuple[CheckResult, list[tuple[Entry, int]]]:
    """Apply the baseline to a check of whole files (``items``, read again for line texts);
    also the stale entries (meaningful when the check covered every tracked file)."""
    fps = excuse_by_baseline(result, terms.baseline, terms.policy, item_fetch(items))
    return result, stale_entries(terms.baseline, fps)


def stale_text(stale: Sequence[tuple[Entry, int]]) -> str:
    """The lines that name stale baseline entries (entry, findings found) and how to drop them."""
    lines = [
        f"rehearsal-hook: stale baseline entry: {display_path(e.path)} {e.rule} {e.token} "
        f"(baseline {e.count}, found {found})"
        for e, found in stale
    ]
    entries = f"{len(stale)} stale baseline {'entry' if len(stale) == 1 else 'entries'}"
    drop = "drops it" if len(stale) == 1 else "drops them"
    lines.append(f"rehearsal-hook: {entries}; 'rehearsal-hook baseline --update' {drop}")
    return "\n".join(lines) + "\n"
