"""The gate and the configuration read names by one comparison key: every spelling a person
reads as production or as a forbidden action is that, in a request and in the configuration."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rehearsal_hook.checks.gate import gate_document
from rehearsal_hook.config import Config
from rehearsal_hook.errors import ConfigError
from rehearsal_hook.lane import (
    FORBIDDEN_ACTIONS,
    KNOWN_FIELDS,
    grant_widens_lane,
    is_forbidden_action,
    mentions_production,
)
from rehearsal_hook.scan.normalize import LOOKALIKE_SMALL, disguise_char, relevant_chars

from ..conftest import BRINGING_IN

VALID: dict[str, Any] = {
    "target": "local_clone",
    "isolated_clone_proven": True,
    "action": "rehearsal_apply",
    "claims_rollback_proven": True,
    "rollback_evidence_present": True,
    "before_hash": "a" * 64,
    "after_apply_hash": "b" * 64,
    "required_grants": ["PRODUCTION_REHEARSAL_ONLY_CLONE"],
}


def request(**changes: Any) -> bytes:
    req = {**VALID, **changes}
    return json.dumps({k: v for k, v in req.items() if v is not ...}, indent=2, ensure_ascii=False).encode()


def codes(data: bytes, config: Config | None = None) -> set[str]:
    return {r.code for res in gate_document(config or Config(), data) for r in res.reasons}


# Spellings of forbidden actions, one per class a reader sees through.
FORBIDDEN_SPELLINGS = [
    ("U+2010 hyphen", "Cut\u2010Over"),
    ("en dash", "cut\u2013over"),
    ("minus sign", "cut\u2212over"),
    ("dot", "cut.over"),
    ("slash", "secrets/change"),
    ("backslash", "secrets\\change"),
    ("colon", "real:run"),
    ("space", "Real Run"),
    ("no separator", "SECRETSCHANGE"),
    ("camel case", "CutOver"),
    ("inserted separators", "c_u_t_o_v_e_r"),
    ("spaced letters", "p e r m i t"),
    ("full-width", "\uff23\uff35\uff34\uff2f\uff36\uff25\uff32"),
    ("mathematical bold", "\U0001d41c\U0001d42e\U0001d42d\U0001d428\U0001d42f\U0001d41e\U0001d42b"),
    ("cyrillic small", "\u0441ut\u043ever"),
    ("cyrillic capital", "\u0421UT\u041eVER"),
    ("greek capital", "ACTIVATI\u039fN"),
    ("zero-width", "re\u200bpoint"),
    ("soft hyphen", "activ\u00adation"),
    ("combining mark", "cu\u0301tover"),
    ("digit look-alike", "qt0O1_apply".replace("0O", "00")),
    ("zero as O", "rep0int"),
    ("one as l", "rea1_run"),
    ("compacted with more", "cutover_now"),
    ("production deploy", "ci.deploy.production"),
    ("production anywhere", "apply-to-PROD"),
    # found in review: letters with a stroke or bar have no decomposition to drop
    ("o with stroke", "cut\u00f8ver"),
    ("O with stroke", "CUT\u00d8VER"),
    ("l with stroke", "rea\u0142_run"),
    ("capital I as l in lower case", "reaI_run"),
    # found in review: escapes a reader decodes (a URL, a shell or JSON string, HTML) -- a
    # config could allow "cut%2Dover" and a request then passed with it
    ("percent-encoded separator", "cut%2Dover"),
    ("percent-encoded letter", "c%75tover"),
    ("percent-encoded twice", "cut%252Dover"),
    ("backslash x escape", "cut\\x2dover"),
    ("backslash u escape", "\\u0063utover"),
    ("escaped new line", "real\\nrun"),
    ("HTML decimal reference", "cut&#111;ver"),
    ("HTML hex reference", "cut&#x6F;ver"),
    ("HTML named reference", "real&nbsp;run"),
    ("base64", "Y3V0b3Zlcg=="),
    # found in review (attack2, session 25): the verb for the noun, the words the other way
    # round, one secret
    ("the verb", "activate"),
    ("the verb, past", "Activated"),
    ("the words the other way round", "run_real"),
    ("secrets, the words the other way round", "change-secrets"),
    ("one secret", "secret_change"),
    ("qt001, the words the other way round", "apply_QT001"),
]

PRODUCTION_SPELLINGS = [
    ("plain", "production"),
    ("inserted underscore", "pro_duction"),
    ("inserted dots", "p.r.o.d.u.c.t.i.o.n"),
    ("U+2010 inside", "Pro\u2010duction"),
    ("abbreviation", "prod"),
    ("abbreviation upper", "PROD"),
    ("abbreviation as a word", "eu-prod-db"),
    ("abbreviation in camel case", "ProdCluster"),
    ("abbreviation with a number", "prod2"),
    ("abbreviation spaced", "p r o d"),
    ("abbreviation in mixed case", "pROD"),
    ("abbreviation with a look-alike capital", "pr\u041ed-db"),
    ("abbreviation with digit zero", "pr0d"),
    ("digit look-alikes", "PR0DUCT1ON"),
    ("cyrillic", "pr\u043educti\u043en"),
    ("full-width", "\uff30\uff32\uff2f\uff24"),
    ("zero-width", "prod\u200buction"),
    ("soft hyphen", "PROD\u00adUCTION-db"),
    ("diacritic", "pr\u00f6duction"),
    ("d with stroke", "pro\u0111uction"),
    ("o with stroke as a word", "eu-pr\u00f8d-db"),
    # found in review: escapes a reader decodes (a URL, a shell or JSON string, HTML) -- a
    # config could list "db%2Dprod" as an isolated target and a request then passed with it
    ("percent-encoded separator", "db%2Dprod"),
    ("percent-encoded letter", "%70rod"),
    ("percent-encoded in lower case", "eu-pr%6fd"),
    ("percent-encoded look-alike", "%D1%80rod"),
    ("percent-encoded space", "db%20prod"),
    ("backslash u escape", "\\u0070rod_db"),
    ("escaped tab", "db\\tprod"),
    ("HTML reference", "&#112;rod"),
    ("base64", "cHJvZA=="),
    ("base64 unpadded", "cHJvZF9kYg"),
    # found in review (attack2, session 25): the other abbreviation, and the word in the
    # languages whose teams write it so
    ("abbreviation prd", "sap-PRD"),
    ("abbreviation prd with a number", "eu-prd01-db"),
    ("German", "Produktion"),
    ("Spanish", "producci\u00f3n"),
    ("Portuguese", "produ\u00e7\u00e3o"),
    ("Italian", "produzione"),
    ("Dutch", "productie"),
    ("Polish", "produkcja"),
]

NOT_PRODUCTION = [
    "local_clone",
    "staging_clone",
    "isolated_db_dump_clone",
    "product_catalog_clone",
    "prodigy_lab",
    "local%2Dclone",  # escapes decoded are read, not refused
    "%" + "25" * 5 + "2Dclone",
    "staging&amp;clone",
    "bG9jYWxfY2xvbmU=",  # base64 of local_clone
    "test",  # base64's letters, no text
    "ABCD",
    "prdx_lab",
    "productive_clone",
]


@pytest.mark.parametrize(("name", "value"), FORBIDDEN_SPELLINGS, ids=[s[0] for s in FORBIDDEN_SPELLINGS])
def test_forbidden_action_spellings_block_in_requests_and_config(name: str, value: str) -> None:
    assert is_forbidden_action(value)
    assert "forbidden-action" in codes(request(action=value))
    with pytest.raises(ConfigError, match="allowed-actions"):
        Config(allowed_actions=("rehearsal_apply", value))
    with pytest.raises(ConfigError, match="lane-grants"):
        Config(lane_grants=(value,))


@pytest.mark.parametrize(("name", "value"), PRODUCTION_SPELLINGS, ids=[s[0] for s in PRODUCTION_SPELLINGS])
def test_production_spellings_block_in_requests_and_config(name: str, value: str) -> None:
    assert mentions_production(value)
    assert "production-target" in codes(request(target=value))
    assert "forbidden-action" in codes(request(action=value))
    with pytest.raises(ConfigError, match="isolated-targets"):
        Config(isolated_targets=("local_clone", value))
    with pytest.raises(ConfigError, match="allowed-actions"):
        Config(allowed_actions=(value,))


@pytest.mark.parametrize("value", NOT_PRODUCTION)
def test_near_misses_are_not_production(value: str) -> None:
    assert not mentions_production(value)
    assert Config(isolated_targets=(value,)).isolated_targets == (value,)


def test_a_value_escaped_past_reading_counts_as_production() -> None:
    """Each round of decoding reads one level of nested escapes (%2525 is %25 is %); a value
    still escaped after them is not read on -- each round costs a pass over it -- and blocks."""
    deep = "local" + "%" + "25" * 12 + "2Dclone"
    assert mentions_production(deep) and "production-target" in codes(request(target=deep))
    # ... and says what it is (review: "production target forbidden" named what it may not be)
    said = {
        (r.code, r.message.partition(" (")[0])
        for res in gate_document(Config(), request(target=deep, action=deep, id=deep))
        for r in res.reasons
    }
    assert {
        ("production-target", f"target '{deep}' is escaped past reading"),
        ("forbidden-action", f"action '{deep}' is escaped past reading"),
        ("invalid-type", "informational field 'id' holds a string escaped past reading"),
    } <= said, said
    for key in ("isolated_targets", "allowed_actions", "lane_grants", "informational_fields"):
        # (refused before as production or a forbidden action; now said as what it is)
        with pytest.raises(
            ConfigError, match=f"{key.replace('_', '-')} may not include .*: it is escaped past reading"
        ):
            Config(**{key: (deep,)})


def test_a_long_value_escaped_layer_on_layer_counts_as_production() -> None:
    """Each spelling is read in full: past twice the value's length (and 4 Ki characters) of
    decoded spellings the escapes are read no further, and the value blocks as unread -- a
    450 KB target took 9.7 s to gate before this bound, 0.5 s after."""
    layered = "a" * 20_000 + "%" + "25" * 4 + "41&amp;amp;amp;#65;" + "\\" * 8 + "x41"
    assert mentions_production(layered)
    assert not mentions_production("a" * 20_000 + "%20&amp;")  # two spellings: read


WIDENING_GRANTS = [
    "PRODUCTION_EXECUTION_OPT4",
    "ProductionExecution",
    "PROD_EXEC",
    "prod-execution",
    "PRODUCTION_REHEARSAL_EXECUTION",  # "rehearsal" in it does not make execution a rehearsal
    "PRODUCTION_REHEARSAL_ONLY_CLONE_AND_DEPLOY",
    "PRODUCTIONEXECUTION",
    "PR0DUCTION_EXECUTION",
    "\uff30\uff32\uff2f\uff24_EXEC",
    "CUT_OVER",
    "Cut.Over",
    "secrets/change",
    "REAL-RUN",
    "CI_DEPLOY_PRODUCTION",
    "QT001_APPLY",
    "PERMIT",
]


@pytest.mark.parametrize("grant", WIDENING_GRANTS)
def test_grants_that_widen_the_lane_are_refused(grant: str) -> None:
    assert grant_widens_lane(grant)
    with pytest.raises(ConfigError, match="lane-grants"):
        Config(lane_grants=(grant,))


@pytest.mark.parametrize(
    "grant", ["PRODUCTION_REHEARSAL_ONLY_CLONE", "production-rehearsal-only-clone", "STAGING_CLONE", "REHEARSAL_READ"]
)
def test_rehearsal_grants_are_accepted(grant: str) -> None:
    assert not grant_widens_lane(grant)
    assert Config(lane_grants=(grant,)).lane_grants == (grant,)


SEPARATORS = [
    "",
    "_",
    "-",
    ".",
    "/",
    " ",
    "\u2010",
    "\u2011",
    "\u2013",
    "\u2212",
    "\u00b7",
    "\u200b",
    "\u00ad",
    "\u30fb",
]


@st.composite
def spelled(draw: st.DrawFn, word: str) -> str:
    """The word as a person still reads it: any case, any separators between its letters."""
    out = []
    for ch in word.replace("_", ""):
        out.append(draw(st.sampled_from([ch.lower(), ch.upper()])))
        out.append(draw(st.sampled_from(SEPARATORS)) if draw(st.integers(0, 3)) == 0 else "")
    return "".join(out)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(sorted(FORBIDDEN_ACTIONS)).flatmap(spelled))
def test_any_spelling_of_a_forbidden_action_is_one_for_request_and_config(value: str) -> None:
    # One key: what the request side calls forbidden, the configuration may not allow.
    assert "forbidden-action" in codes(request(action=value))
    with pytest.raises(ConfigError):
        Config(allowed_actions=(value,))
    with pytest.raises(ConfigError):
        Config(lane_grants=(value,))


def _lookalikes() -> dict[str, list[str]]:
    """Every character the scanner's tables read as one Latin letter, by that letter: the
    capitals' table (it grows with the scanner's; the comparison key calls it, so this test
    follows) and the small letters'."""
    out: dict[str, list[str]] = {}
    for ch in sorted(relevant_chars()):
        view = disguise_char(ch)
        if len(view) == 1 and "A" <= view <= "Z":
            out.setdefault(view.lower(), []).append(ch)
    for ch, letter in sorted(LOOKALIKE_SMALL.items()):
        out.setdefault(letter, []).append(ch)
    return out


LOOKALIKES = _lookalikes()


@st.composite
def disguised(draw: st.DrawFn, word: str) -> str:
    """The word with any of its letters replaced by a look-alike of that letter."""
    out = []
    for ch in word:
        options = LOOKALIKES.get(ch.lower(), [])
        if options and draw(st.booleans()):
            out.append(draw(st.sampled_from(options)))
        else:
            out.append(ch)
    return "".join(out)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(sorted(FORBIDDEN_ACTIONS)).flatmap(disguised))
def test_look_alikes_of_forbidden_actions_are_forbidden(value: str) -> None:
    assert "forbidden-action" in codes(request(action=value)), ascii(value)
    with pytest.raises(ConfigError):
        Config(allowed_actions=(value,))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["production", "prod", "PROD", "Prod"]).flatmap(disguised))
def test_look_alikes_of_production_are_production(value: str) -> None:
    assert "production-target" in codes(request(target=value)), ascii(value)
    with pytest.raises(ConfigError):
        Config(isolated_targets=(value,))


@settings(max_examples=200, deadline=None)
@given(spelled("production"))
def test_any_spelling_of_production_is_one_for_request_and_config(value: str) -> None:
    assert "production-target" in codes(request(target=value))
    with pytest.raises(ConfigError):
        Config(isolated_targets=(value,))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=12))
def test_request_and_config_agree_on_any_value(value: str) -> None:
    """For any value at all: allowed-actions refuses exactly what the gate calls forbidden."""
    forbidden = "forbidden-action" in codes(request(action=value))
    try:
        Config(allowed_actions=(value,))
        accepted = True
    except ConfigError:
        accepted = False
    assert accepted != forbidden


# Informational fields: notes for people, never a field in disguise, never a structure.
SHADOWS = [
    ("Target", "target"),
    ("TARGET", "target"),
    ("tar-get", "target"),
    ("Action", "action"),
    ("emit-pass", "emit_pass"),
    ("EmitPass", "emit_pass"),
    ("required grants", "required_grants"),
    ("\uff34arget", "target"),
    ("claim\u017f_rollbac\u212a_proven", "claims_rollback_proven"),
]


@pytest.mark.parametrize(("name", "field"), SHADOWS)
def test_informational_field_may_not_shadow_a_known_field(name: str, field: str) -> None:
    with pytest.raises(ConfigError, match="informational-fields"):
        Config(informational_fields=("id", name))


@pytest.mark.parametrize("name", ["cutover", "Secrets-Change", "production_override", "prod"])
def test_informational_field_may_not_name_a_forbidden_action(name: str) -> None:
    with pytest.raises(ConfigError, match="informational-fields"):
        Config(informational_fields=("id", name))


@pytest.mark.parametrize(
    "name",
    [
        *("environment", "env", "targetEnv", "DB-host", "Deploy_Environment", "targetenvironment", "\uff25nv", "h0st"),
        # (plurals: a list of places to a reader all the same)
        *("envs", "hosts", "servers", "stages", "regions", "sites", "dbs", "clusters", "target_hosts"),
    ],
)
def test_informational_field_may_not_name_where_a_request_runs(name: str) -> None:
    """A deploy script may read ``"environment": "production"`` as the place to run; the gate
    reads ``target`` only, so configuration cannot make such a field a note it ignores."""
    with pytest.raises(ConfigError, match="names where a request runs"):
        Config(informational_fields=("id", name))


@pytest.mark.parametrize("name", BRINGING_IN)
def test_informational_field_may_not_bring_in_another_document(name: str) -> None:
    """A runner that follows ``"$ref": "other.json"`` (JSON Reference: the object becomes the
    one it names) or ``extends`` reads a request from a file the gate never read, under any
    name; the gate reads the one file, so such a field is no note."""
    with pytest.raises(ConfigError, match="brings another document into the request"):
        Config(informational_fields=("id", name))


@pytest.mark.parametrize("name", BRINGING_IN)
def test_a_request_that_brings_in_another_document_blocks(name: str) -> None:
    [result] = gate_document(Config(), request(**{name: "other.json"}))
    assert not result.allow
    assert "unknown-field" in {r.code for r in result.reasons}


@pytest.mark.parametrize(
    "name", ["owner", "notes", "summary", "envelope", "hostile", "reviewer", "jira_link", "git_ref", "importance"]
)
def test_informational_field_names_that_are_notes_pass(name: str) -> None:
    assert name in Config(informational_fields=("id", name)).informational_fields


@pytest.mark.parametrize(("name", "field"), SHADOWS)
def test_a_field_variant_in_a_request_blocks_and_says_what_it_reads_as(name: str, field: str) -> None:
    [result] = gate_document(Config(), request(**{field: ..., name: VALID.get(field, True)}))
    assert not result.allow
    [message] = [r.message for r in result.reasons if r.code == "unknown-field"]
    assert f"case-insensitive reader would take it for {field}" in message


@pytest.mark.parametrize(
    "value",
    [{"target": "production", "action": "cutover"}, ["production"], [], {}],
    ids=["a request nested under id", "a list", "an empty list", "an empty object"],
)
def test_informational_fields_hold_scalars_only(value: Any) -> None:
    assert "invalid-type" in codes(request(id=value))


@pytest.mark.parametrize(
    "value",
    [
        json.dumps({"target": "production", "action": "cutover"}),
        ' [{"target": "prod_db"}] ',
        "%7B%22target%22%3A%22production%22%7D",
        "eyJ0YXJnZXQiOiAicHJvZHVjdGlvbiJ9",
        "{}",
    ],
    ids=["a request serialised", "a list of them, padded", "percent-encoded", "base64", "an empty object"],
)
def test_informational_strings_hold_no_structure(value: str) -> None:
    """A JSON object or array serialised into a note's string is the structure the rule above
    refuses, one json.loads away (attack2, session 25: each passed)."""
    assert "invalid-type" in codes(request(id=value))
    assert "invalid-type" in codes(request(description=value))


@pytest.mark.parametrize("value", ["R-1", 42, 4.5, True, False, "{not json}", "[WIP] rehearse the restore", "[1"])
def test_informational_scalars_pass(value: Any) -> None:
    assert codes(request(id=value, ticket=value, description=value)) == set()


# Findings point at the key or value they are about.
def located(data: bytes) -> dict[str, tuple[int, int]]:
    [result] = gate_document(Config(), data)
    return {r.code: (r.line, r.column) for r in result.reasons}


def test_findings_point_at_the_offending_value() -> None:
    data = (
        b"{\n"
        b'  "target": "production",\n'
        b'  "action":   "cutover",\n'
        b'  "isolated_clone_proven": "yes",\n'
        b'  "emit_pass": true,\n'
        b'  "claims_rollback_proven": true,\n'
        b'  "rollback_evidence_present": false,\n'
        b'  "before_hash": "' + b"a" * 64 + b'",\n'
        b'  "after_apply_hash": "' + b"A" * 64 + b'",\n'
        b'  "required_grants": ["PRODUCTION_REHEARSAL_ONLY_CLONE",\n     "CUTOVER"],\n'
        b'  "override": true\n'
        b"}\n"
    )
    where = located(data)
    assert where["production-target"] == (2, 13)
    assert where["forbidden-action"] == (3, 15)
    assert where["invalid-type"] == (4, 28)
    assert where["pass-without-isolation"] == (5, 16)
    assert where["rollback-unproven"] == (7, 32)
    assert where["rollback-fabricated"] == (9, 23)
    assert where["missing-grant"] == (11, 6)
    assert where["unknown-field"] == (12, 3)


def test_missing_fields_point_at_their_object() -> None:
    data = b'[\n  {"target": "local_clone", "isolated_clone_proven": true, "action": "rehearsal_apply"},\n  {"target": "local_clone"}\n]'
    results = gate_document(Config(), data)
    assert results[0].allow
    [reason] = [r for r in results[1].reasons if r.code == "missing-field"]
    assert (reason.message, reason.line, reason.column) == ("action is required", 3, 3)


def test_every_request_field_is_known_to_the_key() -> None:
    # The config check and the request check share KNOWN_FIELDS: one list of fields.
    for field in KNOWN_FIELDS:
        with pytest.raises(ConfigError):
            Config(informational_fields=(field.upper(),))
