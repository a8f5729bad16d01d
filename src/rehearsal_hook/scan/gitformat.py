"""The export-subst reading of a piece of a line: what ``git archive`` (and the archive
downloads hosts build with it) ships for ``$Format:...$`` in a file with the ``export-subst``
attribute -- the whole span replaced by git's pretty format of its content: ``%xNN`` is that
byte (a run of them decoded as UTF-8), ``%n`` a line feed, ``%%`` a percent sign, ``%Cred``,
``%Cgreen``, ``%Cblue``, ``%Creset`` and ``%C(...)`` a terminal colour code (which the rendered
reading then removes), the padding and wrapping directives (``%<(1)``, ``%w(0)``) nothing.
Every other placeholder (``%H``, ``%an``, ``%(describe)``...) expands to commit data that is
not known here: it reads as a blank, which separates words, and -- where it can be empty (not
a hash or a date) -- as nothing, which joins them: a commit whose body is empty ships
``CUTOVER_%bPASS`` as the token, and ``%-`` before it deletes the line feeds before it.

Read in every file, whatever its attributes say today: the attribute can be set later by a
change to ``.gitattributes``, and a reader of an archive sees the expansion.  As git does, a
span runs to the next ``$`` even past a line end, and ``%-`` before commit data that is empty
deletes every line feed before it in what git has written so far -- the file's text before
the span too (``CUTOVER_``, ``$Format:%-bPASS$`` ships one word): the unit read holds the
stretch (joins.subst_stretches; checked against git 2.39's ``git archive``).  Only line feeds:
a CR before one stays.
"""

from __future__ import annotations

import functools
import re

from rehearsal_hook.scan.indexed import Indexed, utf8_run

HINT = re.compile(r"\$Format:")
_SPAN = re.compile(r"\$Format:([^$]*+)\$")
# Commit data that can be empty, as its committer chooses: parents (a root commit), ref names,
# the encoding, the subject, body and message, names and addresses, reflog data, signature
# data, a ``%(...)`` (trailers, describe...).  (Not hashes, dates, the signature's status letter
# or the side mark; git archive loads no notes and ships ``%N``, like an unknown one, as it is.)
_MAY_BE_EMPTY = r"(?:[PpdDesfbBS]|[ac][nNeElL]|g[DdnNeEs]|G[GSKFPT]|\([^()]*+\))"
# (A run of ``%n`` is one match.  An argument in parentheses holds none:
# each search for its ``)`` then ends at the next parenthesis, where one to the end of the
# span, again for each ``%C(`` of a line of them, was quadratic -- 40,000 of them: 3 s.)
_PLACEHOLDER = (
    r"(?P<n>(?:%n)++)"  # line feeds
    r"|%(?:(?P<bytes>(?:x[0-9A-Fa-f]{2})(?:%x[0-9A-Fa-f]{2})*+)"  # a run of bytes
    r"|(?P<percent>%)"
    r"|(?P<colour>C(?:red|green|blue|reset|\([^()]*+\)))"
    r"|(?P<layout>(?:[<>][<>|]?\|?|w)\([^()]*+\))"  # padding and wrapping: never shown
    # the rest: commit data, unknown here (two letters where git reads two)
    r"|(?P<modifier>[+\- ]?)(?P<data>[ac][nNeElLdDrtiIsh]|g[DdnNeEs]|G[GSKFPT?]|\([^()]*+\)|.?))"
)


# (Both compiled on first use: only a line holding ``$Format:`` reads them, and every hook's
# start-up paid 0.7 ms for them.)
@functools.cache
def _placeholder() -> re.Pattern[str]:
    return re.compile(_PLACEHOLDER, re.S)


@functools.cache
def _may_be_empty() -> re.Pattern[str]:
    return re.compile(_MAY_BE_EMPTY)


_COLOUR = "\x1b[m"


# ``$`` first: one memchr pass over a text without it (most text), where the search for the
# whole word is a slow byte-by-byte pass (its letters are common: 0.10 s over the bench
# corpus, which has no ``$``, against 0.01 s).
def may_read(line: str) -> bool:
    return "$" in line and "$Format:" in line


def may_read_b(data: bytes) -> bool:
    return b"$" in data and b"$Format:" in data


def reading(line: str, *, empty: bool = False) -> Indexed | None:
    """``line`` with each ``$Format:...$`` expanded as git archive does, and per character its
    index in ``line`` (an expansion's characters: where their placeholder starts, or where
    the span does); None if it holds none.  ``empty``: the commit data that can be empty (a
    body, an encoding, trailers, a subject: the committer's choice) read as empty, which joins
    the words around it, rather than as a blank -- and after ``%-`` deletes the line feeds
    written before it (git's pretty.c: the whole output's, the text before the span too)."""
    out: list[str] = []  # (one character an item: ``%-`` takes line feeds back off the end)
    index: list[int] = []
    last = -1
    for span in _SPAN.finditer(line):
        out += line[last + 1 : span.start()]
        index += range(last + 1, span.start())
        pos, end = span.start(1), span.end(1)
        for m in _placeholder().finditer(line, pos, end):
            out += line[pos : m.start()]
            index += range(pos, m.start())
            value = _placeholder_value(m, empty)
            chars, at = (value, [m.start()] * len(value)) if isinstance(value, str) else value
            if not chars and m.group("modifier") == "-":
                while out and out[-1] == "\n":
                    out.pop()
                    index.pop()
            out += chars
            index += at
            pos = m.end()
        out += line[pos:end]
        index += range(pos, end)
        last = span.end() - 1
    if last == -1:
        return None
    out += line[last + 1 :]
    index += range(last + 1, len(line))
    return "".join(out), index


def _placeholder_value(m: re.Match[str], empty: bool) -> str | Indexed:
    if m.group("bytes"):  # each character indexed at the ``%`` of its first byte
        return utf8_run(m.group("bytes"), m.start(), 4)
    if m.group("n"):  # (each line feed indexed at its own ``%n``)
        return "\n" * (len(m.group("n")) // 2), list(range(m.start(), m.end(), 2))
    if m.group("percent"):
        return "%"
    if m.group("colour"):
        return _COLOUR
    if empty and m.group("data") and _may_be_empty().fullmatch(m.group("data")) is not None:
        return ""
    if m.group("layout"):
        return ""
    return " "


def on_a_terminal(found: Indexed) -> Indexed | None:
    """What ``cat`` of the archive shows of an expansion (``found``) that holds a carriage
    return or a cursor movement (``%x0d``, ``%x1b[2D``): the terminal's cells (screen.py), each
    character with its index; None if it holds neither.  A reading beside the expansion's
    own: an editor shows a CR as a line break and a code as nothing.  (The red-team pass of
    session 20: ``$Format:xxxxxxx_P...%x0dCUTOVER$`` shipped a token ``cat`` shows.)  A
    movement to another row does nothing, as in the other decoded readings."""
    text, index = found
    if "\r" not in text and "\x1b" not in text and "\x9b" not in text:
        return None
    # (the terminal's screen, imported where an expansion holds one of its controls: not at the
    # hook's start, tests/git/test_hook_imports.py)
    from rehearsal_hook.scan import screen

    if "\r" not in text and not screen.moves(text):
        return None
    shown, runs = screen.cells(text, 0, len(text), True, decoded=True)
    return shown, [index[k] for k in screen.offsets(runs, len(shown))]
