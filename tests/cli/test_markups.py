"""The markups GitHub renders through ``rehearsal-hook check`` (scan/org.py, scan/textile.py, scan/rdoc.py): a token that
only the rendered file shows blocks, its near miss passes -- read in every file, whatever its
extension says (a rename changes the renderer)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import cli


@pytest.mark.parametrize("name", ["notes.org", "notes.txt"])
def test_check_blocks_an_org_file_whose_rendering_shows_a_token(repo: Path, name: str) -> None:
    (repo / name).write_text("* Status\nSee CUTOVER\\under{}PASS and [[https://x.y/][the log]].\n")
    run = cli(["check", name])
    assert run.code == 1, run.out
    assert run.out.splitlines()[0] == f"{name}:2:5: seal-token seal-like token CUTOVER_P\u2026"
    (repo / name).write_text("* Status\nSee CUTOVER\\under{}PASSWORD and [[https://x.y/][the log]].\n")
    assert cli(["check", name]).code == 0


@pytest.mark.parametrize("name", ["notes.textile", "notes.txt"])
def test_check_blocks_a_textile_file_whose_rendering_shows_a_token(repo: Path, name: str) -> None:
    (repo / name).write_text('h1. Status\n\nSee CUTOVER_==PA==SS and "the log":https://x.y/.\n')
    run = cli(["check", name])
    assert run.code == 1, run.out
    assert run.out.splitlines()[0] == f"{name}:3:5: seal-token seal-like token CUTOVER_P\u2026"
    (repo / name).write_text('h1. Status\n\nSee CUTOVER_==PA==SSWORD and "the log":https://x.y/.\n')
    assert cli(["check", name]).code == 0


@pytest.mark.parametrize("name", ["README.rdoc", "README.txt"])
def test_check_blocks_an_rdoc_file_whose_rendering_shows_a_token(repo: Path, name: str) -> None:
    (repo / name).write_text("= Status\n\nSee CUTOVER_+PASS+ and {the log}[https://x.y/].\n")
    run = cli(["check", name])
    assert run.code == 1, run.out
    assert run.out.splitlines()[0] == f"{name}:3:5: seal-token seal-like token CUTOVER_P\u2026"
    (repo / name).write_text("= Status\n\nSee CUTOVER_+PASS+WORD and {the log}[https://x.y/].\n")
    assert cli(["check", name]).code == 0
