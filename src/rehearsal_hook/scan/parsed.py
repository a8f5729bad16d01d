"""The readings of a text by a parser of its own syntax -- a Markdown renderer (markdown.py),
a browser's CSS (css.py) and git archive's export-subst (gitformat.py).
Each parsed reading is a text and, per character, its index in the stored piece; the scanner
reads it as it reads a piece (pieces.piece_hits), so that what it shows is looked up in the
Unicode view and the rendered reading too."""

from __future__ import annotations

from collections.abc import Callable

from rehearsal_hook.scan import (
    asciidoc,
    cescapes,
    css,
    embedded,
    gitformat,
    langescapes,
    linebreaks,
    markdown,
    mermaid,
    org,
    paragraphs,
    pod,
    rdoc,
    roff,
    rst,
    shadow,
    shortcodes,
    tex,
    textile,
    wiki,
)
from rehearsal_hook.scan.indexed import Indexed, composed


def may_parse(text: str, *, diagram: Callable[[], bool] | None = None) -> bool:
    """Whether a parser of its own syntax whose places are near.near_needles' (Markdown, its
    paragraphs too: a line closing a link begun on a line before, paragraphs.may_read;
    reStructuredText, AsciiDoc, GitHub's shortcodes, Mermaid's entity codes, POD, MediaWiki, Creole, roff, TeX, Org,
    Textile, RDoc) may read ``text`` otherwise (``diagram``: parsed_readings')."""
    return any(
        syntax.may_read(text)
        for syntax in (paragraphs, rst, asciidoc, shortcodes, pod, wiki, roff, tex, org, textile, rdoc)
    ) or (mermaid.may_read(text) and (diagram is None or diagram()))


def markdown_readings(text: str, extents: list[tuple[int, int]] | None = None) -> list[Indexed]:
    """Markdown's two readings of ``text`` (markdown.reading), the second only where they may
    differ (a ``~`` or ``]``) and do; ``extents`` gets each one's pairings."""
    out: list[Indexed] = []
    found = markdown.reading(text, extents=extents)
    if found is not None:
        out.append(found)
    if "~" in text or "]" in text:
        more = markdown.reading(text, gfm=True, extents=extents)
        if more is not None and (found is None or more[0] != found[0]):
            out.append(more)
    if found is not None and "<" in text and linebreaks.may_break(text):
        # (a tag that sets its element apart separates words: a reading of its own, linebreaks.py)
        apart = markdown.reading(text, breaks=True)
        if apart is not None and apart[0] != found[0]:
            out.append(apart)
    return out


def with_shortcodes(stored: str, readings: list[Indexed]) -> list[Indexed]:
    """``readings`` (Markdown's of ``stored``) and, where ``stored`` holds a shortcode, each
    with its shortcodes shown too: GitHub's renderer shows the shortcodes of the text its
    Markdown leaves, where what emphasis or a link removes may join one to a needle
    (``DEPLOY_:o2:*K*``, also paired across a paragraph's lines)."""
    if not readings or not shortcodes.may_read(stored):
        return readings
    out = list(readings)
    for text, index in readings:
        found = shortcodes.reading(text)
        if found is not None:
            out.append((found[0], [index[k] for k in found[1]]))
    return out


def parsed_readings(piece: str, *, diagram: Callable[[], bool] | None = None) -> list[Indexed]:
    """The readings of ``piece`` as a Markdown renderer, a browser's CSS and shadow roots show
    it, each a text and per character its index in ``piece``: syntax of their own, read before any
    other reading (a reference in Markdown is decoded once, by the renderer).  Markdown's
    two readings (markdown.reading) only where they differ: a piece with a ``~`` or ``]``.
    ``diagram``: whether the text the piece is of may hold a Mermaid diagram (mermaid.Diagram;
    None: as if it may) -- the one reading judged by its whole text; elsewhere ``#95;`` is a comment's text, also
    on a line chosen for other syntax (scan_str read ``A#95;_P...`` in plain text, whose ``#``
    Markdown may read, where the bytes' scan and redaction, gated by the whole text, did not).
    What the tool prints is read as if it may (redaction: more is only less legible)."""
    out: list[Indexed] = with_shortcodes(piece, markdown_readings(piece)) if markdown.may_read(piece) else []
    if css.may_read(piece):
        found = css.reading(piece)
        if found is not None:
            out.append(found)
    if cescapes.may_read(piece):
        out += cescapes.readings(piece)  # (C's, C++'s and C#'s long hexadecimal escapes)
    if langescapes.may_read(piece):
        out += langescapes.readings(piece)  # (Lua's and OCaml's, Haskell's, SQL's Unicode strings', PowerShell's)
    if css.may_join(piece):
        found = css.joined(piece)
        if found is not None:
            out.append(found)
            # (a string's CSS escapes, as a browser shows them)
            escaped = css.reading(found[0]) if css.may_read(found[0]) else None
            if escaped is not None:
                out.append(composed(found, escaped))
    if shadow.may_read(piece):
        found = shadow.reading(piece)  # (a host shows its shadow tree, slots filled)
        if found is not None:
            out.append(found)
    if gitformat.may_read(piece):
        found = gitformat.reading(piece)
        joined = gitformat.reading(piece, empty=True)
        expanded = [r for r in (found, joined) if r is not None and (r is found or found is None or r[0] != found[0])]
        out += expanded
        out += [t for r in expanded if (t := gitformat.on_a_terminal(r)) is not None]
    if rst.may_read(piece):
        plain = None
        for roles in (False, True):
            found = rst.reading(piece, roles=roles)
            if found is None or (plain is not None and found[0] == plain):
                continue
            plain = found[0]
            out.append(found)
            # (its inline markup -- emphasis, strong, literals -- as Markdown's)
            marked = markdown.reading(found[0]) if markdown.may_read(found[0]) else None
            if marked is not None:
                out.append((marked[0], [found[1][k] for k in marked[1]]))
    if tex.may_read(piece):
        out += tex.readings(piece)  # (twice where a conditional's truth is not known)
    for syntax in (asciidoc, shortcodes, mermaid, pod, roff, org, textile, rdoc):
        if syntax.may_read(piece) and (syntax is not mermaid or diagram is None or diagram()):
            found = syntax.reading(piece)
            if found is not None:
                out.append(found)
    if embedded.may_read(piece):
        out += embedded.readings(piece)  # (a document's bytes in each encoding a browser may guess)
    if wiki.may_read(piece):
        out += [found for found in (wiki.mediawiki(piece), wiki.creole(piece)) if found is not None]
    return out
