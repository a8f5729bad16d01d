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
(``backspaces.backspace_zones``).
"""

from __future__ import annotations

import bisect
import functools
import heapq
import re
from collections.abc import Iterator
from typing import Any

from rehearsal_hook.scan import details, mathml, tags
from rehearsal_hook.scan.elements import (
    OVERRIDE_TAG_S,
    as_bdo,
    hidden_elements,
    may_hide,
    merged,
)
from rehearsal_hook.scan.elements import (
    POP_MARK as POP_MARK,  # (readings reads its tag)
)
from rehearsal_hook.scan.patterns import compiled

# A terminal's control functions as xterm and VTE consume them (ECMA-48 and the DEC parser),
# of any length, within a line: CSI (colours), OSC (titles, links, ended by BEL or ST) and the
# string controls DCS, SOS, PM and APC (ended by ST), each opened by ESC and a character or by
# its 8-bit C1 form (U+009B CSI, U+009D OSC, U+0090 DCS, U+0098 SOS, U+009E PM, U+009F APC),
# then two-byte escapes.  A C0 control inside a CSI is executed and the sequence goes on
# (``ESC [ 3 BEL 1 m`` is SGR 31: readings keeps the executed controls); CAN, SUB or another
# C1 control aborts a sequence, and the next ESC or C1 opener ends it (what it held vanishes
# either way).  The bytes forms are the same over UTF-8 (a C1 control is C2 80..9F there).
_C0_IN_CSI = r"\x00-\x09\x0b\x0c\x0e-\x17\x19\x1c-\x1f\x7f"
# ... and so is one right after the ESC or among a two-byte escape's intermediates (xterm's
# esc_table and VTE's parser execute it there too): ``ESC BEL 7`` saves the cursor, ``ESC ( BEL 0``
# designates the graphics set.  cursor.code_parts takes the executed ones out.
_ESC = r"\x1b[" + _C0_IN_CSI + r"]*+"
C1_OPENERS = "\x90\x98\x9b\x9d\x9e\x9f"
OPENER_S = r"[\x1b\x90\x98\x9b\x9d\x9e\x9f]"  # (what starts a terminal code: cuts.py too)
_ABORT_S = r"[\x18\x1a\x80-\x8f\x91-\x97\x99\x9a\x9c]"
_END_S = "(?:" + _ABORT_S + "|(?=" + OPENER_S + "))"
_CSI_S = r"(?:" + _ESC + r"\[|\x9b)[" + _C0_IN_CSI + r" -?]*+(?:[@-~]|" + _END_S + ")"
_OSC_BODY_S = r"[^\x07\n\r\x18\x1a\x1b\x80-\x9f]*+"
_STRING_BODY_S = r"[^\n\r\x18\x1a\x1b\x80-\x9f]*+"
_OSC_S = r"(?:" + _ESC + r"\]|\x9d)" + _OSC_BODY_S + r"(?:\x07|" + _END_S + ")"
_STRING_S = r"(?:" + _ESC + r"[PX^_]|[\x90\x98\x9e\x9f])" + _STRING_BODY_S + _END_S
_TWO_BYTE = _ESC + r"(?:[ -/][" + _C0_IN_CSI + r"]*+){0,4}[0-~]"
TERMINAL = "(?:" + "|".join((_CSI_S, _OSC_S, _STRING_S, _TWO_BYTE)) + ")"
_OPENER_B = rb"(?:\x1b|\xc2[\x90\x98\x9b\x9d\x9e\x9f])"
_END_B = rb"(?:[\x18\x1a]|\xc2[\x80-\x8f\x91-\x97\x99\x9a\x9c]|(?=" + _OPENER_B + rb"))"
_CSI_B = rb"(?:" + _ESC.encode() + rb"\[|\xc2\x9b)[" + _C0_IN_CSI.encode() + rb" -?]*+(?:[@-~]|" + _END_B + rb")"
_OSC_BODY_B = rb"(?:[^\x07\n\r\x18\x1a\x1b\xc2]|\xc2[^\x80-\x9f])*+"
_STRING_BODY_B = rb"(?:[^\n\r\x18\x1a\x1b\xc2]|\xc2[^\x80-\x9f])*+"
_OSC_B = rb"(?:" + _ESC.encode() + rb"\]|\xc2\x9d)" + _OSC_BODY_B + rb"(?:\x07|" + _END_B + rb")"
_STRING_B = rb"(?:" + _ESC.encode() + rb"[PX^_]|\xc2[\x90\x98\x9e\x9f])" + _STRING_BODY_B + _END_B
TERMINAL_B = b"(?:" + b"|".join((_CSI_B, _OSC_B, _STRING_B, _TWO_BYTE.encode())) + b")"
_C1_OPENER_S = re.compile(f"[{C1_OPENERS}]")
_C1_OPENER_B = re.compile(rb"\xc2[\x90\x98\x9b\x9d\x9e\x9f]")


def has_c1_opener(buf: Any) -> bool:
    """Whether ``buf`` (str, or UTF-8 bytes) holds an 8-bit C1 opener (an ASCII one holds none:
    the test costs plain text one isascii)."""
    if buf.isascii():
        return False
    if isinstance(buf, str):
        return _C1_OPENER_S.search(buf) is not None
    return _C1_OPENER_B.search(buf) is not None


def _has_terminal(buf: Any) -> bool:
    return ("\x1b" if isinstance(buf, str) else b"\x1b") in buf or has_c1_opener(buf)


# An HTML comment, bogus comment or tag after its ``<`` (tags.py), in a text inert_openers made.
TAG = tags.MARKED_S.tag
_TAG_B = tags.MARKED_B.tag
# A comment opener that is not a whole comment itself, and the last place a comment can close.
_LIVE_OPENER_S = re.compile(r"<!--(?!-?>)")
_LIVE_OPENER_B = re.compile(rb"<!--(?!-?>)")


def last_comment_close(buf: Any, start: int = 0, end: int | None = None) -> int:
    """Where the last ``-->`` or ``--!>`` in ``buf[start:end]`` starts, else -1."""
    close, bang = ("-->", "--!>") if isinstance(buf, str) else (b"-->", b"--!>")
    end = len(buf) if end is None else end
    return int(max(buf.rfind(close, start, end), buf.rfind(bang, start, end)))


def first_comment_close(buf: Any, start: int, end: int | None = None) -> tuple[int, int]:
    """Where the first ``-->`` or ``--!>`` in ``buf[start:end]`` starts and its length, else (-1, 0)."""
    close, bang = ("-->", "--!>") if isinstance(buf, str) else (b"-->", b"--!>")
    end = len(buf) if end is None else end
    found = [(k, len(c)) for c in (close, bang) if (k := buf.find(c, start, end)) != -1]
    return min(found) if found else (-1, 0)


# The constructs that can be longer than a cut keeps away from a trigger, or span a line
# break: what a cut must never fall inside.  (String escapes and references are short, and
# the escaped line break is judged where units are built.)
# An element a browser does not show (the ``hidden`` attribute, an inline style that hides it:
# styles.py, an element such as ``<script>``: _UNSHOWN), from
# its opening tag to its matching closing tag, contents and all: ``inert_openers`` marks each
# outermost one -- its ``<`` and its closing tag's ``>`` replaced by HIDE_OPEN and HIDE_CLOSE,
# characters the searched text holds nowhere else -- so that one possessive pattern finds it,
# whatever its length and nesting.
HIDE_OPEN, HIDE_CLOSE = "\uf8fe", "\uf8ff"
_HIDE_OPEN_B, _HIDE_CLOSE_B = b"\xfe", b"\xff"  # (never in UTF-8)
HIDDEN = HIDE_OPEN + "[^" + HIDE_CLOSE + "]*+" + HIDE_CLOSE
_HIDDEN_B = _HIDE_OPEN_B + b"[^" + _HIDE_CLOSE_B + b"]*+" + _HIDE_CLOSE_B
# The markup spans (tags, comments, hidden elements) and the terminal codes: searched apart,
# since they can overlap -- a terminal code's last character can open a tag or comment
# (``ESC <!---->``: a Markdown renderer removes the comment, and a terminal then reads
# ``ESC _``, found by hypothesis: test_a_reading_cut_changes_no_finding).
_MARKUP_SPANS_S = re.compile("<" + TAG + "|" + HIDDEN)
_MARKUP_SPANS_B = re.compile(("<" + _TAG_B + "|").encode() + _HIDDEN_B)
# Perl's, Ruby's (``\C-h`` too) and bash's control escape: any printable character, its upper bits cleared
# (``\cH``, ``\c(`` a backspace, ``\c[`` an ESC, ``\c1`` a DC1; ``\c?`` DEL); ``\E`` an ESC to bash, printf,
# ``echo -e``; their octal ``\0137`` an ``_``; Ruby's meta escape, the character's top bit set -- ``\M-a`` the
# byte E1, ``\M-\C-[`` (``\M-\c[``, ``\C-\M-[``, ``\c\M-[``) 9B, CSI on a terminal that acts on C1, ``\M-\C-a``
# 81, a control none prints (ruby 3.1's bytes; readings reads the byte as its Latin-1 character): the terminal
# reading's only (readings.construct_pattern; no group).
CONTROL_ESCAPE = r"\\(?:M-(?:\\(?:c|C-))?[!-~]|(?:c|C-)\\M-[!-~]|(?:c|C-)[!-~]|E|0[0-7]{3})"


def control_value(escape: str) -> str:
    """What a CONTROL_ESCAPE but the octal one reads as: its character, its upper bits cleared (``\\c?`` a DEL),
    ``\\E`` an ESC; a meta escape's with the top bit set (``\\M-a`` E1, ``\\M-\\C-[`` 9B)."""
    meta = "\\M-" in escape
    control = escape.count("\\") > meta
    bits = 0x1B if escape == "\\E" else 0x7F if control and escape[-1] == "?" else ord(escape[-1])
    return chr((bits & (0x1F if control and bits != 0x7F else 0x7F)) | (0x80 if meta else 0))


def control_escaped(piece: str) -> bool:
    """Whether ``piece`` may hold a control escape: the terminal reading is needed for it."""
    found = "\\c" in piece or "\\C-" in piece or "\\E" in piece or "\\0" in piece or "\\M-" in piece
    return found and compiled(CONTROL_ESCAPE).search(piece) is not None


# What may still become a construct at the end of a buffer: a tag, a terminal code (an OSC
# whose ST has only its ESC so far), or the first characters of a comment opener.
# (a sequence whose body runs to the end: its end may still come; the last ESC or C1 opener
# before the body's end is looked at, and the ones before it that it ends -- open_start)
_OPEN_TWO_BYTE = _ESC + r"(?:[ -/][" + _C0_IN_CSI + r"]*+){0,4}"
_OPEN_TERMINAL_S = re.compile(
    rf"(?:(?:{_ESC}\[|\x9b)[{_C0_IN_CSI} -?]*+|(?:{_ESC}\]|\x9d){_OSC_BODY_S}"
    rf"|(?:{_ESC}[PX^_]|[\x90\x98\x9e\x9f]){_STRING_BODY_S}|{_OPEN_TWO_BYTE})\Z"
)
_OPEN_TERMINAL_B = re.compile(
    rf"(?:(?:{_ESC}\[|\xc2\x9b)[{_C0_IN_CSI} -?]*+|(?:{_ESC}\]|\xc2\x9d)".encode()
    + _OSC_BODY_B
    + rf"|(?:{_ESC}[PX^_]|\xc2[\x90\x98\x9e\x9f])".encode()
    + _STRING_BODY_B
    + rf"|{_OPEN_TWO_BYTE})\Z".encode()
)
_TERMINAL_S = re.compile(TERMINAL)
_TERMINAL_B = re.compile(TERMINAL_B)


def inert_openers(buf: Any) -> Any:
    """``buf`` (str or bytes) with every comment opener that no ``-->`` follows made inert
    (``<!--`` read as ``<!-!``: the same length, and text either way, since it never closes),
    and every outermost hidden element marked (HIDDEN): the text to search constructs in.
    (A piece's is kept for the next asks: each of its rendered readings, and pieces.py's whether
    it hides anything, ask for the same piece's; so is a long piece's -- up to LONGEST_KEPT,
    two of them --, and a window a search for a cut tries, which open_start and spans ask
    for in turn: a piece of 1 Mi characters was made inert 12 times and each window of its
    search 2-3 times.)"""
    if len(buf) > LONGEST_KEPT:
        return _inert(buf)
    found = (_inert_piece if len(buf) <= 1 << 18 else _inert_long)(buf)
    return buf if found is None else found  # (``buf`` itself where nothing changed: readings.render)


@functools.lru_cache(maxsize=4)
def _inert_piece(buf: Any) -> Any:
    found = _inert(buf)
    return None if found is buf else found


# The longest text whose inert form is kept (characters): a piece at its limit
# (cuts.LONGEST_PIECE) and the window a search for its cut reads past it.  At most two are
# kept, with their texts: 16 MiB at most (4 bytes a character), 4 MiB for ASCII.
LONGEST_KEPT = (1 << 20) + (1 << 12)


@functools.lru_cache(maxsize=2)
def _inert_long(buf: Any) -> Any:
    found = _inert(buf)
    return None if found is buf else found


def _inert_comments(buf: Any, k: int) -> Any:
    """``buf`` with every live comment opener from ``k`` on made inert (``<!-!``), a stretch of about
    _STRETCH characters at a time: ``re.sub`` lists two parts a match before it joins them,
    and a line of openers (one every 12 characters) held 8 bytes a character more for that
    -- 640 MiB of a 64 MiB file's peak.  A stretch ends just before a ``<``, which no match
    holds after its own and its look-ahead cannot read past (``-?>``)."""
    is_str = isinstance(buf, str)
    pattern: re.Pattern[Any] = _LIVE_OPENER_S if is_str else _LIVE_OPENER_B
    inert, lt = ("<!-!", "<") if is_str else (b"<!-!", b"<")
    out, start = [buf[:k]], k
    while start < len(buf):
        end = buf.find(lt, start + _STRETCH)
        end = len(buf) if end == -1 else end
        out.append(pattern.sub(inert, buf[start:end]))
        start = end
    return buf[:0].join(out)


_STRETCH = 1 << 16


def _inert_comments_only(buf: Any) -> Any:
    """``buf`` with its comment openers that cannot close made inert, and stored marks made
    plain text: _inert before it marks anything."""
    is_str = isinstance(buf, str)
    opener = "<!--" if is_str else b"<!--"
    if buf.find(opener) != -1:  # (one pass where there is none: no search for the last closer)
        k = max(0, last_comment_close(buf) - 3)
        if buf.find(opener, k) != -1:  # (``<!-->`` and ``<!--->`` close themselves: live)
            buf = _inert_comments(buf, k)
    mark_open, mark_close = (HIDE_OPEN, HIDE_CLOSE) if is_str else (_HIDE_OPEN_B, _HIDE_CLOSE_B)
    if mark_open in buf or mark_close in buf:  # (a stored mark is plain text: a tag may hold it)
        other = "\ufffd" if is_str else b"\xfd"
        buf = buf.replace(mark_open, other).replace(mark_close, other)
    if is_str and POP_MARK[2] in buf:
        buf = buf.replace(POP_MARK[2], "\ufffd")
    return buf


def _inert(buf: Any) -> Any:
    is_str = isinstance(buf, str)
    if ("<" if is_str else b"<") not in buf:  # (memchr speed; a search for the whole opener is far slower)
        return buf
    buf = _inert_comments_only(buf)
    mark_open, mark_close = (HIDE_OPEN, HIDE_CLOSE) if is_str else (_HIDE_OPEN_B, _HIDE_CLOSE_B)
    hidden = _hidden(buf)[0] if may_hide(buf) else []
    if hidden:
        parts, last = [], 0
        for a, b in hidden:
            parts += [buf[last:a], mark_open, buf[a + 1 : b - 1], mark_close]
            last = b
        parts.append(buf[last:])
        buf = buf[:0].join(parts)
    if is_str and OVERRIDE_TAG_S.search(buf) is not None:
        buf = as_bdo(buf)
    return buf


def _hidden(buf: Any) -> tuple[list[tuple[int, int]], int]:
    """The spans a browser does not show of ``buf`` (comment openers made inert), overlapping ones
    merged: hidden elements, MathML's text between elements, a closed details' all but its summary
    (mathml.undrawn, details.unshown); and where the first that may still close starts, else the length."""
    found, open_at = hidden_elements(buf)
    if mathml.may_hold(buf):
        gaps, _, math_open = mathml.undrawn(buf)
        found, open_at = merged(found + gaps), min(open_at, math_open)
    if details.may_hold(buf):
        folded, details_open = details.unshown(buf)
        found, open_at = merged(found + folded), min(open_at, details_open)
    return found, open_at


def math_extents(buf: Any) -> list[tuple[int, int]]:
    """The outermost MathML elements of ``buf`` closed on it, as (start, end): each read as one
    unit, never cut inside (mathml.py).  Empty where none may be."""
    return mathml.undrawn(_inert_comments_only(buf))[1] if mathml.may_hold(buf) else []


def spans(buf: Any, start: int = 0, stop: int | None = None) -> list[tuple[int, int]]:
    """The closed comments, tags and terminal codes of ``buf`` (str or bytes) that start in
    ``[start, stop)``, as (start, end), read from ``start`` (which must not be inside one);
    adjacent ones as one (a place is inside or right after one of them if and only if it is
    so of their run: ``inside``), so that a line of codes one after another is not a pair of
    numbers per code (a line of 8-bit openers: 40 MiB per MiB); overlapping ones (a terminal
    code whose last character opens a tag) as one too; and the closed MathML elements, read
    whole (math_extents)."""
    markup, terminal = ("<" if isinstance(buf, str) else b"<") in buf, _has_terminal(buf)
    if not (markup or terminal):
        return []
    is_str = isinstance(buf, str)
    stop = len(buf) if stop is None else stop
    searched = inert_openers(buf)
    found: list[Iterator[re.Match[Any]]] = []
    if markup:
        found.append((_MARKUP_SPANS_S if is_str else _MARKUP_SPANS_B).finditer(searched, start))
    if terminal:
        found.append((_TERMINAL_S if is_str else _TERMINAL_B).finditer(searched, start))
    out: list[tuple[int, int]] = []
    for m in heapq.merge(*found, key=lambda m: m.start()) if len(found) > 1 else found[0]:
        if m.start() >= stop:
            break
        if out and out[-1][1] >= m.start():
            out[-1] = (out[-1][0], max(out[-1][1], m.end()))
        else:
            out.append((m.start(), m.end()))
    maths = [(a, b) for a, b in math_extents(buf) if start <= a < stop] if markup else []
    if maths:  # (and each MathML element closed: read whole, never cut inside -- mathml.py)
        joined: list[tuple[int, int]] = []
        for a, b in sorted(out + maths):
            if joined and joined[-1][1] >= a:
                joined[-1] = (joined[-1][0], max(joined[-1][1], b))
            else:
                joined.append((a, b))
        return joined
    return out


def inside(found: list[tuple[int, int]], starts: list[int], p: int) -> bool:
    """Whether offset ``p`` lies strictly inside one of ``found`` (sorted, with their starts),
    or just after its last character (a cut after a construct's ``>`` is no cut after text)."""
    k = bisect.bisect_left(starts, p) - 1
    return k >= 0 and found[k][1] >= p


def open_start(buf: Any, *, closers: bool = True) -> int:
    """Where the earliest construct that may still close after the end of ``buf`` begins (no
    cut after it yet), else ``len(buf)``: a comment opener no ``-->`` follows, the last
    ``<`` if a tag may still end, a hidden element no closing tag matched yet (or a ``math``:
    mathml.py), the last ESC
    (or the one before it) if a terminal code may.  ``closers``: False if the whole text
    ``buf`` is cut from holds no closing tag (``</``; segment_cache.py knows the whole blob):
    no element ever closes there, in memory either, so none hides anything."""
    is_str = isinstance(buf, str)
    start = len(buf)
    opener = "<!--" if is_str else b"<!--"
    if opener[:1] not in buf:  # (memchr speed: no tag or comment at all)
        k = lt = -1
    else:
        k = buf.find(opener)
        lt = buf.rfind(opener[:1])
    if k != -1:
        live = (_LIVE_OPENER_S if is_str else _LIVE_OPENER_B).search(buf, max(k, last_comment_close(buf) - 3))
        k = -1 if live is None else live.start()
    if k != -1:
        start = k
    if lt != -1 and (tags.OPEN_TAG_S if is_str else tags.OPEN_TAG_B).match(buf, lt):
        start = min(start, lt)
    if closers and lt != -1 and may_hide(buf):
        # (a hidden element whose closing tag may still come)
        start = min(start, _hidden(inert_openers(buf))[1])
    if _has_terminal(buf):
        start = min(start, _open_terminal(buf))
    return start


def _openers_backwards(buf: Any) -> Iterator[int]:
    """Where the ESC and C1 openers of ``buf`` begin, the last first.  Each form is searched
    back only from where its previous occurrence was found, so the stretches searched do not
    overlap: linear however densely the openers lie (searching every form back from each
    opener to the start was quadratic -- a line of 1.6 M U+009B took 57 s)."""
    if isinstance(buf, str):
        forms: list[Any] = ["\x1b"] if buf.isascii() else ["\x1b", *C1_OPENERS]
    else:
        forms = [b"\x1b"] if buf.isascii() else [b"\x1b", *(b"\xc2" + bytes([c]) for c in C1_OPENERS.encode("latin-1"))]
    last = [buf.rfind(form) for form in forms]
    while True:
        k = max(range(len(forms)), key=last.__getitem__)
        at = last[k]
        if at == -1:
            return
        yield at
        last[k] = buf.rfind(forms[k], 0, at)


def _open_terminal(buf: Any) -> int:
    """Where a terminal sequence that may still end after ``buf`` begins, else ``len(buf)``:
    the last opener's, if its body runs to the end, and those before it that each end just
    where the next begins (a sequence that another opener ends is closed only once that one
    is there: no cut between them).  Each step looks at the stretch between two openers
    once: linear."""
    openers = _openers_backwards(buf)
    e = next(openers, -1)
    if e == -1 or (_OPEN_TERMINAL_S if isinstance(buf, str) else _OPEN_TERMINAL_B).match(buf, e) is None:
        return len(buf)
    closed = _TERMINAL_S if isinstance(buf, str) else _TERMINAL_B
    start = e
    for before in openers:
        m = closed.match(buf, before)
        if m is None or m.end() != start:
            return start
        start = before
    return start
