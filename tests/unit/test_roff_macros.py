"""roff's font macros as ``man`` shows them (roff.py): the alternating ones (``.BR``, ``.RB``,
``.BI``, ``.IB``, ``.IR``, ``.RI``) show their arguments joined with nothing, ``.B``, ``.I``,
``.SM`` and ``.SB`` joined by a space, every argument's quotes gone.  Each shown case was a
bypass (groff 1.22.4 ``-man -Tutf8 | col -b`` prints the token, the scanner was clean); each
near miss groff shows apart.  Found in memory, as UTF-8 and UTF-16 and streamed, at the stored
line and column of the first argument's letter."""

from __future__ import annotations

import pytest

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import roff, segments
from rehearsal_hook.scan.matcher import TokenMatcher
from rehearsal_hook.scan.printed import reading_spans
from rehearsal_hook.scan.readings import PIECE

from .scanning import everywhere, found, streamed

M = TokenMatcher()
T = "CUTOVER" + "_PASS"

# name: a manual page's line (after ``.TH X 1``) that groff shows as the token
SHOWN = {
    "bold-roman": ".BR CUTOVER _PASS",
    "roman-bold": ".RB CUTOVER _PASS",
    "bold-italic": ".BI CUTOVER _PASS",
    "italic-bold": ".IB CUTOVER _PASS",
    "italic-roman": ".IR CUTOVER _PASS",
    "roman-italic": ".RI CUTOVER _PASS",
    "needle-split": ".BR CUTOVER _PA SS",
    "each-letter": ".RI CUTOVER _ P A S S",
    "spaces-between": ".BR CUTOVER    _PA   SS",
    "digit-word": ".BR CUTOVER 9_PASS",
    "quoted": '.IB "CUTOVER" "_PASS"',
    "quoted-split": '.BR CUTOVER _P "ASS"',
    "quote-then-argument": '.BR "CUTOVER"_PASS',
    "unclosed-quote": '.BR CUTOVER "_PASS',
    "blanks-after-dot": ".   BR CUTOVER _PA SS",
    "tab-after-name": ".BR\tCUTOVER _PA SS",
    "no-break-control": "'BR CUTOVER _PA SS",
    "escape-in-argument": ".BR CUT\\fBOVER\\fR _PA SS",
    "escape-with-space": ".BR CUT\\X'tty: x'OVER _PASS",
    "escaped-line-break": ".BR CUTOVER _P\\\nA SS",
    "comment-joins-line": ".BR CUTOVER \\#c\n_PA SS",
    "after-interrupt": "CUTOVER\\c\n.BR _PA SS",
    "in-nested-conditionals": ".if n .if n .BR CUTOVER _PASS",
}


@pytest.mark.parametrize("line", list(SHOWN.values()), ids=list(SHOWN))
def test_a_font_macro_line_shows_its_arguments_joined(line: str, monkeypatch: pytest.MonkeyPatch) -> None:
    column = 1 + line.index("CUT")
    token = T.replace("_", "9_") if "9_" in line else T
    everywhere(f".TH X 1\n{line}\n", [(2, column, token)], monkeypatch)
    assert token in {t for _, _, t in reading_spans(M, f"{line}:1:1: seal-token")}, repr(line)


@pytest.mark.parametrize("line", list(SHOWN.values()), ids=list(SHOWN))
def test_without_the_macro_reading_the_token_passes(line: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roff, "_macro_line", lambda line: False)
    monkeypatch.setattr(roff, "may_read", lambda line: "\\" in line and roff._MAY.search(line) is not None)
    everywhere(f".TH X 1\n{line}\n", [], monkeypatch)


@pytest.mark.parametrize(
    "line",
    [
        ".B CUTOVER _PASS",  # (joined by a space)
        ".I CUTOVER _PA SS",
        ".SB CUTOVER _PASS",
        '.B "CUTOVER"_PASS',  # (the closing quote before the next argument: a space)
        ".BR CUTOVER\t_PASS",  # (a tab is part of an argument)
        ".BR CUTOVER_PA\tSS",
        '.BR CUTOVER \\" _PASS',  # (a comment)
        ".BR CUTOVER _PASS x",  # (the third argument joins too: CUTOVER_PASSx)
        '.BR "CUTOVER" "_PA""SS"',  # (a doubled quote is a quote)
        ".BR CUTOVER _PASSWORD",
        "see .BR CUTOVER _PA SS",  # (not a control line)
        ".BRX CUTOVER _PA SS",  # (another macro)
        ".BR cutover _PASS",
        ".BR CUTOVER\\c\nx _PASS",  # (\\c's join ends the arguments; the next line is text)
        ".if n .if t CUTOVER_\\fBPASS",  # (a conditional not shown in one shown: nothing)
    ],
)
def test_near_misses_stay_clean(line: str, monkeypatch: pytest.MonkeyPatch) -> None:
    everywhere(f".TH X 1\n{line}\n", [], monkeypatch)


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ('.BR "DEP LOY" "_PA""SS"', 'DEP LOY_PA"SS'),
        ('.BR DEP"LOY _PASS', 'DEP"LOY_PASS'),
        ('.BR DEPLOY "_PA"SS"', 'DEPLOY_PASS"'),
        ('.B "DEPLOY"_PASS', "DEPLOY _PASS"),
        (".BR DEPLOY _PASS\n.B X", "DEPLOY_PASS\nX"),
        ("DEPLOY_\\c\n.ft B\n.B PASS", "DEPLOY_PASS"),
    ],
)
def test_what_groff_shows(line: str, shown: str) -> None:
    """The reading's text, as groff 1.22.4 ``-man -Tutf8 | col -b`` shows each line."""
    found = roff.reading(line)
    assert found is not None and found[0] == shown


def test_a_long_macro_line_is_read_whole() -> None:
    """A line longer than a piece is cut only where no reading changes: not inside an
    alternating font macro's arguments (roff.macro_zones) -- each token past the first piece was
    missed when its arguments were cut."""
    unit = b".BR CUTOVER _PA SS , "
    data = unit * (PIECE // len(unit) * 2)
    assert len(found(data)) == data.count(unit)


def test_a_streamed_macro_line_cut_inside_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stream cuts a line longer than MAX_CARRY inside: an alternating font macro's arguments
    joined across that cut cannot be read, and that blocks (segments.LineCuts)."""
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    monkeypatch.setattr(segments, "MAX_CARRY", 64)
    with pytest.raises(CannotVerify) as raised:
        streamed(b"x\n.BR " + b"CUTOVER _PA SS " * 20 + b"\n", 5)
    assert raised.value.code == "unverifiable-reading"
    assert streamed(b"x\n.B " + b"CUTOVER _PA SS " * 20 + b"\n", 5) == []  # (joined by spaces)


# mdoc (BSD manual pages: mdoc.py): a callable macro's name among a line's words shows
# nothing, ``Ns`` joins the words around it, ``Pf``'s prefix joins what follows it.  groff
# 1.22.4 ``-mdoc -Tutf8 | col -b`` and mandoc 1.14.6 show each as the token.
MDOC_SHOWN = {
    "mdoc-ns": ".Ar CUTOVER Ns _PASS",
    "mdoc-ns-quoted": '.Sy "CUTOVER" Ns "_PASS"',
    "mdoc-ns-then-a-call": ".Ar CUTOVER Ns No _PASS",
    "mdoc-ns-after-a-needle-s-beginning": ".No CUTOVER_ Ns No PASS",
    "mdoc-ns-name-macro": ".Nm CUTOVER Ns _PASS",
    "mdoc-ns-list-item": ".It Ar CUTOVER Ns _PASS",
    "mdoc-pf": ".Pf CUTOVER_ Ar PASS",
    "mdoc-pf-called": ".Pf CUTOVER Pf _ Li PASS",
}


@pytest.mark.parametrize("line", list(MDOC_SHOWN.values()), ids=list(MDOC_SHOWN))
def test_an_mdoc_line_shows_its_joined_words(line: str, monkeypatch: pytest.MonkeyPatch) -> None:
    everywhere(f".Dd January 1, 2020\n{line}\n", [(2, 1 + line.index("CUT"), T)], monkeypatch)
    assert T in {t for _, _, t in reading_spans(M, f"{line}:1:1: seal-token")}, repr(line)


@pytest.mark.parametrize("line", list(MDOC_SHOWN.values()), ids=list(MDOC_SHOWN))
def test_without_the_mdoc_reading_the_token_passes(line: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from rehearsal_hook.scan import mdoc

    monkeypatch.setattr(mdoc, "edits", lambda line, head_end, pf, escapes: ([], head_end))
    everywhere(f".Dd January 1, 2020\n{line}\n", [], monkeypatch)


@pytest.mark.parametrize(
    "line",
    [
        ".Ar CUTOVER_ Em PASS",  # (a call between words: a space)
        ".Ar CUTOVER_\\&Ns PASS",  # (``\\&Ns`` is a word: CUTOVER_Ns PASS)
        ".Li CUTOVER Ap _PASS",  # (an apostrophe: CUTOVER'_PASS)
        ".Ar CUTOVER Ns\t_PASS",  # (a tab is part of a word: no call)
        ".Ar CUTOVER Ns _PASSWORD",
        "see .Ar CUTOVER Ns _PASS",  # (not a control line)
        ".Ns CUTOVER _PASS",  # (``Ns`` joins what is before it: nothing here)
    ],
)
def test_mdoc_near_misses_stay_clean(line: str, monkeypatch: pytest.MonkeyPatch) -> None:
    everywhere(f".Dd January 1, 2020\n{line}\n", [], monkeypatch)
