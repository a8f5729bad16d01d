"""Strict JSON: one linear pass, every ambiguity refused, every key and value located."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rehearsal_hook.checks.strictjson import (
    MAX_DEPTH,
    item_position,
    key_position,
    parse_strict_json,
    position_of,
    value_position,
)
from rehearsal_hook.errors import CannotVerify


def refusal(data: bytes) -> tuple[str, int, int]:
    with pytest.raises(CannotVerify) as info:
        parse_strict_json(data)
    return info.value.code, info.value.line, info.value.column


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.from_regex(r"[a-z]{1,3}", fullmatch=True), inner),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(json_values, st.sampled_from([None, 2]), st.booleans())
def test_reads_what_json_reads(value: Any, indent: int | None, ascii_only: bool) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    assert parse_strict_json(text.encode()) == json.loads(text)


REFUSED = [
    # (name, data, code, line, column): the position is where the problem is
    ("duplicate key", b'{"a": 1,\n "a": 2}', "duplicate-key", 2, 2),
    ("case variant key", b'{"target": 1, "Target": 2}', "duplicate-key", 1, 15),
    ("upper-case key", b'{"action": 1, "ACTION": 2}', "duplicate-key", 1, 15),
    ("hyphenated key", b'{"emit_pass": 1, "emit-pass": 2}', "duplicate-key", 1, 18),
    ("camel-case key", b'{"before_hash": 1, "beforeHash": 2}', "duplicate-key", 1, 20),
    (
        "kelvin sign and long s",
        '{"claims_rollback_proven": 1, "claim\u017f_rollbac\u212a_proven": 2}'.encode(),
        "duplicate-key",
        1,
        31,
    ),
    ("full-width key", '{"id": 1, "\uff29\uff24": 2}'.encode(), "duplicate-key", 1, 11),
    ("zero-width in key", '{"target": 1, "tar\u200bget": 2}'.encode(), "duplicate-key", 1, 15),
    ("cyrillic key", '{"action": 1, "\u0430ction": 2}'.encode(), "duplicate-key", 1, 15),
    ("nested duplicate", b'{"a": {"b": 1, "B": 2}}', "duplicate-key", 1, 16),
    ("NaN", b'{"a": NaN}', "invalid-json", 1, 7),
    ("Infinity", b"[-Infinity]", "invalid-json", 1, 2),
    ("overflow", b"[1, 1e999]", "invalid-json", 1, 5),
    ("huge integer", b"[" + b"9" * 5000 + b"]", "invalid-json", 1, 2),
    ("trailing data", b'{"a": 1}\n{"b": 2}', "invalid-json", 2, 1),
    ("trailing comma", b"[1,\n2,\n]", "invalid-json", 3, 1),
    ("missing colon", b'{"a" 1}', "invalid-json", 1, 6),
    ("missing comma", b"[1 2]", "invalid-json", 1, 4),
    ("non-string key", b"{1: 2}", "invalid-json", 1, 2),
    ("mismatched closer", b"[1}", "invalid-json", 1, 3),
    ("unterminated string", b'{"a": "b', "invalid-json", 1, 7),
    ("bad escape", b'["\\x41"]', "invalid-json", 1, 3),
    ("control character", b'["a\x01"]', "invalid-json", 1, 4),
    # a lone surrogate escape is no character: readers disagree (Python keeps it, Go reads
    # U+FFFD, Rust's serde_json refuses the file) -- attacking main, it was read and passed
    ("lone high surrogate", b'{"id": "\\ud800"}', "invalid-json", 1, 8),
    ("lone low surrogate", b'["x", "a\\udc00b"]', "invalid-json", 1, 7),
    ("surrogates reversed", b'["\\udc00\\ud800"]', "invalid-json", 1, 2),
    ("lone surrogate in a key", b'{"a\\udbff": 1}', "invalid-json", 1, 2),
    ("truncated", b'{"a": [1, 2', "invalid-json", 1, 12),
    ("leading zero", b"[01]", "invalid-json", 1, 3),
    ("empty", b"", "invalid-json", 1, 1),
    ("white space only", b" \r\n\t", "invalid-json", 1, 1),
    ("too deep", b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1), "request-too-large", 1, MAX_DEPTH + 1),
    (
        "too deep objects",
        b'{"a":' * (MAX_DEPTH + 1) + b"1" + b"}" * (MAX_DEPTH + 1),
        "request-too-large",
        1,
        5 * MAX_DEPTH + 1,
    ),
    ("too deep, unclosed", b"[" * 100_000, "request-too-large", 1, MAX_DEPTH + 1),
    ("too large", b'["' + b"x" * (1 << 20) + b'"]', "request-too-large", 1, 1),
    ("not UTF-8", b'["\xff"]', "undecodable", 1, 1),
    ("UTF-16 without BOM", '["a"]'.encode("utf-16-le"), "undecodable", 1, 1),
]


@pytest.mark.parametrize(("name", "data", "code", "line", "column"), REFUSED, ids=[r[0] for r in REFUSED])
def test_refused_where_the_problem_is(name: str, data: bytes, code: str, line: int, column: int) -> None:
    assert refusal(data) == (code, line, column)


def test_depth_limit_is_exact() -> None:
    assert parse_strict_json(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH) is not None
    assert refusal(b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1))[0] == "request-too-large"


@pytest.mark.parametrize(
    "data",
    [
        # The shapes that kept the old nesting check busy for minutes: each is one pass now
        # (bench/run.py --only nested shows the time; here: they are refused, not hung).
        b'["' + b'\\"' * 200_000,
        b"[" + b'"\\"",' * 50_000,
        b'{"a": "' + b"\\u0022" * 100_000,
    ],
    ids=["escaped quotes unclosed", "many escaped strings", "unicode escapes unclosed"],
)
def test_quote_storms_are_read_in_one_pass(data: bytes) -> None:
    assert refusal(data)[0] == "invalid-json"


def test_lines_count_as_an_editor_does() -> None:
    doc = parse_strict_json(b'{\r\n  "a": 1,\r  "b": [\n    true,\n    "x"\n  ]\n}')
    assert position_of(doc) == (1, 1)
    assert key_position(doc, "a") == (2, 3)
    assert value_position(doc, "a") == (2, 8)
    assert value_position(doc, "b") == (3, 8)
    assert item_position(doc["b"], 0) == (4, 5)
    assert item_position(doc["b"], 1) == (5, 5)
    # absent: the container's own start
    assert value_position(doc, "c") == (1, 1)
    assert item_position(doc["b"], 7) == (3, 8)


def test_columns_count_characters_after_a_bom() -> None:
    doc = parse_strict_json(b"\xef\xbb\xbf" + '{"\u00e9": 1, "b": 2}'.encode())
    assert value_position(doc, "b") == (1, 15)
    doc = parse_strict_json('{"\u00e9": 1, "b": 2}'.encode("utf-16"))
    assert value_position(doc, "b") == (1, 15)


def test_escaped_strings_decode_as_json_does() -> None:
    data = b'{"k\\u0041": "q\\"r\\\\s\\/t\\n\\ud83d\\ude00"}'
    assert parse_strict_json(data) == json.loads(data)


def test_a_duplicate_key_that_is_a_token_is_redacted_in_the_reason() -> None:
    from ..conftest import leaks

    with pytest.raises(CannotVerify) as info:
        parse_strict_json(b'{"CUTOVER_PASS": 1, "cutover_pass": 2}')
    assert info.value.code == "duplicate-key"
    assert leaks(info.value.message) == []
    with pytest.raises(CannotVerify) as info:
        parse_strict_json(b'{"SEAL_AUTHORIZED": 1, "SEAL_AUTHORIZED": 2}')
    assert leaks(info.value.message) == []


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=' \n{}[]:,"\\-+.0123456789eEtrufalsnAaBb', max_size=40))
def test_what_it_accepts_json_reads_the_same(text: str) -> None:
    """Differential: any text it accepts, Python's json reads to the same value; anything it
    refuses is refused with a position inside the text."""
    refused: CannotVerify | None = None
    try:
        value = parse_strict_json(text.encode())
    except CannotVerify as exc:
        refused = exc
    if refused is None:
        assert value == json.loads(text)
    else:
        assert 1 <= refused.line <= len(text.splitlines()) + 1
        assert refused.column >= 1
