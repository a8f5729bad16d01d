"""The inline styles (and attributes) that hide an HTML element's text, as the rendered reading
reads them (constructs.py marks the element, contents and all, as hidden).

Two sets.  What hides for certain: the ``hidden`` attribute, a style ``display:none``,
``visibility:hidden`` or ``collapse`` -- the element is read hidden, and only so.  What makes
the text invisible in a way a reader's settings or the element's layout can undo (_MAY_HIDE):
a zero font size (a minimum font size setting shows it), a zero opacity, a transparent text
colour (a selection shows it), a zero width or height with the overflow hidden (not on an
inline element), a clip to nothing, a scale to zero (not on an inline element) -- read both
ways (fail closed): hidden, and shown, the piece read again with each such declaration made
inert (``shown_anyway``, pieces.py).  Not read: a colour equal to the background, a position
off the screen or behind another element, a size too small to read but not zero, CSS from a
style sheet or a class, a style written with character references, CSS escapes or comments
(``font-size&#58;0``, ``font-size:/**/0``) (README, Limits of the rendered reading).
"""

from __future__ import annotations

import re
from typing import Any

from rehearsal_hook.scan.tags import attributes

# (Case-insensitive, as CSS reads properties.)
_HIDES = r"(?i:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse))"

# A CSS zero: a number whose digits are all zeros (``0``, ``00``, ``0.0``, ``.0``, ``+0``,
# ``0e3``), with a unit or a percent sign or neither, and no further digit.
_ZERO = r"\+?(?:0++(?:\.0*+)?|\.0++)(?:e[+-]?[0-9]++)?(?:[a-z]++|%)?(?![\w.%])"
# The declarations that may hide, each with its ``:`` or ``(`` (shown_anyway makes it inert).
# (Lengths bounded: each search of an attribute stays linear.)
_MAY_HIDE = (
    r"(?i:(?<![\w-])font-size\s*:\s*"
    + _ZERO
    # (the ``font`` shorthand: a zero size before a ``/`` or the family, ``font: 0/0 a``)
    + r"|(?<![\w-])font\s*:(?:[^;\"'<>]{0,64}?\s)?\s*"
    + _ZERO
    + r"\s*(?:/|\s|[\"'])"
    + r"|(?<![\w-])opacity\s*[:(]\s*"
    + _ZERO
    + r"|(?<![\w-])(?:-webkit-text-fill-)?color\s*:\s*(?:transparent(?![\w-])"
    + r"|#(?:[0-9a-f]{3}0|[0-9a-f]{6}00)(?![0-9a-f])|(?:rgb|hsl)a?\([^()]{0,64}?[,/]\s*"
    + _ZERO
    + r"\s*\))"
    + r"|(?<![\w-])clip\s*:\s*rect\(\s*(?:(?:"
    + _ZERO
    + r"|1px(?![\w.%]))[\s,]*+){4}\)"
    + r"|(?<![\w-])clip-path\s*:\s*(?:inset\(\s*50%|circle\(\s*"
    + _ZERO
    + r")"
    + r"|(?<![\w-])(?:transform\s*:[^;\"'<>]{0,64}?(?<![\w-])scale[XY]?\(|scale\s*:)\s*"
    + _ZERO
    + r")"
)
# A zero width or height (or one pixel: the "visually hidden" pattern) hides only with the
# overflow hidden, and only on an element that is not inline.
_ZERO_SIZE = r"(?i:(?<![\w-])(?:max-)?(?:width|height)\s*:\s*(?:" + _ZERO + r"|1px(?![\w.%])))"
_OVERFLOW = r"(?i:(?<![\w-])overflow(?:-[xy])?\s*:\s*(?:hidden|clip))"
_INERT = re.compile(f"{_MAY_HIDE}|{_ZERO_SIZE}")

_HIDES_S = re.compile(_HIDES)
_MAY_HIDE_S = re.compile(_MAY_HIDE)
_ZERO_SIZE_S = re.compile(_ZERO_SIZE)
_OVERFLOW_S = re.compile(_OVERFLOW)

# (a zero's digits: the beginning of _ZERO)
_ZERO_DIGITS = r"\+?(?:0++(?:\.0*+)?+|\.0++)(?![1-9])"
# What the ``hidden`` attribute and the styles that hide hold, for constructs.HIDING_TAG's cheap
# search (a superset, which a colour, a font size or a width that is not zero does not meet:
# an element styled so is common, and this search chooses the lines read rendered).
HIDING_WORDS = (
    r"hidden|display|visibility|font-size\s*:\s*"
    + _ZERO_DIGITS
    + r"|font\s*:|opacity\s*[:(]\s*"
    + _ZERO_DIGITS
    + "|transparent"
    r"|color\s*:\s*(?:#(?:[0-9a-f]{3}0|[0-9a-f]{6}00)(?![0-9a-f])|(?:rgb|hsl)a?\()|clip|scale|overflow"
)


def hides(attrs: Any) -> bool:
    """Whether an opening tag's attributes (str or bytes: what tags.ATTRS matched) hide its
    element, for certain or maybe (the hidden reading reads both as hidden): the ``hidden``
    attribute, or a ``style`` attribute that hides.  (An attribute merely saying "hidden",
    ``title=hidden``, ``style="overflow: hidden"``, hides nothing.)"""
    for name, value in attributes(attrs):
        if name in ("hidden", b"hidden"):
            return True
        if name in ("style", b"style"):
            style = value if isinstance(value, str) else value.decode("utf-8", "replace")
            if (
                _HIDES_S.search(style)
                or _MAY_HIDE_S.search(style)
                or (_ZERO_SIZE_S.search(style) and _OVERFLOW_S.search(style))
            ):
                return True
    return False


def shown_anyway(piece: str) -> str | None:
    """``piece`` with every declaration that may hide (MAY_HIDE, and a zero size) made inert --
    its ``:`` or ``(`` read as a blank: the same length, so that indices stay -- where it holds
    one: the reading in which a reader's settings or the element's layout show what it holds;
    else None.  (A declaration outside a tag made inert changes no word: a blank for ``:``.)"""
    if _MAY_HIDE_S.search(piece) is None and not (_ZERO_SIZE_S.search(piece) and _OVERFLOW_S.search(piece)):
        return None
    chars = list(piece)
    for m in _INERT.finditer(piece):
        found = m.group()
        chars[m.start() + min(k for k in (found.find(":"), found.find("(")) if k != -1)] = " "
    return "".join(chars)
