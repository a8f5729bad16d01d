"""Texts a reader shows of a whole file that are no reading of its lines -- an RTF file's text
(rtf.py), a mail's decoded body (quoted.py), a manual page read with the document state its
requests set (roffstate.py) --, each read as any text is and its tokens placed at the stored
line and column of the byte their first character comes from (text.scan_bytes, scan_str)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan.lines import last_line_start, line_ends
from rehearsal_hook.scan.matcher import ALLOW_PRAGMA, TokenHit

# A shown text, and the stored offset of the byte each of ascending character indexes of it
# comes from.
Shown = tuple[str, Callable[[list[int]], list[int]]]


def with_shown(
    read: Callable[[str], list[TokenHit]], data: bytes, hits: list[TokenHit], shown: list[Shown]
) -> list[TokenHit]:
    """``hits`` (of ``data``) plus the tokens ``read`` finds in each shown text that are not
    one of them at its place.  (Each token a place shows is a finding of its own: an
    exemption of one never covers another that a shown text shows there.)"""
    if not shown:
        return hits
    have = {(h.line, h.column, h.token) for h in hits}
    more = {h for text, stored in shown for h in _shown_hits(read, data, text, stored)}
    return sorted([*hits, *(h for h in more if (h.line, h.column, h.token) not in have)])


def in_bytes(text: str, stored: Callable[[list[int]], list[int]], errors: str) -> Callable[[list[int]], list[int]]:
    """``stored`` (character indexes of ``text``) as offsets in ``text`` encoded as UTF-8 with
    ``errors``: counted forward once over the indexes asked for (linear)."""

    def offsets(places: list[int]) -> list[int]:
        out: list[int] = []
        char = byte = 0
        for at in stored(places):  # (ascending: a shown text keeps the stored order)
            byte += len(text[char:at].encode("utf-8", errors))
            char = at
            out.append(byte)
        return out

    return offsets


def _shown_hits(
    read: Callable[[str], list[TokenHit]], data: bytes, shown: str, stored: Callable[[list[int]], list[int]]
) -> list[TokenHit]:
    """The tokens of ``shown``, the text a reader shows of ``data`` (``stored``: the stored
    offset of the byte each of ascending character indexes comes from), each at the stored
    line and column of its first character's byte; excused by the pragma only if every
    stored line it takes letters from carries it."""
    starts = [0, *(m.end() for m in _LINE_END.finditer(shown))]
    firsts = []
    for hit in read(shown):
        first = starts[hit.line - 1] + hit.column - 1
        firsts.append((first, min(first + len(hit.token), len(shown)) - 1, hit.token))
    order = sorted({k for first, last, _ in firsts for k in (first, last)})
    at = dict(zip(order, stored(order), strict=True))
    spans = sorted((at[first], at[last], token) for first, last, token in firsts)
    pragmas = [m.start() for m in re.finditer(re.escape(ALLOW_PRAGMA.encode()), data)]
    marked = {line for line, _ in _stored_places(data, pragmas)}
    out: list[TokenHit] = []
    for (first, last, token), (line, column) in zip(spans, _stored_places(data, [s[0] for s in spans]), strict=True):
        excused = all(k in marked for k in range(line, line + line_ends(data, first, last) + 1))
        out.append(TokenHit(line, column, token, excused))
    return out


_LINE_END = re.compile(r"\r\n|\r|\n")


def _stored_places(data: bytes, positions: list[int]) -> list[tuple[int, int]]:
    """The line and column of each of the ascending ``positions`` of ``data``, counted forward
    once (many places on one long line: linear)."""
    out: list[tuple[int, int]] = []
    line, pos, column = 1, 0, 1
    for at in positions:
        start = last_line_start(data, pos, at)
        if start > pos or (pos == 0 and start == 0):
            line += line_ends(data, pos, start)
            column = 1
            pos = start
        column += len(data[pos:at].decode("utf-8", "replace"))
        pos = at
        out.append((line, column))
    return out


class Builder:
    """A shown text as it is built, and where each character comes from: runs, each from its
    first shown index either one stored character a character (step 1) or all from one stored
    character (step 0: what a translation, a definition or a substitution writes for it).
    Past ``limit`` runs, or ``limit`` characters more than the ``stored`` text's, it raises
    ``too_many()``: the memory of what is written for others stays bounded."""

    def __init__(self, stored: int, limit: int, too_many: Callable[[], CannotVerify]) -> None:
        self.parts: list[str] = []
        self.size, self.stored_size = 0, stored
        self.starts, self.froms, self.steps = [0], [0], [1]
        self.limit, self.too_many = limit, too_many

    def add(self, text: str, at: int, step: int = 1) -> None:
        """``text``, from stored index ``at`` on (step 1) or all from it (step 0)."""
        if not text:
            return
        last = len(self.starts) - 1
        if step == 0 or self.steps[last] == 0 or self.froms[last] + self.size - self.starts[last] != at:
            if self.starts[last] == self.size:
                self.froms[last], self.steps[last] = at, step
            else:
                self.starts.append(self.size)
                self.froms.append(at)
                self.steps.append(step)
                if len(self.starts) > self.limit:
                    raise self.too_many()
        self.parts.append(text)
        self.size += len(text)
        if self.size > self.stored_size + self.limit:
            raise self.too_many()

    def stored(self, places: list[int]) -> list[int]:
        """The stored index of the character at each shown index of ``places``."""
        out = []
        for k in places:
            i = bisect.bisect_right(self.starts, k) - 1
            out.append(self.froms[i] + self.steps[i] * (k - self.starts[i]))
        return out
