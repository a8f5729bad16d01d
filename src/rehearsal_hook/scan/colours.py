"""CSS colours as a browser reads them, for styles.py's colour equal to the background: a
text in the colour of its own background shows nothing (``color:#fff;background:white``).

A colour is a hex value (``#rgb``, ``#rgba``, ``#rrggbb``, ``#rrggbbaa``), ``rgb()``/``rgba()``
(numbers or percentages, commas or blanks, an alpha after ``/`` or a fourth comma),
``hsl()``/``hsla()`` (a hue in degrees or ``deg``, ``rad``, ``grad``, ``turn``), one of CSS's
named colours (_NAMED, made by ``tools/gen_css_colours.py``), ``transparent`` -- names and
functions in any case, as CSS reads them.  Any other value (``currentcolor``, ``inherit``,
``var(--x)``) is not known here.
"""

from __future__ import annotations

import colorsys
import functools
import re

Colour = tuple[float, float, float, float]  # (red, green, blue in 0..255, alpha in 0..1)

# CSS's named colours and their hex values (webcolors' CSS3 list and CSS Color 4's
# rebeccapurple: tools/gen_css_colours.py).
_NAMED = (
    "aliceblue f0f8ff antiquewhite faebd7 aqua 00ffff aquamarine 7fffd4 azure f0ffff "
    "beige f5f5dc bisque ffe4c4 black 000000 blanchedalmond ffebcd blue 0000ff "
    "blueviolet 8a2be2 brown a52a2a burlywood deb887 cadetblue 5f9ea0 chartreuse 7fff00 "
    "chocolate d2691e coral ff7f50 cornflowerblue 6495ed cornsilk fff8dc crimson dc143c "
    "cyan 00ffff darkblue 00008b darkcyan 008b8b darkgoldenrod b8860b darkgray a9a9a9 "
    "darkgreen 006400 darkgrey a9a9a9 darkkhaki bdb76b darkmagenta 8b008b "
    "darkolivegreen 556b2f darkorange ff8c00 darkorchid 9932cc darkred 8b0000 "
    "darksalmon e9967a darkseagreen 8fbc8f darkslateblue 483d8b darkslategray 2f4f4f "
    "darkslategrey 2f4f4f darkturquoise 00ced1 darkviolet 9400d3 deeppink ff1493 "
    "deepskyblue 00bfff dimgray 696969 dimgrey 696969 dodgerblue 1e90ff firebrick b22222 "
    "floralwhite fffaf0 forestgreen 228b22 fuchsia ff00ff gainsboro dcdcdc "
    "ghostwhite f8f8ff gold ffd700 goldenrod daa520 gray 808080 green 008000 "
    "greenyellow adff2f grey 808080 honeydew f0fff0 hotpink ff69b4 indianred cd5c5c "
    "indigo 4b0082 ivory fffff0 khaki f0e68c lavender e6e6fa lavenderblush fff0f5 "
    "lawngreen 7cfc00 lemonchiffon fffacd lightblue add8e6 lightcoral f08080 "
    "lightcyan e0ffff lightgoldenrodyellow fafad2 lightgray d3d3d3 lightgreen 90ee90 "
    "lightgrey d3d3d3 lightpink ffb6c1 lightsalmon ffa07a lightseagreen 20b2aa "
    "lightskyblue 87cefa lightslategray 778899 lightslategrey 778899 "
    "lightsteelblue b0c4de lightyellow ffffe0 lime 00ff00 limegreen 32cd32 linen faf0e6 "
    "magenta ff00ff maroon 800000 mediumaquamarine 66cdaa mediumblue 0000cd "
    "mediumorchid ba55d3 mediumpurple 9370db mediumseagreen 3cb371 "
    "mediumslateblue 7b68ee mediumspringgreen 00fa9a mediumturquoise 48d1cc "
    "mediumvioletred c71585 midnightblue 191970 mintcream f5fffa mistyrose ffe4e1 "
    "moccasin ffe4b5 navajowhite ffdead navy 000080 oldlace fdf5e6 olive 808000 "
    "olivedrab 6b8e23 orange ffa500 orangered ff4500 orchid da70d6 palegoldenrod eee8aa "
    "palegreen 98fb98 paleturquoise afeeee palevioletred db7093 papayawhip ffefd5 "
    "peachpuff ffdab9 peru cd853f pink ffc0cb plum dda0dd powderblue b0e0e6 "
    "purple 800080 rebeccapurple 663399 red ff0000 rosybrown bc8f8f royalblue 4169e1 "
    "saddlebrown 8b4513 salmon fa8072 sandybrown f4a460 seagreen 2e8b57 seashell fff5ee "
    "sienna a0522d silver c0c0c0 skyblue 87ceeb slateblue 6a5acd slategray 708090 "
    "slategrey 708090 snow fffafa springgreen 00ff7f steelblue 4682b4 tan d2b48c "
    "teal 008080 thistle d8bfd8 tomato ff6347 turquoise 40e0d0 violet ee82ee "
    "wheat f5deb3 white ffffff whitesmoke f5f5f5 yellow ffff00 yellowgreen 9acd32 "
)


@functools.cache
def _named() -> dict[str, str]:
    return dict(zip(*[iter(_NAMED.split())] * 2, strict=True))


_NUMBER = r"[-+]?(?:[0-9]*\.[0-9]+|[0-9]+)(?:e[-+]?[0-9]+)?"
_FUNCTION = re.compile(r"(rgba?|hsla?)\(\s*([^()]*?)\s*\)", re.IGNORECASE)
_COMPONENT = re.compile(r"(" + _NUMBER + r")(%|deg|grad|rad|turn)?", re.IGNORECASE)
_HUE_UNIT = {"": 1.0, "deg": 1.0, "grad": 0.9, "rad": 57.29577951308232, "turn": 360.0}


def _hex(value: str) -> Colour | None:
    digits = value[1:]
    if not re.fullmatch(r"[0-9a-fA-F]{3,8}", digits) or len(digits) in (5, 7):
        return None
    if len(digits) <= 4:
        digits = "".join(c * 2 for c in digits)
    alpha = int(digits[6:8], 16) / 255 if len(digits) == 8 else 1.0
    return float(int(digits[0:2], 16)), float(int(digits[2:4], 16)), float(int(digits[4:6], 16)), alpha


def _clamp(x: float, hi: float) -> float:
    return min(max(x, 0.0), hi)


def _function(name: str, inside: str) -> Colour | None:
    parts = [p for p in re.split(r"\s*[,/]\s*|\s+", inside) if p]
    if len(parts) not in (3, 4):
        return None
    found = [_COMPONENT.fullmatch(p) for p in parts]
    if any(m is None for m in found):
        return None
    values = [(float(m.group(1)), (m.group(2) or "").lower()) for m in found if m is not None]
    alpha = 1.0
    if len(values) == 4:
        a, unit = values[3]
        alpha = _clamp(a / 100 if unit == "%" else a, 1.0)
    if name.startswith("rgb"):
        rgb = [_clamp(v * 2.55 if unit == "%" else v, 255.0) for v, unit in values[:3]]
        return rgb[0], rgb[1], rgb[2], alpha
    (h, hue_unit), (s, _), (lightness, _) = values[:3]
    if hue_unit not in _HUE_UNIT:
        return None
    r, g, b = colorsys.hls_to_rgb(
        (h * _HUE_UNIT[hue_unit] / 360) % 1.0, _clamp(lightness, 100) / 100, _clamp(s, 100) / 100
    )
    return r * 255, g * 255, b * 255, alpha


def parse(value: str) -> Colour | None:
    """The colour ``value`` (one CSS value, trimmed) names, or None if it is none known here."""
    lowered = value.lower()
    if lowered.startswith("#"):
        return _hex(lowered)
    if lowered == "transparent":
        return 0.0, 0.0, 0.0, 0.0
    named = _named().get(lowered)
    if named is not None:
        return _hex("#" + named)
    m = _FUNCTION.fullmatch(lowered)
    return None if m is None else _function(m.group(1), m.group(2))


# (No eye tells apart colours this close: each channel within 4 of 255.)
_CLOSE = 4.0


def invisible_on(text: Colour, background: Colour) -> bool:
    """Whether text in colour ``text`` is invisible on an opaque ``background``: the text
    blended over it (its alpha) is the background's colour, within _CLOSE.  (A background that
    is not opaque shows the one behind it, which the style does not tell: not invisible here.)"""
    if background[3] < 1.0:
        return False
    a = text[3]
    return all(abs(t * a + b * (1 - a) - b) <= _CLOSE for t, b in zip(text[:3], background[:3], strict=True))


# A declaration: its property and value, up to a ``;`` (or the style's end).
_DECLARATION = re.compile(r"([-\w]++)\s*+(:)([^;]*+)")
# The parts of a ``background`` shorthand: a function with its arguments, or a word.
_PART = re.compile(r"[^\s(]*+\([^()]*+\)|[^\s(]++")
_IMPORTANT = re.compile(r"\s*!\s*important\s*$", re.IGNORECASE)


def background_hides(style: str) -> list[int]:
    """Where the ``:`` of each background declaration of ``style`` (a ``style`` attribute's
    value) is, if its text is invisible on its background -- the colour the last ``color``
    (``-webkit-text-fill-color``, which paints the letters, before it) names, blended over the
    opaque background the last ``background-color`` or ``background`` names
    (invisible_on), or a background of ``currentcolor``, the text's own --; else []."""
    if "ackground" not in style.lower():
        return []
    text = fill = background = None
    current, colons = False, []
    for m in _DECLARATION.finditer(style):
        name, value = m.group(1).lower(), _IMPORTANT.sub("", m.group(3)).strip()
        if name == "color":
            text = parse(value)
        elif name == "-webkit-text-fill-color":
            fill = parse(value) if value.lower() != "currentcolor" else None
        elif name in ("background", "background-color"):
            colons.append(m.start(2))
            # (the shorthand sets the colour it names, or transparent: one is none known)
            parts = _PART.findall(value) if name == "background" else [value]
            current = any(p.lower() == "currentcolor" for p in parts)
            background = next((c for p in parts if (c := parse(p)) is not None), None)
    shown = fill or text
    if current or (shown is not None and background is not None and invisible_on(shown, background)):
        return colons
    return []
