"""Backspaces as a terminal reads them: what it shows of a text holding them (overstruck, for
the rendered reading), and where no cut may fall for them -- a backspace moves the cursor back
over what was written before it on its line, so a cut between them changes what a terminal
shows (cuts.py, segments.py keep out of these zones)."""

from __future__ import annotations

import re
from typing import Any

from rehearsal_hook.scan.normalize import cell_width

# What makes or decodes to a backspace (an over-approximation: a cut only keeps further away),
# in every spelling readings._ESCAPES decodes (the braced ones, a name in any case).
_BACKSPACE = (
    r"\x08|\\(?:b|x08|u0008|U00000008|[ux]\{0*8\}|o\{0*10\}|0{0,2}10|N\{(?:(?i:backspace|bs)|U\+0*8)\}|(?:c|C-)[Hh(])"
    r"|&#(?:0*8|[xX]0*8)(?![0-9A-Fa-f])|%08"
    # (Ruby's list, whole, ``\u{41 8 8}``: backspace_zones counts a backspace for each of its parts)
    # (its body at most 124 characters, as readings reads it: searched past no further, linear)
    r"|\\u\{(?=[ \t0-9A-Fa-f]{0,124}\})[ \t0-9A-Fa-f]*?(?<![0-9A-Fa-f])0*8(?![0-9A-Fa-f])[ \t0-9A-Fa-f]*\}"
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
        count += len(m.group().split())  # (one, or at least one for each code point of a list)
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


def overstruck(chars: list[str], index: list[int] | None) -> tuple[list[str], list[int]]:
    """A terminal's reading of backspaces: the cursor moves back (as far as the line start,
    never to an earlier line) and the next character overwrites -- in a terminal's cells: a
    mark or another zero-width character takes none (it stays with the cell before the
    cursor), a wide character two (writing over either half blanks the other), a tab moves on
    to the next multiple of 8 and writes nothing (``DEPLOY_O<TAB><BS>x4K`` shows ``DEPLOY_OK``)."""
    out: list[str] = []  # per cell: its character ("" for a wide one's second cell)
    pos: list[int] = []
    extra: dict[int, list[tuple[str, int]]] = {}  # the zero-width characters a cell holds
    cursor = floor = 0
    for k, c in enumerate(chars):
        if c == "\x08":
            cursor = max(cursor - 1, floor)
            continue
        i = index[k] if index is not None else 0
        if c == "\t":
            cursor = floor + ((cursor - floor) // 8 + 1) * 8
            continue
        w = 1 if c < "\x7f" else cell_width(c)
        while len(out) < cursor:  # (cells a tab passed: blank)
            out.append(" ")
            pos.append(i)
        if w == 0:  # (at the line start: before the first cell, still none of its own)
            key = cursor - 1 - (out[cursor - 1] == "") if cursor > floor else -1 - cursor
            extra.setdefault(key, []).append((c, i))
            continue
        while len(out) < cursor + w:
            out.append(" ")
            pos.append(i)
        if out[cursor] == "":  # (the second half of a wide one)
            out[cursor - 1] = " "
        if cursor + w < len(out) and out[cursor + w] == "":
            out[cursor + w] = " "
        for j in range(cursor, cursor + w):
            extra.pop(j, None)
            pos[j] = min(pos[j], i)  # (the cell keeps where its first stored character was)
        out[cursor : cursor + w] = [c, ""][:w]
        cursor += w
        if c in "\r\n":
            cursor = floor = len(out)
    if not extra and "" not in out:
        return out, pos
    flat: list[str] = []
    flat_pos: list[int] = []
    for j in range(len(out) + 1):
        for z, i in extra.get(-1 - j, ()):  # (the zero-width ones before cell j)
            flat.append(z)
            flat_pos.append(i)
        if j < len(out) and out[j]:
            flat.append(out[j])
            flat_pos.append(pos[j])
        for z, i in extra.get(j, ()):
            flat.append(z)
            flat_pos.append(i)
    return flat, flat_pos
