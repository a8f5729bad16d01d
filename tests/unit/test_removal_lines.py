"""removal_lines.RemovalLines: of the lines holding what AsciiDoc, Org and Textile remove, only
those where a removal can join a maker are read -- the line or the line before holds a
character a maker starts with, or the line before is a control line roff's ``\\c`` passes over.
Differential: random texts of lines (removals, makers split by them with the trigger before
or after the removal, the constructs that join lines) scanned as shipped against the same scan
reading every line that holds a removal (views.removal_searches as it was)."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import gitformat, hints, mermaid, org, removal_lines, syntax_hints, views
from rehearsal_hook.scan.hints import has_silent
from rehearsal_hook.scan.matcher import SEED_FORBIDDEN_TOKENS, TokenHit, TokenMatcher
from rehearsal_hook.scan.removal_lines import RemovalLines, may_join, removal_searches
from rehearsal_hook.scan.text import scan_bytes, scan_str
from tests.unit.scanning import everywhere

from ..conftest import examples

MATCHERS = (TokenMatcher(SEED_FORBIDDEN_TOKENS), TokenMatcher(("Hush", "OPEN_SESAME")))

# What the three readings remove (syntax_hints.removal_hints), each a removal it can join a
# maker with; the makers split by them, the trigger before the removal or after it (POD's
# E<...>: ``E{empty}<95>``); what joins lines into one unit (an escaped line break, a tag or
# comment across lines, roff's ``\c`` and the control lines it passes over, ``\#``, TeX's
# ``%`` where TeX is read); pieces of tokens and plain text.
REMOVALS = ("{empty}", "{zwsp}", "a++b", "a##b", "[[x]]", "[[x][", "]]", "^{}", "_{}", "@@x:@@", "{{{e}}}")
REMOVALS_2 = ("<<t>>", "[*", "*]", "==", "??", '"x":u', "ABC(t)", "!i(", ")!", "==#==", "a==b")
MAKERS = ("&", "#95;", "#80;", "&#9", "5;", "%5", "F", "%", "50", "E", "<95>", "<80>", "E<", "\\x5", "f")
JOINS = ("\\\n", "<!--\n", "\n-->", "<b\n", ">", "\\c\n", ".ft B\n", "'x\n", "\\#\n", "%\n", "\\relax ")
BITS = (
    "A",
    "A_",
    "A_P",
    "PA",
    "ASS",
    "SS",
    "PASS",
    "GRANTED",
    "Hu",
    "sh",
    "OPEN_SES",
    "AME",
    " ",
    "x",
    "\n",
    "\n\n",
    "\t",
)
# A token whose underscore is made by a maker with a removal put somewhere inside it (or
# before or after it).
SPLIT = st.builds(
    lambda head, maker, k, removal, tail: head + maker[:k] + removal + maker[k:] + tail,
    st.sampled_from(("A", "BC", "x A")),
    st.sampled_from(("&#95;", "&#x5F;", "%5F", "&lowbar;", "\\x5f", "E<95>")),
    st.integers(0, 9),
    st.sampled_from(REMOVALS + REMOVALS_2),
    st.sampled_from(("PASS", "GRANTED", "PASS x", "")),
)
TEXT = st.lists(
    st.one_of(SPLIT, st.sampled_from(REMOVALS + REMOVALS_2 + MAKERS + JOINS + BITS)), min_size=1, max_size=16
)


def _hits(matcher: TokenMatcher, text: str) -> tuple[list[TokenHit], list[TokenHit]] | str:
    try:
        return scan_str(matcher, text), scan_bytes(matcher, text.encode())
    except CannotVerify as exc:
        return str(exc)


def _every_removal_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every line holding a removal read, in a text holding a trigger: by the views and by the
    bytes' fast path's gate (hints.may_render), as before removal_lines.may_join."""
    monkeypatch.setattr(
        views,
        "removal_searches",
        lambda text: list(syntax_hints.removal_hints()) if syntax_hints.holds_removal(text) else [],
    )
    monkeypatch.setattr(removal_lines, "may_join_b", lambda data, *_: syntax_hints.holds_removal(data))
    # (and the views' and the quick view's lines as they were before hints.joins_a_maker asked
    # whether a maker can start: wherever the text holds a trigger)
    as_before = lambda text: any(c in text for c in hints.TRIGGERS) and syntax_hints.holds_removal(text)  # noqa: E731
    monkeypatch.setattr(hints, "joins_a_maker", as_before)
    monkeypatch.setattr(views, "joins_a_maker", as_before)


TRIGGERS = ("", "&", "\\", "%s", "%s\x07", "%s \u00e9")


def test_each_part_alone_chosen_shows_every_token_of_every_removal_line() -> None:
    """The property below on each part of its alphabet alone (and each maker split by each
    removal), under each trigger: every member is drawn, whatever the random run draws."""
    split = [f"A{maker[:2]}{removal}{maker[2:]}PASS" for maker in ("&#95;", "%5F") for removal in REMOVALS + REMOVALS_2]
    for part in (*REMOVALS, *REMOVALS_2, *MAKERS, *JOINS, *BITS, *split):
        for trigger in TRIGGERS:
            _chosen_as_every_removal_line([part], MATCHERS[0], trigger)


@settings(max_examples=examples(1500), deadline=None)
@given(TEXT, st.sampled_from(MATCHERS), st.sampled_from(TRIGGERS))
@example(["{empty}A#95;PASS"], MATCHERS[0], "&")  # (a Mermaid code in a text with no diagram)
def test_the_removal_lines_chosen_show_every_token_of_every_removal_line(
    parts: list[str], matcher: TokenMatcher, trigger: str
) -> None:
    """``trigger``: one on a line of its own, so that the text holds one (hints.joins_a_maker)
    while the lines with removals may not -- ``%s``, a trigger that starts no maker, with a
    silent control or a letter that is not ASCII too (may_join_b and hints.joins_a_maker answer
    False for a text with no maker start).  (1,500 random texts, each member above: 3,000 took
    17 s CPU; REHEARSAL_HOOK_EXAMPLES_SCALE for a longer run.)"""
    _chosen_as_every_removal_line(parts, matcher, trigger)


def _chosen_as_every_removal_line(parts: list[str], matcher: TokenMatcher, trigger: str) -> None:
    text = "".join(parts) + ("\nx " + trigger if trigger else "")
    if mermaid.holds_shape(text) and not mermaid.may_hold(text):
        # (Mermaid's codes are read in a text that may hold a diagram; elsewhere a line read
        # for another reason reads them too -- an over-read, mermaid.py -- so reading every
        # removal line reads more of them: the text names mermaid, and both read every code)
        text = "%% mermaid\n" + text
    chosen = _hits(matcher, text)
    with pytest.MonkeyPatch.context() as mp:
        _every_removal_line(mp)
        assert chosen == _hits(matcher, text), repr(text)


# Texts where no maker can start (no character of hints._STARTS but percent signs before what
# starts none: removal_lines._MAKER_START): removals, control lines, silent controls, pieces
# of tokens, printf formats.
UNSTARTED = st.lists(
    st.sampled_from(
        tuple(
            p
            for p in (*REMOVALS, *REMOVALS_2, *MAKERS, *JOINS, *BITS, "%s", "%r", "\x07", "_PA\x07SS", "\x07PASS")
            if removal_lines._MAKER_START.search(p) is None
        )
    ),
    min_size=1,
    max_size=16,
)


def _gate_as_before(data: bytes, *_: object) -> bool:
    """removal_lines.may_join_b before it asked whether a maker can start at all (the answers it
    may be given, ``shape`` and ``percent``, unused)."""
    if b"\r" in data or gitformat.may_read_b(data) or has_silent(data):
        return syntax_hints.holds_removal(data)
    return may_join(data)


@settings(max_examples=3000, deadline=None)
@given(UNSTARTED, st.sampled_from(MATCHERS))
def test_a_text_where_no_maker_starts_reads_as_before(parts: list[str], matcher: TokenMatcher) -> None:
    """removal_lines.may_join_b answers False for a text holding a trigger where no maker can
    start (``%s``; a Mermaid code, read on any line read, counts as one), where it read the
    lines RemovalLines finds (after a control line) or every removal's line (a silent
    control): the same findings as before."""
    text = "".join(parts) + "\nx %s"
    data = text.encode()
    assert not removal_lines.may_join_b(data) or mermaid.holds_shape(data)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(removal_lines, "may_join_b", _gate_as_before)
        before = scan_bytes(matcher, data)
    assert scan_bytes(matcher, data) == before, repr(text)


class _Counted:
    """A pattern whose searches are counted."""

    def __init__(self, pattern: re.Pattern[bytes]) -> None:
        self.pattern, self.searches = pattern, 0

    def search(self, data: bytes, pos: int = 0) -> re.Match[bytes] | None:
        self.searches += 1
        return self.pattern.search(data, pos)


@pytest.mark.parametrize("text", [b"print('%s' % x)  # x;\n", b"# a;\n'%s'\n", b"'%s'\n"])
def test_mermaid_s_shape_is_asked_once_by_the_constructs_gate(text: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    """A text whose only trigger is a printf format: may_render's removals (no other maker can
    start) and may_make_b's codes both ask whether it holds a Mermaid code's shape -- one
    search between them (mermaid.Shape), the same answers as each asking."""
    from rehearsal_hook.scan import text as scanned

    counted = _Counted(mermaid._SHAPE_B)
    monkeypatch.setattr(mermaid, "_SHAPE_B", counted)
    assert not scanned._constructs_b(text)
    assert counted.searches == (1 if b"#" in text else 0)
    shape = mermaid.Shape(text)
    assert hints.may_render(text, shape) == hints.may_render(text)
    assert syntax_hints.may_make_b(text, shape=shape) == syntax_hints.may_make_b(text)


@given(st.text(alphabet="%0123456789abcdefghijklmnopqrsuvwxyzABFGZ_ \x00\xe9", max_size=12))
@example("%1B")
@example("%41")
@example("%s%41")
def test_the_percent_hint_holds_only_where_a_maker_may_start(text: str) -> None:
    """hints.may_render asks removal_lines.percent_starts before the percent hint, and skips the
    hint where it finds none: every match of the hint is a percent sign _PERCENT matches."""
    data = text.encode("utf-8")
    hint = dict(hints._RENDER_HINTS_B)[b"%"]
    starts = {m.start() for m in removal_lines._PERCENTS[True].finditer(data)}
    assert all(at in starts for at in range(len(data)) if hint.match(data, at))


def test_a_printf_text_passes_its_percent_signs_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """may_render and may_join_b ask whether a percent sign may start a maker once between them,
    and the percent hint is not searched where none may (``%s``); where one may, it is."""
    percent = _Counted(removal_lines._PERCENTS[True])
    hint = _Counted(dict(hints._RENDER_HINTS_B)[b"%"])
    monkeypatch.setitem(removal_lines._PERCENTS, True, percent)
    monkeypatch.setattr(
        hints, "_RENDER_HINTS_B", tuple((c, hint if c == b"%" else p) for c, p in hints._RENDER_HINTS_B)
    )
    assert not hints.may_render(b"log('%s', x)\n")
    assert (percent.searches, hint.searches) == (1, 0)
    assert hints.may_render(b"x = '%41'\n")
    assert (percent.searches, hint.searches) == (2, 1)


# A maker joined by a removal, found where its trigger is on the removal's line (Org's and
# Textile's: nothing else reads these lines).  (POD's ``E{empty}<95>`` shows no underscore: a
# parsed reading's text is read by the rendered reading alone, and E<...> is POD's.)
JOINED = (
    ("A&^{}#95;PASS", [(1, 1, "A_PASS")]),
    ("A&<<t>>#95;PASS", [(1, 1, "A_PASS")]),
    ("A&==#==95;PASS", [(1, 1, "A_PASS")]),
    ("x\nA&[*#95;*]PASS\ny==z", [(2, 1, "A_PASS")]),
    ("a==b\nx\nA_%==5==0ASS", [(3, 1, "A_PASS")]),
)


@pytest.mark.parametrize(("text", "want"), JOINED)
def test_a_removal_joining_a_maker_is_read(
    text: str, want: list[tuple[int, int, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    everywhere(text, want, monkeypatch)


def test_a_line_without_a_maker_s_start_is_passed_over() -> None:
    """Textile's ``a==b`` in C, on lines where no character a maker starts with is, nor on the
    line before: not read; the same on a line holding ``&`` or after a control line is."""
    text = "if (a==b)\n  c = d;\nif (e==f)\n"
    assert RemovalLines(syntax_hints.removal_hints()).search(text) is None
    for held in ("if (a==b && c)\n", "x &\nif (a==b)\n", ".ft B\nif (a==b)\n", "if (a==b) x = \\\n"):
        m = RemovalLines(syntax_hints.removal_hints()).search(held)
        assert m is not None and m.group() == "==", repr(held)


def test_a_text_with_export_subst_or_a_cr_reads_every_removal_line() -> None:
    """An export-subst span joins lines that hold no ``$``; a CR's line start is searched
    without a bound: both read every line holding a removal."""
    for text in ("a==b\n$Format:%n$\n", "a==b\r\n&\r\n"):
        assert removal_searches(text) == list(syntax_hints.removal_hints()), repr(text)
    assert isinstance(removal_searches("x &\na==b\n")[0], RemovalLines)
    assert removal_searches("a==b\nx\n&\n") == []  # (no removal where one can join a maker)


@settings(max_examples=2000, deadline=None)
@given(TEXT)
def test_holds_removal_answers_as_a_search_for_each_part(parts: list[str]) -> None:
    """syntax_hints.holds_removal searches the parts as one pattern's alternatives."""
    text = "".join(parts)
    each = any(p.search(text) is not None for p in syntax_hints.removal_hints())
    assert syntax_hints.holds_removal(text) == each == syntax_hints.holds_removal(text.encode()), repr(text)


# Texts of lines for may_join: removals, every anchor (each maker start, control lines), line
# feeds and plain text, Org's link across lines.
ANCHORED = st.lists(
    st.sampled_from(
        (
            *REMOVALS,
            *REMOVALS_2,
            "[[a\nb]]",
            "&",
            "%",
            "%s",
            "%5",
            "\\",
            "<",
            "$",
            "\x1b",
            "\x08",
            ".",
            "'",
            "\n",
            "\n",
            "x",
            "a_",
        )
    ),
    max_size=14,
)


@settings(max_examples=3000, deadline=None)
@given(ANCHORED)
def test_may_join_answers_as_removal_lines_search(parts: list[str]) -> None:
    """removal_lines.may_join: True exactly where RemovalLines finds a line -- or more, only
    where an Org link may go on past its line (org.ACROSS_LINES) -- for text and bytes."""
    text = "".join(parts)
    found = RemovalLines(syntax_hints.removal_hints()).search(text) is not None
    got = may_join(text)
    assert got == may_join(text.encode()), repr(text)
    assert got == found or (got and "[[" in text), repr(text)


def test_may_join_looks_only_near_a_maker_start() -> None:
    """A text's ``%d`` on one line does not make a removal lines away a candidate; on its line,
    on the next, or after a control line it is.  ``%s`` starts no maker: not even beside one."""
    far = 'log("%d", x)\nx = 1\ny = {"a":1}\n'
    assert syntax_hints.holds_removal(far) and not may_join(far) and not may_join(far.encode())
    for near in ('log("%d", {"a":1})\n', 'log("%d", x)\ny = {"a":1}\n', '.ft B\ny = {"a":1}\n', "%{empty}5F"):
        assert may_join(near) and may_join(near.encode()), repr(near)
    for inert in ('log("%s", {"a":1})\n', 'log("%r", x)\ny = {"a":1}\n'):
        assert not may_join(inert) and RemovalLines(syntax_hints.removal_hints()).search(inert) is None


def _may_match_a_line_feed(items: object) -> bool:
    """Whether a parsed pattern (re._parser) may consume a line feed (lookarounds consume none)."""
    from re import _constants as c  # type: ignore[attr-defined]

    def in_class(av: list[tuple[object, object]]) -> bool:
        negate = any(op is c.NEGATE for op, _ in av)
        hit = False
        for op, arg in av:
            if op is c.LITERAL:
                hit |= arg == 10
            elif op is c.RANGE:
                hit |= arg[0] <= 10 <= arg[1]  # type: ignore[index]
            elif op is c.CATEGORY:
                hit |= arg in (c.CATEGORY_SPACE, c.CATEGORY_NOT_DIGIT, c.CATEGORY_NOT_WORD, c.CATEGORY_LINEBREAK)
        return hit != negate

    for op, av in items:  # type: ignore[attr-defined]
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT, c.GROUPREF):
            continue
        if (op is c.LITERAL and av == 10) or (op is c.NOT_LITERAL and av != 10) or op is c.ANY:
            return True
        if op is c.IN and in_class(av):
            return True
        if op is c.BRANCH and any(_may_match_a_line_feed(b) for b in av[1]):
            return True
        if op is c.SUBPATTERN and _may_match_a_line_feed(av[-1]):
            return True
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and _may_match_a_line_feed(av[2]):
            return True
        if op is c.ATOMIC_GROUP and _may_match_a_line_feed(av):
            return True
    return False


def test_the_parts_that_may_span_lines_are_named() -> None:
    """syntax_hints.removal_in searches a run of lines that ends at a line's end: a removal hint
    whose match may go on past it must be named in org.ACROSS_LINES (its opener searched
    instead), or a removal starting on a line read would be missed there."""
    from re import _parser  # type: ignore[attr-defined]

    spanning = {p.pattern for p in syntax_hints.removal_hints() if _may_match_a_line_feed(_parser.parse(p.pattern))}
    assert spanning == set(org.ACROSS_LINES)
    assert _may_match_a_line_feed(_parser.parse(r"a[^b]c")) and not _may_match_a_line_feed(_parser.parse(r"a[^b\n]c"))


def _first_chars(items: object) -> set[int] | None:
    """The characters a parsed pattern's match may start with (re._parser); None: it may start
    with any (a negated class, a category, an empty match)."""
    from re import _constants as c  # type: ignore[attr-defined]

    for op, av in items:  # type: ignore[attr-defined]
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue  # (zero width: what follows starts the match)
        if op is c.LITERAL:
            return {av}
        if op is c.IN:
            if any(k is not c.LITERAL and k is not c.RANGE for k, _ in av):
                return None
            return {x for k, v in av for x in ([v] if k is c.LITERAL else range(v[0], v[1] + 1))}
        if op is c.BRANCH:
            found: set[int] = set()
            for branch in av[1]:
                first = _first_chars(branch)
                if first is None:
                    return None
                found |= first
            return found
        if op is c.SUBPATTERN:
            return _first_chars(av[-1])
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            return _first_chars(av[2])
        return None
    return None


def test_no_removal_starts_with_a_letter_a_percent_sign_is_inert_before() -> None:
    """removal_lines._PERCENT: a ``%`` before the lowercase letters it names starts no maker,
    because no removal starts with one of them -- so every removal hint's first character is
    known and none is such a letter (a hint added that starts with one must change _PERCENT)."""
    inert = {ord(ch) for ch in "ghjlmnoqrstuvwxyz"}
    assert re.fullmatch(r"%\(\?!\[(.*)\]\)", removal_lines._PERCENT).group(1) == "ghjlmnoq-z"  # type: ignore[union-attr]
    from re import _parser  # type: ignore[attr-defined]

    for p in syntax_hints.removal_hints():
        first = _first_chars(_parser.parse(p.pattern))
        assert first is not None and not first & inert, p.pattern
