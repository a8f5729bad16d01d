"""Decoding (scan/decode.py): the one place that knows BOMs and the UTF-8/16/32 rules, and the
strict JSON reader's policy on top of it (which encodings a JSON file may use; anything it
cannot decode blocks).  Issue 10: the two used to decode each in their own way."""

from __future__ import annotations

import codecs
import json
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from rehearsal_hook.checks.entries import has_utf16_bom
from rehearsal_hook.checks.strictjson import parse_strict_json
from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import segments
from rehearsal_hook.scan.decode import (
    UTF8,
    ascii_units,
    decode_end,
    decode_text,
    decode_whole,
    has_utf8_bom,
    incremental_decoder,
    text_encoding,
    utf_bom,
)
from rehearsal_hook.scan.matcher import TokenHit, TokenMatcher
from rehearsal_hook.scan.stream import scan_file_chunks
from rehearsal_hook.scan.text import scan_bytes

from ..conftest import leaks
from .scanning import found, streamed

# How a file in each encoding starts, and the codec the text is read in.
BOMS = [
    (codecs.BOM_UTF8, UTF8),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # starts with UTF-16 LE's BOM: looked for first
    (codecs.BOM_UTF32_BE, "utf-32"),
    (b"", UTF8),
    (b"\xff", UTF8),  # half a BOM is no BOM
    (b"\x00\x00\xfe", UTF8),
]


@pytest.mark.parametrize(("start", "encoding"), BOMS)
def test_the_bom_names_the_encoding(start: bytes, encoding: str) -> None:
    data = start + b"{}"
    assert text_encoding(data) == encoding
    assert utf_bom(data) == (None if encoding == UTF8 else encoding)
    assert has_utf8_bom(data) == (start == codecs.BOM_UTF8)
    # (a gated file whose line endings a checkout converts blocks when it is wide text: UTF-32
    # BE's BOM counts too, which the engine's own test of two BOMs missed)
    assert has_utf16_bom(data) == (encoding not in (UTF8,))


# Each encoding as a file holds it: (name, encode).  Python's "utf-16"/"utf-32" write a BOM.
ENCODINGS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-bom": lambda t: t.encode("utf-8-sig"),
    "utf-16": lambda t: t.encode("utf-16"),
    "utf-16-be-bom": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "utf-32": lambda t: t.encode("utf-32"),
    "utf-32-be-bom": lambda t: codecs.BOM_UTF32_BE + t.encode("utf-32-be"),
}
WIDE = {"utf-16": 2, "utf-16-be-bom": 2, "utf-32": 4, "utf-32-be-bom": 4}


@settings(max_examples=200, deadline=None)
@given(st.text(), st.sampled_from(sorted(ENCODINGS)))
def test_text_in_any_encoding_reads_back(text: str, encoding: str) -> None:
    assume(encoding != "utf-8" or not text.startswith("\ufeff"))  # (that is the BOM)
    # UTF-16 LE's BOM and a NUL are UTF-32 LE's BOM: read as UTF-32 (as editors do)
    assume(encoding != "utf-16" or not text.startswith("\x00"))
    assert decode_text(ENCODINGS[encoding](text)) == text


@settings(max_examples=200, deadline=None)
@given(st.text(), st.sampled_from(sorted(WIDE)), st.integers(1, 3), st.integers(1, 9))
def test_a_partial_last_unit_reads_as_a_replacement_also_streamed(
    text: str, encoding: str, extra: int, size: int
) -> None:
    """An editor shows a wide file cut short as its text and U+FFFD; a stream decoded chunk by
    chunk ends the same way (decode_end)."""
    assume(encoding != "utf-16" or not text.startswith("\x00"))  # (a UTF-32 BOM: see below)
    extra = min(extra, WIDE[encoding] - 1)
    data = ENCODINGS[encoding](text) + b"\x41" * extra
    codec = text_encoding(data)
    assert decode_text(data) == text + "\ufffd"
    decoder = incremental_decoder(codec)
    streamed = "".join(decoder.decode(data[i : i + size]) for i in range(0, len(data), size))
    assert streamed + decode_end(decoder, codec) == text + "\ufffd"
    with pytest.raises(UnicodeDecodeError):
        decode_whole(data, codec, partial_unit=False)


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xfe\x00\xd8",  # a lone high surrogate at the end
        b"\xff\xfe\x00\xdcA\x00",  # a lone low surrogate
        b"abc\x80",  # not UTF-8
        b"\xef\xbb\xbf\xc3",  # a BOM, then half a character
    ],
)
def test_what_does_not_decode_is_no_text(data: bytes) -> None:
    assert decode_text(data) is None
    with pytest.raises(UnicodeDecodeError):
        _streamed(data)


def _streamed(data: bytes) -> str:
    decoder = incremental_decoder(text_encoding(data))
    return decoder.decode(data) + decode_end(decoder, text_encoding(data))


# ---------------------------------------------------------------------------------------------
# Strict JSON: its own policy over the same decoding

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.from_regex(r"[a-z]{1,3}", fullmatch=True), inner),
    max_leaves=10,
)
JSON_ALLOWED = ("utf-8", "utf-8-bom", "utf-16", "utf-16-be-bom")


@settings(max_examples=200, deadline=None)
@given(json_values, st.sampled_from(JSON_ALLOWED), st.booleans())
def test_strict_json_reads_the_text_the_scanner_reads(value: Any, encoding: str, ascii_only: bool) -> None:
    data = ENCODINGS[encoding](json.dumps(value, ensure_ascii=ascii_only))
    text = decode_text(data)
    assert text is not None
    assert parse_strict_json(data) == json.loads(text) == value


def _refusal(data: bytes) -> CannotVerify:
    with pytest.raises(CannotVerify) as info:
        parse_strict_json(data)
    return info.value


@settings(max_examples=100, deadline=None)
@given(json_values, st.sampled_from(["utf-32", "utf-32-be-bom"]))
def test_strict_json_refuses_utf32_as_undecodable(value: Any, encoding: str) -> None:
    """UTF-32 LE's BOM starts with UTF-16 LE's: the JSON reader took it for UTF-16 and refused
    it as "invalid JSON" (BE: "UTF-16 needs a BOM"); the shared rule names what it is."""
    err = _refusal(ENCODINGS[encoding](json.dumps(value)))
    assert err.code == "undecodable"
    assert "UTF-32" in str(err)


@settings(max_examples=100, deadline=None)
@given(json_values, st.sampled_from(sorted(set(WIDE) & set(JSON_ALLOWED))), st.integers(1, 3))
def test_strict_json_refuses_a_partial_unit_the_scanner_reads(value: Any, encoding: str, extra: int) -> None:
    """The scanner reads the text (and U+FFFD); a request cut short blocks."""
    data = ENCODINGS[encoding](json.dumps(value)) + b" " * min(extra, WIDE[encoding] - 1)
    assert decode_text(data) is not None
    assert _refusal(data).code == "undecodable"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ('{"a": 1}'.encode("utf-16-le"), "UTF-16 needs a BOM"),
        ('{"a": 1}'.encode("utf-16-be"), "UTF-16 needs a BOM"),
        (b'{"a": "\xe9"}', "bad byte"),
        (codecs.BOM_UTF16_LE + b"{\x00\x00\xd8", "bad byte"),
    ],
)
def test_strict_json_refuses_what_it_cannot_decode(data: bytes, reason: str) -> None:
    err = _refusal(data)
    assert err.code == "undecodable"
    assert reason in str(err)


# ---------------------------------------------------------------------------------------------
# A UTF-32 BOM is UTF-16 text too: UTF-32 LE's BOM is UTF-16 LE's BOM and U+0000, and a reader
# without UTF-32 (Windows Notepad) shows the file as UTF-16.  The scanner read only UTF-32, and
# a UTF-16 text that pairs each letter with a NUL or a control (so that it decodes as UTF-32
# too) hid its token: ``S`` and a line break are one supplementary character in UTF-32.

M = TokenMatcher()
LETTERS = ["C", "U", "T", "O", "V", "E", "R", "_", "P", "A", "S", "\uff33", "\uff3f", "x"]
AFTER = ["\x00", "\x00", "\n", "\r", "\x08", "\x01"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(LETTERS), st.sampled_from(AFTER)), max_size=16), st.integers(1, 7))
def test_a_utf32_bom_is_read_as_utf16_too(pairs: list[tuple[str, str]], size: int) -> None:
    text = "\x00" + "".join(a + b for a, b in pairs)
    data = text.encode("utf-16")
    assert utf_bom(data) == "utf-32" and decode_text(data) is not None  # (both decodings hold)
    hits = scan_bytes(M, data)
    if leaks(text):
        assert hits, text
    chunks = lambda: (data[i : i + size] for i in range(0, len(data), size))  # noqa: E731
    assert scan_file_chunks(M, chunks) == hits


@pytest.mark.parametrize(
    "text",
    [
        "\x00" + "\x00".join("CUTOVER_PAS") + "\x00S\n",  # the last S pairs with the line break
        "\x00" + "\x00".join("\uff23\uff35\uff34\uff2f\uff36\uff25\uff32\uff3f\uff30\uff21\uff33") + "\x00\uff33\r",
    ],
)
def test_a_token_only_utf16_shows_behind_a_utf32_bom(text: str) -> None:
    data = text.encode("utf-16")
    assert leaks(text) and not leaks(decode_text(data) or "")
    assert scan_bytes(M, data)


def test_the_utf16_reading_of_a_utf32_file_adds_only_what_it_alone_shows() -> None:
    """UTF-16 of UTF-32 text counts lines otherwise (CR NUL LF is two breaks) and does not see
    its pragma: matched by line, every token of a UTF-32 file with CR LF came again, unexcused."""
    text = "a\r\nCUTOVER_PASS # rehearsal-hook: allow\r\nb CUTOVER_PASS # rehearsal-hook: allow\r\n"
    assert scan_bytes(M, text.encode("utf-32")) == [
        TokenHit(2, 1, "CUTOVER_PASS", True),
        TokenHit(3, 3, "CUTOVER_PASS", True),
    ]
    # ...but a token only UTF-16 shows still counts, beside an excused one
    excused = "\x00".join("CUTOVER_PASS # rehearsal-hook: allow\n") + "\x00"
    hidden = "\x00".join("CUTOVER_PAS") + "\x00S\n"
    hits = scan_bytes(M, ("\x00" + excused + hidden).encode("utf-16"))
    assert [h.pragma for h in hits if h.token == "CUTOVER_PASS"].count(False) == 1, hits


# A BOM's file is read as a terminal shows its bytes too, as cat and git diff show them
# (text._scan_bom): CJK letters whose code units are ASCII letters show the token there, at
# its stored place (byte columns), after a line end too, and so do terminal codes, backspaces
# and silent controls among them, and NULs (a terminal drops them).  UTF-16 of ASCII text
# shows its text: a token stored once is one finding, named as the text's readings name it;
# near misses stay clean.
_T = "CUTOVER" + "_PASS"


def _units(ascii: str, codec: str) -> bytes:
    """The letters of ``codec`` whose code units are the ASCII bytes of ``ascii``, encoded."""
    return ascii.encode().decode(codec).encode(codec)


BOM_BYTES = [
    pytest.param(b"\xff\xfe" + _units(_T, "utf-16-le"), [(1, 3, _T)], id="le"),
    pytest.param(b"\xfe\xff" + _units(_T, "utf-16-be"), [(1, 3, _T)], id="be"),
    pytest.param("x\n".encode("utf-16") + _units(_T, "utf-16-le"), [(2, 2, _T)], id="after-a-line"),
    # (a letter whose unit is a NUL and a letter: cat shows it joined to the word around it)
    pytest.param(b"\xff\xfe" + _units("CUTOVER_\x00PASS\x00", "utf-16-le"), [(1, 3, _T)], id="nul-in-a-unit"),
    # (terminal codes, backspaces and a silent control among such letters: git diff prints a
    # file without a NUL as text, and the terminal shows the token -- missed before: only the
    # stored words were read)
    pytest.param(b"\xfe\xffx CUTOVER\x1b[0m_PASS y \n", [(1, 5, _T)], id="terminal-code-be"),
    pytest.param(b"\xff\xfex CUTOVER\x1b[1m_PASS y \n", [(1, 5, _T)], id="terminal-code-le"),
    pytest.param(b"\xff\xfex CUTOVER_PAXX\x08\x08SS y \n", [(1, 5, _T)], id="backspaces"),
    pytest.param(b"\xfe\xffx CUTOVER\x07_PASS yz \n", [(1, 5, _T)], id="silent-control"),
    pytest.param(b"\xfe\xffx FOO\x1b[0m_PASSWORD BY\x1b[0mPASS\n", [], id="near-misses-on-a-terminal"),
    # (read since bomrow.py; review, session 29: cat shows the BOM as two cells, U+FFFD each,
    # before row 1's text, so a move right counted from the row's start lands after CUTOVER --
    # xterm shows ``��CUTOVER_PASS`` (its screen printed, ``ESC [i``); a UTF-32 BOM's NULs take
    # none; a unit whose byte is no UTF-8, ``é``'s E9, one more: ``��� CUTOVER_PASS``)
    pytest.param(
        b"\xff\xfe" + "CUTOVER\r\x1b[9C_PASS\n".encode("utf-16-le"), [(1, 1, _T)], id="a-move-past-the-bom-cells"
    ),
    pytest.param(b"\xfe\xff" + "CUTOVER\r\x1b[9C_PASS".encode("utf-16-be"), [(1, 1, _T)], id="bom-cells-be"),
    pytest.param("CUTOVER\r\x1b[9C_PASS\ny\n".encode("utf-32"), [(1, 1, _T)], id="bom-cells-utf-32"),
    pytest.param(
        b"\xff\xfe" + "é CUTOVER\r\x1b[11C_PASS\n".encode("utf-16-le"), [(1, 3, _T)], id="bom-cells-and-a-byte"
    ),
    # (row 2 starts at its own line feed: no cell before it; the decoded text's move lands short)
    pytest.param(b"\xff\xfe" + "x\nCUTOVER\r\x1b[9C_PASS\n".encode("utf-16-le"), [], id="bom-cells-row-1-only"),
    pytest.param(b"\xff\xfe" + "CUTOVER\r\x1b[9C_PASSWORD\n".encode("utf-16-le"), [], id="bom-cells-near-miss"),
    # (read leniently, as the runs of its bytes are: U+1D1B, a small capital T, is ESC GS in
    # UTF-16 LE, and the H after it makes an HTS, which blocked the file -- test_unicode_table's
    # random run, session 30)
    pytest.param(
        b"\xff\xfe" + "a SEAL_AU\u1d1bHORIZED b\n".encode("utf-16-le"),
        [(1, 3, "SEAL_AUTHORIZED")],
        id="bom-row-lenient",
    ),
    # (UTF-16 of ASCII: its bytes are its text again, not read twice -- decode.ascii_units)
    pytest.param(("see X_PASS{empty}X_PASS here\n").encode("utf-16"), [(1, 5, "X_PASSX_PASS")], id="joined"),
    pytest.param(("x\n" + _T + "\n").encode("utf-16"), [(2, 1, _T)], id="utf-16-text-once"),
    pytest.param(b"\xff\xfe" + _units("FOO_PASSWORD TEST_PASSED", "utf-16-le"), [], id="near-misses"),
    pytest.param("FOO_PASSWORD \u4e00 BYPASS\n".encode("utf-16"), [], id="near-misses-as-text"),
    pytest.param(b"\xff\xfe" + _units(_T[:-1] + "\nSX", "utf-16-le"), [], id="a-line-end-between"),
]


@pytest.mark.parametrize(("data", "want"), BOM_BYTES)
def test_a_bom_files_bytes_are_read_as_cat_shows_them(
    data: bytes, want: list[tuple[int, int, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert found(data) == want
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    assert streamed(data, 5) == want


@pytest.mark.parametrize(
    ("data", "want"),
    [
        pytest.param("see X_PASS here\r\n".encode("utf-16-le"), False, id="no-bom"),
        pytest.param("see X here\r\n".encode("utf-16"), True, id="ascii"),
        pytest.param(codecs.BOM_UTF16_BE + "see X here\n".encode("utf-16-be"), True, id="ascii-be"),
        pytest.param(codecs.BOM_UTF16_LE, True, id="empty"),
        pytest.param("see \u00e9\n".encode("utf-16"), False, id="latin-1-letter"),
        pytest.param("see \u5000\n".encode("utf-16"), False, id="a-nul-and-an-ascii-byte"),
        pytest.param("see \x00 x\n".encode("utf-16"), False, id="a-nul-character"),
        pytest.param("see x\n".encode("utf-16") + b"x", False, id="a-partial-last-unit"),
        pytest.param("see x\n".encode("utf-32"), False, id="utf-32"),
    ],
)
@pytest.mark.parametrize("size", [1, 3, 4, 1 << 16])
def test_ascii_units_tells_utf16_of_ascii_in_any_chunks(data: bytes, want: bool, size: int) -> None:
    """decode.ascii_units: a UTF-16 text whose bytes with the NULs out are its text (the bytes
    reading skipped, text._scan_bom), judged alike in memory and over a stream's chunks."""
    chunks = [data[i : i + size] for i in range(0, len(data), size)]
    assert ascii_units(chunks) is want
