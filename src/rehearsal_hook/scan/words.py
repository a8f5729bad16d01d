"""Words in bytes: the fast path of the scanner.  Finds the words that hold a needle with
``bytes.find``-speed searches and turns them into hits with editor line and column numbers;
also the reading of bytes with NUL bytes taken out (UTF-16 without a BOM, tokens split by
NULs)."""

from __future__ import annotations

import itertools
import re
from array import array
from collections.abc import Iterator, Sequence
from typing import overload

from rehearsal_hook.scan.decode import has_utf8_bom, utf_bom
from rehearsal_hook.scan.lines import last_line_start, line_ends, stored_spans
from rehearsal_hook.scan.matcher import (
    _LINE_END_B,
    _NONWORD_B,
    ALLOW_PRAGMA,
    SILENT_B,
    TokenHit,
    TokenMatcher,
    unseen_at_places,
)
from rehearsal_hook.scan.patterns import compiled


def byte_words(matcher: TokenMatcher, data: bytes) -> list[TokenHit]:
    """The tokens among the words of ``data``'s bytes as stored (ASCII words, a NUL or any
    byte that is not ASCII between them).  Columns count bytes."""
    return hits_at(matcher, data, raw_word_spans(matcher, data), utf8=False)


def scan_binary(matcher: TokenMatcher, data: bytes) -> list[TokenHit]:
    """Bytes that are not text: find the ASCII forms, also with NUL bytes taken out (which
    reveals UTF-16 text without a BOM and tokens split by NULs).  Columns count bytes."""
    hits = byte_words(matcher, data)
    # (the word the NULs split can be another token where the bytes show one -- a token,
    # NUL, then a seal suffix read as one longer word: both count)
    added = unseen_at_places(
        hits, [TokenHit(ln, c + 1, t, bool(pr)) for ln, c, _, t, pr in nul_free_spans(matcher, data)]
    )
    return sorted([*hits, *added]) if added else hits


def nul_free_spans(matcher: TokenMatcher, data: bytes) -> list[tuple[int, int, int, str, bool | None]]:
    """The tokens of ``data`` with its NUL bytes taken out, at their place in ``data``: (line,
    start column, end column, token, pragma), 0-based byte columns, the end past the token's
    last stored byte (NULs among its letters count)."""
    if b"\x00" not in data:
        return []
    stripped = data.replace(b"\x00", b"")
    spans = [(s, e) for s, e in raw_word_spans(matcher, stripped) if matcher.is_token_word(stripped[s:e])]
    if not spans:  # (so that hits_at keeps each: one hit a span)
        return []
    mapping = NulMap(data)
    orig = [(mapping.to_original(s), mapping.to_original(e - 1) + 1) for s, e in spans]
    words = [stripped[s:e] for s, e in spans]
    hits = hits_at(matcher, data, orig, utf8=False, words=words)
    return [
        (h.line, h.column - 1, h.column - 1 + e - s, h.token, h.pragma) for h, (s, e) in zip(hits, orig, strict=True)
    ]


# The controls but NUL, TAB and LF: a terminal acts on them or prints nothing for them, and a
# NUL among them changes nothing there.
_ACTS_B = re.compile(rb"[\x01-\x08\x0b-\x1f\x7f]")
# A line holding a NUL and such a control: only a text holding one is read again (a terminal log
# with colour codes and a stray NUL on another line is not; each line is tried from its start,
# twice at most -- linear).  (Limit: a token whose letters run on over a line break, with the
# NUL on one line and the control on the other, is not read so.)
# (compiled where a text holds a NUL)
_BOTH_ON_A_LINE_B = (
    rb"(?m)^[^\n\x00-\x08\x0b-\x1f\x7f]*+(?:\x00[^\n]*?[\x01-\x08\x0b-\x1f\x7f]|[\x01-\x08\x0b-\x1f\x7f][^\n]*?\x00)"
)


def nul_free_view(
    matcher: TokenMatcher, data: bytes, *, lenient: bool = False
) -> list[tuple[int, int, int, str, bool]]:
    """The tokens a terminal shows of ASCII (or UTF-8) ``data`` holding NULs where they split what it acts
    on: it ignores a NUL, inside a code, among backspaces, beside a control it prints nothing
    for (``CUTOVER<SOH><NUL>_P...``, ``ESC NUL [0m``, ``PA<NUL><BS>``).  The readings of the text
    with its NULs taken out, a token kept where its stored extent holds a NUL and another
    control (a browser reads ``&<NUL>#95;`` as no reference); at its stored place
    (lines.stored_spans)."""
    if b"\x00" not in data or compiled(_BOTH_ON_A_LINE_B).search(data) is None:
        return []
    # (the readings: most of the scanner, imported where such a text is read)
    from rehearsal_hook.scan.views import view_hits

    stripped = data.replace(b"\x00", b"")
    # (a binary file's text run may hold UTF-8 characters: its columns then count bytes)
    ascii = stripped.isascii()
    text = stripped.decode("utf-8")
    spans = view_hits(
        matcher, text, stripped, byte_columns=not ascii, spans=raw_word_spans(matcher, stripped), lenient=lenient
    )
    if not spans:
        return []
    mapping = NulMap(data)
    starts = [0, *(m.end() for m in _LINE_END_ANY.finditer(stripped))]
    extents = []
    for ln, c, e, t, _ in spans:
        s = mapping.to_original(starts[ln - 1] + c)
        end = mapping.to_original(starts[ln - 1] + e - 1) + 1
        if b"\x00" in data[s:end] and _ACTS_B.search(data, s, end):
            extents.append((s, end, t))
    return stored_spans(data, sorted(extents))


_LINE_END_ANY = re.compile(rb"\r\n|\r|\n")
_SILENT_AT = re.compile(SILENT_B)


def silent_beside(data: bytes, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether a word of ``spans`` (raw_word_spans: the words holding a needle, or a needle cut
    short by a silent control) has a control a terminal does not print right before or after
    it: then the terminal reading, which drops it, can join it to a token.  Without one, that
    reading shows the same words as the stored text (a token is a needle word joined to what
    is beside it, and a silent control inside a needle cuts it: matcher.needle_re)."""
    for s, e in spans:
        if (
            _SILENT_AT.match(data, e)
            or (s and _SILENT_AT.match(data, s - 1))
            or (s > 1 and _SILENT_AT.match(data, s - 2))
        ):
            return True
    return False


class NulMap:
    """Maps offsets in ``data.replace(b'\\0', b'')`` back to offsets in ``data``.

    Kept as a count of the bytes that are not NUL before each block of ``BLOCK`` stored bytes
    (8 bytes a block): a list of every NUL run held about 80 bytes for each of them, 40 times
    the size of a UTF-16 text of Latin letters, whose every other byte is a NUL run (8.4 MB
    took 371 MB).  An offset is found by bisecting the blocks, then its block with counts of
    NULs (C speed): 9 counts over at most ``BLOCK`` bytes.  (256: the blocks are 3% of the
    data; a file of 100,000 tokens split by a NUL each scans in 1.4 s, 3.0 s with blocks of 4
    KiB, 1.0 s with the list -- each lookup's Python steps, not the counts, cost.)"""

    BLOCK = 256

    def __init__(self, data: bytes) -> None:
        self._data = data
        block = self.BLOCK
        kept = array("q", [0])  # bytes not NUL before block k
        count = data.count
        total = 0
        for lo in range(0, len(data), block):
            total += min(block, len(data) - lo) - count(b"\x00", lo, lo + block)
            kept.append(total)
        self._kept = kept

    def to_original(self, pos: int) -> int:
        """The offset in ``data`` of the stripped text's byte ``pos`` (past the end: shifted by
        every NUL)."""
        import bisect

        kept, data = self._kept, self._data
        if pos >= kept[-1]:
            return pos + len(data) - kept[-1]
        k = bisect.bisect_right(kept, pos) - 1  # the block holding it: kept[k] <= pos < kept[k + 1]
        lo = k * self.BLOCK
        want = pos - kept[k]  # bytes not NUL before it within the block
        # the least end with want + 1 bytes not NUL in data[lo:end]; the byte before it is ours
        a, b = lo + want + 1, min(lo + self.BLOCK, len(data))
        count = data.count
        while a < b:
            mid = (a + b) // 2
            if mid - lo - count(b"\x00", lo, mid) >= want + 1:
                b = mid
            else:
                a = mid + 1
        return a - 1


class WordSpans(Sequence[tuple[int, int]]):
    """Spans (start, end), kept as one array of offsets: 16 bytes a span, where a list of
    tuples held about 125 -- a file of words that end with a needle and are no token (``a_PASS``
    lines: most of the words a candidate) held 1.1 GiB for 64 MiB, most of it this list."""

    __slots__ = ("at",)
    __hash__ = None  # type: ignore[assignment]

    def __init__(self) -> None:
        self.at = array("q")  # start, end, start, end...

    def __len__(self) -> int:
        return len(self.at) >> 1

    @overload
    def __getitem__(self, i: int) -> tuple[int, int]: ...
    @overload
    def __getitem__(self, i: slice) -> list[tuple[int, int]]: ...
    def __getitem__(self, i: int | slice) -> tuple[int, int] | list[tuple[int, int]]:
        if isinstance(i, slice):
            return list(self)[i]
        k = range(len(self))[i] << 1  # (an index error past the end, as a list's)
        return self.at[k], self.at[k + 1]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        offsets = iter(self.at)
        return zip(offsets, offsets, strict=True)  # (an even count: a start and an end a span)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)


def raw_word_spans(matcher: TokenMatcher, data: bytes, *, cut: bool = True) -> WordSpans:
    """Spans of the words that contain a needle, in order, each word once.  ``cut=False``:
    ``data`` holds no needle cut short by a silent control (matcher.whole_needle_re).

    Linear: each search starts where the last word ended, and a word is expanded only once
    however many needles it holds.
    """
    search = (matcher.needle_re if cut else matcher.whole_needle_re).search
    spans = WordSpans()
    add = spans.at.append
    covered = 0
    n = len(data)
    while True:
        hit = search(data, covered)
        if hit is None:
            return spans
        best = hit.start()
        start = _word_start(data, best, covered)
        m = _NONWORD_B.search(data, best)
        end = m.start() if m else n
        add(start)
        add(end)
        covered = end + 1 if end < n else n + 1


def _word_start(data: bytes, pos: int, floor: int) -> int:
    """Start of the word holding ``pos``, looking back no further than ``floor``."""
    width = 64
    while True:
        lo = max(floor, pos - width)
        window = data[lo:pos]
        m = _NONWORD_B.search(window[::-1])
        if m:
            return pos - m.start()
        if lo == floor:
            return floor
        width *= 4


def hits_at(
    matcher: TokenMatcher,
    data: bytes,
    spans: Sequence[tuple[int, int]],
    *,
    utf8: bool,
    words: Sequence[bytes] | None = None,
    bom: bool | None = None,
) -> list[TokenHit]:
    """Turn candidate word spans into hits with editor line/column positions.

    Positions are computed incrementally from one span to the next, so the total work is
    linear even for thousands of hits on one huge line.
    """
    hits: list[TokenHit] = []
    line = 1
    if bom is None:  # at a file's start, a UTF-8 BOM is no character
        bom = utf8 and has_utf8_bom(data)
    line_start = 3 if bom else 0
    col_at = line_start  # offset whose column is known...
    col = 0  # ...and that column (0-based)
    prev = 0
    pragma_line = -1
    pragma_value = False
    for i, (s, e) in enumerate(spans):
        word = data[s:e] if words is None else words[i]
        if not matcher.is_token_word(word):
            continue
        ends = line_ends(data, prev, s)
        if ends:
            # (a CR LF straddling ``prev`` cannot happen: ``prev`` is always a word start)
            line += ends
            line_start = last_line_start(data, prev, s)
            col_at, col = line_start, 0
        piece = data[col_at:s]
        col += len(piece.decode("utf-8", "replace")) if utf8 and not piece.isascii() else len(piece)
        col_at = prev = s
        if pragma_line != line:
            pragma_line = line
            pragma_value = _line_has_pragma(data, line_start, s)
        hits.append(TokenHit(line, col + 1, word.decode("ascii"), pragma_value))
    return hits


def _line_has_pragma(data: bytes, line_start: int, pos: int) -> bool:
    m = _LINE_END_B.search(data, pos)
    line_end = m.start() if m else len(data)
    return data.find(ALLOW_PRAGMA.encode(), line_start, line_end) != -1


# The fewest bytes a token takes with the separator after it (a capital, an underscore, PASS; a blank).
_SHORTEST = 7


def stored_tokens_over(matcher: TokenMatcher, data: bytes, most: int) -> bool:
    """Whether text ``data`` (no BOM, no NUL: its stored words are read as such, each token a
    hit) holds over ``most`` stored tokens -- counted in one search, at C speed and in constant
    memory, and only where the needles alone are that many (a count of each, memchr speed):
    most large files are past this in a few passes.  (text.MAX_HITS: the scan blocks then.)"""
    if len(data) <= most * _SHORTEST or sum(data.count(n) for n in matcher.needles) <= most:
        return False
    if utf_bom(data) is not None or b"\x00" in data:
        return False  # (words read otherwise: a decoding, textruns)
    return sum(1 for _ in itertools.islice(matcher.token_re_b.finditer(data), most + 1)) > most


def hits_apart_over(hits: Sequence[tuple[int, int, int, str, object]], limit: int) -> bool:
    """Whether over ``limit`` of ``hits`` (line, start, end, ...) lie apart, counted greedily by
    line and end.  The merge of the readings' hits (text._merge) keeps one of hits that
    overlap, never fewer than lie apart: past text.MAX_HITS so counted, a scan blocks before
    it holds more (views.view_hits; a file of disguised tokens held every hit to its end, 408
    MiB at 16 MiB of full-width ones)."""
    apart, line, end = 0, 0, -1
    for ln, c, e, *_ in sorted(hits, key=lambda h: (h[0], h[2])):
        if ln != line or c >= end:
            apart, line, end = apart + 1, ln, e
    return apart > limit
