"""RTF's reading of a file, as a word processor shows it (WordPad, Word, TextEdit,
LibreOffice open a ``.rtf`` file by its ``{\\rtf`` signature): its plain text.

Control words vanish (with the blank that ends one) and so do groups' braces -- but the
paragraph and line controls (``\\par``, ``\\line``, ``\\sect``, ``\\page``, ``\\row``,
``\\cell``) are a line break and ``\\tab`` a tab; ``\\'5f`` is that byte in the document's code
page (``\\ansicpg1251``: windows-1251, a page Python knows; else windows-1252) -- in a page of
characters of more than one byte (``\\ansicpg65001``, UTF-8; ``932``, Shift_JIS; ``936``,
``949``, ``950``) the bytes of a character, ``\\'`` escapes and the file's own bytes alike, even
across a line break in the file, are read together, and a brace or control word between them
ends the character (LibreOffice 7.4 shows ``CUTOVER_\\'ef\\'bc\\'b0ASS`` in UTF-8 and
``\\'82\\'6f`` in Shift_JIS as a full-width P, ``\\'c2\\'ad`` as a soft hyphen; ``\\'ef{}\\'bc``
as two U+FFFD); text in a font whose entry in the font table names a charset or a code page
(``{\\f1\\fcharset204 Arial;}``, ``\\cpg1251``) is read in that page where ``\\f1`` chooses it
(LibreOffice 7.4 shows ``{\\f1\\'d0}`` as Cyrillic ER; it applies no ``\\deff`` font's, and
charsets 0 and 1 leave the document's page); an escape's two digits are read across a line
break in the file (``\\'`` then ``5f`` on the next line is ``_``); ``\\u95?`` is U+005F and
the ``\\uc`` (1) bytes after it its fallback, not shown; ``\\\\``, ``\\{``, ``\\}`` are themselves, ``\\~`` a
no-break space, ``\\-`` vanishes; a group that is a destination a reader does not show (font,
colour and style tables, document info, pictures, ``{\\*...}``) vanishes whole, and so do
hidden text (``\\v``: Word and LibreOffice do not show it) and binary data (``\\bin3`` and the
3 bytes after it); text set in capitals or small capitals (``\\caps``, ``\\scaps``) shows its
letters as capitals; a surrogate pair of ``\\u`` (how Word writes a character beyond U+FFFF)
is that character; and a line break in the file is no text (RTF's text runs on across it:
``DEPLOY_`` and ``OK`` on two lines of the file show one word).

One pass over the file, a stack of the groups open: linear.  Each character of the text is
given with the index in the file of the byte it comes from (text.py reports a token there).
"""

from __future__ import annotations

import codecs
import functools
import re

_TOKEN = (
    rb"\\(?P<word>[A-Za-z]{1,32})(?P<arg>-?[0-9]{1,10})? ?"
    rb"|\\'[\r\n]*+(?P<hex>[0-9A-Fa-f])[\r\n]*+(?P<hex2>[0-9A-Fa-f])"
    rb"|\\(?P<symbol>[\s\S])"
    rb"|(?P<brace>[{}])"
    rb"|(?P<text>[^\\{}\r\n]++)"
    rb"|[\r\n]++"
)


# (Compiled on first use: only a file with RTF's signature is read so, and every hook's
# start-up paid 0.2 ms for it.)
@functools.cache
def _token() -> re.Pattern[bytes]:
    return re.compile(_TOKEN)


# Destinations whose text a reader does not show.
_HIDDEN = frozenset(
    b"fonttbl colortbl stylesheet info pict object header footer headerl headerr footerl footerr "
    b"listtable listoverridetable revtbl rsidtbl generator xmlnstbl themedata colorschememapping "
    b"datastore latentstyles filetbl author operator title subject keywords comment doccomm "
    b"bkmkstart bkmkend fldinst".split()
)
_BREAKS = {b"par": "\n", b"line": "\n", b"sect": "\n", b"page": "\n", b"row": "\n", b"cell": " ", b"tab": "\t"}
_SYMBOLS = {"\\": "\\", "{": "{", "}": "}", "~": "\u00a0", "_": "\u2011", "\n": "\n", "\r": "\n"}


def is_rtf(data: bytes) -> bool:
    """Whether ``data`` starts with RTF's signature (a reader opens it as RTF)."""
    return data.startswith(b"{\\rtf")


def plain_text(data: bytes) -> tuple[str, list[int]]:
    """The text an RTF reader shows of ``data``, and per character the index in ``data`` of
    the byte it comes from."""
    out: list[str] = []
    index: list[int] = []
    groups = [_Group()]  # the open groups, innermost last
    skip = 0  # fallback characters still to pass over
    codepage = "cp1252"  # the document's (``\\ansicpg``)
    fonts: dict[int, tuple[str, bool]] = {}  # a font's own code page (``\\fcharset``, ``\\cpg``)
    star = False  # ``\\*`` opened this group: an ignorable destination

    def emit(text: str, at: int, step: int = 0) -> None:
        nonlocal skip
        shown = groups[-1]
        for k, ch in enumerate(text):
            if skip:
                skip -= 1
                continue
            if shown.hidden or shown.invisible:
                continue
            if "\udc00" <= ch <= "\udfff" and out and "\ud800" <= out[-1] <= "\udbff":
                out[-1] = chr(0x10000 + ((ord(out[-1]) - 0xD800) << 10) + ord(ch) - 0xDC00)
                continue
            # (A capital only where it is one character: the text keeps its length.)
            up = ch.upper() if shown.caps else ch
            out.append(up if len(up) == 1 else ch)
            index.append(at + k * step)

    decoder: codecs.IncrementalDecoder | None = None  # a character's bytes so far (a wide page)
    first = 0  # where the bytes of the character being read start

    def feed(raw: bytes, at: int, step: int) -> None:
        """Bytes of the text in the code page, byte ``k`` at ``at + k * step``: a page of one
        byte a character decodes them at once; a wider one byte by byte, a character's bytes
        read together up to the next brace or control (flush) -- and a fallback's bytes
        (``\\uc``) skipped one by one, as bytes."""
        nonlocal decoder, first, skip
        page, wide = fonts.get(groups[-1].font, (codepage, document_wide))
        if not wide:
            emit(raw.decode(page, "replace"), at, step)
            return
        if decoder is None:  # (the page changes only at a brace or a control word: flushed)
            decoder = codecs.getincrementaldecoder(page)("replace")
        for k in range(len(raw)):
            if skip:
                skip -= 1
                continue
            if decoder.getstate()[0] == b"":
                first = at + k * step
            emit(decoder.decode(raw[k : k + 1]), first)

    def flush() -> None:
        """A character still open ends (its bytes so far: U+FFFD)."""
        nonlocal decoder
        if decoder is not None:
            emit(decoder.decode(b"", final=True), first)
            decoder = None

    document_wide = False  # the document's code page has characters of more than one byte
    pos = 0
    token = _token()
    while (m := token.search(data, pos)) is not None:
        pos = m.end()
        if m.group("hex") is not None:  # (a line break in the file inside it is no text either)
            feed(bytes([int(m.group("hex") + m.group("hex2"), 16)]), m.start(), 0)
            continue
        if m.group("text") is not None:
            feed(m.group("text"), m.start(), 1)
            continue
        if m.group("brace") is None and m.group("word") is None and m.group("symbol") is None:
            continue  # (a line break in the file: no text, and no end to a character)
        flush()
        if m.group("brace") is not None:
            if m.group("brace") == b"{":
                groups.append(groups[-1].inner())
            elif len(groups) > 1:
                groups.pop()
            star = False
            skip = 0
        elif m.group("word") is not None:
            word, arg = m.group("word"), m.group("arg")
            group = groups[-1]
            on = arg is None or int(arg) != 0
            if word == b"fonttbl":
                group.hidden = group.fonts = True
            elif group.fonts and arg is not None and word in (b"f", b"fcharset", b"cpg"):
                # (a font of the table: its number, and the code page its charset or cpg names)
                if word == b"f":
                    group.font = int(arg)
                elif word == b"cpg" or int(arg) in _CHARSETS:
                    fonts[group.font] = _codepage(int(arg) if word == b"cpg" else _CHARSETS[int(arg)])
            elif star or word in _HIDDEN:
                group.hidden = True
            elif word == b"f" and arg is not None:
                group.font = int(arg)
            elif word == b"u" and arg is not None:
                n = int(arg)
                skip = 0
                emit(chr(n + 65536 if n < 0 else n) if -32768 <= n <= 65535 else "\ufffd", m.start())
                skip = group.uc
            elif word == b"ansicpg" and arg is not None:
                codepage, document_wide = _codepage(int(arg))
            elif word == b"uc" and arg is not None:
                group.uc = max(0, int(arg))
            elif word == b"bin" and arg is not None:
                pos += max(0, int(arg))  # (binary data: no text)
            elif word == b"v":
                group.invisible = on
            elif word in (b"caps", b"scaps"):
                group.caps = on
            elif word == b"plain":
                group.invisible = group.caps = False
                group.font = -1  # (no font's own page: LibreOffice 7.4 applies none for ``\\deff``)
            elif word in _BREAKS:
                emit(_BREAKS[word], m.start())
            star = False
        elif m.group("symbol") is not None:
            symbol = m.group("symbol").decode("latin-1")
            if symbol == "*":
                star = True
            elif symbol != "-":
                emit(_SYMBOLS.get(symbol, symbol), m.start())
    flush()
    return "".join(out), index


def _codepage(number: int) -> tuple[str, bool]:
    """The codec of Windows code page ``number`` (``\\ansicpg``) if Python has one of that
    name that decodes bytes to text (``cp65001`` is UTF-8), else windows-1252; and whether a
    character of it may take more than one byte (UTF-8, the double-byte pages of Japanese,
    Chinese and Korean: a pair of bytes that is one character in each)."""
    try:
        info = codecs.lookup(f"cp{number}")
        text = bytes(range(256)).decode(info.name, "replace")
    except (LookupError, TypeError, ValueError):
        return "cp1252", False
    if not isinstance(text, str):
        return "cp1252", False
    return info.name, len(b"\xc3\xa9\x82\x6f\xa4\xa4".decode(info.name, "replace")) < 6


class _Group:
    """What an open group says of the text in it (a group opens as the one around it is:
    ``inner``).  (A plain class: a dataclass's making cost every hook's start 0.3-0.5 ms.)"""

    __slots__ = ("caps", "font", "fonts", "hidden", "invisible", "uc")

    def __init__(self) -> None:
        self.hidden = False  # a destination a reader does not show
        self.uc = 1  # how many characters a \\u's fallback takes
        self.invisible = False  # hidden text (``\\v``)
        self.caps = False  # capitals or small capitals (``\\caps``, ``\\scaps``)
        self.font = -1  # the font (``\\f``; -1: none chosen); in the table, the one defined
        self.fonts = False  # the font table (``\\fonttbl``)

    def inner(self) -> _Group:
        """A group opened in this one: the same, until its own words say otherwise."""
        group = _Group()
        group.hidden, group.uc, group.invisible = self.hidden, self.uc, self.invisible
        group.caps, group.font, group.fonts = self.caps, self.font, self.fonts
        return group


# The Windows code page of a font's charset (``\\fcharset``), as Word writes them and
# LibreOffice reads them: Japanese, Korean (and Johab), Chinese, Greek, Turkish, Vietnamese,
# Hebrew, Arabic, Baltic, Cyrillic, Thai, Central European, DOS.  (0, ANSI, and 1, the
# default, leave the document's page; Mac's 77 and the symbol charset 2 too.)
_CHARSETS = {
    128: 932,
    129: 949,
    130: 1361,
    134: 936,
    136: 950,
    161: 1253,
    162: 1254,
    163: 1258,
    177: 1255,
    178: 1256,
    186: 1257,
    204: 1251,
    222: 874,
    238: 1250,
    254: 437,
    255: 850,
}
