"""What the parsed readings of escape syntaxes (roff.py, tex.py) make or join where the
rendered reading's hints (hints.py) see nothing: the lines to read for them.

* a *maker* of their own: a special character of roff that makes a letter, a digit, an
  underscore or a look-alike (``\\(ul``, ``\\[u005F]``, ``\\C'ul'``; roff.maker), TeX's
  ``\\textunderscore``, ``\\char``, ``\\symbol{`` and ``^^``;
* a *removal inside a maker* of the rendered reading: a parsed reading is judged on its own
  text, where what it removes inside a reference, a percent byte or an escape's digits has
  joined it (``%\\&5F``, ``&lowb\\&ar;``, ``&{}#95;``; roff.REMOVAL, tex.REMOVAL).

Their patterns are compiled on first use and only for a text holding a backslash, a brace
or ``^^`` (a hook's start-up pays nothing for plain text).
"""

from __future__ import annotations

import functools
import re
from typing import Any

# (TeX's makers: ``^^`` needs no trigger of the rendered reading.)
_TEX_MAKER = r"\\(?:textunderscore|char|symbol\{)|\^\^"
# The head of a maker of the rendered reading that a removal can split: a reference's ``&``,
# ``#``, ``x`` and name or digits, a percent sign and a digit, an escape's digits.
_MAKER_HEAD = r"(?:&#?[xX]?[0-9A-Za-z]{0,32}|%[0-9A-Fa-f]?|\\[0-9A-Fa-f]{1,5})"


@functools.cache
def _patterns(as_bytes: bool) -> tuple[re.Pattern[Any], re.Pattern[Any], re.Pattern[Any]]:
    """roff's makers, TeX's, and the removals of both inside a maker's head."""
    from rehearsal_hook.scan import roff, tex

    sources = (roff.maker(), _TEX_MAKER, _MAKER_HEAD + "(?:" + roff.REMOVAL + "|" + tex.REMOVAL + ")")
    return tuple(re.compile(p.encode() if as_bytes else p) for p in sources)  # type: ignore[return-value]


def _wanted(text: str | bytes) -> tuple[bool, bool, bool]:
    """Which of _patterns ``text`` may match, by the characters it holds: one-character
    searches first (memchr speed; a two-character ``in`` ran at a fifteenth of it)."""
    if isinstance(text, bytes):
        backslash = b"\\" in text
        roff = backslash and (b"\\(" in text or b"\\[" in text or b"\\C'" in text)
        tex = backslash or (b"^" in text and b"^^" in text)
        braces = backslash or ((b"&" in text or b"%" in text) and (b"{" in text or b"}" in text))
        return roff, tex, braces
    backslash = "\\" in text
    roff = backslash and ("\\(" in text or "\\[" in text or "\\C'" in text)
    braces = backslash or (("&" in text or "%" in text) and ("{" in text or "}" in text))
    return roff, backslash or holds_trigger(text), braces


def holds_trigger(text: str) -> bool:
    """Whether ``text`` holds what starts a maker that is no trigger of hints.TRIGGERS: ``^^``."""
    return "^" in text and "^^" in text


def patterns_in(text: str) -> list[re.Pattern[str]]:
    """The patterns of the makers and joining removals ``text`` may hold (one search each over
    the text selects the lines holding one)."""
    wanted = _wanted(text)
    return [p for p, w in zip(_patterns(False), wanted, strict=True) if w] if any(wanted) else []


def may_make_b(data: bytes) -> bool:
    """Whether ASCII ``data`` holds such a maker or removal: its lines are read."""
    wanted = _wanted(data)
    return any(wanted) and any(w and p.search(data) is not None for p, w in zip(_patterns(True), wanted, strict=True))
