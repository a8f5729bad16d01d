"""An iframe's ``srcdoc``, as a browser shows it: the attribute's value is a document of its
own, its character references decoded once as an attribute's are and the result then parsed
as HTML -- so ``<iframe srcdoc="DEPLOY&amp;#95;OK">`` shows ``DEPLOY_OK`` (``&amp;#95;`` is
``&#95;`` in the value, an underscore in the document), and so does
``srcdoc="DEPLOY_&lt;b&gt;&lt;/b&gt;OK"`` (a tag in the document).  The reading decodes the
references of each ``srcdoc`` value in its place; the rendered reading of the result (parsed
readings are read like stored text) then decodes and removes what the document holds.
Its lines are the ones a reference in them chooses (``&amp;`` and ``&lt;`` are makers:
hints.py); a value without one holds the document as stored, which every reading reads.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator

from rehearsal_hook.scan.indexed import Edit, Indexed, replaced

# A ``srcdoc`` attribute and its value, quoted or not, as tags.py reads a value; a reference in
# it (the rendered reading's forms, readings._ESCAPES).
_SRCDOC = re.compile(
    r"(?i:(?<![\w-])srcdoc)[\t\n\f\r ]*+=[\t\n\f\r ]*+(?:\"([^\"]*+)\"|'([^']*+)'|([^\t\n\f\r >\"']++))"
)
_REFERENCE = re.compile(r"&(?:#0*[0-9]{1,7}|#[xX]0*[0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")


@functools.cache
def _unescape() -> Callable[[str], str]:
    import html  # (only a line holding a srcdoc pays for html.entities)

    return html.unescape


def may_read(line: str) -> bool:
    return "&" in line and _SRCDOC.search(line) is not None


def _edits(line: str) -> Iterator[Edit]:
    for m in _SRCDOC.finditer(line):
        k = m.lastindex or 1
        for r in _REFERENCE.finditer(line, m.start(k), m.end(k)):
            yield r.start(), r.end(), _unescape()(r.group())


def reading(line: str) -> Indexed | None:
    """``line`` with the references of each ``srcdoc`` value decoded, and per character its
    index in ``line`` (a reference's: where its ``&`` is); None if it holds none."""
    return replaced(line, _edits(line))
