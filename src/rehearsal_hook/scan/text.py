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

import bisect
import functools
import heapq
import re
from collections import Counter
from collections.abc import Sequence

from rehearsal_hook.scan import carriage, css, gitformat, markdown
from rehearsal_hook.scan.bidi import BIDI_RE
from rehearsal_hook.scan.compose import attaching_chars, composing_re, compositions, quick_token, view_tokens
from rehearsal_hook.scan.constructs import C1_OPENERS, backspace_zones, inert_openers, unit_end
from rehearsal_hook.scan.cuts import piece_end
from rehearsal_hook.scan.decode import (
    BINARY_CODECS,
    TEXT_CODECS,
    codec_errors,
    decode_shown,
    decode_text,
    decode_whole,
    has_utf8_bom,
    iso2022_hint,
    utf16_too,
    utf_bom,
)
from rehearsal_hook.scan.matcher import _LINE_END_S, ALLOW_PRAGMA, SILENT, TokenHit, TokenMatcher
from rehearsal_hook.scan.normalize import (
    relevant_chars,
    relevant_table,
    underscore_table,
)
from rehearsal_hook.scan.parsed import parsed_readings
from rehearsal_hook.scan.readings import (
    PIECE,
    RENDER_HINTS,
    SILENT_JOIN,
    TRIGGERS,
    acting_hints_in,
    has_silent,
    in_display_order,
    may_render,
    needs_render,
    render,
    reorders,
    shows_reordered,
)
from rehearsal_hook.scan.viewlines import ViewLines
from rehearsal_hook.scan.words import hits_at, raw_word_spans, scan_binary, silent_beside

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


# ASCII bytes but the silent controls (matcher.SILENT), which the terminal reading drops.
_ASCII_BYTES = bytes(b for b in range(128) if chr(b) not in SILENT)
_SILENT_SET = frozenset(SILENT)
_C1_OPENER_SET = frozenset(C1_OPENERS)
_C1_OPENER_RE = re.compile(f"[{C1_OPENERS}]")
_C1_AS_SILENT = {ord(c): "\x80" for c in C1_OPENERS}  # (U+0080 is silent: matcher.SILENT)


def _view_hits(
    matcher: TokenMatcher,
    text: str,
    data: bytes | None = None,
    *,
    byte_columns: bool = False,
    spans: Sequence[tuple[int, int]] | None = None,
) -> list[_Span]:
    """Hits of the other readings -- the Unicode view and the rendered reading (readings.py)
    -- computed only for the lines that need them, one line (or piece of a long line) at a
    time, so that time stays linear and memory bounded by a piece.

    Finding those lines must not cost a regex pass with a large character class (a few MB/s
    in ``re``): delete every ASCII byte from the UTF-8 bytes (C speed), decode what is left --
    only the non-ASCII characters -- and intersect it with the relevant set; the characters
    present and the few rendered-reading hints are then searched for directly.  (The silent
    controls are kept by that deletion; in ASCII text ``spans``, its raw_word_spans, tell
    whether one can join a token: words.silent_beside.)
    ``byte_columns``: ``text`` is bytes decoded with surrogateescape and columns count bytes.
    """
    table = relevant_table(lower=matcher.lower_view)
    searches: list[re.Pattern[str] | markdown.NearLines | ViewLines] = []
    raw = data if data is not None else text.encode("utf-8", "surrogatepass")
    if not text.isascii():
        rest = raw.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass" if data is None else "surrogateescape")
        chars = set(rest)  # (once: each pass over a long non-ASCII text costs as much)
        present = relevant_chars(lower=matcher.lower_view).intersection(chars)
        marks = attaching_chars(chars)
        if marks:
            searches.append(composing_re(marks, matcher.needles))
        if BIDI_RE.search("".join(chars)):  # (lines that may reorder in display)
            searches.append(BIDI_RE)
        silent = not _SILENT_SET.isdisjoint(chars)
        if not _C1_OPENER_SET.isdisjoint(chars):  # (an 8-bit sequence hides what it holds)
            searches.append(_C1_OPENER_RE)
    else:
        present = frozenset()
        silent = silent_beside(raw, spans) if spans is not None else has_silent(raw)
    if "\x00" in text:
        searches.append(_NUL_RE)
    if silent:  # (controls a terminal does not print, where dropping them joins words)
        searches.append(SILENT_JOIN)
    if text.isascii() and "\x00" not in text and not silent:
        # The lines needs_render judges exactly: a construct that acts, or a needle beside a
        # trigger (a line without a trigger reads the same rendered).
        if any(c in text for c in TRIGGERS):
            searches += acting_hints_in(text)
            searches += [_needle_re_s(n) for n in matcher.needles]
    elif "\x00" not in text and not silent:
        # The same judgement made on the quick view, with the lines whose quick view may show
        # a token (viewlines): not every line holding a relevant character or a trigger.
        searches.append(ViewLines(text, table, present, matcher.needles, rendered=True))
    else:
        searches += [pattern for c, pattern in RENDER_HINTS if c in text]
        if present:  # (the lines whose quick view may show a token: viewlines)
            searches.append(ViewLines(text, table, present, matcher.needles, rendered=False))
    if markdown.may_read(text):  # (syntax beside a needle: markdown.near_needles)
        searches.append(markdown.NearLines(matcher.needles))
    if "\\f" in text:  # (a CSS escape that no string escape reads as acting: ``\ff3f``)
        searches.append(css.HINT)
    if "$Format:" in text:  # (what git archive expands: gitformat)
        searches.append(gitformat.HINT)
    hits: list[_Span] = _carriage_hits(matcher, text, table, byte_columns) if "\r" in text else []
    if not searches:
        return hits
    heap = [(m.start(), k) for k, pat in enumerate(searches) if (m := pat.search(text)) is not None]
    heapq.heapify(heap)
    line, pos, done_until = 1, 0, -1
    searchable = inert_openers(text)
    while heap:
        p, k = heapq.heappop(heap)
        if p < done_until:
            m = searches[k].search(text, done_until)
            if m is not None:
                heapq.heappush(heap, (m.start(), k))
            continue
        ls = max(text.rfind("\n", pos, p), text.rfind("\r", pos, p)) + 1
        ls = max(ls, pos)
        line += _count_line_ends(text, pos, ls)
        le = unit_end(text, searchable, ls, p)
        hits += _unit_hits(matcher, text, ls, le, line, table, byte_columns=byte_columns)
        pos, done_until = ls, le
        heapq.heappush(heap, (p, k))  # searched again from done_until
    return hits


_NUL_RE = re.compile("\x00")


def _carriage_hits(matcher: TokenMatcher, text: str, table: dict[int, str], byte_columns: bool) -> list[_Span]:
    """Hits of the terminal reading of lone CRs (carriage.py), at the stored line and column
    of each token's first character.  A shown line longer than a piece is read for raw
    tokens only (a documented limit)."""
    hits: list[_Span] = []
    line, pos, done = 1, 0, 0
    for cr in carriage.LONE_CR.finditer(text):
        if cr.start() < done:
            continue
        start, end = carriage.stretch(text, cr.start())
        done = end
        shown, runs = carriage.overwritten(text, start, end)
        found = [(m.start(), m.end(), m.group()) for m in matcher.finditer_str(shown)]
        if len(shown) <= PIECE:
            found += piece_hits(matcher, shown, table)
        for at, t in sorted({(carriage.stored_at(runs, s), t) for s, _, t in found}):
            line += _count_line_ends(text, pos, at)
            pos = at
            ls = max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1
            col = len(text[ls:at].encode("utf-8", "surrogateescape")) if byte_columns else at - ls
            le = _LINE_END_S.search(text, at)
            pragma = ALLOW_PRAGMA in text[ls : le.start() if le else len(text)]
            hits.append((line, col, col + len(t), t, pragma))
    return hits


@functools.cache
def _needle_re_s(needle: bytes) -> re.Pattern[str]:
    return re.compile(re.escape(needle.decode("ascii")))


@functools.cache
def needles_s(needles: tuple[bytes, ...]) -> tuple[str, ...]:
    return tuple(n.decode("ascii") for n in needles)


def _unit_hits(
    matcher: TokenMatcher,
    text: str,
    ls: int,
    le: int,
    line: int,
    table: dict[int, str],
    *,
    byte_columns: bool,
) -> list[_Span]:
    """Hits of the readings of ``text[ls:le]`` (one line, or lines joined by escaped line
    breaks and by comments and tags across lines), read in pieces cut where no reading
    changes (cuts.piece_end)."""
    spans: list[tuple[int, int, str]] = []
    start = ls
    zones = backspace_zones(text[ls:le]) if le - ls > PIECE else []
    zones = [(a + ls, b + ls) for a, b in zones]
    display = le - ls > PIECE and reorders(text[ls:le])
    while start < le:
        stop = piece_end(text, start, le, zones, display=display)
        piece = text[start:stop]
        spans += [(s + start - ls, e + start - ls, t) for s, e, t in piece_hits(matcher, piece, table)]
        start = stop
    if not spans:
        return []
    unit = text[ls:le]
    starts = [0] + [m.end() for m in _LINE_END_S.finditer(unit)]
    out: list[_Span] = []
    done: tuple[int, int, int] = (-1, 0, 0)  # (line index, chars, bytes) for byte columns
    pragma: dict[int, bool] = {}
    for s, e, t in sorted(spans):
        k = bisect.bisect_right(starts, s) - 1
        col, end = s - starts[k], e - starts[k]
        if byte_columns:
            at = done[1] if done[0] == k else 0
            width = done[2] if done[0] == k else 0
            width += len(unit[starts[k] + at : s].encode("utf-8", "surrogateescape"))
            done = (k, col, width)
            end = width + (end - col)
            col = width
        if k not in pragma:  # once per line: a line can hold many hits
            line_end = starts[k + 1] if k + 1 < len(starts) else len(unit)
            pragma[k] = ALLOW_PRAGMA in unit[starts[k] : line_end]
        out.append((line + k, col, end, t, pragma[k]))
    return out


def piece_hits(
    matcher: TokenMatcher, piece: str, table: dict[int, str], *, parse: bool = True
) -> list[tuple[int, int, str]]:
    """Tokens of the Unicode view and of the rendered reading of one piece, as (start, end,
    token) in the piece.  A cheap view first (no column map); the exact one with its map only
    for the rare piece where the cheap one holds a token.  ``parse``: also the readings of
    the piece by a parser of its own syntax (Markdown, CSS: parsed.parsed_readings), each
    read in turn as a piece is."""
    out: list[tuple[int, int, str]] = []
    if parse:
        for parsed, index in parsed_readings(piece):
            for s, e, t in piece_hits(matcher, parsed, table, parse=False):
                out.append((index[s], index[e - 1] + 1, t))
    rendered = needs_render(piece, needles_s(matcher.needles))
    # A NUL is padding (UTF-16 without a BOM) or a separator: read the piece both ways.
    variants = [piece, piece.replace("\x00", " ")] if "\x00" in piece else [piece]
    if not piece.isascii():
        # An underscore look-alike joins the words around it, or separates them (a token after it).
        apart = piece.translate(underscore_table())
        if apart != piece:
            variants.append(apart)
        # A C1 control that opens a sequence (U+009B CSI...) is one on a terminal that acts on
        # C1 in UTF-8 (xterm) and prints nothing on one that does not: read both ways (the
        # second as a control that is not printed: same length, so the index stays).
        if not _C1_OPENER_SET.isdisjoint(piece):
            variants.append(piece.translate(_C1_AS_SILENT))
            rendered = True
    for variant in variants:
        out += [(at[0], at[-1] + 1, t) for at, t in view_tokens(matcher, variant, table)]
        if not rendered:
            continue
        # Markup removed (as rendered) and kept (as its source or an attribute is read);
        # backspaces and silent controls as a terminal shows them, and as characters.
        terminal = "\x08" in variant or SILENT_JOIN.search(variant) is not None
        renderings = _RENDERINGS["<" in variant, terminal]
        k = 0
        while k < len(renderings):
            markup, strike = renderings[k]
            k += 1
            decoded, _ = render(variant, markup=markup, overstrike=strike)
            if k == 1 and not terminal and ("\x08" in decoded or "\x1b" in decoded or SILENT_JOIN.search(decoded)):
                # A backspace, an ESC or a silent control that decoding produced (``\b``,
                # ``\u0008``, ``&#8;``, ``\u001b``, ``\a``) acts on a terminal too.
                renderings = _RENDERINGS["<" in variant, True]
            # In stored order (a terminal without bidirectional layout, a program) and, for a
            # line that reorders, in display order (a renderer: bidi.py).
            for display in (False, True) if shows_reordered(decoded) else (False,):
                text = in_display_order(decoded) if display else decoded
                if not quick_token(matcher, text, table, compositions(text)):
                    continue
                text, where = render(variant, exact=True, markup=markup, overstrike=strike, display=display)
                assert where is not None
                for at, t in view_tokens(matcher, text, table):
                    shown = [where[a] for a in at]
                    out.append((min(shown), max(shown) + 1, t))
    return out


# (markup removed, overstrike) of each rendered reading a piece needs, by whether it holds
# ``<`` and a backspace.
_RENDERINGS = {
    (False, False): ((True, False),),
    (True, False): ((True, False), (False, False)),
    (False, True): ((True, False), (True, True)),
    (True, True): ((True, False), (False, False), (True, True), (False, True)),
}


def _merge(raw: list[_Span], view: list[_Span]) -> list[TokenHit]:
    """Every reading's hits, once each.  A hit that starts inside a view hit is the same token
    seen through its disguise (the raw reading's tail of a token whose first letters are
    Cyrillic look-alikes, or the part after an escape): keep the view hit that holds it.
    Linear after sorting: each hit looks up the view hit starting last before it and the
    furthest end of the view hits of its line up to there."""
    if not view:
        return [TokenHit(ln, c + 1, t, bool(pr)) for ln, c, _, t, pr in raw]
    ordered = sorted(view, key=lambda v: (v[0], v[1], -v[2]))
    keys = [(v[0], v[1]) for v in ordered]
    reach: list[int] = []
    for i, (ln, _c, e, _t, _pr) in enumerate(ordered):
        reach.append(max(e, reach[-1]) if i and ordered[i - 1][0] == ln else e)
    merged: dict[tuple[int, int], TokenHit] = {}
    for ln, c, _e, t, pr in [*ordered, *raw]:
        i = bisect.bisect_left(keys, (ln, c)) - 1  # the last view hit starting before c
        if i >= 0 and keys[i][0] == ln and reach[i] > c:
            continue
        merged.setdefault((ln, c), TokenHit(ln, c + 1, t, bool(pr)))
    return [merged[k] for k in sorted(merged)]


# ---------------------------------------------------------------------------------------------
# Scanning bytes (the hot path)


def adds_reading(text: str) -> bool:
    """Whether a decoding can show what the bytes readings do not: it is not ASCII, or it holds
    something a renderer decodes (a UTF-16 file of ``&#95;`` is ASCII once decoded)."""
    return not text.isascii() or any(c in text for c in TRIGGERS) or SILENT_JOIN.search(text) is not None


def scan_bytes(matcher: TokenMatcher, data: bytes) -> list[TokenHit]:
    """Every token in ``data``, wherever it hides.  Pure; linear in ``len(data)``."""
    if utf_bom(data) is not None:
        text = decode_text(data)
        if text is not None and utf16_too(data):
            # The readings of bytes that are not text too, as below (UTF-16 without its BOM).
            hits = scan_str(matcher, text)
            extra = [scan_binary(matcher, data), *codec_hits(matcher, data, BINARY_CODECS)]
            return with_codec_hits(hits, [more for more in extra if adds_tokens(hits, more)])
        if text is not None:
            return scan_str(matcher, text)
        shown = decode_shown(data)
        assert shown is not None
        return with_codec_hits(
            scan_binary(matcher, data), [scan_str(matcher, shown), *codec_hits(matcher, data, BINARY_CODECS)]
        )
    if data.isascii():
        if b"\x00" in data:  # (UTF-16 or UTF-32 of ASCII text can hold ``&#95;``: decoded too)
            return with_codec_hits(scan_binary(matcher, data), codec_hits(matcher, data, BINARY_CODECS))
        if not may_render(data) and not gitformat.may_read_b(data) and not carriage.has_lone_cr_b(data):
            # One search tells both whether a raw token can be here and whether Markdown
            # syntax can join a needle (markdown.near_b): most text has neither.
            shows = markdown.near_b(data, matcher.needles)
            if shows is None:
                return []
            if not shows:
                spans = raw_word_spans(matcher, data)
                if not spans:
                    return []
                if not silent_beside(data, spans):
                    return hits_at(matcher, data, spans, utf8=True)
        hits = scan_utf8(matcher, data, data.decode("ascii"), bom=False)
        return with_codec_hits(hits, codec_hits(matcher, data, ("iso2022_jp",))) if iso2022_hint(data) else hits
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        binary = b"\x00" in data
        hits = scan_binary(matcher, data) if binary else scan_legacy(matcher, data)
        return with_codec_hits(hits, codec_hits(matcher, data, BINARY_CODECS if binary else TEXT_CODECS))
    return scan_utf8(matcher, data, text, bom=has_utf8_bom(data))


def codec_hits(matcher: TokenMatcher, data: bytes, names: Sequence[str]) -> list[list[TokenHit]]:
    """The hits of each reading of ``data`` in another encoding (line and column of that
    reading).  A decoding that adds no reading (adds_reading) is not scanned again."""
    out: list[list[TokenHit]] = []
    for name in names:
        try:
            text = decode_whole(data, name, errors=codec_errors(name))
        except UnicodeDecodeError:
            continue
        if adds_reading(text):
            out.append(scan_str(matcher, text))
    return out


def with_codec_hits(hits: list[TokenHit], extra: list[list[TokenHit]]) -> list[TokenHit]:
    """``hits`` plus the hits of other encodings' readings, each token once a line (their
    columns count that encoding's characters, so the same token can sit at another column;
    a token that ends one already found on its line is that one)."""
    # The same token again, or its tail (a wrong decoding garbles the letters before it).
    seen: dict[int, list[str]] = {}
    for h in hits:
        seen.setdefault(h.line, []).append(h.token)
    added = [h for more in extra for h in more if not any(t.endswith(h.token) for t in seen.get(h.line, ()))]
    if not added:
        return hits
    unique = {(h.line, h.token): h for h in sorted(added)}
    return sorted([*hits, *unique.values()])


def adds_tokens(hits: list[TokenHit], more: list[TokenHit]) -> bool:
    """Whether a second reading of a text (``more``) holds a token ``hits`` lacks, counted
    (a token that ends one of ``hits`` is that one).  For a reading whose lines are not the
    text's (UTF-16 of a UTF-32 file: CR NUL LF is two line breaks), where with_codec_hits,
    which matches by line, would report every token again, and on a line where the file's
    pragma is not seen."""
    have = Counter(h.token for h in hits)
    return any(
        n > sum(k for t, k in have.items() if t.endswith(token)) for token, n in Counter(h.token for h in more).items()
    )


def scan_legacy(matcher: TokenMatcher, data: bytes) -> list[TokenHit]:
    """Text that is not UTF-8 (no NUL: not binary): the bytes reading, plus every other
    reading of it decoded as UTF-8 with each undecodable byte kept apart -- one stray byte
    does not switch the Unicode and rendered readings off.  Columns count bytes."""
    hits = scan_binary(matcher, data)
    view = _view_hits(matcher, data.decode("utf-8", "surrogateescape"), data, byte_columns=True)
    if not view:
        return hits
    return _merge([(h.line, h.column - 1, h.column - 1 + len(h.token), h.token, h.pragma) for h in hits], view)


def scan_utf8(matcher: TokenMatcher, data: bytes, text: str, *, bom: bool) -> list[TokenHit]:
    """Valid UTF-8 read as text: the raw words and the disguise view.  ``bom``: ``data`` starts
    with a BOM that ``text`` lacks (a file's start; inside a stream U+FEFF is a character)."""
    spans = raw_word_spans(matcher, data)
    hits = hits_at(matcher, data, spans, utf8=True, bom=bom)
    view = _view_hits(matcher, text, data[3:] if bom else data, spans=None if bom else spans)
    if not view:
        return hits
    return _merge([(h.line, h.column - 1, h.column - 1 + len(h.token), h.token, h.pragma) for h in hits], view)
