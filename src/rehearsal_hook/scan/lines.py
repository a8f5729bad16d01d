"""Where a place is in lines, for text and bytes alike: a line ends at LF, at CR, or at CR LF
counted once -- as git, editors and terminals count them, so that a finding's line:column is
the one a reader goes to, whichever reading found it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, AnyStr

from rehearsal_hook.scan.matcher import ALLOW_PRAGMA

# A CR that is no half of CR LF: a line end here, and on a terminal a return to the line's
# start (carriage.py reads what it overwrites).
LONE_CR = re.compile(r"\r(?!\n)")
_LONE_CR_B = re.compile(rb"\r(?!\n)")


# A blank line (only blanks between two line ends, or before the text's end): where a
# paragraph ends for the markups whose inline constructs span its lines but never a blank
# one (Org's objects, AsciiDoc's links and cross references).  (``\r\n?+``: a CR LF is one
# line end, never a CR and an empty line after it.)
_BLANK_LINE = re.compile(r"(?:\r\n?+|\n)[ \t]*+(?:\r|\n|\Z)")


def next_blank_line(text: str, at: int) -> int:
    """Where the first blank line after ``at`` starts (its line end before it), else the
    text's end: where a construct opened at ``at`` must have closed (one search)."""
    m = _BLANK_LINE.search(text, at)
    return m.start() if m is not None else len(text)


def has_lone_cr_b(data: bytes) -> bool:
    """Whether ``data`` holds a lone CR (memchr speed for a text with no CR at all)."""
    return b"\r" in data and _LONE_CR_B.search(data) is not None


def _ends(text: AnyStr) -> tuple[AnyStr, AnyStr, AnyStr]:
    # (LF, CR, CR LF) of the text's own type: one body serves both str and bytes
    if isinstance(text, str):
        return "\n", "\r", "\r\n"
    return b"\n", b"\r", b"\r\n"


def line_ends(text: AnyStr, a: int = 0, b: int | None = None) -> int:
    """How many lines end in ``text[a:b]`` (CR LF counted once).  Pure; three C-level counts."""
    end = len(text) if b is None else b
    lf, cr, crlf = _ends(text)
    nl = text.count(lf, a, end)
    r = text.count(cr, a, end)
    return nl + r - (text.count(crlf, a, end) if nl and r else 0)


def last_line_start(text: AnyStr, a: int = 0, b: int | None = None) -> int:
    """Where the last line that starts in ``text[a:b]`` starts: after its last CR or LF (``a``
    when it holds none)."""
    end = len(text) if b is None else b
    lf, cr, _ = _ends(text)
    return max(text.rfind(lf, a, end), text.rfind(cr, a, end), a - 1) + 1


_LINE_END_B = re.compile(rb"\r\n|\r|\n")
_PRAGMA_B = ALLOW_PRAGMA.encode()


def stored_spans(data: bytes, extents: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, int, str, bool]]:
    """Each token a reading shows, given by its stored extent (start, end, token; ascending
    starts) in ``data``, at its stored place: (line, 0-based column and end column in bytes
    from that line's start, token, whether every stored line it takes letters from carries the
    pragma).  Lines are counted forward once and each line is searched for the pragma once:
    linear however many tokens one long line holds."""
    out: list[tuple[int, int, int, str, bool]] = []
    line, pos, line_start = 1, 0, 0
    carries: dict[int, bool] = {}
    for start, end, token in extents:
        ends = line_ends(data, pos, start)
        if ends:  # (a CR LF straddling ``pos`` cannot: ``pos`` is a token's first letter)
            line += ends
            line_start = last_line_start(data, pos, start)
        pos = start
        excused = True
        for k, ls in enumerate([line_start, *(m.end() for m in _LINE_END_B.finditer(data, start, end))]):
            if line + k not in carries:
                m = _ANY_END_B.search(data, ls)
                carries[line + k] = data.find(_PRAGMA_B, ls, m.start() if m else len(data)) != -1
            excused = excused and carries[line + k]
        out.append((line, start - line_start, end - line_start, token, excused))
    return out


_ANY_END_B = re.compile(rb"[\r\n]")


def empty_run_start(text: str | bytes, k: int, floor: int = 0) -> int:
    """The start of the first of the empty lines that run up to the one starting at ``k`` (``k``
    itself if that line is not empty), or ``floor`` if they reach back to it.  Searched back
    a block at a time at C speed (joins.joined passes such a run at once: none of its lines
    joins, and walked a line at a time, a stream's carry of 8 MiB of blank lines was walked
    once per line feed, then once per chunk)."""
    breaks: Any = "\r\n" if isinstance(text, str) else b"\r\n"
    if text[k : k + 1] not in (breaks[:1], breaks[1:], breaks[:0]):
        return k
    j = k
    while j > floor:
        lo = max(floor, j - 4096)
        kept = text[lo:j].rstrip(breaks)
        if kept:
            j = lo + len(kept)  # (just after the last character that is no line break)
            return j + (2 if text[j : j + 2] == breaks else 1)
        j = lo
    return floor
