"""The lines of an ASCII text where what AsciiDoc, Org and Textile remove can join a maker
(hints.joins_a_maker; syntax_hints.removal_hints): a search with a pattern's ``search(text,
pos)``, for one text searched forward (views.view_hits), as near.NearLines is.

Reading every line that holds such a removal, once the text holds a trigger anywhere, read
8,700 lines of git's C files (Textile's ``a==b``, acronyms' ``ABC(x)``), a third of the time
of its ASCII sources.  A removal joins a maker only where the unit read holds the maker's
trigger: those readings only remove stored characters (an Org entity, which makes one, starts
with a backslash), and a parsed reading's text is read by the rendered reading alone, whose
makers each start with a character of hints._STARTS (``\\ & % < $``, ESC, backspace).  The
unit read from a match's line (units.unit_end, joins.unit_start) is that line alone unless
it holds such a character (an escaped line break, a tag or comment across lines, roff's
``\\c``, TeX's ``%``), the line before it does (their joins), or the line before is a control
line that roff's ``\\c`` passes over (``.``, ``'``); an export-subst span joins lines holding
none, so a text holding ``$Format:`` is not filtered (removal_searches).  A line is judged
once: those two lines are searched for such a character, and a line that needs no reading
is passed over at its end.  Exactness: tests/unit/test_removal_lines.py (the scan against
reading every removal's line)."""

from __future__ import annotations

import re

from rehearsal_hook.scan import gitformat, syntax_hints

# hints._STARTS (its triggers and ``$``) as one class: the characters a maker starts with.
_MAKER_START = re.compile("[\\\\&%<$\x1b\x08]")
_LINE_END = re.compile("[\r\n]")


def removal_searches(text: str) -> list[re.Pattern[str] | RemovalLines]:
    """The searches for the lines of ASCII ``text`` (holding a trigger and a removal:
    hints.joins_a_maker) where a removal can join a maker."""
    if gitformat.may_read(text) or "\r" in text:
        # (an export-subst span across lines; a lone CR's line start is searched backwards
        # from each match without a bound -- both rare: every such line is read)
        return list(syntax_hints.removal_hints())
    return [RemovalLines(syntax_hints.removal_hints())]


class RemovalLines:
    """The matches of ``patterns`` on the lines where a removal can join a maker (module
    docstring), each pattern's next match kept, so that each is searched once per match."""

    def __init__(self, patterns: tuple[re.Pattern[str], ...]) -> None:
        self.patterns = patterns
        self.ahead: list[re.Match[str] | None] = [None] * len(patterns)
        self.spent = [False] * len(patterns)  # (no match left after ``ahead``)
        self.floor = 0  # a line start at or before every line still to judge, and its line's

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        while True:
            for k, pattern in enumerate(self.patterns):
                m = self.ahead[k]
                if not self.spent[k] and (m is None or m.start() < pos):
                    self.ahead[k] = m = pattern.search(text, pos)
                    self.spent[k] = m is None
            found = [m for m in self.ahead if m is not None and m.start() >= pos]
            if not found:
                return None
            m = min(found, key=lambda f: f.start())
            ls = text.rfind("\n", self.floor, m.start()) + 1 or self.floor
            end = _LINE_END.search(text, m.start())
            le = end.start() if end is not None else len(text)
            before = text.rfind("\n", self.floor, ls - 1) + 1 or self.floor if ls > 0 else 0
            self.floor = before  # (the next match's line is this one or a later one)
            if _MAKER_START.search(text, before, le) is not None or text[before : before + 1] in (".", "'"):
                return m
            pos = le
