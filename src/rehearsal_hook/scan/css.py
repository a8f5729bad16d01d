"""The CSS reading of a piece of a line: CSS escapes decoded, as a browser shows the string
of a ``content:`` property or an escaped identifier.  A backslash and 1 to 6 hex digits is
that code point, and one blank after the digits belongs to the escape (``\\5f PASS``); a
backslash before any other character that is not a line end is that character.

A reading of its own, beside the string escapes of readings.py, not an alternative of them:
the same stored text means another thing (``\\137`` is octal ``_`` in C, Python and
JavaScript and U+0137 in CSS; ``\\5f`` is CSS's ``_`` and octal ``\\5`` then ``f``
elsewhere), and a reader applies one syntax or the other, never a mix.

And the strings of a ``content`` property joined (joined): a pseudo-element shows them one
after another.
"""

from __future__ import annotations

import re
from typing import Any

from rehearsal_hook.scan.indexed import Indexed, at_matches, replaced

# A line may read otherwise in CSS only where a backslash precedes a hex digit: before any
# other character, CSS reads what string escapes already do (readings.py: punctuation is
# itself, and so is a letter, JavaScript's identity escape).
HINT = re.compile(r"\\[0-9A-Fa-f]")
_ESCAPE = re.compile(r"\\(?:([0-9A-Fa-f]{1,6})(?:\r\n|[ \t\r\n\f])?|([^0-9A-Fa-f\r\n\f]))")


_ESCAPE_B = re.compile(_ESCAPE.pattern.encode())


def eats_line_end(text: str | bytes, ls: int, le: int) -> bool:
    """Whether the line ``text[ls:le]`` ends with an escape whose one blank after its digits
    is the line break at ``le``: CSS reads the lines joined (``A_P\\5f`` then ``ASS`` is the
    identifier ``A_P_ASS``; joins.join_end).  The backslash before at most 6 hex digits starts
    an escape after an even run of backslashes (``\\\\5f`` is a backslash, then ``5f``);
    _ESCAPE judges the rest."""
    tail = text[max(ls, le - 7) : le]
    tail_s = tail if isinstance(tail, str) else tail.decode("latin-1")
    digits = len(tail_s) - len(tail_s.rstrip("0123456789abcdefABCDEF"))
    k = le - digits
    if not 0 < digits < 7 or k <= ls or text[k - 1 : k] not in ("\\", b"\\"):
        return False
    run = k - 1  # (the run of backslashes the last one ends)
    while run > ls and text[run - 1 : run] in ("\\", b"\\"):
        run -= 1
    if (k - 1 - run) % 2:
        return False
    m = _ESCAPE.match(text, k - 1) if isinstance(text, str) else _ESCAPE_B.match(text, k - 1)
    return m is not None and m.end() > le


def may_read(line: str) -> bool:
    return HINT.search(line) is not None


def _value(m: re.Match[str]) -> str:
    if m.group(2) is not None:
        return m.group(2)
    cp = int(m.group(1), 16)
    # (CSS Syntax: zero, a surrogate or past U+10FFFF is U+FFFD)
    return "\ufffd" if cp == 0 or cp > 0x10FFFF or 0xD800 <= cp <= 0xDFFF else chr(cp)


def reading(line: str) -> Indexed | None:
    """``line`` with its CSS escapes decoded, and per character its index in ``line`` (a
    decoded escape: where its backslash is); None if it holds none."""
    return replaced(line, at_matches(_ESCAPE.finditer(line), _value))


# CSS's ``content`` property shows its strings one after another (a ``::before`` or ``::after``
# element's text: Chromium 150 shows ``content: "DEPLOY_" "OK"`` as ``DEPLOY_OK``), and what
# may show nothing between two of them vanishes with their quotes: blanks, a comment, an
# attribute's value (``attr(x)``: empty where the element has none), a counter (``counter(x,
# none)`` shows nothing; one that shows digits is read as nothing too, its value unknown), a
# quote (nothing under ``quotes: none``, and the ``no-`` forms always).  The value ends at
# anything else -- ``;``, ``}``, an image, the ``/`` before the alternative text, which is
# not shown -- and at a string or comment never closed (CSS runs such a string to its line's
# end, such a comment to the sheet's: each matched so, never searched to the end and then
# given up, so that a line of ``content:/*`` stays linear).  Searched on from where the last
# value read ended: one pass.
_CONTENT = re.compile(r"(?<![\w-])(?i:content)[\t\n\f\r ]*+:")
_CONTENT_ITEM = re.compile(
    r"(\"(?:[^\"\\\n\r\f]|\\[\s\S])*+(\")?|'(?:[^'\\\n\r\f]|\\[\s\S])*+(')?)"
    r"|[\t\n\f\r ]++|/\*(?:[^*]|\*(?!/))*+(?:\*/|\Z)"
    r"|(?i:attr|counters?)\([^()\"';{}]*+\)|(?i:(?:no-)?(?:open|close)-quote)(?![\w-])"
)


def may_join(line: str) -> bool:
    # (the word searched in a lowered copy first: ``re`` reads a case-insensitive word a
    # character at a time, 3.2 ms over the pieces of bench's corpus parsed, this 0.25 ms)
    return "content" in line.lower() and _CONTENT.search(line) is not None


def joined(line: str) -> Indexed | None:
    """``line`` with the strings of each ``content`` value joined (_CONTENT: what lies between
    two of them, their quotes too, removed), and per character its index in ``line``; None
    if no value holds two strings.  (Its CSS escapes as they are: reading reads them.)"""
    edits: list[tuple[int, int, str]] = []
    at = 0
    while (m := _CONTENT.search(line, at)) is not None:
        at, closed = m.end(), -1
        while (item := _CONTENT_ITEM.match(line, at)) is not None and item.end() > at:
            at = item.end()
            if item.group(1) is None:
                continue
            if item.group(2) is None and item.group(3) is None:
                break  # (a string never closed: the value's last)
            if closed >= 0:
                edits.append((closed, item.start() + 1, ""))
            closed = at - 1
    return replaced(line, edits)


_CONTENT_B, _CONTENT_ITEM_B = re.compile(_CONTENT.pattern.encode()), re.compile(_CONTENT_ITEM.pattern.encode())
# How far past a line's end a ``content`` value is followed (value_reach): its strings further
# on are read apart (README).  Bounded, so that judging a line costs at most its length and
# this: each line of a long comment holding ``content:/*`` scanned to the comment's end.
REACH = 1 << 12


def _items_end(text: str | bytes, at: int, stop: int) -> tuple[int, int]:
    """Where the ``content`` value's items from ``at`` end, before ``stop`` at the latest (at a
    string never closed, which ends the value shown: _CONTENT -- but for one that runs to the
    text's end, where a stream's next chunk may close it), and where its last string ends."""
    item_re: Any = _CONTENT_ITEM if isinstance(text, str) else _CONTENT_ITEM_B
    shown = at
    while at < stop and (item := item_re.match(text, at, stop)) is not None and item.end() > at:
        if item.group(1) is not None:
            if item.group(2) is None and item.group(3) is None:
                return (item.end() if item.end() == len(text) else at), shown
            shown = item.end()
        at = item.end()
    return at, shown


def value_reach(text: str | bytes, ls: int, le: int, *, partial: bool = False) -> int:
    """Where a ``content`` value that the line ``text[ls:le]`` holds ends (its last string) if
    that is past the line's end ``le`` -- its strings over lines are shown one
    after another (Chromium 150 shows ``content: "DEPLOY_"`` then a line ``"OK";`` as
    ``DEPLOY_OK``: joins.join_end reads them as one unit) --, else -1.  ``partial``: ``text``
    is the start of a stream, where a value whose items run to its end may go on."""
    line: Any = text[ls:le]
    colon, word = (":", "content") if isinstance(line, str) else (b":", b"content")
    if colon not in line or word not in line.lower():
        return -1
    content: Any = _CONTENT if isinstance(text, str) else _CONTENT_B
    at, stop = ls, min(len(text), le + REACH)
    while (m := content.search(text, at, le)) is not None:
        at, shown = _items_end(text, m.end(), stop)
        if partial and at == len(text) > le:
            return at
        if shown > le:
            return shown
        at = max(at, m.end())
    return -1


_ITEM_START = re.compile(r"[\t\f ]*+(?:[\"'/]|(?i:attr|counter|open|close|no-))")
_ITEM_START_B = re.compile(_ITEM_START.pattern.encode())


def continues(text: str | bytes, k: int) -> bool:
    """Whether the line starting at ``k`` holds nothing but a ``content`` value's items -- a
    string, blanks, a comment --, so that a value may run over it (joins.joined looks back over
    such lines for the line where the value starts)."""
    # (the first item after blanks, asked first: most lines are code, their first word no item --
    # the whole judgement of 1,052 lines over bench's corpus took 8 ms, so 3 ms)
    start: Any = _ITEM_START if isinstance(text, str) else _ITEM_START_B
    if start.match(text, k) is None:
        return False
    lf, cr = ("\n", "\r") if isinstance(text, str) else (b"\n", b"\r")
    stop = text.find(lf, k)  # type: ignore[arg-type]
    stop = len(text) if stop == -1 else stop
    stop = cr_at if (cr_at := text.find(cr, k, stop)) != -1 else stop  # type: ignore[arg-type]
    at, _ = _items_end(text, k, stop)
    return at == stop
