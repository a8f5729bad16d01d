"""The bad-input probes: the seed's ten and its control, this project's hardening probes (one
per hole the seed left open), and the repository's own probe files.  Pure: it gates bytes and
builds a report in the seed's shape."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rehearsal_hook.checks.gate import GateResult, gate_document
from rehearsal_hook.checks.report_files import ALL_FAIL_CLOSED, DEFECT
from rehearsal_hook.config import Config
from rehearsal_hook.scan.matcher import TokenMatcher
from rehearsal_hook.scan.text import scan_str

_A64, _B64 = "a" * 64, "b" * 64


def _j(obj: Any) -> bytes:
    return json.dumps(obj).encode()


def _valid(**changes: Any) -> bytes:
    req: dict[str, Any] = {
        "target": "local_clone",
        "isolated_clone_proven": True,
        "action": "rehearsal_apply",
        "claims_rollback_proven": True,
        "rollback_evidence_present": True,
        "before_hash": _A64,
        "after_apply_hash": _B64,
        "required_grants": ["PRODUCTION_REHEARSAL_ONLY_CLONE"],
    }
    req.update(changes)
    return _j({k: v for k, v in req.items() if v is not ...})


SEED_PROBES: tuple[tuple[str, bytes], ...] = (
    (
        "B1_PRODUCTION_TARGET",
        _j({"target": "production", "action": "production_apply", "required_grants": ["PRODUCTION_EXECUTION_OPT4"]}),
    ),
    (
        "B2_REAL_RUN",
        _j(
            {
                "target": "local_clone",
                "isolated_clone_proven": True,
                "action": "real_run",
                "required_grants": ["REAL_RUN"],
            }
        ),
    ),
    (
        "B3_QT001_APPLY",
        _j(
            {
                "target": "local_clone",
                "isolated_clone_proven": True,
                "action": "qt001_apply",
                "required_grants": ["QT001_APPLY"],
            }
        ),
    ),
    (
        "B4_CUTOVER",
        _j(
            {
                "target": "local_clone",
                "isolated_clone_proven": True,
                "action": "cutover",
                "required_grants": ["CUTOVER"],
            }
        ),
    ),
    (
        "B5_CI_DEPLOY",
        _j({"target": "production", "action": "ci_deploy_production", "required_grants": ["CI_DEPLOY_PRODUCTION"]}),
    ),
    (
        "B6_SECRETS_CHANGE",
        _j(
            {
                "target": "local_clone",
                "isolated_clone_proven": True,
                "action": "secrets_change",
                "required_grants": ["SECRETS_CHANGE"],
            }
        ),
    ),
    (
        "B7_MISSING_ROLLBACK_PROOF",
        _j(
            {
                "target": "local_clone",
                "isolated_clone_proven": True,
                "action": "rehearsal_apply",
                "claims_rollback_proven": True,
                "rollback_evidence_present": False,
            }
        ),
    ),
    (
        "B8_FAKE_ROLLBACK_NO_MUTATION",
        _valid(after_apply_hash=_A64, required_grants=...),
    ),
    (
        "B9_PASS_WITHOUT_ISOLATION",
        _j(
            {"target": "unverified_dir", "isolated_clone_proven": False, "action": "rehearsal_apply", "emit_pass": True}
        ),
    ),
    (
        "B10_PRODUCTION_PASS_FROM_REHEARSAL",
        _j(
            {
                "target": "production",
                "action": "production_apply",
                "emit_pass": True,
                "required_grants": ["PRODUCTION_EXECUTION_OPT4"],
            }
        ),
    ),
)

CONTROL: tuple[str, bytes] = ("C_VALID_REHEARSAL", _valid())

# One probe per hole the seed harness left open.
HARDENING_PROBES: tuple[tuple[str, bytes], ...] = (
    ("H1_TRUTHY_STRING_ISOLATION", _valid(target="unverified_dir", isolated_clone_proven="true")),
    ("H2_STRING_FALSE_FLAG", _valid(emit_pass="false")),  # noqa: S106 - a flag, not a password
    ("H3_UNLISTED_ACTION", _valid(action="drop_database")),
    ("H4_DISGUISED_ACTION", _valid(action="\uff30roduction-Apply")),
    ("H5_ZERO_WIDTH_TARGET", _valid(target="prod\u200buction")),
    ("H6_HASH_CASE_FABRICATION", _valid(after_apply_hash=_A64.upper())),
    ("H7_MALFORMED_HASH", _valid(after_apply_hash="not-a-hash")),
    ("H8_NON_OBJECT", b'["local_clone", "rehearsal_apply"]'),
    (
        "H9_DUPLICATE_KEY",
        b'{"target": "local_clone", "target": "production", "action": "rehearsal_apply",'
        b' "isolated_clone_proven": true}',
    ),
    (
        "H10_NAN",
        b'{"target": "local_clone", "action": "rehearsal_apply", "isolated_clone_proven": true, "ticket": NaN}',
    ),
    ("H11_TRAILING_GARBAGE", _valid() + b' {"target": "production"}'),
    ("H12_UNKNOWN_FIELD", _valid(override_gate=True)),
    ("H13_NULL_GRANTS", _valid(required_grants=None)),
    (
        "H14_TOO_DEEP",
        b'{"target": "local_clone", "action": "rehearsal_apply", "ticket": ' + b"[" * 100 + b"]" * 100 + b"}",
    ),
    ("H15_EMPTY_FILE", b""),
    ("H16_UTF16_PRODUCTION", json.dumps({"target": "production", "action": "rehearsal_apply"}).encode("utf-16")),
    ("H17_ROLLBACK_WITHOUT_HASHES", _valid(before_hash=..., after_apply_hash=...)),
    ("H18_UNDECODABLE", b'{"target": "local_clone\xff", "action": "rehearsal_apply"}'),
    ("H19_MISSING_TARGET", _valid(target=...)),
    ("H20_TOO_LARGE", b'{"target": "local_clone", "action": "rehearsal_apply", "ticket": "' + b"x" * (1 << 20) + b'"}'),
    ("H21_EMPTY_ARRAY", b"[]"),
    ("H22_NUMBER_OVERFLOW", b'{"target": "local_clone", "action": "rehearsal_apply", "ticket": 1e999}'),
    # Widening in disguise and shadowed fields (issue 11).
    ("H23_DASHED_CUTOVER", _valid(action="Cut\u2010Over")),
    ("H24_DOTTED_ACTION", _valid(action="secrets.change")),
    ("H25_SEPARATED_PRODUCTION", _valid(target="pro_duction")),
    ("H26_PROD_AS_A_WORD", _valid(target="eu-prod-db")),
    ("H27_CASE_VARIANT_FIELD", _valid(Target="production")),
    ("H28_REQUEST_UNDER_ID", _valid(id={"target": "production", "action": "cutover", "isolated_clone_proven": True})),
    ("H29_QUOTE_STORM", b'{"target": "local_clone", "action": "rehearsal_apply", "ticket": "' + b'\\"' * 100_000),
    # A request serialised into a note's string (attack2, session 25).
    ("H30_REQUEST_IN_A_NOTE", _valid(id=json.dumps({"target": "production", "action": "cutover"}))),
)


@dataclass(frozen=True, slots=True)
class ProbeOutcome:
    """One probe's gate results and whether any reason the gate gave leaked a token."""

    id: str
    results: tuple[GateResult, ...]
    token_leaked: bool

    @property
    def allow(self) -> bool:
        return any(r.allow for r in self.results)

    @property
    def reasons(self) -> list[str]:
        return [f"{x.code}: {x.message}" for r in self.results for x in r.reasons]


def run_probe(config: Config, matcher: TokenMatcher, probe_id: str, data: bytes) -> ProbeOutcome:
    """Gate ``data`` as a request and record the outcome; the reasons are rendered and scanned
    with ``matcher``, so a reason that echoes a token counts as a leak.  Pure; raises nothing."""
    results = tuple(gate_document(config, data))
    rendered = json.dumps([[f"{x.code}: {x.message}" for x in r.reasons] for r in results], ensure_ascii=False)
    leaked = bool(scan_str(matcher, rendered))
    return ProbeOutcome(probe_id, results, leaked)


def _result_dict(o: ProbeOutcome) -> dict[str, Any]:
    return {
        "id": o.id,
        "verdict": "ALLOW_REHEARSAL_CLONE" if o.allow else "BLOCK_FAIL_CLOSED",
        "allow": o.allow,
        "fail_open": o.allow,
        "token_leaked": o.token_leaked,
        "reasons": o.reasons,
    }


def probe_report(outcomes: Sequence[ProbeOutcome], control: ProbeOutcome, *, date: str) -> dict[str, Any]:
    """The seed harness's report shape, with the verdict derived from the figures."""
    any_open = any(o.allow for o in outcomes)
    leaked = any(o.token_leaked for o in outcomes)
    clean = not any_open and not leaked and control.allow and not control.token_leaked
    verdict = ALL_FAIL_CLOSED if clean else DEFECT
    return {
        "doc": "rehearsal-hook-bad-input-probes",
        "date": date,
        "harness_scope": "PURELY_LOCAL_STATIC_NO_PRODUCTION_CONTACT",
        "probe_count": len(outcomes),
        "fail_closed_count": sum(1 for o in outcomes if not o.allow),
        "any_fail_open": any_open,
        "forbidden_token_leaked": leaked,
        "control": {"id": control.id, "allowed": control.allow, "controls_pass": control.allow},
        "results": [_result_dict(o) for o in outcomes],
        "verdict": verdict,
        "production_mutation": False,
    }
