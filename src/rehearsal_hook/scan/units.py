"""The unit of text read as one: a line, extended over every line break that a construct
spans (an escaped line break, which the rendered reading joins to the next line; a comment,
tag or hidden element across lines, constructs.py) or that a parsed reading joins (roff's
``\\c``, TeX's ``%``: joins.py).  views.view_hits reads a text unit by
unit."""

from __future__ import annotations

import bisect
import re

from rehearsal_hook.scan import readings
from rehearsal_hook.scan.constructs import HIDE_CLOSE, HIDE_OPEN, first_comment_close
from rehearsal_hook.scan.joins import in_stretch, join_end, line_start
from rehearsal_hook.scan.matcher import _LINE_END_S, ALLOW_PRAGMA
from rehearsal_hook.scan.tags import tag_end, tag_open


def unit_end(text: str, searchable: str, ls: int, p: int, stretches: list[tuple[int, int]] | None = None) -> int:
    """The end of the unit read as one from line start ``ls`` (``p`` in its first line): the
    line, extended over every line break that a construct spans -- an escaped line break (the
    rendered reading joins the next line), a comment or tag across lines, a line a parsed
    reading joins (joins.py) or an export-subst span reads with the next (``stretches``:
    joins.subst_stretches).  ``searchable`` is ``inert_openers(text)``, made once per text."""
    pattern = readings.construct_pattern(True)
    pos = ls
    for before in _LINE_END_S.finditer(text, ls, p):
        # (a join from a line before ``p``'s, where unit_start went back to, may reach past ``p``'s
        # line: a CSS value's strings over lines, css.value_reach)
        p = max(p, join_end(text, line_start(text, before.start()), before.start()))
    while True:
        m = _LINE_END_S.search(text, p)
        if m is None:
            return len(text)
        le = m.start()
        joined = join_end(text, line_start(text, le), le)
        if joined == -1 and stretches and (stretch := in_stretch(stretches, le)) is not None:
            joined = stretch[1]
        if joined != -1:  # (roff's ``\\c`` and ``\\#``, TeX's ``%``, export-subst: joins.py)
            pos = p = joined
            continue
        if not _may_cross(text, pos, le) and not _hidden_open(searchable, pos, le):
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


def math_start(text: str, maths: list[tuple[int, int]], ls: int) -> int:
    """The start of the line where the MathML element ``ls`` lies inside begins (``maths``:
    constructs.math_extents of ``text``), else ``ls``: its text is read with the element whole."""
    k = bisect.bisect_right(maths, (ls, len(text))) - 1
    return line_start(text, maths[k][0]) if k >= 0 and maths[k][0] < ls < maths[k][1] else ls


def math_reach(maths: list[tuple[int, int]], ls: int, le: int) -> int:
    """Where the last MathML element that overlaps ``[ls, le)`` ends, else ``le``."""
    k = bisect.bisect_left(maths, (le, 0)) - 1
    return maths[k][1] if k >= 0 and maths[k][1] > le else le


_BREAK_AND_BLANKS = re.compile(r"(?:\r\n|\r|\n)[ \t]*")


def _crossing_limit(searchable: str, pos: int, le: int) -> int:
    """How far a construct that starts in ``[pos, le)`` can reach: an escaped line break to
    the blanks after the break at ``le``; a tag from the last ``<`` before ``le`` to its ``>``
    (tags.tag_end: a tag holds no ``<``, its search stops at the next); a comment from the last live
    opener before ``le`` to the first ``-->`` after it; nothing else spans a line end.  The
    search for a crossing construct stops there: unbounded, it ran on to the end of the text
    once per line when no construct followed (48 KB of ``a<!--`` lines: 23 s)."""
    limit = le
    m = _BREAK_AND_BLANKS.match(searchable, le)
    if m is not None:
        limit = m.end()
    lt = searchable.rfind("<", pos, le)
    if lt != -1:
        # (the end of the tag the last ``<`` starts: its search stops at the next ``<`` -- to the
        # text's end, once per line, it was quadratic in lines holding a ``<`` and no ``>`` after
        # it: ``if (a < b)`` 80,000 times, 6.0 s, 2.2x per doubling)
        limit = max(limit, tag_end(searchable, lt))
        opener = searchable.rfind("<!--", pos, le)
        close, length = first_comment_close(searchable, opener + 4) if opener != -1 else (-1, 0)
        if close != -1:
            limit = max(limit, close + length)
    if _hidden_open(searchable, pos, le):
        limit = max(limit, searchable.find(HIDE_CLOSE, le) + 1)
    return limit


def _hidden_open(searchable: str, pos: int, le: int) -> bool:
    """Whether a hidden element marked in ``searchable`` starts in ``[pos, le)`` and spans
    ``le`` (its end is marked: it closes)."""
    a = searchable.rfind(HIDE_OPEN, pos, le)
    return a != -1 and searchable.find(HIDE_CLOSE, a, le) == -1


def _may_cross(text: str, pos: int, le: int) -> bool:
    """Whether a construct read from ``pos`` may span the line end at ``le``: a backslash
    before it, a last ``<`` with no ``>`` after it or a tag from it still open at the line end (a
    tag holds no ``<``; a quoted value holds ``>``), or a last comment
    opener with no ``-->`` or ``--!>`` after it (an earlier one closes no later than that one would) --
    a cheap test, so that most lines are not searched for constructs twice."""
    if text[le - 1 : le] == "\\":
        return True
    lt = text.rfind("<", pos, le)
    if lt == -1:
        return False
    if text.find(">", lt, le) == -1 or tag_open(text, lt, le):  # (a quoted value's ``>``: tags.py)
        return True
    opener = text.rfind("<!--", pos, le)
    return opener != -1 and first_comment_close(text, opener + 4, le)[0] == -1


# A hit of a reading at its place: line, column, end column, token, whether the pragma excuses it.
Span = tuple[int, int, int, str, "bool | None"]


def placed(text: str, ls: int, le: int, spans: list[tuple[int, int, str]], line: int, byte_columns: bool) -> list[Span]:
    """The hits ``spans`` of ``text[ls:le]`` (offsets in it; ``ls`` starts line ``line``) at
    their lines and columns, each with whether the pragma excuses it."""
    if not spans:
        return []
    unit = text[ls:le]
    starts = [0] + [m.end() for m in _LINE_END_S.finditer(unit)]
    out: list[Span] = []
    done: tuple[int, int, int] = (-1, 0, 0)  # (line index, chars, bytes) for byte columns
    pragma: dict[int, bool] = {}
    for s, e, t in sorted(spans):
        k = bisect.bisect_right(starts, s) - 1
        col, end = s - starts[k], e - starts[k]
        if byte_columns:
            at = done[1] if done[0] == k else 0
            width = done[2] if done[0] == k else 0
            width += len(unit[starts[k] + at : s].encode("utf-8", "surrogateescape"))
            done = (k, col, width)
            end = width + (end - col)
            col = width
        # The pragma names its line: a token whose letters run on into the next lines (a
        # comment or a tag across them) needs it on each, or the next line could complete a
        # token under an old pragma.
        last = bisect.bisect_right(starts, max(s, e - 1)) - 1
        for j in range(k, last + 1):
            if j not in pragma:  # once per line: a line can hold many hits
                line_end = starts[j + 1] if j + 1 < len(starts) else len(unit)
                pragma[j] = ALLOW_PRAGMA in unit[starts[j] : line_end]
        out.append((line + k, col, end, t, all(pragma[j] for j in range(k, last + 1))))
    return out
