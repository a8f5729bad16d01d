"""Commit ranges as a source: every commit a push, a range or a history audit brings, read as
the blobs its changes introduce (``blobs.py``), with its message and headers."""

from __future__ import annotations

from collections.abc import Sequence

from rehearsal_hook.checks.engine import Progress, check_path_name, token_findings
from rehearsal_hook.checks.parallel import available_cores
from rehearsal_hook.checks.policy import GITLINK_MODE, Policy
from rehearsal_hook.errors import CannotVerify, GitError
from rehearsal_hook.exemptions.apply import apply_baseline
from rehearsal_hook.findings import CheckResult, ContentKey, Finding
from rehearsal_hook.git.catfile import BatchReader, cat_file
from rehearsal_hook.git.process import StreamSet, is_zero_sha
from rehearsal_hook.sources.blobs import MIN_BLOBS_PER_JOB, BlobScanner, introduced
from rehearsal_hook.sources.changes import range_change, settle
from rehearsal_hook.sources.checkouts import encoded_findings
from rehearsal_hook.sources.index import _fetch_blobs
from rehearsal_hook.sources.objects import header_findings, object_message_findings, pushed_findings, ref_findings
from rehearsal_hook.sources.pushes import PushPlan
from rehearsal_hook.sources.ranges import RangeListing, RangeSpec
from rehearsal_hook.sources.rawdiff import NO_MODE, RawChange, RawParser
from rehearsal_hook.sources.terms import Terms
from rehearsal_hook.sources.tips import tip_findings

# ---------------------------------------------------------------------------------------------
# Commit ranges


# The default never takes more than this many cores: each worker runs its own git cat-file,
# and the cores counted are the machine's, not a container's CPU quota (review).
MAX_DEFAULT_JOBS = 4

# How many changes are listed before their blobs are scanned: the unit of the pipeline (the
# next changes are listed while the last ones' blobs are scanned) and of its memory -- at most
# two batches of changes are held, whatever the length of the range or the size of a commit.
# The first batch is small, so that its blobs are read and scanned while git lists the rest
# (into a pipe that holds 1 MiB: process.PIPE_SIZE); how the next ones grow: ``_Walk._add``.
FIRST_BATCH_CHANGES = 512
BATCH_CHANGES = 8192


def range_jobs(jobs: int = 0) -> int:
    """How many processes may scan a range's blobs: ``jobs``, or (0) the cores this process
    may run on, at most MAX_DEFAULT_JOBS.  Fewer run when there are few blobs to scan
    (``blobs.MIN_BLOBS_PER_JOB``)."""
    if jobs <= 0:
        jobs = min(available_cores(), MAX_DEFAULT_JOBS)
    return jobs


class RangeStats:
    """What a range run read: filled in by ``check_range`` when the caller passes one."""

    __slots__ = ("blobs_scanned", "changes", "commits")

    def __init__(self) -> None:
        self.commits = self.changes = self.blobs_scanned = 0


def check_range(
    terms: Terms,
    spec: RangeSpec,
    *,
    cwd: str | None,
    result: CheckResult | None = None,
    progress: Progress | None = None,
    jobs: int = 0,
    stats: RangeStats | None = None,
    listing: RangeListing | None = None,
) -> CheckResult:
    """Check every commit of a range: the token occurrences each change introduces (a merge:
    what it holds beyond every parent), new file names, every message and header, and the
    gated files as they stand at the tips, where no judged commit holds them the same
    (``_unjudged_entries``).

    The range is listed first (``rev-list``); one ``git diff-tree`` then lists what each
    commit changes while a ``cat-file`` reads the commits themselves, both read as they
    arrive (``listing``: already started, in its streams, for this ``spec``).  Every distinct
    blob is read and scanned once (``BlobScanner``), batch by batch, while the next changes
    are listed.  Findings come in the listed order, so the output does not depend on ``jobs``
    or on which process was faster."""
    if listing is None:
        with StreamSet(cwd=cwd) as streams:
            listed = RangeListing(spec, streams)
            return check_range(
                terms, spec, cwd=cwd, result=result, progress=progress, jobs=jobs, stats=stats, listing=listed
            )
    policy = terms.policy
    result = result if result is not None else CheckResult()
    commits = listing.commits
    blob_of: dict[ContentKey, str] = {}
    result.commits += len(commits)
    result.messages += len(commits)
    if commits:
        walk = _Walk(policy, listing, result, blob_of, progress, jobs=range_jobs(jobs))
        try:
            messages = walk.run()
        finally:
            walk.scanner.close()
        for commit in commits:
            result.findings.extend(messages.get(commit, ()))
        if stats is not None:
            stats.commits, stats.changes, stats.blobs_scanned = len(commits), walk.changes, walk.scanner.scanned
    judged = spec.exclude if spec.judged is None else spec.judged
    files, found = tip_findings(policy, spec.tips, judged, cwd=cwd)
    result.files += files
    result.findings.extend(found)
    result.findings.extend(encoded_findings(policy, spec.tips, judged, cwd=cwd))
    return apply_baseline(result, terms, lambda keys: _fetch_blobs(keys, blob_of, cwd=cwd), partial=True)


def check_push(
    terms: Terms,
    plan: PushPlan,
    *,
    jobs: int,
    fixed_config: bool,
    fixed_baseline: bool,
    listings: Sequence[RangeListing] = (),
) -> CheckResult:
    """Every range of a push checked and settled, in one result, with what the push sends
    besides (ref names, tags, blobs: ``objects.pushed_findings``).  ``listings``: the ranges'
    listings, already started (one per spec; none: each is started in turn).  A commit in two
    ranges (two refs of one push reaching it) is reported once.  A push that brings no commit
    (a tag, a branch at a commit the other side has, a deletion) says so, and what it checked."""
    policy = terms.policy
    total = CheckResult([f for name in plan.names for f in ref_findings(policy, name)], refs=len(plan.names))
    if plan.pushed is not None:
        total.add(pushed_findings(policy, plan.pushed))
    seen: set[Finding] = set()
    for k, spec in enumerate(plan.specs):
        listing = listings[k] if listings else None
        result = check_range(terms, spec, cwd=None, jobs=jobs, listing=listing)
        result = settle(result, terms, range_change(spec, fixed_config=fixed_config, fixed_baseline=fixed_baseline))
        fresh = [f for f in result.findings if f not in seen]
        seen.update(result.findings)
        result.findings = fresh
        total.add(result)
    if not total.commits:
        total.no_commit = ("the push", "at its tips")
    return total


class _Walk:
    """One pass over a range: the listing and the commits read as they arrive, the changes
    batched for the blob scanner, each batch settled once its blobs are scanned."""

    def __init__(
        self,
        policy: Policy,
        listing: RangeListing,
        result: CheckResult,
        blob_of: dict[ContentKey, str],
        progress: Progress | None,
        *,
        jobs: int,
    ) -> None:
        self.policy, self.listing, self.commits, self.result = policy, listing, listing.commits, result
        self.blob_of, self.progress, self.streams = blob_of, progress, listing.streams
        self.cwd = cwd = listing.streams.cwd
        self.scanner = BlobScanner(policy.matcher, cwd=cwd, jobs=jobs, streams=self.streams)
        self._jobs = jobs
        self.changes = 0
        self.share = ShareCheck(self.commits)
        # (changes, commits listed when the batch was cut): the batch whose blobs are being
        # scanned, and the one being listed.
        self._launched: tuple[list[RawChange], int] = ([], 0)
        self._batch: list[RawChange] = []
        self._limit = FIRST_BATCH_CHANGES

    def run(self) -> dict[str, list[Finding]]:
        """Findings go to the result as batches settle; the messages' are returned by commit."""
        policy, commits, share = self.policy, self.commits, self.share
        parser = RawParser()
        batch = BatchReader(len(commits))
        messages: dict[str, list[Finding]] = {}
        pending = iter(commits)  # the message answers come in this order
        streams, scanner = self.streams, self.scanner
        objects, listing = self.listing.objects, self.listing.changes
        # The blobs of each batch are read among these two (scanner.take) as they come.
        for k, piece in streams.pieces():
            if k == objects:
                if not piece:
                    batch.close()
                for kind, raw in batch.feed(piece) if piece else ():
                    commit = next(pending)
                    if kind != "commit" or raw is None:
                        raise CannotVerify("unreadable", f"commit {commit[:12]}: cannot read it ({kind})")
                    found = [
                        *header_findings(policy, raw, "(commit header)", commit),
                        *object_message_findings(policy, raw, "(commit message)", commit),
                    ]
                    if found:
                        messages[commit] = found
            elif k == listing:
                for event in parser.feed(piece) if piece else parser.close():
                    if isinstance(event, str):
                        share.shown(event)
                    else:
                        self._add(event)
                if not piece:
                    share.finish()
            elif not scanner.take(k, piece):
                raise GitError(f"git printed on a stream nobody reads ({k})")
        self._next_batch()
        self._next_batch()  # the last batch, launched just now
        self.scanner.collect()  # nothing should be left; a worker's failure must not be
        return messages

    def _add(self, change: RawChange) -> None:
        self.changes += 1
        if change.deleted:
            return
        self._batch.append(change)
        if len(self._batch) >= self._limit:
            # While git still lists commits, each batch twice the last: the small ones are
            # scanned here while git works on the next commits.  Once every commit is listed
            # (the rest waits in the pipe: a root commit of 20,000 files), a batch large enough
            # for every worker, so that no core waits on this process scanning alone.
            grown = 2 * self._limit
            if self.share.done >= len(self.commits):
                grown = max(grown, MIN_BLOBS_PER_JOB * self._jobs)
            self._limit = min(grown, BATCH_CHANGES)
            self._next_batch()

    def _next_batch(self) -> None:
        """Launch the scans of the batch just listed, then settle the one before it (whose
        workers have been running meanwhile): the workers of two batches may overlap, so no
        core waits between them."""
        (done, listed), self._launched, self._batch = self._launched, (self._batch, self.share.done), []
        self.scanner.launch((c.new_blob, c.path) for c in self._launched[0] if _has_blob(c.new_mode, c.new_blob))
        self._settle(done)
        if self.progress is not None:
            # The last commit of a batch may have more changes in the next one.
            self.progress(max(0, listed - 1) if self._launched[0] else listed, len(self.commits))

    def _settle(self, changes: Sequence[RawChange]) -> None:
        policy, scanner, result = self.policy, self.scanner, self.result
        # Each new version's scan, once (None: no content); the old versions are read only
        # where the new one holds a token: almost never.
        scans = [scanner.scan_of(c.new_blob) if _has_blob(c.new_mode, c.new_blob) else None for c in changes]
        scanner.launch(
            (oid, c.path)
            for c, new in zip(changes, scans, strict=True)
            if new
            for mode, oid in c.old
            if _has_blob(mode, oid)
        )
        for c, new in zip(changes, scans, strict=True):
            if c.created:
                result.findings.extend(check_path_name(policy, c.path, commit=c.commit))
            if new is None:
                continue
            result.files += 1
            if isinstance(new, str):
                result.findings.append(
                    Finding(c.path, 1, 1, "unreadable", f"blob is {new}: cannot read it", commit=c.commit)
                )
            elif new:
                olds = [scanner.scan_of(oid) for mode, oid in c.old if _has_blob(mode, oid)]
                hits = introduced(new, olds)
                if hits:
                    self.blob_of[(c.path, c.commit)] = c.new_blob
                    # The active config file's own exemption needs its text (its forbidden-tokens
                    # line); no other file's findings do.
                    data = self._content(c.new_blob) if c.path == policy.config.source else None
                    kind = policy.classify(c.path)
                    result.findings.extend(token_findings(policy, c.path, kind, hits, commit=c.commit, data=data))

    def _content(self, oid: str) -> bytes | None:
        [(kind, data)] = cat_file([oid], cwd=self.cwd)
        return data if kind == "blob" else None


def _has_blob(mode: str, oid: str) -> bool:
    """A version with content to scan: not absent, not a gitlink (another repository's commit)."""
    return mode != NO_MODE and mode != GITLINK_MODE and not is_zero_sha(oid)


class ShareCheck:
    """The commits git was asked to list: each must be shown exactly once, in that order, or
    the range is not what was checked."""

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
            f"git diff-tree did not list the commits listed for the range (at {commit[:12]}): cannot verify it",
        )


def fetch_at_commits(keys: Sequence[ContentKey], *, cwd: str | None) -> dict[ContentKey, bytes]:
    """The content of each (path, commit) -- a finding's file as that commit has it -- through
    one ``cat-file``; a key it cannot name or read is left out (its findings stay blocking)."""
    wanted = [(path, commit) for path, commit in keys if commit is not None and "\n" not in path]
    names = [f"{commit}:{path}" for path, commit in wanted]
    return {
        key: data
        for key, (kind, data) in zip(wanted, cat_file(names, cwd=cwd), strict=True)
        if kind == "blob" and data is not None
    }
