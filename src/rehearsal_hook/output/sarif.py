"""SARIF 2.1.0 for code scanning: findings in, a document out (redacted where it is written)."""

from __future__ import annotations

from collections.abc import Sequence

from rehearsal_hook.findings import CheckResult, Finding
from rehearsal_hook.output.formats import listed


def _sarif_uri(path: str) -> str:
    from urllib.parse import quote

    from rehearsal_hook.output.console import DEFAULT_MATCHER
    from rehearsal_hook.scan.matcher import redact_text

    # Redacted before it is percent-encoded: an encoded token (``%EF%BC%A3...``) is one only
    # a URI's reader decodes (issue 12; console's last pass reads percent-encoding too, with
    # the configured tokens).  A name that is not UTF-8 holds surrogate escapes:
    # percent-encode its original bytes (found by fuzzing: quote() raised on them, and the
    # run ended as an internal error).
    return quote(redact_text(DEFAULT_MATCHER, path).replace("\\", "/"), safe="/", errors="surrogateescape")


def sarif_fingerprints(findings: Sequence[Finding]) -> list[str]:
    """One fingerprint a finding, for code scanning to tell alerts apart and follow them from
    run to run: a hash of path, rule, what was found (the redacted token, else the message)
    and which occurrence of that it is in the file.  Two copies of a token in one file are two
    alerts; moving unrelated lines (or the token's own line) changes nothing.  No line
    number and no commit: a rebase or an edit above a finding keeps its alert."""
    import hashlib

    seen: dict[tuple[str, str, str], int] = {}
    out = []
    for f in findings:
        what = (f.path, f.rule, f.token if f.token is not None else f.message)
        index = seen.get(what, 0)
        seen[what] = index + 1
        key = "\0".join((*what, str(index))).encode("utf-8", "surrogateescape")
        out.append(hashlib.sha256(key).hexdigest()[:32])
    return out


def check_sarif(result: CheckResult) -> str:
    import json

    from rehearsal_hook import __version__
    from rehearsal_hook.output.rulebook import RULES

    used = sorted({f.rule for f in listed(result)})
    index = {code: i for i, code in enumerate(used)}
    rules = []
    for code in used:
        rule = RULES.get(code)
        rules.append(
            {
                "id": code,
                "name": "".join(part.capitalize() for part in code.split("-")),
                "shortDescription": {"text": rule.summary if rule else code},
                "fullDescription": {"text": rule.why if rule else code},
                "help": {"text": rule.fix if rule else "See rehearsal-hook explain " + code},
                "defaultConfiguration": {"level": "error"},
            }
        )
    results = []
    fingerprints = sarif_fingerprints(listed(result))
    for f, fingerprint in zip(listed(result), fingerprints, strict=True):
        sarif_result: dict[str, object] = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": "error" if f.blocking else "note",
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _sarif_uri(f.path), "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": max(1, f.line), "startColumn": max(1, f.column)},
                    }
                }
            ],
            "partialFingerprints": {"rehearsalHook/v2": fingerprint},
        }
        props: dict[str, object] = {}
        if f.commit:
            props["commit"] = f.commit
            props["objectType"] = f.object_type
        if f.line == 0:
            props["aboutPath"] = True
        if f.excused_by or f.refused:
            props["excusedBy"] = f.excused_by
            props["sameChange"] = f.same_change
        if f.refused:
            props["refusedExemption"] = f.refused
        if props:
            sarif_result["properties"] = props
        if not f.blocking:
            sarif_result["suppressions"] = [
                {
                    "kind": "inSource" if f.excused_by == "pragma" else "external",
                    "justification": f"excused by {f.excused_by}"
                    + (" (arrived in this change)" if f.same_change else ""),
                }
            ]
        results.append(sarif_result)
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "rehearsal-hook",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "results": results,
                "invocations": [{"executionSuccessful": True}],
                "properties": {
                    "verdict": result.verdict,
                    "files": result.files,
                    "commits": result.commits,
                    "messages": result.messages,
                    "refs": result.refs,
                    "rules": result.terms_source,
                },
            }
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def error_document(message: str, *, exit_code: int, code: str | None) -> str:
    """A run that could not finish, as SARIF: ``executionSuccessful`` false, with the message."""
    import json

    from rehearsal_hook import __version__

    invocation: dict[str, object] = {
        "executionSuccessful": False,
        "exitCode": exit_code,
        "toolExecutionNotifications": [{"level": "error", "message": {"text": message}}],
    }
    if code is not None:
        invocation["properties"] = {"code": code}
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "rehearsal-hook", "version": __version__, "rules": []}},
                "results": [],
                "invocations": [invocation],
                "properties": {"verdict": "ERROR"},
            }
        ],
    }
    return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"
