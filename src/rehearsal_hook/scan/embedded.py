"""The documents an attribute holds, as a browser shows them: an iframe's ``srcdoc`` -- its
value's character references decoded once, as an attribute's are, and the result parsed as
HTML, so ``<iframe srcdoc="DEPLOY&amp;#95;OK">`` shows ``DEPLOY_OK`` (``&amp;#95;`` is
``&#95;`` in the value, an underscore in the document), and so does
``srcdoc="DEPLOY_&lt;b&gt;&lt;/b&gt;OK"`` (a tag in the document) -- and a ``data:`` URL of a
document a browser shows as text (text, HTML, XML, SVG, JSON, a script; an iframe's, an
object's, an embed's, an image's ``src`` or ``data``, CSS's ``url(...)``), its percent-encoded
bytes decoded as UTF-8: ``src="data:text/html,DEPLOY%26%2395;OK"`` shows ``DEPLOY_OK``; a
``;base64,`` URL's body decoded as the fetch standard's forgiving base64 decodes it:
``src="data:text/html;base64,REVQTE9ZX09L"`` shows ``DEPLOY_OK``.  The reading decodes each
such value in its place; the rendered reading of the result (parsed readings are read like
stored text) then decodes and removes what the document holds.  A data: URL's value is read as
a browser reads it: references decoded once, tabs and line ends removed, then percent bytes
(then base64).  Its lines are the ones a reference or a percent byte in them chooses (``&amp;``,
``&lt;``, ``%26``, ``%3C`` are makers: hints.py) or a ``;base64,`` in a text holding a tag
(MAKER, syntax_hints.py); a value without one holds the document as stored, which every
reading reads.  (Limits: a tab stored alone inside a token there chooses no line; a base64 URL
in a text holding no tag -- a style sheet's ``url(...)``, a Markdown image -- is not read.)
"""

from __future__ import annotations

import base64
import functools
import re
from collections.abc import Callable, Iterator
from typing import Any

from rehearsal_hook.scan.indexed import Edit, Indexed, decoded_bytes, in_steps, replaced, utf8_run

# A ``srcdoc`` attribute and its value, quoted or not, as tags.py reads a value; a reference in
# it (the rendered reading's forms, readings._ESCAPES).
_SRCDOC = re.compile(
    r"(?i:(?<![\w-])srcdoc)[\t\n\f\r ]*+=[\t\n\f\r ]*+(?:\"([^\"]*+)\"|'([^']*+)'|((?![\"'])[^\t\n\f\r >]++))"
)
_REFERENCE = re.compile(r"&(?:#0*[0-9]{1,7}|#[xX]0*[0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
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


def _url_values(head: str) -> re.Pattern[str]:
    """A ``data:`` URL whose head is ``head``, and its body up to the end of its attribute's
    value: in a quoted value that is the closing quote alone -- a blank, the other quote, ``<``
    or ``>`` are the document's text (``src="data:text/html,x DEPLOY%26%2395;OK"`` shows ``x
    DEPLOY_OK``), in an unquoted one a blank or ``>`` (a quote or ``<`` there is the value's, as
    tags.py reads it).  A URL parser strips the C0 controls and blanks before it (a NUL is
    U+FFFD in an attribute's value: not stripped).  In CSS's ``url(...)`` the URL ends at its
    closing quote, or unquoted at a blank or ``)``."""
    return re.compile(
        rf"(?i:url)\([\t\n\f\r ]*+(?:\"{head}([^\"]*+)|'{head}([^']*+)|{head}([^\t\n\f\r )\"']*+))"
        rf"|\"[\x01-\x20]*+{head}([^\"]*+)|'[\x01-\x20]*+{head}([^']*+)|{head}([^\t\n\f\r >]*+)"
    )


_DATA_URL = _url_values(_DATA_HEAD)
_BASE64_URL = _url_values(_BASE64_HEAD)
# What chooses a line holding a base64 URL (its body holds no maker): its ``;base64,``, in a
# text holding a tag (syntax_hints._wanted: a browser reads it as markup; a search of every
# text for it cost 0.07-0.1 s more over bench's corpus, 4%, where most text holds ``;``).
MAKER = rf";(?i:{_BASE64_END})"
_BASE64_MARK = re.compile(MAKER)
_PERCENT_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})++")


@functools.cache
def _unescape() -> Callable[[str], str]:
    import html  # (only a line holding a srcdoc pays for html.entities)

    return html.unescape


@functools.cache
def _tag(as_bytes: bool) -> re.Pattern[Any]:
    from rehearsal_hook.scan.hints import RENDER_HINTS

    source = dict(RENDER_HINTS)["<"].pattern
    return re.compile(source.encode() if as_bytes else source)


def holds_tag(text: str | bytes) -> bool:
    """Whether ``text`` holds what opens a tag, a comment or a declaration (the rendered
    reading's hint of markup, hints.RENDER_HINTS): where a base64 URL is read -- a browser
    reads it as markup (an attribute's value, a style's ``url(...)``)."""
    return _tag(isinstance(text, bytes)).search(text) is not None


def may_read(line: str) -> bool:
    return (
        ("&" in line and _SRCDOC.search(line) is not None)
        or (
            ("%" in line or "&" in line or "\t" in line)
            and ("data:" in line or "DATA:" in line or _DATA_URL.search(line) is not None)
        )
        or (
            ";" in line
            and _BASE64_MARK.search(line) is not None
            and holds_tag(line)
            and _BASE64_URL.search(line) is not None
        )
    )


def _edits(line: str) -> Iterator[Edit]:
    found: list[Edit] = []
    if "&" in line:
        found += _values(line, _SRCDOC, _references)
    if "%" in line or "&" in line or "\t" in line:
        found += _values(line, _DATA_URL, lambda body: in_steps(body, _URL_STEPS))
    if ";" in line and _BASE64_MARK.search(line) is not None and holds_tag(line):
        found += _values(line, _BASE64_URL, lambda body: in_steps(body, _BASE64_STEPS))
    return iter(sorted(found, key=lambda e: e[0]))


def _values(line: str, pattern: re.Pattern[str], read: Callable[[str], Indexed | None]) -> Iterator[Edit]:
    """An edit for each value ``pattern`` finds (its last group) that ``read`` changes."""
    for m in pattern.finditer(line):
        k = m.lastindex or 1
        value = read(m.group(k))
        if value is not None:
            yield m.start(k), m.end(k), (value[0], [m.start(k) + i for i in value[1]])


def _references(body: str) -> Indexed | None:
    return replaced(body, ((r.start(), r.end(), _unescape()(r.group())) for r in _REFERENCE.finditer(body)))


_URL_BLANKS = re.compile(r"[\t\n\r]++")


def _without_blanks(body: str) -> Indexed | None:
    return replaced(body, ((m.start(), m.end(), "") for m in _URL_BLANKS.finditer(body)))


def _percent_bytes(body: str) -> Indexed | None:
    return replaced(
        body, ((r.start(), r.end(), utf8_run(r.group(), r.start(), 3)) for r in _PERCENT_RUN.finditer(body))
    )


# A data: URL's body as a browser reads it: an attribute's value (its references decoded
# once), then a URL (a URL parser removes every tab and line end), then its percent bytes --
# so ``DEPLOY&amp;#95;OK``, ``DEPLOY&#37;5FOK`` and ``DEPLOY_O&#9;K`` there show
# the token in the document.  (A tab stored alone there chooses no line: not read.)
_URL_STEPS = (_references, _without_blanks, _percent_bytes)


def _fragment_cut(body: str) -> Indexed | None:
    """``body`` without its fragment (a ``#`` and what follows: no part of the document)."""
    at = body.find("#")
    return None if at == -1 else replaced(body, ((at, len(body), ""),))


_ASCII_BLANKS = re.compile(r"[\t\n\f\r ]++")
_BASE64 = re.compile(r"[A-Za-z0-9+/]*+")


def _base64_document(body: str) -> Indexed | None:
    """``body`` (a URL's percent bytes decoded) read as the fetch standard's forgiving base64
    reads it -- its blanks removed, one or two ``=`` at its end when its length is a multiple
    of four, nothing but the alphabet then, a length that leaves no 1 over four -- and the
    bytes decoded as UTF-8, each character at the first letter of the group of its first byte;
    None where the decoding fails (a browser then shows no document: Chromium 150's error page
    for ``Q1VU=`` and ``Q1V?U``).  Linear: a pass of ``re`` and the decoders'."""
    shown = in_steps(body, (_without_ascii_blanks,))
    text = body if shown is None else shown[0]
    if len(text) % 4 == 0 and text.endswith("="):
        text = text[:-2] if text.endswith("==") else text[:-1]
    if len(text) % 4 == 1 or _BASE64.fullmatch(text) is None:
        return None
    data = base64.b64decode(text + "=" * (-len(text) % 4))
    at = [(k // 3) * 4 + k % 3 for k in range(len(data))]  # (byte k's first letter)
    if shown is not None:
        at = [shown[1][k] for k in at]
    return decoded_bytes(data, at) if data else None


def _without_ascii_blanks(body: str) -> Indexed | None:
    return replaced(body, ((m.start(), m.end(), "") for m in _ASCII_BLANKS.finditer(body)))


# A base64 URL's body as a browser reads it: an attribute's value (references decoded once),
# a URL (tabs and line ends removed, the fragment cut off: ``Q1VU...#x`` is a document), then
# percent bytes (``Q1VU%54...``), then base64 (its blanks removed: ``Q1VU T1ZF``).
_BASE64_STEPS = (_references, _without_blanks, _fragment_cut, _percent_bytes, _base64_document)


def reading(line: str) -> Indexed | None:
    """``line`` with each ``srcdoc`` value's references and each document ``data:`` URL's
    body (_URL_STEPS) decoded, and per character its index in ``line`` (a reference's: where its
    ``&`` is; a decoded character's: its first byte's ``%``); None if it holds none."""
    return replaced(line, _edits(line))
