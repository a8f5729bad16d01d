"""The documents an attribute holds, as a browser shows them: an iframe's ``srcdoc`` -- its
value's character references decoded once, as an attribute's are, and the result parsed as
HTML, so ``<iframe srcdoc="DEPLOY&amp;#95;OK">`` shows ``DEPLOY_OK`` (``&amp;#95;`` is
``&#95;`` in the value, an underscore in the document), and so does
``srcdoc="DEPLOY_&lt;b&gt;&lt;/b&gt;OK"`` (a tag in the document) -- and a ``data:`` URL of a
text, HTML or SVG document (an iframe's, an object's, an image's ``src`` or ``data``), its
percent-encoded bytes decoded as UTF-8: ``src="data:text/html,DEPLOY%26%2395;OK"`` shows
``DEPLOY_OK``.  The reading decodes each such value in its place; the rendered reading of the
result (parsed readings are read like stored text) then decodes and removes what the
document holds.  A data: URL's value is read as a browser reads it: references decoded once,
tabs and line ends removed, then percent bytes.  Its lines are the ones a reference or a percent byte in them chooses
(``&amp;``, ``&lt;``, ``%26``, ``%3C`` are makers: hints.py); a value without one holds the
document as stored, which every reading reads.  (Limit: a ``;base64,`` URL, which no maker
chooses, is not decoded.)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator

from rehearsal_hook.scan.indexed import Edit, Indexed, in_steps, replaced, utf8_run

# A ``srcdoc`` attribute and its value, quoted or not, as tags.py reads a value; a reference in
# it (the rendered reading's forms, readings._ESCAPES).
_SRCDOC = re.compile(
    r"(?i:(?<![\w-])srcdoc)[\t\n\f\r ]*+=[\t\n\f\r ]*+(?:\"([^\"]*+)\"|'([^']*+)'|((?![\"'])[^\t\n\f\r >]++))"
)
_REFERENCE = re.compile(r"&(?:#0*[0-9]{1,7}|#[xX]0*[0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
# A ``data:`` URL of a document a browser shows (text, HTML, XML, SVG; not base64), and its
# body up to the end of its attribute's value: in a quoted value that is the closing quote
# alone -- a blank, the other quote, ``<`` or ``>`` are the document's text
# (``src="data:text/html,x DEPLOY%26%2395;OK"`` shows ``x DEPLOY_OK``), in an unquoted
# one a blank or ``>`` (a quote or ``<`` there is the value's, as tags.py reads it) -- and a
# run of percent bytes in it.
_DATA_HEAD = r"(?i:data:(?:text/[\w.+-]*+|image/svg\+xml|application/(?:xhtml\+)?xml)(?:;(?!base64)[^,;\"'<>\s]*+)*+,)"
_DATA_URL = re.compile(
    rf"\"[\t\n\f\r ]*+{_DATA_HEAD}([^\"]*+)|'[\t\n\f\r ]*+{_DATA_HEAD}([^']*+)|{_DATA_HEAD}([^\t\n\f\r >]*+)"
)
_PERCENT_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})++")


@functools.cache
def _unescape() -> Callable[[str], str]:
    import html  # (only a line holding a srcdoc pays for html.entities)

    return html.unescape


def may_read(line: str) -> bool:
    return ("&" in line and _SRCDOC.search(line) is not None) or (
        ("%" in line or "&" in line or "\t" in line)
        and ("data:" in line or "DATA:" in line or _DATA_URL.search(line) is not None)
    )


def _edits(line: str) -> Iterator[Edit]:
    found: list[Edit] = []
    if "&" in line:
        found += _values(line, _SRCDOC, _references)
    if "%" in line or "&" in line or "\t" in line:
        found += _values(line, _DATA_URL, lambda body: in_steps(body, _URL_STEPS))
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


def reading(line: str) -> Indexed | None:
    """``line`` with each ``srcdoc`` value's references and each document ``data:`` URL's
    body (_URL_STEPS) decoded, and per character its index in ``line`` (a reference's: where its
    ``&`` is; a decoded character's: its first byte's ``%``); None if it holds none."""
    return replaced(line, _edits(line))
