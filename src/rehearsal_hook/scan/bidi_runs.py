"""A paragraph with no explicit control laid out in passes over its classes as a string (UAX
#9): the same display order as the rule-by-rule phases (bidi_explicit.py, bidi_resolve.py),
which take a Python step per character and rule -- a right-to-left paragraph in a Hebrew code
page cost about 36 s of CPU a MiB, read in several readings and both base directions.

Without an embedding, override, isolate or boundary neutral (X9's removals, which the other
phases keep apart) the paragraph is one isolating run sequence at the paragraph level, its
sos and eos that level's direction: each of W1-W7, N1-N2, I1-I2 and L1 is then a regular
expression or a translation over one character per class (C speed), N0 a step per bracket
pair, and L2 a step per run of one level.  Any other paragraph takes the phases
(``lay_out`` returns None).  Exactness: tests/unit/test_bidi.py checks both against each
other on random paragraphs (hypothesis) and against python-bidi.
"""

from __future__ import annotations

import heapq
import re
from array import array

from rehearsal_hook.scan.bidi_classes import CANONICAL, CLOSING, OPENING, bracket_pairs, pair_direction
from rehearsal_hook.scan.bidi_reorder import visual_order

# One character per class (the explicit controls and BN share the ones that send a paragraph
# to the phases).
_CODE = {
    "L": "L",
    "R": "R",
    "AL": "A",
    "EN": "E",
    "ES": "s",
    "ET": "t",
    "AN": "N",
    "CS": "c",
    "NSM": "m",
    "B": "x",
    "S": "S",
    "WS": "W",
    "ON": "O",
    "BN": "x",
    "LRE": "x",
    "RLE": "x",
    "LRO": "x",
    "RLO": "x",
    "PDF": "x",
    "LRI": "x",
    "RLI": "x",
    "FSI": "x",
    "PDI": "x",
}
_FIRST_STRONG = re.compile("[LRA]")
_MARKS = re.compile("([^m])(m++)")  # W1
_AL_SPAN = re.compile("A[^LR]*+")  # W2: from an AL to the next strong class that is not AL
_EN_SEP_EN = re.compile("(?<=E)[sc](?=E)")  # W4
_AN_CS_AN = re.compile("(?<=N)c(?=N)")
_ET_RUN = re.compile("(?<=E)t++|(?<!t)t++(?=E)")  # W5 (a run's start only: linear)
_W6 = str.maketrans("stc", "OOO")
# W7: from an L to the next strong class, where it holds EN (a span without one costs no
# step: each attempt from an L reads only up to the next L, R or EN)
_L_SPAN = re.compile("L[^LRE]*+E[^LR]*+")
_BRACKET = re.compile("[" + re.escape("".join([*OPENING, *CLOSING, *CANONICAL])) + "]")
_R_ISH = re.compile("[REN]")  # (N0 and N1 read numbers as R)
_LAST_STRONG = re.compile(r"[LREN][^LREN]*+\Z")  # (searched up to an end: the last one before it)
_NEUTRALS = re.compile("[SWO]++")  # N1, N2
# I1, I2: the level of each resolved class at an even and at an odd paragraph level.
_LEVELS = (str.maketrans("LREN", "\x00\x01\x02\x02"), str.maketrans("LREN", "\x02\x01\x02\x02"))
_RESET = re.compile("(?<!W)(?:W*+S|W++\\Z)")  # L1: separators and the blanks before them or at the end


def lay_out(text: str, classes: list[str], ltr: bool) -> array[int] | None:
    """The display order of the paragraph ``text`` (its ``classes``; ``ltr``: at level 0 whatever
    its first strong letter), or None if it holds an explicit control or a boundary neutral."""
    codes = "".join(map(_CODE.__getitem__, classes))
    if "x" in codes:
        return None
    first = _FIRST_STRONG.search(codes)
    para = 0 if ltr or first is None or first[0] == "L" else 1
    e = "R" if para else "L"  # the embedding direction, and sos and eos
    types = _resolved(text, codes, e)
    levels = bytearray(types.translate(_LEVELS[para]).encode("latin-1"))
    for m in _RESET.finditer(codes):
        levels[m.start() : m.end()] = bytes([para]) * (m.end() - m.start())
    return visual_order(range(len(codes)), levels)  # (every position kept: no array of them)


def _resolved(text: str, codes: str, e: str) -> str:
    """W1-W7, N0-N2 on the one isolating run sequence: each character's class resolved to
    L, R, EN or AN."""
    t = _MARKS.sub(lambda m: m[1] * (1 + len(m[2])), codes)
    lead = len(t) - len(t.lstrip("m"))
    t = e * lead + t[lead:]
    if "A" in t:
        t = _AL_SPAN.sub(lambda m: m[0].replace("E", "N"), t).replace("A", "R")
    t = _AN_CS_AN.sub("N", _EN_SEP_EN.sub("E", t))
    t = _ET_RUN.sub(lambda m: "E" * len(m[0]), t).translate(_W6)
    if "E" in t:
        t = _L_SPAN.sub(lambda m: m[0].replace("E", "L"), t)
        if e == "L":
            first = _FIRST_STRONG.search(t)
            head = len(t) if first is None else first.start()
            t = t[:head].replace("E", "L") + t[head:]
    t = _brackets(text, codes, t, e)
    out: list[str] = []
    at = 0
    for m in _NEUTRALS.finditer(t):
        k, end = m.span()
        prev = e if k == 0 else "L" if t[k - 1] == "L" else "R"
        nxt = e if end == len(t) else "L" if t[end] == "L" else "R"
        out += (t[at:k], (prev if prev == nxt else e) * (end - k))
        at = end
    out.append(t[at:])
    return "".join(out)


def _brackets(text: str, codes: str, t: str, e: str) -> str:
    """BD16 and N0 (bidi_resolve._brackets): a pair takes the embedding direction if it holds
    a strong class of it, else the other one if it holds that and that also comes before it.
    A pair's content is read as it was before any pair was resolved (``t``), its context with
    the pairs before it resolved."""
    pairs = bracket_pairs((m.start(), m.group()) for m in _BRACKET.finditer(text) if t[m.start()] == "O")
    if not pairs:
        return t
    changed: dict[int, str] = {}
    # The positions changed that the sweep has not passed yet (a heap: each pushed and popped
    # once -- a sorted list took an insertion per change before the closers of the pairs around
    # it and the marks after them, quadratic under a closer followed by many marks).
    ahead: list[int] = []
    swept, context = 0, e
    for o, c in pairs:
        # The context: the last strong class before ``o``, stored or set by a pair before
        # (every change is at or after the opener of its pair: at or after ``swept``).
        last = _LAST_STRONG.search(t, swept, o)
        latest = -1
        while ahead and ahead[0] < o:
            latest = heapq.heappop(ahead)
        if latest != -1 and (last is None or latest > last.start()):
            context = changed[latest]
        elif last is not None:
            context = "L" if last[0][0] == "L" else "R"
        swept = o
        # (a content of at most every character, searched once for each of at most 63 pairs
        # holding it: linear)
        has_l = t.find("L", o + 1, c) >= 0
        has_r = _R_ISH.search(t, o + 1, c) is not None
        new = pair_direction(has_l, has_r, context, e)
        if new is None:
            continue
        for k in (o, c):
            while True:
                if k not in changed:
                    heapq.heappush(ahead, k)
                changed[k] = new
                k += 1
                if k == len(t) or codes[k] != "m":
                    break
    chars = list(t)
    for k, new in changed.items():
        chars[k] = new
    return "".join(chars)
