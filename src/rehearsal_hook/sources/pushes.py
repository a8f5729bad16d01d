"""What a push sends: ref update lines (pre-push, pre-receive, the pre-commit framework's
variables) turned into one commit range, plus the tags and ref names that travel with it.

pre-commit's own hook stops at the first ref line and knows only 40-digit zero ids; here every
line counts and a zero id has 40 or 64 digits.  A client does not scan again the commits the
other side already has (reachable from its refs); when that cannot be told, more is scanned,
never less.  The server judges every commit a ref is to reach that neither that ref nor the
default branch reaches now (``plan_receive``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import NamedTuple

from rehearsal_hook.checks.policy import Policy
from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.findings import CheckResult, Finding
from rehearsal_hook.git.catfile import cat_file
from rehearsal_hook.git.process import is_zero_sha
from rehearsal_hook.git.revisions import SHA_RE, resolve_commits
from rehearsal_hook.sources.changes import range_change, require_commits, settle
from rehearsal_hook.sources.commits import RangeSpec, check_range, content_findings
from rehearsal_hook.sources.objects import header_findings, object_message_findings, ref_findings, split_object
from rehearsal_hook.sources.terms import Terms, require_readable_rules

# A remote name usable in --remotes=NAME: a glob character would match other remotes' refs
# too, and excluding their commits could leave pushed commits unscanned.
_PLAIN_REMOTE = re.compile(r"[^*?\[\\\s]+")
MAX_TAG_DEPTH = 16


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
    already count as judged), and the findings that need no range: ref names, tag headers and
    messages, blobs pushed as refs."""

    __slots__ = ("findings", "messages", "specs")

    def __init__(self, specs: list[RangeSpec], findings: list[Finding] | None = None, messages: int = 0) -> None:
        self.specs = specs
        self.findings: list[Finding] = findings if findings is not None else []
        self.messages = messages  # the tag messages read (the ranges count their commits')


def _objects(oids: set[str], *, cwd: str | None) -> dict[str, tuple[str, bytes | None]]:
    ordered = sorted(oids)
    return dict(zip(ordered, cat_file(ordered, cwd=cwd), strict=True))


class _Sent:
    """What a push sends, peeled: each ref with the commit it stands for (None: a blob, scanned
    here whole) and whether its old id is a commit; and the findings that need no range (ref
    names, tags, blobs), with the number of tag messages read.  Owns the objects read so far
    and which tags and blobs were scanned (one object pushed under two refs is scanned once)."""

    def __init__(self, policy: Policy, updates: list[RefUpdate], *, cwd: str | None) -> None:
        self._policy = policy
        self._cwd = cwd
        sent = [u for u in updates if not is_zero_sha(u.new)]
        self._objects = _objects({u.new for u in sent} | {u.old for u in sent if not is_zero_sha(u.old)}, cwd=cwd)
        self._seen: set[str] = set()
        self.findings: list[Finding] = []
        self.messages = 0
        self.refs: list[tuple[RefUpdate, str | None, bool]] = []
        for u in sent:
            self.findings.extend(ref_findings(policy, u.ref))
            old_is_commit = not is_zero_sha(u.old) and self._objects[u.old][0] == "commit"
            self.refs.append((u, self._peel(u), old_is_commit))

    def _peel(self, u: RefUpdate) -> str | None:
        """The commit a pushed id stands for, scanning every annotated tag on the way; None when
        it is a blob (scanned here as a whole)."""
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
                    self.findings.extend(content_findings(self._policy, u.ref, raw, oid))
                return None
            if kind != "tag":
                raise CannotVerify(
                    "unverifiable-ref", f"{u.ref}: points at a {kind}; only commits, tags and blobs can be checked"
                )
            headers, _ = split_object(raw)
            name = os.fsdecode(headers.get(b"tag", b""))
            if first:
                # The tag's own name is checked as a ref name (below, or as the pushed ref).
                self.findings.extend(
                    header_findings(self._policy, raw, f"(header of tag {name})", oid, skip_first=b"tag ")
                )
                self.findings.extend(object_message_findings(self._policy, raw, f"(message of tag {name})", oid))
                self.messages += 1
            if first and name and name != u.ref.removeprefix("refs/tags/"):
                self.findings.extend(ref_findings(self._policy, f"tag {name}"))
            oid = headers.get(b"object", b"").decode("ascii", "replace")
        raise CannotVerify("unverifiable-ref", f"{u.ref}: tags nested deeper than {MAX_TAG_DEPTH}")


def plan_push(policy: Policy, updates: list[RefUpdate], *, remote: str | None, cwd: str | None) -> PushPlan:
    """The client's range for a set of ref updates: exclude what the remote is known to have --
    the old ids we know here and every ref of ``remote`` (which also covers a new ref, an old
    id never fetched as in a force push over others' commits, and branches already pushed that
    a merge brings in)."""
    sent = _Sent(policy, updates, cwd=cwd)
    include = sorted({commit for _, commit, _ in sent.refs if commit is not None})
    exclude = sorted({u.old for u, _, old_is_commit in sent.refs if old_is_commit})
    if remote and _PLAIN_REMOTE.fullmatch(remote):
        options: tuple[str, ...] = (f"--remotes={remote}",)
    else:
        # Without remote-tracking refs to go by, everything reachable is sent: scan it all.
        options = ()
    return PushPlan([RangeSpec(tuple(include), tuple(exclude), options, tuple(include))], sent.findings, sent.messages)


def plan_receive(
    policy: Policy,
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
    read (``require_readable_rules``)."""
    for u in updates:
        if trusted_branch is not None and u.ref == trusted_branch and is_zero_sha(u.new):
            raise CannotVerify(
                "default-branch-deleted",
                f"deleting the default branch {u.ref} is refused: its rules judge every push, and "
                "without it the next push would have none (or the built-in defaults); point HEAD "
                "at another branch first (git symbolic-ref HEAD refs/heads/NAME) or pin the rules "
                "(pre-receive --config FILE --baseline FILE)",
            )
    sent = _Sent(policy, updates, cwd=cwd)
    for u, commit, _ in sent.refs:
        if u.ref == trusted_branch and commit is not None:
            require_readable_rules(u.ref, commit)
    groups: dict[tuple[str, ...], set[str]] = {}
    for u, commit, old_is_commit in sent.refs:
        if commit is None:
            continue
        known = {trusted_tip} if trusted_tip is not None else set()
        if old_is_commit:
            known.add(u.old)
        groups.setdefault(tuple(sorted(known)), set()).add(commit)
    specs = []
    for exclude, commits in sorted(groups.items()):
        include = tuple(sorted(commits))
        specs.append(RangeSpec(include, exclude, (), include))
    return PushPlan(specs, sent.findings, sent.messages)


def framework_plan(policy: Policy, env: Mapping[str, str], *, cwd: str | None) -> PushPlan:
    """The pre-commit framework's push, from its PRE_COMMIT_* variables (``env``): FROM..TO, or,
    when it gives no range (a push that includes a root commit), the local branch's commits on
    no ref of the remote.  The framework passes only the first ref of a push (the native hook
    sees them all)."""
    from_ref, to_ref = env.get("PRE_COMMIT_FROM_REF"), env.get("PRE_COMMIT_TO_REF")
    remote_branch = env.get("PRE_COMMIT_REMOTE_BRANCH")
    names = ref_findings(policy, remote_branch) if remote_branch else []
    if from_ref and to_ref:
        wanted = [(from_ref, "push base", "missing-base"), (to_ref, "push head", "missing-head")]
        base, head = require_commits(wanted, cwd=cwd)
        return PushPlan([RangeSpec((head,), (base,), (), (head,))], names)
    remote, local = env.get("PRE_COMMIT_REMOTE_NAME"), env.get("PRE_COMMIT_LOCAL_BRANCH")
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
    return plan_push(policy, [update], remote=remote, cwd=cwd)


def check_push(terms: Terms, plan: PushPlan, *, jobs: int, fixed_config: bool, fixed_baseline: bool) -> CheckResult:
    """Every range of a push checked and settled, in one result, with the findings and tag
    messages that need no range.  A commit in two ranges (two refs of one push reaching it) is
    reported once."""
    total = CheckResult(list(plan.findings), messages=plan.messages)
    seen: set[Finding] = set()
    for spec in plan.specs:
        result = check_range(terms, spec, cwd=None, jobs=jobs)
        result = settle(result, terms, range_change(spec, fixed_config=fixed_config, fixed_baseline=fixed_baseline))
        total.findings.extend(f for f in result.findings if f not in seen)
        seen.update(result.findings)
        total.files += result.files
        total.commits += result.commits
        total.messages += result.messages
    return total
