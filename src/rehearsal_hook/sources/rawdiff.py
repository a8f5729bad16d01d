"""Parse the raw listing of ``git diff-tree`` (``git.listings.diff_tree_args``) into what each
commit changes.  Pure.

The stream is NUL-separated: a commit's id, then for each path it changes a meta record
(``:OLDMODE NEWMODE OLDID NEWID STATUS``; a merge's combined entry has one ``:`` per parent,
every parent's mode and id, then the result's, and one status letter per parent) followed by
the path.  Anything else raises ``CannotVerify``: a change we cannot read is one we did not
check.
"""

from __future__ import annotations

import os
import re
from typing import NamedTuple

from rehearsal_hook.errors import CannotVerify

NO_MODE = "000000"


class RawChange(NamedTuple):
    """One path a commit changes: the new version's mode and blob id, and every parent's
    (mode, id) -- one for a plain commit, the empty tree's zeros for a root commit or a new
    file.  ``created``: no parent has the path; ``deleted``: the commit removes it."""

    commit: str
    path: str
    new_mode: str
    new_blob: str
    old: tuple[tuple[str, str], ...]

    @property
    def created(self) -> bool:
        return all(mode == NO_MODE for mode, _ in self.old)

    @property
    def deleted(self) -> bool:
        return self.new_mode == NO_MODE


_COMMIT_ID = re.compile(rb"[0-9a-f]{40}|[0-9a-f]{64}")
_MODE = re.compile(rb"[0-7]{6}")
_STATUS = re.compile(rb"[ACDMRTUX]+")


def _bad(record: bytes) -> CannotVerify:
    shown = record[:80].decode("utf-8", "replace")
    return CannotVerify("unparsable-diff", f"cannot parse git's change listing: {shown!r}")


def _twice(commit: str, path: bytes) -> CannotVerify:
    """A path a commit's listing names twice: its tree holds that entry twice (or out of git's
    order), which git fsck refuses (duplicateEntries) and a server takes unless it checks
    (receive.fsckObjects).  Readers differ on which they get -- ``git show REV:PATH`` and
    ``git cat-file`` the first, a checkout and ``git archive``'s extraction the last -- and the
    listing's reader would judge one of them: a production request beside an allowed one passed
    every range mode (found attacking main)."""
    shown = os.fsdecode(path)[:80]
    return CannotVerify(
        "unparsable-diff",
        f"commit {commit[:12]}'s tree holds {shown!r} twice (git fsck: duplicateEntries): readers differ "
        "on which they get, so neither is verified",
    )


# A name git fsck refuses in a tree (hasDot, hasDotdot, hasEmptyName): '.' or '..' as a
# folder or file, or an empty one (a path with '//', or that starts or ends with '/').
_DOTS = re.compile(rb"(?:^|/)\.\.?(?:/|$)")


def refused_name(path: bytes) -> bool:
    """Whether a path a tree holds has a name git fsck refuses.  A checkout refuses it too,
    but a reader that joins the names itself resolves it: x/../rehearsal/requests/x.json is
    rehearsal/requests/x.json to Python's tarfile on git archive's tar, and in no class as
    written (found attacking main: a production request so stored passed every range mode)."""
    return (
        ((b"/." in path or path[:1] == b".") and _DOTS.search(path) is not None)
        or b"//" in path
        or path[:1] == b"/"
        or path[-1:] == b"/"
    )


def refused(commit: str, path: bytes) -> CannotVerify:
    shown = os.fsdecode(path)[:80]
    return CannotVerify(
        "unparsable-diff",
        f"commit {commit[:12]}'s tree holds {shown!r}, a name git fsck refuses ('.', '..' or empty): "
        "a reader that resolves it reads another path",
    )


class RawParser:
    """The parser fed as the stream arrives: ``feed`` each piece, then ``close``; each returns
    the events it completed -- a commit id as its listing starts, then each of its changes."""

    def __init__(self) -> None:
        self._tail = b""
        self._commit = ""
        self._meta: bytes | None = None  # a meta record waiting for its path
        self._paths: set[bytes] = set()  # the paths the commit's listing named so far

    def feed(self, piece: bytes) -> list[str | RawChange]:
        records = (self._tail + piece).split(b"\0")
        self._tail = records.pop()  # the record the piece cut, or b"" after a final NUL
        events: list[str | RawChange] = []
        for rec in records:
            self._record(rec, events)
        return events

    def close(self) -> list[str | RawChange]:
        if self._tail or self._meta is not None:
            raise _bad(self._tail or self._meta or b"")
        return []

    def _record(self, rec: bytes, events: list[str | RawChange]) -> None:
        meta = self._meta
        if meta is not None:
            self._meta = None
            if rec in self._paths:
                raise _twice(self._commit, rec)
            if refused_name(rec):
                raise refused(self._commit, rec)
            self._paths.add(rec)
            events.append(_change(self._commit, meta, rec))
        elif rec[:1] == b":":
            if not self._commit:
                raise _bad(rec)
            self._meta = rec
        elif _COMMIT_ID.fullmatch(rec):
            self._commit = rec.decode("ascii")
            self._paths.clear()
            events.append(self._commit)
        else:
            raise _bad(rec)


# The entry of a plain commit (almost every entry), matched and taken apart in one go.
_PLAIN = re.compile(rb":([0-7]{6}) ([0-7]{6}) ([0-9a-f]{40}|[0-9a-f]{64}) ([0-9a-f]{40}|[0-9a-f]{64}) [ACDMRTUX]+")


def _change(commit: str, meta: bytes, path: bytes) -> RawChange:
    m = _PLAIN.fullmatch(meta)
    if m is not None and path:
        old_mode, new_mode, old_id, new_id = m.group(1, 2, 3, 4)
        return RawChange(
            commit, os.fsdecode(path), new_mode.decode(), new_id.decode(), ((old_mode.decode(), old_id.decode()),)
        )
    parents = len(meta) - len(meta.lstrip(b":"))
    fields = meta[parents:].split(b" ")
    if not path or len(fields) != 2 * parents + 3:
        raise _bad(meta)
    modes, ids, status = fields[: parents + 1], fields[parents + 1 : -1], fields[-1]
    if (
        not all(_MODE.fullmatch(m) for m in modes)
        or not all(_COMMIT_ID.fullmatch(i) for i in ids)
        or not _STATUS.fullmatch(status)
    ):
        raise _bad(meta)
    old = tuple((modes[k].decode("ascii"), ids[k].decode("ascii")) for k in range(parents))
    return RawChange(commit, os.fsdecode(path), modes[-1].decode("ascii"), ids[-1].decode("ascii"), old)
