"""A file as a checkout that converts line endings writes it: git's ``text eol=crlf``, or
``text`` (and ``text=auto`` on a file git finds no binary) where the reader's ``core.eol`` or
``core.autocrlf`` asks for CRLF, puts a CR byte before every LF byte that has none
(convert.c's crlf_to_worktree: the "lone" LFs), whatever the encoding.  In an encoding whose
code units are one byte that changes no letter.  In UTF-16 or UTF-32 an LF byte can be half
of a character (``0A 43`` is U+430A in UTF-16LE), and the CR shifts every code unit after it:
stored ``FF FE 0A 43 00 55 00 ...`` reads as CJK letters, checked out ``FF FE 0D 0A 43 00 55
00 ...`` reads U+0A0D, then ``CU...``.  Which attributes a reader's checkout applies is not the
change's to say (a clone's core.autocrlf, attributes a later commit brings), so a text read
in those encodings is read as so written as well (text.py, stream.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_LONE_LF = re.compile(rb"(?<!\r)\n")


def crlf_written(data: bytes) -> bytes | None:
    """``data`` with a CR before each lone LF, as such a checkout writes it; None where it
    holds no lone LF (the checkout writes it as stored)."""
    if data.count(b"\n") == data.count(b"\r\n"):
        return None
    # (two passes of bytes.replace, where one of re.sub tests every byte for an LF: a CR
    # before an LF already there doubles, and CR CR LF is then such a pair again)
    return data.replace(b"\n", b"\r\n").replace(b"\r\r\n", b"\r\n")


def crlf_written_chunks(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """crlf_written over a stream: an LF at a chunk's start is lone unless the chunk before
    ends in a CR."""
    after_cr = False
    for chunk in chunks:
        if not chunk:
            continue
        if after_cr and chunk[0] == 0x0A:
            yield b"\n" + (crlf_written(chunk[1:]) or chunk[1:])  # (chunk[1], if an LF, follows one)
        else:
            yield crlf_written(chunk) or chunk
        after_cr = chunk[-1] == 0x0D


def has_lone_lf(chunks: Iterable[bytes]) -> bool:
    """Whether a stream holds a lone LF (crlf_written_chunks then changes it)."""
    after_cr = False
    for chunk in chunks:
        if not chunk:
            continue
        if _LONE_LF.search(chunk, 1) is not None or (chunk[0] == 0x0A and not after_cr):
            return True
        after_cr = chunk[-1] == 0x0D
    return False
