"""roff's document state (roffstate.py): the requests that change how the rest of a manual page
reads -- a translation, a character defined, the escape and control characters.  Each shown
case is a page groff 1.22.4 ``-man -Tutf8 | col -b`` shows with the token (each was clean
before roffstate.py: the red-team pass's six are FOUND_BYPASSES in test_readings); each near
miss one groff shows without it.  Found in memory, as text, UTF-8 and UTF-16, at the stored
line and column of the token's first letter; a stream holding such a request blocks."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import roffnames, roffstate, segments, states
from rehearsal_hook.scan.text import scan_bytes, scan_str

from ..conftest import examples
from .scanning import M, found, streamed

T = "CUTOVER" + "_PASS"
HEAD = ".TH X 1\n.SH NAME\nx\n"

# name: the page after HEAD; groff shows the token, its first letter the first C of the
# last line's CUTOVER
SHOWN = {
    "tr": ".tr Q_\nCUTOVERQPASS",
    "tr-second-control-character": "'tr Q_\nCUTOVERQPASS",
    "tr-blanks": ".  tr   Q_\nCUTOVERQPASS",
    "tr-to-ul-two": ".tr Q\\(ul\nCUTOVERQPASS",
    "tr-to-ul-long": ".tr Q\\[ul]\nCUTOVERQPASS",
    "tr-to-escaped-underscore": ".tr Q\\_\nCUTOVERQPASS",
    "tr-to-code-point": ".tr Q\\[u005F]\nCUTOVERQPASS",
    "tr-to-numbered": ".tr Q\\N'95'\nCUTOVERQPASS",
    "tr-to-look-alike": ".tr Q\\(*A\nCUTOVER_PQSS",
    "tr-to-nothing": ".tr X\\&\nCUTOVER_PAXSS",
    "tr-pairs": ".tr aAsS\nCUTOVER_Pass",
    "tr-odd-one-a-blank": ".tr aAb\nCUTOVER_PaSSbX",
    "tr-comment-after": '.tr Q_ \\" a comment\nCUTOVERQPASS',
    "tr-special-character": ".tr \\(*A_\nCUTOVER\\(*APASS",
    "tr-a-line-later": ".tr Q_\n.sp\nsome text\nCUTOVERQPASS",
    "tr-last-wins": ".tr QP\n.tr Q_\nCUTOVERQPASS",
    "trnt": ".trnt Q_\nCUTOVERQPASS",
    "trin": ".trin Q_\nCUTOVERQPASS",
    "do-tr": ".do tr Q_\nCUTOVERQPASS",
    "tr-in-a-conditional": ".if n .tr Q_\nCUTOVERQPASS",
    "tr-in-bold": ".tr Q_\n.B CUTOVERQPASS",
    "tr-alternating-font": ".tr Q_\n.BR CUTOVERQ PASS",
    "tr-then-join": ".tr Q_\nCUTOVERQPA\\c\nSS",
    "tr-then-font": ".tr Q_\nCUTOVERQ\\fBPASS\\fR",
    "char": ".char Q _\nCUTOVERQPASS",
    "char-string": ".char Q _PA\nCUTOVERQSS",
    "char-quoted": '.char Q "_PA\nCUTOVERQSS',
    "char-escapes": ".char Q \\fB_\\fP\nCUTOVERQPASS",
    "char-special-character": ".char \\(*A _\nCUTOVER\\(*APASS",
    "fchar-special-character": ".fchar \\[xy] _\nCUTOVER\\[xy]PASS",
    "ec": ".ec !\nCUTOVER!(ulPASS",
    "ec-then-tr": ".ec !\n.tr Q!(ul\nCUTOVERQPASS",
    "ec-font": ".ec !\nCUTOVER_!fBPASS!fR",
    "ecs-ecr": ".ec !\n.ecs\n.ec\n.ecr\nCUTOVER!(ulPASS",
    "cc": ".cc #\n#tr Q_\nCUTOVERQPASS",
    "cc-macro": ".cc #\n.tr Q_\n#BR CUTOVER _PASS",
    "c2": ".c2 #\n#tr Q_\nCUTOVERQPASS",
    # a string the page defines (``.ds``, ``.as``) shows its value where ``\*`` uses it
    "ds": ".ds U _\nCUTOVER\\*UPASS",
    "ds-two": ".ds uu _\nCUTOVER\\*(uuPASS",
    "ds-bracket": ".ds und _\nCUTOVER\\*[und]PASS",
    "ds-bracket-arguments": ".ds und _\nCUTOVER\\*[und x]PASS",
    "ds-quoted": '.ds P "_PASS\nCUTOVER\\*P',
    "ds-append": ".ds U _P\n.as U A\nCUTOVER\\*USS",
    "ds-use-in-value": ".ds U _\n.ds V \\*U\nCUTOVER\\*VPASS",
    "ds-escape-in-value": ".ds U \\(ul\nCUTOVER\\*UPASS",
    "ds-escaped-backslash-in-value": ".ds U \\\\(ul\nCUTOVER\\*UPASS",
    "ds1": ".ds1 U _\nCUTOVER\\*UPASS",
    "ds-second-control-character": "'ds U _\nCUTOVER\\*UPASS",
    "ds-comment-after": '.ds U _\\" a comment\nCUTOVER\\*UPASS',
    "ds-in-a-conditional": ".if n .ds U _\nCUTOVER\\*UPASS",
    "ds-then-font-macro": ".ds U _\n.B CUTOVER\\*UPASS",
    "ds-after-ec": ".ec !\n.ds U _\nCUTOVER!*UPASS",
    "alias": ".als TR tr\n.TR Q_\nCUTOVERQPASS",
    "alias-of-an-alias": ".als XA tr\n.als XB XA\n.XB Q_\nCUTOVERQPASS",
    "new-name": ".rn tr TR\n.TR Q_\nCUTOVERQPASS",
    "string-as-its-name": ".ds x tr\n.\\*x Q_\nCUTOVERQPASS",
    "string-holding-the-request": ".ds xy tr Q_\n.\\*[xy]\nCUTOVERQPASS",
    "string-then-letters": ".ds x tr\n.\\*[x]nt Q_\nCUTOVERQPASS",
    "string-appended-to": ".ds x t\n.as x r\n.\\*x Q_\nCUTOVERQPASS",
    "alias-of-ds": ".als DS ds\n.DS x tr\n.\\*x Q_\nCUTOVERQPASS",
    "ec-then-string": ".ds x tr\n.ec !\n.!*x Q_\nCUTOVERQPASS",
}

# name: a page groff shows without the token
NEAR = {
    "tr-after-the-text": "CUTOVERQPASS\n.tr Q_",
    "tr-undone": ".tr Q_\n.tr QQ\nCUTOVERQPASS",
    "tr-no-chain": ".tr QP\n.tr P_\nCUTOVERQPASS",
    "tr-blank-is-no-character": ".tr Q_ X\nCUTOVER PASS",
    "tr-maps-nothing-into-a-token": ".tr Qq\nCUTOVERQPASS",
    "tr-in-a-false-conditional": ".if t .tr Q_\nCUTOVERQPASS",
    "tr-in-a-comment": '.tr Q_\n.\\" CUTOVERQPASS',
    "tr-not-a-request-after-cc": ".cc #\n.tr Q_\nCUTOVERQPASS",
    "tr-a-longer-name": ".trQ_\nCUTOVERQPASS",
    "tr-escapes-off": ".eo\n.tr Q\\(ul\nCUTOVERQPASS",
    "rchar": ".char Q _\n.rchar Q\nCUTOVERQPASS",
    "ec-back": ".ec !\n.ec\nCUTOVER!(ulPASS",
    "ds-after-the-text": "CUTOVER\\*UPASS\n.ds U _",
    "ds-other-value": ".ds U -\nCUTOVER\\*UPASS",
    "ds-escaped-backslash": ".ds U _\nCUTOVER\\\\*UPASS",
    "ds-longer-word": ".ds U _\nCUTOVER\\*UPASSWORD",
    "ds-redefined": ".ds U _\n.ds U -\nCUTOVER\\*UPASS",
    "ds-in-a-false-conditional": ".if t .ds U _\nCUTOVER\\*UPASS",
    "ds-tab-is-the-value-s": ".ds U\t_\nCUTOVER\\*UPASS",  # (groff: CUTOVER, a tab, _PASS)
    "renamed-away": ".rn tr TR\n.tr Q_\nCUTOVERQPASS",
    "alias-of-no-request": ".als TR tx\n.TR Q_\nCUTOVERQPASS",
    "string-of-no-request": ".ds x tx\n.\\*x Q_\nCUTOVERQPASS",
    "string-without-its-escape": ".ds x tr\n.ec !\n.\\*x Q_\nCUTOVERQPASS",
}


def _place(text: str) -> tuple[int, int]:
    """The line and column of the last CUTOVER of ``text``."""
    at = text.rindex("CUTOVER")
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


@pytest.mark.parametrize("page", SHOWN.values(), ids=SHOWN.keys())
def test_a_request_s_state_shows_the_token(page: str) -> None:
    text = HEAD + page + "\n"
    line, column = _place(text)
    want = [(line, column, T)]
    assert [(h.line, h.column, h.token) for h in scan_str(M, text)] == want
    assert found(text.encode()) == want
    assert found(text.encode("utf-16")) == want
    at = text.rindex("CUTOVER")  # (columns count characters, a stored offset bytes)
    assert found((text[:at] + "\u00e9 " + text[at:]).encode()) == [(line, column + 2, T)]
    assert found(text.replace("\n", "\r\n").encode()) == want


@pytest.mark.parametrize("page", NEAR.values(), ids=NEAR.keys())
def test_a_near_miss_shows_none(page: str) -> None:
    text = HEAD + page + "\n"
    assert scan_str(M, text) == []
    assert found(text.encode()) == []
    assert found(text.encode("utf-16")) == []


def test_a_token_that_starts_in_a_string_s_value_is_found_where_it_is_used() -> None:
    """A string's value is counted at its use (the letters it shows stand there)."""
    text = HEAD + ".ds A CUTOVER_\nsee \\*APASS here\n"
    want = [(5, 5, T)]  # (groff: see CUTOVER_PASS here)
    assert [(h.line, h.column, h.token) for h in scan_str(M, text)] == want
    assert found(text.encode()) == found(text.encode("utf-16")) == want


def test_strings_that_double_are_bounded() -> None:
    """Each string twice the last: what the strings hold would double with each (bounded
    memory: past LIMIT it blocks)."""
    text = ".ds a xxxxxxxx\n" + "".join(f".ds {chr(98 + k)} \\*{chr(97 + k)}\\*{chr(97 + k)}\n" for k in range(24))
    with pytest.raises(CannotVerify, match="document state"):
        scan_bytes(M, (text + "see \\*y here\n").encode())


def test_a_stream_holding_such_a_request_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stream reads each segment on its own: the state a request sets is read in memory
    only, and a cut anywhere in the request's line (a blank run included) is no way past."""
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    for page in [".tr Q_\nCUTOVERQPASS", ".ec !\nx", ".if n  \t   .do   trnt Q_\nx"]:
        text = "x\n" * 20 + HEAD + page + "\n"
        for size in (1, 3, 5, 7):
            with pytest.raises(CannotVerify, match="document state"):
                streamed(text.encode(), size)
            with pytest.raises(CannotVerify, match="document state"):
                streamed(text.encode("utf-16"), size)
    text = HEAD + "Str Q_\n.B tr\n.trace\n'tri x\n" + "x" * 40
    assert streamed(text.encode(), 5) == found(text.encode()) == []


def test_the_gate_passes_every_page_read() -> None:
    """A text the gate stops is read as stored: every page with a request read passes it (and
    one with a request in a conditional a terminal does not show, which is not read)."""
    for page in [*SHOWN.values(), *NEAR.values()]:
        text = HEAD + page + "\n"
        assert roffstate.may_change(text) == roffstate.may_change_b(text.encode())
        assert roffstate.may_change(text) or not roffstate.shown(text)
        assert page not in SHOWN.values() or roffstate.shown(text)
    assert not roffstate.may_change("tr Q_\n.trace\n'trnt_x\n.B char\n.if n .trace\n")


def test_what_a_definition_writes_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """A defined character written a great many times blocks past LIMIT (bounded memory):
    what it writes, and the places where the shown text's length differs from the stored."""
    monkeypatch.setattr(roffstate, "LIMIT", 100)
    with pytest.raises(CannotVerify, match="document state"):
        scan_bytes(M, b".char Q ABCDEFGH\n" + b"Q " * 20)
    with pytest.raises(CannotVerify, match="document state"):
        scan_bytes(M, b".tr Q\\&\n" + b"Q " * 101)
    assert scan_bytes(M, b".char Q ABCD\n" + b"Q " * 10) == []
    monkeypatch.setattr(roffstate, "OTHERS", 3)
    with pytest.raises(CannotVerify, match="document state"):
        scan_bytes(M, b".char a xy\n.char b xy\n.char c xy\n.char d xy\nabcd\n")


def test_a_request_called_by_a_string_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """A string holding a request's arguments is read again at each call: what the calls read
    counts with the strings' values (past LIMIT it blocks); a name is looked up up to NAME
    characters, and an alias or a new name longer blocks."""
    assert scan_bytes(M, b".ds x " + b"B" * 100 + b"\n" + b".\\*x Q_\n" * 50 + b"CUTOVERQPASS\n") == []
    monkeypatch.setattr(roffstate, "LIMIT", 200)
    with pytest.raises(CannotVerify, match="document state"):
        scan_bytes(M, b".ds x tr Q_abcdefgh\n" + b".\\*x\n" * 20 + b"CUTOVERQPASS\n")
    assert [h.token for h in scan_bytes(M, b".ds x tr Q_abcdefgh\n.\\*x\nCUTOVERQPASS\n")] == [T]
    with pytest.raises(CannotVerify, match="document state"):
        scan_bytes(M, b".als " + b"A" * (roffnames.NAME + 1) + b" tr\nx\n")


# Pieces of pages: requests, their arguments, escapes, macro lines, text, line ends.
PIECES = [
    *(f"{c}{name} " for c in ".'" for name in [*roffstate.REQUESTS, "als", "rn", "ds", "as", "if n .tr", "do tr"]),
    *["Q", "_", "\\", "(", "[", "]", "ul", "\\(ul", "\\[u005F]", "\\N'95'", "\\C'ul'", "!", "#", " ", "\t"],
    *["\n", "\r\n", "CUTOVER", "PASS", "\\fB", "\\&", "\\c", '"', '\\"', "\u00e9", "\u0391", ".B ", ".BR "],
    *["\\*x", "\\*[xy]", "x", "TR", "\\[", "\\C'"],
]


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_a_shown_page_keeps_the_stored_lines_and_order(pieces: list[str]) -> None:
    """Whatever the requests, the shown text has the stored text's lines (a token is placed on
    its stored line) and each of its characters comes from a stored one, in order; the
    scanner reads any such page or blocks with a reason."""
    text = "".join(pieces)
    reason = "document state"  # (read: no block)
    try:
        for page, stored in roffstate.shown(text):
            assert page.count("\n") == text.count("\n")
            places = stored(list(range(len(page))))
            assert places == sorted(places)
            assert all(0 <= k < len(text) for k in places)
            assert all(text[k] == "\n" for k, c in zip(places, page, strict=True) if c == "\n")
        scan_bytes(M, text.encode())
        scan_str(M, text)
    except CannotVerify as blocked:
        reason = blocked.message
    assert "document state" in reason


_PARTS = [".", "'", ":", "..", " ", "\t", "\n", "tr Q_", "ds x y", "als a b", "if n ", "do ", "|x|", "replace::"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([*_PARTS, "attr", "!", "x"]), max_size=12))
@example([".", "tr Q_"])
@example(["'", "tr Q_"])
@example(["..", " ", "|x|", " ", "replace::"])
@example([":", "attr", ":", " "])
def test_the_state_gate_at_a_text_s_start_is_asked_where_it_opens_so(parts: list[str]) -> None:
    """states.may_set asks (and compiles) the gate at a text's start only of a text that starts
    with one of states.OPENERS, and after a line feed from the text's first (a line of 32 MiB
    is passed at memchr speed): the same answer as the gate asked at its start and after each
    line feed, as text and as bytes."""
    text = "".join(parts)
    source = "(?:" + roffstate.GATE + "|" + states.RST_GATE + "|" + states.ADOC_GATE + ")"
    assert states.may_set(text) == bool(re.match(source, text) or re.search("\n" + source, text))
    data = text.encode()
    assert states.may_set(data) == bool(re.match(source.encode(), data) or re.search(b"\n" + source.encode(), data))
