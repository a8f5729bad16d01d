"""The string escapes of Lua, OCaml, Haskell and SQL's Unicode strings, each read as its
language reads it (scan/langescapes.py).  Each case checked in a real reader: lua 5.4's
``print``, ocaml 4.13's ``print_endline``, hugs' ``putStrLn`` (Haskell 98's escapes, Haskell
2010's too), guile 3's ``display``, PostgreSQL 15's ``select`` -- each printed CUTOVER_PASS (a control between two
words: printed, and a terminal showed nothing for it)."""

from __future__ import annotations

import pytest

from rehearsal_hook.scan import langescapes
from rehearsal_hook.scan.matcher import TokenMatcher
from rehearsal_hook.scan.text import scan_bytes

from .scanning import CountingPattern, everywhere

T = "CUTOVER" + "_PASS"

READ = [
    # Lua: one to three decimal digits (a byte), ``\z`` skips the blanks after it
    r'print("CUTOVER\95PASS")',
    r'print("CUTOVER_\80ASS")',
    r'print("CUTOVER_\z     PASS")',
    r'print("CUTOVER\239\188\191PASS")',  # (a run of bytes decoded as UTF-8: a full-width low line)
    # OCaml: three decimal digits, ``\o`` and three octal digits
    r'print_endline "CUTOVER\095PASS"',
    r'print_endline "CUTOVER\o137PASS"',
    # Haskell: every decimal, octal or hex digit, a control by its name or caret, ``\&`` and a gap
    r'putStrLn "CUTOVER\00095PASS"',
    r'putStrLn "CUTOVER\o0137PASS"',
    r'putStrLn "CUTOVER_\x5PASS"',
    r'putStrLn "CUTOVER_\SOHPASS"',
    r'putStrLn "CUTOVER_\DELPASS"',
    r'putStrLn "CUTOVER_\^APASS"',
    r'putStrLn "CUTOVER\&_PASS"',
    r'putStrLn "CUTOVER_\    \PASS"',
    # Scheme (R6RS, R7RS: guile 3 with ``#!r6rs`` or ``--r7rs``): hex digits ended by ``;``
    r'(display "CUTOVER\x5f;PASS")',
    r'(display "CUTOVER\x005F;PASS")',
    r'(display "CUTOVER_\x50;ASS")',
    # SQL's Unicode escape strings, and the escape character UESCAPE names
    r"select U&'CUTOVER\005FPASS'",
    r"select U&'CUTOVER\+00005FPASS'",
    r"select u&'CUTOVER!005FPASS' UESCAPE '!'",
    r"select 1 as U&\"CUTOVER\005FPASS\"",
]

# What each language reads as no token: Lua's and OCaml's three digits at most (``\0955`` is
# ``_5``), a backslash pair, a decimal escape out of range (an error), SQL's escapes outside a
# ``U&`` string (PostgreSQL reads ``'\005F'`` as it is stored).
NOT_READ = [
    r'print("CUTOVER\0955PASS")',
    r'print("CUTOVER\\95PASS")',
    r'putStrLn "CUTOVER\99999999PASS"',
    r"select 'CUTOVER!005FPASS'",
]


@pytest.mark.parametrize("stored", READ)
def test_an_escape_is_read_as_its_language_reads_it(stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = f"x\n{stored}\n"
    everywhere(text, [(2, stored.index("CUTOVER") + 1, T)], monkeypatch)


@pytest.mark.parametrize("stored", NOT_READ)
def test_what_no_language_reads_as_the_token_stays_clean(stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    everywhere(f"x\n{stored}\n", [], monkeypatch)


# PowerShell's backtick escapes (Microsoft's about_Special_Characters: case-sensitive, read in
# double-quoted strings and here-strings; no pwsh here to run them -- the docs' table is the
# reference): a backtick before any other character is that character, ```u{x}`` a code point,
# ```e`` an ESC (what follows is a terminal code), ```b`` a backspace, ```a`` and ```0``
# controls a terminal and a view drop.
# (the text, and the token's line and column in it)
POWERSHELL = [
    ('Write-Host "CUTOVER`_PASS"', 2, 13),
    ('Write-Host "CUTOVER_P`ASS"', 2, 13),
    ('Write-Host "CUTOVER`u{5f}PASS"', 2, 13),
    ('Write-Host "CUTOVER`u{00005F}PASS"', 2, 13),
    ('Write-Host "`u{43}UTOVER`u{5f}PASS"', 2, 13),
    ('Write-Host "CUTOVER_PA`e[1mSS"', 2, 13),
    ('Write-Host "CUTOVER_PAX`bSS"', 2, 13),
    ('Write-Host "CUTOVER_PA`aSS"', 2, 13),
    ('Write-Host "CUTOVER_`0PASS"', 2, 13),
    ("CUTOVER_`PASS", 2, 1),  # (a lone backtick: Markdown shows it, PowerShell drops it)
    ("`CUTOVER`_PASS", 2, 2),  # (and Markdown's code span beside a word shows the token too)
    ('$x = @"\nCUTOVER`u{5F}PASS', 3, 1),  # (a here-string's line)
    ('Write-Host "\u00e9 CUTOVER`u{5f}PASS"', 2, 15),  # (a line that is not ASCII)
]

# Near misses: ```A`` is A (``a`` is BEL), a backtick pair is one backtick, a code point out of
# range, Markdown code spans beside text, a backtick that joins what is no token.
POWERSHELL_NOT_READ = [
    'Write-Host "CUTOVER_PA`ASS"',
    'Write-Host "CUTOVER_PA``SS"',
    'Write-Host "CUTOVER`u{110000}PASS"',
    'Write-Host "CUTOVER`u{5fPASS"',
    "FOO`_PASSWORD",
    "see `name` and `CUTOVER` here, `PASS` too",
    "`CUTOVER` `_PASS`",
]


@pytest.mark.parametrize(("stored", "line", "column"), POWERSHELL)
def test_powershell_s_backtick_escapes_are_read(
    stored: str, line: int, column: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    everywhere(f"x\n{stored}\n", [(line, column, T)], monkeypatch)


@pytest.mark.parametrize("stored", POWERSHELL_NOT_READ)
def test_what_powershell_reads_as_no_token_stays_clean(stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    everywhere(f"x\n{stored}\n", [], monkeypatch)


@pytest.mark.parametrize("unit", ["`", "`u{", "`u{5", "A`_", "`e[", "&`"])
def test_a_line_of_backticks_is_read_in_one_pass(unit: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A MiB line of backticks, of ```u{`` never closed...: PowerShell's reading searches it
    once (each escape is at most ten characters: no search for a closing brace at each one)."""
    searched: list[int] = []
    monkeypatch.setattr(langescapes, "_POWERSHELL", CountingPattern(langescapes._POWERSHELL, searched))
    line = unit * ((1 << 20) // len(unit))
    assert scan_bytes(TokenMatcher(), f"x\n{line}\n".encode()) == []
    assert (unit == "`" or searched) and sum(searched) <= 2 * len(line) + 4  # (a lone backtick: no hint)
    assert all(len(m.group()) <= 10 for m in langescapes._POWERSHELL.finditer(line))
