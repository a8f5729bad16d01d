"""The terminal reading of a carriage return: a lone CR (not CR LF) returns the cursor to the
start of the line and what follows overwrites, so ``xxxxxx_OK<CR>DEPLOY`` shows
``DEPLOY_OK`` in ``cat`` (a seal suffix works the same).  The scanner reads a lone CR as a line end, as editors do; this
is the other reading: the line up to its LF, as a terminal leaves it.

Linear in the line however many CRs it holds: each column shows the character of the last
segment long enough to reach it, so the shown line is, from the left, a slice of the last
segment, then of the last one longer than that, and so on -- found walking the segments
backwards once, kept as runs of stored text (no cell array, no copy per CR).
"""

from __future__ import annotations

import bisect
import re

# A CR that is no half of CR LF.
LONE_CR = re.compile(r"\r(?!\n)")
_LONE_CR_B = re.compile(rb"\r(?!\n)")


def has_lone_cr_b(data: bytes) -> bool:
    """Whether ``data`` holds a lone CR (memchr speed for a text with no CR at all)."""
    return b"\r" in data and _LONE_CR_B.search(data) is not None


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


def overwritten(text: str, start: int, end: int) -> tuple[str, list[tuple[int, int]]]:
    """What a terminal shows of ``text[start:end]`` (segments apart at lone CRs), and its runs:
    (shown offset, stored offset) where each slice of stored text begins, in order."""
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
