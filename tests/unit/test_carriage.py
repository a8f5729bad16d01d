"""The terminal reading of a lone carriage return (issue 12, "what a terminal shows"): the cursor
returns to column 0 and what follows overwrites, so ``xxxxxxx_PASS<CR>CUTOVER`` shows
CUTOVER_PASS in ``cat``.  Found in memory, in UTF-16 and streamed in small chunks, at the stored
line and column of the token's first character; near misses stay clean; the shown line agrees
with a terminal's cells (a naive model) for random segments."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rehearsal_hook.scan import carriage
from rehearsal_hook.scan.matcher import TokenMatcher

from .scanning import everywhere as _everywhere
from .scanning import found as _found
from .scanning import streamed as _streamed

M = TokenMatcher()
T = "CUTOVER" + "_PASS"


# (text after a first line, the stored (line, column) of the token's first character)
TABLE = {
    "tail-overwritten": ("xxxxxxx_PASS\rCUTOVER\n", (3, 1)),
    "head-kept": ("CUTOVER_xxxx\r\rCUTOVER_PASS\n", (4, 1)),
    "three-segments": ("xxxxxxx_PASS\rxxxOVER\rCUT\n", (4, 1)),
    "crlf-after": ("xxxxxxx_PASS\rCUTOVER\r\nnext\n", (3, 1)),
    "indented": ("  xxxxxxx_PASS\r  CUTOVER\n", (3, 3)),
    "separator-overwritten": ("CUTOVER PASS\rCUTOVER_\n", (3, 1)),
    "prefix-blanked": ("aCUTOVER_PASS\r \n", (2, 2)),
    "no-line-feed-at-end": ("xxxxxxx_PASS\rCUTOVER", (3, 1)),
    # what a terminal shows in no cell, or in two: counted as it counts them
    "code-takes-no-cell": ("\x1b[0mxxxxxxx_PASS\rCUTOVER\n", (3, 1)),
    "silent-takes-no-cell": ("\x07\x07xxxxxxx_PASS\rCUTOVER\n", (3, 1)),
    "silent-in-the-overwrite": ("xxxxxxx_PASS\rCUT\x07\x1f\x7fOVER\n", (3, 1)),
    "backspace-moves-back": ("xxxxxxxxx\x08\x08_PASS\rCUTOVER\n", (3, 1)),
    "tab-leaves-cells": ("CUTOVER_zzzz\r\tPASS\n", (2, 1)),
    "tab-then-backspace": ("\t\x08_PASS\rCUTOVER\n", (3, 1)),
    "wide-takes-two": ("\u4e00\u4e00\u4e00x_PASS\rCUTOVER\n", (3, 1)),
    "mark-takes-none": ("x\u0301xxxxxx_PASS\rCUTOVER\n", (3, 1)),
    "zero-width-space": ("\u200bxxxxxxx_PASS\rCUTOVER\n", (3, 1)),
    "c1-code-on-xterm": ("\x9b0mxxxxxxx_PASS\rCUTOVER\n", (3, 1)),
    "c1-printing-nothing": ("\x9bxxxxxxx_PASS\rCUTOVER\n", (3, 1)),
}


@pytest.mark.parametrize("case", list(TABLE.values()), ids=list(TABLE))
def test_what_a_carriage_return_overwrites_is_read_as_shown(
    case: tuple[str, tuple[int, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    text, (line, column) = case
    _everywhere("first line\n" + text, [(line, column, T)], monkeypatch)


NEAR_MISSES = {
    "crlf": "xxxxxxx_PASS\r\nCUTOVER\n",  # CR LF: the next line
    "longer-overwrite": "xxxxxxx_PASS\rCUTOVERX\n",
    "line-feed-between": "xxxxxxx_PASS\nCUTOVER\r\n",
    "overwritten-again": "xxxxxxx_PASS\rCUTOVER\rq\n",  # qUTOVER_PASS: no token
    "wide-half-overwritten": "xxxxxx\u4e00_PASS\rCUTOVER\n",  # CUTOVER _PASS: its other half is blank
    "backspace-onto-the-underscore": "xxxxxxx\x08_PASS\rCUTOVER\n",  # CUTOVERPASS
    "tab-then-more": "CUTOVER_zzzz\r\tPASSX\n",  # CUTOVER_PASSX
}


@pytest.mark.parametrize("text", list(NEAR_MISSES.values()), ids=list(NEAR_MISSES))
def test_what_a_terminal_shows_apart_stays_apart(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _everywhere("first line\n" + text, [], monkeypatch)


# What a terminal prints nothing for (a code, a control it does not print, a mark, a zero-width
# space), a wide character, a backspace and a tab: items of the segments below.
ZERO_WIDTH = ("\x1b[0m", "\x07", "\x00", "\u0301", "\u200b", "\x1b]0;t\x07")
ITEMS = ("a", "b", "_", " ", "C", "\u4e00", "\x08", "\t", *ZERO_WIDTH)


def _cells(segments: list[list[str]]) -> str:
    """A terminal's cells after writing each segment (a list of items) from column 0, one cell
    at a time: a printed character in its cell (a wide one and an empty second cell; writing
    over either half blanks the other), what prints nothing kept with the character printed
    right before it, a backspace one cell back, a tab on to the next multiple of 8."""
    cells: list[str] = []
    for seg in segments:
        cursor, after_print = 0, False
        for item in seg:
            if item == "\x08":
                cursor, after_print = max(cursor - 1, 0), False
            elif item == "\t":
                cursor, after_print = (cursor // 8 + 1) * 8, False
            elif item in ZERO_WIDTH:
                if after_print:
                    cells[cursor - 1 - (cells[cursor - 1] == "")] += item
            else:
                w = 2 if item == "\u4e00" else 1
                cells += [" "] * (cursor + w - len(cells))
                if cells[cursor] == "":  # (the second half of a wide one)
                    cells[cursor - 1] = " "
                if cursor + w < len(cells) and cells[cursor + w] == "":
                    cells[cursor + w] = " "
                cells[cursor : cursor + w] = [item, ""][:w]
                cursor, after_print = cursor + w, True
    return "".join(cells)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.lists(st.sampled_from(ITEMS), max_size=12), min_size=1, max_size=6))
def test_the_shown_line_is_a_terminals_cells(segments: list[list[str]]) -> None:
    text = "x\n" + "\r".join("".join(seg) for seg in segments) + "\n"
    at = text.find("\r")
    if at == -1:
        return
    start, end = carriage.stretch(text, at)
    shown, runs = carriage.overwritten(text, start, end)
    assert shown == _cells(segments)
    # (each shown character is the stored one it maps to, but a blank no character was written to)
    assert all(shown[p] == " " or text[carriage.stored_at(runs, p)] == shown[p] for p in range(len(shown)))


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 11), st.integers(0, 40), st.integers(0, 5))
def test_a_token_split_by_any_overwrite_is_found(cut: int, noise: int, extra: int) -> None:
    """The token's tail written first, its head over it after a CR, with overwrites of the
    cells after the token in between."""
    first = "y" * cut + T[cut:] + " " + "z" * noise
    middle = [" " * (len(T) + 1)] * extra
    data = ("a\n" + "\r".join([first, *middle, T[:cut]]) + "\n").encode()
    if extra:  # the blanks wipe the tail: nothing to find
        assert T not in [t for _, _, t in _found(data)]
        return
    assert _found(data) == [(2 + 1, 1, T)]
    assert _streamed(data, 7) == _found(data)


def test_a_line_of_many_carriage_returns_reads_as_its_cells() -> None:
    """Many segments on one line (a progress bar): the shown line, not one reading per CR."""
    data = ("\r".join(f"{k:06d}" for k in range(50_000)) + "\rCUTOVER" + "\r" + "xxxxxxx_PASS" + "\n").encode()
    assert _found(data) == []
    data = ("xxxxxxx_PASS\r" + "\r".join("CUT" for _ in range(50_000)) + "\rCUTOVER\n").encode()
    assert _found(data) == [(50_002, 1, T)]


# A CR that decoding produced (``\r``, ``\u000d``, ``\x0d``): a quoted string's value printed on
# a row of its own -- ``jq -r '.[]'`` of a JSON document, ``yq -r`` of YAML's double-quoted
# scalars, a program printing a literal -- returns to the string's start (carriage.
# decoded_returns; each passed before).  (stored line, the column of the token's first stored
# character: the earliest of its letters)
DECODED = {
    "json-array": ('["xxxxxxx_PASS\\rCUTOVER"]', 10),
    "json-value-u000d": ('{"a": "xxxxxxx_PASS\\u000dCUTOVER"}', 15),
    "json-later-value": ('["ab\\r\\n", "xxxxxxx_PASS\\rCUTOVER"]', 20),
    "escaped-quote-inside": ('["a\\"xxxxxxx_PASS\\rCUTOVER"]', 13),
    "old-tail-kept": ('["xxxxxxxxPASS\\rCUTOVER_"]', 11),
    "new-head-longer": ('["yyyyyyyyyySS\\rCUTOVER_PA"]', 13),
    "yaml-scalar": ('status: "xxxxxxx_PASS\\rCUTOVER"', 17),
    "python-literal": ('print("xxxxxxx_PASS\\x0dCUTOVER")', 15),
    "after-decoded-line-feed": ('["a\\nxxxxxxx_PASS\\rCUTOVER"]', 13),
    # (the braced and named spellings: JavaScript's and Rust's ``\u{d}``, Perl's and C++23's
    # ``\x{0d}`` and ``\o{15}``, Python's and Perl's ``\N{CR}``; Perl 5.36 prints each as
    # a CR -- missed before round 5)
    "javascript-braced": ('console.log("xxxxxxx_PASS\\u{d}CUTOVER")', 21),
    "perl-braced-hex": ('print "xxxxxxx_PASS\\x{0d}CUTOVER";', 15),
    "perl-braced-octal": ('print "xxxxxxx_PASS\\o{15}CUTOVER";', 15),
    "python-named": ('print("xxxxxxx_PASS\\N{CARRIAGE RETURN}CUTOVER")', 15),
    "python-alias": ('print("xxxxxxx_PASS\\N{CR}CUTOVER")', 15),
    "perl-code-point": ('print "xxxxxxx_PASS\\N{U+D}CUTOVER";', 15),
    # (a single-quoted string that decodes: bash's ``$'...'``, printf's format, Python's and
    # JavaScript's literal -- their row ran from the line's start before)
    "bash-ansi-c": ("echo $'xxxxxxx_PASS\\rCUTOVER'", 15),
    "printf-single-quoted": ("printf 'xxxxxxx_PASS\\rCUTOVER'", 16),
    "python-single-quoted": ("print('xxxxxxx_PASS\\rCUTOVER')", 15),
    "javascript-in-array": ("console.log(['ab', 'xxxxxxx_PASS\\x0dCUTOVER'])", 28),
}


@pytest.mark.parametrize(("text", "column"), list(DECODED.values()), ids=list(DECODED))
def test_a_decoded_carriage_return_overwrites_its_strings_row(
    text: str, column: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    _everywhere(f"x\n{text}\n", [(2, column, T)], monkeypatch)


@pytest.mark.parametrize(
    "text",
    [
        '["xxxxxxx_PASS\\r\\nCUTOVER"]',  # (CR LF: a new row)
        '["xxxxxxx_PASSWORD\\rCUTOVER"]',
        '["xxxxxxx_PASS", "\\rCUTOVER"]',  # (another value: its own row)
        '["xxxxxxx_PASS\\nX\\rCUTOVER"]',  # (a decoded line feed: the CR returns on the next row)
        '["CUTOVER\\rxxxxxxx_PASS"]',
        "echo $'xxxxxxx_PASS' $'\\rCUTOVER'",  # (another string: its own row)
        "echo $'a\\'xxxxxxx_PASS\\rCUTOVER'",  # (an escaped quote is the string's)
        'print "it\'s xxxxxxx_PASS\\rCUTOVER";',  # (an apostrophe opens no row)
    ],
)
def test_a_decoded_carriage_return_elsewhere_stays_apart(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _everywhere(f"x\n{text}\n", [], monkeypatch)


@pytest.mark.parametrize(
    "text",
    [
        "CUTOVER`_`Pxxx\x1b[3DASS\n",  # (the cursor moved back over ``xxx``)
        "xxxxxxxxxxxASS\rCUTOVER`_`P\n",  # (a lone CR: the second overwrites the first)
    ],
    ids=["cursor-back", "carriage-return"],
)
def test_the_terminals_row_is_read_with_the_parsed_readings(text: str) -> None:
    """A Markdown viewer on a terminal (glow, mdcat) renders the stored text, and the terminal
    acts on the codes it passes on: ``CUTOVER`_`Pxxx ESC[3D ASS`` shows CUTOVER_PASS there.
    Where the two act on different stretches they commute, so the terminal's row read with
    the parsed readings (views._carriage_hits) shows what the viewer shows; neither the
    terminal's row alone (a code span's backticks) nor the Markdown reading of the stored
    line (the code removed, ``xxx`` kept) does."""
    assert _found(text.encode()) == [(1 + text.count("\r"), 1, T)]
