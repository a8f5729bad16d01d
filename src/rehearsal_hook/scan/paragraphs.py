"""The Markdown paragraph a line is part of: the lines a renderer reads as one inline text.
A line's own reading (markdown.py) is not enough: a delimiter's pairing depends on the other
lines of its paragraph (``*y`` then ``DEPLOY*_OK`` shows ``DEPLOY_OK``: the closer vanishes
because its opener is on the line before).

CommonMark's block structure as far as it matters for pairing, with markdown-it-py as the
oracle (test_paragraphs: its paragraphs, line for line): a paragraph ends at a blank line, an
ATX heading, a fence line, a thematic break or setext underline, before a bullet or ``1.``
list item (the items that may interrupt a paragraph), before a line deeper in block quotes
(a block quote starts), and before a list item of any number that its block quote or list
item does not hold (``> x`` or ``1. x``, then ``2. y``), and at an HTML block's start of
CommonMark's kinds 1 to 6 (a comment, ``<div>``...; a kind 1 to 5 holds the lines to the one
holding its end); a list item that holds a heading, a break, an HTML block or nothing holds
no paragraph, nor does a tag alone on a line where no paragraph goes on.  A lazy line, an
indented line, a tag alone on a line and an ordered item of another number (``x`` then
``2. y``) continue it (_judged, _goes_on).  Where unsure the paragraph is taken longer: the
lines of a fenced code block and of an HTML block of kind 6 or 7 are read as a paragraph
(and a lazy line after them goes on it, where it ends their block quote: ``> <div>``,
``> x``, then ``x``),
indented code does not end one, nor a block quote's line after a block quote nested in a
list item (whether the item holds it needs the item's column), and a line of a kind 1 to 5
HTML block that would end a paragraph is judged so (a walk back stops there).  A block quote's ``>``
and a list item's marker are read as blanks (what a renderer strips), so that the reading
keeps every stored index.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from rehearsal_hook.scan import markdown, org
from rehearsal_hook.scan.matcher import _LINE_END_S

# The longest paragraph read whole in memory where its lines may pair (longer blocks,
# views._paragraph_hits): its readings hold an index per character, about 50 bytes a character
# in all (a 423 KB symbol list with '_' on every line and no blank line, 3.4 MB of it: 178 MB
# peak) -- 1 Mi characters keeps a file's reading near 60 MB.  (It was a piece, 256 Ki: that
# symbol list, gcc's libstdc++_symbols.txt, blocked.)
LONGEST = 1 << 20

# A block quote's markers at a line's start (read as blanks).
_QUOTE = re.compile(r"(?: {0,3}>)+")
# A line that ends the paragraph before it and is no paragraph line itself: blank, an ATX
# heading, a fence (a backtick fence's info string holds no backtick: ```` ```a`b ```` is
# text), a thematic break or a setext underline.
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
# What can close something opened on an earlier line: a delimiter that may close (an
# underscore before a letter or digit cannot), a backtick run, a link's ``]``; and where a
# link's ``](`` came before, its destination's or title's end.  What can open something
# that closes on a later line: a delimiter that may open (an underscore after a letter or
# digit cannot: a non-ASCII letter is taken to be able), a backtick run, a link's ``[`` (its
# ``](`` and title follow it).  Each a few characters found by ``str.find`` (memchr) and an
# underscore's pattern that starts with its literal: a character class first ran ``re`` a
# character at a time over the rest of a paragraph.
_CLOSING = ("*~`]", re.compile(r"_(?![A-Za-z0-9])"))
_LINK_TAIL = ("()\"'>", None)
_OPENING = ("*~`[", re.compile(r"_(?<![A-Za-z0-9]_)"))
# (and for a stream's cut, AsciiDoc's ``#``, ``+`` and ``^`` pairs too, and Org's export
# snippets and macro calls and AsciiDoc's cross references, whose ends may be lines apart:
# paragraphs.others.  Each found by
# ``str.find``, the two- and three-character ones too: "{" alone is on most lines of code.)
_STREAM_OPENING = (("*", "~", "`", "[", "#", "+", "^", "@@", "{{{", "<<"), _OPENING[1])
# Where a line that is not a paragraph's ("alone" or "item", _kind) may start: a superset,
# each found one judged by _kind.  (Only ``\n`` starts a line for ``^``: a text with a lone
# ``\r`` is walked a line at a time.)
_CANDIDATE = re.compile(r"^(?: {0,3}>)*(?:[ \t]*\r?$| {0,3}[#`~=*_+1<-])", re.M)
# A line's block quote markers and list item markers, nested, of any number (read as blanks:
# blanked; a ``2.`` that goes on is text, blanks there join nothing); at a line start, and
# anywhere (_MARKERS_AT: a line after a lone CR, which ``^`` does not know).
_MARKS = r"(?:(?:(?: {0,3}>)*[ ]{0,3}(?:[-+*]|[0-9]{1,9}[.)])[ \t]+(?=\S))+(?: {0,3}>)*|(?: {0,3}>)+)"
_MARKERS = re.compile("^" + _MARKS, re.M)
_MARKERS_AT = re.compile(_MARKS)


def may_read(line: str) -> bool:
    """Whether ``line`` holds what may pair with something on another line of its paragraph
    (markdown.may_read's syntax, or a bracket or parenthesis closing a link begun before, an
    AsciiDoc cross reference's ``>>``: asciidoc.may_span)."""
    return markdown.may_read(line) or "]" in line or ")" in line or ">>" in line


def _kind(text: str, a: int, b: int) -> str:
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
    """The line ``text[a:b]`` as a paragraph's neighbours see it: its kind (_kind); how many
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
    first = _judged(text, ls, _line_end(text, ls))
    if first[0] == "alone":
        return (ls, le)  # (a heading or a break: a block of its own)
    start, depth, content = (ls, first[1], first[3]) if first[0] == "item" else _start(text, ls, floor, at_a=first)
    last = max(text.rfind("\n", ls, le), text.rfind("\r", ls, le)) + 1
    if last > ls and _kind(text, last, le) == "alone":
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
    for c in _CANDIDATE_OR_QUOTE.finditer(text, a):
        if text.find("\r", a, c.start()) != -1:
            break  # (a lone CR may end a line before it: walked below)
        ls = c.start()
        if not _goes_on(_judged(text, ls, _line_end(text, ls)), depth, content):
            return _line_back(text, ls) if ls > 0 else 0
    else:
        if text.find("\r", a) == -1:
            return len(text)
    end = le
    while end < len(text):
        m = _LINE_END_S.match(text, end)
        b = m.end() if m is not None else end
        e = _line_end(text, b)
        if b == len(text) or not _goes_on(_judged(text, b, e), depth, content):
            break
        end = e
    return end


# _CANDIDATE, a block quote's lines and an ordered list item's (each judged by _goes_on: one
# deeper than the paragraph starts one, and so does an item its block quote or list item does
# not hold; one pattern for every depth -- a pattern a depth would be compiled for a line of
# 10,000 ``>``).
_CANDIDATE_OR_QUOTE = re.compile(rf"^ {{0,3}}(?:>|[0-9]{{1,9}}[.)])|{_CANDIDATE.pattern}", re.M)


def holds_tail(text: str, ls: int, le: int) -> bool:
    """Whether the unit ``text[ls:le]`` may hold an end of a tail that a renderer does not
    show and that may run over a line end, joining the lines around it: a link's destination,
    title or reference label (``DEPLOY_O[](u "t`` then ``x")K`` shows ``DEPLOY_OK``, each line
    holding only some of a needle's characters), opened by ``](`` or ``][`` on the line the
    shown line starts on (a needle's beginning before a bracket: a line near.py chooses); a
    reStructuredText embedded URI after a blank or a line end (```DEPLOY_O`` then
    ``<u>`_\\ K``), inside a backquote that the line does not close; a Markdown code span
    whose closing backtick starts the next line (a code span's line ends read as blanks, one
    trimmed at each end: ``DEPLOY` `` then ``_`` then `` `OK`` shows DEPLOY_OK, found by
    a random run of test_every_token_a_renderer_shows_in_a_paragraph_is_found); an Org link,
    macro call or export snippet over a line end, which Org shows in its place (``DEPLOY_[[x``
    then ``][OK]]``: org.may_span).  Such a unit is judged with its paragraph
    (views.view_hits, once a paragraph; paragraphs.others)."""
    return (
        text.find("](", ls, le) != -1
        or text.find("][", ls, le) != -1
        or text.count("`", ls, le) % 2 == 1
        or _CODE_CLOSES_NEXT.match(text, le) is not None
        or org.may_span(text[ls:le])
    )


# A line end, then a backtick that starts the next line (after blanks and a block quote's
# markers): a code span open over the line end may close there.
_CODE_CLOSES_NEXT = re.compile(r"[ \t]*(?:\r\n?|\n)(?:[ \t]*>)*[ \t]*`")


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
        at_a = _judged(text, a, _line_end(text, a))
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
            kept.append((after, _judged(text, after, _line_end(text, after))))
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
    end = _HTML_ENDS[m.lastgroup or ""].search(text, m.end(), limit)
    if end is None:
        return -1
    return _line_end(text, end.end() - 1) if end.start() >= le else le


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


def _start_far(text: str, a: int) -> int:
    """_start(text, a, 0) for a stream's carry, where a paragraph may be MiBs long: the lines
    that may end one (_BREAK) are found by ``re`` in windows doubling back from ``a`` (a walk
    a line at a time cost 5 us a line: 2 s for each 16 MiB cut of a log), each judged by
    _kind.  Its lines end with LF or CR LF (else walked)."""
    if text.find("\r", 0, a) != -1 and text.count("\r", 0, a) != text.count("\r\n", 0, a):
        return _start(text, a, 0, quotes=False)[0]  # (a lone CR ends a line too)
    hi, width = a, _FAR_WINDOW
    while hi > 0:
        lo = max(0, hi - width)
        last = -1  # (the start of the last line in the window that is not a paragraph's)
        kind = ""
        if lo == 0 and (k := _kind(text, 0, _line_end(text, 0))) != "line":
            last, kind = 0, k
        # (a line starting in [lo, hi), its line feed before it; _BREAK looks a few characters on)
        for m in _BREAK.finditer(text, max(0, lo - 1), min(len(text), hi + 255)):
            ls = m.end()
            if ls >= hi:
                break
            if ls >= lo and (k := _kind(text, ls, _line_end(text, ls))) != "line":
                last, kind = ls, k
        if last != -1:
            return last if kind == "item" else _LINE_END_S.search(text, last).end()  # type: ignore[union-attr]
        hi, width = lo, width * 2
    return 0


# _start_far's first window (a test makes it small).
_FAR_WINDOW = 1 << 16
# A line feed before a line that may end a paragraph (_CANDIDATE's, an item ``1`` narrowed
# to ``1.`` and ``1)``: a log's lines may start with a digit); a superset, each judged by _kind.
# Only the line feed is matched: the next one may start such a line too.
_BREAK = re.compile(r"\n(?=(?: {0,3}>)*(?:[ \t]*(?:\r?\n|\r?\Z)| {0,3}(?:[#`~=*_+<-]|1[.)])))")


def _line_end(text: str, a: int) -> int:
    m = _LINE_END_S.search(text, a)
    return m.start() if m is not None else len(text)


def may_pair(text: str, a: int, b: int, *, before: bool, link: bool = False) -> bool:
    """Whether ``text[a:b]``, the lines of a paragraph ``before`` (or after) the lines read,
    holds something that can pair with a delimiter there (``link``: a link's ``](`` came
    before the lines after)."""
    kinds = [_OPENING] if before else [_CLOSING, _LINK_TAIL] if link else [_CLOSING]
    for chars, pattern in kinds:
        if any(text.find(c, a, b) != -1 for c in chars):
            return True
        if pattern is not None and pattern.search(text, a, b) is not None:
            return True
    return False


def blanked(text: str, start: int, end: int) -> str:
    """The paragraph ``text[start:end]`` with each line's block quote markers and list item
    marker read as blanks (what a renderer strips before reading the inline text)."""
    if text.find("\r", start, end) == -1:  # (``^`` knows only LF: else a line at a time)
        return _MARKERS.sub(lambda m: " " * len(m.group()), text[start:end])
    out: list[str] = []
    a = start
    while a <= end:
        e = min(_line_end(text, a), end)
        m = _MARKERS_AT.match(text, a, e)
        at = m.end() if m is not None else a
        out.append(" " * (at - a) + text[at:e])
        m = _LINE_END_S.match(text, e)
        if m is None or e >= end:
            break
        out.append(m.group())
        a = m.end()
    return "".join(out)


def split_start(text: str, cut: int, *, continued: bool = False) -> int:
    """Where the paragraph starts that a cut at the line start ``cut`` would split, when its
    part before the cut may pair with what follows (a stream must not cut there); -1 when the
    cut splits no such paragraph.  A line after the cut not yet ended may still become any
    line: it is taken to continue the paragraph.  ``continued``: ``text`` starts inside a
    paragraph cut before (segments.ParagraphCuts), whose part there may pair with anything.
    Linear in the paragraph's part before."""
    m = _LINE_END_S.search(text, cut)
    if m is not None and _kind(text, cut, m.start()) != "line":
        return -1
    start = _start_far(text, cut)
    if continued and start == 0:
        return 0
    marks, pattern = _STREAM_OPENING
    opens = any(text.find(c, start, cut) != -1 for c in marks) or pattern.search(text, start, cut) is not None
    if not opens and start < cut:
        # (an Org emphasis spans one line end at most: only the line before the cut may open
        # one that closes after it -- its markers ``/`` and ``=`` are on most lines of a log)
        last = max(text.rfind("\n", start, cut - 1), text.rfind("\r", start, cut - 1)) + 1
        opens = org.may_open_in(text, max(last, start), cut)
    return start if opens else -1


def cut_off(text: str, start: int, end: int, edges: tuple[bool, bool]) -> bool:
    """Whether the paragraph ``text[start:end]`` goes on past ``text``, a stream's segment whose
    ``edges`` (first, last) paragraph a cut split (segments.ParagraphCuts): it starts the text,
    or ends it (only its line end after it)."""
    return (edges[0] and start == 0) or (edges[1] and text[end:] in ("", "\n", "\r\n"))


def crossing_lines(text: str, extents: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The lines of ``text`` (as (start, end), in order) that hold an end of a pairing in
    ``extents`` that spans a line end.  (Each found by bisection: pairings nest, and a
    search inside each would cost their lengths summed.)"""
    breaks = list(_LINE_END_S.finditer(text))
    starts = [0] + [m.end() for m in breaks]
    marked: set[int] = set()
    for a, b in extents:
        ka, kb = bisect.bisect_right(starts, a) - 1, bisect.bisect_right(starts, b - 1) - 1
        if ka != kb:
            marked |= {ka, kb}
    return [(starts[k], breaks[k].start() if k < len(breaks) else len(text)) for k in sorted(marked)]


def shown_lines(shown: str, index: list[int], ends: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The lines of a reading ``shown`` (``index``: each character's stored index) whose
    stored stretch meets one of ``ends`` (crossing_lines), as (start, end) in ``shown``."""
    out = []
    starts = [a for a, _ in ends]
    a = 0
    for m in [*_LINE_END_S.finditer(shown), None]:
        b = m.start() if m is not None else len(shown)
        if b > a:
            k = bisect.bisect_right(starts, index[b - 1]) - 1
            if k >= 0 and ends[k][1] >= index[a]:
                out.append((a, b))
        if m is None:
            break
        a = m.end()
    return out


def others(text: str, start: int, ls: int, le: int, end: int) -> bool:
    """Whether the paragraph ``text[start:end]`` around the lines read ``text[ls:le]`` holds,
    on those lines and on another, the inline markup of a reading whose pairs span a
    paragraph's lines: AsciiDoc's (``**``, ``##``, ``__``...), Textile's bracketed phrases
    (``[*y`` then ``A*]``), reStructuredText's (its escaped blank, ``*y`` then ``A*\\ ``),
    Org's links, macro calls and export snippets (org.may_span).  Those readings are read on
    the whole paragraph (parsed.parsed_readings).  Where the lines
    read hold a backquote they do not close, reStructuredText's whole paragraph (holds_tail)."""
    from rehearsal_hook.scan import asciidoc, rst, textile

    if text.count("`", ls, le) % 2 == 1 and rst.may_read(text[start:end]):
        return True  # (an embedded URI may run over a line end, joining the lines around it)
    line = text[ls:le]
    marks = _OTHER_MARKS if any(syntax.may_read(line) for syntax in (asciidoc, textile, rst)) else ""
    if org.may_span(line):  # (an Org link, macro call or snippet over a line end: org.py)
        marks += org.SPAN_MARKS
    if asciidoc.may_span(line):  # (an AsciiDoc cross reference over a line end: asciidoc._links)
        marks += "<>"
    # (a delimiter of theirs on another line: each character found by memchr)
    return any(text.find(c, start, ls) != -1 or text.find(c, le, end) != -1 for c in marks)


_OTHER_MARKS = "*_#+`^~[]"


def changed_lines(stored: str, shown: str, index: list[int]) -> list[tuple[int, int]]:
    """The lines of a reading ``shown`` of ``stored`` (``index``: each character's stored
    index) that differ from the stored stretch they show, as (start, end) in ``shown``."""
    out = []
    a = 0
    for m in [*_LINE_END_S.finditer(shown), None]:
        b = m.start() if m is not None else len(shown)
        if b > a and shown[a:b] != stored[index[a] : index[b - 1] + 1]:
            out.append((a, b))
        if m is None:
            break
        a = m.end()
    return out
