"""The export-subst reading of a piece of a line: what ``git archive`` (and the archive
downloads hosts build with it) ships for ``$Format:...$`` in a file with the ``export-subst``
attribute -- the whole span replaced by git's pretty format of its content: ``%xNN`` is that
byte (a run of them decoded as UTF-8), ``%n`` a line feed, ``%%`` a percent sign, ``%Cred``,
``%Cgreen``, ``%Cblue``, ``%Creset`` and ``%C(...)`` a terminal colour code (which the rendered
reading then removes).  Every other placeholder (``%H``, ``%an``, ``%(describe)``...) expands
to commit data that is not known here: it reads as a blank, which separates words.

Read in every file, whatever its attributes say today: the attribute can be set later by a
change to ``.gitattributes``, and a reader of an archive sees the expansion.  Within a line
(git takes the text up to the next ``$`` even past a line end: a span across lines is not
read, a documented limit).
"""

from __future__ import annotations

import codecs
import re

HINT = re.compile(r"\$Format:")
_SPAN = re.compile(r"\$Format:([^$\r\n]*+)\$")
_PLACEHOLDER = re.compile(
    r"%(?:((?:x[0-9A-Fa-f]{2})(?:%x[0-9A-Fa-f]{2})*+)"  # a run of bytes
    r"|(n)|(%)"
    r"|(C(?:red|green|blue|reset|\([^)]*+\)))"  # colours
    r"|[+\- ]?(?:\([^)]*+\)|.?))",  # the rest: commit data, unknown here
    re.S,
)
_COLOUR = "\x1b[m"


# ``$`` first: one memchr pass over a text without it (most text), where the search for the
# whole word is a slow byte-by-byte pass (its letters are common: 0.10 s over the bench
# corpus, which has no ``$``, against 0.01 s).
def may_read(line: str) -> bool:
    return "$" in line and "$Format:" in line


def may_read_b(data: bytes) -> bool:
    return b"$" in data and b"$Format:" in data


def _bytes_run(run: str, at: int, out: list[str], index: list[int]) -> None:
    """The characters of a run of ``%xNN`` (``run`` without its first ``%``) at ``at``, each
    indexed at the ``%`` of its first byte."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    first = at
    for k in range(0, len(run), 4):
        if decoder.getstate()[0] == b"":
            first = at + k
        piece = decoder.decode(bytes([int(run[k + 1 : k + 3], 16)]))
        out.append(piece)
        index.extend([first] * len(piece))
    tail = decoder.decode(b"", final=True)
    out.append(tail)
    index.extend([first] * len(tail))


def reading(line: str) -> tuple[str, list[int]] | None:
    """``line`` with each ``$Format:...$`` expanded as git archive does, and per character its
    index in ``line`` (an expansion's characters: where their placeholder starts, or where
    the span does); None if it holds none."""
    out: list[str] = []
    index: list[int] = []
    last = 0
    for span in _SPAN.finditer(line):
        out.append(line[last : span.start()])
        index.extend(range(last, span.start()))
        body, base = span.group(1), span.start(1)
        done = 0
        for m in _PLACEHOLDER.finditer(body):
            out.append(body[done : m.start()])
            index.extend(range(base + done, base + m.start()))
            at = base + m.start()
            if m.group(1):
                _bytes_run(m.group(1), at, out, index)
            else:
                value = "\n" if m.group(2) else "%" if m.group(3) else _COLOUR if m.group(4) else " "
                out.append(value)
                index.extend([at] * len(value))
            done = m.end()
        out.append(body[done:])
        index.extend(range(base + done, base + len(body)))
        last = span.end()
    if not last:
        return None
    out.append(line[last:])
    index.extend(range(last, len(line)))
    return "".join(out), index
