"""A segment read again where the last version's segment at its place (``old``) shares its
start or its end: only the part between is read, the hits of the rest taken from ``old``'s
(segment_cache.py: a history's edit changes a few lines of a piece of 1.6 KB, and each new
piece was read whole -- the reading of git's sources runs at about 10 MB/s).

Exact by what the cache relies on: a stream cut where segments.planned_cut says reads as the
text read whole (tests/unit/scanning.py ``streamed``), so a segment cut at such a place reads
as its two parts read apart, each hit in the part its line is in.  The shared start is cut
where planned_cut cuts it -- the same bytes in both segments, so the same place in both --,
and the shared end where planned_cut cuts each segment's part before it (from that first
cut) at its first line end, checked in both.  Where ``old``'s bytes hold a closing tag or
git archive's ``$Format:`` that the new text does not, the cuts are planned as for a text
holding them (planned_cut's ``closers``, ``substs``: what the cache knows of a whole text
holds for a part of it, not for another text's segment)."""

from __future__ import annotations

import re
from collections.abc import Callable

from rehearsal_hook.scan import gitformat, segments
from rehearsal_hook.scan.lines import line_ends
from rehearsal_hook.scan.matcher import TokenHit

# A segment is split where its start and end shared with the last version's come to this much
# of it (and each part to MIN_PART bytes): the cuts cost about half what the reading of the
# bytes they spare does (50 against 90-110 ns a byte over git's history), so a split where
# less is shared costs more than it spares (every 10th path's versions: 0.27 s spared of the
# 1.0 s these segments' reading cost whole, 0.23 s where any share is split).
SHARE = 0.6
MIN_PART = 128

# (``re``'s search for a literal, not ``b"</" in data``: in text where ``<`` is common -- C's
# comparisons, shifts and includes -- the two-byte ``in`` ran at 1.1 GB/s, this at 2.7:
# 0.116 -> 0.048 s CPU over every 10th path's versions of git's history, 130 MB)
CLOSER = re.compile(rb"</")


def shared_start(a: bytes, b: bytes) -> int:
    """How many bytes ``a`` and ``b`` start alike (memcmp by halves: a few KB, a dozen compares)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) >> 1
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def shared_end(a: bytes, b: bytes, most: int) -> int:
    """How many bytes (at most ``most``) ``a`` and ``b`` end alike."""
    lo, hi = 0, min(len(a), len(b), most)
    while lo < hi:
        mid = (lo + hi + 1) >> 1
        if a[len(a) - mid : len(a) - lo] == b[len(b) - mid : len(b) - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _line_cut(buf: bytes, closers: bool, substs: bool) -> int:
    """planned_cut's place in ``buf`` where it is a cut after a line end (0: none)."""
    found = segments.planned_cut(buf, closers=closers, substs=substs)
    return found[0] if found is not None and found[0] > 0 and found[1] == segments.LINE else 0


def split_places(seg: bytes, old: bytes, closers: int, substs: int) -> tuple[int, int, int] | None:
    """Where ``seg`` is cut into its start shared with ``old``, the middle read, and its end
    shared with it: (c, d, old's d) -- ``seg[:c] == old[:c]`` and ``seg[d:] == old[old's d:]``,
    each a place planned_cut cuts both at; None where too little is shared (SHARE) or no cut found.
    ``closers``, ``substs``: what the new text holds (segment_cache._holds: true or not)."""
    start = shared_start(seg, old)
    end = shared_end(seg, old, min(len(seg), len(old)) - start)
    if start + end < len(seg) * SHARE:
        return None
    closers = bool(closers) or CLOSER.search(old) is not None
    substs = bool(substs) or gitformat.may_read_b(old)
    c = _line_cut(seg[: seg.rfind(b"\n", 0, start) + 1], closers, substs) if start >= MIN_PART else 0
    # (the first line end inside the shared end, past c, then the first blank line's there:
    # prose is cut inside a paragraph only where its delimiters pair with none across the cut)
    first = max(len(seg) - end, c)
    line, blank = seg.find(b"\n", first), seg.find(b"\n\n", first)
    for at in (line + 1, blank + 2 if blank >= 0 else 0) if end >= MIN_PART and line >= 0 else ():
        at_old = at - len(seg) + len(old)
        if (
            first < at < len(seg)
            and at_old >= c
            and _line_cut(seg[c:at], closers, substs) == at - c
            and (at_old == c or _line_cut(old[c:at_old], closers, substs) == at_old - c)
        ):
            return c, at, at_old
    return (c, len(seg), len(old)) if c else None


def split_hits(
    seg: bytes, old: bytes, old_hits: list[TokenHit], places: tuple[int, int, int], middle: list[TokenHit]
) -> list[TokenHit]:
    """``seg``'s hits: ``old``'s in its start up to ``c``, ``middle``'s (the hits of
    ``seg[c:d]`` read as a segment), ``old``'s in its end from ``old's d`` (split_places)."""
    c, d, d_old = places
    before = line_ends(seg, 0, c)
    hits = [h for h in old_hits if h.line <= before] if c and old_hits else []
    if middle:
        hits += segments.shift(middle, before + 1, 0)
    if d < len(seg) and old_hits:
        skip, add = line_ends(old, 0, d_old), line_ends(seg, 0, d)
        hits += [TokenHit(h.line - skip + add, h.column, h.token, h.pragma) for h in old_hits if h.line > skip]
    return hits


# A segment of a text read through the cache: its carry, its size (it is the carry's start),
# its hits.
Shape = tuple[bytes, int, list[TokenHit]]


class Shapes:
    """The segments of the last text read through the cache by where they start, and those of
    the text being read: a new segment's counterpart is the last text's that starts where it
    does, by the offset between the two texts past the last segment both hold or the last
    counterpart (none before: the texts start alike up to their first difference).
    ``shared``: the bytes not read again (bench's figures)."""

    __slots__ = ("delta", "last", "now", "shared", "starts", "was")

    def __init__(self) -> None:
        self.last: dict[int, Shape] = {}
        self.now: dict[int, Shape] = {}
        # (where each segment starts, by its hits' identity: the last text's, this one's)
        self.was: dict[int, int] = {}
        self.starts: dict[int, int] = {}
        self.delta = self.shared = 0

    def begin(self) -> None:
        """A text is read from its start."""
        self.last, self.now, self.was, self.starts, self.delta = self.now, {}, self.starts, {}, 0

    def add(self, at: int, carry: bytes, size: int, hits: list[TokenHit]) -> None:
        """The segment ``carry[:size]`` of hits ``hits`` starts at ``at`` in the text."""
        self.now[at] = (carry, size, hits)
        self.starts[id(hits)] = at
        was = self.was.get(id(hits))
        if was is not None:  # (the last text held it: the texts are aligned past it)
            self.delta = was - at

    def hits(
        self, seg: bytes, at: int, closers: int, substs: int, read: Callable[[bytes], list[TokenHit]]
    ) -> list[TokenHit] | None:
        """The hits of ``seg``, a segment not read before starting at ``at`` in the text, its
        middle read by ``read`` (split_places); None: read it whole."""
        found = self.last.get(at + self.delta)
        if found is None:
            return None
        carry, size, old_hits = found
        self.delta += size - len(seg)  # (the next segment's counterpart starts past this one's)
        old = carry[:size] if size < len(carry) else carry
        places = split_places(seg, old, closers, substs)
        if places is None:
            return None
        c, d, _ = places
        self.shared += len(seg) - d + c
        return split_hits(seg, old, old_hits, places, read(seg[c:d]))
