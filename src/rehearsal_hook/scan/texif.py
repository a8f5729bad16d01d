"""TeX's conditionals in a piece, as a typeset document shows them (tex.py reads them): which
branch of ``\\if... \\else ... \\fi`` shows, and what vanishes.

* A conditional whose truth is known: ``\\iftrue`` shows its first branch and hides what
  ``\\else`` holds up to its ``\\fi``; ``\\iffalse`` hides its first branch and shows what
  ``\\else`` holds (``DEPLOY\\_\\iffalse XX\\else O\\fi K`` typesets ``DEPLOY_OK``:
  pdflatex); so do ``\\ifnum`` and ``\\ifodd`` of decimal numbers written out.
* One whose truth is not known -- ``\\ifnum\\x>0``, ``\\ifx\\a\\b``, ``\\ifdefined``,
  ``\\ifdim``, ``\\ifmmode``, LaTeX's ``\\if@twocolumn``, one a document defines with
  ``\\newif`` -- is read both ways, each a reading of its own (tex.readings): true (its first
  branch shown, and ``\\ifcase``'s first case) and false (its ``\\else`` branch shown).  Each
  conditional's opener vanishes with its condition, read by TeX's grammar: numbers
  (``1``, ``"1F``, ``'17``, `` `a ``, a register ``\\count0``, ``\\value{x}``), dimensions
  (``1.5pt``, ``0.5\\textwidth``) and a relation; two tokens for ``\\ifx``, ``\\if`` and
  ``\\ifcat``; one for ``\\ifdefined``; up to ``\\endcsname`` for ``\\ifcsname``.
* What a skipped branch holds vanishes up to the ``\\else``, ``\\or`` or ``\\fi`` that ends
  it, nested conditionals counted (any ``\\if`` word, as tex.fi_end counts them), with the
  blanks after it; ``\\else`` and ``\\fi`` with no opener in the piece (their conditional on
  a line before) vanish, and such an ``\\else`` hides up to its ``\\fi`` in the reading that
  takes conditionals as true.
* A skip that nothing ends hides the rest in TeX: the rest is read as it stands, and no
  later conditional of the piece is evaluated (one pass: linear).

(Limits: a piece with several conditionals of unknown truth is read with all of them true and
with all of them false, not one true and another false; ``\\ifcase``'s cases after the first
are not read but its ``\\else``; a line end a condition's number ends, ``\\ifnum\\x>0`` at a
line's end, does not join the next line.)
"""

from __future__ import annotations

import functools
import re
from typing import Any

# A number TeX reads: signs, then digits (decimal, ``"`` hex, ``'`` octal, a backquote and a
# character) and the one blank that ends them, or a register or a macro's value (``\\count0``,
# ``\\value{x}``: a bounded argument, so that an unclosed one costs no rescan).
_NUMBER = (
    r"[ \t]*+(?:[-+][ \t]*+)*+"
    r"(?:[0-9]++[ \t]?|\"[0-9A-F]++[ \t]?|'[0-7]++[ \t]?|`\\?[^\r\n][ \t]?"
    r"|\\[A-Za-z@]++[ \t]*+(?:\{[^{}\r\n]{0,64}\})?(?:[0-9]++[ \t]?)?)"
)
# A dimension: a factor and a unit (any case, as TeX reads units) or a register.
_DIMEN = (
    r"[ \t]*+(?:[-+][ \t]*+)*+"
    r"(?:(?:[0-9]*+[.,][0-9]*+|[0-9]++)[ \t]*+(?:true[ \t]*+)?"
    r"(?:(?i:pt|pc|in|bp|cm|mm|dd|cc|sp|em|ex|px|nd|nc)[ \t]?|\\[A-Za-z@]++[ \t]*+)"
    r"|\\[A-Za-z@]++[ \t]*+(?:[0-9]++[ \t]?)?)"
)
_RELATION = r"[ \t]*+[<=>]"
# One of TeX's tokens: a control word with the blanks after it, a control symbol, or a character.
_TEX_ITEM = r"(?:\\(?:[A-Za-z@]++[ \t]*+|[^\r\n])|[^\\\r\n])"
_END = r"(?![A-Za-z@])"
# What TeX skips after a control word: blanks, and a line's end with the next line's leading
# blanks -- not a blank line, a paragraph (tex._SKIPPED).
_BLANKS = r"[ \t]*+(?:(?:\r\n|\r|\n)[ \t]*+(?![\r\n]))?"

# A conditional's opener and its condition, after its backslash (tex._CONSTRUCT).  Any other
# ``\\if`` word is a conditional of unknown truth with no condition (``\\newif``'s), but
# ``\\iff`` (a math symbol) and ``\\ifthenelse`` (a macro with arguments).
OPENER = (
    r"(?P<cond>if(?:"
    r"(?P<cnum>num)" + _END + "(?:" + _NUMBER + _RELATION + _NUMBER + ")?"
    r"|dim" + _END + "(?:" + _DIMEN + _RELATION + _DIMEN + ")?"
    r"|(?P<case>case)" + _END + "(?:" + _NUMBER + ")?"
    r"|(?P<codd>odd)" + _END + "(?:" + _NUMBER + ")?"
    r"|(?:void|hbox|vbox|eof)" + _END + "(?:" + _NUMBER + ")?"
    r"|(?:x|cat|)" + _END + r"[ \t]*+(?:" + _TEX_ITEM + _TEX_ITEM + ")?"
    r"|defined" + _END + r"[ \t]*+" + _TEX_ITEM + "?"
    r"|csname" + _END + r"(?:(?!\\endcsname)[^\r\n]){0,256}?\\endcsname[ \t]*+"
    r"|(?P<cword>@[A-Za-z@]*+|(?!f" + _END + "|thenelse" + _END + r")[A-Za-z]++)" + _END + _BLANKS + "))"
    r"|(?P<celse>else|or)(?![A-Za-z])" + _BLANKS + r"|(?P<cfi>fi)(?![A-Za-z])" + _BLANKS
)

# TeX's tokens a skipped branch is read by: a conditional's opener (any ``\\if`` word counted:
# one that is not a conditional, ``\\iff``, only leaves it unclosed, read as shown), ``\\fi``,
# ``\\else`` and ``\\or``, any other escaped character (``\\\\``, ``\\%``), a comment.
_SKIP_TEX_ITEMS = (
    r"\\(?:(?P<opener>if[A-Za-z]*+)|(?P<fi>fi)(?![A-Za-z])|(?P<else>else|or)(?![A-Za-z])|[^\r\n])|%[^\r\n]*+"
)


@functools.cache
def skip_tokens(as_bytes: bool) -> re.Pattern[Any]:
    """_SKIP_TEX_ITEMS compiled for bytes or text (tex.iffalse_stretches finds openers with it)."""
    return re.compile(_SKIP_TEX_ITEMS.encode() if as_bytes else _SKIP_TEX_ITEMS)


@functools.cache
def _blanks(as_bytes: bool) -> re.Pattern[Any]:
    return re.compile(_BLANKS.encode() if as_bytes else _BLANKS)


def skip_end(text: str | bytes, pos: int, at_else: bool, at_or: bool = True) -> tuple[int, bool]:
    """Where the branch TeX skips from ``pos`` ends -- after the ``\\fi`` of its conditional,
    or, ``at_else``, after an ``\\else`` (``at_or``: or an ``\\or``) of it, and the blanks
    after either -- and whether a branch starts there (an ``\\else`` or ``\\or`` ended it);
    (-1, False) if nothing ends it (TeX skips the rest of the text).  One pass up to it."""
    tokens, blanks = skip_tokens(isinstance(text, bytes)), _blanks(isinstance(text, bytes))
    depth = 1
    for m in tokens.finditer(text, pos):
        if m.group("opener") is not None:
            depth += 1
        elif m.group("fi") is not None:
            depth -= 1
            if depth == 0:
                return blanks.match(text, m.end()).end(), False  # type: ignore[union-attr]
        elif depth == 1 and at_else and (word := m.group("else")) is not None and (at_or or word in ("else", b"else")):
            return blanks.match(text, m.end()).end(), True  # type: ignore[union-attr]
    return -1, False


# (At most 10 digits, TeX's largest number: a longer one is read both ways, and int() is not
# asked for a number of any length.)
_LITERAL_NUM = re.compile(r"[ \t]*+([-+]?)[ \t]*+([0-9]{1,10})[ \t]*+([<=>])[ \t]*+([-+]?)[ \t]*+([0-9]{1,10})[ \t]*+")
_LITERAL_ODD = re.compile(r"[ \t]*+[-+]?[ \t]*+([0-9]{1,10})[ \t]*+")


class Conditionals:
    """The conditionals of one piece read in one pass (tex.reading feeds it each OPENER match
    in order): ``assume`` is the truth of one whose truth is not known; ``unknown`` tells
    whether the piece held one (so the other assumption reads otherwise)."""

    def __init__(self, text: str, assume: bool) -> None:
        self.text, self.assume = text, assume
        self.shown = 0  # (how many conditionals are open whose branch is shown)
        self.unknown = self.unclosed = False

    def vanishes(self, m: re.Match[str]) -> int:
        """Where what vanishes from ``m.start()`` ends (its opener, else, or fi, and a branch
        it skips), or -1 if nothing does (after a skip nothing ended, every later one)."""
        if self.unclosed:
            return -1
        if m.group("cfi") is not None:
            self.shown = max(self.shown - 1, 0)
            return m.end()
        if m.group("celse") is not None:
            if not self.shown:
                self.unknown = True  # (its conditional is on a line before: either way)
                if not self.assume:
                    return m.end()
            self.shown = max(self.shown - 1, 0)
            return self._skipped(m.end())
        truth = _known(m)
        if truth is None:
            self.unknown, truth = True, self.assume
        case = m.group("case") is not None
        if truth:
            self.shown += 1
            return m.end()
        end, branch = skip_end(self.text, m.end(), at_else=True, at_or=not case)
        if end == -1:
            self.unclosed = True
        elif branch:
            self.shown += 1
        return end

    def _skipped(self, pos: int) -> int:
        """Where the branch skipped from ``pos`` to its ``\\fi`` ends (-1: nothing ends it)."""
        end, _ = skip_end(self.text, pos, at_else=False)
        self.unclosed = end == -1
        return end


def _known(m: re.Match[str]) -> bool | None:
    """The truth of the conditional ``m`` opens where its text tells it: ``\\iftrue``,
    ``\\iffalse``, and ``\\ifnum`` and ``\\ifodd`` of decimal numbers written out."""
    word = m.group("cword")
    if word in ("true", "false"):
        return word == "true"
    condition = m.string[m.start("cond") : m.end()]
    if m.group("cnum") is not None and (n := _LITERAL_NUM.fullmatch(condition, 5)) is not None:
        a, b = int(n.group(1) + n.group(2)), int(n.group(4) + n.group(5))
        return a < b if n.group(3) == "<" else a == b if n.group(3) == "=" else a > b
    if m.group("codd") is not None and (n := _LITERAL_ODD.fullmatch(condition, 5)) is not None:
        return int(n.group(1)) % 2 == 1
    return None
