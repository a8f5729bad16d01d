"""Escape syntaxes of other readers through ``rehearsal-hook check``: a manual page whose
escapes ``man`` shows as one word (scan/roff.py), a LaTeX file whose group the PDF shows as
one word (scan/tex.py), an RTF file whose text a word processor shows (scan/rtf.py), and
an alternating font macro whose arguments man joins, roff's ``\\c`` at a line's end and TeX's
``%`` comment joining the next line (scan/joins.py), a manual page whose translation or
escape character set before shows the token (scan/roffstate.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import cli

PAGE = ".TH TOOL 1\n.SH STATUS\nThe gate reports CUTOVER_\\fBPASS\\fR here.\n"
JOINED_PAGE = ".TH TOOL 1\n.SH STATUS\nThe gate reports CUTOVER_\\c\n.B PASS\nhere.\n"
MACRO_PAGE = ".TH TOOL 1\n.SH STATUS\nThe gate reports\n.BR CUTOVER _PA SS .\n"
LATEX = "\\section{Status}\nThe gate reports CUTOVER{\\_}PASS here.\n"
JOINED_LATEX = "\\section{Status}\nThe gate reports CUTOVER\\_% a comment\n  PASS here.\n"
TR_PAGE = ".TH TOOL 1\n.tr Q_\n.SH STATUS\nThe gate reports CUTOVERQPASS here.\n"
EC_PAGE = ".TH TOOL 1\n.ec !\n.SH STATUS\nThe gate reports CUTOVER!(ulPASS here.\n"
RTF = b"{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\f0\nStatus: CUTOVER\\'5fPASS\\par\n}\n"


# name: (file, stored text, where the token starts, the same file with its words kept apart)
CASES = {
    "roff-font-change": ("tool.1", PAGE, "3:18", PAGE.replace("_\\fB", "\\fB ")),
    "roff-line-join": ("tool.1", JOINED_PAGE, "3:18", JOINED_PAGE.replace("\\c\n", "\n")),
    "roff-alternating-fonts": ("tool.1", MACRO_PAGE, "4:5", MACRO_PAGE.replace(".BR", ".B")),
    "roff-translation": ("tool.1", TR_PAGE, "4:18", TR_PAGE.replace(".tr Q_", ".tr Qq")),
    "roff-escape-character": ("tool.1", EC_PAGE, "4:18", EC_PAGE.replace("!(ul", "!(hy")),
    "latex-group": ("notes.tex", LATEX, "2:18", LATEX.replace("{\\_}", "{\\_} ")),
    "latex-comment-join": ("notes.tex", JOINED_LATEX, "2:18", JOINED_LATEX.replace("% a comment\n", "\n")),
    "rtf-hex-escape": ("memo.rtf", RTF, "2:9", RTF.replace(b"\\'5f", b"\\'20")),
}


@pytest.mark.parametrize("name", list(CASES))
def test_check_blocks_a_file_whose_reader_joins_a_token(repo: Path, name: str) -> None:
    """The token is reported at the line and column where it starts, redacted; with its words
    kept apart the same file is clean."""
    filename, stored, place, apart = CASES[name]
    path = repo / filename
    path.write_bytes(stored if isinstance(stored, bytes) else stored.encode())
    run = cli(["check", filename])
    assert run.code == 1, run.out
    assert run.out.splitlines()[0] == f"{filename}:{place}: seal-token seal-like token CUTOVER_P\u2026"
    path.write_bytes(apart if isinstance(apart, bytes) else apart.encode())
    assert cli(["check", filename]).code == 0
