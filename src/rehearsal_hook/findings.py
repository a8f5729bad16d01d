"""The findings model shared by every source, check and reporter."""

from __future__ import annotations

from typing import Literal, NamedTuple

# NamedTuples and plain classes, not dataclasses: creating a dataclass costs about 0.6-1 ms of
# every command's start-up, a NamedTuple about 0.1 ms.

# What excuses a finding that is listed but does not block.
Excuse = Literal["pragma", "permitted-context", "config-file", "baseline", "allowed-token"]
BY_PRAGMA: Excuse = "pragma"
BY_CONTEXT: Excuse = "permitted-context"
BY_CONFIG_FILE: Excuse = "config-file"
BY_BASELINE: Excuse = "baseline"
# A word of allowed-tokens: found, but it claims nothing (an API's PERMISSION_G…).  Listed only when
# it arrived in the change being checked (formats.listed); otherwise only counted.
BY_ALLOWED: Excuse = "allowed-token"
# Excuses by where a file is, not by what a change added to it.
CONTEXT_EXCUSES: frozenset[Excuse] = frozenset({BY_CONTEXT, BY_CONFIG_FILE})

# Where a finding's content comes from: (path, commit), the commit None for the work tree or
# the index.
ContentKey = tuple[str, "str | None"]

# The type of the git object a finding was read in (``Finding.commit`` holds its id): a commit,
# or what a push sends besides its commits -- an annotated tag, a blob pushed as a ref.
ObjectType = Literal["commit", "tag", "blob"]


class Finding(NamedTuple):
    """One reason a path does not pass.  ``line`` 0 means the finding is about the path itself;
    ``token`` is already redacted; ``excused_by`` names what excuses a finding that is listed
    but does not block (``pragma``, ``permitted-context``, ``config-file``, ``baseline``).

    ``same_change``: the exemption arrived in the change being checked (the staged diff, the
    pushed range, ``--range``/``--base``) -- a change excusing itself.  ``refused`` names an
    exemption that would have excused the finding but was refused because of that
    (``protect-exemptions``); such a finding blocks.  ``commit`` is the id of the git object the
    finding was read in, ``object_type`` its type."""

    path: str
    line: int
    column: int
    rule: str
    message: str
    token: str | None = None
    excused_by: Excuse | None = None
    commit: str | None = None
    same_change: bool = False
    refused: Excuse | None = None
    object_type: ObjectType = "commit"

    @property
    def blocking(self) -> bool:
        return self.excused_by is None


class CheckResult:
    """What a run found.  ``files`` counts the paths (or blobs, or a commit's changed files)
    that were checked, ``commits`` the commits of a range or push, ``messages`` the commit and
    tag messages read -- so a summary says what was checked in every mode.  ``terms_source`` says
    which terms judged a change where that is not simply the working tree's (the server, a CI range
    judged by its base), for the output.  ``refs`` counts the ref names checked (a push's, an
    audit's).  ``no_commit``: what was asked for and held no commit -- a range (``check --range
    HEAD..HEAD``), a push (a tag, a branch at a commit the other side has, a deletion) -- and
    where its files were read (``("the range HEAD..HEAD", "at its head")``), so the summary says
    what was checked rather than "0 files checked"."""

    __slots__ = ("commits", "files", "findings", "messages", "no_commit", "refs", "terms_source")

    def __init__(
        self,
        findings: list[Finding] | None = None,
        files: int = 0,
        *,
        commits: int = 0,
        messages: int = 0,
        refs: int = 0,
        terms_source: str | None = None,
    ) -> None:
        self.findings: list[Finding] = findings if findings is not None else []
        self.files = files
        self.commits = commits
        self.messages = messages
        self.refs = refs
        self.terms_source = terms_source
        self.no_commit: tuple[str, str] | None = None

    def _key(self) -> tuple[list[Finding], int, int, int, int, str | None, tuple[str, str] | None]:
        return (self.findings, self.files, self.commits, self.messages, self.refs, self.terms_source, self.no_commit)

    def add(self, other: CheckResult) -> None:
        """Take in ``other``'s findings and counts (a push's ranges and what it sends besides)."""
        self.findings += other.findings
        self.files += other.files
        self.commits += other.commits
        self.messages += other.messages
        self.refs += other.refs

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CheckResult):
            return NotImplemented
        return self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]  # mutable: compared by value, so not hashable

    def __repr__(self) -> str:
        return (
            f"CheckResult(findings={self.findings!r}, files={self.files!r}, "
            f"commits={self.commits!r}, messages={self.messages!r}, refs={self.refs!r})"
        )

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.blocking]

    @property
    def verdict(self) -> str:
        return "BLOCKED" if self.blocking else "CLEAN"

    def excused_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for f in self.findings:
            if f.excused_by:
                counts[f.excused_by] = counts.get(f.excused_by, 0) + 1
        return counts
