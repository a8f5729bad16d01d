"""Where a place is in lines, for text and bytes alike: a line ends at LF, at CR, or at CR LF
counted once -- as git, editors and terminals count them, so that a finding's line:column is
the one a reader goes to, whichever reading found it."""

from __future__ import annotations

import re
from typing import AnyStr

# A CR that is no half of CR LF: a line end here, and on a terminal a return to the line's
# start (carriage.py reads what it overwrites).
LONE_CR = re.compile(r"\r(?!\n)")
_LONE_CR_B = re.compile(rb"\r(?!\n)")


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
