"""The reading of a JSON array's strings joined (scan/arrays.py): a Jupyter notebook's cell
source, one string a line, that GitHub, nbviewer and JupyterLab concatenate."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import arrays, segments
from rehearsal_hook.scan.text import scan_bytes, scan_str

from .scanning import M, everywhere

T = "CUTOVER" + "_PASS"

SHOWN = [
    # (stored text, (line, column) of the token's first character)
    ('"source": [\n    "CUTOVER_",\n    "PASS"\n   ]\n', (2, 6)),
    ('{"cells": [{"source": ["# t\\n", "CUTOVER_", "PA", "SS\\n"]}]}\n', (1, 34)),
    ('["CUTOVER", "_PASS"]\n', (1, 3)),
    ('["x ", "\\u0043UTOVER_", "PASS"]\n', (1, 9)),  # (its start stored as an escape)
    ('["\\u00e9 CUTOVER_", "PASS"]\n', (1, 10)),
    ('["é", "CUTOVER_", "", "PASS"]\n', (1, 8)),
    ('["\\q CUTOVER_", "PASS"]\n', (1, 6)),  # (not valid JSON: read as stored)
    ('["CUTOVER\uff3f", "PASS"]\n', (1, 3)),  # (the Unicode view of the joined text)
    ('["CUTOVER_<b>", "</b>PASS"]\n', (1, 3)),  # (its rendered reading: tags vanish)
    ('[\r\n "CUTOVER_"\r\n , "PASS"]\r\n', (2, 3)),
]

NEAR_MISSES = [
    '["CUTOVER_\\n", "PASS"]\n',  # a line break between: two lines shown
    '{"a": "CUTOVER_", "PASS": 1}\n',  # a value, then a key: no array
    '["CUTOVER_", 1, "PASS"]\n',  # not consecutive strings
    '["CUTOVER_" "PASS"]\n',  # no comma: not an array of two
    '["a\\u0043UTOVER_", "PASS"]\n',  # joined: aCUTOVER_PASS, not seal-like
    '["CUTOVER_", "PASSX"]\n',
]


@pytest.mark.parametrize(("stored", "place"), SHOWN)
def test_an_arrays_strings_read_joined(stored: str, place: tuple[int, int], monkeypatch: pytest.MonkeyPatch) -> None:
    """As text, as UTF-8 and UTF-16 bytes, and streamed in 16-byte chunks (scanning.everywhere)."""
    everywhere(stored, [(*place, T)], monkeypatch)


@pytest.mark.parametrize("stored", NEAR_MISSES)
def test_near_misses_stay_clean(stored: str) -> None:
    assert scan_str(M, stored) == []
    assert scan_bytes(M, stored.encode()) == []


def test_a_stream_does_not_cut_between_an_arrays_strings(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stream cuts after a line end (segments.stream_cut): not one between two strings of an
    array, which a reader joins; an array with no other place to cut past MAX_CARRY blocks."""
    # (what follows a buffer's last line end is not known yet -- a ``$Format:`` there could
    # delete it, joins.subst_may_follow -- so the buffer goes on with a line; a blank line ends
    # the array's paragraph: else that line may go on with it, and its ``[`` may pair across
    # the cut, paragraphs.split_start)
    text = '[\n "CUTOVER_",\n "PASS"\n]\n\n'
    cut = segments.stream_cut(text + "x")
    assert cut == len(text)
    assert segments.stream_cut(text[:-3]) == -1  # (none: a run is read from its bracket)
    monkeypatch.setattr(segments, "MAX_CARRY", 16)
    with pytest.raises(CannotVerify, match="array of strings"):
        segments.stream_cut('"a",\n "b",\n "c",\n "d",\n "e')
    # A key after a value is no array element: cut there.
    assert segments.stream_cut('"a": "b",\n "c": 1\nx') == len('"a": "b",\n "c": 1\n')


class _CountingPattern:
    """A pattern that adds up how many characters its searches may read."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern, self.read = pattern, 0

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        stop = len(text) if endpos is None else endpos
        found = self.pattern.search(text, pos, stop)
        self.read += (stop if found is None else found.end()) - pos
        return found

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        stop = len(text) if endpos is None else endpos
        self.read += stop - pos
        return self.pattern.finditer(text, pos, stop)

    def split(self, text: str) -> list[str]:
        self.read += len(text)
        return self.pattern.split(text)


def test_a_long_line_of_tokens_across_strings_is_read_in_linear_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each token the joined strings show asked whether every line it runs over carries the
    pragma: the rest of its line was searched for the line's end and its line split again,
    per token -- one long line of them was quadratic (bench/growth.py 'json array strings:
    opener never closed': 3.6x per doubling).  Each line is now read about once."""
    counting = _CountingPattern(arrays._LINE_END)
    monkeypatch.setattr(arrays, "_LINE_END", counting)
    text = '["A_", "PASS' * 2_000 + '"]\n'
    hits = arrays.joined_hits(M, text)
    assert len(hits) == 1_000  # (every other string pair: the strings run "PASS[" then "A_")
    assert counting.read <= 4 * len(text)


@given(st.text(alphabet='[]",\n \r\tx', max_size=30))
def test_may_join_asks_for_a_quote_before_a_comma_or_a_blank(text: str) -> None:
    """may_join and may_join_b (one search for a quote before a comma or a blank each) hold
    exactly where the text holds a bracket and a quote followed by one of them."""
    expected = "[" in text and any('"' + c in text for c in ", \n\r\t")
    assert arrays.may_join(text) == expected
    assert arrays.may_join_b(text.encode("ascii")) == expected


@given(st.text(alphabet='[]",\\ \nxé1', max_size=30))
def test_holds_run_b_finds_the_runs_joined_hits_reads(text: str) -> None:
    """The ASCII fast path skips the joined reading of a text holding no array's leading
    strings (holds_run_b): exactly where joined_hits' search of the text finds none."""
    assert arrays.holds_run_b(text.encode()) == (arrays._run().search(text) is not None)
    assert arrays.holds_run_b(b'["a", "b"]') and not arrays.holds_run_b(b'["a", 1, "b"]')
