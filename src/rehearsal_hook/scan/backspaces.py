"""Where no cut may fall for the backspaces of a text: a backspace moves the cursor back over
what was written before it on its line, so a cut between them changes what a terminal shows
(cuts.py, segments.py keep out of these zones)."""

from __future__ import annotations

import re
from typing import Any

# What makes or decodes to a backspace (an over-approximation: a cut only keeps further away),
# in every spelling readings._ESCAPES decodes (the braced ones, a name in any case).
_BACKSPACE = (
    r"\x08|\\(?:b|x08|u0008|U00000008|[ux]\{0*8\}|o\{0*10\}|0{0,2}10|N\{(?:(?i:backspace|bs)|U\+0*8)\}|(?:c|C-)[Hh(])"
    r"|&#(?:0*8|[xX]0*8)(?![0-9A-Fa-f])|%08"
)
_BACKSPACE_S = re.compile(_BACKSPACE)
_BACKSPACE_B = re.compile(_BACKSPACE.encode())
_LINE_END_S = re.compile(r"\r\n|\r|\n")
_LINE_END_B = re.compile(rb"\r\n|\r|\n")


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
                zones.append((line_start, _written_back(buf, last, count, ends[0])))
            line_start, count = ends[-1], 0
        count += 1
        last = m.end()
    end = line_end.search(buf, last)
    zones.append((line_start, _written_back(buf, last, count, end.end() if end else len(buf))))
    return zones


_PRINTABLE_S = re.compile(r"[ -~]*")
_PRINTABLE_B = re.compile(rb"[ -~]*")


def _written_back(buf: Any, last: int, count: int, line_end: int) -> int:
    """Where the cursor, ``count`` cells behind after the backspaces that end at ``last``, is
    back at the end of what was written: ``count`` characters on if they are printable ASCII
    (a cell each); else the line's end (a mark, a code or a control a terminal does not print
    takes no cell: the cursor stays behind)."""
    printable = (_PRINTABLE_S if isinstance(buf, str) else _PRINTABLE_B).match(buf, last, last + count)
    return last + count if printable is not None and printable.end() == last + count else max(line_end, last + count)
