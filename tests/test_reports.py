"""Generated reports: strict JSON, always token-scanned, and probe reports whose claims must
follow from their own figures."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from rehearsal_hook.checks.report_files import check_report

from .conftest import cli


def honest(verdict: str = "ALL_FAIL_CLOSED") -> dict[str, Any]:
    results = [
        {
            "id": f"B{i}_X",
            "verdict": "BLOCK_FAIL_CLOSED",
            "allow": False,
            "fail_open": False,
            "token_leaked": False,
            "reasons": ["forbidden-action: x"],
        }
        for i in range(1, 4)
    ]
    return {
        "doc": "d",
        "date": "2026-06-12",
        "harness_scope": "LOCAL",
        "probe_count": 3,
        "fail_closed_count": 3,
        "any_fail_open": False,
        "forbidden_token_leaked": False,
        "control": {"id": "C", "allowed": True, "controls_pass": True},
        "results": results,
        "verdict": verdict,
        "production_mutation": False,
    }


def defect() -> dict[str, Any]:
    doc = honest("DEFECT")
    doc["results"][0].update(allow=True, fail_open=True, verdict="ALLOW_REHEARSAL_CLONE")
    doc.update(any_fail_open=True, fail_closed_count=2)
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
    return {r.code for r in check_report(json.dumps(doc).encode())}


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
    ("probe_count disagrees", mutate(honest(), "probe_count", 10), "report-inconsistent"),
    ("fail_closed_count disagrees", mutate(honest(), "fail_closed_count", 2), "report-inconsistent"),
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
    assert code in {r.code for r in check_report(data)}


def test_report_file_through_check(repo: Path) -> None:
    bad = repo / "rehearsal-probes.json"
    bad.write_text(json.dumps(mutate(honest(), "probe_count", 9)))
    good = repo / "nightly.rehearsal-report.json"
    good.write_text(json.dumps(honest()))
    run = cli(["check", "--format", "json", str(bad), str(good)])
    assert run.code == 1
    findings = json.loads(run.out)["findings"]
    assert {(f["path"], f["rule"]) for f in findings} == {("rehearsal-probes.json", "report-inconsistent")}


def test_permitted_contexts_never_exempt_reports(repo: Path) -> None:
    (repo / ".rehearsal-hook.toml").write_text('permitted-contexts = ["reports/**", "rehearsal/**"]\n')
    (repo / "reports").mkdir()
    (repo / "reports" / "rehearsal-x.json").write_text('{"note": "CUTOVER_PASS"}')
    (repo / "reports" / "notes.md").write_text("CUTOVER_PASS\n")
    run = cli(["check", "--format", "json", "reports"])
    assert run.code == 1
    by_path = {f["path"]: f for f in json.loads(run.out)["findings"]}
    assert by_path["reports/rehearsal-x.json"]["blocking"] is True
    assert by_path["reports/notes.md"]["excused_by"] == "permitted-context"


def test_probes_output_is_accepted_by_check(repo: Path) -> None:
    out = repo / "rehearsal-bad-input-probes.json"
    run = cli(["probes", "--output", str(out)])
    assert run.code == 0, run.out + run.err
    assert json.loads(out.read_text())["verdict"] == "ALL_FAIL_CLOSED"
    run = cli(["check", str(out)])
    assert run.code == 0, run.out


def test_seed_shaped_report_from_seed_harness_passes(repo: Path) -> None:
    # The seed harness's own output shape (ids such as B10_PRODUCTION_PASS_FROM_REHEARSAL are
    # not tokens: the token is not a whole word there).
    doc = honest()
    doc["results"][0]["id"] = "B10_PRODUCTION_PASS_FROM_REHEARSAL"
    (repo / "rehearsal-bad-input-probes.json").write_text(json.dumps(doc, indent=2))
    assert cli(["check", "rehearsal-bad-input-probes.json"]).code == 0


def test_repository_probe_files_must_block(repo: Path) -> None:
    probes = repo / "rehearsal" / "probes"
    probes.mkdir(parents=True)
    (probes / "prod.json").write_text('{"target": "production", "action": "rehearsal_apply"}')
    (probes / "garbage.json").write_text("{not json")
    assert cli(["check", "rehearsal"]).code == 0
    from .conftest import git

    before = json.loads(cli(["probes", "--format", "json"]).out)["probe_count"]
    git(repo, "add", "-A")  # probes takes the tracked probe files
    run = cli(["probes", "--format", "json"])
    assert run.code == 0
    assert json.loads(run.out)["probe_count"] == before + 2
    (probes / "oops.json").write_text(
        '{"target": "local_clone", "isolated_clone_proven": true, "action": "rehearsal_dry_run"}'
    )
    git(repo, "add", "-A")
    run = cli(["check", "--format", "json", "rehearsal"])
    assert run.code == 1
    assert [f["rule"] for f in json.loads(run.out)["findings"]] == ["probe-not-blocked"]
    run = cli(["probes", "--format", "json"])
    assert run.code == 1
    assert json.loads(run.out)["verdict"] == "DEFECT"


def test_probes_output_file_holds_no_token(repo: Path) -> None:
    from .conftest import git
    from .test_no_token_in_output import leaks

    probes = repo / "rehearsal" / "probes"
    probes.mkdir(parents=True)
    (probes / "CUTOVER_PASS.json").write_text('{"target": "production", "action": "SEAL_AUTHORIZED"}')
    git(repo, "add", "-A")
    out = repo / "rehearsal-probes.json"
    run = cli(["probes", "--output", str(out)])
    assert run.code == 0, run.out + run.err
    assert leaks(out.read_text()) == []
    assert cli(["check", str(out)]).code == 0


def test_gate_reasons_are_redacted_at_the_source() -> None:
    from rehearsal_hook.checks.gate import gate_document
    from rehearsal_hook.config import Config

    from .test_no_token_in_output import leaks

    [result] = gate_document(Config(), b'{"target": "CUTOVER_PASS", "action": "PRODUCTION_PASS"}')
    assert result.reasons
    assert leaks(" ".join(r.message for r in result.reasons)) == []
