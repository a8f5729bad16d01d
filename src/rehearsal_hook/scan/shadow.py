"""HTML's declarative shadow roots as a browser shows them: a ``<template shadowrootmode>``
(``open`` or ``closed``) that an element holds is that element's shadow tree, shown in place
of what the element (its host) holds -- each ``<slot>`` of the tree showing the host's children
assigned to it (the first slot of no name, or an empty one, those with no ``slot`` attribute,
text too; the first slot of a name those naming it) or, where none is, its own content; a
child assigned to no slot is not shown.  Chromium 150 shows ``<span><template
shadowrootmode=open>DEPLOY_<slot></slot>K</template>O</span>`` as ``DEPLOY_OK``, and
``DEPLOY_<span><template shadowrootmode=open></template>X</span>OK`` as ``DEPLOY_OK``.

A reading of its own (parsed.parsed_readings): the tree's text with its slots filled, read as
a piece is, each character at the stored index it comes from.  The host and its template are
paired as a browser's parser pairs them where the tags nest, each closing tag closing the
innermost open element of its name (and those opened inside it); only a host closed on the
piece read, and only the outermost -- a shadow root inside one is read as its tags are.  One
pass over the tags, each child and slot visited once: linear.
"""

from __future__ import annotations

from rehearsal_hook.scan import tags
from rehearsal_hook.scan.constructs import HIDE_CLOSE, HIDE_OPEN, inert_openers
from rehearsal_hook.scan.elements import TAG_PARTS_S
from rehearsal_hook.scan.indexed import Indexed

# HTML's void elements: an opening tag that holds nothing and is never closed.
_VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
)
_MODES = frozenset(("open", "closed"))
_UNMARKED = {ord(HIDE_OPEN): "<", ord(HIDE_CLOSE): ">"}


def may_read(piece: str) -> bool:
    return "shadowrootmode" in piece.lower()


class _Element:
    __slots__ = ("attrs", "children", "close_end", "close_start", "end", "name", "start")

    def __init__(self, name: str, attrs: str, start: int, end: int) -> None:
        self.name, self.attrs, self.start, self.end = name, attrs, start, end
        self.close_start = self.close_end = -1  # (where its closing tag is: -1 while open)
        self.children: list[_Element] = []


def _tree(searched: str) -> list[_Element]:
    """The elements of ``searched`` in the order they open, each with its children and where
    it closes (-1: never on the piece; an element closed implicitly, by the closing tag of one
    around it, closes where that tag starts)."""
    found: list[_Element] = []
    stack: list[_Element] = []
    open_names: dict[str, int] = {}
    for m in TAG_PARTS_S.finditer(searched):
        name = m.group(2)
        if name is None:
            continue  # (a comment)
        name = name.lower()
        if not m.group(1):
            element = _Element(name, m.group(3) or "", m.start(), m.end())
            found.append(element)
            if stack:
                stack[-1].children.append(element)
            if name in _VOID:  # (``<span/>`` opens a span in HTML: no other is closed so)
                element.close_start = element.close_end = m.end()
            else:
                stack.append(element)
                open_names[name] = open_names.get(name, 0) + 1
        elif open_names.get(name):
            while stack:
                inner = stack.pop()
                open_names[inner.name] -= 1
                inner.close_start, inner.close_end = m.start(), m.end() if inner.name == name else m.start()
                if inner.name == name:
                    break
    return found


def _attribute(attrs: str, wanted: str) -> str | None:
    return next((value for name, value in tags.attributes(attrs) if name == wanted), None)


def _is_root(attrs: str) -> bool:
    """Whether a template's attributes make it a shadow root (its mode ``open`` or ``closed``,
    in any case).  (Whatever its host: Chromium 150 attaches one only to a custom element and
    some of HTML's -- a ``<div>``, a ``<span>``, a ``<p>``... --; read on any, a reading added.)"""
    mode = _attribute(attrs, "shadowrootmode")
    return mode is not None and mode.lower() in _MODES


def reading(piece: str) -> Indexed | None:
    """``piece`` with each outermost host closed on it showing its shadow tree, slots filled
    (see the module); None where there is none."""
    parts: list[tuple[int, int]] = []  # (stretches of ``piece`` the reading shows, in order)
    last = 0
    # (comment openers that never close made inert, as elements.py searches tags; the marks of
    # a hidden element -- a template is one -- its tags again)
    for host in _tree(inert_openers(piece).translate(_UNMARKED)):
        if host.start < last or host.close_end < 0:
            continue
        template = next((c for c in host.children if c.name == "template" and _is_root(c.attrs)), None)
        if template is None or template.close_end < 0:
            continue
        # What each slot is assigned: the host's children (its text between them too) but the template.
        assigned: dict[str, list[tuple[int, int]]] = {}
        at = host.end
        for child in [*host.children, None]:
            stop = host.close_start if child is None else child.start
            if at < stop:
                assigned.setdefault("", []).append((at, stop))
            if child is None:
                break
            at = child.close_end if child.close_end >= 0 else host.close_start
            if child is not template:
                assigned.setdefault(_attribute(child.attrs, "slot") or "", []).append((child.start, at))
        parts.append((last, host.end))
        at = template.end
        for slot in _slots(template):
            name = _attribute(slot.attrs, "name") or ""
            if slot.start < at or not assigned.get(name):
                continue
            parts.append((at, slot.start))
            parts += assigned.pop(name)
            at = slot.close_end if slot.close_end >= 0 else template.close_start
        parts.append((at, template.close_start))
        last = host.close_start
    if not parts:
        return None
    parts.append((last, len(piece)))
    return "".join(piece[a:b] for a, b in parts), [k for a, b in parts for k in range(a, b)]


def _slots(template: _Element) -> list[_Element]:
    """The ``<slot>`` elements a shadow tree holds, in order (not those of a template inside it)."""
    out: list[_Element] = []
    todo = list(reversed(template.children))
    while todo:
        element = todo.pop()
        if element.name == "slot":
            out.append(element)
        if element.name != "template":
            todo += reversed(element.children)
    return out
