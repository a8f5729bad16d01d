"""Consistency rules for generated reports: a pure function of bytes -> reasons.

A *probe report* (one with ``verdict`` and ``results``) is the seed harness's output shape.
Its claims must follow from its own figures: a report may only say ``ALL_FAIL_CLOSED`` when
every result failed closed, no token leaked and the control was allowed.
"""

from __future__ import annotations

from typing import Any

from rehearsal_hook.checks.gate import Reason
from rehearsal_hook.checks.strictjson import parse_strict_json
from rehearsal_hook.errors import CannotVerify

ALL_FAIL_CLOSED = "ALL_FAIL_CLOSED"
DEFECT = "DEFECT"

_STR, _INT, _BOOL, _LIST, _OBJ = "string", "integer", "boolean", "array", "object"
TOP_KEYS: dict[str, str] = {
    "doc": _STR,
    "date": _STR,
    "harness_scope": _STR,
    "probe_count": _INT,
    "fail_closed_count": _INT,
    "any_fail_open": _BOOL,
    "forbidden_token_leaked": _BOOL,
    "control": _OBJ,
    "results": _LIST,
    "verdict": _STR,
    "production_mutation": _BOOL,
}
CONTROL_KEYS = {"id": _STR, "allowed": _BOOL, "controls_pass": _BOOL}
RESULT_KEYS = {"id": _STR, "verdict": _STR, "allow": _BOOL, "fail_open": _BOOL, "token_leaked": _BOOL, "reasons": _LIST}


def _is(value: Any, kind: str) -> bool:
    if kind == _BOOL:
        return type(value) is bool
    if kind == _INT:
        return type(value) is int
    return isinstance(value, {_STR: str, _LIST: list, _OBJ: dict}[kind])


def _shape(obj: dict[str, Any], keys: dict[str, str], where: str) -> list[Reason]:
    out = []
    for key, kind in keys.items():
        if key not in obj:
            out.append(Reason("report-invalid", f"{where}{key} is missing"))
        elif not _is(obj[key], kind):
            out.append(Reason("report-invalid", f"{where}{key} must be {kind}"))
    return out


def check_report(data: bytes) -> list[Reason]:
    try:
        doc = parse_strict_json(data, what="report")
    except CannotVerify as exc:
        return [Reason(exc.code, exc.message, exc.line, exc.column)]
    if not isinstance(doc, dict):
        return [Reason("report-invalid", "a report must be a JSON object")]
    if "verdict" not in doc or "results" not in doc:
        return []  # not a probe report: strict JSON and the token scan are all it needs
    return check_probe_report(doc)


def check_probe_report(doc: dict[str, Any]) -> list[Reason]:
    reasons = _shape(doc, TOP_KEYS, "")
    if isinstance(doc.get("control"), dict):
        reasons += _shape(doc["control"], CONTROL_KEYS, "control.")
    raw_results = doc.get("results")
    results: list[Any] = raw_results if isinstance(raw_results, list) else []
    for i, r in enumerate(results):
        if not isinstance(r, dict):
            reasons.append(Reason("report-invalid", f"results[{i}] must be an object"))
            continue
        reasons += _shape(r, RESULT_KEYS, f"results[{i}].")
        if isinstance(r.get("reasons"), list) and not all(isinstance(x, str) for x in r["reasons"]):
            reasons.append(Reason("report-invalid", f"results[{i}].reasons must be a list of strings"))
    if reasons:
        return reasons  # figures of the wrong type cannot be checked against each other

    def inconsistent(message: str) -> None:
        reasons.append(Reason("report-inconsistent", message))

    verdict = doc["verdict"]
    if verdict not in (ALL_FAIL_CLOSED, DEFECT):
        reasons.append(Reason("report-invalid", f"verdict must be {ALL_FAIL_CLOSED} or {DEFECT}"))
    if doc["production_mutation"] is True:
        reasons.append(Reason("report-production-mutation", "the report says production was mutated"))

    opened = [i for i, r in enumerate(results) if r["allow"] or r["fail_open"]]
    leaked = [i for i, r in enumerate(results) if r["token_leaked"]]
    for i, r in enumerate(results):
        if r["allow"] != r["fail_open"]:
            inconsistent(f"results[{i}]: allow and fail_open disagree (a bad input that is allowed fails open)")
    if doc["probe_count"] != len(results):
        inconsistent(f"probe_count is {doc['probe_count']} but there are {len(results)} results")
    closed = len([r for r in results if not r["fail_open"]])
    if doc["fail_closed_count"] != closed:
        inconsistent(f"fail_closed_count is {doc['fail_closed_count']} but {closed} results failed closed")
    if doc["any_fail_open"] != bool(opened):
        inconsistent("any_fail_open disagrees with the results")
    if doc["forbidden_token_leaked"] != bool(leaked):
        inconsistent("forbidden_token_leaked disagrees with the results")
    control = doc["control"]
    if control["controls_pass"] != control["allowed"]:
        inconsistent("control.controls_pass disagrees with control.allowed")
    if verdict == ALL_FAIL_CLOSED:
        if opened:
            inconsistent(f"says {ALL_FAIL_CLOSED} but results {opened[:5]} were allowed or failed open")
        if leaked or doc["forbidden_token_leaked"]:
            inconsistent(f"says {ALL_FAIL_CLOSED} but a forbidden token leaked")
        if doc["any_fail_open"]:
            inconsistent(f"says {ALL_FAIL_CLOSED} but any_fail_open is true")
        if not control["allowed"] or not control["controls_pass"]:
            inconsistent(f"says {ALL_FAIL_CLOSED} but the control was not allowed")
        if not results:
            inconsistent(f"says {ALL_FAIL_CLOSED} with no results")
    return reasons
