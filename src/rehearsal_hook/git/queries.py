"""Plumbing queries: what git knows about commits, trees, refs and the index."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from rehearsal_hook.errors import GitError
from rehearsal_hook.git.process import BOUNDED_PACK_MEMORY, SMALL_DELTA_CACHE, run_git

# A deleted ref on either side of a push: all zeros, in SHA-1 and in SHA-256 repositories.
SHA_RE = re.compile(r"(?:[0-9a-f]{40}|[0-9a-f]{64})")

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


def identities(cwd: str | None = None) -> bytes:
    """The author and committer the commit being made will record (``GIT_AUTHOR_IDENT``, then
    ``GIT_COMMITTER_IDENT``: name, email, date), one a line, from ``git var -l`` (one process
    for both; git passes ``--author`` and the like to hooks in the environment)."""
    out = run_git(("var", "-l"), cwd=cwd)
    lines = out.split(b"\n")
    found = []
    for key in (b"GIT_AUTHOR_IDENT=", b"GIT_COMMITTER_IDENT="):
        # The last one: git prints the variables after the config, whose values may hold a
        # newline followed by anything (found in review: a false block, never a hidden name).
        matches = [line for line in lines if line.startswith(key)]
        if not matches:
            raise GitError("git var -l named no author or committer")
        found.append(matches[-1].partition(b"=")[2])
    return b"\n".join(found)


def check_attributes(
    paths: Sequence[str], names: Sequence[str], *, cwd: str, source: str | None = None
) -> dict[str, dict[str, str]]:
    """The attributes ``names`` of each path (repository-relative) as git check-attr answers
    (``unspecified``, ``unset``, ``set`` or the value), in one process.  ``source``: None for
    the work tree's .gitattributes (then the index's, as git does), ``"index"`` for the index
    only, else a commit or tree, whose .gitattributes are read through a temporary index (git
    before 2.40 has no ``check-attr --source``).  Paths go on stdin, NUL-terminated.

    Asked twice, with patterns matched with and without case (``core.ignorecase``): a checkout
    on macOS or Windows applies ``*.JSON export-subst`` to ``x.json`` as well, and a line that
    matches only one way can unset what the other sets.  A value other than ``unspecified``
    or ``unset`` in either answer is the one returned."""
    if not paths:
        return {}
    request = b"".join(os.fsencode(p) + b"\0" for p in paths)
    # No "--": after it git would take the names for paths.  They are our constants.
    args = ("check-attr", "-z", "--stdin", *(("--cached",) if source is not None else ()), *names)
    cased = (("-c", "core.ignorecase=false", *args), ("-c", "core.ignorecase=true", *args))
    if source is None or source == "index":
        outs = [run_git(a, cwd=cwd, stdin=request) for a in cased]
    else:
        import tempfile

        with tempfile.TemporaryDirectory(prefix="rehearsal-hook-attr-") as tmp:
            env = {**os.environ, "GIT_INDEX_FILE": os.path.join(tmp, "index")}
            if not SHA_RE.fullmatch(source):
                raise GitError(f"not an object id: {source!r}")
            run_git(("read-tree", source), cwd=cwd, env=env)
            outs = [run_git(a, cwd=cwd, stdin=request, env=env) for a in cased]
    found: dict[str, dict[str, str]] = {}
    for out in outs:
        fields = out.split(b"\0")
        for i in range(0, len(fields) - 2, 3):
            values = found.setdefault(os.fsdecode(fields[i]), {})
            name, value = fields[i + 1].decode("utf-8", "replace"), fields[i + 2].decode("utf-8", "replace")
            if values.get(name, "unspecified") in ("unspecified", "unset"):
                values[name] = value
    return found


def commit_cut_config(cwd: str | None = None) -> dict[str, str | None]:
    """The settings that decide where ``git commit`` cuts a message: ``core.commentchar``,
    ``core.commentstring``, ``commit.verbose``, ``commit.cleanup`` -- the last value of each
    (git's own rule), None for a key given without ``=`` (a boolean true), absent when unset."""
    out = run_git(
        ("config", "-z", "--get-regexp", r"^(core\.comment(char|string)|commit\.(verbose|cleanup))$"),
        cwd=cwd,
        ok_codes=(0, 1),
    )
    found: dict[str, str | None] = {}
    for record in out.split(b"\0"):
        if not record:
            continue
        key, newline, value = record.partition(b"\n")
        found[key.decode("utf-8", "replace").lower()] = value.decode("utf-8", "surrogateescape") if newline else None
    return found


def show_toplevel_and_gitdir(cwd: str | None = None) -> tuple[str | None, str]:
    """(work tree root or None when there is none, absolute git dir), in one process."""
    # --show-toplevel fails (128) without a work tree, after printing the other two answers.
    out = run_git(
        ("rev-parse", "--is-bare-repository", "--absolute-git-dir", "--show-toplevel"), cwd=cwd, ok_codes=(0, 128)
    )
    lines = out.decode("utf-8", "surrogateescape").split("\n")
    if len(lines) < 3 or lines[0] not in ("true", "false"):
        raise GitError("not in a git repository")
    root = lines[2] if lines[0] == "false" and len(lines) > 3 else None
    return root or None, lines[1]


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


def _tab_records(out: bytes) -> Iterator[tuple[list[str], str]]:
    """The records of a ``-z`` listing whose records are ``<space-separated fields>\t<path>``
    (``ls-tree``, ``ls-files --stage``): (fields, path).  The listing is decoded in one go, as
    each path would be on its own (no byte of a multi-byte character is NUL or TAB): a full
    scan lists every tracked file, and a decode call per path cost a third of the parse."""
    for rec in os.fsdecode(out).split("\0"):
        if rec:
            meta, _, path = rec.partition("\t")
            if not meta.isascii():
                raise GitError(f"unexpected git listing record: {meta!r}")
            yield meta.split(" "), path


def ls_files(root: str) -> list[IndexEntry]:
    """Every tracked path in the index, from the root."""
    out = run_git(("ls-files", "-z", "--stage", "--full-name", "--"), cwd=root)
    return [IndexEntry(meta[0], path) for meta, path in _tab_records(out)]


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
            "--ignore-submodules=none",
            "--",
        ),
        cwd=root,
    )
    fields = out.split(b"\0")
    entries = []
    i = 0
    while i + 1 < len(fields) and fields[i]:
        meta = fields[i].decode("ascii").split(" ")
        # ":old_mode new_mode old_id new_id status"
        entries.append(StagedEntry(meta[4][:1], meta[1], meta[3], os.fsdecode(fields[i + 1])))
        i += 2
    return entries


def _rev_list(
    options: Sequence[str],
    include: Sequence[str],
    exclude: Sequence[str],
    exclude_options: Sequence[str],
    *,
    cwd: str | None,
) -> bytes:
    """``git rev-list`` of a range.  The ids go on stdin (a push of many refs would not fit on
    a command line); ``--stdin`` comes before ``--not``, which must not apply to them."""
    for rev in (*include, *exclude):
        if not SHA_RE.fullmatch(rev):
            raise GitError(f"not an object id: {rev!r}")
    request = "".join([*(rev + "\n" for rev in include), *("^" + rev + "\n" for rev in exclude)]).encode("ascii")
    args = ("rev-list", *options, "--stdin", *(("--not", *exclude_options) if exclude_options else ()), "--")
    return run_git(args, cwd=cwd, stdin=request)


def list_commits(
    include: Sequence[str], exclude: Sequence[str], exclude_options: Sequence[str], *, cwd: str | None = None
) -> list[str]:
    """The commits reachable from ``include`` but not from ``exclude`` (object ids) or
    ``exclude_options`` (``--remotes=NAME``, ``--all``), newest first, through one ``git
    rev-list``: the order ``git log`` would show them in."""
    if not include:
        return []
    out = _rev_list((), include, exclude, exclude_options, cwd=cwd)
    commits = out.decode("ascii", "replace").split()
    for commit in commits:
        if not SHA_RE.fullmatch(commit):
            raise GitError(f"git rev-list printed something that is not a commit id: {commit[:80]!r}")
    return commits


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


def hooks_dir(root: str) -> str:
    """Where git looks for this repository's hooks: ``core.hooksPath`` when set (relative to
    the work tree), else the common git dir's ``hooks`` (shared by every worktree)."""
    # SAFE_CONFIG points core.hooksPath at /dev/null for our own calls ("command" scope):
    # the repository's hooks are where the last value from a config file says.
    out = run_git(("config", "--show-scope", "-z", "--get-all", "core.hooksPath"), cwd=root, ok_codes=(0, 1))
    fields = out.split(b"\0")
    values = [fields[i + 1] for i in range(0, len(fields) - 1, 2) if fields[i] != b"command"]
    configured = os.fsdecode(values[-1]) if values else ""
    if configured:
        return os.path.join(root, os.path.expanduser(configured))
    common = os.fsdecode(run_git(("rev-parse", "--git-common-dir"), cwd=root).rstrip(b"\n"))
    return os.path.join(root, common, "hooks")


def resolve_commits(revs: Sequence[str], *, cwd: str | None = None) -> list[str | None]:
    """The commit id each revision names (tags peeled), or None where there is none, through
    ONE ``git cat-file --batch-check``.  Revisions are read as object names, never options."""
    for rev in revs:
        if "\n" in rev or not rev.strip():
            raise GitError(f"not a revision: {rev!r}")
    if not revs:
        return []
    request = "".join(f"{rev}^{{commit}}\n" for rev in revs).encode("utf-8", "surrogateescape")
    out = run_git(("cat-file", "--batch-check=%(objectname) %(objecttype)"), cwd=cwd, stdin=request)
    ids: list[str | None] = []
    for line in out.decode("utf-8", "surrogateescape").splitlines():
        oid, _, kind = line.rpartition(" ")
        ids.append(oid if kind == "commit" and SHA_RE.fullmatch(oid) else None)
    if len(ids) != len(revs):
        raise GitError("git cat-file --batch-check answered a different number of lines")
    return ids


def boundary_commits(
    include: Sequence[str], exclude: Sequence[str], exclude_options: Sequence[str], *, cwd: str | None = None
) -> list[str]:
    """The commits a range starts from: outside it, but parents of commits in it (``rev-list
    --boundary``).  Empty when the range has nothing before it (it starts at root commits)."""
    if not include:
        return []
    out = _rev_list(("--boundary",), include, exclude, exclude_options, cwd=cwd)
    return sorted({line[1:] for line in out.decode("ascii", "replace").splitlines() if line.startswith("-")})


def is_shallow(cwd: str | None = None) -> bool:
    """Whether this clone is shallow (history cut off at some depth)."""
    out = run_git(("rev-parse", "--is-shallow-repository"), cwd=cwd)
    return out.strip() == b"true"


_COMMIT_ID = re.compile(r"[0-9a-fA-F]{7,64}")


def missing_revision(role: str, rev: str) -> str:
    """Why ``rev`` names no commit here, told apart: a commit id (or a name's ancestor) that
    is not in this clone -- history to fetch -- from a name that names nothing -- a typo, or
    a branch never fetched."""
    shallow = is_shallow()
    fetch = "git fetch --unshallow, or fetch-depth: 0 in CI" if shallow else "git fetch, or fetch-depth: 0 in CI"
    if _COMMIT_ID.fullmatch(rev):
        return f"{role} {rev!r} is not a commit in this repository: fetch more history ({fetch})"
    name = re.split(r"[~^@]", rev, maxsplit=1)[0]
    if name and name != rev and resolve_commits([name])[0] is not None:
        if shallow:
            return f"{role} {rev!r} reaches past the history in this shallow clone: fetch more history ({fetch})"
        return f"{role} {rev!r} reaches past the first commit of {name!r}: no such commit"
    text = (
        f"{role} {rev!r} names no branch, tag or commit here: check the spelling "
        "('git branch -a' and 'git tag' list the names)"
    )
    if shallow:
        text += f"; this clone is shallow, so a branch it did not fetch is missing too ({fetch})"
    else:
        text += f", or fetch it (git fetch origin {name or rev})"
    return text


# ---------------------------------------------------------------------------------------------
# The server's default branch (where pre-receive takes its rules from)


def symbolic_head(*, cwd: str | None = None) -> str | None:
    """The ref ``HEAD`` names (``refs/heads/main``), or None for a detached ``HEAD``."""
    out = run_git(("symbolic-ref", "-q", "HEAD"), cwd=cwd, ok_codes=(0, 1))
    name = os.fsdecode(out).strip()
    return name or None


def exact_ref(ref: str, *, cwd: str | None = None) -> str | None:
    """The object id of exactly the ref ``ref`` (a full name), or None when there is none.  No
    name guessing: git reads a name that is not a ref as ``refs/<name>``, ``refs/tags/<name>``,
    ``refs/heads/<name>``... -- refs a pusher can create."""
    out = run_git(("show-ref", "--verify", "--hash", "--", ref), cwd=cwd, ok_codes=(0, 1, 128))
    oid = out.decode("ascii", "replace").strip()
    return oid if SHA_RE.fullmatch(oid) else None


def has_refs(*, cwd: str | None = None) -> bool:
    """Whether the repository has any ref at all (a new, empty one has none)."""
    return bool(run_git(("for-each-ref", "--count=1", "--format=%(refname)"), cwd=cwd).strip())


def checkout_source(path: str) -> tuple[str | None, str | None]:
    """Where a checkout of a repository comes from: (its ``origin`` URL, else None; its HEAD
    commit id, else None).  Both None when ``path`` is not a git work tree."""
    try:
        head = run_git(("rev-parse", "--verify", "--quiet", "HEAD^{commit}"), cwd=path, ok_codes=(0, 1)).strip()
        url = run_git(("config", "--get", "remote.origin.url"), cwd=path, ok_codes=(0, 1)).strip()
    except GitError:
        return None, None
    return (os.fsdecode(url) or None), (head.decode("ascii", "replace") or None)


def ref_tips(*, cwd: str | None = None) -> list[str]:
    """The commits every ref and HEAD point at (tags peeled; a ref to a tree or a blob has
    no history and is left out), each once, in ref order: where a whole-history audit starts."""
    out = run_git(("for-each-ref", "--format=%(objectname)"), cwd=cwd)
    refs = out.decode("ascii", "replace").split()
    tips: dict[str, None] = {}
    for commit in resolve_commits([*refs, "HEAD"], cwd=cwd):
        if commit is not None:
            tips.setdefault(commit, None)
    return list(tips)
