"""Commit ranges before any rule or scanner is loaded: what a range holds (``RangeSpec``), the
commits its revisions name (``require_commits``) and its listing started (``RangeListing``).
Git only, so that a push hook starts git listing its range while Python imports the rest (the
range engine, ``commits.py``, reads the listing)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.git.catfile import cat_file_args
from rehearsal_hook.git.listings import diff_tree_args
from rehearsal_hook.git.process import StreamSet
from rehearsal_hook.git.revisions import (
    ambiguous_names,
    list_commits,
    missing_revision,
    resolve_commits,
    shallow_commits,
)


class RangeSpec(NamedTuple):
    """The commits reachable from ``include`` and from none of ``exclude`` (object ids) or
    ``exclude_options`` (``--remotes=NAME``, ``--all``).  ``tips`` are the commits whose trees
    the gated files are checked at; ``judged`` the commits whose gated files count as judged by
    the rules that judge now (None: ``exclude``'s)."""

    include: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    exclude_options: tuple[str, ...] = ()
    tips: tuple[str, ...] = ()
    judged: tuple[str, ...] | None = None


def require_commits(wanted: Sequence[tuple[str, str, str]], *, cwd: str | None = None) -> list[str]:
    """The commit id of each ``(revision, role, code)`` in ``wanted``, through one ``git
    cat-file``.  Raises CannotVerify with that code for the first revision that names no commit
    here, saying why in the words of its role (``missing_revision``)."""
    ids = resolve_commits([rev for rev, _, _ in wanted], cwd=cwd)
    found = []
    for (rev, role, code), commit in zip(wanted, ids, strict=True):
        if commit is None:
            raise CannotVerify(code, missing_revision(role, rev))
        found.append(commit)
    ambiguous = ambiguous_names([rev for rev, _, _ in wanted], cwd=cwd)
    for rev, role, code in wanted:
        if rev in ambiguous:
            refs = ambiguous[rev]
            raise CannotVerify(
                code,
                f"{role} {rev!r} is ambiguous: {', '.join(refs)} name different commits, and git takes "
                f"{refs[0]}; give the full name ({refs[-1]})",
            )
    return found


class RangeListing:
    """A range being listed: its commits (``rev-list``), and among ``streams`` the ``cat-file``
    reading them (``objects``) and the ``diff-tree`` listing what each changes (``changes``),
    both started at once; ``commits.check_range`` reads them."""

    __slots__ = ("changes", "commits", "objects", "streams")

    def __init__(self, spec: RangeSpec, streams: StreamSet) -> None:
        self.streams = streams
        self.commits = list_commits(spec.include, spec.exclude, spec.exclude_options, cwd=streams.cwd)
        if self.commits:
            # A shallow clone's cut commit reads as a root: the commits below it (the base's
            # side of the range) are not here, and nothing says so (found attacking main: a
            # token added and removed below the cut, CLEAN).
            cut = shallow_commits(cwd=streams.cwd)
            at = next((c for c in self.commits if c in cut), None)
            if at is not None:
                raise CannotVerify(
                    "missing-base",
                    f"this clone (or a push from a shallow one) is shallow: its history stops at {at[:12]}, "
                    "inside the range, so the commits below it cannot be read; fetch the whole history "
                    "(git fetch --unshallow; fetch-depth: 0, GIT_DEPTH: 0) and check or push from there",
                )
        self.objects = self.changes = -1
        if self.commits:
            self.objects = streams.start(*cat_file_args(self.commits))
            self.changes = streams.start(*diff_tree_args(self.commits))
