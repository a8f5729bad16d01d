"""Which lines of a non-ASCII text the Unicode view must read (views.view_hits).

A line can show a token the stored text does not through its relevant characters
(normalize.relevant_chars) only if its quick view (normalize.quick_view: each relevant
character as it reads) holds a needle, or a needle's beginning before what the Markdown
reading removes (near.near_needles: the parsed readings are read in the Unicode view
too), or a needle's beginning at the end of the text (a stream's cut inside a line).  The
other ways a view changes a line (compositions, silent controls, NUL, bidi controls,
rendered constructs, parsed syntax) have searches of their own.  Selecting every line that
holds a relevant character instead read each accented capital of a translation through
every reading (git's po/ files: 697k lines in a history range, 120 us each).

The quick view of the whole text is one ``str.translate`` and its needles one search each
(C speed); only the lines found are mapped back to the text.  That map relies on the view
keeping line ends (no relevant character reads as ``\\n`` or ``\\r``, none of them is one:
tests/unit/test_viewlines.py); were it not so, every line would be read, as before."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable
from itertools import accumulate
from operator import add
from typing import NamedTuple

from rehearsal_hook.scan import near
from rehearsal_hook.scan.hints import maker_hints_in
from rehearsal_hook.scan.needle_places import needle_places
from rehearsal_hook.scan.normalize import COMBINING_UNDERLINES, quick_view

_UNDERLINES = frozenset(COMBINING_UNDERLINES)


class Place(NamedTuple):
    """A place found, with the one method view_hits asks of a match."""

    at: int

    def start(self) -> int:
        return self.at


class ViewLines:
    """The lines whose quick view may show a token, as a search with a pattern's
    ``search(text, pos)`` (the first such line starting at ``pos`` or later, or holding
    ``pos``: its start is ``pos``'s line or after), for the one text it was made for."""

    def __init__(
        self,
        text: str,
        table: dict[int, str],
        present: frozenset[str],
        needles: tuple[bytes, ...],
        *,
        rendered: bool,
        chars: set[str],
    ) -> None:
        # (``chars``: every non-ASCII character of ``text``, which the caller has: whether it
        # holds a combining underline is asked of them -- has_underline, three passes over the
        # text, twice here, cost 17 ms of the 2.6 s a history's 94 translations take through
        # the segment cache, 9 ms of the corpus's non-ASCII files' 0.26 s)
        underline = not _UNDERLINES.isdisjoint(chars)
        # (Where each relevant character reads as one character, the quick view's offsets are
        # the text's: no map of every line is needed -- in a translation, half the work.)
        aligned = not underline and all(len(table.get(ord(c), c)) == 1 for c in present)
        quick = _quick(text, table, present, underline)
        self.places = view_line_starts(quick, text, needles, rendered=rendered, aligned=aligned)

    def search(self, text: str, pos: int = 0) -> Place | None:
        i = bisect.bisect_left(self.places, pos)
        return Place(self.places[i]) if i < len(self.places) else None


def _quick(text: str, table: dict[int, str], present: frozenset[str], underline: bool) -> str:
    """quick_view(text, table), given the relevant characters ``text`` holds and whether it
    holds a combining underline (has_underline): where they are few, each replaced where it
    is (``str.translate`` looks every character up, 50 ns each)."""
    if underline:
        return quick_view(text, table)
    if not present:
        return text
    if sum(text.count(c) for c in present) * 16 > len(text):
        return text.translate(table)
    values = [table[ord(c)] for c in present]
    if len(present) <= _REPLACED_APART and not any(c in v for v in values for c in present):
        # (one ``str.replace`` each, at C speed, where the pattern's search called back into
        # Python at every one: the corpus's 1,000 non-ASCII texts 49 -> 13 ms.  Each value
        # holds no character replaced after it: the same text as one pass)
        for c, v in zip(present, values, strict=True):
            text = text.replace(c, v)
        return text
    return _present_re(present).sub(lambda m: table[ord(m.group())], text)


# (a pass each cost what the one search did for 8 characters found once each in 110 KB of
# Cyrillic, a third of it where they are denser -- one in 40 characters: past 8, the search)
_REPLACED_APART = 8


@functools.lru_cache(maxsize=64)
def _present_re(chars: frozenset[str]) -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


def view_line_starts(
    quick: str, text: str, needles: tuple[bytes, ...], *, rendered: bool, aligned: bool = False
) -> list[int]:
    """The start of each line (ended by ``\\n``, ``\\r`` or both) of ``text`` whose quick view
    (``quick``) holds a place near.near_needles finds, or ends with a needle's beginning.
    ``rendered`` (a text without NUL and silent controls): also each line whose quick view
    holds a maker, a needle or its beginning before a trigger (hints.maker_hints_in) -- the
    judgement of an ASCII line, made on the quick view, where every relevant character is the
    ASCII it reads as and every other one ends a word (or has a search of its own: marks,
    bidi controls)."""
    patterns = [*near.near_needles(needles)]
    if "\u200b" in text:  # (Org's emphasis beside a zero-width space, which the view drops)
        patterns += near.org_marker_places(needles)
    if rendered:
        patterns += [*maker_hints_in(quick), *needle_places(needles)]
    found = {m.start() for p in patterns for m in p.finditer(quick)}
    if quick.endswith(_beginnings(needles)):
        found.add(len(quick) - 1)
    if not found:
        return []
    if aligned:  # (``quick`` is as long as ``text``, each character where its own is)
        return _line_starts(text, sorted(found))
    if quick.count("\n") != text.count("\n") or quick.count("\r") != text.count("\r"):
        return sorted({0, *(i + 1 for i, c in enumerate(text) if c in "\r\n")})
    return quick_line_starts(text, quick, found)


def quick_line_starts(text: str, quick: str, found: Iterable[int]) -> list[int]:
    """The start in ``text`` of the line holding each place ``found`` in ``quick``, its quick
    view with as many line ends of each kind: the k-th line of one is the k-th of the other."""
    t_lines, q_lines = text.split("\n"), quick.split("\n")
    t_starts = [0, *map(add, accumulate(map(len, t_lines[:-1])), range(1, len(t_lines)))]
    q_starts = [0, *map(add, accumulate(map(len, q_lines[:-1])), range(1, len(q_lines)))]
    places: set[int] = set()
    # (Lines ended by CR alone: the k-th CR of a line in the quick view is its k-th in the
    # text.  Each line's CRs are listed once: counted and walked per place, a line of many
    # CRs and places was quadratic -- 64 KiB of an open OSC code, a CR and a zero-width
    # space repeated took 27 s.)
    crs: dict[int, tuple[list[int], list[int]]] = {}
    for q in found:
        i = bisect.bisect_right(q_starts, q) - 1
        if i not in crs:
            crs[i] = ([m.start() for m in _CR.finditer(q_lines[i])], [m.start() for m in _CR.finditer(t_lines[i])])
        q_crs, t_crs = crs[i]
        k = bisect.bisect_left(q_crs, q - q_starts[i])
        places.add(t_starts[i] + t_crs[k - 1] + 1 if k else t_starts[i])
    return sorted(places)


_CR = re.compile("\r")


@functools.cache
def _beginnings(needles: tuple[bytes, ...]) -> tuple[str, ...]:
    """Every proper beginning of a needle, as text (one ``str.endswith`` asks for all)."""
    return tuple(n.decode("ascii")[:k] for n in needles for k in range(1, len(n)))


def _line_starts(text: str, places: list[int]) -> list[int]:
    """The start of the line of ``text`` holding each of ``places`` (sorted), once each: each
    search looks back no further than the place before (it looked back to the line start
    found, and a long line of many places was read once per place: quadratic)."""
    starts: list[int] = []
    start = lo = 0
    for q in places:
        end = max(text.rfind("\n", lo, q), text.rfind("\r", lo, q))
        if end >= 0:  # (else q is on the line of the place before)
            start = end + 1
        if not starts or start != starts[-1]:
            starts.append(start)
        lo = max(lo, q)
    return starts
