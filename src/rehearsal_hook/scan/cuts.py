"""Where a line can be cut without changing any reading: what lets a long line be read in
pieces (in memory) and a stream in segments, with the same findings as the whole.

A cut falls just after a separator that ends a word in every reading, with no string escape
or reference within WINDOW characters (they are short), not inside or right after a comment,
tag or terminal code of any length (constructs.spans), not after one that may still close
further on (constructs.open_start), not where a backspace after it could reach back before it
(backspaces.backspace_zones), and, in a line that can reorder, only where the display order
of the whole line is that of its two parts (display_cuts).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from array import array
from typing import Any

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan.backspaces import backspace_zones
from rehearsal_hook.scan.bidi import safe_cuts
from rehearsal_hook.scan.constructs import (
    OPENER_S,
    control_escaped,
    inert_openers,
    inside,
    open_start,
    spans,
)
from rehearsal_hook.scan.hints import plain_char
from rehearsal_hook.scan.readings import PIECE, SILENT_RE, WINDOW, construct_pattern, construct_value, decoded

# Separators that end a word in every reading: ASCII punctuation and blanks other than NUL, CR,
# the silent controls (they vanish on a terminal) and the triggers; for text, also a non-ASCII
# character checked by hints.plain_char.
_SEP_ASCII = r"\x09-\x0c\x20-\x24\x27-\x2f\x3a\x3b\x3d-\x40\x5b\x5d\x5e\x60\x7b-\x7e"
_SEP_S = re.compile(f"[{_SEP_ASCII}]|[^\\x00-\\x7f]")
_SEP_B = re.compile(f"[{_SEP_ASCII}]".encode())


def _next_is_mark(buf: str | bytes, p: int) -> bool:
    if isinstance(buf, str):
        return unicodedata.category(buf[p]).startswith("M")
    if buf[p] < 0x80:
        return False
    ch = buf[p : p + 4].decode("utf-8", "ignore")[:1]
    return not ch or unicodedata.category(ch).startswith("M")


def _line_end_cut(buf: str | bytes, p: int) -> bool:
    """``p`` is just after a line end that no backslash before it escapes: no escape,
    reference or terminal code spans a line end (only comments and tags do, and they are
    judged exactly), so the triggers around it do not matter."""
    if buf[p - 1 : p] not in ("\n", b"\n"):
        return False
    before = p - 3 if buf[p - 2 : p - 1] in ("\r", b"\r") else p - 2
    return before < 0 or buf[before : before + 1] not in ("\\", b"\\")


def reading_cut(
    buf: str | bytes,
    end: int | None = None,
    *,
    final: bool = False,
    open_ok: bool = False,
    zones: list[tuple[int, int]] | None = None,
    display: bool = False,
) -> int:
    """The last offset ``p`` (0 < p <= end) where ``buf`` can be cut with every reading of both
    parts unchanged, or -1.  ``buf`` must start outside any override and construct (a line
    start, or a cut made here).  ``final``: ``buf`` ends where its text does (nothing after it
    can close a construct); else ``p <= len(buf) - WINDOW`` and before any construct that may
    still close (``open_ok``: such a one is text, see segments._limit_cut).  ``zones``: the
    backspace zones of the whole line ``buf`` is part of, as offsets in ``buf`` (default:
    those of ``buf``).  ``display``: the line may reorder (hints.reorders): only where its
    display order stays whole (display_cuts).  Linear in ``len(buf)``: the places far enough
    from every trigger are found as long trigger-free runs (C speed), and line ends apart, so
    that a line dense with escapes costs no Python step per separator."""
    last = len(buf) - (1 if final else WINDOW)
    end = last if end is None else min(end, last)
    if end <= 0:
        return -1
    limit = end
    if not final and not open_ok:
        limit = min(limit, open_start(buf))
    if limit <= 0:
        return -1
    checks = _Checks(buf, limit, zones, display)
    best = -1
    trig: re.Pattern[Any] = _TRIGGER_S if isinstance(buf, str) else _TRIGGER_B
    sep: re.Pattern[Any] = _SEP_S if isinstance(buf, str) else _SEP_B
    hi, width = limit, 1 << 16
    while hi > 0 and best == -1:
        lo = max(1, hi - width)
        # The places in [lo, hi] at least WINDOW characters from every trigger, from the right.
        triggers = [m.start() for m in trig.finditer(buf, max(0, lo - WINDOW), hi + WINDOW)]
        free, right = [], hi
        for t in reversed(triggers):
            if t + WINDOW + 1 <= right:
                free.append((max(lo, t + WINDOW + 1), right))
            right = min(right, t - WINDOW)
            if right < lo:
                break
        if right >= lo:
            free.append((lo, right))
        for a, b in free:
            best = _last_ok(buf, sep, a, b, checks)
            if best > 0:
                break
        hi, width = lo - 1, min(width * 8, _MAX_WIDTH)
    # A line end needs no distance from triggers (_line_end_cut).
    lf: Any = "\n" if isinstance(buf, str) else b"\n"
    at = buf.rfind(lf, 0, limit)
    while at >= 0 and at + 1 > best:
        if _line_end_cut(buf, at + 1) and checks.ok(at + 1):
            return at + 1
        at = buf.rfind(lf, 0, at)
    return best if best > 0 else _exact_cut(buf, limit, checks)


def _last_ok(buf: str | bytes, sep: re.Pattern[Any], lo: int, hi: int, checks: _Checks) -> int:
    """The last place in ``[lo, hi]`` after a separator that passes ``checks``, or -1: searched
    backwards in widening windows, so that a cut near the end costs little (a list of every
    separator of a 16 MiB line took 300 MB)."""
    width = 4096
    while hi >= lo:
        start = max(lo, hi - width)
        for m in reversed(list(sep.finditer(buf, start - 1, hi))):
            if checks.ok(m.end()):
                return int(m.end())
        hi, width = start - 1, min(width * 8, _MAX_WIDTH)
    return -1


def _exact_cut(buf: str | bytes, limit: int, checks: _Checks) -> int:
    """The last place no reading changes at, judged by every construct's extent rather than by
    the distance from triggers: for a line dense with escapes or references (a minified JSON
    string of ``\\u00e9``), which has no place WINDOW characters from each, and would
    otherwise be read whole (memory as large as the line).  After a separator that no construct
    holds or ends with, and away from what acts beyond its own extent: an ESC (stored, or
    decoded, which starts a terminal code of up to WINDOW characters read as decoded: so at
    least WINDOW characters not in a construct after it).  Linear: one pass over the
    constructs, kept as arrays."""
    text = buf if isinstance(buf, str) else buf.decode("latin-1")  # (the same offsets)
    # Runs of adjacent constructs, each kept as one (a place inside or right after one of them
    # is inside or right after the run; a line of 8-bit openers is one run, not a triple of
    # numbers per character) -- a run ends after a decoded ESC, whose end is an escape's.
    starts, ends, covered, escapes = array("q"), array("q"), array("q"), array("q")
    total, joinable = 0, False
    for m in construct_pattern(True).finditer(inert_openers(text)):
        if m.start() > limit:
            break
        total += m.end() - m.start()
        if joinable and ends[-1] == m.start():
            ends[-1] = m.end()
            covered[-1] = total
        else:
            starts.append(m.start())
            ends.append(m.end())
            covered.append(total)
        joinable = True
        if text[m.start()] in "\\&%" and "\x1b" in construct_value(m):
            escapes.append(m.end())
            joinable = False
    for esc in _OPENER.finditer(text, 0, limit):
        k = bisect.bisect_right(starts, esc.start()) - 1
        if (k < 0 or ends[k] <= esc.start()) and esc.group() == "\x1b":  # no terminal code of its own
            bisect.insort(escapes, esc.end())
        elif k >= 0 and text.find("<", esc.start(), ends[k]) != -1:
            # A code whose characters open a tag or comment (ESC ``<!---->``): where a renderer
            # removes that, the opener acts on what follows it (ESC ``_``: found by hypothesis,
            # test_a_reading_cut_changes_no_finding).
            bisect.insort(escapes, esc.end())
    sep: re.Pattern[Any] = _SEP_S if isinstance(buf, str) else _SEP_B
    hi, width = limit, 4096
    while hi > 0:
        lo = max(0, hi - width)
        for m in reversed(list(sep.finditer(buf, max(0, lo - 1), hi))):
            p: int = m.end()
            k = bisect.bisect_left(starts, p) - 1
            if k >= 0 and ends[k] >= p:  # inside a construct, or right after one
                continue
            e = bisect.bisect_right(escapes, p) - 1
            if e >= 0:
                after = bisect.bisect_left(starts, escapes[e])  # the constructs since then
                held = covered[k] - (covered[after - 1] if after > 0 else 0) if k >= after else 0
                if p - escapes[e] - held < WINDOW:
                    continue
            if not checks.ok(p):
                continue
            return p
        hi, width = lo, min(width * 8, _MAX_WIDTH)
    return -1


_OPENER = re.compile(OPENER_S)
# The widest window searched backwards at a time (reading_cut, _last_ok, _exact_cut): the
# windows grow from the end, so that a cut near it costs little, and stop growing here, so
# that the matches listed at once stay bounded -- grown without bound, a line with a
# separator at every character and no cut (each an 8-bit terminal opener) listed a match
# object per character: 342 MiB peak for 4 MiB.  Each window is searched once: linear.
_MAX_WIDTH = 1 << 16


# What starts a short construct, a terminal code or a backspace.  (``<`` is not here: a tag's
# or comment's extent is known exactly; a character that reorders is judged by display_cuts.)
_TRIGGER_S = re.compile("[" + re.escape("\\&%\x1b\x08") + "]")
_TRIGGER_B = re.compile(rb"[\\&%\x1b\x08]")


class _Checks:
    """The tests of a place beyond its distance from triggers: after a separator that ends a
    word in every reading, no mark after it, not inside or right after a construct, not in a
    backspace zone; with ``display``, among display_cuts.  The constructs (and the display
    cuts) are found on the first test (most buffers with no place far from triggers need
    none)."""

    def __init__(self, buf: str | bytes, limit: int, zones: list[tuple[int, int]] | None, display: bool) -> None:
        self.buf, self.limit, self.display = buf, limit, display
        self.allowed: set[int] | None = None
        self.found: list[tuple[int, int]] | None = None
        self.starts: list[int] = []
        self.zones = zones
        self.zone_starts = [a for a, _ in zones] if zones is not None else []

    def ok(self, p: int) -> bool:
        buf = self.buf
        if isinstance(buf, str) and not buf[p - 1].isascii() and not plain_char(buf[p - 1]):
            return False
        if buf[p - 2 : p - 1] in ("\\", b"\\"):
            # (an escaped separator: reStructuredText's escaped blank joins the words around
            # it, ``DEPLOY\ _OK`` shows ``DEPLOY_OK`` -- a place within WINDOW of the
            # backslash, which only _exact_cut and a line's end consider)
            return False
        if self.found is None:
            self.found = spans(buf, 0, self.limit + 1)
            self.starts = [a for a, _ in self.found]
        if _next_is_mark(buf, p) or (self.found and inside(self.found, self.starts, p)):
            return False
        if self.zones is None:
            self.zones = backspace_zones(buf)
            self.zone_starts = [a for a, _ in self.zones]
        z = bisect.bisect_left(self.zone_starts, p) - 1
        if z >= 0 and self.zones[z][1] > p:
            return False
        if self.display and self.allowed is None:
            self.allowed = display_cuts(buf[: self.limit + WINDOW])
        return self.allowed is None or p in self.allowed


def display_cuts(buf: str | bytes) -> set[int]:
    """The offsets in ``buf`` (a line, or its start) where a cut leaves the display order of
    the line that of its two parts, in every rendering (bidi.safe_cuts; near the end of
    ``buf`` it cannot tell: WINDOW characters are needed after a cut).  ``buf`` as bytes is
    read as UTF-8, each undecodable byte on its own, as a stream's segments are."""
    text = buf if isinstance(buf, str) else buf.decode("utf-8", "surrogateescape")
    found: set[int] | None = None
    for markup in (True, False) if "<" in text else (True,):
        chars, index = decoded(text, markup=markup, overstrike=False)
        readings = [(chars, index)]
        if "\x08" in chars or "\x1b" in chars or SILENT_RE.search("".join(chars)) or control_escaped(text):
            readings.append(decoded(text, markup=markup, overstrike=True))  # (controls act or vanish)
        for chars, index in readings:
            # A cut before a character that is shown as stored, right after the one before it.
            here = {index[k] for k in safe_cuts(chars, WINDOW) if index[k - 1] == index[k] - 1}
            found = here if found is None else found & here
    assert found is not None
    if isinstance(buf, str):
        return found
    out: set[int] = set()
    at = offset = 0
    for q in sorted(found):
        offset += len(text[at:q].encode("utf-8", "surrogateescape"))
        at = q
        out.add(offset)
    return out


# The longest piece (characters): a stretch this long with no place where no reading changes
# is cut all the same where only an open construct that follows no word stands in the way
# (read as text, as a stream reads one past segments.MAX_CARRY), else it blocks -- each reading
# of a piece holds an index per character (indexed.Indexed: 45-100 bytes a character for
# roff's and mdoc's macro lines, TeX's conditionals), so a piece as long as its line cost
# 3.0 GiB for 64 MiB of mdoc macros.  The same limit as a paragraph's (bidi.LONGEST,
# paragraphs.LONGEST); read here at each use, so that tests can make it small.
LONGEST_PIECE = 1 << 20


def piece_end(text: str, start: int, stop: int, zones: list[tuple[int, int]], *, display: bool = False) -> int:
    """Where the piece of ``text[start:stop]`` (a unit, or the rest of one) read from ``start``
    ends: ``stop`` if that is at most PIECE characters on, else the last cut within PIECE
    characters -- or, where there is none (one long word, a long construct), the last within
    twice as many, and so on up to LONGEST_PIECE (_longest_cut there).  ``zones``:
    backspace_zones of the unit, as offsets in ``text``; ``display``: the unit may reorder
    (hints.reorders)."""
    if stop - start <= PIECE:
        return stop
    width = min(PIECE, LONGEST_PIECE)
    while True:
        hi = min(stop, start + width + WINDOW)
        shifted = [(a - start, b - start) for a, b in zones if b > start and a < hi]
        buf = text[start:hi]
        cut = reading_cut(buf, width, final=hi == stop, zones=shifted, display=display)
        if cut > 0:
            return start + cut
        if hi == stop:
            return stop
        if width >= LONGEST_PIECE:
            return start + _longest_cut(buf, width, shifted, display)
        width = min(width * 2, LONGEST_PIECE)


def _longest_cut(buf: str, width: int, zones: list[tuple[int, int]], display: bool) -> int:
    """A cut within ``width`` (LONGEST_PIECE) characters of ``buf``, which has none where no
    reading changes: if what stands in the way is a comment, tag or terminal code that may
    still close after ``buf``, the last place with it read as text -- unless it follows a word
    character, where its closing would join the words around it -- else CannotVerify (a long
    word, a line of macros whose arguments join, a construct, a backspace run or a
    reordering across every place: the documented limit of a piece)."""
    o = open_start(buf)
    if o < len(buf) and follows_no_word(buf, o):
        cut = reading_cut(buf, width, open_ok=True, zones=zones, display=display)
        if cut > 0:
            return cut
    raise CannotVerify(
        "unverifiable-reading",
        f"a stretch of a line of over {LONGEST_PIECE >> 20} Mi characters with no place where no reading changes "
        "(a construct open across it right after a word, a line of macros whose arguments join, one long word): "
        "each reading of it would hold memory as large as it (the limit of a piece)",
    )


def follows_no_word(buf: str | bytes, at: int) -> bool:
    """Whether a construct that starts at ``at`` of ``buf`` follows no word character: where
    it vanishes, what follows its end joins no word before it (a cut that reads a construct
    left open as text: _longest_cut here, segments._limit_cut for a stream).  At 0 it follows
    none: ``buf`` starts a line, a piece or a stream's segment."""
    return at == 0 or buf[at - 1 : at] in _PLAIN_BEFORE


# What may come before a construct without its vanishing joining anything (no construct ends
# with one of these), as text and as bytes.
_PLAIN_BEFORE = frozenset([*" \t\r\n\"'(,=", *(c.encode() for c in " \t\r\n\"'(,=")])
