"""Markdown's block structure, as far as it matters for which lines a renderer reads as one
paragraph (paragraphs.py reads them): CommonMark's, with markdown-it-py as the oracle
(test_paragraphs: its paragraphs, line for line).  A paragraph ends at a blank line, an ATX
heading, a fence line, a thematic break or setext underline, before a bullet or ``1.`` list
item (the items that may interrupt a paragraph), before a line deeper in block quotes (a
block quote starts), before a list item of any number that its block quote or list item does
not hold (``> x`` or ``1. x``, then ``2. y``), and at an HTML block's start of CommonMark's
kinds 1 to 6 (a comment, ``<div>``...; a kind 1 to 5 holds the lines to the one holding its
end); a list item that holds a heading, a break, an HTML block or nothing holds no paragraph,
nor does a tag alone on a line where no paragraph goes on.  A lazy line, an indented line, a
tag alone on a line and an ordered item of another number (``x`` then ``2. y``) continue it
(_judged, _goes_on).  Where unsure the paragraph is taken longer, which a reading of it can
only widen: the lines of a fenced code block and of an HTML block of kind 6 or 7 are read as
a paragraph (and a lazy line after them goes on it, where it ends their block quote:
``> <div>``, ``> x``, then ``x``), indented code does not end one, nor a block quote's line
after a block quote nested in a list item (whether the item holds it needs the item's
column), and a line of a kind 1 to 5 HTML block that would end a paragraph is judged so (a
walk back stops there).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rehearsal_hook.scan.matcher import _LINE_END_S

# A block quote's markers at a line's start (read as blanks), each with the one space after it
# that is part of it (CommonMark): ``>    *`` is a list item's marker three blanks in, in the quote.
_QUOTE = re.compile(r"(?: {0,3}> ?)+")
# An HTML block's start that may interrupt a paragraph (CommonMark's kinds 1 to 6: raw text
# elements, a comment, a processing instruction, a declaration, CDATA, a block element's tag);
# its lines are HTML, no paragraph's (a kind 1 to 5 ends at the line holding its end,
# _html_end; a kind 6 at a blank line -- its lines until then are read as a paragraph, where
# unsure taken longer).
_HTML_START = (
    r"<(?:(?i:pre|script|style|textarea)(?=[ \t>]|$)|!--|\?|![A-Za-z]|!\[CDATA\["
    r"|/?(?i:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details"
    r"|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr"
    r"|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search"
    r"|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?=[ \t]|/?>|$)).*"
)
# A line that ends the paragraph before it and is no paragraph line itself: blank, an ATX
# heading, a fence (a backtick fence's info string holds no backtick: ```` ```a`b ```` is
# text), a thematic break or a setext underline.
_ALONE = re.compile(
    r"[ \t]*|[ ]{0,3}(?:#{1,6}(?:[ \t].*)?|`{3,}[^`]*|~{3,}.*|=+[ \t]*|-+[ \t]*"
    r"|(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|" + _HTML_START + ")"
)
# An HTML block of kind 7: a tag alone on its line (it cannot interrupt a paragraph; where a
# block starts, the HTML block holds the lines to a blank one).
_HTML_TAG_LINE = re.compile(
    r"[ ]{0,3}<(?:[A-Za-z][A-Za-z0-9-]*(?:[ \t]+[A-Za-z_:][\w.:-]*(?:[ \t]*=[ \t]*(?:[^\s\"'=<>`]+|'[^']*'"
    r"|\"[^\"]*\"))?)*[ \t]*/?|/[A-Za-z][A-Za-z0-9-]*[ \t]*)>[ \t]*"
)
# A kind 1 to 5 HTML block's start after a line's block quote markers, and its end.
_HTML_RAW = re.compile(
    r"(?: {0,3}>)*[ ]{0,3}<(?:(?P<raw>(?i:pre|script|style|textarea))(?=[ \t>]|$)|(?P<comment>!--)"
    r"|(?P<cdata>!\[CDATA\[)|(?P<pi>\?)|(?P<decl>![A-Za-z]))"
)
_HTML_ENDS = {
    "raw": re.compile(r"</(?:pre|script|style|textarea)>", re.I),
    "comment": re.compile("-->"),
    "cdata": re.compile(r"\]\]>"),
    "pi": re.compile(r"\?>"),
    "decl": re.compile(">"),
}
# A list item that may interrupt a paragraph: it starts a new one.
_ITEM = re.compile(r"[ ]{0,3}(?:[-+*]|1[.)])[ \t]+(?=\S)")
# Where a line that is not a paragraph's ("alone" or "item", kind) may start: a superset,
# each found one judged by kind.  (Only ``\n`` starts a line for ``^``: a text with a lone
# ``\r`` is walked a line at a time.)
_CANDIDATE = re.compile(r"^(?: {0,3}>)*(?:[ \t]*\r?$| {0,3}[#`~=*_+1<-])", re.M)


def kind(text: str, a: int, b: int) -> str:
    """What the line ``text[a:b]`` is: "alone" (a block of its own, or blank), "item" (it
    starts a paragraph) or "line" (it continues one, or starts one inside block quotes that
    the paragraph before is not in: _judged)."""
    return _judged(text, a, b)[0]


# A line judged (_judged): (kind, depth, marker, content).
Judged = tuple[str, int, int, int]

# A list item's marker of any kind after a line's block quote markers: (its indent)(the blanks
# after it, or none at the line's end).
_MARKER = re.compile(r"( {0,3})(?:[-+*]|[0-9]{1,9}[.)])([ \t]+|$)")
# What a list item holds on its first line that leaves no paragraph for the next line to
# continue: nothing (an empty item), an ATX heading, a fence, a thematic break.
_HOLDS_NONE = re.compile(
    r"[ \t]*|[ ]{0,3}(?:#{1,6}(?:[ \t].*)?|`{3,}[^`]*|~{3,}.*|(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}"
    r"|" + _HTML_START + ")"
)


def _judged(text: str, a: int, b: int) -> Judged:
    """The line ``text[a:b]`` as a paragraph's neighbours see it: its kind (kind); how many
    block quotes its markers open or continue (its depth); where a list item's marker of any
    kind stands after its quotes (a column of the line, else -1); and where the paragraph it
    would start starts (0 without a list item; the innermost item's content, after nested
    markers), -1 where it would start none (an item holding a heading, a break or nothing --
    such an item's line is "alone" --, an HTML tag alone on a line, which starts an HTML block
    where it does not go on a paragraph).  How its neighbours use it: _goes_on, _start."""
    q = _QUOTE.match(text, a, b)
    at, depth = (q.end(), q.group().count(">")) if q is not None else (a, 0)
    if _ALONE.fullmatch(text, at, b):
        return "alone", depth, -1, -1
    m = _MARKER.match(text, at, b)
    if m is None:
        return "line", depth, -1, (-1 if _HTML_TAG_LINE.fullmatch(text, at, b) else 0)
    kind = "item" if _ITEM.match(text, at, b) else "line"
    marker, outer = m.end(1) - a, depth
    while True:  # (what the item holds: block quotes and items nested in it)
        at = m.end()
        q = _QUOTE.match(text, at, b)
        if q is not None:
            at, depth = q.end(), depth + q.group().count(">")
        # (a line that goes on holds no item: its depth is its own quotes')
        if _HOLDS_NONE.fullmatch(text, at, b) or _HTML_TAG_LINE.fullmatch(text, at, b):
            return ("alone", depth, marker, -1) if kind == "item" else (kind, outer, marker, -1)
        m = _MARKER.match(text, at, b)
        if m is None:
            return kind, (depth if kind == "item" else outer), marker, at - a


def _goes_on(line: Judged, depth: int, content: int) -> bool:
    """Whether a line judged ``line`` (of kind "line") continues a paragraph ``depth`` block
    quotes deep, whose first line's list item holds it from column ``content`` (-1: no item).
    A deeper line starts a block quote inside it (``x`` then ``> y``: CommonMark's block quote
    start interrupts a paragraph); a list item's marker of any number that the paragraph's
    block quote (a line less deep) or list item (a marker before its content's column) does
    not hold starts a list (``> x`` or ``- x`` or ``1. x``, then ``2. y``); else it goes on,
    lazy or not (``> x`` then ``y``)."""
    kind, deeper, marker, _ = line
    if kind != "line" or deeper > depth:
        return False
    return marker < 0 or (deeper == depth and marker >= content)


def bounds(text: str, ls: int, le: int, floor: int) -> tuple[int, int]:
    """The paragraph holding the unit ``text[ls:le]`` (``ls`` a line start): from the start
    of its first line to the end of its last, as (start, end).  ``floor``: a place no
    paragraph crosses (the text's start, or a paragraph's end).  Linear in what it passes
    over (the caller passes each stretch once: its next floor is this paragraph's end)."""
    first = _judged(text, ls, line_end(text, ls))
    if first[0] == "alone":
        return (ls, le)  # (a heading or a break: a block of its own)
    start, depth, content = (ls, first[1], first[3]) if first[0] == "item" else _start(text, ls, floor, at_a=first)
    last = max(text.rfind("\n", ls, le), text.rfind("\r", ls, le)) + 1
    if last > ls and kind(text, last, le) == "alone":
        return (start, le)  # (a unit that ends with a blank line: an escaped line break's)
    if last > ls:  # (a unit of lines joined: as deep as its deepest, where unsure taken longer)
        depth = max(depth, max((m.group().count(">") for m in _QUOTES.finditer(text, ls, le)), default=0))
    return (start, _end(text, le, depth, content))


# A line's block quote markers, at any line start (_judged's depth of each line of a unit).
_QUOTES = re.compile(r"(?:^|(?<=\r))(?: {0,3}>)+", re.M)


def _end(text: str, le: int, depth: int, content: int) -> int:
    """The end of the paragraph whose line ends at ``le``, ``depth`` block quotes deep and held
    by a list item from column ``content`` (-1: none): the end of the last line before one
    that does not go on (_goes_on)."""
    m = _LINE_END_S.match(text, le)
    if m is None:
        return le
    a = m.end()
    # (A lone CR may end a line before a candidate: past the first CR the lines are walked
    # below, and a line after a lone CR is never a candidate, the one at ``a`` too -- where the
    # paragraph's own line ends with one, every line is walked.  The first CR is one more
    # alternative of the candidates' search, so that each search stops at what comes first:
    # searched on to the text's end at each paragraph, a text of lone CRs, where ``^`` finds
    # none, was quadratic (128 KiB of YAML items in 4.6 s), and so was a text with no CR when
    # the CR was looked for on its own.  A candidate at the CR, or over it, is the last one.)
    if text[a - 1] != "\r":
        for c in _CANDIDATE_OR_CR.finditer(text, a):
            if c.group("cr") is not None:
                break
            ls = c.start()
            if not _goes_on(_judged(text, ls, line_end(text, ls)), depth, content):
                return _line_back(text, ls) if ls > 0 else 0
            if "\r" in c.group():
                break
        else:
            return len(text)
    end = le
    while end < len(text):
        m = _LINE_END_S.match(text, end)
        b = m.end() if m is not None else end
        e = line_end(text, b)
        if b == len(text) or not _goes_on(_judged(text, b, e), depth, content):
            break
        end = e
    return end


# _CANDIDATE, a block quote's lines and an ordered list item's (each judged by _goes_on: one
# deeper than the paragraph starts one, and so does an item its block quote or list item does
# not hold; one pattern for every depth -- a pattern a depth would be compiled for a line of
# 10,000 ``>``); and a CR, where _end stops.
_CANDIDATE_OR_CR = re.compile(rf"^ {{0,3}}(?:>|[0-9]{{1,9}}[.)])|{_CANDIDATE.pattern}|(?P<cr>\r)", re.M)


def _line_back(text: str, ls: int) -> int:
    """The end of the line before the line starting at ``ls``."""
    return ls - (2 if text[ls - 2 : ls] == "\r\n" else 1)


def _start(text: str, a: int, floor: int, *, quotes: bool = True, at_a: Judged | None = None) -> tuple[int, int, int]:
    """Where the paragraph that the line starting at ``a`` is part of starts, how deep in
    block quotes it is and where its list item holds it from (_end's ``depth`` and
    ``content``).  The lines from ``floor`` on, after the last line before ``a`` that ends a
    paragraph (or from the last that starts one), read forward: a paragraph starts at the first
    and at each that does not go on (_goes_on).  Walked back a line at a time from ``a`` to
    find them, keeping only the lines that may not go on (a block quote's, a list item's, one
    after an item that holds no paragraph), then those read forward: linear in the
    paragraph's lines before ``a``.  (It searched forward from ``floor`` for the candidate
    lines, _CANDIDATE: a pass over all that lies between two paragraphs read, and a judgement
    of each C comment's `` * `` line -- a tenth of the scan of git's history.)  ``quotes``
    false: the first of the lines, nothing compared (where unsure, as a stream's cut is: the
    paragraph's first line may be before ``floor``).  ``at_a``: the line at ``a`` judged, if
    the caller has."""
    kept: list[tuple[int, Judged]] = []
    if at_a is None:
        at_a = _judged(text, a, line_end(text, a))
    first, after, first_line = a, a, at_a  # (the first line walked; the line after the one walked)
    for ls, le in _lines_back(text, a, floor):
        line = _judged(text, ls, le)
        if line[0] == "alone":
            if quotes and (end := _html_end(text, ls, le, a)) > le:
                # (the lines after an HTML block's start are HTML to the line holding its
                # end: a paragraph starts after it -- where none is before ``a``, taken longer)
                return _start(text, a, end, at_a=at_a)
            break
        first, first_line = ls, line
        if line[3] == -1 and after != a and (not kept or kept[-1][0] != after):
            kept.append((after, _judged(text, after, line_end(text, after))))
        if line[1] > 0 or line[2] >= 0:
            kept.append((ls, line))
        if line[0] == "item":
            break
        after = ls
    if not quotes:
        return first, 0, -1
    start, depth, content = -1, 0, -1
    for ls, line in [(first, first_line), *reversed(kept), (a, at_a)]:
        if ls == start:
            continue  # (the first line, kept too)
        if start == -1 or not _goes_on(line, depth, content):
            if line[3] == -1:  # (a line that starts no paragraph: the next one does)
                start, depth, content = -1, 0, -1
            else:
                start, depth, content = ls, line[1], line[3]
    return (a, 0, -1) if start == -1 else (start, depth, content)


def _html_end(text: str, ls: int, le: int, limit: int) -> int:
    """Where the HTML block of kind 1 to 5 that the line ``text[ls:le]`` starts ends: the end
    of the line holding its end (before ``limit``), ``le`` if it is that line or starts none,
    -1 if none is before ``limit``."""
    m = _HTML_RAW.match(text, ls, le)
    if m is None:
        return le
    # (from the opener's ``<``: a line that holds the end too is the whole block, CommonMark's
    # rule -- ``<!-->`` and ``<?>`` end on their own line, as markdown-it reads them)
    end = _HTML_ENDS[m.lastgroup or ""].search(text, m.start(m.lastgroup or 0) - 1, limit)
    if end is None:
        return -1
    return line_end(text, end.end() - 1) if end.start() >= le else le


def _lines_back(text: str, a: int, floor: int) -> Iterator[tuple[int, int]]:
    """The lines before the line start ``a`` back to ``floor`` (a line that starts before it
    is not looked at), last first, as (start, end)."""
    if text.find("\r", floor, a) != -1:  # (any line ends: from each LF on, its CRs)
        while a > floor:
            le = _line_back(text, a)
            ls = max(floor, text.rfind("\n", floor, le) + 1)
            ls = max(ls, text.rfind("\r", ls, le) + 1)  # (from the LF on: each line is passed once)
            yield ls, le
            a = ls
        return
    while a > floor:
        le = a - 1
        ls = text.rfind("\n", floor, le) + 1
        if ls == 0 and floor > 0 and text[floor - 1] != "\n":
            return  # (that line starts before ``floor``: not looked at)
        ls = max(ls, floor)
        yield ls, le
        a = ls


def start_far(text: str, a: int) -> int:
    """_start(text, a, 0) for a stream's carry, where a paragraph may be MiBs long: the lines
    that may end one (_BREAK) are found by ``re`` in windows doubling back from ``a`` (a walk
    a line at a time cost 5 us a line: 2 s for each 16 MiB cut of a log), each judged by
    kind.  Its lines end with LF or CR LF (else walked)."""
    if text.find("\r", 0, a) != -1 and text.count("\r", 0, a) != text.count("\r\n", 0, a):
        return _start(text, a, 0, quotes=False)[0]  # (a lone CR ends a line too)
    hi, width = a, _FAR_WINDOW
    while hi > 0:
        lo = max(0, hi - width)
        last = -1  # (the start of the last line in the window that is not a paragraph's)
        what = ""
        if lo == 0 and (k := kind(text, 0, line_end(text, 0))) != "line":
            last, what = 0, k
        # (a line starting in [lo, hi), its line feed before it; _BREAK looks a few characters on)
        for m in _BREAK.finditer(text, max(0, lo - 1), min(len(text), hi + 255)):
            ls = m.end()
            if ls >= hi:
                break
            if ls >= lo and (k := kind(text, ls, line_end(text, ls))) != "line":
                last, what = ls, k
        if last != -1:
            return last if what == "item" else _LINE_END_S.search(text, last).end()  # type: ignore[union-attr]
        hi, width = lo, width * 2
    return 0


# start_far's first window (a test makes it small).
_FAR_WINDOW = 1 << 16
# A line feed before a line that may end a paragraph (_CANDIDATE's, an item ``1`` narrowed
# to ``1.`` and ``1)``: a log's lines may start with a digit); a superset, each judged by kind.
# Only the line feed is matched: the next one may start such a line too.
_BREAK = re.compile(r"\n(?=(?: {0,3}>)*(?:[ \t]*(?:\r?\n|\r?\Z)| {0,3}(?:[#`~=*_+<-]|1[.)])))")


def line_end(text: str, a: int) -> int:
    """Where the line holding ``a`` ends (its line end's start, else the text's end)."""
    m = _LINE_END_S.search(text, a)
    return m.start() if m is not None else len(text)
