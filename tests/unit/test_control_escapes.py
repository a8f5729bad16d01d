"""The control escapes of Perl, Ruby and bash's ``$'...'`` (``\\cH`` a backspace, Ruby's
``\\C-h`` too, ``\\c[`` an ESC, ``\\cM`` a CR, ``\\cA`` a control a terminal does not print):
the program prints the control, and a terminal acts on it as on a stored one (readings: the
terminal reading).  Each passed before round 5 (perl 5.36, ruby 3.1 and bash 5.2 print the
bytes; a terminal shows the token); Ruby's ``\\C-`` spelling until review found it;
bash's and printf's ``\\E``, an ESC, until round 5's second look."""

from __future__ import annotations

import pytest

from .scanning import everywhere

T = "CUTOVER" + "_PASS"

SHOWN = {
    "perl-backspaces": ('print "CUTOVER_PAxx\\cH\\cHSS";', 8),
    "bash-backspaces-lower-case": ("echo $'CUTOVER_PAxx\\ch\\chSS'", 8),
    "perl-escape-cursor-back": ('print "CUTOVER_PAxx\\c[[2DSS";', 8),
    "perl-carriage-return": ('print "xxxxxxx_PASS\\cMCUTOVER";', 15),
    "perl-silent-control": ('print "CUTOVER_\\cAPASS";', 8),
    "perl-delete": ('print "CUTOVER_\\c?PASS";', 8),
    # Ruby's other spelling (ruby 3.1 prints the same bytes)
    "ruby-backspaces": ('puts "CUTOVER_PAxx\\C-h\\C-HSS"', 7),
    "ruby-escape-cursor-back": ('puts "CUTOVER_PAxx\\C-[[2DSS"', 7),
    "ruby-carriage-return": ('puts "xxxxxxx_PASS\\C-mCUTOVER"', 14),
    "ruby-delete": ('puts "CUTOVER_\\C-?PASS"', 7),
    # (``\E``, an ESC to bash's ``$'...'`` and printf: bash 5.2)
    "bash-escape": ("echo $'CUTOVER_PAxx\\E[2DSS'", 8),
    "printf-escape": ("printf 'CUTOVER_PAxx\\E[2DSS'", 9),
    # (echo -e's and printf %b's octal ``\0nnn``, three digits after the 0 -- C's ``\013`` then
    # ``7`` elsewhere: bash 5.2 prints ``_`` and two backspaces)
    "echo-octal": ("echo -e 'CUTOVER\\0137PASS'", 10),
    "printf-b-octal": ("printf '%b' 'CUTOVER\\0137PASS'", 14),
    "echo-octal-backspaces": ("echo -e 'CUTOVER_PAxx\\0010\\0010SS'", 10),
    # (any printable character after ``\c``, its upper bits cleared, as bash 5.2 and ruby 3.1 print
    # it: ``\c1`` a DC1, ``\c(`` a backspace, ``\c;`` and ``\c{`` an ESC, ``\c-`` a CR)
    "bash-silent-control-of-a-digit": ("echo $'CUTOVER_\\c1PASS'", 8),
    "ruby-backspaces-of-a-parenthesis": ('puts "CUTOVER_PAxx\\c(\\C-(SS"', 7),
    "bash-escape-of-a-semicolon": ("echo $'CUTOVER_PAxx\\c;[2DSS'", 8),
    "ruby-escape-of-a-brace": ('puts "CUTOVER_PAxx\\C-{[2DSS"', 7),
    "ruby-carriage-return-of-a-dash": ('puts "xxxxxxx_PASS\\c-CUTOVER"', 14),
    # (Ruby's meta escape: the top bit set -- ``\M-\C-[`` and its other spellings the byte 9B,
    # CSI to a terminal that acts on C1, as ruby 3.1 prints it; missed before session 29)
    "ruby-meta-control-csi": ('puts "CUTOVER_PAxx\\M-\\C-[2DSS"', 7),
    "ruby-meta-c-csi": ('puts "CUTOVER_PAxx\\M-\\c[2DSS"', 7),
    "ruby-control-meta-csi": ('puts "CUTOVER_PAxx\\C-\\M-[2DSS"', 7),
    "ruby-c-meta-csi": ('puts "CUTOVER_PAxx\\c\\M-[2DSS"', 7),
}


@pytest.mark.parametrize(("text", "column"), list(SHOWN.values()), ids=list(SHOWN))
def test_a_control_escape_acts_on_a_terminal(text: str, column: int, monkeypatch: pytest.MonkeyPatch) -> None:
    everywhere(f"x\n{text}\n", [(2, column, T)], monkeypatch)


@pytest.mark.parametrize(
    "text",
    [
        'print "CUTOVER_PA\\cHSS";',  # (the backspace overwrites the A: CUTOVER_PSS)
        'print "CUTOVER_\\cIPASS";',  # (a tab: two words; JavaScript's cI, roff's IPASS)
        'print "CUTOVER_PAxx\\cH\\cHSSWORD";',  # (a longer word)
        'print "xxxxxxx_PASS\\cM\\cJCUTOVER";',  # (CR LF: a new row)
        'puts "CUTOVER_\\C-iPASS"',  # (a tab)
        'puts "CUTOVER_PAxx\\C-h\\C-hSSWORD"',
        "printf 'CUTOVER_PA\\E[1DSS'",  # (one back: CUTOVER_PSS)
        "echo -e 'CUTOVER\\0137PASSWORD'",
        "echo $'CUTOVER_\\c*PASS'",  # (a line feed: two rows)
        "echo $'CUTOVER_PA\\c(SS'",  # (one back: CUTOVER_PSS)
        'puts "CUTOVER_PA\\M-\\C-[1DSS"',  # (one back: CUTOVER_PSS)
        'puts "CUTOVER_\\M-aPASS"',  # (a letter, E1: one word)
    ],
)
def test_near_misses_stay_clean(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    everywhere(f"x\n{text}\n", [], monkeypatch)


def test_elsewhere_the_identity_escape_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    """``\\E`` is JavaScript's identity escape everywhere but on a terminal, which reads an ESC
    and the code ``ESC R`` (``CUTOVR_PASS``, roff's reading of ``\\E``, as before)."""
    text = 'x\ns = "CUTOV\\ER_PASS";\n'
    everywhere(text, [(2, 6, T), (2, 6, "CUTOVR_PASS"), (2, 6, "CUTOV_PASS")], monkeypatch)
