"""scan/lines.py: line ends counted as git and editors count them, for text and bytes alike."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rehearsal_hook.scan.lines import last_line_start, line_ends

CASES = [
    # text, a, b, line ends, where the last line starts
    ("", 0, 0, 0, 0),
    ("abc", 0, 3, 0, 0),
    ("a\nb", 0, 3, 1, 2),
    ("a\rb", 0, 3, 1, 2),
    ("a\r\nb", 0, 4, 1, 3),
    ("a\n\rb", 0, 4, 2, 3),  # LF CR: two line ends
    ("\r\n\r\n", 0, 4, 2, 4),
    ("x\r\ny", 2, 4, 1, 3),  # the range starts inside the CR LF: its LF alone
    ("x\r\ny", 0, 2, 1, 2),  # ... or ends inside it: its CR alone
    ("ab\ncd", 3, 5, 0, 3),  # no end in the range: the range's start
]


@pytest.mark.parametrize(("text", "a", "b", "ends", "start"), CASES)
def test_line_ends_and_last_line_start(text: str, a: int, b: int, ends: int, start: int) -> None:
    assert line_ends(text, a, b) == ends
    assert last_line_start(text, a, b) == start
    data = text.encode()
    assert line_ends(data, a, b) == ends
    assert last_line_start(data, a, b) == start


@given(st.text(alphabet="ab\r\n", max_size=40))
def test_as_splitlines_counts(text: str) -> None:
    # str.splitlines over CR, LF and CR LF only: the ends are the lines that have an end
    lines = text.splitlines(keepends=True)
    assert line_ends(text) == sum(1 for line in lines if line.endswith(("\r", "\n")))
    open_tail = lines[-1] if lines and not lines[-1].endswith(("\r", "\n")) else ""
    assert last_line_start(text) == len(text) - len(open_tail)
