"""Paragraph level and explicit levels (UAX #9): P2-P3 (the paragraph's direction), BD9
(matching isolate initiators and PDIs), X1-X8 (embedding levels and overrides) and X10
(isolating run sequences with their sos and eos); X9's removed characters are left out by the
caller (``bidi_classes.REMOVED``)."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence

from rehearsal_hook.scan.bidi_classes import EMBEDDINGS, ISOLATES, STRONG

# X1: the deepest embedding level.
MAX_DEPTH = 125


def paragraph_level(classes: Iterable[str]) -> int | None:
    """P2/P3: 1 if the first strong class outside isolates is R or AL, 0 if it is L, None if
    there is none (the level is then 0, but text after it may still decide)."""
    depth = 0
    for c in classes:
        if c in ISOLATES:
            depth += 1
        elif c == "PDI":
            depth = max(0, depth - 1)
        elif depth == 0 and c in STRONG:
            return 0 if c == "L" else 1
    return None


def isolate_pairs(classes: Sequence[str]) -> tuple[dict[int, int], dict[int, int], dict[int, bool]]:
    """BD9: each isolate initiator's matching PDI and back; and whether each FSI reads
    right-to-left (P2/P3 on its content)."""
    to_pdi: dict[int, int] = {}
    to_initiator: dict[int, int] = {}
    rtl: dict[int, bool] = {}
    open_: list[list[int]] = []  # [initiator, first strong class code: -1 none, 0 L, 1 R/AL]
    for i, c in enumerate(classes):
        if c in ISOLATES:
            open_.append([i, -1])
        elif c == "PDI":
            if open_:
                j, first = open_.pop()
                to_pdi[j], to_initiator[i], rtl[j] = i, j, first == 1
        elif c in STRONG and open_ and open_[-1][1] == -1:
            open_[-1][1] = 0 if c == "L" else 1
    for j, first in open_:
        rtl[j] = first == 1
    return to_pdi, to_initiator, rtl


def explicit_levels(classes: Sequence[str], para: int, fsi_rtl: dict[int, bool]) -> tuple[bytearray, list[str]]:
    """X1-X8: each character's embedding level (a byte: at most MAX_DEPTH + 1), and its class
    with overrides applied."""
    levels = bytearray([para]) * len(classes)
    types = list(classes)
    stack: list[tuple[int, str, bool]] = [(para, "", False)]  # (level, override, isolate)
    over_isolate = over_embedding = valid_isolates = 0
    for i, c in enumerate(classes):
        level, override, _ = stack[-1]
        if c in EMBEDDINGS or c in ISOLATES:
            levels[i] = level
            if c in ISOLATES and override:
                types[i] = override
            rtl = c[0] == "R" or (c == "FSI" and fsi_rtl[i])
            new = (level + 1) | 1 if rtl else (level + 2) & ~1
            if new <= MAX_DEPTH and over_isolate == 0 and over_embedding == 0:
                if c in ISOLATES:
                    valid_isolates += 1
                    stack.append((new, "", True))
                else:
                    stack.append((new, c[0] if c[2] == "O" else "", False))
            elif c in ISOLATES:
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


def isolating_run_sequences(
    classes: Sequence[str],
    levels: Sequence[int],
    types: Sequence[str],
    para: int,
    kept: array[int],
    to_pdi: dict[int, int],
    to_initiator: dict[int, int],
) -> Iterator[tuple[array[int], int, str, str]]:
    """X10: the level runs of the ``kept`` positions (those X9 keeps), chained into isolating
    run sequences across matching isolates: each sequence's positions, embedding level, sos
    and eos (read from the embedding ``levels``, never from resolved ones).  A run is kept as
    the stretch of ``kept`` it covers (no int object per character: a paragraph of a MiB
    held 100 bytes a character in lists and a rank dict)."""
    runs: list[tuple[int, int]] = []  # (first, end) indexes into kept
    first = 0
    for k in range(1, len(kept) + 1):
        if k == len(kept) or levels[kept[k]] != levels[kept[first]]:
            runs.append((first, k))
            first = k
    run_of = {kept[a]: (a, b) for a, b in runs}
    for a, b in runs:
        if classes[kept[a]] == "PDI" and kept[a] in to_initiator:
            continue  # it continues the sequence of its initiator
        seq = kept[a:b]
        last = b - 1
        while classes[seq[-1]] in ISOLATES and seq[-1] in to_pdi and to_pdi[seq[-1]] in run_of:
            a2, b2 = run_of[to_pdi[seq[-1]]]
            seq += kept[a2:b2]
            last = b2 - 1
        level = levels[seq[0]]
        before = levels[kept[a - 1]] if a > 0 else para
        # (after an isolate initiator with no matching PDI: the paragraph level)
        after = para if types[seq[-1]] in ISOLATES or last + 1 == len(kept) else levels[kept[last + 1]]
        sos = "R" if max(before, level) % 2 else "L"
        eos = "R" if max(after, level) % 2 else "L"
        yield seq, level, sos, eos
