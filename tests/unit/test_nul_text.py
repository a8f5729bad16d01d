"""ASCII holding a NUL byte is read as text too (text.scan_nul_ascii), in memory and streamed.
A terminal prints no NUL and acts on the codes around it (``cat``), a browser reads the rest as
text; these were found (2026-12-05) read only as bytes -- words, and words with the NULs taken
out --, so every rendered reading passed: a terminal code, a backspace, a reference, a percent
byte, an escape, a tag beside a NUL anywhere in the file.  Two places must agree: scan_bytes's
ASCII branch and the stream's whole-file reading (stream._whole: NUL_ASCII)."""

from __future__ import annotations

import pytest

from rehearsal_hook.scan import segments

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


@pytest.mark.parametrize(
    "stored", [b"FOO_PASSWORD", b"TEST_PASSED", b"BYPASS", b"CUTOVER&#95;PASSED", b"X\x1b[0m_PASSWORD"]
)
def test_near_misses_beside_a_nul_stay_clean(stored: bytes) -> None:
    assert found(b"x " + stored + b" y\n\x00\n") == []


@pytest.mark.parametrize(
    ("rest", "want"),
    [
        # the file is ASCII with a NUL: its text is read
        (b"plain\n", [(1, 3, "CUTOVER_PASS")]),
        # valid UTF-8 (NUL is a character): text, read as such
        ("é\n".encode(), [(1, 3, "CUTOVER_PASS")]),
        # not UTF-8, with a NUL: bytes that are not text, read for the ASCII forms only (README
        # reading 3), whatever the first segment read on its own
        (b"\xff\n", []),
    ],
    ids=["ascii", "utf8", "not-utf8"],
)
def test_a_stream_reads_a_nul_segment_as_the_whole_file_reads(
    rest: bytes, want: list[tuple[int, int, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = b"x CUTOVER&#95;PASS y\x00\n" + b"filler line\n" * 8 + rest
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    assert (found(data), streamed(data, 5)) == (want, want)
