"""Resolving one isolating run sequence (UAX #9): the weak types (W1-W7), bracket pairs (BD16,
N0), the other neutrals (N1-N2) and the implicit levels (I1-I2)."""

from __future__ import annotations

from array import array
from collections.abc import Sequence

from rehearsal_hook.scan.bidi_classes import ISOLATES, STRONG, bracket_pairs, pair_direction

_NEUTRAL = frozenset(("B", "S", "WS", "ON", "LRI", "RLI", "FSI", "PDI"))
# N0 and N1 read numbers as right-to-left.
_AS_STRONG = {"L": "L", "R": "R", "AL": "R", "EN": "R", "AN": "R"}


def resolve_sequence(
    seq: Sequence[int],
    chars: Sequence[str],
    types: list[str],
    level: int,
    resolved: bytearray,
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
            ts[k] = sos if k == 0 else ("ON" if ts[k - 1] in ISOLATES or ts[k - 1] == "PDI" else ts[k - 1])
    # W2, W3: European digits after Arabic letters are Arabic digits; AL is R.
    last = sos
    for k in range(m):
        t = ts[k]
        if t in STRONG:
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


def _brackets(seq: Sequence[int], chars: Sequence[str], ts: list[str], before_w1: list[str], sos: str, e: str) -> None:
    """BD16 and N0: bracket pairs take the embedding direction if they hold a strong class of
    it, else the other one if they hold that and it also comes before them."""
    pairs = bracket_pairs((k, chars[i]) for k, i in enumerate(seq) if ts[k] == "ON")
    if not pairs:
        return
    # (A pair's content is read before the pairs nested in it are resolved: prefix counts.)
    # (arrays: a list held an int object per character)
    count_l, count_r = array("q", [0]) * (len(ts) + 1), array("q", [0]) * (len(ts) + 1)
    n_l = n_r = 0
    for k, t in enumerate(ts, 1):
        s = _AS_STRONG.get(t)
        n_l += s == "L"
        n_r += s == "R"
        count_l[k], count_r[k] = n_l, n_r
    swept, context = 0, sos
    for o, c in pairs:
        while swept < o:  # (everything before ``o`` is final by now)
            context = _AS_STRONG.get(ts[swept], context)
            swept += 1
        has_l = count_l[c] - count_l[o + 1] > 0
        has_r = count_r[c] - count_r[o + 1] > 0
        new = pair_direction(has_l, has_r, context, e)
        if new is None:
            continue
        for k in (o, c):
            ts[k] = new
            k += 1
            while k < len(ts) and before_w1[k] == "NSM":
                ts[k] = new
                k += 1
