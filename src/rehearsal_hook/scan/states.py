"""What may set a document's state, so that a reader shows the rest of it otherwise: roff's
requests (roffstate.py), reStructuredText's substitution definitions (rstsubs.py) and AsciiDoc's
attribute entries (adocattrs.py) -- one search for all --, Markdown's footnote definitions
(footnotes.py), XML's entity declarations (xmlents.py), and the texts such a document shows
(shown.py reads them)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from rehearsal_hook.scan import roffstate, xmlents
from rehearsal_hook.scan.patterns import compiled

# Where a reStructuredText substitution definition (rstsubs.py) and an AsciiDoc attribute
# entry (adocattrs.py) start a line: kept here, which every scan imports, so that the modules
# that read them are imported only where a text may hold one (a hook's start: 2 ms).
RST_GATE = r"\.\.[ \t]++\|[^|\n]++\|[ \t]++(?:unicode|replace)::"
ADOC_GATE = r":!?+\w[\w-]*+!?+:(?=[ \t\r\n]|\Z)"
# A footnote's definition (footnotes.py): ``[^label]:`` after blanks or a block quote's ``>``
# at a line's start -- searched for on its own, from its ``[`` (defines_footnote).
FOOTNOTE_HEAD, FOOTNOTE_LABEL = r"[ \t>]*+", r"\[\^[^\]\s]++\]:"


# A style element's opening tag, up to its name (HTML's and SVG's ``<style>``, any case, and
# an XML document's ``<svg:style>``, whatever prefix names SVG's namespace): a style sheet may
# show letters as capitals or hide elements (sheets.py, imported only for a text holding one).
STYLE_OPENER = r"<(?:[^\s/<>:]++:)?+(?i:style)(?=[\t\n\f\r />])"

# What each gate starts with (roffstate.GATE a control character, RST_GATE ``..``, ADOC_GATE
# ``:``): a text that starts with none of them sets no state at its start.
OPENERS, _OPENERS_B = (".", "'", ":"), (b".", b"'", b":")


@functools.cache
def _gate(as_bytes: bool, at_start: bool) -> re.Pattern[Any]:
    """What may set a document's state, at a text's start or after a line feed: roff's
    requests (roffstate.GATE), reStructuredText's substitution definitions (RST_GATE) and
    AsciiDoc's attribute entries (ADOC_GATE), one search for all -- each starts a line
    with ``.``, ``'`` or ``:``, so a search from each line feed at C speed that passes most
    lines at their first character (8 ms CPU more over bench's corpus
    than roff's alone; a search of its own for the definitions cost 0.14 s more, 8%).  (The
    one at a text's start is compiled for a text that starts with an opener: 0.4 ms of every
    hook's start otherwise.)"""
    source = ("" if at_start else "\n") + "(?:" + roffstate.GATE + "|" + RST_GATE + "|" + ADOC_GATE + ")"
    return re.compile(source.encode() if as_bytes else source)


def may_set(text: str | bytes) -> bool:
    as_bytes = isinstance(text, bytes)
    opens = text.startswith(_OPENERS_B) if isinstance(text, bytes) else text.startswith(OPENERS)
    # (searched from the first line feed, where the first match can start: ``re`` passes to
    # each line feed a byte at a time, 9-10 ms over a line of 32 MiB -- a needle storm --,
    # where memchr finds it in 1)
    first = text.find(b"\n") if isinstance(text, bytes) else text.find("\n")
    return (
        (opens and _gate(as_bytes, True).match(text) is not None)
        or (first != -1 and _gate(as_bytes, False).search(text, first) is not None)
        or defines_footnote(text)
        or xmlents.declares(text)
        or _restyles(text)
    )


def _restyles(text: str | bytes) -> bool:
    """Whether ``text`` holds a style sheet that shows letters otherwise (sheets.may_restyle)."""
    if isinstance(text, bytes):
        if b"<" not in text or compiled(STYLE_OPENER.encode()).search(text) is None:
            return False
    elif "<" not in text or compiled(STYLE_OPENER).search(text) is None:
        return False
    from rehearsal_hook.scan import sheets

    return sheets.may_restyle(text)


@functools.cache
def _footnote(as_bytes: bool) -> tuple[re.Pattern[Any], re.Pattern[Any]]:
    if as_bytes:
        return re.compile(FOOTNOTE_LABEL.encode()), re.compile(FOOTNOTE_HEAD.encode())
    return re.compile(FOOTNOTE_LABEL), re.compile(FOOTNOTE_HEAD)


def defines_footnote(text: str | bytes) -> bool:
    """Whether ``text`` defines a footnote: a search for ``[^label]:`` from its ``[`` where it
    holds a ``^`` (a search from each line feed passed over every indented line's blanks, 0.1 s
    CPU more over bench's corpus, 6%), each found asked whether only blanks or ``>`` stand before
    it on its line -- the first on a line only, and the search goes on at the next line: each
    character is passed a bounded number of times."""
    caret, lf = (b"^", b"\n") if isinstance(text, bytes) else ("^", "\n")
    buf: Any = text  # (str or bytes throughout)
    if caret not in buf:  # (a memchr: 15 ms over bench's corpus, where a search for the label took 70)
        return False
    label, head = _footnote(isinstance(text, bytes))
    pos = 0
    while (m := label.search(buf, pos)) is not None:
        start = buf.rfind(lf, pos, m.start()) + 1 or pos  # (its line's start: pos starts a line)
        if head.fullmatch(buf, start, m.start()) is not None:
            return True
        pos = buf.find(lf, m.end()) + 1
        if pos == 0:
            return False
    return False


def pages(text: str) -> list[tuple[str, Callable[[list[int]], list[int]]]]:
    """The texts ``text`` shows with the document state it sets (may_set: it may):
    a manual page's (roffstate), a reStructuredText document's substitutions (rstsubs), an
    AsciiDoc document's attributes (adocattrs), an XML document's entities (xmlents), an HTML
    or SVG document's style sheets (sheets)."""
    from rehearsal_hook.scan import adocattrs, footnotes, rstsubs, sheets

    pages = roffstate.shown(text) if roffstate.may_change(text) else []
    pages += rstsubs.shown(text) if rstsubs.may_define(text) else []
    pages += footnotes.shown(text) if footnotes.may_define(text) else []
    pages += xmlents.shown(text) if xmlents.declares(text) else []
    pages += sheets.shown(text) if _restyles(text) else []
    return pages + adocattrs.shown(text) if adocattrs.may_define(text) else pages
