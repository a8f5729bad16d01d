"""The versions of a file read once each segment: a blob read as a stream (stream_bytes.py) of
pieces cut by its content, each segment's cut, reading and hits kept by its bytes, so that the
next version of the file -- the same bytes but where it was edited -- reads only the segments
an edit changed (a history: sources/blobs.py).

Exact.  A stream reads a file segment by segment, cut where no reading crosses
(segments.planned_cut), each segment on its own (the suite holds a stream equal to the whole
file read in memory however it is chunked: tests/unit/scanning.py ``streamed``), and what is
kept is a function of bytes alone: the cut of a carry (``planned_cut``), a segment's reading
(``segment_reading``) and hits (``segment_hits``).  Only a text that is UTF-8 without NUL,
BOM or ISO-2022-JP's escapes, no RTF, no JSON document that may move a terminal's cursor, no
roff request that changes how the rest of a page reads nor reStructuredText substitution
definition (states.py), and shorter than
MAX_CARRY is read so (whole_only; the rest is read in memory by ``scan_bytes``).  A mail's
bytes are read so too, and so is each text a mail client shows of it (scan_cached).  For
such a text what ByteStream carries from segment to segment changes nothing: every segment
reads as itself (neutral, ASCII or UTF-8 text: a cut falls after a line feed, so each is
UTF-8), so the whole file's reading is the one used and no encoding is added;
columns count code points throughout; no line or paragraph is cut inside (that takes a carry of
MAX_CARRY), so LineCuts and ParagraphCuts have nothing to check; the mail checks block only a mail.  What is
left is each segment's line and column, kept here.  A stream that blocks (CannotVerify) gives
the in-memory answer, hits or block.

Pieces end after a blank line whose next LOOK bytes hash to 0 mod EVERY: where a piece ends
depends only on the bytes around that place, so an edit changes the pieces it falls in and no
other.  Bounded: the cache holds at most ``limit`` bytes of carries (64 MiB by default, about
200 bytes more an entry; the least recently used dropped first).
"""

from __future__ import annotations

import functools
import re
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import charsets, gitformat, jqrows, quoted, rtf, segments, states
from rehearsal_hook.scan.decode import has_utf8_bom, iso2022_hint
from rehearsal_hook.scan.lines import last_line_start, line_ends
from rehearsal_hook.scan.matcher import TokenHit, TokenMatcher
from rehearsal_hook.scan.segment_split import CLOSER, Shapes
from rehearsal_hook.scan.segments import shift
from rehearsal_hook.scan.shown import with_shown
from rehearsal_hook.scan.stream_bytes import segment_hits, segment_reading
from rehearsal_hook.scan.text import _scan_str, bounded, scan_bytes

# A piece ends after a blank line whose next LOOK bytes hash to 0 mod EVERY.  Measured on the
# new blobs of git's history 0717a424..1a3e64c6 (1.01 GB), path by path: 8 gives pieces of 1.6
# KB, 18% of the bytes in pieces not seen before (4: 0.8 KB, 13%, twice the pieces to look up;
# 16: 3 KB, 26%).  64 bytes, not 16: blocks that start alike (``test_expect_success``, ``msgid``)
# hashed alike, all cut or none (t5516-fetch-push.sh was pieces of 29 KB; 22.6% new).
EVERY = 8
LOOK = 64
LIMIT = 64 << 20
# A text shorter than this is read whole: a few pieces, most of which an edit changes, and a
# piece read the first time costs the cache about twice what it costs whole (its cut).  (bench's
# pre-push, 2,100 blobs of 13 MB, most of one piece: 0.49 s CPU whole, 0.61 s through the cache.)
MIN_BYTES = 8 << 10
_ENTRY = 200  # (what an entry costs besides its bytes, roughly)
_BLANK = re.compile(rb"\n\n")


class _Segment:
    """A segment's hits at their place in it, its line ends and what its last line adds to
    the column (code points)."""

    __slots__ = ("ends", "hits", "tail")

    def __init__(self, matcher: TokenMatcher, seg: bytes, hits: list[TokenHit] | None = None) -> None:
        self.hits = _read(matcher, seg) if hits is None else hits
        self.ends = line_ends(seg)
        tail = seg[last_line_start(seg) :] if self.ends else seg
        self.tail = len(tail) if tail.isascii() else len(tail.decode("utf-8", "replace"))


def _read(matcher: TokenMatcher, seg: bytes) -> list[TokenHit]:
    return segment_hits(matcher, seg, segment_reading(seg, matcher))


class _Carry:
    """A carry's cuts (-1: not asked yet; None: none yet), by what the text it is read in
    holds (_holds), and its segments: up to a cut (``head``, up to ``head_at``), and whole
    (the last); ``to_end``: with no cut, it grew without one to the end of the text it was
    read in; ``holds``: what its bytes hold (_holds; -1: not asked yet)."""

    __slots__ = ("cuts", "head", "head_at", "holds", "to_end", "whole")

    def __init__(self) -> None:
        self.cuts: list[int | None] = [-1, -1, -1, -1]
        self.head: _Segment | None = None
        self.head_at = -1
        self.whole: _Segment | None = None
        self.to_end = False
        self.holds = -1


class SegmentCache:
    """Carries and their segments by their bytes, for one matcher, at most ``limit`` bytes."""

    def __init__(self, matcher: TokenMatcher, limit: int = LIMIT) -> None:
        self.matcher, self.limit = matcher, limit
        self._entries: OrderedDict[bytes, _Carry] = OrderedDict()
        self._held = 0
        # (bench's figures: carries asked for and found; bytes cut and read, not found)
        self.asked = self.found = self.cut_bytes = self.read_bytes = 0
        self.last: list[Piece] = []  # (the pieces of the last text read: content_pieces)
        self.shapes = Shapes()  # (its segments: a new one is read where it differs, segment_split)
        self._read = functools.partial(_read, matcher)

    def _carry(self, carry: bytes) -> _Carry:
        entries = self._entries
        self.asked += 1
        entry = entries.get(carry)
        if entry is not None:
            self.found += 1
            entries.move_to_end(carry)
            return entry
        entry = entries[carry] = _Carry()
        self._held += len(carry) + _ENTRY
        while self._held > self.limit and len(entries) > 1:
            old, _ = entries.popitem(last=False)
            self._held -= len(old) + _ENTRY
        return entry

    def cut(self, carry: bytes, known: int) -> tuple[int | None, _Carry]:
        """segments.planned_cut(carry) in a text ``known`` holds (_holds), and the carry's entry."""
        entry = self._carry(carry)
        cut = entry.cuts[known]
        if cut == -1:
            # (a carry shorter than MAX_CARRY is cut after a line end, a LINE cut, or not yet:
            # ParagraphCuts then hands nothing on, and no forced cut is asked for)
            found = segments.planned_cut(carry, closers=bool(known & _CLOSERS), substs=bool(known & _SUBSTS))
            self.cut_bytes += len(carry)
            if found is not None and (found[0] == -1 or found[1] != segments.LINE):
                raise CannotVerify("unverifiable-reading", "a stream's cut past MAX_CARRY")
            cut = entry.cuts[known] = None if found is None else found[0]
        return cut, entry

    def head(self, carry: bytes, entry: _Carry, cut: int, at: int, known: int) -> _Segment:
        # The same bytes are cut elsewhere in a text that holds what another does not (_holds:
        # before a hidden element that a closing tag further on may close, at the end where no
        # tag closes): a head kept for one cut is not the segment up to another.  (Kept for
        # any, it read a token's piece as its first line alone where a version with ``</``
        # came first, and skipped the rest.)
        if entry.head_at != cut or entry.head is None:
            entry.head, entry.head_at = self._segment(carry, cut, at, known), cut
            self.read_bytes += cut
        self.shapes.add(at, carry, cut, entry.head.hits)
        return entry.head

    def holds(self, piece: bytes) -> int:
        """_holds(piece), kept with the piece's entry where it has one (a piece alone is a
        carry): a piece a version searched again was mostly read before, in another version
        than the last (another branch's), a third of the bytes searched in git's history."""
        entry = self._entries.get(piece)
        if entry is None:
            return _holds(piece)
        if entry.holds < 0:
            entry.holds = _holds(piece)
        return entry.holds

    def whole(self, carry: bytes, at: int, known: int) -> _Segment:
        entry = self._carry(carry)
        if entry.whole is None:
            entry.whole = self._segment(carry, len(carry), at, known)
            self.read_bytes += len(carry)
        self.shapes.add(at, carry, len(carry), entry.whole.hits)
        return entry.whole

    def _segment(self, carry: bytes, size: int, at: int, known: int) -> _Segment:
        """The segment ``carry[:size]`` at ``at`` in a text holding ``known``, read where it
        differs from the last text's there (segment_split.Shapes)."""
        seg, closers, substs = carry[:size] if size < len(carry) else carry, known & _CLOSERS, known & _SUBSTS
        return _Segment(self.matcher, seg, self.shapes.hits(seg, at, closers, substs, self._read))


# A piece; the ends of the blank lines in it (from its start) whose next LOOK bytes reach past
# its end, its own end among them where a blank line ends it: the only places where what
# follows the piece decides whether it ends there; and what it holds (_holds).
Piece = tuple[bytes, tuple[int, ...], int]
_HEAD = 32  # (how much of a piece's start finds it again after an edit: _pieces)


def content_pieces(data: bytes, last: Sequence[Piece] = (), holds: Callable[[bytes], int] | None = None) -> list[Piece]:
    """``data`` in pieces, each ending after a blank line whose next LOOK bytes hash to 0 mod
    EVERY (the first such after its start, blank lines found left to right as
    ``_BLANK.finditer`` finds them).  ``last``: the last version's pieces, taken where they
    stand (the same objects: their hash is kept) -- ``data`` holds the piece there and each of
    its tails still ends a piece exactly where it did, so the blank lines between, whose next
    LOOK bytes are the piece's own, decide as they did; where not (an edit), the blank lines
    are searched, and each piece found is looked up among ``last``'s by its first bytes.
    (Searched everywhere, a version cost a Python step at each blank line: 1.6 s of the 17 s
    that every 4th path's versions of git's history cost.)  ``holds``: _holds, or what gives
    the same answer (SegmentCache.holds)."""
    holds_of = holds or _holds
    out: list[Piece] = []
    n, j, pos = len(data), 0 if last else -1, 0
    heads: dict[bytes, list[int]] | None = None
    while pos < n:
        if 0 <= j < len(last):
            piece, tails, _ = last[j]
            if data.startswith(piece, pos) and _ends_alike(data, pos, len(piece), tails):
                out.append(last[j])
                pos, j = pos + len(piece), j + 1
                continue
        end, tails = _piece_end(data, pos)
        piece = data[pos:end]
        out.append((piece, tails, holds_of(piece)))
        pos = end
        if not last or pos == n:
            continue
        # (the piece after an edit is mostly one of the next few; else the first of those
        # starting alike -- po files' entries start alike -- at or after the one expected)
        for k in range(max(j, 0), min(j + 4, len(last))):
            if data.startswith(last[k][0], pos):
                j = k
                break
        else:
            if heads is None:
                heads = {}
                for k, (piece, _, _) in enumerate(last):
                    if len(piece) >= _HEAD:
                        heads.setdefault(piece[:_HEAD], []).append(k)
            alike = heads.get(data[pos : pos + _HEAD], [])
            j = next((k for k in alike if k >= j), alike[0] if alike else -1)
    return out


def _piece_end(data: bytes, start: int) -> tuple[int, tuple[int, ...]]:
    """Where the piece that starts at ``start`` (a piece's start) ends, and its tails."""
    ends: list[int] = []
    for m in _BLANK.finditer(data, start):
        end = m.end()
        if zlib.crc32(data[end : end + LOOK]) % EVERY == 0:
            ends.append(end)
            break
        ends.append(end)
    else:
        end = len(data)
    k = len(ends)
    while k and ends[k - 1] + LOOK > end:
        k -= 1
    return end, tuple(e - start for e in ends[k:])


def _ends_alike(data: bytes, pos: int, size: int, tails: tuple[int, ...]) -> bool:
    """Whether a piece of ``size`` bytes held at ``pos`` ends there as where it was cut: a tail
    ends a piece at its end only (without a blank line at its end, that is the text's)."""
    if (not tails or tails[-1] != size) and pos + size != len(data):
        return False
    return all((zlib.crc32(data[pos + e : pos + e + LOOK]) % EVERY == 0) == (e == size) for e in tails)


def whole_only(data: bytes) -> bool:
    """Whether ``data`` is read in memory (the module's note): text that is not UTF-8 or holds
    a NUL or ISO-2022-JP's escapes (its other encodings' readings are whole-file ones), a BOM,
    RTF, a JSON document that may move a terminal's cursor (read as one document), a manual
    page whose requests change how the rest of it reads, a reStructuredText document that
    defines substitutions (states.py), a text that designates a terminal's graphics set
    (charsets.py), a text a stream would
    cut inside a line.  (Not a mail: its own reading is a text's, and what a client shows of
    it is added by scan_cached as scan_bytes adds it.)"""
    return _whole_text(data) or bool(_holds(data) & _WHOLE)


def _whole_text(data: bytes) -> bool:
    """What of whole_only's answer is the whole text's: its size, what it starts with."""
    return len(data) >= segments.MAX_CARRY or has_utf8_bom(data) or rtf.is_rtf(data)


# What a text holds: bits of _holds' answer.  _CLOSERS and _SUBSTS: what a stream, not knowing
# what follows its carry, must allow for after it (segments.planned_cut's ``closers`` and
# ``substs``); _WHOLE: what whole_only reads in memory.
_CLOSERS, _SUBSTS, _WHOLE = 1, 2, 4


def _holds(data: bytes) -> int:
    """What ``data`` holds: for the whole text, what its pieces hold together -- each search
    is for what lies on one line (a NUL, bytes that are not UTF-8, a literal without a line
    feed -- charsets.may_shift's designation among them --, a request, definition or entry of
    states.may_set from its line's start to before its line's end) and a piece ends after a
    line feed, whose next piece starts a line.  A closing tag (``</``), git archive's
    ``$Format:`` (gitformat.may_read_b): where a text holds none, a cut need not wait for one
    -- a carry is cut at its end, after its blank line, and not before its last line (a
    ``$Format:`` in the next piece could delete the line feeds between), each version's
    segments start where its pieces do, and the cut is asked for once a piece (bench/README.md,
    session 24)."""
    holds = (_CLOSERS if CLOSER.search(data) else 0) | (_SUBSTS if gitformat.may_read_b(data) else 0)
    if b"\x00" in data or iso2022_hint(data) or jqrows.may_block_b(data) or states.may_set(data):
        return holds | _WHOLE
    if charsets.may_shift(data):
        return holds | _WHOLE
    if not data.isascii():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return holds | _WHOLE
    return holds


def _segments(cache: SegmentCache, found: list[Piece], known: int) -> Iterator[_Segment]:
    """The segments of ``data`` streamed: a carry (what is left after the last cut, and the
    next piece) cut where planned_cut says; with no cut yet, it grows by as much again (a
    construct open over a long stretch is not searched again at each piece) -- or at once to
    the end, if it did so in the last version (a construct open to the end: the cuts on the
    way would find none again).  In a text that holds no closing tag (``</``) a hidden
    element never closes, in memory either (constructs.open_start's ``closers``): every
    translation of git holds ``[<pattern>]`` (SVG's hidden ``<pattern>``) in a usage string and
    none a closing tag, and each version was one segment from there to its end.  ``found``:
    the text's pieces; ``known``: what it holds (_holds)."""
    size = sum(len(piece) for piece, _, _ in found)
    pieces = iter(found)
    carry, want, at = b"", 1, 0  # (at: where the carry starts in the text)
    grows: _Carry | None = None  # (the carry whose growth is under way)
    while True:
        parts, got = [carry], 0
        while got < want:
            found_piece = next(pieces, None)
            if found_piece is None:
                if grows is not None:
                    grows.to_end = True
                if carry or got:
                    yield cache.whole(b"".join(parts), at, known)
                return
            piece, _, piece_holds = found_piece
            parts.append(piece)
            got += len(piece)
        # (a piece alone is the carry itself: its hash, kept from the last version, not taken
        # again, and what it holds kept with it: SegmentCache.holds)
        lone = len(parts) == 2 and not carry
        carry = parts[1] if lone else b"".join(parts)
        cut, entry = cache.cut(carry, known)
        if lone and entry.holds < 0:
            entry.holds = piece_holds
        if cut is None:
            grows = grows or entry
            want = size if grows.to_end else len(carry)
            continue
        if grows is not None:
            grows.to_end, grows = False, None
        yield cache.head(carry, entry, cut, at, known)
        carry, want, at = carry[cut:], 1, at + cut


def scan_cached(cache: SegmentCache, data: bytes) -> list[TokenHit]:
    """``scan_bytes(cache.matcher, data)``, segments found in ``cache`` not read again."""
    if len(data) < MIN_BYTES or _whole_text(data):
        return scan_bytes(cache.matcher, data)
    # (a version's pieces are mostly the last's, and so is what they hold: whole_only's and
    # _holds' searches over the whole text were a fifth of a history's cached reading)
    found = content_pieces(data, cache.last, cache.holds)
    holds = 0
    for _, _, piece_holds in found:
        holds |= piece_holds
    if holds & _WHOLE:
        return scan_bytes(cache.matcher, data)
    cache.last = found
    try:
        hits = _cached_hits(cache, found, holds)
        if quoted.is_mail(data):
            # What a mail client shows of it (scan_bytes' shown texts: not RTF nor a page whose
            # requests change it, whole_only): a text of most of the mail's bytes whose next
            # version is as much the same.  t/t9001-send-email.sh's 50 versions each showed
            # three texts of 83 KB read whole through every reading, 100 ms a version.
            hits = with_shown(functools.partial(_read_shown, cache), data, hits, quoted.mail_texts(data))
        return bounded(hits)  # (past text.MAX_HITS it blocks, as scan_bytes does)
    except CannotVerify:
        return scan_bytes(cache.matcher, data)  # (the in-memory answer: its hits, or its block)


def _cached_hits(cache: SegmentCache, found: list[Piece], holds: int) -> list[TokenHit]:
    """The hits of a text's segments (a text that is not whole_only, in pieces ``found``,
    holding ``holds``): scan_bytes' reading of its bytes, without the texts a reader shows of
    the whole (shown.py)."""
    hits: list[TokenHit] = []
    line, col = 1, 0
    cache.shapes.begin()
    for seg in _segments(cache, found, holds & (_CLOSERS | _SUBSTS)):
        if seg.hits:
            hits += shift(seg.hits, line, col)
        if seg.ends:
            line, col = line + seg.ends, seg.tail
        else:
            col += seg.tail
    return hits


def _read_shown(cache: SegmentCache, text: str) -> list[TokenHit]:
    """``text.scan_str``'s reading of a shown text (without its own shown texts, as scan_bytes
    reads one): through the cache where its UTF-8 bytes read as it does -- a text that is not
    whole_only (so neither a lone surrogate, a NUL nor a leading U+FEFF, where the bytes'
    reading is not the text's) --, else in memory."""
    data = text.encode("utf-8", "surrogatepass")
    holds = _holds(data)
    if len(data) < MIN_BYTES or _whole_text(data) or holds & _WHOLE:  # (whole_only)
        return _scan_str(cache.matcher, text)
    return _cached_hits(cache, content_pieces(data), holds)
