"""Constructs of any length (issue 12): a comment or tag (also across lines), an OSC or CSI
terminal code, a backspace run -- a browser, a Markdown renderer or a terminal removes them
whatever their length and joins the words around them.  Found in memory, streamed in small
chunks (the same findings), at the stored start; near misses stay clean; lines longer than a
piece are read exactly; what a stream cannot read within its limits blocks."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import readings, segments, views
from rehearsal_hook.scan.matcher import TokenMatcher
from rehearsal_hook.scan.text import scan_bytes

from .scanning import CountingPattern
from .scanning import found as _found
from .scanning import streamed as _streamed

M = TokenMatcher()
T = "CUTOVER" + "_PASS"
TOKENS = [T, "SEAL_AUTHORIZED", "QT001_GRANTED"]


def _construct(kind: str, n: int, breaks: list[int]) -> str:
    """A construct of ``kind`` whose content is ``n`` characters long, with line breaks at the
    offsets ``breaks`` of the content where the kind may hold them (comments and tags)."""
    content = list("x" * n)
    if kind in ("comment", "tag"):
        for b in breaks:
            content[b % n if n else 0 : b % n if n else 0] = ["\n"]
    body = "".join(content)
    return {
        "comment": f"<!--{body}-->",
        "tag": f"<span {body}>",
        "closing-tag": f"</b{'-' * n}>",
        "osc": f"\x1b]0;{body}\x07",
        "osc-st": f"\x1b]8;;{body}\x1b\\",
        "csi": "\x1b[" + ("0;" * n)[:n] + "m",
        "backspaces": " " * n + "\x08" * n,
    }[kind]


KINDS = ["comment", "tag", "closing-tag", "osc", "osc-st", "csi", "backspaces"]


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(TOKENS),
    st.sampled_from(KINDS),
    st.integers(0, 600),
    st.lists(st.integers(0, 600), max_size=4),
    st.data(),
)
def test_a_construct_of_any_length_between_any_two_letters_is_found(
    token: str, kind: str, n: int, breaks: list[int], data: st.DataObject
) -> None:
    at = data.draw(st.integers(1, len(token) - 1))
    text = "first\nx = " + token[:at] + _construct(kind, n, breaks) + token[at:] + "; y\nlast\n"
    found = _found(text.encode())
    # (The stored reading may see a token of its own after a backspace run: ``L_AUTHORIZED``.)
    assert found[:1] == [(2, 5, token)], text
    size = data.draw(st.integers(1, 64))
    old = segments.CHUNK_SIZE
    segments.CHUNK_SIZE = 16
    try:
        assert _streamed(text.encode(), size) == found, (text, size)
    finally:
        segments.CHUNK_SIZE = old
    # A word character glued after it: a near miss in every reading.
    assert _found(text.replace("; y", "WORD; y").encode()) == [], text


NEAR_MISSES = [
    "FOO<!--" + "x" * 300 + "-->_PASSWORD",
    "TEST_PA<span\nclass=x" + " a=1" * 50 + ">SSED",
    "BY\x1b]0;" + "x" * 300 + "\x07PASS",
    "CUTOVER_PA" + " " * 200 + "\x08" * 199 + "SS",  # the run stops one short: "PA SS"
    "CUTOVER_PA<!--" + "x" * 300 + "SS",  # never closed: text
    "CUTOVER_PA<span " + "x" * 300 + "<b>SS",  # a tag holds no "<": text, then <b> joins "x...xSS"
    "CUTOVER_PA\x1b]0;" + "x" * 300 + "\nSS",  # an OSC ends at the line end: not closed
]


@pytest.mark.parametrize("stored", NEAR_MISSES, ids=range(len(NEAR_MISSES)))
def test_near_misses_with_long_constructs_stay_clean(stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    data = f"a {stored} b\n".encode()
    assert _found(data) == []
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    assert _streamed(data, 7) == []


def test_positions_around_a_comment_across_lines() -> None:
    data = (
        b"one CUTOVER_PA<!--\n\n\n-->SS # rehearsal-hook: allow\n"  # joined: line 1, column 5
        b"x<!--\n-->SEAL_AUTHORIZED\n"  # stored on line 6 (the join reads xSEAL_...: no token)
        b"QT001_GRANTED\n"  # line 7: lines after a unit keep their numbers
    )
    hits = scan_bytes(M, data)
    assert [(h.line, h.column, h.token) for h in hits] == [
        (1, 5, T),
        (6, 4, "SEAL_AUTHORIZED"),
        (7, 1, "QT001_GRANTED"),
    ]
    # The pragma is judged on the line where the stored token starts.
    assert [h.pragma for h in hits] == [False, False, False]
    assert _streamed(data, 3) == [(h.line, h.column, h.token) for h in hits]


def test_a_line_longer_than_a_piece_is_read_exactly(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stretch longer than a piece with no place where no reading changes (a word spelled in
    escapes, a long construct) is read whole: it was cut after a non-word character, which
    split the escapes of a token (the fail-open deviation of issue 12)."""
    monkeypatch.setattr(readings, "PIECE", 1000)
    monkeypatch.setattr(views, "PIECE", 1000)
    monkeypatch.setattr("rehearsal_hook.scan.cuts.PIECE", 1000)
    word = "\\u0041" * 400 + "_PASS"  # reads as a 405-letter token
    line = "x " * 400 + word + " " + "y " * 400 + "CUTOVER_PA<!--" + "z" * 3000 + "-->SS\n"
    hits = _found(line.encode())
    assert [(c, t) for _, c, t in hits] == [
        (801, "A" * 400 + "_PASS"),
        (len("x " * 400 + word + " " + "y " * 400) + 1, T),
    ]
    assert _streamed(line.encode(), 100) == hits


@pytest.mark.parametrize(
    "backspace", ["\\b", "\\N{BS}", "\\N{backspace}", "\\N{U+8}", "\\x{8}", "\\o{10}", "\\u{08}", "\\cH", "\\C-h"]
)
def test_a_long_line_is_not_cut_before_a_decoded_backspace_run(backspace: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A piece is not cut where a backspace that decoding makes reaches back over the cut, in
    every spelling the rendered reading decodes (``\\N{BS}``, Perl's ``\\x{8}`` and ``\\o{10}``
    were cut before round 5: the token their overwrite shows was missed; ``\\N{U+8}`` is read
    since then)."""
    monkeypatch.setattr(readings, "PIECE", 1000)
    monkeypatch.setattr(views, "PIECE", 1000)
    monkeypatch.setattr("rehearsal_hook.scan.cuts.PIECE", 1000)
    for pad in range(960, 1000):
        line = "y" * pad + " CUTOVER_PA  " + backspace * 2 + "SS\n"
        assert _found(line.encode()) == [(1, pad + 2, T)], (pad, line[-40:])
        assert _streamed(line.encode(), 100) == [(1, pad + 2, T)], (pad, line[-40:])


def test_a_stream_blocks_a_construct_open_past_its_limit_after_a_word(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(segments, "CHUNK_SIZE", 256)
    monkeypatch.setattr(segments, "MAX_CARRY", 1024)
    # Closed within the limit: found.
    short = b"x CUTOVER_PA<!--" + b"hidden\n" * 100 + b"-->SS\n"
    assert _streamed(short, 64) == _found(short) == [(1, 3, T)]
    # Open for longer than the limit right after a word: where it closes, the words join.
    long = b"x CUTOVER_PA<!--" + b"hidden\n" * 400 + b"-->SS\n"
    assert _found(long) == [(1, 3, T)]
    with pytest.raises(CannotVerify) as exc:
        _streamed(long, 64)
    assert exc.value.code == "unverifiable-reading"
    # (Also one that never closes: the stream cannot know that before the end.)
    with pytest.raises(CannotVerify):
        _streamed(b"x CUTOVER_PA<!--" + b"text\n" * 400, 64)
    # After a separator: the stream goes on (no word can be joined across it).
    clean = b'x "<!--' + b"text\n" * 400 + b"-->CUTOVER_PAS\n"
    assert _streamed(clean, 64) == _found(clean) == []


def test_a_stream_blocks_a_backspace_run_reaching_back_over_a_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(segments, "CHUNK_SIZE", 256)
    monkeypatch.setattr(segments, "MAX_CARRY", 1024)
    # One line of 3000 characters: cut inside; the run at its end reaches back 2000 cells.
    reach = b"x CUTOVER_PA" + b" " * 2000 + b"\x08" * 2000 + b"SS\n"
    assert _found(reach) == [(1, 3, T)]
    with pytest.raises(CannotVerify):
        _streamed(reach, 64)
    # A run that stays within what the segment wrote is read as in memory.
    near = b"x " * 1500 + b"CUTOVER_PAX\x08SS\n"
    assert _streamed(near, 64) == _found(near) == [(1, 3001, T)]


def test_a_long_osc_between_letters_in_a_long_streamed_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(segments, "CHUNK_SIZE", 256)
    monkeypatch.setattr(segments, "MAX_CARRY", 1024)
    # The line is cut (it is longer than MAX_CARRY), never inside the code.
    data = b"a " * 600 + b"CUTOVER_PA\x1b]0;" + b"t " * 300 + b"\x07SS " + b"b " * 600 + b"\n"
    assert _streamed(data, 50) == _found(data) == [(1, 1201, T)]


def test_reading_cut_keeps_out_of_constructs_and_uses_line_ends() -> None:
    from rehearsal_hook.scan.cuts import reading_cut

    # The last place before the comment, never inside it however far from any trigger.
    text = "a " * 200 + "X<!--" + "x y " * 200 + "-->Y" + " b" * 200
    cut = reading_cut(text, 1200)
    assert 0 < cut <= 400
    # Right after a tag (its ">") is no cut either: the words around it are one.
    assert reading_cut("a " * 200 + "<b>" + " c" * 300, 403) == 400
    # A line dense with escapes still has its line ends (no escape spans one)...
    dense = ("\\u0041\\n" * 40 + "\n") * 20
    assert reading_cut(dense, len(dense) - 200) > 0
    # ... but not one a backslash escapes.
    assert reading_cut(("\\u0041\\n" * 40 + "\\\n") * 20, 3000) == -1
    # A comment opener that may still close further on: no cut after it yet (a stream).
    assert reading_cut("a " * 300 + "X<!--" + " y" * 300) <= 600
    # ... unless it is known to be text: nothing follows, or the stream reads it as text.
    assert reading_cut("a " * 300 + "X<!--" + " y" * 300, final=True) > 610
    assert reading_cut("a " * 300 + "X<!--" + " y" * 300, open_ok=True) > 610
    # A comment opened by a terminal code's last character (ESC ``<``) is a comment too: no cut
    # inside it (where it is removed, ESC ``_`` joins the terminal code to what follows).
    esc = "a " * 300 + "\x1b<!--" + "x " * 300 + "-->_PASS_PASS" + " " * 300
    assert reading_cut(esc, 1000, final=True) <= esc.index("\x1b")


def test_a_line_dense_with_escapes_is_cut_between_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """No place WINDOW characters from every escape: cut by the constructs' extents (else the
    whole line is one piece, a column map as large as the line), never inside one, nor where
    a decoded ESC or override acts."""
    from rehearsal_hook.scan.cuts import reading_cut

    dense = '{"k": "caf\\u00e9 \\n x", "v": [1,2,3]}, ' * 500
    cut = reading_cut(dense, 10_000)
    assert 9_900 < cut <= 10_000 and not dense[cut - 1].isalnum()
    assert scan_bytes(M, dense[:cut].encode()) + scan_bytes(M, dense[cut:].encode()) == []
    # A decoded ESC: a terminal code of up to WINDOW characters follows it, escapes or not.
    coloured = "a, " * 50 + "\\u001b[" + "0;" * 40 + "\\x31m, " + "b, \\x41" * 60
    cut = reading_cut(coloured, len(coloured) - 200)
    assert cut < coloured.index("\\u001b") or cut > coloured.index("\\x31m") + 200
    # A decoded override lasts to the line end (a line that can reorder is cut only where its
    # display order stays whole: cuts.display_cuts).
    assert reading_cut("a \\u202e" + "x, \\x41" * 200 + "\n", 1400, display=True) == -1
    monkeypatch.setattr(readings, "PIECE", 1000)
    monkeypatch.setattr(views, "PIECE", 1000)
    monkeypatch.setattr("rehearsal_hook.scan.cuts.PIECE", 1000)
    line = ('"CUTOVER\\u005fPASS", ' * 400 + "\n").encode()
    assert [(ln, t) for ln, _, t in _found(line)] == [(1, T)] * 400


FRAGMENTS = [
    "CUTOVER",
    "_PASS",
    "PA",
    "SS",
    " ",
    ", ",
    '"',
    "\n",
    "\\u005f",
    "\\x41",
    "&#95;",
    "%5F",
    "\\u001b[",
    "\\u001b]0;",
    "\\u202e",
    "\\\n",
    "\x1b[0m",
    "\x1b]0;t\x07",
    "\x1b",
    "\x08",
    "\\b",
    "<b>",
    "<!--",
    "-->",
    "<span ",
    ">",
    "0;",
    "m",
    "\u202e",
    "\u202c",
    "é",
    "\u0332",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=80), st.integers(1, 400))
# (found: the display order reading dropped the backspace, a boundary neutral, so the whole
# line, which reorders, read CUTOVER_PASS where its first part reads CUTOVE_PASS)
@example(["CUTOVER", "\x08", "_PASS", " ", "\\u202e"], 14)
# (found: two tokens at one place, CUTOVER_PAS_PASS on a terminal and the stored CUTOVER_PASS)
@example(["CUTOVER", "_PASS", "\x08", "_PASS"], 19)
# (found: the test cut a line that reorders as one that does not -- inside an override, where
# the first part shows CUTOVE_PASS and the whole line none; the scanner cuts such a line only
# where its display order stays whole, and so must the test: test_an_override_after_a_token)
@example(["CUTOVER", "\x08", "_PASS", "\\u202e", "0;", "CUTOVER"], 21)
# (found by a random run, session 21: a cut right after reStructuredText's escaped blank, which
# joins CUTOVER to _PASS)
@example(["CUTOVER", "\\\n", "_PASS"], 9)
# (found by a random run, session 24: ESC ``<`` is a terminal code of two characters, and its
# ``<`` opens a comment that a Markdown renderer removes, leaving ESC ``_`` before PASS_PASS)
@example(["\x1b", "<!--", "-->", "_PASS", "_PASS"], 3)
def test_a_reading_cut_changes_no_finding(parts: list[str], end: int) -> None:
    """Wherever reading_cut cuts a line, the two parts read as the whole does: every token of
    the whole is a token of one part at the same place, and the parts add none.  The line is
    cut as the scanner cuts it (views.py, cuts.piece_end): with ``display`` if it may reorder."""
    from rehearsal_hook.scan.cuts import reading_cut
    from rehearsal_hook.scan.hints import reorders
    from rehearsal_hook.scan.text import scan_str

    text = "".join(parts).replace("\n", " ") + " " * 130
    cut = reading_cut(text, end, final=True, display=reorders(text))
    if cut <= 0:
        return
    whole = [(h.column, h.token) for h in scan_str(M, text)]
    first = [(h.column, h.token) for h in scan_str(M, text[:cut])]
    second = [(h.column + cut, h.token) for h in scan_str(M, text[cut:])]
    # (several tokens can start at one place -- a terminal's overwrite beside the stored
    # word --, in the order the readings give them: compared as sorted lists)
    assert sorted(first + second) == sorted(whole), (text, cut)


@pytest.mark.parametrize(
    ("head", "shown"),
    [
        # The override reverses what follows it: a terminal without bidirectional layout shows
        # CUTOVE_PASS0;CUTOVER (the override is invisible), a renderer CUTOVE_PASSREVOTUC;0 --
        # no token either way; cut after ``0;`` the first part alone would show CUTOVE_PASS.
        ("CUTOVER\x08_PASS\\u202e0;CUTOVER", []),
        ("CUTOVER\x08_PASS\u202e0;CUTOVER", []),
        # A separator before the override ends the word in both orders.
        ("CUTOVER\x08_PASS;\\u202e0;CUTOVER", [(1, "CUTOVE_PASS")]),
        ("CUTOVER\x08_PASS;\u202e0;CUTOVER", [(1, "CUTOVE_PASS")]),
        # Only blanks after the override's ``0;``: a renderer shows CUTOVE_PASS, the blanks, ;0.
        ("CUTOVER\x08_PASS\\u202e0;", [(1, "CUTOVE_PASS")]),
    ],
)
def test_an_override_after_a_token(head: str, shown: list[tuple[int, str]]) -> None:
    """A backspace's overstrike and a right-to-left override (stored or decoded) on one line:
    the scan reads what each reader shows of the whole line -- in memory (scan_str,
    scan_bytes) and streamed -- and a cut of the line changes none of it."""
    from rehearsal_hook.scan.cuts import reading_cut
    from rehearsal_hook.scan.text import scan_str

    text = head + " " * 130
    data = f"{text}\n".encode()
    assert [(h.column, h.token) for h in scan_str(M, text)] == shown
    assert [(h.column, h.token) for h in scan_bytes(M, data)] == shown
    assert _streamed(data, 4) == _found(data)
    for end in range(1, len(head) + 1):  # (as views.py cuts a line that may reorder)
        cut = reading_cut(text, end, final=True, display=True)
        if cut > 0:
            first = [(h.column, h.token) for h in scan_str(M, text[:cut])]
            second = [(h.column + cut, h.token) for h in scan_str(M, text[cut:])]
            assert sorted(first + second) == shown, (head, cut)


@pytest.mark.parametrize(
    "line",
    [
        "a<!--\n",  # comment openers that never close, one a line (found by the red-team pass)
        "a<!-- \uff38\n",  # (a look-alike letter: the line is read for other reasons too)
        "x<b \uff38\n",  # tags that never close
        "\\<!-- \uff38\n",  # an escaped opener
        "a <!-- b --> <c \uff38\n",
    ],
)
def test_finding_where_a_unit_ends_is_linear(line: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each line whose last ``<`` or comment opener is still open at its end is searched for a
    construct crossing the line break; the search must stop near that line break (it ran to
    the end of the text, once per line: 48 KB of ``a<!--`` lines took 23 s)."""
    searched: list[int] = []
    real = readings.construct_pattern
    monkeypatch.setattr(
        readings, "construct_pattern", lambda markup, terminal=False: CountingPattern(real(markup, terminal), searched)
    )
    text = "CUTOVER_PA<i></i>SS\n" + line * 4000
    assert [h[2] for h in _found(text.encode())] == [T]
    assert sum(searched) <= 4 * len(text), (len(searched), sum(searched), len(text))


def test_a_backspace_zone_reaches_past_what_takes_no_cell() -> None:
    """No cut until the cursor is back at the end of what was written: as many printable
    characters after the last backspace as it moved back, or the line's end if one of them
    may take no cell (a mark, a zero-width space, a code, a control not printed)."""
    from rehearsal_hook.scan.backspaces import backspace_zones

    assert backspace_zones("abc\x08d xyz\n") == [(0, 5)]
    assert backspace_zones("abc\x08\u200bd xyz\nq") == [(0, 11)]
    assert backspace_zones("abc\x08\x07d xyz") == [(0, 10)]
    assert backspace_zones("abc\x08\xe2\x80\x8bd xyz\nq".encode("latin-1")) == [(0, 13)]


def test_a_long_line_is_not_cut_right_after_an_escaped_blank(monkeypatch: pytest.MonkeyPatch) -> None:
    """A line longer than a piece is read in pieces (cuts.reading_cut): a cut right after
    reStructuredText's escaped blank split ``CUTOVER\\ _PASS``, which docutils shows as
    CUTOVER_PASS, into two parts that show nothing (six of these forty places were missed).
    Pieces of 1,000 characters: the same cuts at the same places around a piece's end as the
    real 256 Ki (forty lines of that size took 6 s)."""
    from rehearsal_hook.scan.text import scan_bytes

    monkeypatch.setattr(readings, "PIECE", 1000)
    monkeypatch.setattr(views, "PIECE", 1000)
    monkeypatch.setattr("rehearsal_hook.scan.cuts.PIECE", 1000)
    for off in range(-20, 20):
        data = b"a" * (1000 + off - 12) + b" CUTOVER\\ _PASS" + b" x" * 200 + b"\n"
        assert [h.token for h in scan_bytes(M, data)] == ["CUTOVER_PASS"], off


# (constructs left open after a blank, which the limit's cut reads as text, drawn often)
OPEN_AFTER_BLANK = [" <!--", " <span ", " \x1b]0;", " \x1b[", " CUTOVER_PASS ", "CUTOVER_PA", " "]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(FRAGMENTS) | st.sampled_from(OPEN_AFTER_BLANK), min_size=1, max_size=30),
    st.integers(1, 3000),
)
# (found by hypothesis on main: read whole, the comment and the OSC string left open hide all
# but the last token; cut at the limit, each piece's open constructs are read as text and show
# two more -- more findings, none missed)
@example(["_PASS", " <!--", " \x1b]0;", "CUTOVER", "\x1b[0m"], 1)
def test_a_piece_cut_at_the_limit_reads_as_one_piece_or_blocks(parts: list[str], pad: int) -> None:
    """Past cuts.LONGEST_PIECE a line with no place where no reading changes is cut where only
    a construct that follows no word stands in the way (read as text), else it blocks: where
    it is read, every finding of the line read as one piece is found (pieces of 1,000
    characters, the limit 2,000 against one no line reaches).  A construct read as text can
    show more than it hides read whole, never less: the cut fails closed."""
    from rehearsal_hook.scan import cuts
    from rehearsal_hook.scan.text import scan_str

    line = "x " * pad + "".join(parts) * (6000 // len("".join(parts)) + 1) + "\n"
    old = readings.PIECE, views.PIECE, cuts.PIECE, cuts.LONGEST_PIECE
    readings.PIECE = views.PIECE = cuts.PIECE = 1000
    try:
        cuts.LONGEST_PIECE = 1 << 20
        try:
            whole = [(h.line, h.column, h.token) for h in scan_str(M, line)]
        except CannotVerify:
            return  # (blocks for another reason: nothing to compare)
        cuts.LONGEST_PIECE = 2000
        try:
            limited = [(h.line, h.column, h.token) for h in scan_str(M, line)]
        except CannotVerify:
            return  # (the limit's block, or one that only cut pieces reach)
        assert not Counter(whole) - Counter(limited), line[:200]
    finally:
        readings.PIECE, views.PIECE, cuts.PIECE, cuts.LONGEST_PIECE = old
