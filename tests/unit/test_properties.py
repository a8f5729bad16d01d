"""Property tests: a request with any one defect is blocked and the reasons name it; a valid
one is allowed; tokens hidden in text are found on the right line; near-misses stay clean."""

from __future__ import annotations

import codecs
import json
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from rehearsal_hook.checks.gate import _holds_structure, gate_document
from rehearsal_hook.config import Config
from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.lane import FORBIDDEN_ACTIONS, names_production_place
from rehearsal_hook.scan.matcher import SEED_FORBIDDEN_TOKENS, TokenMatcher
from rehearsal_hook.scan.text import scan_bytes

from ..conftest import examples, leaks

CONFIG = Config()
M = TokenMatcher(SEED_FORBIDDEN_TOKENS)
HEX = "0123456789abcdefABCDEF"

hash_st = st.text(HEX, min_size=64, max_size=64)


@st.composite
def valid_request(draw: st.DrawFn) -> dict[str, Any]:
    req: dict[str, Any] = {
        "target": draw(st.sampled_from(CONFIG.isolated_targets)),
        "isolated_clone_proven": True,
        "action": draw(st.sampled_from(CONFIG.allowed_actions)),
    }
    if draw(st.booleans()):
        before, after = draw(hash_st), draw(hash_st)
        if before.lower() == after.lower():
            after = ("b" if before[0].lower() != "b" else "c") + after[1:]
        req.update(
            claims_rollback_proven=True, rollback_evidence_present=True, before_hash=before, after_apply_hash=after
        )
    if draw(st.booleans()):
        req["emit_pass"] = draw(st.booleans())
    if draw(st.booleans()):
        req["required_grants"] = draw(st.lists(st.sampled_from(CONFIG.lane_grants), max_size=2))
    for key in draw(st.lists(st.sampled_from(CONFIG.informational_fields), unique=True)):
        # (not a note that is a JSON array or object once its escapes are read -- "[\\n]" is one
        # to a reader that unescapes it, and blocks: test_gate_spellings --, nor one that is
        # nothing but production places -- "PRD" -- which blocks: test_gate, 6b4dfb4)
        req[key] = draw(
            st.one_of(
                st.text(max_size=10).filter(lambda v: not _holds_structure(v) and not names_production_place(v)),
                st.integers(),
            )
        )
    return req


def _spell(draw: st.DrawFn, word: str) -> str:
    """The same word in another spelling: case, separators, full-width, zero-width."""
    how = draw(st.integers(0, 4))
    if how == 0:
        return word.upper()
    if how == 1:
        return word.replace("_", draw(st.sampled_from(["-", " ", "_"]))).title()
    if how == 2:
        return "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in word)
    if how == 3:
        i = draw(st.integers(0, len(word)))
        return word[:i] + draw(st.sampled_from(["\u200b", "\u00ad", "\u2060", "\ufeff"])) + word[i:]
    return f"  {word}  "


DEFECTS = [
    "wrong-type",
    "unknown-field",
    "forbidden-action",
    "unknown-action",
    "production-target",
    "missing-grant",
    "fabricated-rollback",
    "unproven-rollback",
    "duplicate-key",
    "bad-hash",
    "missing-field",
    "null-field",
    "unlisted-target",
    "not-proven",
]
EXPECTED = {
    "wrong-type": {"invalid-type"},
    "unknown-field": {"unknown-field", "duplicate-key"},  # "Target" beside "target" is a duplicate
    "forbidden-action": {"forbidden-action"},
    "unknown-action": {"action-not-allowed", "forbidden-action"},
    "production-target": {"production-target"},
    "missing-grant": {"missing-grant"},
    "fabricated-rollback": {"rollback-fabricated"},
    "unproven-rollback": {"rollback-unproven"},
    "duplicate-key": {"duplicate-key"},
    "bad-hash": {"invalid-hash"},
    "missing-field": {"missing-field"},
    "null-field": {"invalid-type"},
    "unlisted-target": {"target-not-isolated"},
    "not-proven": {"target-not-isolated"},
}


@st.composite
def defective_request(draw: st.DrawFn) -> tuple[str, bytes]:
    req = draw(valid_request())
    defect = draw(st.sampled_from(DEFECTS))
    if defect == "wrong-type":
        key = draw(
            st.sampled_from(
                [
                    "isolated_clone_proven",
                    "emit_pass",
                    "claims_rollback_proven",
                    "target",
                    "action",
                    "required_grants",
                    "rollback_evidence_present",
                ]
            )
        )
        wrong: dict[str, list[Any]] = {
            "target": [1, True, ["local_clone"], {}],
            "action": [0, False, ["rehearsal_apply"], {}],
            "required_grants": ["PRODUCTION_REHEARSAL_ONLY_CLONE", 1, {}, [1], [True]],
        }
        req[key] = draw(st.sampled_from(wrong.get(key, ["true", "false", 1, 0, [], {}, "yes"])))
    elif defect == "unknown-field":
        req[draw(st.sampled_from(["force", "override", "skip_gate", "Target", "target "]))] = True
    elif defect == "forbidden-action":
        req["action"] = _spell(draw, draw(st.sampled_from(sorted(FORBIDDEN_ACTIONS))))
    elif defect == "unknown-action":
        req["action"] = draw(st.text(min_size=1, max_size=12).filter(lambda a: a not in CONFIG.allowed_actions))
    elif defect == "production-target":
        req["target"] = _spell(draw, draw(st.sampled_from(["production", "prod_production_db", "production-eu"])))
    elif defect == "missing-grant":
        req["required_grants"] = [draw(st.sampled_from(["CUTOVER", "REAL_RUN", "PRODUCTION_EXECUTION_OPT4", "X"]))]
    elif defect == "fabricated-rollback":
        h = draw(hash_st)
        req.update(
            claims_rollback_proven=True,
            rollback_evidence_present=True,
            before_hash=h,
            after_apply_hash=draw(st.sampled_from([h, h.upper(), h.lower()])),
        )
    elif defect == "unproven-rollback":
        req["claims_rollback_proven"] = True
        drop = draw(st.sampled_from(["rollback_evidence_present", "before_hash", "after_apply_hash"]))
        req.setdefault("before_hash", "a" * 64)
        req.setdefault("after_apply_hash", "b" * 64)
        req["rollback_evidence_present"] = True
        if drop == "rollback_evidence_present" and draw(st.booleans()):
            req[drop] = False
        else:
            del req[drop]
    elif defect == "bad-hash":
        req[draw(st.sampled_from(["before_hash", "after_apply_hash"]))] = draw(
            st.one_of(st.text(HEX, max_size=63), st.just("g" * 64), st.text(HEX, min_size=65, max_size=70))
        )
    elif defect == "missing-field":
        del req[draw(st.sampled_from(["target", "action"]))]
    elif defect == "null-field":
        req[draw(st.sampled_from(sorted(req)))] = None
    elif defect == "unlisted-target":
        req["target"] = draw(st.text(max_size=12).filter(lambda t: t not in CONFIG.isolated_targets))
    elif defect == "not-proven":
        req["isolated_clone_proven"] = draw(st.sampled_from([False, "true", 1]))
    if defect == "duplicate-key":
        body = json.dumps(req)[:-1] + ', "target": "production"}'
        return defect, body.encode()
    return defect, json.dumps(req, ensure_ascii=draw(st.booleans())).encode()


@settings(max_examples=examples(400), deadline=None)
@given(valid_request(), st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
@example(
    {"target": "local_clone", "isolated_clone_proven": True, "action": "rehearsal_apply", "id": "[\\n\\r"}, "utf-8"
)
def test_valid_requests_are_allowed(req: dict[str, Any], encoding: str) -> None:
    results = gate_document(CONFIG, json.dumps(req).encode(encoding))
    assert [r.reasons for r in results] == [()]


@settings(max_examples=examples(800), deadline=None)
@given(defective_request())
def test_any_one_defect_blocks_and_is_named(case: tuple[str, bytes]) -> None:
    defect, data = case
    results = gate_document(CONFIG, data)
    assert not any(r.allow for r in results)
    codes = {x.code for r in results for x in r.reasons}
    assert codes & EXPECTED[defect], (defect, codes)
    rendered = json.dumps([[x.message for x in r.reasons] for r in results], ensure_ascii=False)
    assert leaks(rendered) == []


# ---------------------------------------------------------------------------------------------
# Tokens in hiding

FORMAT_CHARS = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\ufe0f", "\u180e", "\U000e0041"]
LOOKALIKES = {
    "A": ["\u0410", "\u0391", "\uff21"],
    "P": ["\u0420", "\u03a1", "\uff30"],
    "S": ["\u0405", "\uff33"],
    "O": ["\u041e", "\u039f"],
    "T": ["\u0422", "\u03a4"],
    "E": ["\u0415", "\u0395"],
}
TOKENS = ["PRODUCTION_PASS", "CUTOVER_PASS", "SEAL_AUTHORIZED", "DEPLOY_GRANTED", "QT001_PASS", "ROLLOUT_PASS"]
SEPARATORS = [" ", "\t", ".", ",", "(", ")", '"', "'", ":", "=", "é ", "数 ", "\x00"]


@st.composite
def hidden_token(draw: st.DrawFn) -> str:
    token = draw(st.sampled_from(TOKENS))
    out = []
    for c in token:
        if c in LOOKALIKES and draw(st.integers(0, 3)) == 0:
            c = draw(st.sampled_from(LOOKALIKES[c]))
        out.append(c)
        if draw(st.integers(0, 6)) == 0:
            out.append(draw(st.sampled_from(FORMAT_CHARS)))
    return "".join(out)


filler_st = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=20).filter(
    lambda t: not leaks(t) and not t[-1:].isalnum() and t[-1:] != "_" and t[-1:] not in FORMAT_CHARS
)


@settings(max_examples=examples(400), deadline=None)
@given(
    before_lines=st.integers(0, 4),
    eol=st.sampled_from(["\n", "\r\n", "\r"]),
    left=filler_st,
    token=hidden_token(),
    sep=st.sampled_from(SEPARATORS),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-be-bom"]),
)
@example(before_lines=0, eol="\n", left="\x1b6:", token="Q\u0422\u2060001_P\u0410SS", sep=" ", encoding="utf-8")
def test_hidden_tokens_are_found_on_their_line(
    before_lines: int, eol: str, left: str, token: str, sep: str, encoding: str
) -> None:
    text = eol.join(["plain text"] * before_lines + [left + " " + token + sep + "tail"])
    data = (codecs.BOM_UTF16_BE + text.encode("utf-16-be")) if encoding == "utf-16-be-bom" else text.encode(encoding)
    try:
        hits = scan_bytes(M, data)
    except CannotVerify as refused:
        hits, reason = [], f"{refused.code}: {refused.message}"
    else:
        reason = ""
    if reason:
        # (a filler holding a terminal code whose effect crosses lines, ESC 6: the file blocks,
        # a README limit -- found by hypothesis on main)
        assert reason.startswith("unverifiable-reading: a terminal code"), reason
        return
    assert before_lines + 1 in {h.line for h in hits}, (text, hits)


NEAR = [
    "FOO_PASSWORD",
    "BYPASS",
    "TEST_PASSED",
    "USER_PASS_HASH",
    "PRODUCTION_PASS_RATE",
    "SEAL_AUTHORIZED_BY",
    "x_GRANTED",
    "Deploy_PASS",
    "_PASS",
    "PASS",
    "2FA_PASS",
    "GRANTED_SCOPES",
]


@settings(max_examples=examples(300), deadline=None)
@given(
    words=st.lists(st.sampled_from(NEAR), min_size=1, max_size=8),
    seps=st.sampled_from([" ", "\n", ", ", "\r\n"]),
    encoding=st.sampled_from(["utf-8", "utf-16"]),
)
def test_near_misses_stay_clean(words: list[str], seps: str, encoding: str) -> None:
    assert scan_bytes(M, seps.join(words).encode(encoding)) == []


# ---------------------------------------------------------------------------------------------
# The path-pattern pre-filter never changes pathspec's answer

PATTERNS = [
    "*.rehearsal.json",
    "rehearsal/requests/**/*.json",
    "rehearsal-*.json",
    "*.rehearsal-report.json",
    "docs/",
    "/top.md",
    "a?c/*.md",
    "[ab]x.txt",
    "!keep.json",
    "**/deep/*.y",
    "# comment",
    "x\\*y",
    "deep/**",
    "**/z.y",
    "a/**/b",
    "*",
    "",
    "  ",
    "notes/*.md",
    "!notes/ok.md",
]
PARTS = [
    "rehearsal",
    "requests",
    "a",
    "b",
    "abc",
    "ac",
    "deep",
    "docs",
    "top.md",
    "x.rehearsal.json",
    "rehearsal-1.json",
    "ax.txt",
    "keep.json",
    "z.y",
    "x*y",
    "notes",
    "ok.md",
    "q.md",
    "é.md",
]


@settings(max_examples=examples(1500), deadline=None)
@given(
    patterns=st.lists(st.sampled_from(PATTERNS), min_size=1, max_size=5),
    path=st.lists(st.sampled_from(PARTS), min_size=1, max_size=4).map("/".join),
)
def test_path_prefilter_agrees_with_pathspec(patterns: list[str], path: str) -> None:
    import pathspec

    from rehearsal_hook.checks.policy import PathPatterns

    assert PathPatterns(patterns).match(path) == pathspec.GitIgnoreSpec.from_lines(patterns).match_file(path)
