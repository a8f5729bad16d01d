"""Reports that lie: every figure of a probe report must agree with its claims, every key of
the seed's shape is required once the report has a verdict, and keys are compared as readers
compare them (the same strict JSON as requests and the baseline)."""

from __future__ import annotations

import base64
import copy
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rehearsal_hook.checks.report_files import check_report_file
from rehearsal_hook.errors import ConfigError
from rehearsal_hook.exemptions.baseline import parse_baseline

from ..conftest import probe_report, probe_result


def result(i: int, allow: bool = False) -> dict[str, Any]:
    return probe_result(i, allow)


def report(opened: int = 0) -> dict[str, Any]:
    """An honest report over the seed's ten probes: ALL_FAIL_CLOSED, or DEFECT with ``opened``
    results allowed."""
    return probe_report([result(i, allow=i <= opened) for i in range(1, 11)])


def codes(doc: Any) -> set[str]:
    return {r.code for r in check_report_file(json.dumps(doc).encode())}


def edit(doc: dict[str, Any], **paths: Any) -> dict[str, Any]:
    """A copy with ``results__1__verdict="..."``-style paths set (``...`` deletes)."""
    doc = copy.deepcopy(doc)
    for path, value in paths.items():
        *parents, last = path.split("__")
        node: Any = doc
        for p in parents:
            node = node[int(p)] if isinstance(node, list) else node[p]
        key: Any = int(last) if isinstance(node, list) else last
        if value is ...:
            del node[key]
        else:
            node[key] = value
    return doc


def test_honest_reports_pass() -> None:
    # a report without a verdict claims nothing: strict JSON and the token scan are all it needs
    assert codes({"results": [{"id": "x"}], "summary": "other tool"}) == set()
    assert codes(report()) == set()
    assert codes(report(opened=1)) == set()
    assert codes(report(opened=10)) == set()


LIES = [
    # each result's own verdict must agree with allow / fail_open
    (
        "blocked verdict on an allowed result",
        edit(report(1), results__0__verdict="BLOCK_FAIL_CLOSED"),
        "report-inconsistent",
    ),
    (
        "allowed verdict on a blocked result",
        edit(report(), results__2__verdict="ALLOW_REHEARSAL_CLONE", verdict="DEFECT"),
        "report-inconsistent",
    ),
    (
        "allowed verdict under a pass",
        edit(report(), results__2__verdict="ALLOW_REHEARSAL_CLONE"),
        "report-inconsistent",
    ),
    ("unknown result verdict", edit(report(), results__0__verdict="MOSTLY_BLOCKED"), "report-invalid"),
    ("re-cased result verdict", edit(report(), results__0__verdict="block_fail_closed"), "report-invalid"),
    ("blocked without a reason", edit(report(), results__1__reasons=[]), "report-inconsistent"),
    # ... or with reasons that say nothing: empty, blank, invisible (attacking main: each passed)
    ("blocked with an empty reason", edit(report(), results__1__reasons=[""]), "report-inconsistent"),
    ("blocked with blank reasons", edit(report(), results__1__reasons=[" ", "\t"]), "report-inconsistent"),
    ("blocked with an invisible reason", edit(report(), results__1__reasons=["\u200b\u00a0"]), "report-inconsistent"),
    # ids identify probes
    ("duplicate probe id", edit(report(), results__1__id="B1_PRODUCTION_TARGET"), "report-invalid"),
    # ... as a reader reads them (attacking main: a re-cased or re-spelled id passed)
    ("duplicate probe id, re-cased", edit(report(), results__1__id="b1_production_target"), "report-invalid"),
    ("duplicate probe id, re-spelled", edit(report(), results__1__id="B1-PRODUCTION-TARGET"), "report-invalid"),
    ("probe id re-cases the control id", edit(report(), results__3__id="c"), "report-invalid"),
    ("probe id equals the control id", edit(report(), results__3__id="C"), "report-invalid"),
    # a pass rests on the seed's ten probes: one that leaves out those that failed open is
    # consistent with itself and claims what its rehearsal did not prove
    (
        "pass leaving out two of the seed's probes",
        probe_report([result(i) for i in range(1, 9)]),
        "report-inconsistent",
    ),
    ("pass with only probes of its own", probe_report([result(i) for i in range(11, 21)]), "report-inconsistent"),
    # ... each with a result of its own: the control (an allowed request) named as a basic probe
    # stood for the one that failed open, its result left out (attacking main: it passed)
    (
        "pass whose control bears a left-out seed probe's id",
        probe_report(
            [result(i) for i in range(1, 11) if i != 3],
            control={"id": result(3)["id"], "allowed": True, "controls_pass": True},
        ),
        "report-inconsistent",
    ),
    # a key outside the shape is a figure or a claim no rule reads (attacking main: each passed)
    ("a count the shape lacks", edit(report(1), verdict="DEFECT", blocked_count=10), "report-invalid"),
    ("a status beside DEFECT", edit(report(1), status="PASS"), "report-invalid"),
    ("a result's own claim", edit(report(1), results__0__blocked=True), "report-invalid"),
    ("a control's own claim", edit(report(), control__token_leaked=True), "report-invalid"),
    # the verdict follows from the figures, both ways
    ("DEFECT with every figure clean", edit(report(), verdict="DEFECT"), "report-inconsistent"),
    ("pass with an allowed result", edit(report(1), verdict="ALL_FAIL_CLOSED"), "report-inconsistent"),
    # the seed's keys are required once there is a verdict
    ("results dropped", edit(report(), results=...), "report-invalid"),
    ("results re-cased", {**edit(report(), results=...), "Results": report()["results"]}, "report-invalid"),
    ("verdict re-cased", {**edit(report(), verdict=...), "VERDICT": "ALL_FAIL_CLOSED"}, "report-invalid"),
    ("verdict alone", {"verdict": "ALL_FAIL_CLOSED"}, "report-invalid"),
    ("verdict alone, re-cased", {"Verdict": "ALL_FAIL_CLOSED"}, "report-invalid"),
    ("verdict hyphenated, results dropped", {"ver-dict": "ALL_FAIL_CLOSED"}, "report-invalid"),
    ("result key re-cased", edit(report(), results__0__allow=..., **{"results__0__Allow": False}), "report-invalid"),
    ("control key dropped", edit(report(), control__controls_pass=...), "report-invalid"),
    # a verdict only where the shape checks it: the report's own, each result's (found in
    # review: one level down, nothing was checked and the file passed)
    ("a report one level down", {"summary": edit(report(), production_mutation=True)}, "report-invalid"),
    ("reports in a list", {"doc": "d", "reports": [report(1)]}, "report-invalid"),
    ("a nested verdict, re-cased", {"data": {"Verdict": "ALL_FAIL_CLOSED"}}, "report-invalid"),
    ("a verdict in the control", edit(report(), control__verdict="ALL_FAIL_CLOSED"), "report-invalid"),
    ("a verdict inside a result", edit(report(), results__0__nested={"verdict": "ALLOW"}), "report-invalid"),
    # a passing verdict under another key is the same claim, as unchecked
    ("a pass under another key", {"status": "ALL_FAIL_CLOSED", "production_mutation": True}, "report-invalid"),
    ("a pass, re-spelled, nested", {"runs": [{"outcome": "all-fail-closed"}]}, "report-invalid"),
    ("an allowed request under another key", {"gate": "Allow_Rehearsal_Clone"}, "report-invalid"),
    ("a pass beside the verdict", edit(report(), summary="ALL_FAIL_CLOSED"), "report-invalid"),
    # ... also among a string's other words, as a key, or in a JSON text held in a string (red
    # team, session 22: each passed as a report with nothing to check)
    ("a pass with its score", {"status": "ALL_FAIL_CLOSED (10/10)"}, "report-invalid"),
    ("a pass after a label", {"summary": "verdict: all fail-closed"}, "report-invalid"),
    ("an allowed request in a sentence", {"gate": "every request ALLOW_REHEARSAL_CLONE"}, "report-invalid"),
    ("a pass as a key", {"summary": {"ALL_FAIL_CLOSED": True}}, "report-invalid"),
    ("a pass as a key, camel case", {"AllFailClosed": 10}, "report-invalid"),
    ("a report in a string", {"payload": json.dumps({"verdict": "ALL_FAIL_CLOSED"})}, "report-invalid"),
    ("a pass among a list's words", {"notes": ["x", "run 3: ALL_FAIL_CLOSED"]}, "report-invalid"),
    ("a pass split by case", {"status": "aLLFailClosed"}, "report-invalid"),
    # A production mutation claimed anywhere but the probe report's own figure -- a report
    # with no verdict, one nested, another spelling, not a boolean (attack2, session 25: each
    # passed: only a probe report's top-level production_mutation was read)
    ("a mutation in a plain report", {"production_mutation": True}, "report-production-mutation"),
    ("a mutation nested", {"run": {"production_mutation": True}}, "report-production-mutation"),
    ("a mutation in a list", {"runs": [{"ProductionMutation": True}]}, "report-production-mutation"),
    ("a mutation as a string", {"production-mutation": "true"}, "report-production-mutation"),
    ("a mutation as a number", {"production_mutation": 1}, "report-production-mutation"),
    (
        "a mutation beside a probe report",
        edit(report(), control__production_mutation=True),
        "report-production-mutation",
    ),
    # ... or split over a list's strings, which a reader joins as a notebook's source lines
    # are (attack2, session 25: passed)
    ("a pass split over a list", {"summary": ["ALL_FAIL", "_CLOSED"]}, "report-invalid"),
    ("a pass split over a list, with a number", {"summary": ["ALLOW_", 1, "REHEARSAL_CLONE"]}, "report-invalid"),
    # ... or spelt with escapes a reader decodes (attack2, session 25: each passed)
    ("a pass percent-encoded", {"status": "ALL%5FFAIL%5FCLOSED"}, "report-invalid"),
    ("a pass percent-encoded twice", {"status": "ALL%255FFAIL%255FCLOSED"}, "report-invalid"),
    ("a pass with HTML references", {"status": "ALLOW&#95;REHEARSAL&#x5f;CLONE"}, "report-invalid"),
    ("a pass with backslash escapes", {"status": "ALL\\x5fFAIL\\u005fCLOSED"}, "report-invalid"),
    ("a pass percent-encoded as a key", {"ALL%20FAIL%20CLOSED": 10}, "report-invalid"),
    ("a report in base64", {"payload": "eyJ2ZXJkaWN0IjogIkFMTF9GQUlMX0NMT1NFRCJ9"}, "report-invalid"),
    (
        "an indented report in base64",
        {"payload": base64.b64encode(json.dumps({"verdict": "ALL_FAIL_CLOSED"}, indent=2).encode()).decode()},
        "report-invalid",
    ),
    (
        "a pass beside the verdict, in a reason",
        edit(report(), results__0__reasons=["ok; ALL_FAIL_CLOSED"]),
        "report-invalid",
    ),
]


@pytest.mark.parametrize(
    "text",
    [
        "install_fail_closed",
        "all tests fail closed",
        "allowed rehearsal clone",
        "FAIL_CLOSED",
        "overall",
        "https://ci.example/all%20tests/fail%2Dclosed",
    ],
)
def test_words_near_a_passing_verdict_claim_nothing(text: str) -> None:
    assert codes({"status": text, text: 1}) == set()


def test_a_string_escaped_past_reading_says_so() -> None:
    """Review: a report string escaped too deep to read blocked as "a verdict outside the probe
    report's shape" -- a verdict it may not spell.  It still blocks, and the one-line reason says
    what it is and names the limit; a key, a list's string and a verdict as well."""
    deep = "note %" + "25" * 8 + "41"
    for doc in ({"status": deep}, {deep: 1}, {"log": ["a", deep]}, {"status": "ALL%5FFAIL%5FCLOSED"}):
        (reason,) = check_report_file(json.dumps(doc).encode())
        assert reason.code == "report-invalid"
        if "%5F" in json.dumps(doc):
            assert reason.message.startswith("a verdict outside the probe report's shape"), reason.message
        else:
            assert reason.message.startswith("a string escaped past reading (still escaped after 6 rounds"), reason
            assert "\n" not in reason.message


def test_a_long_note_with_escapes_claims_nothing() -> None:
    assert codes({"notes": "x " * 5000 + "a%20b &amp; c", "log": [f"line {i} of 2000" for i in range(2000)]}) == set()


def test_a_pass_names_the_seed_probes_it_leaves_out_by_number() -> None:
    [reason] = check_report_file(json.dumps(probe_report([result(i) for i in range(1, 9)])).encode())
    assert "leaves out 2 of the ten basic probes (B9, B10)" in reason.message, reason.message
    # (a DEFECT claims no pass: what it leaves out is not a lie about a pass)
    assert codes(probe_report([result(1, allow=True)])) == set()


def test_no_production_mutation_anywhere_claims_nothing() -> None:
    assert codes({"production_mutation": False, "run": [{"Production-Mutation": False}]}) == set()
    assert codes(report()) == set()


@pytest.mark.parametrize(("name", "doc", "code"), LIES, ids=[x[0] for x in LIES])
def test_a_lie_blocks(name: str, doc: Any, code: str) -> None:
    assert code in codes(doc)


@pytest.mark.parametrize(
    "data",
    [
        b'{"verdict": "DEFECT", "Verdict": "ALL_FAIL_CLOSED"}',
        b'{"results": [], "RESULTS": []}',
        b'{"note": 1, "n\xc3\xb6te": 2}',
        b'{"a": {"fail_open": false, "fail-open": true}}',
        '{"token_leaked": false, "to\u212aen_leaked": true}'.encode(),
    ],
    ids=["verdict twice", "results twice", "diacritic variant", "nested hyphen variant", "kelvin sign"],
)
def test_variant_keys_block_in_every_report(data: bytes) -> None:
    assert codes_of_bytes(data) == {"duplicate-key"}


def codes_of_bytes(data: bytes) -> set[str]:
    return {r.code for r in check_report_file(data)}


def test_variant_keys_block_in_the_baseline() -> None:
    entry = {"path": "a", "rule": "seal-token", "token": "X", "fingerprint": "0" * 64, "count": 1}
    good = json.dumps({"version": 1, "entries": [entry]})
    parse_baseline(good.encode(), source="b.json")
    with pytest.raises(ConfigError, match="differ only by case"):
        parse_baseline(good.replace('"count"', '"Count": 1, "count"').encode(), source="b.json")


def test_reasons_point_at_the_lying_figure() -> None:
    doc = edit(report(), results__2__verdict="ALLOW_REHEARSAL_CLONE", verdict="DEFECT", probe_count=7)
    text = json.dumps(doc, indent=2)
    lines = text.splitlines()
    where = {r.message.split(":")[0].split(" ")[0]: (r.line, r.column) for r in check_report_file(text.encode())}
    line, column = where["results[2]"]
    assert lines[line - 1][column - 1 :].startswith('"ALLOW_REHEARSAL_CLONE"')
    line, column = where["probe_count"]
    assert lines[line - 1][column - 1 :] == "7,"


# Every single figure of an honest report, changed alone, makes it a lie that blocks.
def figures(doc: dict[str, Any]) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for key in ("probe_count", "fail_closed_count"):
        out.append((key, doc[key] + 1))
    for key in ("any_fail_open", "forbidden_token_leaked", "production_mutation"):
        out.append((key, not doc[key]))
    out.append(("verdict", "DEFECT" if doc["verdict"] == "ALL_FAIL_CLOSED" else "ALL_FAIL_CLOSED"))
    for key in ("allowed", "controls_pass"):
        out.append((f"control__{key}", not doc["control"][key]))
    for i, r in enumerate(doc["results"]):
        for key in ("allow", "fail_open", "token_leaked"):
            out.append((f"results__{i}__{key}", not r[key]))
        flipped = "BLOCK_FAIL_CLOSED" if r["verdict"] == "ALLOW_REHEARSAL_CLONE" else "ALLOW_REHEARSAL_CLONE"
        out.append((f"results__{i}__verdict", flipped))
    return out


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 4).flatmap(lambda opened: st.tuples(st.just(opened), st.sampled_from(figures(report(opened))))))
def test_any_one_changed_figure_blocks(case: tuple[int, tuple[str, Any]]) -> None:
    opened, (path, value) = case
    assert codes(edit(report(opened), **{path: value})), (opened, path, value)
