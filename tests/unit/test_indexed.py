"""scan/indexed.py: a reading's text with its stored index per character, the one helper of the
rendered, CSS and export-subst readings."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rehearsal_hook.scan.indexed import Indexed, at_matches, composed, in_steps, replaced, utf8_run

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


# Steps that each remove one kind of markup (``<...>``, ``\\x..`` decoded, ``*``), as a reading
# in steps (org.py, asciidoc.py) reads what the step before shows.
_STEPS = [
    lambda text: replaced(text, at_matches(re.finditer(r"<[^>]*>", text), lambda m: "")),
    lambda text: replaced(text, at_matches(re.finditer(r"\\x([0-9a-f]{2})", text), _value)),
    lambda text: replaced(text, at_matches(re.finditer(r"\*", text), lambda m: "")),
]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab<>*\\x41_", max_size=40), st.permutations(range(3)))
def test_in_steps_is_the_steps_composed_from_the_identity(text: str, order: list[int]) -> None:
    """in_steps composes each step's index as a fold from the identity index did (what org.py
    and asciidoc.py did before, making a list of ints as long as the line first), and is None
    where no step changes the text."""
    steps = [_STEPS[k] for k in order]
    found: Indexed = (text, list(range(len(text))))
    changed = False
    for step in steps:
        more = step(found[0])
        if more is not None:
            found, changed = composed(found, more), True
    assert in_steps(text, steps) == (found if changed else None)


def test_in_steps_makes_no_index_until_a_step_changes_the_text() -> None:
    """The first step that changes the text gives the index as it is: no identity list of
    ints as long as the text is made (a piece with no place to cut is as long as its line)."""
    made = ("x", [7])
    assert in_steps("ab", [lambda text: None, lambda text: made]) is made
    assert in_steps("ab", [lambda text: None]) is None
