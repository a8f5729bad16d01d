"""Reporters only format: findings in, text out.  Redaction of the whole output happens once,
where it is written (``console.Console``), so no reporter can leak a token."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rehearsal_hook.findings import CheckReport, Finding

if TYPE_CHECKING:
    from rehearsal_hook.gate import GateResult

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def display_path(path: str) -> str:
    """A path on one line: control characters (newlines included) shown as escapes."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], path)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def format_finding(f: Finding) -> str:
    where = f"{display_path(f.path)}:{f.line}:{f.column}:"
    commit = f" (commit {f.commit[:12]})" if f.commit else ""
    excused = f" [excused: {f.excused_by}]" if f.excused_by else ""
    return f"{where} {f.rule} {f.message}{commit}{excused}"


def summary_line(report: CheckReport) -> str:
    blocking = report.blocking
    files = len({f.path for f in blocking})
    excused = report.excused_counts()
    excused_text = ", ".join(f"{n} by {k}" for k, n in sorted(excused.items())) or "none"
    if blocking:
        return (
            f"rehearsal-hook: BLOCKED: {_plural(len(blocking), 'finding')} in {_plural(files, 'file')} "
            f"({_plural(report.files, 'file')} checked; excused: {excused_text})"
        )
    checked = _plural(report.files, "file")
    return f"rehearsal-hook: CLEAN: {checked} checked, no blocking findings (excused: {excused_text})"


def check_text(report: CheckReport) -> str:
    lines = [format_finding(f) for f in report.findings]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def finding_dict(f: Finding) -> dict[str, object]:
    return {
        "path": f.path,
        "line": f.line,
        "column": f.column,
        "rule": f.rule,
        "message": f.message,
        "token": f.token,
        "commit": f.commit,
        "blocking": f.blocking,
        "excused_by": f.excused_by,
    }


def check_json(report: CheckReport) -> str:
    import json
    doc = {
        "verdict": report.verdict,
        "findings": [finding_dict(f) for f in report.findings],
        "summary": {
            "files": report.files,
            "findings": len(report.findings),
            "blocking": len(report.blocking),
            "excused": report.excused_counts(),
        },
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def gate_dicts(results: Sequence[tuple[str, GateResult]]) -> list[dict[str, object]]:
    return [
        {
            "source": source,
            "verdict": r.verdict,
            "allow": r.allow,
            "reasons": [{"code": x.code, "message": x.message} for x in r.reasons],
        }
        for source, r in results
    ]


def gate_json(results: Sequence[tuple[str, GateResult]]) -> str:
    import json
    return json.dumps({"results": gate_dicts(results)}, indent=2, ensure_ascii=False) + "\n"


def gate_text(results: Sequence[tuple[str, GateResult]]) -> str:
    lines = []
    for source, r in results:
        lines.append(f"{display_path(source)}: {r.verdict}")
        lines.extend(f"  - {x.code}: {x.message}" for x in r.reasons)
    blocked = sum(1 for _, r in results if not r.allow)
    lines.append(f"rehearsal-hook: {_plural(len(results), 'request')} gated, {blocked} blocked")
    return "\n".join(lines) + "\n"
