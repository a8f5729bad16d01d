"""Which commits: object ids, revisions resolved to commits, refs, and the commits of a range
(``rev-list``), with the reason a revision names none."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

from rehearsal_hook.errors import GitError
from rehearsal_hook.git.process import run_git

# A deleted ref on either side of a push: all zeros, in SHA-1 and in SHA-256 repositories.
SHA_RE = re.compile(r"(?:[0-9a-f]{40}|[0-9a-f]{64})")


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


def shallow_commits(*, cwd: str | None = None) -> frozenset[str]:
    """The commits a shallow clone cuts its history at (git's ``shallow`` file: each is read as
    if it had no parent, and what lies below it is not here), none in a whole clone."""
    out = run_git(("rev-parse", "--is-shallow-repository", "--git-path", "shallow"), cwd=cwd)
    answer, _, path = os.fsdecode(out).rstrip("\n").partition("\n")
    if answer != "true":
        if answer != "false":
            raise GitError(f"git rev-parse --is-shallow-repository answered {answer[:40]!r}")
        return frozenset()
    # git reads the list from GIT_SHALLOW_FILE where that is set, and --git-path does not say
    # so: receive-pack sets it for pre-receive when a push from a shallow clone brings cuts of
    # its own (receive.shallowUpdate), and those cuts are in that file only.
    path = os.environ.get("GIT_SHALLOW_FILE") or path
    try:
        with open(os.path.join(cwd or os.getcwd(), path), "rb") as f:  # --git-path: from cwd
            ids = f.read().decode("ascii").split()
    except (OSError, UnicodeDecodeError) as exc:
        raise GitError(f"cannot read the shallow clone's list of cut commits: {exc}") from None
    if not all(SHA_RE.fullmatch(i) for i in ids):
        raise GitError("the shallow clone's list of cut commits holds something that is not a commit id")
    return frozenset(ids)


def resolve_commits(revs: Sequence[str], *, cwd: str | None = None) -> list[str | None]:
    """The commit id each revision names (tags peeled), or None where there is none, through
    ONE ``git cat-file --batch-check``.  Revisions are read as object names, never options; one
    that a line of the request cannot hold (a line feed in it, or nothing but blanks) names no
    commit, and is not asked (its caller says why, in one line: missing_revision)."""
    asked = [rev for rev in revs if _askable(rev)]
    if not asked:
        return [None] * len(revs)
    # ``:/TEXT`` (the youngest commit whose message matches) always names a commit, and a peel
    # after it would be read as part of its pattern: asked as it is.
    lines = (f"{rev}\n" if _is_message_search(rev) else f"{rev}^{{commit}}\n" for rev in asked)
    request = "".join(lines).encode("utf-8", "surrogateescape")
    out = run_git(("cat-file", "--batch-check=%(objectname) %(objecttype)"), cwd=cwd, stdin=request)
    found: list[str | None] = []
    for line in out.decode("utf-8", "surrogateescape").splitlines():
        oid, _, kind = line.rpartition(" ")
        found.append(oid if kind == "commit" and SHA_RE.fullmatch(oid) else None)
    if len(found) != len(asked):
        raise GitError("git cat-file --batch-check answered a different number of lines")
    answers = iter(found)
    return [next(answers) if _askable(rev) else None for rev in revs]


def _askable(rev: str) -> bool:
    return "\n" not in rev and bool(rev.strip())


def _is_message_search(rev: str) -> bool:
    return rev.startswith(":/")


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


def _peeled_kind(rev: str) -> str | None:
    """The kind of object ``rev`` names once its tags are peeled where it is no commit
    (``tree``, ``blob``), else None; ``REV:PATH`` as it is (a peel there would be
    read as part of the path).  One ``git cat-file --batch-check``: an object name, never an
    option."""
    request = f"{rev}^{{}}\n{rev}\n".encode("utf-8", "surrogateescape")
    out = run_git(("cat-file", "--batch-check=%(objecttype)"), stdin=request)
    kinds = [line.strip() for line in out.decode("ascii", "replace").splitlines()]
    return next((k for k in kinds if k in ("tree", "blob")), None)


def missing_revision(role: str, rev: str) -> str:
    """Why ``rev`` names no commit here, told apart: a commit id (or a name's ancestor) that
    is not in this clone -- history to fetch -- from a name that names nothing -- a typo, or
    a branch never fetched."""
    if not _askable(rev):  # (asked of no git command: a line feed would end its request line)
        return f"{role} {rev!r} is no revision: it holds a line feed, or nothing but blanks"
    if _is_message_search(rev):
        # (it was "names no branch, tag or commit here ... or fetch it (git fetch origin :/x)")
        return f"{role} {rev!r} names no commit: no commit reachable from a ref has a message that matches"
    kind = _peeled_kind(rev)
    if kind is not None:
        # (a tree or a blob: it was "reaches past the first commit of 'HEAD': no such commit"
        # for HEAD^{tree}, and "names no branch, tag or commit" for HEAD:file)
        return f"{role} {rev!r} names a {kind}, not a commit: give a commit (a branch, a tag of one, an id)"
    if ".." in rev:
        # (HEAD^{tree}..HEAD "reached past the first commit of 'HEAD'": a range where a
        # revision is wanted, as --history's; HEAD:a..b, a blob's path, was answered above)
        return f"{role} {rev!r} is a range, not a revision: give a commit (check --range BASE..HEAD reads a range)"
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


# Where git looks for a name that is not a full one (gitrevisions(7), after $GIT_DIR/<name>):
# the first that exists wins, so a tag ``origin/main`` (refs/tags/origin/main, which a clone
# fetches with the others) stands for ``origin/main`` before the remote-tracking branch.
_DWIM_RULES = ("refs/{}", "refs/tags/{}", "refs/heads/{}", "refs/remotes/{}", "refs/remotes/{}/HEAD")
# $GIT_DIR/<name>, git's first rule: HEAD, FETCH_HEAD, ORIG_HEAD... -- this clone's own, never fetched.
_PSEUDO_REF = re.compile(r"[A-Z_]*HEAD")
_REF_NAME = re.compile(r"[^\x00-\x20~^:?*\[\\\x7f]+")
_SHORT_ID = re.compile(r"[0-9a-fA-F]{4,39}")


def ambiguous_names(revs: Sequence[str], *, cwd: str | None = None) -> dict[str, list[str]]:
    """The revisions whose name (before any ``~``, ``^``, ``@{``) git reads as one of several
    refs that stand for different commits -- ``origin/main`` with a tag of that name beside
    the remote-tracking branch, ``main`` with a tag ``main``, a short id that is also a ref's
    name -- each with those refs, in git's order (the first is what git takes).  Git takes the
    first and only warns; a check given ``origin/main..HEAD`` then judged from a commit
    whoever pushed the tag chose, by that commit's rules (found attacking main).  A full
    name (``refs/remotes/origin/main``), an object id and HEAD-like names are not guessed.
    One ``git for-each-ref`` for them all (none when no name needs it)."""
    names: dict[str, str] = {}
    for rev in revs:
        name = re.split(r"[~^]|@\{", rev, maxsplit=1)[0]
        if not name or SHA_RE.fullmatch(name) or _PSEUDO_REF.fullmatch(name) or not _REF_NAME.fullmatch(name):
            continue
        names[rev] = name
    if not names:
        return {}
    patterns = sorted({rule.format(n) for n in names.values() for rule in ("{}", *_DWIM_RULES)})
    out = run_git(("for-each-ref", "--format=%(objectname) %(*objectname) %(refname)", "--", *patterns), cwd=cwd)
    peeled: dict[str, str] = {}
    for line in os.fsdecode(out).split("\n"):
        oid, _, rest = line.partition(" ")
        tagged, _, ref = rest.partition(" ")
        if ref:
            peeled[ref] = tagged or oid
    found: dict[str, list[str]] = {}
    for rev, name in names.items():
        if name.startswith("refs/") and name in peeled:
            continue  # the full name itself: git's first rule, $GIT_DIR/<name>, takes it
        refs = [r for r in (rule.format(name) for rule in _DWIM_RULES) if r in peeled]
        ids = {peeled[r] for r in refs}
        if _SHORT_ID.fullmatch(name) and refs:
            # a ref named like an id is taken before the object: unless it is that object
            ids.add(name.lower())
            if all(i.startswith(name.lower()) for i in ids - {name.lower()}):
                continue
        if len(ids) > 1:
            found[rev] = refs
    return found


def ref_namespace() -> str:
    """Where the refs of this process's git namespace live, as git expands ``GIT_NAMESPACE``
    (``a/b``: ``refs/namespaces/a/refs/namespaces/b/``), or "" outside one.  receive-pack runs
    a push into a namespace with it set and its hooks inherit it, but only the transport reads
    it: ``symbolic-ref HEAD`` and ``show-ref`` in a hook see the whole repository, whose HEAD and
    branches are another repository's to the namespace's clients."""
    return "".join(f"refs/namespaces/{part}/" for part in os.environ.get("GIT_NAMESPACE", "").split("/") if part)


def symbolic_head(*, namespace: str = "", cwd: str | None = None) -> str | None:
    """The ref ``HEAD`` names (``refs/heads/main``), or None for a detached or missing ``HEAD``;
    in a ``namespace`` (``ref_namespace``), its own ``HEAD``, by the full name."""
    out = run_git(("symbolic-ref", "-q", namespace + "HEAD"), cwd=cwd, ok_codes=(0, 1))
    name = os.fsdecode(out).strip()
    return name or None


def exact_ref(ref: str, *, cwd: str | None = None) -> str | None:
    """The object id of exactly the ref ``ref`` (a full name), or None when there is none.  No
    name guessing: git reads a name that is not a ref as ``refs/<name>``, ``refs/tags/<name>``,
    ``refs/heads/<name>``... -- refs a pusher can create."""
    out = run_git(("show-ref", "--verify", "--hash", "--", ref), cwd=cwd, ok_codes=(0, 1, 128))
    oid = out.decode("ascii", "replace").strip()
    return oid if SHA_RE.fullmatch(oid) else None


def has_refs(*, namespace: str = "", cwd: str | None = None) -> bool:
    """Whether the repository (or its ``namespace``) has any ref at all (a new, empty one has
    none)."""
    within = (namespace,) if namespace else ()
    return bool(run_git(("for-each-ref", "--count=1", "--format=%(refname)", *within), cwd=cwd).strip())


def symbolic_refs(*, namespace: str = "", cwd: str | None = None) -> dict[str, str]:
    """Each symbolic ref among the refs (of ``namespace``, both names within it) and the ref it
    ends at, its chain followed (``refs/heads/master`` -> ``refs/heads/main``)."""
    within = (namespace,) if namespace else ()
    out = run_git(("for-each-ref", "--format=%(symref)%00%(refname)", *within), cwd=cwd)
    links: dict[str, str] = {}
    for line in out.split(b"\n"):
        target, _, name = line.partition(b"\0")
        if target:
            links[os.fsdecode(name).removeprefix(namespace)] = os.fsdecode(target).removeprefix(namespace)
    ends: dict[str, str] = {}
    for ref, at in links.items():
        seen = {ref}
        while at in links and at not in seen:  # (a loop ends where it would repeat)
            seen.add(at)
            at = links[at]
        ends[ref] = at
    return ends


def ref_targets(*, cwd: str | None = None) -> list[tuple[str, str]]:
    """Every ref and the object it points at (not peeled), as (name, object id): what a push
    of every ref sends besides its commits (a name, an annotated tag, a blob)."""
    out = run_git(("for-each-ref", "--format=%(objectname) %(refname)"), cwd=cwd)
    pairs = []
    for line in out.split(b"\n"):
        if line:
            oid, _, name = line.partition(b" ")
            pairs.append((os.fsdecode(name), oid.decode("ascii", "replace")))
    return pairs


def named_refs(revs: Sequence[str], *, cwd: str | None = None) -> list[tuple[str, str]]:
    """The refs the revisions name, each once, with the object each points at (not peeled), as
    ``ref_targets`` gives every ref: ``feature`` is refs/heads/feature, ``HEAD`` the branch it
    is on -- the name git shows beside the commit (``git log --decorate``), chosen as git
    chooses it.  A revision that names no ref (an object id, ``main~2``, a detached HEAD)
    gives none.  Each revision must already name a commit (``resolve_commits``)."""
    names: dict[str, None] = {}
    for rev in revs:
        # (--end-of-options: a revision that begins with "-" is read as one, never an option)
        out = run_git(("rev-parse", "--verify", "-q", "--symbolic-full-name", "--end-of-options", rev), cwd=cwd)
        name = os.fsdecode(out.rstrip(b"\n"))
        if name:
            names.setdefault(name, None)
    pairs = []
    for name in names:
        oid = exact_ref(name, cwd=cwd)
        if oid is None:
            # (cannot tell what a reader is shown under that name: fail, not pass)
            raise GitError(f"{name!r}: a revision names it, but it is not a ref")
        pairs.append((name, oid))
    return pairs


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
