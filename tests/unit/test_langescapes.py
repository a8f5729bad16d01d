"""The string escapes of Lua, OCaml, Haskell and SQL's Unicode strings, each read as its
language reads it (scan/langescapes.py).  Each case checked in a real reader: lua 5.4's
``print``, ocaml 4.13's ``print_endline``, hugs' ``putStrLn`` (Haskell 98's escapes, Haskell
2010's too), guile 3's ``display``, PostgreSQL 15's ``select`` -- each printed CUTOVER_PASS (a control between two
words: printed, and a terminal showed nothing for it)."""

from __future__ import annotations

import pytest

from .scanning import everywhere

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
