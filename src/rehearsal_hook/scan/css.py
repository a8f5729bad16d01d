"""The CSS reading of a piece of a line: CSS escapes decoded, as a browser shows the string
of a ``content:`` property or an escaped identifier.  A backslash and 1 to 6 hex digits is
that code point, and one blank after the digits belongs to the escape (``\\5f PASS``); a
backslash before any other character that is not a line end is that character.

A reading of its own, beside the string escapes of readings.py, not an alternative of them:
the same stored text means another thing (``\\137`` is octal ``_`` in C, Python and
JavaScript and U+0137 in CSS; ``\\5f`` is CSS's ``_`` and octal ``\\5`` then ``f``
elsewhere), and a reader applies one syntax or the other, never a mix.
"""

from __future__ import annotations

import re

from rehearsal_hook.scan.indexed import Indexed, at_matches, replaced

# A line may read otherwise in CSS only where a backslash precedes a hex digit: before any
# other character, CSS reads what string escapes already do (readings.py: punctuation is
# itself, and so is a letter, JavaScript's identity escape).
HINT = re.compile(r"\\[0-9A-Fa-f]")
_ESCAPE = re.compile(r"\\(?:([0-9A-Fa-f]{1,6})(?:\r\n|[ \t\r\n\f])?|([^0-9A-Fa-f\r\n\f]))")


_ESCAPE_B = re.compile(_ESCAPE.pattern.encode())


def eats_line_end(text: str | bytes, ls: int, le: int) -> bool:
    """Whether the line ``text[ls:le]`` ends with an escape whose one blank after its digits
    is the line break at ``le``: CSS reads the lines joined (``A_P\\5f`` then ``ASS`` is the
    identifier ``A_P_ASS``; joins.join_end).  The backslash before at most 6 hex digits starts
    an escape after an even run of backslashes (``\\\\5f`` is a backslash, then ``5f``);
    _ESCAPE judges the rest."""
    tail = text[max(ls, le - 7) : le]
    tail_s = tail if isinstance(tail, str) else tail.decode("latin-1")
    digits = len(tail_s) - len(tail_s.rstrip("0123456789abcdefABCDEF"))
    k = le - digits
    if not 0 < digits < 7 or k <= ls or text[k - 1 : k] not in ("\\", b"\\"):
        return False
    run = k - 1  # (the run of backslashes the last one ends)
    while run > ls and text[run - 1 : run] in ("\\", b"\\"):
        run -= 1
    if (k - 1 - run) % 2:
        return False
    m = _ESCAPE.match(text, k - 1) if isinstance(text, str) else _ESCAPE_B.match(text, k - 1)
    return m is not None and m.end() > le


def may_read(line: str) -> bool:
    return HINT.search(line) is not None


def _value(m: re.Match[str]) -> str:
    if m.group(2) is not None:
        return m.group(2)
    cp = int(m.group(1), 16)
    # (CSS Syntax: zero, a surrogate or past U+10FFFF is U+FFFD)
    return "\ufffd" if cp == 0 or cp > 0x10FFFF or 0xD800 <= cp <= 0xDFFF else chr(cp)


def reading(line: str) -> Indexed | None:
    """``line`` with its CSS escapes decoded, and per character its index in ``line`` (a
    decoded escape: where its backslash is); None if it holds none."""
    return replaced(line, at_matches(_ESCAPE.finditer(line), _value))
