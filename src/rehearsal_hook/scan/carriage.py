"""The terminal reading of a carriage return: a lone CR (not CR LF) returns the cursor to the
start of the line and what follows overwrites, so ``xxxxxx_OK<CR>DEPLOY`` shows
``DEPLOY_OK`` in ``cat`` (a seal suffix works the same).  The scanner reads a lone CR as a line end, as editors do; this
is the other reading: the line up to its LF, as a terminal leaves it.

Linear in the line however many CRs it holds: each column shows the character of the last
segment long enough to reach it, so the shown line is, from the left, a slice of the last
segment, then of the last one longer than that, and so on -- found walking the segments
backwards once, kept as runs of stored text (no cell array, no copy per CR).

That holds while each stored character is one cell.  A line that also holds what a terminal
does not print one cell for -- a terminal code, a control it does not print, NUL, a mark or
another zero-width character, a wide character (two cells), a backspace (the cursor moves
back), a tab (it moves on to the next multiple of 8 and writes nothing) -- is read through a
terminal's cells instead (_cells), up to PIECE stored characters: ``ESC [0m  _OK`` CR ``XY``
shows ``XY_OK`` (the naive count read it as ``XY0m  _OK``).  A longer such line is read
counting a stored character as a cell (a documented limit).
"""

from __future__ import annotations

import bisect
import re
import unicodedata

from rehearsal_hook.scan.constructs import C1_OPENERS, TERMINAL
from rehearsal_hook.scan.lines import LONE_CR
from rehearsal_hook.scan.matcher import SILENT
from rehearsal_hook.scan.normalize import cell_width
from rehearsal_hook.scan.readings import PIECE


def stretch(text: str, at: int) -> tuple[int, int]:
    """The terminal line holding the lone CR at ``at``: from the line feed before it to the
    next line end that is a line feed (a CR LF's CR excluded)."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    if end == -1:
        end = len(text)
    elif text[end - 1] == "\r":
        end -= 1
    return start, end


# What a terminal does not show as one cell each: anything but printable ASCII.
_NOT_ONE_CELL = re.compile(r"[^\x20-\x7e\r]")
# What a terminal shows nothing for: its codes (with the C1 openers as codes or not), the
# controls it does not print, NUL.
_INVISIBLE = (TERMINAL + "|[\x00" + re.escape(SILENT) + "]", "[\x00" + re.escape(SILENT) + "]")
_ITEM = re.compile(_INVISIBLE[0] + "|[^\x20-\x7e]")
_ITEM_C1_PRINTS = re.compile("(?![" + C1_OPENERS + "])" + TERMINAL + "|[\x00" + re.escape(SILENT) + "]|[^\x20-\x7e]")
_BLANK = -1  # a cell nothing was written to, or the half of a wide character overwritten
_WIDE_TAIL = -2  # the second cell of a wide character


def overwritten(text: str, start: int, end: int, *, c1_codes: bool = True) -> tuple[str, list[tuple[int, int]]]:
    """What a terminal shows of ``text[start:end]`` (segments apart at lone CRs), and its runs:
    (shown offset, stored offset) where each slice of stored text begins, in order.
    ``c1_codes``: a C1 opener starts a code (xterm in UTF-8) or prints nothing (another
    terminal); the line reads the same both ways unless it holds one."""
    if end - start <= PIECE and _NOT_ONE_CELL.search(text, start, end) is not None:
        return _cells(text, start, end, c1_codes)
    bounds: list[tuple[int, int]] = []
    pos = start
    for m in LONE_CR.finditer(text, start, end):
        bounds.append((pos, m.start()))
        pos = m.end()
    bounds.append((pos, end))
    pieces: list[tuple[int, int]] = []  # (stored start, stored end), right to left
    covered = 0
    for a, b in reversed(bounds):
        if b - a > covered:
            pieces.append((a + covered, b))
            covered = b - a
    shown: list[str] = []
    runs: list[tuple[int, int]] = []
    col = 0
    for a, b in pieces:  # (left to right: each reaches past the one before)
        runs.append((col, a))
        shown.append(text[a:b])
        col += b - a
    return "".join(shown), runs


def stored_at(runs: list[tuple[int, int]], p: int) -> int:
    """The stored offset of the shown character at ``p``."""
    k = bisect.bisect_right(runs, (p, 1 << 62)) - 1
    return runs[k][1] + p - runs[k][0]


def _cells(text: str, start: int, end: int, c1_codes: bool) -> tuple[str, list[tuple[int, int]]]:
    """overwritten for a line that holds what is not one cell each: the terminal's cells, each
    the stored offset of the character written last to it, read left to right.  A cell shows
    its character and the zero-width ones stored right after it (marks, codes, controls not
    printed); a blank cell shows a space."""
    cells: list[int] = []
    cursor = 0

    def put(at: int, w: int) -> None:
        nonlocal cursor
        if cursor + w > len(cells):
            cells.extend([_BLANK] * (cursor + w - len(cells)))
        for k in range(cursor, cursor + w):  # (a wide character half overwritten is blanked)
            if cells[k] == _WIDE_TAIL and k - 1 >= 0 and k - 1 < cursor:
                cells[k - 1] = _BLANK
            elif cells[k] >= 0 and k + 1 < len(cells) and cells[k + 1] == _WIDE_TAIL and k + 1 >= cursor + w:
                cells[k + 1] = _BLANK
        cells[cursor] = at
        if w == 2:
            cells[cursor + 1] = _WIDE_TAIL
        cursor += w

    item = _ITEM if c1_codes else _ITEM_C1_PRINTS
    pos = start
    while pos < end:
        m = item.search(text, pos, end)
        plain_end = m.start() if m else end
        if plain_end > pos:  # (printable ASCII: one cell each)
            n = plain_end - pos
            if cursor < len(cells) and cells[cursor] == _WIDE_TAIL and cursor:
                cells[cursor - 1] = _BLANK
            if cursor + n > len(cells):
                cells.extend([_BLANK] * (cursor + n - len(cells)))
            if cursor + n < len(cells) and cells[cursor + n] == _WIDE_TAIL:
                cells[cursor + n] = _BLANK
            cells[cursor : cursor + n] = range(pos, plain_end)
            cursor += n
        if m is None:
            break
        s = m.group()
        pos = m.end()
        if s == "\r":
            cursor = 0
        elif s == "\x08":
            cursor = max(cursor - 1, 0)
        elif s == "\t":
            cursor = (cursor // 8 + 1) * 8
        elif len(s) > 1 or s in SILENT or s == "\x00" or (s == "\x1b"):
            for c in s:  # (a CSI executes the backspaces and tabs it holds)
                if c == "\x08":
                    cursor = max(cursor - 1, 0)
                elif c == "\t":
                    cursor = (cursor // 8 + 1) * 8
        elif s in "\n\x0b\x0c\x85" or unicodedata.category(s) == "Cc":
            put(m.start(), 1)  # (a line break inside a stretch: a separator, as stored)
        else:
            w = cell_width(s)
            if w:
                put(m.start(), w)
    return _shown(text, end, cells, item)


def _shown(text: str, end: int, cells: list[int], item: re.Pattern[str]) -> tuple[str, list[tuple[int, int]]]:
    """The cells as text, each with the zero-width characters stored after its own, and runs."""
    shown: list[str] = []
    runs: list[tuple[int, int]] = []
    col = 0
    last = -1  # the stored offset the shown text has reached
    for at in cells:
        if at == _WIDE_TAIL:
            continue
        if at == _BLANK:
            piece, origin = " ", last if last >= 0 else 0
        else:
            stop = at + 1
            while stop < end:  # (zero-width characters after it, to the next one shown)
                z = item.match(text, stop, end)
                if z is None or not _zero_width(z.group()):
                    break
                stop = z.end()
            piece, origin = text[at:stop], at
        if origin != last or at == _BLANK:
            runs.append((col, origin))
        shown.append(piece)
        col += len(piece)
        last = origin + len(piece) if at != _BLANK else -1
    return "".join(shown), runs


def _zero_width(s: str) -> bool:
    """An item of _ITEM that takes no cell and moves no cursor."""
    if len(s) > 1:
        return "\x08" not in s and "\t" not in s
    return (
        s in SILENT
        or s == "\x00"
        or (s not in "\r\n\x08\t\x0b\x0c\x1b\x85" and unicodedata.category(s) != "Cc" and cell_width(s) == 0)
    )
