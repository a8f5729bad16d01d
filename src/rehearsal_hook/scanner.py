"""The seal-token scanner: a pure function of (matcher, bytes) -> token hits.

A token is a whole ASCII word (a maximal run of ``[A-Za-z0-9_]``) that is either seal-like,
``[A-Z][A-Z0-9_]*_(PASS|AUTHORIZED|GRANTED)``, or one of the configured forbidden tokens.
Because every match of ``\\b[A-Z][A-Z0-9_]*_(PASS|...)\\b`` spans exactly one word, the fast
path can look for the needles (``_PASS`` ...) with ``bytes.find`` -- most text has none --
and test only the words around a hit.  Non-ASCII bytes are not word bytes, which gives the
ASCII word boundaries the rules ask for.

Disguises (full-width letters, zero-width characters, Cyrillic/Greek look-alikes, NUL bytes)
are caught by a second view of the text: see ``normalize.disguise_view``.  That view is only
built for lines that hold a character able to change it, so plain text pays nothing.
Findings of both views are merged, so normalisation can only add findings, never hide one.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from rehearsal_hook.normalize import disguise_view, is_suspicious, relevant_chars, relevant_table, suspicious_re

SEAL_SUFFIXES = ("PASS", "AUTHORIZED", "GRANTED")
SEAL_LIKE_PATTERN = r"[A-Z][A-Z0-9_]*_(?:PASS|AUTHORIZED|GRANTED)"
# The seed harness's literal list; all of them are seal-like too.
SEED_FORBIDDEN_TOKENS = (
    "PRODUCTION_PASS",
    "REAL_RUN_PASS",
    "CUTOVER_PASS",
    "SEAL_AUTHORIZED",
    "QT001_PASS",
    "PERMIT_PASS",
)
PRAGMA = "rehearsal-hook: allow"
WORD_CHARS_PATTERN = r"[A-Za-z0-9_]+"

_NONWORD_B = re.compile(rb"[^A-Za-z0-9_]")
_LINE_END_S = re.compile(r"\r\n|\r|\n")
_LINE_END_B = re.compile(rb"[\r\n]")
_ELLIPSIS = "\u2026"


class TokenHit(NamedTuple):
    """One token: 1-based line, 1-based column in code points of the decoded text, the token
    as read (ASCII), and whether its line carries the inline pragma."""

    line: int
    column: int
    token: str
    pragma: bool


class TokenMatcher:
    """The compiled token rules.  Immutable once built; build one per configuration."""

    __slots__ = ("_full_b", "_str_re", "extra_tokens", "needle_re", "needles")

    def __init__(self, extra_tokens: Iterable[str] = ()) -> None:
        extras = tuple(sorted({t for t in extra_tokens if not re.fullmatch(SEAL_LIKE_PATTERN, t)}))
        self.extra_tokens = extras
        alternatives = "|".join([SEAL_LIKE_PATTERN, *map(re.escape, extras)])
        self._full_b = re.compile(f"(?:{alternatives})".encode())
        self._str_re = re.compile(rf"\b(?:{alternatives})\b", re.ASCII)
        needles = [b"_" + s.encode() for s in SEAL_SUFFIXES]
        needles += [t.encode() for t in extras]
        self.needles: tuple[bytes, ...] = tuple(needles)
        # One regex for every needle: ``re`` finds the literal ``_`` with memchr and checks the
        # rest, which measured 2.4x faster than three ``bytes.find`` passes.  A token ends with
        # its needle, so a needle followed by a word byte (``_PASSWORD``) is no candidate: the
        # lookahead drops near-misses inside the regex engine instead of in Python.  (Segments
        # of a stream always end after a separator, so the end of the data is a real end.)
        word_end = rb"(?![A-Za-z0-9_])"
        needle_patterns = [rb"_(?:PASS|AUTHORIZED|GRANTED)" + word_end, *(re.escape(n) + word_end for n in needles[3:])]
        self.needle_re = re.compile(b"|".join(needle_patterns))

    def is_token_word(self, word: bytes) -> bool:
        return self._full_b.fullmatch(word) is not None

    def finditer_str(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        return self._str_re.finditer(text, pos, len(text) if endpos is None else endpos)


# ---------------------------------------------------------------------------------------------
# Redaction


def redact_token(token: str) -> str:
    """A short form of a token that cannot itself match: the seal-like ones keep their words up
    to the suffix's first letter (``PRODUCTION_P…``), others their first half."""
    m = re.fullmatch(r"(.*_)(PASS|AUTHORIZED|GRANTED)", token)
    if m:
        return m.group(1) + m.group(2)[0] + _ELLIPSIS
    keep = max(1, len(token) // 2)
    return token[:keep] + _ELLIPSIS


def redact_text(matcher: TokenMatcher, text: str) -> str:
    """``text`` with every token (disguised or not) replaced by its redacted form."""
    spans = _str_token_spans(matcher, text)
    if not spans:
        return text
    out: list[str] = []
    last = 0
    for start, end, token in spans:
        if start < last:
            continue
        out.append(text[last:start])
        short = redact_token(token)
        # A configured token can be a prefix of another one; shorten until nothing matches.
        while short != _ELLIPSIS and _str_token_spans(matcher, short):
            short = short[:-2] + _ELLIPSIS if len(short) > 2 else _ELLIPSIS
        out.append(short)
        last = end
    out.append(text[last:])
    result = "".join(out)
    # Replacing can join fragments into a new token only in contrived cases; loop until clean.
    return result if not _str_token_spans(matcher, result) else redact_text(matcher, result)


def _str_token_spans(matcher: TokenMatcher, text: str) -> list[tuple[int, int, str]]:
    spans = [(m.start(), m.end(), m.group()) for m in matcher.finditer_str(text)]
    if (not text.isascii() or "\x00" in text) and suspicious_re().search(text):
        view, index = disguise_view(text)
        for m in matcher.finditer_str(view):
            start = index[m.start()]
            end = index[m.end() - 1] + 1
            spans.append((start, end, m.group()))
    spans.sort()
    return spans


# ---------------------------------------------------------------------------------------------
# Scanning strings (paths, messages, UTF-16 files)


def scan_str(matcher: TokenMatcher, text: str) -> list[TokenHit]:
    """Token hits in decoded text, both views, with editor line numbers."""
    raw: list[_Span] = []
    line, prev, line_start = 1, 0, 0
    for m in matcher.finditer_str(text):
        s = m.start()
        ends = _count_line_ends(text, prev, s)
        if ends:
            line += ends
            line_start = max(text.rfind("\n", prev, s), text.rfind("\r", prev, s)) + 1
        prev = s
        raw.append((line, s - line_start, m.end() - line_start, m.group(), None))
    if raw:
        pragma_lines = _pragma_lines_str(text, {h[0] for h in raw})
        raw = [(ln, c, e, t, ln in pragma_lines) for ln, c, e, t, _ in raw]
    return _merge(raw, _view_hits(matcher, text))


# (line, 0-based start column, 0-based end column, token, pragma or None if not known yet)
_Span = tuple[int, int, int, str, "bool | None"]


def _count_line_ends(text: str, a: int, b: int) -> int:
    nl = text.count("\n", a, b)
    cr = text.count("\r", a, b)
    return nl + cr - (text.count("\r\n", a, b) if nl and cr else 0)


def _pragma_lines_str(text: str, wanted: set[int]) -> set[int]:
    if PRAGMA not in text:
        return set()
    found: set[int] = set()
    line, pos = 1, 0
    for m in re.finditer(re.escape(PRAGMA), text):
        line += _count_line_ends(text, pos, m.start())
        pos = m.start()
        if line in wanted:
            found.add(line)
    return found


_ASCII_BYTES = bytes(range(128))


def _view_hits(matcher: TokenMatcher, text: str, data: bytes | None = None) -> list[_Span]:
    """Hits of the disguise view, computed only for lines holding a relevant character.

    Finding those characters must not cost a regex pass over the text (a large character
    class runs at a few MB/s in ``re``): delete every ASCII byte from the UTF-8 bytes (C
    speed), decode what is left -- only the non-ASCII characters -- and intersect it with the
    relevant set; then ``str.find`` locates each of the few characters present.
    """
    if text.isascii() and "\x00" not in text:
        return []
    raw = data if data is not None else text.encode("utf-8", "surrogatepass")
    rest = raw.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")
    present = relevant_chars().intersection(rest)
    if "\x00" in text:
        present |= {"\x00"}
    if not present:
        return []
    positions: list[int] = []
    for ch in present:
        i = text.find(ch)
        while i != -1:
            positions.append(i)
            i = text.find(ch, i + 1)
    positions.sort()
    hits: list[_Span] = []
    line, pos, done_until = 1, 0, -1
    for p in positions:
        if p < done_until:
            continue  # that line is done
        ls = max(text.rfind("\n", pos, p), text.rfind("\r", pos, p)) + 1
        ls = max(ls, pos)
        line += _count_line_ends(text, pos, ls)
        m_end = _LINE_END_S.search(text, p)
        le = m_end.start() if m_end else len(text)
        line_text = text[ls:le]
        # A NUL is padding (UTF-16 without a BOM) or a separator: read the line both ways.
        variants = (line_text, line_text.replace("\x00", " ")) if "\x00" in line_text else (line_text,)
        for variant in variants:
            # A cheap view first (str.translate of the relevant characters); the exact view
            # with its column map only for the rare line where that view holds a token.
            if next(matcher.finditer_str(variant.translate(relevant_table())), None) is None:
                continue
            view, index = disguise_view(variant)
            for m in matcher.finditer_str(view):
                hits.append((line, index[m.start()], index[m.end() - 1] + 1, m.group(), PRAGMA in line_text))
        pos, done_until = ls, le
    return hits


def _merge(raw: list[_Span], view: list[_Span]) -> list[TokenHit]:
    """Both readings' hits, once each.  A raw hit inside a view hit is the same token seen
    through its disguise (``DUCTION_PASS`` inside a Cyrillic-O ``PRODUCTION_PASS``): keep the
    view's."""
    if not view:
        return [TokenHit(ln, c + 1, t, bool(pr)) for ln, c, _, t, pr in raw]
    by_line: dict[int, list[_Span]] = {}
    for v in view:
        by_line.setdefault(v[0], []).append(v)
    merged: dict[tuple[int, int], TokenHit] = {}
    for ln, c, _e, t, pr in view:
        merged[(ln, c)] = TokenHit(ln, c + 1, t, bool(pr))
    for ln, c, _e, t, pr in raw:
        if any(vc < c < ve for _, vc, ve, _, _ in by_line.get(ln, ())):
            continue
        merged.setdefault((ln, c), TokenHit(ln, c + 1, t, bool(pr)))
    return [merged[k] for k in sorted(merged)]


# ---------------------------------------------------------------------------------------------
# Scanning bytes (the hot path)


def decode_text(data: bytes) -> str | None:
    """The text of ``data`` if it is UTF-8 (BOM optional) or UTF-16 with a BOM, else None."""
    try:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def scan_bytes(matcher: TokenMatcher, data: bytes) -> list[TokenHit]:
    """Every token in ``data``, wherever it hides.  Pure; linear in ``len(data)``."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = decode_text(data)
        if text is not None:
            return scan_str(matcher, text)
        return _scan_binary(matcher, data)
    if data.isascii():
        if b"\x00" in data:
            return _scan_binary(matcher, data)
        return _hits_at(matcher, data, _raw_word_spans(matcher, data), utf8=True)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _scan_binary(matcher, data)
    return _scan_utf8(matcher, data, text, bom=data.startswith(codecs.BOM_UTF8))


def _scan_utf8(matcher: TokenMatcher, data: bytes, text: str, *, bom: bool) -> list[TokenHit]:
    """Valid UTF-8 read as text: the raw words and the disguise view.  ``bom``: ``data`` starts
    with a BOM that ``text`` lacks (a file's start; inside a stream U+FEFF is a character)."""
    hits = _hits_at(matcher, data, _raw_word_spans(matcher, data), utf8=True, bom=bom)
    view = _view_hits(matcher, text, data[3:] if bom else data)
    if not view:
        return hits
    return _merge([(h.line, h.column - 1, h.column - 1 + len(h.token), h.token, h.pragma) for h in hits], view)


def _scan_binary(matcher: TokenMatcher, data: bytes) -> list[TokenHit]:
    """Bytes that are not text: find the ASCII forms, also with NUL bytes taken out (which
    reveals UTF-16 text without a BOM and tokens split by NULs).  Columns count bytes."""
    hits = {(h.line, h.column): h for h in _hits_at(matcher, data, _raw_word_spans(matcher, data), utf8=False)}
    if b"\x00" in data:
        stripped = data.replace(b"\x00", b"")
        spans = _raw_word_spans(matcher, stripped)
        if spans:
            mapping = _NulMap(data)
            orig = [(mapping.to_original(s), mapping.to_original(e - 1) + 1) for s, e in spans]
            words = [stripped[s:e] for s, e in spans]
            for h in _hits_at(matcher, data, orig, utf8=False, words=words):
                hits.setdefault((h.line, h.column), h)
    return [hits[k] for k in sorted(hits)]


class _NulMap:
    """Maps offsets in ``data.replace(b'\\0', b'')`` back to offsets in ``data``."""

    def __init__(self, data: bytes) -> None:
        import bisect

        self._bisect = bisect.bisect_right
        self._stripped_starts: list[int] = []
        self._shift: list[int] = []
        removed = 0
        for m in re.finditer(rb"\x00+", data):
            removed += m.end() - m.start()
            # from this stripped offset on, originals are shifted by ``removed``
            self._stripped_starts.append(m.end() - removed)
            self._shift.append(removed)

    def to_original(self, pos: int) -> int:
        i = self._bisect(self._stripped_starts, pos) - 1
        return pos + (self._shift[i] if i >= 0 else 0)


def _raw_word_spans(matcher: TokenMatcher, data: bytes) -> list[tuple[int, int]]:
    """Spans of the words that contain a needle, in order, each word once.

    Linear: each search starts where the last word ended, and a word is expanded only once
    however many needles it holds.
    """
    search = matcher.needle_re.search
    spans: list[tuple[int, int]] = []
    covered = 0
    n = len(data)
    while True:
        hit = search(data, covered)
        if hit is None:
            return spans
        best = hit.start()
        start = _word_start(data, best, covered)
        m = _NONWORD_B.search(data, best)
        end = m.start() if m else n
        spans.append((start, end))
        covered = end + 1 if end < n else n + 1


def _word_start(data: bytes, pos: int, floor: int) -> int:
    """Start of the word holding ``pos``, looking back no further than ``floor``."""
    width = 64
    while True:
        lo = max(floor, pos - width)
        window = data[lo:pos]
        m = _NONWORD_B.search(window[::-1])
        if m:
            return pos - m.start()
        if lo == floor:
            return floor
        width *= 4


def _hits_at(
    matcher: TokenMatcher,
    data: bytes,
    spans: Sequence[tuple[int, int]],
    *,
    utf8: bool,
    words: Sequence[bytes] | None = None,
    bom: bool | None = None,
) -> list[TokenHit]:
    """Turn candidate word spans into hits with editor line/column positions.

    Positions are computed incrementally from one span to the next, so the total work is
    linear even for thousands of hits on one huge line.
    """
    hits: list[TokenHit] = []
    line = 1
    if bom is None:  # at a file's start, a UTF-8 BOM is no character
        bom = utf8 and data.startswith(codecs.BOM_UTF8)
    line_start = 3 if bom else 0
    col_at = line_start  # offset whose column is known...
    col = 0  # ...and that column (0-based)
    prev = 0
    pragma_line = -1
    pragma_value = False
    for i, (s, e) in enumerate(spans):
        word = data[s:e] if words is None else words[i]
        if not matcher.is_token_word(word):
            continue
        nl = data.count(b"\n", prev, s)
        cr = data.count(b"\r", prev, s)
        if nl or cr:
            crlf = data.count(b"\r\n", prev, s)
            # a \r\n straddling ``prev`` cannot happen: ``prev`` is always a word start
            line += nl + cr - crlf
            line_start = max(data.rfind(b"\n", prev, s), data.rfind(b"\r", prev, s)) + 1
            col_at, col = line_start, 0
        piece = data[col_at:s]
        col += len(piece.decode("utf-8", "replace")) if utf8 and not piece.isascii() else len(piece)
        col_at = prev = s
        if pragma_line != line:
            pragma_line = line
            pragma_value = _line_has_pragma(data, line_start, s)
        hits.append(TokenHit(line, col + 1, word.decode("ascii"), pragma_value))
    return hits


def _line_has_pragma(data: bytes, line_start: int, pos: int) -> bool:
    m = _LINE_END_B.search(data, pos)
    line_end = m.start() if m else len(data)
    return data.find(PRAGMA.encode(), line_start, line_end) != -1


# ---------------------------------------------------------------------------------------------
# Streaming: huge files and huge single lines in bounded memory


CHUNK_SIZE = 8 << 20
# A run longer than this without any separator is cut anyway (see _StreamState.forced_cut).
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
    return [
        TokenHit(h.line + line0 - 1, h.column + (col0 if h.line == 1 else 0), h.token, h.pragma) for h in hits
    ]


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


def _last_safe_cut(buf: bytes | str) -> int:
    """Offset just after the last byte/char that ends a word in every view (an ASCII
    separator other than NUL and CR), or -1."""
    pattern: re.Pattern[Any] = _SAFE_B if isinstance(buf, bytes) else _SAFE_S
    width = 1 << 16
    while True:
        lo = max(0, len(buf) - width)
        m = pattern.search(buf[lo:][::-1])
        if m:
            return len(buf) - m.start()
        if lo == 0:
            return -1
        width *= 8


def _stream_cut(buf: bytes | str) -> int:
    """Where to end a segment of a stream: just after its last line end, so that a line stays
    whole and its pragma is seen with its tokens (found by fuzzing: a cut inside a line lost
    the pragma of a token before the cut); inside a line only when the segment holds no line
    end at all (a line longer than a chunk), after its last safe separator.  A CR at the very
    end is not a line end yet: it may be the first half of CR LF."""
    lf, cr = ("\n", "\r") if isinstance(buf, str) else (b"\n", b"\r")
    end = max(buf.rfind(lf), buf.rfind(cr, 0, len(buf) - 1))  # type: ignore[arg-type]
    return end + 1 if end >= 0 else _last_safe_cut(buf)


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


# How a segment of a stream reads on its own (see _reading).
NEUTRAL, NUL_ASCII, UTF8_TEXT, NOT_UTF8 = "neutral", "nul-ascii", "utf8-text", "not-utf8"


def _reading(seg: bytes) -> str:
    """ASCII without NUL reads the same as text and as bytes; ASCII with NUL is read as bytes
    by scan_bytes unless the file holds other text; valid UTF-8 is text; the rest, bytes."""
    if seg.isascii():
        return NUL_ASCII if b"\x00" in seg else NEUTRAL
    try:
        seg.decode("utf-8")
    except UnicodeDecodeError:
        return NOT_UTF8
    return UTF8_TEXT


def scan_chunks(
    matcher: TokenMatcher,
    chunks: Iterable[bytes],
    *,
    detect_utf16: bool = True,
    read_as: str | None = None,
    readings: set[str] | None = None,
) -> Iterator[TokenHit]:
    """``scan_bytes`` over a stream, in memory bounded by a few chunks whatever the line
    lengths.  Segments are cut only after a separator byte, so no token and no CR LF pair
    is ever split; a separator-free run longer than MAX_CARRY is handled by _GiantWord (pure
    ASCII word) or cut after its last non-word byte.

    Each segment is read as it reads on its own unless ``read_as`` (UTF8_TEXT or NOT_UTF8)
    fixes the reading of the whole stream; ``readings`` collects those used, so that the
    caller can tell whether a whole-file reading would differ (scan_file_chunks)."""
    it = iter(chunks)
    first = b""
    while len(first) < 4:  # enough to recognise a BOM however the stream is chunked
        part = next(it, None)
        if part is None:
            break
        first += part
    if detect_utf16 and first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        yield from _scan_utf16_chunks(matcher, first, it)
        return
    carry = first
    line, col = 1, 0
    # Columns count code points while the stream is read as UTF-8 text.
    utf8 = read_as != NOT_UTF8
    giant: _GiantWord | None = None
    if carry.startswith(codecs.BOM_UTF8):
        if read_as != NOT_UTF8:  # bytes that are not text keep their BOM, as in memory
            carry = carry[3:]
        if readings is not None:
            readings.add("bom")
    exhausted = False

    def pull() -> bool:
        """Append the next chunk to ``carry``; False (and ``exhausted``) at the end."""
        nonlocal carry, exhausted
        nxt = next(it, None)
        if nxt is None:
            exhausted = True
            return False
        carry += nxt
        return True

    while not exhausted or carry:
        if not exhausted and len(carry) < CHUNK_SIZE and pull():
            continue
        if giant is not None:
            m = _NONWORD_B.search(carry)
            end = m.start() if m else len(carry)
            giant.feed(carry[:end])
            line, col = _advance_bytes(carry[:end], line, col, utf8)
            carry = carry[end:]
            if m is None and not exhausted:
                continue
            hit = giant.hit()
            if hit is not None:
                yield hit
            giant = None
            continue
        if exhausted:
            seg, carry = carry, b""
        else:
            cut = _stream_cut(carry)
            if cut == -1 and len(carry) < MAX_CARRY:
                pull()
                continue
            if cut == -1:
                cut = _forced_cut(carry)
                if cut == -1:  # only a trailing non-word byte: wait for the next chunk
                    pull()
                    continue
                if cut == 0:
                    giant = _GiantWord(line, col, carry)
                    line, col = _advance_bytes(carry, line, col, utf8)
                    carry = b""
                    continue
            seg, carry = carry[:cut], carry[cut:]
        reading = read_as or (_reading(seg) if utf8 else NOT_UTF8)
        if readings is not None:
            readings.add(reading)
        if reading == NOT_UTF8:
            utf8 = False
        # (The stream dropped the file's BOM itself: a segment's leading U+FEFF is a character.)
        if reading == NEUTRAL:
            hits = _hits_at(matcher, seg, _raw_word_spans(matcher, seg), utf8=True, bom=False)
        elif reading == UTF8_TEXT:
            hits = _scan_utf8(matcher, seg, seg.decode("utf-8"), bom=False)
        else:
            hits = _scan_binary(matcher, seg)
        yield from _shift(hits, line, col)
        line, col = _advance_bytes(seg, line, col, utf8)


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
        if buf[p - 1] == 0:
            continue  # NULs vanish in the disguise view: they do not end a word there
        if buf[p - 1] >= 0x80:
            lead = p - 1
            while lead > 0 and 0x80 <= buf[lead] <= 0xBF:
                lead -= 1
            ch = buf[lead:p].decode("utf-8", "replace")
            if len(ch) != 1 or is_suspicious(ch):
                continue  # it could join the words around it in the disguise view
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
        if not ch.isascii() and not is_suspicious(ch):
            return p
    return len(text)


def _scan_utf16_chunks(matcher: TokenMatcher, first: bytes, rest: Iterator[bytes]) -> Iterator[TokenHit]:
    decoder = codecs.getincrementaldecoder("utf-16")()
    carry = ""
    line, col = 1, 0
    try:
        for chunk in _chain(first, rest):
            carry += decoder.decode(chunk)
            if len(carry) < CHUNK_SIZE:
                continue  # as for bytes: cut only a full chunk, so that lines stay whole
            cut = _stream_cut(carry)
            if cut == -1 and len(carry) < MAX_CARRY:
                continue
            if cut == -1:
                cut = _forced_cut_str(carry)
            seg, carry = carry[:cut], carry[cut:]
            yield from _shift(scan_str(matcher, seg), line, col)
            line, col = _advance_str(seg, line, col)
        carry += decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        # Not valid UTF-16 after all: the caller re-reads it as bytes.
        raise _NotText() from None
    yield from _shift(scan_str(matcher, carry), line, col)


class _NotText(Exception):
    pass


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
    except _NotText:
        return list(scan_chunks(matcher, open_chunks(), detect_utf16=False, read_as=NOT_UTF8))
    # In memory the whole file has one reading: bytes if any of it is not UTF-8 (or it is
    # ASCII with NUL bytes), else text.  A stream learns it as it goes; when some segment was
    # read otherwise, scan again with the whole file's reading (found by fuzzing: a valid
    # UTF-8 segment of a file that is not text hid a token that only the bytes reading sees).
    whole = NOT_UTF8 if NOT_UTF8 in readings else UTF8_TEXT if UTF8_TEXT in readings else None
    if (whole == NOT_UTF8 and (UTF8_TEXT in readings or "bom" in readings)) or (
        whole == UTF8_TEXT and NUL_ASCII in readings
    ):
        return list(scan_chunks(matcher, open_chunks(), detect_utf16=False, read_as=whole))
    return hits
