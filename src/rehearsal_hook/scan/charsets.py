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
``ESC 8``, ``CSI s``, ``CSI u``) and RIS (``ESC c``).  Only the characters a terminal draws
are mapped (a terminal code's own are not), one for one, so every index of the text drawn is
the stored one.  Linear: one pass over the terminal codes, the stretches between translated at
C speed."""

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
# A designation of the graphics set to G0-G3: what a text needs for any of this to apply.
# (a C0 control after the ESC or the intermediate is executed, and the code goes on: constructs)
_EXECUTED = r"[\x00-\x09\x0b\x0c\x0e-\x17\x19\x1c-\x1f\x7f]"
_DESIGNATES_S = re.compile(r"\x1b" + _EXECUTED + "*+[()*+]" + _EXECUTED + "*+0")
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
_ESCAPED_CONTROL = "(?:" + _escaped_controls() + ")*+"
_ESCAPED_S = re.compile(r"\\(?:u001[bB]|x1[bB]|033|e)" + _ESCAPED_CONTROL + "[()*+]" + _ESCAPED_CONTROL + "0")
_ESCAPED_B = re.compile(_ESCAPED_S.pattern.encode())


def may_shift_decoded(text: str | bytes) -> bool:
    """Whether ``text`` (str, or bytes of an ASCII-compatible encoding) holds an escaped
    designation of the graphics set (_ESCAPED_S; a backslash first, at C speed)."""
    if isinstance(text, str):
        return "\\" in text and _ESCAPED_S.search(text) is not None
    return b"\\" in text and _ESCAPED_B.search(text) is not None


@functools.cache
def _codes() -> re.Pattern[str]:
    """Every terminal code (constructs.TERMINAL: what a terminal draws nothing of) and the
    8-bit shifts SO, SI, SS2 and SS3.  (Imported here: a hook's start pays nothing.)"""
    from rehearsal_hook.scan.constructs import TERMINAL

    return re.compile(TERMINAL + "|[\x0e\x0f\x8e\x8f]")


_DESIGNATION = re.compile(r"\x1b([()*+])([ -/]*+)([0-~])|\x1b[-./][ -/]*+[0-~]")
_INVOKES = {"\x0e": 1, "\x0f": 0, "\x1bn": 2, "\x1bo": 3}
_SINGLE = {"\x1bN": 2, "\x8e": 2, "\x1bO": 3, "\x8f": 3}
_SAVES, _RESTORES = ("\x1b7", "\x1b[s", "\x9bs"), ("\x1b8", "\x1b[u", "\x9bu")


def drawn(text: str) -> str:
    """``text`` as a terminal draws it with the character sets its codes designate and invoke
    (the module's note): each character drawn from the graphics set replaced by its glyph."""
    if not may_shift(text):
        return text
    from rehearsal_hook.scan.cursor import code_parts

    graphics = [False] * 4  # (which of G0-G3 holds the graphics set)
    invoked, single = 0, -1
    saved: tuple[list[bool], int] | None = None
    out: list[str] = []
    last = 0
    for m in _codes().finditer(text):
        stretch = text[last : m.start()]
        out.append(_drawn_stretch(stretch, graphics, invoked, single))
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
                graphics["-./".index(code[1]) + 1] = False
            else:
                graphics["()*+".index(d.group(1))] = d.group(2) == "" and d.group(3) == "0"
        elif code in _INVOKES:
            invoked = _INVOKES[code]
        elif code in _SINGLE:
            single = _SINGLE[code]
        elif code in _SAVES:
            saved = (list(graphics), invoked)
        elif code in _RESTORES:
            # (xterm restores the defaults where nothing was saved)
            graphics, invoked = (list(saved[0]), saved[1]) if saved is not None else ([False] * 4, 0)
        elif code == "\x1bc":
            graphics, invoked, single, saved = [False] * 4, 0, -1, None
    out.append(_drawn_stretch(text[last:], graphics, invoked, single))
    return "".join(out)


def _drawn_stretch(stretch: str, graphics: list[bool], invoked: int, single: int) -> str:
    """A stretch of text between two terminal codes as drawn: the first character from the
    single-shifted set, if any, and the rest from the set invoked."""
    rest = stretch.translate(_GRAPHICS) if graphics[invoked] else stretch
    if single < 0 or (k := _first_drawn(stretch)) < 0:
        return rest
    return rest[:k] + (stretch[k].translate(_GRAPHICS) if graphics[single] else stretch[k]) + rest[k + 1 :]


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
