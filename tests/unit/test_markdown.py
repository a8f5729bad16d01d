"""The Markdown and CSS readings of issue 12: a token is what a reader sees, also what a
Markdown renderer shows of inline syntax that vanishes (emphasis, strikethrough, code spans,
links, autolinks) and what a browser shows of CSS escapes.  Each case is checked in memory,
in UTF-16, streamed in small chunks, and at the column of the stored text where the token
starts; the Markdown reading is checked against a CommonMark implementation (markdown-it-py,
a test oracle only)."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from rehearsal_hook.scan import asciidoc, css, markdown, mdoc, near, pieces, rdoc, segments, wiki
from rehearsal_hook.scan.matcher import SEED_FORBIDDEN_TOKENS, TokenMatcher
from rehearsal_hook.scan.mdlinks import is_label
from rehearsal_hook.scan.stream import scan_file_chunks
from rehearsal_hook.scan.text import scan_bytes, scan_str, scan_utf8

from .scanning import found as _found

M = TokenMatcher()
T = "CUTOVER" + "_PASS"

# (stored text, the token a reader sees, its column offset from where the stored text starts)
SHOWN = {
    # emphasis and strong: the underscore is no word character for Markdown's flanking rules
    "strong-underscores": ("__CUTOVER_PASS__", T, 2),
    "emphasis-underscores": ("_CUTOVER_PASS_", T, 1),
    "emphasis-star": ("CUTOVER_*PASS*", T, 0),
    "strong-star": ("CUTOVER_**PASS**", T, 0),
    "strong-emphasis": ("CUTOVER_***PASS***", T, 0),
    "emphasis-inside-word": ("CUT*OVER*_PA**SS**", T, 0),
    "emphasis-closes-before": ("*CUTOVER*_PASS", T, 1),
    "underscore-run-shared": ("*CUTOVER*__PASS_", T, 1),
    "emphasis-pairs-far": ("_x CUTOVER_P_*ASS*", T, 3),
    "emphasis-opens-the-word": ("_CUTOVER_PASS x_", T, 1),
    "emphasis-inside-then-digit": ("QT*X*9_PASS", "QTX9_PASS", 0),
    # strikethrough: GFM's ~~ (markdown-it), and GitHub's single ~
    "strikethrough": ("CUTOVER_~~PASS~~", T, 0),
    "strikethrough-single": ("CUTOVER_~PASS~", T, 0),
    # code spans: equal backtick runs, content shown literally, one blank trimmed each side
    "code-span": ("CUTOVER_`PASS`", T, 0),
    "code-span-double": ("CUTOVER_``PASS``", T, 0),
    "code-span-trimmed": ("CUTOVER_`` PASS ``", T, 0),
    "code-span-first": ("`CUTOVER`_PASS", T, 1),
    # links and images: text and alt shown, destination and title hidden
    "inline-link": ("CUTOVER_[PASS](u)", T, 0),
    "inline-link-title": ('CUTOVER_[PA](http://x "t")SS', T, 0),
    "empty-link": ("CUTOVER_[](u)PASS", T, 0),
    "image-alt": ("CUTOVER_![PASS](i.png)", T, 0),
    "image-alt-a-text-of-its-own": ("CUTOVER![*_PASS**](u)", T, 0),  # (markdown-it: emphasis flanks a blank)
    "link-angle-destination": ("[CUTOVER_](<a b>)PASS", T, 1),
    "reference-full": ("CUTOVER_[PASS][ref]", T, 0),
    "reference-collapsed": ("[CUTOVER_][]PASS", T, 1),
    "reference-shortcut": ("[CUTOVER_]PASS", T, 1),
    "reference-full-empty-text": ("CUTOVER_[][ref]PASS", T, 0),
    # autolinks: the brackets vanish
    "autolink": ("CUTOVER_<PASS:x>", T, 0),
    "autolink-email": ("CUTOVER_<PASS@x.y>", T, 0),
    # combined with the other readings: an escape, a reference, a look-alike
    "escape-and-emphasis": ("*CUTOVER*\\_PASS", T, 1),
    "reference-and-emphasis": ("CUTOVER&#95;*PASS*", T, 0),
    "fullwidth-and-emphasis": ("CUTOVER_*\uff30ASS*", T, 0),
    "tag-and-backslash": ("&#95;\\CUTOVER<b>_PASS", T, 6),  # Markdown shows the backslash
    # CSS escapes: 1 to 6 hex digits and one optional blank; a backslash before another
    # character that is not a hex digit
    "css-hex": ("CUTOVER\\5fPASS", T, 0),
    "css-hex-upper": ("CUTOVER\\5F PASS", T, 0),
    "css-hex-six": ("CUTOVER\\00005f PASS", T, 0),
    "css-letter": ("\\43 UTOVER_PASS", T, 0),
    "css-fullwidth-low-line": ("CUTOVER\\ff3f PASS", T, 0),
}

NEAR_MISSES = [
    "FOO_*PASSWORD*",
    "__TEST_PASSED__",
    "_CUTOVER_PASSED_",
    "CUTOVER_\\*PASS*",  # an escaped star is no delimiter
    "CUTOVER_*PASS",  # no closer
    "CUTOVER_``PASS",  # no closing run (of one backtick: PowerShell's reading drops it, langescapes.py)
    "CUTOVER_``PASS`",  # runs of other lengths
    "CUTOVER_[x](PASS)",  # the destination is hidden
    "CUTOVER_~~~PASS~~~",  # a third tilde stays
    "CUTOVER_ *PASS*",
    "snake_case_*PASS*",
    "CUTOVER\\5f  PASS",  # one blank belongs to the escape, not two
    "FOO\\5fPASSWORD",
    "x_y *a* [b](c) `d` ~~e~~ _PASSWORD",
    # brackets no definition can name (a label holds a character other than a blank and no
    # unescaped bracket): a renderer shows them
    "CUTOVER_[]PASS",
    "CUTOVER_[ ]PASS",
    "CUTOVER_[\t][]PASS",
    "CUTOVER_[ ][ ]PASS",
    "CUTOVER_[][ ]PASS",
    "CUTOVER_[a[]b]PASS",
]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("ref", True),
        ("a\\[b", True),  # an escaped bracket
        ("\u00a0", True),  # (a blank only for JavaScript's trim: cmark can define it)
        ("x" * 999, True),
        ("", False),
        (" \t\r\n", False),
        ("a\\\\[b", False),  # an escaped backslash, then a bracket
        ("a]b", False),
        ("x" * 1000, False),
    ],
)
def test_what_can_be_a_reference_label(text: str, label: bool) -> None:
    assert is_label(text) == label


def _streamed(data: bytes, size: int = 5) -> list[tuple[int, int, str]]:
    hits = scan_file_chunks(M, lambda: (data[i : i + size] for i in range(0, len(data), size)))
    return [(h.line, h.column, h.token) for h in hits]


@pytest.mark.parametrize("name", list(SHOWN))
def test_a_shown_token_is_found_at_the_stored_column(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    stored, token, offset = SHOWN[name]
    text = f"first line\n: {stored} :\n"
    want = [(2, 3 + offset, token)]
    assert [(h.line, h.column, h.token) for h in scan_str(M, text)] == want
    assert _found(text.encode()) == want
    assert _found(text.encode("utf-16")) == want
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    assert _streamed(text.encode()) == want
    assert _streamed(text.encode(), 3) == want


@pytest.mark.parametrize("name", [n for n in SHOWN if not n.startswith("css")])
def test_without_the_markdown_reading_the_token_passes(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each case needs the new reading: with it switched off, the scanner finds nothing.  (Creole's
    reading, wiki.py, also shows ``~PA~SS`` as ``PASS``: a tilde escapes a letter; RDoc's,
    rdoc.py, ``_CUTOVER_PASS_`` and ``*CUTOVER*_PASS`` as Markdown does; AsciiDoc's,
    asciidoc.py, ``~PASS~`` as a subscript: off too.)"""
    monkeypatch.setattr(markdown, "may_read", lambda line: False)
    monkeypatch.setattr(wiki, "may_read", lambda line: False)
    monkeypatch.setattr(rdoc, "may_read", lambda line: False)
    monkeypatch.setattr(asciidoc, "may_read", lambda line: False)
    stored, token, _ = SHOWN[name]
    assert token not in [t for _, _, t in _found(f"x {stored} y\n".encode())]


@pytest.mark.parametrize("name", [n for n in SHOWN if n.startswith("css")])
def test_without_the_css_reading_the_token_passes(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(css, "may_read", lambda line: False)
    stored, token, _ = SHOWN[name]
    assert token not in [t for _, _, t in _found(f"x {stored} y\n".encode())]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_misses_stay_clean(text: str) -> None:
    assert _found(f"a {text} b\n".encode()) == [], text
    assert scan_str(M, f"a {text} b\n") == []


def test_a_configured_token_shown_by_markdown_is_found() -> None:
    matcher = TokenMatcher(("Hush",))
    assert [h.token for h in scan_bytes(matcher, b"a H*us*h b\n")] == ["Hush"]
    assert [h.token for h in scan_bytes(matcher, b"a [Hu](x)sh b\n")] == ["Hush"]
    assert scan_bytes(matcher, b"a H*us*hed b\n") == []


def test_the_css_reading_is_its_own_not_a_variant_of_the_string_escapes() -> None:
    # \137 is octal _ to C, Python and JavaScript and U+0137 to CSS: both readings count.
    assert css.reading("\\137")[0] == "\u0137"  # type: ignore[index]
    assert _found(b"x CUTOVER\\137PASS\n") == [(1, 3, T)]
    # \x5F is an escape of the string syntaxes; to CSS a backslash before x is x
    assert css.reading("\\x5F")[0] == "x5F"  # type: ignore[index]
    assert css.reading("\\0 \\110000 \\d800") == ("\ufffd\ufffd\ufffd", [0, 3, 11])


def test_markdown_reading_columns_point_at_the_stored_characters() -> None:
    shown = markdown.reading("__a__ [b](u) `c` &lt;")
    assert shown is not None
    text, index = shown
    assert text == "a b c <"
    assert index == [2, 5, 7, 12, 14, 16, 17]


# The oracle: markdown-it-py (CommonMark with GFM's strikethrough), its HTML with each image
# replaced by its alt text (what a reader sees when it is not shown, and a screen reader
# reads) and the other tags removed, references decoded.
_MD = MarkdownIt("commonmark").enable("strikethrough")


def _nested_escapes_as_text(state: StateCore) -> None:
    """markdown-it-py 4.3's text_join makes an escape's token (``text_special``) text among an
    inline's own children only: in an image nested in an image's description it stays, and the
    outer alt text, which takes text tokens alone, loses it -- ``![![\\*](u)](u)`` rendered
    ``alt=""``, where CommonMark's reference (commonmark.py 0.9.1, and the spec's "plain string
    content" of nested images, ``![foo ![bar](/url)](/url2)`` with ``alt="foo bar"``) shows
    ``alt="*"``: the oracle's bug, which the random property found.  Here every one is text."""
    stack = list(state.tokens)
    while stack:
        token = stack.pop()
        if token.type == "text_special":
            token.type = "text"
        stack.extend(token.children or ())


_MD.core.ruler.push("nested_escapes_as_text", _nested_escapes_as_text)
_IMG = re.compile(r'<img src="[^"]*" alt="([^"]*)"[^>]*>')
_TAG = re.compile(r"<[^>]*>")


def _rendered(source: str) -> str:
    out = _IMG.sub(lambda m: m.group(1), _MD.renderInline(source))
    return html.unescape(_TAG.sub("", out))


PIECES = (
    *("CUTOVER", "PASS", "_PASS", "CUTOVER_", "PA", "SS", "_", "__", "___", "x", "a", " ", ".", "!"),
    *("*", "**", "***", "~", "~~", "~~~", "`", "``", " `", "` "),
    *("[", "]", "![", "](u)", "](<a b>)", '](u "t")', "(u)", "(", ")", "[r]", "[]", "\\", "\\*", "\\_"),
    *("<", ">", "<x:", "@y.z>", "<b>", "</b>", "&#95;", "&amp;", "&lowbar;"),
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12))
# (found: the GitHub reading took ``[]`` for a reference and showed CUTOVER_PASS_PASS, which no
# renderer shows, in place of CUTOVER_PASS)
@example(["CUTOVER", "_PASS", "[]", "_PASS"])
@example(["CUTOVER", "_PASS", "[ ]", "[a", "[]", "b]", "_PASS"])
@example(["![", "![", "\\*", "](u)", "](u)"])  # (the oracle's own bug: _nested_escapes_as_text)
def test_every_token_a_commonmark_renderer_shows_is_found(parts: list[str]) -> None:
    """Random inline Markdown built from token pieces and delimiters: whenever markdown-it-py
    shows a token, the scanner reports it (or a token ending with it) -- in memory and
    streamed.  (Or one starting with it: the scan reports a place once, and where the GitHub
    reading resolves a reference the oracle, which has no definitions, leaves as text --
    ``CUTOVER_PASS[][r]_PASS`` -- it shows a longer token at the same place.)"""
    source = "".join(parts)
    shown = [m.group() for m in M.finditer_str(_rendered(source))]
    if not shown:
        return
    data = f"{source}\n".encode()
    found = [t for _, _, t in _found(data)]
    for token in shown:
        assert any(t.endswith(token) or t.startswith(token) for t in found), (source, _rendered(source), found)
    assert _streamed(data, 4) == _found(data)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12))
# (found: an image's description is a text of its own for markdown-it, emphasis at its edges
# flanks a blank, not the bracket)
@example(["![", "*", "_PASS", "**", "](u)"])
@example(["![", "_", "x", "*", "](u)", "*"])
# (found: a link's text is parsed in place up to its ``]``: the run at its end has a blank
# after it, not the ``]`` -- ``[_PASS.__](u)`` shows ``PASS._``)
@example(["[", "_PASS", ".", "__", "](u)"])
@example(["![", "![", "\\*", "](u)", "](u)"])  # (the oracle's own bug: _nested_escapes_as_text)
def test_the_markdown_reading_is_what_commonmark_shows(parts: list[str]) -> None:
    """markdown.reading's text is markdown-it-py's: the same inline parser, not an
    approximation.  (The oracle's tag pattern is cruder than CommonMark's inline HTML: a
    source holding ``<`` may differ there.)"""
    source = "".join(parts)
    found = markdown.reading(source)
    text = found[0] if found is not None else source
    want = _rendered(source)
    assert text == want or "<" in source, (source, text, want)


@pytest.mark.parametrize(
    "source",
    [
        "*_" * 3000,  # the openers-bottom case: every closer looks back
        "**a" * 3000 + "*",
        "[" * 3000 + "a" + "]" * 3000,
        "`" * 1 + "``" * 1000 + "```" * 700,
        "[a](<" * 2000,
        '[a](b "' * 2000,
        "![a](u)" * 3000 + "[" * 10 + "![" * 10 + "](u)" * 20,
        "_a " * 4000 + "_",
    ],
    ids=[
        "stars-underscores",
        "strong-runs",
        "brackets",
        "backtick-runs",
        "angle",
        "titles",
        "images",
        "under",
    ],
)
def test_pathological_markdown_reads_as_commonmark_does(source: str) -> None:
    """Inputs that make a naive parser quadratic (the linear algorithm is shown in bench/,
    never timed here): the reading agrees with the oracle on them."""
    found = markdown.reading(source)
    text = found[0] if found is not None else source
    assert _TAG.sub("", text) == _rendered(source)


def test_inline_html_whose_closer_never_comes_is_not_tried(monkeypatch: pytest.MonkeyPatch) -> None:
    """A CDATA section or a processing instruction whose ``]]>`` or ``?>`` does not come after
    it is not matched at all: its lazy body ran to the line's end once per opener, quadratic
    (the red-team pass of session 20: 512 KB of ``<![CDATA[`` took 45 s; bench/ shows the
    cost, this counts the tries)."""
    tried: list[int] = []
    real = markdown._pattern

    class Counting:
        def __init__(self, pattern: re.Pattern[str]) -> None:
            self.pattern = pattern

        def match(self, line: str, pos: int) -> re.Match[str] | None:
            tried.append(pos)
            return self.pattern.match(line, pos)

    monkeypatch.setattr(
        markdown, "_pattern", lambda which: Counting(real(which)) if which == markdown._HTML else real(which)
    )
    for source in ("_P<![CDATA[x" * 500 + ">", "_P<?x" * 500 + ">"):
        tried.clear()
        markdown.reading(source)
        assert tried == [], source[:20]
    markdown.reading("a<![CDATA[x]]>b <?x?> <!x>")  # (closed ones are tried, and read)
    assert tried == [1, 16, 22]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(["_", "__", "PASS", "PA", "SS", "GRANTED", "x", " ", "*", "\x07", "Hush", "Hu"]), max_size=8
    )
)
def test_where_the_needle_search_finds_something_the_near_search_does(parts: list[str]) -> None:
    """scan_bytes returns early when near.near_b finds nothing: every match of the
    matcher's needle search (a needle, or its beginning cut by a silent control) must be a
    near place, else a raw token would be skipped -- but a needle stored whole right after a
    lowercase letter, which ends no raw token (its word holds the letter: near._AFTER_A_LOWERCASE)."""
    data = "".join(parts).encode()
    for matcher in (M, TokenMatcher(("Hush",))):
        found = [
            m
            for m in matcher.needle_re.finditer(data)
            if not (m.group() in matcher.needles and data[m.start() - 1 : m.start()].islower())
        ]
        if found:
            assert near.near_b(data, matcher.needles) is not None, data
        if near.near_b(data, matcher.needles) is None:
            assert scan_bytes(matcher, data) == [], data


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            # (an array's strings too: arrays.may_join_b sends a text holding none of the rest
            # past near_b to the joined reading)
            [
                *("_", "__", "_PASS", "_PA", "SS", "_GRANTED", "Hu", "sh", "X", "y", " ", "\n", "\x07", "*", " `"),
                *("`", "[", '"', '", "'),
                *("{empty}", "\\|"),  # (what AsciiDoc and roff remove: it joins the word before)
            ]
        ),
        max_size=10,
    ),
    st.sampled_from([M, TokenMatcher(("Hush",))]),
)
@example(["_", "X", "_PASS", " ", "y", "_"], M)  # (the word starts with an underscore)
@example(["_", "y", " ", "X", "_PASS", "_"], M)  # (underscores end the word)
@example(["X", "_PA", "`", "SS", " ", "`", "y"], M)  # (a needle's beginning, then what can vanish)
@example(["[", '"', "X", "_PA", '", "', "SS", '"'], M)  # (strings that join a needle)
@example(["X", "{empty}", "X", "_PASS"], M)  # (a word right after a removal joins the one before)
@example(["X", "__", "X", "_PASS", " ", "__"], M)  # (AsciiDoc's pair inside a word: XX_PASS)
def test_the_ascii_fast_path_finds_what_the_whole_reading_finds(parts: list[str], matcher: TokenMatcher) -> None:
    """scan_bytes decides with near_b (and the other prefilters) whether an ASCII text needs
    its readings; whatever it decided, the hits are those of every reading of it
    (text.scan_utf8, which near_b does not gate)."""
    data = "".join(parts).encode()
    assert scan_bytes(matcher, data) == scan_utf8(matcher, data, data.decode(), bom=False), data


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("nothing here", None),
        # a needle storm: each needle stored whole, a letter after it that stays (no place:
        # near._ENDS_A_TOKEN)
        ("FOO_PASSWORD " * 50, None),
        ("AB_PASSC" * 50, None),
        ("FOO_PASS_WORD " * 50, None),  # (a lone underscore before a letter: none either)
        ("FOO_PASS__WORD " * 50, True),  # (two underscores may pair: a place, AsciiDoc's pair)
        ("X_PASSE<32>y", True),  # (POD's escape after it: a blank shown)
        ("X_PASSpass:[] y", True),  # (AsciiDoc's pass macro after it: nothing shown)
        ("X_PApass:q[]SS y", True),
        ("X_PASSpass: y", None),  # (no ``[``: no pass macro, ``pass:`` stays)
        ("X_PApass:SS y", None),
        ("production_pass: ${{ x }}", None),
        ("X_PASS_Y_PASS y", False),  # the word neither starts nor ends with an underscore
        ("X_PASS y *", True),  # syntax in the text
        ("_X_PASS y", True),  # the word starts with an underscore
        ("__PASS y", True),
        ("X_PASS__ y", True),  # underscores end the word
        ("X_PA*SS y", True),  # a needle's beginning, then what can vanish
        ("X_PA\x07SS y", True),
        ("x Hu`", True),
        # a needle after what a reading removes, in a text holding no other byte of what
        # vanishes (near_b searches those places only where the text holds one)
        ("A}_PASS y", True),
        ("A'_PASS y", True),
        ("A/_PASS y", True),
        ("A\\ _PASS y", True),
        # a word holding a needle right after what a reading removes: it joins the word before
        ("X{empty}DB_PASS y", True),
        ("B\\|C_GRANTED y", True),
        ("y A\\s+2DB_PASS y", True),
        ("X}" + "D" * 100 + "_PASS y", True),
        ("X} DB_PASS y", False),  # (a blank after it: the words stay apart)
        ("_" + "X" * 200 + "_PASS y", True),  # the word starts 201 bytes before its needle
        ("Y_PASS " + "X" * 200 + "_PASS__ y", True),  # underscores end a later needle's word
        # a needle stored whole right after a lowercase letter: no place (its word holds the
        # letter in every reading: near._AFTER_A_LOWERCASE), the other needles as before
        ("test_PASS y *", None),
        ("Deploy_GRANTED = x [", None),
        ("_" + "x" * 200 + "_PASS y", None),
        ("xHush y `", None),
        ("test_PASS X_PASS y *", True),
        ("test_PASS _X_PASS y", True),
        ("test_PA*SS y", True),  # (a needle's beginning before what vanishes: a place as before)
        ("test_PASS__ y", None),
        ("test__PASS y", False),  # (after an underscore: a place as before, and no syntax)
        # AsciiDoc's ``__`` pairs inside a word: two underscores before a needle in its word
        # (CUTOVER__PASS_PASS __ shows CUTOVERPASS_PASS, another token)
        ("CUTOVER__PASS_PASS __", True),
        ("AB__X_PASS y__", True),
    ],
)
def test_near_b_decisions(text: str, want: bool | None) -> None:
    assert near.near_b(text.encode(), TokenMatcher(("Hush",)).needles) is want


def _near_b_over_the_whole_text(data: bytes, needles: tuple[bytes, ...]) -> bool | None:
    """near_b's answer without its shortcuts: every search over the whole text."""
    spaced_out = near.holds_alternating_head_b(data)
    places, plain, vanishing = near._near_searches_b(needles, spaced_out)
    if not any(p.search(data) for p in places):
        return None
    return (
        any(c in data for c in near._SYNTAX_B)
        or any(p.search(data) for p in (*plain, *vanishing))
        or (spaced_out and near._led_needle_b(data, needles, 0))
    )


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            # (what reads before a needle: a removal's end, a roff escape; words longer than
            # _word_start's first window)
            [
                *("_", "__", "_PASS", "_PA", "SS", "_GRANTED", "Hu", "sh", "X", "y", " ", "\n", "=", "}", "'", "/"),
                *("@", "?", '"', "\\ ", "\\s+2", "\\f(BI", "\\&", "pass:", "x" * 70, "Y" * 200, "*", "\x07"),
                *("9", "P", "A S", ".BR "),  # (a word led by a digit, a needle spaced out: roff's macros)
            ]
        ),
        max_size=10,
    ),
    st.sampled_from([M, TokenMatcher(("Hush",))]),
)
@example(["_", "x" * 70, "x" * 70, "_PASS", " ", "y"], M)  # (the word starts far before its needle)
@example(["Y" * 200, "_PASS", "__", " "], M)  # (its underscores end the word)
@example(["X", "_PASS", " ", "}", "_PASS"], M)  # (a needle after a removal, after the first)
@example(["X", "_PASS", " ", "y", "_PA", "'"], M)  # (no ``=``: its needle's beginning, then ')
@example(["_", "x" * 70, "_PASS", ".BR ", "SS", "_PASS"], M)  # (a led word's needle after a lowercase letter)
def test_near_b_answers_as_its_searches_over_the_whole_text(parts: list[str], matcher: TokenMatcher) -> None:
    """near_b searches from the word holding the first near place on, and asks bytes.translate
    whether a byte of what vanishes is there only where ``=`` is not: the same answers as
    every search over the whole text."""
    data = "".join(parts).encode()
    assert near.near_b(data, matcher.needles) is _near_b_over_the_whole_text(data, matcher.needles), data


@pytest.mark.parametrize(
    ("data", "answer"),
    [
        (b"CUTOVER_ PASS", None),
        (b'CUTOVER _P "ASS"', None),
        (b"CUTOVER 9_PASS y", False),
        (b"x\n.B CUTOVER _PA SS\n", None),  # (.B joins its arguments with a space)
        (b"x\n.BR CUTOVER _PA SS\n", True),
        (b"'RI CUTOVER 9_PASS\n", True),
        (b'x .IB\tCUTOVER_ "PASS"', True),  # (a piece's start reads as a line's: anywhere)
    ],
)
def test_a_spaced_out_or_digit_led_needle_is_a_place_only_beside_an_alternating_font_macro(
    data: bytes, answer: bool | None
) -> None:
    """Only roff's alternating font macros show a needle spaced out by blanks or quotes, or a
    word led by a digit or an underscore, joined: a text without such a macro's head reads them
    as stored (found when a NUL-padded record, ``CUTOVER_<NUL><NUL>PASS``, took every reading)."""
    assert near.near_b(data, M.needles) is answer


# near.ALTERNATING_HEAD as it was (its second alternative's line start asked first)
_HEAD_AS_IT_WAS = re.compile(
    r"[.'][ \t]*+(?:BR|RB|BI|IB|IR|RI)[ \t]"
    r"|(?:^|(?<=\n))[.'][ \t]*+(?:Pf |" + mdoc.HEAD + r" (?:[^\r\n]*? )?(?:Ns|Ap|Pf)(?=[ \r\n]|\Z))"
)


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(
        st.sampled_from([".", "'", "\n", "\r", " ", "\t", "BR", "IR", "Pf ", "Ar", "Ns", "Ap", "x", "Sh"]), max_size=14
    )
)
@example([".", "Ar", " ", "x", " ", "Ns"])
@example(["x", ".", "Ar", " ", "Ns"])
def test_the_alternating_head_is_found_where_it_was(parts: list[str]) -> None:
    """ALTERNATING_HEAD asks for the line's start after the control character: the same
    matches, searched (near_b) and matched at every place (roff.joins_arguments)."""
    text = "".join(parts)
    now = re.compile(near.ALTERNATING_HEAD)
    assert [m.span() for m in now.finditer(text)] == [m.span() for m in _HEAD_AS_IT_WAS.finditer(text)], text
    for at in range(len(text) + 1):
        got, want = now.match(text, at), _HEAD_AS_IT_WAS.match(text, at)
        assert (got and got.span()) == (want and want.span()), (text, at)


def test_every_configured_needle_has_a_near_pattern() -> None:
    matcher = TokenMatcher(SEED_FORBIDDEN_TOKENS)
    patterns = near.near_needles(matcher.needles)
    for n in pieces.needles_s(matcher.needles):
        assert any(p.search("x" + n + " z") for p in patterns), n  # stored whole, ending its word
        assert any(p.search("x" + n + "_ z") for p in patterns), n  # an underscore may vanish after it
        assert not any(p.search("x" + n + "_y z") for p in patterns), n  # no reading ends a token there
        assert any(p.match(n[:1] + "*") for p in patterns), n  # its first character, then syntax
        assert not any(p.search(n[:1] + "x" + n[1:]) for p in patterns), n


def _near_places_unguarded(needles: tuple[bytes, ...]) -> list[re.Pattern[str]]:
    """near.near_places as it was (f2c478c, a needle stored whole a place only where it may end
    a token: near._ENDS_A_TOKEN): the spaced-out needles without the guard on what their first
    letters need, and no guard on what follows a needle's first letter."""
    heads: dict[str, list[str]] = {}
    for n in (b.decode("ascii") for b in needles):
        heads.setdefault(n[0], []).append(n[1:])
    out = []
    for c, tails in sorted(heads.items()):
        whole = "" if "" in tails else "(?:" + "|".join(re.escape(t) for t in tails) + ")(?:" + near._ENDS_A_TOKEN + ")"
        vanishes = "(?:" + (near._VANISHES if c == "_" else "_*+" + near._VANISHES) + near._DOUBLE_UNDERSCORE + ")"
        spaced = "|".join(near._spaced(t) for t in tails if t)
        beginnings = near._beginnings(tails, taken="?")
        out.append(re.compile(re.escape(c) + "(?:" + whole + "|" + beginnings + vanishes + "|" + spaced + ")"))
    return out


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *("_", "P", "A", "S", "G", "R", "H", "u", "s", "h", " ", '"', "*", "x", "\n", "O"),
                *("P A SS", 'G "RANTED', "A UTHORIZED", "u s h", "P EN_SESAME", "PA SS"),
                # (what near_places' guard lets through or not after a needle's first letter)
                *("c", "p", "pass:", "link:", "https:", "rdoc-x:", "kbd:", "index", "indexterm", "[", "ush", "Ar "),
            ]
        ),
        max_size=12,
    ),
    st.sampled_from([M, TokenMatcher(("Hush", "OPEN_SESAME"))]),
)
@example(["_", " ", "A UTHORIZED"], M)
@example(["H", "u s h"], TokenMatcher(("Hush", "OPEN_SESAME")))
def test_near_places_find_what_they_found_without_their_guards(parts: list[str], matcher: TokenMatcher) -> None:
    """A needle spaced out (roff's alternating font macros) is asked for only where its first
    letter follows, after blanks and quotes, and a place at all only where what follows a
    needle's first letter can begin one (near._guard): the same places as before those guards."""
    text = "".join(parts)
    now = [[m.span() for m in p.finditer(text)] for p in near.near_needles(matcher.needles)]
    was = [[m.span() for m in p.finditer(text)] for p in _near_places_unguarded(matcher.needles)]
    assert now == was, repr(text)


@pytest.mark.parametrize("tail", [b"", b"_" * 60_000])
def test_underscores_in_a_word_cost_one_pass(tail: bytes) -> None:
    """near_b's place of a needle in a word led by an underscore or holding two before it was
    searched from every underscore that may begin it to the word's end: 60,000 underscores then
    a needle after a lowercase letter took over 200 s (8,192 0.88 s, four times that per
    doubling); now from each to the next one only (the same answer: the property below)."""
    data = b"_" * 60_000 + b"a_PASS b" + tail
    assert _found(data) == []
    assert "X_Y_PASS" in {t for _, _, t in _found(data + b" X__Y_PASS_ b")}  # (AsciiDoc's ``__`` paired)


# (the place as it was, and as it is: searched to the word's end, or up to the next ``_`` that may begin it)
_LED = (b"[A-Za-z0-9_]*?", b"(?:[A-Za-z0-9]|(?<!_)_)*?")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["_", "a", "X", "PASS", " ", "9", "*", "GRANTED"]), max_size=14), st.integers(0, 14))
def test_a_word_led_by_underscores_is_found_as_before(parts: list[str], start: int) -> None:
    """The place searched from each underscore that may begin it up to the next one matches
    (from any start) wherever the place searched to the word's end did: the last such
    underscore before the needle begins a match (exhaustively to seven parts: the same)."""
    data = "".join(parts).encode()
    (led,) = [p for p in near._near_searches_b(M.needles, False)[1] if p.pattern.startswith(b"_")]
    assert led.pattern.count(_LED[1]) == 1
    before = re.compile(led.pattern.replace(_LED[1], _LED[0]))
    assert (led.search(data, start) is None) == (before.search(data, start) is None), data
