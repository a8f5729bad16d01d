"""The seal-token scanner: a pure function of (matcher, bytes) -> token hits.

A token is a whole ASCII word (a maximal run of ``[A-Za-z0-9_]``) that is either seal-like,
``[A-Z][A-Z0-9_]*_(PASS|AUTHORIZED|GRANTED)``, or one of the configured forbidden tokens.
Because every match of ``\\b[A-Z][A-Z0-9_]*_(PASS|...)\\b`` spans exactly one word, the fast
path can look for the needles (``_PASS`` ...) with ``bytes.find`` -- most text has none --
and test only the words around a hit.  Non-ASCII bytes are not word bytes, which gives the
ASCII word boundaries the rules ask for.

Disguises are caught by other views of the text (normalize, views), built only for lines that
can change; findings of every view are merged, so a view can only add findings.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import (
    arrays,
    charsets,
    dense,
    eol,
    gitformat,
    mermaid,
    near,
    quoted,
    rtf,
    states,
    syntax_hints,
    words,
)
from rehearsal_hook.scan.decode import (
    BINARY_CODECS,
    TEXT_CODECS,
    ascii_units,
    codec_errors,
    decode_shown,
    decode_text,
    decode_whole,
    distinct,
    has_utf8_bom,
    iso2022_hint,
    utf16_too,
    utf_bom,
)
from rehearsal_hook.scan.hints import SILENT_JOIN, TRIGGERS, has_silent, holds_trigger_b, may_render
from rehearsal_hook.scan.lines import has_lone_cr_b, line_ends
from rehearsal_hook.scan.matcher import ALLOW_PRAGMA, TokenHit, TokenMatcher, seen_as, unseen_at_places
from rehearsal_hook.scan.merging import with_codec_hits, with_unlined
from rehearsal_hook.scan.patterns import compiled
from rehearsal_hook.scan.shown import Shown, in_bytes, with_shown
from rehearsal_hook.scan.words import hits_at, nul_free_spans, raw_word_spans, scan_binary, silent_beside

# views (the Unicode view, the rendered, parsed and terminal readings: most of the scanner's
# modules and patterns) is imported where a text is read through it: the fast path of plain
# ASCII text never is, and a hook's start-up would pay for all of them (README, bench/).
if TYPE_CHECKING:
    from rehearsal_hook.scan.units import Span

# ---------------------------------------------------------------------------------------------
# Scanning strings (paths, messages, UTF-16 files)


def scan_str(matcher: TokenMatcher, text: str) -> list[TokenHit]:
    """Token hits in decoded text, every reading, with editor line numbers (a document's with
    the state it sets too -- roff's requests, reStructuredText's substitutions: states.py)."""
    hits = _scan_str(matcher, text)
    pages = (states.pages(text) if states.may_set(text) else []) + charsets.page(text)
    if not pages:
        return hits
    shown = [(page, in_bytes(text, stored, "surrogatepass")) for page, stored in pages]
    return with_shown(functools.partial(_scan_str, matcher), text.encode("utf-8", "surrogatepass"), hits, shown)


def _scan_str(matcher: TokenMatcher, text: str) -> list[TokenHit]:
    raw: list[Span] = []
    line, prev, line_start = 1, 0, 0
    for m in matcher.finditer_str(text):
        s = m.start()
        ends = line_ends(text, prev, s)
        if ends:
            line += ends
            line_start = max(text.rfind("\n", prev, s), text.rfind("\r", prev, s)) + 1
        prev = s
        raw.append((line, s - line_start, m.end() - line_start, m.group(), None))
    if raw:
        pragma_lines = _pragma_lines_str(text, {h[0] for h in raw})
        raw = [(ln, c, e, t, ln in pragma_lines) for ln, c, e, t, _ in raw]
    from rehearsal_hook.scan.views import view_hits

    return with_joined(matcher, text, _merge(raw, view_hits(matcher, text)))


def with_joined(matcher: TokenMatcher, text: str, hits: list[TokenHit]) -> list[TokenHit]:
    """``hits`` plus the tokens only an array's strings joined show (arrays.py): each token a
    place shows once, a joined word that is another token there too (the first string's token
    stored, a longer word with the next string's)."""
    if not arrays.may_join(text):
        return hits
    added = unseen_at_places(hits, arrays.joined_hits(matcher, text))
    return sorted([*hits, *added]) if added else hits


def _pragma_lines_str(text: str, wanted: set[int]) -> set[int]:
    if ALLOW_PRAGMA not in text:
        return set()
    found: set[int] = set()
    line, pos = 1, 0
    for m in re.finditer(re.escape(ALLOW_PRAGMA), text):
        line += line_ends(text, pos, m.start())
        pos = m.start()
        if line in wanted:
            found.add(line)
    return found


def _merge(raw: list[Span], view: list[Span]) -> list[TokenHit]:
    """Every reading's hits, each token a place shows once.  A hit that starts inside a hit
    kept before it on its line (of any reading) and whose token ends that one's is that place
    seen through another reading (the raw reading's tail of a token whose first letters are
    Cyrillic look-alikes, the part after an escape): keep the one that starts first (the
    longest; a view hit before a raw one at the same place).  A hit there whose token is
    another word (a terminal's overwrite of a stored token's tail showing a new token) is a
    token of its own: an exemption made for the one must not cover it.  Raw hits count as
    view hits do: the view of a line holds its raw tokens, so whether a line was read through
    the view (which can depend on the rest of the text: a stream's segment, the whole file)
    changes nothing (found by fuzzing: a terminal's overwrite inside a raw token was reported
    streamed only).  One sweep after sorting."""
    if not view:
        return [TokenHit(ln, c + 1, t, bool(pr)) for ln, c, _, t, pr in raw]
    ordered = sorted(
        [(ln, c, -e, 0, t, pr) for ln, c, e, t, pr in view] + [(ln, c, -e, 1, t, pr) for ln, c, e, t, pr in raw]
    )
    out: list[TokenHit] = []
    line = 0
    # The hits kept on this line that reach past the current start: (end, token).  Each
    # reading's hits are disjoint, so it holds at most one per reading.
    covering: list[tuple[int, str]] = []
    for ln, c, neg_end, _kind, t, pr in ordered:
        if ln != line:
            line, covering = ln, []
        covering = [(e, k) for e, k in covering if c < e]
        if any(seen_as(k, t) for _, k in covering):
            continue
        out.append(TokenHit(ln, c + 1, t, bool(pr)))
        covering.append((-neg_end, t))
    return out


# ---------------------------------------------------------------------------------------------
# Scanning bytes (the hot path)

# From this size on, the fast path asks dense.holds_no_place_b first: its passes cost a few
# ns a byte, where near_b's and the word search's cost tens of ns a needle.  Below it, every
# file of a full scan would pay the call and its first tests for nothing (most hold no needle).
DENSE_BYTES = 1 << 16


def adds_reading(text: str) -> bool:
    """Whether a decoding can show what the bytes readings do not: it is not ASCII, it holds
    something a renderer decodes (a UTF-16 file of ``&#95;`` is ASCII once decoded), or a NUL
    character -- a separator there, where the bytes' reading with its NULs taken out joins the
    words around it (``a`` U+0000 ``DEPLOY_OK`` in UTF-16 without a BOM read as
    ``aDEPLOY_OK``: found by hypothesis, test_compositions)."""
    plain = text.isascii() and "\x00" not in text and not any(c in text for c in TRIGGERS)
    return not plain or compiled(SILENT_JOIN).search(text) is not None


# Past this many token hits a file blocks (bounded memory): each hit costs some 300 bytes,
# and its finding and output as much again -- check of 8 MiB of lines each holding a token
# took 1.0 GiB, and a stream, which keeps its hits to the file's end, grew without bound.
# Such a file blocks anyway unless every one of its tokens is excused.
MAX_HITS = 1 << 18


def bounded(hits: Iterable[TokenHit]) -> list[TokenHit]:
    """``hits`` as a list, or CannotVerify past MAX_HITS of them (an iterator is taken no
    further than that)."""
    out = hits if isinstance(hits, list) else list(itertools.islice(hits, MAX_HITS + 1))
    if len(out) > MAX_HITS:
        raise too_many_hits()
    return out


def too_many_hits() -> CannotVerify:
    return CannotVerify(
        "unverifiable-reading",
        f"a file holding over {MAX_HITS} tokens: more would not fit the memory a scan is bounded to "
        "(the limit of the scanner)",
    )


def scan_bytes(matcher: TokenMatcher, data: bytes) -> list[TokenHit]:
    """Every token in ``data``, wherever it hides.  Pure; linear in ``len(data)``.  (A file
    with RTF's signature is read as a word processor shows it too, a mail that names the
    quoted-printable encoding as a mail client shows it, a document with the state it sets --
    roff's requests, reStructuredText's substitutions: states.py, shown.py.)"""
    # (no token in a large ASCII text: asked once, for the count and the fast path)
    placeless = len(data) >= DENSE_BYTES and data.isascii() and dense.holds_no_place_b(data, matcher.needles)
    if not placeless and words.stored_tokens_over(matcher, data, MAX_HITS):  # (before listing them)
        raise too_many_hits()
    hits = _scan_bytes(matcher, data, placeless)
    shown: list[Shown] = []
    if rtf.is_rtf(data):
        text, index = rtf.plain_text(data)
        shown.append((text, lambda places: [index[k] for k in places]))
    if quoted.is_mail(data):
        shown += quoted.mail_texts(data)
    if utf_bom(data) is None:  # (UTF-16's: scan_str reads it)
        shown += _document_pages(data)
    return bounded(with_shown(functools.partial(_scan_str, matcher), data, hits, shown))


def _document_pages(data: bytes) -> list[Shown]:
    """What a document shows with the state it sets (states.py) and what a terminal draws of
    it with the character sets its codes designate (charsets.py) -- not of bytes that are not
    text (a NUL and bytes that are not UTF-8): a terminal shows their text runs, and random
    bytes hold ``ESC ( 0`` once in 16 MiB (textruns.py reads the runs)."""
    documented = states.may_set(data)
    drawn = charsets.may_shift(data) and not (b"\x00" in data and not is_utf8(data))
    if not documented and not drawn:
        return []
    text = data.decode("utf-8", "surrogateescape")
    pages = (states.pages(text) if documented else []) + (charsets.page(text) if drawn else [])
    return [(page, in_bytes(text, stored, "surrogateescape")) for page, stored in pages]


def is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _scan_bytes(matcher: TokenMatcher, data: bytes, placeless: bool) -> list[TokenHit]:
    if utf_bom(data) is not None:
        return _scan_bom(matcher, data)
    if placeless or data.isascii():  # (placeless: ASCII, asked already -- 1.5 ms at 32 MiB)
        if b"\x00" in data:  # (UTF-16 or UTF-32 of ASCII text can hold ``&#95;``: decoded too)
            return with_codec_hits(scan_nul_ascii(matcher, data), codec_hits(matcher, data, BINARY_CODECS))
        if not _constructs_b(data):
            joins = arrays.may_join_b(data) and arrays.holds_run_b(data)
            if placeless:  # (no needle a token's in any reading: near_b's answer, cheaper)
                return with_joined(matcher, data.decode("ascii"), []) if joins else []
            # One search tells both whether a raw token can be here and whether Markdown
            # syntax can join a needle (near.near_b): most text has neither.
            shows = near.near_b(data, matcher.needles)
            if shows is None and not joins:
                return []
            if not shows:
                # (near_b found no needle's beginning before what vanishes -- a silent control
                # among it --, so no needle here is cut short by one; None: no needle at all,
                # so no word holds one -- the word search skipped, a pass over 56 MB of
                # bench's corpus: the files that may hold an array of strings to join)
                spans = raw_word_spans(matcher, data, cut=False) if shows is not None else []
                if not spans and not joins:
                    return []
                if not silent_beside(data, spans):
                    hits = hits_at(matcher, data, spans, utf8=True) if spans else []
                    return with_joined(matcher, data.decode("ascii"), hits) if joins else hits
        hits = scan_utf8(matcher, data, data.decode("ascii"), bom=False)
        return with_codec_hits(hits, codec_hits(matcher, data, ("iso2022_jp",))) if iso2022_hint(data) else hits
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from rehearsal_hook.scan.textruns import scan_binary_text

        binary = b"\x00" in data
        hits = scan_binary_text(matcher, data) if binary else scan_legacy(matcher, data)
        hits = with_codec_hits(hits, codec_hits(matcher, data, BINARY_CODECS if binary else TEXT_CODECS))
        return hits if binary else with_unlined(hits, written_hits(matcher, data))
    return scan_utf8(matcher, data, text, bom=has_utf8_bom(data))


def _scan_bom(matcher: TokenMatcher, data: bytes) -> list[TokenHit]:
    """A BOM's file: its text, and where they show a token it lacks, UTF-16 behind a UTF-32 BOM
    (decode.utf16_too), its bytes as ``cat`` shows them (unless decode.ascii_units; its row 1 so,
    bomrow.py) and the file as a CRLF checkout writes it (written_hits).  Undecodable: its bytes, and U+FFFD."""
    from rehearsal_hook.scan import bomrow, textruns  # (they read through this module)

    text, row = decode_text(data), bomrow.row_hits(matcher, (data,))
    if text is None:
        shown = decode_shown(data)
        assert shown is not None
        codecs = [scan_str(matcher, shown), *codec_hits(matcher, data, BINARY_CODECS)]
        hits = with_codec_hits(textruns.scan_binary_text(matcher, data), codecs)
        return with_unlined(hits, [*written_hits(matcher, data), row])
    hits = scan_str(matcher, text)
    more = [*(codec_hits(matcher, data, BINARY_CODECS) if utf16_too(data) else []), *written_hits(matcher, data), row]
    return with_unlined(hits, more if ascii_units((data,)) else [textruns.scan_binary_text(matcher, data), *more])


def written_hits(matcher: TokenMatcher, data: bytes) -> list[list[TokenHit]]:
    """The hits of ``data`` as a checkout writes it where a reader's ``core.autocrlf`` asks
    (eol.py; none where git would not convert it): with a BOM, as an editor shows it in the
    BOM's encoding (decode_shown: the CRs leave units that do not decode, each U+FFFD) and as
    UTF-16 behind a UTF-32 BOM; without, in UTF-16 and UTF-32 where it decodes (in other
    encodings the CRs change no letter)."""
    if not eol.auto_converts(data):
        return []
    written = eol.written(data)
    shown = decode_shown(written)
    if shown is None:
        return codec_hits(matcher, written, BINARY_CODECS)
    also = [written.decode("utf-16", "replace")] if utf16_too(written) else []
    return [scan_str(matcher, text) for text in (shown, *also)]


def codec_hits(matcher: TokenMatcher, data: bytes, names: Sequence[str]) -> list[list[TokenHit]]:
    """The hits of each reading of ``data`` in another encoding (line and column of that
    reading).  A decoding that adds no reading (adds_reading) is not scanned again."""
    from rehearsal_hook.scan import rtl_lines  # (bidi: not at the hook's start, test_hook_imports)

    def texts() -> Iterator[str]:
        for name in names:
            try:
                yield rtl_lines.reading_text(matcher, decode_whole(data, name, errors=codec_errors(name)), name)
            except UnicodeDecodeError:
                continue

    return [scan_str(matcher, text) for text in distinct(t for t in texts() if adds_reading(t))]


def _constructs_b(data: bytes) -> bool:
    """Whether ASCII ``data`` may hold what a reader decodes, removes or overwrites: a
    rendered-reading hint, an export-subst placeholder, a lone CR, what roff or TeX makes or
    removes inside a maker (syntax_hints)."""
    made = gitformat.may_read_b(data) or has_lone_cr_b(data)
    if not holds_trigger_b(data):  # (most text: no hint, and of syntax_hints' makers only ``^^``)
        return made or syntax_hints.may_make_b(data, trigger=False)
    shape = mermaid.Shape(data)  # (may_render's removals and may_make_b's codes ask it: once)
    return may_render(data, shape) or made or syntax_hints.may_make_b(data, shape=shape)


def nul_text_is_stored(matcher: TokenMatcher, data: bytes) -> bool:
    """Whether the text reading of ASCII ``data`` holding NULs shows only words scan_binary
    reads: with its NULs as separators and taken out, it holds nothing a reader decodes,
    removes or overwrites (_constructs_b), no control a terminal does not print, no array of
    strings to join and no Markdown syntax that can join a needle (near.near_b) -- the fast
    path of scan_bytes, judged on both forms and with no silent control anywhere.  Most
    NUL-padded data (records, zero-filled blocks) is so: its text reading is skipped."""
    for form in (data.replace(b"\x00", b" "), data.replace(b"\x00", b"")):
        if _constructs_b(form) or has_silent(form) or arrays.may_join_b(form) or near.near_b(form, matcher.needles):
            return False
    return True


def scan_nul_ascii(matcher: TokenMatcher, data: bytes) -> list[TokenHit]:
    """ASCII holding a NUL: the bytes reading (scan_binary: words, and words with the NULs
    taken out) and the text's (scan_utf8).  A terminal prints no NUL and acts on the codes
    around it, a browser reads the rest as text: one NUL switches no rendered reading off.
    Merged by place, as the readings of one text are (so a stream's segments, read each on
    its own, give what the whole file gives)."""
    # (the words with the NULs taken out are merged as a view's, with their stored extent: so
    # that skipping the text reading changes no finding, not even a token's name)
    spans = raw_word_spans(matcher, data)
    hits = hits_at(matcher, data, spans, utf8=False)
    nul_free = nul_free_spans(matcher, data)
    if nul_text_is_stored(matcher, data):
        return _with_view(hits, nul_free)
    from rehearsal_hook.scan.views import view_hits

    text = data.decode("ascii")
    view = [*nul_free, *view_hits(matcher, text, data, spans=spans), *words.nul_free_view(matcher, data)]
    return with_joined(matcher, text, _with_view(hits, view))


def scan_legacy(matcher: TokenMatcher, data: bytes) -> list[TokenHit]:
    """Text that is not UTF-8 (no NUL: not binary): the bytes reading, plus every other
    reading of it decoded as UTF-8 with each undecodable byte kept apart -- one stray byte
    does not switch the Unicode and rendered readings off.  Columns count bytes."""
    from rehearsal_hook.scan.views import view_hits

    hits = scan_binary(matcher, data)
    return _with_view(hits, view_hits(matcher, data.decode("utf-8", "surrogateescape"), data, byte_columns=True))


def scan_utf8(matcher: TokenMatcher, data: bytes, text: str, *, bom: bool) -> list[TokenHit]:
    """Valid UTF-8 read as text: the raw words and the disguise view.  ``bom``: ``data`` starts
    with a BOM that ``text`` lacks (a file's start; inside a stream U+FEFF is a character)."""
    from rehearsal_hook.scan.views import view_hits

    spans = raw_word_spans(matcher, data)
    hits = hits_at(matcher, data, spans, utf8=True, bom=bom)
    hits = _with_view(hits, view_hits(matcher, text, data[3:] if bom else data, spans=None if bom else spans))
    return with_joined(matcher, text, hits)


def _with_view(hits: list[TokenHit], view: list[Span]) -> list[TokenHit]:
    """The bytes reading's ``hits`` merged with the other readings' (_merge)."""
    if not view:
        return hits
    return _merge([(h.line, h.column - 1, h.column - 1 + len(h.token), h.token, h.pragma) for h in hits], view)
