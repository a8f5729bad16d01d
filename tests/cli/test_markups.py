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


# (an HTML page, the token's tail {word}, the token's line and column): a tag whose quoted
# value holds ``>`` (scan/tags.py) and an inline style that may hide (scan/styles.py).
PAGES = [
    ("quoted-gt", '<p>\n  See CUTOVER_</span title=">">PASS{word} here.\n</p>\n', 2, 7),
    ("font-size-zero", '<p>See CUTOVER_PA<span style="font-size:0">X</span>SS{word}</p>\n', 1, 8),
]


@pytest.mark.parametrize(("case", "text", "line", "column"), PAGES, ids=[p[0] for p in PAGES])
def test_check_blocks_a_page_whose_tags_show_a_token(repo: Path, case: str, text: str, line: int, column: int) -> None:
    (repo / "page.html").write_text(text.format(word=""))
    run = cli(["check", "page.html"])
    assert run.code == 1, run.out
    assert run.out.splitlines()[0] == f"page.html:{line}:{column}: seal-token seal-like token CUTOVER_P\u2026"
    (repo / "page.html").write_text(text.format(word="WORD"))
    assert cli(["check", "page.html"]).code == 0, case
