"""Escape syntaxes of other readers through ``rehearsal-hook check``: a manual page whose
escapes ``man`` shows as one word (scan/roff.py), a LaTeX file whose group the PDF shows as
one word (scan/tex.py), an RTF file whose text a word processor shows (scan/rtf.py)."""

from __future__ import annotations

from pathlib import Path

from ..conftest import cli


def test_check_blocks_a_manual_page_whose_font_change_joins_a_token(repo: Path) -> None:
    page = ".TH TOOL 1\n.SH STATUS\nThe gate reports CUTOVER_\\fBPASS\\fR here.\n"
    (repo / "tool.1").write_text(page)
    run = cli(["check", "tool.1"])
    assert run.code == 1, run.out
    assert run.out.splitlines()[0] == "tool.1:3:18: seal-token seal-like token CUTOVER_P\u2026"
    (repo / "tool.1").write_text(page.replace("_\\fB", "\\fB "))
    assert cli(["check", "tool.1"]).code == 0


def test_check_blocks_a_latex_file_whose_group_joins_a_token(repo: Path) -> None:
    (repo / "notes.tex").write_text("\\section{Status}\nThe gate reports CUTOVER{\\_}PASS here.\n")
    run = cli(["check", "notes.tex"])
    assert run.code == 1, run.out
    assert run.out.splitlines()[0] == "notes.tex:2:18: seal-token seal-like token CUTOVER_P\u2026"
    (repo / "notes.tex").write_text("\\section{Status}\nThe gate reports CUTOVER{\\_} PASS here.\n")
    assert cli(["check", "notes.tex"]).code == 0


def test_check_blocks_an_rtf_file_whose_text_holds_a_token(repo: Path) -> None:
    (repo / "memo.rtf").write_bytes(b"{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\f0\nStatus: CUTOVER\\'5fPASS\\par\n}\n")
    run = cli(["check", "memo.rtf"])
    assert run.code == 1, run.out
    assert run.out.splitlines()[0] == "memo.rtf:2:9: seal-token seal-like token CUTOVER_P\u2026"
    (repo / "memo.rtf").write_bytes(b"{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\f0\nStatus: CUTOVER\\'20PASS\\par\n}\n")
    assert cli(["check", "memo.rtf"]).code == 0


def test_check_blocks_a_manual_page_and_a_latex_file_whose_line_join_joins_a_token(repo: Path) -> None:
    """roff's ``\\c`` at a line's end and TeX's ``%`` comment join the next line (scan/joins.py):
    the token is reported at the line and column where it starts; a blank keeps the words apart."""
    page = ".TH TOOL 1\n.SH STATUS\nThe gate reports CUTOVER_\\c\n.B PASS\nhere.\n"
    (repo / "tool.1").write_text(page)
    run = cli(["check", "tool.1"])
    assert run.code == 1, run.out
    assert run.out.splitlines()[0] == "tool.1:3:18: seal-token seal-like token CUTOVER_P\u2026"
    (repo / "tool.1").write_text(page.replace("\\c\n", "\n"))
    assert cli(["check", "tool.1"]).code == 0
    (repo / "tool.1").unlink()
    latex = "\\section{Status}\nThe gate reports CUTOVER\\_% a comment\n  PASS here.\n"
    (repo / "notes.tex").write_text(latex)
    run = cli(["check", "notes.tex"])
    assert run.code == 1, run.out
    assert run.out.splitlines()[0] == "notes.tex:2:18: seal-token seal-like token CUTOVER_P\u2026"
    (repo / "notes.tex").write_text(latex.replace("% a comment\n", "\n"))
    assert cli(["check", "notes.tex"]).code == 0
