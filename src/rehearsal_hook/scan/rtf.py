"""RTF's reading of a file, as a word processor shows it (WordPad, Word, TextEdit,
LibreOffice open a ``.rtf`` file by its ``{\\rtf`` signature): its plain text.

Control words vanish (with the blank that ends one) and so do groups' braces -- but the
paragraph and line controls (``\\par``, ``\\line``, ``\\sect``, ``\\page``, ``\\row``,
``\\cell``) are a line break and ``\\tab`` a tab; ``\\'5f`` is that byte in the document's code
page (windows-1252; ``\\ansicpg`` is not followed), ``\\u95?`` is U+005F and the ``\\uc`` (1)
characters after it its fallback, not shown; ``\\\\``, ``\\{``, ``\\}`` are themselves, ``\\~`` a
no-break space, ``\\-`` vanishes; a group that is a destination a reader does not show (font,
colour and style tables, document info, pictures, ``{\\*...}``) vanishes whole; and a line
break in the file is no text (RTF's text runs on across it: ``DEPLOY_`` and ``OK`` on two lines
of the file show one word).

One pass over the file, a stack of the groups open: linear.  Each character of the text is
given with the index in the file of the byte it comes from (text.py reports a token there).
"""

from __future__ import annotations

import re

_TOKEN = re.compile(
    rb"\\(?P<word>[A-Za-z]{1,32})(?P<arg>-?[0-9]{1,10})? ?"
    rb"|\\'(?P<hex>[0-9A-Fa-f]{2})"
    rb"|\\(?P<symbol>[\s\S])"
    rb"|(?P<brace>[{}])"
    rb"|(?P<text>[^\\{}\r\n]++)"
    rb"|[\r\n]++"
)
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
    hidden = [False]  # per open group: whether it shows nothing
    uc = [1]  # per open group: how many characters a \\u's fallback takes
    skip = 0  # fallback characters still to pass over
    star = False  # ``\\*`` opened this group: an ignorable destination

    def emit(text: str, at: int, step: int = 0) -> None:
        nonlocal skip
        for k, ch in enumerate(text):
            if skip:
                skip -= 1
                continue
            if not hidden[-1]:
                out.append(ch)
                index.append(at + k * step)

    for m in _TOKEN.finditer(data):
        if m.group("brace") is not None:
            if m.group("brace") == b"{":
                hidden.append(hidden[-1])
                uc.append(uc[-1])
            elif len(hidden) > 1:
                hidden.pop()
                uc.pop()
            star = False
            skip = 0
        elif m.group("word") is not None:
            word, arg = m.group("word"), m.group("arg")
            if star or word in _HIDDEN:
                hidden[-1] = True
            elif word == b"u" and arg is not None:
                n = int(arg)
                skip = 0
                emit(chr(n + 65536 if n < 0 else n) if -32768 <= n <= 65535 else "\ufffd", m.start())
                skip = uc[-1]
            elif word == b"uc" and arg is not None:
                uc[-1] = max(0, int(arg))
            elif word in _BREAKS:
                emit(_BREAKS[word], m.start())
            star = False
        elif m.group("hex") is not None:
            emit(bytes([int(m.group("hex"), 16)]).decode("cp1252", "replace"), m.start())
        elif m.group("symbol") is not None:
            symbol = m.group("symbol").decode("latin-1")
            if symbol == "*":
                star = True
            elif symbol != "-":
                emit(_SYMBOLS.get(symbol, symbol), m.start())
        elif m.group("text") is not None:
            emit(m.group("text").decode("cp1252", "replace"), m.start(), 1)
    return "".join(out), index
