"""Bytes that are not text (a NUL and bytes that are not UTF-8: a binary file) are read for the
text runs a reader sees in them (``cat``, ``strings``: textruns.py) with every reading of ASCII
text, in memory and streamed, each finding at its stored line and column (bytes)."""

from __future__ import annotations

import random

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import segments, textruns, words
from rehearsal_hook.scan.lines import last_line_start, line_ends
from rehearsal_hook.scan.matcher import TokenMatcher
from rehearsal_hook.scan.stream_bytes import _forced_cut
from rehearsal_hook.scan.text import scan_bytes

from ..conftest import examples
from .scanning import found, streamed
from .test_nul_text import SHOWN

M = TokenMatcher()
T = "CUTOVER" + "_PASS"


def _place(data: bytes, at: int) -> tuple[int, int]:
    """The stored line and column (bytes, 1-based) of offset ``at``."""
    return line_ends(data, 0, at) + 1, at - last_line_start(data, 0, at) + 1


@pytest.mark.parametrize("stored", SHOWN)
@pytest.mark.parametrize(
    ("head", "tail"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\n", b"\n\xff\x00"),  # a line of its own
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\xb7\x00 ", b" \xc3\x00\x00"),  # inside a line of bytes
        (b"\xff\x00", b""),  # at the end
    ],
    ids=["own-line", "mid-line", "at-end"],
)
def test_a_token_in_a_text_run_is_found_at_its_stored_place(
    stored: bytes, head: bytes, tail: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = head + b"x " + stored + b" y" + tail
    want = [(*_place(data, len(head) + (5 if stored.startswith(b"<b>") else 2)), T)]
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    assert (found(data), streamed(data, 5)) == (want, want)


@pytest.mark.parametrize(
    "data",
    [
        # the token and its near misses split by a byte that is not ASCII: U+FFFD on a terminal
        b"x CUTOVER\xff_PASS y\n\x00",
        b"x CUTOVER&#95;\x80PASS y\n\x00",
        # near misses in a text run
        b"\xff\x00 FOO\x1b[0m_PASSWORD TEST&#95;PASSED CUTOVER%5Fpass <b>cutover_</b>PASS \xff",
        # a run one byte too short to show a token its bytes do not hold (X_PASS made by a BS)
        b"\xff\x00X_PA\x08\xff",
    ],
)
def test_near_misses_in_binary_data_stay_clean(data: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    assert (found(data), streamed(data, 5)) == ([], [])


def test_the_shortest_token_a_construct_shows_in_a_run() -> None:
    # X_PASS is six bytes; a backspace that shows it makes the run seven
    assert found(b"\xff\x00X_PAX\x08SS\xff") == [(1, 3, "X_PASS")]


@pytest.mark.parametrize(
    ("data", "excused"),
    [
        # the pragma in the stored line but outside the text run: the line carries it
        (b"\xff\x00# rehearsal-hook: allow \xff x CUTOVER&#95;PASS y\n", True),
        (b"\xff\x00 x CUTOVER&#95;PASS y \xfe # rehearsal-hook: allow\n", True),
        # a token whose letters run on into the next line needs it on each line
        (b"\xff\x00# rehearsal-hook: allow \xff x CUTOVER_\\\nPASS y\n", False),
        (b"\xff\x00# rehearsal-hook: allow \xff x CUTOVER_\\\nPASS y # rehearsal-hook: allow\n", True),
        (b"\xff\x00 x CUTOVER&#95;PASS y\n# rehearsal-hook: allow\n", False),
    ],
)
def test_the_pragma_counts_where_it_stands_in_the_stored_line(data: bytes, excused: bool) -> None:
    assert [h.pragma for h in scan_bytes(M, data)] == [excused]


def test_a_token_the_bytes_reading_finds_keeps_its_pragma() -> None:
    # (the text reading of its run shows it at the same place: one finding, excused by the line)
    data = b"# rehearsal-hook: allow \xff\x00 x CUTOVER_PASS &#95; y\n"
    assert [(h.line, h.column, h.token, h.pragma) for h in scan_bytes(M, data)] == [(1, 30, T, True)]


def test_a_nul_joined_word_holds_the_raw_token_inside_it_in_every_segment(monkeypatch: pytest.MonkeyPatch) -> None:
    # Found by a stress run of the stream against the whole file: the raw X_PASS inside the
    # word the NUL joins (PAX_PASS, its tail) was merged into it only where some text run was
    # read -- in memory, where the first line's run is; not in the second line's segment.
    data = b"x CUTOVER&#95;PASS y\n\xffPA\x00X_PASS\n\xff"
    want = [(1, 3, T), (2, 2, "PAX_PASS")]
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    assert (found(data), streamed(data, 3)) == (want, want)
    assert found(data[21:]) == [(1, 2, "PAX_PASS")]  # (no run read: the same)


# ---------------------------------------------------------------------------------------------
# Random bytes with a token planted in a text run: found at its place, however the bytes
# around it are, in memory and streamed.

_RUN_EDGE = st.sampled_from([b"\xff", b"\x80", b"\xc3", b"\xfe\xfe"])  # (no BOM: \xff\xfe is UTF-16's)


@settings(max_examples=examples(400), deadline=None)
@given(
    st.binary(max_size=200),
    st.binary(max_size=200),
    st.sampled_from([p.values[0] for p in SHOWN]),
    _RUN_EDGE,
    _RUN_EDGE,
    st.integers(8, 64),
    st.integers(1, 9),
)
@example(b"\x00", b"", b"CUTOVER\x1b[0m_PASS", b"\xff", b"\xff", 16, 5)
@example(b"\r", b"\n", b"CUTOVER_PA\x08\x08PASS", b"\x80", b"\x80", 8, 1)
# (random bytes that start with UTF-16's BOM: read as a terminal shows them too -- found by a
# random run, session 29)
@example(b"\xfe\xff", b"", b"CUTOVER\x1b[0m_PASS", b"\xff", b"\xff", 8, 1)
def test_a_token_planted_in_random_bytes_is_found(
    before: bytes, after: bytes, stored: bytes, left: bytes, right: bytes, chunk: int, size: int
) -> None:
    data = before + b"\x00" + left + b"\nx " + stored + b" y\n" + right + after
    at = len(before) + 1 + len(left) + (6 if stored.startswith(b"<b>") else 3)
    want = (*_place(data, at), T)
    try:
        whole = found(data)
    except CannotVerify:  # (random bytes can block on their own -- a cursor moved to another row)
        return
    assert want in whole
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(segments, "CHUNK_SIZE", chunk)
        assert _streamed(data, size) in (whole, _BLOCKED)


_BLOCKED = "blocked"


def _streamed(data: bytes, size: int) -> object:
    """The stream's findings, or that it blocks: a segment it reads as text before it knows the
    file is not (a code with an effect on other lines in it) blocks -- a documented limit of a
    streamed reading (README), fail-closed."""
    try:
        return streamed(data, size)
    except CannotVerify:
        return _BLOCKED


@settings(max_examples=examples(200), deadline=None)
@given(st.binary(min_size=1, max_size=400), st.integers(8, 64), st.integers(1, 9))
def test_random_binary_data_streamed_reads_as_in_memory(data: bytes, chunk: int, size: int) -> None:
    data += b"\x00\xff"  # (a file that is not text)
    try:
        whole: object = found(data)
    except CannotVerify as e:
        whole = str(e)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(segments, "CHUNK_SIZE", chunk)
        assert _streamed(data, size) in (whole, _BLOCKED)


def test_random_bytes_read_only_runs_that_can_show_a_needle() -> None:
    # The runs read in a MiB of random bytes: long enough, each holding every character of a
    # needle or a construct that makes one (in its look-alike view) -- a few dozen of the
    # thousands of runs of valid UTF-8, each a whole one (the bytes beside it are no character).
    data = random.Random(1).randbytes(1 << 20)
    runs = list(textruns.text_runs(M, data))
    assert 0 < len(runs) < 200
    assert any(not data[a:b].isascii() for a, b in runs)
    for a, b in runs:
        assert b - a >= 7 and data[a:b].decode("utf-8")
        before, after = data[max(a - 4, 0) : a], data[b : b + 4]
        assert not before or before.decode("utf-8", "surrogateescape")[-1] >= "\udc80"
        assert not after or after.decode("utf-8", "surrogateescape")[0] >= "\udc80"


# Codes that move a terminal's cursor to another row or change where later lines land (HTS,
# RI, DECRC, CUU, CUP, scrolling): random bytes hold them often (ESC H is two ASCII bytes),
# and in a compressed file, a PDF or a .pyc they blocked the whole file (found by the red-team
# pass in /usr/share/doc: changelog.Debian.gz).  In bytes that are not text they do nothing,
# as in decoded text (cursor.Row's lenient); what the row shows beside them is still read.
ROW_MOVES = [b"\x1bH", b"\x1bM", b"\x1b7x\x1b8", b"\x1b[2A", b"\x1b[5;1H", b"\x1b[1T", b"\x1b[4h", b"\x1b[?1049h"]


@pytest.mark.parametrize("move", ROW_MOVES)
def test_a_code_that_moves_to_another_row_in_binary_data_does_not_block(move: bytes) -> None:
    head, tail = b"\x1f\x8b\x08\x00\xff\x00ab", b"\x00\xfe\x01"
    data = head + b"cdefghi_PASS " + move + b"jklmnop" + tail
    assert (found(data), streamed(data, 5)) == ([], [])
    shown = head + b"x CUTOVER\x1b[0m_PASS " + move + b"jklmnop" + tail
    want = [(*_place(shown, len(head) + 2), T)]
    assert (found(shown), streamed(shown, 5)) == (want, want)
    # (ASCII text holding a NUL is text: there such a code still blocks, as in any text --
    # but a cursor saved and restored on its own row)
    if move != b"\x1b7x\x1b8":
        with pytest.raises(CannotVerify) as blocked:
            found(b"x CUTOVER_PA " + move + b"SS\x00\n")
        assert blocked.value.code == "unverifiable-reading"


@pytest.mark.parametrize(
    "shown",
    ["CUTOVER_PA\u200bSS", "\uff23\uff35\uff34\uff2f\uff36\uff25\uff32\uff3f\uff30\uff21\uff33\uff33"],
    ids=["zero-width-space", "fullwidth"],
)
def test_utf8_text_among_binary_bytes_shows_its_token(shown: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Found by the red-team pass of session 21: ``cat`` to a UTF-8 terminal shows a valid UTF-8
    sequence among binary bytes as its character -- a zero-width space as nothing (xterm, VTE),
    fullwidth letters as look-alikes -- so the line shows CUTOVER_PASS: a text run is valid
    UTF-8, read with the look-alike view, each finding at its stored line and byte column."""
    data = b"\x89PNG\r\n\x1a\n\x00\x00\xff\n" + f"x {shown} y\n".encode() + b"\xff\x00"
    want = [(4, 3, T)]
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    assert (found(data), streamed(data, 5)) == (want, want)
    # (at its stored byte column, after UTF-8 characters in the same run; and beside a NUL)
    data = b"\xff\x00" + f"\u00e9\u00e9 {shown}\x00 y".encode() + b"\xff"
    want = [(1, 8, T)]
    assert (found(data), streamed(data, 5)) == (want, want)


# What is no character of UTF-8 ends a run (U+FFFD on a terminal), so a token it splits is
# none: a lone continuation byte, an overlong form of a character (of ``_``: C1 9F, E0 81 9F),
# a surrogate's encoding (ED A0 80), past U+10FFFF (F4 90 80 80), a lead without its end.
@pytest.mark.parametrize(
    "between", [b"\x80", b"\xbf\xbf", b"\xc1\x9f", b"\xe0\x81\x9f", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x80"]
)
def test_what_is_no_utf8_character_splits_a_run(between: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"\xff\x00x CUTOVER_PA" + between + "\uff33\uff33 y\n\xff".encode("utf-8", "surrogateescape")
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    assert (found(data), streamed(data, 5)) == ([], [])
    # (the valid forms of the same characters join the run: the token shows)
    shown = data.replace(between, "\u200b".encode())
    assert [t for _, _, t in found(shown)] == [T]


# A look-alike token (fullwidth letters, valid UTF-8) in a binary file's run with no ASCII
# separator: each token followed by an ideographic space (U+3000, E3 80 80: a blank on a
# UTF-8 terminal, not suspicious).
_FULLWIDTH = "\uff23\uff35\uff34\uff2f\uff36\uff25\uff32\uff3f\uff30\uff21\uff33\uff33"


@pytest.mark.parametrize("pad", range(0, 40, 3))
def test_a_forced_cut_in_a_binary_run_keeps_each_look_alike_token(pad: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """A stream's forced cut (stream_bytes._forced_cut: a run longer than MAX_CARRY with no
    place where no reading changes) falls after a character that ends a word as a reader sees
    it: the ideographic space.  Its last byte, 0x80, was judged as the C1 control it is alone
    (silent on a terminal: it joins words), so every such cut was refused, and the cut fell
    between two fullwidth letters -- ``CUTOVER`` | ``_PASS``: the token lost on both sides
    (12 of these 13 places failed).  A byte of a UTF-8 character is judged with its
    character.  (No cut splits a character: the next test.)"""
    monkeypatch.setattr(segments, "MAX_CARRY", 256)
    monkeypatch.setattr(segments, "CHUNK_SIZE", 64)
    data = b"\xff\x00" + b"\xff" * pad + ((_FULLWIDTH + "\u3000") * 12).encode() + b"\xff\x00"
    whole = found(data)
    assert len(whole) == 12
    assert streamed(data, 64) == whole


@settings(max_examples=examples(200), deadline=None)
@given(
    st.lists(
        st.sampled_from([b"\x00", b"\xff", b"\x80", b"\xe3\x80\x80", "\uff23".encode(), "\u00e9".encode(), b"A", b"_"]),
        min_size=2,
        max_size=200,
    )
)
def test_a_forced_cut_splits_no_utf8_character(parts: list[bytes]) -> None:
    """A forced cut falls between two UTF-8 characters (or bytes of none): each part's text
    runs (textruns.utf8_mask) are the whole's, so no character is lost on either side."""
    buf = b"".join(parts)
    p = _forced_cut(buf)
    if 0 < p < len(buf):
        assert textruns.utf8_mask(buf[:p]) + textruns.utf8_mask(buf[p:]) == textruns.utf8_mask(buf)


@given(st.lists(st.sampled_from([b"\x00", b"\x00" * 5, b"A", b"AB", b"\x00A"]), max_size=3000), st.data())
def test_the_nul_map_finds_each_stripped_byte_where_it_is_stored(parts: list[bytes], draw: st.DataObject) -> None:
    """words.NulMap against a list of every byte that is not NUL (and past the end: shifted
    by every NUL), over blocks of any fill, a block all NULs included."""
    data = b"".join(parts)
    kept = [i for i, b in enumerate(data) if b]
    mapping = words.NulMap(data)
    for pos in draw.draw(st.lists(st.integers(0, len(kept) + 2), max_size=20)):
        assert mapping.to_original(pos) == (kept[pos] if pos < len(kept) else pos + len(data) - len(kept))


def test_the_nul_map_skips_blocks_of_nuls_alone() -> None:
    data = b"A" + b"\x00" * (3 * words.NulMap.BLOCK) + b"BC" + b"\x00" * 5000
    mapping = words.NulMap(data)
    assert [mapping.to_original(p) for p in range(4)] == [
        0,
        1 + 3 * words.NulMap.BLOCK,
        2 + 3 * words.NulMap.BLOCK,
        len(data),
    ]
