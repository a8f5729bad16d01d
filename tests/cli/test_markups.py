"""The markups GitHub renders through ``rehearsal-hook check`` (scan/org.py, scan/textile.py, scan/rdoc.py): a token that
only the rendered file shows blocks, its near miss passes -- read in every file, whatever its
extension says (a rename changes the renderer)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import cli

# (markup, a file named for its renderer, the text with {word} for the token's tail, the
# token's line): each through a file named for its renderer and a plain ``.txt``.
MARKUPS = [
    ("org", "notes.org", "* Status\nSee CUTOVER\\under{{}}PASS{word} and [[https://x.y/][the log]].\n", 2),
    ("textile", "notes.textile", 'h1. Status\n\nSee CUTOVER_==PA==SS{word} and "the log":https://x.y/.\n', 3),
    ("rdoc", "README.rdoc", "= Status\n\nSee CUTOVER_+PASS+{word} and {{the log}}[https://x.y/].\n", 3),
]


@pytest.mark.parametrize("txt", [False, True], ids=["own-extension", "txt"])
@pytest.mark.parametrize(("markup", "name", "text", "line"), MARKUPS, ids=[m[0] for m in MARKUPS])
def test_check_blocks_a_file_whose_rendering_shows_a_token(
    repo: Path, markup: str, name: str, text: str, line: int, txt: bool
) -> None:
    """A token only the rendered file shows blocks at its stored line and column; the near
    miss (the word goes on: ...WORD) passes."""
    if txt:
        name = name.rsplit(".", 1)[0] + ".txt"
    (repo / name).write_text(text.format(word=""))
    run = cli(["check", name])
    assert run.code == 1, run.out
    assert run.out.splitlines()[0] == f"{name}:{line}:5: seal-token seal-like token CUTOVER_P\u2026"
    (repo / name).write_text(text.format(word="WORD"))
    assert cli(["check", name]).code == 0, markup
