"""scan/indexed.py: a reading's text with its stored index per character, the one helper of the
rendered, CSS and export-subst readings."""

from __future__ import annotations

import re

import pytest

from rehearsal_hook.scan.indexed import Indexed, at_matches, replaced, utf8_run

_ESC = re.compile(r"\\x([0-9a-f]{2})|<[^>]*>")


def _value(m: re.Match[str]) -> str:
    return chr(int(m.group(1), 16)) if m.group(1) else ""


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("plain", None),
        ("a\\x41b", ("aAb", [0, 1, 5])),
        ("<i>x</i>y", ("xy", [3, 8])),
        ("\\x41\\x42", ("AB", [0, 4])),
        ("", None),
    ],
)
def test_replaced_indexes_kept_and_replaced_characters(text: str, want: Indexed | None) -> None:
    assert replaced(text, at_matches(_ESC.finditer(text), _value)) == want


def test_replaced_with_an_offset_and_indexes_given_by_the_value() -> None:
    def value(m: re.Match[str]) -> Indexed:
        return "XY", [m.start(), m.start() + 1]

    found = replaced("ab<c>d", at_matches(re.finditer("<c>", "ab<c>d"), value), offset=10)
    assert found == ("abXYd", [10, 11, 12, 13, 15])
    # Matches found in another text of the same length (constructs.inert_openers).
    assert replaced("ab\\x41", at_matches(_ESC.finditer("zz\\x41"), _value)) == ("abA", [0, 1, 2])


def test_an_edit_inside_one_made_before_is_not_made() -> None:
    # (Markdown: a code span's run hides what other edits would change inside it.)
    assert replaced("a`b\\*c`d", [(1, 7, "b\\*c"), (3, 5, "*")]) == ("ab\\*cd", [0, 1, 1, 1, 1, 7])
    assert replaced("abc", []) is None


@pytest.mark.parametrize(
    ("run", "step", "want"),
    [
        ("%41%42", 3, ("AB", [0, 3])),
        ("%C3%A9%41", 3, ("\u00e9A", [0, 6])),
        ("%C3%41", 3, ("\ufffdA", [0, 0])),  # an invalid sequence: decoded with the byte ending it
        ("%C3", 3, ("\ufffd", [0])),  # cut short at the end
        ("x41%x42", 4, ("AB", [5, 9])),
    ],
)
def test_utf8_run_indexes_each_character_at_its_first_byte(run: str, step: int, want: Indexed) -> None:
    at = 5 if step == 4 else 0
    assert utf8_run(run, at, step) == want
