"""Where an ASCII line without a maker can show a needle (the lines views.view_hits and
viewlines read besides those the makers choose: hints.maker_hints_in)."""

from __future__ import annotations

import functools
import re


@functools.cache
def needle_places(needles: tuple[bytes, ...]) -> tuple[re.Pattern[str], ...]:
    """Where an ASCII line without a maker can show a needle: the needle whole, or a proper
    beginning of it before a trigger (what a construct removes starts there).  One pattern
    per first character, a trie after it, so that ``re`` skips to the next one at memchr
    speed and tries a few characters there."""
    heads: dict[str, list[str]] = {}
    for n in (b.decode("ascii") for b in needles):
        heads.setdefault(n[0], []).append(n[1:])
    return tuple(re.compile(re.escape(h) + _places(tails)) for h, tails in sorted(heads.items()))


def _places(tails: list[str]) -> str:
    """The regex after a needle's beginning: one of ``tails`` follows whole, or a proper
    beginning of one of them before a trigger."""
    heads: dict[str, list[str]] = {}
    for t in tails:
        if t:
            heads.setdefault(t[0], []).append(t[1:])
    branches = [re.escape(h) + _places(rest) for h, rest in sorted(heads.items())]
    if heads:
        branches.append(r"[\\&%<]")
    if "" in tails:
        branches.append("")
    return "(?:" + "|".join(branches) + ")"
