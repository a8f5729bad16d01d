"""Bidi classes and paired brackets: the character data of the Unicode Bidirectional
Algorithm (UAX #9) -- BD1's classes (``unicodedata``, with DerivedBidiClass.txt's defaults for
unassigned code points), BD16's bracket pairs (BidiBrackets.txt) and their depth limit, and the
groups of classes the rules name (strong types, isolate initiators, embeddings and overrides,
what X9 removes)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from unicodedata import bidirectional

# BD16: the deepest nesting of bracket pairs.
MAX_BRACKETS = 63


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


def classes_of(chars: Sequence[str]) -> list[str]:
    """The Bidi_Class of each of ``chars``."""
    classes = list(map(bidirectional, chars))
    if "" in classes:  # (unassigned code points)
        classes = [c or bidi_class(ch) for c, ch in zip(classes, chars, strict=True)]
    return classes


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
CANONICAL = {"\u2329": "\u3008", "\u232a": "\u3009"}
OPENING = {CANONICAL.get(o, o): CANONICAL.get(c, c) for o, c in zip(_BRACKETS[::2], _BRACKETS[1::2], strict=True)}
CLOSING = frozenset(OPENING.values())

STRONG = frozenset(("L", "R", "AL"))
ISOLATES = frozenset(("LRI", "RLI", "FSI"))
EMBEDDINGS = frozenset(("LRE", "RLE", "LRO", "RLO"))
REMOVED = frozenset(("LRE", "RLE", "LRO", "RLO", "PDF", "BN"))


def bracket_pairs(candidates: Iterable[tuple[int, str]]) -> list[tuple[int, int]]:
    """BD16: the bracket pairs among ``candidates`` (place, character; each a bracket whose
    class is ON), as (opening place, closing place) in the opening's order.  Past
    MAX_BRACKETS open at once, no more pairs are looked for."""
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for k, c in candidates:
        ch = CANONICAL.get(c, c)
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
    pairs.sort()
    return pairs


def pair_direction(has_l: bool, has_r: bool, context: str, e: str) -> str | None:
    """N0: the direction a bracket pair takes -- the embedding direction ``e`` if it holds a
    strong class of it, else the other one if it holds that and ``context`` (the last strong
    class before it) is that too, else ``e``; None if it holds no strong class."""
    if has_l if e == "L" else has_r:
        return e
    if has_l or has_r:
        opposite = "R" if e == "L" else "L"
        return opposite if context == opposite else e
    return None
