"""Consistency rules for generated reports: a pure function of bytes -> reasons.

A *probe report* (one with a ``verdict``, in any spelling of the key) is the seed harness's
output shape.  Every key of that shape is then required, and its claims must
follow from every figure in it: the counts and flags from the results, each result's own
verdict from its ``allow``/``fail_open``, and the report's verdict from all of them.  Each
reason points at the key or value it is about.
"""

from __future__ import annotations

from typing import Any

from rehearsal_hook.checks.gate import ALLOW, BLOCK, Reason
from rehearsal_hook.checks.strictjson import (
    Pos,
    item_position,
    key_position,
    parse_strict_json,
    position_of,
    quote_value,
    value_position,
)
from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.lane import brings_another_document, compact_key
from rehearsal_hook.scan.escaped import PAST_READING, decoded_spellings
from rehearsal_hook.scan.normalize import comparison_key

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
# A key that reads as this makes the file a probe report, whatever its spelling: a report
# with a verdict claims something, so every figure it rests on is required.
_VERDICT_KEY = compact_key("verdict")


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
            out.append(Reason("report-invalid", f"{where}{key} is missing", *position_of(obj)))
        elif not _is(obj[key], kind):
            out.append(Reason("report-invalid", f"{where}{key} must be {kind}", *value_position(obj, key)))
    # A key the shape does not have is a figure or a claim no rule reads -- "blocked_count": 10
    # beside nine blocked results, "status": "PASS", a result's "blocked": true while it was
    # allowed -- which a reader of the report may take (found attacking main: each passed).
    # The shape is the seed harness's, which `probes --output` writes: nothing else is in it.
    for key in obj:
        if key not in keys:
            message = f"{where}{quote_value(key)} is not a key of the probe report's shape: a claim nothing checks"
            out.append(Reason("report-invalid", message, *key_position(obj, key)))
    return out


def is_probe_report(doc: Any) -> bool:
    """Whether a parsed report claims a verdict (in any spelling of the key): a probe report."""
    return isinstance(doc, dict) and any(compact_key(k) == _VERDICT_KEY for k in doc)


def check_report_file(data: bytes) -> list[Reason]:
    """Why the bytes of a report file do not pass (empty: they do): not strict JSON, or a probe
    report whose claims do not follow from its own figures.  Pure; raises nothing."""
    try:
        doc = parse_strict_json(data, what="report")
    except CannotVerify as exc:
        return [Reason(exc.code, exc.message, exc.line, exc.column)]
    if not isinstance(doc, dict):
        return [Reason("report-invalid", "a report must be a JSON object", *position_of(doc))]
    stray = _stray_verdicts(doc)
    if not is_probe_report(doc):
        return stray  # not a probe report: strict JSON and the token scan are all it needs
    return stray + check_probe_report(doc)


# A passing verdict, in any spelling, as a value: a claim wherever it stands.
_PASSING = frozenset({compact_key(ALL_FAIL_CLOSED), compact_key(ALLOW)})
_LONGEST_PASSING = max(map(len, _PASSING))


def pass_claim(text: str) -> str | None:
    """Whether a string shows a passing verdict among its words, in any spelling: a reader
    takes ``ALL_FAIL_CLOSED (10/10)``, ``verdict: all fail closed`` or a key named
    ``AllFailClosed`` for the claim as surely as the bare value.  Words are the comparison
    key's (separators and changes of case split them; a run of them is joined, so a word
    split inside also counts), read with and without case changes as boundaries.  Linear: at
    each word, words are joined only up to the longest verdict's length.  Each spelling its
    escapes make is read too (``ALL%5FFAIL%5FCLOSED``, ``&#95;``, ``\\x5f``: escaped.py); one
    still escaped after its rounds cannot be read, and counts as a claim.  The reason it blocks
    (None: no claim): a stray verdict, or a string escaped past reading, said as such -- it
    was reported as a verdict, which it may not spell (review)."""
    spellings, unread = decoded_spellings(text)
    if any(_shows_pass(spelling) for spelling in spellings):
        return _STRAY
    return f"a string {PAST_READING}; it may spell a verdict" if unread else None


_STRAY = (
    "a verdict outside the probe report's shape: only the report's own verdict and each result's "
    "are checked against the figures"
)


def _shows_pass(text: str) -> bool:
    for split_case in (True, False):
        words = [w for w in comparison_key(text, split_case=split_case).split("_") if w]
        for i in range(len(words)):
            joined = ""
            for j in range(i, len(words)):  # (not words[i:]: a copy at each word is quadratic)
                word = words[j]
                joined += word
                if len(joined) > _LONGEST_PASSING:
                    break
                if joined in _PASSING:
                    return True
    return False


_MUTATION_KEY = compact_key("production_mutation")


def _mutation(value: Any, where: Pos) -> Reason:
    said = "" if value is True else " (production_mutation is not false)"
    return Reason("report-production-mutation", f"the report says production was mutated{said}", *where)


def _stray_verdicts(doc: dict[str, Any]) -> list[Reason]:
    """A verdict anywhere but where the shape checks it -- the report's own and each result's
    -- is a claim nothing checks: a ``verdict`` key (in any spelling) in a report nested one
    level down, a list of reports, the control; a passing verdict (``ALL_FAIL_CLOSED``,
    ``ALLOW_REHEARSAL_CLONE``, in any spelling) among the words of any other key's value, of
    a list's string or of a key.  And a production mutation claimed anywhere else (_mutation).
    One pass over the document (its depth is bounded)."""
    results = doc.get("results") if is_probe_report(doc) else None
    checked = {id(doc)}
    if isinstance(results, list):
        checked.update(id(r) for r in results if isinstance(r, dict))
    out: list[Reason] = []

    def stray(where: Pos, claim: str | None = _STRAY) -> bool:
        if claim is not None:
            out.append(Reason("report-invalid", claim, *where))
        return claim is not None

    stack: list[Any] = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if (
                    compact_key(key) == _MUTATION_KEY
                    and value is not False
                    and not (node is doc and is_probe_report(doc))
                ):
                    # A production mutation claimed anywhere (a report with no verdict, one
                    # nested, another spelling, not a boolean) is claimed; a probe report's own
                    # figure is its shape's (a boolean, required) and check_probe_report's.
                    out.append(_mutation(value, key_position(node, key)))
                if brings_another_document(key):
                    out.append(
                        Reason(
                            "report-invalid",
                            f"{key!r} brings in another document: a reader that resolves it shows claims "
                            "no rule here reads",
                            *key_position(node, key),
                        )
                    )
                is_verdict = compact_key(key) == _VERDICT_KEY
                if is_verdict and id(node) not in checked:
                    stray(key_position(node, key))
                elif not stray(key_position(node, key), pass_claim(key)) and not is_verdict and isinstance(value, str):
                    stray(value_position(node, key), pass_claim(value))
                stack.append(value)
        elif isinstance(node, list):
            claimed = False
            for i, item in enumerate(node):
                if isinstance(item, str) and stray(item_position(node, i), pass_claim(item)):
                    claimed = True
            # Its strings joined, as a notebook's source lines are shown: ["ALL_FAIL", "_CLOSED"].
            strings = [item for item in node if isinstance(item, str)]
            if not claimed and len(strings) > 1:
                stray(position_of(node), pass_claim("".join(strings)))
            stack.extend(node)
    return sorted(out, key=lambda r: (r.line, r.column))


def seed_probe_ids() -> list[str]:
    """The ids of the seed harness's ten probes (checks/probes.py, which imports this module)."""
    from rehearsal_hook.checks.probes import SEED_PROBES

    return [pid for pid, _ in SEED_PROBES]


def check_probe_report(doc: dict[str, Any]) -> list[Reason]:
    """The consistency rules of a parsed probe report: its shape, its counts, and a verdict
    ``ALL_FAIL_CLOSED`` only when every probe failed closed and no token leaked."""
    reasons = _shape(doc, TOP_KEYS, "")
    if isinstance(doc.get("control"), dict):
        reasons += _shape(doc["control"], CONTROL_KEYS, "control.")
    raw_results = doc.get("results")
    results: list[Any] = raw_results if isinstance(raw_results, list) else []
    for i, r in enumerate(results):
        if not isinstance(r, dict):
            reasons.append(Reason("report-invalid", f"results[{i}] must be an object", *item_position(results, i)))
            continue
        reasons += _shape(r, RESULT_KEYS, f"results[{i}].")
        if isinstance(r.get("reasons"), list) and not all(isinstance(x, str) for x in r["reasons"]):
            where = value_position(r, "reasons")
            reasons.append(Reason("report-invalid", f"results[{i}].reasons must be a list of strings", *where))
    if reasons:
        return reasons  # figures of the wrong type cannot be checked against each other

    def invalid(message: str, where: Pos) -> None:
        reasons.append(Reason("report-invalid", message, *where))

    def inconsistent(message: str, where: Pos) -> None:
        reasons.append(Reason("report-inconsistent", message, *where))

    def at(key: str) -> Pos:
        return value_position(doc, key)

    verdict = doc["verdict"]
    if verdict not in (ALL_FAIL_CLOSED, DEFECT):
        invalid(f"verdict must be {ALL_FAIL_CLOSED} or {DEFECT}", at("verdict"))
    if doc["production_mutation"] is True:
        reasons.append(
            Reason("report-production-mutation", "the report says production was mutated", *at("production_mutation"))
        )

    # Each result on its own: a known verdict that agrees with its allow and fail_open (a bad
    # input that is allowed fails open), and a reason for every block.
    control = doc["control"]
    # Ids compared as readers compare them, by the comparison key (``B1_X`` and ``b1-x`` name
    # one probe to a person, as ``target`` and ``Target`` one key to a reader).
    seen_ids: dict[str, int] = {comparison_key(control["id"]): -1}
    for i, r in enumerate(results):
        name = f"results[{i}]"
        key = comparison_key(r["id"])
        if key in seen_ids:
            other = "control" if seen_ids[key] < 0 else f"results[{seen_ids[key]}]"
            invalid(f"{name}: its id is also the id of {other} (probe ids are unique)", value_position(r, "id"))
        seen_ids.setdefault(key, i)
        if r["verdict"] not in (ALLOW, BLOCK):
            invalid(f"{name}.verdict must be {ALLOW} or {BLOCK}", value_position(r, "verdict"))
        elif (r["verdict"] == ALLOW) != r["allow"]:
            inconsistent(f"{name}: verdict {r['verdict']} disagrees with allow", value_position(r, "verdict"))
        if r["allow"] != r["fail_open"]:
            inconsistent(
                f"{name}: allow and fail_open disagree (a bad input that is allowed fails open)",
                value_position(r, "fail_open"),
            )
        # A reason says something: a word (a string of blanks or invisible characters is none).
        if not r["allow"] and not any(comparison_key(x) for x in r["reasons"]):
            inconsistent(f"{name}: blocked without a reason", value_position(r, "reasons"))

    opened = [i for i, r in enumerate(results) if r["allow"] or r["fail_open"] or r["verdict"] != BLOCK]
    leaked = [i for i, r in enumerate(results) if r["token_leaked"]]
    if doc["probe_count"] != len(results):
        inconsistent(f"probe_count is {doc['probe_count']} but there are {len(results)} results", at("probe_count"))
    closed = len([r for r in results if not r["fail_open"]])
    if doc["fail_closed_count"] != closed:
        inconsistent(
            f"fail_closed_count is {doc['fail_closed_count']} but {closed} results failed closed",
            at("fail_closed_count"),
        )
    if doc["any_fail_open"] != any(r["fail_open"] for r in results):
        inconsistent("any_fail_open disagrees with the results", at("any_fail_open"))
    if doc["forbidden_token_leaked"] != bool(leaked):
        inconsistent("forbidden_token_leaked disagrees with the results", at("forbidden_token_leaked"))
    if control["controls_pass"] != control["allowed"]:
        inconsistent("control.controls_pass disagrees with control.allowed", value_position(control, "controls_pass"))

    # The verdict is what the figures make it, both ways: a pass needs every figure clean,
    # and a DEFECT with every figure clean is not what the harness reported.
    clean = bool(results) and not opened and not leaked and not doc["any_fail_open"]
    clean = clean and not doc["forbidden_token_leaked"] and control["allowed"] and control["controls_pass"]
    if verdict == ALL_FAIL_CLOSED:
        if opened:
            inconsistent(f"says {ALL_FAIL_CLOSED} but results {opened[:5]} were allowed or failed open", at("verdict"))
        if leaked or doc["forbidden_token_leaked"]:
            inconsistent(f"says {ALL_FAIL_CLOSED} but a forbidden token leaked", at("verdict"))
        if doc["any_fail_open"]:
            inconsistent(f"says {ALL_FAIL_CLOSED} but any_fail_open is true", at("verdict"))
        if not control["allowed"] or not control["controls_pass"]:
            inconsistent(f"says {ALL_FAIL_CLOSED} but the control was not allowed", at("verdict"))
        if not results:
            inconsistent(f"says {ALL_FAIL_CLOSED} with no results", at("verdict"))
        # The seed's ten probes are the floor a pass rests on: a report that leaves out the ones
        # that failed open is consistent with itself and claims a pass its rehearsal did not
        # prove.  (Named by their number: their ids hold seal-like words.)  Results only: a
        # control named as a basic probe is an allowed request, and it stood for the probe
        # whose result the report left out (B3 failed open, its id given to the control).
        results_ids = {k for k, i in seen_ids.items() if i >= 0}
        missing = [pid.partition("_")[0] for pid in seed_probe_ids() if comparison_key(pid) not in results_ids]
        if missing:
            inconsistent(
                f"says {ALL_FAIL_CLOSED} but leaves out {len(missing)} of the ten basic probes "
                f"({', '.join(missing)}): a pass needs a result for each",
                at("verdict"),
            )
    elif verdict == DEFECT and clean:
        inconsistent(f"says {DEFECT} but every figure says {ALL_FAIL_CLOSED}", at("verdict"))
    return reasons
