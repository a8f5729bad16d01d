"""The change being checked, as git knows it: where it starts (its base commits), the rules and
contents there, and the current content of the files whose exemptions must be told apart.
``settle`` marks (or, under protect-exemptions, refuses) the exemptions that arrived in the
change.  Everything here is read only when some finding is excused: a clean run costs nothing.

"The same change" is: the staged diff against HEAD (pre-commit, ``check --staged``), the
pushed range (pre-push, pre-receive), ``--range BASE..HEAD`` or ``--base REF`` (``check``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from typing import Literal, NamedTuple

from rehearsal_hook.checks.policy import Policy
from rehearsal_hook.config import Config
from rehearsal_hook.errors import CannotVerify, ConfigError, GitError
from rehearsal_hook.exemptions.baseline import Baseline
from rehearsal_hook.findings import CheckResult, ContentKey
from rehearsal_hook.git.catfile import blobs
from rehearsal_hook.git.listings import ls_tree
from rehearsal_hook.git.revisions import boundary_commits, resolve_commits
from rehearsal_hook.sources.ranges import RangeSpec, require_commits
from rehearsal_hook.sources.terms import Terms, pinned_rules, tree_terms

# Where a change's current content is read.
Current = Literal["index", "worktree", "commits"]
INDEX: Current = "index"
WORKTREE: Current = "worktree"
COMMITS: Current = "commits"

# What was in force where the rules themselves could not be read: nothing was exempt.
_NOTHING_EXEMPT = Config(allow_inline_pragma=False)


class Change(NamedTuple):
    """Where the checked content starts from.  ``bases`` gives the base commits (empty: from
    nothing, as a first commit); ``current`` says where the checked content is read (the
    index, the working tree, the commits of a range).  ``fixed_config``/``fixed_baseline``:
    rules that cannot be part of the change (``--config``/``--baseline``, or the server's,
    read from before the push).  ``partial``: findings cover only the lines commits add."""

    bases: Callable[[], Sequence[str]]
    current: Current
    root: str | None = None
    fixed_config: bool = False
    fixed_baseline: bool = False
    partial: bool = False


def resolve_base(ref: str) -> str:
    """``--base REF`` as a commit id; a base this repository lacks cannot be compared with."""
    (base,) = require_commits([(ref, "base", "missing-base")])
    return base


def staged_change(root: str, base: str | None, *, config_path: str | None, baseline_path: str | None) -> Change:
    """The staged diff: against ``base`` (``--base``), else HEAD (nothing before a first commit)."""

    def bases() -> list[str]:
        if base is not None:
            return [base]
        return [c for c in resolve_commits(["HEAD"], cwd=root) if c is not None]

    fixed_config, fixed_baseline = pinned_rules(root, config_path, baseline_path)
    return Change(bases, INDEX, root, fixed_config=fixed_config, fixed_baseline=fixed_baseline)


def worktree_change(root: str, base: str, *, config_path: str | None, baseline_path: str | None) -> Change:
    """The working tree against ``--base REF``."""
    fixed_config, fixed_baseline = pinned_rules(root, config_path, baseline_path)
    return Change(lambda: [base], WORKTREE, root, fixed_config=fixed_config, fixed_baseline=fixed_baseline)


def range_change(spec: RangeSpec, *, fixed_config: bool, fixed_baseline: bool) -> Change:
    """A range of commits: it starts at the old tips it excludes (``--range``'s base, a push's
    known remote tips); a range with none (a new branch) starts at its boundary commits."""

    def bases() -> Sequence[str]:
        if spec.exclude:
            return spec.exclude
        return boundary_commits(spec.include, spec.exclude, spec.exclude_options)

    return Change(bases, COMMITS, None, fixed_config=fixed_config, fixed_baseline=fixed_baseline, partial=True)


def settle(result: CheckResult, terms: Terms, change: Change | None) -> CheckResult:
    """Mark every exemption that arrived in ``change``; refuse them under protect-exemptions."""
    if change is None or not any(f.excused_by for f in result.findings):
        return result
    from rehearsal_hook.exemptions.review import Before, needs_content, review

    wanted = needs_content(result.findings)
    paths = sorted({path for path, _ in wanted})
    befores = []
    for rev in change.bases():
        policy, baseline = _terms_at(rev, terms, change)
        befores.append(Before(policy, baseline, _contents_at(rev, paths)))
    if not befores:  # nothing before the change: the defaults were in force, and no file
        policy = terms.policy if change.fixed_config else Policy(Config())
        befores.append(Before(policy, terms.baseline if change.fixed_baseline else Baseline(), {}))
    current = _current_contents(change, wanted)
    result.findings = review(result.findings, terms.policy, terms.baseline, befores, current, partial=change.partial)
    return result


def _terms_at(rev: str, terms: Terms, change: Change) -> tuple[Policy, Baseline]:
    if change.fixed_config and change.fixed_baseline:
        return terms.policy, terms.baseline
    try:
        _, base = tree_terms(rev, cwd=None, where=terms.files)
        policy, baseline = base.policy, base.baseline
    except (ConfigError, CannotVerify):
        # Terms that cannot be read at the base exempted nothing there.
        policy, baseline = Policy(_NOTHING_EXEMPT), Baseline()
    return (terms.policy if change.fixed_config else policy), (terms.baseline if change.fixed_baseline else baseline)


def _contents_at(tree_ish: str, paths: Sequence[str]) -> dict[str, bytes]:
    """The content of ``paths`` in a commit (missing or not a file: absent)."""
    if not paths:
        return {}
    try:
        entries = [e for e in ls_tree(tree_ish, paths) if e.kind == "blob"]
    except GitError:
        return {}  # not a commit (a blob pushed as a ref): nothing to compare with
    return blobs([e.path for e in entries], [e.oid for e in entries])


def _current_contents(change: Change, wanted: Sequence[ContentKey]) -> Mapping[ContentKey, bytes]:
    """The whole current content of each wanted file; one that cannot be read is left out,
    which makes its exemptions count as new."""
    out: dict[ContentKey, bytes] = {}
    if change.current == COMMITS:
        by_commit: dict[str, list[str]] = {}
        for path, commit in wanted:
            if commit is not None:
                by_commit.setdefault(commit, []).append(path)
        for commit, paths in by_commit.items():
            for path, data in _contents_at(commit, paths).items():
                out[(path, commit)] = data
    elif change.current == INDEX:
        # ":0:" names stage 0 even of a path that itself starts with "N:"; a name with a
        # newline cannot be asked for this way and stays unread (its exemptions count as new).
        keys = [k for k in wanted if "\n" not in k[0]]
        out.update(blobs(keys, [":0:" + path for path, _ in keys], cwd=change.root))
    else:
        from rehearsal_hook.sources.files import read_file

        for path, commit in wanted:
            try:
                out[(path, commit)] = read_file(os.path.join(change.root or os.curdir, path))
            except CannotVerify:
                continue
    return out
