"""The reading of a JSON array of strings joined: a Jupyter notebook's cell ``source`` is an
array of strings, one a line, that GitHub, nbviewer and JupyterLab concatenate
(``["cutover_", "pass"]`` shows one word).  Read for any text: every array whose leading
elements are strings (``[`` then strings separated by commas), the decoded strings joined;
a token of the joined text that crosses an element's boundary is reported at the stored line
and column of its first character (a token inside one element is the other readings').

A key's string after a value's (``{"a": "CUTOVER_", "PASS": 1}``) is no array element: only a
run that opens with ``[`` is joined.  One regex pass (its strings hold no line break and no
unescaped quote, so each stored character is looked at a bounded number of times) and one
decoding of each element of a run: linear in the text.  A joined run of up to a piece
(readings.PIECE) is read as a line is (the Unicode view, the rendered and parsed readings);
a longer one for stored tokens only."""

from __future__ import annotations

import bisect
import functools
import re

from rehearsal_hook.scan import mermaid
from rehearsal_hook.scan.hints import may_show
from rehearsal_hook.scan.matcher import ALLOW_PRAGMA, TokenHit, TokenMatcher
from rehearsal_hook.scan.normalize import relevant_table

_STRING = r'"(?:[^"\\\r\n]|\\[^\r\n])*"'
_ELEMENT = re.compile(_STRING)
_SEPARATOR = re.compile(r'"[ \t\r\n]*,[ \t\r\n]*"')
_LINE_END = re.compile(r"\r\n|\r|\n")


# (The two largest patterns compiled on first use: only a text that may join reads them, and
# every hook's start-up paid 0.35 ms for them.)
@functools.cache
def _run() -> re.Pattern[str]:
    """An array's leading strings: ``[``, then a string, then more after commas."""
    return re.compile(rf"\[[ \t\r\n]*({_STRING}(?:[ \t\r\n]*,[ \t\r\n]*{_STRING})+)")


@functools.cache
def _char() -> re.Pattern[str]:
    """One decoded character of a JSON string's content (a surrogate pair: one character)."""
    return re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\.|.", re.S)


# A quote before a comma or a blank: where a string of an array of two or more can end.
# (One search with the quote first -- ``re`` skips to each quote at C speed -- where five
# two-character ``in`` tests each passed the whole text: may_join cost 0.14 s over bench's
# corpus, most of it in files holding quotes but none before a comma.)
_STRING_END = '"[,\n \r\t]'
_STRING_END_S, _STRING_END_B = re.compile(_STRING_END), re.compile(_STRING_END.encode())


def may_join(text: str) -> bool:
    """Whether ``text`` may hold an array of two strings or more (a cheap, sound test: a
    string that ends before a comma or a blank)."""
    return "[" in text and _STRING_END_S.search(text) is not None


def may_join_b(data: bytes) -> bool:
    """may_join for bytes."""
    # (the quote first: memchr, and most text holding no quote is passed at its speed)
    return b"[" in data and b'"' in data and _STRING_END_B.search(data) is not None


def holds_run_b(data: bytes) -> bool:
    """Whether ``data`` (ASCII, or UTF-8) holds an array's leading strings (_run): joined_hits
    joins nothing in a text without one.  (The ASCII fast path asks it where may_join_b holds:
    in bench's corpus 4 of the 9,453 texts that may join hold one, and each of the others was
    decoded and searched again for nothing.)"""
    return _run_b().search(data) is not None


@functools.cache
def _run_b() -> re.Pattern[bytes]:
    return re.compile(_run().pattern.encode())


def joined_hits(matcher: TokenMatcher, text: str) -> list[TokenHit]:
    """Tokens that only the joined strings of an array show, at the stored line and column
    (code points) of their first character."""
    # (imported here: the readings of a piece are most of the scanner, and a hook's start-up
    # pays for them only when a text holds an array of strings)
    from rehearsal_hook.scan.pieces import piece_hits
    from rehearsal_hook.scan.readings import PIECE

    out: list[TokenHit] = []
    line, pos, line_start = 1, 0, 0
    pragmas = _Pragmas(text)
    for run in _run().finditer(text):
        if not may_show(matcher.needles, _SEPARATOR.sub("", run.group(1))):
            # (neither the joined strings nor any reading of them can show a needle: they lack
            # a needle's character and hold nothing that makes one -- a JSON escape is a maker)
            continue
        parts: list[str] = []
        starts: list[int] = []  # per element: its content's stored start
        exact: list[bool] = []  # per element: decoded as JSON (else read as stored)
        bounds: list[int] = []  # per element: its decoded start in the joined text
        size = 0
        for m in _ELEMENT.finditer(text, run.start(1), run.end(1)):
            value = _decoded(m.group())
            exact.append(value is not None)
            parts.append(m.group()[1:-1] if value is None else value)
            starts.append(m.start() + 1)
            bounds.append(size)
            size += len(parts[-1])
        joined = "".join(parts)
        found = {(m.start(), m.end(), m.group()) for m in matcher.finditer_str(joined)}
        if len(joined) <= PIECE:
            # (what a renderer shows of the joined text: a Markdown cell's source is rendered)
            table = relevant_table(lower=matcher.lower_view)
            found.update(piece_hits(matcher, joined, table, diagram=mermaid.Diagram(text)))
        for start, stop, token in sorted(found):
            k = _element_at(bounds, start)
            if stop <= bounds[k] + len(parts[k]):
                continue  # inside one element: the other readings see it
            if token == joined[start:stop] and _listed(matcher, parts, bounds, k, start, stop):
                continue  # a list of tokens read one after another: each is a finding already
            n = start - bounds[k]
            at = _stored(text, starts[k], n) if exact[k] else starts[k] + n
            for le in _LINE_END.finditer(text, pos, at):
                line += 1
                line_start = le.end()
            pos = max(pos, at)
            # The pragma names its line: a token whose strings run on into the next lines
            # needs it on each (the next line's string could complete a token under an old one).
            k2 = _element_at(bounds, stop - 1)
            n2 = stop - 1 - bounds[k2]
            last = _stored(text, starts[k2], n2) if exact[k2] else starts[k2] + n2
            out.append(TokenHit(line, at - line_start + 1, token, pragmas.on_every_line(line_start, at, last)))
    return out


class _Pragmas:
    """Whether every line from one holding a token's first character to the one holding its
    last carries the pragma, each line searched once: searched per token (the rest of the last
    line to its end, then its lines again), a long line of tokens across strings was
    quadratic (bench/growth.py: 3.6x per doubling)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.held: dict[int, bool] = {}  # per line start: whether the line holds the pragma
        self.searched_from, self.end = -1, -1  # (the last line end found, and from where)

    def _end_after(self, last: int) -> int:
        """The start of the first line end at or after ``last`` (or the text's end).  No line end
        starts in ``[searched_from, end)``: one search a line, mostly."""
        text, start = self.text, self.searched_from
        known = start != -1 and last <= self.end
        if known and last < start:
            known = _LINE_END.search(text, last, start) is None  # (the token's own stretch)
        if not known:
            found = _LINE_END.search(text, last)
            self.end = len(text) if found is None else found.start()
        if not known or last < start:
            self.searched_from = last
        return self.end

    def on_every_line(self, line_start: int, at: int, last: int) -> bool:
        """``at`` and ``last`` the stored indexes of a token's first and last character (a word
        character or an escape's start: no line end), ``line_start`` that of ``at``'s line."""
        starts, ends = [line_start], []
        for m in _LINE_END.finditer(self.text, at, last):
            ends.append(m.start())
            starts.append(m.end())
        ends.append(self._end_after(last))
        for a, b in zip(starts, ends, strict=True):
            if a not in self.held:
                self.held[a] = self.text.find(ALLOW_PRAGMA, a, b) != -1
            if not self.held[a]:
                return False
        return True


def _listed(matcher: TokenMatcher, parts: list[str], bounds: list[int], k: int, start: int, stop: int) -> bool:
    """Whether ``joined[start:stop]`` is whole elements from the ``k``-th on, each a token by
    itself (``["A_P…", "C_P…"]`` read joined): every one of them is a finding where it stands,
    and the joined word shows no letter they do not -- reporting it would only double a list
    of tokens.  A joined word that takes part of an element, or an element that is no token
    (``["A_P…", "_P…"]``), is another token: reported, so that an exemption made for the
    first element's token does not cover it."""
    if start != bounds[k]:
        return False
    for j in range(k, len(parts)):
        part = parts[j]
        if not any(m.start() == 0 and m.end() == len(part) for m in matcher.finditer_str(part)):
            return False
        end = bounds[j] + len(part)
        if end >= stop:
            return end == stop
    return False


def _decoded(literal: str) -> str | None:
    """A JSON string literal's value; None if it is not valid JSON (an unknown escape, a
    control character: it is then read as stored, between its quotes)."""
    if "\\" not in literal:
        return literal[1:-1] if literal.isprintable() else _loads(literal)
    return _loads(literal)


def _loads(literal: str) -> str | None:
    import json  # (only an array's escaped strings need it; a hook's start-up counts)

    try:
        value = json.loads(literal)
    except ValueError:
        return None
    return value if isinstance(value, str) else None


def _element_at(bounds: list[int], j: int) -> int:
    """The element whose decoded text holds joined index ``j``."""
    return bisect.bisect_right(bounds, j) - 1


def _stored(text: str, content: int, n: int) -> int:
    """The stored index of the ``n``-th decoded character of the string content at ``content``."""
    if "\\" not in text[content : content + n]:
        return content + n
    at = content
    char = _char()
    for _ in range(n):
        m = char.match(text, at)
        if m is None:
            break
        at = m.end()
    return at
