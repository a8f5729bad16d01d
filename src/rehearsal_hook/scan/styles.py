"""The inline styles (and attributes) that hide an HTML element's text, as the rendered reading
reads them (constructs.py marks the element, contents and all, as hidden).

Two sets.  What hides for certain: the ``hidden`` attribute, a style ``display:none``,
``visibility:hidden`` or ``collapse`` -- the element is read hidden, and only so.  What makes
the text invisible in a way a reader's settings or the element's layout can undo (_MAY_HIDE):
a zero font size (a minimum font size setting shows it), a zero opacity, a transparent text
colour (a selection shows it), a zero width or height with the overflow hidden (not on an
inline element), a clip to nothing, a scale to zero (not on an inline element), a mask, a
blur, a position or float that takes it out of the line -- and a size, opacity, alpha, display
or visibility a browser computes (``calc(0px)``, ``var(--z)``), not evaluated here, a clip shape or a
matrix, which is not either -- read both ways (fail closed): hidden, and shown, the piece read
again with each such declaration made inert (``shown_anyway``, pieces.py).  So is a text colour
equal to its background in the same ``style`` (``color:#fff;background:white``,
``background-color:currentcolor``: colours.py; made inert, its background declarations are),
and SVG's text squeezed to a length and an ``<svg>`` sized to nothing (_MAY_HIDE_ATTR).  Not
read: a colour equal to a background set elsewhere (a parent's, a style sheet's), a relative
position or a transform that moves it off the screen or behind another element (its place
stays, a gap), a size too small to read but not zero (a style sheet's rules: sheets.py), a
declaration that may hide written with character references, CSS escapes or comments
(``font-size&#58;0``, ``font-size:/**/0``) (README, Limits of the rendered reading) --
``display`` and ``visibility`` written so are read (as_css).
"""

from __future__ import annotations

import re
from typing import Any

from rehearsal_hook.scan.colours import background_hides
from rehearsal_hook.scan.tags import attributes

# (Case-insensitive, as CSS reads properties.)
HIDES = r"(?i:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse))"

# A CSS zero: a number whose digits are all zeros (``0``, ``00``, ``0.0``, ``.0``, ``+0``,
# ``0e3``), with a unit or a percent sign or neither, and no further digit.
_ZERO = r"\+?(?:0++(?:\.0*+)?|\.0++)(?:e[+-]?[0-9]++)?(?:[a-z]++|%)?(?![\w.%])"
# A value a browser computes -- a math function or a custom property, ``calc(0px)``, ``min(0px, 1em)``,
# ``var(--z)`` with ``--z: 0`` --, not evaluated here: it may be zero (Chromium 150 shows such a font size as nothing).
_COMPUTED = r"(?:calc|min|max|clamp|var|env|round|mod|rem|abs)\("
# What an opacity or an alpha channel shows nothing at besides a zero or a computed value: a
# negative one, which a browser clamps to zero, and one below 0.01 (or 1%), a text within 2.5
# of 255 of its background, which no eye tells from it (colours.invisible_on allows 4).
_FAINT = r"(?:-[0-9.]|0*+\.00[0-9]*+(?:e[+-]?[0-9]++)?(?![\w.%])|0*+(?:\.[0-9]*+)?%)"
# The colour functions with an alpha channel after a ``/`` (or a fourth comma).
_COLOUR_FUNCTION = r"(?:rgb|hsl|hwb|lab|lch|oklab|oklch|color)a?\("
# What takes an element out of the line (drawn anywhere, off the screen too), or its text out of its box (an indent).
_OUT_OF_LINE = (
    r"|(?<![\w-])position\s*:\s*(?:absolute|fixed)(?![\w-])"
    r"|(?<![\w-])float\s*:\s*(?:left|right|inline-start|inline-end)(?![\w-])|(?<![\w-])text-indent\s*:\s*-"
)
# The declarations that may hide, each with its ``:`` or ``(`` (shown_anyway makes it inert).
# (Lengths bounded: each search of an attribute stays linear.)
_MAY_HIDE = (
    r"(?i:(?<![\w-])font-size\s*:\s*(?:"
    + _ZERO
    + "|"
    + _COMPUTED
    + ")"
    # (the ``font`` shorthand: a zero size before a ``/`` or the family, ``font: 0/0 a``)
    + r"|(?<![\w-])font\s*:(?:[^;\"'<>]{0,64}?\s)?\s*"
    + _ZERO
    + r"\s*(?:/|\s|[\"'])"
    + r"|(?<![\w-])opacity\s*[:(]\s*(?:"
    + "|".join((_ZERO, _FAINT, _COMPUTED))
    + r")|(?<![\w-])(?:-webkit-text-fill-)?color\s*:\s*(?:transparent(?![\w-])"
    + r"|#(?:[0-9a-f]{3}0|[0-9a-f]{6}00)(?![0-9a-f])|color-mix\(|"
    + _COLOUR_FUNCTION
    + r"[^()]{0,64}?[,/]\s*(?:(?:"
    + _ZERO
    + "|"
    + _FAINT
    + r")\s*\)|"
    + _COMPUTED
    + "))"
    + r"|(?<![\w-])clip\s*:\s*rect\(\s*(?:(?:"
    + _ZERO
    + r"|1px(?![\w.%]))[\s,]*+){4}\)"
    # (a clip to nothing: an inset of half or more, or a shape or box not evaluated here)
    + r"|(?<![\w-])clip-path\s*:\s*(?:inset\(\s*(?:[5-9][0-9]|[1-9][0-9]{2,})(?:\.[0-9]*+)?%|polygon\(|xywh\(|rect\("
    + r"|circle\(\s*"
    + _ZERO
    + r")"
    # (a scale to zero on either axis; a matrix, not evaluated here)
    + r"|(?<![\w-])(?:transform\s*:[^;\"'<>]{0,64}?(?<![\w-])scale(?:[XY]|3d)?\((?:[^(),;]{0,16},)?"
    + r"|scale\s*:(?:\s*[^\s;]{1,16}\s)?)\s*"
    + _ZERO
    + r"|(?<![\w-])transform\s*:[^;\"'<>]{0,64}?(?<![\w-])matrix(?:3d)?\("
    # (a mask, which may be transparent, and a blur, which may smear the letters away)
    + r"|(?<![\w-])(?:-webkit-)?mask(?:-image)?\s*:\s*(?!none(?![\w-]))[^\s;]"
    + r"|(?<![\w-])filter\s*:[^;\"'<>]{0,64}?(?<![\w-])blur\("
    # (out of the line, as an open dialog: the words around it meet -- Chromium 150 shows
    # ``DEPLOY_O<span style="position:absolute;left:-9999px">XYZ</span>K`` and a float's
    # ``DEPLOY_O<span style="float:right">XYZ</span>K`` as DEPLOY_OK, XYZ off the
    # screen or at the line's edge)
    + _OUT_OF_LINE
    + r"|(?<![\w-])(?:display|(?:content-)?visibility)\s*:\s*(?:var|env|attr|if)\("
    + r")"
)
# A zero width or height (or one pixel: the "visually hidden" pattern) hides only with the
# overflow hidden, and only on an element that is not inline.
_ZERO_SIZE = (
    r"(?i:(?<![\w-])(?:max-)?(?:width|height|inline-size|block-size)\s*:\s*(?:"
    + _ZERO
    + r"|1px(?![\w.%])|"
    + _COMPUTED
    + "))"
)
_OVERFLOW = r"(?i:(?<![\w-])overflow(?:-[xy])?\s*:\s*(?:hidden|clip))"
# SVG squeezes the letters of a ``<text>`` or ``<tspan>`` whose ``lengthAdjust`` is
# ``spacingAndGlyphs`` into the length its ``textLength`` gives: Chromium 150 draws
# ``DEPLOY_O<tspan textLength="0.1" lengthAdjust="spacingAndGlyphs">XYZ</tspan>K`` as
# DEPLOY_OK, the letters a hair wide.  Any positive length may hide (a zero or negative one
# Chromium ignores; ``lengthAdjust="spacing"``, the default, moves the letters over each other,
# drawn): read hidden, and shown too (shown_anyway).
_POSITIVE = re.compile(r"(?i:\+?(?=[0-9.]*[1-9])(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:e[+-]?[0-9]+)?(?:[a-z]+|%)?)")
# An inline ``<svg>`` clips what it draws to its box (``overflow: hidden`` in the browsers' own
# style sheet): sized to nothing by its ``width`` or ``height`` attribute (zero or one pixel) or
# its style (_ZERO_SIZE, no overflow needed), it shows nothing of its text -- Chromium 150 draws
# ``DEPLOY_O<svg width="0" height="0"><text y="20">XYZ</text></svg>K`` as DEPLOY_OK.
# May hide (its style may let it overflow): read hidden, and shown too.
_NO_SIZE = re.compile(r"(?i:" + _ZERO + r"|1(?:px)?(?![\w.%]))")
# The attributes of both, their ``=`` (shown_anyway makes it inert, as a declaration's ``:``).
_MAY_HIDE_ATTR = re.compile(
    r"(?i:(?<![\w-])(?:textlength[\t\n\f\r ]*+=|(?:width|height)[\t\n\f\r ]*+=(?=[\t\n\f\r ]*+[\"']?[\t\n\f\r ]*+(?:"
    + _ZERO
    + r"|1(?:px)?(?![\w.%])))|font-size[\t\n\f\r ]*+=(?=[\t\n\f\r ]*+[\"']?[\t\n\f\r ]*+"  # (a zero font size too)
    + _ZERO
    + ")))"
)
INERT = re.compile(f"{_MAY_HIDE}|{_ZERO_SIZE}")

_HIDES_S = re.compile(HIDES)
_MAY_HIDE_S = re.compile(_MAY_HIDE)
_ZERO_SIZE_S = re.compile(_ZERO_SIZE)
_OVERFLOW_S = re.compile(_OVERFLOW)

# (a zero's digits: the beginning of _ZERO)
_ZERO_DIGITS = r"\+?(?:0++(?:\.0*+)?+|\.0++)(?![1-9])"
# What the ``hidden`` attribute and the styles that hide hold, for elements.HIDING_TAG's cheap
# search (a superset, which a colour, a font size or a width that is not zero does not meet:
# an element styled so is common, and this search chooses the lines read rendered).
# A style holding a reference, an escape or a comment (as_css reads it), for the cheap
# searches of HIDING_WORDS and CAPITAL_WORDS: its value taken up to its closing quote, or an
# unquoted one up to a blank, ``=`` or ``>`` -- so each search from ``style`` ends where the
# next one could start: linear.
OBSCURED_STYLE = (
    r"style[\t\n\f\r ]*+=[\t\n\f\r ]*+(?:\"(?:[^\"<>&\\/]|/(?!\*))*+|'(?:[^'<>&\\/]|/(?!\*))*+"
    r"|(?:[^\t\n\f\r \"'<>=&\\/]|/(?!\*))*+)(?:&|\\|/\*)"
)
HIDING_WORDS = (
    OBSCURED_STYLE
    + r"|hidden|popover|requiredextensions|systemlanguage|display|visibility|font-size\s*(?::|=\s*[\"']?)\s*(?:"
    + _ZERO_DIGITS
    + "|"
    + _COMPUTED
    + r")|font\s*:|opacity\s*[:(]\s*(?:[-.%0]|"
    + _COMPUTED
    + ")|transparent"
    r"|color\s*:\s*(?:#(?:[0-9a-f]{3}0|[0-9a-f]{6}00)(?![0-9a-f])|color-mix\(|"
    + _COLOUR_FUNCTION
    + r")|clip|scale|matrix|mask|blur|overflow|background|textlength"
    + _OUT_OF_LINE
    # (an ``<svg>`` sized to nothing: sized_away)
    + r"|(?:width|height|size)\s*(?::|=\s*[\"']?)\s*(?:"
    + _ZERO_DIGITS
    + r"|1(?:px)?(?![\w.%])|"
    + _COMPUTED
    + ")"
)

# What shows an element's letters as capitals (Chromium 150: ``text-transform: uppercase``
# shows ``deploy_ok`` as ``DEPLOY_OK``; small capitals look like capitals, as TeX's
# ``\\textsc`` and RTF's ``\\scaps`` are read): CAPITAL_WORDS for elements.CAPITALIZING_TAG's
# cheap search, CAPITALS for a style's declarations.
CAPITAL_WORDS = OBSCURED_STYLE + r"|text-transform|small-caps|petite-caps"
CAPITALS = re.compile(
    r"(?i:(?<![\w-])text-transform\s*:[^;]{0,64}?(?<![\w-])(?:uppercase(?![\w-])|(?:var|env|attr|if)\()"
    r"|(?<![\w-])font(?:-variant(?:-caps)?)?\s*:[^;]{0,64}?(?<![\w-])(?:all-)?(?:small|petite)-caps(?![\w-]))"
)


# ``text-transform: capitalize``: the first letter of each word as a capital (Chromium 150
# shows ``cUTOVER_P...`` so as a token); and SVG's presentation attribute ``font-variant``,
# which Chromium 150 applies to an SVG ``<text>`` as the property (``<text
# font-variant="small-caps">``).
INITIALS = re.compile(r"(?i:(?<![\w-])text-transform\s*:[^;]{0,64}?(?<![\w-])capitalize(?![\w-]))")
_SMALL_CAPS_VALUE = re.compile(r"(?i:(?<![\w-])(?:all-)?(?:small|petite)-caps(?![\w-]))")


def capitalizes(attrs: Any) -> bool:
    """Whether an opening tag's attributes (str or bytes) hold a ``style`` that shows its
    element's letters as capitals (CAPITALS), or SVG's ``font-variant`` small capitals."""
    for name, value in attributes(attrs):
        text = value if isinstance(value, str) else value.decode("utf-8", "replace")
        if name in ("font-variant", b"font-variant") and _SMALL_CAPS_VALUE.search(text):
            return True
    return _style_says(attrs, CAPITALS)


def capitalizes_initials(attrs: Any) -> bool:
    """Whether an opening tag's attributes (str or bytes) hold a ``style`` that shows the first
    letter of each word its element holds as a capital (INITIALS)."""
    return _style_says(attrs, INITIALS)


def _style_says(attrs: Any, declaration: re.Pattern[str]) -> bool:
    """Whether the attributes hold a ``style`` that ``declaration`` finds."""
    for name, value in attributes(attrs):
        if name in ("style", b"style"):
            style = value if isinstance(value, str) else value.decode("utf-8", "replace")
            # (written with a reference, an escape or a comment, as a browser reads it:
            # ``text-transform:&#117;ppercase`` shows capitals)
            if declaration.search(style) or (_OBSCURED_S.search(style) and declaration.search(as_css(style))):
                return True
    return False


# A list item's marker written as a string (``list-style-type: "_"``, or in the ``list-style``
# shorthand) shows before what the item holds, on its line: Chromium 150 shows
# ``<li style="list-style: inside 'DEPLOY_'">OK</li>`` as one word (and, outside, the marker
# right against the item's text).  A list item: an ``<li>`` its style displays as nothing else,
# or any element displayed as one (``display: list-item``, ``inline list-item``).
_MARKER = re.compile(r"(?i:(?<![\w-])list-style(?:-type)?\s*:[^;\"']{0,64}?)(\"[^\"]*+\"|'[^']*+')")
_DISPLAY = re.compile(r"(?i:(?<![\w-])display\s*:([^;]*+))")


def list_marker(kind: str, attrs: str) -> str:
    """The marker string an element named ``kind`` (lower case) with the attributes ``attrs``
    shows before what it holds (_MARKER), else ``""``.  (A marker set by a parent's style or a
    style sheet is not read: a limit.)"""
    style = next((value for name, value in attributes(attrs) if name == "style"), "")
    style = as_css(style) if _OBSCURED_S.search(style) else style
    markers = _MARKER.findall(style)
    if not markers:
        return ""
    displays = _DISPLAY.findall(style)
    listed = "list-item" in displays[-1].lower() if displays else kind == "li"
    return str(markers[-1])[1:-1] if listed else ""


# CSS's override of the direction of an element's text, and the direction it lays it out in.
_OVERRIDE = re.compile(r"(?i:(?<![\w-])unicode-bidi\s*:\s*(?:bidi|isolate)-override(?![\w-]))")
_DIRECTION = re.compile(r"(?i:(?<![\w-])direction\s*:\s*(rtl|ltr)(?![\w-]))")


def override_direction(attrs: Any) -> str | None:
    """``rtl`` or ``ltr`` if an opening tag's attributes (str) override the direction of what
    it holds -- a ``style`` with ``unicode-bidi: bidi-override`` or ``isolate-override`` --,
    in the direction its style gives (the last ``direction``), else its ``dir`` attribute's,
    else left to right; None if they do not."""
    style, given = "", ""
    for name, value in attributes(attrs):
        text = value if isinstance(value, str) else value.decode("utf-8", "replace")
        if name in ("style", b"style"):
            # (written with a reference, an escape or a comment, as a browser reads it)
            style = as_css(text) if _OBSCURED_S.search(text) else text
        elif name in ("dir", b"dir"):
            given = _unescaped(text).strip().lower()  # (an attribute's references decoded)
    if not _OVERRIDE.search(style):
        return None
    directions = _DIRECTION.findall(style)
    if directions:
        return str(directions[-1]).lower()
    return "rtl" if given == "rtl" else "ltr"


# Attributes that hide an element whatever their value: ``hidden``, and ``popover`` (a popover
# is not shown until a script or a button opens it: ``[popover]:not(:popover-open)`` is
# ``display: none`` in the browsers' own style sheet, as ``hidden`` is).
# And SVG's conditional processing: an element with ``requiredExtensions`` (no browser has one)
# or a ``systemLanguage`` the reader's language does not match is not drawn (Chromium 150
# draws ``<tspan systemLanguage="zz">X</tspan>`` as nothing); read hidden wherever it is.
_HIDING_ATTRS = frozenset(
    n for name in ("hidden", "popover", "requiredextensions", "systemlanguage") for n in (name, name.encode())
)
# SVG's presentation attributes that hide (SVG 2; as Chromium draws an SVG file, or GitHub's
# image view): ``display="none"`` (a ``<tspan>``'s letters gone, the words around it meeting),
# and a zero ``font-size`` (may hide: read hidden, as a zero size in a style).  Not
# ``visibility="hidden"`` nor ``fill="none"``: the letters keep their place, a gap as wide as
# they are.  Their values as CSS reads them, in any case.
_PRESENTATION: dict[Any, re.Pattern[str]] = {
    "display": re.compile(r"(?i:none)"),
    b"display": re.compile(r"(?i:none)"),
    "font-size": re.compile(_ZERO),
    b"font-size": re.compile(_ZERO),
}


def hides(attrs: Any) -> bool:
    """Whether an opening tag's attributes (str or bytes: what tags.ATTRS matched) hide its
    element, for certain or maybe (the hidden reading reads both as hidden): the ``hidden``
    or ``popover`` attribute, SVG's ``display`` or ``font-size`` presentation attribute that
    hides, a text length that squeezes its letters (_POSITIVE), or a ``style`` attribute that
    hides -- ``display:none`` and ``visibility``
    also as a browser reads them written with character references, CSS escapes or comments
    (``&#100;isplay:none``, ``display:/**/none``: as_css).  (An attribute merely saying
    "hidden", ``title=hidden``, ``style="overflow: hidden"``, hides nothing.)"""
    length = adjust = ""
    for name, value in attributes(attrs):
        if name in _HIDING_ATTRS:
            return True
        if name in ("textlength", b"textlength", "lengthadjust", b"lengthadjust"):
            word = (value if isinstance(value, str) else value.decode("utf-8", "replace")).strip()
            length, adjust = (word, adjust) if name in ("textlength", b"textlength") else (length, word.lower())
        if name in _PRESENTATION:  # (an SVG element's; on an HTML element it does nothing: read
            # hidden all the same, a reading added -- the tags-only reading still shows it)
            word = (value if isinstance(value, str) else value.decode("utf-8", "replace")).strip()
            if _PRESENTATION[name].fullmatch(word):
                return True
        if name in ("style", b"style"):
            style = value if isinstance(value, str) else value.decode("utf-8", "replace")
            if (
                _HIDES_S.search(style)
                or _MAY_HIDE_S.search(style)
                or (_ZERO_SIZE_S.search(style) and _OVERFLOW_S.search(style))
                or background_hides(style)
            ):
                return True
            if _OBSCURED_S.search(style) and _HIDES_S.search(as_css(style)):
                return True
    return adjust == "spacingandglyphs" and _POSITIVE.fullmatch(length) is not None


def sized_away(attrs: Any) -> bool:
    """Whether an ``<svg>``'s opening tag's attributes (str or bytes) size it to nothing: a
    ``width`` or ``height`` of zero or one pixel, or a zero size in its style (_NO_SIZE)."""
    for name, value in attributes(attrs):
        text = (value if isinstance(value, str) else value.decode("utf-8", "replace")).strip()
        if name in ("width", b"width", "height", b"height") and _NO_SIZE.fullmatch(text):
            return True
        if name in ("style", b"style") and _ZERO_SIZE_S.search(text):
            return True
    return False


# What a browser reads otherwise in a style attribute's value: a character reference (the
# attribute's), a CSS escape or a comment.
_OBSCURED_S = re.compile(r"[&\\]|/\*")
_COMMENT = re.compile(r"/\*[\s\S]*?(?:\*/|\Z)")
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|([^\n\r\f0-9a-fA-F]))")


def _unescaped(value: str) -> str:
    if "&" not in value:
        return value
    import html  # (only a value holding a reference pays for html.entities)

    return html.unescape(value)


def as_css(style: str) -> str:
    """A style attribute's value as CSS reads its declarations: references decoded (an
    attribute's value is), comments gone, escapes decoded.  Only what hides for certain is
    judged on it (the declarations that may hide are read shown too, by their stored text:
    shown_anyway; written otherwise they stay a documented limit)."""
    style = _COMMENT.sub("", _unescaped(style))

    def escaped(m: re.Match[str]) -> str:
        if m.group(1) is None:
            return m.group(2)
        cp = int(m.group(1), 16)
        return chr(cp) if 0 < cp <= 0x10FFFF and not 0xD800 <= cp <= 0xDFFF else "\ufffd"

    return _CSS_ESCAPE.sub(escaped, style)


def shown_anyway(piece: str) -> str | None:
    """``piece`` with every declaration that may hide (MAY_HIDE, a zero size, and the
    background of a text in its own colour) made inert -- its ``:`` or ``(`` read as a blank,
    and the ``=`` of SVG's attributes that may (_MAY_HIDE_ATTR): the same length, so that
    indices stay -- where it holds one: the reading in which a reader's settings or the
    element's layout show what it holds; else None.  (A declaration or ``width=`` outside a
    tag made inert changes no word: a blank for ``:`` or ``=``.)"""
    backgrounds = (
        [m.start(g) + k for m in _STYLE.finditer(piece) if (g := m.lastindex) for k in background_hides(m.group(g))]
        if "ackground" in piece.lower()
        else []
    )
    # (a zero size hides with the overflow hidden, or on an ``<svg>``, which clips: sized_away)
    sized = _ZERO_SIZE_S.search(piece) and (_OVERFLOW_S.search(piece) or "<svg" in piece.lower())
    attrs = _MAY_HIDE_ATTR.search(piece) is not None
    if not backgrounds and _MAY_HIDE_S.search(piece) is None and not sized and not attrs:
        return None
    chars = list(piece)
    for m in INERT.finditer(piece):
        found = m.group()
        chars[m.start() + min(k for k in (found.find(":"), found.find("(")) if k != -1)] = " "
    for m in _MAY_HIDE_ATTR.finditer(piece) if attrs else ():
        chars[m.end() - 1] = " "
    for k in backgrounds:
        chars[k] = " "
    return "".join(chars)


# A ``style`` attribute's value, quoted or not, as tags.py reads a value (no ``<`` in it).
_STYLE = re.compile(
    r"(?i:(?<![\w-])style)[\t\n\f\r ]*+=[\t\n\f\r ]*+(?:\"([^\"<]*+)\"|'([^'<]*+)'|([^\t\n\f\r >\"'<]++))"
)
