"""Listings: what a tree, the index and a change hold -- ``ls-tree``, ``ls-files --stage``,
``diff --cached --raw`` and the ``diff-tree`` listing of what commits change."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from rehearsal_hook.errors import GitError
from rehearsal_hook.git.process import BOUNDED_PACK_MEMORY, SMALL_DELTA_CACHE, run_git
from rehearsal_hook.git.revisions import SHA_RE

# Make a diff parseable and inert whatever the repository's config says: no external diff or
# textconv program runs (a pushed repository's config must not run code), no colour, no
# user-chosen prefixes or relative paths, gitlinks as one line.
DIFF_OPTIONS: tuple[str, ...] = (
    "--no-ext-diff",
    "--no-textconv",
    "--no-color",
    "--no-relative",
    "--no-renames",
    "--src-prefix=a/",
    "--dst-prefix=b/",
    "--submodule=short",
    # diff.interHunkContext would merge -U0 hunks and print context lines between them.
    "--inter-hunk-context=0",
)


# Every gitlink listed: git's diff -- diff-tree between two commits too -- leaves out a
# submodule that ``.gitmodules`` or the config marks ``ignore = all`` (a pushed file: a
# submodule where requests lie passed check --range, pre-push and pre-receive so).
EVERY_SUBMODULE = "--ignore-submodules=none"


class StagedEntry(NamedTuple):
    """A path the next commit changes (``git diff --cached --raw``): its status letter, new mode
    and new blob id."""

    status: str
    mode: str
    oid: str
    path: str


class TreeEntry(NamedTuple):
    """One entry of ``git ls-tree``: mode, object type (``blob``, ``tree``, ``commit``), id."""

    mode: str
    kind: str
    oid: str
    path: str


class IndexEntry(NamedTuple):
    """One entry of ``git ls-files --stage``: its mode and path."""

    mode: str
    path: str


def _records(out: bytes) -> list[str]:
    """The records of a ``-z`` listing, decoded in one go, as each path would be on its own (no
    byte of a multi-byte character is NUL or TAB): a full scan lists every tracked file, and a
    decode call per path cost a third of the parse."""
    return [record for record in os.fsdecode(out).split("\0") if record]


def _tab_record(record: str) -> tuple[list[str], str]:
    """A record ``<space-separated fields>\t<path>`` (``ls-tree``, ``ls-files --stage``):
    (fields, path)."""
    meta, tab, path = record.partition("\t")
    if not tab or not meta.isascii():
        raise GitError(f"unexpected git listing record: {meta!r}")
    return meta.split(" "), path


def _tab_records(out: bytes) -> Iterator[tuple[list[str], str]]:
    return map(_tab_record, _records(out))


def ls_files(root: str) -> list[IndexEntry]:
    """Every tracked path in the index, from the root."""
    return [index_entry(record) for record in ls_files_records(root)]


def ls_files_records(root: str) -> list[str]:
    """``ls_files`` before parsing: one record per tracked path, each read with index_entry
    where it is needed (a full scan's workers each read their own share: reading the 20,000
    records and making their items took 40 ms before the fork)."""
    return _records(run_git(("ls-files", "-z", "--stage", "--full-name", "--"), cwd=root))


def is_tracked(root: str, path: str) -> bool:
    """Whether ``path`` (from the root, exact) is a file of the index."""
    out = run_git(("--literal-pathspecs", "ls-files", "-z", "--full-name", "--", path), cwd=root)
    return path in _records(out)


def index_entry(record: str) -> IndexEntry:
    """One record of ``ls_files_records``: its mode and path."""
    fields, path = _tab_record(record)
    return IndexEntry(fields[0], path)


def index_blobs(root: str) -> list[TreeEntry]:
    """Every entry of the index as ``tree_entries`` gives a tree's (a submodule's kind
    ``commit``)."""
    entries = []
    for fields, path in map(_tab_record, ls_files_records(root)):
        entries.append(TreeEntry(fields[0], "commit" if fields[0] == "160000" else "blob", fields[1], path))
    return entries


def staged_changes(root: str) -> list[StagedEntry]:
    """``(status, new mode, new blob id, path)`` of every path the next commit changes, from the
    index git uses now (``GIT_INDEX_FILE`` is honoured: ``git commit -a`` and ``git commit
    FILE`` set a temporary one).  Works before the first commit too.  A deletion has status
    ``D``, mode ``000000`` and no blob."""
    out = run_git(
        (
            "diff",
            "--cached",
            "--raw",
            "-z",
            "--no-abbrev",
            *DIFF_OPTIONS,
            "--diff-filter=ACDMRTU",
            EVERY_SUBMODULE,
            "--",
        ),
        cwd=root,
    )
    return _raw_entries(out)


def tree_diffs(pairs: Sequence[tuple[str, str]], *, cwd: str | None = None) -> bytes:
    """ONE ``git diff-tree`` of each ``(new, old)`` pair of commits, in this order: ``new``'s
    id, then one raw entry per path whose entry differs between the two trees (``-z``, as
    ``diff_tree_args`` lists a plain commit: ``sources.rawdiff`` reads it), each id shown even
    when nothing differs (``--always``).  A line ``NEW OLD`` on stdin compares ``new`` with
    ``old`` taken as its parent, whatever its real parents; no diff driver runs."""
    for pair in pairs:
        for commit in pair:
            if not SHA_RE.fullmatch(commit):
                raise GitError(f"not an object id: {commit!r}")
    args = ("diff-tree", "--stdin", "-r", "--always", "-z", "--no-abbrev", "--no-renames", EVERY_SUBMODULE, "--")
    return run_git(args, cwd=cwd, stdin="".join(f"{new} {old}\n" for new, old in pairs).encode("ascii"))


def _raw_entries(out: bytes) -> list[StagedEntry]:
    """The entries of a raw ``-z`` diff that names no commit (``diff --cached``)."""
    fields = out.split(b"\0")
    entries = []
    i = 0
    while i + 1 < len(fields) and fields[i]:
        meta = fields[i].decode("ascii").split(" ")
        # ":old_mode new_mode old_id new_id status"
        if len(meta) != 5 or not meta[0].startswith(":"):
            raise GitError(f"unexpected git diff record: {fields[i]!r}")
        entries.append(StagedEntry(meta[4][:1], meta[1], meta[3], os.fsdecode(fields[i + 1])))
        i += 2
    if i + 1 < len(fields) or (i < len(fields) and fields[i]):
        raise GitError("git diff listing ended inside a record")
    return entries


def diff_tree_args(commits: Sequence[str]) -> tuple[tuple[str, ...], bytes]:
    """The arguments and stdin of ONE ``git diff-tree`` listing what each of these commits
    changes, in this order (the ids fed on stdin): each commit's id, then one raw entry per
    changed path (``-z``: ``:MODES IDS STATUS``, then the path).  A merge lists, against
    every parent at once (``-c``), only the paths that differ from all of them: a path taken
    from one parent unchanged brings nothing that parent did not have.  Root commits are
    listed against the empty tree, a commit that changes nothing by its id alone
    (``--always``), so every commit asked for is shown.  Renames are not followed: a renamed
    file is a new file (its tokens counted again, as the patch reading did)."""
    if not commits:
        raise GitError("no commits to list")
    for commit in commits:
        if not SHA_RE.fullmatch(commit):
            raise GitError(f"not an object id: {commit!r}")
    options = (*BOUNDED_PACK_MEMORY, *SMALL_DELTA_CACHE)
    args = (
        *options,
        "diff-tree",
        "--stdin",
        "-r",
        "-c",
        "--root",
        "--always",
        "-z",
        "--no-abbrev",
        "--no-renames",
        EVERY_SUBMODULE,
        "--",
    )
    return args, "".join(c + "\n" for c in commits).encode("ascii")


def ls_tree(tree_ish: str, paths: Sequence[str], *, cwd: str | None = None) -> list[TreeEntry]:
    """The entries of the given paths (exact names) in ``tree_ish``."""
    if not paths:
        return []
    out = run_git(
        ("--literal-pathspecs", "ls-tree", "-z", "--full-tree", "--full-name", tree_ish, "--", *paths),
        cwd=cwd,
    )
    entries = []
    for meta, path in _tab_records(out):
        mode, kind, oid = meta
        entries.append(TreeEntry(mode, kind, oid, path))
    return entries


def tree_entries(tree_ish: str, *, cwd: str | None = None) -> list[TreeEntry]:
    """Every entry below ``tree_ish`` but folders (files, links, submodules), recursively."""
    out = run_git(("ls-tree", "-r", "-z", "--full-tree", "--full-name", tree_ish, "--"), cwd=cwd)
    return [TreeEntry(meta[0], meta[1], meta[2], path) for meta, path in _tab_records(out)]


def root_names(tree_ish: str, *, cwd: str | None = None) -> list[str]:
    """The names at the top of ``tree_ish`` (files, folders, links, submodules)."""
    out = run_git(("ls-tree", "-z", "--name-only", "--full-tree", tree_ish, "--"), cwd=cwd)
    return [os.fsdecode(name) for name in out.split(b"\0") if name]
