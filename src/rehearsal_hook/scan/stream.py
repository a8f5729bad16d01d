"""Streaming scans: a file read in chunks, cut only where no token can straddle the cut
(segments.py), as bytes (stream_bytes.py) or decoded text (stream_text.py), with the readings
scan_bytes gives the whole file in memory."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import eol, rtf
from rehearsal_hook.scan.decode import (
    BINARY_CODECS,
    TEXT_CODECS,
    ascii_units,
    codec_errors,
    decode_end,
    incremental_decoder,
    utf16_too,
    utf_bom,
)
from rehearsal_hook.scan.matcher import TokenHit, TokenMatcher
from rehearsal_hook.scan.merging import with_codec_hits, with_unlined
from rehearsal_hook.scan.stream_bytes import (
    ASCII_TEXT,
    LEGACY,
    NEUTRAL,
    NOT_UTF8,
    NUL_ASCII,
    UTF8_TEXT,
    ByteStream,
)
from rehearsal_hook.scan.stream_text import NotText, TextStream
from rehearsal_hook.scan.text import adds_reading, bounded

UTF16_TOO = "utf16-too"  # a UTF-32 BOM (decode.utf16_too): not a segment's reading
WIDE_BOM = "wide-bom"  # a UTF-16 or UTF-32 BOM: read in that encoding, and others (text._scan_bom)


def _whole(readings: set[str]) -> str:
    """The reading scan_bytes gives the whole file, from those of its segments ("nul": some
    segment holds a NUL; "bom": the file starts with UTF-8's)."""
    if NOT_UTF8 in readings or LEGACY in readings:
        return NOT_UTF8 if NOT_UTF8 in readings or NUL_ASCII in readings or "nul" in readings else LEGACY
    if UTF8_TEXT in readings or "bom" in readings:  # a UTF-8 BOM: not ASCII, so text
        return UTF8_TEXT
    if NUL_ASCII in readings:  # ASCII with a NUL: its text and its bytes (text.scan_nul_ascii)
        return NUL_ASCII
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
    (UTF8_TEXT, NUL_ASCII, NOT_UTF8 or LEGACY) fixes the reading of the whole stream; ``readings`` collects those
    used, so that the caller can tell whether a whole-file reading would differ
    (scan_file_chunks)."""
    it = iter(chunks)
    first = b""
    while len(first) < 5:  # enough to recognise a BOM or RTF's signature however it is chunked
        part = next(it, None)
        if part is None:
            break
        first += part
    if rtf.is_rtf(first):
        raise CannotVerify(
            "unverifiable-reading",
            "an RTF file too large to read whole: what a word processor shows of it (its text without "
            "control words and groups) is read in memory only (the limit of a streamed reading)",
        )
    codec = utf_bom(first) if detect_utf16 else None
    if codec is not None:
        if readings is not None:
            readings.update((WIDE_BOM, UTF16_TOO) if utf16_too(first) else (WIDE_BOM,))
        yield from TextStream(matcher, itertools.chain((first,), it), codec).hits()
        return
    yield from ByteStream(matcher, first, it, read_as=read_as, readings=readings).hits()


def scan_file_chunks(matcher: TokenMatcher, open_chunks: Callable[[], Iterator[bytes]]) -> list[TokenHit]:
    """Scan a stream that can be opened twice, as scan_bytes scans a file in memory: UTF-16
    that turns out undecodable half-way is scanned again from the start as bytes; a text read
    in UTF-16 or UTF-32 is read as a CRLF checkout writes it too (text.written_hits)."""
    readings: set[str] = set()
    try:
        hits = bounded(scan_chunks(matcher, open_chunks(), readings=readings))
    except NotText as bad:
        hits = bounded(scan_chunks(matcher, open_chunks(), detect_utf16=False, read_as=NOT_UTF8))
        # What an editor shows in the BOM's encoding, as decode_shown reads it in memory.
        shown = bounded(TextStream(matcher, open_chunks(), bad.codec, errors="replace").hits())
        hits = bounded(
            with_codec_hits(
                hits, [shown, *(m for name in BINARY_CODECS if (m := _codec_hits_streamed(matcher, open_chunks, name)))]
            )
        )
        return bounded(
            with_unlined(hits, [*_written_hits_streamed(matcher, open_chunks), _row_hits(matcher, open_chunks)])
        )
    if WIDE_BOM in readings:  # as scan_bytes adds them: its bytes, UTF-16 of a UTF-32 BOM, written so, row 1 (bomrow)
        more = [*_written_hits_streamed(matcher, open_chunks), _row_hits(matcher, open_chunks)]
        if UTF16_TOO in readings:
            more = [m for name in BINARY_CODECS if (m := _codec_hits_streamed(matcher, open_chunks, name))] + more
        if not ascii_units(open_chunks()):
            more.insert(0, bounded(scan_chunks(matcher, open_chunks(), detect_utf16=False, read_as=NOT_UTF8)))
        return bounded(with_unlined(hits, more))
    return _by_whole_reading(matcher, open_chunks, hits, readings)


def _by_whole_reading(
    matcher: TokenMatcher, open_chunks: Callable[[], Iterator[bytes]], hits: list[TokenHit], readings: set[str]
) -> list[TokenHit]:
    """scan_file_chunks of a stream with no UTF-16 or UTF-32 BOM."""
    # In memory the whole file has one reading (scan_bytes).  A stream learns it as it goes;
    # when some segment was read otherwise, scan again with the whole file's reading (found by
    # fuzzing: a valid UTF-8 segment of a file that is not text hid a token that only the
    # bytes reading sees).  Segments that read the same every way do not count.
    whole = _whole(readings)
    # ASCII without NUL reads the same as UTF-8 text and, its text reading being all of it, as
    # ASCII with a NUL (text.scan_nul_ascii).
    same = {ASCII_TEXT: NUL_ASCII if whole == NUL_ASCII else UTF8_TEXT}
    used = {same.get(r, r) for r in readings} - {NEUTRAL, "bom", "nul", "iso2022"}
    if used - {same.get(whole, whole)} or ("bom" in readings and whole in (NOT_UTF8, LEGACY)):
        hits = bounded(scan_chunks(matcher, open_chunks(), detect_utf16=False, read_as=whole))
    # The other encodings' readings, as scan_bytes adds them: for bytes that are not UTF-8,
    # and ISO-2022-JP for ASCII text with its escapes.
    names: tuple[str, ...] = ()
    if whole in (NOT_UTF8, LEGACY, NUL_ASCII):  # (ASCII with NUL too: UTF-16 of ASCII text)
        names = TEXT_CODECS if whole == LEGACY else BINARY_CODECS
    elif "iso2022" in readings and not readings & {UTF8_TEXT, "bom", "nul", NUL_ASCII}:
        names = ("iso2022_jp",)
    codecs = [more for name in names if (more := _codec_hits_streamed(matcher, open_chunks, name))]
    hits = bounded(with_codec_hits(hits, codecs))  # (in all, as scan_bytes: text.MAX_HITS)
    if whole not in (NOT_UTF8, LEGACY):  # (text git reads as UTF-8: read in no wide encoding)
        return hits
    return bounded(with_unlined(hits, _written_hits_streamed(matcher, open_chunks)))


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
    except UnicodeError:  # (also a CJK decoder's "pending buffer overflow": an escape left open)
        return []
    if not adds:
        return []
    return bounded(TextStream(matcher, open_chunks(), name, codec_errors(name)).hits())


def _row_hits(matcher: TokenMatcher, open_chunks: Callable[[], Iterator[bytes]]) -> list[TokenHit]:
    """Row 1 of a BOM's file as a terminal shows it (bomrow.row_hits: it reads the stream up to the row's end)."""
    from rehearsal_hook.scan import bomrow  # (carriage's patterns: not at a hook's start)

    return bomrow.row_hits(matcher, open_chunks())


def _written_hits_streamed(matcher: TokenMatcher, open_chunks: Callable[[], Iterator[bytes]]) -> list[list[TokenHit]]:
    """text.written_hits over a stream."""
    if not eol.auto_converts_chunks(open_chunks()):
        return []

    def written() -> Iterator[bytes]:
        return (eol.written(chunk) for chunk in open_chunks())

    head = b""
    for chunk in written():
        head += chunk
        if len(head) >= 4:
            break
    codec = utf_bom(head)
    if codec is None:
        return [m for name in BINARY_CODECS if (m := _codec_hits_streamed(matcher, written, name))]
    names = (codec, "utf-16") if utf16_too(head) else (codec,)
    return [bounded(TextStream(matcher, written(), name, errors="replace").hits()) for name in names]
