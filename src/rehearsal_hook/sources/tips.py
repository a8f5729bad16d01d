"""The tips a push or a range brings, as readers get them: the gated files each tip holds that
no judged tip holds the same (checked whole, wherever the range's commits touch them or not),
and what their entries alone decide there."""

from __future__ import annotations

import os
from collections.abc import Sequence

from rehearsal_hook.checks.engine import class_findings
from rehearsal_hook.checks.entries import entry_finding
from rehearsal_hook.checks.policy import GITLINK_MODE, Policy
from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.findings import Finding
from rehearsal_hook.git.catfile import cat_file
from rehearsal_hook.git.listings import TreeEntry, tree_diffs, tree_entries
from rehearsal_hook.sources.attributes import attribute_findings, is_attributes_file
from rehearsal_hook.sources.rawdiff import RawChange, RawParser, refused, refused_name


def tip_findings(
    policy: Policy, tips: Sequence[str], judged: Sequence[str], *, cwd: str | None
) -> tuple[int, list[Finding]]:
    """(how many files were read, the findings) of the gated files at each tip that no
    ``judged`` commit holds the same (``gated_blobs``), each read whole and judged by its
    classes' rules.  Their tokens are checked where they were introduced: here only what needs
    the whole file."""
    gated, findings = gated_blobs(policy, tips, judged, cwd=cwd)
    results = cat_file([oid for _, _, oid in gated], cwd=cwd)
    for (tip, path, _), (kind, data) in zip(gated, results, strict=True):
        if kind != "blob" or data is None:
            problem = f"gated file is {kind}: cannot read it"
            findings.append(Finding(path, 1, 1, "unreadable", problem, commit=tip))
        else:
            findings.extend(class_findings(policy, path, policy.classify(path), data, commit=tip))
    return len(gated), findings


def new_rules_findings(
    old: Policy, new: Policy, branch: str, tip: str, known: Sequence[Finding], *, cwd: str | None
) -> list[Finding]:
    """What the rules a push gives the default branch (``new``, at ``tip``) find in the gated
    files there, when they are not the rules that judge the push (``old``).  A later push takes
    the files at that tip as judged -- they were, by ``old`` -- and the new rules judge it: a
    file they make a request (``request-files = ["deploy/*.json"]`` over a deploy/x.json
    already there) would never be gated (found attacking main: the server's main held a
    production request its own rules block, and every push was CLEAN).  So the tip is judged
    whole by them too, as the first push's tip is.  Not again what the push's own check found
    there (``known``)."""
    if new.config == old.config:
        return []
    _, found = tip_findings(new, [tip], [], cwd=cwd)
    said = f"under the rules this push gives {branch}: "
    seen = {(f.path, f.line, f.column, f.rule) for f in known}
    return [f._replace(message=said + f.message) for f in found if (f.path, f.line, f.column, f.rule) not in seen]


def gated_blobs(
    policy: Policy, tips: Sequence[str], judged: Sequence[str], *, cwd: str | None
) -> tuple[list[tuple[str, str, str]], list[Finding]]:
    """(tip, path, blob id) of the gated files at each tip that no ``judged`` commit holds the
    same (``_unjudged_entries``; a blob is checked once for each set of classes it stands in); and what
    their entries alone decide there: a gated link or submodule (``entry_finding``), a
    rewriting attribute (``attribute_finding``, with the tip's own .gitattributes)."""
    # A blob is judged once for each set of classes it stands in: the rules are the classes'
    # (found attacking main: read once per blob, a production request whose bytes equal a probe
    # file's -- which must be blocked, and was -- was never gated).
    seen: set[tuple[str, tuple[str, ...]]] = set()
    reported: set[tuple[str, str]] = set()
    out = []
    findings: list[Finding] = []
    differ = tree_differences([(tip, base) for tip in tips if tip not in judged for base in judged], cwd=cwd)
    for tip in tips:
        if tip in judged:
            continue  # a judged tip itself (a new ref at the default branch): nothing new
        present = []
        for mode, kind, oid, path in _unjudged_entries(policy, tip, [differ[tip, b] for b in judged], cwd=cwd):
            present.append(path)
            entry = entry_finding(policy, path, mode, commit=tip)
            if entry is not None:
                if (path, oid) not in reported:
                    reported.add((path, oid))
                    findings.append(entry)
            elif kind == "blob" and (oid, policy.classes(path)) not in seen:
                seen.add((oid, policy.classes(path)))
                out.append((tip, path, oid))
        findings += attribute_findings(policy, present, cwd=cwd or os.getcwd(), source=tip, commit=tip)
    return out, findings


def tree_differences(pairs: Sequence[tuple[str, str]], *, cwd: str | None) -> dict[tuple[str, str], list[RawChange]]:
    """What differs between each ``(tip, judged)`` pair's trees, from one ``git diff-tree``
    for them all (a push of thousands of tags on judged history: one process, not one per
    tag); every pair must come back, in order, or nothing is verified."""
    if not pairs:
        return {}
    found: dict[tuple[str, str], list[RawChange]] = {}
    parser, at = RawParser(), -1
    for event in [*parser.feed(tree_diffs(pairs, cwd=cwd)), *parser.close()]:
        if isinstance(event, str):
            at += 1
            if at >= len(pairs) or event != pairs[at][0]:
                break
            found[pairs[at]] = []
        else:
            found[pairs[at]].append(event)
    if at != len(pairs) - 1 or len(found) != len(set(pairs)):
        raise CannotVerify("unparsable-diff", "git diff-tree did not compare every pushed tip with what was judged")
    return found


def _unjudged_entries(
    policy: Policy, tip: str, differences: Sequence[Sequence[RawChange]], *, cwd: str | None
) -> list[TreeEntry]:
    """The gated entries of ``tip`` that were not judged as they stand there: those that differ
    from every judged commit (``differences``: what differs from each of the range's excluded
    ones -- the ref's old tip, the default branch before the push, the range's base: tips the
    gate judged whole), every gated entry when there is none (a new ref on the client, the
    first push, an audit).  Against a judged commit whose trees' ``.gitattributes`` differ
    from the tip's in any way, every gated entry differs: its attributes may.

    Not the paths the range's commits touch: a tip can hold what none of them shows (found
    attacking main) -- a new ref parked on a commit of judged history that held a production
    request removed later (an empty range), or a merge that takes a .gitattributes from one
    parent and a request from the other (its combined listing shows neither), each judged
    apart and never a tip together."""
    asked: dict[str, TreeEntry] | None = None  # None: every gated entry of the tip
    for changes in differences:
        if any(is_attributes_file(c.path) for c in changes):
            continue
        differ = {
            c.path: TreeEntry(c.new_mode, "commit" if c.new_mode == GITLINK_MODE else "blob", c.new_blob, c.path)
            for c in changes
            if not c.deleted and policy.gated_entry(c.path, c.new_mode)
        }
        asked = differ if asked is None else {p: e for p, e in asked.items() if p in differ}
    if asked is None:
        entries = tree_entries(tip, cwd=cwd)
        odd = next((e.path for e in entries if refused_name(os.fsencode(e.path))), None)
        if odd is not None:
            raise refused(tip, os.fsencode(odd))
        return [e for e in entries if policy.gated_entry(e.path, e.mode)]
    return sorted(asked.values(), key=lambda e: e.path)
