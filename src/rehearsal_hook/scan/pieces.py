"""The readings of one piece of text (a line, or a stretch of one cut where no reading
changes): the Unicode view and the rendered readings, in stored and display order, as
(start, end, token) in the piece."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from rehearsal_hook.scan.compose import compositions, quick_token, view_tokens
from rehearsal_hook.scan.constructs import C1_OPENERS, HIDE_OPEN, TERMINAL, control_escaped, inert_openers
from rehearsal_hook.scan.elements import capitalized, selected_in_place
from rehearsal_hook.scan.hints import SILENT_JOIN, may_show, needs_render
from rehearsal_hook.scan.linebreaks import may_break
from rehearsal_hook.scan.matcher import TokenMatcher
from rehearsal_hook.scan.normalize import underscore_lookalike, underscore_table
from rehearsal_hook.scan.parsed import parsed_readings
from rehearsal_hook.scan.patterns import compiled
from rehearsal_hook.scan.readings import decoded_cr, in_display_order, orders, render
from rehearsal_hook.scan.screen import MOVES
from rehearsal_hook.scan.styles import shown_anyway

C1_OPENER_SET = frozenset(C1_OPENERS)
_C1_AS_SILENT = {ord(c): "\x80" for c in C1_OPENERS}  # (U+0080 is silent: matcher.SILENT)


def _code_as_silent(m: re.Match[str]) -> str:
    """A terminal code that moves nothing as silent controls (same length: the index stays);
    one that moves the cursor as stored (carriage.py reads where it lands)."""
    code = m.group()
    return code if MOVES.match(code) else "\x80" * len(code)


@functools.cache
def needles_s(needles: tuple[bytes, ...]) -> tuple[str, ...]:
    return tuple(n.decode("ascii") for n in needles)


def piece_hits(
    matcher: TokenMatcher,
    piece: str,
    table: dict[int, str],
    *,
    parse: bool = True,
    diagram: Callable[[], bool] | None = None,
) -> list[tuple[int, int, str]]:
    """Tokens of the Unicode view and of the rendered reading of one piece, as (start, end,
    token) in the piece.  A cheap view first (no column map); the exact one with its map only
    for the rare piece where the cheap one holds a token.  ``parse``: also the readings of
    the piece by a parser of its own syntax (Markdown, CSS: parsed.parsed_readings; ``diagram``
    its), each read in turn as a piece is."""
    out: list[tuple[int, int, str]] = []
    if parse:
        for parsed, index in parsed_readings(piece, diagram=diagram):
            for s, e, t in piece_hits(matcher, parsed, table, parse=False):
                out.append((index[s], index[e - 1] + 1, t))
    if not may_show(matcher.needles, piece):
        # (Neither its view nor its rendered readings can show a needle: hints.may_show.  A
        # parsed reading is judged on its own text, above: what it removes can join a maker.)
        return out
    rendered = needs_render(piece, needles_s(matcher.needles))
    # A NUL is padding (UTF-16 without a BOM) or a separator: read the piece both ways.
    variants = [piece, piece.replace("\x00", " ")] if "\x00" in piece else [piece]
    if "<" in piece and rendered and HIDE_OPEN in inert_openers(piece):
        # An inline style that may hide (a zero font size, opacity...: styles.py) hides in one
        # reading and shows in another, what a reader's settings or the layout can undo: both.
        undone = shown_anyway(piece)
        if undone is not None:
            variants.append(undone)
    if "<" in piece and rendered:
        # Letters a style shows as capitals (elements.capitalized): read so too.
        searched = inert_openers(piece)
        upper = capitalized(piece, searched)
        if upper is not None:
            variants.append(upper)
        # The option a select shows, in its place (elements.selected_in_place).
        selected = selected_in_place(piece, searched)
        if selected is not None:
            variants.append(selected)
    if "\x1b" in piece:
        # A terminal drops its codes and shows a reference or an escape as written, where every
        # rendered reading decodes it in the same pass (``&#95;`` ESC[0m then a word: cat shows
        # the token, the renderings ``_`` joined to the word): the codes alone, as silent.
        quiet = compiled(TERMINAL).sub(_code_as_silent, piece)
        if quiet != piece:
            variants.append(quiet)
    if not piece.isascii():
        # An underscore look-alike joins the words around it, or separates them (a token after it).
        if underscore_lookalike().search(piece) is not None:
            variants.append(piece.translate(underscore_table()))
        # A C1 control that opens a sequence (U+009B CSI...) is one on a terminal that acts on
        # C1 in UTF-8 (xterm) and prints nothing on one that does not: read both ways (the
        # second as a control that is not printed: same length, so the index stays).
        if not C1_OPENER_SET.isdisjoint(piece):
            variants.append(piece.translate(_C1_AS_SILENT))
            rendered = True
    for variant in variants:
        out += [(at[0], at[-1] + 1, t) for at, t in view_tokens(matcher, variant, table)]
        if not rendered:
            continue
        # Markup removed (as rendered) and kept (as its source or an attribute is read);
        # backspaces and silent controls as a terminal shows them, and as characters.
        terminal = "\x08" in variant or compiled(SILENT_JOIN).search(variant) is not None
        renderings = _RENDERINGS["<" in variant, terminal]
        k = 0
        while k < len(renderings):
            markup, strike = renderings[k]
            k += 1
            decoded, _ = render(variant, markup=markup, overstrike=strike)
            if (
                k == 1
                and not terminal
                and (
                    "\x08" in decoded
                    or "\x1b" in decoded
                    or compiled(SILENT_JOIN).search(decoded)
                    or decoded_cr(variant, decoded)
                    or control_escaped(variant)
                )
            ):
                # A backspace, an ESC, a silent control or a CR that decoding produced (``\b``,
                # ``\u0008``, ``&#8;``, ``\u001b``, ``\a``, ``\r``; ``\cH``, which only the
                # terminal reading decodes) acts on a terminal too.
                renderings = _RENDERINGS["<" in variant, True]
            out += _rendered_hits(matcher, variant, table, decoded, markup=markup, overstrike=strike)
        if "<" in variant and may_break(inert_openers(variant)):
            # A tag that sets its element apart (a block, a line break, a control's box)
            # separates the words around it in a browser: a reading of its own (linebreaks.py).
            decoded, _ = render(variant, breaks=True)
            out += _rendered_hits(matcher, variant, table, decoded, markup=True, overstrike=False, breaks=True)
    # (one place and token once, however many variants show it: the codes-alone variant shows
    # what a rendering of the piece shows too, wherever the piece has nothing to decode)
    return list(dict.fromkeys(out))


def _rendered_hits(
    matcher: TokenMatcher,
    variant: str,
    table: dict[int, str],
    decoded: str,
    *,
    markup: bool,
    overstrike: bool,
    breaks: bool = False,
) -> list[tuple[int, int, str]]:
    """The tokens of one rendered reading of ``variant`` (``decoded``: without its column map),
    as (start, end, token) in the piece: in stored order (a terminal without bidirectional
    layout, a program) and, for a line that reorders, in display order (a renderer: bidi.py;
    readings.orders).  The exact reading, with its map, only where a token shows."""
    out: list[tuple[int, int, str]] = []
    for display, ltr in orders(decoded):
        text = in_display_order(decoded, ltr=ltr) if display else decoded
        if not quick_token(matcher, text, table, compositions(text)):
            continue
        text, where = render(
            variant, exact=True, markup=markup, overstrike=overstrike, display=display, ltr=ltr, breaks=breaks
        )
        assert where is not None
        for at, t in view_tokens(matcher, text, table):
            shown = [where[a] for a in at]
            out.append((min(shown), max(shown) + 1, t))
    return out


# (markup removed, overstrike) of each rendered reading a piece needs, by whether it holds
# ``<`` and a backspace.
_RENDERINGS = {
    (False, False): ((True, False),),
    (True, False): ((True, False), (False, False)),
    (False, True): ((True, False), (True, True)),
    (True, True): ((True, False), (False, False), (True, True), (False, True)),
}
