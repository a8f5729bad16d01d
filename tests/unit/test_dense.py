"""dense.holds_no_place_b: the needle storm's test (a text dense with needles, none a token).
It must answer True only where no reading shows a token and the word search finds no needle
at a word's end -- else scan_bytes would skip a token -- and it must answer True for the
storms, else it gains nothing.  Windows of a few bytes here, so that every occurrence crosses
one."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rehearsal_hook.scan import dense, near, segments, stream_bytes
from rehearsal_hook.scan.matcher import TokenMatcher
from rehearsal_hook.scan.text import DENSE_BYTES, _constructs_b, scan_bytes, scan_utf8
from rehearsal_hook.scan.words import raw_word_spans

from .scanning import found, streamed

M = TokenMatcher()
HUSH = TokenMatcher(("Hush",))
# (needles, their beginnings, letters, what can vanish, and every other ASCII byte that is no
# word byte and no construct's: were a reading to remove one beside a needle's piece, the
# test below would see it -- holds_no_place_b counts on only underscores vanishing there)
PARTS = ["_", "__", "_PASS", "_PA", "SS", "W", "_GRANTED", "_AUTHORIZED", "Hush", "Hu", "sh", "X", "y"]
PARTS += ["*", "'", "\x07", " ", "\t", "\n", "\r\n", "\x0b", "\x0c", "%", "(", ")", ",", "-", ".", ";", "|"]
PARTS += ["BR", "9"]  # (roff's alternating font macro joins its arguments: ``.BR X _PA SS``)


@settings(max_examples=3000, deadline=None)
@given(
    st.lists(
        st.sampled_from(PARTS),
        max_size=12,
    ),
    st.sampled_from([M, HUSH]),
    st.integers(min_value=1, max_value=9),
)
@example(["X", "_PASS", "W", " ", "_", "y"], M, 2)  # (a word that starts with an underscore)
@example(["_", "X", "_PASS", " ", "y", "_"], M, 3)  # (Markdown's emphasis: the needle before a blank)
@example(["_", "X", "_PASS", "W", " ", "y", "_"], M, 3)  # (the same round a needle before a letter)
@example(["X", "_PASS", "_"], M, 3)  # (a needle before an underscore)
@example(["X", "_PASS", " ", "y"], M, 4)  # (a needle at a word's end, across windows)
@example(["X", "_PASS"], M, 5)  # (at the text's end)
@example(["y", " ", "Hush", "."], HUSH, 1)
def test_it_answers_true_only_where_nothing_is_found(parts: list[str], matcher: TokenMatcher, window: int) -> None:
    data = "".join(parts).encode()
    # (its precondition, as scan_bytes asks it: nothing a reader decodes, removes or overwrites)
    if not _constructs_b(data) and dense.holds_no_place_b(data, matcher.needles, window):
        assert raw_word_spans(matcher, data, cut=False) == [], data
        assert scan_utf8(matcher, data, data.decode(), bom=False) == [], data


@pytest.mark.parametrize("unit", [b"FOO_PASSWORD ", b"AB_PASSC", b"x_GRANTEDy\n", b"Hushed hush "])
@pytest.mark.parametrize("window", [1, 7, 64, dense.WINDOW])
def test_the_storms_hold_no_place(unit: bytes, window: int) -> None:
    assert dense.holds_no_place_b(unit * 200, HUSH.needles, window)


@pytest.mark.parametrize(
    "text",
    [
        b"X_PASS y",  # a needle at a word's end
        b"X_AUTHORIZED y",  # (each needle: each is searched for apart)
        b"X_GRANTED_Y y",
        b"y X_PASS",  # ... at the text's end
        b"X_PASS_Y y",  # a needle before an underscore
        b"y _X_PASS y_",  # a word that starts with an underscore (emphasis)
        b"_X_PASS_",  # ... the text's first word
        b"X_PA*SSW y",  # a byte of what can vanish
        b"X_PA\x07SSW y",  # a silent control
        b"X_PASSW &",
        b"Hush y",  # a configured token
    ],
)
def test_a_place_is_seen_in_every_window(text: bytes) -> None:
    storm = b"FOO_PASSWORD " * 40
    for at in range(0, len(storm) + 1, 13):
        data = storm[:at] + text + b" " + storm[at:]
        for window in (5, 13, 64):
            assert not dense.holds_no_place_b(data, HUSH.needles, window), (at, window)


@pytest.mark.parametrize("unit", [b"FOO_PASSWORD ", b"AB_PASSC"])
@pytest.mark.parametrize(
    ("planted", "token"),
    [
        (b" X_PASS ", "X_PASS"),
        (b" *X*_PASS ", "X_PASS"),  # (the Markdown reading joins it)
        (b" _X_PASS y_ ", "X_PASS"),
        (b" X_PA\x07SS ", "X_PASS"),  # (a terminal does not print the control)
        (b".BR X _PA SS", "X_PASS"),  # (roff's alternating font macro joins its arguments)
    ],
)
def test_a_token_in_a_large_storm_is_found(unit: bytes, planted: bytes, token: str) -> None:
    # (past DENSE_BYTES, at a window's edge and at the end: scan_bytes asks holds_no_place_b)
    storm = unit * (DENSE_BYTES // len(unit) * 3)
    assert found(storm) == []
    for at in (dense.WINDOW - 3, len(storm)):
        data = storm[:at] + b"\n" + planted + b"\n" + storm[at:]
        assert [t for _, _, t in found(data)] == [token], at


def test_a_large_storm_of_a_configured_token_is_read_whole() -> None:
    storm = b"Hushed hush " * (DENSE_BYTES // 12 + 1)
    assert scan_bytes(HUSH, storm) == []
    assert [h.token for h in scan_bytes(HUSH, storm + b"Hush")] == ["Hush"]


def test_the_syntax_near_b_looks_for_is_among_what_vanishes() -> None:
    # (so that a shape without 0x01 tells near_b's syntax tests too)
    assert all(dense._SHAPE[c[0]] == 1 for c in near._SYNTAX_B)


@pytest.mark.parametrize("unit", [b"FOO_PASSWORD ", b"AB_PASSC", b"x_GRANTEDy\n"])
@pytest.mark.parametrize(
    "planted", [b"", b" X_PASS ", b" *X*_PASS ", b" _X_PASS y_ ", b" X_PA\x07SS ", b".BR X _PA SS"]
)
def test_a_storm_streamed_reads_as_in_memory(unit: bytes, planted: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    """A stream's segments of DENSE_BYTES or more ask scan_bytes' fast path too
    (stream_bytes.placeless): the same findings as in memory, a token planted in a segment or
    at a cut found."""
    monkeypatch.setattr(segments, "CHUNK_SIZE", DENSE_BYTES)
    storm = unit * (DENSE_BYTES // len(unit) * 3)
    for at in (dense.WINDOW - 3, DENSE_BYTES - 2, len(storm)):
        data = storm[:at] + b"\n" + planted + b"\n" + storm[at:]
        assert streamed(data, 4096) == found(data), (at, planted)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PARTS), min_size=1, max_size=12))
def test_a_placeless_segment_reads_as_stored_every_way(parts: list[str]) -> None:
    """A segment placeless judges (a unit of PARTS repeated past DENSE_BYTES) is read as
    NEUTRAL, with no hit: the readings it skips (stream_bytes.segment_reading's) find none."""
    unit = "".join(parts).encode()
    seg = unit * (DENSE_BYTES // len(unit) + 1)
    if b"\x00" in seg or not stream_bytes.placeless(seg, M):
        return
    assert stream_bytes.segment_hits(M, seg, stream_bytes.segment_reading(seg, M)) == []
    for reading in (stream_bytes.ASCII_TEXT, stream_bytes.LEGACY, stream_bytes.NOT_UTF8):
        assert stream_bytes.segment_hits(M, seg, reading) == [], (reading, unit)
