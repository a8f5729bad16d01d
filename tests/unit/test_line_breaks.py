"""An HTML element that stands apart from the text around it -- a block, a list item, a table's
part, a line break, a float, a form's control, an image -- ends the word before its tag and
starts the one after it, where the rendered reading that drops tags joins them: the reading
in which such tags separate (scan/linebreaks.py).  Each case checked in Chromium 150 (the
rectangles of the letters around the tag: on another line, or apart)."""

from __future__ import annotations

import pytest

from rehearsal_hook.scan.matcher import TokenMatcher

from .scanning import everywhere, found

M = TokenMatcher()
T = "CUTOVER" + "_PASS"

# The token joined by an inline tag (``<b>``), then one that breaks the line or stands apart,
# then a word: Chromium shows CUTOVER_PASS on a line of its own, or apart from WORD.
APART = [
    "CUTOVER_PA<b>SS</b><br>WORD",
    "CUTOVER_PA<b>SS</b><BR/>WORD",
    "CUTOVER_PA<b>SS</b></br>WORD",  # (read as <br>)
    "CUTOVER_PA<b>SS</b><div>WORD</div>",
    "CUTOVER_PA<b>SS</b><p>WORD",
    "CUTOVER_PA<b>SS</b></p>WORD",  # (an empty paragraph)
    "CUTOVER_PA<b>SS</b><li>WORD",
    "CUTOVER_PA<b>SS</b><dt>WORD",
    "CUTOVER_PA<b>SS</b><h1>WORD</h1>",
    "CUTOVER_PA<b>SS</b><hr>WORD",
    "CUTOVER_PA<b>SS</b><blockquote>WORD",
    "CUTOVER_PA<b>SS</b><pre>WORD",
    "CUTOVER_PA<b>SS</b><section>WORD",
    "CUTOVER_PA<b>SS</b><center>WORD",
    "CUTOVER_PA<b>SS</b><summary>WORD",
    "CUTOVER_PA<b>SS</b><legend>WORD",
    "CUTOVER_PA<b>SS</b><option>WORD",
    "<table><tr><td>CUTOVER_PA<b>SS</b><td>WORD</table>",
    "<table><tr><td>CUTOVER_PA<b>SS</b></td></tr><tr><td>WORD</table>",
    # (a style that makes any element a block, a list item, a table's cell, or takes it out
    # of the line; a gap its margin, padding or offset opens)
    'CUTOVER_PA<b>SS</b><span style="display:block">WORD</span>',
    'CUTOVER_PA<b>SS</b><span style="display: flex">WORD</span>',
    'CUTOVER_PA<b>SS</b><span style="display:block flow">WORD</span>',
    'CUTOVER_PA<b>SS</b><span style="display:list-item">WORD</span>',
    'CUTOVER_PA<b>SS</b><span style="display:table-cell">WORD</span>',
    'CUTOVER_PA<b>SS</b><span style="float:right">WORD</span>',
    'CUTOVER_PA<b>SS</b><span style="position:absolute;top:0">WORD</span>',
    'CUTOVER_PA<b>SS</b><span style="margin-left:1em">WORD</span>',
    'CUTOVER_PA<b>SS</b><span style="padding-left:1em">WORD</span>',
    'CUTOVER_PA<b>SS</b><span style="position:relative;left:20px">WORD</span>',
    '<span style="display:block">CUTOVER_PA<b>SS</b></span>WORD',  # (its closing tag)
    "CUTOVER_PA<b>SS</b><math display=block><mi>WORD</mi></math>",
    '<math display="block"><mi>CUTOVER_PA</mi><mi>SS</mi></math>WORD',
    # (a box of its own between the words: a control, an image, a frame)
    "CUTOVER_PA<b>SS</b><button>WORD</button>",
    "CUTOVER_PA<b>SS</b><input value=X>WORD",
    "CUTOVER_PA<b>SS</b><img src=x.png>WORD",
    "CUTOVER_PA<b>SS</b><iframe src=x.html></iframe>WORD",
    "CUTOVER_PA<b>SS</b><video src=x.mp4>X</video>WORD",
    # (in Markdown, whose reading removes inline HTML itself: markdown-it renders
    # ``CUTOVER_<em>PA</em>SS<br>WORD``, Chromium shows it so)
    "CUTOVER_*PA*SS<br>WORD",
    "CUTOVER_`PA`SS<p>WORD",
    # (before the token too: a word of capitals would make a longer token)
    "word<br>CUTOVER_PA<b>SS</b>",
    "word<div>CUTOVER_PA<b>SS</b></div>",
]

# What Chromium shows as one word (the near miss CUTOVER_PASSWORD): inline elements, a block
# its style makes inline, a break only where the line is too long.
JOINED = [
    "CUTOVER_PA<b>SS</b><span>WORD",
    'CUTOVER_PA<b>SS</b><div style="display:inline">WORD</div>',
    'CUTOVER_PA<b>SS</b><div style="display:contents">WORD</div>',
    'CUTOVER_PA<b>SS</b><div style="display:inline-block">WORD</div>',
    'CUTOVER_PA<b>SS</b><span style="display:inline flex">WORD</span>',
    'CUTOVER_PA<b>SS</b><span style="margin-left:0">WORD</span>',
    "CUTOVER_PA<b>SS</b><wbr>WORD",
    "CUTOVER_PA<b>SS</b><ruby>WORD</ruby>",
    "CUTOVER_*PA*SS<span>WORD",
]


@pytest.mark.parametrize("stored", APART)
def test_a_tag_that_breaks_the_line_separates_words(stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = f"x\nab {stored} y\n"
    everywhere(text, [(2, stored.index("CUTOVER") + 4, T)], monkeypatch)


@pytest.mark.parametrize("stored", JOINED)
def test_an_inline_tag_joins_words(stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    everywhere(f"x\nab {stored} y\n", [], monkeypatch)


@pytest.mark.parametrize(("tag", "unit"), [("", "<a"), ("", "<a<b"), ("<a ", "margin:")])
def test_tag_names_and_styles_that_run_on_cost_one_pass(tag: str, unit: str) -> None:
    """A tag's name runs to a blank and holds a ``<``; a style may hold a margin with no value:
    the search for a tag that may set its element apart (linebreaks.may_break, styled) read
    each from every ``<`` or margin in it to its end -- a quadratic search: 60,000 ``<a`` took
    19 s, 16,000 ``margin:`` in one tag 21 s -- and a line break before them still separates.
    (Speed is bench/'s.)"""
    text = "CUTOVER_PA<b>SS</b><br>" + tag + unit * 60_000 + "\n"
    assert found(text.encode()) == [(1, 1, T)]
