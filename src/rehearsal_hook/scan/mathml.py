"""What MathML does not draw of what its elements hold: text that stands directly in a layout
element -- ``math``, ``mrow``, ``msub``, ``mfrac``, ``mstyle``, ``mpadded``, any MathML element
but a token (``mi``, ``mn``, ``mo``, ``ms``, ``mtext``).  A browser lays out such an element's
child elements side by side and no text node between them (Chromium's MathML layout takes
element children only): the blanks, line ends, words and CDATA sections between ``</mi>`` and
``<mi>`` vanish, so ``<math><mi>DEPLOY_</mi> <mi>OK</mi></math>`` (and the same over lines, as
MathML is written) shows ``DEPLOY_OK`` (Chromium 150).  What a token holds is drawn, HTML
inside it too.

Which element holds a text is the HTML parser's tree (its rules for foreign content, bounded:
one stack of the open elements from the outermost ``math`` on): an element of any name opens
a MathML element there, self-closing with ``/>``; a closing tag closes the nearest open one of
its name above the HTML around (none: ignored); an HTML element that breaks out of foreign
content (``<p>``, ``<span>``, ``<div>``, ``</p>``...) closes every MathML element open; inside
a token an element is HTML's (``<math>`` a new one), closed by a closing tag of its name above
the token (another is ignored).  One pass over the tags: linear.  Only a ``math`` element
closed on the text read counts (as a hidden element does): its text read on the lines of a
line that opens it to the line that closes it (math_extents), never cut inside.
"""

from __future__ import annotations

import re
from typing import Any

from rehearsal_hook.scan import tags
from rehearsal_hook.scan.elements import TAG_PARTS_B, TAG_PARTS_S

# An opening tag of the element that starts MathML in HTML (any case).
MATH_OPEN = r"<(?i:math)[\t\n\f\r />]"
_MATH_OPEN_S = re.compile(MATH_OPEN)
_MATH_OPEN_B = re.compile(MATH_OPEN.encode())

_LAYOUT, _TOKEN, _HTML = 0, 1, 2  # (what an open element is: where its text is drawn or not)
# MathML's text integration points (HTML's term; annotation-xml may be an HTML one, and is
# not drawn anyway: elements._UNSHOWN), whose text is drawn.
_TOKENS = ("mi", "mn", "mo", "ms", "mtext", "annotation-xml", "annotation")
# The HTML elements whose start tag ends foreign content (HTML's tree construction, "in
# foreign content"; ``font`` with a color, face or size too).
_BREAKING = (
    "b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i img li"
    " listing menu meta nobr ol p pre ruby s small span strong strike sub sup table tt u ul var"
)
_BREAKOUT = frozenset(_BREAKING.split())
# HTML's void elements: no closing tag, nothing held.
_VOIDS = "area base br col embed hr img input link meta source track wbr"
_VOID = frozenset(_VOIDS.split())
_KINDS_S: dict[Any, int] = {name: _TOKEN for name in _TOKENS}
_KINDS_B: dict[Any, int] = {name.encode(): _TOKEN for name in _TOKENS}
_SETS_S = (frozenset(_BREAKOUT), frozenset(_VOID), "math", "font", ("mglyph", "malignmark"), ("br", "p"), "/")
_SETS_B = (
    frozenset(n.encode() for n in _BREAKOUT),
    frozenset(n.encode() for n in _VOID),
    b"math",
    b"font",
    (b"mglyph", b"malignmark"),
    (b"br", b"p"),
    b"/",
)


def may_hold(buf: Any) -> bool:
    """Whether ``buf`` (str or bytes) may hold a ``math`` element."""
    return (_MATH_OPEN_S if isinstance(buf, str) else _MATH_OPEN_B).search(buf) is not None


def undrawn(searched: Any) -> tuple[list[tuple[int, int]], list[tuple[int, int]], int]:
    """The text MathML does not draw in ``searched`` (str or bytes, comment openers made inert),
    each stretch as (start, end) from the tag before it to the tag after it (so that it is marked
    as a hidden element is: constructs.inert_openers); the outermost ``math`` elements closed,
    as (start, end); and where the first one not closed yet starts (else the length)."""
    is_str = isinstance(searched, str)
    kinds = _KINDS_S if is_str else _KINDS_B
    breakout, void, math, font, glyphs, closers, slash = _SETS_S if is_str else _SETS_B
    gaps: list[tuple[int, int]] = []
    extents: list[tuple[int, int]] = []
    pending: list[tuple[int, int]] = []  # (the outermost math's, kept once it closes)
    stack = _Open()
    start = prev_start = prev_end = 0
    for m in (TAG_PARTS_S if is_str else TAG_PARTS_B).finditer(searched):
        if stack.kinds and stack.kinds[-1] == _LAYOUT and m.start() > prev_end:
            pending.append((prev_start, m.end()))
        prev_start, prev_end = m.start(), m.end()
        name = m.group(2)
        if name is None:
            continue  # (a comment: no text, no element)
        name = name.lower()
        closing = bool(m.group(1))
        if not stack.kinds:
            if name == math and not closing and m.group(3)[-1:] != slash:
                stack.push(name, _LAYOUT)
                start = m.start()
            continue
        kind = stack.kinds[-1]
        ends = m.end()
        if not closing:
            self_closing = m.group(3)[-1:] == slash
            if kind == _LAYOUT and (name in breakout or (name == font and _font_breaks(m.group(3)))):
                stack.pop_foreign()
                ends = m.start()  # (the tag itself is the HTML's around)
                if stack.kinds and name not in void:
                    stack.push(name, _HTML)
            elif kind == _LAYOUT or name in glyphs:  # (a glyph in a token: MathML's, drawn as the token)
                if not self_closing:
                    stack.push(name, _TOKEN if kind == _TOKEN else kinds.get(name, _LAYOUT))
            elif name == math:
                if not self_closing:
                    stack.push(name, _LAYOUT)
            elif name not in void:
                stack.push(name, _HTML)
        elif kind != _HTML and name in closers:
            stack.pop_foreign()
            ends = m.start()
        else:
            stack.close(name)
        if not stack.kinds:
            gaps += pending
            pending.clear()
            extents.append((start, ends))
    return gaps, extents, start if stack.kinds else len(searched)


def _font_breaks(attrs: Any) -> bool:
    names = (n if isinstance(n, str) else n.decode("latin-1") for n, _ in tags.attributes(attrs))
    return any(n in ("color", "face", "size") for n in names)


class _Open:
    """The open elements from the outermost math on: each one's kind, and where the open ones
    of each name and of each kind are -- so that a closing tag finds the one it closes without
    a walk down the stack (a walk per stray closing tag was quadratic: ``<mrow>`` 20,000 times
    then ``</x>`` as often, 20 s)."""

    __slots__ = ("at", "kinds", "names")

    def __init__(self) -> None:
        self.kinds: list[int] = []
        self.names: list[Any] = []
        self.at: dict[Any, list[int]] = {}  # (name, whether HTML's) and kind -> where, in order

    def push(self, name: Any, kind: int) -> None:
        for key in ((name, kind == _HTML), kind):
            self.at.setdefault(key, []).append(len(self.kinds))
        self.kinds.append(kind)
        self.names.append(name)

    def pop_to(self, k: int) -> None:
        """The element at ``k`` closed, and those above it."""
        while len(self.kinds) > k:
            kind, name = self.kinds.pop(), self.names.pop()
            self.at[name, kind == _HTML].pop()
            self.at[kind].pop()

    def last(self, key: Any) -> int:
        found = self.at.get(key)
        return found[-1] if found else -1

    def pop_foreign(self) -> None:
        """Every MathML element above the last HTML one closed."""
        self.pop_to(self.last(_HTML) + 1)

    def close(self, name: Any) -> None:
        """A closing tag of ``name``: the nearest open MathML element of that name above the
        HTML ones closed, and those above it (HTML's rules for foreign content); past them,
        inside a token, the nearest HTML one of that name above the token (its rules in the
        body: a token stops the walk, it is special); where none is, nothing (the HTML around
        the outermost math, or a stray tag: not read)."""
        html = self.last(_HTML)
        if self.kinds[-1] != _HTML:
            k = self.last((name, False))
            if k > html:
                self.pop_to(k)
                return
            if html < 0:
                return
        k = self.last((name, True))
        if k > self.last(_TOKEN):
            self.pop_to(k)
