"""A terminal's character sets (issue 12, "what a terminal shows"): after ``ESC ( 0`` xterm,
VTE, tmux and the Linux console (ncurses' ``smacs``, how it draws boxes) draw the characters
0x5F-0x7E from the DEC Special Graphics set -- ``s`` as U+23BD, a horizontal line at the bottom
of the cell, which reads as ``_`` (``DEPLOY ESC(0 s ESC(B OK`` shows ``DEPLOY⎽OK``) --,
until another set is designated there.  The state is the terminal's, not a line's: a set
designated on one line draws the next lines too, so a text holding such a designation is read
whole, as a document whose state changes how the rest of it shows (states.py; a stream of one
blocks, roffstream.StreamGate), and a terminal code that decoding produced (``\\u001b(0`` in a
JSON string, which ``jq -r`` hands a terminal) within its piece (readings.render).

Followed as xterm does (VTE, the Linux console alike): the four sets G0-G3 (``ESC ( F``,
``ESC ) F``, ``ESC * F``, ``ESC + F``; a 96-character set ``ESC - F``, ``ESC . F``, ``ESC / F``
is never the graphics set), the one invoked (SO G1, SI G0, LS2 ``ESC n`` G2, LS3 ``ESC o``
G3), a single shift (SS2 ``ESC N`` and SS3 ``ESC O``, or U+008E and U+008F: the next
character only), the state DECSC and SCOSC save and DECRC and SCORC restore (``ESC 7``,
``ESC 8``, ``CSI s``, ``CSI u``) and RIS (``ESC c``); and, as xterm draws them (379, read off
its screen), the DEC Supplemental Graphic, DEC Technical and ISO Latin-1 sets (``9`` drawn as
``¹``), and GR: a byte over 0x7F drawn from the set G2 holds, or G1 or G3 after LS1R ``ESC ~``
or LS3R ``ESC |`` (``DEPLOY ESC*0`` then the byte 0xF3 and ``OK`` shows ``DEPLOY⎽OK``;
such a byte is read where a legacy reading decodes it, as U+00A0-U+00FE).  (Limits: xterm
then reads a UTF-8 text byte by byte, each drawn from GR: not read; and it applies a single
shift to the whole run of text it is handed, read as the next character only.)  Only the
characters a terminal draws are mapped (a terminal code's own are not), one for one, so every
index of the text drawn is the stored one.  Linear: one pass over the terminal codes, the
stretches between translated at C speed."""

from __future__ import annotations

import functools
import re
from typing import Any

from rehearsal_hook.errors import CannotVerify

# DEC Special Graphics, 0x5F-0x7E (xterm's charsets.c, the VT100's ROM; ``_`` is a blank).
_GRAPHICS = dict(
    zip(
        range(0x5F, 0x7F),
        "\u00a0\u25c6\u2592\u2409\u240c\u240d\u240a\u00b0\u00b1\u2424\u240b\u2518\u2510\u250c\u2514\u253c"
        "\u23ba\u23bb\u2500\u23bc\u23bd\u251c\u2524\u2534\u252c\u2502\u2264\u2265\u03c0\u2260\u00a3\u00b7",
        strict=True,
    )
)
# The other sets xterm (379, its default VT420 level, no NRC mode) draws from, 0x20-0x7E (read
# off its screen, print-screen of each set): the DEC Supplemental Graphic set (``ESC ( % 5``,
# and ``ESC ( <``, the user-preferred one, the same there) -- Latin-1's upper half but for these
# --, the DEC Technical set (``ESC ( >``), and ISO Latin-1's upper half, a 96-character set
# (``ESC - A``, G1-G3).  ``9`` is drawn as ``¹`` from the first and the last, which reads as a
# digit; ``Y`` as a Greek capital upsilon from the second, a look-alike.
_UNDEFINED = "\u2e2e"  # (xterm's mark for a position a set leaves empty)
_SUPPLEMENTAL = {
    **{c: chr(c + 0x80) for c in range(0x20, 0x7F)},
    **dict.fromkeys((0x24, 0x26, 0x2C, 0x2D, 0x2E, 0x2F, 0x34, 0x38, 0x3E, 0x50, 0x5E, 0x70, 0x7E), _UNDEFINED),
    **{0x28: "\u00a4", 0x57: "\u0152", 0x5D: "\u0178", 0x77: "\u0153", 0x7D: "\u00ff"},
}
_TECHNICAL = dict(
    zip(
        range(0x20, 0x7F),
        " \u23b7\u250c\u2500\u2320\u2321\u2502\u23a1\u23a3\u23a4\u23a6\u23a7\u23a9\u23ab\u23ad\u23a8\u23ac"
        + _UNDEFINED * 11
        + "\u2264\u2260\u2265\u222b\u2234\u221d\u221e\xf7\u0394\u2207\u03a6\u0393\u223c\u2243\u0398\xd7"
        "\u039b\u21d4\u21d2\u2261\u03a0\u03a8\u2e2e\u03a3\u2e2e\u2e2e\u221a\u03a9\u039e\u03a5\u2282\u2283"
        "\u2229\u222a\u2227\u2228\xac\u03b1\u03b2\u03c7\u03b4\u03b5\u03c6\u03b3\u03b7\u03b9\u03b8\u03ba"
        "\u03bb\u2e2e\u03bd\u2202\u03c0\u03c8\u03c1\u03c3\u03c4\u2e2e\u0192\u03c9\u03be\u03c5\u03b6"
        "\u2190\u2191\u2192\u2193",
        strict=True,
    )
)
_LATIN_1 = {c: chr(c + 0x80) for c in range(0x20, 0x7F)}
# Each set by its designation's intermediates and final (a 96-character one after ``-``), as
# drawn in GL; in GR (a byte 0xA0-0xFE, which a reading in Latin-1 or windows-1252 decodes to
# U+00A0-U+00FE: xterm draws a byte over 0x7F from the set GR holds, G2 unless LS1R ``ESC ~``
# or LS3R ``ESC |`` invoke another) the character 0x80 below it, as xterm does.
_GL = {"0": _GRAPHICS, "%5": _SUPPLEMENTAL, "<": _SUPPLEMENTAL, ">": _TECHNICAL, "-A": _LATIN_1}
# (each set's GR half: the graphics set's ``_`` only in GL)
_GR = {name: {c + 0x80: v for c, v in gl.items() if not (name == "0" and c == 0x5F)} for name, gl in _GL.items()}
# A designation of such a set to G0-G3: what a text needs for any of this to apply.
# (a C0 control after the ESC or the intermediate is executed, and the code goes on: constructs)
_EXECUTED = r"[\x00-\x09\x0b\x0c\x0e-\x17\x19\x1c-\x1f\x7f]"
_DESIGNATES_S = re.compile(
    r"\x1b" + _EXECUTED + "*+(?:[()*+]" + _EXECUTED + "*+(?:[0<>]|%" + _EXECUTED + "*+5)|[-./]" + _EXECUTED + "*+A)"
)
_DESIGNATES_B = re.compile(_DESIGNATES_S.pattern.encode())


def may_shift(text: str | bytes) -> bool:
    """Whether ``text`` (str, or bytes of an ASCII-compatible encoding) designates the DEC
    Special Graphics set (most text holds no ESC: one search at C speed)."""
    if isinstance(text, str):
        return "\x1b" in text and _DESIGNATES_S.search(text) is not None
    return b"\x1b" in text and _DESIGNATES_B.search(text) is not None


def _escaped_controls() -> str:
    """The controls _EXECUTED holds, stored or written as the escapes that spell the ESC below
    (``\\u0007``, ``\\x07``, ``\\007``; ``\\a``, ``\\b``, ``\\t``, ``\\v``, ``\\f`` as ``\\e``
    is one): a reader decodes them, and the terminal executes them inside the designation."""
    executed = re.compile(_EXECUTED)
    codes = [c for c in range(128) if executed.fullmatch(chr(c))]

    def hex2(c: int) -> str:
        return "".join(f"[{d}{d.upper()}]" if d.isalpha() else d for d in f"{c:02x}")

    spelt = "|".join(f"u00{hex2(c)}|x{hex2(c)}|{c:03o}" for c in codes)
    return _EXECUTED + r"|\\(?:" + spelt + "|[abtvf])"


# A designation a decoding makes (JSON's ``\\u001b(0``; ``\\e(0``, ``\\033(0``, ``\\x1b(0`` in a C or
# YAML string): a reader that prints the decoded values one a line (jq -r) leaves the set to
# the lines after it (jqrows.py blocks such a document), which a stream reads a segment apart -- with
# the controls a terminal executes inside it escaped too (``\\u001b\\u0007(0``), as stored.
@functools.cache
def _escaped(as_bytes: bool) -> re.Pattern[Any]:
    """The escaped designation, compiled where a stream's segment holding a backslash first
    asks (may_shift_decoded): its 2,100 characters cost every command's start 5-6 ms compiled
    for str and bytes at import, and only a stream asks."""
    control = "(?:" + _escaped_controls() + ")*+"  # (the controls executed inside, escaped too)
    parts = (r"\\(?:u001[bB]|x1[bB]|033|[eE])", "(?:[()*+]", "(?:[0<>]|%", "5)|[-./]", "A)")
    source = control.join(parts)
    return re.compile(source.encode() if as_bytes else source)


def may_shift_decoded(text: str | bytes) -> bool:
    """Whether ``text`` (str, or bytes of an ASCII-compatible encoding) holds an escaped
    designation of the graphics set (_escaped; a backslash first, at C speed)."""
    if isinstance(text, str):
        return "\\" in text and _escaped(False).search(text) is not None
    return b"\\" in text and _escaped(True).search(text) is not None


@functools.cache
def _codes() -> re.Pattern[str]:
    """Every terminal code (constructs.TERMINAL: what a terminal draws nothing of) and the
    8-bit shifts SO, SI, SS2 and SS3.  (Imported here: a hook's start pays nothing.)"""
    from rehearsal_hook.scan.constructs import TERMINAL

    return re.compile(TERMINAL + "|[\x0e\x0f\x8e\x8f]")


_DESIGNATION = re.compile(r"\x1b(?:([()*+])|([-./]))([ -/]*+)([0-~])")
_INVOKES = {"\x0e": 1, "\x0f": 0, "\x1bn": 2, "\x1bo": 3}
_INVOKES_RIGHT = {"\x1b~": 1, "\x1b}": 2, "\x1b|": 3}  # (LS1R, LS2R, LS3R: the set GR draws from)
_SINGLE = {"\x1bN": 2, "\x8e": 2, "\x1bO": 3, "\x8f": 3}
_SAVES, _RESTORES = ("\x1b7", "\x1b[s", "\x9bs"), ("\x1b8", "\x1b[u", "\x9bu")
_Sets = list[str | None]  # (the set each of G0-G3 holds, by its _GL name; None for ASCII)


def drawn(text: str) -> str:
    """``text`` as a terminal draws it with the character sets its codes designate and invoke
    (the module's note): each character drawn from another set replaced by its glyph."""
    if not may_shift(text):
        return text
    from rehearsal_hook.scan.cursor import code_parts

    sets = _ascii()
    invoked, right, single = 0, 2, -1  # (GL G0, GR G2: xterm's reset)
    saved: tuple[_Sets, int, int] | None = None
    out: list[str] = []
    last = 0
    for m in _codes().finditer(text):
        stretch = text[last : m.start()]
        out.append(_drawn_stretch(stretch, sets, invoked, right, single))
        if single >= 0 and _first_drawn(stretch) >= 0:
            single = -1  # (spent on the character it shifted)
        out.append(m.group())
        last = m.end()
        executed, code = code_parts(m.group())
        for c in executed:
            if c in "\x0e\x0f":
                invoked = _INVOKES[c]
        if code[0] == "\x9b" or code.startswith("\x1b["):
            # (a CSI executes the C0 controls it holds and goes on, xterm's csi_table: an SO or
            # SI in one invokes a set all the same; a C1 SS2 or SS3 that aborts one shifts)
            for c in code:
                if c in "\x0e\x0f":
                    invoked = _INVOKES[c]
            single = _SINGLE.get(code[-1], single)
        if (d := _DESIGNATION.fullmatch(code)) is not None:
            if d.group(1) is None:  # (a 96-character set: G1-G3)
                sets["-./".index(d.group(2)) + 1] = _named("-" + d.group(4)) if d.group(3) == "" else None
            else:
                sets["()*+".index(d.group(1))] = _named(d.group(3) + d.group(4))
        elif code in _INVOKES:
            invoked = _INVOKES[code]
        elif code in _INVOKES_RIGHT:
            right = _INVOKES_RIGHT[code]
        elif code in _SINGLE:
            single = _SINGLE[code]
        elif code in _SAVES:
            saved = (list(sets), invoked, right)
        elif code in _RESTORES:
            # (xterm restores the defaults where nothing was saved)
            sets, invoked, right = (list(saved[0]), saved[1], saved[2]) if saved is not None else (_ascii(), 0, 2)
        elif code == "\x1bc":
            sets, invoked, right, single, saved = _ascii(), 0, 2, -1, None
    out.append(_drawn_stretch(text[last:], sets, invoked, right, single))
    return "".join(out)


def _ascii() -> _Sets:
    return [None] * 4


def _named(name: str) -> str | None:
    return name if name in _GL else None


def _drawn_stretch(stretch: str, sets: _Sets, invoked: int, right: int, single: int) -> str:
    """A stretch of text between two terminal codes as drawn: the first character from the
    single-shifted set, if any, and the rest from the sets invoked in GL and GR."""
    gl, gr = sets[invoked], sets[right]
    rest = stretch.translate(_table(gl, gr)) if gl is not None or gr is not None else stretch
    if single < 0 or (k := _first_drawn(stretch)) < 0:
        return rest
    shifted = sets[single]
    return rest[:k] + (stretch[k].translate(_GL[shifted]) if shifted is not None else stretch[k]) + rest[k + 1 :]


@functools.cache
def _table(gl: str | None, gr: str | None) -> dict[int, str]:
    """What GL holding set ``gl`` and GR set ``gr`` draw in place of each character."""
    return {**(_GR[gr] if gr is not None else {}), **(_GL[gl] if gl is not None else {})}


def _first_drawn(stretch: str) -> int:
    """Where the first character a terminal draws (no control) stands in ``stretch``, else -1."""
    m = _DRAWN.search(stretch)
    return -1 if m is None else m.start()


_DRAWN = re.compile(r"[^\x00-\x1f\x7f-\x9f]")


def page(text: str) -> list[tuple[str, Any]]:
    """The text a terminal draws of ``text``, if that differs from it, with the stored index of
    each of its characters (its own: the glyphs replace characters one for one)."""
    shown = drawn(text)
    return [(shown, _same)] if shown != text else []


def _same(places: list[int]) -> list[int]:
    return places


def streamed() -> CannotVerify:
    """What a stream holding such a designation raises: each segment is read on its own, and
    the set it designates draws the segments after it."""
    return CannotVerify(
        "unverifiable-reading",
        "a text too large to read whole designates a terminal's graphics character set (ESC ( 0, stored or "
        "escaped): what a terminal draws of the rest of it is read in memory only (the limit of a streamed "
        "reading)",
    )
