"""The lines the Unicode view and the rendered reading read in a non-ASCII text
(scan/viewlines.py, text._view_hits): only those whose quick view may show a token.  Exact:
the scan equals the scan that reads every line through piece_hits, on random text biased to
accented letters, look-alikes, marks, vanishing characters, needles and the triggers of the
rendered and Markdown readings."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from rehearsal_hook.scan import carriage, markdown, mermaid, viewlines
from rehearsal_hook.scan.joins import join_end
from rehearsal_hook.scan.matcher import SEED_FORBIDDEN_TOKENS, TokenHit, TokenMatcher
from rehearsal_hook.scan.normalize import has_underline, quick_view, relevant_chars, relevant_table
from rehearsal_hook.scan.pieces import piece_hits
from rehearsal_hook.scan.text import _merge, scan_bytes, scan_str
from rehearsal_hook.scan.units import Span, _may_cross
from rehearsal_hook.scan.viewlines import view_line_starts
from rehearsal_hook.scan.views import _carriage_hits

from ..conftest import examples

MATCHERS = (TokenMatcher(SEED_FORBIDDEN_TOKENS), TokenMatcher(("Hush", "OPEN_SESAME")))

PARTS = (
    # accented letters (most are no look-alike: a translation's lines), and ones that are
    *("é", "É", "À", "Ü", "ñ", "Ç", "ß", "Ś", "Ａ", "Ｐ", "Ｓ", "ｓ", "ｈ", "Ｈ"),
    # look-alikes of another script, of the underscore; what vanishes
    *("А", "Р", "С", "Ѕ", "а", "р", "һ", "＿", "\u2017", "\uff3f", "\u200b", "\u00ad", "\u2060"),
    # marks (composing, underlines), a bidi control, a C1 opener, a silent control, NUL
    *("\u0301", "\u0327", "\u0332", "\u0331", "\u202e", "\x9b", "\x07", "\x00"),
    # needles and their pieces
    *("_PASS", "_PA", "SS", "PASS", "_AUTHORIZED", "_GRANTED", "Hush", "Hu", "sh", "OPEN_SESAME", "_SESAME"),
    *("A", "B", "P", "S", "X", "_", "a", "1"),
    # the rendered reading's and Markdown's triggers
    *("&#95;", "&#x410;", "&lowbar;", "&amp;", "%5F", "%D0%90", "%0A", r"\x5f", r"\u0410", r"\n", r"\_"),
    *("<b>", "</b>", "<T>", "<!-- c -->", "<", ">", "*", "**", "`", "~~", "[", "](u)", "\\"),
    # separators and line ends
    # (no lone CR: its terminal reading, scan/carriage.py, is not a line's)
    *(" ", " ", ".", "-", "\t", "\n", "\n", "\r\n"),
)


# A token's letters each stored as itself, a look-alike or a construct that reads as it, with
# what vanishes (or may) between them: the lines that hold a token some reading shows.
TOKENS = ("AB_PASS", "X_GRANTED", "Hush", "OPEN_SESAME")
SPELLINGS = {
    "A": ("A", "А", "Ａ", "&#65;", "%41", r"\x41", "À"),
    "B": ("B", "В", "Ｂ"),
    "P": ("P", "Р", "Ｐ", "&#x50;"),
    "S": ("S", "Ѕ", "Ｓ", "Ś", "S\u0301"),
    "_": ("_", "＿", "\u2017", "&#95;", "%5F", r"\_", "&lowbar;"),
    "H": ("H", "Н", "Ｈ"),
    "h": ("h", "һ", "ｈ"),
    "O": ("O", "О", "Ｏ"),
    "E": ("E", "Е", "É"),
    "X": ("X", "Х"),
}
BETWEEN = ("", "", "", "", "\u200b", "\u00ad", "<b>", "</b>", "**", "`", "<!-- c -->", "\x07", "\u202e", "~~")


@st.composite
def spelt(draw: st.DrawFn) -> str:
    out = []
    for c in draw(st.sampled_from(TOKENS)):
        out.append(draw(st.sampled_from(SPELLINGS.get(c, (c,)))))
        out.append(draw(st.sampled_from(BETWEEN)))
    return "".join(out)


def _every_line(matcher: TokenMatcher, text: str) -> list[TokenHit]:
    """scan_str's hits with the other readings run on every line, none selected -- and the
    terminal reading of the lines a cursor movement acts on (views._carriage_hits), which
    reads a terminal's line, not a selected one: a U+009B CSI ending in a final byte that
    moves the cursor (U+009B ``&#65;```, HPA) makes one wherever it is, and what that line shows
    (its parsed readings too) is part of the scan (session 20's open case: the reference left
    it out and disagreed with the scan, which was right)."""
    table = relevant_table(lower=matcher.lower_view)
    raw: list[Span] = []
    diagram = mermaid.Diagram(text)  # (Mermaid's codes are read in a diagram only)
    view: list[Span] = _carriage_hits(matcher, text, table, False, False, diagram) if carriage.acts(text) else []
    for k, line in enumerate(re.split(r"\r\n|\r|\n", text)):
        raw += [(k + 1, m.start(), m.end(), m.group(), False) for m in matcher.finditer_str(line)]
        view += [(k + 1, s, e, t, False) for s, e, t in piece_hits(matcher, line, table, diagram=diagram)]
    return _merge(raw, view)


def _joins_no_lines(text: str) -> bool:
    """No construct spans a line end, no parsed reading joins one (joins.py) and no Markdown
    delimiter can pair across a paragraph's lines (at most one line holds Markdown syntax:
    paragraphs.py, tested in test_paragraphs): a unit is then a line, what _every_line reads.
    (A random run found 'X_GRANTE**D' then 'AB_PASS**': strong across the lines shows X_GRANTED,
    which reading each line alone does not.)"""
    if sum(map(markdown.may_read, re.split(r"\r\n|\r|\n", text))) > 1:
        return False
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    ends = [m.start() for m in re.finditer(r"\r\n|\r|\n", text)] + [len(text)]
    return not any(_may_cross(text, a, b) or join_end(text, a, b) != -1 for a, b in zip(starts, ends, strict=True))


def test_each_part_alone_and_in_a_token_the_selected_lines_scan_equals_reading_every_line() -> None:
    """The property below on each of PARTS alone and between AB_ and PASS, and each spelling
    of each letter in its token: every member, whatever its random run draws."""
    texts = [p for p in PARTS] + ["AB_" + p + "PASS" for p in PARTS]
    for token in TOKENS:
        for i, letter in enumerate(token):
            texts += [token[:i] + spelling + token[i + 1 :] for spelling in SPELLINGS.get(letter, ())]
    for text in texts:
        if _joins_no_lines(text):
            for matcher in MATCHERS:
                _selected_as_every_line(matcher, text)


@pytest.mark.slow
@settings(max_examples=examples(750), deadline=None)
@given(st.lists(st.sampled_from(PARTS) | spelt(), min_size=1, max_size=16), st.sampled_from(MATCHERS))
# (found: two readings' tokens at one place, AB_PASS in display order and AB_PASSAB_PASS in
# stored order; the merge kept whichever came first, which depended on the lines read)
@example(["AB_PA\u202eSS", "AB_P\u0410SS"], MATCHERS[0])
@example(["X_GRANTE", "**", "D", "\n", "AB_PASS", "**"], MATCHERS[0])
def test_the_selected_lines_scan_equals_reading_every_line(parts: list[str], matcher: TokenMatcher) -> None:
    """(750 random texts and every member alone, above: 1,500 took 18.5 s CPU;
    REHEARSAL_HOOK_EXAMPLES_SCALE for a longer run.)"""
    text = "".join(parts)
    assume(_joins_no_lines(text))
    _selected_as_every_line(matcher, text)


def _selected_as_every_line(matcher: TokenMatcher, text: str) -> None:
    expected = _every_line(matcher, text)
    assert scan_str(matcher, text) == expected, repr(text)
    if "\x00" not in text:  # (bytes with NUL are read as binary too)
        assert scan_bytes(matcher, text.encode()) == expected, repr(text)


def test_an_8_bit_csi_that_moves_the_cursor_reads_as_every_line() -> None:
    """Found by a random run of the property test above (session 20): U+009B then ``&#65;``` is a CSI
    whose final byte (HPA) moves the cursor, so the terminal reading reads the line, and the
    Markdown reading of what it shows (the CSI took the first backtick: ``~~`` pairs) shows
    B_PASSX_GRANTED at column 8 -- the scan is right, the reference read every line but not
    that reading (now it does: _every_line)."""
    text = "\x9b&#65;`B_PASS~~X_GRANTED`AB_PASS~~"
    hits = scan_str(MATCHERS[0], text)
    assert (8, "B_PASSX_GRANTED") in [(h.column, h.token) for h in hits]
    assert hits == _every_line(MATCHERS[0], text)


@pytest.mark.parametrize("lower", [False, True])
def test_no_relevant_character_is_or_reads_as_a_line_end(lower: bool) -> None:
    """view_line_starts maps the quick view's lines to the text's by counting line ends."""
    assert not set("\r\n") & relevant_chars(lower=lower)
    assert not any("\n" in v or "\r" in v for v in relevant_table(lower=lower).values())


def test_the_lines_found_are_those_of_the_needles_in_the_quick_view() -> None:
    matcher = MATCHERS[0]
    table = relevant_table()
    text = "Édition\rÀ\u200bB_РАSS x\r\nplain é\nСI＿GRANTED\nno _PA\rend _РА"
    quick = quick_view(text, table)
    starts = view_line_starts(quick, text, matcher.needles, rendered=False)
    assert [text[s : s + 4] for s in starts] == ["À\u200bB_", "СI＿G", "end "]
    # (a scan finds the tokens of the first two; the last is a needle's beginning at the end)
    assert [h.token for h in scan_str(matcher, text)] == ["B_PASS", "CI_GRANTED"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(PARTS), min_size=1, max_size=20), st.sampled_from(MATCHERS), st.booleans())
def test_the_aligned_quick_view_maps_to_the_same_lines(parts: list[str], matcher: TokenMatcher, rendered: bool) -> None:
    """Where each relevant character reads as one character (ViewLines' ``aligned``), a place of
    the quick view is looked up at the same offset of the text: the same lines as mapping each
    line by its line ends."""
    text = "".join(parts)
    table = relevant_table(lower=matcher.lower_view)
    present = relevant_chars(lower=matcher.lower_view).intersection(text)
    assume(all(len(table[ord(c)]) == 1 for c in present) and "\u0332" not in text and "\u0331" not in text)
    quick = quick_view(text, table)
    assert len(quick) == len(text)
    mapped = view_line_starts(quick, text, matcher.needles, rendered=rendered)
    assert view_line_starts(quick, text, matcher.needles, rendered=rendered, aligned=True) == mapped, repr(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(("a", "\u200b", "\r", "\n", "\r\n", "\u200b\r")), max_size=30).map("".join), st.data())
def test_quick_line_starts_maps_the_kth_line_of_the_view_to_the_kth_of_the_text(text: str, data: st.DataObject) -> None:
    """The view drops what the text holds beside its line ends (here zero-width spaces); a
    place maps to its line of the text: the LF-ended line of the same number, after as many
    CRs as precede the place in the view's line (walked here from the line's start, per place:
    the old way, quadratic in a line of many CRs and places -- 64 KiB of an open OSC code, a
    zero-width space and a CR repeated took 27 s; bench readings shape 'a line of open OSC
    codes and CRs')."""
    quick = text.replace("\u200b", "")
    found = data.draw(st.sets(st.integers(0, max(0, len(quick) - 1)))) if quick else set()
    q_lines, t_lines = quick.split("\n"), text.split("\n")
    want = set()
    for q in found:
        i = quick.count("\n", 0, q)
        q_start, t_start = sum(len(x) + 1 for x in q_lines[:i]), sum(len(x) + 1 for x in t_lines[:i])
        at = t_start
        for _ in range(quick.count("\r", q_start, q)):
            at = text.index("\r", at) + 1
        want.add(at)
    assert viewlines.quick_line_starts(text, quick, found) == sorted(want)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aA_\n \u0410\u0421\u0405\u04c0\uff30\uff3f\u200b\u2070\u01c3\u0332é", max_size=60))
@example("a" * 40 + "\u0410x\uff30\n\u200b")
def test_the_quick_view_of_few_relevant_characters_is_the_one_pass_view(text: str) -> None:
    """viewlines._quick replaces a few relevant characters one ``str.replace`` each: the same
    text as quick_view's one pass."""
    table = relevant_table(lower=False)
    present = frozenset(relevant_chars(lower=False).intersection(text))
    assert viewlines._quick(text, table, present, has_underline(text)) == quick_view(text, table)


def test_a_value_holding_a_character_replaced_after_it_is_not_replaced_again() -> None:
    """Where a value holds another character to replace (no relevant one does today), _quick
    reads the text in one pass: replaced one after the other, ``x`` would read as ``z``."""
    table = {ord("x"): "y", ord("y"): "z"}
    assert viewlines._quick("a" * 40 + "xy", table, frozenset("xy"), False) == "a" * 40 + "yz"
