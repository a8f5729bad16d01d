"""Where a place is in lines, for text and bytes alike: a line ends at LF, at CR, or at CR LF
counted once -- as git, editors and terminals count them, so that a finding's line:column is
the one a reader goes to, whichever reading found it."""

from __future__ import annotations

from typing import AnyStr


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
