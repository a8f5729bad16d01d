"""The documents an attribute holds, as a browser shows them: an iframe's ``srcdoc`` -- its
value's character references decoded once, as an attribute's are, and the result parsed as
HTML, so ``<iframe srcdoc="DEPLOY&amp;#95;OK">`` shows ``DEPLOY_OK`` (``&amp;#95;`` is
``&#95;`` in the value, an underscore in the document), and so does
``srcdoc="DEPLOY_&lt;b&gt;&lt;/b&gt;OK"`` (a tag in the document) -- and a ``data:`` URL of a
document a browser shows as text (text, HTML, XML, SVG, JSON, a script; an iframe's, an
object's, an embed's, an image's ``src`` or ``data``, CSS's ``url(...)``), its bytes (percent
bytes, characters in UTF-8) decoded in the charset it declares, else in UTF-8 and in each
encoding a browser may guess (readings): ``src="data:text/html,DEPLOY%26%2395;OK"`` shows
``DEPLOY_OK``, ``src="data:text/html,DEPLOY%ADOK"`` too (windows-1252's soft hyphen); a
``;base64,`` URL's body decoded as the fetch standard's forgiving base64 decodes it:
``src="data:text/html;base64,REVQTE9ZX09L"`` shows ``DEPLOY_OK``.  The reading decodes each
such value in its place; the rendered reading of the result (parsed readings are read like
stored text) then decodes and removes what the document holds.  A data: URL's value is read as
a browser reads it: references decoded once, tabs and line ends removed, then percent bytes
(then base64).  Its lines are the ones a reference or a percent byte in them chooses (``&amp;``,
``&lt;``, ``%26``, ``%3C`` are makers: hints.py) or, in a text holding a tag, a ``;base64,``
(MAKER) or a tag holding a data: URL, read over its lines (TAG_WITH_URL; both syntax_hints.py);
a value without one holds the document as stored, which every reading reads.  A head that a
reference, a tab or a line end splits (``da&#116;a:``, ``data&colon;``, ``text/h&#x09;tml``,
``base64&#x2C;``) is read once the whole value is decoded so (_split_heads).  A line so chosen
is read whether or not it holds a tag: the tag may have opened on a line before, one with a
``<`` in a quoted value (which tags.py does not read as a tag) too.  (Limits: a base64 URL in
a text holding no tag -- a style sheet's ``url(...)``, a Markdown image -- is not read, nor,
streamed, in a segment holding none.)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import Any

from rehearsal_hook.scan import data_bytes
from rehearsal_hook.scan.decode import (
    BINARY_CODECS,
    TEXT_CODECS,
    iso2022_hint,
)
from rehearsal_hook.scan.indexed import Edit, Indexed, composed, in_steps, replaced
from rehearsal_hook.scan.patterns import compiled

# A ``srcdoc`` attribute and its value, quoted or not, as tags.py reads a value; a reference in
# it (the rendered reading's forms, readings._ESCAPES).
# (Both compiled where a line is read so.)
_SRCDOC = r"(?i:(?<![\w-])srcdoc)[\t\n\f\r ]*+=[\t\n\f\r ]*+(?:\"([^\"]*+)\"|'([^']*+)'|((?![\"'])[^\t\n\f\r >]++))"
_REFERENCE = r"&(?:#0*[0-9]{1,7}|#[xX]0*[0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?"
# A ``data:`` URL of a document a browser shows: a text, HTML, XML, SVG, JSON or script
# document, or a type with no ``/`` (none, ``data:,x``, or one a MIME parser refuses: the fetch
# standard reads it as text/plain; ``image/png`` and the like show no text) -- its parameters,
# and whether it ends in ``;base64`` (then ``_BASE64_HEAD``: blanks may stand around the
# ``base64``, any case, as Chromium 150 reads it).
_DATA_TYPE = (
    r"[\t\n\f\r ]*+(?:text/[\w.+-]*+|image/svg\+xml|application/(?:[\w.+-]*+\+)?(?:xml|json)"
    r"|application/(?:x-)?javascript|[^/,;\"'<>\s]*+)[\t\n\f\r ]*+"
)
_BASE64_END = r" *+base64[\t\n\f\r ]*+,"
_PARAMETERS = rf"(?:;(?!{_BASE64_END})[^,;\"'<>\s]*+[\t\n\f\r ]*+)*+"
_DATA_HEAD = rf"(?i:data:{_DATA_TYPE}{_PARAMETERS},)"
_BASE64_HEAD = rf"(?i:data:{_DATA_TYPE}{_PARAMETERS};{_BASE64_END})"


@functools.cache
def _url_values(head: str) -> re.Pattern[str]:
    """A ``data:`` URL whose head is ``head``, and its body up to the end of its attribute's
    value: in a quoted value that is the closing quote alone -- a blank, the other quote, ``<``
    or ``>`` are the document's text (``src="data:text/html,x DEPLOY%26%2395;OK"`` shows ``x
    DEPLOY_OK``), in an unquoted one a blank or ``>`` (a quote or ``<`` there is the value's, as
    tags.py reads it).  A URL parser strips the C0 controls and blanks before it (_LEADING; a
    NUL is U+FFFD in an attribute's value: not stripped).  In CSS's ``url(...)`` the URL ends at its
    closing quote, or unquoted at a blank or ``)``; in a Markdown link's or image's destination,
    ``](data:...)``, at a blank or ``)`` (``<`` and ``>`` around it: at its ``>``) -- Python-Markdown
    3.11 makes ``![x](data:image/svg+xml;base64,...)`` an image, which Chromium 150 draws."""
    return re.compile(
        rf"\]\([ \t]*+(?:<{head}([^<>\n]*+)|{head}([^\t\n\f\r ()<>]*+))"
        rf"|(?i:url)\([\t\n\f\r ]*+(?:\"{head}([^\"]*+)|'{head}([^']*+)|{head}([^\t\n\f\r )\"']*+))"
        rf"|\"{_LEADING}{head}([^\"]*+)|'{_LEADING}{head}([^']*+)|{head}([^\t\n\f\r >]*+)"
    )


# What a URL parser strips before a URL in an attribute's value: C0 controls and blanks, stored
# or as references (decoded first: ``&#1;``, ``&#x20;``, ``&Tab;``; a numeric one without its
# ``;`` before a letter too, as HTML decodes it).
_LEADING = (
    r"(?:[\x01-\x20]|&#0*+(?:[1-9]|[12][0-9]|3[0-2])(?![0-9]);?+"
    r"|&#[xX]0*+(?:1?[0-9A-Fa-f]|20)(?![0-9A-Fa-f]);?+|&(?:Tab|NewLine);)*+"
)


# What chooses a line holding a base64 URL (its body holds no maker): its ``;base64,``, in a
# text holding a tag (syntax_hints._wanted: a browser reads it as markup; a search of every
# text for it cost 0.07-0.1 s more over bench's corpus, 4%, where most text holds ``;``).
MAKER = rf";(?i:{_BASE64_END})"
_BASE64_MARK = re.compile(MAKER)
# What chooses the line where a tag holding a data: URL starts (in a text holding a tag, as
# MAKER): the tag is read as one unit over its lines (units.py), where a quoted value may run
# over a line end -- the URL standard removes it, so ``src="data:text/html,DEPLOY_`` and ``OK"``
# on the next line show ``DEPLOY_OK`` (as Firefox does; Chromium 150 keeps it in a data: URL, a
# blank) -- and the URL may stand on a line after the tag's name.  A quote starts a value only
# after ``=`` and its blanks (tags.py), and a ``>`` in a quoted value is the value's: the URL
# may follow one (``<iframe title="a>b"`` then ``src="data:...`` shows its document).  Anywhere
# else a quote is a character of a name or an unquoted value (``<iframe x"y`` then ``src=...``
# shows it too: HTML's tokenizer ends nothing there), so the loop goes on past it.  (A tag
# holds no ``<`` here, as in tags.py, so each ``<`` is tried up to the next one at most; each
# step of the loop is chosen by its first character and a quoted value is taken possessively --
# or scanned once more for a ``data:`` in it --, so the searches of a text are linear.  Its
# ``data:`` may hold tabs and line ends and end in a reference, which a URL parser removes and
# an attribute decodes first, _split_heads; a reference to a letter of it is a maker, hints.py.)
TAG_WITH_URL = (
    r"<[A-Za-z](?:[^<>=]|=[\t\n\f\r ]*+(?:\"[^\"<]*+\"|'[^'<]*+')?+)*?"
    r"(?:=[\t\n\f\r ]*+(?:\"[^\"<]*?|'[^'<]*?))?"
    r"(?i:d[\t\n\r]*+a[\t\n\r]*+t[\t\n\r]*+a[\t\n\r]*+(?::|&colon;|&#0*+58;?|&#x0*+3a;?))"
)


@functools.cache
def _unescape() -> Callable[[str], str]:
    import html  # (only a line holding a srcdoc pays for html.entities)

    return html.unescape


@functools.cache
def _tag(as_bytes: bool) -> re.Pattern[Any]:
    from rehearsal_hook.scan.hints import RENDER_HINTS

    source = dict(RENDER_HINTS)["<"]
    return re.compile(source.encode() if as_bytes else source)


def holds_tag(text: str | bytes) -> bool:
    """Whether ``text`` holds what opens a tag, a comment or a declaration (the rendered
    reading's hint of markup, hints.RENDER_HINTS): where a base64 URL is read -- a browser
    reads it as markup (an attribute's value, a style's ``url(...)``)."""
    return _tag(isinstance(text, bytes)).search(text) is not None


def may_read(line: str) -> bool:
    return (
        ("&" in line and compiled(_SRCDOC).search(line) is not None)
        or (
            ("%" in line or "&" in line or "\t" in line or "\n" in line or "\r" in line)
            and ("data:" in line or "DATA:" in line or _url_values(_DATA_HEAD).search(line) is not None)
        )
        or (
            ";" in line and _BASE64_MARK.search(line) is not None and _url_values(_BASE64_HEAD).search(line) is not None
        )
        or (
            ("&" in line or "\t" in line or "\n" in line or "\r" in line) and next(_split_heads(line), None) is not None
        )
    )


def _edits(line: str, guess: str | None, undeclared: list[str | None]) -> Iterator[Edit]:
    """The edits of ``line``'s documents, each data: URL's bytes decoded in the charset it
    declares by a browser's label, else in ``guess`` (None: UTF-8); ``undeclared`` gets an
    entry for each whose bytes a guess decodes otherwise (data_bytes.document): the codec Python reads
    its label as, where the label is not a browser's (data_bytes.declared), else None."""
    found: list[Edit] = []
    if "&" in line:
        found += _values(line, compiled(_SRCDOC), lambda value, head: _references(value))
    if "%" in line or "&" in line or "\t" in line or "\n" in line or "\r" in line:  # (a unit over lines)
        found += _values(
            line, _url_values(_DATA_HEAD), lambda body, head: _url(body, head, guess, undeclared, base64=False)
        )
    if ";" in line and _BASE64_MARK.search(line) is not None:
        found += _values(
            line, _url_values(_BASE64_HEAD), lambda body, head: _url(body, head, guess, undeclared, base64=True)
        )
    if "&" in line or "\t" in line or "\n" in line or "\r" in line:
        # (first where both start at one place: the value read whole is what a browser reads)
        split: list[Edit] = []
        for start, value, shown, end_of_head, base64 in _split_heads(line):
            body = shown[0][end_of_head:]
            document = _url(body, shown[0][:end_of_head], guess, undeclared, base64=base64, references=False)
            text, index = (body, range(len(body))) if document is None else document
            begin = shown[1][end_of_head]
            if text != value[begin:]:
                split.append(
                    (start + begin, start + len(value), (text, [start + shown[1][end_of_head + k] for k in index]))
                )
        found = split + found
    return iter(sorted(found, key=lambda e: e[0]))


# Where an attribute's value or a ``url(...)`` may start with a data: URL whose head a
# reference, a tab or a line end splits (``da&#116;a:``, ``data:text/h&#x09;tml;base64,``,
# ``data:text/html;base64&#x2C;``): a quote, ``=`` and blanks, ``url(`` and blanks, then what
# may begin one -- a control or blank a URL parser strips, a ``d``, or a reference -- and the
# value up to its end as _url_values reads it.  (A quoted value is tried zero-width at each
# quote: one that closes a value and opens no other must not hide the value after it, and each
# stretch between two quotes of a kind is read from one place.  An unquoted value, whose ``=``
# or ``url(`` may stand again inside it, is taken whole: from each, ``=d=d=d...`` was
# quadratic.  So a line's searches are linear.)
_SPLIT_VALUES = (
    r"(?=\"((?=[\x01-\x20]*+[dD&])[^\"]*+)|'((?=[\x01-\x20]*+[dD&])[^']*+))"
    r"|(?i:url)\([\t\n\f\r ]*+((?=[dD&])[^\t\n\f\r )\"']++)"
    r"|=[\t\n\f\r ]*+((?=[dD&])[^\t\n\f\r >\"']++)"
)


@functools.cache
def _head_patterns() -> tuple[re.Pattern[str], ...]:
    """_SPLIT_VALUES; a data: URL's head read at the start of a decoded value (_DATA_HEAD,
    _BASE64_HEAD), stored, then as base64's or not; what splits one.  (Compiled where a line
    is read so: 2.3 ms of a hook's start, where most commits hold no data: URL.)"""
    return (
        re.compile(_SPLIT_VALUES),
        re.compile(rf"{_LEADING}(?:{_DATA_HEAD}|{_BASE64_HEAD})"),
        re.compile(_BASE64_HEAD),
        re.compile(_DATA_HEAD),
        re.compile(r"[\t\n\r]"),
        re.compile(r"[&\t\n\r]"),
    )


def _split_heads(line: str) -> Iterator[tuple[int, str, Indexed, int, bool]]:
    """Each value in ``line`` (_SPLIT_VALUES) that a browser reads as a data: URL of a document
    only once its references are decoded and its tabs and line ends removed (a URL parser
    removes them anywhere in a URL; Chromium 150 shows ``da&#116;a:``, ``data&colon;``,
    ``text/h&#x09;tml``, ``&#59;base64``, ``base64&#x2C;``, a raw tab inside ``text/html`` or
    ``data:``; the URL standard, as Firefox, also one inside ``base64``) -- not one whose head
    is whole as stored (_url_values reads it): its start, its stored text, the value so read
    (the C0 controls and blanks around it stripped) with per character its index in the value,
    where its body starts there, and whether it is base64."""
    split_values, stored_head, base64_at, data_at, tab_or_line_end, splitters = _head_patterns()
    for m in split_values.finditer(line):
        k = m.lastindex or 1
        value = m.group(k)
        if "&" not in value and "\t" not in value and "\n" not in value and "\r" not in value:
            continue
        stored = stored_head.match(value)
        if stored is not None and not splitters.search(value, 0, stored.end()):
            continue  # (read by _url_values as a browser reads it)
        quick = tab_or_line_end.sub("", _unescape()(value) if "&" in value else value).lstrip(_END_CONTROLS)
        if quick[:5].lower() != "data:":
            continue
        shown = in_steps(value, (_references, _without_leading_controls, _without_blanks))
        if shown is None:
            continue
        for pattern, base64 in ((base64_at, True), (data_at, False)):
            head = pattern.match(shown[0])
            if head is not None and head.end() < len(shown[0]):
                yield m.start(k), value, shown, head.end(), base64
                break


def _without_leading_controls(body: str) -> Indexed | None:
    """``body`` without the C0 controls and blanks at its start (a URL parser strips them)."""
    start = len(body) - len(body.lstrip(_END_CONTROLS))
    return None if start == 0 else replaced(body, ((0, start, ""),))


def _values(line: str, pattern: re.Pattern[str], read: Callable[[str, str], Indexed | None]) -> Iterator[Edit]:
    """An edit for each value ``pattern`` finds (its last group) that ``read`` changes (given
    the value and what the match holds before it: a data: URL's head)."""
    for m in pattern.finditer(line):
        k = m.lastindex or 1
        value = read(m.group(k), line[m.start() : m.start(k)])
        if value is not None:
            yield m.start(k), m.end(k), (value[0], [m.start(k) + i for i in value[1]])


def _references(body: str) -> Indexed | None:
    return replaced(body, ((r.start(), r.end(), _unescape()(r.group())) for r in compiled(_REFERENCE).finditer(body)))


_URL_BLANKS = re.compile(r"[\t\n\r]++")
# The C0 controls and blanks a URL parser strips at the end of a URL (a NUL is U+FFFD in an
# attribute's value: kept); those before it are _url_values'.
_END_CONTROLS = "".join(map(chr, range(1, 0x21)))


def _without_end_controls(body: str) -> Indexed | None:
    """``body`` without the C0 controls and blanks at its end: ``Q1VU...`` then U+0001 is a
    base64 document to a browser, which the control made no base64 here."""
    end = len(body.rstrip(_END_CONTROLS))
    return None if end == len(body) else replaced(body, ((end, len(body), ""),))


def _without_blanks(body: str) -> Indexed | None:
    return replaced(body, ((m.start(), m.end(), "") for m in _URL_BLANKS.finditer(body)))


def _url(
    body: str, head: str, guess: str | None, undeclared: list[str | None], *, base64: bool, references: bool = True
) -> Indexed | None:
    """A data: URL's body as a browser reads it: an attribute's value (its references decoded
    once), then a URL (a URL parser removes every tab and line end), then its bytes -- so
    ``DEPLOY&amp;#95;OK``, ``DEPLOY&#37;5FOK`` and ``DEPLOY_O&#9;K`` there show the token in
    the document; a base64 URL's fragment cut off (``Q1VU...#x`` is a document) and its bytes
    base64 (data_bytes.base64_bytes).  The bytes decoded in the charset its head declares, else in
    ``guess`` (data_bytes.document).  ``references``: False where the body's references are decoded
    already (_split_heads: the value was read whole)."""
    declared, exact = data_bytes.declared(head)
    steps: tuple[Callable[[str], Indexed | None], ...] = (
        *((_references,) if references else ()),
        _without_end_controls,
        _without_blanks,
        *((_fragment_cut,) if base64 else ()),
    )
    shown = in_steps(body, steps)
    text = body if shown is None else shown[0]
    found = data_bytes.body_bytes(text)
    if base64 and found is not None:
        found = data_bytes.base64_bytes(*found)
    if found is None:
        return shown
    data, at = found
    if not exact and (not data.isascii() or iso2022_hint(data)):
        undeclared.append(declared)  # (a guess reads it otherwise: readings)
    encoding = declared if exact else guess
    if not base64 and "%" not in text and encoding is None:
        return shown  # (its bytes are its text's: UTF-8 shows it as stored)
    document = data_bytes.document(data, at, encoding or "utf-8")
    return document if shown is None else composed(shown, document)


def _fragment_cut(body: str) -> Indexed | None:
    """``body`` without its fragment (a ``#`` and what follows: no part of the document)."""
    at = body.find("#")
    return None if at == -1 else replaced(body, ((at, len(body), ""),))


# The encodings a browser may guess for a document whose charset is not declared: Chromium 150
# shows ``data:text/html,DEPLOY_O%ADK`` as windows-1252 (a soft hyphen inside the token) and
# ``%ADx`` as a CJK character -- its detector's pick; the legacy encodings the scanner reads a
# file in (decode.TEXT_CODECS) but the ones of UTF-16 and UTF-32 (a BOM names them).
_GUESSED = tuple(n for n in TEXT_CODECS if n not in BINARY_CODECS)


def readings(line: str) -> list[Indexed]:
    """``line`` with each ``srcdoc`` value's references and each document ``data:`` URL's
    body (_url) decoded, and per character its index in ``line`` (a reference's: where its
    ``&`` is; a decoded character's: its first byte's); each URL's bytes in the charset it
    declares, else in UTF-8 and then -- where they are not ASCII -- in each encoding a browser
    may guess (_GUESSED: a reading each, the ones that differ).  Empty if it holds none."""
    undeclared: list[str | None] = []
    first = replaced(line, _edits(line, None, undeclared))
    out = [] if first is None else [first]
    if undeclared:
        seen = {r[0] for r in out}
        # (and the codecs Python reads labels a browser does not know as: read besides)
        for name in dict.fromkeys([*_GUESSED, *(d for d in undeclared if d is not None)]):
            more = replaced(line, _edits(line, name, []))
            if more is not None and more[0] not in seen:
                seen.add(more[0])
                out.append(more)
    return out
