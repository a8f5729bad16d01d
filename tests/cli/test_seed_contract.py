"""The seed harness's contract, through the CLI: its ten bad inputs block, its control passes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rehearsal_hook.checks.probes import CONTROL, SEED_PROBES

from ..conftest import cli

A64, B64 = "a" * 64, "b" * 64

# (id, request, reason codes that must be among the reasons)
SEED_TABLE = [
    (
        "B1_PRODUCTION_TARGET",
        {"target": "production", "action": "production_apply", "required_grants": ["PRODUCTION_EXECUTION_OPT4"]},
        {"production-target", "target-not-isolated", "forbidden-action", "missing-grant"},
    ),
    (
        "B2_REAL_RUN",
        {"target": "local_clone", "isolated_clone_proven": True, "action": "real_run", "required_grants": ["REAL_RUN"]},
        {"forbidden-action", "missing-grant"},
    ),
    (
        "B3_QT001_APPLY",
        {
            "target": "local_clone",
            "isolated_clone_proven": True,
            "action": "qt001_apply",
            "required_grants": ["QT001_APPLY"],
        },
        {"forbidden-action", "missing-grant"},
    ),
    (
        "B4_CUTOVER",
        {"target": "local_clone", "isolated_clone_proven": True, "action": "cutover", "required_grants": ["CUTOVER"]},
        {"forbidden-action", "missing-grant"},
    ),
    (
        "B5_CI_DEPLOY",
        {"target": "production", "action": "ci_deploy_production", "required_grants": ["CI_DEPLOY_PRODUCTION"]},
        {"production-target", "forbidden-action", "missing-grant"},
    ),
    (
        "B6_SECRETS_CHANGE",
        {
            "target": "local_clone",
            "isolated_clone_proven": True,
            "action": "secrets_change",
            "required_grants": ["SECRETS_CHANGE"],
        },
        {"forbidden-action", "missing-grant"},
    ),
    (
        "B7_MISSING_ROLLBACK_PROOF",
        {
            "target": "local_clone",
            "isolated_clone_proven": True,
            "action": "rehearsal_apply",
            "claims_rollback_proven": True,
            "rollback_evidence_present": False,
        },
        {"rollback-unproven"},
    ),
    (
        "B8_FAKE_ROLLBACK_NO_MUTATION",
        {
            "target": "local_clone",
            "isolated_clone_proven": True,
            "action": "rehearsal_apply",
            "claims_rollback_proven": True,
            "rollback_evidence_present": True,
            "before_hash": A64,
            "after_apply_hash": A64,
        },
        {"rollback-fabricated"},
    ),
    (
        "B9_PASS_WITHOUT_ISOLATION",
        {"target": "unverified_dir", "isolated_clone_proven": False, "action": "rehearsal_apply", "emit_pass": True},
        {"target-not-isolated", "pass-without-isolation"},
    ),
    (
        "B10_PRODUCTION_PASS_FROM_REHEARSAL",
        {
            "target": "production",
            "action": "production_apply",
            "emit_pass": True,
            "required_grants": ["PRODUCTION_EXECUTION_OPT4"],
        },
        {"production-target", "forbidden-action", "pass-without-isolation", "missing-grant"},
    ),
]


@pytest.mark.parametrize(("probe_id", "request_obj", "codes"), SEED_TABLE, ids=[r[0] for r in SEED_TABLE])
def test_seed_probe_blocks(repo: Path, probe_id: str, request_obj: dict[str, object], codes: set[str]) -> None:
    path = repo / f"{probe_id.lower()}.rehearsal.json"
    path.write_text(json.dumps(request_obj))
    run = cli(["gate", "--format", "json", str(path)])
    assert run.code == 1, run
    [result] = json.loads(run.out)["results"]
    assert result["verdict"] == "BLOCK_FAIL_CLOSED"
    assert result["allow"] is False
    assert codes <= {r["code"] for r in result["reasons"]}
    # check blocks the same file too, naming every code
    run = cli(["check", "--format", "json", str(path)])
    assert run.code == 1
    assert codes <= {f["rule"] for f in json.loads(run.out)["findings"]}


def test_seed_table_matches_builtin_probes() -> None:
    assert [json.loads(data) for _, data in SEED_PROBES] == [r[1] for r in SEED_TABLE]
    assert [pid for pid, _ in SEED_PROBES] == [r[0] for r in SEED_TABLE]


def test_seed_control_is_allowed(repo: Path) -> None:
    path = repo / "control.rehearsal.json"
    path.write_bytes(CONTROL[1])
    run = cli(["gate", "--format", "json", str(path)])
    assert run.code == 0, run
    [result] = json.loads(run.out)["results"]
    assert result == {"source": str(path), "verdict": "ALLOW_REHEARSAL_CLONE", "allow": True, "reasons": []}
    assert cli(["check", str(path)]).code == 0


def test_probes_command_all_fail_closed(repo: Path) -> None:
    run = cli(["probes", "--format", "json"])
    assert run.code == 0, run.out
    report = json.loads(run.out)
    assert report["verdict"] == "ALL_FAIL_CLOSED"
    assert report["probe_count"] >= 30  # 10 seed + at least 20 hardening probes
    assert report["fail_closed_count"] == report["probe_count"]
    assert report["control"] == {"id": "C_VALID_REHEARSAL", "allowed": True, "controls_pass": True}
    assert all(r["reasons"] for r in report["results"])
