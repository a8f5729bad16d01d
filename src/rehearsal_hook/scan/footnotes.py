"""GitHub's footnotes, as cmark-gfm shows them (GitHub renders Markdown with it): a reference
``[^label]`` to a label the document defines (``[^label]: text`` on a line of its own, up to
three blanks or a block quote's ``>`` before it, before or after the reference) shows as its
number, raised -- ``QT00[^a]_P...`` with ``[^a]: x`` shows ``QT00`` then a raised ``1`` then
``_P...``: one word to a reader, as a superscript digit is read (NFKC).  A footnote's number is
the order in which its label is first referenced (an unreferenced definition takes none); a
label matches in any case, and holds no blank or ``]`` (``[^a b]`` is a link's text).

The shown text is the stored text with each such reference replaced by its number (all of it
from the reference's ``[``: shown.Builder); it is read as any text is (text.scan_bytes,
scan_str: shown.py, states.py).  Linear: one search for the definitions, one for the
references.  (Limits: a reference in a code span, an indented code block or after a
backslash, which cmark-gfm shows as it is, is read and numbered too -- a reading added, but the
numbers after it in the document are then one more than GitHub's; past LIMIT references it
blocks; a stream does not read it.)
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import states
from rehearsal_hook.scan.shown import Builder

_DEFINITION = re.compile(r"^" + states.FOOTNOTE_HEAD + r"\[\^([^\]\s]++)\]:", re.MULTILINE)
_REFERENCE = re.compile(r"\[\^([^\]\s]++)\]")
# The most references replaced (and characters written beyond the stored text's).
LIMIT = 1 << 20


def may_define(text: str) -> bool:
    """Whether ``text`` defines a footnote (states.defines_footnote)."""
    return states.defines_footnote(text)


def shown(text: str) -> list[tuple[str, Callable[[list[int]], list[int]]]]:
    """``text`` with each reference to a defined footnote replaced by its number, with where
    each character comes from; empty if it references none."""
    defined: set[str] = set()
    definitions: set[int] = set()  # (where a definition's ``[`` stands: no reference)
    for m in _DEFINITION.finditer(text):
        defined.add(m.group(1).casefold())
        definitions.add(m.start(1) - 2)
    numbers: dict[str, int] = {}
    out = Builder(len(text), LIMIT, _too_many)
    pos = 0
    for m in _REFERENCE.finditer(text):
        label = m.group(1).casefold()
        if m.start() in definitions or label not in defined:
            continue
        out.add(text[pos : m.start()], pos)
        out.add(str(numbers.setdefault(label, len(numbers) + 1)), m.start(), 0)
        pos = m.end()
    if not numbers:
        return []
    out.add(text[pos:], pos)
    return [("".join(out.parts), out.stored)]


def _too_many() -> CannotVerify:
    return CannotVerify(
        "unverifiable-reading",
        f"a Markdown document with over {LIMIT} footnote references: its footnotes are read up to that limit only",
    )
