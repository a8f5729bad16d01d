"""A tag as a browser's tokenizer reads it (scan/tags.py): a quoted attribute value holds ``>``
-- in a start tag and an end tag, both quote kinds --, a quote is a value's only after ``=``,
an unquoted value ends at a blank or ``>``, ``/>`` ends a tag; a tag holds no ``<`` and its
search stops at the next one (linear however many quotes never close)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rehearsal_hook.scan import tags
from rehearsal_hook.scan.constructs import open_start, spans
from rehearsal_hook.scan.readings import render

from .scanning import everywhere, found

T = "CUTOVER" + "_PASS"

# Each shows the token in a browser: the tag ends at the ``>`` the tokenizer ends it at.
ONE_TAG = [
    'CUTOVER_</span x=">">PASS',
    'CUTOVER_<span x=">">PASS',
    "CUTOVER_<span x='>'>PASS",
    "CUTOVER_</b title='a>b' class=\"c>d\">PASS",
    'CUTOVER_<span x = ">" y>PASS',  # (blanks around ``=``: the quote is still the value's)
    'CUTOVER_<img src=">"/>PASS',
    'CUTOVER_<a x="1"y=">">PASS',  # (no blank after a quoted value)
    'CUTOVER_<a "x>PASS"',  # (a quote in a name is a character: the tag ends at ``>``)
    "CUTOVER_<a x=a'>PASS'",  # (inside an unquoted value too)
    'CUTOVER_<a ="x>PASS"',  # (``=`` first: a name, ``="x``)
    'CUTOVER_<a x/=">PASS"',  # (``/`` then ``=``: a name again)
    "CUTOVER_<w:t xml:space='>'>PASS",
]


@pytest.mark.parametrize("stored", ONE_TAG)
def test_a_tag_ends_where_a_browser_ends_it(stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    everywhere(f"x\nab {stored} y\n", [(2, 4, T)], monkeypatch)


# Each shows no token: what a quoted value holds, a tag that never closes (a browser shows
# nothing after it), a quote that is not a value's.
NEAR_MISSES = [
    'CUTOVER_<a x=">PASS">',  # (the value holds the word)
    "CUTOVER_<a x='>PASS'>",
    'CUTOVER_<a x=">PASS',  # (never closed: text here, nothing after it in a browser)
    'CUTOVER_<a x=">" PASS>',  # (an attribute named PASS)
    'CUTOVER_</span x=">">PAS',
    'CUTOVER_<span x=">"> PASS',
]


@pytest.mark.parametrize("stored", NEAR_MISSES)
def test_what_a_quoted_value_holds_stays_in_its_tag(stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    everywhere(f"x\nab {stored} y\n", [], monkeypatch)


def test_a_quoted_gt_across_lines_joins_them() -> None:
    """A tag whose quoted value holds a line end and ``>`` spans the lines: the word before it
    and the word after it join, found at the first's line and column (the unit joins the lines:
    units._may_cross asks whether the last tag of a line is still open at its end)."""
    for text in ('x CUTOVER_<span title=">\n">PASS y\n', 'x CUTOVER_</span title="\n>\n">PASS y\n'):
        assert found(text.encode()) == [(1, 3, T)], text


def test_a_stored_mark_of_a_hidden_element_is_plain_text_in_a_tag() -> None:
    """inert_openers marks a hidden element's ``<`` and ``>`` with private-use characters no tag
    holds; a stored one is plain text (read as U+FFFD), so a tag may hold it -- and a tag before
    a hidden element does not swallow its mark (``<a x="`` before ``<b hidden>`` read the
    ``<a`` up to the element's ``>``: found by the linear-cost cases below)."""
    assert render("CUTOVER_<a x=\uf8fe>PASS")[0] == T
    assert render('<a x="CUTOVER_<b hidden>X</b>PASS')[0] == '<a x="' + T
    assert found(b'<a x="' * 3 + b"CUTOVER_<b hidden>X</b>PASS\n") == [(1, 19, T)]


@pytest.mark.parametrize(
    "unit",
    ['<a x="', "<a x='", '<a x=">', "<a b ", '</a x="', "<a x=a'\" "],
)
def test_quotes_that_never_close_cost_one_pass(unit: str) -> None:
    """A quote that never closes makes no tag, and its search stops at the next ``<``: 50,000
    of them are read in one pass (a quoted value that could run past a ``<`` would search to
    the end of the text from each: quadratic, about 7 billion steps here), and a hidden element
    after them still hides.  (Speed is bench/'s; 200,000 took 8.7 s CPU over the six.)"""
    text = unit * 50_000 + "CUTOVER_<b hidden>X</b>PASS\n"
    assert found(text.encode())[-1][2] == T
    assert spans(text)[-1][1] == len(text) - len("PASS\n")


@pytest.mark.parametrize(
    ("buf", "is_open"),
    [
        ('ab <a x=">', True),
        ("ab <a x='a>b", True),
        ("ab <a x=", True),
        ("ab <a x", True),
        ('ab <a x=">"', True),
        ('ab <a x=">">', False),
        ("ab <a x=a>", False),
        ("ab <a x=a>b", False),
        ('ab <a x=">" <', False),  # (``<``: no tag holds one; the last ``<`` is judged)
    ],
)
def test_a_tag_still_open_at_the_end_keeps_a_cut_out(buf: str, is_open: bool) -> None:
    """open_start: a tag whose ``>`` may still come (a quoted value's ``>`` is not it) is where
    no cut may fall after."""
    assert (open_start(buf) == 3) is is_open


def test_attributes_as_a_browser_reads_them() -> None:
    got = list(tags.attributes(' A=1 b = "x > y"/c=\'z\' "d e=f=g hidden'))
    assert got == [("a", "1"), ("b", "x > y"), ("c", "z"), ('"d', ""), ("e", "f=g"), ("hidden", "")]
    assert list(tags.attributes(b" Style='x'")) == [(b"style", b"x")]


PARTS = st.sampled_from(("<a", "</b", " ", "x", "=", '"', "'", ">", "/", "<", "\n", "PASS", "CUTOVER_", "hidden"))


class _Events(HTMLParser):
    """What html.parser reads: "tag" for each tag, the text of each run of data."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.events: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.events.append("tag")

    def handle_startendtag(self, tag: str, attrs: object) -> None:
        self.events.append("tag")

    def handle_endtag(self, tag: str) -> None:
        self.events.append("tag")

    def handle_data(self, data: str) -> None:
        self.events.append(data)


@settings(max_examples=400, deadline=None)
@given(st.lists(PARTS, max_size=14))
def test_a_tag_match_is_where_html_parser_ends_a_tag(parts: list[str]) -> None:
    """Where the tag pattern matches at a ``<``, Python's html.parser -- whose tokenizer reads a
    quoted value's ``>`` as the value's too -- reads one tag there, ending at the same place:
    what follows is data.  (The pattern as it was, ending a tag at its first ``>``, fails.)"""
    text = "".join(parts)
    for m in re.compile("<" + tags.PLAIN.body).finditer(text):
        parser = _Events()
        parser.feed(m.group() + "Z")
        parser.close()
        assert parser.events == ["tag", "Z"], (text, m.group(), parser.events)


@pytest.mark.parametrize("unit", ["E<x95", "L<a|A_PASS_b ", "<a<b"])
def test_tag_names_that_run_on_cost_one_pass(unit: str) -> None:
    """A tag's name runs to a blank and holds a ``<`` (``E<x95E<x95...``: POD's entities): the
    hint of a tag that may give a list item's marker (tags.IN_PLACE_TAG) searched each name
    from every ``<`` in it to its end -- 60,000 of them, a quadratic search, took about 28 s --
    and a marker after them still shows its token.  (Speed is bench/'s: bench/growth.py's
    "pod entity" and "pod link" shapes.)"""
    text = unit * 60_000 + "\n<li style=\"list-style-type:'CUTOVER_'\">PASS</li>\n"
    assert found(text.encode()) == [(2, 1, T)]


_OLD_MARKER_TAG = re.compile(r"<[A-Za-z][^\t\n\f\r />]*+[\t\n\f\r /][^<>]*?(?i:list-style)")
MARKER_PARTS = st.sampled_from(("<a", "<", "<1", "b", " ", "/", "list-style", ">", "\n", "<li style='"))


@settings(max_examples=500, deadline=None)
@given(st.lists(MARKER_PARTS, max_size=16))
def test_a_marker_tag_is_hinted_on_the_same_line(parts: list[str]) -> None:
    """IN_PLACE_TAG's list-marker search, whose tag name ends before a ``<`` and a letter,
    finds every tag the tokenizer's name (which runs to a blank, holding any ``<``) finds,
    ending where it ends and starting on its line: the line read is the same."""
    text = "".join(parts)
    marker = re.compile("<[A-Za-z]" + tags.IN_PLACE_TAG.rsplit("|<[A-Za-z]", 1)[1])  # (its last alternative)
    old = [(text.count("\n", 0, m.start()), m.end()) for m in _OLD_MARKER_TAG.finditer(text)]
    got = [(text.count("\n", 0, m.start()), m.end()) for m in marker.finditer(text)]
    assert got == old, text
