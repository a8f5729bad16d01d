"""Mermaid's entity codes, as a diagram shows them: GitHub renders a Markdown file's
````` ```mermaid ````` block (and an ``.mmd`` file) as a diagram, whose labels write a character
as ``#`` and its decimal code or HTML name and ``;`` -- ``#95;`` is an underscore, ``#lowbar;``
too (mermaid's ``encodeEntities`` reads ``#\\w+;`` as ``&#95;`` or ``&lowbar;``, which the
browser decodes), so ``A["DEPLOY#95;OK"]`` shows ``DEPLOY_OK``.  A code whose name is no
HTML entity shows as written.  Its lines are chosen (syntax_hints: a code that makes a
character is a maker) in a text that may hold a diagram (may_hold): one naming ``mermaid``
(a Markdown fence, GitLab's ``::: mermaid``, an HTML ``class="mermaid"``), or one that starts
as a diagram file (``.mmd``) does, with its type -- ``#`` starts a comment in most code, and a
search of every ``#`` for a code cost a tenth more time over bench's corpus.  A line chosen
for another reason reads its codes only there too (parsed.parsed_readings' ``diagram``: read
on any line Markdown may read, ``A#95;_P...`` was found by scan_str in plain text, not by the
bytes' scan); what the tool prints is read as if it may hold one (redaction).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from rehearsal_hook.scan.indexed import Indexed, at_matches, replaced
from rehearsal_hook.scan.patterns import compiled

# (mermaid's ``#\w+;``: digits, or a name of up to 32 letters and digits -- the longest HTML
# name is 31 -- so that each search from a ``#`` stops within 40 characters: linear.  Not
# inside an HTML reference, ``&#95;``: mermaid shows it as ``&`` and the character, a
# separator before it, and the rendered reading decodes the reference itself.)
CODE = r"#(?<!&#)(?:[0-9]{1,10}+|[A-Za-z][A-Za-z0-9]{0,31}+);"


@functools.cache
def _unescape() -> Callable[[str], str]:
    import html  # (only a line holding a code pays for html.entities)

    return html.unescape


def _value(m: re.Match[str]) -> str:
    code = m.group()
    reference = ("&#" if code[1].isdigit() else "&") + code[1:]  # (mermaid's decodeEntities)
    shown = _unescape()(reference)
    return code if shown == reference else shown


# A diagram file's start: blanks, ``%%`` comments and directives, a YAML front matter (up to 64
# lines), then a diagram's type (mermaid's detectors, as of 11.x).
_DIAGRAM = (
    r"(?:[ \t\r\n]|%%[^\r\n]*+|---[ \t]*+\r?\n(?:(?!---)[^\r\n]*+\r?\n){0,64}+---[ \t]*+(?=[\r\n]))*+"
    r"(?:graph|flowchart|sequenceDiagram|classDiagram|stateDiagram|erDiagram|journey|gantt|pie|gitGraph"
    r"|mindmap|timeline|quadrantChart|requirementDiagram|C4|sankey|xychart|block|packet|architecture"
    r"|kanban|radar|treemap|zenuml)"
)
_DIAGRAM_B = _DIAGRAM.encode()  # (compiled where a shape is: 0.5 ms of a hook's start)


def may_hold(text: str | bytes) -> bool:
    """Whether ``text`` may hold a Mermaid diagram: it names ``mermaid`` or starts as a diagram."""
    if isinstance(text, str):
        return "mermaid" in text or compiled(_DIAGRAM).match(text) is not None
    return b"mermaid" in text or compiled(_DIAGRAM_B).match(text) is not None


# (A code's shape, searched first: a ``#`` and a word and ``;`` is rare in code, whose ``#``
# starts a comment -- one pass at the speed of the search for ``#``; what names ``mermaid`` is
# asked of a text holding one only.)
_SHAPE_S = re.compile(r"#[0-9A-Za-z]{1,32}+;")
_SHAPE_B = re.compile(rb"#[0-9A-Za-z]{1,32}+;")


def holds_shape(text: str | bytes, asked: Callable[[], bool] | None = None) -> bool:
    """Whether ``text`` holds a code's shape (``#`` a word ``;``).  ``asked``: the answer for
    ``text``, asked at most once where two judgements of one text ask (text._constructs_b)."""
    if asked is not None:
        return asked()
    if isinstance(text, str):
        return "#" in text and _SHAPE_S.search(text) is not None
    return b"#" in text and _SHAPE_B.search(text) is not None


class _AskedOnce:
    """``_ask`` of one text, asked at most once: a callable to hand on.  (A class, where
    functools.cache over a partial cost 3 us a text to make, as much as the search it saved.)"""

    __slots__ = ("_held", "_text")
    _ask: Callable[[Any], bool]

    def __init__(self, text: str | bytes) -> None:
        self._text = text
        self._held: bool | None = None

    def __call__(self) -> bool:
        if self._held is None:
            self._held = self._ask(self._text)
        return self._held


class Shape(_AskedOnce):
    """holds_shape of one text, asked at most once: a callable for its ``asked`` (where two
    judgements of a text both ask, text._constructs_b)."""

    __slots__ = ()
    _ask = staticmethod(holds_shape)


class Diagram(_AskedOnce):
    """may_hold of one text, asked at most once and only where a line of it holds a code
    (parsed.parsed_readings' ``diagram``): asked of every text the readings read, the search for
    ``mermaid`` cost 2% of bench's corpus scan."""

    __slots__ = ()
    _ask = staticmethod(may_hold)


def makes_character(text: str) -> bool:
    """Whether ``text`` holds a code that a diagram shows as another character (``#95;``; not
    ``#fff;``, which shows as written)."""
    return holds_shape(text) and any(_value(m) != m.group() for m in compiled(CODE).finditer(text))


def may_make(text: str | bytes, shape: Callable[[], bool] | None = None) -> bool:
    """Whether ``text`` may show a character a code makes: it holds a code's shape and may hold
    a diagram (syntax_hints then searches for a code that makes one).  ``shape``: holds_shape's
    ``asked``."""
    return holds_shape(text, shape) and may_hold(text)


def may_read(line: str) -> bool:
    return "#" in line and compiled(CODE).search(line) is not None


def reading(line: str) -> Indexed | None:
    """``line`` with each entity code shown as its character, and per character its index in
    ``line`` (a code's: where its ``#`` is); None if it holds none."""
    return replaced(line, at_matches(compiled(CODE).finditer(line), _value))
