"""The seal-token scanner: tokens in every disguise are found at the right place; near-misses
are not tokens; streaming gives the same findings as scanning in memory."""

from __future__ import annotations

import codecs
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rehearsal_hook.scan import segments
from rehearsal_hook.scan.matcher import SEED_FORBIDDEN_TOKENS, TokenMatcher, redact_text, redact_token
from rehearsal_hook.scan.stream import scan_file_chunks
from rehearsal_hook.scan.text import scan_bytes, scan_str

from ..conftest import SEAL_LIKE, examples

M = TokenMatcher(SEED_FORBIDDEN_TOKENS)


def found(data: bytes, matcher: TokenMatcher = M) -> list[tuple[int, int, str]]:
    return [(h.line, h.column, h.token) for h in scan_bytes(matcher, data)]


TOKENS = [
    "PRODUCTION_PASS",
    "REAL_RUN_PASS",
    "CUTOVER_PASS",
    "SEAL_AUTHORIZED",
    "QT001_PASS",
    "PERMIT_PASS",
    "DEPLOY_GRANTED",
    "X_PASS",
    "A1_AUTHORIZED",
    "LEGACY__GRANTED",
]


@pytest.mark.parametrize("token", TOKENS)
def test_plain_tokens(token: str) -> None:
    assert found(f"see {token}.\n".encode()) == [(1, 5, token)]


NEAR_MISSES = [
    "FOO_PASSWORD",
    "BYPASS",
    "TEST_PASSED",
    "USER_PASS_HASH",
    "PRODUCTION_PASS_RATE",
    "B10_PRODUCTION_PASS_FROM_X",
    "SEAL_AUTHORIZED_BY",
    "UNAUTHORIZED",
    "production_pass",
    "Seal_Authorized",
    "test_PASS",
    "x_GRANTED",
    "2FA_PASS",
    "_PASS",
    "Deploy_GRANTED",
    "permit_pass",
    "CUTOVER_PASSES",
    "xPRODUCTION_PASS",
    "PRODUCTION_PASS9",
    "PASS",
    "_GRANTED_",
    "GRANTED_SCOPES",
    "A-PASS",
]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_misses_are_clean(text: str) -> None:
    assert found(f"{text} and ({text})\n".encode()) == []
    assert found(text.encode("utf-16")) == []


DISGUISES = [
    # (description, text, expected (line, column))
    ("after a non-ASCII letter", "é PRODUCTION_PASS", (1, 3)),
    ("glued to a non-ASCII letter", "éPRODUCTION_PASS", (1, 2)),
    ("glued to CJK", "数据PRODUCTION_PASS数据", (1, 3)),
    (
        "full-width",
        "x \uff30\uff32\uff2f\uff24\uff35\uff23\uff34\uff29\uff2f\uff2e\uff3f\uff30\uff21\uff33\uff33",
        (1, 3),
    ),
    ("zero-width space inside", "x PRODUCTION\u200b_PASS", (1, 3)),
    ("soft hyphen inside", "PRODUC\u00adTION_PASS", (1, 1)),
    ("word joiner and BOM inside", "CUT\u2060OVER\ufeff_PASS", (1, 1)),
    ("variation selector inside", "CUTOVER_PA\ufe0fSS", (1, 1)),
    # (Chromium 150 draws nothing for the interlinear annotation characters, and a terminal
    # gives them no cell: red-team pass of session 27)
    ("interlinear annotation anchor inside", "CUTOVER_P\ufff9ASS", (1, 1)),
    ("interlinear annotation separator and terminator", "CUTOVER\ufffa_PA\ufffbSS", (1, 1)),
    ("cyrillic look-alikes", "\u0420R\u041eDU\u0421TI\u041eN_\u0420\u0410SS", (1, 1)),
    ("greek look-alikes", "\u03a1RODUCTION_\u03a1\u0391SS", (1, 1)),
    ("mathematical bold", "\U0001d40f\U0001d411ODUCTION_PASS", (1, 1)),
    ("NUL between letters", "PRO\x00DUCTION_PASS", (1, 1)),
    ("after tab", "\tCUTOVER_PASS", (1, 2)),
    ("ligature before token", "\ufb01 CUTOVER_PASS", (1, 3)),
]


@pytest.mark.parametrize(("name", "text", "where"), DISGUISES, ids=[d[0] for d in DISGUISES])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be-bom"])
def test_disguised_tokens_are_found(name: str, text: str, where: tuple[int, int], encoding: str) -> None:
    if encoding == "utf-16-be-bom":
        data = codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    else:
        data = text.encode(encoding)
    hits = found(data)
    assert where in [(line, col) for line, col, _ in hits], hits
    for _, _, token in hits:
        assert re.fullmatch(SEAL_LIKE.replace(r"\b", ""), token)


LINE_ENDS = [
    ("LF", "a\nb\nX_PASS", (3, 1)),
    ("CRLF", "a\r\nb\r\nX_PASS", (3, 1)),
    ("CR", "a\rb\rX_PASS", (3, 1)),
    ("mixed", "a\r\n\rb\n\nX_PASS", (5, 1)),
    ("blank CRLF lines", "\r\n\r\n  X_PASS", (3, 3)),
    ("no final newline", "x\n  X_PASS", (2, 3)),
    ("column counts code points", "ééé X_PASS", (1, 5)),
    ("astral code point is one column", "\U0001f680 X_PASS", (1, 3)),
]


@pytest.mark.parametrize(("name", "text", "where"), LINE_ENDS, ids=[x[0] for x in LINE_ENDS])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_lines_and_columns_like_an_editor(name: str, text: str, where: tuple[int, int], encoding: str) -> None:
    assert found(text.encode(encoding)) == [(*where, "X_PASS")]


def test_binary_and_latin1_are_scanned_for_ascii_forms() -> None:
    assert found(b"\x89PNG\r\n\x1a\n\x00\x00CUTOVER_PASS\xff\xfe") == [(3, 3, "CUTOVER_PASS")]
    assert found("caf\u00e9 PRODUCTION_PASS".encode("latin-1")) == [(1, 6, "PRODUCTION_PASS")]
    # UTF-16 without a BOM reads as NUL-separated ASCII; in bytes that are not text,
    # columns count bytes
    assert found("x CUTOVER_PASS".encode("utf-16-le")) == [(1, 5, "CUTOVER_PASS")]
    assert found("x\nCUTOVER_PASS".encode("utf-16-be")) == [(2, 2, "CUTOVER_PASS")]


def test_invalid_utf16_after_bom_is_scanned_as_bytes() -> None:
    assert found(codecs.BOM_UTF16_LE + b"\x00\xd8 CUTOVER_PASS") != []


def test_pragma_marks_only_its_line() -> None:
    hits = scan_bytes(M, b"X_PASS  # rehearsal-hook: allow\nY_PASS\n")
    assert [(h.token, h.pragma) for h in hits] == [("X_PASS", True), ("Y_PASS", False)]


def test_configured_tokens_are_whole_words_and_case_sensitive() -> None:
    m = TokenMatcher(["GO_LIVE", "ship_it"])
    assert [t for _, _, t in found(b"GO_LIVE ship_it go_live GO_LIVE_NOW xship_it SHIP_IT", m)] == [
        "GO_LIVE",
        "ship_it",
    ]


def test_many_hits_on_one_line() -> None:
    data = b" ".join([b"FOO_PASSWORD", b"A_PASS"] * 2000)
    hits = found(data)
    assert len(hits) == 2000
    assert hits[1][1] == 1 + len(b"FOO_PASSWORD A_PASS FOO_PASSWORD ")


def test_long_runs_stay_correct() -> None:
    # a huge word of capitals, a line packed with near-misses, and a token at the very end
    assert found(b"A" * 3_000_000) == []
    assert found(b"A" * 3_000_000 + b"_PASS") == [(1, 1, "A" * 3_000_000 + "_PASS")]
    assert found(b"FOO_PASSWORD" * 300_000 + b" X_PASS") == [(1, 3_600_002, "X_PASS")]
    assert found(b"A_PASSA" * 300_000) == []


# ---------------------------------------------------------------------------------------------
# Redaction


@pytest.mark.parametrize("token", TOKENS)
def test_redacted_form_cannot_match(token: str) -> None:
    short = redact_token(token)
    assert short.endswith("\u2026")
    assert not re.search(SEAL_LIKE, short)
    assert scan_str(M, short) == []


def test_redact_text_replaces_disguised_tokens() -> None:
    text = "a CUTOVER_PASS b \uff30\uff32\uff2f\uff24_\uff30\uff21\uff33\uff33 c PRO\u200bD_PASS"
    out = redact_text(M, text)
    assert scan_str(M, out) == []
    assert out.startswith("a CUTOVER_P\u2026 b ")


# ---------------------------------------------------------------------------------------------
# Streaming equals in-memory (the careful path and the chunked path agree)

ALPHABET = [
    "A",
    "B",
    "Z9",
    "_",
    "PASS",
    "_PASS",
    "_GRANTED",
    " ",
    "\n",
    "\r",
    "\r\n",
    "x",
    "é",
    "Ｐ",
    "\u200b",
    "\x00",
    "数",
]


def _chunks(data: bytes, size: int):  # type: ignore[no-untyped-def]
    return lambda: (data[i : i + size] for i in range(0, len(data), size))


@settings(max_examples=examples(300), deadline=None)
@given(
    parts=st.lists(st.sampled_from(ALPHABET), max_size=60),
    encoding=st.sampled_from(["utf-8", "utf-16"]),
    size=st.integers(1, 9),
)
def test_streaming_matches_in_memory(parts: list[str], encoding: str, size: int) -> None:
    data = "".join(parts).encode(encoding)
    want = found(data)
    old = segments.CHUNK_SIZE, segments.MAX_CARRY
    segments.CHUNK_SIZE, segments.MAX_CARRY = 8, 1 << 20  # cut often, never force a cut
    try:
        got = [(h.line, h.column, h.token) for h in scan_file_chunks(M, _chunks(data, size))]
    finally:
        segments.CHUNK_SIZE, segments.MAX_CARRY = old
    assert got == want


def test_giant_word_over_the_carry_limit() -> None:
    old = segments.CHUNK_SIZE, segments.MAX_CARRY
    segments.CHUNK_SIZE, segments.MAX_CARRY = 16, 64
    try:
        data = b"x\n" + b"AB" * 200 + b"_PASS tail"
        assert [(h.line, h.column) for h in scan_file_chunks(M, _chunks(data, 16))] == [(2, 1)]
        assert list(scan_file_chunks(M, _chunks(b"x\n" + b"Ab" * 200 + b"_PASS", 16))) == []
        data = b"\n" + b"FOO_PASSWORD" * 40 + b" X_PASS"
        assert [(h.line, h.column, h.token) for h in scan_file_chunks(M, _chunks(data, 16))] == [(2, 482, "X_PASS")]
    finally:
        segments.CHUNK_SIZE, segments.MAX_CARRY = old


def test_long_runs_of_nuls_are_cut_and_stay_bounded() -> None:
    # A zero-filled file used to grow the carry without end (no cut after a NUL): quadratic
    # time and unbounded memory.  Now a forced cut falls inside the run.
    old = segments.CHUNK_SIZE, segments.MAX_CARRY
    segments.CHUNK_SIZE, segments.MAX_CARRY = 64, 256
    try:
        data = b"\x00" * 10_000 + b" CUTOVER_PASS"
        assert [(h.line, h.token) for h in scan_file_chunks(M, _chunks(data, 64))] == [(1, "CUTOVER_PASS")]
        data = "\uff3f".encode() * 3000 + b" X_PASS"  # only disguise characters
        assert [h.token for h in scan_file_chunks(M, _chunks(data, 64))][-1:] == ["X_PASS"]
    finally:
        segments.CHUNK_SIZE, segments.MAX_CARRY = old
