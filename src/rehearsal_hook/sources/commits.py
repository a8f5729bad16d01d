"""Commit ranges as a source: every commit a push or a range brings, read as git log patches."""

from __future__ import annotations

import itertools
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from rehearsal_hook.checks.engine import (
    Policy,
    Progress,
    check_path_name,
    class_findings,
    entry_finding,
    token_findings,
)
from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.exemptions.baseline import ContentKey
from rehearsal_hook.findings import CheckResult, Finding
from rehearsal_hook.git.catfile import BatchReader, cat_file, cat_file_args
from rehearsal_hook.git.process import is_zero_sha, stream_many
from rehearsal_hook.git.queries import list_commits, log_args, ls_tree
from rehearsal_hook.scan.text import scan_bytes
from rehearsal_hook.sources.index import _fetch_blobs, apply_baseline
from rehearsal_hook.sources.objects import commit_message, header_findings, message_findings
from rehearsal_hook.sources.terms import GATED, Terms
from rehearsal_hook.sources.worktree import GITLINK_MODE, attribute_findings

if TYPE_CHECKING:
    from rehearsal_hook.sources.logpatch import FileChange


# ---------------------------------------------------------------------------------------------
# Commit ranges


class RangeSpec(NamedTuple):
    """The commits reachable from ``include`` and from none of ``exclude`` (object ids) or
    ``exclude_options`` (``--remotes=NAME``, ``--all``).  ``tips`` are the commits whose trees
    the gated files are checked at."""

    include: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    exclude_options: tuple[str, ...] = ()
    tips: tuple[str, ...] = ()


# A second ``git log`` process pays off only for a range this long per process.  Measured on 2
# cores (pre-push, --jobs 2 against --jobs 1): 200 commits 1.02x, 400 0.91x, 1,000 0.87x --
# below that the extra process and the contention with the parser eat the gain.
MIN_COMMITS_PER_JOB = 150


# The default never takes more than this many cores: each git log holds its own pack memory,
# and the cores counted are the machine's, not a container's CPU quota (review).
MAX_DEFAULT_LOG_JOBS = 4


def log_jobs(n_commits: int, jobs: int = 0) -> int:
    """How many ``git log`` processes share a range of ``n_commits``: ``jobs`` (0: the cores
    this process may run on, at most MAX_DEFAULT_LOG_JOBS), fewer for a short range."""
    if jobs <= 0:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        jobs = min(cores, MAX_DEFAULT_LOG_JOBS)
    return max(1, min(jobs, n_commits // MIN_COMMITS_PER_JOB))


def check_range(
    terms: Terms,
    spec: RangeSpec,
    *,
    cwd: str | None,
    result: CheckResult | None = None,
    progress: Progress | None = None,
    jobs: int = 0,
) -> CheckResult:
    """Check every commit of a range: the lines each one adds (merges: what the merge itself
    adds), the whole new blob where git shows no text diff, new file names, every message,
    and the gated files the range touches as they stand at the tips.

    The range is listed first (``rev-list``).  Its commits are dealt round-robin to one or
    more ``git log`` processes (several for a long range, see ``log_jobs``), which run at the
    same time as the ``cat-file`` reading their messages; all the streams are parsed as they
    arrive.  Findings are put back in the listed order, so the output does not depend on
    ``jobs`` or on which process was faster."""
    policy = terms.policy
    result = result if result is not None else CheckResult()
    commits = list_commits(spec.include, spec.exclude, spec.exclude_options, cwd=cwd)
    whole: list[FileChange] = []
    blob_of: dict[ContentKey, str] = {}
    touched: set[str] = set()
    result.commits += len(commits)
    result.messages += len(commits)
    if commits:
        found, messages = _scan_logs(
            policy, commits, log_jobs(len(commits), jobs), result, whole, blob_of, touched, progress, cwd=cwd
        )
        for commit in commits:
            result.findings.extend(found[commit])
        for commit in commits:
            result.findings.extend(messages[commit])
        order = {c: i for i, c in enumerate(commits)}
        whole.sort(key=lambda fc: order[fc.commit])  # stable: a commit's files stay in git's order
    names = [fc.new_blob or "" for fc in whole]
    gated, entries = _gated_blobs(policy, spec.tips, sorted(touched), cwd=cwd)
    result.findings.extend(entries)
    names += [oid for _, _, oid in gated]
    results = cat_file(names, cwd=cwd)
    for fc, (kind, data) in zip(whole, itertools.islice(results, len(whole)), strict=True):
        result.files += 1
        if kind != "blob" or data is None:
            problem = f"blob is {kind}: cannot read it"
            result.findings.append(Finding(fc.path, 1, 1, "unreadable", problem, commit=fc.commit))
            continue
        result.findings.extend(content_findings(policy, fc.path, data, fc.commit))
    for (tip, path, _), (kind, data) in zip(gated, results, strict=True):
        result.files += 1
        # Its tokens were checked where they were added; here only what needs the whole file.
        if kind != "blob" or data is None:
            problem = f"gated file is {kind}: cannot read it"
            result.findings.append(Finding(path, 1, 1, "unreadable", problem, commit=tip))
        else:
            result.findings.extend(class_findings(policy, path, policy.classify(path), data, commit=tip))
    return apply_baseline(result, terms, lambda keys: _fetch_blobs(keys, blob_of, cwd=cwd), partial=True)


def _scan_logs(
    policy: Policy,
    commits: Sequence[str],
    n: int,
    result: CheckResult,
    whole: list[FileChange],
    blob_of: dict[ContentKey, str],
    touched: set[str],
    progress: Progress | None,
    *,
    cwd: str | None,
) -> tuple[dict[str, list[Finding]], dict[str, list[Finding]]]:
    """Run the messages' ``cat-file`` and ``n`` ``git log`` processes and parse their streams
    as they come: (findings in the lines each commit adds, findings in its message)."""
    from rehearsal_hook.sources.logpatch import PatchParser  # only ranges need the patch parser

    shares = [ShareCheck(commits[k::n]) for k in range(n)]
    parsers = [PatchParser(policy.matcher.needles) for _ in shares]
    batch = BatchReader(len(commits))
    found: dict[str, list[Finding]] = {c: [] for c in commits}
    messages: dict[str, list[Finding]] = {}
    pending = iter(commits)  # the message answers come in this order
    requests = [cat_file_args(commits), *(log_args(share.commits) for share in shares)]
    with stream_many(requests, cwd=cwd) as pieces:
        for k, piece in pieces:
            if k == 0:
                if not piece:
                    batch.close()
                for kind, raw in batch.feed(piece) if piece else ():
                    commit = next(pending)
                    if kind != "commit" or raw is None:
                        raise CannotVerify("unreadable", f"commit {commit[:12]}: cannot read it ({kind})")
                    messages[commit] = [
                        *header_findings(policy, raw, "(commit header)", commit),
                        *message_findings(policy, commit_message(raw), "(commit message)", commit),
                    ]
                continue
            share = shares[k - 1]
            for event in parsers[k - 1].feed(piece) if piece else parsers[k - 1].close():
                if isinstance(event, str):
                    share.shown(event)
                    if progress is not None:
                        progress(sum(s.done for s in shares), len(commits))
                else:
                    _file_change(policy, event, result, found[event.commit], whole, blob_of, touched)
            if not piece:
                share.finish()
    return found, messages


class ShareCheck:
    """The commits one ``git log`` was asked for: each must be shown exactly once, in that
    order, or the range is not what was checked."""

    def __init__(self, commits: Sequence[str]) -> None:
        self.commits = commits
        self.done = 0

    def shown(self, commit: str) -> None:
        if self.done >= len(self.commits) or commit != self.commits[self.done]:
            raise self._error(commit)
        self.done += 1

    def finish(self) -> None:
        if self.done != len(self.commits):
            raise self._error(self.commits[self.done])

    @staticmethod
    def _error(commit: str) -> CannotVerify:
        return CannotVerify(
            "unparsable-diff",
            f"git log did not show the commits listed for the range (at {commit[:12]}): cannot verify it",
        )


def _file_change(
    policy: Policy,
    fc: FileChange,
    result: CheckResult,
    findings: list[Finding],
    whole: list[FileChange],
    blob_of: dict[ContentKey, str],
    touched: set[str],
) -> None:
    if fc.deleted:
        return
    if policy.classify(fc.path) in GATED:
        touched.add(fc.path)
    if fc.created:
        findings.extend(check_path_name(policy, fc.path, commit=fc.commit))
    if fc.new_mode == GITLINK_MODE or not fc.new_blob or is_zero_sha(fc.new_blob):
        return
    blob_of[(fc.path, fc.commit)] = fc.new_blob
    if fc.binary:
        # git shows no text for it (binary, UTF-16, a -diff attribute): read the whole blob
        # (counted when it is read).
        whole.append(fc)
        return
    # Counted whether or not it adds a line worth scanning: it was checked all the same.
    result.files += 1
    if fc.added:
        findings.extend(_added_line_findings(policy, fc))


def content_findings(policy: Policy, path: str, data: bytes, commit: str | None) -> list[Finding]:
    """The tokens of some content of ``path``.  Its name is checked once, where the file is
    created; the class rules (gate, report checks) need the whole file and run at the tips."""
    hits = scan_bytes(policy.matcher, data)
    return token_findings(policy, path, policy.classify(path), hits, commit=commit, data=data)


def _added_line_findings(policy: Policy, fc: FileChange) -> list[Finding]:
    lines = [text for _, text in fc.added]
    joined = b"\n".join(lines)
    if b"\r" not in joined:
        # One scan for all the lines a commit adds to a file; its line k is added line k.
        return [_renumber(f, fc.added[f.line - 1][0]) for f in content_findings(policy, fc.path, joined, fc.commit)]
    # A lone CR is a line end to the scanner but not to git: scan line by line.
    found: list[Finding] = []
    for lineno, text in fc.added:
        found.extend(_renumber(f, lineno) for f in content_findings(policy, fc.path, text, fc.commit))
    return found


def _renumber(f: Finding, line: int) -> Finding:
    return Finding(f.path, line, f.column, f.rule, f.message, f.token, f.excused_by, f.commit)


def _gated_blobs(
    policy: Policy, tips: Sequence[str], paths: Sequence[str], *, cwd: str | None
) -> tuple[list[tuple[str, str, str]], list[Finding]]:
    """(tip, path, blob id) of the gated files the range touched, as they stand at each tip (a
    blob shared by several tips is checked once); and what their entries alone decide there: a
    gated link or submodule (``entry_finding``), a rewriting attribute (``attribute_finding``,
    with the tip's own .gitattributes)."""
    if not paths:
        return [], []
    seen: set[str] = set()
    reported: set[tuple[str, str]] = set()
    out = []
    findings: list[Finding] = []
    for tip in tips:
        present = []
        for mode, kind, oid, path in ls_tree(tip, paths, cwd=cwd):
            if policy.classify(path) not in GATED:
                continue
            present.append(path)
            entry = entry_finding(policy, path, mode, commit=tip)
            if entry is not None:
                if (path, oid) not in reported:
                    reported.add((path, oid))
                    findings.append(entry)
            elif kind == "blob" and oid not in seen:
                seen.add(oid)
                out.append((tip, path, oid))
        findings += attribute_findings(policy, present, cwd=cwd or os.getcwd(), source=tip, commit=tip)
    return out, findings
