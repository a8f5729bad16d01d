"""The readings of issue 12: a token is what a reader sees -- the stored text, Unicode
look-alikes, the bytes decoded, what renderers and data readers decode.  Each reading has a
table here; every case is checked in memory, streamed in small chunks, and at the column of
the stored text where the token starts."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rehearsal_hook.scan import cescapes, cuts, readings, segments
from rehearsal_hook.scan.matcher import TokenMatcher
from rehearsal_hook.scan.stream import scan_file_chunks
from rehearsal_hook.scan.text import scan_bytes, scan_str

from .scanning import everywhere, in_memory
from .scanning import found as _found

M = TokenMatcher()
T = "CUTOVER" + "_PASS"

# (stored text, the token a reader sees), each put at column 3 of line 2.
RENDERED = {
    "json-u": ("CUTOVER\\u005fPASS", T),
    "json-u-upper": ("CUTOVER\\u005FPASS", T),
    "json-surrogates": ("\\ud835\\udc02UTOVER_PASS", T),  # MATHEMATICAL BOLD CAPITAL C
    "js-u-braces": ("CUTOVER\\u{5f}PASS", T),
    "python-x": ("CUTOVER\\x5FPASS", T),
    "python-U": ("CUTOVER\\U0000005fPASS", T),
    "python-N": ("CUTOVER\\N{LOW LINE}PASS", T),
    "python-octal": ("CUTOVER\\137PASS", T),
    "letter-escape": ("\\x43UTOVER_PASS", T),
    "markdown-escape": ("CUTOVER\\_PASS", T),
    "html-decimal": ("CUTOVER&#95;PASS", T),
    "html-hex": ("CUTOVER&#x5F;PASS", T),
    "html-named": ("CUTOVER&lowbar;PASS", T),
    "html-named-2": ("CUTOVER&UnderBar;PASS", T),
    "html-letter": ("&#67;UTOVER_PASS", T),
    "html-zero-width": ("CUTOVER_&ZeroWidthSpace;PASS", T),
    "percent": ("CUTOVER%5FPASS", T),
    "percent-utf8-fullwidth": ("CUTOVER%EF%BC%BFPASS", T),
    "percent-letters": ("%43%55TOVER_PASS", T),
    "html-tag": ("CUTOVER<b></b>_PASS", T),
    "html-tag-attrs": ('CUTOVER_<span class="x">PASS</span>', T),
    # A tag's name as an HTML parser reads it, up to a blank, ``/`` or ``>`` (the red-team
    # pass of session 20: XML's namespaced names passed).
    "html-namespaced-tag": ("CUTOVER_<w:t>PASS</w:t>", T),
    "html-dotted-tag": ("CUTOVER<x.y>_PASS", T),
    "html-comment": ("CUT<!-- hidden -->OVER_PASS", T),
    # Bogus comments, shown as nothing up to the next ``>`` (the red-team pass of issue 12: a
    # token split by ``</ >`` passed): an end tag not opening with a letter, a declaration, a
    # processing instruction, and ``</>``, which an HTML parser drops.
    "html-bogus-end-tag": ("CUTOVER_</ >PASS", T),
    "html-bogus-end-tag-digit": ("CUTOVER_</3 x>PASS", T),
    "html-empty-end-tag": ("CUTOVER_</>PASS", T),
    "html-bogus-declaration": ("CUTOVER_<!x>PASS", T),
    "html-bogus-cdata": ("CUTOVER_<![CDATA[x]]>PASS", T),
    "html-processing-instruction": ("CUTOVER_<?x?>PASS", T),
    "html-bogus-across-lines": ("CUTOVER_PA</\n>SS", T),
    # Comments an HTML parser closes otherwise: whole empty ones, and a ``--!>`` closer.
    "html-abruptly-closed-empty-comment": ("CUTOVER_<!-->PASS", T),
    "html-abruptly-closed-comment-dash": ("CUTOVER_<!--->PASS", T),
    "html-comment-closed-by-bang": ("CUTOVER_<!-- x --!>PASS", T),
    "html-comment-closed-by-bang-across-lines": ("CUTOVER_PA<!--\nx --!>SS", T),
    "ansi-colour": ("CUTOVER\x1b[31m_PASS\x1b[0m", T),
    "ansi-osc": ("CUTOVER_\x1b]8;;http://x\x07PASS", T),
    "backspace-overstrike": ("CUTOVER_PASX\x08S", T),
    "backspace-underline": ("_\x08C_\x08UTOVER_PASS", T),
    "bidi-override": ("\u202eSSAP_REVOTUC\u202c", T),
    "bidi-override-to-eol": ("\u202eSSAP_REVOTUC", T),
    # Leading zeros: a browser and html.unescape read any number of them, JavaScript too.
    "html-decimal-zeros": ("CUTOVER&#" + "0" * 200 + "95;PASS", T),
    "html-hex-zeros": ("CUTOVER&#x" + "0" * 200 + "5F;PASS", T),
    "js-u-braces-zeros": ("CUTOVER\\u{" + "0" * 200 + "5f}PASS", T),
    # What an escape decodes to is shown like the stored text: a decoded backspace
    # overstrikes, a decoded ESC starts a terminal code (jq -r hands both to a terminal).
    "json-backspace": ("CUTOVER_PASX\\bS", T),
    "json-u-backspace": ("CUTOVER_PASX\\u0008S", T),
    "json-u-colour": ("CUTOVER\\u001b[31m_PASS", T),
    "yaml-e-colour": ("CUTOVER\\e[31m_PASS", T),
    "python-x-colour": ("CUTOVER_PA\\x1b[0mSS", T),
    # A terminal's string controls (DCS, SOS, PM, APC) swallow what they hold up to ST.
    "terminal-dcs": ("CUTOVER_PA\x1bPxyz\x1b\\SS", T),
    "terminal-apc": ("CUTOVER_PA\x1b_xyz\x1b\\SS", T),
    "terminal-sos-decoded": ("CUTOVER_PA\\u001bXxyz\\u001b\\\\SS", T),
    # Constructs of any length, markup across lines: a browser, a Markdown renderer or a
    # terminal removes them whatever their length (issue 12: they were cut at 128 characters).
    "comment-across-lines": ("CUTOVER_PA<!--\n-->SS", T),
    "tag-across-lines": ("CUTOVER_PA<span\nclass=x>SS", T),
    "comment-across-many-lines": ("CUTOVER_PA<!--" + " x\n" * 50 + "-->SS", T),
    "long-comment": ("CUTOVER_PA<!--" + "x" * 200 + "-->SS", T),
    "long-tag": ("CUTOVER_PA<b" + " a=1" * 40 + ">SS", T),
    "long-tag-name": ("CUTOVER_PA<b" + "x" * 200 + ">SS", T),
    "long-osc": ("CUTOVER_PA\x1b]0;" + "x" * 200 + "\x07SS", T),
    "long-osc-st": ("CUTOVER_PA\x1b]8;;" + "x" * 200 + "\x1b\\SS", T),
    "long-csi": ("CUTOVER_PA\x1b[" + "0;" * 50 + "mSS", T),
    "long-backspace-run": ("CUTOVER_PA" + " " * 200 + "\x08" * 200 + "SS", T),
    # JavaScript's identity escapes: a backslash before a character that is no escape is that
    # character ("\\P" === "P"); also a ``\\u`` or ``\\x`` without its digits, a ``\\N`` without
    # its name.
    "js-identity": ("CUTOVER_\\PASS", T),
    # Java's Unicode escape takes any number of ``u`` (javac 17 prints the token; it was read as
    # an identity escape, ``u``, and text)
    "java-uu": ("CUTOVER\\uu005FPASS", T),
    "java-many-u": ("\\uuuuu0043UTOVER_PASS", T),
    "js-identity-digit": ("QT\\9_PASS", "QT9_PASS"),
    "js-identity-lower": ("\\CUT\\OVER\\_\\P\\A\\S\\S", T),
    "js-identity-N": ("CUTOVER_\\N\\O_PASS", "CUTOVER_NO_PASS"),
}

NEAR_MISSES = [
    "FOO\\u005fPASSWORD",
    "FOO\\uu005fPASSWORD",
    "TEST&#95;PASSED",
    "BY%50ASS",
    "X<b>_PASS</b>WORD",
    "\u202eDROWSSAP_OOF\u202c",
    "USER\\x5FPASS\\x5FHASH",
    "CUTOVER\\n_PASS",
    "100%25_PASS",
    "a&amp;_PASS",
    "\\\\_PASS",
    "FOO\\u001b[0m_PASSWORD",  # a decoded terminal code joins only what a terminal shows
    "TEST_PASX\\bSED",  # a decoded backspace: TEST_PASSED on a terminal
    "BY&#" + "0" * 50 + "80;ASS",  # leading zeros: BYPASS
    "FOO_\\PASSWORD",  # an identity escape: FOO_PASSWORD
    "CUTOVER_\\nPASS",  # \\n is a line break, not an identity escape
    "FOO_</ >PASSWORD",  # a bogus comment joins a near miss only
    # an input that shows no text, a value over a placeholder, a word after the value
    'CUTOVER<input type=hidden value="_PASS">',
    'CUTOVER<input type="password" value="_PASS">',
    'CUTOVER<input value="x" placeholder="_PASS">',
    'CUTOVER<input value="_PASSWORD">',
    'CUTOVER<textarea placeholder="_PASSWORD"></textarea>',
    'CUTOVER<select><option label="_PASSWORD"></option></select>',
    # (a marker only a list item shows: not a span's, nor an item displayed otherwise)
    "<span style=\"list-style-type:'CUTOVER_'\">PASS</span>",
    "<li style=\"display:block;list-style-type:'CUTOVER_'\">PASS</li>",
    "<li style=\"list-style-type:'CUTOVER_'\">PASSWORD</li>",
    "CUTOVER_</ <b>PASS",  # (a bogus comment holds no ``<``: read as text, apart)
    "CUTOVER_<!-- x -!>PASS",  # (no comment closer: a comment that never closes is text)
    "FOO_<![CDATA[PASSWORD]]>",
    "FOO_<w:t>PASSWORD</w:t>",
    "CUTOVER_< w:t>PASS",  # (a blank after ``<``: no tag)
]


def _streamed(data: bytes, size: int = 5) -> list[tuple[int, int, str]]:
    hits = scan_file_chunks(M, lambda: (data[i : i + size] for i in range(0, len(data), size)))
    return [(h.line, h.column, h.token) for h in hits]


@pytest.mark.parametrize("name", list(RENDERED))
def test_rendered_reading_finds_the_token_at_the_stored_column(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    stored, token = RENDERED[name]
    text = f"first line\n: {stored} :\n"
    # (A reversed token starts at its first stored letter, after the override.)
    want = [(2, 4 if stored.startswith("\u202e") else 3, token)]
    assert [(h.line, h.column, h.token) for h in scan_str(M, text)] == want
    assert _found(text.encode()) == want
    assert _found(text.encode("utf-16")) == want
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    assert _streamed(text.encode()) == want


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_misses_stay_clean_in_every_reading(text: str) -> None:
    assert _found(f"a {text} b\n".encode()) == [], text


def test_yaml_and_python_escaped_line_break_joins_lines() -> None:
    data = b'key: "CUTOVER_\\\n    PASS"\nnext: 1\n'
    assert _found(data) == [(1, 7, T)]
    # A line break that is not escaped separates, as it does for a reader.
    assert _found(b'key: "CUTOVER_\n    PASS"\n') == []


def test_an_escaped_control_character_separates_words() -> None:
    # The raw reading sees the word ``nCUTOVER_PASS``; a JSON reader sees a line break.
    assert _found(b'"x\\nCUTOVER_PASS\\tX_PASS"') == [(1, 5, T), (1, 19, "X_PASS")]
    assert _found(b"file=x%0ACUTOVER_PASS") == [(1, 10, T)]  # GitHub's escape of a line break


def test_a_backspace_cannot_hide_a_decoded_token() -> None:
    # The terminal shows CUTOVER_PASX; a URL's reader still decodes CUTOVER_PASS.
    assert _found(b"x CUTOVER%5FPASS\x08X\n") == [(1, 3, T)]
    # ... and a backspace never moves back to the line before.
    assert _found(b"x CUTOVER_PAS\n\x08X_PASS\n") == [(2, 2, "X_PASS")]


def test_a_decoded_terminal_code_cannot_hide_a_token() -> None:
    # A JSON reader's text holds ESC then the token; a terminal shows "UTOVER_PASS" (ESC C is
    # a two-byte code): both readings count.
    stored = '"a\\u001bCUTOVER_PASS"'
    assert _found(stored.encode()) == [(1, 9, T)]
    from rehearsal_hook.scan.matcher import redact_text

    assert scan_str(M, redact_text(M, stored)) == []


# The control characters a terminal does not print (C0 but BS, TAB, LF, VT, FF, CR and ESC;
# DEL; C1 but NEL): ``cat`` or a CI log shows the letters around one side by side.  (The C1
# openers of a sequence -- CSI, OSC, DCS, SOS, PM, APC -- also swallow what follows them:
# test_terminal.py.)
SILENT = [
    chr(c)
    for c in [*range(1, 8), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F, *range(0x80, 0x85), *range(0x86, 0xA0)]
    if chr(c) not in "\x90\x98\x9b\x9d\x9e\x9f"
]


@pytest.mark.parametrize("silent", SILENT, ids=[f"U+{ord(c):04X}" for c in SILENT])
def test_a_control_character_a_terminal_does_not_print_vanishes(silent: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = f"first line\n: CUTOVER_PA{silent}SS :\n"
    want = [(2, 3, T)]
    assert [(h.line, h.column, h.token) for h in scan_str(M, text)] == want
    assert _found(text.encode()) == want
    assert _found(text.encode("utf-16")) == want
    # (UTF-16 of an ASCII control without a BOM is ASCII with NULs: a terminal ignores them and
    # the control, and the NUL-free reading finds the token at its byte column, as the bytes
    # reading finds CUTOVER_PASS stored there -- words.nul_free_view)
    assert _found(text.encode("utf-16-le")) == ([(2, 6, T)] if silent.isascii() else want)
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    assert _streamed(text.encode()) == want
    assert _found(f"a FOO_PASS{silent}WORD b\n".encode()) == [(1, 3, "FOO_PASS")]  # only the stored word
    assert _found(f"a TEST{silent}_PASSED b\n".encode()) == []


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["CUTOVER_PASS", "QT9_GRANTED", "A_B_AUTHORIZED"]),
    st.lists(st.tuples(st.integers(0, 30), st.text(st.sampled_from(SILENT), min_size=1, max_size=3)), max_size=3),
    st.sampled_from(["", "x ", "= ", "\u00e9 "]),
)
def test_silent_controls_anywhere_in_a_token(token: str, cuts: list[tuple[int, str]], before: str) -> None:
    """Controls a terminal does not print, at any places inside a token (before its needle,
    inside it, after its first letter): found in memory, streamed and in UTF-16; and inside a
    configured token."""

    def cut(word: str) -> str:
        for at, run in sorted(cuts, reverse=True):
            k = 1 + at % (len(word) - 1)
            word = word[:k] + run + word[k:]
        return word

    data = f"{before}{cut(token)} y\n".encode()
    found = _found(data)
    assert [tok for _, _, tok in found] == [token], (data, found)
    assert _streamed(data, 4) == found
    assert [tok for _, _, tok in _found(f"{before}{cut(token)} y\n".encode("utf-16"))] == [token]
    configured = TokenMatcher(["Hush_Now"])
    assert [h.token for h in scan_bytes(configured, f"{before}{cut('Hush_Now')} y\n".encode())] == ["Hush_Now"]


@pytest.mark.parametrize("stored", ["Hu\x07sh", "H\x01\x02ush", "Hus\u0081h"])
def test_silent_controls_inside_a_configured_token(stored: str) -> None:
    configured = TokenMatcher(["Hush"])
    assert [h.token for h in scan_bytes(configured, f"say {stored} now\n".encode())] == ["Hush"]


@pytest.mark.parametrize(
    "stored",
    [
        "CUTOVER_PA\\u0007SS",  # JSON: jq -r hands a terminal the BEL
        "CUTOVER_PA\\aSS",  # Python, C, TOML 1.1, YAML
        "CUTOVER_PA\\x7fSS",
        "CUTOVER_PA&#1;SS",
        "x%0ACUTOVER_PA\x07SS",  # a separator decoded beside a stored control
        "CUTOVER\\u005fPA\x0eSS",
    ],
)
def test_a_decoded_silent_control_vanishes_too(stored: str) -> None:
    data = f"a {stored} b\n".encode()
    assert [tok for _, _, tok in _found(data)] == [T], stored
    assert _streamed(data, 3) == _found(data)


@pytest.mark.parametrize("control", ["\x07", "\\u0007", "&#7;", "%07"])
def test_a_silent_control_still_separates_where_it_is_shown(control: str) -> None:
    """An editor or a JSON viewer shows a mark for a control: there it ends the word before
    the token (only the terminal reading drops it, where ``XCUTOVER_PASS`` is the token)."""
    data = f"a X{control}CUTOVER\\u005fPASS b\n".encode()
    assert [tok for _, _, tok in _found(data)] in ([T], ["X" + T]), control
    matcher = TokenMatcher(["CUTOVER"])  # a forbidden word: found where the control separates
    assert [h.token for h in scan_bytes(matcher, f"a X{control}CUTOVER b\n".encode())] == ["CUTOVER"]


def test_redaction_renders_what_lies_between_nuls() -> None:
    # UTF-16 without a BOM, read as characters: GitHub's %0A (an escaped line break) between
    # NULs separates ``x`` from the token once NULs vanish and the escape is decoded.
    from urllib.parse import unquote

    from rehearsal_hook.scan.matcher import redact_text

    stored = "\x00".join("x%0A" + T)
    assert scan_str(M, unquote(stored).replace("\x00", "")) != []
    assert scan_str(M, unquote(redact_text(M, stored)).replace("\x00", "")) == []


def test_an_underscore_look_alike_joins_and_separates() -> None:
    assert _found("a X\u2017PASS b".encode()) == [(1, 3, "X_PASS")]
    # Read as a mark apart, the double low line leaves a token after it (a fuzz find).
    assert _found("a \u2017PASS\uff3f\uff30\uff21\uff33\uff33 b".encode()) == [(1, 4, "PASS_PASS")]


def test_pragma_applies_to_a_rendered_token() -> None:
    [hit] = scan_bytes(M, b"x CUTOVER\\u005fPASS # rehearsal-hook: allow\n")
    assert hit.pragma and hit.column == 3


def test_one_invalid_utf8_byte_does_not_switch_the_unicode_readings_off() -> None:
    for disguise in ("ＣＵＴＯＶＥＲ＿ＰＡＳＳ", "CUT\u200bOVER_PASS", "\u0421UTOVER_PASS", "CUTOVER\\u005fPASS"):
        data = b"caf\xe9\n" + b"ab " + disguise.encode() + b"\n"
        assert _found(data) == [(2, 4, T)], disguise  # columns count bytes in a file that is not UTF-8
        assert _streamed(data, 3) == [(2, 4, T)]


def test_utf32_with_a_bom() -> None:
    for codec in ("utf-32", "utf-32-be"):
        text = "x\n  ＣＵＴＯＶＥＲ＿ＰＡＳＳ\n"
        data = text.encode(codec) if codec == "utf-32" else b"\x00\x00\xfe\xff" + text.encode(codec)
        assert _found(data) == [(2, 3, T)]
        assert _streamed(data, 7) == [(2, 3, T)]


# Every escape syntax, for every character of a token: hypothesis picks which character is
# written as which escape.
ESCAPES = {
    "json": lambda c: f"\\u{ord(c):04x}",
    "js-braces": lambda c: f"\\u{{{ord(c):x}}}",
    "python-x": lambda c: f"\\x{ord(c):02X}",
    "python-U": lambda c: f"\\U{ord(c):08x}",
    "java-uu": lambda c: f"\\uuu{ord(c):04x}",  # (any number of u: javac 17)
    "octal": lambda c: f"\\{ord(c):03o}",
    "html-dec": lambda c: f"&#{ord(c)};",
    "html-hex": lambda c: f"&#x{ord(c):x};",
    "percent": lambda c: f"%{ord(c):02X}",
    "fullwidth-percent": lambda c: "".join(f"%{b:02X}" for b in chr(ord(c) + 0xFEE0).encode()),
    "perl-x-braces": lambda c: f"\\x{{{ord(c):x}}}",
    "perl-o-braces": lambda c: f"\\o{{0{ord(c):o}}}",
    # (what a parsed reading of its own decodes: roff's and TeX's, scan/roff.py and tex.py)
    "roff-unicode": lambda c: f"\\[u{ord(c):04X}]",
    "roff-char": lambda c: f"\\[char{ord(c)}]",
    "tex-char": lambda c: f"\\char{ord(c)} ",
    "tex-symbol": lambda c: f'\\symbol{{"{ord(c):X}}}',
    "mathjax-unicode": lambda c: f"\\unicode{{x{ord(c):X}}}",
    "tex-hat": lambda c: f"^^{ord(c):02x}",
}


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["CUTOVER_PASS", "SEAL_AUTHORIZED", "QT001_GRANTED"]),
    st.data(),
)
def test_every_escape_syntax_for_every_character(token: str, data: st.DataObject) -> None:
    at = data.draw(st.integers(0, len(token) - 1))
    how = data.draw(st.sampled_from(sorted(ESCAPES)))
    ch = token[at]
    if how == "fullwidth-percent" and ch == "_":
        spelled = "%EF%BC%BF"
    else:
        spelled = ESCAPES[how](ch)
    text = "x = " + token[:at] + spelled + token[at + 1 :] + ";\n"
    found = _found(text.encode())
    # Besides the token, only a word the stored text itself shows after the escape's last
    # hex letter (%EF%BC%A3UTOVER_PASS: A3UTOVER_PASS), a token of its own, or one that C
    # shows where hex digits follow ``\xHH`` (``S\x45AL_...``: ``\x45A``, cut to a byte, is
    # ``Z``; ``Q\x54001_...``, a control a terminal does not print: cescapes.py).
    assert (1, 5, token) in found, text
    in_c = {h.token for r in cescapes.readings(text) for h in scan_str(M, r[0])}
    assert all(
        t == token or t in in_c or re.search(rf"(?<![A-Za-z0-9_]){t}(?![A-Za-z0-9_])", text) for _, _, t in found
    ), text
    # A word character glued after it makes it a near miss in every reading.
    assert _found(text.replace(";", "WORD").encode()) == [], text


def test_long_line_is_read_in_pieces_cut_where_no_reading_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readings, "PIECE", 1000)
    monkeypatch.setattr("rehearsal_hook.scan.views.PIECE", 1000)
    unit = "word, CUTOVER\\u005fPASS \u202eSSAP_X\u202c ＣＵＴ＿ＰＡＳＳ plain text" + " lorem" * 50 + " "
    line = unit * 40
    hits = _found(line.encode())
    assert len(hits) == 3 * 40
    assert {h[2] for h in hits} == {T, "X_PASS", "CUT_PASS"}
    monkeypatch.setattr(segments, "CHUNK_SIZE", 64)
    assert _streamed(line.encode(), 9) == hits


def test_reading_cut_keeps_away_from_constructs_and_overrides() -> None:
    text = "a" * 200 + " " + "b" * 300
    assert cuts.reading_cut(text) == 201
    # Right before an escape, not inside one: the escape reads the same in the second part.
    assert cuts.reading_cut("a" * 200 + " \\x5F" + "b" * 300) == 201
    assert cuts.reading_cut(text, display=True) == 201
    # In a line that may reorder, only where the display order stays whole: no embedding,
    # override or isolate open, a left-to-right paragraph, no bracket waiting for its pair,
    # L text on both sides.
    assert cuts.reading_cut("\u202e" + "a" * 200 + " " + "b" * 300, display=True) == -1
    assert cuts.reading_cut("\u202ea\u202c" + "a" * 200 + " " + "b" * 300, display=True) == 204
    assert cuts.reading_cut("\u2067a" + "a" * 200 + " " + "b" * 300, display=True) == -1
    assert cuts.reading_cut("\u05d0" + "a" * 200 + " " + "b" * 300, display=True) == -1
    assert cuts.reading_cut("a\u05d0" + "a" * 200 + " " + "b" * 300, display=True) == 203
    assert cuts.reading_cut("(" + "a" * 200 + " " + "b" * 300, display=True) == -1
    assert cuts.reading_cut("a" * 200 + " \u05d0" + "b" * 300, display=True) == -1
    assert cuts.reading_cut("a" * 200 + " 1 " + "b" * 300, display=True) == 203
    # (a decoded control counts as a stored one)
    assert cuts.reading_cut("\\u202e" + "a" * 200 + " " + "b" * 300, display=True) == -1
    assert cuts.reading_cut("a" * 200 + " \u0332" + "b" * 300) == -1  # a space carrying an underline
    assert cuts.reading_cut(text.encode()) == 201


def test_redaction_reads_through_the_rendered_readings() -> None:
    from rehearsal_hook.scan.matcher import redact_text

    for stored, _ in RENDERED.values():
        out = redact_text(M, f"x {stored} y")
        assert scan_str(M, out) == [], (stored, out)


@pytest.mark.parametrize(
    "stored",
    [
        "A{empty}_PASS",
        "CUTOVER**_PASS**",
        "CUTOVER_P*ASS*",
        "X:a:_PASS",
        "CUTOVER^{}_PASS",
        "CUTOVER`_PASS`",
        "CUTOVER\x07_PASS",
    ],
)
def test_redaction_reads_ascii_as_the_scanner_does(stored: str) -> None:
    """Found by a random redaction search (session 27): ASCII that a parser shows otherwise
    with none of the rendered readings' triggers -- AsciiDoc's ``{empty}``, Markdown's
    emphasis, a shortcode, Org's ``^{}`` -- or that holds a control a terminal does not print
    was printed whole (``check --config 'CUTOVER**_PASS**.toml'`` quoted the name): the
    scanner reads these lines, so redaction does too (otherwise.may_read_otherwise)."""
    from rehearsal_hook.scan.matcher import redact_text

    assert scan_str(M, stored) != [], stored
    out = redact_text(M, f"x {stored} y")
    assert scan_str(M, out) == [], (stored, out)


@pytest.mark.parametrize(
    ("value", "fmt"),
    [
        ("A\\&_PASS", "json"),
        ("\\fBA_PASS&#95;", "json"),
        ("A&#9\\relax 5;PASS", "json"),
        ("CUTOVER&#95;PASS", "xml"),
        ("A_%??50??ASS", "github"),
        ('A_%"50ASS":x', "json"),
        ("A\\\n  _PASS", "github"),
        ("\\e(0\x1b[2DA_\\u0050ASS", "json"),  # (a terminal's reading of the value too)
    ],
)
def test_redaction_reads_what_a_format_s_reader_hands_on(value: str, fmt: str) -> None:
    """Found by a random redaction search through the formats (session 27): a value the
    scanner reads as a token (roff's ``\\&``, ``\\fB``; TeX's ``\\relax``; a reference;
    Textile's ``??`` inside a percent escape, its link's quotes; an escaped line break),
    printed in a format whose escape of it (JSON's ``\\\\`` and ``\\"``, XML's ``&amp;``,
    GitHub's ``%25`` and ``%0A``) hides it from the readings, was left whole:
    the format's reader hands the value on (``jq -r``), and it shows the token
    (``check --format json --config 'A\\&_PASS.toml'`` printed ``A\\\\&_PASS`` in its
    message, the text format ``A_P...``)."""
    import html
    import json
    from urllib.parse import unquote

    from rehearsal_hook.scan.matcher import redact_text

    assert scan_str(M, value) != [], value
    printed, read = {
        "json": (json.dumps(value), json.loads),
        "xml": (html.escape(value, quote=False), html.unescape),
        "github": (value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"), unquote),
    }[fmt]
    out = redact_text(M, printed)
    assert scan_str(M, read(out)) == [], (value, out)


def test_an_escape_iso_2022_does_not_know_is_shown_as_a_browser_shows_it() -> None:
    """Found by a random redaction search (session 27): Python's ISO-2022-JP decoder holds an
    escape it does not know (``ESC ) 0``) until 8 bytes are pending, then raises UnicodeError
    whatever its error handler -- a data: URL's body guessed as ISO-2022-JP, in a roff page
    redaction reads, made redact_text raise (console.safe_text: "raises nothing").  A browser
    shows U+FFFD for the ESC and reads on."""
    from rehearsal_hook.scan.indexed import decoded_bytes
    from rehearsal_hook.scan.matcher import redact_text

    data = "\uff30\x1b)0.tr __".encode()
    assert decoded_bytes(data, range(len(data)), "iso2022_jp") == ("\ufffd" * 4 + ")0.tr __", list(range(12)))
    # (in the mode the decoder was in: JIS X 0208 after ESC $ B, two bytes a character)
    data = b"\x1b$B\x30\x21\x1b)0xyzwvuts\x30\x21\x1b(Bq"
    text, index = decoded_bytes(data, range(len(data)), "iso2022_jp")
    assert text.startswith("\u4e9c\ufffd") and text.endswith("\u4e9cq") and index[:2] == [3, 5]
    # (and one still pending at the end: the final flush made one U+FFFD of it and what follows)
    assert decoded_bytes(b"ab\x1b)0abcd", range(9), "iso2022_jp") == ("ab\ufffd)0abcd", list(range(9)))
    printed = '\n.tr Q_\n<iframe src="data:text/html,\uff30\x1b)0.tr Q_\n'
    assert redact_text(M, printed) == printed


def _as_github(value: str) -> str:
    from rehearsal_hook.output.github import _gh_data, _gh_property

    return f"::error file={_gh_property(value)},line=1::{_gh_data(value)}"


def _as_json(value: str) -> str:
    import json

    return json.dumps({"path": value, "line": 1})


def _as_xml(value: str) -> str:
    from xml.etree import ElementTree as ET

    case = ET.Element("testcase", name=value)
    ET.SubElement(case, "failure").text = value
    return ET.tostring(case, encoding="unicode")


def _from_github(out: str) -> list[str]:
    from urllib.parse import unquote

    return [unquote(part) for part in re.split("::|,|=", out)]


def _from_json(out: str) -> list[str]:
    import json

    return [json.loads(out)["path"]]


def _from_xml(out: str) -> list[str]:
    from xml.etree import ElementTree as ET

    case = ET.fromstring(out)
    return [case.get("name") or "", case[0].text or ""]


@pytest.mark.parametrize(
    ("encode", "decode"),
    [(_as_github, _from_github), (_as_json, _from_json), (_as_xml, _from_xml)],
    ids=["github", "json", "xml"],
)
@pytest.mark.parametrize(
    "value",
    [
        "\\*[U]_PASS\n.tr Q_\n",
        "\n.tr Q_R\n_PASSRA_\\u0050ASS",
        # (the state set at the value's start: after the quote, the tag or the ``::`` that the
        # format's reader hands on the value from, the request starts a line)
        ".tr Q_\nCUTOVERQPASS",
        "x\n.ds U _\nCUTOVER\\*UPASS",
        ":us: _\n\nCUTOVER{us}PASS",
        ".. |u| replace:: _\n\nCUTOVER|u|PASS",
        "QT00[^a]_PASS\n\n[^a]: x",
    ],
)
def test_redaction_reads_the_state_a_format_s_value_sets(value: str, encode: Any, decode: Any) -> None:
    """Found by the random redaction search through the formats (session 27): GitHub's escapes
    put ``%0A`` for each line end (JSON ``\\n``, XML ``&#10;``), so the printed text holds no
    line that starts a roff request; the value the reader hands on does (``.tr Q_``), and shows
    U_P... / A_P... (printed._document_spans: asked of each value and each string in it)."""
    from rehearsal_hook.scan.matcher import redact_text

    assert scan_str(M, value) != []
    out = redact_text(M, encode(value))
    for shown in decode(out):
        assert scan_str(M, shown) == [], (out, shown)


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("A#95;_PASS", ""),
        ("x\nA#lowbar;_PASS\n", ""),
        # (a line chosen for other syntax -- emphasis, a tag, a shortcode -- reads no code either)
        ("A#95;_PASS *x*", ""),
        ("A#95;_PASS <b></b>", ""),
        ("A#95;_PASS :x:", ""),
        ("* A#95;_PASS\n", ""),
        # (in a text that may hold a diagram: every reading, and redaction, reads it)
        ("A#95;_PASS %% mermaid", "A__PASS"),
        ("```mermaid\nA[A#95;_PASS]\n```\n", "A__PASS"),
        ("graph TD\nA#95;_PASS *x*\n", "A__PASS"),
    ],
)
def test_mermaid_codes_are_read_alike_by_every_scan_and_redaction(text: str, token: str) -> None:
    """Found by the random redaction search (session 27): scan_str read ``A#95;_PASS`` as
    Mermaid shows it (A__P...) in any text, on a line Markdown may read (``#``), where
    scan_bytes and redaction read codes only in a text that may hold a diagram
    (mermaid.may_hold) -- and no reader shows a code outside one (parsed.parsed_readings).
    (In memory: a stream reads a code in a segment that may hold a diagram, README.)"""
    from rehearsal_hook.scan.matcher import redact_text

    at = text.index("A#")
    in_memory(text, [(text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at), token)] if token else [])
    assert scan_str(M, redact_text(M, text)) == []


def test_redaction_reads_a_documents_state() -> None:
    """What the tool prints is read with the state it sets too (states.pages: printed.py) --
    a printed roff ``.tr``, AsciiDoc attribute or footnote showed the token redaction left."""
    from rehearsal_hook.scan.matcher import redact_text

    for doc in [
        ".tr Q_\nCUTOVERQPASS",
        ":us: _\n\nCUTOVER{us}PASS",
        "QT00[^a]_PASS\n\n[^a]: x",
        "x\n.ds U _\nCUTOVER\\*UPASS",
    ]:
        assert scan_str(M, doc) != [], doc
        out = redact_text(M, doc)
        assert scan_str(M, out) == [], (doc, out)


def _fullwidth(token: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) for c in token)


LEGACY = ["shift_jis", "euc_jp", "iso2022_jp", "gb18030", "big5", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"]


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(LEGACY),
    st.sampled_from(["CUTOVER_PASS", "SEAL_AUTHORIZED", "QT001_GRANTED"]),
    st.text(st.sampled_from("ab ,日本語"), max_size=6),
)
def test_every_listed_encoding_is_read(codec: str, token: str, before: str) -> None:
    """Full-width letters in the legacy encodings an editor or browser would pick: found on
    the right line, in memory and streamed alike; a near miss stays clean."""
    data = f"x\n{before} {_fullwidth(token)} 日本\n".encode(codec)
    hits = _found(data)
    assert [(line, tok) for line, _, tok in hits] == [(2, token)], (codec, hits)
    assert _streamed(data, 7) == hits
    assert _found(f"x\n{before} {_fullwidth(token + 'X')} 日本\n".encode(codec)) == []


def test_windows_1252_soft_hyphen_and_trade_mark() -> None:
    data = "café CUTOVER_\xadPASS \u2122_PASS\n".encode("cp1252")  # 0xAD, 0x99
    assert [h[2] for h in _found(data)] == [T, "TM_PASS"]
    assert _streamed(data, 4) == _found(data)
    assert _found("café BY\xadPASS\n".encode("cp1252")) == []


UTF_WIDE = ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "utf-16", "utf-32"]


@pytest.mark.parametrize("codec", UTF_WIDE)
@pytest.mark.parametrize("tail", [b"", b"A", b"AB", b"ABC"])
@pytest.mark.parametrize("disguise", ["fullwidth", "reference", "escape"])
@pytest.mark.parametrize("after", ["é", ""])
def test_wide_unicode_with_a_partial_last_unit_or_only_ascii_is_read(
    codec: str, tail: bytes, disguise: str, after: str
) -> None:
    """UTF-16/UTF-32, with or without a BOM: a file cut short by a byte or three shows its text
    and a replacement character in an editor, and text that is ASCII once decoded still has
    its rendered readings (both passed: the decoding was strict, and a decoding to ASCII was
    taken to add nothing to the bytes reading)."""
    stored = {"fullwidth": _fullwidth(T), "reference": "CUTOVER&#95;PASS", "escape": "CUTOVER\\u005fPASS"}[disguise]
    data = f"x\n{stored} {after}\n".encode(codec) + tail
    hits = _found(data)
    assert [(line, tok) for line, _, tok in hits] == [(2, T)], (codec, hits)
    assert _streamed(data, 7) == hits
    assert _found(f"x\n{stored}X {after}\n".encode(codec) + tail) == []  # a near miss stays clean


# A code unit that does not decode (a lone surrogate, a UTF-32 unit past U+10FFFF), for each
# wide encoding with its BOM.
_BAD_UNIT = {
    "utf-16": b"\x00\xd8",
    "utf-16-be": b"\xd8\x00",
    "utf-32": b"\x00\x00\x11\x00",
    "utf-32-be": b"\x00\x11\x00\x00",
}
_BOM = {"utf-16": b"", "utf-16-be": b"\xfe\xff", "utf-32": b"", "utf-32-be": b"\x00\x00\xfe\xff"}
_NO_BOM = {"utf-16": "utf-16-le", "utf-16-be": "utf-16-be", "utf-32": "utf-32-le", "utf-32-be": "utf-32-be"}


@pytest.mark.parametrize("codec", list(_BAD_UNIT))
@pytest.mark.parametrize("disguise", ["fullwidth", "reference", "escape"])
def test_a_bad_code_unit_after_a_bom_does_not_switch_the_decoding_off(codec: str, disguise: str) -> None:
    """An editor reads a file with a UTF-16 or UTF-32 BOM in that encoding and shows a code
    unit that does not decode as U+FFFD; one such unit anywhere made the whole file read as
    bytes only, and a disguised token in it passed."""
    stored = {"fullwidth": _fullwidth(T), "reference": "CUTOVER&#95;PASS", "escape": "CUTOVER\\u005fPASS"}[disguise]
    head = _BOM[codec] + f"x\n{stored} ".encode(codec)
    data = head + _BAD_UNIT[codec] + " y\n".encode(_NO_BOM[codec])
    hits = _found(data)
    assert [(line, tok) for line, _, tok in hits] == [(2, T)], (codec, hits)
    assert _streamed(data, 7) == hits
    near = _BOM[codec] + f"x\n{stored}X ".encode(codec) + _BAD_UNIT[codec]
    assert _found(near) == []  # a near miss stays clean


# Bypasses found by attackers' passes at issue 12: what a reader shows that no reading built
# when it was found.  Each is read now (the note beside it says since when); a case found and
# not yet read is added here as a strict xfail, which turns red the day it is read (none is
# open at the end of session 21).
FOUND_BYPASSES = [
    # (laid out since elements.bdo_value: the override element as RLO ... PDF)
    pytest.param("<bdo dir=rtl>SSAP_REVOTUC</bdo>", id="html-bdo"),
    # (read since the hidden elements of the rendered reading: scan/constructs.py)
    pytest.param("CUTOVER_PA<span hidden>X</span>SS", id="html-hidden"),
    pytest.param("CUTOVER_PA<span style=display:none>X</span>SS", id="css-display-none"),
    pytest.param("CUTOVER_PA\x9b0mSS", id="terminal-8-bit-csi"),
    pytest.param("CUTOVER_PA\x9d0;t\x9cSS", id="terminal-8-bit-osc"),
    pytest.param("CUTOVER_PA\x1b[3\x071mSS", id="terminal-control-in-csi"),
    # (``x xxxxxxxx_PASS CR x  CUTOVER CR  y``: cat shows `` y CUTOVER_PASS``)
    pytest.param("xxxxxxxx_PASS\rx  CUTOVER\r", id="terminal-cr-overwrite"),
    # (read since issue 12's Markdown and CSS readings: scan/markdown.py, scan/css.py)
    pytest.param("CUTOVER\\5fPASS", id="css-hex"),
    pytest.param("CUTOVER\\00005f PASS", id="css-hex-blank"),
    pytest.param("CUTOVER_`PASS`", id="markdown-code-span"),
    pytest.param("CUTOVER_[PASS](u)", id="markdown-link"),
    # (laid out since bidi.py, the Unicode Bidirectional Algorithm; a paragraph made
    # right-to-left by a leading RLM is in tests/unit/test_bidi.py: after "x " it is not)
    pytest.param("\u202bPASS_\u200fCUTOVER\u202c", id="rtl-embedding-and-mark"),
    pytest.param("\u2067PASS_\u200fCUTOVER\u2069", id="rtl-isolate-and-mark"),
    # (read since the Markdown reading parses an image's description as a text of its own, as
    # markdown-it does: its alt text is ``_PASS*``; found by test_markdown's oracle test)
    pytest.param("CUTOVER![*_PASS**](u)", id="markdown-image-alt-parsed-alone"),
    # (read since hints.joins_a_maker: a parsed reading's removal joins a reference the
    # rendered reading decodes -- Asciidoctor restores ``&#95;`` after its attributes expand)
    pytest.param("CUTOVER&{empty}#95;PASS", id="asciidoc-removal-joins-a-reference"),
    # (read since arrays.py: a Jupyter notebook's cell source is a JSON array of strings, one a
    # line, that the renderer -- GitHub, nbviewer, JupyterLab -- concatenates)
    pytest.param('"source": [\n    "CUTOVER_",\n    "PASS"\n   ]', id="ipynb-source-lines-joined"),
    # (read since nearlines.NearLines judges a place's line by every parsed reading, parsed.may_parse,
    # not Markdown's alone: AsciiDoc's removals inside a needle on a line without Markdown syntax,
    # found by test_makers' differential test)
    pytest.param("CUTOVER_PA{empty}SS", id="asciidoc-attribute-inside-a-needle"),
    pytest.param("CUTOVER_PA++S++S", id="asciidoc-pair-inside-a-needle"),
    # (read since POD's E<...> is a maker, hints.POD_ESCAPE: it makes the needle's underscore
    # itself, where no needle's beginning stands before it)
    pytest.param("CUTOVERE<95>PASS", id="pod-escape-makes-the-underscore"),
    # (read since the wiki readings, scan/wiki.py: MediaWiki's quote pairs, Creole's ~ escape
    # and // italics inside a word; GitHub renders .mediawiki and .creole files)
    pytest.param("CUTOVER_''PA''SS", id="mediawiki-italic-pair"),
    pytest.param("CUTOVER~_PASS", id="creole-tilde-escape"),
    pytest.param("CUTOVER_//PA//SS", id="creole-italic-pair"),
    # (read in files too since hints.joins_a_maker: an AsciiDoc removal joins a percent byte,
    # ``%{empty}50`` reads ``%50``; found by the readings helper's differential test)
    pytest.param("CUTOVER_%{empty}50ASS", id="asciidoc-removal-joins-a-percent-byte"),
    # (read since the reading with markup kept drops CDATA's delimiters: an XML reader, and SVG
    # or MathML in a browser, show what the section holds)
    pytest.param("CUTOVER_<![CDATA[PASS]]>", id="xml-cdata-section"),
    # (read since styles.py: an inline style that makes text invisible otherwise than display or
    # visibility, a zero font size, opacity..., read both hidden and shown; the red-team pass
    # of session 20)
    pytest.param('CUTOVER_PA<span style="font-size:0">X</span>SS', id="css-font-size-zero"),
    # (read since tags.py, a tag as a browser's tokenizer reads it: a quoted attribute value
    # holds ``>``, in an end tag too; the red-team pass of session 20)
    pytest.param('CUTOVER_</span x=">">PASS', id="html-end-tag-quoted-gt"),
    # (read since tex.iffalse_stretches; red-team pass of session 21): TeX's \iffalse over a line
    # end (pdflatex, T1: ``x CUTOVER\_PA\iffalse`` then ``zz\fi SS y`` shows ``x CUTOVER_PASS y``)
    pytest.param("CUTOVER\\_PA\\iffalse\nzz\\fi SS", id="tex-iffalse-over-a-line-end"),
    # (read since asciidoc._links: AsciiDoc's link macros show their text, not their target --
    # asciidoctor 2.0.18 -s shows ``x https://u.x[CUTOVER_PA]SS y`` as ``x CUTOVER_PASS y``)
    pytest.param("https://u.x[CUTOVER_PA]SS", id="asciidoc-url-macro"),
    pytest.param("link:u[CUTOVER_PA]SS", id="asciidoc-link-macro"),
    pytest.param("xref:id[CUTOVER_PA]SS", id="asciidoc-xref-macro"),
    pytest.param("<<id,CUTOVER_PA>>SS", id="asciidoc-cross-reference"),
    # (read since joins.ROFF_CONDITIONAL; red-team pass of session 21): roff's \c joins the
    # text a conditional request shows when its condition holds (groff -man -Tutf8: ``.if n``
    # is true for a terminal, ``x CUTOVER_PA\c`` then ``.if n SS y`` shows ``x CUTOVER_PASS y``)
    pytest.param("CUTOVER_PA\\c\n.if n SS", id="roff-join-into-a-conditional-s-text"),
    # (read since roff._MACRO_LINE reads it): a conditional's text that is itself a font macro's
    # or .nop's line (groff 1.22.4 -man -Tutf8 shows ``x CUTOVER_PA\c`` then ``.if n .nop SS y``
    # as ``x CUTOVER_PASS y``)
    pytest.param("CUTOVER_PA\\c\n.if n .nop SS", id="roff-join-into-a-conditional-s-request"),
    # (read since the AsciiDoc reading reads them; red-team pass of session 22, asciidoctor
    # 2.0.18 -s shows each ``x ... y`` as ``x CUTOVER_PASS y``): inline anchors, the anchor
    # macro, index terms concealed and visible, attribute references that set or count, an
    # attribute list before an unconstrained pair, ``__`` inside a word (Markdown's does not
    # pair there), superscript and subscript
    pytest.param("CUTOVER_PA[[a]]SS", id="asciidoc-inline-anchor"),
    pytest.param("CUTOVER_PA[[a,ref text]]SS", id="asciidoc-inline-anchor-with-text"),
    pytest.param("CUTOVER_PAanchor:a[ref]SS", id="asciidoc-anchor-macro"),
    pytest.param("CUTOVER_PA(((a,b)))SS", id="asciidoc-concealed-index-term"),
    pytest.param("CUTOVER_PAindexterm:[z]SS", id="asciidoc-indexterm-macro"),
    pytest.param("CUTOVER_PA((SS))", id="asciidoc-visible-index-term"),
    pytest.param("CUTOVER_PAindexterm2:[SS]", id="asciidoc-indexterm2-macro"),
    pytest.param("CUTOVER_PA{set:x:y}SS", id="asciidoc-set-attribute"),
    pytest.param("CUTOVER_PA{counter2:x}SS", id="asciidoc-silent-counter"),
    pytest.param("CUTOVER_P{counter:x:A}SS", id="asciidoc-counter-shows-its-first-value"),
    pytest.param("CUTOVER_PA[.x]##SS##", id="asciidoc-role-before-a-highlight"),
    pytest.param("CUTOVER_PA[.x]**SS**", id="asciidoc-role-before-bold"),
    pytest.param("CUTOVER_PA__SS__", id="asciidoc-emphasis-inside-a-word"),
    pytest.param("CUTOVER_P__A__SS", id="asciidoc-emphasis-inside-a-needle"),
    pytest.param("CUTOVER_PA^SS^", id="asciidoc-superscript"),
    pytest.param("CUTOVER_PA[.x]~SS~", id="asciidoc-role-before-a-subscript"),
    # (read since asciidoc._SHOWN_MACROS: a key and a button, as with ``:experimental:`` set)
    pytest.param("CUTOVER_PAkbd:[SS]", id="asciidoc-kbd-macro"),
    pytest.param("CUTOVER_PAbtn:[SS]", id="asciidoc-btn-macro"),
    # (read since pod._escape reads a number as Pod::Escapes does; red-team pass of session 22,
    # pod2text 3.43 shows each ``x ... y`` as ``x CUTOVER_PASS y``): ``E<095>`` is decimal (a
    # leading 0 makes it octal only with octal digits alone), ``E<x5F>`` hex without the 0
    pytest.param("CUTOVERE<095>PASS", id="pod-escape-decimal-after-a-zero"),
    pytest.param("CUTOVERE<x5F>PASS", id="pod-escape-hex-without-its-zero"),
    # (read since tex.py reads them; red-team pass of session 22, pdflatex with T1 fonts then
    # pdftotext shows each ``x ... y`` as ``x CUTOVER_PASS y``): a unit is a keyword that ends
    # where it ends (``0ptSS``), in any case, ``true`` before it; a phantom of nothing;
    # ``\noexpand``, ``\expandafter``; a control sequence named by ``\csname``
    pytest.param("CUTOVER\\_PA\\kern0ptSS", id="tex-kern-unit-then-letters"),
    pytest.param("CUTOVER\\_PA\\kern0PTSS", id="tex-kern-unit-in-capitals"),
    pytest.param("CUTOVER\\_PA\\kern0truept SS", id="tex-kern-true-unit"),
    pytest.param("CUTOVER\\_PA\\hphantom{}SS", id="tex-empty-phantom"),
    pytest.param("CUTOVER\\_PA\\noexpand SS", id="tex-noexpand"),
    pytest.param("CUTOVER\\_PA\\expandafter SS", id="tex-expandafter"),
    pytest.param("CUTOVER\\_PA\\csname foo\\endcsname SS", id="tex-csname-undefined-is-relax"),
    pytest.param("CUTOVER\\csname textunderscore\\endcsname PASS", id="tex-csname-makes-the-underscore"),
    # (read since roff._REMOVAL reads them; red-team pass of session 22, groff 1.22.4 -man
    # -Tutf8 shows each ``x ... y`` as ``x CUTOVER_PASS y``, the ``\z`` case once the terminal
    # overprints): a motion of nothing, any delimiter; a character made zero-width
    pytest.param("CUTOVER_PA\\h'0'SS", id="roff-zero-horizontal-motion"),
    pytest.param("CUTOVER_PA\\v'0'SS", id="roff-zero-vertical-motion"),
    pytest.param("CUTOVER_PA\\h|1u|SS", id="roff-motion-less-than-a-cell"),
    pytest.param("CUTOVER_PA\\z.SS", id="roff-zero-width-character"),
    # (read since styles.as_css; red-team pass of session 22): ``display`` and ``visibility``
    # written as a browser still reads them -- a comment between the tokens (CSS), a character
    # reference (the attribute's value is decoded before CSS reads it)
    pytest.param('CUTOVER_PA<span style="display:/**/none">X</span>SS', id="css-display-none-with-a-comment"),
    pytest.param('CUTOVER_PA<span style="display&colon;none">X</span>SS', id="css-display-none-with-a-reference"),
    pytest.param('CUTOVER_PA<span style="&#100;isplay:none">X</span>SS', id="css-display-none-property-referenced"),
    pytest.param('CUTOVER_PA<span style="visibility:/**/hidden">X</span>SS', id="css-visibility-with-a-comment"),
    # (read since tags.text_in_place; red-team pass of session 22): an image that does not
    # load shows its alt text in its place (Firefox inline; as the Markdown reading reads
    # ``![alt](u)``), references decoded
    pytest.param('CUTOVER_PA<img src="nope.png" alt="SS">', id="html-img-alt-after-a-word"),
    pytest.param('<img alt="CUTOVER_PA">SS', id="html-img-alt-before-a-word"),
    pytest.param("CUTOVER_PA<IMG alt=S&#83;>", id="html-img-alt-with-a-reference"),
    # (red-team pass of session 25) a form's input shows its value, else its placeholder, a
    # button's value too -- Chromium 150 shows each as one word with the input's border and
    # padding styled away; each passed
    pytest.param('CUTOVER<input value="_PASS" style="border:0;padding:0">', id="html-input-value"),
    pytest.param('CUTOVER<input placeholder="_PASS">', id="html-input-placeholder"),
    pytest.param('CUTOVER<input type=submit value="_PASS">', id="html-input-submit-value"),
    pytest.param("CUTOVER_PA<INPUT Value=S&#83;>", id="html-input-value-with-a-reference"),
    # (and an empty text area's placeholder, an option's label: Chromium 150, each passed)
    pytest.param('CUTOVER<textarea placeholder="_PASS"></textarea>', id="html-textarea-placeholder"),
    pytest.param('CUTOVER<select><option label="_PASS"></option></select>', id="html-option-label"),
    # (round 6, readings) a list item's marker written as a string shows before what it holds,
    # on its line: Chromium 150 shows each as the token; each passed
    pytest.param("<ul><li style=\"list-style: inside 'CUTOVER_'\">PASS</li></ul>", id="css-list-marker-inside"),
    pytest.param("<ol><li style=\"list-style-type:'CUTOVER_'\">PASS</li></ol>", id="css-list-marker-type"),
    pytest.param(
        "CUTOVER_<span style=\"display:inline list-item;list-style:inside 'PA'\">SS</span>",
        id="css-list-marker-inline-list-item",
    ),
    pytest.param("<li style=\"list-style-type:'CUTOVER&#95;'\">PASS</li>", id="css-list-marker-with-a-reference"),
    # (read since cescapes.py; round 6, readings) C's, C++'s and C#'s hexadecimal escape takes
    # every hex digit after ``\x`` (C#'s up to four): gcc 12's printf prints the first two as
    # the token, cut to a byte (``\x15F``: "hex escape sequence out of range", ``_``); a wide
    # string's ``\xFF3F`` is a full-width low line (g++ 12, wprintf); C# reads ``\x005F5`` as ``_5``
    pytest.param('"CUTOVER\\x005FPASS"', id="c-hex-escape-of-more-digits"),
    pytest.param('"CUTOVER\\x00000000000000005fPASS"', id="c-hex-escape-of-many-zeros"),
    pytest.param('"CUTOVER\\x15FPASS"', id="c-hex-escape-cut-to-a-byte"),
    pytest.param('L"CUTOVER\\xFF3FPASS"', id="c-hex-escape-wide"),
    pytest.param('"CUTOVER\\x005F\\u0050ASS"', id="c-hex-escape-then-another-escape"),
    pytest.param('"CUTOVER_\\x0050ASS"', id="c-hex-escape-of-a-letter"),
    # (review, session 29) a terminal drops its codes and shows a reference or an escape as
    # written: cat shows ``&#95;CUTOVER_PASS``; every rendered reading decodes the reference in
    # the same pass (``_CUTOVER_PASS``, no token) -- read since pieces' codes-alone variant
    pytest.param("&#95;\x1b[0mCUTOVER_PASS", id="terminal-code-after-a-reference"),
    pytest.param("&lowbar;\x1b[mCUTOVER_PASS", id="terminal-code-after-a-named-reference"),
    pytest.param("\\u{5f}\x1b[1;31mCUTOVER_PASS", id="terminal-code-after-an-escape"),
    pytest.param("&#x5f;\x1b]0;title\x07CUTOVER_PASS", id="terminal-osc-after-a-reference"),
    # (read since details.py; round 6, readings) a closed <details> shows its summary alone,
    # what it holds before and after the summary hidden: Chromium 150 shows each as the token
    pytest.param(
        'CUTOVER_PA<details style="display:inline"><summary style="display:inline">SS</summary>X</details>',
        id="html-details-closed",
    ),
    pytest.param(
        'CUTOVER_PA<details style="display:inline">Y<summary style="display:inline">SS</summary>X</details>',
        id="html-details-closed-text-before-its-summary",
    ),
    pytest.param(
        'CUTOVER_PA<DETAILS style="display:inline"><summary>S<b>S</b></summary>X<details open>Z</details></DETAILS>',
        id="html-details-closed-holding-an-open-one",
    ),
    # (read since linebreaks.py; session 30, xfails helper) a tag that breaks the line shows the
    # token before it on a line of its own (Chromium 150: CUTOVER_PASS, then WORD), where the
    # reading that drops tags joins the near miss CUTOVER_PASSWORD: the class in
    # tests/unit/test_line_breaks.py
    pytest.param("CUTOVER_PA<b>SS</b><br>WORD", id="html-line-break-after-a-joined-token"),
    pytest.param("CUTOVER_PA<b>SS</b><div>WORD</div>", id="html-block-after-a-joined-token"),
    # (red-team pass of session 22) roff's requests that change how later text is read, for
    # the rest of the document -- a translation (``.tr``, ``.trnt``: each character pair maps
    # the first to the second), a character defined (``.char``), the escape character changed
    # (``.ec``).  groff 1.22.4 -man -Tutf8 shows each ``x ... y`` as ``x CUTOVER_PASS y``
    # (roffstate.py; its own table: tests/unit/test_roff_state.py)
    pytest.param("\n.tr Q_\nCUTOVERQPASS", id="roff-tr-translation"),
    pytest.param("\n.tr Q\\[ul]\nCUTOVERQPASS", id="roff-tr-to-a-special-character"),
    pytest.param("\n.trnt Q_\nCUTOVERQPASS", id="roff-trnt-translation"),
    pytest.param("\n.tr aA\nCUTOVER_PaSS", id="roff-tr-letter"),
    pytest.param("\n.char Q _\nCUTOVERQPASS", id="roff-char-definition"),
    pytest.param("\n.ec !\nCUTOVER!(ulPASS", id="roff-ec-escape-character"),
    # (read since org.may_span: an Org link read with its paragraph -- found by a random run
    # of test_removal_lines' property, session 22): a link whose description starts after a
    # line break, ``[[x][`` then ``CUTOVER]]&#95;PASS``, shows ``CUTOVER_PASS``; its siblings,
    # macro calls and export snippets over a line end, are in tests/unit/test_paragraphs.py
    pytest.param("[[x][\nCUTOVER]]&#95;PASS", id="org-link-description-over-a-line-break"),
    # (read since elements._UNSHOWN and styles._HIDING_ATTRS; red-team pass of session 23): what
    # the browsers' own style sheet hides -- a dialog, an <audio> without controls, a popover not
    # opened (the HTML standard's rendering section, Chromium's html.css) -- and SVG's
    # presentation attribute ``display="none"`` and never-drawn elements inside a ``<text>``
    pytest.param("CUTOVER_PA<dialog>X</dialog>SS", id="html-closed-dialog"),
    pytest.param("CUTOVER_PA<audio>X</audio>SS", id="html-audio-without-controls"),
    pytest.param("CUTOVER_PA<span popover>X</span>SS", id="html-popover"),
    pytest.param('<text>CUTOVER_PA<tspan display="none">X</tspan>SS</text>', id="svg-display-none-attribute"),
    pytest.param("<text>CUTOVER_PA<desc>X</desc>SS</text>", id="svg-desc-inside-text"),
    pytest.param("<text>CUTOVER_PA<foo>X</foo>SS</text>", id="svg-unknown-element-inside-text"),
    pytest.param('<text>CUTOVER_PA<tspan systemLanguage="zz">X</tspan>SS</text>', id="svg-system-language"),
    # (read since elements.capitalized; red-team pass of session 23): a style that shows letters
    # as capitals, CSS's text-transform (Chromium 150 shows ``cutover_pass`` so as CUTOVER_PASS)
    pytest.param('<span style="text-transform:uppercase">cutover_pass</span>', id="css-text-transform-uppercase"),
    pytest.param('CUTOVER_<span style="font-variant:small-caps">pass</span>', id="css-small-caps"),
    # (read since elements.as_bdo; red-team pass of session 23): CSS's override of an
    # element's direction, laid out as <bdo> is (Chromium 150 shows it as CUTOVER_PASS)
    pytest.param(
        'CUTOVER_<b style="unicode-bidi:bidi-override;direction:rtl">SSAP</b>', id="css-unicode-bidi-override"
    ),
    # (read since embedded.py; red-team pass of session 23): an iframe's srcdoc is a document of its
    # own, its references decoded once and then parsed as HTML (Chromium 150: CUTOVER_PASS)
    pytest.param('<iframe srcdoc="CUTOVER&amp;#95;PASS"></iframe>', id="html-iframe-srcdoc"),
    pytest.param('<iframe src="data:text/html,CUTOVER%26%2395;PASS"></iframe>', id="html-data-url"),
    # (read since data_bytes.base64_bytes; red-team pass of session 23): a base64 data: URL,
    # its body decoded as the fetch standard's forgiving base64 (Chromium 150: CUTOVER_PASS)
    pytest.param('<iframe src="data:text/html;base64,Q1VUT1ZFUl9QQVNT"></iframe>', id="html-data-url-base64"),
    # (read since mermaid.py; red-team pass of session 23): Mermaid's entity codes -- GitHub
    # renders a ```mermaid block as a diagram; mermaid's encodeEntities reads ``#95;`` as
    # ``&#95;`` and ``#lowbar;`` as ``&lowbar;``, which the browser decodes in the label
    pytest.param('```mermaid\nA["CUTOVER#95;PASS"]', id="mermaid-entity-code-decimal"),
    pytest.param("```mermaid\nCUTOVER#lowbar;PASS", id="mermaid-entity-code-named"),
    # (read since session 27's red-team pass; Chromium 150: CUTOVER_PASS): what a replaced
    # element holds, its fallback content (elements._UNSHOWN), and the strings of CSS's
    # ``content`` shown one after another (css.joined)
    pytest.param("CUTOVER_PA<canvas width=0 height=0>X</canvas>SS", id="html-canvas-fallback"),
    pytest.param('p::before{content:"CUTOVER_" "PASS"}', id="css-content-strings"),
    # (and a host showing its declarative shadow root, slots filled: shadow.py)
    pytest.param(
        "<span><template shadowrootmode=open>CUTOVER_<slot></slot>SS</template>PA</span>", id="html-shadow-slot"
    ),
    # (read since elements._DRAWS_FIRST_CHILD; session 27's open case): MathML's semantics and
    # maction draw their first child only, and a phantom draws nothing (MathML Core's style
    # sheet; Chromium 150 shows CUTOVER_PASS)
    pytest.param(
        "<math><semantics><mi>CUTOVER_</mi><mi>X</mi></semantics><mi>PASS</mi></math>",
        id="mathml-semantics-second-child",
    ),
    pytest.param(
        "<math><semantics><mrow><mi>CUTOVER_</mi><mi>PA</mi></mrow><mi>X</mi><mo>Y</mo></semantics><mi>SS</mi></math>",
        id="mathml-semantics-later-children",
    ),
    pytest.param(
        '<math><maction actiontype="toggle" selection="2"><mi>CUTOVER_</mi><mi>X</mi></maction><mi>PASS</mi></math>',
        id="mathml-maction-first-child",
    ),
    pytest.param("<math><mi>CUTOVER_</mi><mphantom><mi>X</mi></mphantom><mi>PASS</mi></math>", id="mathml-mphantom"),
    # (read since mathml.py; found by the xfails helper, session 28): MathML lays out its
    # elements, not the text between them (Chromium 150 and 156 show CUTOVER_PASS)
    pytest.param("<math><mi>CUTOVER_</mi> <mi>PASS</mi></math>", id="mathml-blank-between-elements"),
]


@pytest.mark.parametrize(
    "stored",
    [
        "CUTOVER_<![CDATA[PASS]]>",
        "<![CDATA[CUTOVER_]]>PASS",
        "CUTOVER_</ >PASS",
        "CUTOVER_<?x?>PASS",
        "CUTOVER_<!-->PASS",
        "CUTOVER_<!-- x --!>PASS",
    ],
)
def test_markup_on_a_line_that_is_not_ascii_is_read(stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A line holding a letter that is not ASCII selects its lines for the rendered reading by
    other hints (hints.RENDER_HINTS): the bogus comments and CDATA sections were left out."""
    line = f": {stored} é"
    text = f"first line\n{line}\n"
    want = [(2, line.index("CUTOVER") + 1, T)]  # (where its first letter is stored)
    assert [(h.line, h.column, h.token) for h in scan_str(M, text)] == want
    assert _found(text.encode()) == want
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    assert _streamed(text.encode()) == want


@pytest.mark.parametrize("stored", FOUND_BYPASSES)
def test_found_bypasses_a_reader_shows(stored: str) -> None:
    """As a text (names, messages) and as a file's bytes: the two paths select lines apart."""
    line = f"x {stored} y\n"
    assert [h.token for h in scan_str(M, line)] == [T]
    assert [h.token for h in scan_bytes(M, line.encode())] == [T]


@pytest.mark.parametrize(
    ("stored", "want"),
    [
        # (AsciiDoc's {empty} joins the word after it to a token stored whole: a longer token,
        # as text it was; as bytes each stored one was named alone -- found in review, session 23)
        ("X_PASS{empty}X_PASS", [(1, 5, "X_PASSX_PASS")]),
        ("X_PASS{empty}Y_PASS", [(1, 5, "X_PASSY_PASS"), (1, 5, "X_PASS")]),
        ("X_PASS{empty} Y_PASS", [(1, 5, "X_PASS"), (1, 19, "Y_PASS")]),
    ],
)
def test_a_token_stored_whole_that_a_reading_joins_is_named_alike(
    stored: str, want: list[tuple[int, int, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    everywhere(f"see {stored} here\n", want, monkeypatch)


@pytest.mark.parametrize("codec", ["shift_jis", "euc_jp", "big5", "gb18030"])
@pytest.mark.parametrize("bad", [b"\xff", b"\x81", b"\xa1"])
def test_a_legacy_encoding_with_a_byte_it_cannot_decode_is_still_read(codec: str, bad: bytes) -> None:
    """A browser told charset=Shift_JIS (or an editor that guessed it) shows U+FFFD for a byte
    it cannot decode and the rest as text: one such byte switched the reading off."""
    data = f"x {_fullwidth(T)} y\n".encode(codec) + bad + b"\n" + f"z {_fullwidth('BY_PASSX')}\n".encode(codec)
    found = _found(data)
    assert [tok for _, _, tok in found] == [T], (codec, found)
    assert _streamed(data, 5) == found


def test_redaction_reads_a_long_output_in_bounded_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the tool prints can be tens of MB (a JSON report of 100,000 findings whose path
    holds an escape): redaction renders it piece by piece, never the whole text with a column
    map (which took 1.8 GB for a 32 MB report).  Pieces of 1,000 characters here, an output
    of 27 of them (the real 256 Ki took 80,000 lines, 15 s CPU)."""
    from rehearsal_hook.scan import pieces, printed, views
    from rehearsal_hook.scan.matcher import redact_text

    for module in (readings, views, cuts, printed):
        monkeypatch.setattr(module, "PIECE", 1000)

    sizes: list[int] = []
    real = pieces.render

    def spy(piece: str, **kw: bool) -> tuple[str, list[int] | None, bool]:
        if kw.get("exact"):
            sizes.append(len(piece))
        return real(piece, **kw)

    monkeypatch.setattr(pieces, "render", spy)
    line = '    "path": "x%41\\u001b[0m.txt",\n'
    hidden = '"CUTOVER_PA\\u001b[0mSS"\n'
    out = redact_text(M, line * 400 + hidden + line * 400)
    assert sizes and max(sizes) <= 1000 + readings.WINDOW
    assert hidden not in out and out.count(line) == 800


@pytest.mark.parametrize(
    ("stored", "want"),
    [
        ('"CUTOVER\\x005FPASS"', [(1, 6, T)]),
        # (C# reads four digits and shows the rest: ``P`` then ``A``)
        ('"CUTOVER_\\x0050ASS"', [(1, 6, T)]),
        ('L"CUTOVER\\xFF3FPASS"', [(1, 7, T)]),
        # (a backslash pair is a backslash: no escape; a word after the digits a near miss)
        ('"CUTOVER\\\\x005FPASS"', []),
        ('"FOO\\x005FPASSWORD"', []),
        ('"CUTOVER\\x005F5PASS"', []),
    ],
)
def test_c_hexadecimal_escapes_of_more_digits(
    stored: str, want: list[tuple[int, int, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    everywhere(f"see {stored} here\n", want, monkeypatch)


@pytest.mark.parametrize(
    ("stored", "want"),
    [
        (
            'CUTOVER_PA<details style="display:inline">Y<summary style="display:inline">SS</summary>X</details>',
            [(1, 5, T)],
        ),
        # (over lines: the line ends it holds before and after its summary are hidden with it)
        ('CUTOVER_PA<details style="display:inline">\nY\n<summary>SS</summary>\nX</details>', [(1, 5, T)]),
        # (open, or a summary that shows more: near misses)
        ('CUTOVER_PA<details open style="display:inline">Y<summary>SS</summary>X</details>', []),
        ("CUTOVER_PA<details>Y<summary>SSWORD</summary>X</details>", []),
        # (a stray closing tag before any details is passed over, as a parser ignores it: it
        # popped an empty stack, an internal error, exit 3, on an ordinary README)
        ("x</details>y<details>z", []),
        (
            '</details> CUTOVER_PA<details style="display:inline">Y<summary style="display:inline">SS</summary>X</details>',
            [(1, 16, T)],
        ),
        # (and one too many after it: found by bench/growth.py's streamed shapes too)
        ("CUTOVER_PA<details>Y<summary>SS</summary>X</details></details>", [(1, 5, T)]),
    ],
)
def test_a_closed_details_shows_its_summary_alone(
    stored: str, want: list[tuple[int, int, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    everywhere(f"see {stored} here\n", want, monkeypatch)
