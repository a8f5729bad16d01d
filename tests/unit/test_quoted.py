"""The quoted-printable reading (scan/quoted.py): a mail that declares the encoding is read as a
mail client or ``git am`` shows it -- ``=XX`` decoded, soft line breaks joined --, each token
at the stored line and column of its first character; any other file is not."""

from __future__ import annotations

import codecs
import email.quoprimime
import re
from email.header import decode_header, make_header

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import quoted, segments
from rehearsal_hook.scan.matcher import TokenMatcher
from rehearsal_hook.scan.text import scan_bytes

from .scanning import found, streamed

T = "CUTOVER" + "_PASS"
HEADER = b"Content-Transfer-Encoding: quoted-printable\n\n"

# body -> (line, column) of the token in the body (line 1: the body's first line)
SHOWN = {
    "encoded-underscore": (b"see CUTOVER=5FPASS here\n", (1, 5)),
    "lowercase-hex": (b"see CUTOVER=5fPASS here\n", (1, 5)),
    "encoded-letter": (b"see CUTOVER_=50ASS here\n", (1, 5)),
    "encoded-first-letter": (b"see =43UTOVER_PASS here\n", (1, 5)),
    "every-byte-encoded": (b"=43=55=54=4F=56=45=52=5F=50=41=53=53\n", (1, 1)),
    "soft-break": (b"see CUTOVER_=\nPASS here\n", (1, 5)),
    "soft-break-crlf": (b"see CUTOVER_=\r\nPASS here\r\n", (1, 5)),
    "soft-break-lone-cr": (b"see CUTOVER_=\rPASS here\n", (1, 5)),
    "soft-break-padded": (b"see CUTOVER_= \t \nPASS here\n", (1, 5)),
    "soft-breaks-in-a-row": (b"x\nsee CUT=\nOVER=\n=5F=\nPASS here\n", (2, 5)),
    "after-utf8-bytes": (b"caf=C3=A9 CUTOVER=5FPASS\n", (1, 11)),
    "full-width-low-line": (b"see CUTOVER=EF=BC=BFPASS\n", (1, 5)),
    "zero-width-space": (b"see CUTOVER=E2=80=8B_PASS\n", (1, 5)),
    # what the mail's HTML part then renders: a reference made by decoding
    "html-reference-made": (b"<p>CUTOVER=26#95;PASS</p>\n", (1, 4)),
    "after-an-undecodable-byte": (b"x=FF CUTOVER=5FPASS\n", (1, 6)),
    "after-stored-utf8": ("caf\u00e9 CUTOVER=5FPASS\n".encode(), (1, 6)),
    # RFC 2047 encoded words (a Subject: as a mail client and git am show it): the blanks and
    # the fold between two of them are nothing
    "encoded-words-joined": (b"Subject: =?utf-8?Q?CUTOVER?= =?UTF-8?q?=5FPASS?=\n", (1, 20)),
    "encoded-words-folded": (b"Subject: =?utf-8?Q?CUTOVER?=\n\t=?utf-8?Q?=5fPASS?=\n", (1, 20)),
}


@pytest.mark.parametrize(("body", "place"), list(SHOWN.values()), ids=list(SHOWN))
def test_what_a_mail_client_shows_of_a_quoted_printable_body_is_read(body: bytes, place: tuple[int, int]) -> None:
    line, column = place
    assert found(HEADER + body) == [(line + 2, column, T)]
    # (any case, anywhere: an mbox's later message, a part's header folded)
    assert found(body + b"Content-Transfer-Encoding:\n QUOTED-Printable\n") == [(line, column, T)]


@pytest.mark.parametrize(
    "body",
    [
        b"see FOO=5FPASSWORD here\n",  # a longer word
        b"see CUTOVER=5F PASS here\n",
        b"see CUTOVER_= PASS here\n",  # an = before a blank that is not at the line end
        b"see CUTOVER_=\n\nPASS here\n",  # a soft break, then a line break
        b"see CUTOVER_\n=PASS here\n",
        b"see CUTOVER=5G=50ASS here\n",  # not hex
        b"see CUTOVER=5=FPASS here\n",
        b"see CUTOVER=3D5FPASS here\n",  # =3D is '=': decoded once
        b"Subject: =?utf-8?Q?CUTOVER?= x =?utf-8?Q?=5FPASS?=\n",  # a word between them
        b"Subject: =?utf-8?Q?CUTOVER?=  =?utf-8?Q?_PASS?=\n",  # Q's _ is a blank
    ],
)
def test_near_misses_in_a_mail_stay_clean(body: bytes) -> None:
    assert found(HEADER + body) == []


@pytest.mark.parametrize("body", [v[0] for v in SHOWN.values()], ids=list(SHOWN))
def test_a_file_that_names_no_quoted_printable_encoding_is_not_decoded(body: bytes) -> None:
    """``x=5F`` and a line continued by ``=`` are code elsewhere: only a mail client or git am
    told so decodes them."""
    assert T not in {t for _, _, t in found(b"# notes\n" + body + b"Content-Transfer-Encoding: base64\n")}


# Where a Content-Transfer-Encoding field declares the encoding (git's mailinfo.c decodes by
# the field's value, strcasestr): the field's place, its name's case, a fold, a prefix.
DECLARING = {
    "indented-in-a-script": b"cat >mail <<-EOF\n\tContent-Transfer-Encoding: quoted-printable\n\n",
    "folded-twice": b"Content-Transfer-Encoding:\n \n\tQuoted-Printable\n\n",
    "crlf": b"CONTENT-TRANSFER-ENCODING : quoted-printable\r\n\r\n",
    "x-prefixed-value": b"content-transfer-encoding: x-quoted-printable; q\n\n",
    "second-of-two-mentions": b"# quoted-printable\nContent-Transfer-Encoding: quoted-printable\n\n",
}


@pytest.mark.parametrize("header", list(DECLARING.values()), ids=list(DECLARING))
def test_a_content_transfer_encoding_field_declares_the_encoding(header: bytes) -> None:
    assert quoted.declares_encoding(header)
    assert T in {t for _, _, t in found(header + b"see CUTOVER=5FPASS here\n")}


# The name elsewhere: git's completion script offers it as an option's value, git send-email
# and its manual name it, and git's own mailinfo.c tests the field's value for it -- code, not
# a mail: each version was decoded and read twice (9% of check --range over git's history).
MENTIONS = {
    "option-value": b'__git_send_email_transfer_encoding_options="7bit 8bit quoted-printable base64"\n',
    "code": b'} else if (strcasestr(line->buf, "quoted-printable"))\n',
    "another-field": b"Subject: quoted-printable\nContent-Transfer-Encoding: 8bit\n",
    "field-on-the-line-before": b"Content-Transfer-Encoding: 8bit\nquoted-printable\n",
}


@pytest.mark.parametrize("mention", list(MENTIONS.values()), ids=list(MENTIONS))
def test_a_file_that_names_the_encoding_elsewhere_is_not_decoded(mention: bytes) -> None:
    assert quoted.names_encoding(mention)
    assert not quoted.declares_encoding(mention)
    assert found(mention + b"see CUTOVER=5FPASS here\nx=\n_PASS\n") == []


# RFC 2047's encoded words in a message (a mail, an mbox, a mailed patch: its first line a
# header field or ``From ``), whatever its transfer encoding: a mail client and git am show
# them decoded, each in its own charset.  message -> (line, column) of the token
WORDS = {
    "q-word": (b"Subject: =?utf-8?Q?CUTOVER=5FPASS?=\n\nbody\n", (1, 20)),
    "b-word": (b"Subject: =?utf-8?B?Q1VUT1ZFUl9QQVNT?=\n", (1, 20)),
    "b-word-unpadded": (b"From: x\nSubject: =?UTF-8?b?Q1VUT1ZFUg?= =?utf-8?B?X1BBU1M?=\n", (2, 20)),
    "q-then-b-folded": (b"Subject: =?utf-8?Q?CUTOVER?=\n =?utf-8?B?X1BBU1M=?=\n", (1, 20)),
    "b-word-in-mbox": (b"From x@y Mon Sep 17 00:00:00 2001\nSubject: [PATCH] =?utf-8?B?Q1VUT1ZFUl9QQVNT?=\n", (2, 28)),
    # (a charset's look-alike: KOI8-R's and windows-1251's Cyrillic ER)
    "q-word-koi8-r": (b"Subject: =?koi8-r?Q?CUTOVER=5F=F2ASS?=\n", (1, 21)),
    "b-word-windows-1251": (b"Subject: =?windows-1251?B?Q1VUT1ZFUl/QQVNT?=\n", (1, 27)),
    # (UTF-7, which mail clients decode where a mail names it -- browsers and editors do not)
    "q-word-utf-7": (b"Subject: =?utf-7?Q?CUTOVER+AF8-PASS?=\n", (1, 20)),
    "body-utf-7": (b"From: a\nContent-Type: text/plain; charset=UTF-7\n\nsee CUTOVER+AF8-PASS here\n", (4, 5)),
    # (a body in a declared charset: ISO-8859-7's Greek capital RHO)
    "body-charset": (
        b"Content-Type: text/plain; charset=iso-8859-7\n" + HEADER + b"see CUTOVER_=D1ASS here\n",
        (4, 5),
    ),
    # (charsets whose Python codecs raised out of the scan: utf-16 without a BOM is UTF-16LE
    # to a mail client, as the Encoding Standard reads it; the rest decode no text, and the
    # body is read as UTF-8)
    "q-word-nul-in-charset": (b"Subject: =?a\x00b?Q?CUTOVER=5FPASS?=\n\nx\n", (1, 18)),
    "b-word-utf-16": (b"Subject: =?utf-16?B?QwBVAFQATwBWAEUAUgBfAFAAQQBTAFMA?=\n", (1, 21)),
    **{
        f"body-charset-{name}": (
            b"Content-Type: text/plain; charset=" + name.encode() + b"\n" + HEADER + b"see CUTOVER=5FPASS here\n",
            (4, 5),
        )
        for name in ("utf-16", "utf-32", "undefined", "idna", "punycode")
    },
}


@pytest.mark.parametrize(("message", "place"), list(WORDS.values()), ids=list(WORDS))
def test_what_a_mail_client_shows_of_encoded_words_is_read(message: bytes, place: tuple[int, int]) -> None:
    assert found(message) == [(*place, T)]


@pytest.mark.parametrize(
    "data",
    [
        b"import os\nx = '=?utf-8?B?Q1VUT1ZFUl9QQVNT?='\n",  # (no message: base64 is code here)
        b"# Subject: =?utf-8?Q?CUTOVER=5FPASS?=\n",
        b"Subject: =?utf-8?B?Q1VUT1ZFUl9QQVNTV09SRA==?=\n",  # (a longer word)
        b"Subject: =?utf-8?B?Q1VUT1ZFUl9QQVN?=\n",  # (a partial quartet: CUTOVER_PAS)
        b"Subject: =?utf-8?X?CUTOVER=5FPASS?=\n",  # (no such encoding)
        b"Subject: =?utf-8?Q?CUTOVER=5F=D0ASS?=\n",  # (not UTF-8: U+FFFD)
        b"Subject: =?no-such-charset?Q?CUTOVER=5F=F2ASS?=\n",  # (read as UTF-8)
        b"Content-Type: text/plain; charset=utf-8\n" + HEADER + b"see CUTOVER_=D1ASS here\n",
        b"Content-Type: text/plain; charset=base64\n" + HEADER + b"see CUTOVER_=D1ASS here\n",
        # (UTF-7 outside a mail that names it: no editor, browser or pager decodes it -- vim 9.0
        # shows it as stored even after its signature, which file(1) names)
        b"see CUTOVER+AF8-PASS here\n",
        b"+/v8-see CUTOVER+AF8-PASS here\n",
        b"From: a\nContent-Type: text/plain; charset=utf-8\n\nsee CUTOVER+AF8-PASS here\n",
    ],
)
def test_near_misses_of_encoded_words_stay_clean(data: bytes) -> None:
    assert found(data) == []


@pytest.mark.parametrize(
    "value",
    [
        "=?utf-8?B?Q1VUT1ZFUl9QQVNT?=",
        "=?koi8-r?Q?CUTOVER=5F=F2ASS?=",
        "=?utf-8?B?Q1VUT1ZFUl9QQVN?=",
        "=?utf-8?Q?CUTOVER?= =?utf-8?B?X1BBU1M=?=",
        "=?iso-8859-7?q?=D1=C1_x?=  =?utf-8?b?w6k=?=",
        "=?shift_jis?B?gmCCYA==?=",
    ],
)
def test_encoded_words_decode_as_the_email_package(value: str) -> None:
    """Against Python's email.header (decode_header, make_header) on a header's value."""
    texts = quoted.mail_texts(b"Subject: " + value.encode() + b"\n")
    assert texts and texts[0][0] == "Subject: " + str(make_header(decode_header(value))) + "\n"


def test_a_streamed_message_holding_an_encoded_word_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    body = b"x\n" * 40
    with pytest.raises(CannotVerify, match="encoded word"):
        streamed(b"Subject: hi\n\n" + body + b"=?utf-8?Q?x?=\n", 5)
    assert streamed(b"# notes\n" + body + b"=?utf-8?Q?x?=\n", 5) == []
    with pytest.raises(CannotVerify, match="declares a charset"):
        streamed(b"From: a\n" + body + b"Content-Type: text/plain; charset=utf-7\n", 5)
    assert streamed(b"From: a\n" + body + b"Content-Type: text/plain; charset=utf-8\n", 5) == []


def test_a_token_across_a_soft_break_is_excused_only_by_a_pragma_on_both_lines() -> None:
    pragma = b"rehearsal-hook: allow "
    for marked, excused in ((b"", False), (b"  " + pragma, True)):
        hits = scan_bytes(TokenMatcher(), HEADER + pragma + b"CUTOVER_=\nPASS" + marked + b"\n")
        assert [(h.line, h.column, h.token, h.pragma) for h in hits] == [(3, len(pragma) + 1, T, excused)]


def test_a_stored_token_in_a_mail_is_found_once() -> None:
    assert found(HEADER + b"x=3D1 " + T.encode() + b" CUTOVER=5FPASS\n") == [(3, 7, T), (3, 20, T)]


def test_a_streamed_mail_that_names_the_encoding_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file over the stream threshold is read in segments that a soft break would join: it
    blocks, as a streamed RTF file does -- also when the name straddles a chunk's cut."""
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    body = b"x\n" * 40 + b"a = 1\n"
    for data in (HEADER + body, body + HEADER, b"x" * 7 + b"\n" + b"quoted-printable" * 3 + b"\n" + body):
        for size in (3, 5, 16):
            with pytest.raises(CannotVerify, match="quoted-printable"):
                streamed(data, size)
    assert streamed(b"quoted-printable: no equals sign\n" * 9, 5) == []
    assert streamed(b"quoted-printed\nx=5F\n" * 9, 5) == []


_LETTERS = st.sampled_from(list("CUTOVER_PASS"))


@st.composite
def _encoded(draw: st.DrawFn, word: str) -> bytes:
    """``word`` quoted-printable encoded as a sender may: each character as it is or as
    ``=XX`` (either case), soft line breaks between them."""
    out = b""
    for k, c in enumerate(word):
        if k and draw(st.booleans()):
            out += draw(st.sampled_from([b"=\n", b"=\r\n", b"= \n"]))
        hexed = f"={ord(c):02X}"
        out += draw(st.sampled_from([c, hexed, hexed.lower()])).encode()
    return out


@given(_encoded(T), _encoded(T + "WORD"))
@example(b"CUTOVER=5FPASS", b"CUTOVER=5FPASSWORD")
def test_any_encoding_of_a_token_is_found_at_its_stored_start(token: bytes, longer: bytes) -> None:
    """Found where its first character is stored; besides it only what the stored text holds
    (``CUT=`` LF ``OVER_PASS``: a token on the second line); the longer word adds nothing."""
    plain = HEADER.replace(b"quoted-printable", b"7bit")
    shown = found(HEADER + b"see " + token + b" and\n")
    assert (3, 5, T) in shown
    assert set(shown) - {(3, 5, T)} <= set(found(plain + b"see " + token + b" and\n"))
    assert found(HEADER + b"see " + longer + b" and\n") == found(plain + b"see " + longer + b" and\n")


@given(st.text(alphabet="CP_S=5Ff3a\n ", max_size=60))
def test_the_decoding_is_the_email_packages(body: str) -> None:
    """Against Python's email.quoprimime on bodies whose lines have no trailing blank (it strips
    them; the reading keeps them, which joins nothing) and end with a line feed.  (It gives
    each byte as a character: decoded as UTF-8 here, a byte that does not decode shown as
    U+FFFD.)"""
    body = "\n".join(line.rstrip() for line in body.split("\n")) + "\n"
    texts = quoted.mail_texts(HEADER + body.encode())
    shown = texts[0][0][len(HEADER) :] if texts else None
    want = email.quoprimime.decode(body).encode("latin-1").decode("utf-8", "surrogateescape")
    want = "".join("\ufffd" if "\udc80" <= c <= "\udcff" else c for c in want)
    assert (shown if shown is not None else body) == want


MULTIBYTE = ["shift_jis", "euc_jp", "gb18030", "big5", "cp949", "utf-8", "iso2022_jp"]


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(st.sampled_from("aZ_ 1\n=\u3042\u4e16\u00e9\u0416\uff21\u2460\u00a5"), max_size=30),
    junk=st.binary(max_size=4),
    charset=st.sampled_from(MULTIBYTE),
)
def test_a_multibyte_charset_is_read_in_one_pass_as_byte_by_byte(text: str, junk: bytes, charset: str) -> None:
    """A declared multibyte charset read in one decoding (where encoding the text again gives
    its bytes back) shows the same text, each character at the same stored byte, as the
    incremental decoder told one byte at a time (quoted.by_byte, the reference)."""
    data = text.encode(charset, "replace") + junk
    name = codecs.lookup(charset).name
    shown, stored = quoted._in_charset(data, name, [0], [0], [False])
    reference, firsts = quoted.by_byte(data, name)
    assert shown == reference
    if len(shown) != len(data):  # (a character a byte: each at its own, the older shortcut)
        assert stored(list(range(len(shown)))) == firsts


def test_a_multibyte_charset_is_not_decoded_byte_by_byte(monkeypatch: pytest.MonkeyPatch) -> None:
    """A mail body in Shift_JIS is decoded in one pass: no incremental decoder is told its bytes
    one at a time (a step per byte, 0.4 s a MiB), and the token it shows is found."""
    told: list[bytes] = []
    real = codecs.getincrementaldecoder

    def counting(name: str) -> object:
        cls = real(name)

        class Counting(cls):  # type: ignore[misc,valid-type]
            def decode(self, data: bytes, final: bool = False) -> str:
                told.append(data)
                return str(super().decode(data, final))

        return Counting

    monkeypatch.setattr(codecs, "getincrementaldecoder", counting)
    head = b"Content-Type: text/plain; charset=shift_jis\nContent-Transfer-Encoding: quoted-printable\n\n"
    data = head + ("\u3053\u3093\u306b\u3061\u306f CUTOVER=5F").encode("shift_jis") * 200 + b"PASS\n"
    assert [token for _, _, token in found(data)] == ["CUTOVER" + "_PASS"]
    assert told == []


@given(st.text(alphabet='charsetCHARSET="utf-8 \n:?', max_size=40))
@example('charset="utf-8')
@example("CharSet=charset=x")
@example("charset=")
@example("x=?")
@example("charset=?")
def test_whether_a_charset_is_declared_is_asked_from_each_equals_sign(text: str) -> None:
    """is_message asks whether a text may start an encoded word or declares a charset with
    one search from each ``=`` (_HOLDS_WORD_OR_CHARSET, at C speed): it holds one exactly where
    it holds ``=?`` or _CHARSET, which reads the names, finds one."""
    data = text.encode("ascii")
    want = b"=?" in data or re.search(quoted._CHARSET, data) is not None
    assert (re.search(quoted._HOLDS_WORD_OR_CHARSET, data) is not None) == want


def test_the_stateless_charsets_are_named_as_a_lookup_names_them() -> None:
    """A declared charset is asked about by the name codecs.lookup gives it
    (decode.declared_codec); _STATELESS is written out (no lookup at import): each of its
    names must be that name, or the charset it stands for is decoded byte by byte."""
    assert {codecs.lookup(name).name for name in quoted._STATELESS} == quoted._STATELESS
