"""A terminal's character sets (scan/charsets.py): after ``ESC ( 0`` xterm and VTE draw ``s``
from the DEC Special Graphics set as U+23BD, a line at the bottom of the cell -- an underscore
to a reader (``CUTOVER ESC(0 s ESC(B PASS`` showed the token on ``cat`` and passed).  The
designation is the terminal's state, so a text holding one is read whole; stored or decoded
(``\\u001b(0`` that ``jq -r`` hands a terminal); checked against pyte's VT100 graphics table;
what the tool prints is redacted so too."""

from __future__ import annotations

import pyte
import pytest

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import charsets, segments
from rehearsal_hook.scan.matcher import TokenMatcher, redact_text
from rehearsal_hook.scan.text import scan_bytes, scan_str

from .scanning import found, in_memory, in_memory_only, streamed

M = TokenMatcher()
T = "CUTOVER" + "_PASS"

# Stored designations: text -> findings.  G0 designated and back; G1 invoked by SO; a
# designation on a line before; G2 by a single shift (one character); DECSC/DECRC restoring
# the graphics set; SCOSC/SCORC; a later line of a text whose G0 was never set back.
SHOWN = {
    "CUTOVER\x1b(0s\x1b(BPASS": [(1, 1, T)],
    "x\nCUTOVER\x1b)0\x0es\x0fPASS": [(2, 1, T)],
    "\x1b(0\nCUTOVERsPASS\n": [(2, 1, T)],
    "CUTOVER\x1b(0\x1b7\x1b(B\x1b8sPASS": [(1, 1, T)],
    "CUTOVER\x1b(0\x1b[s\x1b(B\x1b[usPASS": [(1, 1, T)],
    "\x1b(0q\x1b(B CUTOVER\x1b(0s\x1b(BPASS\nok": [(1, 9, T)],
    # (an SO inside a CSI is executed, the CSI goes on; a C1 SS2 that aborts one shifts)
    "CUTOVER\x1b)0\x1b[1\x0emsPASS": [(1, 1, T)],
    "CUTOVER\x1b*0\x1b[1\x8esPASS": [(1, 1, T)],
}
# What a terminal shows otherwise: the set designated back to ASCII, another set (UK), a 96-
# character set invoked, a single shift spent on the character before, a reset (RIS).
NEAR = [
    "CUTOVER\x1b(0\x1b(BsPASS",
    "CUTOVER\x1b(AsPASS",
    "CUTOVER\x1b-0\x0esPASS",
    "CUTOVER\x1b*0\x1bNssPASS",
    "\x1b(0\x1bcCUTOVERsPASS",
]


@pytest.mark.parametrize("text", SHOWN)
def test_a_designated_graphics_set_draws_an_underscore(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    in_memory_only(text, SHOWN[text], monkeypatch, "graphics character set", ("utf-8", "utf-16"))


@pytest.mark.parametrize("text", NEAR)
def test_other_sets_draw_no_token(text: str) -> None:
    in_memory(text, [])


def test_decoded_designations_are_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    """``jq -r`` and ``echo -e`` hand a terminal the ESC a string escape decodes to.  A stream
    blocks on one (the set it leaves may draw a row a later segment holds: jqrows.py)."""
    shown = {
        '{"a": "CUTOVER\\u001b(0s\\u001b(BPASS"}': [(1, 8, T)],
        'echo -e "CUTOVER\\e(0s\\e(BPASS"': [(1, 10, T)],
        'printf "CUTOVER\\E(0s\\E(BPASS"': [(1, 9, T)],  # (bash's printf: \E an ESC too)
        'x = "CUTOVER\\033)0\\016s\\017PASS"': [(1, 6, T)],
        'x = "CUTOVER\\e(0\\e(BsPASS"': [],
        # (a control after the ESC or the intermediate is executed and the code goes on, escaped
        # as stored: charsets._DESIGNATES_S)
        '{"a": "CUTOVER\\u001b\\u0007(0s\\u001b(BPASS"}': [(1, 8, T)],
        '{"a": "CUTOVER\\u001b(\\u00070s\\u001b(BPASS"}': [(1, 8, T)],
        'x = "CUTOVER\\033\\a)0\\016s\\017PASS"': [(1, 6, T)],
        'x = "CUTOVER\\x1b\\x00(0s\\x1b(BPASS"': [(1, 6, T)],
    }
    for text, want in shown.items():
        in_memory_only(text, want, monkeypatch, "graphics character set", ("utf-8", "utf-16"))


def test_a_decoded_designation_that_draws_later_json_values_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """``jq -r '.a, .b'`` prints each value on a row of its own, and the set the first
    designates draws the second: ``CUTOVER⎽PASS`` on the second row (jqrows.py: which values
    follow depends on the filter, so the document blocks).  One that sets the set back within
    its value draws nothing after it."""
    docs = ['{"a": "\\u001b(0",\n "b": "CUTOVERsPASS"}', '["\\u001b)0\\u000e", "CUTOVERsPASS"]']
    docs += ['{"a": "\\u001b\\u0007(0",\n "b": "CUTOVERsPASS"}', '{"a": "\\u001b(\\u007f0",\n "b": "CUTOVERsPASS"}']
    for doc in docs:
        with pytest.raises(CannotVerify, match="graphics character set") as caught:
            found(doc.encode())
        assert caught.value.code == "unverifiable-reading"
        with pytest.raises(CannotVerify, match="graphics character set"):
            scan_str(M, doc)
        monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
        with pytest.raises(CannotVerify, match="graphics character set"):
            streamed(doc.encode(), 5)
    in_memory('{"a": "\\u001b(0q\\u001b(B",\n "b": "CUTOVERsPASS"}', [])


def test_drawn_as_pyte_draws_it() -> None:
    """charsets.drawn against pyte (a VT100 emulator; with UTF-8 off, since pyte follows the
    Linux console, which ignores designations in UTF-8 mode, while xterm and VTE do not; pyte
    has no SCOSC, which xterm's CursorSave serves as it serves DECSC, no G2, G3 or 96-character
    sets, its G1 is the Linux console's graphics set where xterm's is ASCII, and it ends a CSI
    at an SO where xterm's csi_table executes the SO and goes on)."""
    unknown = ("\x1b[s", "\x1b-", "\x1b*", "\x1b[1\x0e")
    for text in [t for t in [*SHOWN, *NEAR] if not any(u in t for u in unknown)]:
        for line in text.split("\n"):
            screen = pyte.Screen(400, 2)
            stream = pyte.Stream(screen)
            stream.use_utf8 = False
            stream.feed(line)
            ours = "".join(c for k, c in enumerate(charsets.drawn(line)) if _drawn_at(line, k))
            assert screen.display[0].rstrip() == ours.rstrip(), repr(line)


def test_the_graphics_table_is_the_vt100s() -> None:
    """0x5F-0x7E as pyte's VT100 table draws them, but 0x68, which xterm draws as the VT100 did
    (U+2424, the newline symbol) and pyte as the Linux console does (a shaded block).  (The
    console also draws ``+,-.0`` as arrows and a block: no token's characters either way.)"""
    stored = "".join(chr(c) for c in range(0x5F, 0x7F))
    ours = charsets.drawn("\x1b(0" + stored)[3:]
    theirs = stored.translate(pyte.charsets.VT100_MAP).replace("\u2591", "\u2424")
    assert ours == theirs


def _drawn_at(line: str, k: int) -> bool:
    """Whether character ``k`` of ``line`` is one a terminal draws (not a code's, no control)."""
    covered = {i for m in charsets._codes().finditer(line) for i in range(m.start(), m.end())}
    return k not in covered and line[k] >= " "


def test_bytes_that_are_not_text_are_not_read_whole() -> None:
    """Random bytes hold ``ESC ( 0`` once in 16 MiB, and read as one text their cursor codes
    would block: a terminal shows their text runs (textruns.py)."""
    data = b"\x00\xff\x1b(0 \x1b6 CUTOVERsPASS"
    assert scan_bytes(M, data) == []


def test_what_the_tool_prints_is_redacted_as_drawn() -> None:
    for text in [*SHOWN, "CUTOVER\\e(0s\\e(BPASS", "path/CUTOVER\x1b)0\x0es\x0fPASS.txt"]:
        out = redact_text(M, text)
        assert not scan_str(M, out), (text, out)
        assert not scan_str(M, charsets.drawn(out)), (text, out)


def test_found_in_a_file_name() -> None:
    from rehearsal_hook.checks.engine import name_hits

    assert [h.token for h in name_hits(M, "dir/CUTOVER\x1b(0s\x1b(BPASS.txt")] == [T]
    assert found(b"msg: CUTOVER\x1b(0s\x1b(BPASS") == [(1, 6, T)]


# Read off xterm 379's screen (Debian 12, its default VT420 level, UTF-8; print-screen ``CSI i``
# of 0x20-0x7E drawn from each set): the DEC Supplemental Graphic set (``ESC ( % 5``, and
# ``ESC ( <``), the DEC Technical set (``ESC ( >``), ISO Latin-1's upper half (``ESC - A``, SO).
XTERM_379 = {
    "\x1b(%5": "\xa0\xa1\xa2\xa3\u2e2e\xa5\u2e2e\xa7\xa4\xa9\xaa\xab\u2e2e\u2e2e\u2e2e\u2e2e\xb0\xb1\xb2\xb3\u2e2e\xb5\xb6\xb7\u2e2e\xb9\xba\xbb\xbc\xbd\u2e2e\xbf\xc0\xc1\xc2\xc3\xc4\xc5\xc6\xc7\xc8\xc9\xca\xcb\xcc\xcd\xce\xcf\u2e2e\xd1\xd2\xd3\xd4\xd5\xd6\u0152\xd8\xd9\xda\xdb\xdc\u0178\u2e2e\xdf\xe0\xe1\xe2\xe3\xe4\xe5\xe6\xe7\xe8\xe9\xea\xeb\xec\xed\xee\xef\u2e2e\xf1\xf2\xf3\xf4\xf5\xf6\u0153\xf8\xf9\xfa\xfb\xfc\xff\u2e2e",
    "\x1b(<": "\xa0\xa1\xa2\xa3\u2e2e\xa5\u2e2e\xa7\xa4\xa9\xaa\xab\u2e2e\u2e2e\u2e2e\u2e2e\xb0\xb1\xb2\xb3\u2e2e\xb5\xb6\xb7\u2e2e\xb9\xba\xbb\xbc\xbd\u2e2e\xbf\xc0\xc1\xc2\xc3\xc4\xc5\xc6\xc7\xc8\xc9\xca\xcb\xcc\xcd\xce\xcf\u2e2e\xd1\xd2\xd3\xd4\xd5\xd6\u0152\xd8\xd9\xda\xdb\xdc\u0178\u2e2e\xdf\xe0\xe1\xe2\xe3\xe4\xe5\xe6\xe7\xe8\xe9\xea\xeb\xec\xed\xee\xef\u2e2e\xf1\xf2\xf3\xf4\xf5\xf6\u0153\xf8\xf9\xfa\xfb\xfc\xff\u2e2e",
    "\x1b(>": " \u23b7\u250c\u2500\u2320\u2321\u2502\u23a1\u23a3\u23a4\u23a6\u23a7\u23a9\u23ab\u23ad\u23a8\u23ac\u2e2e\u2e2e\u2e2e\u2e2e\u2e2e\u2e2e\u2e2e\u2e2e\u2e2e\u2e2e\u2e2e\u2264\u2260\u2265\u222b\u2234\u221d\u221e\xf7\u0394\u2207\u03a6\u0393\u223c\u2243\u0398\xd7\u039b\u21d4\u21d2\u2261\u03a0\u03a8\u2e2e\u03a3\u2e2e\u2e2e\u221a\u03a9\u039e\u03a5\u2282\u2283\u2229\u222a\u2227\u2228\xac\u03b1\u03b2\u03c7\u03b4\u03b5\u03c6\u03b3\u03b7\u03b9\u03b8\u03ba\u03bb\u2e2e\u03bd\u2202\u03c0\u03c8\u03c1\u03c3\u03c4\u2e2e\u0192\u03c9\u03be\u03c5\u03b6\u2190\u2191\u2192\u2193",
    "\x1b-A\x0e": "\xa0\xa1\xa2\xa3\xa4\xa5\xa6\xa7\xa8\xa9\xaa\xab\xac\xad\xae\xaf\xb0\xb1\xb2\xb3\xb4\xb5\xb6\xb7\xb8\xb9\xba\xbb\xbc\xbd\xbe\xbf\xc0\xc1\xc2\xc3\xc4\xc5\xc6\xc7\xc8\xc9\xca\xcb\xcc\xcd\xce\xcf\xd0\xd1\xd2\xd3\xd4\xd5\xd6\xd7\xd8\xd9\xda\xdb\xdc\xdd\xde\xdf\xe0\xe1\xe2\xe3\xe4\xe5\xe6\xe7\xe8\xe9\xea\xeb\xec\xed\xee\xef\xf0\xf1\xf2\xf3\xf4\xf5\xf6\xf7\xf8\xf9\xfa\xfb\xfc\xfd\xfe",
}


@pytest.mark.parametrize("designation", XTERM_379)
def test_the_other_sets_are_drawn_as_xterm_draws_them(designation: str) -> None:
    stored = "".join(chr(c) for c in range(0x20, 0x7F))
    assert charsets.drawn(designation + stored)[len(designation) :] == XTERM_379[designation]


# Drawn from those sets in xterm 379 (print-screen): ``9`` as ``¹``, a digit to a reader --
# stored, ``QT009_PASS`` is a word of its own --, and a byte over 0x7F from the set GR holds
# (G2 unless LS1R or LS3R invoke another): 0xF3 from the graphics set is ``⎽`` (missed before
# round 5: the graphics set was read in GL only, and the other sets not at all).
OTHER_SETS = {
    "QT00\x1b-A\x0e9\x0f_PASS": [(1, 1, "QT001_PASS"), (1, 1, "QT009_PASS")],
    "QT00\x1b(<9\x1b(B_PASS": [(1, 1, "QT001_PASS"), (1, 1, "QT009_PASS"), (1, 11, "B_PASS")],
    "QT00\x1b(%59\x1b(B_PASS": [(1, 1, "QT001_PASS"), (1, 1, "QT009_PASS"), (1, 12, "B_PASS")],
}


@pytest.mark.parametrize("text", OTHER_SETS)
def test_another_set_draws_a_digit(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    in_memory_only(text, OTHER_SETS[text], monkeypatch, "graphics character set", ("utf-8", "utf-16"))


@pytest.mark.parametrize(
    "data",
    [b"CUTOVER\x1b*0\xf3PASS", b"CUTOVER\x1b)0\x1b~\xf3PASS", b"x\nCUTOVER\x1b+0\x1b|\xf3PASS\n"],
    ids=["g2", "ls1r", "ls3r"],
)
def test_a_byte_drawn_from_the_set_gr_holds(data: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    line = data.count(b"\n", 0, data.index(b"CUTOVER")) + 1
    assert found(data) == [(line, 1, T)]
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    with pytest.raises(CannotVerify, match="graphics character set"):
        streamed(data, 5)


def test_a_byte_gr_draws_from_ascii_stays() -> None:
    assert found(b"CUTOVER\x1b(0\x1b(B\xf3PASS") == []
    assert found(b"CUTOVER\x1b*0\x1b}\x1b*B\xf3PASS") == []
