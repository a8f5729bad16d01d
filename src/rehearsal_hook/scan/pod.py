"""Perl's POD as a formatter shows it (pod2text, pod2html, GitHub's rendering of a ``.pod``
file): its formatting codes inside a word.  ``B<...>``, ``I<...>``, ``C<...>``, ``F<...>``,
``S<...>`` and ``L<...>`` show what they hold (a link its text before ``|``), ``Z<>`` and an
index entry ``X<...>`` nothing, ``E<...>`` one character (a number in decimal, ``0x`` or ``x``
hex or ``0`` octal -- ``095`` is decimal --, or an HTML entity name); the codes nest, and take the ``B<< ... >>`` form
(as many ``>`` as ``<``, each with a blank inside).  So ``DEPLOY_B<OK>`` and ``DEPLOY_Z<>OK``
show one word.

Codes pair in one pass with a stack (an opener never closed is shown, as the formatters show
it).  Its places are the near search's (near.py: a capital and ``<`` can vanish after a
needle's beginning); a character ``E<...>`` makes, even a needle's first, is a maker's
(hints._pod_escape), which selects its line.
"""

from __future__ import annotations

import bisect
import html.entities
import re

from rehearsal_hook.scan.indexed import Edit, Indexed, replaced

# (A closer's blanks are taken from the first of a run, possessively: a run of blanks is
# passed once, not once from each of its blanks.)
_CODE = re.compile(
    r"(?P<multi>[BCEFILSXZ](?P<angles><{2,}+)\s++)|(?P<multi_end>(?<!\s)\s++(?P<ends>>{2,}+))"
    r"|(?P<single>[BCEFILSXZ]<)|(?P<end>>)"
)
_OPENER = re.compile(r"[BCEFILSXZ]<")
_LITERAL_ANGLES = str.maketrans("<>", "\u2039\u203a")
# What ``E<name>`` shows, by name (hints._pod_escape: the names that make a character).
ESCAPE_NAMES = {
    **{name: chr(cp) for name, cp in html.entities.name2codepoint.items()},
    **{"lt": "<", "gt": ">", "verbar": "|", "sol": "/"},
}


def may_read(line: str) -> bool:
    return "<" in line and _OPENER.search(line) is not None


# A number as Pod::Escapes' e2charnum reads it: octal only with a leading 0 and octal digits
# alone (``E<095>`` is decimal 95), hex after ``x`` with or without the 0 (``E<x5F>``).
_OCTAL = re.compile(r"0[0-7]*")
_HEX = re.compile(r"0?[xX]([0-9a-fA-F]+)")


def _escape(body: str) -> str | None:
    """The character ``E<body>`` shows, None when it shows none."""
    try:
        if _OCTAL.fullmatch(body):
            cp = int(body, 8)
        elif (hexed := _HEX.fullmatch(body)) is not None:
            cp = int(hexed.group(1), 16)
        elif body.isdigit():
            cp = int(body)
        else:
            return ESCAPE_NAMES.get(body)
    except ValueError:
        return None
    return chr(cp) if 0 < cp <= 0x10FFFF and not 0xD800 <= cp <= 0xDFFF else None


_ANGLE = re.compile("[<>]")
_BAR = re.compile("[|]")


def _first(places: list[int], lo: int, hi: int) -> int:
    """The first of the ascending ``places`` in ``[lo, hi)``, or -1."""
    k = bisect.bisect_left(places, lo)
    return places[k] if k < len(places) and places[k] < hi else -1


def reading(line: str) -> Indexed | None:
    """``line`` with its formatting codes shown as a formatter shows them, and per character
    its index in ``line``; None if it holds none that pairs."""
    if not may_read(line):
        return None
    stack: list[tuple[str, int, int, int]] = []  # (code, angles, start, end of the opener)
    edits: list[Edit] = []
    # Where each ``<`` or ``>`` and each ``|`` is: a nested code's body holds its inner codes,
    # and reading it (sliced, or searched for ``|``) once per code made codes nested deep
    # quadratic (``E<`` x 10,000 then ``>`` x 10,000: 4x per doubling) -- now a lookup each.
    angles_at = [m.start() for m in _ANGLE.finditer(line)]
    bars_at = [m.start() for m in _BAR.finditer(line)] if "L<" in line else []
    for m in _CODE.finditer(line):
        if m.group("multi") or m.group("single"):
            code = line[m.start()]
            stack.append((code, len(m.group("angles") or "<"), m.start(), m.end()))
            continue
        angles = len(m.group("ends") or ">")
        if not stack or stack[-1][1] not in (1, angles):
            continue  # (a ``>`` of the text, or a closer of another length)
        code, _, start, body = stack.pop()
        close = m.start("ends") if m.group("multi_end") else m.start()
        if code == "E":
            # (a body holding ``<`` or ``>`` -- an inner code -- shows no character)
            shown = None if _first(angles_at, body, close) != -1 else _escape(line[body:close].strip())
            if shown is not None:
                edits.append((start, m.end(), shown))
        elif code in "XZ":
            edits.append((start, m.end(), ""))
        else:
            bar = _first(bars_at, body, close) if code == "L" else -1
            edits.append((start, body, ""))
            if bar != -1:
                edits.append((bar, m.end(), ""))
            else:
                edits.append((m.start(), m.end(), ""))
    if not edits:
        return None
    edits.sort(key=lambda e: (e[0], -e[1]))
    found = replaced(line, edits)
    if found is None:
        return None
    # A ``<`` or ``>`` that is no code's is shown as it is: as angle quotes (same length, also
    # no word character), so that the rendered reading of this text, which removes markup,
    # takes no tag of them (``X</span>`` is an index entry here, and the tag around it text).
    return found[0].translate(_LITERAL_ANGLES), found[1]
