"""Decoding bytes the way an editor or a browser would: BOMs, UTF-8/16/32, and the legacy
encodings tried as further readings.  The only module that knows these rules; the scanner and
the strict JSON reader both decode through it."""

from __future__ import annotations

import codecs
import functools
import unicodedata
from collections.abc import Iterable, Iterator

# The first bytes of the BOMs utf_bom knows (UTF-32 BE starts with NUL).
_BOM_FIRST_BYTES = (0xFF, 0xFE, 0x00)


def utf_bom(data: bytes) -> str | None:
    """The codec a UTF-16 or UTF-32 BOM at the start of ``data`` names, else None.  (UTF-32 LE's
    BOM starts with UTF-16 LE's: it is looked for first.)"""
    if not data or data[0] not in _BOM_FIRST_BYTES:  # (most files: one comparison)
        return None
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def utf16_too(data: bytes) -> bool:
    """Whether ``data`` starts with a UTF-32 BOM, which is UTF-16 text as well: UTF-32 LE's BOM
    is UTF-16 LE's BOM and U+0000 (UTF-32 BE's, U+0000 and U+FEFF in UTF-16 BE), and a reader
    without UTF-32 (Windows Notepad) shows the file as UTF-16.  When it decodes as UTF-32 the
    bytes are read as UTF-16 too (a UTF-16 text starting with U+0000 and a token that pairs
    each letter with a NUL or a line break decoded as UTF-32 without the token)."""
    return utf_bom(data) == "utf-32"


def ascii_units(chunks: Iterable[bytes]) -> bool:
    """Whether a text with a UTF-16 BOM (``chunks``, the BOM first) holds ASCII characters
    only, each a code unit of its byte and a NUL: its bytes with the NULs taken out are then
    its text, which a terminal shows as the text's own readings read it, so reading its bytes
    again adds nothing (text._scan_bom; 50 times the text's cost).  Not for a NUL character, a
    partial last unit or a UTF-32 BOM."""
    it = iter(chunks)
    head = b""
    for chunk in it:
        head += chunk
        if len(head) >= 4:
            break
    if utf_bom(head) != "utf-16":
        return False
    char_at = 1 if head.startswith(codecs.BOM_UTF16_BE) else 0  # (the parity of a unit's byte)

    def plain(piece: bytes, at: int) -> bool:
        s = (at + char_at) % 2
        chars, nuls = piece[s::2], piece[1 - s :: 2]
        return chars.isascii() and b"\x00" not in chars and nuls.count(0) == len(nuls)

    if not plain(head[2:], 2):
        return False
    at = len(head)
    for chunk in it:
        if not plain(chunk, at):
            return False
        at += len(chunk)
    return at % 2 == 0


def has_utf8_bom(data: bytes) -> bool:
    """Whether ``data`` starts with UTF-8's BOM (at a file's start no character; inside a
    stream, U+FEFF is one)."""
    return data.startswith(codecs.BOM_UTF8)


# UTF-8 read as text: a BOM at the start is no character.
UTF8 = "utf-8-sig"


def text_encoding(data: bytes) -> str:
    """The encoding ``data`` is text in, if it is text: the one its UTF-16 or UTF-32 BOM names,
    else UTF-8 (BOM optional)."""
    return utf_bom(data) or UTF8


def decode_text(data: bytes) -> str | None:
    """The text of ``data`` if it is UTF-8 (BOM optional) or UTF-16/UTF-32 with a BOM, else None."""
    try:
        return decode_whole(data, text_encoding(data))
    except UnicodeDecodeError:
        return None


def decode_shown(data: bytes) -> str | None:
    """With a UTF-16 or UTF-32 BOM, the text an editor shows: every code unit that does not
    decode (a lone surrogate, a UTF-32 unit past U+10FFFF) as U+FFFD and the rest as text --
    one such unit is no reason to read the file as bytes only (a disguised token passed).
    None without a BOM."""
    codec = utf_bom(data)
    return None if codec is None else data.decode(codec, "replace")


# Code units of the wide encodings.  A file cut short by a byte or three shows its text and a
# replacement character for the partial last unit (as an editor shows it): that unit is no
# reason to read no text at all (it was: a token in UTF-16 plus one byte passed).
WIDE_UNITS = {"utf-16": 2, "utf-16-le": 2, "utf-16-be": 2, "utf-32": 4, "utf-32-le": 4, "utf-32-be": 4}


def decode_whole(data: bytes, name: str, *, partial_unit: bool = True, errors: str = "strict") -> str:
    """``data`` decoded strictly in ``name`` (or with ``errors``), but for a partial last code
    unit of a wide encoding, read as U+FFFD (unless ``partial_unit`` is False: a reader that
    refuses what it cannot decode refuses that too).  Raises UnicodeDecodeError."""
    rest = len(data) % WIDE_UNITS.get(name, 1)
    if not rest or not partial_unit:
        return data.decode(name, errors)
    return data[: len(data) - rest].decode(name, errors) + "\ufffd"


# The other single-byte encodings a browser knows (the WHATWG Encoding Standard's, which its
# detector and an editor's guess pick for Cyrillic or Greek text) or a Windows console shows
# (its OEM code pages), each only where some byte reads in it as what it does not in
# windows-1252 or Latin-1: a Latin look-alike (Cyrillic and Greek capitals), ``_`` (a double
# low line), a digit or letters (a superscript, ``™``).  ``CUTOVER_``, then windows-1251's
# ER and A, then ``SS`` shows the token in a Russian editor, and passed.  (windows-1250,
# ISO-8859-2 and the like show no such byte.  The Hebrew and Arabic ones: RTL_CODECS.)
SINGLE_BYTE_CODECS = (
    "cp1251",
    "koi8_r",
    "koi8_u",
    "cp866",
    "mac_cyrillic",
    "iso8859_5",
    "cp1253",
    "iso8859_7",
    "mac_roman",
    "cp437",
    "cp850",
)

# The Hebrew and Arabic code pages: their LRM and RLM (0xFD, 0xFE: Latin-1's ý and þ), ZWNJ
# and ZWJ vanish, ISO-8859-8's double low line (0xDF, ß) reads as ``_``, an alef or a vav as
# ``I``; in display order a letter moves a digit out of the word after it.  Laid out in display
# order, every line of a Latin-1 file read in them (each byte over 0x7F a Hebrew or Arabic
# letter) cost a hundredfold, 45 s for 4 MB: the scanner reads in display order only the lines
# where that can show a needle, the rest in stored order (stored_order; scan/rtl_lines.py).
RTL_CODECS = ("cp1255", "iso8859_8", "cp1256", "iso8859_6")

# Korean as browsers decode "EUC-KR" (Windows' code page 949, which holds Cyrillic and
# Greek), and Big5 as they decode it (with Hong Kong's additions: Cyrillic again).
WIDER_CJK_CODECS = ("cp949", "big5hkscs")

# The legacy encodings are read as a browser told the charset (or an editor that guessed it)
# shows them: a byte that does not decode as U+FFFD, the rest as text.  One such byte switched
# the whole reading off, and full-width letters in Shift_JIS passed.  (windows-1252 needs no
# such care: latin-1 decodes any byte.)
SHOWN_WITH_REPLACEMENT = frozenset(
    {"shift_jis", "euc_jp", "iso2022_jp", "gb18030", "big5", *WIDER_CJK_CODECS, *SINGLE_BYTE_CODECS, *RTL_CODECS}
)

# What stands for a character of RTL_CODECS that can reorder a line (bidi.BIDI_RE: a
# right-to-left letter or mark, the vowel points and other combining marks of their blocks): a
# left-to-right letter or punctuation mark that is no look-alike (RUNIC LETTER FEHU, ARMENIAN
# FULL STOP), one that reads as the same token character (an alef, ``I``: a look-alike of
# another script), a combining mark that makes another letter (COMBINING GRAVE ACCENT BELOW),
# and for a mark that vanishes, one that vanishes without reordering anything (WORD JOINER).
_LTR_LETTER, _LTR_PUNCTUATION, _LTR_MARK, _VANISHING = "\u16a0", "\u0589", "\u0316", "\u2060"


@functools.cache
def stored_order(name: str) -> dict[int, str]:
    """The translation that reads text decoded in ``name`` (one of RTL_CODECS) in stored order:
    each right-to-left character of it as a left-to-right one that reads the same."""
    from rehearsal_hook.scan.bidi import BIDI_RE
    from rehearsal_hook.scan.normalize import cell_width, disguise_char, lookalikes

    same_look: dict[str, str] = {}
    for cp, look in lookalikes().items():
        ch = chr(cp)
        if unicodedata.bidirectional(ch) == "L" and unicodedata.category(ch)[0] == "L" and cell_width(ch) == 1:
            same_look.setdefault(look, ch)
    table: dict[int, str] = {}
    for b in range(0x80, 0x100):
        ch = bytes([b]).decode(name, "replace")
        if BIDI_RE.fullmatch(ch) is None and ch != "\u200e":
            continue
        look, kind = disguise_char(ch), unicodedata.category(ch)[0]
        if not look:
            table[ord(ch)] = _VANISHING
        elif look in same_look:
            table[ord(ch)] = same_look[look]
        else:
            table[ord(ch)] = {"P": _LTR_PUNCTUATION, "M": _LTR_MARK}.get(kind, _LTR_LETTER)
    return table


def codec_errors(name: str) -> str:
    """How a reading in ``name`` treats bytes it cannot decode (SHOWN_WITH_REPLACEMENT)."""
    return "replace" if name in SHOWN_WITH_REPLACEMENT else "strict"


def incremental_decoder(name: str, errors: str = "strict") -> codecs.IncrementalDecoder:
    """A decoder of ``name`` for a stream (strict unless ``errors`` says otherwise), to be
    ended with decode_end."""
    return codecs.getincrementaldecoder(name)(errors)


def decode_end(decoder: codecs.IncrementalDecoder, name: str) -> str:
    """The end of a strict incremental decoding in ``name``, as decode_whole ends: a partial
    last code unit of a wide encoding reads as U+FFFD (anything else left over raises
    UnicodeDecodeError)."""
    pending = decoder.getstate()[0]
    if pending and len(pending) < WIDE_UNITS.get(name, 1):
        return "\ufffd"
    return decoder.decode(b"", final=True)


# The encodings an editor or a browser may pick for bytes that are not UTF-8: each is one more
# reading when the whole text decodes in it (strictly; the multibyte ones with U+FFFD for what
# does not decode, see codec_errors).  Bytes with NUL are read only as
# UTF-16 and UTF-32 without a BOM; ISO-2022-JP is 7-bit, so it is tried on ASCII text with
# its escape sequences (iso2022_hint).
def declared_codec(label: str) -> str | None:
    """The name of Python's codec for a charset a text declares (a mail's ``charset=``, a data:
    URL's), one that decodes any bytes with replacement: None where Python has none, or one
    that is no text encoding (``base64``, ``rot13``) or decodes as no reader does (``idna``,
    ``punycode``, ``undefined``).  ``utf-16`` and ``utf-32`` without a BOM are little-endian
    (the Encoding Standard's ``utf-16``; Python's codecs of those names want a BOM)."""
    try:
        info = codecs.lookup(label)
    except (LookupError, ValueError):  # (ValueError: a NUL in the name, which a file can hold)
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NO_READER:
        return None
    return _BOMLESS.get(info.name, info.name)


# Python's text codecs that raised out of the scan on a declared charset (each codec Python
# ships, probed with every byte): the wide ones wanting a BOM, and what decodes no text.
_BOMLESS = {"utf-16": "utf-16-le", "utf-32": "utf-32-le"}
_NO_READER = frozenset({"idna", "punycode", "undefined"})

BINARY_CODECS = ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be")
TEXT_CODECS = (
    "cp1252",
    "latin-1",
    "shift_jis",
    "euc_jp",
    "iso2022_jp",
    "gb18030",
    "big5",
    *WIDER_CJK_CODECS,
    *SINGLE_BYTE_CODECS,
    *RTL_CODECS,
    *BINARY_CODECS,
)


def iso2022_hint(data: bytes) -> bool:
    # (ESC first: memchr, where a two-byte ``in`` runs at a fraction of its speed)
    return b"\x1b" in data and b"\x1b$" in data


def distinct(texts: Iterable[str]) -> Iterator[str]:
    """Each of ``texts`` that is not one before it.  Code pages that decode a file's bytes alike
    (windows-1255 and ISO-8859-8 read Hebrew letters the same, koi8_r and koi8_u most text)
    give the same text, whose reading finds the same hits: read once (5 to 13 of 28 readings
    of a legacy text).  Known by a digest, so that no decoded copy is kept (28 of a 64 MiB
    file)."""
    import hashlib  # (not at a hook's start: only a legacy text is decoded so)

    seen: set[bytes] = set()
    for text in texts:
        digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        if digest not in seen:
            seen.add(digest)
            yield text
