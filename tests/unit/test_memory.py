"""Bounded memory (issue 12: "linear cost, bounded memory for every input"): the readings of
inputs that once kept a Python object per character hold a budget that does not grow with
the input, or a small multiple of its size, measured as tracemalloc's peak on an input large
enough that a list per character would be several times the budget.  (Memory, never time:
the speed of these shapes is in bench/, ``--only readings``.)"""

from __future__ import annotations

import re
import sys
import tracemalloc
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import bidi, constructs, cuts, readings, roffstream, rtl_lines, segment_cache, text, views
from rehearsal_hook.scan.decode import RTL_CODECS
from rehearsal_hook.scan.matcher import TokenMatcher
from rehearsal_hook.scan.segment_cache import SegmentCache, scan_cached
from rehearsal_hook.scan.stream import scan_file_chunks
from rehearsal_hook.scan.text import scan_bytes, scan_str

M = TokenMatcher()
MIB = 1 << 20


def peak(run: Callable[[], object]) -> int:
    """The peak of memory traced while ``run`` runs, in bytes."""
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("codec", RTL_CODECS)
def test_a_line_of_c1_openers_in_a_hebrew_or_arabic_code_page_keeps_no_list_per_character(codec: str) -> None:
    """ISO-8859-8 and -6 read byte 0x9B as U+009B (CSI), a character that may join a line to
    the next: the lines holding one were found from a list of every place -- an int per
    character, 150 MiB for a 4 MiB line (75 MiB for this 2 MiB one).  Now each line is found once; what is kept is the
    text as read and its copy in stored order."""
    text = ((b"word\x9b" + b"\x9b" * 500) * (2 * MIB // 505)).decode(codec, "replace")
    assert peak(lambda: rtl_lines.reading_text(M, text, codec)) < 3 * sys.getsizeof(text) + MIB


def test_lines_each_holding_c1_openers_are_each_kept_once() -> None:
    """The same search over many lines: each line holding a joiner is found (and kept as
    decoded, with the line after it), at any count per line."""
    lines = ["\u05d0 x\u009b\u009by", "\u05d0 plain", "\u05d0 z\u009b", "\u05d0 again", "\u05d0 end"]
    order = rtl_lines.LineOrder(M, "iso8859_8")
    read = (order.feed("\n".join(lines)) + order.end()).split("\n")
    stored = [line.translate(order.table) for line in lines]
    assert read == [lines[0], lines[1], lines[2], lines[3], stored[4]]


HEBREW = "שלום עולם א1X_PA" + "SSx (a) "  # (right to left, digits, Latin, a bracket pair)


def test_a_paragraph_s_display_order_holds_arrays_not_lists_of_ints() -> None:
    """The display order of a right-to-left paragraph that cannot be cut is laid out whole
    (bidi.py): its positions, levels and prefix counts were lists of Python ints and a rank
    dict -- 279 bytes a character traced; now arrays and bytes, about 90.  (A paragraph over
    bidi.LONGEST blocks: the test below.)"""
    text = (HEBREW * (1 << 15))[: 1 << 15]
    assert peak(lambda: bidi.display_order(text)) < 150 * len(text)


def test_a_paragraph_longer_than_the_layout_limit_blocks_at_its_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """A paragraph that can reorder, longer than bidi.LONGEST and with no place to cut, blocks
    (unverifiable-reading) at the line where it starts; one of LONGEST characters is laid
    out.  (LONGEST made small here; the CLI test of tests/cli/test_limits.py uses the real one.)"""
    monkeypatch.setattr(bidi, "LONGEST", 4000)
    fits = (HEBREW * 200)[:4000]
    assert [h.token for h in scan_str(M, "x\n" + fits + "\n")] == []
    with pytest.raises(CannotVerify) as caught:
        scan_str(M, "x\n" + fits + "\u05d0\n")
    assert (caught.value.code, caught.value.line) == ("unverifiable-reading", 2)
    assert "display order" in caught.value.message


@pytest.mark.parametrize("opener", ["\u009b", "\u0080"])
def test_the_rendered_reading_of_a_line_of_8_bit_openers_lists_no_part_per_code(opener: str) -> None:
    """A line of 8-bit terminal openers has no place to cut (each code joins the words around
    it) and is read as one piece; its rendered reading replaced each code with ``sub``, which
    lists two parts a code (8 bytes a character, 1 MiB here) -- now joined in bounded
    batches.  U+0080: the same line as a terminal that prints C1 openers as nothing reads it
    (pieces.py), through the overstrike reading's removal of silent controls."""
    piece = "word" + opener * (1 << 17)
    assert peak(lambda: readings.render(piece, overstrike=True)) < 3 * sys.getsizeof(piece) + (128 << 10)


def test_a_file_holding_more_tokens_than_max_hits_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """A hit costs some 300 bytes, its finding and output as much again, and a stream keeps
    its hits to the file's end: past text.MAX_HITS a file blocks (unverifiable-reading) --
    streamed (a file of nothing but tokens held 177 MiB at 4 MiB and grew with the file), in
    memory and through the segment cache alike.  Up to the limit every hit is given, in UTF-8
    and UTF-16 (decoded as it streams) alike."""
    monkeypatch.setattr(text, "MAX_HITS", 5)
    for codec in ("ascii", "utf-16"):
        five, six = ("A_PASS\n" * 5).encode(codec), ("A_PASS\n" * 6).encode(codec)
        assert [h.token for h in scan_file_chunks(M, lambda data=five: iter([data[:9], data[9:]]))] == ["A_PASS"] * 5
        assert [h.token for h in scan_bytes(M, five)] == ["A_PASS"] * 5
        for run in (
            lambda six=six: scan_file_chunks(M, lambda: iter([six[:9], six[9:]])),
            lambda six=six: scan_bytes(M, six),
        ):
            with pytest.raises(CannotVerify) as caught:
                run()
            assert caught.value.code == "unverifiable-reading"
            assert "a file holding over 5 tokens" in caught.value.message
    # (the segment cache reads a blob of MIN_BYTES or more in segments, not through scan_bytes)
    monkeypatch.setattr(text, "MAX_HITS", 2000)
    lines = b"x\n" * segment_cache.MIN_BYTES + b"A_PASS\n\n" * 2001
    assert not segment_cache.whole_only(lines)
    with pytest.raises(CannotVerify, match="a file holding over 2000 tokens"):
        scan_cached(SegmentCache(M), lines)
    assert len(scan_cached(SegmentCache(M), lines[: -len(b"A_PASS\n\n")])) == 2000


def _small_pieces(monkeypatch: pytest.MonkeyPatch, longest: int) -> None:
    """Pieces of 1,000 characters and cuts.LONGEST_PIECE ``longest`` (the real ones: 256 Ki
    and 1 Mi characters)."""
    monkeypatch.setattr(readings, "PIECE", 1000)
    monkeypatch.setattr(views, "PIECE", 1000)
    monkeypatch.setattr(cuts, "PIECE", 1000)
    monkeypatch.setattr(cuts, "LONGEST_PIECE", longest)


def _everywhere(data: bytes) -> list[tuple[int, int, str]]:
    """The findings of ``data`` read whole, checked equal to those streamed (one segment,
    cut inside by the pieces as in memory: segments.MAX_CARRY is 16 MiB)."""
    whole = [(h.line, h.column, h.token) for h in scan_bytes(M, data)]
    chunks = [(h.line, h.column, h.token) for h in scan_file_chunks(M, lambda: iter([data[:300], data[300:]]))]
    assert chunks == whole
    return whole


# Lines with no place where no reading changes: an mdoc line whose words join (roff.macro_zones),
# a comment opened right after a word that may close further on, one long word that a
# reading applies to, a TeX conditional never closed (joins.zones).
NO_CUT = {
    "mdoc macros": (b".Ar A_ Ns PASS Ns b ", b""),
    "a comment right after a word": (b"text ", b"x CUTOVER_PA<!--"),
    "one long word": (b"a", "\u00e9 \\x41 ".encode()),
    "a TeX conditional": (b"\\ifx\\a\\b A_PASS_b ", b""),
}


@pytest.mark.parametrize("name", NO_CUT)
def test_a_stretch_with_no_place_to_cut_blocks_past_the_longest_piece(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """Each reading of a piece holds an index per character (45-100 bytes a character), so
    a piece as long as its line cost 3.0 GiB for 64 MiB of mdoc macros: past LONGEST_PIECE
    characters with no place where no reading changes, a line blocks (unverifiable-reading,
    at its line), in memory and streamed alike; up to it, it is read (one piece)."""
    _small_pieces(monkeypatch, 4000)
    unit, head = NO_CUT[name]
    fits = head + unit * ((4000 - len(head)) // len(unit))
    assert _everywhere(b"x\n" + fits + b"\n") == []
    past = head + unit * ((8000 - len(head)) // len(unit))
    for run in (
        lambda: scan_bytes(M, b"x\n" + past + b"\n"),
        lambda: scan_file_chunks(M, lambda: iter([b"x\n" + past])),
    ):
        with pytest.raises(CannotVerify) as caught:
            run()
        assert (caught.value.code, caught.value.line) == ("unverifiable-reading", 2)
        assert "with no place where no reading changes" in caught.value.message


def test_a_construct_open_after_no_word_is_read_as_text_past_the_longest_piece(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Comment openers never closed, each after a blank (as a stream reads one past
    segments.MAX_CARRY: its closing would join no words), are cut as text past the limit:
    the same findings as read in one piece, and the tokens around them found."""
    line = (b"<!--A_PASS_b " * 700 + b"<!--CUTOVER_PASS ") * 3 + b"\n"
    _small_pieces(monkeypatch, 1 << 20)
    whole = _everywhere(line)
    assert [t for _, _, t in whole] == ["CUTOVER_PASS"] * 3
    _small_pieces(monkeypatch, 4000)
    assert _everywhere(line) == whole


def test_minified_code_reads_clean_past_the_longest_piece(monkeypatch: pytest.MonkeyPatch) -> None:
    """A minified line of JavaScript or JSON, several times LONGEST_PIECE, with tags, escapes,
    references and comparisons but no construct left open: read, clean (no false block)."""
    _small_pieces(monkeypatch, 4000)
    js = b"var a=function(n){for(var i=0;i<n;i++){if(i>3&&x<y){s+='\\u00e9'+\"<div>\"+i}}return s};" * 400
    rows = '{"id":1,"name":"caf\u00e9 <b>x</b> & co","tags":["a<b","x > y"],"url":"https://x.org/a?b=1&c=%20"},'
    for line in (js, ("[" + rows * 400 + "{}]").encode()):
        assert len(line) > 8 * 4000
        assert _everywhere(line) == []


def test_a_line_with_no_place_to_cut_holds_memory_bounded_by_the_longest_piece(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An mdoc line of macros whose words join (no place to cut), of 4 MiB: its block comes
    before any reading of it holds an index per character -- read as one piece, 46 bytes a
    character were traced (bench/README.md, session 23).  The longest piece 128 Ki characters
    here, not 1 Mi: the block comes as soon, the line is as long (the real one took 8.6 s CPU
    traced, this 2.2 s; the peak 2.1 and 2.3 times the line)."""
    _small_pieces(monkeypatch, 1 << 17)
    line = b".Ar A_ Ns PASS Ns b " * (4 * MIB // 20)

    def blocks() -> None:
        with pytest.raises(CannotVerify, match="no place where no reading changes"):
            scan_bytes(M, line)

    assert peak(blocks) < 6 * len(line)


def test_comment_openers_are_made_inert_without_a_part_per_opener() -> None:
    """A line of comment openers never closed: each is made inert (``<!-!``) before constructs
    are searched -- by ``re.sub`` over the whole text, which lists two parts a match before
    joining them: 8 bytes a character more, 640 MiB of a 64 MiB file's peak.  Now a stretch
    at a time: the text, its copy, and the stretches before they are joined."""
    line = "<!--A_PASSb " * (4 * MIB // 12)
    assert peak(lambda: constructs.inert_openers(line)) < 2.5 * len(line)


@settings(max_examples=300, deadline=None)
@given(st.text("<!->a ", max_size=60), st.integers(0, 8))
def test_comment_openers_made_inert_a_stretch_at_a_time_as_all_at_once(text: str, k: int) -> None:
    """Stretches of any size (made 4 characters here) give what one ``re.sub`` gives."""
    whole = text[:k] + re.sub("<!--(?!-?>)", "<!-!", text[k:])
    old = constructs._STRETCH
    constructs._STRETCH = 4
    try:
        assert constructs._inert_comments(text, k) == whole
        assert constructs._inert_comments(text.encode(), k) == whole.encode()
    finally:
        constructs._STRETCH = old


def test_a_file_of_more_tokens_than_max_hits_blocks_before_listing_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past MAX_HITS stored tokens a file blocks before its hits and candidates are listed
    (text.too_many_tokens: one counting search) -- 45 bytes a byte were held before the block,
    3.0 GiB for 64 MiB of token lines; read whole or streamed (each segment counted).  At the
    limit every token is given."""
    monkeypatch.setattr(text, "MAX_HITS", 20_000)
    at = b"A_PASS \n" * 20_000
    assert len(scan_bytes(M, at)) == 20_000
    past = at + b"B_PASS\n"

    def blocks() -> None:
        with pytest.raises(CannotVerify, match="a file holding over 20000 tokens"):
            scan_bytes(M, past)

    assert peak(blocks) < len(past)
    with pytest.raises(CannotVerify, match="a file holding over 20000 tokens"):
        scan_file_chunks(M, lambda: iter([past]))
    # Words that end with a needle but are no tokens are not counted: read.
    assert scan_bytes(M, b"a_PASS \n" * 20_001) == []


def test_words_ending_with_a_needle_are_kept_as_offsets_not_a_tuple_each() -> None:
    """A file of words that end with a needle and are no token (``a_PASS`` lines): each is a
    candidate the word search keeps until the hits are read -- a list of tuples held 15.5
    bytes a byte (1.1 GiB for 64 MiB); words.WordSpans keeps two offsets in an array."""
    data = b"a_PASS\n" * (MIB // 7)

    def read() -> None:
        assert scan_bytes(M, data) == []

    assert peak(read) < 4 * len(data)


def test_a_streamed_line_of_words_keeps_no_part_per_blank() -> None:
    """A stream's gate for roff's requests (roffstream.StreamGate) read the line a cut falls
    in with its blank runs collapsed by one ``re.sub``, two parts a run: 270 MiB more per 16
    MiB segment of a line of words (bench's 512 MiB line peaked at 346 MiB, its goal 100).  A
    line no request can start is not collapsed at all; one that can, a stretch at a time."""
    words = b"lorem ipsum dolor " * (4 * MIB // 18)
    for line in (words, b"." + words):
        gate = roffstream.StreamGate()
        assert peak(lambda line=line, gate=gate: gate.feed(line.decode("latin-1"))) < 4.5 * len(line)


@settings(max_examples=300, deadline=None)
@given(st.text(" \tab.", max_size=40))
def test_blank_runs_collapsed_a_stretch_at_a_time_as_all_at_once(line: str) -> None:
    old = roffstream._STRETCH
    roffstream._STRETCH = 3
    try:
        assert roffstream._collapsed(line) == re.sub(r"[ \t]+", " ", line)
    finally:
        roffstream._STRETCH = old


FULL_WIDTH = "\uff21\uff3f\uff30\uff21\uff33\uff33"  # (A_PASS in full-width letters: the Unicode view's)


@pytest.mark.parametrize("disguised", [FULL_WIDTH, "A&#95;PASS", "A_\u200bPASS"])
def test_disguised_tokens_past_max_hits_block_before_every_hit_is_held(
    monkeypatch: pytest.MonkeyPatch, disguised: str
) -> None:
    """The readings' hits are counted as they grow (from 1,024 on, again at twice as many):
    past text.MAX_HITS of them apart the reading blocks there -- views.view_hits itself
    raises, not the scan's end after holding them all (16 MiB of full-width tokens held 408
    MiB).  Under the limit nothing changes: every hit is given."""
    monkeypatch.setattr(text, "MAX_HITS", 1500)
    over = (disguised + "\n") * 1501
    with pytest.raises(CannotVerify, match="a file holding over 1500 tokens"):
        views.view_hits(M, over)
    for run in (lambda: scan_str(M, over), lambda: scan_bytes(M, over.encode())):
        with pytest.raises(CannotVerify, match="a file holding over 1500 tokens"):
            run()
    under = (disguised + "\n") * 1400  # (counted past 1,024 hits, fewer than 1,500 apart)
    assert len(views.view_hits(M, under)) >= 1400
    for found in (scan_str(M, under), scan_bytes(M, under.encode())):
        assert [(h.line, h.token) for h in found] == [(n + 1, "A_PASS") for n in range(1400)]


def test_utf16_of_latin_letters_keeps_no_entry_per_nul_or_per_run() -> None:
    """UTF-16 of Latin text that is not all ASCII: every other byte is a NUL, and a text run
    lies between each two letters that are not ASCII.  The map from the NUL-free bytes back to
    the stored ones kept two ints per NUL run (371 MB for 8.4 MB), and the runs were listed
    (3-10 times the bytes); now the map is a count a block and the runs are yielded.  A token
    at the end makes the map be built."""
    data = b"\xff\xfe" + ("FOO_PASSWORD \u00e9 " * 35_000 + "CUTOVER_" + "PASS\n").encode("utf-16-le")
    scan_bytes(M, data[:4000])  # (the readings' patterns compiled before the peak is taken)
    found: list[object] = []
    used = peak(lambda: found.extend(scan_bytes(M, data)))
    assert [h.token for h in found] == ["CUTOVER_" + "PASS"]
    # (the text read whole, as any text is, is about 4.5 times its bytes at its peak: 44 before)
    assert used < 6 * len(data) + MIB
