"""A file as a checkout that converts line endings writes it: git's ``text eol=crlf``, or
``text`` (and ``text=auto`` on a file git finds no binary) where the reader's ``core.eol`` or
``core.autocrlf`` asks for CRLF, puts a CR byte before every LF byte that has none
(convert.c's crlf_to_worktree: the "lone" LFs), whatever the encoding.  In an encoding whose
code units are one byte that changes no letter.  In UTF-16 or UTF-32 an LF byte can be half
of a character (``0A 43`` is U+430A in UTF-16LE), and the CR shifts every code unit after it:
stored ``FF FE 0A 43 00 55 00 ...`` reads as CJK letters, checked out ``FF FE 0D 0A 43 00 55
00 ...`` reads U+0A0D, then ``CU...``.  Which attributes a reader's checkout applies is not the
change's to say (a clone's core.autocrlf, attributes a later commit brings), so a text read
in those encodings is read as so written as well where git converts it with no attribute
asking -- a reader's ``core.autocrlf`` (auto_converts: git's own test, convert.c's
gather_stats and convert_is_binary).  A file git calls binary (a NUL: UTF-16 of ASCII text)
is converted only where an attribute asks (``text``, ``eol=crlf``): sources/checkouts.py
reads those, where the attributes are known."""

from __future__ import annotations

from collections.abc import Iterable

# The bytes convert.c's gather_stats counts as nonprintable: C0 but BS, HT, LF, FF, CR, ESC;
# DEL.  (NUL too, but a text holding one is binary before this count is asked.)
_NONPRINTABLE = bytes(c for c in range(32) if c not in (8, 9, 10, 12, 13, 27)) + b"\x7f"


def auto_converts(data: bytes) -> bool:
    """Whether git writes ``data`` with CRs added where only a reader's configuration asks
    (``core.autocrlf=true``, or ``text=auto`` and ``core.eol=crlf``): a lone LF, no CR at all
    (a CR or CR LF anywhere and git leaves the file alone), and not binary by git's test -- no
    NUL, and a nonprintable byte at most for every 128 printable ones (a last byte ^Z not
    counted).  Passes of C speed: ``in``, ``count``, ``translate``."""
    if b"\n" not in data or b"\r" in data or b"\x00" in data:
        return False
    nonprintable = len(data) - len(data.translate(None, _NONPRINTABLE)) - data.endswith(b"\x1a")
    printable = len(data) - data.count(b"\n") - nonprintable - data.endswith(b"\x1a")
    return printable >> 7 >= nonprintable


def auto_converts_chunks(chunks: Iterable[bytes]) -> bool:
    """auto_converts over a stream."""
    lf = nonprintable = size = 0
    last = b""
    for chunk in chunks:
        if b"\r" in chunk or b"\x00" in chunk:
            return False
        size += len(chunk)
        lf += chunk.count(b"\n")
        nonprintable += len(chunk) - len(chunk.translate(None, _NONPRINTABLE))
        last = chunk[-1:] or last
    ends = last == b"\x1a"
    return lf > 0 and size - lf - nonprintable >> 7 >= nonprintable - ends


def written(data: bytes) -> bytes:
    """``data`` as a checkout that converts line endings writes it: a CR before each LF that
    has none (convert.c's crlf_to_worktree; a CR anywhere else stays as it is)."""
    if b"\r" not in data:  # (all that auto_converts leaves: one pass)
        return data.replace(b"\n", b"\r\n")
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
