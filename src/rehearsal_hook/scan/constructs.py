"""Constructs that vanish when rendered, of any length: HTML comments and tags (which may span
lines), terminal codes (CSI and OSC, any length, within a line) and backspaces.

A browser, a Markdown renderer or a terminal removes such a construct whatever its length and
joins the word before it to the word after it, so the rendered reading (readings.py) removes
every closed one; an unclosed one is text.  Finding them stays linear: every pattern is
possessive or stops at the next character that could start another attempt (a tag at the next
``<`` or ``>``, an OSC at the next ESC, BEL or line break), and a comment opener with no
``-->`` after it -- it can never close -- is made inert before searching (``inert_openers``),
so that no search runs to the end of the text once per opener.

Where a line may be cut without changing a reading (cuts.py) depends on these spans: never
inside a construct, never where a construct may still be open at the end of what was read so
far (``open_start``), and never where a backspace after the cut could reach back before it
(``backspace_zones``).
"""

from __future__ import annotations

import bisect
import re
from typing import Any

# A terminal's control sequences: CSI (colours), OSC (titles, links) and the string controls of
# any length, within a line, and two-byte escapes.
# The string controls DCS, SOS, PM and APC (ESC P, X, ^, _) up to ST swallow what they hold too
# (xterm and VTE print none of it).
TERMINAL = (
    r"\x1b(?:\[[0-?]*+[ -/]*+[@-~]|\][^\x07\x1b\r\n]*+(?:\x07|\x1b\\)|[PX^_][^\x1b\r\n]*+\x1b\\"
    r"|[ -/]{0,4}[0-~])"
)
# An HTML comment or tag, after its ``<``: any length, across lines (a tag ends at its ``>``
# and holds no ``<``).
TAG_BODY = r"/?[A-Za-z][A-Za-z0-9-]*+(?:[\s/][^<>]*+)?>"
TAG = r"(?:!--[\s\S]*?-->|" + TAG_BODY + ")"
# The constructs that can be longer than a cut keeps away from a trigger, or span a line
# break: what a cut must never fall inside.  (String escapes and references are short, and
# the escaped line break is judged where units are built.)
_SPANNING_S = re.compile("<" + TAG + "|" + TERMINAL)
_SPANNING_B = re.compile(("<" + TAG + "|" + TERMINAL).encode())

# What makes or decodes to a backspace (an over-approximation: a cut only keeps further away).
_BACKSPACE = r"\x08|\\(?:b|x08|u0008|U00000008|u\{0*8\}|0?10|N\{BACKSPACE\})|&#(?:0*8|[xX]0*8)(?![0-9A-Fa-f])|%08"
_BACKSPACE_S = re.compile(_BACKSPACE)
_BACKSPACE_B = re.compile(_BACKSPACE.encode())
_LINE_END_S = re.compile(r"\r\n|\r|\n")
_LINE_END_B = re.compile(rb"\r\n|\r|\n")

# What may still become a construct at the end of a buffer: a tag, a terminal code (an OSC
# whose ST has only its ESC so far), or the first characters of a comment opener.
_OPEN_TAG_S = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9-]*+(?:[\s/][^<>]*+)?|/|!-?)?\Z")
_OPEN_TAG_B = re.compile(_OPEN_TAG_S.pattern.encode())
_OPEN_TERMINAL = r"\x1b(?:\[[0-?]*+[ -/]*+|\][^\x07\x1b\r\n]*+\x1b?|[PX^_][^\x1b\r\n]*+\x1b?|[ -/]{0,4})\Z"
_OPEN_TERMINAL_S = re.compile(_OPEN_TERMINAL)
_OPEN_TERMINAL_B = re.compile(_OPEN_TERMINAL.encode())


def inert_openers(buf: Any) -> Any:
    """``buf`` (str or bytes) with every comment opener that no ``-->`` follows made inert
    (``<!--`` read as ``<!-!``: the same length, and text either way, since it never closes)."""
    opener, close, inert = ("<!--", "-->", "<!-!") if isinstance(buf, str) else (b"<!--", b"-->", b"<!-!")
    if opener[:1] not in buf:  # (memchr speed; a search for the whole opener is far slower)
        return buf
    k = max(0, buf.rfind(close) - 3)
    if buf.find(opener, k) == -1:
        return buf
    return buf[:k] + buf[k:].replace(opener, inert)


def spans(buf: Any, start: int = 0, stop: int | None = None) -> list[tuple[int, int]]:
    """The closed comments, tags and terminal codes of ``buf`` (str or bytes) that start in
    ``[start, stop)``, as (start, end), read from ``start`` (which must not be inside one)."""
    if not any(c in buf for c in (("<", "\x1b") if isinstance(buf, str) else (b"<", b"\x1b"))):
        return []
    pattern = _SPANNING_S if isinstance(buf, str) else _SPANNING_B
    stop = len(buf) if stop is None else stop
    out: list[tuple[int, int]] = []
    for m in pattern.finditer(inert_openers(buf), start):
        if m.start() >= stop:
            break
        out.append((m.start(), m.end()))
    return out


def inside(found: list[tuple[int, int]], starts: list[int], p: int) -> bool:
    """Whether offset ``p`` lies strictly inside one of ``found`` (sorted, with their starts),
    or just after its last character (a cut after a construct's ``>`` is no cut after text)."""
    k = bisect.bisect_left(starts, p) - 1
    return k >= 0 and found[k][1] >= p


def open_start(buf: Any) -> int:
    """Where the earliest construct that may still close after the end of ``buf`` begins (no
    cut after it yet), else ``len(buf)``: a comment opener no ``-->`` follows, the last
    ``<`` if a tag may still end, the last ESC (or the one before it) if a terminal code may."""
    is_str = isinstance(buf, str)
    start = len(buf)
    opener, close = ("<!--", "-->") if is_str else (b"<!--", b"-->")
    if opener[:1] not in buf:  # (memchr speed: no tag or comment at all)
        k = lt = -1
    else:
        k = buf.find(opener)
        lt = buf.rfind(opener[:1])
    if k != -1:
        k = buf.find(opener, max(k, buf.rfind(close) - 3))
    if k != -1:
        start = k
    if lt != -1 and (_OPEN_TAG_S if is_str else _OPEN_TAG_B).match(buf, lt):
        start = min(start, lt)
    esc = buf.rfind("\x1b" if is_str else b"\x1b")
    terminal = _OPEN_TERMINAL_S if is_str else _OPEN_TERMINAL_B
    for e in (esc, buf.rfind("\x1b" if is_str else b"\x1b", 0, esc) if esc > 0 else -1):
        if e != -1 and terminal.match(buf, e):
            start = min(start, e)
    return start


def backspace_zones(buf: Any) -> list[tuple[int, int]]:
    """Where no cut may fall for the backspaces of ``buf``: in each line holding one, from the
    line's start to as many characters after its last backspace as the line holds backspaces
    (the cursor can then be nowhere but at the end of what was written).  Sorted."""
    is_str = isinstance(buf, str)
    pattern = _BACKSPACE_S if is_str else _BACKSPACE_B
    # (Each backspace form starts with one of these: single characters, found at memchr speed;
    # the regex, or a search for "&#", ran at a fiftieth of it.)
    if not any(c in buf for c in (("\x08", "\\", "&", "%") if is_str else (b"\x08", b"\\", b"&", b"%"))):
        return []
    if pattern.search(buf) is None:
        return []
    line_end = _LINE_END_S if is_str else _LINE_END_B
    zones: list[tuple[int, int]] = []
    line_start, count, last = 0, 0, 0
    for m in pattern.finditer(buf):
        # (Line ends searched only between backspaces: linear however long the line.)
        ends = [e.end() for e in line_end.finditer(buf, last, m.start())]
        if ends:
            if count:
                zones.append((line_start, last + count))
            line_start, count = ends[-1], 0
        count += 1
        last = m.end()
    zones.append((line_start, last + count))
    return zones


def unit_end(text: str, searchable: str, ls: int, p: int) -> int:
    """The end of the unit read as one from line start ``ls`` (``p`` in its first line): the
    line, extended over every line break that a construct spans -- an escaped line break (the
    rendered reading joins the next line), a comment or tag across lines.  ``searchable`` is
    ``inert_openers(text)``, made once per text."""
    from rehearsal_hook.scan.readings import construct_pattern

    pattern = construct_pattern(True)
    pos = ls
    while True:
        m = _LINE_END_S.search(text, p)
        if m is None:
            return len(text)
        le = m.start()
        if not _may_cross(text, pos, le):
            return le
        crossing = None
        for c in pattern.finditer(searchable, pos, _crossing_limit(searchable, pos, le)):
            if c.start() >= le:
                break
            if c.end() > le:
                crossing = c
                break
        if crossing is None:
            return le
        pos = p = crossing.end()


_BREAK_AND_BLANKS = re.compile(r"(?:\r\n|\r|\n)[ \t]*")


def _crossing_limit(searchable: str, pos: int, le: int) -> int:
    """How far a construct that starts in ``[pos, le)`` can reach: an escaped line break to
    the blanks after the break at ``le``; a tag from the last ``<`` before ``le`` to the first
    ``>`` after it, if no ``<`` comes first (a tag holds none); a comment from the last live
    opener before ``le`` to the first ``-->`` after it; nothing else spans a line end.  The
    search for a crossing construct stops there: unbounded, it ran on to the end of the text
    once per line when no construct followed (48 KB of ``a<!--`` lines: 23 s)."""
    limit = le
    m = _BREAK_AND_BLANKS.match(searchable, le)
    if m is not None:
        limit = m.end()
    lt = searchable.rfind("<", pos, le)
    if lt != -1:
        gt = searchable.find(">", le)
        if gt != -1 and searchable.find("<", le, gt) == -1:
            limit = max(limit, gt + 1)
        opener = searchable.rfind("<!--", pos, le)
        close = searchable.find("-->", opener + 4) if opener != -1 else -1
        if close != -1:
            limit = max(limit, close + 3)
    return limit


def _may_cross(text: str, pos: int, le: int) -> bool:
    """Whether a construct read from ``pos`` may span the line end at ``le``: a backslash
    before it, a last ``<`` with no ``>`` after it (a tag holds no ``<``), or a last comment
    opener with no ``-->`` after it (an earlier one closes no later than that one would) --
    a cheap test, so that most lines are not searched for constructs twice."""
    if text[le - 1 : le] == "\\":
        return True
    lt = text.rfind("<", pos, le)
    if lt == -1:
        return False
    if text.find(">", lt, le) == -1:
        return True
    opener = text.rfind("<!--", pos, le)
    return opener != -1 and text.find("-->", opener + 4, le) == -1
