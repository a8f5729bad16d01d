"""Self-exemption: a change that adds a token and, in the same change, excuses it -- widens
``permitted-contexts``, switches ``allow-inline-pragma`` on, puts the pragma on the line, or
adds the token to the baseline.  Pure: the sources hand in the rules and contents as they
were where the change starts (``Before``) and the current content the findings came from.

Every excused finding learns whether its exemption arrived in the change (``same_change``);
under ``protect-exemptions`` (in the current rules or in any base: a change cannot switch it
off for itself) such an exemption is refused and the finding blocks.

Where a change starts from several states (a push over several refs, a new branch with
several boundary commits), an exemption counts as already there only if every one of them
had it: when in doubt, the exemption is new.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from rehearsal_hook.checks.engine import context_exemption
from rehearsal_hook.checks.policy import Policy
from rehearsal_hook.exemptions.baseline import BASELINE_RULES, Baseline, fingerprint, line_of, names, occurrences
from rehearsal_hook.findings import BY_ALLOWED, BY_BASELINE, BY_PRAGMA, CONTEXT_EXCUSES, ContentKey, Excuse, Finding
from rehearsal_hook.scan.matcher import redact_token
from rehearsal_hook.scan.text import scan_bytes

# Findings whose text is wholly part of the change: a commit or tag message, a ref name.
WHOLLY_NEW_RULES = frozenset({"seal-token-message", "seal-token-ref"})


class Before(NamedTuple):
    """The exemptions in force at one state a change starts from: its rules and baseline, and
    the content of the paths that matter (a path missing here did not exist there)."""

    policy: Policy
    baseline: Baseline
    contents: Mapping[str, bytes]


def needs_content(findings: Iterable[Finding]) -> list[ContentKey]:
    """The (path, commit) whose current content ``review`` needs: files with a finding excused
    by a pragma or by the baseline (their line text identifies the exemption)."""
    keys = {
        (f.path, f.commit)
        for f in findings
        if f.excused_by in (BY_PRAGMA, BY_BASELINE) and f.line > 0 and f.rule not in WHOLLY_NEW_RULES
    }
    return sorted(keys, key=str)


def review(
    findings: Sequence[Finding],
    policy: Policy,
    baseline: Baseline,
    befores: Sequence[Before],
    current: Mapping[ContentKey, bytes],
    *,
    partial: bool,
) -> list[Finding]:
    """``findings`` with each exemption that arrived in the change marked ``same_change`` --
    or, under protect-exemptions, refused.  ``current`` holds the whole current content of
    ``needs_content``'s keys (a key missing: cannot tell, so the exemption is new);
    ``partial``: the findings cover only the lines each commit adds."""
    new = {i for i, f in enumerate(findings) if _new_context(f, befores)}
    new |= _new_allowed_tokens(findings, policy, befores)
    # A message or a ref name is wholly part of the change, the pragma in it too.
    new |= {i for i, f in enumerate(findings) if f.excused_by == BY_PRAGMA and f.rule in WHOLLY_NEW_RULES}
    new |= _new_pragmas(findings, policy, befores, current)
    if any(b.baseline != baseline for b in befores):
        new |= _new_baseline_entries(findings, policy, befores, current, partial=partial)
    if not new:
        return list(findings)
    protect = policy.config.protect_exemptions or any(b.policy.config.protect_exemptions for b in befores)
    out = list(findings)
    for i in new:
        f = findings[i]
        if protect:
            out[i] = f._replace(excused_by=None, refused=f.excused_by, same_change=True)
        else:
            out[i] = f._replace(same_change=True)
    return out


def _new_context(f: Finding, befores: Sequence[Before]) -> bool:
    """A path exempt now (permitted context, the config file) that some base did not exempt."""
    if f.excused_by not in CONTEXT_EXCUSES:
        return False
    name = f.rule == "seal-token-path"
    return not all(context_exemption(b.policy, f.path, b.policy.classify(f.path), name=name) for b in befores)


def _new_allowed_tokens(findings: Sequence[Finding], policy: Policy, befores: Sequence[Before]) -> set[int]:
    """Findings excused by a word of allowed-tokens that some base did not allow: the change
    widened allowed-tokens to excuse its own token.  Findings hold the token redacted; a
    seal-like word's redaction keeps all but its suffix's last letters, and the three suffixes
    start with different letters, so the redacted form names exactly one allowed word."""
    widened = {redact_token(t) for t in policy.allowed_tokens if not all(t in b.policy.allowed_tokens for b in befores)}
    if not widened:
        return set()
    return {i for i, f in enumerate(findings) if f.excused_by == BY_ALLOWED and f.token in widened}


def _group(findings: Sequence[Finding], excuse: Excuse) -> dict[ContentKey, list[int]]:
    """Indexes of the findings ``excuse`` excuses, by file and commit (a pragma is on a line;
    a baseline entry may be about a file's name, line 0)."""
    groups: dict[ContentKey, list[int]] = {}
    for i, f in enumerate(findings):
        if f.excused_by == excuse and (f.line > 0 or excuse == BY_BASELINE) and f.rule not in WHOLLY_NEW_RULES:
            groups.setdefault((f.path, f.commit), []).append(i)
    return groups


def _pragma_lines(policy: Policy, path: str, data: bytes) -> Counter[str]:
    """Fingerprints of the token lines of a file that carry the pragma, with their counts."""
    counts: Counter[str] = Counter()
    for hit in scan_bytes(policy.matcher, data):
        if hit.pragma:
            f = Finding(path, hit.line, hit.column, "seal-token", "", redact_token(hit.token))
            counts[fingerprint(f, line_of(data, hit.line))] += 1
    return counts


def _new_pragmas(
    findings: Sequence[Finding], policy: Policy, befores: Sequence[Before], current: Mapping[ContentKey, bytes]
) -> set[int]:
    """Pragma-excused findings whose line (token, text and pragma) was not there before, or
    whose base did not honour the pragma.  Lines are matched as the baseline matches them, by
    fingerprint and count, so moving a line is not new and one more copy of it is."""
    new: set[int] = set()
    base_counts: dict[str, list[Counter[str]]] = {}
    for (path, commit), idxs in _group(findings, BY_PRAGMA).items():
        data = current.get((path, commit))
        if data is None:
            new.update(idxs)
            continue
        if path not in base_counts:
            base_counts[path] = [
                _pragma_lines(policy, path, b.contents[path])
                if b.policy.config.allow_inline_pragma and path in b.contents
                else Counter()
                for b in befores
            ]
        present = _pragma_lines(policy, path, data)
        by_fp: dict[str, list[int]] = {}
        for i in sorted(idxs, key=lambda i: findings[i].line):
            by_fp.setdefault(fingerprint(findings[i], line_of(data, findings[i].line)), []).append(i)
        for fp, group in by_fp.items():
            before = min((c[fp] for c in base_counts[path]), default=0)
            # Lines the findings do not cover (a commit's unchanged lines) were there first.
            untouched = max(0, present[fp] - len(group))
            new.update(group[max(0, before - untouched) :])
    return new


def _new_baseline_entries(
    findings: Sequence[Finding],
    policy: Policy,
    befores: Sequence[Before],
    current: Mapping[ContentKey, bytes],
    *,
    partial: bool,
) -> set[int]:
    """Baseline-excused findings that only the change's own baseline entries (or its raised
    counts) excuse: the allowance before the change is used up first, as ``excuse`` does."""
    new: set[int] = set()
    # (an entry of a base whose words named another finding excused nothing there: names)
    bases = [{e.fingerprint: e for e in b.baseline.entries} for b in befores]
    for (path, commit), idxs in _group(findings, BY_BASELINE).items():
        data = current.get((path, commit))
        if data is None and any(findings[i].line > 0 for i in idxs):
            new.update(idxs)
            continue
        # Every token finding of this file and commit, in order, blocking ones included:
        # ``excuse`` excused the first ones of each fingerprint.
        same_file = [
            i
            for i, f in enumerate(findings)
            if f.path == path
            and f.commit == commit
            and f.rule in BASELINE_RULES
            and (f.excused_by is None or f.excused_by == BY_BASELINE)
        ]
        by_fp: dict[str, list[int]] = {}
        for i in same_file:
            f = findings[i]
            by_fp.setdefault(
                fingerprint(f, line_of(data, f.line) if data is not None and f.line > 0 else ""), []
            ).append(i)
        present = occurrences(policy, path, data) if partial and data is not None else Counter()
        for fp, group in by_fp.items():
            excused = [i for i in group if findings[i].excused_by == BY_BASELINE]
            first = findings[group[0]]
            before = min(
                (
                    e.count if (e := entries.get(fp)) is not None and names(policy.matcher, e, first) else 0
                    for entries in bases
                ),
                default=0,
            )
            untouched = max(0, present[fp] - len(group)) if partial and findings[group[0]].line > 0 else 0
            new.update(excused[max(0, before - untouched) :])
    return new
