"""A line as a terminal shows it (issue 12, "what a terminal shows"): its characters and codes
fed to the cursor (cursor.py) in stored order, then its rows read out, each cell with the
stored offset of what shows there -- the terminal reading of a line holding a lone CR
(carriage.py), a cursor movement or an edit of the row, stored or decoded (``\\u001b[4D`` in
JSON, as ``jq -r`` hands a terminal: readings.py)."""

from __future__ import annotations

import re
import unicodedata

from rehearsal_hook.scan.constructs import C1_OPENERS, TERMINAL
from rehearsal_hook.scan.cursor import BLANK, WIDE_TAIL, Row
from rehearsal_hook.scan.matcher import SILENT
from rehearsal_hook.scan.normalize import cell_width

# The control functions the cursor follows or blocks at (a superset: cursor.Row judges),
# stored or decoded, 7-bit and 8-bit: a CSI whose final moves, edits, scrolls or sets a mode,
# the two-byte escapes that move, save or clear (ESC 7, 8, D, E, M, H, c, 6, 9, ESC # 8), and
# the C1 forms of IND, HTS and RI.  (VT, FF and NEL alone only separate words: no line needs
# reading for them; a colour's SGR moves nothing.)  Each pattern starts with a class of the
# characters a match begins with: one that starts with an alternation tries every branch at
# every position, eight times slower.
# (A C0 control right after the ESC, or after ``#``, is executed and the code goes on.)
_C0 = r"[\x00-\x09\x0b\x0c\x0e-\x17\x19\x1c-\x1f\x7f]*+"
_BODY = r"[\x00-\x09\x0b\x0c\x0e-\x17\x19\x1c-\x1f\x7f -?]*+[@A-MPSTWXZ^`abdefghklrsuvxz{}~]"
MOVES_AFTER = (
    r"(?<=\x1b)" + _C0 + r"(?:\[" + _BODY + r"|[78DEMHc69]|#" + _C0 + r"8)|(?<=\x9b)" + _BODY + r"|(?<=[\x84\x88\x8d])"
)
MOVES = re.compile(r"[\x1b\x9b\x84\x88\x8d](?:" + MOVES_AFTER + ")")
_MOVES_B = re.compile(
    rb"[\x1b\xc2](?:(?<=\x1b)"
    + _C0.encode()
    + rb"(?:\["
    + _BODY.encode()
    + rb"|[78DEMHc69]|#"
    + _C0.encode()
    + rb"8)|(?<=\xc2)(?:\x9b"
    + _BODY.encode()
    + rb"|[\x84\x88\x8d]))"
)


def moves(buf: str | bytes, start: int = 0, end: int | None = None) -> bool:
    """Whether ``buf[start:end]`` (bytes: UTF-8) holds what MOVES finds."""
    end = len(buf) if end is None else end
    if isinstance(buf, bytes):
        # (ESC or the lead byte of an 8-bit code first, at memchr speed: the search's own
        # skipping cost 0.1-0.3 s over each 8 MiB segment of a stream's long line)
        if buf.find(b"\x1b", start, end) < 0 and buf.find(b"\xc2", start, end) < 0:
            return False
        return _MOVES_B.search(buf, start, end) is not None
    return MOVES.search(buf, start, end) is not None


_ITEM = re.compile(TERMINAL + "|[\x00" + re.escape(SILENT) + "]|[^\x20-\x7e]")
_ITEM_C1_PRINTS = re.compile("(?![" + C1_OPENERS + "])" + TERMINAL + "|[\x00" + re.escape(SILENT) + "]|[^\x20-\x7e]")


def cells(
    text: str, start: int, end: int, c1_codes: bool, *, decoded: bool = False, ends: bool = True
) -> tuple[str, list[tuple[int, int]]]:
    """What a terminal shows of ``text[start:end]`` read through its cells, and its runs
    (shown offset, stored offset) where each slice of stored text begins: the cells of each
    row, each the stored offset of the character written last to it, read left to right, the
    rows apart by a line feed.  A cell shows its character and the zero-width ones stored right
    after it (marks, codes, controls not printed); a blank cell shows a space.  ``c1_codes``:
    a C1 opener starts a code (xterm in UTF-8), or prints nothing.  ``decoded``: the text a
    reading decoded (cursor.Row's ``lenient``).  Raises CannotVerify where the line cannot
    tell what a terminal shows (cursor.py); ``ends``: the next line is written where it ends
    (else what follows is none of the text's: jqrows.py)."""
    row = Row(lenient=decoded)
    item = _ITEM if c1_codes else _ITEM_C1_PRINTS
    pos = start
    while pos < end:
        m = item.search(text, pos, end)
        plain_end = m.start() if m else end
        if plain_end > pos:  # (printable ASCII: one cell each)
            row.put_run(pos, plain_end)
        if m is None:
            break
        s = m.group()
        pos = m.end()
        if len(s) == 1 and s in "\r\x08\t\n\x0b\x0c\x85":
            row.control(s)
        elif len(s) > 1 or s == "\x1b" or (c1_codes and s in ("\x84", "\x88", "\x8d")):
            row.act(s)
        elif s in SILENT or s == "\x00":
            continue
        elif unicodedata.category(s) == "Cc":
            row.put(m.start(), 1)  # (a control a terminal shows, as stored: a separator)
        else:
            w = cell_width(s)
            if w:
                row.put(m.start(), w)
    if ends:
        row.end()
    return _shown(text, end, [*row.left, row.cells], item)


def _shown(text: str, end: int, rows: list[list[int]], item: re.Pattern[str]) -> tuple[str, list[tuple[int, int]]]:
    """The rows' cells as text, each cell with the zero-width characters stored after its
    own, and runs."""
    shown: list[str] = []
    runs: list[tuple[int, int]] = []
    col = 0
    last = -1  # the stored offset the shown text has reached
    for k, row in enumerate(rows):
        if k:
            runs.append((col, last if last >= 0 else 0))
            shown.append("\n")
            col += 1
            last = -1
        for at in row:
            if at == WIDE_TAIL:
                continue
            if at == BLANK:
                # (a blank cell maps to the stored character shown before it: ``last`` is one
                # past that character and can be the text's end)
                piece, origin = " ", last - 1 if last > 0 else 0
            else:
                stop = at + 1
                while stop < end:  # (zero-width characters after it, to the next one shown)
                    z = item.match(text, stop, end)
                    if z is None or not _zero_width(z.group()):
                        break
                    stop = z.end()
                piece, origin = text[at:stop], at
            if origin != last or at == BLANK:
                runs.append((col, origin))
            shown.append(piece)
            col += len(piece)
            last = origin + len(piece) if at != BLANK else -1
    return "".join(shown), runs


def _zero_width(s: str) -> bool:
    """An item of _ITEM that takes no cell and moves no cursor."""
    if len(s) > 1:
        return "\x08" not in s and "\t" not in s and MOVES.fullmatch(s) is None
    return (
        s in SILENT
        or s == "\x00"
        or (s not in "\r\n\x08\t\x0b\x0c\x1b\x85" and unicodedata.category(s) != "Cc" and cell_width(s) == 0)
    )


def offsets(runs: list[tuple[int, int]], length: int) -> list[int]:
    """The stored offset of each of the ``length`` shown characters that ``runs`` map (one pass)."""
    out: list[int] = []
    for k, (col, at) in enumerate(runs):
        stop = runs[k + 1][0] if k + 1 < len(runs) else length
        out += range(at, at + stop - col)
    return out
