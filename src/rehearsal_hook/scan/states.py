"""What may set a document's state, so that a reader shows the rest of it otherwise: roff's
requests (roffstate.py), reStructuredText's substitution definitions (rstsubs.py) and AsciiDoc's
attribute entries (adocattrs.py) -- one search for all -- and the texts such a document shows
(shown.py reads them)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from rehearsal_hook.scan import roffstate

# Where a reStructuredText substitution definition (rstsubs.py) and an AsciiDoc attribute
# entry (adocattrs.py) start a line: kept here, which every scan imports, so that the modules
# that read them are imported only where a text may hold one (a hook's start: 2 ms).
RST_GATE = r"\.\.[ \t]++\|[^|\n]++\|[ \t]++(?:unicode|replace)::"
ADOC_GATE = r":!?+\w[\w-]*+!?+:(?=[ \t\r\n]|\Z)"


@functools.cache
def _gates(as_bytes: bool) -> tuple[re.Pattern[Any], re.Pattern[Any]]:
    """What may set a document's state, at a text's start and after a line feed: roff's
    requests (roffstate.GATE), reStructuredText's substitution definitions (RST_GATE) and
    AsciiDoc's attribute entries (ADOC_GATE), one search for all -- each starts a line
    with ``.``, ``'`` or ``:``, so a search from each line feed at C speed that passes most
    lines at their first character (8 ms CPU more over bench's corpus
    than roff's alone; a search of its own for the definitions cost 0.14 s more, 8%)."""
    source = "(?:" + roffstate.GATE + "|" + RST_GATE + "|" + ADOC_GATE + ")"
    if as_bytes:
        return re.compile(source.encode()), re.compile(b"\n" + source.encode())
    return re.compile(source), re.compile("\n" + source)


def may_set(text: str | bytes) -> bool:
    at_start, after_lf = _gates(isinstance(text, bytes))
    return at_start.match(text) is not None or after_lf.search(text) is not None


def pages(text: str) -> list[tuple[str, Callable[[list[int]], list[int]]]]:
    """The texts ``text`` shows with the document state it sets (may_set: it may):
    a manual page's (roffstate), a reStructuredText document's substitutions (rstsubs), an
    AsciiDoc document's attributes (adocattrs)."""
    from rehearsal_hook.scan import adocattrs, rstsubs

    pages = roffstate.shown(text) if roffstate.may_change(text) else []
    pages += rstsubs.shown(text) if rstsubs.may_define(text) else []
    return pages + adocattrs.shown(text) if adocattrs.may_define(text) else pages
