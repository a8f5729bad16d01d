"""Display order: the Unicode Bidirectional Algorithm (UAX #9) for one line of text.

A reader sees a line in display order: right-to-left text, embeddings, overrides and isolates
laid out, their controls and the boundary neutrals (BN) gone.  ``display_order`` gives that
order for the rendered reading (readings.py), one paragraph at a time (a paragraph separator
-- class B -- ends one): P2/P3, X1-X10, W1-W7, N0 (bracket pairs, a stack of 63), N1-N2,
I1-I2, L1 and L2.  Glyph mirroring (L4) changes no word character and is left out.

Cost: linear in the line.  Every step is one or two passes; the bracket pairs look up a
closing bracket in a stack of at most 63 openers and read their content from prefix counts;
L2 builds the tree of nested level runs once (depth at most 126) instead of reversing once
per level.  Bidi classes come from ``unicodedata`` (a code point it does not know takes the
default class of its block, as DerivedBidiClass.txt gives it).

Only lines holding a character that can change the order need this (``BIDI_RE``): an explicit
control, RLM or ALM, or a character of class R, AL or AN; elsewhere the display order is the
stored order.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from unicodedata import bidirectional

# X1: the deepest embedding level; BD16: the deepest nesting of bracket pairs.
MAX_DEPTH = 125
MAX_BRACKETS = 63

# Characters of class R, AL and AN, the explicit controls and RLM/ALM (classes as of
# Unicode 14, unassigned code points with their blocks' defaults): what can make the display
# order differ from the stored one.  Ranges, so that the search runs in ``re``'s class loop.
_BIDI_RANGES = (
    "\u0590-\u08ff\u200f\u202a-\u202e\u2066-\u2069\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff"
)
BIDI_RE = re.compile(f"[{_BIDI_RANGES}]")
BIDI_RE_B = re.compile(
    rb"[\xd6-\xdf]|\xe0[\xa0-\xa3]|\xe2\x80[\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]"
    rb"|\xef(?:\xac[\x9d-\xbf]|[\xad-\xb7]|\xb9[\xb0-\xbf]|[\xba-\xbb])|\xf0[\x90\x9e][\xa0-\xbf]"
)

# Unassigned code points: the default classes of DerivedBidiClass.txt (Unicode 14), else L.
_DEFAULT_R: tuple[tuple[int, int], ...] = (
    (0x0590, 0x05FF),
    (0x07C0, 0x085F),
    (0xFB1D, 0xFB4F),
    (0x10800, 0x10CFF),
    (0x10D40, 0x10EBF),
    (0x10F00, 0x10F2F),
    (0x10F70, 0x10FFF),
    (0x1E800, 0x1EC6F),
    (0x1ECC0, 0x1ECFF),
    (0x1ED50, 0x1EDFF),
    (0x1EF00, 0x1EFFF),
)
_DEFAULT_AL: tuple[tuple[int, int], ...] = (
    (0x0600, 0x07BF),
    (0x0860, 0x08FF),
    (0xFB50, 0xFDCF),
    (0xFDF0, 0xFDFF),
    (0xFE70, 0xFEFF),
    (0x10D00, 0x10D3F),
    (0x10EC0, 0x10EFF),
    (0x10F30, 0x10F6F),
    (0x1EC70, 0x1ECBF),
    (0x1ED00, 0x1ED4F),
    (0x1EE00, 0x1EEFF),
)


def bidi_class(ch: str) -> str:
    """The Bidi_Class of ``ch``."""
    c = bidirectional(ch)
    if c:
        return c
    cp = ord(ch)
    if any(a <= cp <= b for a, b in _DEFAULT_R):
        return "R"
    if any(a <= cp <= b for a, b in _DEFAULT_AL):
        return "AL"
    if 0x20A0 <= cp <= 0x20CF:
        return "ET"
    if (cp & 0xFFFE) == 0xFFFE or 0xFDD0 <= cp <= 0xFDEF or 0xE0000 <= cp <= 0xE0FFF:
        return "BN"
    return "L"


# Bidi_Paired_Bracket (BidiBrackets.txt, Unicode 14): each opening bracket and its closing one.
# Listed in code point order they pair up in turn, but for two crossed pairs at U+298D-2990.
_BRACKETS = (
    "()[]{}\u0f3a\u0f3b\u0f3c\u0f3d\u169b\u169c\u2045\u2046\u207d\u207e\u208d\u208e\u2308\u2309"
    "\u230a\u230b\u2329\u232a\u2768\u2769\u276a\u276b\u276c\u276d\u276e\u276f\u2770\u2771\u2772"
    "\u2773\u2774\u2775\u27c5\u27c6\u27e6\u27e7\u27e8\u27e9\u27ea\u27eb\u27ec\u27ed\u27ee\u27ef"
    "\u2983\u2984\u2985\u2986\u2987\u2988\u2989\u298a\u298b\u298c\u298d\u2990\u298f\u298e\u2991"
    "\u2992\u2993\u2994\u2995\u2996\u2997\u2998\u29d8\u29d9\u29da\u29db\u29fc\u29fd\u2e22\u2e23"
    "\u2e24\u2e25\u2e26\u2e27\u2e28\u2e29\u2e55\u2e56\u2e57\u2e58\u2e59\u2e5a\u2e5b\u2e5c\u3008"
    "\u3009\u300a\u300b\u300c\u300d\u300e\u300f\u3010\u3011\u3014\u3015\u3016\u3017\u3018\u3019"
    "\u301a\u301b\ufe59\ufe5a\ufe5b\ufe5c\ufe5d\ufe5e\uff08\uff09\uff3b\uff3d\uff5b\uff5d\uff5f"
    "\uff60\uff62\uff63"
)
# BD16 compares brackets up to canonical equivalence: U+2329/232A are U+3008/3009.
_CANONICAL = {"\u2329": "\u3008", "\u232a": "\u3009"}
OPENING = {_CANONICAL.get(o, o): _CANONICAL.get(c, c) for o, c in zip(_BRACKETS[::2], _BRACKETS[1::2], strict=True)}
CLOSING = frozenset(OPENING.values())

_STRONG = frozenset(("L", "R", "AL"))
_ISOLATES = frozenset(("LRI", "RLI", "FSI"))
_EMBEDDINGS = frozenset(("LRE", "RLE", "LRO", "RLO"))
_REMOVED = frozenset(("LRE", "RLE", "LRO", "RLO", "PDF", "BN"))
_NEUTRAL = frozenset(("B", "S", "WS", "ON", "LRI", "RLI", "FSI", "PDI"))
# N0 and N1 read numbers as right-to-left.
_AS_STRONG = {"L": "L", "R": "R", "AL": "R", "EN": "R", "AN": "R"}


def display_order(chars: Sequence[str]) -> list[int]:
    """The positions of ``chars`` (one line) in display order.  Each paragraph is laid out on
    its own, a paragraph separator after it; in one that can reorder (``BIDI_RE``) the
    characters rule X9 removes (explicit embeddings, overrides, PDF, BN) are left out, any
    other is in stored order (as its stored reading shows it)."""
    text = chars if isinstance(chars, str) else "".join(chars)
    out: list[int] = []
    start = 0
    for m in _SEPARATOR.finditer(text):
        out += _paragraph(text, start, m.start())
        out.append(m.start())
        start = m.end()
    out += _paragraph(text, start, len(text))
    return out


# Paragraph separators (class B).
_SEPARATOR = re.compile("[\n\r\x1c-\x1e\x85\u2029]")


def _classes(chars: Sequence[str]) -> list[str]:
    classes = list(map(bidirectional, chars))
    if "" in classes:  # (unassigned code points)
        classes = [c or bidi_class(ch) for c, ch in zip(classes, chars, strict=True)]
    return classes


def paragraph_level(classes: Sequence[str]) -> int | None:
    """P2/P3: 1 if the first strong class outside isolates is R or AL, 0 if it is L, None if
    there is none (the level is then 0, but text after it may still decide)."""
    depth = 0
    for c in classes:
        if c in _ISOLATES:
            depth += 1
        elif c == "PDI":
            depth = max(0, depth - 1)
        elif depth == 0 and c in _STRONG:
            return 0 if c == "L" else 1
    return None


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
    classes = _classes(chars)
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
        if c in _STRONG and para == -1 and not isolates:
            para = 0 if c == "L" else 1
        if c in _EMBEDDINGS or c in _ISOLATES:
            # Too deep, or a new run sequence after an embedding while a bracket of the one
            # before is open: no cut in this paragraph any more.
            poisoned = len(stack) >= _CUT_DEPTH or (not stack and c in _EMBEDDINGS and bool(brackets))
            stack.append(c in _ISOLATES)
            isolates += c in _ISOLATES
        elif c == "PDI" and isolates:
            while not stack.pop():
                pass
            isolates -= 1
        elif c == "PDF" and stack and not stack[-1]:
            stack.pop()
        elif c == "ON" and not stack:
            ch = _CANONICAL.get(chars[k], chars[k])
            if ch in OPENING:
                poisoned = len(brackets) == MAX_BRACKETS
                brackets.append(OPENING[ch])
            elif ch in CLOSING and ch in brackets:
                del brackets[len(brackets) - 1 - brackets[::-1].index(ch) :]
    return out


def _isolates(classes: Sequence[str]) -> tuple[dict[int, int], dict[int, int], dict[int, bool]]:
    """BD9: each isolate initiator's matching PDI and back; and whether each FSI reads
    right-to-left (P2/P3 on its content)."""
    to_pdi: dict[int, int] = {}
    to_initiator: dict[int, int] = {}
    rtl: dict[int, bool] = {}
    open_: list[list[int]] = []  # [initiator, first strong class code: -1 none, 0 L, 1 R/AL]
    for i, c in enumerate(classes):
        if c in _ISOLATES:
            open_.append([i, -1])
        elif c == "PDI":
            if open_:
                j, first = open_.pop()
                to_pdi[j], to_initiator[i], rtl[j] = i, j, first == 1
        elif c in _STRONG and open_ and open_[-1][1] == -1:
            open_[-1][1] = 0 if c == "L" else 1
    for j, first in open_:
        rtl[j] = first == 1
    return to_pdi, to_initiator, rtl


def _paragraph(text: str, lo: int, hi: int) -> list[int]:
    if BIDI_RE.search(text, lo, hi) is None:
        return list(range(lo, hi))
    para = text[lo:hi]
    order = _short_paragraph(para) if len(para) <= _CACHED else _lay_out(para, _classes(para))
    return [lo + i for i in order]


# A line is read in several readings (markup kept and removed, on a terminal, NULs as blanks,
# the printed text again...) that mostly lay out the same paragraphs: the short ones are
# remembered (at most 512 of 4 Ki characters: bounded memory).
_CACHED = 4096


@functools.lru_cache(maxsize=512)
def _short_paragraph(text: str) -> tuple[int, ...]:
    return tuple(_lay_out(text, _classes(text)))


def _lay_out(chars: Sequence[str], classes: Sequence[str]) -> list[int]:
    """The display order of one paragraph (positions in it)."""
    n = len(classes)
    para = paragraph_level(classes) or 0
    to_pdi, to_initiator, fsi_rtl = _isolates(classes)
    levels, types = _explicit(classes, para, fsi_rtl)
    kept = [i for i in range(n) if classes[i] not in _REMOVED]
    # X10: level runs, chained into isolating run sequences across matching isolates.
    runs: list[list[int]] = []
    for i in kept:
        if runs and levels[runs[-1][-1]] == levels[i]:
            runs[-1].append(i)
        else:
            runs.append([i])
    run_of = {run[0]: run for run in runs}
    rank = {i: k for k, i in enumerate(kept)}
    resolved = list(levels)  # (sos and eos read the embedding levels, not these)
    for run in runs:
        first = run[0]
        if classes[first] == "PDI" and first in to_initiator:
            continue  # it continues the sequence of its initiator
        seq = list(run)
        while classes[seq[-1]] in _ISOLATES and seq[-1] in to_pdi and to_pdi[seq[-1]] in run_of:
            seq += run_of[to_pdi[seq[-1]]]
        level = levels[seq[0]]
        k = rank[seq[0]]
        before = levels[kept[k - 1]] if k > 0 else para
        k = rank[seq[-1]]
        # (after an isolate initiator with no matching PDI: the paragraph level)
        after = para if types[seq[-1]] in _ISOLATES or k + 1 == len(kept) else levels[kept[k + 1]]
        sos = "R" if max(before, level) % 2 else "L"
        eos = "R" if max(after, level) % 2 else "L"
        _resolve(seq, chars, types, level, resolved, sos, eos)
    # L1: separators, and blanks before them or at the end, at the paragraph level.
    trailing = True
    for i in range(n - 1, -1, -1):
        c = classes[i]
        if c in ("S", "B"):
            resolved[i], trailing = para, True
        elif c in ("WS", "LRI", "RLI", "FSI", "PDI") or c in _REMOVED:
            if trailing:
                resolved[i] = para
        else:
            trailing = False
    return _reorder(kept, resolved)


def _explicit(classes: Sequence[str], para: int, fsi_rtl: dict[int, bool]) -> tuple[list[int], list[str]]:
    """X1-X8: each character's embedding level, and its class with overrides applied."""
    levels = [para] * len(classes)
    types = list(classes)
    stack: list[tuple[int, str, bool]] = [(para, "", False)]  # (level, override, isolate)
    over_isolate = over_embedding = valid_isolates = 0
    for i, c in enumerate(classes):
        level, override, _ = stack[-1]
        if c in _EMBEDDINGS or c in _ISOLATES:
            levels[i] = level
            if c in _ISOLATES and override:
                types[i] = override
            rtl = c[0] == "R" or (c == "FSI" and fsi_rtl[i])
            new = (level + 1) | 1 if rtl else (level + 2) & ~1
            if new <= MAX_DEPTH and over_isolate == 0 and over_embedding == 0:
                if c in _ISOLATES:
                    valid_isolates += 1
                    stack.append((new, "", True))
                else:
                    stack.append((new, c[0] if c[2] == "O" else "", False))
            elif c in _ISOLATES:
                over_isolate += 1
            elif over_isolate == 0:
                over_embedding += 1
        elif c == "PDI":
            if over_isolate:
                over_isolate -= 1
            elif valid_isolates:
                over_embedding = 0
                while not stack[-1][2]:
                    stack.pop()
                stack.pop()
                valid_isolates -= 1
            levels[i], override, _ = stack[-1]
            if override:
                types[i] = override
        elif c == "PDF":
            levels[i] = level
            if over_isolate:
                pass
            elif over_embedding:
                over_embedding -= 1
            elif not stack[-1][2] and len(stack) > 1:
                stack.pop()
        else:
            levels[i] = level
            if override and c != "BN":
                types[i] = override
    return levels, types


def _resolve(
    seq: list[int],
    chars: Sequence[str],
    types: list[str],
    level: int,
    resolved: list[int],
    sos: str,
    eos: str,
) -> None:
    """W1-W7, N0-N2 and I1-I2 on one isolating run sequence (positions ``seq``, at embedding
    level ``level``): sets the resolved level of each of its characters."""
    before_w1 = [types[i] for i in seq]
    ts = list(before_w1)
    m = len(ts)
    # W1: a mark takes the class of what it follows (a neutral after an isolate's bounds).
    for k in range(m):
        if ts[k] == "NSM":
            ts[k] = sos if k == 0 else ("ON" if ts[k - 1] in _ISOLATES or ts[k - 1] == "PDI" else ts[k - 1])
    # W2, W3: European digits after Arabic letters are Arabic digits; AL is R.
    last = sos
    for k in range(m):
        t = ts[k]
        if t in _STRONG:
            last = t
            if t == "AL":
                ts[k] = "R"
        elif t == "EN" and last == "AL":
            ts[k] = "AN"
    # W4: one separator between two numbers of the same kind joins them.
    for k in range(1, m - 1):
        if ts[k] == "ES" and ts[k - 1] == "EN" == ts[k + 1]:
            ts[k] = "EN"
        elif ts[k] == "CS" and ts[k - 1] == ts[k + 1] and ts[k - 1] in ("EN", "AN"):
            ts[k] = ts[k - 1]
    # W5: terminators next to European digits are digits; W6: other separators are neutral.
    k = 0
    while k < m:
        if ts[k] != "ET":
            k += 1
            continue
        end = k
        while end < m and ts[end] == "ET":
            end += 1
        if (k > 0 and ts[k - 1] == "EN") or (end < m and ts[end] == "EN"):
            ts[k:end] = ["EN"] * (end - k)
        k = end
    for k in range(m):
        if ts[k] in ("ES", "ET", "CS"):
            ts[k] = "ON"
    # W7: European digits after left-to-right text are left-to-right.
    last = sos
    for k in range(m):
        if ts[k] in ("L", "R"):
            last = ts[k]
        elif ts[k] == "EN" and last == "L":
            ts[k] = "L"
    e = "R" if level % 2 else "L"
    _brackets(seq, chars, ts, before_w1, sos, e)
    # N1, N2: a run of neutrals between two strong classes of one direction takes it, else
    # the embedding direction.
    k = 0
    while k < m:
        if ts[k] not in _NEUTRAL:
            k += 1
            continue
        end = k
        while end < m and ts[end] in _NEUTRAL:
            end += 1
        prev = _AS_STRONG.get(ts[k - 1], e) if k > 0 else sos
        nxt = _AS_STRONG.get(ts[end], e) if end < m else eos
        ts[k:end] = [prev if prev == nxt else e] * (end - k)
        k = end
    # I1, I2.
    for k, i in enumerate(seq):
        t = ts[k]
        if level % 2 == 0:
            resolved[i] = level + (1 if t == "R" else 2 if t in ("AN", "EN") else 0)
        elif t in ("L", "EN", "AN"):
            resolved[i] = level + 1


def _brackets(seq: list[int], chars: Sequence[str], ts: list[str], before_w1: list[str], sos: str, e: str) -> None:
    """BD16 and N0: bracket pairs take the embedding direction if they hold a strong class of
    it, else the other one if they hold that and it also comes before them."""
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for k, i in enumerate(seq):
        if ts[k] != "ON":
            continue
        ch = _CANONICAL.get(chars[i], chars[i])
        if ch in OPENING:
            if len(stack) == MAX_BRACKETS:
                break
            stack.append((OPENING[ch], k))
        elif ch in CLOSING:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == ch:
                    pairs.append((stack[depth][1], k))
                    del stack[depth:]
                    break
    if not pairs:
        return
    pairs.sort()
    # (A pair's content is read before the pairs nested in it are resolved: prefix counts.)
    count_l = [0]
    count_r = [0]
    for t in ts:
        s = _AS_STRONG.get(t)
        count_l.append(count_l[-1] + (s == "L"))
        count_r.append(count_r[-1] + (s == "R"))
    opposite = "R" if e == "L" else "L"
    swept, context = 0, sos
    for o, c in pairs:
        while swept < o:  # (everything before ``o`` is final by now)
            context = _AS_STRONG.get(ts[swept], context)
            swept += 1
        has_l = count_l[c] - count_l[o + 1] > 0
        has_r = count_r[c] - count_r[o + 1] > 0
        if has_l if e == "L" else has_r:
            new = e
        elif has_l or has_r:
            new = opposite if context == opposite else e
        else:
            continue
        for k in (o, c):
            ts[k] = new
            k += 1
            while k < len(ts) and before_w1[k] == "NSM":
                ts[k] = new
                k += 1


class _Run:
    """A run of L2: its level, and in order its positions and the runs nested in it."""

    __slots__ = ("children", "level")

    def __init__(self, level: int) -> None:
        self.level = level
        self.children: list[int | _Run] = []


def _reorder(kept: list[int], levels: list[int]) -> list[int]:
    """L2: from the highest level to the lowest odd one, reverse every run at that level or
    higher -- computed in one pass over the tree of nested runs: a run is read backwards if
    an odd number of those reversals apply to it."""
    if not kept:
        return []
    lowest_odd = min(levels[i] for i in kept) | 1
    root = _Run(-1)
    stack = [root]
    for i in kept:
        level = levels[i]
        popped: _Run | None = None
        while stack[-1].level > level:
            popped = stack.pop()
        top = stack[-1]
        if top.level == level:
            top.children.append(i)
            continue
        run = _Run(level)
        if popped is not None:  # the run just closed lies inside this one
            top.children.pop()
            run.children.append(popped)
        run.children.append(i)
        top.children.append(run)
        stack.append(run)
    out: list[int] = []

    def emit(run: _Run, flip: bool, outer: int) -> None:
        # (the reversals at the levels above ``outer`` up to the run's own apply to it whole)
        flip ^= max(0, run.level - max(outer, lowest_odd - 1)) % 2 == 1
        for child in reversed(run.children) if flip else run.children:
            if isinstance(child, int):
                out.append(child)
            else:
                emit(child, flip, run.level)

    emit(root, False, -1)
    return out
