"""CSS's ``content`` property shows its strings one after another (a pseudo-element's text:
``::before``, ``::after``), and what shows nothing between them -- blanks, comments, an
attribute or counter that may be empty, a quote that ``quotes: none`` makes nothing --
vanishes: ``content: "CUTOVER_" "P…"`` shows the token (scan/css.py, joined)."""

from __future__ import annotations

import pytest

from .scanning import everywhere

T = "CUTOVER" + "_PASS"

# (Each checked in Chromium 150: a screenshot of an element with that ``::before`` shows
# ``CUTOVER_PASS``.)
JOINED = [
    'p::before { content: "CUTOVER_" "PASS"; }',
    "p::before{content:'CUTOVER_''PASS'}",
    'p::after { CONTENT : "CUTOVER_"/* x */"PASS" }',
    'p::before { content: "CUTOVER_" attr(data-x) "PASS" }',
    'p::before { content: "CUTOVER_" no-open-quote "PASS" }',
    'p::before { content: "CUTOVER_" open-quote "PASS"; quotes: none }',
    'p::before { content: "CUTOVER_" counter(x, none) "PASS" }',
    'p::before { content: "CUTOVER_" "PA" "SS" / "alt text" }',
    'p::before { content: "CUTOVER" "\\5f" "PASS" }',  # (a CSS escape in one of them)
    '<style>p::before{content:"CUTOVER_" "PASS"}</style><p>x</p>',
]


@pytest.mark.parametrize("stored", JOINED)
def test_the_strings_of_a_content_property_show_joined(stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    at = stored.index('"CUTOVER') if '"CUTOVER' in stored else stored.index("'CUTOVER")
    everywhere(f"x\n{stored}\ny\n", [(2, at + 2, T)], monkeypatch)


NEAR_MISSES = [
    'x = "CUTOVER_" "PASS"',  # (a program's strings: program semantics, out of scope)
    'p::before { font-family: "CUTOVER_" "PASS"; }',  # (another property: names, not shown)
    'p::before { content: "CUTOVER_" "PASS"; }'.replace("PASS", "PASSWORD"),
    'p::before { content: "CUTOVER_" "X" "PASS"; }',
    'p::before { content: "CUTOVER_" / "PASS"; }',  # (the alternative text is not shown)
    'p::before { content: "CUTOVER_"; } q::before { content: "PASS"; }',
    'p::before { content: "CUTOVER_" url(x.png) "PASS"; }',  # (an image between)
    'p::before { content: "CUTOVER_" "P" "ASS" }'.replace("ASS", "ASSWORD"),
]


@pytest.mark.parametrize("stored", NEAR_MISSES)
def test_strings_not_shown_one_after_another_stay_apart(stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    everywhere(f"x\n{stored}\ny\n", [], monkeypatch)


# A value over lines: its line ends are blanks between its strings (css.value_reach; joins.py
# reads its lines as one unit, and a stream cuts before the line it starts on).  (Chromium 150
# shows each as ``CUTOVER_PASS``; an escaped line break in a string is nothing, CSS Syntax.)
OVER_LINES = [
    'p::before {\n  content: "CUTOVER_"\n    "PASS";\n}\n',
    'p::before {\n  content:\n    "CUTOVER_"\n    "PASS";\n}\n',
    'p::before {\n  content: "CUTOVER_"\n    "PA"\n    "SS";\n}\n',
    'p::before {\n  content: "CUTOVER"\n\n    "_PASS";\n}\n',
    'p::before { content: "CUTOVER_" /* x\n y */ "PASS" }\n',
    'p::before {\r\n  content: "CUTOVER_"\r\n    "PASS";\r\n}\r\n',
    'p::before {\n  content: "CUTOVER"\n    "\\5f PASS";\n}\n',  # (an escape in the next line's string)
    'p::before {\n  content: "CUTOVER" "\\5f"\n "PASS";\n}\n',
    'p::before {\n  content: "CUTOVER_\\\n PASS";\n}\n',
    'x\n<style>p::before{content:"CUTOVER_"\n"PASS"}</style>\n',
]


@pytest.mark.parametrize("stored", OVER_LINES)
def test_the_strings_of_a_content_value_over_lines_show_joined(stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    at = stored.index("CUTOVER")
    line_start = max(stored.rfind("\n", 0, at), stored.rfind("\r", 0, at)) + 1
    everywhere(stored, [(stored.count("\n", 0, at) + 1, at - line_start + 1, T)], monkeypatch)


@pytest.mark.parametrize(
    "stored",
    [
        'p::before {\n  content: "CUTOVER_";\n  x: "PASS";\n}\n',  # (the value ends at ``;``)
        'p::before {\n  content: "CUTOVER_"\n  "X" "PASS";\n}\n',
        'p::before {\n  content: "CUTOVER_\n  "PASS";\n}\n',  # (a string never closed: no value shown)
        'p::before {\n  content: "CUTOVER_"\n}\nq::before { content: "PASS" }\n',
        'x = "CUTOVER_"\n  "PASS"\n',  # (a program's strings: program semantics)
    ],
)
def test_strings_over_lines_not_in_one_value_stay_apart(stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    everywhere(stored, [], monkeypatch)
