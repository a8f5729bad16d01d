"""Streaming scans: a file read in chunks, cut only where no token can straddle the cut."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan.constructs import backspace_zones, inside, open_start, spans
from rehearsal_hook.scan.cuts import reading_cut
from rehearsal_hook.scan.decode import (
    BINARY_CODECS,
    TEXT_CODECS,
    codec_errors,
    decode_end,
    has_utf8_bom,
    incremental_decoder,
    iso2022_hint,
    utf16_too,
    utf_bom,
)
from rehearsal_hook.scan.matcher import _LINE_END_S, _NONWORD_B, SILENT, TokenHit, TokenMatcher
from rehearsal_hook.scan.normalize import is_suspicious
from rehearsal_hook.scan.parsed import may_read_otherwise
from rehearsal_hook.scan.readings import has_silent, render, reorders
from rehearsal_hook.scan.text import adds_reading, adds_tokens, scan_legacy, scan_str, scan_utf8, with_codec_hits
from rehearsal_hook.scan.words import hits_at, raw_word_spans, scan_binary

# ---------------------------------------------------------------------------------------------
# Streaming: huge files and huge single lines in bounded memory


CHUNK_SIZE = 8 << 20
# A line is cut inside only past this; a run this long without any place to cut is cut anyway
# (_forced_cut), and a construct open this long after a word blocks (_limit_cut).
MAX_CARRY = 16 << 20
# ASCII separators other than NUL and CR, spelled out: the negated class with a range up to
# U+10FFFF took 6 ms to compile, at every start-up.
_SAFE_CLASS = r"[\x01-\x0c\x0e-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]"
_SAFE_B = re.compile(_SAFE_CLASS.encode())
_SAFE_S = re.compile(_SAFE_CLASS)
_NOT_UPPER_WORD_B = re.compile(rb"[^A-Z0-9_]")
_SEAL_TAIL_B = re.compile(rb"_(?:PASS|AUTHORIZED|GRANTED)\Z")


def _shift(hits: Iterable[TokenHit], line0: int, col0: int) -> list[TokenHit]:
    """Hits of a segment that starts at (line0, col0 code points into that line)."""
    if line0 == 1 and col0 == 0:
        return list(hits)
    return [TokenHit(h.line + line0 - 1, h.column + (col0 if h.line == 1 else 0), h.token, h.pragma) for h in hits]


def _advance_bytes(seg: bytes, line: int, col: int, utf8: bool) -> tuple[int, int]:
    nl, cr, crlf = seg.count(b"\n"), seg.count(b"\r"), seg.count(b"\r\n")
    if nl or cr:
        tail = seg[max(seg.rfind(b"\n"), seg.rfind(b"\r")) + 1 :]
        line += nl + cr - crlf
        col = 0
    else:
        tail = seg
    if utf8 and not tail.isascii():
        return line, col + len(tail.decode("utf-8", "replace"))
    return line, col + len(tail)


def stream_cut(buf: bytes | str, *, open_ok: bool = False) -> int:
    """Where to end a segment of a stream: just after its last line end, so that a line stays
    whole and its pragma is seen with its tokens (found by fuzzing: a cut inside a line lost
    the pragma of a token before the cut) -- unless a backslash escapes that line end (the
    rendered reading joins the lines), or a comment or tag spans it, or one that may still
    close further on began before it (constructs.open_start; ``open_ok``: that one does not
    count).  Only a line feed ends a line here: after a lone CR a terminal overwrites the same
    line (carriage.py), read up to its LF.
    Inside a line (cuts.reading_cut) only past MAX_CARRY: a backspace further on in the line
    could reach back over the cut."""
    # (After a line feed only: a lone CR overwrites the line on a terminal, carriage.py, which
    # reads the line up to its LF.)
    lf, cr, bs = ("\n", "\r", "\\") if isinstance(buf, str) else (b"\n", b"\r", b"\\")
    if len(buf) < MAX_CARRY and buf.rfind(lf) == -1:  # type: ignore[arg-type]
        return -1  # (no line end yet: wait, without searching for constructs)
    hi = len(buf) if open_ok else open_start(buf)
    found = spans(buf, 0, hi)
    starts = [a for a, _ in found]
    end = buf.rfind(lf, 0, hi)  # type: ignore[arg-type]
    while end >= 0:
        before = end - 2 if buf[end : end + 1] == lf and buf[end - 1 : end] == cr else end - 1
        if found and inside(found, starts, end + 1):
            hi = starts[bisect.bisect_left(starts, end + 1) - 1]
        elif before >= 0 and buf[before : before + 1] == bs:
            hi = before
        else:
            return end + 1
        end = buf.rfind(lf, 0, hi)  # type: ignore[arg-type]
    if len(buf) < MAX_CARRY:
        return -1
    return reading_cut(buf, open_ok=open_ok)


def _limit_cut(buf: bytes | str) -> int:
    """A cut for a buffer of MAX_CARRY with none (stream_cut): if what blocks it is a comment,
    tag or terminal code that may still close, cut as if it were text -- unless it follows a
    word character, where its closing would join words across more than MAX_CARRY (a
    documented limit: that blocks).  -1: no cut (a run without separators)."""
    o = open_start(buf)
    if o == len(buf):
        return -1
    before = buf[o - 1 : o]
    if o > 0 and before not in _PLAIN_BEFORE:
        raise CannotVerify(
            "unverifiable-reading",
            f"a tag, comment or terminal code right after a word stays open for over {MAX_CARRY >> 20} MiB: "
            "where it closes, a reader sees the words around it joined (the limit of a streamed reading)",
        )
    return stream_cut(buf, open_ok=True)


# What may come before a construct without its vanishing joining anything (no construct ends
# with one of these).
_PLAIN_BEFORE = frozenset([*" \t\r\n\"'(,=", *(c.encode() for c in " \t\r\n\"'(,=")])


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


# How a segment of a stream reads on its own (see _reading), and the whole file (_whole).
NEUTRAL, NUL_ASCII, ASCII_TEXT, UTF8_TEXT = "neutral", "nul-ascii", "ascii-text", "utf8-text"
NOT_UTF8, LEGACY = "not-utf8", "legacy"
UTF16_TOO = "utf16-too"  # a UTF-32 BOM (decode.utf16_too): not a segment's reading


def _reading(seg: bytes, matcher: TokenMatcher) -> str:
    """ASCII without NUL or a rendered-reading hint reads the same every way; ASCII with NUL is
    read as bytes by scan_bytes unless the file holds other text; valid UTF-8 is text; the
    rest is bytes (with a NUL) or text in some other encoding (scan_bytes: scan_legacy)."""
    if seg.isascii():
        if b"\x00" in seg:
            return NUL_ASCII
        # (a silent control, wherever it is: scan_bytes looks beside the words holding a
        # needle, which this segment's reading cannot know of in advance)
        return ASCII_TEXT if may_read_otherwise(matcher, seg) or has_silent(seg) else NEUTRAL
    try:
        seg.decode("utf-8")
    except UnicodeDecodeError:
        return NOT_UTF8 if b"\x00" in seg else LEGACY
    return UTF8_TEXT


def _whole(readings: set[str]) -> str:
    """The reading scan_bytes gives the whole file, from those of its segments ("nul": some
    segment holds a NUL; "bom": the file starts with UTF-8's)."""
    if NOT_UTF8 in readings or LEGACY in readings:
        return NOT_UTF8 if NOT_UTF8 in readings or NUL_ASCII in readings or "nul" in readings else LEGACY
    if UTF8_TEXT in readings or "bom" in readings:  # a UTF-8 BOM: not ASCII, so text
        return UTF8_TEXT
    if NUL_ASCII in readings:
        return NOT_UTF8
    return UTF8_TEXT if ASCII_TEXT in readings else NEUTRAL


def scan_chunks(
    matcher: TokenMatcher,
    chunks: Iterable[bytes],
    *,
    detect_utf16: bool = True,
    read_as: str | None = None,
    readings: set[str] | None = None,
) -> Iterator[TokenHit]:
    """``scan_bytes`` over a stream, in memory bounded by a few chunks whatever the line
    lengths (see ByteStream).  Each segment is read as it reads on its own unless ``read_as``
    (UTF8_TEXT or NOT_UTF8) fixes the reading of the whole stream; ``readings`` collects those
    used, so that the caller can tell whether a whole-file reading would differ
    (scan_file_chunks)."""
    it = iter(chunks)
    first = b""
    while len(first) < 4:  # enough to recognise a BOM however the stream is chunked
        part = next(it, None)
        if part is None:
            break
        first += part
    codec = utf_bom(first) if detect_utf16 else None
    if codec is not None:
        if readings is not None and utf16_too(first):
            readings.add(UTF16_TOO)
        yield from _scan_utf16_chunks(matcher, first, it, codec)
        return
    yield from ByteStream(matcher, first, it, read_as=read_as, readings=readings).hits()


class ByteStream:
    """A byte stream scanned segment by segment.  Segments are cut only where no reading
    changes (stream_cut), so no token, no CR LF pair and no construct is ever split; a
    separator-free run longer than MAX_CARRY is handled by _GiantWord (pure ASCII word) or cut
    after its last non-word byte.  What one segment hands the next is held here: the position
    (line, column), the carry, a giant word, and whether the carry starts inside a line."""

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
        self.mid_line = False  # the carry starts after a cut inside a line
        self.layout = _Layout()
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
            if not self.exhausted and len(self.carry) < CHUNK_SIZE and self.pull(CHUNK_SIZE - len(self.carry)):
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
        cut = stream_cut(self.carry)
        if cut == -1 and len(self.carry) < MAX_CARRY:
            self.pull(CHUNK_SIZE)
            return None
        if cut == -1:
            cut = _limit_cut(self.carry)
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
            _check_forced(self.carry, cut)
        seg, self.carry = self.carry[:cut], self.carry[cut:]
        return seg

    def advance(self, seg: bytes) -> None:
        self.line, self.col = _advance_bytes(seg, self.line, self.col, self.utf8)

    def _scan(self, seg: bytes) -> list[TokenHit]:
        """The hits of one segment, at their place in the stream."""
        if self.mid_line:
            _check_backspaces(seg)
        self.layout.check(seg, self.mid_line)
        self.mid_line = seg[-1:] not in (b"\n", b"\r")
        reading = self.read_as or _reading(seg, self.matcher)
        if self.readings is not None:
            self.readings.add(reading)
            if b"\x00" in seg:
                self.readings.add("nul")
            if iso2022_hint(seg):
                self.readings.add("iso2022")
        if reading in (NOT_UTF8, LEGACY):
            self.utf8 = False
        elif not self.utf8 and reading != NEUTRAL:
            reading = NOT_UTF8 if reading == NUL_ASCII else LEGACY
        matcher = self.matcher
        # (The stream dropped the file's BOM itself: a segment's leading U+FEFF is a character.)
        if reading == NEUTRAL:
            hits = hits_at(matcher, seg, raw_word_spans(matcher, seg), utf8=True, bom=False)
        elif reading in (ASCII_TEXT, UTF8_TEXT):
            hits = scan_utf8(matcher, seg, seg.decode("utf-8"), bom=False)
        elif reading == LEGACY:
            hits = scan_legacy(matcher, seg)
        else:
            hits = scan_binary(matcher, seg)
        shifted = _shift(hits, self.line, self.col)
        self.advance(seg)
        return shifted


def _check_forced(buf: bytes | str, cut: int) -> None:
    """A forced cut (a run of MAX_CARRY with no place where no reading changes) must not fall
    inside or just after a tag, comment or terminal code: the words it joins would be read
    apart (a documented limit: that blocks)."""
    found = spans(buf, 0, cut)
    if found and inside(found, [a for a, _ in found], cut):
        raise CannotVerify(
            "unverifiable-reading",
            f"a tag, comment or terminal code in a stretch of over {MAX_CARRY >> 20} MiB with no place to cut "
            "(the limit of a streamed reading)",
        )


class _Layout:
    """Whether the line a segment ends in may reorder in display so far: a line cut past
    MAX_CARRY (stream_cut) that reorders in display blocks -- its display order may cross the
    cut, and what came before it is gone (a documented limit of a streamed reading)."""

    def __init__(self) -> None:
        self.reorders = False

    def check(self, seg: bytes | str, mid_line: bool) -> None:
        """Before reading ``seg`` (``mid_line``: it continues a line cut before it)."""
        lf, cr = ("\n", "\r") if isinstance(seg, str) else (b"\n", b"\r")
        first_end = min((i for i in (seg.find(lf), seg.find(cr)) if i >= 0), default=len(seg))  # type: ignore[arg-type]
        if mid_line and (self.reorders or reorders(seg[:first_end])):
            raise CannotVerify(
                "unverifiable-reading",
                f"a line longer than {MAX_CARRY >> 20} MiB with right-to-left text or a bidirectional control: "
                "its display order may cross where a stream cuts it (the limit of a streamed reading)",
            )
        last_end = max(seg.rfind(lf), seg.rfind(cr))  # type: ignore[arg-type]
        self.reorders = reorders(seg[last_end + 1 :]) if last_end >= 0 else self.reorders or reorders(seg)


def _check_backspaces(seg: bytes | str) -> None:
    """A segment that starts inside a line (cut past MAX_CARRY): its backspaces must not reach
    back over the cut, where the segment before holds what they would overwrite (a documented
    limit: that blocks)."""
    zones = backspace_zones(seg)
    if not zones or zones[0][0] != 0:
        return
    text = seg if isinstance(seg, str) else seg.decode("utf-8", "replace")
    m = _LINE_END_S.search(text)
    shown, _ = render(text[: m.start() if m else len(text)])
    cursor, prev = 0, 0
    for run in _BACKSPACES.finditer(shown):
        cursor += run.start() - prev - (run.end() - run.start())
        prev = run.end()
        if cursor < 0:
            raise CannotVerify(
                "unverifiable-reading",
                f"a backspace run reaches back over a cut of a line longer than {MAX_CARRY >> 20} MiB "
                "(the limit of a streamed reading)",
            )


_BACKSPACES = re.compile("\x08+")


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
        if buf[p - 1] == 0 or chr(buf[p - 1]) in SILENT:
            continue  # NULs vanish in the disguise view, silent controls on a terminal
        if buf[p - 1] >= 0x80:
            lead = p - 1
            while lead > 0 and 0x80 <= buf[lead] <= 0xBF:
                lead -= 1
            ch = buf[lead:p].decode("utf-8", "replace")
            if len(ch) != 1 or is_suspicious(ch) or ch in SILENT:
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


def _cut_ok(buf: bytes, p: int) -> bool:
    """Cutting before ``buf[p]`` splits no UTF-8 sequence and no CR LF, and the byte after the
    cut is known."""
    return p < len(buf) and not (0x80 <= buf[p] <= 0xBF) and not (buf[p - 1] == 0x0D and buf[p] == 0x0A)


def _forced_cut_str(text: str) -> int:
    """The str twin of _forced_cut: after the last character that ends a word in every view
    (CR not before LF, or a non-ASCII character that is not suspicious); else everything."""
    for p in range(len(text) - 1, 0, -1):
        ch = text[p - 1]
        if ch == "\r" and text[p] != "\n":
            return p
        if not ch.isascii() and not is_suspicious(ch) and ch not in SILENT:
            return p
    return len(text)


def _scan_utf16_chunks(
    matcher: TokenMatcher, first: bytes, rest: Iterator[bytes], codec: str, errors: str = "strict"
) -> Iterator[TokenHit]:
    """A stream in UTF-16 or UTF-32 (``codec``, from its BOM) or another encoding, decoded as
    it comes (strictly: UnicodeDecodeError ends it as _NotText; ``errors="replace"``: as
    decode_shown reads it)."""
    decoder = incremental_decoder(codec, errors)
    carry = ""
    line, col = 1, 0
    mid_line = False  # the carry starts after a cut inside a line
    layout = _Layout()
    try:
        for chunk in _chain(first, rest):
            carry += decoder.decode(chunk)
            if len(carry) < CHUNK_SIZE:
                continue  # as for bytes: cut only a full chunk, so that lines stay whole
            cut = stream_cut(carry)
            if cut == -1 and len(carry) < MAX_CARRY:
                continue
            if cut == -1:
                cut = _limit_cut(carry)
            if cut == -1:
                cut = _forced_cut_str(carry)
                _check_forced(carry, cut)
            seg, carry = carry[:cut], carry[cut:]
            if mid_line:
                _check_backspaces(seg)
            layout.check(seg, mid_line)
            mid_line = seg[-1:] not in ("\n", "\r")
            yield from _shift(scan_str(matcher, seg), line, col)
            line, col = _advance_str(seg, line, col)
        carry += decode_end(decoder, codec)
    except UnicodeDecodeError:
        # Not valid UTF-16 after all: the caller re-reads it as bytes.
        raise _NotText(codec) from None
    if mid_line:
        _check_backspaces(carry)
    layout.check(carry, mid_line)
    yield from _shift(scan_str(matcher, carry), line, col)


class _NotText(Exception):
    """The stream does not decode in ``codec`` (its BOM's, when scan_chunks found one)."""

    def __init__(self, codec: str) -> None:
        super().__init__(codec)
        self.codec = codec


def _chain(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest


def _advance_str(seg: str, line: int, col: int) -> tuple[int, int]:
    nl, cr, crlf = seg.count("\n"), seg.count("\r"), seg.count("\r\n")
    if nl or cr:
        return line + nl + cr - crlf, len(seg) - max(seg.rfind("\n"), seg.rfind("\r")) - 1
    return line, col + len(seg)


def scan_file_chunks(matcher: TokenMatcher, open_chunks: Callable[[], Iterator[bytes]]) -> list[TokenHit]:
    """Scan a stream that can be opened twice: UTF-16 that turns out undecodable half-way is
    scanned again from the start as bytes."""
    readings: set[str] = set()
    try:
        hits = list(scan_chunks(matcher, open_chunks(), readings=readings))
    except _NotText as bad:
        hits = list(scan_chunks(matcher, open_chunks(), detect_utf16=False, read_as=NOT_UTF8))
        # What an editor shows in the BOM's encoding, as decode_shown reads it in memory.
        shown = list(_scan_utf16_chunks(matcher, b"", open_chunks(), bad.codec, errors="replace"))
        return with_codec_hits(
            hits, [shown, *(m for name in BINARY_CODECS if (m := _codec_hits_streamed(matcher, open_chunks, name)))]
        )
    if UTF16_TOO in readings:  # as scan_bytes adds them: the readings of bytes that are not text
        as_bytes = list(scan_chunks(matcher, open_chunks(), detect_utf16=False, read_as=NOT_UTF8))
        decoded = [m for name in BINARY_CODECS if (m := _codec_hits_streamed(matcher, open_chunks, name))]
        return with_codec_hits(hits, [more for more in [as_bytes, *decoded] if adds_tokens(hits, more)])
    # In memory the whole file has one reading (scan_bytes).  A stream learns it as it goes;
    # when some segment was read otherwise, scan again with the whole file's reading (found by
    # fuzzing: a valid UTF-8 segment of a file that is not text hid a token that only the
    # bytes reading sees).  Segments that read the same every way do not count.
    whole = _whole(readings)
    same = {NUL_ASCII: NOT_UTF8, ASCII_TEXT: UTF8_TEXT}
    used = {same.get(r, r) for r in readings} - {NEUTRAL, "bom", "nul", "iso2022"}
    if used - {same.get(whole, whole)} or ("bom" in readings and whole in (NOT_UTF8, LEGACY)):
        hits = list(scan_chunks(matcher, open_chunks(), detect_utf16=False, read_as=whole))
    # The other encodings' readings, as scan_bytes adds them: for bytes that are not UTF-8,
    # and ISO-2022-JP for ASCII text with its escapes.
    names: tuple[str, ...] = ()
    if whole in (NOT_UTF8, LEGACY):  # (ASCII with NUL too: UTF-16 of ASCII text)
        names = BINARY_CODECS if whole == NOT_UTF8 else TEXT_CODECS
    elif "iso2022" in readings and not readings & {UTF8_TEXT, "bom", "nul", NUL_ASCII}:
        names = ("iso2022_jp",)
    return with_codec_hits(hits, [more for name in names if (more := _codec_hits_streamed(matcher, open_chunks, name))])


def _codec_hits_streamed(
    matcher: TokenMatcher, open_chunks: Callable[[], Iterator[bytes]], name: str
) -> list[TokenHit]:
    """codec_hits for one encoding, streamed: a first pass decodes (strictly) and tells whether
    the text holds anything but ASCII; only then is it scanned, decoded again as it comes."""
    decoder = incremental_decoder(name, codec_errors(name))
    adds = False
    try:
        for chunk in open_chunks():
            adds = adds_reading(decoder.decode(chunk)) or adds
        adds = adds_reading(decode_end(decoder, name)) or adds
    except UnicodeDecodeError:
        return []
    if not adds:
        return []
    return list(_scan_utf16_chunks(matcher, b"", open_chunks(), name, codec_errors(name)))
