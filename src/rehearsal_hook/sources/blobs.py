"""Blobs as a source: every distinct blob of a run read once, scanned once, and compared.

A blob's scan is what the scanner finds in it as in a file on disk (same readings, lines and
columns), each hit keyed by its token and its normalised line text.  A change introduces an
occurrence of a key when its new blob holds more of them than every old version (one for a
plain commit, one per parent for a merge): moving a line does not introduce its tokens,
duplicating it does, and so does a token moved into another line.

``BlobScanner`` keeps every blob's scan by object id for the whole run, so a blob that many
commits carry (merges, reverts, long-lived branches) is read and scanned once.  Long lists of
blobs are dealt to forked workers, each with its own ``git cat-file``, while the caller goes
on listing the next changes; results are keyed by object id, so the outcome does not depend
on the number of workers.

A version of a file is mostly the bytes of the last: the scanner's segment cache
(scan/segment_cache.py, one per process and worker: all the versions of a file go to the same
one) reads only the segments of a blob it has not seen, with the same hits.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Collection, Iterable, Sequence
from functools import partial
from typing import Union, cast

from rehearsal_hook.exemptions.baseline import lines_of, normalise_line
from rehearsal_hook.forked import fork_child, replies
from rehearsal_hook.git.catfile import BatchReader, blob_chunks, cat_file_args, cat_file_sized
from rehearsal_hook.git.process import StreamSet
from rehearsal_hook.scan.matcher import TokenHit, TokenMatcher
from rehearsal_hook.scan.segment_cache import SegmentCache, scan_cached
from rehearsal_hook.scan.stream import scan_file_chunks
from rehearsal_hook.scan.text import scan_bytes
from rehearsal_hook.sources.files import STREAM_THRESHOLD

# (token, normalised line text): what "the same occurrence" means between two versions.
Key = tuple[str, str]
Occurrence = tuple[Key, TokenHit]
# A blob's scan: its occurrences in file order (most blobs: none), or -- for an object that
# could not be read as a blob -- what git said it is ("missing", "tree", ...).
Scan = Union[tuple[Occurrence, ...], str]  # noqa: UP007 - a runtime alias, evaluated at import
CLEAN: tuple[Occurrence, ...] = ()


def blob_occurrences(matcher: TokenMatcher, data: bytes, cache: SegmentCache | None = None) -> tuple[Occurrence, ...]:
    """The scan of a blob held in memory (``cache``: of ``matcher``, segment_cache.py)."""
    hits = scan_bytes(matcher, data) if cache is None else scan_cached(cache, data)
    if not hits:
        return CLEAN
    # Each line normalised once: a long line holding many tokens must not cost one pass each.
    texts = {n: normalise_line(text) for n, text in lines_of(data, {h.line for h in hits}).items()}
    return tuple(((h.token, texts[h.line]), h) for h in hits)


def streamed_occurrences(oid: str, hits: Iterable[TokenHit]) -> tuple[Occurrence, ...]:
    """The scan of blob ``oid`` too large to hold (over STREAM_THRESHOLD): its line texts are
    not kept, so each hit is its own key (the blob, line and column; a NUL never survives
    normalisation, so no line text matches it) and no other version holds it.  Every token of
    such a blob counts as introduced wherever it changes: more than the exact answer, never
    less (a key by position alone would take a token on an edited line for the old one)."""
    return tuple(((h.token, f"\0{oid}:{h.line}:{h.column}"), h) for h in hits)


def introduced(new: Scan, olds: Sequence[Scan]) -> list[TokenHit]:
    """The hits of ``new`` that no old version accounts for: per key, as many as ``new``
    holds beyond the most any old version holds.  Which of a key's hits are reported: first
    those on lines where no old version had that key, then the last ones -- so a duplicated
    line is reported where the copy is, in the usual case.  An old version that cannot be
    read counts as empty (all of ``new`` is reported, never less)."""
    if isinstance(new, str) or not new:
        return []
    groups = _hits_by_key(new)
    # Each old version grouped once: linear in the hits, however many keys (a file of 100,000
    # tokens must not cost 100,000 passes over its old version).
    old_groups = [_hits_by_key(old) for old in olds if not isinstance(old, str) and old]
    chosen: list[TokenHit] = []
    for key, hits in groups.items():
        old_lines = [[h.line for h in grouped.get(key, ())] for grouped in old_groups]
        surplus = len(hits) - max((len(lines) for lines in old_lines), default=0)
        if surplus <= 0:
            continue
        seen = {line for lines in old_lines for line in lines}
        fresh = [h for h in hits if h.line not in seen]
        chosen += fresh[:surplus]
        if len(fresh) < surplus:
            chosen += [h for h in hits if h.line in seen][len(fresh) - surplus :]
    return sorted(chosen)


def _hits_by_key(scan: tuple[Occurrence, ...]) -> dict[Key, list[TokenHit]]:
    groups: dict[Key, list[TokenHit]] = {}
    for key, hit in scan:
        groups.setdefault(key, []).append(hit)
    return groups


def scan_share(
    matcher: TokenMatcher,
    oids: Sequence[str],
    *,
    cwd: str | None,
    cache: SegmentCache | None = None,
    versions: Collection[str] = (),
) -> dict[str, Scan]:
    """Read and scan these blobs through one ``git cat-file --batch``: the scans that are not
    CLEAN, by object id.  ``versions``: the blobs read through ``cache`` (BlobScanner.launch)."""
    found: dict[str, Scan] = {}
    for oid, (kind, data, _) in zip(oids, cat_file_sized(oids, STREAM_THRESHOLD, cwd=cwd), strict=True):
        scan = answer_scan(matcher, oid, kind, data, cwd=cwd, cache=cache if oid in versions else None)
        if scan:
            found[oid] = scan
    return found


def answer_scan(
    matcher: TokenMatcher,
    oid: str,
    kind: str,
    data: bytes | None,
    *,
    cwd: str | None,
    cache: SegmentCache | None = None,
) -> Scan:
    """The scan of cat-file's answer for blob ``oid``: what git says it is when it is not a
    blob; a blob's content (None: over STREAM_THRESHOLD, streamed again on its own)."""
    if kind != "blob":
        return kind
    if data is not None:
        return blob_occurrences(matcher, data, cache)
    hits = scan_file_chunks(matcher, lambda: blob_chunks(oid, cwd=cwd))
    return streamed_occurrences(oid, hits) if hits else CLEAN


# A worker pays off for this many blobs of its own; below, the fork, its cat-file and the
# result's way back cost more than they save.  Measured on 2 cores: bench's pre-push (2,100
# blobs, 13 MB) took 1.08 s with two workers, 0.94 s in one process (load 8); git's history
# (batches of about 7,000 blobs) gains a third with two.
MIN_BLOBS_PER_JOB = 2000


class _Worker:
    __slots__ = ("generation", "oids", "pid", "read_fd")

    def __init__(self, pid: int, read_fd: int, oids: Sequence[str], generation: int) -> None:
        self.pid, self.read_fd, self.oids, self.generation = pid, read_fd, oids, generation


class _Streamed:
    """A launch read in this process: its ``cat-file``'s answers, fed as they arrive."""

    __slots__ = ("done", "launch", "oids", "reader")

    def __init__(self, launch: int, oids: Sequence[str]) -> None:
        self.launch, self.oids = launch, oids
        self.reader = BatchReader(len(oids), STREAM_THRESHOLD)
        self.done = 0  # answers taken


class BlobScanner:
    """Every blob's scan for one run, by object id.  ``launch`` starts scanning blobs not seen
    yet (in forked workers when there are enough of them and ``jobs`` allows, else in this
    process); ``scan_of`` answers, first waiting for the launch that holds the blob if it is
    still being scanned.  So the next batch can be launched before the last one is settled.
    ``scanned`` counts the blobs read and scanned: each distinct blob once.

    With ``streams``, a launch scanned here starts its ``cat-file`` among them and returns:
    the caller, reading them all, hands its output to ``take`` as it comes, so git inflates
    the blobs while this process lists and scans other things (read at once instead, this
    process waited on git for a tenth of a 1,000-commit push)."""

    def __init__(self, matcher: TokenMatcher, *, cwd: str | None, jobs: int, streams: StreamSet | None = None) -> None:
        self._matcher, self._cwd, self._jobs, self._streams = matcher, cwd, jobs, streams
        self._scans: dict[str, Scan] = {}
        # (a worker forked for a launch starts with this process's, and its own ends with it)
        self._cache = SegmentCache(matcher)
        self._versions: set[str] = set()  # the blobs read through it (launch)
        self._cached_paths: set[str] = set()  # paths with a version read through it here
        self._workers: list[_Worker] = []
        self._in_flight: dict[str, int] = {}  # blob id -> the launch that scans it
        self._streamed: dict[int, _Streamed] = {}  # stream number -> its launch, until read
        self._stream_of: dict[int, int] = {}  # launch -> its stream number
        self._launches = 0
        self.scanned = 0

    def scan_of(self, oid: str) -> Scan:
        launch = self._in_flight.get(oid)
        if launch is not None:
            self.collect(launch)
        return self._scans[oid]

    def launch(self, blobs: Iterable[tuple[str, str]]) -> None:
        """Scan these (blob id, path) that were not scanned yet.  The path only decides which
        worker reads the blob: all the versions of a file go to the same ``cat-file``, whose
        cache of delta bases then serves the next version (dealt round-robin instead, git's
        share of the work grew by a quarter on git's history), and they are read one after
        another, so that the segment cache holds the last version's segments when the next
        comes (in the listing's order, interleaved with every other file's, it had dropped them
        on git's history)."""
        todo: list[tuple[str, str]] = []
        seen = self._scans
        for oid, path in blobs:
            if oid not in seen:
                seen[oid] = CLEAN  # never launched twice; set for real once scanned
                todo.append((oid, path))
        if not todo:
            return
        todo.sort(key=lambda blob: blob[1])  # (stable: a file's versions in the listing's order)
        # Through the cache only a file with another version here, or one read through this
        # process's cache in an earlier launch (its segments are still there, and a worker
        # forked now starts with them: a range's batches split a file's versions): a segment
        # read the first time costs it twice what the whole blob costs in memory (its cut;
        # the first versions of git's history, 41 MB: 6.1 -> 11.0 s CPU), the next versions
        # a fifth.
        n = min(self._jobs, len(todo) // MIN_BLOBS_PER_JOB) if hasattr(os, "fork") else 1
        paths = [path for _, path in todo]
        before = self._cached_paths
        versions = {
            oid
            for i, (oid, path) in enumerate(todo)
            if (i > 0 and paths[i - 1] == path) or (i + 1 < len(paths) and paths[i + 1] == path) or path in before
        }
        self._versions |= versions
        if n <= 1:  # (a worker's cache ends with it)
            before.update(path for oid, path in todo if oid in versions)
        self._launches += 1
        if n <= 1:
            oids = [oid for oid, _ in todo]
            if self._streams is None:
                self._store(oids, scan_share(self._matcher, oids, cwd=self._cwd, cache=self._cache, versions=versions))
                return
            k = self._streams.start(*cat_file_args(oids))
            self._streamed[k] = _Streamed(self._launches, oids)
            self._stream_of[self._launches] = k
            for oid in oids:
                self._in_flight[oid] = self._launches
            return
        shares: list[list[str]] = [[] for _ in range(n)]
        for oid, path in todo:
            shares[hash(path) % n].append(oid)
            self._in_flight[oid] = self._launches
        for share in shares:
            if share:
                self._fork(share, self._launches, versions.intersection(share))

    def take(self, k: int, piece: bytes) -> bool:
        """Scan the blobs this piece of stream ``k`` completes (``b""``: its end, checked);
        False if stream ``k`` is not one of this scanner's."""
        streamed = self._streamed.get(k)
        if streamed is None:
            return False
        if not piece:
            streamed.reader.close()
            del self._streamed[k], self._stream_of[streamed.launch]
            self.scanned += len(streamed.oids)
            return True
        for kind, data in streamed.reader.feed(piece):
            oid = streamed.oids[streamed.done]
            streamed.done += 1
            cache = self._cache if oid in self._versions else None
            self._versions.discard(oid)
            self._scans[oid] = answer_scan(self._matcher, oid, kind, data, cwd=self._cwd, cache=cache)
            del self._in_flight[oid]
        return True

    def collect(self, launch: int | None = None) -> None:
        """Wait for one launch (None: every launch) and take in its scans."""
        streams = self._streams
        if streams is not None:
            for k in list(self._streamed) if launch is None else [self._stream_of.get(launch, -1)]:
                if k in self._streamed:
                    for _, piece in streams.drain(k):
                        self.take(k, piece)

        workers = [w for w in self._workers if launch is None or w.generation == launch]
        self._workers = [w for w in self._workers if w not in workers]
        for w in workers:
            for oid in w.oids:
                del self._in_flight[oid]
        # A worker's failure is raised once every worker of the launch is reaped; the run ends there.
        found = replies([(w.pid, w.read_fd) for w in workers])
        for w, scans in zip(workers, found, strict=True):
            self._store(w.oids, cast("dict[str, Scan]", scans))

    def close(self) -> None:
        """Stop any worker still running (the run failed or was interrupted)."""
        workers, self._workers = self._workers, []
        for w in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(w.pid, signal.SIGKILL)
            os.close(w.read_fd)
            os.waitpid(w.pid, 0)

    def _store(self, oids: Sequence[str], found: dict[str, Scan]) -> None:
        scans = self._scans
        for oid in oids:
            scans[oid] = found.get(oid, CLEAN)
        self.scanned += len(oids)

    def _fork(self, oids: Sequence[str], launch: int, versions: set[str]) -> None:
        pid, read_fd = fork_child(
            partial(scan_share, self._matcher, oids, cwd=self._cwd, cache=self._cache, versions=versions)
        )
        self._workers.append(_Worker(pid, read_fd, oids, launch))
