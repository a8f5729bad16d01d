"""Reordering a paragraph (UAX #9): L1 (separators and trailing blanks at the paragraph
level) and L2 (the runs reversed, level by level, into display order).  L4 (glyph mirroring)
changes no word character and is left out."""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence

from rehearsal_hook.scan.bidi_classes import REMOVED


def reset_whitespace_levels(classes: Sequence[str], resolved: bytearray, para: int) -> None:
    """L1: separators, and blanks before them or at the end, at the paragraph level (sets
    them in ``resolved``)."""
    trailing = True
    for i in range(len(classes) - 1, -1, -1):
        c = classes[i]
        if c in ("S", "B"):
            resolved[i], trailing = para, True
        elif c in ("WS", "LRI", "RLI", "FSI", "PDI") or c in REMOVED:
            if trailing:
                resolved[i] = para
        else:
            trailing = False


_LEVEL_RUN = re.compile(rb"(.)\1*+", re.S)


class _Run:
    """A run of L2: its level, and in order the runs nested in it and its stretches of
    positions -- each ``(a, b)``, the positions ``kept[a:b]`` (a stretch, not an int per
    character: bounded memory per character, and emitted at C speed)."""

    __slots__ = ("children", "level")

    def __init__(self, level: int) -> None:
        self.level = level
        self.children: list[tuple[int, int] | _Run] = []


def visual_order(kept: array[int] | range, levels: bytearray) -> array[int]:
    """L2: from the highest level to the lowest odd one, reverse every run at that level or
    higher -- computed in one pass over the tree of nested runs: a run is read backwards if
    an odd number of those reversals apply to it.  A step per run of one level (found at C
    speed), not per character."""
    out: array[int] = array("q")
    if not kept:
        return out
    # (the levels of the kept positions in order: ``levels`` itself when every one is kept)
    ordered = levels if len(kept) == len(levels) else bytes(levels[i] for i in kept)
    lowest_odd = min(ordered) | 1
    root = _Run(-1)
    stack = [root]
    for m in _LEVEL_RUN.finditer(ordered):
        a, b = m.span()
        level = ordered[a]
        popped: _Run | None = None
        while stack[-1].level > level:
            popped = stack.pop()
        top = stack[-1]
        if top.level == level:
            top.children.append((a, b))
            continue
        run = _Run(level)
        if popped is not None:  # the run just closed lies inside this one
            top.children.pop()
            run.children.append(popped)
        run.children.append((a, b))
        top.children.append(run)
        stack.append(run)

    def emit(run: _Run, flip: bool, outer: int) -> None:
        # (the reversals at the levels above ``outer`` up to the run's own apply to it whole)
        flip ^= max(0, run.level - max(outer, lowest_odd - 1)) % 2 == 1
        for child in reversed(run.children) if flip else run.children:
            if isinstance(child, tuple):
                stretch = kept[child[0] : child[1]]
                out.extend(stretch[::-1] if flip else stretch)
            else:
                emit(child, flip, run.level)

    emit(root, False, -1)
    return out


def with_controls(order: array[int], chars: Sequence[str], classes: Sequence[str], levels: bytearray) -> array[int]:
    """``order`` (the characters X9 keeps, in display order) with the control characters among
    the boundary neutrals put back beside the character stored before them (after it at an
    even level, before it at an odd one, as UAX #9 5.2 retains them), or, at the paragraph's
    start, beside the one after them.  Every other reading shows a control as stored -- a
    mark that separates words (a terminal's reading acts on them before this one) -- so the
    display order must too: ``DEPLOY<BS>_OK`` read ``DEPLOY_OK`` only on a line that
    reorders, and a cut that left the right-to-left text out changed the finding."""
    controls = array(
        "q", (i for i, c in enumerate(classes) if c == "BN" and (chars[i] < "\x20" or "\x7f" <= chars[i] <= "\x9f"))
    )
    if not controls:
        return order
    # (a byte per character, not a dict of the order: a line of C1 controls is all BN)
    at = bytearray(len(classes))
    for k in order:
        at[k] = 1
    before: dict[int, list[int]] = {}
    after: dict[int, list[int]] = {}
    loose: list[int] = []
    prev = -1  # the last character X9 keeps, stored before the control
    c = 0
    for i in range(len(classes)):
        if c < len(controls) and controls[c] == i:
            c += 1
            if prev >= 0:
                (after if levels[prev] % 2 == 0 else before).setdefault(prev, []).append(i)
            else:
                loose.append(i)
        elif at[i]:
            if loose:  # (controls at the paragraph's start: beside the first character kept)
                (before if levels[i] % 2 == 0 else after).setdefault(i, []).extend(loose)
                loose = []
            prev = i
    out: array[int] = array("q")
    for k in order:
        out.extend(before.get(k, ()))
        out.append(k)
        out.extend(after.get(k, ()))
    out.extend(loose)
    return out
