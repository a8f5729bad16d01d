"""The text of the Hebrew and Arabic code pages (decode.RTL_CODECS) as the scanner reads it:
each line in stored order (decode.stored_order: every character that can reorder a line read
as a left-to-right one that reads the same), but the lines where display order can show a
token, kept as decoded -- the readings lay those out (bidi.py, in both directions:
readings.orders), so that a Hebrew letter that moves a digit out of the word after it
(``שלום א1X_P…``) shows ``X_P…`` alone, as a reader sees it.

Why not every line: each byte over 0x7F of a Latin-1 file is a Hebrew or Arabic letter in
these code pages, and laying out every line of such a file cost a hundredfold (45 s for 4 MB).
A line holding a character that can reorder it is kept when

* it holds a character that starts a construct that makes a character or joins the line to
  the next (JOINERS; the quote of an array's strings once a ``[`` was seen), or the line
  before does (it may be joined to this one); or
* it holds every character of a needle (in its Unicode view: display order moves characters,
  it makes none), and its display order can move a word character: a paragraph of it starts
  right to left (bidi.rtl_paragraph: every run moves), or, laid out from the left, a
  right-to-left stretch holds one (ISLAND: a digit, ``_`` or a letter that reads as one,
  after a right-to-left character with no Latin letter between).  Laid out from the left,
  Latin letters stay in place and each right-to-left stretch is reversed where it is: one
  without a word character changes no word (``accès`` read in windows-1255 reads the same).

One pass over the lines (a translation, searches and a few membership tests each): linear.
Streamed (LineOrder), a line is judged when it ends, or in parts of MAX_CARRY when it is
longer (where a stream's readings cut a line anyway: segments.LineCuts blocks when such a
line reorders)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from rehearsal_hook.scan.bidi import BIDI_RANGES, BIDI_RE, rtl_paragraph
from rehearsal_hook.scan.decode import RTL_CODECS, stored_order
from rehearsal_hook.scan.matcher import TokenMatcher
from rehearsal_hook.scan.normalize import disguise_char, has_underline, quick_view, relevant_table

# The first characters of what makes a character (escapes, references, percent bytes, TeX),
# removes one between two others (tags, comments) or joins a line to the next (an escaped
# line break, a comment or tag across lines, roff's ``\c``, TeX's ``%``, export-subst's
# ``%-``, a terminal code that moves the cursor); an array's strings: ARRAY_JOINER.
JOINERS = "\\&%$<>\x1b\x9b"
ARRAY_JOINER = '"'


@functools.cache
def _needle_chars(needles: tuple[bytes, ...]) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(n.decode("ascii")) for n in needles)


@functools.cache
def _island(codec: str) -> re.Pattern[str]:
    """A right-to-left stretch holding a word character, laid out from the left: a character
    that can reorder, then no Latin letter, word character, line end or another such
    character, then a digit, ``_`` or a right-to-left letter that reads as a word character
    (an alef as ``I``) -- or such a letter, then another that can reorder.  (No search runs
    past the next right-to-left character: linear.)"""
    shown = bytes(range(0x80, 0x100)).decode(codec, "replace")
    words = "".join(sorted(c for c in set(shown) if BIDI_RE.fullmatch(c) and _reads_as_word(c)))
    between = f"[^A-Za-z0-9_\r\n{BIDI_RANGES}]*"
    pattern = f"[{BIDI_RANGES}]{between}[0-9_{words}]"
    return re.compile(pattern + (f"|[{words}]{between}[{BIDI_RANGES}]" if words else ""))


# A paragraph (a line, or a part of one after a CR) that may start right to left: before its
# first character that can reorder, no Latin letter (any other letter counts as neutral here:
# more lines, never fewer).
_RTL_START = re.compile(f"(?m)(?:^|\r)[^A-Za-z\r\n{BIDI_RANGES}]*[{BIDI_RANGES}]")
_JOINER = re.compile(f"[{re.escape(JOINERS)}]")
_QUOTE = re.compile(ARRAY_JOINER)


def _reads_as_word(ch: str) -> bool:
    look = disguise_char(ch)
    return bool(look) and re.fullmatch("[A-Za-z0-9_]+", look) is not None


class LineOrder:
    """Text of one of RTL_CODECS as it is decoded, handed on in the order the scanner reads it
    (the module docstring), a line at a time."""

    def __init__(self, matcher: TokenMatcher, codec: str) -> None:
        self.table = stored_order(codec)
        self.island = _island(codec)
        self.view = relevant_table(lower=matcher.lower_view)
        self.needles = _needle_chars(matcher.needles)
        self.joined = False  # the line before may be joined to the next one
        self.array = False  # a ``[`` was seen: a quote may join an array's strings
        self.pending = ""  # the start of a line not ended yet
        # The last line handed on did not end (a part of a long line), and whether it starts
        # right to left: the next text goes on with that line.
        self.mid_line = self.rtl_line = False

    def feed(self, text: str, *, limit: int | None = None) -> str:
        """The read text of the lines ``text`` ends (with what came before them); the rest
        waits for its line end -- or, past ``limit`` characters, is judged as it is."""
        text = self.pending + text
        end = text.rfind("\n") + 1
        self.pending = text[end:]
        out = self._lines(text[: end - 1]) + "\n" if end else ""
        if limit is not None and len(self.pending) > limit:
            out += self.end()
            self.mid_line = True
        return out

    def end(self) -> str:
        """The read text of what is left (the last line, without a line end)."""
        rest, self.pending = self.pending, ""
        return self._lines(rest) if rest else ""

    def _lines(self, text: str) -> str:
        """The read text of ``text``, lines without the line end after the last one: the
        lines to keep are found by searches over all of it (a loop over every line of a
        Latin-1 file cost a sixth of its whole scan), each line once -- not each place: a
        line of C1 openers (ISO-8859-8 reads byte 0x9B as U+009B CSI) listed an int per
        character, 150 MiB for a 4 MiB line."""
        stored = text.translate(self.table)
        bracket = 0 if self.array else text.find("[")
        last = text.rfind("\n") + 1  # (where the last line starts)
        joins = _lines_with(_JOINER, text)
        if bracket >= 0:
            joins = sorted({*joins, *_lines_with(_QUOTE, text, bracket)})
        joined = self.joined
        self.joined = _JOINER.search(text, last) is not None or (
            bracket >= 0 and _QUOTE.search(text, max(last, bracket)) is not None
        )
        self.array = self.array or bracket >= 0
        # (a part that goes on with a line starts no paragraph: the line's start was judged)
        skip = 1 if self.mid_line else 0
        starts = _lines_with(_RTL_START, text, skip=skip)
        goes_on_rtl = self.mid_line and self.rtl_line
        self.rtl_line = bool(_lines_with(_RTL_START, text, last, skip=skip if last == 0 else 0)) or (
            goes_on_rtl and "\n" not in text
        )
        self.mid_line = False
        if BIDI_RE.search(text) is None:
            return stored
        keep = {0} if joined else set()
        for at in joins:
            keep |= {at, at + 1}
        maybe: set[int] = {0} if goes_on_rtl else set()
        if self._shows(stored, set(stored)):  # (the whole text first: most lack a needle's characters)
            maybe |= set(_lines_with(self.island, text))
            maybe |= set(starts)
        maybe -= keep
        if not keep and not maybe:
            return stored
        raw, out = text.split("\n"), stored.split("\n")
        for k in keep:
            if k < len(raw) and BIDI_RE.search(raw[k]) is not None:
                out[k] = raw[k]
        for k in maybe:
            if self._moves_a_needle(raw[k], out[k], rtl=k == 0 and goes_on_rtl):
                out[k] = raw[k]
        return "\n".join(out)

    def _moves_a_needle(self, line: str, stored: str, *, rtl: bool) -> bool:
        """Whether a line that may move a word character in display order (an island, a
        paragraph that may start right to left; ``rtl``: a part of a line that does) holds,
        read in stored order, every character of a needle (in its Unicode view), and does
        move one."""
        if not rtl and self.island.search(line) is None and not rtl_paragraph(line):
            return False
        return self._shows(stored, quick_view(stored, self.view))

    def _shows(self, stored: str, chars: Iterable[str]) -> bool:
        """Whether ``chars`` (of ``stored``, a text read in stored order), each read as in
        its Unicode view, hold every character of a needle."""
        view = {*"".join(self.view.get(ord(c), c) for c in set(chars))}
        if has_underline(stored):  # (a blank carrying a low line reads as one)
            view.add("_")
        return any(chars.issubset(view) for chars in self.needles)


def _lines_with(pattern: re.Pattern[str], text: str, pos: int = 0, *, skip: int = 0) -> list[int]:
    """The lines (0-based, lines ended by LF; counted from the start of ``text``) holding a
    match of ``pattern`` (which matches within a line) at or after ``pos``, each once: after
    a match the search goes on at the next line.  ``skip``: a match at offset 0 does not count
    (a part that goes on with a line).  Linear, and a list as long as the lines found."""
    out: list[int] = []
    line = text.count("\n", 0, pos)
    while True:
        m = pattern.search(text, pos)
        if m is None:
            return out
        if skip and m.start() == 0:
            pos = 1
            continue
        line += text.count("\n", pos, m.start())
        out.append(line)
        pos = text.find("\n", m.start()) + 1
        if pos == 0:
            return out
        line += 1


def reading_text(matcher: TokenMatcher, text: str, codec: str) -> str:
    """``text`` (decoded in ``codec``) as the scanner reads it: for RTL_CODECS, the module
    docstring's reading; for another encoding, as decoded."""
    if codec not in RTL_CODECS:
        return text
    order = LineOrder(matcher, codec)
    return order.feed(text) + order.end()
