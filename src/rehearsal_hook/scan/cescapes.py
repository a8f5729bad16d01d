"""The readings of C's, C++'s and C#'s hexadecimal escapes of more than two digits.

C and C++ read every hex digit after ``\\x`` (``"DEPLOY\\x005FOK"`` is ``DEPLOY_OK``): in a
narrow string the value is cut to a byte, its low eight bits (gcc 12 warns "hex escape
sequence out of range" and its ``printf`` prints ``\\x15F`` as ``_``), in a wide one
(``L"..."``) it is the code point (``\\xFF3F``, a full-width low line).  C# reads one to four
digits (``\\x005F5`` is ``_5``).  Readings of their own, beside the string escapes of
readings.py, not alternatives of them: Python reads the same ``\\x005F`` as ``\\x00`` (a
NUL) and ``5F``, and a reader applies one syntax, never a mix.  An escape of one or two digits
reads alike in all of them (readings.py's ``\\x5F``).

Each reading decodes only these escapes (a backslash pair is passed over: ``\\\\x005F`` is a
backslash and text); the rendered reading then reads what it shows, as it reads a piece.
Linear: one pass per reading; a value is read from a run's last two digits, or from what is
left of it without its leading zeros (past six digits: no character, U+FFFD).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rehearsal_hook.scan.indexed import Indexed, replaced

# A line may read otherwise here only where ``\x`` precedes three hex digits.
HINT = re.compile(r"\\x[0-9A-Fa-f]{3}")
# (every backslash escape, so that a pair is passed over; only the runs of three or more
# hex digits are decoded)
_ESCAPE = re.compile(r"\\(?:x([0-9A-Fa-f]{3,}+)|.)", re.DOTALL)


def may_read(line: str) -> bool:
    return HINT.search(line) is not None


def _code_point(digits: str) -> str:
    value = digits.lstrip("0") or "0"
    cp = int(value, 16) if len(value) <= 6 else 0x110000
    return chr(cp) if cp <= 0x10FFFF and not 0xD800 <= cp <= 0xDFFF else "\ufffd"


def _narrow(m: re.Match[str]) -> str:
    return chr(int(m.group(1)[-2:], 16))  # (the value's low eight bits: its last two digits)


def _wide(m: re.Match[str]) -> str:
    return _code_point(m.group(1))


def _csharp(m: re.Match[str]) -> Indexed:
    # (at most four digits; the rest is text, each digit at its own index)
    rest = range(m.start(1) + 4, m.end())
    return _code_point(m.group(1)[:4]) + m.group(1)[4:], [m.start(), *rest]


def _reading(line: str, value: Callable[[re.Match[str]], str | Indexed]) -> Indexed | None:
    return replaced(line, [(m.start(), m.end(), value(m)) for m in _ESCAPE.finditer(line) if m.group(1) is not None])


def readings(line: str) -> list[Indexed]:
    """``line`` with its long hexadecimal escapes decoded as a narrow C string, a wide one and
    C# read them (the later ones only where they differ), and per character its index in
    ``line`` (a decoded escape: its backslash; the digits C# leaves: their own)."""
    runs = [m.group(1) for m in _ESCAPE.finditer(line) if m.group(1) is not None]
    if not runs:
        return []
    out = [r for r in (_reading(line, _narrow),) if r is not None]
    if any(len(d.lstrip("0")) > 2 for d in runs):  # (a value past a byte: wide and narrow differ)
        out += [r for r in (_reading(line, _wide),) if r is not None]
    if any(len(d) > 4 for d in runs):
        out += [r for r in (_reading(line, _csharp),) if r is not None]
    return out
