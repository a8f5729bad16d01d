"""The findings model shared by every source, check and reporter."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Finding:
    """One reason a path does not pass.  ``line`` 0 means the finding is about the path itself;
    ``token`` is already redacted; ``excused_by`` names what excuses a finding that is listed
    but does not block (``pragma``, ``permitted-context``, ``config-file``, ``baseline``).

    ``same_change``: the exemption arrived in the change being checked (the staged diff, the
    pushed range, ``--range``/``--base``) -- a change excusing itself.  ``refused`` names an
    exemption that would have excused the finding but was refused because of that
    (``protect-exemptions``); such a finding blocks."""

    path: str
    line: int
    column: int
    rule: str
    message: str
    token: str | None = None
    excused_by: str | None = None
    commit: str | None = None
    same_change: bool = False
    refused: str | None = None

    @property
    def blocking(self) -> bool:
        return self.excused_by is None


@dataclass
class CheckReport:
    """What a run found.  ``files`` counts the paths (or blobs) that were checked."""

    findings: list[Finding] = field(default_factory=list)
    files: int = 0

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
