"""ASCII holding a NUL byte is read as text too (text.scan_nul_ascii), in memory and streamed.
A terminal prints no NUL and acts on the codes around it (``cat``), a browser reads the rest as
text; these were found (2026-12-05) read only as bytes -- words, and words with the NULs taken
out --, so every rendered reading passed: a terminal code, a backspace, a reference, a percent
byte, an escape, a tag beside a NUL anywhere in the file.  Two places must agree: scan_bytes's
ASCII branch and the stream's whole-file reading (stream._whole: NUL_ASCII)."""

from __future__ import annotations

import signal
from collections.abc import Callable

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import segments, text, words
from rehearsal_hook.scan.matcher import TokenHit, TokenMatcher
from rehearsal_hook.scan.words import scan_binary

from .scanning import found, streamed

SHOWN = [
    pytest.param(b"CUTOVER\x1b[0m_PASS", id="terminal-code"),
    pytest.param(b"CUTOVER_PA\x08\x08PASS", id="backspaces"),
    pytest.param(b"CUTOVER&#95;PASS", id="character-reference"),
    pytest.param(b"CUTOVER%5FPASS", id="percent-byte"),
    pytest.param(b"CUTOVER\\u005fPASS", id="string-escape"),
    pytest.param(b"<b>CUTOVER_</b>PASS", id="tag"),
    pytest.param(b"CUTOVER&lowbar;PASS", id="named-reference"),
]


@pytest.mark.parametrize("stored", SHOWN)
@pytest.mark.parametrize("nul_at", ["next-line", "same-line", "first-line"])
def test_a_token_a_reader_sees_is_found_beside_a_nul(
    stored: bytes, nul_at: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = {
        "next-line": b"x " + stored + b" y\n\x00\n",
        "same-line": b"x " + stored + b" y \x00\n",
        "first-line": b"\x00\nx " + stored + b" y\n",
    }[nul_at]
    want = [(2 if nul_at == "first-line" else 1, 6 if stored.startswith(b"<b>") else 3, "CUTOVER_PASS")]
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    assert (found(data), streamed(data, 5)) == (want, want)


@pytest.mark.parametrize("stored", SHOWN)
@pytest.mark.parametrize("other", [b"\xff", b"\x80\x81", b"\xc3"], ids=["ff", "c1-bytes", "cut-utf8"])
def test_a_token_a_reader_sees_in_bytes_that_are_not_utf8_beside_a_nul(
    stored: bytes, other: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Found (2026-12-05, closed the same day): the same as above once the file also holds a
    # byte that is not UTF-8 -- a binary file to scan_bytes, once read for the ASCII forms only,
    # though ``cat`` shows the token.  Its text runs are read as text (textruns.py).
    data = b"x " + stored + b" y\n\x00" + other + b"\n"
    want = [(1, 6 if stored.startswith(b"<b>") else 3, "CUTOVER_PASS")]
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    assert (found(data), streamed(data, 5)) == (want, want)


# NULs inside what a terminal acts on: it ignores them there too (found 2026-12-05: the terminal
# reading read them as characters, so cat showed these tokens and the scanner did not).
SPLIT_BY_NULS = [
    pytest.param(b"CUTOVER\x01\x00_PASS", id="nul-beside-a-silent-control"),
    pytest.param(b"CUTOVER_P\x00\x07\x00ASS", id="nuls-around-a-silent-control"),
    pytest.param(b"CUTOVER\x1b\x00[0m_PASS", id="nul-inside-a-terminal-code"),
    pytest.param(b"CUTOVER\x1b[\x000m_PASS", id="nul-inside-its-parameters"),
    pytest.param(b"CUTOVER_PA\x00\x08\x00\x08PASS", id="nuls-among-backspaces"),
    pytest.param("CUTOVER_PA\x08\x08PASS".encode("utf-16-le"), id="utf16-backspaces"),
    pytest.param("CUTOVER\x1b[0m_PASS".encode("utf-16-le"), id="utf16-terminal-code"),
]


@pytest.mark.parametrize("stored", SPLIT_BY_NULS)
@pytest.mark.parametrize("rest", [b"\x00\n", b"\x00\xd8\xd8\x00\xff\n"], ids=["ascii", "binary"])
def test_a_nul_inside_what_a_terminal_acts_on_is_ignored(
    stored: bytes, rest: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = b"x " + stored + b" y\n" + rest
    want = [(1, 3, "CUTOVER_PASS")]
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    assert (found(data), streamed(data, 5)) == (want, want)


def test_the_text_without_its_nuls_is_read_where_a_line_holds_a_nul_and_a_control() -> None:
    # (a terminal log with colour codes and a stray NUL elsewhere is not read a second time)
    assert words.nul_free_view(M, b"x CUTOVER\x1b\x00[0m_PASS y\n") == [(1, 2, 19, "CUTOVER_PASS", False)]
    assert words.nul_free_view(M, b"x CUTOVER\x1b\x00[0m_PASS y # rehearsal-hook: allow\n")[0][4] is True
    assert words.nul_free_view(M, b"\x1b[31mCUTOVER\x1b[0m\n\x00\n") == []


@pytest.mark.parametrize(
    "stored",
    [
        *[
            b"CUTOVER&\x00#95;PASS",
            b"FOO\x01\x00_PASSWORD",
            b"CUTOVER\x1b\x00[0m_PASSED",
            b"X_PA\x00\x08\x00\x08PASSWORD",
        ],
        *[b"FOO_PASSWORD", b"TEST_PASSED", b"BYPASS", b"CUTOVER&#95;PASSED", b"X\x1b[0m_PASSWORD"],
        *[b"CUTOVER%5Fpass", b"<b>cutover_</b>PASS", b"CUTOVER_PA\x08\x08PASSED", b"CUTOVER\\u005f_PASS_"],
    ],
)
@pytest.mark.parametrize("tail", [b"\n\x00\n", b"\n\x00\xff\n", b" \xff\x00"], ids=["nul", "nul-ff", "same-line"])
def test_near_misses_beside_a_nul_stay_clean(stored: bytes, tail: bytes) -> None:
    assert found(b"x " + stored + b" y" + tail) == []


@pytest.mark.parametrize(
    ("rest", "want"),
    [
        # the file is ASCII with a NUL: its text is read
        (b"plain\n", [(1, 3, "CUTOVER_PASS")]),
        # valid UTF-8 (NUL is a character): text, read as such
        ("é\n".encode(), [(1, 3, "CUTOVER_PASS")]),
        # not UTF-8, with a NUL: bytes that are not text, whose text runs are read as text
        # (README reading 3), whatever the first segment read on its own
        (b"\xff\n", [(1, 3, "CUTOVER_PASS")]),
    ],
    ids=["ascii", "utf8", "not-utf8"],
)
def test_a_stream_reads_a_nul_segment_as_the_whole_file_reads(
    rest: bytes, want: list[tuple[int, int, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = b"x CUTOVER&#95;PASS y\x00\n" + b"filler line\n" * 8 + rest
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    assert (found(data), streamed(data, 5)) == (want, want)


# ---------------------------------------------------------------------------------------------
# The prefilter: NUL-padded data without constructs skips the text reading (its cost), and
# skipping it changes no finding.

M = TokenMatcher()
# Data the prefilter passes (words, needles and their near misses, NULs, blanks, line ends) and,
# a few at a time among them, what a reading acts on: triggers and half-built constructs a NUL
# can split or a NUL's removal can join, silent controls, a lone CR, array and Markdown syntax,
# a placeholder, the pragma.
QUIET = ["\x00", "\x00\x00", " ", "\n", "\r\n", "\t", "_", "CUTOVER", "PASS", "_PASS", "X_PASS", "PASSWORD", "x", "9"]
ACTIVE = [
    *["\r", "\x01", "\x07", "\x7f", "\x08", "\x1b", "\x1b[0m", "&", "#", "95;", "&#95;", "&amp", ";", "%", "5F"],
    *["%5F", "\\", "u005f", "\\n", "<", "b>", "</b>", "<!--", "-->", "[", "]", '"', ",", "*", "~", "`", "__"],
    *["$Format:%H$", "$", "# rehearsal-hook: allow"],
]


def _outcome(read: Callable[[], object]) -> object:
    """What a reading gives: its findings, or the reason it cannot verify (a terminal code
    whose effect depends on other lines blocks every reading alike)."""
    try:
        return read()
    except CannotVerify as e:
        return str(e)


def _full(data: bytes) -> list[TokenHit]:
    """scan_nul_ascii with its text reading always built."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(text, "nul_text_is_stored", lambda matcher, data: False)
        return text.scan_nul_ascii(M, data)


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(st.sampled_from(QUIET), max_size=16),
    st.lists(st.tuples(st.integers(0, 16), st.sampled_from(ACTIVE)), max_size=2),
)
@example(["X_PASS", "\x00", "_PASS"], [])  # (found: the bytes reading named it X_PASS, the text X_PASS_PASS)
@example(["x", "\x00", "X_PASS"], [])  # (xX_PASS: X_PASS starts inside it)
@example(["CUTOVER", "X_PASS"], [(1, "\x01")])  # (a terminal joins them: CUTOVERX_PASS)
@example(["CUTOVER", "&", "\x00", "#", "95;", "PASS"], [])
@example(['["CUTOVER_", "PASS"]'], [])
@example(["x", "\x00", "CUTOVER_PASS"], [(2, "*"), (4, "*")])
@example(["CUTOVER", " ", "X_PASS"], [(1, "\\")])  # (reStructuredText's escaped blank joins: near.near_b)
@example(["CUTOVER", "_", "_PASS", "_PASS", " ", "_", "_"], [])  # (AsciiDoc's pair inside a word: near.near_b)
def test_a_skipped_text_reading_shows_nothing_the_bytes_reading_lacks(
    quiet: list[str], active: list[tuple[int, str]]
) -> None:
    parts = list(quiet)
    for at, fragment in sorted(active, reverse=True):
        parts.insert(at, fragment)
    data = ("".join(parts) + "\x00").encode()
    assert _outcome(lambda: text.scan_nul_ascii(M, data)) == _outcome(lambda: _full(data))


@pytest.mark.parametrize(
    "data",
    [
        b"record 0001 name=value FOO_PASSWORD\x00\x00\x00\x00\n" * 4,
        b"\x00" * 64 + b"CUTOVER_PASS" + b"\x00" * 64,
        b"CUTOVER_\x00\x00PASS y\n",  # (the bytes reading takes the NULs out)
    ],
)
def test_nul_padded_data_without_constructs_is_read_as_bytes_only(data: bytes) -> None:
    assert text.nul_text_is_stored(M, data)
    assert text.scan_nul_ascii(M, data) == scan_binary(M, data) == _full(data)


@pytest.mark.parametrize("stored", SHOWN)
def test_every_construct_beside_a_nul_is_read_as_text(stored: bytes) -> None:
    assert not text.nul_text_is_stored(M, b"x " + stored + b" y\n\x00\n")


# Found by a stress run of the stream against the whole file (c72def3): the text reading's
# hits were merged with the bytes reading's as tokens, without their stored extent, so a raw
# token inside a rendered one (a terminal's CUTOVE<BS>UTOVER_X_PASS) was reported in memory and
# merged away in a segment read as text.
FOUND_APART = [
    (39, 2, b"\x08PASS\x00\x00\x00`\r%5F\nCUTOVER\x08\x1bCUTOVER&#95;X_PASS\t\tCUTOVER"),
    (
        34,
        7,
        b"__PASS\x00CUTOVER_\x00&#95;\x00\x01\n_PASS%5F* x\n\x01PASS\x7f_PASS\x7fPASS*\x1b\x01<b>\x08CUTOVER&lowbar;</b>X_PASS\n",
    ),
]


@pytest.mark.parametrize(("chunk", "size", "data"), FOUND_APART)
def test_streamed_equals_in_memory_beside_a_nul(
    chunk: int, size: int, data: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    want = found(data)
    monkeypatch.setattr(segments, "CHUNK_SIZE", chunk)
    assert streamed(data, size) == want
    assert want  # (each holds a token)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(QUIET + ACTIVE), min_size=1, max_size=40),
    st.integers(4, 40),
    st.integers(1, 9),
)
def test_a_stream_of_ascii_with_nuls_reads_as_the_whole_file(parts: list[str], chunk: int, size: int) -> None:
    data = ("".join(parts) + "\x00").encode()
    want = _outcome(lambda: found(data))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(segments, "CHUNK_SIZE", chunk)
        assert _outcome(lambda: streamed(data, size)) == want


@pytest.mark.parametrize(
    "text",
    [
        "\x00é\n\r_PASＳ",
        "\x00\n\r_GRANTEDＰ",
        "\x00é\r\n\r_GRANTED_Ｐ",
        "x_AééBéＰZ9\nPASS\r\n\x00\x00éAA__Ｐ\r\n\r_GRANTED_Ｐ",  # (as found)
    ],
)
def test_a_reading_that_starts_at_a_line_end_ends(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Found (session 19; at 1675c21 already): the suite's property test of streaming hung, an
    # xdist worker at 100% CPU for good. Beside a NUL, a search of view_hits found the empty
    # line between LF and CR, where the unit read ends where it starts: the same place was
    # read again and again. An alarm turns the hang into this test's failure.
    def hang(signum: int, frame: object) -> None:
        raise TimeoutError("view_hits did not end")

    data = text.encode()
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    old = signal.signal(signal.SIGALRM, hang)
    signal.alarm(20)
    try:
        assert found(data) == streamed(data, 5) == []
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


# A NUL *character* of UTF-16 or UTF-32 without a BOM: a separator in the decoded text, which
# the bytes' reading with its NULs taken out joins to the word before it (found by hypothesis,
# test_compositions: every such text passed).
NUL_CHARACTER = [
    pytest.param("a\x00CUTOVER_PASS", [(1, 3, "CUTOVER_PASS")], id="before"),
    pytest.param("CUTOVER_PASS\x00a", [(1, 1, "CUTOVER_PASS")], id="after"),
    pytest.param("x\nab\x00CUTOVER_PASS\x00cd\n", [(2, 4, "CUTOVER_PASS")], id="between"),
    pytest.param("a\x00FOO_PASSWORD\x00TEST_PASSED", [], id="near-misses"),
]


@pytest.mark.parametrize(("stored", "want"), NUL_CHARACTER)
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_a_nul_character_of_utf16_or_utf32_without_a_bom_separates_words(
    stored: str, want: list[tuple[int, int, str]], codec: str
) -> None:
    data = stored.encode(codec)
    assert found(data) == want
    for size in (5, 64):
        assert streamed(data, size) == want, size
