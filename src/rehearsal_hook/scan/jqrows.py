"""A JSON document's string values printed one a line, as ``jq -r '.[]'`` or ``jq -r
'..|strings'`` hands them to a terminal: a decoded cursor movement to another row (``\\u001b[1A``
up, ``\\u001b[H`` to a row the value does not tell) followed by writing, in that value or a
later one, lands beside an earlier value -- ``["DEPLOY_XX", "\\u001b[1A\\u001b[8GOK"]``
shows ``DEPLOY_OK`` --, and a decoded designation of the graphics set draws the later values
with it (charsets.py).  Such a document blocks (CannotVerify, unverifiable-reading): which rows
a value reaches depends on the filter and on what the terminal held before, so no one reading
is what a reader sees.

Only in data: a text that is a JSON document (or a stream of them, as jq reads), whose
string values are fed, joined by line feeds, to the terminal's cursor (screen.cells) as
stored codes are.  A movement in a program's string (``"\\033[F"``), a regular expression
or a byte string does nothing (readings.py: those rows belong to the program's output), and a
value that moves with nothing written after it is clean (``{"a": "\\u001b[1A"}``).  Keys are
not printed by those filters and are not read.  C1 controls do nothing here either, as
in the other decoded readings (cursor.Row).

A YAML document's scalars are read the same way, as ``yq -r`` prints them (yamlrows.py: the
block subset, line by line; YAML escapes an ESC as ``\\e``, ``\\x1b`` or ``\\u001b``).

Cost: the check runs only on a text holding an escaped ESC or CSI (``\\u001b``, ``\\u009b``;
YAML's ``\\e`` before what can follow an ESC, ``\\x1b``, ``\\U0000001b``) or a stored CSI
(asked first as literals: a backslash, ``\\u00``, U+009B); the document is parsed once (json,
C speed), or read line by line as YAML when it is no JSON, and each value fed once."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import charsets, screen, yamlrows

# An escaped ESC or CSI (JSON's only ways to hold ESC; U+009B may also stand as itself, asked
# apart: an alternation without a common literal prefix made ``re`` try every character of
# every text, a tenth of a range's scan of git's history; with the prefix ``\u00`` it skips)
_HINT = re.compile(r"\\u00(?:1[bB]|9[bB])")
_HINT_B = re.compile(_HINT.pattern.encode())
# YAML's other ESCs: ``\e`` before what can follow one (not a TeX macro's letters: ``\end``),
# ``\x1b``, ``\U0000001b`` (a decoded C1 control does nothing: jqrows reads no escaped CSI)
_YAML_HINT = re.compile(r"\\(?:e(?:[^a-z]|c(?![a-z])|$)|x1[bB]|U0000001[bB])", re.MULTILINE)
_YAML_HINT_B = re.compile(_YAML_HINT.pattern.encode(), re.MULTILINE)
_DECODER = json.JSONDecoder()
_BLANKS = re.compile(r"[ \t\r\n]*")


def may_block_b(data: bytes) -> bool:
    """Whether the UTF-8 text ``data`` holds what ``check`` looks for: a stored CSI, an escaped
    ESC or CSI (segment_cache.py reads such a text whole, as one document)."""
    # (memchr for the second byte first: a two-byte ``in`` runs at a fraction of its speed)
    if b"\x9b" in data and b"\xc2\x9b" in data:
        return True
    if b"\\" not in data:
        return False
    return (b"\\u00" in data and _HINT_B.search(data) is not None) or (
        (b"\\e" in data or b"\\x1" in data or b"\\U" in data) and _YAML_HINT_B.search(data) is not None
    )


def check(text: str) -> None:
    """Raise CannotVerify if ``text`` is JSON whose string values -- or YAML whose scalars --,
    printed one a line, move the cursor to another row and write there (the module docstring)."""
    # (literal searches first: ``re`` tries a pattern at every character of a text that is not
    # Latin-1 -- 50-70 ms over the bench corpus's 1,126 non-ASCII files, against 2 ms for a
    # memchr for the backslash, then the literal)
    backslash = "\\" in text
    escaped = backslash and "\\u00" in text and _HINT.search(text) is not None
    values = _values(text) if escaped or "\x9b" in text else None
    if values is not None:
        _check_values(values, "a JSON string value", "jq -r")
    elif escaped or (backslash and _yaml_hint(text)):
        # (YAML holds an ESC only escaped: a stored one is refused, as a stored CSI is)
        _check_values(yamlrows.values(text), "a YAML scalar", "yq -r")


def _yaml_hint(text: str) -> bool:
    return ("\\e" in text or "\\x1" in text or "\\U" in text) and _YAML_HINT.search(text) is not None


def _check_values(values: list[str] | None, what: str, reader: str) -> None:
    """Raise CannotVerify if ``values``, printed one a line by ``reader``, move the cursor to
    another row and write there, or designate the graphics set for the values after."""
    if values is None:
        return
    joined = "\n".join(v for v in values if v)
    # (a decoded ``\u001b(0`` designates the graphics set for the values printed after it too:
    # ``{"a": "\u001b(0", "b": "DEPLOYsOK"}`` shows ``DEPLOY⎽OK`` on jq -r's second row;
    # within one value the readings draw it, charsets.py)
    if charsets.may_shift(joined) and charsets.drawn(joined) != "\n".join(charsets.drawn(v) for v in values if v):
        raise CannotVerify(
            "unverifiable-reading",
            f"{what} designates a terminal's graphics character set (ESC ( 0) that draws "
            f"the values printed after it one a line ({reader}): what they show depends on the filter",
        )
    if not screen.moves(joined):
        return
    try:
        screen.cells(joined, 0, len(joined), True, ends=False)
    except CannotVerify as exc:
        raise CannotVerify(
            "unverifiable-reading",
            f"{what} moves the cursor to another row and writes there when printed "
            f"one a line ({reader}): what it overwrites depends on the filter ({exc})",
        ) from None


def _values(text: str) -> list[str] | None:
    """The string values of the JSON documents ``text`` holds (a stream, blanks between), in
    document order; None if it is not JSON.  jq prints the values of the documents before one
    it cannot parse, then fails (a JSON Lines log whose last line was cut): those are read
    where the first document is an array or an object (a program's text may begin with a
    string, a docstring, and go on as no JSON)."""
    out: list[str] = []
    pos = _BLANKS.match(text, 0).end()  # type: ignore[union-attr]
    if pos == len(text):
        return None
    container: list[bool] = []  # (whether the first document is an array or an object)
    try:
        while pos < len(text):
            doc, pos = _DECODER.raw_decode(text, pos)
            container = container or [isinstance(doc, (list, dict))]
            out += _strings(doc)
            pos = _BLANKS.match(text, pos).end()  # type: ignore[union-attr]
    except ValueError:
        return out if container and container[0] else None
    except RecursionError:
        raise CannotVerify("unverifiable-reading", "a JSON document nested too deep to read its values") from None
    return out


def _strings(doc: Any) -> Iterator[str]:
    """The string values of ``doc`` in order (not its keys), without recursion."""
    stack = [doc]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))
