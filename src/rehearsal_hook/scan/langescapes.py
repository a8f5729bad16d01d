"""The string escapes of Lua, OCaml, Haskell, Scheme, SQL's Unicode strings and PowerShell: readings of their own.

Each language reads a backslash and digits its own way, where readings.py reads them as most
languages do (octal, ``\\137``): Lua reads one to three decimal digits (``"DEPLOY\\95OK"`` is
``DEPLOY_OK``; lua 5.4), OCaml three (``\\095``) and ``\\o`` before three octal digits (ocaml
4.13); Lua's ``\\z`` skips the blanks after it.  Haskell (hugs, the Haskell 2010 report) reads
every decimal digit (``\\95``, ``\\1040``), ``\\o`` and every octal digit, ``\\x`` and every hex
digit (``\\x5``), a control by its ASCII name (``\\SOH``) or caret (``\\^A``) -- a terminal does
not print one --, and ``\\&`` and a gap (a backslash, blanks, a backslash) as nothing.  SQL's
Unicode escape strings (``U&'...'``, the standard's and PostgreSQL's) read ``\\005F`` and
``\\+00005F`` as a code point, with the escape character ``UESCAPE`` names on the line too;
Scheme (R6RS, R7RS: guile 3 ``#!r6rs``, ``--r7rs``) ``\\x5f;``, hex digits ended by ``;``.
PowerShell's backtick escapes (about_Special_Characters, case-sensitive): ```u{5f}`` is a code
point (one to six hex digits), ```0 `a `b `e `f `n `r `t `v`` controls (ESC: what follows is a
terminal code, read by the rendered reading), and a backtick before any other character is that
character (```_``, ```A``; a backtick pair is one).  PowerShell reads them only in double-quoted
strings and here-strings; they are read on any line holding a backtick before what is not a
blank or a backtick -- a reading added, none removed: its only other tokens are those dropping a
backtick forms, as Markdown's code span beside a word shows them too (```DEPLOY``_OK``).

A reader applies one syntax: Lua's and OCaml's (one reading: neither holds the other's
escapes), Haskell's, Scheme's, SQL's and PowerShell's are five readings, beside the rendered reading's; each decodes
only its escapes (a backslash pair is passed over) and the rendered reading then reads what it
shows, as it reads a piece (parsed.py).  A run of byte escapes (Lua's and OCaml's: their
strings are bytes) is decoded as UTF-8, as a terminal shows what ``print`` writes.  Linear: one
pass per reading; a value's digits are bounded (a longer run is out of range: kept as stored).
"""

from __future__ import annotations

import re

from rehearsal_hook.scan.indexed import Edit, Indexed, decoded_bytes, replaced

# What a line must hold for one of these readings to differ from readings.py's: two decimal
# digits, an 8 or 9 (a control in decimal), ``\\o`` and an octal digit, Lua's ``\\z``, a
# Haskell hex escape of one digit, a caret, a name, ``\\&`` or a gap, Scheme's ``\\x5f;``; or SQL's ``U&`` string.
HINT = re.compile(
    r"\\(?:[0-9]{2}|[89]|o[0-7]|z|x[0-9A-Fa-f](?![0-9A-Fa-f])|x[0-9A-Fa-f]{1,8};|\^[@A-Z\[\\\]^_]|[A-Z]{2}|&|[ \t]++\\)"
    r"|[Uu]&['\"]"
)
# Haskell's names of the ASCII controls, in code order (``NUL`` is 0, ``US`` 31), and ``SP``, ``DEL``.
_ASCII_NAMES = (
    *("NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR", "SO", "SI"),
    *("DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US"),
)
_NAME_VALUES = {name: chr(k) for k, name in enumerate(_ASCII_NAMES)} | {"SP": " ", "DEL": "\x7f"}
# (``SOH`` before ``SO``: Haskell takes the longest name)
_NAMES = "|".join(sorted(_NAME_VALUES, key=lambda n: -len(n)))
_LUA = re.compile(r"\\(?:([0-9]{1,3})|o([0-7]{3})|z[ \t\f\v]*+|[\s\S])")
_HASKELL = re.compile(
    r"\\(?:0*+([0-9]{1,8}+)|o0*+([0-7]{1,8}+)|x0*+([0-9A-Fa-f]{1,7}+)|\^([@A-Z\[\\\]^_])|("
    + _NAMES
    + r")|&|[ \t\f\v]++\\|[\s\S])"
)
# Scheme's (R6RS, R7RS): ``\\x`` and hex digits ended by ``;``.
_SCHEME = re.compile(r"\\(?:x0*+([0-9A-Fa-f]{1,6}+);|[\s\S])")
# (a malformed ```u{`` is a ``u``: PowerShell refuses the script, where more tokens fail closed)
_POWERSHELL = re.compile(r"`(?:u\{([0-9A-Fa-f]{1,6})\}|([\s\S])|$)")
# (ESC and CR as the rendered reading's escapes, ``\\e`` and ``\\r``: it reads a code that moves
# the cursor, and a CR, where it decodes them -- a piece's stored ones are the line's terminal
# reading's, views.py, which reads no parsed reading)
_POWERSHELL_VALUES = {
    **{"0": "\x00", "a": "\x07", "b": "\x08", "e": "\\e", "f": "\x0c"},
    **{"n": "\n", "r": "\\r", "t": "\t", "v": "\x0b"},
}
# What a line must hold for PowerShell's reading to show a word it does not store: a backtick
# before what is not a blank or a backtick (one before a blank or a pair shows no letter).
POWERSHELL_HINT = re.compile(r"`[^\s`]")
# Its makers (syntax_hints.py): ```u{`` makes a character anywhere, ```e`` before what a
# terminal code that moves or draws starts with (hints._maker_hint's), and after what is not a
# blank ```b`` (a backspace) and ```r`` (a carriage return) move them -- Markdown's code spans
# (```build```, ```run```) open after a blank: lines read for them cost 0.6 ms a KiB of such prose.
# (A dropped backtick, ```0`` and ```a`` -- NUL and BEL, which a view and a terminal drop --
# join only what is beside them: Markdown syntax beside a needle, near.py, chooses those lines.)
POWERSHELL_MAKER = r"`(?:u\{|e[\[78DEMHc69#()*+]|(?<=\S`)[br])"
_SQL_STRING = re.compile(r"[Uu]&['\"]")
_UESCAPE = re.compile(r"(?i:uescape)\s*'([^'\s0-9A-Fa-f+\"])'")


def may_read(line: str) -> bool:
    return (
        ("\\" in line and HINT.search(line) is not None)
        or ("&" in line and _SQL_STRING.search(line) is not None)
        or ("`" in line and POWERSHELL_HINT.search(line) is not None)
    )


def readings(line: str) -> list[Indexed]:
    """``line`` read as Lua or OCaml, as Haskell, as SQL and as PowerShell read its escapes (each
    only where it decodes one), and per character its index in ``line`` (a decoded escape: its
    backslash or backtick)."""
    out: list[Indexed] = []
    if "\\" in line:
        out += [r for r in (_lua(line), _haskell(line), _scheme(line)) if r is not None]
    if "&" in line and _SQL_STRING.search(line) is not None:
        out += [r for r in (_sql(line, c) for c in ["\\", *_UESCAPE.findall(line)]) if r is not None]
    if "`" in line and POWERSHELL_HINT.search(line) is not None:
        found = _powershell(line)
        if found is not None:
            out.append(found)
    return out


def _powershell(line: str) -> Indexed | None:
    edits: list[Edit] = []
    for m in _POWERSHELL.finditer(line):
        if m.group(1) is not None:
            cp = int(m.group(1), 16)
            if cp <= 0x10FFFF:  # (out of range: an error, kept)
                edits.append((m.start(), m.end(), chr(cp) if not 0xD800 <= cp <= 0xDFFF else "\ufffd"))
        elif m.group(2) in _POWERSHELL_VALUES:
            edits.append((m.start(), m.end(), _POWERSHELL_VALUES[m.group(2)]))
        elif m.group(2) is not None:  # (the character itself, at its own column: Markdown's code span's)
            edits.append((m.start(), m.end(), (m.group(2), [m.start() + 1])))
        else:  # (a line's last backtick: it continues the line, shows nothing)
            edits.append((m.start(), m.end(), ""))
    return replaced(line, edits)


def _lua(line: str) -> Indexed | None:
    edits: list[Edit] = []
    run: list[int] = []  # (a run of byte escapes, their starts; the values in ``values``)
    values = bytearray()
    end = -1
    for m in _LUA.finditer(line):
        digits = m.group(1) or m.group(2)
        value = int(digits, 10 if m.group(1) else 8) if digits else -1
        if run and (m.start() != end or not 0 <= value <= 255):
            edits.append((run[0], end, decoded_bytes(bytes(values), run)))
            run, values = [], bytearray()
        if 0 <= value <= 255:
            run.append(m.start())
            values.append(value)
            end = m.end()
        elif m.group()[1] == "z":
            edits.append((m.start(), m.end(), ""))
    if run:
        edits.append((run[0], end, decoded_bytes(bytes(values), run)))
    return replaced(line, edits)


def _haskell(line: str) -> Indexed | None:
    edits: list[Edit] = []
    for m in _HASKELL.finditer(line):
        if m.lastindex is not None and m.lastindex <= 3:
            cp = int(m.group(m.lastindex), (10, 8, 16)[m.lastindex - 1])
            if cp <= 0x10FFFF and m.end() - m.start() <= 128:  # (out of range: an error, kept)
                edits.append((m.start(), m.end(), chr(cp) if not 0xD800 <= cp <= 0xDFFF else "\ufffd"))
        elif m.lastindex == 4:
            edits.append((m.start(), m.end(), chr(ord(m.group(4)) & 0x1F)))
        elif m.lastindex == 5:
            edits.append((m.start(), m.end(), _NAME_VALUES[m.group(5)]))
        elif m.group()[1] == "&" or (len(m.group()) > 2 and m.group()[-1] == "\\"):
            edits.append((m.start(), m.end(), ""))
    return replaced(line, edits)


def _scheme(line: str) -> Indexed | None:
    edits: list[Edit] = []
    for m in _SCHEME.finditer(line):
        if m.group(1) is not None:
            cp = int(m.group(1), 16)
            edits.append((m.start(), m.end(), chr(cp) if cp <= 0x10FFFF and not 0xD800 <= cp <= 0xDFFF else "\ufffd"))
    return replaced(line, edits)


def _sql(line: str, escape: str) -> Indexed | None:
    e = re.escape(escape)
    pattern = e + r"(?:\+([0-9A-Fa-f]{6})|([0-9A-Fa-f]{4})|" + e + ")"
    edits: list[Edit] = []
    for m in re.finditer(pattern, line):
        digits = m.group(1) or m.group(2)
        if digits:
            cp = int(digits, 16)
            edits.append((m.start(), m.end(), chr(cp) if cp <= 0x10FFFF and not 0xD800 <= cp <= 0xDFFF else "\ufffd"))
    return replaced(line, edits)
