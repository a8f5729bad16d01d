"""The Markdown paragraph a line is part of: the lines a renderer reads as one inline text.
A line's own reading (markdown.py) is not enough: a delimiter's pairing depends on the other
lines of its paragraph (``*y`` then ``DEPLOY*_OK`` shows ``DEPLOY_OK``: the closer vanishes
because its opener is on the line before).  Which lines make a paragraph: blocks.py.  A block
quote's ``>`` and a list item's marker are read as blanks (what a renderer strips), so that
the reading keeps every stored index.
"""

from __future__ import annotations

import bisect
import functools
import re

from rehearsal_hook.scan import blocks, markdown, org, shortcodes
from rehearsal_hook.scan.hints import may_show
from rehearsal_hook.scan.matcher import _LINE_END_S, SEAL_SUFFIXES

# The longest paragraph read whole in memory where its lines may pair (longer blocks,
# views._paragraph_hits): its readings hold an index per character, about 50 bytes a character
# in all (a 423 KB symbol list with '_' on every line and no blank line, 3.4 MB of it: 178 MB
# peak) -- 1 Mi characters keeps a file's reading near 60 MB.  (It was a piece, 256 Ki: that
# symbol list, gcc's libstdc++_symbols.txt, blocked.)
LONGEST = 1 << 20

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


# An end of a pairing across lines that keeps its line ends: an emphasis's delimiter that
# may open or close (_OPENING's, _CLOSING's), a link text's bracket.  (One pattern: ``re``
# skips to the next of its first characters.)
_PAIRING_END = re.compile(r"[*~\[\]]|" + _CLOSING[1].pattern + "|" + _OPENING[1].pattern)


def may_show_marked(needles: tuple[bytes, ...], text: str) -> bool:
    """Whether Markdown's reading of ``text`` may show a needle: hints.may_show, or a GitHub
    shortcode, which that reading shows as a letter, a digit or a word (parsed.with_shortcodes:
    ``DEPLOY_:o2:*K`` then ``z*`` shows DEPLOY_OK where no O is stored)."""
    return may_show(needles, text) or shortcodes.may_read(text)


def pairing_may_show(text: str, start: int, end: int, needles: tuple[bytes, ...]) -> bool:
    """Whether a pairing across the lines of the paragraph ``text[start:end]`` may show a
    needle: a line that holds an end of one may show it (hints.may_show) -- the paragraph's
    reading reads only such lines (crossing_lines), and such a line shows its own characters
    less what vanishes and what its makers make.  A code span and a link's destination or title
    may also join lines, across a line end they hide: a paragraph holding a backtick, ``](``
    or ``][`` may always.  Linear: each line judged once, from a match of _PAIRING_END.
    In a paragraph holding no ``<`` either (a tag or comment, which may hide a line end too),
    such a line shows its own characters less some of _PAIRED_AWAY's, or what a maker on it
    makes: it must hold a maker or a token with them gone (_shows_token_paired)."""
    if text.find("`", start, end) != -1 or text.find("](", start, end) != -1 or text.find("][", start, end) != -1:
        return True
    only_delimiters = text.find("<", start, end) == -1
    pos = start
    while (m := _PAIRING_END.search(text, pos, end)) is not None:
        ls = max(text.rfind("\n", pos, m.start()), text.rfind("\r", pos, m.start()), pos - 1) + 1
        e = _LINE_END_S.search(text, m.start(), end)
        line = text[ls : end if e is None else e.start()]
        if may_show_marked(needles, line) and (not only_delimiters or _shows_token_paired(line, needles)):
            return True
        if e is None:
            return False
        pos = e.end()
    return False


# What the Markdown reading of a paragraph holding no backtick, ``](``, ``][`` or ``<`` removes
# on a line holding no reference or escape (markdown.py): emphasis's and strikethrough's
# delimiters, a link's or image's brackets -- a code span, a link's tail, a reference link, a
# tag, a comment, an autolink need one of those, and only they span lines.  Nothing else of the
# line goes, nothing is added, no line end is hidden.
_PAIRED_AWAY = "*_~[]!"
_AWAY = str.maketrans("", "", _PAIRED_AWAY)
# What may make a character where a line's shown text is read (hints._MAKING_STARTS, a
# reference's and an escape's first characters among them; TeX's ``^^``, Mermaid's ``#95;``:
# syntax_hints), which what goes may complete (``%5*F%50``: ``_P`` once the closer goes).
_MAKER_BYTES = "\\&%$<^#"


def _shows_token_paired(line: str, needles: tuple[bytes, ...]) -> bool:
    """Whether ``line`` may hold a token once some of its _PAIRED_AWAY characters are gone.
    Where it is printable ASCII without a maker, what remains is read as it is, and a token's
    characters were consecutive there but for the ones gone: with all of them gone (the
    underscores too) it holds the token so shortened.  Most lines of code or data that hold a
    needle and a delimiter hold no such token: ``"_PASS": 1,`` (a JSON key: its underscore
    may open emphasis), ``word_PASS``.  (Before, every such line had its paragraph read: 25
    JSON paragraphs of bench's corpus, some 2,000 lines each, 0.2 s of a 1.6 s scan.)"""
    shortened = _shortened_tokens(needles)
    if shortened is None or not line.isascii() or not line.replace("\t", " ").isprintable():
        return True
    if any(c in line for c in _MAKER_BYTES) or shortcodes.may_read(line):
        return True
    return shortened.search(line.translate(_AWAY)) is not None


@functools.cache
def _shortened_tokens(needles: tuple[bytes, ...]) -> re.Pattern[str] | None:
    """The tokens of the matcher whose ``needles`` these are (TokenMatcher: the seal-like
    ones', then each configured token), each with _PAIRED_AWAY's characters taken out (one of
    them only leaves nothing, found everywhere); None if the needles are not so."""
    seal = tuple(b"_" + s.encode() for s in SEAL_SUFFIXES)
    if needles[: len(seal)] != seal:
        return None
    words = [n.decode("ascii").translate(_AWAY) for n in needles[len(seal) :]]
    seal_like = "[A-Z][A-Z0-9]*(?:" + "|".join(SEAL_SUFFIXES) + ")"  # (SEAL_LIKE_PATTERN so shortened)
    return re.compile("|".join([seal_like, *map(re.escape, words)]))


def blanked(text: str, start: int, end: int) -> str:
    """The paragraph ``text[start:end]`` with each line's block quote markers and list item
    marker read as blanks (what a renderer strips before reading the inline text)."""
    if text.find("\r", start, end) == -1:  # (``^`` knows only LF: else a line at a time)
        return _MARKERS.sub(lambda m: " " * len(m.group()), text[start:end])
    out: list[str] = []
    a = start
    while a <= end:
        e = min(blocks.line_end(text, a), end)
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
    if m is not None and blocks.kind(text, cut, m.start()) != "line":
        return -1
    start = blocks.start_far(text, cut)
    if continued and start == 0:
        return 0
    # (each mark found by ``str.find``: memchr speed over a paragraph of MiBs)
    return start if any(text.find(c, start, cut) != -1 for c in _STREAM_MARKS) else -1


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
        marks += _XREF_MARKS
    # (a delimiter of theirs on another line: each character found by memchr)
    return any(text.find(c, start, ls) != -1 or text.find(c, le, end) != -1 for c in marks)


_OTHER_MARKS = "*_#+`^~[]"
_XREF_MARKS = "<>"
# What on a paragraph's lines before a stream's cut makes the paragraph one its lines after the
# cut may be read with (split_start): Markdown's openers (may_pair) and every mark others reads
# a paragraph whole for -- whichever line after the cut, not known yet, holds the other end.
# One list, derived: a second one (Markdown's openers, Org's markers on the last line only)
# drifted from others', and a stream cut a paragraph the whole text read as one (a `_` after
# a letter on the line before an AsciiDoc line: test_fuzz's STREAM_GAPS).
_STREAM_MARKS = "".join(sorted(set(_OPENING[0] + _OTHER_MARKS + org.SPAN_MARKS + _XREF_MARKS)))


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
