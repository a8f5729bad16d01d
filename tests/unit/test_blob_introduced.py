"""What a change introduces, from the scans of its versions (``sources/blobs.py``): per token
and normalised line, what the new version holds beyond every old version.  Pure."""

from __future__ import annotations

import pytest

from rehearsal_hook.scan.matcher import TokenMatcher
from rehearsal_hook.sources.blobs import blob_occurrences, introduced

M = TokenMatcher(())
T = "CUTOVER" + "_PASS"


def _lines(new: str, *olds: str | None) -> list[int]:
    """The line numbers of the tokens ``new`` introduces over ``olds`` (None: unreadable)."""
    scans = [blob_occurrences(M, o.encode()) if o is not None else "missing" for o in olds]
    return [h.line for h in introduced(blob_occurrences(M, new.encode()), scans)]


@pytest.mark.parametrize(
    ("new", "olds", "lines"),
    [
        (f"a\n{T}\n", (), [2]),  # a new file
        (f"a\n{T}\n", ("a\n",), [2]),
        (f"{T}\na\n", (f"a\n{T}\n",), []),  # the line moved
        (f"  {T}   x\n", (f"{T} x\n",), []),  # re-indented, blanks collapsed
        (f"{T} x\nb\n{T} x\n", (f"{T} x\nb\n",), [3]),  # duplicated: the copy is reported
        (f"{T} y\n", (f"{T} x\n",), [1]),  # the line's text changed
        (f"{T} {T}\n", (f"{T}\n",), [1, 1]),  # a new line, both tokens on it
        (f"{T}\n", (f"{T}\n", "other\n"), []),  # a merge: one parent has it
        (f"{T}\n{T}\n", (f"{T}\n", f"{T}\n"), [2]),  # ... more than every parent
        (f"x\n{T}\n", (None,), [2]),  # an old version that cannot be read counts as empty
    ],
    ids=[
        "new-file",
        "added",
        "moved",
        "reindented",
        "duplicated",
        "edited",
        "two-on-a-new-line",
        "merge-one-parent",
        "merge-beyond-all",
        "unreadable-old",
    ],
)
def test_introduced(new: str, olds: tuple[str | None, ...], lines: list[int]) -> None:
    assert _lines(new, *olds) == lines


def test_an_unreadable_new_version_introduces_nothing_here() -> None:
    # It blocks as "unreadable" where the change is settled, not as tokens.
    assert introduced("missing", []) == []


def test_many_tokens_on_one_line_and_many_lines() -> None:
    # Linear however many tokens (each line normalised once, each old version grouped once).
    old = "".join(f"{T} {i}\n" for i in range(3000))
    new = old + "".join(f"{T} new {i}\n" for i in range(3000))
    assert len(_lines(new, old)) == 3000
    assert len(_lines(f"{T} " * 10000, "")) == 10000
