"""What the scanner's table tests share: the default matcher's findings as (line, column,
token), in memory and streamed, and one assertion that a text is read the same everywhere (as
text, as UTF-8 and UTF-16 bytes, streamed in small chunks)."""

from __future__ import annotations

import pytest

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import segments
from rehearsal_hook.scan.matcher import TokenMatcher
from rehearsal_hook.scan.stream import scan_file_chunks
from rehearsal_hook.scan.text import scan_bytes, scan_str
from rehearsal_hook.scan.textruns import scan_binary_text

M = TokenMatcher()
Found = list[tuple[int, int, str]]


def found(data: bytes) -> Found:
    """The findings of ``data`` read whole."""
    return [(h.line, h.column, h.token) for h in scan_bytes(M, data)]


def streamed(data: bytes, size: int) -> Found:
    """The findings of ``data`` streamed in chunks of ``size`` bytes."""
    hits = scan_file_chunks(M, lambda: (data[i : i + size] for i in range(0, len(data), size)))
    return [(h.line, h.column, h.token) for h in hits]


def in_memory(text: str, want: Found) -> None:
    """``text`` has exactly the findings ``want`` as text and as UTF-8 bytes; as UTF-16 bytes,
    those and only what a terminal shows of the bytes besides (text._scan_bom: ``cat`` shows
    ``一``, ``00 4E``, as ``N``, and drops a combining acute's ``01 03``, two controls)."""
    assert [(h.line, h.column, h.token) for h in scan_str(M, text)] == want, repr(text)
    assert found(text.encode()) == want, repr(text)
    data = text.encode("utf-16")
    got = found(data)
    shown = [(h.line, h.column, h.token) for h in scan_binary_text(M, data)]
    assert [h for h in got if h in want] == want, repr(text)
    assert all(h in shown for h in got if h not in want), repr(text)


def in_memory_only(
    text: str, want: Found, monkeypatch: pytest.MonkeyPatch, reason: str, encodings: tuple[str, ...] = ("utf-8",)
) -> None:
    """in_memory, and streamed it blocks with ``reason`` (16-byte stream chunks read 5 bytes at a
    time, in each of ``encodings``): a reading a stream cannot make, the limit of a streamed one."""
    in_memory(text, want)
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    for encoding in encodings:
        with pytest.raises(CannotVerify, match=reason):
            streamed(text.encode(encoding), 5)


def everywhere(text: str, want: Found, monkeypatch: pytest.MonkeyPatch) -> None:
    """in_memory, and streamed too (16-byte stream chunks read 5 bytes at a time)."""
    in_memory(text, want)
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    assert streamed(text.encode(), 5) == want, repr(text)


class CountingFind(str):
    """A text that adds up how far each ``find`` on it searches."""

    searched = 0

    def find(self, sub: str, start: int | None = 0, end: int | None = None) -> int:  # type: ignore[override]
        stop = len(self) if end is None else end
        at = str.find(self, sub, start, stop)
        CountingFind.searched += (stop if at == -1 else at) - (start or 0)
        return at


class CountingPattern:
    """A compiled pattern, counting how many characters each ``finditer`` may search (a
    linear-cost test's measure: no timing)."""

    def __init__(self, pattern: object, searched: list[int]) -> None:
        self._pattern, self._searched = pattern, searched

    def __getattr__(self, name: str) -> object:
        return getattr(self._pattern, name)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):  # type: ignore[no-untyped-def]
        self._searched.append((len(text) if endpos is None else endpos) - pos)
        return self._pattern.finditer(text, pos, len(text) if endpos is None else endpos)  # type: ignore[attr-defined]
