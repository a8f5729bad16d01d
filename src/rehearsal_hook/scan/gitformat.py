"""The export-subst reading of a piece of a line: what ``git archive`` (and the archive
downloads hosts build with it) ships for ``$Format:...$`` in a file with the ``export-subst``
attribute -- the whole span replaced by git's pretty format of its content: ``%xNN`` is that
byte (a run of them decoded as UTF-8), ``%n`` a line feed, ``%%`` a percent sign, ``%Cred``,
``%Cgreen``, ``%Cblue``, ``%Creset`` and ``%C(...)`` a terminal colour code (which the rendered
reading then removes).  Every other placeholder (``%H``, ``%an``, ``%(describe)``...) expands
to commit data that is not known here: it reads as a blank, which separates words.

Read in every file, whatever its attributes say today: the attribute can be set later by a
change to ``.gitattributes``, and a reader of an archive sees the expansion.  Within a line
(git takes the text up to the next ``$`` even past a line end: a span across lines is not
read, a documented limit).
"""

from __future__ import annotations

import re

from rehearsal_hook.scan.indexed import Indexed, at_matches, replaced, utf8_run

HINT = re.compile(r"\$Format:")
_SPAN = re.compile(r"\$Format:([^$\r\n]*+)\$")
_PLACEHOLDER = re.compile(
    r"%(?:((?:x[0-9A-Fa-f]{2})(?:%x[0-9A-Fa-f]{2})*+)"  # a run of bytes
    r"|(n)|(%)"
    r"|(C(?:red|green|blue|reset|\([^)]*+\)))"  # colours
    r"|[+\- ]?(?:\([^)]*+\)|.?))",  # the rest: commit data, unknown here
    re.S,
)
_COLOUR = "\x1b[m"


# ``$`` first: one memchr pass over a text without it (most text), where the search for the
# whole word is a slow byte-by-byte pass (its letters are common: 0.10 s over the bench
# corpus, which has no ``$``, against 0.01 s).
def may_read(line: str) -> bool:
    return "$" in line and "$Format:" in line


def may_read_b(data: bytes) -> bool:
    return b"$" in data and b"$Format:" in data


def reading(line: str) -> Indexed | None:
    """``line`` with each ``$Format:...$`` expanded as git archive does, and per character its
    index in ``line`` (an expansion's characters: where their placeholder starts, or where
    the span does); None if it holds none."""
    return replaced(line, at_matches(_SPAN.finditer(line), _expansion))


def _expansion(span: re.Match[str]) -> Indexed:
    """What git archive ships for one ``$Format:...$`` span, indexed in the line."""
    body, base = span.group(1), span.start(1)
    found = replaced(body, at_matches(_PLACEHOLDER.finditer(body), _placeholder_value), offset=base)
    return found if found is not None else (body, list(range(base, base + len(body))))


def _placeholder_value(m: re.Match[str]) -> str | Indexed:
    if m.group(1):  # each character indexed at the ``%`` of its first byte
        return utf8_run(m.group(1), m.start(), 4)
    return "\n" if m.group(2) else "%" if m.group(3) else _COLOUR if m.group(4) else " "
