"""Where a reader ends a word the Unicode view went on with (scan/compose.py).  A combining mark
after a token: canonical composition makes the letter it sits on non-ASCII (``W`` and U+0302
are ``Ŵ``), which ends the word before it -- ``X_PASSW`` + U+0302 holds the token ``X_PASS`` as
the precomposed ``X_PASSŴ`` does.  The scanner's per-code-point view never composes and missed
it in every encoding (found by fuzzing: the oracle's reading of a UTF-16 text, OPEN_FINDS
"utf16-oracle-sees-a-token").  And a look-alike of another script beside a disguised token,
read as what it is (the oracle's reading too: NFKC and a few look-alikes)."""

from __future__ import annotations

import codecs
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rehearsal_hook.scan import segments
from rehearsal_hook.scan.compose import attaches, attaching_chars, compositions
from rehearsal_hook.scan.matcher import TokenMatcher, redact_text
from rehearsal_hook.scan.normalize import disguise_view
from rehearsal_hook.scan.stream import scan_file_chunks
from rehearsal_hook.scan.text import scan_bytes, scan_str

from ..conftest import leaks

M = TokenMatcher()
ENCODINGS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-bom": lambda t: t.encode("utf-8-sig"),
    "utf-16": lambda t: t.encode("utf-16"),
    "utf-16-le": lambda t: t.encode("utf-16-le"),  # no BOM
    "utf-16-be-bom": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "utf-32": lambda t: t.encode("utf-32"),
}


CASES = {
    # (a token whose next letter carries a mark, spelt in the stored text)
    "circumflex": "O_PASSW\u0302",
    "grave on a small letter": "a CUTOVER_PASSa\u0300 b",
    "two marks, reordered": "CUTOVER_PASSW\u0302\u0323",  # NFC reorders, then composes
    "a mark that does not compose first": "CUTOVER_PASSW\u0316\u0302",
    "macron below (read as _ alone)": "CUTOVER_PASSB\u0331",
    "on a full-width letter after a disguised token": "\uff23\uff35\uff34\uff2f\uff36\uff25\uff32\uff3f\uff30\uff21\uff33\uff33\uff57\u0302",
    "after a Cyrillic look-alike": "\u0421UTOVER_PASSW\u0302",
    "decoded by a renderer": "CUTOVER_PASSW&#770;",
    "a second line": "x\r\nCUTOVER_PASSe\u0301\n",
    # a disguised needle (Cyrillic A), then a look-alike the view read as Y: a reader who reads
    # the A as Latin may read the Y-like letter as what it is, a letter that is not ASCII
    "look-alike after a disguised needle": "CUTOVER_P\u0410SS\u04ae",
    "decomposed look-alike after it": "\u0421UTOVER_P\u0410SS\u0423\u0306",
    # ...or before the first letter of a disguised token (after a Latin letter that would
    # otherwise start the word)
    "look-alike before a full-width token": "a\u04ae" + "".join(chr(ord(c) + 0xFEE0) for c in "CUTOVER_PASS"),
    "look-alikes on both sides": "a\u04ae\u0421UTOVER_P\u0410SS\u04ae",
}


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_a_token_before_a_composed_letter_is_found(name: str, encoding: str) -> None:
    text = CASES[name]
    data = ENCODINGS[encoding](text)
    hits = scan_bytes(M, data)
    assert hits, (name, encoding)


@pytest.mark.parametrize("name", list(CASES))
def test_redaction_hides_it(name: str) -> None:
    text = CASES[name]
    assert not leaks(redact_text(M, text)), redact_text(M, text)


@pytest.mark.parametrize("name", list(CASES))
def test_streamed_as_in_memory(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    data = CASES[name].encode()
    monkeypatch.setattr(segments, "CHUNK_SIZE", 8)
    for size in (1, 3):
        assert scan_file_chunks(
            M, lambda size=size: (data[i : i + size] for i in range(0, len(data), size))
        ) == scan_bytes(M, data)


def test_the_composed_view_maps_back_to_the_original() -> None:
    text = "ab X_PASSW\u0323\u0302 c"
    composed = compositions(text)
    assert set(composed) == {9}
    view, index = disguise_view(text, composed)
    assert view.startswith("ab X_PASS")
    assert not view[9].isascii()
    assert [text[i] for i in index[:9]] == list("ab X_PASS")
    assert index[9] == 9  # the composed letter points at its base


def test_a_disguised_needle_that_goes_on_is_no_token() -> None:
    assert scan_str(M, "CUTOVER_P\u0410SSWORD") == []  # (an ASCII letter after it: one word)
    assert scan_str(M, "CUTOVER_P\u0410SS\u0410BC") != []  # (a look-alike after it ends it)
    # a full-width letter is its letter in another width, read alike with the ones before it
    assert scan_str(M, "".join(chr(ord(c) + 0xFEE0) for c in "CUTOVER_PASSX")) == []


def test_only_a_composing_mark_counts() -> None:
    assert compositions("plain ASCII") == {}
    assert compositions("X_PASS_\u0302 Q\u0302 5\u20e3") == {}  # no composite for _, Q, 5
    assert scan_str(M, "X_PASSQ\u0302") == []  # (Q with a circumflex is no character: the word goes on)


def test_premise_every_mark_that_composes_with_ascii_attaches() -> None:
    """compositions() looks only at characters that ``attach`` (nonzero combining class after
    decomposition): every second half of a canonical composite whose first half is an ASCII
    letter or digit must be one (Unicode's data decides; a new version is checked here)."""
    word = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
    seconds = set()
    for cp in range(0x80, 0x110000):
        parts = unicodedata.decomposition(chr(cp)).split()
        if len(parts) == 2 and not parts[0].startswith("<") and chr(int(parts[0], 16)) in word:
            seconds.add(chr(int(parts[1], 16)))
    assert len(seconds) > 20
    assert all(attaches(c) for c in seconds)


@given(st.lists(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x3100), max_size=30), max_size=6))
def test_attaching_chars_is_each_character_that_attaches(texts: list[str]) -> None:
    """attaching_chars keeps what it judged between calls: each call's answer is still the
    characters that attach, as a set, a frozenset or a text."""
    for text in texts:
        expected = frozenset(c for c in set(text) if attaches(c))
        assert attaching_chars(text) == attaching_chars(set(text)) == attaching_chars(frozenset(text)) == expected


def test_attaching_chars_past_its_bound_judges_again() -> None:
    """Past _JUDGED_MAX characters judged, what it kept is dropped (memory bounded), and the
    next answers are the same."""
    many = {chr(cp) for cp in range(0x300, 0x300 + 70_000) if not 0xD800 <= cp < 0xE000}
    assert attaching_chars(many) == frozenset(c for c in many if attaches(c))
    assert attaching_chars("e\u0301\u0327x\u00e9") == frozenset("\u0301\u0327")
    assert attaching_chars(many) == frozenset(c for c in many if attaches(c))


# Pieces a reader can compose: tokens (plain and disguised), ASCII letters and digits, marks
# that compose and marks that do not, precomposed letters, look-alikes, separators.
PIECES = [
    "CUTOVER_PASS",
    "X_PASS",
    "\uff23\uff35\uff34\uff2f\uff36\uff25\uff32\uff3f\uff30\uff21\uff33\uff33",
    "\u0421UTOVER_PASS",
    "CUTOVER_P\u0410SS",
    "\u04ae",
    "\u0423",
    "W",
    "a",
    "Q",
    "5",
    "_",
    "\uff57",
    "\u0302",
    "\u0300",
    "\u0323",
    "\u0331",
    "\u0316",
    "\u0344",
    "\u0174",
    "\u200b",
    " ",
    "\n",
    "\x00",
    # decoded by a renderer into a letter, a mark, or nothing
    "&#83;",
    "&#770;",
    "<b></b>",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=8).map("".join), st.sampled_from(sorted(ENCODINGS)))
def test_what_whole_text_nfkc_reads_the_scanner_finds(text: str, encoding: str) -> None:
    """The class, over the encodings: every token the independent oracle reads in the whole
    text's NFKC (composition included; conftest.leaks, the fuzz target's) is found, in every
    encoding the scanner decodes."""
    want = {n for n, line in enumerate(text.split("\n"), 1) if leaks(line)}
    # (per line: a token read in part raw, in part through its disguise is reported once)
    assert want <= {h.line for h in scan_bytes(M, ENCODINGS[encoding](text))}, (text, encoding)
