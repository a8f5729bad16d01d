"""A ``data:`` URL's body as bytes and the document they make, as the fetch standard and a
browser read them: percent bytes and characters in UTF-8 (body_bytes), forgiving base64
(base64_bytes), the charset its head declares read as the Encoding Standard's labels
(declared), and the bytes decoded, a BOM first (document).  Each keeps, per byte or character,
its index in the URL's text, so a finding points at the stored text.  embedded.py finds the
URLs and reads their documents; this module only decodes.
"""

from __future__ import annotations

import codecs
import re

from rehearsal_hook.scan.decode import declared_codec, has_utf8_bom, utf_bom
from rehearsal_hook.scan.indexed import Indexed, decoded_bytes
from rehearsal_hook.scan.patterns import compiled

_PERCENT_OR_BEYOND = re.compile(r"%[0-9A-Fa-f]{2}|[^\x00-\x7f]")


def body_bytes(body: str) -> tuple[bytes, list[int]] | None:
    """The bytes of a URL's body -- a percent byte's, a character's in UTF-8 (a URL parser
    percent-encodes a character that is not ASCII so) --, and per byte its index in ``body``
    (a percent byte's: its ``%``); None for an empty body."""
    if not body:
        return None
    if body.isascii() and "%" not in body:
        return body.encode("ascii"), list(range(len(body)))
    out = bytearray()
    at: list[int] = []
    last = 0
    for m in _PERCENT_OR_BEYOND.finditer(body):
        out += body[last : m.start()].encode("ascii")
        at.extend(range(last, m.start()))
        piece = bytes((int(m.group()[1:], 16),)) if m.group()[0] == "%" else m.group().encode("utf-8", "surrogatepass")
        out += piece
        at.extend([m.start()] * len(piece))
        last = m.end()
    out += body[last:].encode("ascii")
    at.extend(range(last, len(body)))
    return bytes(out), at


_ASCII_BLANKS = re.compile(rb"[\t\n\f\r ]++")
_NOT_BLANKS = re.compile(rb"[^\t\n\f\r ]++")
_BASE64 = re.compile(rb"[A-Za-z0-9+/]*+")


def base64_bytes(data: bytes, at: list[int]) -> tuple[bytes, list[int]] | None:
    """``data`` (a URL's bytes) read as the fetch standard's forgiving base64 reads it -- its
    blanks removed, one or two ``=`` at its end when its length is a multiple of four, nothing
    but the alphabet then, a length that leaves no 1 over four -- and per byte the index ``at``
    gives the first letter of the group of four holding it; None where the decoding fails (a
    browser then shows no document: Chromium 150's error page for ``Q1VU=`` and ``Q1V?U``).
    Linear: a pass of ``re``, b64decode's."""
    if _ASCII_BLANKS.search(data) is not None:
        kept = [(m.start(), m.end()) for m in _NOT_BLANKS.finditer(data)]
        data = b"".join(data[a:b] for a, b in kept)
        at = [k for a, b in kept for k in at[a:b]]
    if len(data) % 4 == 0 and data.endswith(b"="):
        data = data[:-2] if data.endswith(b"==") else data[:-1]
    if len(data) % 4 == 1 or _BASE64.fullmatch(data) is None:
        return None
    import base64  # (only a base64 data: URL pays for it)

    decoded = base64.b64decode(data + b"=" * (-len(data) % 4))
    return decoded, [at[(k // 3) * 4 + k % 3] for k in range(len(decoded))]


# Labels of the Encoding Standard (a browser's) read as its decoder reads them: Latin-1 and
# ASCII are windows-1252 to a browser, and "utf-16" is UTF-16LE (Python's codec of that name
# wants a BOM, and raised out of the scan).  A label that is none of these is read as Python
# names it and as a browser guesses too (declared): a browser takes a label it does not know
# -- ``utf_8``, ``utf-8-sig``, ``cp65001``, which Python knows as UTF-8 -- as no charset.
_LABELS = {
    **dict.fromkeys(
        (
            "ansi_x3.4-1968",
            "ascii",
            "cp1252",
            "cp819",
            "csisolatin1",
            "ibm819",
            "iso-8859-1",
            "iso-ir-100",
            "iso8859-1",
            "iso88591",
            "iso_8859-1",
            "iso_8859-1:1987",
            "l1",
            "latin1",
            "us-ascii",
            "windows-1252",
            "x-cp1252",
        ),
        "cp1252",
    ),
    **dict.fromkeys(
        ("unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"), "utf-8"
    ),
    **dict.fromkeys(
        ("csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16", "utf-16le"), "utf-16-le"
    ),
    **dict.fromkeys(("unicodefffe", "utf-16be"), "utf-16-be"),
}
_CHARSET = r"(?i:;[\t\n\f\r ]*+charset=[\"']?+([^;,\"'\s]++))"  # (compiled where a data: URL is read)


def declared(head: str) -> tuple[str | None, bool]:
    """The codec of the charset a data: URL's head declares, and whether it is exactly what a
    browser reads (a label of _LABELS).  A label a browser does not know is as none to it
    (Chromium 150 guesses for ``charset=foo``): Python's codec for it, if any and if it decodes
    bytes to text, is read besides the guesses (readings), not instead of them."""
    m = compiled(_CHARSET).search(head)
    if m is None:
        return None, False
    label = m.group(1).lower()
    if label in _LABELS:
        return _LABELS[label], True
    return declared_codec(label), False


def document(data: bytes, at: list[int], encoding: str) -> Indexed:
    """A document's bytes decoded as a browser decodes them: in the encoding its BOM names
    (it wins over any charset: the HTML standard's sniffing), else in ``encoding``; per
    character the index of its first byte."""
    bom = utf_bom(data) or ("utf-8" if has_utf8_bom(data) else None)
    if bom is not None:
        skip = 3 if bom == "utf-8" else 2 if bom == "utf-16" else 4
        return decoded_bytes(data[skip:], at[skip:], bom if bom != "utf-16" else _UTF16[data[:2]])
    return decoded_bytes(data, at, encoding)


_UTF16 = {codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be"}
