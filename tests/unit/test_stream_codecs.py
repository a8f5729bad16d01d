"""A stream's readings in other encodings end like the in-memory ones: what a codec cannot
decode is not that reading, whichever error the codec's incremental decoder raises."""

from __future__ import annotations

import pytest

from rehearsal_hook.scan import segments

from .scanning import found, streamed

# Found by the suite's fuzz run (fixed inputs) in CI: an ESC left open before a run of "&"
# makes ISO-2022-JP's incremental decoder raise UnicodeError("pending buffer overflow"), not
# UnicodeDecodeError, and the stream ended in an internal error (exit 3) where the whole file
# read in memory is simply not ISO-2022-JP.
OPEN_ESCAPES = [
    pytest.param(b"\xc6\xfa\xbbI\xbcUTLuER\x1b" + b"&" * 70 + b"[0m_PASSPASSX\x08", id="fuzz-find"),
    pytest.param(b"x \xff\x1b" + b"(" * 40 + b" CUTOVER_PASS\n", id="escape-of-parens"),
    pytest.param(b"\x1b" + b"$" * 64 + b"\nCUTOVER_PASS y\n\xff", id="escape-of-dollars"),
]


@pytest.mark.parametrize("data", OPEN_ESCAPES)
@pytest.mark.parametrize("size", [1, 5, 64])
def test_an_escape_left_open_reads_as_in_memory(data: bytes, size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    want = found(data)
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    assert streamed(data, size) == want
