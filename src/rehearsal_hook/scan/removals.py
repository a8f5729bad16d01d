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

# Each alternative of the readings' HINTs apart: a search over a whole text skips at C speed
# to the literal each begins with (a HINT whose alternatives begin with a lookbehind or a
# character class is tried at every character: 2.0 s of joins_a_maker over git's 60 MB of
# sources, 0.3 s now).  A text holds a match of a HINT exactly where it holds one of a part.
REMOVAL_HINTS = (*asciidoc.HINT_PARTS, *org.HINT_PARTS, *textile.HINT_PARTS)


@functools.cache
def _removal_hints_b() -> tuple[re.Pattern[bytes], ...]:
    return tuple(re.compile(p.pattern.encode()) for p in REMOVAL_HINTS)


def holds_removal(text: str | bytes) -> bool:
    """Whether ASCII ``text`` holds what a reading of REMOVAL_HINTS removes."""
    if isinstance(text, bytes):
        return any(p.search(text) is not None for p in _removal_hints_b())
    return any(p.search(text) is not None for p in REMOVAL_HINTS)
