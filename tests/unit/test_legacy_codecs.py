"""Decoded bytes (issue 12, reading 3), the attacker's second look: the legacy encodings a
browser's detector, an editor's guess or a Windows console picks for Cyrillic, Greek, Korean
and Hong Kong text, where a byte reads as a Latin look-alike (or ``_``, a digit, ``TM``) that
windows-1252 and Latin-1 show as another letter.  ``CUTOVER_`` then windows-1251's Р and А
then ``SS`` shows ``CUTOVER_РАSS`` in a Russian editor; it passed every mode."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rehearsal_hook.scan import text as scan_text
from rehearsal_hook.scan.decode import RTL_CODECS, SINGLE_BYTE_CODECS, TEXT_CODECS, WIDER_CJK_CODECS

from .scanning import M, found, streamed

T = "CUTOVER" + "_PASS"

_CYRILLIC = "Привет, мир. CUTOVER_\u0420\u0410SS"  # Cyrillic ER and A
_GREEK = "Γειά σου κόσμε. CUTOVER_\u03a1\u0391SS"  # Greek RHO and ALPHA

# (text before the token, the token as the encoding holds it, the token a reader sees)
READ = {
    "cp1251": (_CYRILLIC, T),
    "koi8_r": (_CYRILLIC, T),
    "koi8_u": (_CYRILLIC, T),
    "cp866": (_CYRILLIC, T),
    "mac_cyrillic": (_CYRILLIC, T),
    "iso8859_5": (_CYRILLIC, T),
    "cp1253": (_GREEK, T),
    "iso8859_7": (_GREEK, T),
    "mac_roman": ("café X\u2122_PASS", "XTM_PASS"),  # the trade mark sign reads as TM
    "cp437": ("café X\u00b2_PASS", "X2_PASS"),  # a superscript two
    "cp850": ("café CUTOVER\u2017PASS", T),  # a double low line
    "cp949": ("안녕하세요 세계. CUTOVER_\u0420\u0410SS", T),
    "big5hkscs": ("中文 CUTOVER_\u0420\u0410SS", T),
    # read in stored order: the Hebrew and Arabic marks that vanish, look-alikes and a low line
    "cp1255": ("שלום CUTOVER_\u200ePASS", T),  # LRM, 0xFD (Latin-1's ý)
    "iso8859_8": ("שלום CUTOVER\u2017PASS", T),  # a double low line, 0xDF (ß)
    "cp1256": ("مرحبا CUTOVER_\u200fPASS", T),  # RLM, 0xFE (þ)
    "iso8859_6": ("مرحبا SEAL_AUTHOR\u0627ZED", "SEAL_AUTHORIZED"),  # an alef as I, 0xC7 (Ç)
}


def _undefined(codec: str) -> bytes | None:
    """A byte ``codec`` leaves undefined in Python, if any."""
    return next((bytes([b]) for b in range(0x80, 0x100) if bytes([b]).decode(codec, "replace") == "\ufffd"), None)


def test_every_encoding_read_has_a_case() -> None:
    assert set(READ) == {*SINGLE_BYTE_CODECS, *WIDER_CJK_CODECS, *RTL_CODECS}


@pytest.mark.parametrize("codec", list(READ))
def test_a_look_alike_in_a_legacy_encoding_is_read(codec: str) -> None:
    """Found on its line, in memory and streamed alike (another encoding's reading may show
    another token there: 0xFD, cp437's ``²``, is windows-1255's LRM); the same text with a
    letter more (a near miss) stays clean."""
    text, token = READ[codec]
    data = f"x\n{text} y\n".encode(codec)
    hits = found(data)
    assert token in [tok for _, _, tok in hits] and {line for line, _, _ in hits} == {2}, (codec, hits)
    assert streamed(data, 7) == hits
    assert found(f"x\n{text}X y\n".encode(codec)) == []


@pytest.mark.parametrize("codec", [c for c in (*SINGLE_BYTE_CODECS, *RTL_CODECS) if _undefined(c) is not None])
def test_a_byte_the_encoding_leaves_undefined_does_not_switch_it_off(codec: str) -> None:
    """Python leaves a few bytes undefined in these code pages (0x98 in windows-1251) where a
    browser shows a control or U+FFFD: one such byte (or a byte that is not that encoding at
    all) must not switch the reading off -- it was strict, and ``\\x98`` hid the token."""
    text, token = READ[codec]
    data = (_undefined(codec) or b"") + f"\n{text} y\n".encode(codec)
    assert [(line, tok) for line, _, tok in found(data)] == [(2, token)], codec
    assert streamed(data, 5) == found(data)


def test_the_hebrew_and_arabic_code_pages_are_read_in_stored_order_where_display_order_shows_no_needle() -> None:
    """Read in display order, every line of a Latin-1 file read in them (each byte over 0x7F a
    right-to-left letter) cost a hundredfold: on a line that cannot show a needle in display
    order (it lacks a needle's characters and holds nothing that makes one or joins the next
    line) each character that can reorder it stands for a left-to-right one that reads the
    same (decode.stored_order); a line that can is kept as decoded (rtl_lines.py)."""
    from rehearsal_hook.scan.bidi import BIDI_RE
    from rehearsal_hook.scan.decode import decode_whole
    from rehearsal_hook.scan.rtl_lines import JOINERS, reading_text

    from .scanning import M

    for codec in RTL_CODECS:
        text = "".join(c for c in decode_whole(bytes(range(0x80, 0x100)), codec, errors="replace") if c not in JOINERS)
        assert BIDI_RE.search(text) is not None, codec
        assert BIDI_RE.search(reading_text(M, f"{text} PA\n{text} S_", codec)) is None, codec
        # (a needle's characters keep their line; what joins it to the next keeps both)
        shown = reading_text(M, f"x\n{text} PAS_\nnext {text}\n", codec).split("\n")
        assert shown[1] == f"{text} PAS_" and BIDI_RE.search(shown[2]) is None, codec
        for joiner in JOINERS:
            kept = f"{text} {joiner}"
            assert reading_text(M, f"x\n{kept}\nnext {text}\n", codec).split("\n")[1:3] == [kept, f"next {text}"]


# The display order of the Hebrew and Arabic code pages, where a right-to-left letter moves a
# digit out of the word after it and X_PASS stands alone (laid out from the left, as a terminal
# with bidirectional layout or a code editor shows it: readings.orders).
RTL_SHOWN = [
    pytest.param("cp1255", "שלום \u05d01X_PASS", 8, id="cp1255-reordered-digit"),
    pytest.param("iso8859_8", "שלום \u05d01X_PASS", 8, id="iso8859-8-reordered-digit"),
    pytest.param("iso8859_6", "مرحبا \u06461X_PASS", 9, id="iso8859-6-reordered-digit"),
    pytest.param("cp1256", "مرحبا \u06281X_PASS", 9, id="cp1256-reordered-digit"),
]


@pytest.mark.parametrize(("codec", "text", "column"), RTL_SHOWN)
def test_the_display_order_of_a_hebrew_or_arabic_legacy_encoding(codec: str, text: str, column: int) -> None:
    """Found at its stored line and column, in memory and streamed alike; the same line with a
    letter more (a near miss) stays clean."""
    data = f"x\n{text} y\n".encode(codec)
    hits = found(data)
    assert (2, column, "X_PASS") in hits and {line for line, _, _ in hits} == {2}, hits
    assert streamed(data, 7) == hits
    assert found(f"x\n{text}x y\n".encode(codec)) == []


# Fragments of lines: Hebrew letters (a vav reads as I), needles and their pieces, digits,
# marks, blanks and what joins or makes (a backslash, a reference's ampersand, a quote).
_FRAGMENTS = [
    "X_PASS",
    "_PASS",
    "PASS",
    "X_",
    "PA",
    "SS",
    "1",
    "\u05d0",
    "\u05d1\u05d2",
    "\u05d5",
    " ",
    "\u200f",
    "\u200e",
    "-",
    "(",
    ")",
    "\n",
    "\\",
    "&#95;",
    '"',
    "[",
    "\u05b0",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=14))
def test_the_lines_read_in_stored_order_change_no_finding(parts: list[str]) -> None:
    """A line rtl_lines reads in stored order shows no token in display order that it does
    not show in stored order: windows-1255 text read with every line as decoded (every line in
    display order too) has exactly the findings of the scanner's reading."""
    from rehearsal_hook.scan.rtl_lines import reading_text
    from rehearsal_hook.scan.text import scan_str

    from .scanning import M

    text = "".join(parts)
    assert scan_str(M, reading_text(M, text, "cp1255")) == scan_str(M, text), repr(text)


def test_a_streamed_line_longer_than_the_carry_is_read_in_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Streamed, a line is judged when it ends -- or in parts past MAX_CARRY: a long Latin-1
    line read in windows-1255 stays in stored order, as in memory; one that reorders where a
    needle can show is kept as decoded, part by part, and blocks (segments.LineCuts), as any
    line that long which reorders does."""
    from rehearsal_hook.errors import CannotVerify
    from rehearsal_hook.scan import segments
    from rehearsal_hook.scan.rtl_lines import LineOrder, reading_text

    from .scanning import M

    def parts(text: str) -> str:
        order = LineOrder(M, "cp1255")
        return "".join(order.feed(text[i : i + 16], limit=128) for i in range(0, len(text), 16)) + order.end()

    latin = ("caf\u00e9 cr\u00e8me " * 40 + "CUTOVER_PASS\n").encode("latin-1").decode("cp1255")
    assert parts(latin) == reading_text(M, latin, "cp1255") != latin
    hebrew = "\u05d0\u05d1 \u05d01X_PASSx " * 40 + "\n"
    assert parts(hebrew) == reading_text(M, hebrew, "cp1255") == hebrew
    monkeypatch.setattr(segments, "CHUNK_SIZE", 64)
    monkeypatch.setattr(segments, "MAX_CARRY", 128)
    with pytest.raises(CannotVerify):  # (the bytes reading may block first: a line that long)
        streamed(hebrew.encode("cp1255"), 16)


@pytest.mark.parametrize("encoding", ["cp1255", "koi8_r", "latin-1"])
def test_code_pages_that_decode_a_text_alike_read_it_once(encoding: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two code pages that give the same text (windows-1255 and ISO-8859-8 for Hebrew letters)
    give the same hits: the text is read once (a Hebrew paragraph was read 26 times, 5 of them
    repeats), and the token every code page but UTF-16's shows is still found."""
    letters = {"cp1255": "\u05e9\u05dc\u05d5\u05dd \u05d0", "koi8_r": "\u043f\u0440\u0438", "latin-1": "caf\u00e9"}
    data = (letters[encoding] + " 1X_PA" + "SSx CUTOVER" + "_PASS\n").encode(encoding) * 3
    read: list[str] = []
    real = scan_text.scan_str
    monkeypatch.setattr(scan_text, "scan_str", lambda m, t: read.append(t) or real(m, t))
    hits = scan_text.codec_hits(M, data, TEXT_CODECS)
    assert len(read) == len(set(read)) == len(hits) > 0
    assert sum(1 for more in hits if [h.token for h in more] == ["CUTOVER" + "_PASS"] * 3) >= len(hits) - 2
    assert [token for _, _, token in found(data)] == ["CUTOVER" + "_PASS"] * 3
