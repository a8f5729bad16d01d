"""Applying the baseline to a check of whole files (work tree, index): which findings it excuses,
and which of its entries no longer match anything."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from rehearsal_hook.checks.engine import Item
from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.exemptions.baseline import (
    ContentKey,
    Entry,
    excuse,
    fingerprints,
    stale_entries,
)
from rehearsal_hook.findings import CheckResult
from rehearsal_hook.output.formats import display_path
from rehearsal_hook.sources.terms import Terms


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
    result: CheckResult, terms: Terms, items: Sequence[Item]
) -> tuple[CheckResult, list[tuple[Entry, int]]]:
    """Apply the baseline to a check of whole files; also the stale entries (meaningful when
    the check covered every tracked file)."""
    if not terms.baseline.entries:
        return result, []
    fps = fingerprints(result.findings, item_fetch(items))
    result.findings = excuse(result.findings, fps, terms.baseline)
    return result, stale_entries(terms.baseline, fps)


def stale_text(stale: Sequence[tuple[Entry, int]]) -> str:
    lines = [
        f"rehearsal-hook: stale baseline entry: {display_path(e.path)} {e.rule} {e.token} "
        f"(baseline {e.count}, found {found})"
        for e, found in stale
    ]
    entries = f"{len(stale)} stale baseline {'entry' if len(stale) == 1 else 'entries'}"
    drop = "drops it" if len(stale) == 1 else "drops them"
    lines.append(f"rehearsal-hook: {entries}; 'rehearsal-hook baseline --update' {drop}")
    return "\n".join(lines) + "\n"
