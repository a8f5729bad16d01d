"""What a push sends: ref update lines (pre-push, pre-receive, the pre-commit framework's
variables) turned into commit ranges, plus the tags, blobs and ref names that travel with them.

pre-commit's own hook stops at the first ref line and knows only 40-digit zero ids; here every
line counts and a zero id has 40 or 64 digits.  A client does not scan again the commits the
other side already has (reachable from its refs); when that cannot be told, more is scanned,
never less.  The server judges every commit a ref is to reach that neither that ref nor the
default branch reaches now (``plan_receive``).

Git only: no rules, no scanner (``objects.pushed_findings`` and ``commits.check_push`` judge
what is read here), so that a push hook starts listing its range before it loads them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import NamedTuple

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.git.catfile import cat_file, split_object
from rehearsal_hook.git.process import is_zero_sha
from rehearsal_hook.git.repository import remote_names
from rehearsal_hook.git.revisions import SHA_RE, exact_ref, list_commits, ref_namespace, resolve_commits, symbolic_refs
from rehearsal_hook.sources.ranges import RangeSpec, require_commits

# A remote name usable in --remotes=NAME: a glob character would match other remotes' refs
# too, and excluding their commits could leave pushed commits unscanned.
_PLAIN_REMOTE = re.compile(r"[^*?\[\\\s]+")
MAX_TAG_DEPTH = 16


# Where git looks for stand-ins: every reader that honours replace refs (the default: git
# archive on the server, a mirror clone, a client that fetches refs/replace/*) gets the object
# such a ref names in place of the one it is named after -- a blob of a request among them,
# which no path here gates.  What is checked is what is stored (process.py turns them off), so
# a pushed one is refused: what is judged would not be what those readers get.
REPLACE_REFS = "refs/replace/"


def is_replace_ref(ref: str) -> bool:
    """Whether ``ref`` is a replace ref to some git: ``refs/REPLACE/...`` is one on a server
    whose file system ignores case (macOS, Windows), where it is stored as refs/replace/."""
    return _as_stored(ref).startswith(REPLACE_REFS)


def _as_stored(ref: str) -> str:
    """A ref's name as a file system that folds names stores it: without case, and as macOS
    and Windows fold names (class_key: refs/heads/ma<ZWNJ>in is main on HFS+, refs/heads/maſter
    master on APFS and NTFS).  An ASCII name without loading the rules (pre-push's start-up)."""
    if ref.isascii():
        return ref.lower()
    from rehearsal_hook.checks.policy import class_key

    return class_key(ref)


REPLACE_REF_REFUSED = (
    "a replace ref is refused: readers that honour it (git archive, a mirror, a fetch of "
    "refs/replace/*) get its object in place of the one judged as stored"
)


class RefUpdate(NamedTuple):
    """One ref a push changes: ``new`` is what is sent (zero: a deletion), ``old`` what the
    receiving side has now (zero: a new ref)."""

    ref: str
    new: str
    old: str


def _sha(value: str, line: str) -> str:
    if not SHA_RE.fullmatch(value):
        raise CannotVerify("bad-push-line", f"not an object id in push line {line!r}")
    return value


def parse_ref_updates(stdin: bytes, *, server: bool) -> list[RefUpdate]:
    """git's hook lines, every one of them.  pre-push: ``<local ref> SP <local id> SP <remote
    ref> SP <remote id>`` (split from the right: the local side may be any revision).
    pre-receive (``server``): ``<old id> SP <new id> SP <ref>``."""
    updates = []
    for line in os.fsdecode(stdin).split("\n"):
        if not line.strip():
            continue
        parts = line.split(" ", 2) if server else line.rsplit(" ", 3)
        if len(parts) != (3 if server else 4) or not parts[2]:
            raise CannotVerify("bad-push-line", f"cannot read {'pre-receive' if server else 'pre-push'} line {line!r}")
        if server:
            old, new, ref = parts
        else:
            _, new, ref, old = parts
        updates.append(RefUpdate(ref, _sha(new, line), _sha(old, line)))
    if server and not updates:
        # git runs pre-receive only for a push that updates refs, always with their lines (an
        # empty pre-push stdin is normal: git runs pre-push for a push with nothing to send).
        raise CannotVerify("bad-push-line", "no ref update lines on stdin: nothing to verify (is this run by git?)")
    return updates


class PushPlan:
    """A push's ranges (one for a client's push; on the server one per set of commits that
    already count as judged), what it sends besides (``pushed``: tags and blobs to scan, ref
    names) and other ref names to check (``names``)."""

    __slots__ = ("names", "pushed", "specs")

    def __init__(self, specs: list[RangeSpec], pushed: Pushed | None = None, names: tuple[str, ...] = ()) -> None:
        self.specs, self.pushed, self.names = specs, pushed, names


def _objects(oids: set[str], *, cwd: str | None) -> dict[str, tuple[str, bytes | None]]:
    ordered = sorted(oids)
    return dict(zip(ordered, cat_file(ordered, cwd=cwd), strict=True))


class Pushed:
    """What a push sends, peeled: each ref with the commit it stands for (None: a blob) and
    whether its old id is a commit (``refs``); and, in the order they are met, what is judged
    apart from the ranges (``shown``): each sent ref's name (``("ref", ref, "", b"")``), then
    each annotated tag on its way (``("tag", ref, oid, raw)``) and a blob it names (``("blob",
    ref, oid, raw)``) -- each object once, however many refs reach it."""

    def __init__(self, updates: list[RefUpdate], *, cwd: str | None) -> None:
        self._cwd = cwd
        sent = [u for u in updates if not is_zero_sha(u.new)]
        for u in sent:
            if is_replace_ref(u.ref):
                raise CannotVerify("unverifiable-ref", f"{u.ref}: {REPLACE_REF_REFUSED}")
        self._objects = _objects({u.new for u in sent} | {u.old for u in sent if not is_zero_sha(u.old)}, cwd=cwd)
        self._seen: set[str] = set()
        self.shown: list[tuple[str, str, str, bytes]] = []
        self.refs: list[tuple[RefUpdate, str | None, bool]] = []
        for u in sent:
            self.shown.append(("ref", u.ref, "", b""))
            old_is_commit = not is_zero_sha(u.old) and self._objects[u.old][0] == "commit"
            self.refs.append((u, self._peel(u), old_is_commit))

    def _peel(self, u: RefUpdate) -> str | None:
        """The commit a pushed id stands for, noting every annotated tag on the way; None when
        it is a blob (scanned as a whole)."""
        oid = u.new
        for _ in range(MAX_TAG_DEPTH):
            if oid not in self._objects:
                self._objects.update(_objects({oid}, cwd=self._cwd))
            kind, raw = self._objects[oid]
            if kind == "commit":
                return oid
            if raw is None or kind == "missing":
                raise CannotVerify("unknown-object", f"{u.ref}: pushed object {oid[:12]} is not in this repository")
            first = oid not in self._seen
            self._seen.add(oid)
            if kind == "blob":
                if first:
                    self.shown.append(("blob", u.ref, oid, raw))
                return None
            if kind != "tag":
                raise CannotVerify(
                    "unverifiable-ref", f"{u.ref}: points at a {kind}; only commits, tags and blobs can be checked"
                )
            if first:
                self.shown.append(("tag", u.ref, oid, raw))
            oid = split_object(raw)[0].get(b"object", b"").decode("ascii", "replace")
        raise CannotVerify("unverifiable-ref", f"{u.ref}: tags nested deeper than {MAX_TAG_DEPTH}")


def plan_push(updates: list[RefUpdate], *, remote: str | None, cwd: str | None) -> PushPlan:
    """The client's range for a set of ref updates: exclude what the remote is known to have --
    the old ids we know here and every ref of ``remote`` (which also covers a new ref, an old
    id never fetched as in a force push over others' commits, and branches already pushed that
    a merge brings in)."""
    pushed = Pushed(updates, cwd=cwd)
    include = sorted({commit for _, commit, _ in pushed.refs if commit is not None})
    exclude = sorted({u.old for u, _, old_is_commit in pushed.refs if old_is_commit})
    options, _ = _remote_refs(remote, cwd=cwd)
    return PushPlan([RangeSpec(tuple(include), tuple(exclude), options, tuple(include))], pushed)


def _remote_refs(remote: str | None, *, cwd: str | None) -> tuple[tuple[str, ...], bool]:
    """(the rev-list options that name every remote-tracking ref of ``remote``, to exclude what
    it has -- none for a remote that cannot be named so: a URL, a glob character; whether
    ``--remotes=REMOTE`` alone would name another remote's refs too)."""
    if not remote or not _PLAIN_REMOTE.fullmatch(remote):
        # Without remote-tracking refs to go by, everything reachable is sent: scan it all.
        return (), False
    # --remotes=origin is the glob refs/remotes/origin/*, whose * crosses slashes: a remote
    # named origin/fork lent origin its refs, and commits only the fork had went unscanned
    # (found attacking main).  Such remotes' refs are excluded from the next --remotes.
    below = [r for r in remote_names(cwd=cwd) if r.startswith(remote + "/")]
    return (*(f"--exclude={r}/*" for r in below), f"--remotes={remote}"), bool(below)


def push_options(env: Mapping[str, str]) -> list[bytes]:
    """The push options (``git push -o``) git hands pre-receive where the server advertises them
    (``receive.advertisePushOptions``): ``GIT_PUSH_OPTION_COUNT`` and ``GIT_PUSH_OPTION_<i>``.
    A server acts on them and shows them (GitLab: ``merge_request.title=...`` is a merge
    request's title), so they are read as what the push brings.  A count that does not parse,
    or an option it names that is not there, cannot be verified."""
    count = env.get("GIT_PUSH_OPTION_COUNT")
    if count is None:
        return []
    if not count.isdigit() or not count.isascii():
        raise CannotVerify("bad-push-line", f"GIT_PUSH_OPTION_COUNT is not a count: {count[:20]!r}")
    options = []
    for i in range(int(count)):
        option = env.get(f"GIT_PUSH_OPTION_{i}")
        if option is None:
            raise CannotVerify("bad-push-line", f"GIT_PUSH_OPTION_{i} is missing (GIT_PUSH_OPTION_COUNT is {count})")
        options.append(os.fsencode(option))
    return options


def plan_receive(
    updates: list[RefUpdate],
    trusted_tip: str | None,
    *,
    trusted_branch: str | None = None,
    cwd: str | None,
) -> PushPlan:
    """The server's ranges: for each ref, every commit it is to reach that it does not reach now
    and that is not on the default branch (``trusted_tip``, before the push) -- whatever other
    refs hold.  A commit another ref brought in was judged for that ref, maybe under other
    rules (they change when the default branch does): it is judged again when it moves onto
    this one.  Refs with the same excluded commits share one range.  The default branch whose
    rules judge (``trusted_branch``) cannot be deleted: the next push would have no rules, or,
    in a repository left with no ref, the built-in defaults; nor left with rules that cannot be
    read (the caller: ``terms.require_readable_rules`` on ``branch_tip``)."""
    for u in updates:
        if trusted_branch is not None and u.ref != trusted_branch and _as_stored(u.ref) == _as_stored(trusted_branch):
            # On a file system that ignores case, a loose ref of this name is the default
            # branch's file (and overrides a packed one): the push would move the branch whose
            # rules judge, unjudged as it.
            raise CannotVerify(
                "unverifiable-ref",
                f"{u.ref} differs from the default branch {trusted_branch} only in case (or as names "
                "fold): a server whose file system ignores case stores it as that branch",
            )
        if trusted_branch is not None and u.ref == trusted_branch and is_zero_sha(u.new):
            raise CannotVerify(
                "default-branch-deleted",
                f"deleting the default branch {u.ref} is refused: its rules judge every push, and "
                "without it the next push would have none (or the built-in defaults); point HEAD "
                "at another branch first (git symbolic-ref HEAD refs/heads/NAME) or pin the rules "
                "(pre-receive --config FILE --baseline FILE)",
            )
    pushed = Pushed(updates, cwd=cwd)
    groups: dict[tuple[str, ...], set[str]] = {}
    for u, commit, old_is_commit in pushed.refs:
        if commit is None:
            continue
        known = {trusted_tip} if trusted_tip is not None else set()
        if old_is_commit:
            known.add(u.old)
        groups.setdefault(tuple(sorted(known)), set()).add(commit)
    # A ref's old tip had its gated files judged by the rules of the push that set it, which the
    # default branch may have changed since: as gated files, only the default branch's count as
    # judged by the rules now (a push that changes them judges its tip by them too, tips.py) --
    # found attacking main: deploy/x.json on a side branch, made a request by main's rules
    # later, rode along every push of that branch unjudged, while CI's check --push, which
    # starts such a push at the default branch, blocked it.  Its commits are judged as before.
    trusted = (trusted_tip,) if trusted_tip is not None else ()
    specs = []
    for exclude, commits in sorted(groups.items()):
        include = tuple(sorted(commits))
        specs.append(RangeSpec(include, exclude, (), include, trusted))
    return PushPlan(specs, pushed)


def as_received(updates: list[RefUpdate], *, cwd: str | None) -> list[RefUpdate]:
    """The updates as receive-pack applies them: a pushed name that is a symbolic ref (an alias
    an admin made, refs/heads/master -> refs/heads/main after a rename) moves, or deletes, the
    ref it ends at -- found attacking main: a push deleting master deleted main, the default
    branch, past default-branch-deleted, and one moving it left main rules no one can read.
    Named within the push's namespace, as the updates are; an update made twice so is one."""
    ends = symbolic_refs(namespace=ref_namespace(), cwd=cwd)
    return list(dict.fromkeys(u._replace(ref=ends.get(u.ref, u.ref)) for u in updates)) if ends else updates


def branch_tip(plan: PushPlan, branch: str | None) -> str | None:
    """The commit a push sets ``branch`` to (None: it does not, or not to a commit)."""
    refs = plan.pushed.refs if plan.pushed is not None else []
    return next((commit for u, commit, _ in refs if u.ref == branch and commit is not None), None)


def framework_plan(env: Mapping[str, str], *, cwd: str | None) -> PushPlan:
    """The pre-commit framework's push, from its PRE_COMMIT_* variables (``env``): FROM..TO, or,
    when it gives no range (a push that includes a root commit), the local branch's commits on
    no ref of the remote.  The framework passes only the first ref of a push (the native hook
    sees them all)."""
    from_ref, to_ref = env.get("PRE_COMMIT_FROM_REF"), env.get("PRE_COMMIT_TO_REF")
    remote_branch = env.get("PRE_COMMIT_REMOTE_BRANCH")
    remote, local = env.get("PRE_COMMIT_REMOTE_NAME"), env.get("PRE_COMMIT_LOCAL_BRANCH")
    if from_ref and to_ref:
        wanted = [(from_ref, "push base", "missing-base"), (to_ref, "push head", "missing-head")]
        base, head = require_commits(wanted, cwd=cwd)
        # FROM is the remote's old tip, or for a new ref the parent of the first commit the
        # framework's own `rev-list TO --not --remotes=REMOTE` lists: that glob counts a remote
        # named REMOTE/fork's refs as REMOTE's, and FROM was then a commit only the fork had,
        # excluded with all below it (found attacking main).  Where there is such a remote and
        # the remote's own refs do not reach FROM, what they do not reach is scanned instead.
        options, lent = _remote_refs(remote, cwd=cwd)
        spec = RangeSpec((head,), (base,), (), (head,))
        if lent and list_commits((base,), (), options, cwd=cwd):
            spec = RangeSpec((head,), (), options, (head,))
        return PushPlan([spec], names=(remote_branch,) if remote_branch else ())
    if not remote or not local:
        raise CannotVerify(
            "no-push-range",
            "the pre-commit framework gave no push range (PRE_COMMIT_FROM_REF/TO_REF or "
            "PRE_COMMIT_REMOTE_NAME/LOCAL_BRANCH): run this hook from git push",
        )
    (tip,) = resolve_commits([local], cwd=cwd)
    if tip is None:
        raise CannotVerify("no-push-range", f"local branch {local!r} is not a commit")
    update = RefUpdate(remote_branch or local, tip, "0" * len(tip))
    return plan_push([update], remote=remote, cwd=cwd)


# ---------------------------------------------------------------------------------------------
# A push as CI reports it (check --push)


def ci_push_start(before: str, ref: str, default_branch: str, *, cwd: str | None = None) -> tuple[str, str]:
    """Where a push that CI reports starts: (the start commit, how to name it).  A push to the
    default branch starts at its old tip (``before``, as CI gives it); a push of any other
    branch or tag at the default branch as the clone has it (``origin/<default>``), as its pull
    request would -- the ref's own old tip holds rules an earlier push of it could have moved.
    Where that start is not in the clone -- the default branch's first push (its old tip all
    zeros), a force push (the old tip gone), a shallow checkout -- nothing tells which commits
    the push brings: CannotVerify, one line.  (The three CI recipes chose this in shell,
    each its own way; it is decided here once.)"""
    if not default_branch:
        raise CannotVerify(
            "missing-base", "no default branch given (--default-branch): cannot tell where the push starts"
        )
    if ref != f"refs/heads/{default_branch}":
        start = f"refs/remotes/origin/{default_branch}"
        [found] = resolve_commits([start], cwd=cwd)
        if found is None:
            raise CannotVerify(
                "missing-base",
                f"the default branch origin/{default_branch} is not in the clone (fetch it, the whole "
                f"history: fetch-depth 0): cannot tell which commits {ref} brings",
            )
        return found, f"origin/{default_branch}"
    if not before.strip("0"):
        raise CannotVerify(
            "missing-base",
            f"the push's start is not in the clone: {ref} has no old tip (its first push: run "
            "'rehearsal-hook check --history' once by hand): cannot tell which commits it brings",
        )
    [found] = resolve_commits([before], cwd=cwd) if SHA_RE.fullmatch(before) else [None]
    if found is None:
        raise CannotVerify(
            "missing-base",
            f"the push's start, {ref}'s old tip {before[:20]!r}, is not in the clone (a force push, or a "
            "shallow checkout: fetch-depth 0): cannot tell which commits it brings",
        )
    return found, found[:12]


def ci_pushed_tag(ref: str, *, cwd: str | None = None) -> Pushed | None:
    """What a tag push CI reports sends besides its commits (``check --push``): the clone's copy
    of the tag, whose annotated tags pre-push and pre-receive read (headers, message, name) --
    a forge shows a tag's message on its release page as it shows a commit's; the range from
    HEAD reads only the commit it peels to.  None for a branch (only its name travels).  A
    pushed tag the clone lacks blocks: what its message says cannot be read."""
    if not ref.startswith("refs/tags/"):
        return None
    oid = exact_ref(ref, cwd=cwd)
    if oid is None:
        raise CannotVerify(
            "unknown-object",
            f"the pushed tag {ref} is not in the clone (fetch it, the whole history: fetch-depth 0): "
            "cannot read what it holds",
        )
    return Pushed([RefUpdate(ref, oid, "0" * len(oid))], cwd=cwd)
