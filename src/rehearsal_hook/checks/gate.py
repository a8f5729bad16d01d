"""The fail-closed gate for rehearsal requests: a pure function of (config, bytes).

The seed harness's seven rules are the floor.  What it got wrong and this gate does not:
truthy strings (only JSON ``true`` is true, and anything but a boolean blocks), a denylist of
actions (actions and targets are allowlists matched exactly; the denylist survives only to
name what a blocked value *is*), hashes compared as raw strings (they must be 64 hex digits
and compare case-insensitively), and crashes on input that is not an object.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from rehearsal_hook.checks.strictjson import (
    Pos,
    item_position,
    key_position,
    parse_strict_json,
    position_of,
    quote_value,
    value_position,
)
from rehearsal_hook.config import Config
from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.lane import (
    BOOL_FIELDS,
    FIELD_BY_KEY,
    HASH_FIELDS,
    KNOWN_FIELDS,
    REQUIRED_STRINGS,
    compact_key,
    is_forbidden_action,
    mentions_production,
    names_production_place,
)
from rehearsal_hook.scan.escaped import PAST_READING, decoded_spellings, past_reading

ALLOW = "ALLOW_REHEARSAL_CLONE"
BLOCK = "BLOCK_FAIL_CLOSED"

_HEX64 = re.compile(r"[0-9A-Fa-f]{64}")


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a request (or a report) does not pass: a rule code, a redacted message, and where in
    the file (1-based line and column)."""

    code: str
    message: str
    line: int = 1
    column: int = 1


@dataclass(frozen=True, slots=True)
class GateResult:
    """The verdict on one request object (``index`` is its place in a top-level array,
    ``line``/``column`` where the object starts)."""

    index: int | None
    reasons: tuple[Reason, ...]
    line: int = 1
    column: int = 1

    @property
    def allow(self) -> bool:
        return not self.reasons

    @property
    def verdict(self) -> str:
        return ALLOW if self.allow else BLOCK


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "boolean", int: "number", float: "number", str: "string", list: "array", dict: "object"}.get(
        type(value), type(value).__name__
    )


def _holds_structure(value: str) -> bool:
    """Whether a string -- as written or as its escapes spell it (escaped.py) -- is a JSON
    object or array to a lenient reader (Python's json.loads: duplicate keys, NaN).  Nested
    past that reader's depth, or escaped past reading, it cannot be told apart: it is one."""
    spellings, unread = decoded_spellings(value)
    for spelling in spellings:
        text = spelling.strip()
        if text[:1] not in ("{", "["):
            continue
        try:
            json.loads(text)
        except RecursionError:
            return True
        except ValueError:
            continue
        return True
    return unread


def gate_request(config: Config, req: Any) -> tuple[Reason, ...]:
    """All the reasons one request object is blocked; empty means allowed.  Each reason points
    at the key or value it is about (the object's start for a missing one)."""
    if not isinstance(req, dict):
        line, column = position_of(req)
        return (Reason("invalid-shape", f"a request must be a JSON object, not {_type_name(req)}", line, column),)
    reasons: list[Reason] = []

    def bad(code: str, message: str, where: Pos) -> None:
        reasons.append(Reason(code, message, *where))

    def at(key: str) -> Pos:
        return value_position(req, key)

    informational = set(config.informational_fields)
    for key, value in req.items():
        if key not in KNOWN_FIELDS and key not in informational:
            variant = FIELD_BY_KEY.get(compact_key(key))
            also = f" (a case-insensitive reader would take it for {variant})" if variant else ""
            bad("unknown-field", f"unknown field {quote_value(key)}{also}", key_position(req, key))
        elif value is None:
            bad("invalid-type", f"{key} is null", at(key))
        elif key in informational and key not in KNOWN_FIELDS and isinstance(value, list | dict):
            # An informational field is a note for people; a structure there is data some
            # reader may act on (a whole request nested under "id"), which the gate did not check.
            bad("invalid-type", f"informational field {quote_value(key)} must be a string, number or boolean", at(key))
        elif key in informational and key not in KNOWN_FIELDS and isinstance(value, str) and _holds_structure(value):
            # ... and so is one serialised into the string: one json.loads away.
            held = f"a string {PAST_READING}" if past_reading(value) else "a JSON object or array"
            bad("invalid-type", f"informational field {quote_value(key)} holds {held}", at(key))
        elif (
            key in informational
            and key not in KNOWN_FIELDS
            and isinstance(value, str)
            and names_production_place(value)
        ):
            # No list of field names that read as places can be complete (targets, deploy_to,
            # endpoint, url): a value that is nothing but production places is read as one,
            # under any name -- the class closed at the value (prose mentioning it is a note).
            bad(
                "production-target",
                f"informational field {quote_value(key)} reads as a production place: {quote_value(value)} "
                "(a reader may take it for where the request runs; a note in prose may mention production)",
                at(key),
            )

    strings: dict[str, str] = {}
    for key in REQUIRED_STRINGS:
        if key not in req:
            bad("missing-field", f"{key} is required", position_of(req))
        elif isinstance(req[key], str):
            strings[key] = req[key]
        elif req[key] is not None:
            bad("invalid-type", f"{key} must be a string, not {_type_name(req[key])}", at(key))

    flags: dict[str, bool] = {}
    for key in BOOL_FIELDS:
        value = req.get(key, False)
        if type(value) is bool:
            flags[key] = value
        else:
            flags[key] = False  # read the unsafe way for the rules below; it blocks anyway
            if value is not None:
                bad(
                    "invalid-type",
                    f"{key} must be a JSON boolean, not {_type_name(value)} {quote_value(str(value))}",
                    at(key),
                )

    hashes: dict[str, str] = {}
    for key in HASH_FIELDS:
        if key not in req or req[key] is None:
            continue
        value = req[key]
        if isinstance(value, str) and _HEX64.fullmatch(value):
            hashes[key] = value.lower()
        else:
            bad("invalid-hash", f"{key} must be 64 hexadecimal digits", at(key))

    grants: list[str] = []
    raw_grants = req.get("required_grants", [])
    if isinstance(raw_grants, list) and all(isinstance(g, str) for g in raw_grants):
        grants = raw_grants
    elif raw_grants is not None:
        bad("invalid-type", "required_grants must be a list of strings", at("required_grants"))

    # Rule 1 and 3: the target must be a proven isolated clone, and never production.
    target = strings.get("target")
    isolated = target is not None and target in config.isolated_targets and flags["isolated_clone_proven"]
    if target is not None and mentions_production(target):
        # (one escaped past reading counts as production, and says what it is: review)
        said = f"target {quote_value(target)} is {PAST_READING}" if past_reading(target) else ""
        bad("production-target", said or f"production target forbidden: {quote_value(target)}", at("target"))
    if not isolated:
        if target is not None and target not in config.isolated_targets:
            bad("target-not-isolated", f"target {quote_value(target)} is not an isolated clone target", at("target"))
        elif target is not None:
            bad("target-not-isolated", "isolated_clone_proven is not true", at("isolated_clone_proven"))

    # Rule 2: the action must be on the allowlist; a forbidden one is named as such.
    action = strings.get("action")
    if action is not None:
        if is_forbidden_action(action):
            said = f"action {quote_value(action)} is {PAST_READING}" if past_reading(action) else ""
            forbidden = f"forbidden production/irreversible action: {quote_value(action)}"
            bad("forbidden-action", said or forbidden, at("action"))
        elif action not in config.allowed_actions:
            bad("action-not-allowed", f"action {quote_value(action)} is not in allowed-actions", at("action"))

    # Rule 4: a rollback claim needs evidence and both hashes.
    if flags["claims_rollback_proven"]:
        if not flags["rollback_evidence_present"]:
            bad(
                "rollback-unproven",
                "rollback proof claimed but rollback_evidence_present is not true",
                at("rollback_evidence_present" if "rollback_evidence_present" in req else "claims_rollback_proven"),
            )
        missing = [k for k in HASH_FIELDS if k not in req]
        if missing:
            bad(
                "rollback-unproven",
                "rollback proof claimed without " + " and ".join(missing),
                at("claims_rollback_proven"),
            )

    # Rule 5: identical before/after hashes mean nothing was applied, so nothing was rolled back.
    if len(hashes) == 2 and hashes["before_hash"] == hashes["after_apply_hash"]:
        bad(
            "rollback-fabricated",
            "rollback fabricated: after_apply_hash equals before_hash (no mutation)",
            at("after_apply_hash"),
        )

    # Rule 6: a PASS may only be emitted from a proven isolated clone.
    if flags["emit_pass"] and not isolated:
        bad("pass-without-isolation", "pass requested without proven clone isolation", at("emit_pass"))

    # Rule 7: every required grant must be one this lane holds.
    reported: set[str] = set()
    for i, grant in enumerate(grants):
        if grant not in config.lane_grants and grant not in reported:
            reported.add(grant)
            bad("missing-grant", f"missing required grant: {quote_value(grant)}", item_position(raw_grants, i))
    return tuple(reasons)


def gate_document(config: Config, data: bytes) -> list[GateResult]:
    """Gate a request file: one object, or a non-empty array of objects (each gated)."""
    try:
        doc = parse_strict_json(data, what="request file")
    except CannotVerify as exc:
        return [GateResult(None, (Reason(exc.code, exc.message, exc.line, exc.column),))]
    if isinstance(doc, list):
        if not doc:
            return [
                GateResult(
                    None, (Reason("invalid-shape", "an empty array holds no request to verify", *position_of(doc)),)
                )
            ]
        return [GateResult(i, gate_request(config, item), *position_of(item)) for i, item in enumerate(doc)]
    return [GateResult(None, gate_request(config, doc), *position_of(doc))]
