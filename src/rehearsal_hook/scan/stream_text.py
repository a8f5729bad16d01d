"""A stream in UTF-16, UTF-32 or another encoding, decoded as it comes and scanned segment by
segment in bounded memory, as scan_str reads the decoded text."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import charsets, segments
from rehearsal_hook.scan.decode import RTL_CODECS, decode_end, incremental_decoder
from rehearsal_hook.scan.lines import last_line_start, line_ends
from rehearsal_hook.scan.matcher import SILENT, TokenHit, TokenMatcher
from rehearsal_hook.scan.normalize import is_suspicious
from rehearsal_hook.scan.roffstream import StreamGate
from rehearsal_hook.scan.rtl_lines import LineOrder
from rehearsal_hook.scan.segments import LineCuts, ParagraphCuts, check_forced, shift
from rehearsal_hook.scan.text import scan_str


class NotText(Exception):
    """The stream does not decode in ``codec`` (its BOM's, when stream.scan_chunks found one)."""

    def __init__(self, codec: str) -> None:
        super().__init__(codec)
        self.codec = codec


class TextStream:
    """The decoded text of a byte stream in ``codec`` (strictly: UnicodeDecodeError ends it as
    NotText; ``errors="replace"``: as decode_shown reads it), cut where no reading changes
    (segments.stream_cut) like ByteStream.  What one segment hands the next is held here: the
    decoder, the position (line, column in code points), the carry and the line a cut falls
    in (LineCuts)."""

    def __init__(self, matcher: TokenMatcher, chunks: Iterable[bytes], codec: str, errors: str = "strict") -> None:
        self.matcher, self.chunks, self.codec = matcher, chunks, codec
        self.decoder = incremental_decoder(codec, errors)
        # (the Hebrew and Arabic code pages: in display order only where it can show a needle)
        self.order = LineOrder(matcher, codec) if codec in RTL_CODECS else None
        self.carry = ""
        self.line, self.col = 1, 0
        self.cuts = LineCuts()
        self.paragraphs = ParagraphCuts()
        self.roff = StreamGate()  # (a manual page's document state: read in memory only)

    def hits(self) -> Iterator[TokenHit]:
        try:
            for chunk in self.chunks:
                self.carry += self._read(self.decoder.decode(chunk))
                if len(self.carry) < segments.CHUNK_SIZE:
                    continue  # as for bytes: cut only a full chunk, so that lines stay whole
                seg = self._segment()
                if seg is not None:
                    yield from self._scan(seg)
            self.carry += self._read(decode_end(self.decoder, self.codec), end=True)
        except UnicodeError:  # (also a CJK decoder's "pending buffer overflow")
            # Not valid in this encoding after all: the caller re-reads it as bytes.
            raise NotText(self.codec) from None
        yield from self._scan(self.carry)

    def _read(self, text: str, *, end: bool = False) -> str:
        """Decoded ``text`` as the scanner reads it (rtl_lines.LineOrder for RTL_CODECS)."""
        if self.order is None:
            return text
        out = self.order.feed(text, limit=segments.MAX_CARRY)
        return out + self.order.end() if end else out

    def _segment(self) -> str | None:
        """The next segment cut off the carry, or None (wait for more)."""
        cut = self.paragraphs.planned(self.carry)
        if cut is None:
            return None
        if cut == -1:
            cut = _forced_cut(self.carry)
            check_forced(self.carry, cut)
            self.paragraphs.cut(self.carry, cut)
        seg, self.carry = self.carry[:cut], self.carry[cut:]
        return seg

    def _scan(self, seg: str) -> list[TokenHit]:
        """The hits of one segment, at their place in the stream."""
        self.cuts.check(seg)
        self.paragraphs.check(self.matcher, seg, self.line, read=True)
        self.roff.feed(seg)
        if charsets.may_shift(seg) or charsets.may_shift_decoded(seg):
            raise charsets.streamed()
        try:
            hits = scan_str(self.matcher, seg)
        except CannotVerify as exc:  # (a reading's block: at its line in the stream, not the segment's)
            exc.line += self.line - 1
            raise
        shifted = shift(hits, self.line, self.col)
        self.line, self.col = _advance(seg, self.line, self.col)
        return shifted


def _forced_cut(text: str) -> int:
    """The str twin of stream_bytes._forced_cut: after the last character that ends a word in
    every view (CR not before LF, or a non-ASCII character that is not suspicious); else
    everything."""
    for p in range(len(text) - 1, 0, -1):
        ch = text[p - 1]
        if ch == "\r" and text[p] != "\n":
            return p
        if not ch.isascii() and not is_suspicious(ch) and ch not in SILENT:
            return p
    return len(text)


def _advance(seg: str, line: int, col: int) -> tuple[int, int]:
    """The position after ``seg`` read from (line, col)."""
    ends = line_ends(seg)
    if ends:
        return line + ends, len(seg) - last_line_start(seg)
    return line, col + len(seg)
