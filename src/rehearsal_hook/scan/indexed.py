"""Text with some of it replaced, and per character the index in the stored text it comes from:
how a reading (rendered, CSS, export-subst) places the tokens it shows at stored columns."""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable, Iterator, Sequence

# A reading's text, and per character its index in the stored text.
Indexed = tuple[str, list[int]]
# Where a reading replaces stored text (start, end) and by what.
Edit = tuple[int, int, "str | Indexed"]


def replaced(text: str, edits: Iterable[Edit], *, offset: int = 0) -> Indexed | None:
    """``text`` with each edit ``(start, end, value)`` (in order of start) made, and per
    character the index in ``text`` plus ``offset`` it comes from: a kept character its own, a
    value's characters the edit's start -- or, where the value is Indexed, their own indexes
    (in ``text``).  An edit that starts inside one made before is not made (it is inside what
    that one replaced).  None if there is no edit."""
    out: list[str] = []
    index: list[int] = []
    last = 0
    for start, end, value in edits:
        if start < last:
            continue
        out.append(text[last:start])
        index.extend(range(offset + last, offset + start))
        if isinstance(value, str):
            out.append(value)
            index.extend([offset + start] * len(value))
        else:
            out.append(value[0])
            index.extend([offset + k for k in value[1]] if offset else value[1])
        last = end
    if not out:
        return None
    out.append(text[last:])
    index.extend(range(offset + last, offset + len(text)))
    return "".join(out), index


def composed(first: Indexed, second: Indexed | None) -> Indexed:
    """A reading of ``first``'s text (``second``, None if it changes nothing) with indexes in
    the text ``first`` reads: how a reading made in steps keeps the stored index."""
    if second is None:
        return first
    return second[0], [first[1][k] for k in second[1]]


def in_steps(text: str, steps: Iterable[Callable[[str], Indexed | None]]) -> Indexed | None:
    """``text`` read by each of ``steps`` in turn, each reading what the one before shows
    (None: it changes nothing), with indexes in ``text``; None if no step changes it.  (Until
    a step changes it, no index is made: an identity list of ints as long as the text, which a
    piece with no place to cut -- as long as its line -- paid for in every such reading.)"""
    found: Indexed | None = None
    for step in steps:
        more = step(text if found is None else found[0])
        if more is not None:
            found = more if found is None else composed(found, more)
    return found


def paired(delimiters: Iterable[tuple[int, int, str]]) -> list[Edit]:
    """Edits that remove each delimiter ``(start, end, kind)`` (in order of start) that pairs
    with the next one of its kind, and that one: how AsciiDoc's passthroughs and MediaWiki's
    quotes pair, in one pass (a delimiter never closed is shown)."""
    open_at: dict[str, tuple[int, int]] = {}
    edits: list[Edit] = []
    for start, end, kind in delimiters:
        opener = open_at.pop(kind, None)
        if opener is None:
            open_at[kind] = (start, end)
        else:
            edits += [(opener[0], opener[1], ""), (start, end, "")]
    return sorted(edits)


def at_matches(matches: Iterable[re.Match[str]], value: Callable[[re.Match[str]], str | Indexed]) -> Iterator[Edit]:
    """The edits that replace each match (found in the text or in one of the same length, as
    constructs.inert_openers makes) by ``value(match)``."""
    return ((m.start(), m.end(), value(m)) for m in matches)


def utf8_run(run: str, at: int, step: int) -> Indexed:
    """A run of hex-encoded bytes decoded as UTF-8 (each invalid sequence U+FFFD), the hex
    digits of byte ``k`` at ``run[k * step + 1 : k * step + 3]`` (``%5F%41``: step 3), and
    per character the index of the first byte of its sequence (byte ``k`` at ``at + k * step``;
    what an invalid sequence's last byte decodes with it: the sequence's first)."""
    data = bytes(int(run[k + 1 : k + 3], 16) for k in range(0, len(run), step))
    return decoded_bytes(data, range(at, at + len(run), step))


def decoded_bytes(data: bytes, at: Sequence[int], encoding: str = "utf-8") -> Indexed:
    """``data`` decoded in ``encoding`` (each sequence that does not decode U+FFFD), and per
    character the index ``at`` gives the first byte of its sequence (what an invalid
    sequence's last byte decodes with it: the sequence's first)."""
    if encoding == "utf-8" and data.isascii():  # (each byte a character: a pass at C speed)
        return data.decode("ascii"), list(at)
    decoder = codecs.getincrementaldecoder(encoding)("replace")
    out: list[str] = []
    index: list[int] = []
    first = at[0] if at else 0
    view, start = memoryview(data), 0
    while True:
        try:
            for k, byte in enumerate(view[start:], start):
                state = decoder.getstate()
                if state[0] == b"":
                    first = at[k]
                piece = decoder.decode(bytes((byte,)))
                out.append(piece)
                index.extend([first] * len(piece))
            # (an escape still pending at the end: its final flush would make one U+FFFD of
            # the escape and the text after it)
            state, escape = decoder.getstate(), len(data)
            if not state[0].startswith(b"\x1b"):
                break
        except UnicodeError:
            escape = k
        # An ISO-2022 decoder holds an escape it does not know (``ESC ) 0``) until 8 bytes are
        # pending, then raises whatever its error handler; a browser's shows U+FFFD for the ESC
        # and reads on after it (WHATWG's ESC start state): so here, in the same mode (each
        # byte is read again at most 8 times, the rest not copied: linear).
        escape -= len(state[0])
        decoder.setstate((b"", state[1]))
        out.append("\ufffd")
        index.append(at[escape])
        start = escape + 1
    tail = decoder.decode(b"", final=True)
    out.append(tail)
    index.extend([first] * len(tail))
    return "".join(out), index
