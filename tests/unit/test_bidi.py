"""Display order (issue 12, bidi.py): the Unicode Bidirectional Algorithm checked against an
independent implementation (python-bidi, a test oracle only), and the tokens a reader sees
in display order found at the stored text's line and column, in memory and streamed, with
long lines cut only where the display order stays whole (or blocked)."""

from __future__ import annotations

import unicodedata

import pytest
from bidi import get_display
from hypothesis import given, settings
from hypothesis import strategies as st

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import bidi_runs, cuts, readings, segments, views
from rehearsal_hook.scan.bidi import BIDI_RE, BIDI_RE_B, display_order, phases, rtl_paragraph, safe_cuts
from rehearsal_hook.scan.bidi_classes import CLOSING, OPENING, bidi_class, classes_of
from rehearsal_hook.scan.matcher import TokenMatcher
from rehearsal_hook.scan.stream import scan_file_chunks
from rehearsal_hook.scan.text import scan_bytes, scan_str

M = TokenMatcher()
T = "CUTOVER" + "_PASS"
_X9 = {"LRE", "RLE", "LRO", "RLO", "PDF", "BN"}


def shown(s: str) -> str:
    return "".join(s[k] for k in display_order(s))


def oracle(s: str, base_dir: str | None = None) -> str:
    """python-bidi's display, without the characters X9 removes (it keeps them in place)."""
    return "".join(c for c in get_display(s, base_dir=base_dir) if bidi_class(c) not in _X9)


LETTERS = list("abAB_09 .,-+$%#!<>\t\u00ad\u0300")
RTL = list("\u05d0\u05d1\u0627\u0628\u0660\u0661\u06f1\u200e\u200f\u061c")
EMBED = list("\u202a\u202b\u202c")
ISOLATE = list("\u2066\u2067\u2068\u2069")
BRACKETS = list("()[]{}")
# python-bidi 0.6 departs from UAX #9 in two places, so each alphabet leaves one out (the
# cases themselves are tested below with the algorithm's answer, which FriBidi shows too):
# L1 on the classes an override set (not the original ones), and N0's look back across an
# isolate.  Brackets with isolates, and overrides with blanks or isolates, are left out.
ALPHABETS = {
    "embeddings-and-brackets": LETTERS + RTL + EMBED + BRACKETS,
    "isolates": LETTERS + RTL + EMBED + ISOLATE,
    "overrides": [c for c in LETTERS if c not in " \t"] + RTL + EMBED + ["\u202d", "\u202e"] + BRACKETS,
}


@pytest.mark.parametrize("alphabet", list(ALPHABETS))
@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_display_order_is_the_oracles(alphabet: str, data: st.DataObject) -> None:
    s = data.draw(st.text(st.sampled_from(ALPHABETS[alphabet]), min_size=1, max_size=40))
    # (a paragraph that cannot reorder is left as stored, its BN characters too)
    assert "".join(c for c in shown(s) if bidi_class(c) not in _X9) == oracle(s), s


@pytest.mark.parametrize("alphabet", list(ALPHABETS))
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_display_order_laid_out_from_the_left_is_the_oracles(alphabet: str, data: st.DataObject) -> None:
    """Laid out from the left whatever the first strong letter (a terminal with bidirectional
    layout, a code editor: readings.orders), and rtl_paragraph tells where that differs."""
    s = data.draw(st.text(st.sampled_from(ALPHABETS[alphabet]), min_size=1, max_size=40))
    ltr = "".join(s[k] for k in display_order(s, ltr=True))
    assert "".join(c for c in ltr if bidi_class(c) not in _X9) == oracle(s, "L"), s
    if not rtl_paragraph(s):
        assert display_order(s, ltr=True) == display_order(s), s


@pytest.mark.parametrize(
    ("stored", "displayed"),
    [
        # L1 reads the original classes: a tab under an override is at the paragraph level.
        ("\u0660\u202d+\u05d2\t\u0661", "\u0661\t\u0660+\u05d2"),
        # N0 looks back across an isolate within its run sequence (b is L: the pair is L).
        ("\u200fb\u2066\u05d1\u2069[\u200e]", "b\u2066\u05d1\u2069[\u200e]\u200f"),
        # BD16 pairs canonical equivalents: U+2329 with U+3009 (unpaired, c would come first... last).
        ("\u05d0\u2329b\u3009c", "c\u3009b\u2329\u05d0"),
        # Paragraph separators: each paragraph on its own, the separator after it.
        ("\u05d0b\u2029c\u05d1", "b\u05d0\u2029c\u05d1"),
        # The controls and BN vanish (in a paragraph that can reorder; elsewhere it is as stored),
        ("a\u202eb\u00adc\u202cd", "acbd"),
        ("a\u00adb\u2029\u05d0\u00ad", "a\u00adb\u2029\u05d0"),
        # but a control character stays beside the character stored before it (every other
        # reading shows it as stored): after it at an even level, before it at an odd one
        ("a\u202eb\x08c\u202cd", "ac\x08bd"),
        ("a\x07\u05d0\u05d1", "a\x07\u05d1\u05d0"),
        ("\u05d0\x08\u05d1", "\u05d1\x08\u05d0"),
        ("\x07\u05d0b", "b\u05d0\x07"),  # (at the start: beside the first character kept)
    ],
)
def test_display_order_by_the_algorithm(stored: str, displayed: str) -> None:
    assert shown(stored) == displayed


# Every class the passes of bidi_runs.py read (R, AL, AN, EN in both scripts, each separator
# and terminator, NSM after a bracket, U+2329 with its canonical pair U+3009), and an explicit
# control now and then (which sends a paragraph to the phases).
RUNS_ALPHABET = [*LETTERS, *RTL, *BRACKETS, "\u2329", "\u3009", "\u0300", "\u06f1", "/", ":", "\x0b", "\x0c", "\u202b"]


@settings(max_examples=600, deadline=None)
@given(s=st.text(st.sampled_from(RUNS_ALPHABET), min_size=1, max_size=60), ltr=st.booleans())
def test_the_passes_lay_out_as_the_phases(s: str, ltr: bool) -> None:
    """bidi_runs.lay_out (the passes over a paragraph's classes) against bidi.phases (each rule
    in turn): the same display order, or None where the paragraph holds an explicit control or
    a boundary neutral (the soft hyphen)."""
    classes = classes_of(s)
    fast = bidi_runs.lay_out(s, classes, ltr)
    if "\u202b" in s or "\u00ad" in s:
        assert fast is None
    else:
        assert fast == phases(s, classes, ltr), s


@pytest.mark.parametrize(
    "s",
    [
        "\u05d0 (a \u05d1) b [c] \u05d2",  # brackets that hold each direction
        "\u0627 1,2 3.4 $5 %6 \u0661,\u0662",  # W2, W4, W5 after an Arabic letter
        "a 1+2 $$ 3 \u05d0 4-5",  # W4, W5, W7
        "\u0300\u05d0\u0300 (\u0300x)\u0300 y",  # marks: at the start, after letters and brackets
        "\u05d0 a\t b  \t c  ",  # L1: separators and the blanks before them, trailing blanks
        "\u05d0" + "(" * 70 + "a" + ")" * 70,  # past BD16's 63 openers
        # N0's context is the pair before resolved (L), not its content's last letter (R)
        "x (b \u05d0) (\u05d1) y",
    ],
)
def test_the_passes_lay_out_as_the_phases_on_cases(s: str) -> None:
    for ltr in (False, True):
        assert bidi_runs.lay_out(s, classes_of(s), ltr) == phases(s, classes_of(s), ltr)


def test_the_passes_resolve_bracket_pairs_in_linear_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """N0 in the passes keeps the positions a pair changed, to find a later pair's context: kept
    as a sorted list, each change was inserted before the changes after it -- a closer followed
    by 20,000 marks, then 20,000 pairs inside it, shifted them 20,000 times (3.3x per doubling).
    Counted: the entries an insertion shifts, none now; the order is still the phases'."""
    import bisect

    shifted = 0
    real = bisect.insort

    def counting(a: list[int], x: int) -> None:
        nonlocal shifted
        shifted += len(a) - bisect.bisect_right(a, x)
        real(a, x)

    monkeypatch.setattr(bisect, "insort", counting)
    s = "\u05d0 (" + "(\u05d1)" * 20_000 + ")" + "\u0300" * 20_000
    order = bidi_runs.lay_out(s, classes_of(s), False)
    assert order is not None
    assert shifted <= 2 * len(s)
    assert order == phases(s, classes_of(s), False)


def test_deep_embeddings_stop_at_125_and_are_laid_out_in_linear_time() -> None:
    # 200 nested RLE/LRE pairs: past level 125 they overflow (X5); the oracle agrees.
    s = "".join("\u202b\u05d0\u202ax" for _ in range(100)) + "y" + "\u202c" * 200 + "z"
    assert shown(s) == oracle(s)
    long_line = ("\u05d0 a (b) \u202b" + "c " * 50 + "\u202c ") * 400
    assert sorted(display_order(long_line)) == [i for i, c in enumerate(long_line) if bidi_class(c) not in _X9]
    assert shown(long_line) == oracle(long_line)


def test_safe_cuts() -> None:
    # Between L text with nothing open; after a paragraph separator; not in a right-to-left
    # paragraph, an open embedding or isolate, nor with a bracket open.
    assert safe_cuts("ab cd", 5) == [1, 2, 3, 4]
    assert safe_cuts("\u05d0 ab\ncd ef", 5) == [5, 6, 7, 8, 9]
    assert safe_cuts("a \u202bb c", 5) == []  # (nor before a control: what follows must be L)
    assert safe_cuts("a \u2067b\u2069 c d", 5) == [7, 8]
    assert safe_cuts("a (b c) d", 5) == [1, 2, 7, 8]
    assert safe_cuts("a b \u05d0", 5) == [1, 2]  # (the R letter after: not before it)


def test_the_character_classes_read_are_unicodes() -> None:
    """BIDI_RE holds every character that can reorder a paragraph (classes R, AL, AN and the
    explicit controls); the paragraph separators are class B."""
    for cp in range(0x110000):
        if 0xD800 <= cp < 0xE000:
            continue
        c = chr(cp)
        cls = bidi_class(c)
        if cls in {"R", "AL", "AN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}:
            assert BIDI_RE.match(c), hex(cp)
        assert (cls == "B") == (c in "\n\r\x1c\x1d\x1e\x85\u2029"), hex(cp)


def test_the_bracket_pairs_are_unicodes() -> None:
    """Every mirrored opening and closing punctuation is a bracket (BidiBrackets.txt derives
    from them), each pairs with one of the other kind."""
    mirrored = {chr(c) for c in range(0x110000) if unicodedata.mirrored(chr(c))}
    want_open = {c for c in mirrored if unicodedata.category(c) == "Ps"} - {"\u2329"}
    want_close = {c for c in mirrored if unicodedata.category(c) == "Pe"} - {"\u232a"}
    assert set(OPENING) == want_open and set(CLOSING) == want_close
    assert len(set(OPENING.values())) == len(OPENING)


# Tokens shown in display order: (line, the column of the stored text where the token starts).
SHOWN = {
    "embedding-and-mark": ("x \u202bPASS_\u200fCUTOVER\u202c y", 3),
    "isolate-and-mark": ("x \u2067PASS_\u200fCUTOVER\u2069 y", 3),
    "paragraph-by-mark": ("\u200fPASS_\u200fCUTOVER", 1),
    "hebrew-paragraph": ("\u05d0 PASS_\u200fCUTOVER", 2),
    "arabic-isolate": ("x \u2068\u0627 PASS_\u200fCUTOVER\u2069", 5),
    "override": ("\u202eSSAP_REVOTUC\u202c", 1),
    "embedding-decoded": ("x \\u202bPASS_\\u200fCUTOVER\\u202c y", 8),
    "reference-decoded": ("x &#x2067;PASS_&rlm;CUTOVER&#x2069; y", 10),
    "override-in-override": ("\u202eSSAP_\u202eREVOTUC\u202c\u202c", 1),
    # laid out from the left: a Hebrew word moves the digit away (its own order: 1CUTOVER_PASS)
    "hebrew-from-the-left": ("\u05e9\u05dc\u05d5\u05dd \u05d01CUTOVER_PASS y", 7),
}
NEAR = [
    "x \u202bPASSWORD_\u200fCUTOVER\u202c y",  # CUTOVER_PASSWORD
    "x \u202bPASS_\u200fCUTOVERx\u202c y",
    "\u05d0 PASS_ \u05d1 CUTOVER",  # a Hebrew letter between the words
    "x \u2067PASS_\u200fCUTOVER\u2069y",  # CUTOVER_PASSy
    "\u202bPASSWORD_\u200fX\u202c",  # X_PASSWORD
    "\u200fPASS_\u200fCUTOVER y",  # an L word after it keeps the paragraph's order
    "x \u202bPASS_\u200f\x08CUTOVER\u202c y",  # a backspace stays between the words (or acts)
    "\u202eSSAP_\x08REVOTUC\u202c",  # a backspace stays between them (or overwrites the _)
    "\u05e9\u05dc\u05d5\u05dd \u05d01CUTOVER_PASSx y",  # CUTOVER_PASSx from the left
]


def _hits(data: bytes) -> list[tuple[int, int, str]]:
    return [(h.line, h.column, h.token) for h in scan_bytes(M, data)]


@pytest.mark.parametrize("name", list(SHOWN))
def test_a_token_shown_in_display_order_is_found_where_it_is_stored(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    stored, column = SHOWN[name]  # (where its first stored letter is)
    text = f"first\n{stored}\n"
    want = [(2, column + 1, T)]
    assert [(h.line, h.column, h.token) for h in scan_str(M, text)] == want
    assert _hits(text.encode()) == want
    assert _hits(text.encode("utf-16")) == want
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    data = text.encode()
    streamed = scan_file_chunks(M, lambda: (data[i : i + 5] for i in range(0, len(data), 5)))
    assert [(h.line, h.column, h.token) for h in streamed] == want
    from rehearsal_hook.scan.matcher import redact_text

    assert scan_str(M, redact_text(M, text)) == []


@pytest.mark.parametrize("stored", NEAR)
def test_near_misses_in_display_order_stay_clean(stored: str) -> None:
    assert _hits(f"a\n{stored}\n".encode()) == []


def test_plain_text_is_not_laid_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reading applies only to lines holding a character that can reorder."""
    calls: list[int] = []
    real = readings.display_order

    def spy(chars: str, *, ltr: bool = False) -> list[int]:
        calls.append(len(chars))
        return real(chars, ltr=ltr)

    monkeypatch.setattr(readings, "display_order", spy)
    assert _hits("caf\u00e9 CUTOVER\\u005fPASS (x) \u00fc\n".encode()) == [(1, 6, T)]
    assert calls == []
    assert _hits("\u05d0 CUTOVER\\u005fPASS\n".encode()) == [(1, 3, T)]
    assert calls


def _small_pieces(monkeypatch: pytest.MonkeyPatch, piece: int = 1000) -> None:
    for module in (readings, views, cuts):
        monkeypatch.setattr(module, "PIECE", piece)


def test_a_long_line_that_reorders_is_cut_where_its_display_order_stays_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _small_pieces(monkeypatch)
    cut_at: list[int] = []
    real = cuts.piece_end

    def spy(text: str, start: int, stop: int, zones: list[tuple[int, int]], *, display: bool = False) -> int:
        end = real(text, start, stop, zones, display=display)
        if end < stop:
            assert display
            cut_at.append(end)
        return end

    monkeypatch.setattr(views, "piece_end", spy)
    # The embedding spans 600 characters: no cut inside it; the reading finds the token the
    # whole line shows, at the stored column.
    line = "lorem " * 100 + "\u202b" + "\u05d0 " * 300 + "PASS_\u200fCUTOVER\u202c" + " ipsum" * 300
    column = line.index("PASS") + 1
    assert _hits(line.encode()) == [(1, column, T)]
    assert cut_at and all(p > 0 for p in cut_at)
    inside = (line.index("\u202b"), line.index("\u202c"))
    assert not any(inside[0] < p <= inside[1] for p in cut_at)
    monkeypatch.setattr(segments, "CHUNK_SIZE", 64)
    data = line.encode()
    streamed = scan_file_chunks(M, lambda: (data[i : i + 9] for i in range(0, len(data), 9)))
    assert [(h.line, h.column, h.token) for h in streamed] == [(1, column, T)]


def test_a_long_line_that_reorders_with_no_place_to_cut_is_read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """No place where the display order stays whole (a right-to-left paragraph, an embedding
    open to the end, a bracket open to the end): the line is one piece, read exactly."""
    _small_pieces(monkeypatch)
    for line in (
        "\u05d0 " + "word " * 400 + "\u202bPASS_\u200fCUTOVER\u202c",
        "x \u202b" + "word " * 400 + "\u05d0 PASS_\u200fCUTOVER",
        "x (" + "word " * 400 + "\u202bPASS_\u200fCUTOVER\u202c",
    ):
        column = line.index("PASS") + 1
        assert _hits(line.encode()) == [(1, column, T)], line[:5]
        assert [(h.line, h.column, h.token) for h in scan_str(M, line)] == [(1, column, T)]


def test_a_stream_blocks_a_line_that_reorders_past_its_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stream cuts a line only past MAX_CARRY: one that reorders in display blocks then (its
    layout may cross the cut); one that does not is read as before."""
    monkeypatch.setattr(segments, "CHUNK_SIZE", 64)
    monkeypatch.setattr(segments, "MAX_CARRY", 256)

    def streamed(data: bytes) -> list[tuple[int, int, str]]:
        hits = scan_file_chunks(M, lambda: (data[i : i + 9] for i in range(0, len(data), 9)))
        return [(h.line, h.column, h.token) for h in hits]

    for data in (
        ("x " + "word " * 100 + "\u202bPASS_\u200fCUTOVER\u202c\n").encode(),
        ("\u05d0 " + "word " * 100 + "\n").encode(),
        ("x " + "word " * 100 + "\\u05d0 more\n").encode(),  # (decoded: the same)
    ):
        with pytest.raises(CannotVerify) as exc:
            streamed(data)
        assert exc.value.code == "unverifiable-reading"
    plain = ("x " + "word " * 100 + "CUTOVER\\u005fPASS\n").encode()
    assert streamed(plain) == _hits(plain) != []
    # (many lines, each short; paragraphs apart: one of them all, past MAX_CARRY with a ``_`` on
    # every line, blocks as a paragraph a stream cuts -- test_paragraph_cuts)
    short = ("x \u202bPASS_\u200fCUTOVER\u202c\n\n" * 30).encode()
    assert streamed(short) == _hits(short) != []


def test_the_bytes_search_finds_every_character_that_can_reorder() -> None:
    """BIDI_RE_B, the prefilter for undecoded UTF-8, finds the encoding of every character
    BIDI_RE finds (a miss there would skip the display order reading of a line that needs it),
    and only a few neighbours beside them.  (Both search below U+20000 only.)"""
    chars = (chr(cp) for cp in range(0x20000) if not 0xD800 <= cp < 0xE000)
    found = [c for c in chars if BIDI_RE.match(c) or BIDI_RE_B.search(c.encode())]
    assert all(BIDI_RE_B.search(c.encode()) for c in found)
    assert {f"{ord(c):04X}" for c in found if not BIDI_RE.match(c)} == {
        f"{cp:04X}" for cp in (*range(0x580, 0x590), 0xFEFF)
    }


def test_reorders_asks_its_decodings_only_where_one_can_begin() -> None:
    """hints.reorders answers False for ASCII bytes holding none of _DECODES_BIDI_FIRST
    without searching: every alternative of its decodings' pattern begins with one of them
    (the pattern as re parses it), and BIDI_RE_B finds no ASCII byte."""
    from re import _parser  # type: ignore[attr-defined]

    from rehearsal_hook.scan import hints

    (op, (_, alternatives)), *_ = _parser.parse(hints._decodes_bidi(True).pattern).data
    assert str(op) == "BRANCH"
    assert all(str(alt.data[0][0]) == "LITERAL" for alt in alternatives)
    assert {alt.data[0][1] for alt in alternatives} == set(hints._DECODES_BIDI_FIRST)
    assert BIDI_RE_B.search(bytes(range(128))) is None
    assert hints.reorders(b"x &#x5d0; y") and hints.reorders(b"<bdo dir=rtl>") and not hints.reorders(b"FOO_PASSWORD ")
