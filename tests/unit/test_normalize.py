"""scan/normalize.py as tables: how one character reads (disguise view), where view characters
come from, and the comparison key the gate and the config compare names by."""

from __future__ import annotations

import pytest

from rehearsal_hook.scan.normalize import comparison_key, disguise_char, disguise_view, is_suspicious


@pytest.mark.parametrize(
    ("char", "view", "suspicious"),
    [
        ("\uff30", "P", True),  # full-width capital
        ("\u0410", "A", True),  # Cyrillic look-alike
        ("\u0391", "A", True),  # Greek look-alike
        ("\u200b", "", True),  # zero-width space: invisible, read as nothing
        ("\u00ad", "", True),  # soft hyphen
        ("a", "a", False),
        ("\u00e9", "\u00e9", False),  # a real letter with an accent is not a disguise
    ],
)
def test_disguise_char(char: str, view: str, suspicious: bool) -> None:
    assert disguise_char(char) == view
    assert is_suspicious(char) is suspicious


@pytest.mark.parametrize(
    ("text", "view", "index"),
    [
        ("plain", "plain", [0, 1, 2, 3, 4]),
        ("x\u200bP\uff21SS", "xPASS", [0, 2, 3, 4, 5]),  # the invisible character drops out
        ("", "", []),
    ],
)
def test_disguise_view_maps_back_to_the_original(text: str, view: str, index: list[int]) -> None:
    assert disguise_view(text) == (view, index)


@pytest.mark.parametrize(
    ("value", "key", "key_without_case_split"),
    [
        ("rehearsal_apply", "rehearsal_apply", "rehearsal_apply"),
        ("PROD", "prod", "prod"),
        ("CutOver", "cut_over", "cutover"),
        ("p.r.o.d", "prod", "prod"),  # a run of single letters is one word
        ("pROD", "p_rod", "prod"),
        ("Production-Rehearsal", "production_rehearsal", "production_rehearsal"),
        ("R\u00e9hearsal Apply", "rehearsal_apply", "rehearsal_apply"),  # diacritics dropped
        ("\uff30\uff32\uff2f\uff24", "prod", "prod"),  # full-width letters read as Latin
    ],
)
def test_comparison_key(value: str, key: str, key_without_case_split: str) -> None:
    assert comparison_key(value) == key
    assert comparison_key(value, split_case=False) == key_without_case_split
