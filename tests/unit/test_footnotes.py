"""GitHub's footnotes (scan/footnotes.py): a reference ``[^label]`` to a footnote the document
defines shows as its number, raised, in its place -- ``QT00[^a]_P...`` with ``[^a]: x`` shows
``QT00`` a raised ``1`` and ``_P...``, one word to a reader (cmark-gfm 2025.10.22, which GitHub
renders Markdown with, writes ``QT00<sup ...><a ...>1</a></sup>_P...``), and passed.  A
footnote's number is the order of its label's first reference; a label matches in any case.
Read in memory; a stream holding a definition blocks (the state of a document)."""

from __future__ import annotations

import pytest

from .scanning import found, in_memory, in_memory_only, streamed

T = "QT001" + "_PASS"

# text -> findings: the definition after the reference, before it, in a block quote, indented;
# the second label referenced is footnote 2; one label twice keeps its number.
SHOWN = {
    "QT00[^a]_PASS\n\n[^a]: x\n": [(1, 1, T)],
    "[^note]: x\n\nsee QT00[^note]_PASS\n": [(3, 5, T)],
    "QT00[^a]_PASS\n\n> [^a]: x\n": [(1, 1, T)],
    "QT00[^a]_PASS\n\n   [^a]: x\n": [(1, 1, T)],
    "x[^b] QT00[^a]_PASS\n\n[^a]: x\n[^b]: y\n": [(1, 7, "QT002_PASS")],
    "x[^a] y\n\nQT00[^a]_PASS\n\n[^a]: x\n": [(3, 1, T)],
}
# What cmark-gfm shows otherwise: no definition, a label holding a blank (a link's text), a
# definition not at its line's start, an empty label.
NEAR = [
    "QT00[^a]_PASS\n",
    "QT00[^a b]_PASS\n\n[^a b]: x\n",
    "QT00[^a]_PASS [^a]: x\n",
    "QT00[^]_PASS\n\n[^]: x\n",
]


@pytest.mark.parametrize("text", SHOWN)
def test_a_footnote_reference_shows_its_number(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    in_memory_only(text, SHOWN[text], monkeypatch, "footnote")


@pytest.mark.parametrize("text", NEAR)
def test_no_defined_footnote_shows_no_number(text: str) -> None:
    in_memory(text, [])
    assert streamed(text.encode(), 5) == found(text.encode()) == []


def test_a_definition_is_found_once_a_line() -> None:
    """Many ``[^x]:`` on lines that start otherwise: each line is passed once (linear), and no
    footnote is defined."""
    from rehearsal_hook.scan.states import defines_footnote

    assert not defines_footnote("a " + "[^x]: " * 100_000 + "\n" + "b [^y]:\n" * 1000)
    assert defines_footnote("a\n" * 1000 + " > [^y]: z\n")
