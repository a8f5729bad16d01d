"""Display order: the Unicode Bidirectional Algorithm (UAX #9) for one line of text.

A reader sees a line in display order: right-to-left text, embeddings, overrides and isolates
laid out, their controls and the boundary neutrals (BN) gone -- but control characters, which
every reading shows as stored (bidi_reorder.with_controls).  ``display_order`` gives that
order for the rendered reading (readings.py), one paragraph at a time (a paragraph separator
-- class B -- ends one): P2/P3, X1-X10, W1-W7, N0 (bracket pairs, a stack of 63), N1-N2,
I1-I2, L1 and L2.  Glyph mirroring (L4) changes no word character and is left out.

Cost: linear in the line.  Every step is one or two passes; the bracket pairs look up a
closing bracket in a stack of at most 63 openers and read their content from prefix counts;
L2 builds the tree of nested level runs once (depth at most 126) instead of reversing once
per level.  Memory: positions are arrays and levels bytes (about 100 bytes a character in
all), and a paragraph over LONGEST characters blocks.  Bidi classes come from
``unicodedata`` (a code point it does not know takes the default class of its block, as
DerivedBidiClass.txt gives it).

Only lines holding a character that can change the order need this (``BIDI_RE``): an explicit
control, RLM or ALM, or a character of class R, AL or AN; elsewhere the display order is the
stored order.

This module is the entry: which lines need the algorithm, ``display_order`` one paragraph at a
time (X9: the characters it removes are left out here), and ``safe_cuts`` (where a long line
may be cut without changing its display order).  The phases live apart, in the order they run:
bidi_classes.py (the classes and bracket pairs), bidi_explicit.py (P2-P3, BD9, X1-X8, X10),
bidi_resolve.py (W1-W7, N0-N2, I1-I2), bidi_reorder.py (L1, L2).
"""

from __future__ import annotations

import functools
import re
from array import array
from collections.abc import Iterator, Sequence

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import bidi_runs
from rehearsal_hook.scan.bidi_classes import (
    CANONICAL,
    CLOSING,
    EMBEDDINGS,
    ISOLATES,
    MAX_BRACKETS,
    OPENING,
    REMOVED,
    STRONG,
    bidi_class,
    classes_of,
)
from rehearsal_hook.scan.bidi_explicit import explicit_levels, isolate_pairs, isolating_run_sequences, paragraph_level
from rehearsal_hook.scan.bidi_reorder import reset_whitespace_levels, visual_order, with_controls
from rehearsal_hook.scan.bidi_resolve import resolve_sequence

# Characters of class R, AL and AN, the explicit controls and RLM/ALM (classes as of
# Unicode 14, unassigned code points with their blocks' defaults): what can make the display
# order differ from the stored one.  Ranges, so that the search runs in ``re``'s class loop.
BIDI_RANGES = (
    "\u0590-\u08ff\u200f\u202a-\u202e\u2066-\u2069\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff"
)
BIDI_RE = re.compile(f"[{BIDI_RANGES}]")
# The same search in UTF-8 bytes, not decoded: the encodings of every character BIDI_RE finds
# (and U+0580-058F, which share their lead byte, and U+FEFF), so a miss means none is there.
BIDI_RE_B = re.compile(
    rb"[\xd6-\xdf]|\xe0[\xa0-\xa3]|\xe2\x80[\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]"
    rb"|\xef(?:\xac[\x9d-\xbf]|[\xad-\xb7]|\xb9[\xb0-\xbf]|[\xba-\xbb])|\xf0[\x90\x9e][\xa0-\xbf]"
)


def display_order(chars: Sequence[str], *, ltr: bool = False) -> array[int]:
    """The positions of ``chars`` (one line) in display order.  Each paragraph is laid out on
    its own, a paragraph separator after it; in one that can reorder (``BIDI_RE``) the
    characters rule X9 removes (explicit embeddings, overrides, PDF, BN) are left out but the
    control characters, beside their neighbours; any other paragraph is in stored order (as its
    stored reading shows it).  ``ltr``: every paragraph left to right, whatever its first strong
    letter (a higher-level protocol's base direction, HL1: rtl_paragraph)."""
    text = chars if isinstance(chars, str) else "".join(chars)
    out: array[int] = array("q")
    start = 0
    for m in _SEPARATOR.finditer(text):
        out.extend(_paragraph(text, start, m.start(), ltr))
        out.append(m.start())
        start = m.end()
    out.extend(_paragraph(text, start, len(text), ltr))
    return out


def rtl_paragraph(text: str) -> bool:
    """Whether a paragraph of ``text`` that can reorder starts right to left (P2/P3: its first
    strong letter outside isolates is R or AL).  Such a paragraph has two display orders: its
    own (a renderer that finds the direction, ``dir=auto``, Emacs) and left to right (a
    terminal with bidirectional layout, a code editor, a browser's plain text: they lay every
    line out from the left, HL1), where a Hebrew word moves the digits after it away from the
    Latin word they began (``שלום א1X_P…`` shows ``X_P…`` alone)."""
    start = 0
    for end in [*(m.start() for m in _SEPARATOR.finditer(text)), len(text)]:
        if BIDI_RE.search(text, start, end) is not None and paragraph_level(map(bidi_class, text[start:end])) == 1:
            return True
        start = end + 1
    return False


# Paragraph separators (class B).
_SEPARATOR = re.compile("[\n\r\x1c-\x1e\x85\u2029]")


# Classes that resolve to the level of the strong text around them at level 0 (weak and
# neutral ones, boundary neutrals): between two L characters they stay at level 0.
_WEAK = frozenset(("EN", "ES", "ET", "CS", "WS", "ON", "S", "BN", "NSM"))
# A paragraph deeper than this many embeddings is not cut (no overflow to model: 2 * 60 < 125).
_CUT_DEPTH = 60


def safe_cuts(chars: Sequence[str], horizon: int) -> list[int]:
    """The positions ``k`` (0 < k < len(chars)) where cutting ``chars`` (a line, or its start)
    leaves the display order of the whole that of the part before ``k`` followed by the part
    after it, each laid out as a line of its own.  Sufficient conditions, checked in one pass:
    the paragraph at ``k`` is left-to-right (its first strong character outside isolates, before
    ``k``, is L), no embedding, override or isolate is open, no bracket waits for its pair in
    the level-0 run sequence (BD16), the last character before ``k`` that is not weak or
    neutral is L, and the first one from ``k`` on is L too, less than ``horizon`` characters
    on, with no mark at ``k``.  Everything between those two L characters then resolves to
    level 0 in the whole and in each part, and nothing before or after them depends on the
    other side.  Also right after a paragraph separator."""
    classes = classes_of(chars)
    n = len(classes)
    next_l = [n + horizon] * (n + 1)  # where the first L from here is, if only weak text is before it
    for i in range(n - 1, -1, -1):
        c = classes[i]
        next_l[i] = i if c == "L" else next_l[i + 1] if c in _WEAK else n + horizon
    out: list[int] = []
    para = -1
    stack: list[bool] = []  # open embeddings (False) and isolates (True)
    isolates = 0
    brackets: list[str] = []  # closing brackets awaited at level 0 (at most 63)
    poisoned = False  # no cut before the next paragraph (and no state kept: bounded work)
    last = ""  # the class of the last character that is not weak or neutral
    for k, c in enumerate(classes):
        if k and classes[k - 1] == "B":
            out.append(k)  # (paragraphs are laid out apart)
        elif (
            k
            and para == 0
            and last == "L"
            and not stack
            and not brackets
            and not poisoned
            and c != "NSM"
            and next_l[k] < k + horizon
        ):
            out.append(k)
        if c == "B":
            para, poisoned, last, isolates = -1, False, "", 0
            stack.clear()
            brackets.clear()
            continue
        if poisoned:
            continue
        if c not in _WEAK:
            last = c
        if c in STRONG and para == -1 and not isolates:
            para = 0 if c == "L" else 1
        if c in EMBEDDINGS or c in ISOLATES:
            # Too deep, or a new run sequence after an embedding while a bracket of the one
            # before is open: no cut in this paragraph any more.
            poisoned = len(stack) >= _CUT_DEPTH or (not stack and c in EMBEDDINGS and bool(brackets))
            stack.append(c in ISOLATES)
            isolates += c in ISOLATES
        elif c == "PDI" and isolates:
            while not stack.pop():
                pass
            isolates -= 1
        elif c == "PDF" and stack and not stack[-1]:
            stack.pop()
        elif c == "ON" and not stack:
            ch = CANONICAL.get(chars[k], chars[k])
            if ch in OPENING:
                poisoned = len(brackets) == MAX_BRACKETS
                brackets.append(OPENING[ch])
            elif ch in CLOSING and ch in brackets:
                del brackets[len(brackets) - 1 - brackets[::-1].index(ch) :]
    return out


def _paragraph(text: str, lo: int, hi: int, ltr: bool) -> Sequence[int]:
    if BIDI_RE.search(text, lo, hi) is None:
        return range(lo, hi)
    if hi - lo > LONGEST:
        raise CannotVerify(
            "unverifiable-reading",
            f"a paragraph of over {LONGEST >> 20} Mi characters holding right-to-left text or a bidirectional "
            "control has no place to cut: its display order is not laid out (the limit of the display order reading)",
        )
    para = text[lo:hi]
    order = _short_paragraph(para, ltr) if len(para) <= _CACHED else _lay_out(para, ltr)
    return array("q", map(lo.__add__, order)) if lo else order


# The longest paragraph laid out: a longer one (no place to cut its display order within it:
# a right-to-left paragraph, or one with no left-to-right letters on both sides of a cut)
# blocks.  The layout holds about 100 bytes a character (classes, levels, positions), a line's
# readings 200 in all: 1 Mi characters keeps it near 200 MB and 35 s.  Real paragraphs are
# far shorter (a novel's chapter is 50 Ki characters); a line of 1 Mi characters of Hebrew
# or Arabic with no line break (a minified array of such strings) would reach it.
LONGEST = 1 << 20


# A line is read in several readings (markup kept and removed, on a terminal, NULs as blanks,
# the printed text again...) that mostly lay out the same paragraphs: the short ones are
# remembered (at most 512 of 4 Ki characters: bounded memory).
_CACHED = 4096


@functools.lru_cache(maxsize=512)
def _short_paragraph(text: str, ltr: bool) -> tuple[int, ...]:
    return tuple(_lay_out(text, ltr))


def _kept(classes: Sequence[str]) -> Iterator[int]:
    return (i for i, c in enumerate(classes) if c not in REMOVED)


def _lay_out(text: str, ltr: bool) -> array[int]:
    """The display order of one paragraph (positions in it): in passes over its classes
    (bidi_runs.py) where it holds no explicit control, else every phase in turn; ``ltr``: at
    paragraph level 0 whatever P2/P3 find."""
    classes = classes_of(text)
    fast = bidi_runs.lay_out(text, classes, ltr)
    return fast if fast is not None else phases(text, classes, ltr)


def phases(chars: Sequence[str], classes: Sequence[str], ltr: bool) -> array[int]:
    """The display order of one paragraph by every phase in turn (the reference of
    bidi_runs.lay_out, which tests/unit/test_bidi.py checks against it)."""
    n = len(classes)
    para = 0 if ltr else paragraph_level(classes) or 0
    to_pdi, to_initiator, fsi_rtl = isolate_pairs(classes)
    levels, types = explicit_levels(classes, para, fsi_rtl)
    # (positions and levels as arrays and bytes, not lists of ints: memory per character)
    kept = array("q", range(n)) if REMOVED.isdisjoint(classes) else array("q", _kept(classes))
    resolved = bytearray(levels)  # (sos and eos read the embedding levels, not these)
    for seq, level, sos, eos in isolating_run_sequences(classes, levels, types, para, kept, to_pdi, to_initiator):
        resolve_sequence(seq, chars, types, level, resolved, sos, eos)
    reset_whitespace_levels(classes, resolved, para)
    return with_controls(visual_order(kept, resolved), chars, classes, resolved)
