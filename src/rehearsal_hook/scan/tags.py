"""HTML's tag syntax as a browser's tokenizer reads it: where a tag ends, and its attributes.

A tag is ``<``, an optional ``/``, a letter, the rest of its name (up to a blank, ``/`` or
``>``), then attributes, then ``>``.  An attribute is a name (its first character may be
``=``, ``"`` or ``'``: in a name they are characters), then optionally blanks, ``=``, blanks
and a value: double-quoted, single-quoted -- a ``>`` inside either is the value's, so
``</span x=">">`` is one tag, start or end -- or unquoted (up to a blank or ``>``).  A quote
starts a value only right after the ``=`` and its blanks; after a value, another attribute may
follow without a blank (``x="1"y="2"``); ``/`` between attributes is a blank (``/>`` ends a
tag).  The blanks are HTML's (tab, LF, FF, CR, space): another space is a character of a name.

No part of a tag holds ``<`` here (a browser reads ``<a title="<">`` as one tag; this reads it
as text up to that ``<``, a documented limit): so the search for a tag that never closes stops
at the next ``<``, and the searches from each ``<`` cover stretches that do not overlap -- a
quote never closed does not make the search quadratic (``<a x="`` repeated).  Every pattern
is possessive: a tag matches one way or not at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

_WS = r"[\t\n\f\r ]"
# A comment ends at the first ``-->`` or ``--!>`` after its ``<!--``; ``<!-->`` and ``<!--->``
# are whole (empty) comments, as an HTML parser reads them (a token split by one showed whole).
COMMENT = r"!--(?:-?>|[\s\S]*?--!?>)"


class Grammar:
    """The patterns of a tag (regular expression text, ASCII: a bytes pattern is its encoding),
    none of whose parts holds a character of ``stops`` (``<``, and where the text searched is
    constructs.inert_openers', its marks of hidden elements: a tag across one would break it)."""

    def __init__(self, stops: str) -> None:
        # A tag's name: a letter, then up to a blank, ``/`` or ``>`` -- ``<w:t>``, ``<x.y>`` are
        # tags (XML's namespaced names too).
        self.name = r"[A-Za-z][^\t\n\f\r />" + stops + "]*+"
        attr_name = r"[^\t\n\f\r />" + stops + r"][^\t\n\f\r />=" + stops + "]*+"
        self.value = r"(?:\"[^\"" + stops + r"]*+\"|'[^'" + stops + r"]*+'|(?![\"'])[^\t\n\f\r >" + stops + "]*+)"
        # One attribute: a name, and a value after ``=`` -- or no ``=`` comes (blanks then ``=``
        # always start the value: a quote after them is the value's, never a name's).
        attr = attr_name + "(?:" + _WS + "*+=" + _WS + "*+" + self.value + "|(?!" + _WS + "*+=))"
        # What follows a tag's name up to its ``>``: blanks, slashes and attributes.
        self.attrs = r"(?:[\t\n\f\r /]++|" + attr + r")*+"
        # A tag after its ``<``, start or end.
        self.body = r"/?" + self.name + self.attrs + ">"
        # What may still become a tag at the end of a buffer (its ``>`` not there yet): a name,
        # attributes, and the start of one more -- a name, its ``=``, a quoted value not closed.
        self.open_body = (
            r"/?"
            + self.name
            + self.attrs
            + "(?:"
            + attr_name
            + _WS
            + r"*+(?:="
            + _WS
            + r"*+(?:\"[^\""
            + stops
            + r"]*+|'[^'"
            + stops
            + "]*+)?)?)?"
        )
        self.attr_name = attr_name
        # What an HTML parser reads as a bogus comment and shows as nothing, up to the next
        # ``>``: ``<!`` not before ``--`` (a declaration, ``<![CDATA[``), ``</`` not before a
        # letter (``</ >``, ``</3>``, and ``</>``, which is dropped), ``<?`` (a processing
        # instruction): a token split by ``</ >`` showed whole in a browser.  (Held to no
        # ``<``, as a tag is; ``<!-!`` is an inert comment opener, text.)
        self.bogus = r"(?:!(?!--|-!)|/(?![A-Za-z])|\?)[^>" + stops + "]*+>"
        # A comment, a bogus comment or a tag, after its ``<``.
        self.tag = "(?:" + COMMENT + "|" + self.bogus + "|" + self.body + ")"


# Stored text; a text marked by constructs.inert_openers (str), and its bytes form.
PLAIN = Grammar("<")
MARKED_S = Grammar(r"<\uf8fe\uf8ff")
MARKED_B = Grammar(r"<\xfe\xff")
NAME = PLAIN.name

_ONE_ATTR = r"[\t\n\f\r /]*+(" + PLAIN.attr_name + ")(?:" + _WS + "*+=" + _WS + "*+(" + PLAIN.value + "))?"
_ONE_ATTR_S = re.compile(_ONE_ATTR)
_ONE_ATTR_B = re.compile(_ONE_ATTR.encode())


def attributes(attrs: Any) -> Iterator[tuple[Any, Any]]:
    """The (name, value) of each attribute in ``attrs`` (str or bytes: what a Grammar's attrs
    matched), the name in lower case and the value without its quotes (empty when it has none)."""
    for m in (_ONE_ATTR_S if isinstance(attrs, str) else _ONE_ATTR_B).finditer(attrs):
        value = m.group(2) or attrs[:0]
        if value[:1] in ('"', "'", b'"', b"'"):
            value = value[1:-1]
        yield m.group(1).lower(), value


# What may still become a tag, a bogus comment or a comment opener at the end of a buffer.
OPEN_TAG_S = re.compile(r"<(?:" + PLAIN.open_body + r"|[/!?][^<>]*+)?\Z")
OPEN_TAG_B = re.compile(OPEN_TAG_S.pattern.encode())
_ONE_TAG_S = re.compile("<(?:" + MARKED_S.bogus + "|" + MARKED_S.body + ")")


def tag_end(searched: str, lt: int) -> int:
    """Where the tag (or bogus comment) that starts at ``searched[lt]``, a ``<``, ends, else -1
    (``searched``: made by constructs.inert_openers): it runs to its ``>`` (a quoted value's
    is not) and holds no ``<`` -- a search that stops at the next ``<``."""
    m = _ONE_TAG_S.match(searched, lt)
    return -1 if m is None else m.end()


def tag_open(buf: str, lt: int, end: int) -> bool:
    """Whether ``buf[lt:end]`` (from a ``<``) is a tag whose ``>`` is still to come after ``end``."""
    return OPEN_TAG_S.match(buf, lt, end) is not None


def text_in_place(tag: str) -> str:
    """What the tag ``tag`` (a whole start tag) shows in its place: an image that does not
    load (a broken or blocked image, a reader without images, Firefox inline) its ``alt``
    text -- as the Markdown reading shows ``![alt](u)`` --, a form's input its ``value`` (else
    its ``placeholder``; a submit or reset button with none its label), a text area its
    ``placeholder`` (shown while it is empty: read whatever it holds, a reading added), a
    select's option its ``label`` (shown in place of what it holds, which is read after it
    too: a reading added), references decoded as in any attribute value: Chromium 150 shows
    ``DEPLOY<input value="_OK">`` with the input's border and padding styled away as one
    word, and so with a placeholder, a button's value, an empty text area's placeholder, an
    option's label; nothing for any other tag, nor for an input whose type shows no text
    (hidden, a password's dots, a checkbox...) (rendered reading, readings.py)."""
    name = _TAG_NAME.match(tag, 1)
    kind = name.group().lower() if name is not None else ""
    if "list-style" in tag.lower():  # (a list item's marker string: styles.list_marker)
        from rehearsal_hook.scan.styles import list_marker  # (it reads attributes here)

        marker = list_marker(kind, tag[1 + len(kind) : -1])
        if marker:
            return marker
    if kind not in _IN_PLACE:
        return ""
    found: dict[str, str] = {}
    for key, value in attributes(tag[1 + len(kind) : -1]):
        found.setdefault(key, value)  # (the first of a name counts, as a browser's tokenizer reads)
    if kind != "input":
        shown = found.get(_IN_PLACE[kind], "")
    else:
        form = found.get("type", "text").strip().lower()
        if form == "image":
            shown = found.get("alt", "")
        elif form in _INPUT_LABELS and not found.get("value"):
            shown = _INPUT_LABELS[form]
        elif form not in _OTHER_INPUTS:  # (text, search, email, url, tel, number, a button; an unknown type is text)
            shown = found.get("value") or found.get("placeholder", "")
        else:
            shown = ""
    if "&" not in shown:
        return shown
    import html  # (only a tag holding a reference pays for html.entities)

    return html.unescape(shown)


_TAG_NAME = re.compile(r"[A-Za-z][^\t\n\f\r />]*+")
# The tags that show an attribute's text in their place, and which (an input's: by its type);
# the start of one, in any case, as a pattern (hints.py: its line is read; each name's letters
# as classes -- ``(?i:...)`` there cost 5% of a full scan over bench's corpus).
_IN_PLACE = {"img": "alt", "input": "value", "textarea": "placeholder", "option": "label"}
IN_PLACE_TAG = (
    "<(?:"
    + "|".join("".join(f"[{c.upper()}{c}]" for c in name) for name in _IN_PLACE)
    + r")[\t\n\f\r /]"
    # (and a tag whose style may give a list item's marker, styles.list_marker: up to its ``>``.
    # A tag's name holds a ``<`` (``<a<b style=...>``); its name searched here ends before a
    # ``<`` and a letter, so that such a tag is found from its last one -- the same line:
    # a name runs to a blank.  Taken whole from each ``<`` it was read again to the blank
    # from every one, a quadratic search: 32 KiB of ``E<x95`` took 0.3 s, 64 KiB 1.3 s.)
    + r"|<[A-Za-z](?:[^\t\n\f\r /><]|<(?![A-Za-z]))*+[\t\n\f\r /][^<>]*?(?i:list-style)"
)
# The labels of the buttons that show one when they have no value, and an input's types that
# show no text of theirs.
_INPUT_LABELS = {"submit": "Submit", "reset": "Reset"}
_OTHER_INPUTS = frozenset(
    [
        "hidden",
        "password",
        "checkbox",
        "radio",
        "file",
        "range",
        "color",
        "date",
        "datetime-local",
        "month",
        "week",
        "time",
    ]
)
