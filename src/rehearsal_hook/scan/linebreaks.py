"""HTML's elements that stand apart from the text around them, for the rendered reading in
which their tags separate words (readings.render's ``breaks``).

A browser shows on a line of its own what a block holds -- a ``<div>``, a paragraph, a
heading, a list item, a table's row or cell, a ``<br>``'s break --, and in a box of its own
a form's control, an image, a frame: the word before such a tag ends there and the one after
it starts there (Chromium 150: ``DEPLOY_O<b>K</b><br>WORD`` shows DEPLOY_OK, then WORD on the
next line), where the reading that drops every tag joins them (DEPLOY_OKWORD, no token).
So does an element of any name whose inline style displays it as a block (``display:
block``, ``flex``, ``list-item``, ``table-cell``...), floats it, positions it out of the line or
apart, or opens a gap with its margin, padding or border; its closing tag too.  Both readings
are read: a style sheet can make any element inline, or a block of any, and what a style
sheet says is not read here.

A tag is judged by itself and by the opening tags before it in the piece (``styled``): each
search from a ``<`` ends at the next ``<`` or ``>`` -- linear.
"""

from __future__ import annotations

import re

from rehearsal_hook.scan.constructs import HIDE_OPEN

# The browsers' own style sheet (the HTML standard's rendering section): the elements shown
# as a block, a list item or a table's part, the line break, and the form controls, images,
# frames and media shown in a box of their own.  (``<wbr>`` breaks only a line too long.)
_BLOCKS = (
    "address|article|aside|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir"
    "|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h1|h2|h3|h4|h5|h6|head"
    "|header|hgroup|hr|html|legend|li|listing|main|menu|nav|ol|optgroup|option|p|plaintext"
    "|pre|search|section|summary|table|tbody|td|tfoot|th|thead|tr|ul|xmp|br"
)
_BOXES = "button|input|select|textarea|img|iframe|embed|object|video|audio|canvas|meter|progress|svg"
_APART = frozenset((_BLOCKS + "|" + _BOXES).split("|"))
# A declaration that sets an element apart: a display other than inline (an inline box, its
# contents only, ruby, or nothing: the element hidden, read by styles.py), a float, a position
# out of the line or offset, a margin, padding or border that is not zero; a math shown as a block.
_DISPLAY_APART = r"display\s*:\s*(?![\s;\"']|inline|contents|ruby|none|run-in)"
_STYLE_APART = re.compile(
    r"(?i:(?<![\w-])(?:"
    + _DISPLAY_APART
    + r"|float\s*:\s*(?!none)|position\s*:\s*(?:absolute|fixed|relative)"
    + r"|(?:margin|padding|border)[a-z-]*+\s*:[^;\"'<>]{0,64}?[1-9]"
    + r"|display\s*=\s*[\"']?block))"  # (MathML's attribute: ``<math display=block>``)
)
# A tag named apart, or an opening tag whose attributes may set one apart (in any case; up to
# its ``>``: a value holding one is cut there, which only adds a reading), or a hidden
# element's mark (constructs.HIDDEN) before a boxed name -- a canvas, a video, an audio with
# controls... whose fallback content is hidden, the box shown.  (A tag's name holds a ``<``;
# searched here it ends before a ``<`` and a letter, as tags.IN_PLACE_TAG's: such a tag is
# found from its last one, on the same line.  Taken to a blank from every ``<``, a line of
# ``<a<a...`` was read again from each: 32 KiB in 0.66 s, four times that per doubling.)
_NAMES = "(?i:" + _BLOCKS + "|" + _BOXES + ")"
_NAME_RUN = r"[A-Za-z](?:[^\t\n\f\r /><]|<(?![A-Za-z]))*+"
MAY_BREAK = (
    r"</?"
    + _NAMES
    + r"[\t\n\f\r />]|<"
    + _NAME_RUN
    + r"[\t\n\f\r /][^<>]*?(?i:display|float|position|margin|padding|border)"
)
_MAY_BREAK = re.compile(MAY_BREAK + "|" + HIDE_OPEN + _NAMES + r"[\t\n\f\r />]")
_OPENING = re.compile(r"<(" + _NAME_RUN + r")([\t\n\f\r /][^<>]*+)>?")
_NAME = re.compile(r"</?([A-Za-z][^\t\n\f\r />]*+)")
_HIDDEN_NAME = re.compile(HIDE_OPEN + r"([A-Za-z][^\t\n\f\r />]*+)([^>]*+)")


def may_break(searched: str) -> bool:
    """Whether ``searched`` (a piece made constructs.inert_openers) may hold a tag that sets
    its element apart."""
    return _MAY_BREAK.search(searched) is not None


def styled(searched: str) -> frozenset[str]:
    """The names (lower case) of the elements an opening tag of ``searched`` sets apart by its
    style: their closing tags separate too."""
    return frozenset(m.group(1).lower() for m in _OPENING.finditer(searched) if _STYLE_APART.search(m.group(2)))


def apart(construct: str, names: frozenset[str]) -> bool:
    """Whether ``construct`` (a tag, a comment, a hidden element as the rendered reading found
    it) separates the words around it; ``names``: styled's."""
    if construct[:1] == HIDE_OPEN:
        # (a box whose fallback content is hidden, not the element: ``<canvas>``, ``<video>``)
        m = _HIDDEN_NAME.match(construct)
        return m is not None and m.group(1).lower() in _BOXED_FALLBACK and _HIDES.search(m.group(2)) is None
    m = _NAME.match(construct)
    if m is None:
        return False  # (a comment, a bogus comment, CDATA)
    name = m.group(1).lower()
    if construct[1] == "/":
        return name in _APART or name in names
    if _STYLE_APART.search(construct) is not None:
        return True
    display = _DISPLAY_INLINE.search(construct)
    return name in _APART and display is None


# A display that keeps an element named apart in the line (``<div style="display:inline">``).
_DISPLAY_INLINE = re.compile(r"(?i:(?<![\w-])display\s*:\s*(?:inline|contents|ruby|run-in))")
# The elements a box stands in place of while what they hold is hidden (elements._UNSHOWN: their
# fallback content), unless their opening tag hides them too; an audio without controls shows
# no box -- read as one all the same (fail closed: a reading added).
_BOXED_FALLBACK = frozenset(("canvas", "video", "audio", "iframe", "object", "meter", "progress"))
_HIDES = re.compile(r"(?i:hidden|none|collapse)")
