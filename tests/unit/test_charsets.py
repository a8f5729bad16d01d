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
