"""What the parsed readings of a text's own syntax make or join where the rendered reading's
hints (hints.py) see nothing: the lines to read for them.

* a *maker* of their own: a special character of roff that makes a letter, a digit, an
  underscore or a look-alike (``\\(ul``, ``\\[u005F]``, ``\\C'ul'``; roff.maker), TeX's
  ``\\textunderscore``, ``\\char``, ``\\symbol{``, ``^^``, ``\\verb``, ``\\textsc``,
  ``\\uppercase`` and ``\\MakeUppercase``;
* a *removal joining a maker*: a parsed reading is judged on its own text, where what it
  removes inside a maker of the rendered reading (a reference, a percent byte, an escape's
  digits) has joined it -- roff's and TeX's escapes inside a maker's head (``%\\&5F``,
  ``&lowb\\&ar;``, ``&{}#95;``; roff.REMOVAL, tex.REMOVAL: patterns_in, may_make_b), and
  AsciiDoc's attributes, passthroughs and highlights, Org's links, scripts, snippets, macros
  and targets, Textile's bracketed phrases, pairs and links after or inside a trigger
  (``&{empty}#95;``, ``&^{}#95;``, ``&==#==95;``: REMOVAL_HINTS, holds_removal; hints.joins_a_maker
  asks it of a text holding a trigger).  (RDoc's reading removes nothing beside a trigger:
  rdoc.py.)

The patterns of roff and TeX are compiled on first use and only for a text holding a
backslash, a brace or ``^^`` (a hook's start-up pays nothing for plain text).
"""

from __future__ import annotations

import functools
import re
from typing import Any

from rehearsal_hook.scan import asciidoc, org, textile

# (TeX's makers: ``^^`` needs no trigger of the rendered reading; ``\\verb`` shows its text
# as it is, whatever its delimiter, and small capitals and ``\\uppercase`` show capitals.)
_TEX_MAKER = r"\\(?:textunderscore|char|symbol\{|verb|textsc|uppercase|MakeUppercase)|\^\^"
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
        roff = backslash and (b"\\(" in text or b"\\[" in text or b"\\C" in text or b"\\E" in text)
        tex = backslash or (b"^" in text and b"^^" in text)
        braces = backslash or ((b"&" in text or b"%" in text) and (b"{" in text or b"}" in text))
        return roff, tex, braces
    backslash = "\\" in text
    roff = backslash and ("\\(" in text or "\\[" in text or "\\C" in text or "\\E" in text)
    braces = backslash or (("&" in text or "%" in text) and ("{" in text or "}" in text))
    return roff, backslash or holds_trigger(text), braces


def holds_trigger(text: str) -> bool:
    """Whether ``text`` holds what starts a maker that is no trigger of hints.TRIGGERS: ``^^``."""
    return "^" in text and "^^" in text


def patterns_in(text: str) -> list[re.Pattern[str]]:
    """The patterns of the makers and joining removals of roff and TeX ``text`` may hold (one
    search each over the text selects the lines holding one)."""
    wanted = _wanted(text)
    return [p for p, w in zip(_patterns(False), wanted, strict=True) if w] if any(wanted) else []


def may_make_b(data: bytes) -> bool:
    """Whether ASCII ``data`` holds such a maker or removal of roff or TeX: its lines are read."""
    wanted = _wanted(data)
    return any(wanted) and any(w and p.search(data) is not None for p, w in zip(_patterns(True), wanted, strict=True))


# What AsciiDoc, Org and Textile remove that can join a maker: each alternative of the
# readings' HINTs apart, so that a search over a whole text skips at C speed to the literal
# each begins with (a HINT whose alternatives begin with a lookbehind or a character class is
# tried at every character: 2.0 s of joins_a_maker over git's 60 MB of sources, 0.3 s now).
# A text holds a match of a HINT exactly where it holds one of a part.
REMOVAL_HINTS = (*asciidoc.HINT_PARTS, *org.HINT_PARTS, *textile.HINT_PARTS)


@functools.cache
def _removal_hints_b() -> tuple[re.Pattern[bytes], ...]:
    return tuple(re.compile(p.pattern.encode()) for p in REMOVAL_HINTS)


def holds_removal(text: str | bytes) -> bool:
    """Whether ASCII ``text`` holds what a reading of REMOVAL_HINTS removes."""
    if isinstance(text, bytes):
        return any(p.search(text) is not None for p in _removal_hints_b())
    return any(p.search(text) is not None for p in REMOVAL_HINTS)
