"""Row 1 of a file with a UTF-16 or UTF-32 BOM as a terminal shows it: ``cat`` draws each of
the BOM's bytes that is in no UTF-8 character (FF FE, FE FF) as a cell, U+FFFD, and its NULs as
nothing, before the row's text -- so that a lone CR and a move right counted from the row's
start (``DEPLOY`` CR ``ESC [8C`` ``_OK``, in UTF-16) land two cells further on than in the
text without them: xterm shows the row as ``��DEPLOY_OK`` (its screen printed, ``ESC [i``).

The text of a BOM's file and the text runs of its bytes (textruns.py) are read from the
character after the BOM, the row's first cells lost: row 1 as ``cat`` shows it is a reading of
its own, read only where the row moves the cursor (carriage.acts) and is at most ROW_LIMIT
bytes long (past it: not read, as a terminal line longer than a piece is read for its stored
tokens only, views._carriage_hits).  Its tokens are placed at the line and column of the
decoded text where their first letter's code unit starts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rehearsal_hook.scan.carriage import acts
from rehearsal_hook.scan.decode import utf_bom
from rehearsal_hook.scan.matcher import TokenHit, TokenMatcher
from rehearsal_hook.scan.readings import PIECE

# The longest row 1 read so (bytes).
ROW_LIMIT = PIECE
_NO_UTF8 = re.compile("[\udc80-\udcff]")  # (a byte in no UTF-8 character, surrogateescape's)
_LINE_END = re.compile(r"\r\n|\r|\n")


def first_row(chunks: Iterable[bytes]) -> bytes:
    """The bytes of ``chunks`` up to the first line feed, or ROW_LIMIT and one more: row 1 of a
    terminal (read no further)."""
    head = b""
    for chunk in chunks:
        head += chunk
        if b"\n" in head or len(head) > ROW_LIMIT:
            break
    end = head.find(b"\n")
    return head[: ROW_LIMIT + 1] if end == -1 else head[:end]


def row_hits(matcher: TokenMatcher, chunks: Iterable[bytes]) -> list[TokenHit]:
    """The tokens row 1 of a BOM's file (its bytes ``chunks``, read up to the row's end: first_row)
    shows on a terminal, at the line and column of the decoded text; none where the row moves
    nothing, is too long, or has no UTF-16 or UTF-32 BOM."""
    row = first_row(chunks)
    codec = utf_bom(row)
    if codec is None or len(row) > ROW_LIMIT:
        return []
    stored = row.decode("utf-8", "surrogateescape")
    shown = _NO_UTF8.sub("\ufffd", stored)
    if not acts(shown):
        return []
    from rehearsal_hook.scan.text import _with_view  # (it reads through this module)
    from rehearsal_hook.scan.views import view_hits

    starts = [0, *(m.end() for m in _LINE_END.finditer(shown))]
    unit = 2 if codec == "utf-16" else 4
    out = []
    # (lenient, as textruns reads the runs of such bytes: a code that would move the cursor to
    # another row does nothing -- U+1D1B in UTF-16 is ESC GS, and ``H`` after it an HTS; read
    # strictly, that row blocked the file.  Its stored tokens are the decoded text's.)
    for hit in _with_view([], view_hits(matcher, shown, lenient=True)):
        at = len(stored[: starts[hit.line - 1] + hit.column - 1].encode("utf-8", "surrogateescape"))
        before = row[: at - at % unit].decode(codec, "replace")  # (the BOM read and dropped)
        ends = [m.end() for m in _LINE_END.finditer(before)]
        out.append(TokenHit(len(ends) + 1, len(before) - (ends[-1] if ends else 0) + 1, hit.token, hit.pragma))
    return out
