"""The text runs of bytes that are not text (a NUL and bytes that are not UTF-8: a binary file
to scan_bytes): the stretches ``cat`` to a UTF-8 terminal and ``strings`` show as text, which
are read with every reading of text (the look-alike view too), each finding at its stored
line and column (bytes).  (text.py imports this module where it reads such bytes: this one
reads through it.)

Reading the whole of such bytes as text costs the text reading on every line, and in random
bytes (compressed data, images) every line holds a NUL, a control or a trigger.  A run is what
a reader sees as text between two bytes that are in no UTF-8 character (a terminal shows each
as U+FFFD, no word character): valid UTF-8, every character -- ASCII ones, printable or the
controls a terminal acts on (ESC, BS, CR) or prints nothing for (NUL and the others), which
join what is around them, and whole sequences of two to four bytes, which a UTF-8 terminal
shows as their character (a zero-width space as nothing, a fullwidth letter as a look-alike).
Only the runs that can show a token their bytes reading lacks are read: at least as long as
the shortest token and one byte more (a construct is at least one byte more than what it
shows), holding, in their look-alike view, each character of some needle or a construct that
makes one (hints.may_show).  A MiB of random bytes holds about 8,500 runs that long, of which
a few dozen are read; finding them costs a few passes over the data (utf8_mask) and two
``bytes.find`` a run on the mask: linear."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from rehearsal_hook.scan import arrays
from rehearsal_hook.scan.hints import _MAKING_STARTS, may_show
from rehearsal_hook.scan.lines import stored_spans
from rehearsal_hook.scan.matcher import SEAL_SUFFIXES, TokenHit, TokenMatcher
from rehearsal_hook.scan.normalize import relevant_table
from rehearsal_hook.scan.text import _with_view, nul_text_is_stored
from rehearsal_hook.scan.words import hits_at, nul_free_spans, nul_free_view, raw_word_spans

if TYPE_CHECKING:
    from rehearsal_hook.scan.units import Span


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
        ascii = run.isascii()
        if ascii and nul_text_is_stored(matcher, run):
            continue  # (its words, also with the NULs taken out: scan_binary's)
        # (the readings: most of the scanner, imported where a run is read)
        from rehearsal_hook.scan.views import view_hits

        text = run.decode("utf-8")
        # (lenient: a terminal code in bytes that are not text that would move the cursor to
        # another row does nothing, as in decoded text -- random bytes hold ESC H, ESC M, ESC 8
        # and CSI A often, and a compressed file, a PDF or a .pyc blocked; what the row shows
        # is still read.  Columns count bytes: at_stored_places places them in ``data``.)
        spans = view_hits(matcher, text, run, byte_columns=not ascii, spans=raw_word_spans(matcher, run), lenient=True)
        spans += nul_free_view(matcher, run, lenient=True)
        if arrays.may_join(text):
            starts = [0, *(m.end() for m in _LINE_END_S.finditer(text))]
            for h in arrays.joined_hits(matcher, text):
                at = starts[h.line - 1]
                column = len(text[at : at + h.column - 1].encode())
                spans.append((h.line, column, column + len(h.token), h.token, None))
        if spans:
            found.append((a, b, spans))
    hits = hits_at(matcher, data, raw_word_spans(matcher, data), utf8=False)
    return _with_view(hits, [*nul_free_spans(matcher, data), *at_stored_places(data, found)])


# Each byte's class for utf8_mask: 0 ASCII, 1 never in UTF-8 (C0, C1, F5-FF), 2 a
# continuation, 6 the lead of two bytes, 7 of three, 10 of four.
_CLASSES = bytes(
    0
    if b < 0x80
    else 2
    if b < 0xC0
    else 6
    if 0xC2 <= b <= 0xDF
    else 7
    if 0xE0 <= b <= 0xEF
    else 10
    if 0xF0 <= b <= 0xF4
    else 1
    for b in range(256)
)
_SEQUENCES = [bytes([10, 2, 2, 2]), bytes([7, 2, 2]), bytes([6, 2])]
_VALID = bytes([0]) + bytes([1]) * 255


def utf8_mask(data: bytes) -> bytes:
    """A byte for each of ``data``'s: NUL where it is ASCII or in a sequence of a lead and its
    continuations, 0x01 where it is not (a lone continuation, a lead cut short, C0, C1, F5-FF:
    U+FFFD on a terminal).  Three passes of bytes.replace, C speed: each sequence starts with
    its lead's class, so the replacements never overlap (a decode with surrogateescape costs
    half the scan of random bytes).  The leads whose second byte is narrowed -- an overlong
    form (E0 80, F0 80), a surrogate (ED A0), past U+10FFFF (F4 90) -- are judged where a run
    is decoded (_valid_pieces): they are rare."""
    mask = data.translate(_CLASSES)
    for seq in _SEQUENCES:
        mask = mask.replace(seq, bytes(len(seq)))
    return mask.translate(_VALID)


@functools.cache
def _firsts(needles: tuple[bytes, ...], *, lower: bool) -> re.Pattern[bytes]:
    """What a run that may_show passes holds one of: a needle's first character (it holds every
    character of one) or the first character of a construct that makes one -- or, in UTF-8, a
    character the look-alike view reads as holding one of those."""
    firsts = {n[:1].decode() for n in needles} | set(_MAKING_STARTS)
    alike = [c for c, v in relevant_table(lower=lower).items() if not firsts.isdisjoint(v)]
    return re.compile(
        b"["
        + b"".join(re.escape(c.encode()) for c in sorted(firsts))
        + b"]"
        + b"".join(b"|" + re.escape(chr(c).encode()) for c in sorted(alike))
    )


def text_runs(matcher: TokenMatcher, data: bytes) -> Iterator[tuple[int, int]]:
    """The runs of ``data`` (start, end) whose text reading may show a token: valid UTF-8,
    long enough, holding what a needle needs (see the module's note).  In order, disjoint.
    (Yielded, not listed: UTF-16 of Latin letters is a run between each two letters that are
    not ASCII, and a list of them held 3-10 times the bytes.)"""
    shortest = min([len("A_") + min(map(len, SEAL_SUFFIXES)), *map(len, matcher.extra_tokens)])
    firsts = _firsts(matcher.needles, lower=matcher.lower_view).search
    mask = utf8_mask(data)
    # (bytes, not characters: a run of N characters is at least N bytes long)
    least = shortest + 1
    zeros = bytes(least)
    pos = 0
    while (start := mask.find(zeros, pos)) != -1:
        # (``start`` begins a run: ``pos`` is the data's start or follows a byte that is not
        # in a character, and a run that began before ``start`` would have been found there)
        end = mask.find(1, start + least)
        end = len(data) if end == -1 else end
        # (the first characters first: one C-level search, where may_show's loops cost a
        # run of random bytes ten times that)
        if not firsts(data, start, end):
            pass
        elif _NARROWED_LEAD.search(data, start, end) is None:
            if _may_show(matcher, data[start:end], shortest):
                yield start, end
        else:
            yield from (
                (a, b)
                for a, b in _valid_pieces(data, start, end)
                if b - a >= least and firsts(data, a, b) and _may_show(matcher, data[a:b], shortest)
            )
        pos = end + 1


def _valid_pieces(data: bytes, start: int, end: int) -> list[tuple[int, int]]:
    """The stretches of valid UTF-8 in a run of utf8_mask (start, end): itself, or split
    where a narrowed lead's second byte is out of its range (each such byte is no character,
    and the continuations after it none either: as a decoder reads them)."""
    text = data[start:end].decode("utf-8", "surrogateescape")
    if not _ESCAPED.search(text):
        return [(start, end)]
    out = []
    at = start
    for piece in _ESCAPED.split(text):
        size = len(piece.encode("utf-8", "surrogateescape"))
        out.append((at, at + size))
        at += size + 1  # (the escaped byte)
    return out


_ESCAPED = re.compile("[\udc80-\udcff]")
# (the leads whose second byte is narrowed: utf8_mask does not judge it)
_NARROWED_LEAD = re.compile(b"[\xe0\xed\xf0\xf4]")


def _may_show(matcher: TokenMatcher, run: bytes, shortest: int) -> bool:
    """Whether a run's text reading may show a needle (hints.may_show); a run that is not ASCII
    judged by what its look-alike view reads it as, less the characters that view keeps (they
    are no needle's character, and show none): at least as many as the shortest token (most
    runs of valid UTF-8 in random bytes are a few characters of two or three bytes)."""
    if run.isascii():
        return may_show(matcher.needles, run.decode("ascii"))
    text = run.decode("utf-8")
    if len(text) < shortest:
        return False
    view = text.translate(relevant_table(lower=matcher.lower_view)).encode("ascii", "ignore")
    return len(view) >= shortest and may_show(matcher.needles, view.decode("ascii"))


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
_LINE_END_S = re.compile(r"\r\n|\r|\n")
