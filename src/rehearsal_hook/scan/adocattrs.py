"""AsciiDoc's document attributes, as Asciidoctor shows them (GitHub renders an ``.adoc`` file
with it): an attribute entry ``:name: value`` on a line of its own -- in the header or the
body -- makes each reference ``{name}`` after it show its value, so ``:us: _`` then
``DEPLOY{us}OK`` shows ``DEPLOY_OK``; ``:name!:`` (``:!name:``) unsets it.  A value's own
references are expanded when it is defined; a name matches in any case (Asciidoctor keeps it
in lower case); a reference escaped with a backslash, or to a name not set, shows as written.

The shown text is the stored text with each entry's line blanked (it shows nothing) and each
reference replaced (all of it from the reference's ``{``: shown.Builder); it is read as any
text is (text.scan_bytes, scan_str: shown.py, states.py).  Linear: one search in order.
(Limits: a value continued on the next line, `` \\``, is read to its line's end; past LIMIT
characters written, in the text or a value, or as many references, it blocks; a stream
holding an entry blocks; the built-in attributes are asciidoc.py's.)
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import states
from rehearsal_hook.scan.shown import Builder

# An entry at a line's start, as a gate (states.py: one search with roff's requests and
# reStructuredText's definitions), and an entry or a reference, in the order they come.
GATE = states.ADOC_GATE
_ENTRY_OR_REFERENCE = re.compile(
    r"^:(?P<unset>!)?+(?P<name>\w[\w-]*+)(?P<unset2>!)?+:(?:[ \t]++(?P<value>[^\n]*+))?+$"
    r"|(?P<escape>\\)?+\{(?P<ref>\w[\w-]*+)\}",
    re.MULTILINE,
)
_REFERENCE = re.compile(r"(?<!\\)\{(\w[\w-]*+)\}")
# (at a text's start, and after a line feed: a search that starts with one runs at C speed,
# where ``^`` in multi-line mode was tried at every character -- 0.15 s a 16 MiB segment)
_GATES = (re.compile(GATE), re.compile("\n" + GATE))
# The most characters written beyond the stored text's, in a value, or places.
LIMIT = 1 << 20


def may_define(text: str) -> bool:
    """Whether ``text`` holds an attribute entry and a reference may follow."""
    return "{" in text and holds_entry(text)


def holds_entry(text: str) -> bool:
    """Whether ``text`` holds an attribute entry (a stream's segment: its references may lie
    in another, roffstream.StreamGate)."""
    return _GATES[0].match(text) is not None or _GATES[1].search(text) is not None


def shown(text: str) -> list[tuple[str, Callable[[list[int]], list[int]]]]:
    """``text`` with its attribute references replaced (may_define: none, no reading), with
    where each character comes from; empty if no reference is replaced."""
    values: dict[str, str] = {}
    out = Builder(len(text), LIMIT, _too_many)
    pos = 0
    replaced = False
    for m in _ENTRY_OR_REFERENCE.finditer(text):
        if m.group("name") is not None:
            name = m.group("name").lower()
            if m.group("unset") or m.group("unset2"):
                values.pop(name, None)
            else:
                values[name] = _expanded(m.group("value") or "", values)
            out.add(text[pos : m.start()], pos)
            out.add(" " * (m.end() - m.start()), m.start())  # (an entry shows nothing)
            pos = m.end()
            continue
        written = values.get(m.group("ref").lower())
        if m.group("escape") or written is None:
            continue
        out.add(text[pos : m.start()], pos)
        out.add(written, m.start(), 0)
        pos = m.end()
        replaced = True
    if not replaced:
        return []
    out.add(text[pos:], pos)
    return [("".join(out.parts), out.stored)]


def _expanded(value: str, values: dict[str, str]) -> str:
    """``value`` with its references to names set replaced (one level: theirs were when they
    were set), at most LIMIT characters."""
    if "{" not in value:
        return value
    parts, last, size = [], 0, 0
    for m in _REFERENCE.finditer(value):
        written = values.get(m.group(1).lower())
        if written is None:
            continue
        parts += [value[last : m.start()], written]
        size += m.start() - last + len(written)
        if size > LIMIT:
            raise _too_many()
        last = m.end()
    parts.append(value[last:])
    return "".join(parts)


def _too_many() -> CannotVerify:
    return CannotVerify(
        "unverifiable-reading",
        f"an AsciiDoc document whose attributes write over {LIMIT} characters or stand in as many places: "
        "its attributes are read up to that limit only",
    )
