"""nearlines.NearLines: the places near_needles finds on lines a parsed reading may read, each
pattern's next match kept between searches.  Differential: the same searches, in the order
views.view_hits makes them, against a NearLines that searches every pattern again each time
(as it did); and a count of the searches, which grew with the places times the patterns."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from rehearsal_hook.scan.matcher import SEED_FORBIDDEN_TOKENS, TokenMatcher
from rehearsal_hook.scan.nearlines import NearLines
from rehearsal_hook.scan.parsed import may_parse

# Needles of more than one first letter make more than one pattern (near.near_places: one per
# first character).
MATCHERS = (TokenMatcher(SEED_FORBIDDEN_TOKENS), TokenMatcher(("Hush", "OPEN_SESAME", "ZEBRA-WORD")))
BITS = (
    "a word_PASS b",
    "X_PASS",
    "_PA",
    "*",
    "_",
    "`",
    "[x](y)",
    "Hus",
    "Hush",
    "h*",
    "OPEN_SES",
    "ZEBRA-WORD",
    "ZEB*RA",
    "_GRANTED",
    " ",
    "\n",
    "\r\n",
    "\n\n",
    ".ft B",
)


class _SearchedAgain(NearLines):
    """NearLines as it was: every pattern searched again from each position asked."""

    def _next(self, text: str, k: int, pos: int) -> re.Match[str] | None:
        return self.patterns[k].search(text, pos)


def _walk(lines: NearLines, text: str, steps: list[int]) -> list[tuple[int, int] | None]:
    """The matches of forward searches (each from past the last match, by a step as view_hits
    moves on: to the line's end or further), and a search again from an earlier position."""
    out: list[tuple[int, int] | None] = []
    pos = 0
    for step in steps:
        m = lines.search(text, pos)
        out.append(None if m is None else m.span())
        if m is None:
            break
        pos = m.start() + 1 + step
    out.append(None if (m := lines.search(text, pos // 2)) is None else m.span())
    return out


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(BITS), max_size=40),
    st.lists(st.integers(0, 30), min_size=1, max_size=20),
    st.sampled_from(MATCHERS),
)
def test_kept_matches_give_what_searching_again_gives(bits: list[str], steps: list[int], matcher: TokenMatcher) -> None:
    text = "".join(bits)
    kept = _walk(NearLines(matcher.needles, may_parse), text, steps)
    again = _walk(_SearchedAgain(matcher.needles, may_parse), text, steps)
    assert kept == again


class _Counted:
    """A pattern that counts its searches."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.searches = 0

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        self.searches += 1
        return self.pattern.search(text, pos)


def test_each_pattern_is_searched_once_per_match() -> None:
    """Lines each holding a place on a line no parsed reading reads (passed over), in a text
    with a pattern that matches nowhere: that one is searched once, not once a line."""
    matcher = MATCHERS[1]
    text = "a word_PASS b\n" * 500
    lines = NearLines(matcher.needles, may_parse)
    counted = [_Counted(p) for p in lines.patterns]
    assert len(counted) > 1
    lines.patterns = tuple(counted)  # type: ignore[assignment]  # (a pattern's search, counted)
    assert lines.search(text) is None
    assert sorted(c.searches for c in counted) == [1, 1, 1, 501]  # (the last: past each line, then none)
