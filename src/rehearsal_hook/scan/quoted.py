"""The quoted-printable reading (RFC 2045) of a mail, as a mail client or ``git am`` shows
its body: ``=XX`` is the byte of those two hex digits (either case: clients accept ``=5f``),
a run of them decoded as UTF-8 (U+FFFD for what does not decode), and a soft line break --
``=`` at a line's end, blanks allowed after it -- is nothing, which joins the line to the next
(``DEPLOY=5FOK`` and ``DEPLOY_=`` LF ``OK`` show ``DEPLOY_OK``); an ``=`` before
anything else stays as it is.  RFC 2047's encoded words in the Q encoding are decoded too
(``=?utf-8?Q?DEPLOY=5FOK?=``, a ``Subject:`` as a mail client shows it: ``_`` a blank), the
blanks and folds between two of them nothing.

Read only in a file that names the encoding: one holding ``quoted-printable`` in any case
(the ``Content-Transfer-Encoding`` header of a mail, an ``.eml`` or ``.mbox`` file, a patch
mailed by ``git send-email``) -- a reader sees ``=5F`` decoded only where a mail client or
``git am`` is told to decode it, and in every other file ``=5F`` and a line ending in ``=``
are code (``x=5F``, a shell line continued).  Anywhere in the file and not only in a header
where it rules (an mbox holds many messages, a message many parts): the whole text is
decoded, which can only add findings.

One regex pass and one decoding: linear.  A character of the shown text is given the stored
offset of the byte it comes from (an ``=XX``'s ``=``; text.py reports a token there).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

# ``-printable`` in any case: one pass testing each ``-`` (a case-insensitive search of the
# whole word tests each byte, 4x slower), after a memchr for ``-`` (is_mail: most text of the
# bench corpus has none; the search costs 0.37 ns a byte, the memchr 0.03).
_HINT = re.compile(rb"-[Pp][Rr][Ii][Nn][Tt][Aa][Bb][Ll][Ee]")
# A site: the encoded byte, or a soft line break (the blanks before its line end are the
# transport padding RFC 2045 tells a decoder to drop).
# Or a run of RFC 2047 encoded words in the Q encoding (``=?utf-8?Q?DEPLOY=5FOK?=``: a
# header's ``Subject:`` as a mail client and ``git am`` show it), the blanks and folds between
# two of them nothing.
_WORD = rb"=\?[^?\s]++\?[Qq]\?[^?\s]*+\?="
_SITE = re.compile(
    rb"=(?:(?P<hex>[0-9A-Fa-f]{2})|[ \t]*+(?:\r\n|\r|\n))"
    rb"|(?P<words>" + _WORD + rb"(?:(?:[ \t]|\r?\n[ \t])++" + _WORD + rb")*+)"
)
_IN_WORD = re.compile(rb"=\?[^?\s]++\?[Qq]\?([^?\s]*+)\?=")
_Q = re.compile(rb"=(?P<hex>[0-9A-Fa-f]{2})|(?P<blank>_)|[^=_]++|=")
# (how far back of a segment's start the name of the encoding can begin: a stream tests the
# tail of the segment before with it)
NAME_LENGTH = len(b"quoted-printable")


def is_mail(data: bytes) -> bool:
    """Whether ``data`` names the quoted-printable encoding (names_encoding) and holds an
    ``=``, which can decode: what the reading is read for."""
    return b"-" in data and b"=" in data and names_encoding(data)


def names_encoding(data: bytes) -> bool:
    """Whether ``data`` holds ``quoted-printable`` in any case."""
    return any(data[max(0, m.start() - 6) : m.start()].lower() == b"quoted" for m in _HINT.finditer(data))


def mail_text(data: bytes) -> tuple[str, Callable[[list[int]], list[int]]] | None:
    """The text a mail client shows of ``data`` decoded as quoted-printable, and a function
    giving, for ascending indexes of characters in it, the stored offset in ``data`` of the
    byte each comes from; None when decoding changes nothing."""
    decoded = bytearray()
    # Per stretch of the decoded bytes: where it starts, where its stored bytes start, and
    # whether it is one decoded ``=XX`` (its byte given the ``=``'s offset).
    at_decoded: list[int] = []
    at_stored: list[int] = []
    encoded: list[bool] = []
    pos = 0
    for m in _SITE.finditer(data):
        a = m.start()
        if a > pos:
            at_decoded.append(len(decoded))
            at_stored.append(pos)
            encoded.append(False)
            decoded += data[pos:a]
        if m.group("hex") is not None:
            at_decoded.append(len(decoded))
            at_stored.append(a)
            encoded.append(True)
            decoded.append(int(m.group("hex"), 16))
        elif m.group("words") is not None:  # (each decoded byte given the offset it comes from)
            for word in _IN_WORD.finditer(data, a, m.end()):
                for q in _Q.finditer(data, word.start(1), word.end(1)):
                    value = (
                        bytes([int(q.group("hex"), 16)]) if q.group("hex") else b" " if q.group("blank") else q.group()
                    )
                    for k, byte in enumerate(value):
                        at_decoded.append(len(decoded))
                        at_stored.append(q.start() + k)
                        encoded.append(True)
                        decoded.append(byte)
        pos = m.end()
    if pos == 0:  # (no site: every match ends past the start)
        return None
    if pos < len(data):
        at_decoded.append(len(decoded))
        at_stored.append(pos)
        encoded.append(False)
        decoded += data[pos:]
    # (each byte that does not decode is one surrogate here, one U+FFFD shown: the same index)
    escaped = bytes(decoded).decode("utf-8", "surrogateescape")
    shown = escaped.translate(_SHOWN_FOR_ESCAPE)

    def stored(indexes: list[int]) -> list[int]:
        out: list[int] = []
        char, byte = 0, 0
        for i in indexes:  # (counted forward once: linear however many)
            byte += len(escaped[char:i].encode("utf-8", "surrogateescape"))
            char = i
            k = bisect.bisect_right(at_decoded, byte) - 1
            out.append(at_stored[k] if encoded[k] else at_stored[k] + byte - at_decoded[k])
        return out

    return shown, stored


_SHOWN_FOR_ESCAPE = {c: "\ufffd" for c in range(0xDC80, 0xDD00)}
