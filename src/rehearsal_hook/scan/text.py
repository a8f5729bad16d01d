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
from collections.abc import Sequence

from rehearsal_hook.scan.matcher import _LINE_END_B, _LINE_END_S, _NONWORD_B, ALLOW_PRAGMA, TokenHit, TokenMatcher
from rehearsal_hook.scan.normalize import disguise_view, relevant_chars, relevant_table

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
    if ALLOW_PRAGMA not in text:
        return set()
    found: set[int] = set()
    line, pos = 1, 0
    for m in re.finditer(re.escape(ALLOW_PRAGMA), text):
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
                hits.append((line, index[m.start()], index[m.end() - 1] + 1, m.group(), ALLOW_PRAGMA in line_text))
        pos, done_until = ls, le
    return hits


def _merge(raw: list[_Span], view: list[_Span]) -> list[TokenHit]:
    """Both readings' hits, once each.  A raw hit inside a view hit is the same token seen
    through its disguise (the raw reading's tail of a token whose first letters are Cyrillic
    look-alikes, inside the view's whole token): keep the view's."""
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
    return data.find(ALLOW_PRAGMA.encode(), line_start, line_end) != -1
