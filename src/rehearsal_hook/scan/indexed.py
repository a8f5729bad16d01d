"""Text with some of it replaced, and per character the index in the stored text it comes from:
how a reading (rendered, CSS, export-subst) places the tokens it shows at stored columns."""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable

# A reading's text, and per character its index in the stored text.
Indexed = tuple[str, list[int]]


def replaced(
    text: str,
    matches: Iterable[re.Match[str]],
    value: Callable[[re.Match[str]], str | Indexed],
    *,
    offset: int = 0,
) -> Indexed | None:
    """``text`` with each match (in order, not overlapping; found in ``text`` or in a text of
    the same length) replaced by ``value(match)``, and per character the index in ``text``
    plus ``offset`` it comes from: a kept character its own, a replacement's characters the
    match's start -- or, where ``value`` gives them, their own indexes (in ``text``).  None if
    nothing matched."""
    out: list[str] = []
    index: list[int] = []
    last = 0
    for m in matches:
        start = m.start()
        out.append(text[last:start])
        index.extend(range(offset + last, offset + start))
        found = value(m)
        if isinstance(found, str):
            out.append(found)
            index.extend([offset + start] * len(found))
        else:
            out.append(found[0])
            index.extend([offset + k for k in found[1]] if offset else found[1])
        last = m.end()
    if not out:
        return None
    out.append(text[last:])
    index.extend(range(offset + last, offset + len(text)))
    return "".join(out), index


def utf8_run(run: str, at: int, step: int) -> Indexed:
    """A run of hex-encoded bytes decoded as UTF-8 (each invalid sequence U+FFFD), the hex
    digits of byte ``k`` at ``run[k * step + 1 : k * step + 3]`` (``%5F%41``: step 3), and
    per character the index of the first byte of its sequence (byte ``k`` at ``at + k * step``;
    what an invalid sequence's last byte decodes with it: the sequence's first)."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    out: list[str] = []
    index: list[int] = []
    first = at
    for k in range(0, len(run), step):
        if decoder.getstate()[0] == b"":
            first = at + k
        piece = decoder.decode(bytes([int(run[k + 1 : k + 3], 16)]))
        out.append(piece)
        index.extend([first] * len(piece))
    tail = decoder.decode(b"", final=True)
    out.append(tail)
    index.extend([first] * len(tail))
    return "".join(out), index
