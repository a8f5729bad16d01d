"""reStructuredText's reading of a piece of a line: an escaped blank vanishes, and so does a
role's name.  Docutils (and
so GitHub's rendering of a ``.rst`` file) removes a backslash and the space or tab after it
-- the way to put inline markup inside a word --, so ``DEPLOY\\ _OK`` shows the two words
joined.  A backslash before any other character is that character, which the string escapes
of the rendered reading read already (readings.py: punctuation, a letter or digit), so this
reading keeps those escapes for it; an escaped line break is read there too.  Inline markup
(``*emphasis*``, ``**strong**``, double-backquoted literals, interpreted text) is shown as
Markdown shows it: the Markdown reading reads this one's text (parsed.parsed_readings).  Where
it can show a token is among the places near.near_needles finds (a backslash can vanish).
"""

from __future__ import annotations

import re

from rehearsal_hook.scan.indexed import Indexed, at_matches, replaced

_ESCAPE = re.compile(r"\\(.)", re.S)
# An escape, or a role's name next to the backquotes of interpreted text (``:sub:`PASS```,
# ```PASS`:sup:``): the role is not shown.  Nor is what makes a hyperlink of it: the
# reference's ``_`` or ``__`` after the closing backquote (before a blank, a backslash, the
# end or punctuation: the end-string's rule), an embedded URI or alias (``<u>`` after a blank,
# also over a line end, before the closing backquote), an inline target's ``_`` before the
# opening one (after a blank, the start or an opening punctuation mark) -- docutils shows
# ```DEPLOY_O <u>`_\ K`` and ``DEPLOY_O\ _`K``` as ``DEPLOY_OK``.
_ESCAPE_OR_ROLE = re.compile(
    r"\\(.)|:[A-Za-z][A-Za-z0-9_.+-]*+:(?=`)|(?<=`):[A-Za-z][A-Za-z0-9_.+-]*+:"
    r"|(?<=`)__?(?=[\s\\.,;:!?'\")\]}>-]|\Z)|(?<=[^`\s])\s+<[^<>`]*[^<>`\s]>(?=`__?)"
    r"|(?:(?<=[\s'\"(\[{<-])|(?<![\s\S]))_(?=`[^`\s])",
    re.S,
)


def may_read(line: str) -> bool:
    return "\\ " in line or "\\\t" in line


def _value(m: re.Match[str]) -> Indexed | str:
    if m.group(1) is None or m.group(1) in " \t":
        return ""
    return m.group(), [m.start(), m.start() + 1]


def reading(line: str, *, roles: bool = False) -> Indexed | None:
    """``line`` with each escaped blank removed (an escaped backslash escapes nothing after
    it) -- ``roles``: and each role's name --, and per character its index in ``line``; None
    if it holds no escaped blank.  Both readings count: what looks like a role may be text
    that only ends in a colon (a path printed before ``:0:1:``)."""
    if not may_read(line):
        return None
    return replaced(line, at_matches((_ESCAPE_OR_ROLE if roles else _ESCAPE).finditer(line), _value))
