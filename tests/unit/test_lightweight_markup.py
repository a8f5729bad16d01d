"""The reStructuredText and AsciiDoc readings (rst.py, asciidoc.py): what GitHub's renderers of
``.rst`` (docutils) and ``.adoc`` (Asciidoctor) files remove inside a word; and GitHub's emoji
shortcodes that show a letter, a word or a digit (shortcodes.py); Perl POD's formatting codes
(pod.py, checked against pod2text and pod2html); MediaWiki's and Creole's (wiki.py).  Each shown case
was a bypass (the token rendered, the scanner clean); the reStructuredText cases were checked
against docutils 0.21 (its HTML body with the tags removed shows the token).  Found in memory,
as UTF-8 and UTF-16 and streamed, at the stored column; near misses stay clean; and what the
tool prints is redacted in these readings too."""

from __future__ import annotations

import re

import pytest

from rehearsal_hook.scan import asciidoc
from rehearsal_hook.scan.matcher import TokenMatcher
from rehearsal_hook.scan.printed import reading_spans

from .scanning import CountingFind, everywhere, found

M = TokenMatcher()
T = "CUTOVER" + "_PASS"

SHOWN = {
    # reStructuredText: an escaped blank vanishes; inline markup and roles after it
    "rst-escaped-space": "CUTOVER\\ _PASS",
    "rst-escaped-space-after": "CUTOVER_\\ PASS",
    "rst-escaped-tab": "CUTOVER_\\\tPASS",
    "rst-emphasis": "CUTOVER\\ _\\ *PASS*",
    "rst-strong": "CUTOVER\\ _\\ **PASS**",
    "rst-literal": "CUTOVER\\ _\\ ``PASS``",
    "rst-role-before": "CUTOVER\\ _\\ :sub:`PASS`",
    "rst-role-after": "CUTOVER\\ _\\ `PASS`:sup:",
    # a hyperlink's embedded URI and its reference's underscores, an inline target's
    "rst-embedded-uri": "CUTOVER\\ _\\ `PA <https://x.y/>`_\\ SS",
    "rst-anonymous-embedded-uri": "CUTOVER\\ _\\ `PA <https://x.y/>`__\\ SS",
    "rst-embedded-alias": "CUTOVER\\ _\\ `PA <x_>`__\\ SS",
    "rst-inline-target": "CUTOVER_PA\\ _`SS`",
    # AsciiDoc: attributes that expand to nothing, passthroughs, the unconstrained pairs
    "adoc-empty": "CUTOVER_{empty}PASS",
    "adoc-blank": "CUTOVER{blank}_PASS",
    "adoc-zwsp": "CUTOVER_{zwsp}PASS",
    "adoc-wj": "CUTOVER_{wj}PASS",
    "adoc-pass-macro": "CUTOVER_pass:[PASS]",
    "adoc-pass-macro-subs": "CUTOVER_pass:q,a[PA]SS",
    "adoc-triple-plus": "CUTOVER_+++PASS+++",
    "adoc-double-plus": "CUTOVER_++PA++SS",
    "adoc-dollars": "CUTOVER$$_$$PASS",
    "adoc-highlight": "CUTOVER_##PA##SS",
    # (a footnote, an icon, an image show what is no letter after a token -- asciidoctor 2.0.18:
    # ``CUTOVER_PASS<sup class="footnote">[1]</sup>``, ``<span class="icon">[heart]</span>``,
    # ``<img>`` --, and a menu its name; each passed, round 7)
    "adoc-footnote": "CUTOVER_PASSfootnote:[x]",
    "adoc-footnote-id": "CUTOVER_PASSfootnote:note[x y]",
    "adoc-footnoteref": "CUTOVER_PASSfootnoteref:[note,x]",
    "adoc-icon": "CUTOVER_PASSicon:heart[]",
    "adoc-image": "CUTOVER_PASSimage:x.png[y]",
    "adoc-menu": "CUTOVER_menu:PASS[]",
    "adoc-menu-items": "CUTOVER_menu:PASS[x > y]",
    # (the link and cross reference macros need no blank before them, as a URL does:
    # asciidoctor 2.0.18 shows ``CUTOVER_<a href="#id">PASS</a>`` and ``CUTOVER_PASS<a
    # href="#id">[id]</a>``; each passed, round 7)
    "adoc-xref-in-a-word": "CUTOVER_xref:id[PASS]",
    "adoc-xref-empty-after-a-token": "CUTOVER_PASSxref:id[]",
    "adoc-link-in-a-word": "CUTOVER_link:u[PASS]",
    "adoc-mailto-in-a-word": "CUTOVER_mailto:a@b.c[PASS]",
    # GitHub's emoji shortcodes: a negative squared letter, a squared word
    "gh-parking-a": "CUTOVER_:parking::a:SS",
    "gh-parking": "CUTOVER_:parking:ASS",
    # (and in what Markdown leaves: GitHub renders the shortcodes of the text its emphasis and
    # links leave -- each passed, the two readings being read apart)
    "gh-parking-before-emphasis": "CUTOVER_:parking:*ASS*",
    "gh-parking-in-a-link": "CUTOVER_[:parking:](https://x.y/)ASS",
    # POD (pod2text and pod2html show each as one word)
    "pod-bold": "CUTOVER_B<PASS>",
    "pod-zero-width": "CUTOVER_Z<>PASS",
    "pod-double-angles": "CUTOVER_I<< PA >>SS",
    "pod-code-part": "CUTOVER_C<PA>SS",
    "pod-link-text": "CUTOVER_L<PA|https://x.y/>SS",
    "pod-index": "CUTOVER_X<entry>PASS",
    "pod-nested": "CUTOVER_B<I<PA>>SS",
    "pod-escape-letter": "CUTOVER_E<80>ASS",
    "pod-escape-hex": "CUTOVER_E<0x50>ASS",
    "pod-before-needle": "CUTOVERZ<>_PASS",
    # MediaWiki's quote pairs, Creole's escape and italics
    "mediawiki-italic": "CUTOVER_''PA''SS",
    "mediawiki-bold": "CUTOVER_'''PA'''SS",
    "mediawiki-bold-italic": "CUTOVER'''''_PASS'''''",
    "creole-tilde": "CUTOVER~_PASS",
    "creole-italic": "CUTOVER_//PA//SS",
    # (the creole gem 0.5.0, GitHub's renderer: a tag left open is closed at the paragraph's
    # end, so an unpaired ``//`` or ``**`` vanishes too; Markdown shows this ``**``)
    "creole-italic-unpaired": "CUTOVER//_PASS",
    "creole-bold-unpaired": "CUTOVER**_PASS",
}


@pytest.mark.parametrize("stored", list(SHOWN.values()), ids=list(SHOWN))
def test_what_the_renderer_removes_inside_a_word_joins_it(stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    everywhere(f"a\nsee {stored} here\n", [(2, 5, T)], monkeypatch)
    assert T in {t for _, _, t in reading_spans(M, f"{stored}:1:1: seal-token")}, repr(stored)


# GitHub's shortcodes in what Markdown leaves of a paragraph whose emphasis pairs across its
# lines (views._paragraph_hits; each passed: the line holds no needle's every character, and
# the paragraph's reading was Markdown's alone).
SHOWN_OVER_LINES = {
    "gh-parking-before-emphasis": "CUTOVER_:parking:*ASS\nz*",
    "gh-parking-in-emphasis": "CUTOVER_*:parking:ASS\nz*",
    "gh-a-before-strong": "CUTOVER_P:a:**SS\nz**",
}


@pytest.mark.parametrize("stored", list(SHOWN_OVER_LINES.values()), ids=list(SHOWN_OVER_LINES))
def test_a_shortcode_in_a_paragraph_s_markdown_is_read(stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    everywhere(f"a\nsee {stored} here\n", [(2, 5, T)], monkeypatch)
    everywhere(f"a\nsee {stored.replace('*', '')} here\n", [(2, 5, T)], monkeypatch)  # (the line alone)
    everywhere(f"a\nsee {stored.replace(':', '')} here\n", [], monkeypatch)  # (no shortcode: no token)


@pytest.mark.parametrize(
    "stored",
    [
        "CUTOVER\\\\ _PASS",  # (an escaped backslash: the blank stays)
        "CUTOVER\\ _PASSWORD",
        "CUTOVER\\ _\\ `PA <https://x.y/>`_SS",  # (an end-string before a letter: no markup)
        "CUTOVER\\ _\\ `PA <https://x.y/>`_\\ SSWORD",
        "CUTOVER\\ _\\ `PA <https://x.y/> `_\\ SS",  # (a blank before the backquote: no URI)
        "FOO\\ _PASSED",
        "CUTOVER_{sp}PASS",  # (a space)
        "CUTOVER_{nbsp}PASS",
        "CUTOVER_{empty}PASSWORD",
        "CUTOVER_++PASS",  # (never closed: shown)
        "CUTOVER_pass:[PASS]WORD",
        "CUTOVER_PASSfootnote:x",  # (no macro: one word)
        "CUTOVER_PASSicon:[]",
        "CUTOVER_footnote:[x]PASS",  # (CUTOVER_[1]PASS)
        "CUTOVER_menu:PA[SS]",  # (CUTOVER_PA › SS)
        "CUTOVER_https://x.y[PASS]",  # (a URL needs a blank or punctuation before it: no link)
        "CUTOVER_##PA++SS",  # (two kinds: neither pairs)
        "i++ + CUTOVER ++ _PASS",
        "CUTOVER_:parking:ASSWORD",
        "CUTOVER_:p:ASS",  # (no such shortcode)
        "CUTOVER_:parking: ASS",
        "CUTOVER_:parking:*ASSWORD*",
        "CUTOVER_[:parking:](https://x.y/) ASS",
        "CUTOVER_B<PASS>WORD",
        "CUTOVER_B<PA SS>",
        "CUTOVER_B<PASS",  # (never closed: shown)
        "CUTOVER_E<nosuch>PASS",
        "a < CUTOVER_ > PASS",
        "CUTOVER_PA<span>X</span>SS",  # (an index entry, or HTML: neither shows a token)
        "CUTOVER_PA<b>Z<></b>SS",
        "CUTOVER_''PA'''SS",  # (runs of two lengths: neither pairs)
        "CUTOVER~ _PASS",  # (a tilde before a blank escapes nothing that joins)
        "see http://x.y/ CUTOVER_//PA SS",
        "CUTOVER~//_PASS",  # (an escaped slash, then one: both shown)
        "CUTOVER~**_PASS",
        "CUTOVER~***_PASS",  # (an escaped star, then bold: CUTOVER*_PASS)
    ],
)
def test_near_misses_stay_clean(stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    everywhere(f"see {stored} here\n", [], monkeypatch)


def test_delimiters_pair_in_order_in_one_pass() -> None:
    """Each delimiter pairs with the next of its kind (as Asciidoctor's non-greedy patterns
    do), whatever lies between: 100,000 of two kinds interleaved are one pass."""
    line = "x" + "++a##" * 100_000 + "CUTOVER_++PA++SS"
    read = asciidoc.reading(line)
    assert read is not None and read[0] == "x" + "a" * 100_000 + T
    assert read[1][-len(T) :] == [*range(500_001, 500_009), 500_011, 500_012, 500_015, 500_016]
    assert found(b"x ++ y CUTOVER_++PA++SS\n") == []  # (the first ++ pairs with the second)
    assert found(b"x ## y CUTOVER_++PA++SS\n") == [(1, 8, T)]


def test_keycap_shortcodes_spell_digits(monkeypatch: pytest.MonkeyPatch) -> None:
    # :zero: shows 0, U+FE0F and the enclosing keycap (a decorating mark): QT001_PASS.
    everywhere("x QT:zero::zero::one:_PASS y\n", [(1, 3, "QT001_PASS")], monkeypatch)
    everywhere("x QT:zero::zero::two:_PASS y\n", [(1, 3, "QT002_PASS")], monkeypatch)
    everywhere("x QT:zero::zero::one:_PASSED y\n", [], monkeypatch)


def test_pass_macros_are_found_in_linear_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """An opener that finds no ``]`` on its line tells that no later one there will: a line of
    400,000 openers took 40 s when a pattern tried at each searched to the line's end.  What
    the opener search and the searches for ``]`` and line ends pass over is counted."""
    opener = asciidoc._PASS_OPENER

    class Counting:
        def search(self, text: str, pos: int) -> re.Match[str] | None:
            m = opener.search(text, pos)
            CountingFind.searched += (m.end() if m else len(text)) - pos
            return m

    monkeypatch.setattr(asciidoc, "_PASS_OPENER", Counting())
    text = CountingFind("CUTOVER_PA" + "_pass:[" * 20_000 + "SS\nnext pass:[x] line\n")
    CountingFind.searched = 0
    read = asciidoc.reading(text)
    assert read is not None and read[0] == "CUTOVER_PA" + "_pass:[" * 20_000 + "SS\nnext x line\n"
    assert CountingFind.searched <= 4 * len(text), CountingFind.searched
    assert found(b"x CUTOVER_pass:[PA]SS y pass:[\n") == [(1, 3, T)]


def test_pod_codes_pair_in_one_pass() -> None:
    # 30,000 unclosed openers and a run of 30,000 blanks: one pass each.
    from rehearsal_hook.scan import pod

    line = "x " + "B<" * 30_000 + " " * 30_000 + "CUTOVER_Z<>PASS"
    read = pod.reading(line)
    assert read is not None and read[0].endswith(" CUTOVER_PASS")


def test_pod_codes_nested_deep_are_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A code's body holds the codes nested in it: an ``E<`` read its whole body and an
    ``L<`` searched it for ``|`` once per code, so codes nested 10,000 deep were quadratic
    (the growth hunt, bench/growth.py: 4x per doubling); now what a body holds is looked up.
    The innermost escape still shows its character, the links nothing."""
    from rehearsal_hook.scan import pod

    read: list[str] = []
    real = pod._escape
    monkeypatch.setattr(pod, "_escape", lambda body: read.append(body) or real(body))
    line = CountingFind("x CUTOVER" + "E<" * 10_000 + "95" + ">" * 10_000 + "PASS " + "L<" * 10_000 + ">" * 10_000)
    CountingFind.searched = 0
    shown = pod.reading(line)
    assert shown is not None  # (an escape holding a code shows none: as stored, its angles as quotes)
    assert shown[0] == "x CUTOVER" + "E\u2039" * 9_999 + "_" + "\u203a" * 9_999 + "PASS "
    assert read == ["95"]
    assert CountingFind.searched <= len(line)


def test_an_escaped_blank_joins_a_needles_word_to_the_word_before(monkeypatch: pytest.MonkeyPatch) -> None:
    # Found (session 20, by the NUL prefilter's property test: CUTOVER\ X_PASS beside a NUL):
    # the ASCII fast path (near.near_b) took only Markdown's syntax to join a needle stored
    # whole to the word before it, so reStructuredText's escaped blank passed this token.
    everywhere("see CUTOVER\\ 9_PASS here\n", [(1, 5, "CUTOVER9_PASS")], monkeypatch)
    everywhere("see CUTOVER\\\t9_PASS here\n", [(1, 5, "CUTOVER9_PASS")], monkeypatch)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # Creole's tags toggle across a paragraph's lines (the creole gem: ``//y`` then
        # ``CUTOVER//_PASS`` shows ``<em>y CUTOVER</em>_PASS``): each ``//`` and ``**`` vanishes
        # whatever line its pair is on.
        ("//y\nCUTOVER//_PASS\n", [(2, 1, T)]),
        ("x **y\nCUTOVER**_PASS\n", [(2, 1, T)]),
        ("//a **b\nc// d\nCUTOVER//_PASS\n", [(3, 1, T)]),
        # RDoc's word markup holds no blank, and a paragraph's line break is one (RDoc 6.4:
        # ``+y`` then ``CUTOVER+_PASS`` shows as stored): nothing pairs across lines.
        ("+y\nCUTOVER+_PASS\n", []),
        ("_y\nCUTOVER_PA_SS x\n", []),
        ("x +CUT\nOVER+_PASS\n", []),
    ],
)
def test_pairs_across_a_paragraphs_lines(
    text: str, want: list[tuple[int, int, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    everywhere(text, want, monkeypatch)
