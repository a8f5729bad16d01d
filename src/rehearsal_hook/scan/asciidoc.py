"""AsciiDoc's reading of a piece of a line, as Asciidoctor (and GitHub's rendering of an
``.adoc`` file) shows it: what vanishes inside a word.

* the built-in attributes that expand to nothing or to a character that vanishes:
  ``{empty}``, ``{blank}``, ``{zwsp}`` (U+200B), ``{wj}`` (U+2060) -- ``DEPLOY_{empty}OK``
  shows one word;
* the inline passthrough macro ``pass:[...]`` (with substitutions named before ``[``): its
  content is shown;
* a link macro's target and brackets (``https://u[text]``, ``link:``, ``xref:``, ``mailto:``)
  and a cross reference's ``<<id,`` and ``>>``: the text is shown (asciidoctor 2.0.18);
* the unconstrained pairs that may stand inside a word -- passthroughs ``+++...+++``,
  ``++...++``, ``$$...$$`` and the highlight ``##...##``: their delimiters vanish (bold,
  italic and monospace pairs, ``**``, ``__``, doubled backticks, are the Markdown reading's).

The delimiters of one kind pair in order along the piece, in one pass: linear however many
there are (an opener never closed is shown, as Asciidoctor shows it).  A reading of its own,
beside the Markdown and CSS readings (each a syntax a reader applies alone).  Where it can show
a token is among the places near.near_needles finds (what it removes can vanish there).
"""

from __future__ import annotations

import re

from rehearsal_hook.scan.indexed import Edit, Indexed, at_matches, composed, paired, replaced

_ATTRIBUTE = re.compile(r"\{(?:empty|blank|zwsp|wj)\}")
_PASS_OPENER = re.compile(r"pass:[a-z,]*+\[")
# Where a piece may read otherwise: an attribute or the macro anywhere, a pair's delimiter only
# between two word characters (a token that it joins has one on each side of an opener or a
# closer; one inside a pair is stored whole).  HINT's alternatives apart, each beginning with a
# literal that ``re`` skips to at C speed (syntax_hints.removal_hints, searched over whole texts:
# behind one leading lookbehind, ``re`` tried a match at every character -- 1.1 s over git's
# 60 MB of sources).
HINT_PARTS = (
    _ATTRIBUTE,
    _PASS_OPENER,
    *(re.compile(rf"{d}(?<=\w{d})(?=[+$#]?\w)") for d in (r"\+\+", r"\$\$", "##")),
)
HINT = re.compile("|".join(p.pattern for p in HINT_PARTS))
_DELIMITER = re.compile(r"\+\+\+|\+\+|\$\$|##")


# A link macro whose target Asciidoctor does not show (``https://u[text]``, ``link:u[text]``,
# ``xref:id[text]``, ``mailto:a@b[text]``: the text shown), up to its ``[`` -- after the
# line's start, a blank or punctuation; and a cross reference's ``<<id,`` (its ``>>`` closes).
_LINK = re.compile(
    r"(?<![^\s\[\]();\"'<>])(?:(?:https?|ftp|irc|file|mailto):|link:|xref:)[^\s\[\]]*+\["
    r"|<<[A-Za-z_:][\w:.-]*+,"
)


def may_read(line: str) -> bool:
    return (
        ("{" in line or "++" in line or "$$" in line or "##" in line or "pass:" in line)
        and (HINT.search(line) is not None)
    ) or (("[" in line or "<<" in line) and _LINK.search(line) is not None)


def _links(line: str) -> list[Edit]:
    """Each link macro's target and brackets, and each cross reference's ``<<id,`` and ``>>``,
    as removals (the text between shown).  A macro's text ends at the next ``]`` on its line,
    a reference's at the next ``>>``; once one finds none, the search goes on at the next line
    (linear, as _macros)."""
    edits: list[Edit] = []
    pos, line_end = 0, -1
    unclosed: dict[str, int] = {}  # (a closer with none left on the line that ends there)
    while (m := _LINK.search(line, pos)) is not None:
        if m.end() > line_end:
            ends = [e for e in (line.find("\n", m.end()), line.find("\r", m.end())) if e != -1]
            line_end = min(ends, default=len(line))
        close = ">>" if m.group().startswith("<<") else "]"
        end = -1 if unclosed.get(close) == line_end else line.find(close, m.end(), line_end)
        if end == -1:
            unclosed[close] = line_end
            pos = m.end()  # (the other kind may still close on this line)
            continue
        edits += [(m.start(), m.end(), ""), (end, end + len(close), "")]
        pos = end + len(close)
    return edits


def _unpaired(line: str) -> Indexed | None:
    """``line`` without the delimiters that pair with the next one of their kind, in order,
    and per character its index in ``line``; None if none pairs."""
    edits = paired((m.start(), m.end(), m.group()) for m in _DELIMITER.finditer(line))
    return replaced(line, edits) if edits else None


def _macros(line: str) -> list[Edit]:
    """Each pass macro of ``line`` replaced by its content (up to the next ``]`` on its line).
    Once an opener finds no ``]`` after it on its line, no later one there can: the search
    goes on at the next line (a pattern tried at each opener ran to the line's end every
    time -- quadratic on a line of openers)."""
    edits: list[Edit] = []
    pos, line_end = 0, -1
    while (m := _PASS_OPENER.search(line, pos)) is not None:
        if m.end() > line_end:  # (where the opener's line ends: searched once a line)
            ends = [e for e in (line.find("\n", m.end()), line.find("\r", m.end())) if e != -1]
            line_end = min(ends, default=len(line))
        end = line.find("]", m.end(), line_end)
        if end == -1:
            pos = line_end
            continue
        edits.append((m.start(), end + 1, (line[m.end() : end], list(range(m.end(), end)))))
        pos = end + 1
    return edits


def reading(line: str) -> Indexed | None:
    """``line`` as Asciidoctor shows it (module docstring), and per character its index in
    ``line``; None if nothing in it vanishes."""
    if not may_read(line):
        return None
    found: Indexed = (line, list(range(len(line))))
    changed = False
    for step in (
        lambda text: replaced(text, at_matches(_ATTRIBUTE.finditer(text), lambda m: "")),
        lambda text: replaced(text, _macros(text)),
        lambda text: replaced(text, _links(text)),
        _unpaired,
    ):
        more = step(found[0])
        if more is not None:
            found, changed = composed(found, more), True
    return found if changed else None
