"""The markups GitHub renders that the Markdown, reStructuredText, AsciiDoc, POD and wiki
readings do not cover: Org (org.py), Textile (textile.py) and RDoc (rdoc.py).  Each shown case was a bypass (the token rendered, the
scanner clean) and was checked against a real renderer: org-ruby 0.9.12, what GitHub renders
``.org`` files with (Debian's ruby-org; its HTML with the tags removed and references decoded
shows the token), or Emacs 28's Org 9.5 HTML export (the zero-width space, macros, targets
and other back-ends' snippets, which org-ruby shows as they are); RedCloth 4.3 (GitHub's
Textile renderer, Debian's ruby-redcloth) and python-textile 4 (the dev extra's oracle: each
Textile case it renders is checked against it here); RDoc 6.4's ``RDoc::Markup::ToHtml``
(GitHub's ``.rdoc`` renderer, Ruby 3.1's).  Found in memory, as UTF-8
and UTF-16 and streamed, at the stored line and column; near misses stay clean; without the
reading each shown case passes; and what the tool prints is redacted in it too."""

from __future__ import annotations

import html
import re

import pytest
import textile as textile_oracle
from hypothesis import given, settings
from hypothesis import strategies as st

from rehearsal_hook.scan import org, rdoc, textile
from rehearsal_hook.scan.matcher import TokenMatcher
from rehearsal_hook.scan.printed import reading_spans

from .scanning import CountingFind, everywhere, found

M = TokenMatcher()
T = "CUTOVER" + "_PASS"

ORG_SHOWN = {
    # entities (org-ruby and Emacs): a character, the name ended by {} or by what is no letter
    "entity-under": "CUTOVER\\under{}PASS",
    "entity-look-alike": "CUTOVER_\\Rho{}ASS",  # (a Greek capital Rho: the Unicode view's P)
    "entity-soft-hyphen": "CUTOVER\\shy{}_PASS",  # (invisible: the Unicode view drops it)
    # links: a description, or the target (without file:)
    "link-description": "CUTOVER_[[https://x.y/][PA]]SS",
    "link-target": "CUTOVER_[[PASS]]",
    "link-file": "CUTOVER_[[file:PASS]]",
    "link-entity": "CUTOVER_[[x][\\Rho{}ASS]]",
    # sub- and superscripts show their content
    "superscript": "CUTOVER^{_}PASS",
    "subscript": "CUTOVER_PA_{S}S",
    "empty-superscript": "CUTOVER^{}_PASS",
    "superscript-in-word": "CUTOVER_^{P}ASS",
    "superscript-emphasis": "CUTOVER_^{*PASS*}",
    # export snippets: HTML's is raw HTML, another back-end's nothing (Emacs)
    "snippet-html-tag": "CUTOVER_@@html:<b>@@PASS",
    "snippet-html-reference": "CUTOVER@@html:&#95;@@PASS",
    "snippet-other": "CUTOVER_@@latex:x@@PASS",
    # macros (Emacs expands them; one defined empty shows nothing), targets (Emacs)
    "macro": "CUTOVER_PA{{{e}}}SS",
    "macro-arguments": "CUTOVER_PA{{{e(1, 2)}}}SS",
    "target": "CUTOVER_<<x>>PASS",
    "radio-target": "CUTOVER<<<_PASS>>>",
    # emphasis beside a zero-width space (Emacs reads it as a blank)
    "zwsp-italic": "CUTOVER_\u200b/PASS/",
    "zwsp-verbatim": "CUTOVER_\u200b=PASS=",
    "zwsp-closer": "x /CUTOVER/\u200b_PASS",
    # emphasis closed before an entity (a post character): both vanish
    "emphasis-then-entity": "x *CUTOVER*\\under{}PASS",
}


@pytest.mark.parametrize("stored", list(ORG_SHOWN.values()), ids=list(ORG_SHOWN))
def test_org_shows_the_token(stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    column = 8 if stored.startswith("x ") else 5
    everywhere(f"a\nsee {stored} here\n", [(2, column, T)], monkeypatch)
    assert T in {t for _, _, t in reading_spans(M, f"{stored}:1:1: seal-token")}, repr(stored)


@pytest.mark.parametrize("stored", list(ORG_SHOWN.values()), ids=list(ORG_SHOWN))
def test_without_the_org_reading_the_token_passes(stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(org, "may_read", lambda line: False)
    assert found(f"see {stored} here\n".encode()) == [], repr(stored)


@pytest.mark.parametrize(
    "stored",
    [
        "CUTOVER\\under{}PASSWORD",
        "FOO\\under{}PASSED",
        "CUTOVER\\underline{}PASS",  # (no such entity: shown as it is)
        "CUTOVER\\underaPASS",  # (a letter after the name: another name)
        "CUTOVER\\under.PASS",  # (the dot stays)
        "CUTOVER\\nbsp{}PASS",  # (a no-break space separates)
        "CUTOVER_[[x][PA]] SS",
        "CUTOVER_[[x][PA]]SSWORD",
        "CUTOVER_^{PA",  # (never closed: shown)
        "CUTOVER_@@html:PASS",
        "CUTOVER_{{{x}}}PASS",  # (a subscript: Org reads _{ first)
        "CUTOVER_{{{x(PASS",
        "CUTOVER_< <x>>PASS",
        "a << b >> CUTOVER_PASSWORD",
        "CUTOVER_/PASS/",  # (a marker after a word character opens nothing)
        "CUTOVER_=PASS=",
        "x /CUTOVER/_PASS",  # (nor does one before it close)
        "CUTOVER_ /PASS/",
        "a*b*c FOO_PASSWORD snake_case_name x_{i} y^{2}",
    ],
)
def test_org_near_misses_stay_clean(stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    everywhere(f"see {stored} here\n", [], monkeypatch)


def test_org_constructs_are_read_in_one_pass() -> None:
    """An opener whose closer is not on its line tells that no later one of its kind there
    has one: 60,000 of each kind unclosed, then a closed one, read whole; what the searches
    for closers and line ends pass over is counted (from each opener to the line's end would
    be quadratic)."""
    n = 60_000
    for opener in ("_{", "^{", "@@html:", "{{{e(", "[[", "<<", "*a", "/a"):
        line = "x " + (opener + " ") * n + ("CUTOVER_^{P}ASS" if opener == "<<" else "CUTOVER_<<t>>PASS") + "\nz"
        read = org.reading(line)
        assert read is not None and read[0].endswith(" CUTOVER_PASS\nz"), opener
        assert read[1][-3] == len(line) - 3
        for step in (org._macros, org._objects):
            CountingFind.searched = 0
            step(CountingFind(line))
            assert CountingFind.searched <= 4 * len(line), (opener, step, CountingFind.searched)
    assert found(b"x _{ y\nCUTOVER_^{P}ASS _{\n") == [(2, 1, T)]  # (a script closes on its line)


def test_org_entities_make_a_needle_s_character() -> None:
    # (the underscore itself made: no needle's beginning stands before the entity)
    assert found(b"x CUTOVER\\under{}PASS\n") == [(1, 3, T)]
    assert found(b"x CUTOVER\\under{}PASS\n".replace(b"\\under{}", b"\\under ")) == []


TEXTILE_SHOWN = {
    # bracketed phrases (both renderers): markup inside a word
    "bracket-strong": "CUTOVER_[*PASS*]",
    "bracket-bold": "CUTOVER_[**PA**]SS",
    "bracket-em": "CUTOVER_[_PA_]SS",
    "bracket-italic": "CUTOVER_[__PA__]SS",
    "bracket-delete": "CUTOVER_[-PASS-]",
    "bracket-insert": "CUTOVER_[+PASS+]",
    "bracket-superscript": "CUTOVER_[^PASS^]",
    "bracket-subscript": "CUTOVER_[~PA~]SS",
    "bracket-citation": "CUTOVER_[??PASS??]",
    "bracket-span": "CUTOVER_[%PASS%]",
    "bracket-code": "CUTOVER_[@PASS@]",
    "bracket-notextile": "CUTOVER_[==PASS==]",
    "bracket-style": "CUTOVER_[%{color:red}PA%]SS",
    "bracket-class": "CUTOVER_[*(c)PA*]SS",
    "bracket-language": "CUTOVER_[*[en]PA*]SS",
    "bracket-two": "CUTOVER_[*P*][*ASS*]",
    "bracket-underscore": "CUTOVER[*_*]PASS",
    "bracket-link": 'CUTOVER_["PA":http://x.y/]SS',
    # a link's text after a word (python-textile), a phrase as the whole text
    "link": 'CUTOVER_"PASS":http://x.y/',
    "link-phrase": 'CUTOVER_"*PASS*":http://x.y/',
    # pairs inside a word (RedCloth)
    "notextile-pair": "CUTOVER_==PA==SS",
    "citation-pair": "CUTOVER_??PASS??",
    # (The red-team pass of session 20: each passed.)  An acronym's title is an attribute
    # (both renderers); an image shows no letter (RedCloth: an empty alt) or its alt text.
    "acronym-title": "CUTOVER(Title here)_PASS",
    "image-in-a-word": "CUTOVER_P!x.png!ASS",
    "image-before-needle": "CUTOVER!<{color:red}x.png!_PASS",
    "image-alt": "CUTOVER_!x.png(PA)!SS",
}
# (RedCloth's pairs and images inside a word, which python-textile shows as they are.)
_REDCLOTH_ONLY = {"notextile-pair", "citation-pair", "image-in-a-word", "image-before-needle", "image-alt"}
# (What the Markdown reading shows too: a bracket as a link whose reference resolves, emphasis.)
_MARKDOWN_TOO = {
    "bracket-strong",
    "bracket-bold",
    "bracket-em",
    "bracket-italic",
    "bracket-subscript",
    "bracket-underscore",
}


@pytest.mark.parametrize("stored", list(TEXTILE_SHOWN.values()), ids=list(TEXTILE_SHOWN))
def test_textile_shows_the_token(stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    everywhere(f"a\nsee {stored} here\n", [(2, 5, T)], monkeypatch)
    assert T in {t for _, _, t in reading_spans(M, f"{stored}:1:1: seal-token")}, repr(stored)


@pytest.mark.parametrize("name", [n for n in TEXTILE_SHOWN if n not in _MARKDOWN_TOO])
def test_without_the_textile_reading_the_token_passes(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textile, "may_read", lambda line: False)
    stored = TEXTILE_SHOWN[name]
    assert found(f"see {stored} here\n".encode()) == [], repr(stored)


def _oracle(line: str) -> str:
    """What python-textile shows of ``line``: its HTML with the tags removed, decoded."""
    return html.unescape(re.sub(r"<[^>]*>", "", textile_oracle.textile(line))).strip()


@pytest.mark.parametrize("name", [n for n in TEXTILE_SHOWN if n not in _REDCLOTH_ONLY])
def test_python_textile_shows_each_textile_case_as_the_reading_does(name: str) -> None:
    stored = TEXTILE_SHOWN[name]
    read = textile.reading(stored)
    assert read is not None and read[0] == T == _oracle(stored), (stored, read)


TEXTILE_NEAR_MISSES = [
    "CUTOVER_[*PASS*]WORD",
    "CUTOVER_[*PA*] SS",
    "CUTOVER_[* *]PASS",  # (a blank at a phrase's edge: no phrase)
    "CUTOVER_[*PA]SS",  # (never closed)
    "CUTOVER_[*PA_]SS",  # (two kinds: no pair)
    "CUTOVER_%PASS%",  # (unbracketed phrases need a blank or punctuation around them)
    "CUTOVER_@PASS@",
    # (not ``CUTOVER_^PASS^``: AsciiDoc's superscript pairs inside a word, asciidoctor 2.0.18
    # shows ``CUTOVER_<sup>PASS</sup>`` -- a Textile near miss, an AsciiDoc token)
    'CUTOVER_"PA":http://x.y/SS',  # (the URL takes what follows it)
    'CUTOVER_"PA(title)":x SS',
    "CUTOVER_==PA SS",
    "a == b and c == d FOO_PASSWORD",
    "a ?? b : CUTOVER_PASSWORD",
    "CUTOVER_PA(x)SS",  # (no acronym: its capitals do not start a word)
    "CUTOVER(x)_PASSWORD",
    "CUTOVER_!x.png!:http://y/PASS",  # (the image's link takes what follows it)
    "CUTOVER_!x.png(alt)!PASS",
    "if (!CUTOVER_PA && !x) SS",
]


@pytest.mark.parametrize("stored", TEXTILE_NEAR_MISSES)
def test_textile_near_misses_stay_clean(stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    everywhere(f"see {stored} here\n", [], monkeypatch)


def test_textile_constructs_are_read_in_one_pass() -> None:
    """A bracket's content holds no bracket, so each search from ``[`` ends at the next one:
    60,000 unclosed phrases, links and pairs, then a closed one, read whole."""
    n = 60_000
    for opener in ("[*", "[%{a:b}", '"x', "==", "??", '["a":'):
        line = "x " + (opener + "a ") * n + "CUTOVER_[*PA*]SS"
        read = textile.reading(line)
        assert read is not None and read[0].endswith(" CUTOVER_PASS"), opener
        assert read[1][-1] == len(line) - 1


RDOC_SHOWN = {
    # word markup: an underscore is a marker, so markup opens after it
    "code": "CUTOVER_+PASS+",
    "em": "CUTOVER__PASS_",
    "bold-before": "x *CUTOVER*_PASS",
    "code-before": "x +CUTOVER+_PASS",
    "em-around": "x _CUTOVER_PASS_",
    # links: a label's target vanishes, a scheme before a name
    "label-target": "CUTOVER_PA[rdoc-ref:x]SS",
    "any-target": "CUTOVER_[**]PASS",
    "braced-label": "CUTOVER_{PA}[rdoc-ref:x]SS",
    "rdoc-ref": "CUTOVER_rdoc-ref:PASS",
    "rdoc-label": "CUTOVER_rdoc-label:PASS",
    "link-scheme": "CUTOVER_link:PASS",
    "https-scheme": "CUTOVER_https://PASS",
    "mailto-scheme": "CUTOVER_mailto:PASS",
}
# (What another reading shows too: Markdown's emphasis.)
_SHOWN_ELSEWHERE = {"bold-before", "em-around"}


@pytest.mark.parametrize("stored", list(RDOC_SHOWN.values()), ids=list(RDOC_SHOWN))
def test_rdoc_shows_the_token(stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    column = 8 if stored.startswith("x ") else 5
    everywhere(f"a\nsee {stored} here\n", [(2, column, T)], monkeypatch)
    assert T in {t for _, _, t in reading_spans(M, f"{stored}:1:1: seal-token")}, repr(stored)


@pytest.mark.parametrize("name", [n for n in RDOC_SHOWN if n not in _SHOWN_ELSEWHERE])
def test_without_the_rdoc_reading_the_token_passes(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rdoc, "may_read", lambda line: False)
    assert found(f"see {RDOC_SHOWN[name]} here\n".encode()) == [], name


@pytest.mark.parametrize(
    "stored",
    [
        "CUTOVER_+PASS+WORD",
        "CUTOVER_+PA+SS",  # (a closer before a word character closes nothing)
        "CUTOVER_ +PASS+",
        "CUTOVER_+PA SS+",  # (a blank ends the word: no pair across it)
        "CUTOVER_PA[x] SS",
        "CUTOVER_rdoc-ref: PASS",
        "CUTOVER\\M[red]_PASSWORD",  # (a label holding a backslash: shown, no target read)
        "CUTOVER&+#95+;PASS",  # (after a trigger RDoc's HTML shows it as text: &amp;#95;)
        "CUTOVER&#9[x]5;PASS",
        "CUTOVER%rdoc-ref:5FPASS",
        "FOO_PASSWORD snake_case_name a*b*c __init__ a[i] x+y+z",
    ],
)
def test_rdoc_near_misses_stay_clean(stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    everywhere(f"see {stored} here\n", [], monkeypatch)


def test_rdoc_markers_are_read_in_one_pass() -> None:
    """A word's end is searched for once a word: 100,000 markers in one word, read whole."""
    line = "x " + "+a" * 100_000 + " CUTOVER_+PASS+"
    read = rdoc.reading(line)
    assert read is not None and read[0].endswith(" CUTOVER_PASS")
    assert read[1][-1] == len(line) - 2
    # (and a word's start and whether it holds a backslash, once a word: 100,000 targets)
    for unit in ("a[1]", "a[1] ", "\\a[1] "):
        line = "x " + unit * 100_000 + " CUTOVER_PA[x]SS"
        read = rdoc.reading(line)
        assert read is not None and read[0].endswith(" CUTOVER_PASS"), unit
    # (and a label's target, whose end is searched for once for every label before it: a line
    # of labels no ']' closes was searched to its end from each -- the sweep's '\\Rho{}[*')
    line = "{}[*" * 100_000 + " CUTOVER_{x}[y]PASS"
    read = rdoc.reading(line)
    assert read is not None and read[0].endswith(" CUTOVER_xPASS")


_LINK_AS_WAS = re.compile(
    r"(?P<open>\{)[^{}\n\r]*+(?P<close>\}\[[^\s\]]++\])|(?<=[^\s\\])(?P<target>\[[^\s\[\]]++\])"
    r"|(?<![A-Za-z\\&%<$^])(?P<scheme>rdoc-[a-z]++:|(?:link|https?|mailto|ftp|irc):/*+)(?=\S)"
)


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet="{}[]x\\& *\n", max_size=24), st.sampled_from(["", "http:x", "{a}[b]", "x[y]"]))
def test_rdoc_s_links_are_what_the_single_pattern_found(text: str, extra: str) -> None:
    """A label's target found apart from the pattern (rdoc._TARGET_END): the same links as
    the one pattern whose target search ran to the line's end from every label."""
    text += extra
    got = [(m.start(), end, m.lastgroup) for m, end in rdoc._links(text)]
    assert got == [(m.start(), m.end(), m.lastgroup) for m in _LINK_AS_WAS.finditer(text)], repr(text)


# RDoc's patterns as they were (f2c478c): a lookbehind first, tried at every character.
_MARKER_AS_WAS = re.compile(r"(?<![^\W_*+])[*_+](?=\S)|(?<=\S)[*_+](?![^\W_*+])", re.A)
_EVENT_AS_WAS = re.compile(_MARKER_AS_WAS.pattern + r"|(?P<other>[^\w:./\[\]\-\s])", re.A)
_MAY_READ_AS_WAS = re.compile(
    _MARKER_AS_WAS.pattern + r"|[^\s\\]\[[^\s\[\]]++\]|rdoc-[a-z]++:|(?:link|https?|mailto|ftp|irc):", re.A
)


@settings(max_examples=1500, deadline=None)
@given(
    st.text(alphabet="*_+aZ9 \t\\[]{}:#&.-\u00e9\u2003", max_size=24), st.sampled_from(["", "rdoc-x:", "http:", "x[y]"])
)
def test_rdoc_s_patterns_find_what_they_found_with_the_lookbehind_first(text: str, extra: str) -> None:
    """rdoc's marker begins with the marker's class (re skips to it), its alternatives'
    lookbehinds after it: the same places, the same kinds, the same answer of may_read."""
    text += extra
    assert [m.span() for m in rdoc._MARKER.finditer(text)] == [m.span() for m in _MARKER_AS_WAS.finditer(text)]
    assert [(m.span(), m.lastgroup) for m in rdoc._EVENT.finditer(text)] == [
        (m.span(), m.lastgroup) for m in _EVENT_AS_WAS.finditer(text)
    ]
    assert rdoc.may_read(text) == (_MAY_READ_AS_WAS.search(text) is not None), repr(text)
