"""HTML's and SVG's elements by what they do to what they hold, from an opening tag to the
closing tag of its name that matches it (one pass over the tags, the names' own nesting
counted, as an HTML parser does): hide it (constructs.inert_openers marks a hidden element,
contents and all, for the rendered reading to drop), show its letters as capitals
(capitalized, a variant of a piece: pieces.py), override its direction (as_bdo: laid out as
HTML's ``<bdo>``, elements.bdo_value).  Each judged by the element's name and attributes
(styles.py reads an inline style).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from rehearsal_hook.scan import styles, tags

# The elements a browser's own style sheet does not show (``display: none``), whatever their
# attributes: a script, a style sheet, a template, a title, ruby's annotations and fallback
# parentheses (shown above the line or not at all), what shows only without scripts; a dialog
# (closed it is not shown, ``dialog:not([open])``; open it is taken out of the line and laid
# over the page, ``position: absolute``, so the words around it meet either way); and SVG's
# elements that are never drawn (definitions, descriptions, metadata, paint servers, clips,
# masks, markers, filters, symbols -- drawn only where ``<use>`` refers to them), which SVG
# files and inline ``<svg>`` hold between the parts of a ``<text>``.  (In HTML an element of
# such a name is unknown and shown: read hidden too, a reading added, for the tags-only
# reading still shows what it holds.)  And what a replaced element holds, its fallback content,
# which a browser that draws the element never shows: a canvas's (with scripts on), a video's,
# an audio's (``audio:not([controls])`` is ``display: none !important``; with controls a
# player, sized to nothing by a style, stands in its place), a frame's, a meter's, a progress
# bar's, an object's (shown when its data does not load: the tags-only reading reads that);
# and MathML's annotations (Chromium 150 shows ``DEPLOY_<canvas width=0 height=0>X</canvas>OK``
# and ``DEPLOY_<math><annotation>X</annotation></math>OK`` as ``DEPLOY_OK``).  The element's
# own box, drawn at its size, stands between the words around it: read joined all the same,
# a reading added -- as is MathML's phantom, which draws what it holds invisibly, at its size.
_UNSHOWN = (
    "script|style|template|title|rt|rp|noscript|noembed|noframes|datalist|head|dialog"
    "|canvas|video|audio|iframe|meter|progress|object|annotation|annotation-xml|mphantom"
    "|defs|desc|metadata|symbol|clippath|mask|marker|pattern|filter|lineargradient|radialgradient"
)
_UNSHOWN_S = frozenset(_UNSHOWN.split("|"))
_UNSHOWN_B = frozenset(n.encode() for n in _UNSHOWN_S)
# SVG draws inside a ``<text>`` only its text, its ``<tspan>``, ``<textPath>`` and ``<a>`` (and
# the old ``<tref>``, ``<altGlyph>``): any other element there, nested to any depth, is not
# drawn, what it holds with it (Chromium draws ``<text>DEPLOY_O<foo>X</foo>K</text>`` as
# ``DEPLOY_OK``).  (In HTML a ``<text>`` is an unknown element, and HTML's own elements inside
# an inline ``<svg>`` leave it: what such a one holds is read hidden there too, a reading
# added -- the tags-only reading still shows it.)
_SVG_TEXT = ("text", b"text")
# (an ``<svg>`` sized to nothing clips all it draws: styles.sized_away)
_SVG_ROOT = ("svg", b"svg")
_DRAWN_IN_TEXT = frozenset(
    n for name in ("text", "tspan", "textpath", "a", "tref", "altglyph") for n in (name, name.encode())
)
# MathML's elements that draw their first child only: ``semantics`` (the rest annotate it,
# whatever their names) and ``maction`` (MathML Core's style sheet: ``maction >
# :not(:first-child), semantics > :not(:first-child) { display: none }`` -- Chromium 150 shows
# ``<semantics><mi>DEPLOY_</mi><mi>X</mi></semantics><mi>OK</mi>`` as ``DEPLOY_OK``, and
# ignores maction's ``selection``): each child element after the first is hidden, what it
# holds with it (_elements' ``children``).
_FIRST_CHILD = "semantics|maction"
_DRAWS_FIRST_CHILD = frozenset(n for name in _FIRST_CHILD.split("|") for n in (name, name.encode()))
# Where an element may be hidden: an opening tag whose attributes name a way to hide, in any
# case (a superset of what hidden_elements reads: a comment's tags too, and no closing ``>``
# needed -- it may still come).  Searched at each ``<`` (memchr speed): the words searched in a
# lowered copy of the whole text ran at a quarter of it on real text, and found them in a third
# of git's source files (comments, option names), each then parsed for tags.
# (A ``>`` ends the search only before the first quote: after one it may be a value's.)  Or an
# element that hides by its name, a ``math``, which hides the text between its elements
# (mathml.py), and a ``details``, which hides all it holds but its summary (details.py).
_IN_AN_OPENING_TAG = r"<" + tags.NAME + r"[\t\n\f\r /][^<>\"']*?(?:[\"'][^<]*?)?"
HIDING_TAG = (
    _IN_AN_OPENING_TAG
    + r"(?=[bcdfhmoprstvwBCDFHMOPRSTVW])(?i:"
    + styles.HIDING_WORDS
    + r")|<(?i:"
    + _UNSHOWN
    + "|text|math|details|"
    + _FIRST_CHILD
    + r")[\t\n\f\r />]"
)
_HIDING_TAG_S = re.compile(HIDING_TAG)
_HIDING_TAG_B = re.compile(HIDING_TAG.encode())


def may_hide(buf: Any) -> bool:
    """Whether ``buf`` may hold a hidden element (HIDING_TAG)."""
    return (_HIDING_TAG_S if isinstance(buf, str) else _HIDING_TAG_B).search(buf) is not None


TAG_PARTS_S = re.compile(r"<(?:" + tags.COMMENT + r"|(/?)(" + tags.MARKED_S.name + r")(" + tags.MARKED_S.attrs + r")>)")
TAG_PARTS_B = re.compile(
    (r"<(?:" + tags.COMMENT + r"|(/?)(" + tags.MARKED_B.name + r")(" + tags.MARKED_B.attrs + r")>)").encode()
)


# An opening tag whose style may override the direction of what it holds (a superset:
# styles.override_direction judges).  Its closing tag is written as a bogus comment that
# starts with POP_MARK (``</`` and a character the searched text holds nowhere else: _inert
# replaces a stored one), which the rendered reading reads as U+202C, the end of the
# override (readings._value) -- four characters, as short as ``</b>``.
OVERRIDE_TAG = _IN_AN_OPENING_TAG + r"(?i:-override|" + styles.OBSCURED_STYLE + ")"
OVERRIDE_TAG_S = re.compile(OVERRIDE_TAG)
_BDO_OPEN = "<bdo dir="
POP_MARK = "</\uf8fd"


def as_bdo(buf: str) -> str:
    """``buf`` with each outermost element whose inline style overrides its direction (CSS's
    ``unicode-bidi: bidi-override`` or ``isolate-override``, the direction its style or ``dir``
    attribute gives: styles.override_direction) read as HTML's override element: its tags
    written as ``<bdo dir=rtl>`` and POP_MARK padded with blanks to their own lengths, which
    the rendered reading lays out (elements.bdo_value).  (Chromium shows ``<span style="unicode-bidi:bidi-override;
    direction:rtl">KO_YOLPED</span>`` as ``DEPLOY_OK``.)"""
    found, _ = _elements(buf, lambda name, attrs, _: bool(attrs) and styles.override_direction(attrs) is not None)
    if not found:
        return buf
    parts, last = [], 0
    for a, b in found:
        m = TAG_PARTS_S.match(buf, a)  # (the opening tag _elements found there)
        direction = styles.override_direction(m.group(3)) if m is not None and m.group(3) else None
        if m is None or direction is None or m.end() - a < len(_BDO_OPEN) + 4:
            continue
        end, close = m.end(), buf.rfind("</", a, b)
        parts += [buf[last:a], (_BDO_OPEN + direction).ljust(end - a - 1), ">", buf[end:close]]
        parts.append(POP_MARK.ljust(b - close - 1) + ">")
        last = b
    parts.append(buf[last:])
    return "".join(parts)


def hidden_elements(searched: Any) -> tuple[list[tuple[int, int]], int]:
    """The outermost hidden elements of ``searched`` (comment openers made inert), as (start,
    end) from an opening tag whose attributes hide to the closing tag of the same name that
    matches it (the names' own nesting counted, as an HTML parser does), overlapping ones
    merged; and where the first hidden opening tag with no match yet starts (else the length:
    its closing tag may still come).  One pass over the tags: linear."""
    is_str = isinstance(searched, str)
    unshown = _UNSHOWN_S if is_str else _UNSHOWN_B

    def hiding(name: Any, attrs: Any, in_text: bool) -> bool:
        return bool(
            name in unshown
            or (attrs and (_hides(attrs) or (name in _SVG_ROOT and styles.sized_away(attrs))))
            or (in_text and name not in _DRAWN_IN_TEXT)
        )

    return _elements(searched, hiding, children=True)


# styles.hides of an opening tag's attributes, kept for short ones: a page repeats one inline
# style on many tags, and a long line's hidden elements are found again for each window its
# search for a cut tries and each reading of its pieces (2 MiB of ``<span style="color:#fff;
# background:white">`` spans: 482,370 calls, 22 of 28 s profiled).  Bounded: at most 1,024
# strings of at most 256 characters held.
_hides_short = functools.lru_cache(maxsize=1024)(styles.hides)


def _hides(attrs: Any) -> bool:
    return bool(_hides_short(attrs)) if len(attrs) <= 256 else styles.hides(attrs)


def _elements(
    searched: Any, selects: Callable[[Any, Any, bool], bool], *, children: bool = False
) -> tuple[list[tuple[int, int]], int]:
    """The outermost elements of ``searched`` whose opening tag ``selects`` (its name in lower
    case, its attributes, and whether an SVG ``<text>`` is open), as hidden_elements tells
    them apart (the spans, merged, and where the first one not closed yet starts).
    ``children``: and each child element of one that draws its first child only after that
    child (_DRAWS_FIRST_CHILD; where such a one is not closed yet counts as not closed: a
    stream's cut in it would read its later children as first)."""
    is_str = isinstance(searched, str)
    open_tags: dict[Any, list[int]] = {}
    in_text = open_tags.setdefault(_SVG_TEXT[0] if is_str else _SVG_TEXT[1], [])  # (the open <text>s)
    found: list[tuple[int, int]] = []
    # (the open elements that draw their first child only: where each starts, the depth of its
    # children -- tags opened and not closed since the outermost, MathML's own self-closing
    # ``<mi/>`` none --, and how many it holds so far)
    parents: list[list[int]] = []
    depth = 0
    for m in (TAG_PARTS_S if is_str else TAG_PARTS_B).finditer(searched):
        name = m.group(2)
        if name is None:
            continue  # a comment: what it holds is no tag
        name = name.lower()
        stack = open_tags.setdefault(name, [])
        if not m.group(1):
            closed = m.group(3)[-1:] in ("/", b"/")
            later = False
            if parents and depth == parents[-1][1]:
                parents[-1][2] += 1
                later = parents[-1][2] > 1 and not closed
            stack.append(m.start() if later or selects(name, m.group(3), bool(in_text)) else -1)
            if children and name in _DRAWS_FIRST_CHILD and not closed:
                depth = depth if parents else 0
                parents.append([m.start(), depth + 1, 0])
            depth += 0 if closed else 1
        else:
            if stack:
                start = stack.pop()
                if start >= 0:
                    found.append((start, m.end()))
            depth -= 1
            while parents and depth < parents[-1][1]:
                parents.pop()  # (closed)
    unmatched = [p for stack in open_tags.values() for p in stack if p >= 0] + [p[0] for p in parents[:1]]
    return merged(found), min(unmatched, default=len(searched))


def merged(found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans ``found`` sorted, those that overlap as one."""
    found.sort()
    out: list[tuple[int, int]] = []
    for a, b in found:
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


# An opening tag whose style may show its letters as capitals (styles.CAPITALS; a superset:
# a comment's tags too, a ``>`` after a quote a value's, as HIDING_TAG reads it), and what a
# capitalized element's text holds that its letters must not be read in: a tag, a reference,
# an escape, a percent byte -- their names and digits mean what they mean in any case only
# sometimes (``&lowbar;`` is, ``&LOWBAR;`` is not).
CAPITALIZING_TAG = _IN_AN_OPENING_TAG + r"(?i:" + styles.CAPITAL_WORDS + ")"
_CAPITALIZING_TAG_S = re.compile(CAPITALIZING_TAG)
_KEPT_CASE = re.compile(r"<[^<>]*+>?|&#?+[0-9A-Za-z]{1,32}+;?|\\(?:u*[uUxN]\{?+[0-9A-Fa-f]*+\}?+|.)|%[0-9A-Fa-f]{2}")


def capitalized(piece: str, searched: str) -> str | None:
    """``piece`` with the letters of each element whose style shows them as capitals (CSS's
    ``text-transform: uppercase``, small capitals: styles.capitalizes) in capitals -- each
    letter whose capital is one character, so the indices stay --, what _KEPT_CASE finds
    there as it is; None where no such element is closed (``searched``: ``piece`` made
    constructs.inert_openers).  (Chromium shows ``<span
    style="text-transform:uppercase">deploy_ok</span>`` as ``DEPLOY_OK``.)"""
    if _CAPITALIZING_TAG_S.search(piece) is None:
        return None
    upper = in_capitals(piece, searched, lambda _, attrs, _svg: bool(attrs) and styles.capitalizes(attrs))
    initials = in_capitals(upper or piece, searched, _capitalizes_initials, initials=True)
    return initials or upper


def _capitalizes_initials(name: Any, attrs: Any, svg_text: bool) -> bool:
    return bool(attrs) and styles.capitalizes_initials(attrs)


def in_capitals(
    text: str, searched: str, selects: Callable[[Any, Any, bool], bool] | None, *, initials: bool = False
) -> str | None:
    """``text`` with each element ``selects`` (as _elements asks; None: all of ``text``) as
    capitalized shows it (``initials``: each word's first letter), what _KEPT_CASE finds there as
    it is, the indices kept; None where no such element is closed (``searched``: ``text`` made
    constructs.inert_openers).  Also a style sheet's rule (sheets.py)."""
    transform = _initials if initials else _capitals
    found = [(0, len(text))] if selects is None else _elements(searched, selects)[0]
    parts, last = [], 0
    for a, b in found:
        parts += [text[last:a], _kept_case(text, a, b, transform)]
        last = b
    return "".join([*parts, text[last:]]) if found else None


def _kept_case(text: str, a: int, b: int, transform: Callable[[str, str], str]) -> str:
    """``text[a:b]`` made ``transform`` but what _KEPT_CASE finds there."""
    parts, at = [], a
    for m in _KEPT_CASE.finditer(text, a, b):
        parts += [transform(text[at : m.start()], text[at - 1 : at]), m.group()]
        at = m.end()
    parts.append(transform(text[at:b], text[at - 1 : at]))
    return "".join(parts)


def read_as_nothing(text: str, searched: str, selects: Callable[[Any, Any, bool], bool]) -> str | None:
    """``text`` with each element ``selects`` (as _elements asks) read as nothing -- each of its
    characters, tags and all, one every reading drops --; None where none is closed."""
    found, _ = _elements(searched, selects)
    if not found:
        return None
    parts, last = [], 0
    for a, b in found:
        parts += [text[last:a], _GONE * (b - a)]
        last = b
    parts.append(text[last:])
    return "".join(parts)


def _capitals(text: str, before: str) -> str:
    return "".join(c.upper() if len(c.upper()) == 1 else c for c in text)


# The first letter of a word: after no word character, or after a letter that Chromium's word
# breaks (ICU's) end a word at although Python calls it a word character -- an ideograph, kana,
# or a Thai, Lao, Myanmar or Khmer letter: ``中cUTOVER_P...`` shows as ``中CUTOVER_P...``.
# (After a tag, whatever text stands before it: ``x<b style="text-transform:capitalize">yz``
# reads ``Yz`` -- a reading added.)
_WORD_START = re.compile(
    r"(?:(?<!\w)|(?<=[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3005-\u3007\u3040-\u30ff\u3100-\u312f"
    r"\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003ffff]))[^\W\d_]"
)


def _initials(text: str, before: str) -> str:
    """``text`` as ``text-transform: capitalize`` shows it, ``before`` the character before it."""
    shown = _WORD_START.sub(lambda m: m.group().upper() if len(m.group().upper()) == 1 else m.group(), before + text)
    return shown[len(before) :]


# HTML's bidirectional override element (GitHub's sanitizer allows it): ``<bdo dir=rtl>`` lays
# out what it holds right to left as U+202E (RLO), ``dir=ltr`` as U+202D (LRO); ``</bdo>`` (and
# POP_MARK's tag: elements.as_bdo) ends it as U+202C (PDF) -- the display order reading lays them out
# (readings._value reads the tags so).
# Its attributes as a browser's tokenizer reads them (tags.attributes: a ``>`` in a quoted value
# is the value's), the first ``dir`` deciding, its references decoded and in any case --
# Chromium 150 shows ``<bdo title=">" dir=rtl>`` and ``dir="&#114;tl"`` right to left, and
# ``dir=" rtl "``, no keyword, as stored.
_BDO_DIRECTIONS = {"rtl": "\u202e", "ltr": "\u202d"}
_TAG_NAME_ENDS = ("\t", "\n", "\f", "\r", " ", "/", ">")


def bdo_value(tag: str) -> str:
    """What a tag that starts with ``<bdo`` or ``</bd`` reads as (another such tag: nothing)."""
    tag = tag.replace(POP_MARK, "</bdo", 1)
    if tag[5:6] in _TAG_NAME_ENDS and tag[:5].lower() == "</bdo":
        return "\u202c"
    if tag[4:5] not in _TAG_NAME_ENDS or tag[:4].lower() != "<bdo":
        return ""
    for name, value in tags.attributes(tag[4:-1]):
        if name == "dir":
            return _BDO_DIRECTIONS.get(_unescaped(value).lower() if "&" in value else value.lower(), "")
    return ""


def _unescaped(value: str) -> str:
    import html  # (only a bdo's dir holding a reference pays for html.entities)

    return html.unescape(value)


# A select shows one of its options in its place, in a box that a style can make look like the
# text around it (``appearance: none``, no border or padding: Chromium 150 shows
# ``DEPLOY_<select ...><option>OK<option>x</select>`` as ``DEPLOY_OK``): the last option marked
# ``selected``, else the first that is not ``disabled`` (HTML's selectedness setting); a
# ``multiple`` one or one shown as a list (``size`` over 1) shows them all, a row each.
_SELECT = re.compile(r"<(?i:select)[\t\n\f\r />]")
_OPTION_ENDS = frozenset(("option", "optgroup", "select", "hr"))
_GONE = "\u200b"  # (a character every reading drops: the Unicode view's default-ignorable)


def selected_in_place(piece: str, searched: str) -> str | None:
    """``piece`` with the options each select closed on it does not show made _GONE, character
    for character (the indices stay), so that the one it shows stands between the words around
    the select; None where no select shows one of several options.  (``searched``: ``piece``
    made constructs.inert_openers.)"""
    if _SELECT.search(piece) is None:
        return None
    found, _ = _elements(searched, lambda name, attrs, _: name == "select" and _one_shown(attrs))
    gone: list[tuple[int, int]] = []
    for a, b in found:
        options: list[list[Any]] = []  # (the option's tag's start, where it ends, where it holds, its attributes)
        for m in TAG_PARTS_S.finditer(searched, a, b):
            name = (m.group(2) or "").lower()
            if options and options[-1][1] < 0 and name in _OPTION_ENDS:
                options[-1][1] = m.start()
            if name == "option" and not m.group(1):
                options.append([m.start(), -1, m.end(), m.group(3)])
        if len(options) < 2:
            continue
        said = [dict(tags.attributes(attrs)) for *_, attrs in options]
        chosen = [k for k, n in enumerate(said) if "selected" in n]
        shown = chosen[-1] if chosen else next((k for k, n in enumerate(said) if "disabled" not in n), -1)
        for k, (start, end, holds, _) in enumerate(options):
            if k != shown:
                gone.append((start, end if end >= 0 else b))
            elif said[k].get("label"):  # (its label shows, in its tag's place: tags.text_in_place)
                gone.append((holds, end if end >= 0 else b))
    if not gone:
        return None
    parts, last = [], 0
    for start, end in gone:
        parts += [piece[last:start], _GONE * (end - start)]
        last = end
    return "".join(parts) + piece[last:]


def _one_shown(attrs: Any) -> bool:
    """Whether a select's attributes show one option (not ``multiple``, no ``size`` over 1)."""
    for name, value in tags.attributes(attrs or ""):
        if name == "multiple" or (name == "size" and value.strip().isdigit() and int(value.strip()) > 1):
            return False
    return True
