"""Generated reports: strict JSON, always token-scanned, and probe reports whose claims must
follow from their own figures."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from rehearsal_hook.checks.gate import gate_document
from rehearsal_hook.checks.report_files import check_report_file
from rehearsal_hook.config import Config

from ..conftest import BRINGING_IN, leaks, probe_report


def honest(verdict: str = "ALL_FAIL_CLOSED") -> dict[str, Any]:
    return probe_report(verdict=verdict)


def defect() -> dict[str, Any]:
    doc = honest("DEFECT")
    doc["results"][0].update(allow=True, fail_open=True, verdict="ALLOW_REHEARSAL_CLONE", reasons=[])
    doc.update(any_fail_open=True, fail_closed_count=9)
    return doc


def mutate(doc: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    target = doc
    keys = path.split(".")
    for k in keys[:-1]:
        target = target[int(k)] if isinstance(target, list) else target[k]
    last = keys[-1]
    if value is ...:
        del target[last]
    elif isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return doc


def rules_of(doc: Any) -> set[str]:
    return {r.code for r in check_report_file(json.dumps(doc).encode())}


def test_honest_reports_pass() -> None:
    assert rules_of(honest()) == set()
    assert rules_of(defect()) == set()  # a DEFECT report claims no pass
    assert rules_of({"summary": "not a probe report"}) == set()


BAD = [
    (
        "pass with an allowed result",
        mutate(mutate(mutate(honest(), "results.0.allow", True), "results.0.fail_open", True), "fail_closed_count", 2),
        "report-inconsistent",
    ),
    (
        "pass with a leaked token",
        mutate(mutate(honest(), "results.1.token_leaked", True), "forbidden_token_leaked", True),
        "report-inconsistent",
    ),
    ("pass with leak flag only", mutate(honest(), "forbidden_token_leaked", True), "report-inconsistent"),
    ("probe_count disagrees", mutate(honest(), "probe_count", 11), "report-inconsistent"),
    ("fail_closed_count disagrees", mutate(honest(), "fail_closed_count", 9), "report-inconsistent"),
    ("any_fail_open disagrees", mutate(honest(), "any_fail_open", True), "report-inconsistent"),
    ("allow without fail_open", mutate(honest(), "results.0.allow", True), "report-inconsistent"),
    (
        "control not allowed",
        mutate(mutate(honest(), "control.allowed", False), "control.controls_pass", False),
        "report-inconsistent",
    ),
    ("control flags disagree", mutate(honest(), "control.controls_pass", False), "report-inconsistent"),
    (
        "pass with no results",
        {**honest(), "results": [], "probe_count": 0, "fail_closed_count": 0},
        "report-inconsistent",
    ),
    ("production mutation", mutate(honest(), "production_mutation", True), "report-production-mutation"),
    ("production mutation in defect", mutate(defect(), "production_mutation", True), "report-production-mutation"),
    ("unknown verdict", mutate(honest(), "verdict", "MOSTLY_FINE"), "report-invalid"),
    ("missing key", mutate(honest(), "harness_scope", ...), "report-invalid"),
    ("string boolean", mutate(honest(), "any_fail_open", "false"), "report-invalid"),
    ("bool as count", mutate(honest(), "probe_count", True), "report-invalid"),
    ("result missing key", mutate(honest(), "results.0.fail_open", ...), "report-invalid"),
    ("result not object", mutate(honest(), "results.0", "B1"), "report-invalid"),
    ("reasons not strings", mutate(honest(), "results.0.reasons", [1]), "report-invalid"),
    ("control not object", mutate(honest(), "control", "C"), "report-invalid"),
    ("not an object", ["verdict", "results"], "report-invalid"),
]


@pytest.mark.parametrize(("name", "doc", "code"), BAD, ids=[b[0] for b in BAD])
def test_dishonest_or_malformed_reports_block(name: str, doc: Any, code: str) -> None:
    assert code in rules_of(doc)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "invalid-json"),
        (b'{"a": 1, "a": 2}', "duplicate-key"),
        (b"{} x", "invalid-json"),
        (b'{"v": NaN}', "invalid-json"),
        (b"\xff\xfe\x00", "undecodable"),
    ],
)
def test_report_files_are_strict_json(data: bytes, code: str) -> None:
    assert code in {r.code for r in check_report_file(data)}


def test_gate_reasons_are_redacted_at_the_source() -> None:
    [result] = gate_document(Config(), b'{"target": "CUTOVER_PASS", "action": "PRODUCTION_PASS"}')
    assert result.reasons
    assert leaks(" ".join(r.message for r in result.reasons)) == []


@pytest.mark.parametrize("key", BRINGING_IN)
@pytest.mark.parametrize("nested", [False, True], ids=["at the top", "nested"])
def test_a_reference_to_another_document_is_a_claim_nothing_checks(key: str, nested: bool) -> None:
    """A reader that resolves JSON References (json-ref-parser, Python's jsonref) shows the
    document a "$ref" names in its place: rehearsal-run.json {"$ref": "notes/fake.json"} made
    a report of a file no rule reads (found in session 30: it passed).  (In a probe report
    such a key is outside the shape already.)  The keys are the gate's (BRINGING_IN): before,
    this check had a list of its own that let @context, extends and include through."""
    ref = {key: "notes/fake.json"}
    doc: dict[str, Any] = {"run": "nightly", "summary": ref} if nested else {"run": "nightly", **ref}
    reasons = check_report_file(json.dumps(doc).encode())
    assert [r.code for r in reasons] == ["report-invalid"], reasons
    assert "brings in another document" in reasons[0].message


@pytest.mark.parametrize("key", ["ref", "reference", "git_ref", "importance", "imported_rows", "schema"])
def test_other_keys_of_another_report_pass(key: str) -> None:
    assert check_report_file(json.dumps({"run": "nightly", key: "x.json"}).encode()) == []
