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
terminal's cells instead (screen.cells), up to PIECE stored characters: ``ESC [0m  _OK`` CR
``XY`` shows ``XY_OK`` (the naive count read it as ``XY0m  _OK``).  A longer such line is read
counting a stored character as a cell (a documented limit).

So is a line holding a terminal code that moves the cursor or edits the row (screen.MOVES:
``DEPLOY_XX ESC[2D OK`` shows ``DEPLOY_OK``), whatever else it holds; one longer than PIECE
blocks (cursor.py bounds the work per code by the row's width, not the line's length).
"""

from __future__ import annotations

import bisect
import re

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import screen
from rehearsal_hook.scan.lines import LONE_CR
from rehearsal_hook.scan.readings import PIECE

# What makes a line read as a terminal leaves it: a lone CR, or a code that moves the cursor or
# edits the row (screen.MOVES).
ACTING = re.compile(r"[\r\x1b\x9b\x84\x88\x8d](?:(?<=\r)(?!\n)|" + screen.MOVES_AFTER + ")")


def acts(text: str) -> bool:
    """Whether ``text`` may hold a line ACTING finds (memchr speed for the first characters)."""
    return "\r" in text or "\x1b" in text or (not text.isascii() and any(c in text for c in "\x9b\x84\x88\x8d"))


def stretch(text: str, at: int) -> tuple[int, int]:
    """The terminal line holding the lone CR (or the code) at ``at``: from the line feed before
    it to the next line end that is a line feed (a CR LF's CR excluded)."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    if end == -1:
        end = len(text)
    elif text[end - 1] == "\r":
        end -= 1
    return start, end


# What a terminal does not show as one cell each: anything but printable ASCII.
_NOT_ONE_CELL = re.compile(r"[^\x20-\x7e\r]")


def overwritten(
    text: str, start: int, end: int, *, c1_codes: bool = True, lenient: bool = False
) -> tuple[str, list[tuple[int, int]]]:
    """What a terminal shows of ``text[start:end]`` (segments apart at lone CRs), and its runs:
    (shown offset, stored offset) where each slice of stored text begins, in order.
    ``c1_codes``: a C1 opener starts a code (xterm in UTF-8) or prints nothing (another
    terminal); the line reads the same both ways unless it holds one.  ``lenient``: a code
    that would lose the cursor's row does nothing (cursor.Row)."""
    if screen.moves(text, start, end):
        if end - start > PIECE:
            raise CannotVerify(
                "unverifiable-reading",
                f"a line of over {PIECE >> 10} Ki characters moves the cursor or edits the row on a terminal",
            )
        return screen.cells(text, start, end, c1_codes, decoded=lenient)
    if end - start <= PIECE and _NOT_ONE_CELL.search(text, start, end) is not None:
        return screen.cells(text, start, end, c1_codes, decoded=lenient)
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


def decoded_returns(text: str, index: list[int], piece: str) -> tuple[str, list[int]]:
    """``text``, a decoded reading of ``piece`` (``index``: each character's index in it), as a
    terminal shows each quoted string holding a CR that decoding produced (``\\r``,
    ``\\u000d``): printed on a row of its own -- ``jq -r`` prints a JSON document's string
    values one a line, ``yq -r`` a YAML document's, a program a literal --, the CR returns the
    cursor to the row's start and what follows overwrites (``"xxxxxx_OK\\rDEPLOY"``
    shows ``DEPLOY_OK``).  The row is the string's text: from after its opening quote (a
    stored ``"``, not an escaped one) or a line feed, decoded or stored, to its closing quote or
    the next line feed -- else the piece's start and end, as ``echo -e`` prints a line.  Each
    row is passed once: linear."""
    out: list[str] = []
    out_index: list[int] = []
    pos = 0
    for m in LONE_CR.finditer(text):
        k = m.start()
        if k < pos or piece[index[k]] != "\\":
            continue  # (inside a row read already, or a stored CR: the other terminal reading)
        start, quote = _row_edge(text, index, piece, pos, k, back=True)
        start = max(start, pos)
        end = _row_edge(text, index, piece, k, len(text), back=False, quote=quote)[0]
        shown, runs = overwritten(text, start, end, lenient=True)
        out.append(text[pos:start])
        out_index += index[pos:start]
        out.append(shown)
        out_index += [index[k] for k in screen.offsets(runs, len(shown))]
        pos = end
    out.append(text[pos:])
    out_index += index[pos:]
    return "".join(out), out_index


def _row_edge(
    text: str, index: list[int], piece: str, a: int, b: int, *, back: bool, quote: str = '"'
) -> tuple[int, str]:
    """Where the row holding ``text[a:b]``'s end (``back``) or start begins or ends: after the
    last (before the first) stored quote or line feed in it, else at ``a`` (``b``); and the
    quote that opened it.  A row opens after a ``"`` or after a ``'`` that follows no word
    character (bash's ``$'...'``, Python's and JavaScript's ``'...'``, which decode escapes --
    an apostrophe follows a letter), and ends at the next quote of its kind (``quote``)."""
    while True:
        if back:
            j = max(text.rfind('"', a, b), text.rfind("'", a, b), text.rfind("\n", a, b))
        else:
            found = [f for f in (text.find(quote, a, b), text.find("\n", a, b)) if f != -1]
            j = min(found) if found else -1
        if j == -1:
            return (a if back else b), '"'
        stored = piece[index[j]]
        if text[j] == "\n" or (stored == text[j] and (not back or stored == '"' or _opens(piece, index[j]))):
            return (j + 1 if back else j), (stored if stored == "'" else '"')
        if back:
            b = j
        else:
            a = j + 1


def _opens(piece: str, at: int) -> bool:
    """Whether the ``'`` stored at ``at`` may open a string: it follows no word character."""
    return at == 0 or not (piece[at - 1].isalnum() or piece[at - 1] == "_")
