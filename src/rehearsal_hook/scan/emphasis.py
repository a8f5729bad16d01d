"""Emphasis, strong and strikethrough delimiters of the Markdown reading (markdown.py):
CommonMark's flanking rules and markdown-it's pairing (balance_pairs), linear by the
"openers bottom" rule and the jumps over runs already paired (commonmark/cmark#178)."""

from __future__ import annotations

import functools
import unicodedata

ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_WHITE = frozenset("\t\n\x0b\x0c\r \xa0\u1680\u202f\u205f\u3000" + "".join(chr(c) for c in range(0x2000, 0x200B)))


def white(c: str) -> bool:
    return c in _WHITE


@functools.lru_cache(maxsize=4096)
def punct(c: str) -> bool:
    return c in ASCII_PUNCT or unicodedata.category(c).startswith(("P", "S"))


class Delim:
    """One delimiter (a character of a ``*`` or ``_`` run, or a ``~~``).  (A plain class:
    importing dataclasses cost 14 ms of every start-up.)"""

    __slots__ = ("close", "end", "length", "marker", "open", "pos", "token", "width")

    def __init__(self, marker: str, length: int, token: int, pos: int, width: int, can_open: bool, can_close: bool):
        self.marker = marker
        self.length = length  # of its run (``*`` and ``_``; 0: no rule of three)
        self.token = token  # adjacent delimiters of one run have consecutive tokens
        self.pos, self.width = pos, width
        self.open, self.close = can_open, can_close
        self.end = -1  # the index of its closer, once paired


def flanking(line: str, start: int, end: int, split_word: bool) -> tuple[bool, bool]:
    """Whether the delimiter run ``line[start:end]`` can open and close (CommonMark)."""
    before = line[start - 1] if start > 0 else " "
    after = line[end] if end < len(line) else " "
    return flanking_beside(before, after, split_word)


def flanking_beside(before: str, after: str, split_word: bool) -> tuple[bool, bool]:
    """Whether a delimiter run with ``before`` and ``after`` beside it can open and close."""
    p_before, p_after = punct(before), punct(after)
    w_before, w_after = white(before), white(after)
    left = not (w_after or (p_after and not (w_before or p_before)))
    right = not (w_before or (p_before and not (w_after or p_after)))
    can_open = left and (split_word or not right or p_before)
    can_close = right and (split_word or not left or p_after)
    return can_open, can_close


def balance(delims: list[Delim]) -> None:
    """markdown-it's processDelimiters: pair each closer with the nearest opener it may close;
    linear by the openers bottom and the jumps over runs already paired."""
    bottoms: dict[str, list[int]] = {}
    header = 0
    last_token = -2
    jumps: list[int] = []
    for ci, closer in enumerate(delims):
        jumps.append(0)
        if delims[header].marker != closer.marker or last_token != closer.token - 1:
            header = ci
        last_token = closer.token
        if not closer.close:
            continue
        bottom = bottoms.setdefault(closer.marker, [-1] * 6)
        slot = (3 if closer.open else 0) + closer.length % 3
        oi = header - jumps[header] - 1
        new_min = oi
        while oi > bottom[slot]:
            opener = delims[oi]
            if opener.marker != closer.marker:
                oi -= jumps[oi] + 1
                continue
            if opener.open and opener.end < 0:
                odd = (
                    (opener.close or closer.open)
                    and (opener.length + closer.length) % 3 == 0
                    and (opener.length % 3 != 0 or closer.length % 3 != 0)
                )
                if not odd:
                    last_jump = jumps[oi - 1] + 1 if oi > 0 and not delims[oi - 1].open else 0
                    jumps[ci] = ci - oi + last_jump
                    jumps[oi] = last_jump
                    closer.open = False
                    opener.end = ci
                    opener.close = False
                    new_min = -1
                    last_token = -2
                    break
            oi -= jumps[oi] + 1
        if new_min != -1:
            bottom[slot] = new_min


def hide_paired(delims: list[Delim], hidden: list[tuple[int, int, str]]) -> None:
    for d in delims:
        if d.end >= 0:
            c = delims[d.end]
            hidden.append((d.pos, d.pos + d.width, ""))
            hidden.append((c.pos, c.pos + c.width, ""))


def flank_as_a_text(line: str, start: int, end: int, delims: list[Delim], own_start: bool) -> None:
    """The delimiters of ``line[start:end]`` (``delims``, found in the line) as they flank when
    markdown-it parses that as a text of its own.  An image's description is parsed anew
    (``own_start``): a run at either edge has a blank beside it, not the bracket
    (``![*_PASS**](u)`` shows ``_PASS*``).  A link's text is parsed in place but up to its
    ``]`` only: the run at its end has a blank after it, the run at its start still sees the
    ``[`` (``[_PASS.__](u)`` shows ``PASS._``).  cmark parses both in place, as found.  Only
    the runs at the edges change."""
    if start >= end:
        return
    edges = []
    for at in (start, end - 1) if own_start else (end - 1,):
        c = line[at]
        if c in "*_~":
            a = b = at
            while a > start and line[a - 1] == c:
                a -= 1
            while b + 1 < end and line[b + 1] == c:
                b += 1
            before = line[a - 1] if a > start or (a > 0 and not own_start) else " "
            after = line[b + 1] if b + 1 < end else " "
            edges.append((a, b + 1, flanking_beside(before, after, c != "_")))
    for d in delims:
        for a, b, (can_open, can_close) in edges:
            if a <= d.pos < b:
                d.open, d.close = can_open, can_close
