"""The text runs of bytes that are not text (a NUL and bytes that are not UTF-8: a binary file
to scan_bytes): the stretches ``cat`` and ``strings`` show as text, which are read with every
reading of ASCII text, each finding at its stored line and column.  (text.py imports this
module where it reads such bytes: this one reads through it.)

Reading the whole of such bytes as text costs the text reading on every line, and in random
bytes (compressed data, images) every line holds a NUL, a control or a trigger.  A run is what
a reader sees as text between two bytes that are not ASCII (a terminal shows each as U+FFFD,
no word character): ASCII bytes, every one -- the printable ones, and the controls a terminal
acts on (ESC, BS, CR) or prints nothing for (NUL and the others), which join what is around
them.  Only the runs that can show a token their bytes reading lacks are read: at least as
long as the shortest token and one byte more (a construct is at least one byte more than what
it shows), holding each character of some needle or a construct that makes one
(hints.may_show).  A MiB of random bytes holds about 4,000 runs that long, of which a few
dozen are read; each run found costs two ``bytes.find`` on a mask of the data: linear."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rehearsal_hook.scan import arrays
from rehearsal_hook.scan.hints import _MAKING_STARTS, may_show
from rehearsal_hook.scan.lines import stored_spans
from rehearsal_hook.scan.matcher import SEAL_SUFFIXES, TokenHit, TokenMatcher
from rehearsal_hook.scan.text import _with_view, nul_text_is_stored
from rehearsal_hook.scan.words import hits_at, nul_free_spans, nul_free_view, raw_word_spans

if TYPE_CHECKING:
    from rehearsal_hook.scan.views import Span


def scan_binary_text(matcher: TokenMatcher, data: bytes) -> list[TokenHit]:
    """Bytes that are not text (a NUL and bytes that are not UTF-8): the bytes reading (the
    words, and the words with the NULs taken out, as words.scan_binary reads them) and the text reading of
    the text runs a reader sees, merged by place as the readings of one text are
    (text._with_view) -- always, so that a stream's segment, read on its own, gives what the
    whole file gives (found by a stress run: a raw X_P... inside a NUL-joined PAX_P... was
    merged only where some run was read)."""
    found = []
    for a, b in text_runs(matcher, data):
        run = data[a:b]
        if nul_text_is_stored(matcher, run):
            continue  # (its words, also with the NULs taken out: scan_binary's)
        # (the readings: most of the scanner, imported where a run is read)
        from rehearsal_hook.scan.views import view_hits

        text = run.decode("ascii")
        # (lenient: a terminal code in bytes that are not text that would move the cursor to
        # another row does nothing, as in decoded text -- random bytes hold ESC H, ESC M, ESC 8
        # and CSI A often, and a compressed file, a PDF or a .pyc blocked; what the row shows
        # is still read)
        spans = view_hits(matcher, text, run, spans=raw_word_spans(matcher, run), lenient=True)
        spans += nul_free_view(matcher, run, lenient=True)
        if arrays.may_join(text):
            joined = arrays.joined_hits(matcher, text)
            spans += [(h.line, h.column - 1, h.column - 1 + len(h.token), h.token, None) for h in joined]
        if spans:
            found.append((a, b, spans))
    hits = hits_at(matcher, data, raw_word_spans(matcher, data), utf8=False)
    return _with_view(hits, [*nul_free_spans(matcher, data), *at_stored_places(data, found)])


# Each ASCII byte as NUL, each other byte as 0x01: a run of N ASCII bytes is then N NULs,
# found with bytes.find (twice a run): 4 MiB of random bytes 7 ms a MiB, 28 with a regex.
_MASK = bytes(0 if b < 0x80 else 1 for b in range(256))


@functools.cache
def _firsts(needles: tuple[bytes, ...]) -> re.Pattern[bytes]:
    """What a run that may_show passes holds one of: a needle's first character (it holds every
    character of one) or the first character of a construct that makes one."""
    return re.compile(
        b"["
        + b"".join(re.escape(c) for c in sorted({n[:1] for n in needles} | {c.encode() for c in _MAKING_STARTS}))
        + b"]"
    )


def text_runs(matcher: TokenMatcher, data: bytes) -> list[tuple[int, int]]:
    """The runs of ``data`` (start, end) whose text reading may show a token: ASCII, long
    enough, holding what a needle needs (see the module's note).  In order, disjoint."""
    shortest = min([len("A_") + min(map(len, SEAL_SUFFIXES)), *map(len, matcher.extra_tokens)])
    firsts = _firsts(matcher.needles).search
    mask = data.translate(_MASK)
    least = bytes(shortest + 1)
    out: list[tuple[int, int]] = []
    pos = 0
    while (start := mask.find(least, pos)) != -1:
        # (``start`` begins a run: ``pos`` is the data's start or follows a byte that is not
        # ASCII, and a run that began before ``start`` would have been found there)
        end = mask.find(1, start + len(least))
        end = len(data) if end == -1 else end
        # (the first characters first: one C-level search, where may_show's loops cost a
        # run of random bytes ten times that)
        if firsts(data, start, end) and may_show(matcher.needles, data[start:end].decode("ascii")):
            out.append((start, end))
        pos = end + 1
    return out


def at_stored_places(data: bytes, found: Sequence[tuple[int, int, list[Span]]]) -> list[Span]:
    """The spans of each run's reading ((start, end, the run's spans), in order of start), at
    their stored line and column in ``data`` (lines.stored_spans: a run's first and last lines
    go on past it, so the run's reading cannot tell whether its lines carry the pragma)."""
    extents: list[tuple[int, int, str]] = []
    for a, b, spans in found:
        run_starts = [a, *(m.end() for m in _LINE_END.finditer(data, a, b))]
        extents += sorted((run_starts[ln - 1] + c, run_starts[ln - 1] + e, t) for ln, c, e, t, _ in spans)
    return list(stored_spans(data, extents))


_LINE_END = re.compile(rb"\r\n|\r|\n")
