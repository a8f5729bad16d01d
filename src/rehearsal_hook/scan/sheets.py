"""What a document's style sheet shows otherwise (a document state: states.py).  A ``<style>``
element's rules apply to the elements their selectors match: one that shows letters as
capitals (``text-transform: uppercase``, small capitals) or each word's first letter as one
(``capitalize``), or one that hides or may hide an element (``display: none``, a zero font
size... styles.py's), does to them what the same declaration in an element's own ``style``
does (Chromium 150 shows ``<style>p{text-transform:uppercase}</style><p>deploy_ok`` as
``DEPLOY_OK``, and ``DEPLOY_O<span class=h>X</span>K`` under ``.h{display:none}`` as
``DEPLOY_OK``).

Selectors are not matched as a browser matches them, but read wider (fail closed: readings
added, none removed): a rule applies to every element whose name, a class, the id or an
attribute's name the subject of one of its selectors names (its last compound, what ``:not()``
and ``:has()`` hold left out: _subjects) -- and to all of the document where one names none
(``*``, ``:root``, ``:first-child``, ``p :not(.k)``), names ``html`` or ``body``, or names an
element a renderer makes of a lightweight markup that the text holds no tag of (Markdown's
paragraphs are ``<p>``, its emphasis ``<em>``: _MADE).  A page each: the letters of what it
applies to in capitals (or each word's first letter), what a tag, a reference, an escape or a
percent byte spells as it is; or each element it hides, tags and all, read as nothing (all of
the document: each outermost element -- a limit, the README's).  Each page is read as any text
is, besides the document as stored (the shown reading), with its style sheets blanked (a page
sets no state of its own).  A style sheet another file holds (``<link rel=stylesheet>``,
``@import``) is not read, nor one they hold as a ``data:`` URL (a limit).  Linear: one search
for the openers, one pass over each sheet's braces, the elements paired once (elements.py)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from rehearsal_hook.scan import constructs, elements, states, styles
from rehearsal_hook.scan.tags import attributes

# A style element's opening tag (states.STYLE_OPENER), and the tag that ends what it holds.
_OPENER = re.compile(states.STYLE_OPENER)
_CLOSER = re.compile(r"</(?:[^\s/<>:]++:)?+(?i:style)")
_BRACES = re.compile(r"[{}]")
# A selector list's parts (a compound's, a combinator, a comma, parentheses and brackets), its
# strings, and what names an element in a compound; a class attribute's words.
_SELECTOR_PARTS = re.compile(r"[^\s>+~,()\[\]]++|[\s>+~]++|.")
_STRINGS = re.compile(r"\"[^\"\n]*+\"|'[^'\n]*+'")
_WORDS = re.compile(r"[\w-]+")
_NEGATING = re.compile(r"(?i::(?:not|has))\Z")
_NAMES = re.compile(r"(?<![\w.#:\\-])([A-Za-z][\w-]*)|\.([\w-]+)|#([\w-]+)")

# What hides an element for certain or may (styles.py's two sets: here both hide it).
_HIDING = re.compile(styles.HIDES + "|" + styles.INERT.pattern)

CAPITALS, INITIALS, HIDES = 1, 2, 4
# Type selectors of what holds all of a document's text, and of the elements a renderer makes
# of Markdown, reStructuredText, AsciiDoc... (CommonMark's and GitHub's HTML): where the text
# holds no tag of the name, such a rule may apply anywhere.
_WHOLE = frozenset(("html", "body"))
_MADE = frozenset(
    [
        "p",
        "a",
        "em",
        "strong",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "img",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "del",
        "s",
        "sup",
        "sub",
        "dl",
        "dt",
        "dd",
        "div",
        "span",
        "section",
        "details",
        "summary",
        "figure",
        "caption",
    ]
)


def may_restyle(text: str | bytes) -> bool:
    """Whether ``text`` holds a ``<style>`` element whose rules may show letters as capitals or
    hide an element.  (Asked where states found an opener: most text holds none.)"""
    if isinstance(text, bytes):
        text = text.decode("latin-1")  # (the rules' words are ASCII: one character a byte)
    return any(_does(css) for _, _, css in _sheets(text))


def shown(text: str) -> list[tuple[str, Callable[[list[int]], list[int]]]]:
    """The pages ``text`` shows with its style sheets' rules (the module's note), each the
    length of ``text``, so that each character comes from the stored one at its index."""
    sheets = list(_sheets(text))
    css = [rules for _, _, rules in sheets]
    does = 0
    for rules in css:
        does |= _does(rules)
    if not does:
        return []
    blank = _blanked(text, sheets)
    searched = constructs.inert_openers(blank)
    pages = [
        elements.in_capitals(blank, searched, _selecting(blank, css, declaration), initials=initials)
        for flag, declaration, initials in ((CAPITALS, styles.CAPITALS, False), (INITIALS, styles.INITIALS, True))
        if does & flag
    ]
    if does & HIDES:
        pages.append(elements.read_as_nothing(blank, searched, _selecting(blank, css, _HIDING) or _every))
    return [(page, _same_places) for page in pages if page is not None]


def _same_places(places: list[int]) -> list[int]:
    return places


def _sheets(text: str) -> Iterator[tuple[int, int, str]]:
    """Each style element's rules: where they start and end in ``text`` and as CSS reads them
    (styles.as_css: comments gone, escapes and references decoded).  One unclosed runs to the
    text's end."""
    pos = 0
    while (m := _OPENER.search(text, pos)) is not None:
        start = text.find(">", m.end())
        if start == -1:
            return
        end_m = _CLOSER.search(text, start + 1)
        end = len(text) if end_m is None else end_m.start()
        yield start + 1, end, styles.as_css(text[start + 1 : end])
        pos = end


def declares(text: str) -> bool:
    """Whether ``text`` holds a rule that may show letters otherwise, anywhere (a stream's
    segment: roffstream.py), as stored or as CSS reads it."""
    return bool(_does(text) or _does(styles.as_css(text)))


def _does(css: str) -> int:
    """What the declarations of a style sheet ``css`` do (CAPITALS, INITIALS, HIDES)."""
    return (
        (CAPITALS if styles.CAPITALS.search(css) else 0)
        | (INITIALS if styles.INITIALS.search(css) else 0)
        | (HIDES if _HIDING.search(css) else 0)
    )


def _blanked(text: str, sheets: list[tuple[int, int, str]]) -> str:
    """``text`` with what each style element holds read as blanks (its line ends kept)."""
    parts, last = [], 0
    for start, end, _ in sheets:
        parts += [text[last:start], re.sub(r"[^\r\n]", " ", text[start:end])]
        last = end
    parts.append(text[last:])
    return "".join(parts)


def _selecting(text: str, sheets: list[str], declaration: re.Pattern[str]) -> Callable[[Any, Any, bool], bool] | None:
    """What asks whether the rules of ``sheets`` whose block ``declaration`` finds select an
    element (as elements._elements asks: its name, its attributes): its name, a class, its id
    or an attribute's name is one the subject of one of their selectors names (_subjects);
    None where one names none, the whole document (``html``, ``body``) or an element a
    renderer makes that ``text`` holds no tag of (_MADE): all of the text."""
    names: set[str] = set()
    absent: dict[str, bool] = {}  # (each name searched for once: a sheet repeats its names)
    for rules in sheets:
        for selectors in _rule_selectors(rules, declaration):
            for compound in _subjects(selectors):
                named = {n.lower() for m in _NAMES.finditer(compound) for n in m.groups() if n}
                if not named or named & _WHOLE:
                    return None
                for n in named & _MADE:
                    if n not in absent:
                        absent[n] = _no_tag(text, n)
                    if absent[n]:
                        return None
                names |= named

    def selects(name: Any, attrs: Any, _: bool) -> bool:
        if name in names or name.rpartition(":")[2] in names:  # (``svg:text`` is SVG's ``text``)
            return True
        for key, value in attributes(attrs):
            # (a class or an id read as its words: ``.a\:b`` names ``a:b``, read ``.a``)
            if key in names or (key in ("id", "class") and any(w.lower() in names for w in _WORDS.findall(value))):
                return True
        return False

    return selects


def _subjects(selectors: str) -> Iterator[str]:
    """The subject of each selector of a selector list (its last compound), as what names an
    element in it: what ``:not(...)`` and ``:has(...)`` hold left out (they select elements
    that are no ``.k``, or hold one), what ``:is(...)`` and the like hold kept, whatever
    their own combinators (read wider: an element that holds the subject), an attribute
    selector's ``[...]`` kept whole (its name: ``[data-h]``), strings read as empty.  A compound
    that so names nothing selects all of the text."""
    parens: list[bool] = []  # (each open parenthesis: whether what it holds is left out)
    bracket = 0
    compound: list[str] = []
    after_combinator = False
    for m in _SELECTOR_PARTS.finditer(_STRINGS.sub('""', selectors)):
        part = m.group()
        if bracket:
            bracket -= part == "]"
            compound.append(part)
        elif part == "(":
            parens.append(bool(parens and parens[-1]) or _NEGATING.search(compound[-1] if compound else "") is not None)
        elif part == ")":
            if parens:
                parens.pop()
        elif parens and parens[-1]:
            continue
        elif parens:
            if part[0] not in " \t\n\r\f>+~,":
                compound.append(part)
        elif part == ",":
            yield "".join(compound)
            compound, after_combinator = [], False
        elif part[0] in " \t\n\r\f>+~":
            after_combinator = bool(compound)
        else:
            if after_combinator:
                compound, after_combinator = [], False
            bracket += part == "["
            compound.append(part)
    yield "".join(compound)


def _no_tag(text: str, name: str) -> bool:
    """Whether ``text`` holds no opening tag named ``name`` (any case)."""
    return re.search(r"<(?i:" + name + r")(?![\w-])", text) is None


def _every(name: Any, attrs: Any, svg_text: bool) -> bool:
    return True


def _rule_selectors(css: str, declaration: re.Pattern[str]) -> Iterator[str]:
    """The selector list of each rule of ``css`` whose block ``declaration`` finds: one pass
    over the braces, a block read with the blocks it holds (CSS nesting: ``.h{display:none;
    &.x{...}}``, ``.h{&.x{...} display:none}``; ``@media``) -- each rule's block before, between
    and after those, and what a block holds counts for the blocks around it too, so that a
    brace in a string (``.h{content:"{";display:none}``) reads wider, not narrower.  Such a
    declaration outside any block (a ``}`` in a string ended one early) selects all of the text
    (an empty selector); an at-rule's prelude selects nothing itself."""
    stack: list[list[Any]] = []  # (each open block: its selector list, whether it declares)
    last = 0
    for m in _BRACES.finditer(css):
        if declaration.search(css, last, m.start()) is not None:
            if not stack:
                yield ""
            else:
                stack[-1][1] = True
        if m.group() == "{":
            stack.append([css[last : m.start()], False])
        elif stack:
            yield from _closed(stack)
        last = m.end()
    if declaration.search(css, last) is not None:
        if not stack:
            yield ""
        else:
            stack[-1][1] = True
    while stack:  # (a sheet that ends in a block: a browser closes it)
        yield from _closed(stack)


def _closed(stack: list[list[Any]]) -> Iterator[str]:
    """The selector list of the block that ends (the top of ``stack``), if it declares: what
    follows its last declaration before it, unless an at-rule's (which marks its parent)."""
    prelude, declares = stack.pop()
    if not declares:
        return
    if stack:
        stack[-1][1] = True
    selectors = prelude.rpartition(";")[2].strip()
    if not selectors.startswith("@"):
        yield selectors
