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
