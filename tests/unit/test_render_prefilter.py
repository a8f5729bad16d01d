"""The scanner builds the rendered reading only for the lines needs_render picks (with the
matcher's needles): a line it skips must show no token in any rendered reading that its
stored text does not show at the same place.  Differential: random lines of escapes, tags,
references, percent-escapes, terminal codes, needles, letters and separators, each rendered
reading computed directly (readings.render, forced) and compared with the stored text."""

from __future__ import annotations

import bisect
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rehearsal_hook.checks.policy import Policy
from rehearsal_hook.config import Config
from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import segments
from rehearsal_hook.scan.compose import composing_re
from rehearsal_hook.scan.hints import SILENT_JOIN, may_render, needs_render
from rehearsal_hook.scan.matcher import SEED_FORBIDDEN_TOKENS, SILENT, TokenMatcher, ascii_or_beyond
from rehearsal_hook.scan.normalize import disguise_view
from rehearsal_hook.scan.patterns import compiled
from rehearsal_hook.scan.readings import render
from rehearsal_hook.scan.stream import scan_file_chunks
from rehearsal_hook.scan.text import scan_bytes, scan_str

from ..conftest import examples

MATCHERS = (TokenMatcher(SEED_FORBIDDEN_TOKENS), TokenMatcher(("Hush", "OPEN_SESAME")))

PARTS = (
    # escapes: decoding to word characters, to NUL/BS/ESC, to separators, joins
    *(r"\x5f", r"\x5F", r"\x41", r"\x2c", r"\x0a", r"\u005f", r"\u0041", r"\u{5f}", r"\U0000005F"),
    *(r"\N{LOW LINE}", r"\137", r"\101", r"\0", r"\12", r"\_", r"\.", r"\n", r"\t", r"\r"),
    *(r"\\", r"\"", r"\b", r"\e", r"\a", r"\v", "\\\n", "\\\n  ", "\\\r\n", "\\"),
    # identity escapes (JavaScript): a letter or digit that starts no escape is itself
    *(r"\P", r"\S", r"\A", r"\d", r"\9", r"\N", r"\u", r"\x", r"\U"),
    # references
    *("&#95;", "&#x5f;", "&#65;", "&#10;", "&lowbar;", "&UnderBar;", "&lt;", "&amp;", "&quot;"),
    *("&not", "&notin;", "&para", "&params", "&x", "&nbsp;", "&Tab;", "&", "&&", "&#"),
    # percent
    *("%5F", "%5f", "%F0%9D%90%80", "%41", "%30", "%0A", "%0a", "%08", "%00", "%1B", "%20", "%2C", "%E2%80%8B"),
    *("%d", "%s", "%02x", "%4d", "%%", "%", "%C3%A9"),
    # markup
    *("<b>", "</b>", "<T>", "<i x=1>", "<!-- c -->", "< ", "<=", "<<", "<", ">", "<br/>"),
    # terminal codes, backspace
    *("\x1b[0m", "\x1b[31m", "\x1b", "\x08", "\x1b]0;t\x07"),
    # cursor movements and row edits, stored and decoded (cursor.py)
    *("\x1b[2D", "\x1b[P", "\x1b[K", "\x1b7", "\x1b8", r"\u001b[2D", r"\e[P"),
    # controls a terminal does not print (stored, escaped, percent-encoded)
    *("\x07", "\x01", "\x7f", r"\u0007", "%07", "%7F"),
    # needles, letters, digits, separators
    *("_PASS", "_AUTHORIZED", "_GRANTED", "PASS", "_PA", "SS", "Hush", "OPEN", "_SESAME", "SESAME"),
    *("A", "B", "X", "FOO", "P", "S", "_", "a", "x", "1", "0", "9", "F"),
    *(" ", ".", ";", "-", "\t", "(", ")", "=", ",", "\n", "*"),
)


def _stored_spans(matcher: TokenMatcher, line: str) -> set[tuple[int, int, str]]:
    # (an ASCII line without NUL is its own disguise view)
    return {(m.start(), m.end(), m.group()) for m in matcher.finditer_str(line)}


def _rendered_spans(matcher: TokenMatcher, line: str) -> set[tuple[int, int, str]]:
    out: set[tuple[int, int, str]] = set()
    for markup in (True, False):
        for strike in (False, True):
            text, where = render(line, exact=True, markup=markup, overstrike=strike)
            assert where is not None
            view, index = disguise_view(text)  # (a decoded NUL vanishes, as in the scanner)
            for m in matcher.finditer_str(view):
                at = [where[index[k]] for k in range(m.start(), m.end())]
                out.add((min(at), max(at) + 1, m.group()))
    return out


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(PARTS), min_size=1, max_size=14), st.sampled_from(MATCHERS))
def test_a_line_the_prefilter_skips_shows_no_rendered_token_the_stored_text_lacks(
    parts: list[str], matcher: TokenMatcher
) -> None:
    line = "".join(parts)
    needles = tuple(n.decode() for n in matcher.needles)
    if needs_render(line, needles):
        return
    assert _rendered_spans(matcher, line) <= _stored_spans(matcher, line), repr(line)


# Fragments of tokens and the constructs that can complete them, for a denser search.
FRAGMENTS = (
    *("Hus", "h", "%68", r"\x68", "&#104;", r"\150", r"\u0068", "OPEN", "OPEN_", "SESAME", "_SESAME"),
    *(r"\_", "%5F", "&lowbar;", "Q", r"\b", r"\e[0m", "<b>", "\x1b[0m", "\x08", "\\\n", r"\0"),
    *(" ", r"\n", "%0A", "&lt;", "\x07", r"\a", "%07", r"\H", r"\S", r"\O"),
)


def test_each_fragment_alone_the_prefilter_skips_shows_no_configured_token() -> None:
    """The property below on each of FRAGMENTS alone: every member, whatever a random run draws."""
    for fragment in FRAGMENTS:
        _skipped_shows_no_configured_token([fragment])


@settings(max_examples=examples(1500), deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=6))
def test_a_line_the_prefilter_skips_shows_no_configured_token_the_stored_text_lacks(parts: list[str]) -> None:
    """(1,500 random lines and each fragment alone, above: 3,000 took 3.1 s CPU.)"""
    _skipped_shows_no_configured_token(parts)


def _skipped_shows_no_configured_token(parts: list[str]) -> None:
    matcher = MATCHERS[1]
    line = "".join(parts)
    if needs_render(line, tuple(n.decode() for n in matcher.needles)):
        return
    assert _rendered_spans(matcher, line) <= _stored_spans(matcher, line), repr(line)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(PARTS), min_size=1, max_size=14), st.sampled_from(MATCHERS))
def test_the_scan_finds_every_token_of_every_forced_rendered_reading(parts: list[str], matcher: TokenMatcher) -> None:
    """The whole scan (prefilter on) against the rendered readings forced on the text: every
    token a rendered reading shows is found, whatever the prefilter decided -- itself or, when
    it starts inside a token of another reading, that one (the scan reports a place once:
    ``PASS<b>%41_PASS`` is ``PASSA_PASS`` rendered and ``A_PASS`` with markup kept)."""
    text = "".join(parts)
    try:
        found = scan_str(matcher, text)
    except CannotVerify:
        return  # (a movement to another row blocks: test_cursor.py)
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    for s, _e, t in _rendered_spans(matcher, text) | _stored_spans(matcher, text):
        line = bisect.bisect_right(starts, s)
        col = s - starts[line - 1] + 1
        assert any(h.line == line and h.column <= col for h in found), (repr(text), t, found)


def test_the_prefilter_skips_typical_c_and_keeps_what_acts() -> None:
    needles = tuple(n.decode() for n in MATCHERS[0].needles)
    for line in (
        r'printf("%d items\n", n); if (a < b && c) x = &buf[0];',
        "#define F(x) \\",
        'std::vector<int> v; a<b; s = "\\\\";',
        'fprintf(stderr, "%02x %s\\t%%\\n", c, &name);',
    ):
        assert not needs_render(line, needles), line
    for line in (
        r"X\x5fPASS",
        "X&#95;PASS",
        "X&lowbar;PASS",
        "X%5FPASS",
        "X_PA<b>SS",
        "X_PA\x1b[0mSS",
        "X_PAZ\x08SS",
        "X_PA\\\n  SS",
        r"X\_PASS",
        r"X_PA\0SS",
        "A\\nB_PASS",  # a separator escape beside a needle: rendered, B_PASS is a word
        "A%0AB_PASS",
    ):
        assert needs_render(line, needles), line
    configured = tuple(n.decode() for n in MATCHERS[1].needles)  # (OPEN_SESAME holds no seal needle)
    for line in (
        "OPEN\\\n_SESAME",  # a join before a word character
        "OPEN_\\\nSESAME",  # a join after one
        "OPEN_<b>SESAME",  # a tag after a word character
        "OPEN_<b>\\\nSESAME",  # a tag before a join
        "OPEN_\\e[0mSESAME",  # an escaped ESC: a terminal code on a terminal
        "OPEN_Q\\bSESAME",  # an escaped backspace: the next letter overwrites
    ):
        assert needs_render(line, configured), repr(line)
        assert {h.token for h in scan_str(MATCHERS[1], line)} == {"OPEN_SESAME"}, repr(line)


# A construct that vanishes (a tag, an escaped line break) followed by a control a terminal
# does not print: on a terminal both vanish, so the words around them join (found by the
# property test above: the prefilter judged only what follows the construct directly).
VANISHING_THEN_SILENT = (
    ("OPEN_\\\n\x07SESAME", "OPEN_SESAME"),
    ("OPEN_\\\n  \x7fSESAME", "OPEN_SESAME"),
    ("OPEN_<b>\x07SESAME", "OPEN_SESAME"),
    ("OPEN_<b>\x01\x1f<i>SESAME", "OPEN_SESAME"),
    ("OPEN_\\\n\x07\\\nSESAME", "OPEN_SESAME"),
    ("X_PA<b>\x07SS", "X_PASS"),
    ("X_PA\\\r\n\x07SS", "X_PASS"),
    ("X_PA<b>\x07<i>SS", "X_PASS"),
)


@pytest.mark.parametrize(("line", "token"), VANISHING_THEN_SILENT)
def test_a_vanishing_construct_before_a_silent_control_is_read_on_a_terminal(
    line: str, token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    matcher = MATCHERS[1] if token == "OPEN_SESAME" else MATCHERS[0]
    assert needs_render(line, tuple(n.decode() for n in matcher.needles)), repr(line)
    data = line.encode()
    assert [(h.line, h.column, h.token) for h in scan_str(matcher, line)] == [(1, 1, token)], repr(line)
    assert [(h.line, h.column, h.token) for h in scan_bytes(matcher, data)] == [(1, 1, token)], repr(line)
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    for size in (1, 3, 7):
        hits = scan_file_chunks(matcher, lambda size=size: (data[i : i + size] for i in range(0, len(data), size)))
        assert [(h.line, h.column, h.token) for h in hits] == [(1, 1, token)], (repr(line), size)


# A path's name is scanned only where Policy.name_may_hold_token says it can hold a token: one
# combined search, which must agree with the four tests it stands for on every path.
NAME_POLICIES = (Policy(Config()), Policy(Config(forbidden_tokens=("Hush", "OPEN_SESAME"))))
NAME_PARTS = (*PARTS, *FRAGMENTS, "/", "d0000/", "f_01.py", ".txt", "é", "\u202e", "\uff3f", "\x00", "\ud800")


def _name_may_hold_token_by_definition(policy: Policy, path: str) -> bool:
    return (
        not path.isascii()
        or "\x00" in path
        or any(n.decode() in path for n in policy.matcher.needles)
        or may_render(path.encode())
    )


def test_the_name_prefilter_is_its_four_tests_on_every_pair_of_parts() -> None:
    """The property below on every path of two of NAME_PARTS (each alone too), under each
    policy: every member and pair, whatever a random run draws."""
    for a in ("", *NAME_PARTS):
        for b in NAME_PARTS:
            for policy in NAME_POLICIES:
                _name_prefilter_as_defined([a, b], policy)


@settings(max_examples=examples(1500), deadline=None)
@given(st.lists(st.sampled_from(NAME_PARTS), min_size=1, max_size=8), st.sampled_from(NAME_POLICIES))
def test_the_name_prefilter_is_its_four_tests_in_one_search(parts: list[str], policy: Policy) -> None:
    """(1,500 random paths and every pair, above: 3,000 took 3.6 s CPU.)"""
    _name_prefilter_as_defined(parts, policy)


def _name_prefilter_as_defined(parts: list[str], policy: Policy) -> None:
    path = "".join(parts)
    assert policy.name_may_hold_token(path) == _name_may_hold_token_by_definition(policy, path), repr(path)


@pytest.mark.parametrize("path", ["((\n&lt;", "x((\n&lt;y"])
def test_the_name_prefilter_asks_what_may_render_asks(path: str) -> None:
    """Found by the property test above (session 28): the prefilter asked hints.joins_a_maker,
    coarser than may_render's own removal question, and said True where the definition does not."""
    for policy in NAME_POLICIES:
        assert policy.name_may_hold_token(path) == _name_may_hold_token_by_definition(policy, path)


def test_the_name_prefilter_keeps_each_kind_of_name_that_can_hold_a_token() -> None:
    plain, configured = NAME_POLICIES
    for path in (
        "docs/A_PASS.md",
        "x\\x5fPASS",
        "x&#95;y",
        "x%5Fy",
        "a<b>c",
        "a\x1bb",
        "a\x08b",
        "é.txt",
        "a\x00b",
        "x&{empty}#95;y",
    ):
        assert plain.name_may_hold_token(path), repr(path)
    assert configured.name_may_hold_token("src/Hush.txt") and not plain.name_may_hold_token("src/Hush.txt")
    for path in ("d0000/f_01090.py", "a%20.txt", "a&amp;b", "x<=y", "PASS/SESAME"):
        assert not plain.name_may_hold_token(path), repr(path)


# Classes written as the complement of some ASCII characters (matcher.ascii_or_beyond, which
# re compiles 100x faster than a class holding \x80-\U0010ffff) must match what the plain
# class does, for every ASCII character and for characters beyond it (surrogates, the last).
BEYOND = [*range(0x80, 0x800, 7), *range(0x800, 0x110000, 4099), 0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xFFFF, 0x10FFFF]


@pytest.mark.parametrize(
    "body", ["A-Za-z0-9_", "A-Za-z0-9_\\\\&%<\x1b\x08", re.escape("SD") + "\x00", re.escape("e-]^\\") + "\x00"]
)
def test_a_class_of_ascii_characters_or_beyond_is_that_class(body: str) -> None:
    short = re.compile(ascii_or_beyond(body))
    plain = re.compile(f"[{body}\\x80-\\U0010ffff]")
    for c in [*range(128), *BEYOND]:
        assert (short.fullmatch(chr(c)) is None) == (plain.fullmatch(chr(c)) is None), hex(c)


def test_the_classes_beside_silent_controls_and_compositions_are_the_plain_ones() -> None:
    """The patterns that use it, checked on both sides of what they look for."""
    for c in [*range(128), *BEYOND]:
        ch = chr(c)
        near = re.fullmatch("[A-Za-z0-9_\\\\&%<\x1b\x08\\x80-\\U0010ffff]", ch) is not None
        assert (compiled(SILENT_JOIN).search(ch + "\x01" + ch) is not None) == near, hex(c)
    marks = composing_re(frozenset("\u0301"), MATCHERS[0].needles)
    for a, b in (("S", "e"), ("\x00", "_"), ("é", "A"), ("x", "A"), ("S", "-"), ("-", "e")):
        ends = re.fullmatch("[SD\x00\\x80-\\U0010ffff]", a) is not None
        base = re.fullmatch("[A-Za-z0-9_\\x80-\\U0010ffff]", b) is not None
        assert (marks.search(a + b + "\u0301") is not None) == (ends and base), (a, b)


def test_every_trigger_is_a_render_hints_first_byte() -> None:
    """may_render asks joins_a_maker only after it saw a hint's first byte: sound only while
    every trigger of joins_a_maker is one of them."""
    from rehearsal_hook.scan.hints import RENDER_HINTS, TRIGGERS

    assert set(TRIGGERS) <= {c for c, _ in RENDER_HINTS if c.isascii()}


@pytest.mark.parametrize("data", [b"CUTOVER&{empty}#95;PASS", b"CUTOVER_%{empty}50ASS", b"x\\{empty}y", b"plain"])
def test_may_render_asks_joins_a_maker_where_a_trigger_is(data: bytes) -> None:
    """The same answer as a hint search or joins_a_maker on the whole text."""
    from rehearsal_hook.scan import hints

    want = any(p.search(data) is not None for _, p in hints._RENDER_HINTS_B) or hints.joins_a_maker(data)
    assert may_render(data) == want


def test_holds_trigger_b_is_a_trigger_byte_in_the_text() -> None:
    from rehearsal_hook.scan.hints import TRIGGERS, holds_trigger_b

    for b in range(128):
        assert holds_trigger_b(b"ab" + bytes([b]) + b"cd") == (chr(b) in TRIGGERS), b


# Bytes that start what _constructs_b looks for, and near misses (no trigger: only ``^^``)
_CONSTRUCT_PARTS = ("&", "%", "\\", "<", "\x1b", "\x08", "^", "^^", "$", "$Format:%H$", "\r", "\r\n", "{", "}")
_CONSTRUCT_PARTS += ("\\(ul", "\\[u005F]", "\\C'ul'", "\\E(ul", "\\textunderscore", "%\\&5F", "&{}#95;", "x", " ")


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_CONSTRUCT_PARTS), max_size=8))
def test_constructs_b_asks_each_prefilter_once(parts: list[str]) -> None:
    """text._constructs_b looks for the trigger bytes once, where may_render and syntax_hints
    each did: the same answer as all four prefilters asked in full."""
    from rehearsal_hook.scan import gitformat, syntax_hints
    from rehearsal_hook.scan.lines import has_lone_cr_b
    from rehearsal_hook.scan.text import _constructs_b

    data = "".join(parts).encode()
    want = may_render(data) or gitformat.may_read_b(data) or has_lone_cr_b(data) or syntax_hints.may_make_b(data)
    assert _constructs_b(data) == want, data


# SILENT_JOIN begins with its silent class (the lookbehind after it), so that ``re`` skips to
# each silent control: it must find what the plain form -- lookbehind, run, lookahead -- finds.
_NEAR_OR_BEYOND = ascii_or_beyond("A-Za-z0-9_\\\\&%<\x1b\x08")
_SILENT_JOIN_PLAIN = re.compile(f"(?<={_NEAR_OR_BEYOND})[{re.escape(SILENT)}]+(?={_NEAR_OR_BEYOND})")
SILENT_PARTS = ("a", "Z", "_", "9", " ", "\\", "&", "%", "<", "\x1b", "\x08", "\x01", "\x07", "\x1f", "\x7f")
SILENT_PARTS += ("\x80", "\x84", "\x85", "\x86", "\x9f", "\xa0", "\xe9", "\u2026", "\n", "-")


def test_silent_join_finds_what_its_plain_form_finds_in_every_text_of_three_parts() -> None:
    """The property below on every text of up to three of SILENT_PARTS, from each position."""
    for a in ("", *SILENT_PARTS):
        for b in SILENT_PARTS:
            for c in SILENT_PARTS:
                for pos in range(len(a + b + c) + 1):
                    _silent_join_as_plain([a, b, c], pos)


@settings(max_examples=examples(1500), deadline=None)
@given(st.lists(st.sampled_from(SILENT_PARTS), max_size=12), st.integers(0, 12))
def test_silent_join_finds_what_its_plain_form_finds(parts: list[str], pos: int) -> None:
    """(1,500 random texts and every one of three parts, above: 3,000 took 3.0 s CPU.)"""
    _silent_join_as_plain(parts, pos)


def _silent_join_as_plain(parts: list[str], pos: int) -> None:
    text = "".join(parts)
    found, plain = compiled(SILENT_JOIN).search(text, pos), _SILENT_JOIN_PLAIN.search(text, pos)
    assert (found and found.span()) == (plain and plain.span()), repr(text)
