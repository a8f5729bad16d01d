"""MathML draws the elements a layout element holds side by side and no text between them
(scan/mathml.py): the blanks, line ends, comments and words between ``</mi>`` and ``<mi>`` in a
``math`` element vanish from the rendered reading.  Each case checked in Chromium 150 (a
screenshot, and which text nodes have a box): the UNDRAWN show ``CUTOVER_PASS``, the SHOWN do
not."""

from __future__ import annotations

import pytest

from rehearsal_hook.scan import cuts, readings, segments, views

from .scanning import everywhere
from .scanning import found as _found
from .scanning import streamed as _streamed

T = "CUTOVER" + "_PASS"

UNDRAWN = [
    "<math><mi>CUTOVER_</mi> <mi>PASS</mi></math>",
    "<MATH><MI>CUTOVER_</MI> <MI>PASS</MI></MATH>",
    "<math><mrow><mi>CUTOVER_</mi> <mi>PASS</mi></mrow></math>",
    "<math><msub><mi>CUTOVER_</mi> <mi>PASS</mi></msub></math>",
    "<math><msup><mi>CUTOVER_</mi>\t<mi>PASS</mi></msup></math>",
    "<math><mfrac><mi>CUTOVER_</mi> <mi>PASS</mi></mfrac></math>",
    "<math><mstyle mathcolor=red><mi>CUTOVER_</mi>  x  <mi>PASS</mi></mstyle></math>",
    "<math><mpadded><mi>CUTOVER_</mi> <mi>PASS</mi></mpadded></math>",
    "<math><mrow><mi>CUTOVER_</mi></mrow> <mrow><mi>PASS</mi></mrow></math>",
    "<math><mi>CUTOVER_</mi><!-- x --> <mi>PASS</mi></math>",
    "<math><mi>CUTOVER_</mi>&#32;&nbsp;<mi>PASS</mi></math>",
    "<math><mi>CUTOVER_</mi><![CDATA[ x ]]><mi>PASS</mi></math>",
    # (an element of any other name is MathML's there, its text not drawn either)
    "<math><mi>CUTOVER_</mi><mspace>x</mspace><mi>PASS</mi></math>",
    "<math><mi>CUTOVER_</mi><mfoo>x</mfoo><mi>PASS</mi></math>",
    "<math><mi>CUTOVER_</mi><font> </font><mi>PASS</mi></math>",
    "<math><mi>CUTOVER_</mi><a href=x> </a><mi>PASS</mi></math>",
    "<math><mi>CUTOVER_</mi><td> </td><mi>PASS</mi></math>",
    "<math><mi>CUTOVER_</mi><mi/> <mi>PASS</mi></math>",
    # (a closing tag of no open MathML element is ignored; an element not closed is closed by
    # the math's closing tag)
    "<math><mi>CUTOVER_</mi></mrow> <mi>PASS</mi></math>",
    "<math><mrow><mi>CUTOVER_</mi> <mi>PASS</mi></math>",
    # (a math inside a token's HTML)
    "<math><mtext><b><math><mi>CUTOVER_</mi> <mi>PASS</mi></math></b></mtext></math>",
]

SHOWN = [
    "<mi>CUTOVER_</mi> <mi>PASS</mi>",  # (no math: HTML's unknown elements)
    "<math><mi>CUTOVER_ PASS</mi></math>",  # (what a token holds is drawn)
    "<math><mo>CUTOVER_ PASS</mo></math>",
    "<math><mtext>CUTOVER_ <b>x</b>PASS</mtext></math>",
    "<math><mi>CUTOVER_</mi></math> <math><mi>PASS</mi></math>",  # (between two)
    "<math><mi>CUTOVER_</mi></math> <mi>PASS</mi>",
    # (an HTML element that breaks out of foreign content closes the math)
    "<math><mi>CUTOVER_</mi><span> </span><mi>PASS</mi></math>",
    "<math><mi>CUTOVER_</mi><font color=red> </font><mi>PASS</mi></math>",
    "<math><mi>CUTOVER_</mi><br> <mi>PASS</mi></math>",
    "<math><mi>CUTOVER_</mi></p> <mi>PASS</mi></math>",
    # (a token holding an element lays out each child on a row of its own; a closing tag of
    # the token inside its HTML is ignored: the blank is the HTML's)
    "<math><mi>CUTOVER_</mi><mi><mglyph> </mglyph>PASS</mi></math>",
    "<math><mtext><b>CUTOVER_</mtext> <mi>PASS</mi></math>",
    "<math><mi>CUTOVER_</mi> <mi>PASS</mi>",  # (never closed on the text read: as a hidden element)
    "<math><mi>CUTOVER_</mi><!-- <mi>x</mi></math> --> <mi>PASS</mi>",
]


@pytest.mark.parametrize("stored", UNDRAWN)
def test_text_between_mathml_elements_is_not_drawn(stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = f"x\nab {stored} y\nz\n"
    everywhere(text, [(2, stored.index("CUTOVER") + 4, T)], monkeypatch)
    assert _found(text.replace("PASS", "PASX").encode()) == []  # a near miss stays clean


@pytest.mark.parametrize("stored", SHOWN)
def test_text_mathml_draws_stays_shown(stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    everywhere(f"x\nab {stored} y\nz\n", [], monkeypatch)


# MathML as it is written: an element a line.  The text read from the line that opens the
# math to the line that closes it, whichever line a hint selects -- also a line end inside a
# token, which no construct spans (a unit from the line after it held no ``<math>``).
OVER_LINES = [
    "<math>\n  <mi>CUTOVER_</mi>\n  <mi>PASS</mi>\n</math>\n",
    '<p>\n<math display="block">\n <mrow>\n  <msub>\n   <mi>CUTOVER_</mi>\n   <mi>PASS</mi>\n  </msub>\n </mrow>\n</math>\n',
    "<math>\n<mtext>a\nb</mtext> <mo>+</mo> <mi>CUTOVER_</mi>\n<mi>PASS</mi>\n</math>\n",
    "<math>\n<mtext>a\nb</mtext> <mo>+</mo> <mi>CUTOVER_</mi><!-- c\n -->\n<mi>PASS</mi>\n</math>\n",
]


@pytest.mark.parametrize("text", OVER_LINES)
def test_mathml_over_lines_is_read_whole(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    before = text[: text.index("CUTOVER")]
    want = [(before.count("\n") + 1, len(before) - before.rfind("\n"), T)]
    everywhere(text, want, monkeypatch)
    for size in (1, 3, 7):
        assert _streamed(text.encode(), size) == want
    assert _found(text.replace("PASS", "PASX").encode()) == []


def test_a_long_line_is_not_cut_inside_a_mathml_element(monkeypatch: pytest.MonkeyPatch) -> None:
    """A piece of a long line, and a stream's segment, is not cut inside a closed ``math``
    (constructs.spans): the part after the cut held no ``<math>``, and read its blanks between
    elements as shown."""
    monkeypatch.setattr(readings, "PIECE", 1000)
    monkeypatch.setattr(views, "PIECE", 1000)
    monkeypatch.setattr(cuts, "PIECE", 1000)
    head = "<math><mtext>" + "a " * 2000 + "</mtext> <mo>+</mo> <mi>"
    line = head + "CUTOVER_</mi> <mi>PASS</mi></math> " + "z " * 600 + "\n"
    want = [(1, len(head) + 1, T)]
    assert _found(line.encode()) == want
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    assert _streamed(line.encode(), 100) == want
