"""The lines of an ASCII text where what AsciiDoc, Org and Textile remove can join a maker
(hints.joins_a_maker; syntax_hints.removal_hints): a search with a pattern's ``search(text,
pos)``, for one text searched forward (views.view_hits), as nearlines.NearLines is.

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

import functools
import re
from collections.abc import Callable
from typing import Any

from rehearsal_hook.scan import gitformat, mermaid, syntax_hints
from rehearsal_hook.scan.hints import has_silent

# hints._STARTS (its triggers and ``$``): the characters a maker starts with -- a percent sign
# only before what can follow one in a maker these removals join: a hex digit, or what a
# removal starts with (a lowercase letter only in AsciiDoc's ``pass:``, ``anchor:``,
# ``indexterm``, ``kbd:``, ``btn:``).  Before another lowercase letter it is no maker's start
# (``%s``: C's and Python's formats, 95,881 lines of bench's corpus, every one an anchor of
# may_join before).
_PERCENT = "%(?![ghjlmnoq-z])"
_MAKER_START = re.compile("[\\\\&<$\x1b\x08]|" + _PERCENT)
_LINE_END = re.compile("[\r\n]")


# Where a line that RemovalLines reads can be: a maker start (its line and the next are read
# if they hold a removal), or a control line after its line feed (the line after it).  Each
# maker start looked for apart with ``find`` (memchr), a line at a time: as one pattern's
# alternatives (``[\\\\&%<$\x1b\x08]|\\n[.']``) ``re`` tried every character, 10 ns a byte.
_ANCHORS = tuple("\\&<$\x1b\x08")
_ANCHORS_B = tuple(k.encode() for k in _ANCHORS)
_PERCENTS: dict[bool, re.Pattern[Any]] = {False: re.compile(_PERCENT), True: re.compile(_PERCENT.encode())}
# (A pattern: ``re`` skips to each line feed faster than ``find`` looks for two characters.)
_CONTROL_LINE: dict[bool, re.Pattern[Any]] = {False: re.compile("\n[.']"), True: re.compile(b"\n[.']")}


def may_join(text: str | bytes) -> bool:
    """Whether RemovalLines finds a line in ASCII ``text``: a removal on a line that holds a
    maker start or follows one that holds one or is a control line -- the only places a
    removal can join a maker (module docstring; more where a part may go on past a line's
    end: syntax_hints.removal_in).  The removals are searched only on those lines: over a
    whole text, one ``%s`` made every ``foo__bar``, ``"a":1`` and ``pass:`` anywhere in it a
    candidate, and the search for them, tried at every ``_``, ``"``, ``(`` and at five
    letters, cost 1.7 s of the bench corpus's 4.3 s.  The lines are searched as one text,
    joined by line feeds: no hint's match holds a line feed or looks past one (the parts
    that may: removal_in), so each line is judged as in ``text``, in one call."""
    as_bytes = isinstance(text, bytes)
    nl: Any = b"\n" if as_bytes else "\n"
    size = len(text)
    spans: list[tuple[int, int]] = []  # the runs of lines read: [first line's start, last's end)
    if text[:1] in ((b".", b"'") if as_bytes else (".", "'")):
        # (a first line that is a control line: it and the next are read)
        e = text.find(nl)
        spans.append((0, size if e < 0 else _line_end(text, nl, e + 1)))
    percent = _PERCENTS[as_bytes]

    def percents(pos: int) -> int:
        m = percent.search(text, pos)
        return -1 if m is None else m.start()

    keys: list[Any] = [k.encode() if as_bytes else k for k in _ANCHORS]
    finds: list[Callable[[int], int]] = [functools.partial(text.find, k) for k in keys]
    for find in (*finds, percents):
        pos = 0  # a line start
        while (t := find(pos)) >= 0:
            e = text.find(nl, t)
            if e < 0:
                spans.append((text.rfind(nl, pos, t) + 1 or pos, size))
                break
            last = text.find(nl, e + 1)
            spans.append((text.rfind(nl, pos, t) + 1 or pos, size if last < 0 else last))
            pos = e + 1  # (the rest of its line adds nothing)
    control = _CONTROL_LINE[as_bytes]
    pos = 0
    while (m := control.search(text, pos)) is not None:
        e = text.find(nl, m.start() + 1)
        if e < 0:
            break
        spans.append((e + 1, _line_end(text, nl, e + 1)))
        pos = e  # (the next line may be a control line too)
    if not spans:
        return False
    spans.sort()
    runs: list[Any] = []
    start, end = spans[0]
    for first, last in spans:
        if first > end + 1:  # (a gap: a run ends)
            runs.append(text[start:end])
            start = first
        end = max(end, last)
    if not runs:
        return syntax_hints.removal_in(text, start, end)
    runs.append(text[start:end])
    joined = nl.join(runs)
    return syntax_hints.removal_in(joined, 0, len(joined))


def _line_end(text: Any, nl: Any, start: int) -> int:
    """The end of the line starting at ``start``: its line feed, or the text's end."""
    e = text.find(nl, start)
    return len(text) if e < 0 else e


def percent_starts(text: str | bytes) -> bool:
    """Whether ASCII ``text`` holds a percent sign a maker may start with (_PERCENT)."""
    return _PERCENTS[isinstance(text, bytes)].search(text) is not None


def holds_maker_start(text: str | bytes, shape: Callable[[], bool] | None = None, percent: bool | None = None) -> bool:
    """Whether ASCII ``text`` holds a character a maker starts with (_ANCHORS; a percent sign
    only before what can follow one in a maker, _PERCENT), or a Mermaid code's shape: where
    none is, a removal joins no maker, wherever it is (hints.joins_a_maker, may_join_b).
    (A Mermaid code is read on every line read, in a text that may hold no diagram too
    (parsed.parsed_readings): a line that a removal had read showed ``#95;`` as ``_`` --
    such a text reads as before, found by test_removal_lines.)  ``shape``:
    mermaid.holds_shape's ``asked``; ``percent``: percent_starts, if asked already."""
    keys: tuple[Any, ...] = _ANCHORS_B if isinstance(text, bytes) else _ANCHORS
    if any(k in text for k in keys):
        return True
    return (percent_starts(text) if percent is None else percent) or mermaid.holds_shape(text, shape)


def may_join_b(data: bytes, shape: Callable[[], bool] | None = None, percent: bool | None = None) -> bool:
    """hints.joins_a_maker of ASCII ``data`` holding a trigger, judged as views.view_hits reads it:
    where it reads the lines RemovalLines finds (no CR, no export-subst placeholder, no
    silent control), whether there are any (removal_lines.may_join: the removals near a maker
    start, not the whole text's).  False for a text where no maker can start: its triggers
    are all percent signs before what starts none (``%s``) -- a removal joins nothing there,
    wherever RemovalLines finds it (after a control line: roff's ``\\c`` before that one is a
    backslash)."""
    # (Asked first, at memchr speed: a text of printf formats, 7,286 files of bench's corpus,
    # paid a translation, the control lines' search -- a match attempt at every line feed --
    # and the spans for nothing: may_render 0.22 -> 0.05 s over them.)  (``shape`` and
    # ``percent``: holds_maker_start's.)
    if not holds_maker_start(data, shape, percent):
        return False
    if b"\r" in data or gitformat.may_read_b(data) or has_silent(data):
        return syntax_hints.holds_removal(data)
    return may_join(data)


def removal_searches(text: str) -> list[re.Pattern[str] | RemovalLines]:
    """The searches for the lines of ASCII ``text`` (holding a trigger) where a removal can
    join a maker: none where no removal can (may_join)."""
    if gitformat.may_read(text) or "\r" in text:
        # (an export-subst span across lines; a lone CR's line start is searched backwards
        # from each match without a bound -- both rare: every such line is read)
        return list(syntax_hints.removal_hints()) if syntax_hints.holds_removal(text) else []
    return [RemovalLines(syntax_hints.removal_hints())] if may_join(text) else []


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
