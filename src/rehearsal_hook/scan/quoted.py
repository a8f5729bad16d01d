"""The quoted-printable reading (RFC 2045) of a mail, as a mail client or ``git am`` shows
its body: ``=XX`` is the byte of those two hex digits (either case: clients accept ``=5f``),
a run of them decoded as UTF-8 (U+FFFD for what does not decode), and a soft line break --
``=`` at a line's end, blanks allowed after it -- is nothing, which joins the line to the next
(``DEPLOY=5FOK`` and ``DEPLOY_=`` LF ``OK`` show ``DEPLOY_OK``); an ``=`` before
anything else stays as it is.  Read only in a file that declares the encoding: one holding a
``Content-Transfer-Encoding`` header field whose value names ``quoted-printable`` in any case
(a mail, an ``.eml`` or ``.mbox`` file, a patch mailed by ``git send-email``, a test that
writes one) -- a reader sees ``=5F`` decoded only where a mail client or ``git am`` is told to
decode it, by that field (git's mailinfo.c: ``strcasestr`` of the field's value), and in every
other file ``=5F`` and a line ending in ``=`` are code (``x=5F``, a shell line continued), also
where the name stands elsewhere (git's completion script offers it as an option's value).
Anywhere in the file and not only in a header where it rules (an mbox holds many messages, a
message many parts): the whole text is decoded, which can only add findings.  The decoded bytes are also
read in each ``charset`` the file declares that Python knows (``Content-Type: text/plain;
charset=iso-8859-7``: ``=D1`` is a Greek capital rho, a look-alike of ``P``).

RFC 2047's encoded words (``=?utf-8?Q?DEPLOY=5FOK?=``, ``=?utf-8?B?REVQTE9ZX09L?=``: a
``Subject:`` or ``From:`` as a mail client and ``git am`` show it), in the Q encoding
(``_`` a blank) and the B encoding (base64), each in its own charset, the blanks and folds
between two of them nothing -- in a file that names quoted-printable, and in any file that is
a message: one whose first line is a header field (``Name: value``) or an mbox's ``From ``
line (a mail, an mbox, a patch ``git format-patch`` wrote).  Base64 is program semantics
elsewhere (README: out of scope), but a mail reader *displays* an encoded word decoded: a
renderer's decoding, read where a reader renders it.

One regex pass and one decoding: linear.  A character of the shown text is given the stored
offset of the byte it comes from (an ``=XX``'s ``=``, the base64 character a B word's byte
starts in; text.py reports a token there).
"""

from __future__ import annotations

import bisect
import codecs
import re
from collections.abc import Callable

from rehearsal_hook.scan.decode import declared_codec
from rehearsal_hook.scan.patterns import compiled

# ``-printable`` in any case: one pass testing each ``-`` (a case-insensitive search of the
# whole word tests each byte, 4x slower), after a memchr for ``-`` (is_mail: most text of the
# bench corpus has none; the search costs 0.37 ns a byte, the memchr 0.03).
_HINT = re.compile(rb"-[Pp][Rr][Ii][Nn][Tt][Aa][Bb][Ll][Ee]")
# A site: the encoded byte, or a soft line break (the blanks before its line end are the
# transport padding RFC 2045 tells a decoder to drop).
# Or a run of RFC 2047 encoded words in the Q or B encoding (``=?utf-8?Q?DEPLOY=5FOK?=``: a
# header's ``Subject:`` as a mail client and ``git am`` show it), the blanks and folds between
# two of them nothing.
_WORD = rb"=\?[^?\s]++\?[QqBb]\?[^?\s]*+\?="
_WORDS = rb"(?P<words>" + _WORD + rb"(?:(?:[ \t]|\r?\n[ \t])++" + _WORD + rb")*+)"
# (The decoding's patterns are compiled where a mail is read: 0.5 ms of every hook's start.)
_SITE = rb"=(?:(?P<hex>[0-9A-Fa-f]{2})|[ \t]*+(?:\r\n|\r|\n))|" + _WORDS
_IN_WORD = rb"=\?([^?\s]++)\?([QqBb])\?([^?\s]*+)\?="
_Q = rb"=(?P<hex>[0-9A-Fa-f]{2})|(?P<blank>_)|[^=_]++|="
# A message's first line: an mbox's (or git format-patch's) ``From `` line, or a header field.
_MESSAGE = re.compile(rb"From |[!-9;-~]++:")
# A declared charset (a ``Content-Type`` parameter; RFC 2046: the name is case-insensitive).
_CHARSET_NAME, _CHARSET_VALUE = rb"[Cc][Hh][Aa][Rr][Ss][Ee][Tt]=", rb"\"?+([A-Za-z0-9_.:+-]{1,40})"
_CHARSET = _CHARSET_NAME + _CHARSET_VALUE
# Whether a text holds one or what may start an encoded word (``=?``, is_message): the same
# matches, each found from its ``=`` with the name looked back for, so that ``re`` skips to
# each ``=`` at C speed (the class first was tried at every byte of each file that starts as
# a header field does -- most YAML: is_mail 0.18 -> 0.08 s over bench's corpus).  One pass
# for both: ``b"=?" in data`` first, a two-byte find, cost 0.022 s over the 2,515 such files
# of bench's corpus, as much again as this search (0.034 -> 0.014 s together).
# (Only for whether: its matches overlap where one's value is the next one's name.)
_HOLDS_WORD_OR_CHARSET = b"=(?:\\?|(?<=" + _CHARSET_NAME + b")" + _CHARSET_VALUE + b")"
# A ``Content-Transfer-Encoding`` field's name and colon, any case (blanks before the colon:
# RFC 5322's obsolete syntax), which declares the encoding (declares_encoding).
_FIELD = re.compile(rb"(?i:content-transfer-encoding)[ \t]*:")
# (how far back of a segment's start the name of the encoding can begin: a stream tests the
# tail of the segment before with it)
NAME_LENGTH = len(b"quoted-printable")


def is_mail(data: bytes) -> bool:
    """Whether ``data`` holds an ``=`` and declares the quoted-printable encoding
    (declares_encoding) or is a message (is_message): what the reading is read for."""
    return b"=" in data and ((b"-" in data and declares_encoding(data)) or is_message(data))


def is_message(data: bytes) -> bool:
    """Whether ``data`` is a message (starts_message) holding what may start an encoded word, or
    declaring a charset: its encoded words are read, and it is read in that charset."""
    return starts_message(data) and compiled(_HOLDS_WORD_OR_CHARSET).search(data) is not None


def declares_charset(data: bytes) -> bool:
    """Whether ``data`` declares a charset other than UTF-8 that Python has a codec for: a
    message is read in it (mail_texts)."""
    return any(_codec(m.group(1)) not in (None, "utf-8", "ascii") for m in compiled(_CHARSET).finditer(data))


def starts_message(data: bytes) -> bool:
    """Whether ``data`` starts as a mail, an mbox or a mailed patch does (_MESSAGE)."""
    return _MESSAGE.match(data) is not None


def names_encoding(data: bytes) -> bool:
    """Whether ``data`` holds ``quoted-printable`` in any case (a stream blocks on it: a
    segment cannot see a field's name in the segment before; broader than declares_encoding)."""
    return any(data[max(0, m.start() - 6) : m.start()].lower() == b"quoted" for m in _HINT.finditer(data))


def declares_encoding(data: bytes) -> bool:
    """Whether ``data`` holds ``quoted-printable`` (any case) in the value of a
    ``Content-Transfer-Encoding`` field (_FIELD): on the field's line, or on a line that
    continues it (a fold: it starts with a blank).  The name anywhere on its line (a mail
    quoted in a script, indented).  Each stretch searched once (``searched``: the name is no
    part of ``quoted-printable``, so none straddles a name found before): linear."""
    searched = 0
    for m in _HINT.finditer(data):
        at = m.start() - 6
        if at < 0 or data[at : m.start()].lower() != b"quoted":
            continue
        k = data.rfind(b"\n", searched, at)
        start = k + 1 if k != -1 else searched
        while start > searched and data[start : start + 1] in (b" ", b"\t"):  # (a folded field's later line)
            k = data.rfind(b"\n", searched, start - 1)
            start = k + 1 if k != -1 else searched
        if _FIELD.search(data, start, at) is not None:
            return True
        searched = at
    return False


def mail_texts(data: bytes) -> list[tuple[str, Callable[[list[int]], list[int]]]]:
    """What a mail client shows of ``data`` (is_mail): its quoted-printable body decoded, if it
    declares the encoding, else its encoded words alone -- as UTF-8 and in each other charset
    the file declares that Python knows; each a text and a function giving, for ascending
    indexes of characters in it, the stored offset in ``data`` of the byte each comes from.
    None of them where decoding changes nothing."""
    body = b"-" in data and declares_encoding(data)
    charsets = ["utf-8"]
    for m in compiled(_CHARSET).finditer(data):
        name = _codec(m.group(1))
        if name is not None and name not in charsets:
            charsets.append(name)
    out = []
    for charset in charsets:
        found = _decoded(data, body=body, charset=charset)
        if found is not None:
            out.append(found)
    return out


def _codec(name: bytes) -> str | None:
    """decode.declared_codec of the charset ``name``."""
    try:
        return declared_codec(name.decode("ascii"))
    except UnicodeDecodeError:
        return None


def _word_bytes(data: bytes, word: re.Match[bytes], charset: str) -> list[tuple[int, bytes]]:
    """An encoded word's text (decoded in its own charset, UTF-8 where Python has no codec for
    it) in ``charset`` (a character it cannot hold as ``?``), each character's bytes with the
    stored offset it comes from."""
    raw: list[tuple[int, int]] = []  # (stored offset, byte)
    if word.group(2) in b"Qq":
        for q in compiled(_Q).finditer(data, word.start(3), word.end(3)):
            if q.group("hex"):
                raw.append((q.start(), int(q.group("hex"), 16)))
            elif q.group("blank"):
                raw.append((q.start(), 0x20))
            else:
                raw += [(q.start() + k, b) for k, b in enumerate(q.group())]
    else:
        text = re.sub(rb"[^A-Za-z0-9+/]", b"", word.group(3))
        text = text[:-1] if len(text) % 4 == 1 else text  # (a lone character left over: nothing)
        import binascii  # (only a B-encoded word needs it)

        decoded = binascii.a2b_base64(text + b"=" * (-len(text) % 4)) if text else b""
        # (byte k comes from the base64 characters 4 * (k // 3) on: the one it starts in)
        raw = [(word.start(3) + 4 * (k // 3) + k % 3, b) for k, b in enumerate(decoded)]
    decoder = codecs.getincrementaldecoder(_codec(word.group(1)) or "utf-8")("replace")
    out: list[tuple[int, bytes]] = []
    first = word.start(3)
    for at, byte in raw:
        if decoder.getstate()[0] == b"":
            first = at
        shown = decoder.decode(bytes([byte]))
        if shown:
            out.append((first, shown.encode(charset, "replace")))
    tail = decoder.decode(b"", final=True)
    if tail:
        out.append((first, tail.encode(charset, "replace")))
    return out


def _decoded(data: bytes, *, body: bool, charset: str) -> tuple[str, Callable[[list[int]], list[int]]] | None:
    """mail_texts' reading in ``charset``: ``body``, the quoted-printable body decoded too."""
    decoded = bytearray()
    # Per stretch of the decoded bytes: where it starts, where its stored bytes start, and
    # whether it is one decoded ``=XX`` (its byte given the ``=``'s offset).
    at_decoded: list[int] = []
    at_stored: list[int] = []
    encoded: list[bool] = []
    pos = 0
    for m in compiled(_SITE if body else _WORDS).finditer(data):
        a = m.start()
        if a > pos:
            at_decoded.append(len(decoded))
            at_stored.append(pos)
            encoded.append(False)
            decoded += data[pos:a]
        if m.group("words") is None:
            if m.group("hex") is not None:
                at_decoded.append(len(decoded))
                at_stored.append(a)
                encoded.append(True)
                decoded.append(int(m.group("hex"), 16))
        else:  # (each decoded character given the offset it comes from)
            for word in compiled(_IN_WORD).finditer(data, a, m.end()):
                for at, value in _word_bytes(data, word, charset):
                    at_decoded.append(len(decoded))
                    at_stored.append(at)
                    encoded.append(True)
                    decoded += value
        pos = m.end()
    if pos == 0 and charset == "utf-8":  # (no site: every match ends past the start)
        return None
    if pos < len(data):
        at_decoded.append(len(decoded))
        at_stored.append(pos)
        encoded.append(False)
        decoded += data[pos:]
    if charset != "utf-8":
        return _in_charset(bytes(decoded), charset, at_decoded, at_stored, encoded)
    # (each byte that does not decode is one surrogate here, one U+FFFD shown: the same index)
    escaped = bytes(decoded).decode("utf-8", "surrogateescape")
    shown = escaped.translate(_SHOWN_FOR_ESCAPE)

    def stored(indexes: list[int]) -> list[int]:
        out: list[int] = []
        char, byte = 0, 0
        for i in indexes:  # (counted forward once: linear however many)
            byte += len(escaped[char:i].encode("utf-8", "surrogateescape"))
            char = i
            out.append(_stored_at(byte, at_decoded, at_stored, encoded))
        return out

    return shown, stored


def _stored_at(byte: int, at_decoded: list[int], at_stored: list[int], encoded: list[bool]) -> int:
    """The stored offset of the decoded byte ``byte``."""
    k = bisect.bisect_right(at_decoded, byte) - 1
    return at_stored[k] if encoded[k] else at_stored[k] + byte - at_decoded[k]


def _in_charset(
    decoded: bytes, charset: str, at_decoded: list[int], at_stored: list[int], encoded: list[bool]
) -> tuple[str, Callable[[list[int]], list[int]]] | None:
    """The decoded bytes read in ``charset``, each character given the stored offset of its
    first byte: one a byte in a single-byte charset; in a multibyte charset that encodes each
    character on its own (_STATELESS), the length of the text before it encoded again, where
    encoding the whole text gives back its bytes (then each character's bytes are the ones it
    was decoded from); else found byte by byte (by_byte)."""
    shown = decoded.decode(charset, "replace")
    if len(shown) == len(decoded):
        return shown, lambda indexes: [_stored_at(i, at_decoded, at_stored, encoded) for i in indexes]
    try:
        exact = charset in _STATELESS and shown.encode(charset) == decoded
    except UnicodeEncodeError:  # (a U+FFFD for bytes that do not decode)
        exact = False
    if not exact:
        shown, firsts = by_byte(decoded, charset)
        return shown, lambda indexes: [_stored_at(firsts[i], at_decoded, at_stored, encoded) for i in indexes]

    def stored(indexes: list[int]) -> list[int]:
        out: list[int] = []
        char, byte = 0, 0
        for i in indexes:  # (counted forward once: linear however many)
            byte += len(shown[char:i].encode(charset))
            char = i
            out.append(_stored_at(byte, at_decoded, at_stored, encoded))
        return out

    return shown, stored


# Multibyte codecs that encode each character on its own, whatever came before (no shift state
# as ISO-2022's, no byte order mark as UTF-16's): a character's bytes start at the length of
# the text before it encoded.  Each is the name codecs.lookup gives (the charset asked about
# is one, decode.declared_codec), written out: looking them up imported every CJK codec
# module at a hook's start, 3-4 ms (test_quoted holds each to its lookup).
_STATELESS = frozenset(
    {
        "utf-8",
        "shift_jis",
        "cp932",
        "shift_jis_2004",
        "shift_jisx0213",
        "euc_jp",
        "euc_jis_2004",
        "euc_jisx0213",
        "gb2312",
        "gbk",
        "gb18030",
        "big5",
        "big5hkscs",
        "cp950",
        "euc_kr",
        "cp949",
        "johab",
    }
)


def by_byte(decoded: bytes, charset: str) -> tuple[str, list[int]]:
    """``decoded`` read in ``charset`` byte by byte, and the offset of each character's first
    byte (an incremental decoder told one byte at a time: a step per byte)."""
    decoder = codecs.getincrementaldecoder(charset)("replace")
    parts: list[str] = []
    firsts: list[int] = []
    first = 0
    for k in range(len(decoded)):
        if decoder.getstate()[0] == b"":
            first = k
        part = decoder.decode(decoded[k : k + 1])
        parts.append(part)
        firsts += [first] * len(part)
    part = decoder.decode(b"", final=True)
    parts.append(part)
    firsts += [first] * len(part)
    return "".join(parts), firsts


_SHOWN_FOR_ESCAPE = {c: "\ufffd" for c in range(0xDC80, 0xDD00)}
