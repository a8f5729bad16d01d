"""XML's internal entities, as an XML reader shows them: a browser showing an ``.svg`` file
(GitHub shows one as an image), an ``.xml`` or ``.xhtml`` file (libxml2).  In an XML document
whose prolog holds a document type with an internal subset or an external identifier
(declares), a declaration ``<!ENTITY name "value">`` makes each reference ``&name;`` after it
show its replacement text, so ``<!DOCTYPE svg [<!ENTITY u "_">]>`` then
``<text>DEPLOY&u;OK</text>`` shows ``DEPLOY_OK`` (Chromium 150, as an image and as a page).  As
XML reads a value: its character references are decoded where it is declared (``&#38;#95;`` is
written ``&#95;``, which the text then reads as ``_``), a reference to another entity is left
for its use, where it is replaced in turn (nested to any depth, XML's bypass rule); the first
declaration of a name binds, names are case-sensitive, and a reference that recurses is XML's
error, shown as written.  The text written may hold markup and references, which the shown
text's readings decode (rendered reading).  Where the document type names an external subset
or refers to a parameter entity, a name declared nowhere shows nothing (_Replacements.drops).

The shown text is the stored text with each declaration blanked (it shows nothing) and each
reference after its name's declaration replaced (all of it from the reference's ``&``:
shown.Builder); it is read as any text is (text.scan_bytes, scan_str: shown.py, states.py).
Linear: one look at the prolog, one search for the declarations (_declarations), one for the
references, each name's replacement built once.  (Limits: a declaration is read wherever it
stands after the ``<!DOCTYPE`` -- a reading added --; a parameter entity's value is searched for
the declarations written in it, and one whose value holds a reference blocks; past LIMIT
characters written or nested past DEPTH, it blocks, as a reader's limits on entity expansion
refuse such a document; a stream whose prolog holds such a document type blocks
(roffstream.py); an external entity, which no browser loads, is not read.)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan.patterns import compiled
from rehearsal_hook.scan.shown import Builder

_S = r"[ \t\r\n]++"
_NAME = r"(?:[^\W\d]|:)[\w.:\-\u00b7]*+"
# A document type declaration that may declare entities (an internal subset) or leave a
# reference to an undeclared one to its external subset (SYSTEM, PUBLIC).
_DOCTYPE = r"<!DOCTYPE" + _S + r"[^ \t\r\n\[>]++[ \t\r\n]*+(?P<subset>SYSTEM|PUBLIC|\[)"
_BLANKS = r"[ \t\r\n]*+"
# What else a prolog holds: processing instructions (the XML declaration) and comments, and
# how one that runs on past the text's end starts where the prolog may go on after it (not a
# PHP file's ``<?php`` that never closes: no XML document).
_ITEMS = (
    (("<?", "?>", "<?xml"), ("<!--", "-->", "<!--")),
    ((b"<?", b"?>", b"<?xml"), (b"<!--", b"-->", b"<!--")),
)
# An entity's declaration up to its value's opening quote (its value up to the next such quote,
# then ``>``): a general entity's, or a parameter entity's (``% name``), whose value is searched
# on for the declarations written in it.
_HEAD = r"<!ENTITY" + _S + r"(?P<parameter>%" + _S + r")?+(?P<name>" + _NAME + r")" + _S + r"(?P<quote>[\"'])"
_TAIL = r"[ \t\r\n]*+>"
_PARAMETER_REFERENCE = r"%" + _NAME + r";"
_REFERENCE = r"&(" + _NAME + r");"
_PREDEFINED = frozenset(("amp", "lt", "gt", "quot", "apos"))
_BLANKED = r"[^\r\n]"
_CHARACTER = r"&#(?:([0-9]{1,8})|x([0-9A-Fa-f]{1,8}));"
# The most characters the shown text and the replacements built may hold beyond the stored
# text's, or places; and the deepest nesting of references followed.
LIMIT = 1 << 20
DEPTH = 64


def declares(text: str | bytes) -> bool:
    """Whether ``text`` is an XML document whose document type may declare entities or leave
    references to its external subset: its prolog -- blanks, the XML declaration, processing
    instructions, comments -- read from its start (most text is passed at its first
    character), up to a ``<!DOCTYPE`` with an internal subset or an external identifier; and,
    failing closed, a prolog item that runs on past the text's end (a piece of a history's
    version: the next starts inside it)."""
    first = _FIRST_B if isinstance(text, bytes) else _FIRST_S
    return text[:1] in first and prolog(text)[0] in (DOCTYPE, OPEN)


# What a text whose prolog is one of those starts with: a blank, ``<``, or a BOM (as UTF-8
# bytes, or decoded).  Asked before prolog's steps, which most text fails at its first
# character: 1.2 us of every file's scan, 0.1 us so.
_FIRST_S, _FIRST_B = frozenset(" \t\r\n<\ufeff"), frozenset((b" ", b"\t", b"\r", b"\n", b"<", b"\xef"))


# What a text's prolog is (prolog): a document type that may declare entities, an item open
# at the text's end, nothing but prolog to its end (what follows may go on with it: a
# stream's next segment, roffstream.py), or none of these.
DOCTYPE, OPEN, MORE, NONE = "doctype", "open", "more", "none"


def prolog(text: Any, awaited: Any = None) -> tuple[str, Any]:
    """What ``text``'s prolog is, with its document type declaration (_DOCTYPE) if it has one,
    or the closer an item open at its end awaits.  ``awaited``: the closer of an item open
    before the text (a stream's last segment left it open), which the text goes on."""
    as_bytes = isinstance(text, bytes)
    blanks: Any = compiled(_BLANKS.encode() if as_bytes else _BLANKS)  # (``*+``: it always matches)
    pos = 3 if as_bytes and text[:3] == b"\xef\xbb\xbf" else 1 if text[:1] == "\ufeff" else 0
    if awaited is not None:
        end = text.find(awaited, pos)
        if end == -1:
            return OPEN, awaited
        pos = end + len(awaited)
    items = _ITEMS[as_bytes]
    while True:
        pos = blanks.match(text, pos).end()
        if pos == len(text):
            return MORE, None
        for opener, closer, open_ends in items:
            if text.startswith(opener, pos):
                end = text.find(closer, pos + len(opener))
                if end == -1:
                    return (OPEN, closer) if text.startswith(open_ends, pos) else (NONE, None)
                pos = end + len(closer)
                break
        else:
            found = compiled(_DOCTYPE.encode() if as_bytes else _DOCTYPE).match(text, pos)
            return (NONE, None) if found is None else (DOCTYPE, found)


def shown(text: str) -> list[tuple[str, Callable[[list[int]], list[int]]]]:
    """``text`` with its entity references replaced (declares: none, no reading), with where
    each character comes from; empty if no reference is replaced.  Where the document type
    names an external subset or refers to a parameter entity, a reference to a name no
    declaration read gives is shown as nothing, as libxml2 shows it (Chromium 150 shows
    ``CUTOVER_&x;PASS`` below the SVG 1.1 ``<!DOCTYPE svg PUBLIC ...>`` as the token: the
    external subset, never loaded, might declare it); elsewhere it is XML's error."""
    state, found = prolog(text)
    if "&" not in text or state != DOCTYPE:
        return []
    values: dict[str, tuple[str, int]] = {}  # (a name's value as declared, and where it is declared)
    blanked: list[tuple[int, int]] = []
    for name, value, start, end in _declarations(text, found.start()):
        values.setdefault(name, (compiled(_CHARACTER).sub(_character, value), end))
        blanked.append((start, end))
    drops = found.group("subset") != "[" or compiled(_PARAMETER_REFERENCE).search(text, found.end()) is not None
    replacements = _Replacements({name: value for name, (value, _) in values.items()}, drops)
    out = Builder(len(text), LIMIT, _too_many)
    pos, replaced = 0, False
    for start, end in blanked:  # (each shows nothing; its lines stay)
        replaced = _show_references(text, pos, start, values, replacements, out) or replaced
        out.add(compiled(_BLANKED).sub(" ", text[start:end]), start)
        pos = end
    replaced = _show_references(text, pos, len(text), values, replacements, out) or replaced
    return [("".join(out.parts), out.stored)] if replaced else []


def _declarations(text: str, pos: int) -> Iterator[tuple[str, str, int, int]]:
    """The name, value, start and end of each general entity's declaration in ``text`` from
    ``pos`` on.  A parameter entity's value is searched on for the declarations written in it;
    one whose value holds a reference blocks.  Linear: a value's closing quote is searched for
    past where the last search of that quote ended (a quote never closed is not looked for
    again)."""
    closing = {'"': -1, "'": -1}  # (the last closing quote found, -2: none to the end)
    while (m := compiled(_HEAD).search(text, pos)) is not None:
        quote = m.group("quote")
        if closing[quote] < m.end() and closing[quote] != -2:
            closing[quote] = text.find(quote, m.end())
            closing[quote] = -2 if closing[quote] == -1 else closing[quote]
        close = closing[quote]
        tail = compiled(_TAIL).match(text, close + 1) if close >= m.end() else None
        if tail is None:
            pos = m.end()
            continue
        value = text[m.end() : close]
        if m.group("parameter") is None:
            yield m.group("name"), value, m.start(), tail.end()
            pos = tail.end()
        elif "&" in value or "%" in value:
            raise CannotVerify(
                "unverifiable-reading",
                "an XML document type declares a parameter entity whose value holds a character or entity "
                "reference: the declarations it makes are not read",
            )
        else:
            pos = m.end()


def _show_references(
    text: str,
    start: int,
    end: int,
    values: dict[str, tuple[str, int]],
    replacements: _Replacements,
    out: Builder,
) -> bool:
    """``text[start:end]`` with each reference to a name declared before it replaced (and, where
    the document's undeclared ones show nothing, to one declared nowhere)."""
    pos, replaced = start, False
    for m in compiled(_REFERENCE).finditer(text, start, end):
        declared = values.get(m.group(1))
        if declared is not None and declared[1] > m.start():
            continue
        written = replacements.of(m.group(1))
        if written is None:
            continue
        out.add(text[pos : m.start()], pos)
        out.add(written, m.start(), 0)
        pos, replaced = m.end(), True
    out.add(text[pos:end], pos)
    return replaced


class _Replacements:
    """Each name's replacement text, its references replaced in turn, built once (None: shown
    as written -- a predefined entity, ``&amp;``, which the text reads, one declared nowhere
    where that is XML's error, one that recurses).  ``drops``: one declared nowhere shows
    nothing.  Past LIMIT characters built, or DEPTH levels, it blocks."""

    def __init__(self, values: dict[str, str], drops: bool) -> None:
        self.values, self.drops = values, drops
        self.built: dict[str, str | None] = {}
        self.size = 0

    def of(self, name: str, depth: int = 0) -> str | None:
        if name in self.built:
            return self.built[name]
        if name not in self.values:
            return "" if self.drops and name not in _PREDEFINED else None
        if depth > DEPTH:
            raise _too_many()
        self.built[name] = None  # (while it is built: a reference to it recurses)
        value = self.values[name]
        parts, last = [], 0
        for m in compiled(_REFERENCE).finditer(value):
            written = self.of(m.group(1), depth + 1)
            if written is not None:
                parts += [value[last : m.start()], written]
                last = m.end()
        parts.append(value[last:])
        out = "".join(parts)
        self.size += len(out)
        if self.size > LIMIT:
            raise _too_many()
        self.built[name] = out
        return out


def _character(m: re.Match[str]) -> str:
    number = int(m.group(1)) if m.group(1) else int(m.group(2), 16)
    return chr(number) if number <= 0x10FFFF and not 0xD800 <= number <= 0xDFFF else m.group()


def _too_many() -> CannotVerify:
    return CannotVerify(
        "unverifiable-reading",
        f"an XML document whose entities write over {LIMIT} characters, stand in as many places or nest deeper "
        f"than {DEPTH}: its entities are read up to that limit only",
    )
