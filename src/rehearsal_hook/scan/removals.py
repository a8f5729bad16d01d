"""What a parsed reading removes that can join a maker the stored text splits -- AsciiDoc's
attributes, passthroughs and highlights (asciidoc.HINT), Org's links, scripts, snippets,
macros and targets (org.HINT), Textile's bracketed phrases, pairs and links (textile.HINT)
(RDoc's reading removes nothing beside a trigger: rdoc.py): such a reading is judged on its
own text, where a removal inside or after a trigger has joined a maker
(``&{empty}#95;``, ``&^{}#95;``, ``&==#==95;``).  hints.joins_a_maker asks it of a text
holding a trigger; the lines to read are then those holding a removal."""

from __future__ import annotations

import functools
import re

from rehearsal_hook.scan import asciidoc, org, textile

REMOVAL_HINTS = (asciidoc.HINT, org.HINT, textile.HINT)


@functools.cache
def _removal_hints_b() -> tuple[re.Pattern[bytes], ...]:
    return tuple(re.compile(p.pattern.encode()) for p in REMOVAL_HINTS)


def holds_removal(text: str | bytes) -> bool:
    """Whether ASCII ``text`` holds what a reading of REMOVAL_HINTS removes (as text: the
    readings' own may_read, cheap first tests before each search)."""
    if isinstance(text, bytes):
        return any(p.search(text) is not None for p in _removal_hints_b())
    return asciidoc.may_read(text) or org.HINT.search(text) is not None or textile.may_read(text)
