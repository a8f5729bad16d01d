"""A byte stream scanned segment by segment in bounded memory, each segment read as it reads on
its own or as the whole file reads (stream.py decides)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import arrays, charsets, dense, quoted, segments, text
from rehearsal_hook.scan.decode import has_utf8_bom, iso2022_hint
from rehearsal_hook.scan.lines import last_line_start, line_ends
from rehearsal_hook.scan.matcher import _NONWORD_B, SILENT, TokenHit, TokenMatcher
from rehearsal_hook.scan.normalize import is_suspicious
from rehearsal_hook.scan.otherwise import may_read_otherwise
from rehearsal_hook.scan.roffstream import StreamGate
from rehearsal_hook.scan.segments import LineCuts, ParagraphCuts, check_forced, shift
from rehearsal_hook.scan.text import scan_legacy, scan_nul_ascii, scan_utf8, too_many_hits
from rehearsal_hook.scan.textruns import scan_binary_text
from rehearsal_hook.scan.words import hits_at, raw_word_spans, stored_tokens_over

_NOT_UPPER_WORD_B = re.compile(rb"[^A-Z0-9_]")
_SEAL_TAIL_B = re.compile(rb"_(?:PASS|AUTHORIZED|GRANTED)\Z")

# How a segment of a stream reads on its own (see segment_reading).
NEUTRAL, NUL_ASCII, ASCII_TEXT, UTF8_TEXT = "neutral", "nul-ascii", "ascii-text", "utf8-text"
NOT_UTF8, LEGACY = "not-utf8", "legacy"


def segment_reading(seg: bytes, matcher: TokenMatcher) -> str:
    """ASCII without NUL, a rendered-reading hint or an array of strings reads the same every way; ASCII with NUL is
    read as bytes and as text (scan_bytes: scan_nul_ascii) unless the file holds other bytes; valid UTF-8 is text;
    the rest is bytes (with a NUL) or text in some other encoding (scan_bytes: scan_legacy)."""
    if seg.isascii():
        if b"\x00" in seg:
            return NUL_ASCII
        if placeless(seg, matcher):  # (reads as stored every way; an array's strings aside)
            return ASCII_TEXT if arrays.may_join_b(seg) else NEUTRAL
        # (an array's strings, which a reader joins: arrays.py)
        read = may_read_otherwise(matcher, seg) or arrays.may_join_b(seg)
        return ASCII_TEXT if read else NEUTRAL
    try:
        seg.decode("utf-8")
    except UnicodeDecodeError:
        return NOT_UTF8 if b"\x00" in seg else LEGACY
    return UTF8_TEXT


def segment_hits(matcher: TokenMatcher, seg: bytes, reading: str) -> list[TokenHit]:
    """The hits of a segment read as ``reading`` (segment_reading's names), at their place in
    the segment: a function of these alone (segment_cache.py keeps them)."""
    # (The stream dropped the file's BOM itself: a segment's leading U+FEFF is a character.)
    if reading == NEUTRAL and placeless(seg, matcher):  # (no stored token either)
        return []
    if stored_tokens_over(matcher, seg, text.MAX_HITS):  # (the stream would block at its end)
        raise too_many_hits()
    if reading == NEUTRAL:
        return hits_at(matcher, seg, raw_word_spans(matcher, seg), utf8=True, bom=False)
    if reading in (ASCII_TEXT, UTF8_TEXT):
        return scan_utf8(matcher, seg, seg.decode("utf-8"), bom=False)
    if reading == LEGACY:
        return scan_legacy(matcher, seg)
    if reading == NUL_ASCII:
        return scan_nul_ascii(matcher, seg)
    return scan_binary_text(matcher, seg)


def placeless(seg: bytes, matcher: TokenMatcher) -> bool:
    """scan_bytes' fast path asked of a segment of ASCII without NUL: one of DENSE_BYTES or
    more that holds no needle a token's in any reading (dense.holds_no_place_b: a needle storm)
    and nothing a reader decodes, removes or overwrites (text._constructs_b) -- its hits are
    none, read any way (an array's strings aside), as scan_bytes reads such a file."""
    return len(seg) >= text.DENSE_BYTES and dense.holds_no_place_b(seg, matcher.needles) and not text._constructs_b(seg)


class _GiantWord:
    """State for an ASCII word longer than MAX_CARRY: it is a seal-like token only if it is
    ``[A-Z][A-Z0-9_]*`` throughout and ends with a seal suffix, so keep just that."""

    def __init__(self, line: int, col: int, head: bytes) -> None:
        self.line, self.col = line, col
        self.candidate = head[:1].isupper() and _NOT_UPPER_WORD_B.search(head) is None
        self.tail = head[-16:]

    def feed(self, part: bytes) -> None:
        if self.candidate and _NOT_UPPER_WORD_B.search(part):
            self.candidate = False
        self.tail = (self.tail + part)[-16:]

    def hit(self) -> TokenHit | None:
        if self.candidate and _SEAL_TAIL_B.search(self.tail):
            return TokenHit(self.line, self.col + 1, "GIANT_WORD" + self.tail[-11:].decode(), False)
        return None


class ByteStream:
    """A byte stream scanned segment by segment.  Segments are cut only where no reading
    changes (segments.stream_cut), so no token, no CR LF pair and no construct is ever split; a
    separator-free run longer than MAX_CARRY is handled by _GiantWord (pure ASCII word) or cut
    after its last non-word byte.  What one segment hands the next is held here: the position
    (line, column), the carry, a giant word, and the line a cut falls in (LineCuts).  Each
    segment is read as it reads on its own unless ``read_as`` (UTF8_TEXT or NOT_UTF8) fixes
    the reading of the whole stream; ``readings`` collects those used (and "bom", "nul",
    "iso2022": what the file holds), so that the caller can tell whether a whole-file reading
    would differ."""

    def __init__(
        self,
        matcher: TokenMatcher,
        first: bytes,
        rest: Iterator[bytes],
        *,
        read_as: str | None,
        readings: set[str] | None,
    ) -> None:
        self.matcher, self.rest, self.read_as, self.readings = matcher, rest, read_as, readings
        self.carry = first
        self.line, self.col = 1, 0
        # Columns count code points while the stream is read as UTF-8 text.
        self.utf8 = read_as not in (NOT_UTF8, LEGACY)
        self.giant: _GiantWord | None = None
        self.exhausted = False
        self.cuts = LineCuts()
        self.paragraphs = ParagraphCuts()
        # (the stream's last bytes, where the name of the quoted-printable encoding can begin;
        # whether it was named and whether an ``=`` was seen: a mail to read decoded)
        self.tail, self.named, self.equals = b"", False, False
        self.message = False  # (a mail, an mbox, a mailed patch: quoted.is_message)
        self.roff = StreamGate()  # (a manual page's document state: read in memory only)
        if has_utf8_bom(first):
            if self.utf8:  # bytes that are not UTF-8 keep their BOM, as in memory
                self.carry = first[3:]
            if readings is not None:
                readings.add("bom")

    def pull(self, size: int = 1) -> bool:
        """Append at least ``size`` more bytes to the carry (the next chunks, joined once: a
        carry grown by each of many small chunks was copied each time); False (and
        exhausted) at the end."""
        parts = [self.carry]
        got = 0
        while got < size:
            nxt = next(self.rest, None)
            if nxt is None:
                self.exhausted = True
                break
            parts.append(nxt)
            got += len(nxt)
        self.carry = b"".join(parts)
        return got > 0

    def hits(self) -> Iterator[TokenHit]:
        while not self.exhausted or self.carry:
            chunk_size = segments.CHUNK_SIZE
            if not self.exhausted and len(self.carry) < chunk_size and self.pull(chunk_size - len(self.carry)):
                continue
            if self.giant is not None:
                hit = self._feed_giant()
                if hit is not None:
                    yield hit
                continue
            seg = self._segment()
            if seg is not None:
                yield from self._scan(seg)

    def _feed_giant(self) -> TokenHit | None:
        """Feed the giant word what the carry holds of it; its hit once it ends."""
        assert self.giant is not None
        m = _NONWORD_B.search(self.carry)
        end = m.start() if m else len(self.carry)
        self.giant.feed(self.carry[:end])
        self.advance(self.carry[:end])
        self.carry = self.carry[end:]
        if m is None and not self.exhausted:
            return None
        hit, self.giant = self.giant.hit(), None
        return hit

    def _segment(self) -> bytes | None:
        """The next segment cut off the carry, or None (more was pulled, or a giant word began)."""
        if self.exhausted:
            seg, self.carry = self.carry, b""
            return seg
        cut = self.paragraphs.planned(self.carry)
        if cut is None:
            self.pull(segments.CHUNK_SIZE)
            return None
        if cut == -1:
            cut = _forced_cut(self.carry)
            if cut == -1:  # only a trailing non-word byte: wait for the next chunk
                self.pull()
                return None
            if cut == 0:
                self.giant = _GiantWord(self.line, self.col, self.carry)
                self.advance(self.carry)
                self.carry = b""
                return None
            check_forced(self.carry, cut)
            self.paragraphs.cut(self.carry, cut)
        seg, self.carry = self.carry[:cut], self.carry[cut:]
        return seg

    def advance(self, seg: bytes) -> None:
        self.line, self.col = _advance(seg, self.line, self.col, self.utf8)
        self.tail = (self.tail + seg[-quoted.NAME_LENGTH :])[-quoted.NAME_LENGTH :]

    def _scan(self, seg: bytes) -> list[TokenHit]:
        """The hits of one segment, at their place in the stream."""
        self.cuts.check(seg)
        reading = self.read_as or segment_reading(seg, self.matcher)
        self._check_mail(seg)
        self.roff.feed(seg.decode("latin-1"))
        if reading in (NOT_UTF8, LEGACY):
            self.utf8 = False
        elif not self.utf8 and reading != NEUTRAL:
            reading = NOT_UTF8 if reading == NUL_ASCII else LEGACY
        # (not text: its runs, as in memory)
        if reading != NOT_UTF8 and (charsets.may_shift(seg) or charsets.may_shift_decoded(seg)):
            raise charsets.streamed()
        read = reading != NEUTRAL
        self.paragraphs.check(self.matcher, seg, self.line, read=read, lenient=reading == NOT_UTF8)
        if self.readings is not None:  # (the reading used: after bytes that are not UTF-8, no text's)
            self.readings.add(reading)
            if b"\x00" in seg:
                self.readings.add("nul")
            if iso2022_hint(seg):
                self.readings.add("iso2022")
        try:
            hits = segment_hits(self.matcher, seg, reading)
        except CannotVerify as exc:  # (a reading's block: at its line in the stream, not the segment's)
            exc.line += self.line - 1
            raise
        shifted = shift(hits, self.line, self.col)
        self.advance(seg)
        return shifted

    def _check_mail(self, seg: bytes) -> None:
        """Block a mail that names the quoted-printable encoding: its decoded reading joins
        lines across any cut (soft line breaks) and is read in memory only; and a message
        holding what may start an encoded word (quoted.starts_message: read in memory only)."""
        if self.line == 1 and self.col == 0:
            self.message = quoted.starts_message(seg)
        if self.message and (b"=?" in seg or quoted.declares_charset(seg)):
            raise CannotVerify(
                "unverifiable-reading",
                "a mail too large to read whole holds an encoded word (=?charset?Q?...?=) or declares a charset: "
                "what a mail client shows of it is read in memory only (the limit of a streamed reading)",
            )
        self.named = self.named or quoted.names_encoding(self.tail + seg)
        self.equals = self.equals or b"=" in seg
        if self.named and self.equals:
            raise CannotVerify(
                "unverifiable-reading",
                "a file naming the quoted-printable encoding too large to read whole: what a mail client "
                "shows of it (=XX decoded, soft line breaks joined) is read in memory only (the limit of a "
                "streamed reading)",
            )


def _advance(seg: bytes, line: int, col: int, utf8: bool) -> tuple[int, int]:
    """The position after ``seg`` read from (line, col); columns in code points if ``utf8``."""
    ends = line_ends(seg)
    if ends:
        tail = seg[last_line_start(seg) :]
        line += ends
        col = 0
    else:
        tail = seg
    if utf8 and not tail.isascii():
        return line, col + len(tail.decode("utf-8", "replace"))
    return line, col + len(tail)


def _forced_cut(buf: bytes) -> int:
    """A cut for a separator-free run: just after its last non-word byte, at a UTF-8
    character boundary and not between CR and LF; 0 if the run is one ASCII word.

    First choice (looked for in the last 64 KiB only, so a long run of rejected bytes costs no
    more than that): a byte that ends a word in every view -- not a NUL, not a suspicious
    character, which vanish or read as letters in the disguise view.  Failing that, any
    non-word byte: the run is then longer than MAX_CARRY with nothing but NULs or disguise
    characters between its words (say a zero-filled file), and cutting there is the price of
    bounded memory and linear time; a token could only be lost if it were spread across such
    a run, and the raw reading of each side is still complete."""
    if _NONWORD_B.search(buf) is None:
        return 0
    lo = max(0, len(buf) - (1 << 16))
    window = buf[lo:][::-1]
    for m in _NONWORD_B.finditer(window):
        p = len(buf) - m.start()  # cut just after the non-word byte at p - 1
        if not _cut_ok(buf, p):
            continue
        if buf[p - 1] == 0 or (buf[p - 1] < 0x80 and chr(buf[p - 1]) in SILENT):
            continue  # NULs vanish in the disguise view, silent controls on a terminal
        if buf[p - 1] >= 0x80 and not _ends_a_word(buf, p):
            continue  # it could join the words around it in the disguise view or on a terminal
        return p
    hi = len(buf)
    while hi > 0:
        lo = max(0, hi - (1 << 20))
        for m in _NONWORD_B.finditer(buf[lo:hi][::-1]):
            p = hi - m.start()
            if _cut_ok(buf, p):
                return p
        hi = lo
    return -1


def _ends_a_word(buf: bytes, p: int) -> bool:
    """Whether the byte before ``p`` (not ASCII) ends a word in every view: the last byte of a
    UTF-8 character that is neither suspicious nor silent (judged as that character: its last
    byte alone may be a C1 control -- an ideographic space, E3 80 80, was refused, and a
    forced cut fell between two fullwidth letters of a token instead), or bytes of no
    character (a reader sees U+FFFD) ending with no C1 control (silent on a terminal that
    takes single bytes)."""
    lead = p - 1
    while lead > 0 and 0x80 <= buf[lead] <= 0xBF:
        lead -= 1
    ch = buf[lead:p].decode("utf-8", "replace")
    if len(ch) != 1:
        return False
    if ch == "\ufffd":  # (no character: its bytes may be read one by one)
        return chr(buf[p - 1]) not in SILENT
    return not is_suspicious(ch) and ch not in SILENT


def _cut_ok(buf: bytes, p: int) -> bool:
    """Cutting before ``buf[p]`` splits no UTF-8 sequence and no CR LF, and the byte after the
    cut is known."""
    return p < len(buf) and not (0x80 <= buf[p] <= 0xBF) and not (buf[p - 1] == 0x0D and buf[p] == 0x0A)
