"""Decorating marks (normalize.DECORATING_MARKS): a combining mark that strikes a letter
through, underlines, overlines or encloses it makes no other letter, so ``P̶A̶S̶S̶`` and
``P̲A̲S̲S̲`` show the word as ``~~PASS~~`` does.  They passed the scanner: each mark ended the
word (or read as ``_``).  Now the text is also read with them vanished -- stored, decoded
(``\\u0336``), in display order, streamed, and in what the tool prints."""

from __future__ import annotations

import re
import unicodedata

import pytest

from rehearsal_hook.scan.matcher import SEAL_LIKE_PATTERN, TokenMatcher
from rehearsal_hook.scan.normalize import DECORATING_MARKS
from rehearsal_hook.scan.printed import reading_spans

from .scanning import everywhere

M = TokenMatcher()
T = "CUTOVER" + "_PASS"


def test_the_decorating_marks_are_every_enclosing_overlay_and_line_mark() -> None:
    derived = {
        chr(cp)
        for cp in range(0x300, 0x110000)
        if unicodedata.category(chr(cp)) == "Me"
        or (unicodedata.category(chr(cp)) == "Mn" and unicodedata.combining(chr(cp)) == 1)
    }
    assert set(DECORATING_MARKS) == derived | set("\u0305\u0332\u0333\u033f")
    # None makes another letter (an accent that composes does: that is another word).
    alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    assert all(len(unicodedata.normalize("NFC", b + m)) == 2 for m in DECORATING_MARKS for b in alnum)


def _marked(text: str, mark: str, which: str) -> str:
    return "".join(c + mark if c in which else c for c in text)


# struck through, struck short, slashed, underlined, double underlined, overlined, circled,
# keycapped, in a Cyrillic millions sign
MARKS = ["\u0336", "\u0335", "\u0338", "\u0332", "\u0333", "\u0305", "\u20dd", "\u20e3", "\u0489"]


@pytest.mark.parametrize("mark", MARKS, ids=[f"U+{ord(m):04X}" for m in MARKS])
def test_a_token_of_decorated_letters_is_found(mark: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for disguised in (
        _marked(T, mark, T),  # every character
        _marked(T, mark, "P"),  # one letter
        T + mark,  # the last letter
        _marked(T, mark, "CUT_"),
    ):
        # An underline under a letter or an underscore also reads as ``_`` (a space carrying a
        # low line is one): that reading shows another token at the same place, a finding of
        # its own (an exemption for the one must not cover the other).
        underscored = disguised.replace(mark, "_")
        shows = mark in "\u0332\u0333" and re.fullmatch(SEAL_LIKE_PATTERN, underscored)
        also = [(2, 3, underscored)] if shows and underscored != T else []
        everywhere(f"a\nx {disguised} y\n", sorted([(2, 3, T), *also]), monkeypatch)
        # (what the tool prints is redacted wherever any reading shows a token: an underline
        # mark read as ``_`` can make another one)
        assert T in {t for _, _, t in reading_spans(M, f"{disguised}:1:1: seal-token")}, repr(disguised)


@pytest.mark.parametrize("mark", ["\u0336", "\u20dd"])
def test_a_decorated_token_decoded_or_reordered_is_found(mark: str, monkeypatch: pytest.MonkeyPatch) -> None:
    escaped = f"\\u{ord(mark):04x}"
    everywhere(f'x "CUTOVER_P{escaped}A{escaped}SS" y\n', [(1, 4, T)], monkeypatch)
    everywhere(f"x CUTOVER_P&#x{ord(mark):x};ASS y\n", [(1, 3, T)], monkeypatch)
    everywhere(f"x \u202eSSAP{mark}_REVOTUC y\n", [(1, 4, T)], monkeypatch)


@pytest.mark.parametrize(
    "text",
    [
        "FOO_PAS\u0336SWORD",
        "BYPAS\u0332S",
        "TEST_PAS\u20ddSED",
        "CUTOVER_P\u0301ASS",  # (an accent that composes: another letter, as precomposed)
        "CUTOVER_PA\u0336SSX",
    ],
)
def test_near_misses_with_decorations_stay_clean(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    everywhere(f"a {text} b\n", [], monkeypatch)


# Every blank space of Unicode (category Zs) but U+1680 OGHAM SPACE MARK, which shows a stroke.
BLANKS = [chr(cp) for cp in range(0x110000) if unicodedata.category(chr(cp)) == "Zs" and cp != 0x1680]


@pytest.mark.parametrize("space", BLANKS, ids=[f"U+{ord(s):04X}" for s in BLANKS])
@pytest.mark.parametrize("line", ["\u0332", "\u0331", "\u0333"])
def test_any_blank_space_carrying_an_underline_reads_as_an_underscore(
    space: str, line: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A narrow, thin, figure or ideographic space carrying a combining low line shows the line
    a space carrying one does: CUTOVER, U+202F and U+0332, then PASS passed (only the space and
    the no-break space were read so; found by the red-team pass of issue 12)."""
    everywhere(f"a\nx CUTOVER{space}{line}PASS y\n", [(2, 3, T)], monkeypatch)
    everywhere(f"a\nx FOO{space}{line}PASSWORD y\n", [], monkeypatch)
