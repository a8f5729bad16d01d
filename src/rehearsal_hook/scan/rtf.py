"""RTF's reading of a file, as a word processor shows it (WordPad, Word, TextEdit,
LibreOffice open a ``.rtf`` file by its ``{\\rtf`` signature): its plain text.

Control words vanish (with the blank that ends one) and so do groups' braces -- but the
paragraph and line controls (``\\par``, ``\\line``, ``\\sect``, ``\\page``, ``\\row``,
``\\cell``) are a line break and ``\\tab`` a tab; ``\\'5f`` is that byte in the document's code
page (``\\ansicpg1251``: windows-1251, a single-byte page Python knows; else windows-1252),
``\\u95?`` is U+005F and the ``\\uc`` (1)
characters after it its fallback, not shown; ``\\\\``, ``\\{``, ``\\}`` are themselves, ``\\~`` a
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
import dataclasses
import functools
import re

_TOKEN = (
    rb"\\(?P<word>[A-Za-z]{1,32})(?P<arg>-?[0-9]{1,10})? ?"
    rb"|\\'(?P<hex>[0-9A-Fa-f]{2})"
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

    pos = 0
    token = _token()
    while (m := token.search(data, pos)) is not None:
        pos = m.end()
        if m.group("brace") is not None:
            if m.group("brace") == b"{":
                groups.append(dataclasses.replace(groups[-1]))
            elif len(groups) > 1:
                groups.pop()
            star = False
            skip = 0
        elif m.group("word") is not None:
            word, arg = m.group("word"), m.group("arg")
            group = groups[-1]
            on = arg is None or int(arg) != 0
            if star or word in _HIDDEN:
                group.hidden = True
            elif word == b"u" and arg is not None:
                n = int(arg)
                skip = 0
                emit(chr(n + 65536 if n < 0 else n) if -32768 <= n <= 65535 else "\ufffd", m.start())
                skip = group.uc
            elif word == b"ansicpg" and arg is not None:
                codepage = _codepage(int(arg))
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
            elif word in _BREAKS:
                emit(_BREAKS[word], m.start())
            star = False
        elif m.group("hex") is not None:
            emit(bytes([int(m.group("hex"), 16)]).decode(codepage, "replace"), m.start())
        elif m.group("symbol") is not None:
            symbol = m.group("symbol").decode("latin-1")
            if symbol == "*":
                star = True
            elif symbol != "-":
                emit(_SYMBOLS.get(symbol, symbol), m.start())
        elif m.group("text") is not None:
            emit(m.group("text").decode(codepage, "replace"), m.start(), 1)
    return "".join(out), index


def _codepage(number: int) -> str:
    """The codec of Windows code page ``number`` (``\\ansicpg``) if it is one Python has and
    one byte a character (each ``\\'XX`` and text byte is read on its own); else windows-1252
    (a double-byte page -- Japanese, Chinese, Korean -- is read so too: a limit)."""
    try:
        name = codecs.lookup(f"cp{number}").name
    except LookupError:
        return "cp1252"
    return name if len(bytes(range(256)).decode(name, "replace")) == 256 else "cp1252"


@dataclasses.dataclass
class _Group:
    """What an open group says of the text in it (a group opens as the one around it is)."""

    hidden: bool = False  # a destination a reader does not show
    uc: int = 1  # how many characters a \\u's fallback takes
    invisible: bool = False  # hidden text (``\\v``)
    caps: bool = False  # capitals or small capitals (``\\caps``, ``\\scaps``)
