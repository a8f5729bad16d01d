"""The search views.view_hits makes for the places near.near_needles finds on lines a parsed
reading may read (NearLines)."""

from __future__ import annotations

import re
from collections.abc import Callable

from rehearsal_hook.scan.near import near_needles

_LINE_END = re.compile("[\r\n]")


class NearLines:
    """The places near_needles finds, on lines that hold syntax (``reads``: whether any parsed
    reading may read a line, parsed.may_parse): a search
    with a pattern's ``search(text, pos)``, for one text searched forward (views.view_hits).
    A line without syntax is passed over at its end, so each line is judged at most once,
    and the search for a line's start looks back no further than the last line judged.
    Each pattern's next match is kept (``ahead``), so that each is searched once per match:
    searched again from each line passed, a pattern with no match left (a config's token of
    another first letter) passed over the rest of the text at every place of the others --
    quadratic, 12 s for 900 KB of ``a word_PASS b`` lines."""

    def __init__(self, needles: tuple[bytes, ...], reads: Callable[[str], bool]) -> None:
        self.patterns = near_needles(needles)
        self.reads = reads  # (whether a line holds syntax: parsed.may_parse)
        self.floor = 0  # a line starts here or later: where the last line judged ended
        # (per pattern: where it was last searched from, and what that found)
        self.ahead: list[tuple[int, re.Match[str] | None]] = [(-1, None)] * len(self.patterns)

    def _next(self, text: str, k: int, pos: int) -> re.Match[str] | None:
        """Pattern ``k``'s first match starting at ``pos`` or later: the one kept where it was
        searched from ``pos`` or before and found none, or one at ``pos`` or later -- the same
        (a match's extent does not depend on where the search began: lookbehinds see before
        it) -- else searched for now."""
        since, m = self.ahead[k]
        if since < 0 or pos < since or (m is not None and m.start() < pos):
            m = self.patterns[k].search(text, pos)
            self.ahead[k] = (pos, m)
        return m

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        while True:
            found = [m for k in range(len(self.patterns)) if (m := self._next(text, k, pos)) is not None]
            if not found:
                return None
            m = min(found, key=lambda f: f.start())
            floor = min(self.floor, m.start())
            start = max(text.rfind("\n", floor, m.start()), text.rfind("\r", floor, m.start()), floor - 1) + 1
            end_m = _LINE_END.search(text, m.start())
            end = end_m.start() if end_m is not None else len(text)
            self.floor = end
            if self.reads(text[start:end]):
                return m
            pos = end
