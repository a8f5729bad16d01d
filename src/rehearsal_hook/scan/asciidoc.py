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
  ``++...++``, ``$$...$$``, the highlight ``##...##``, bold ``**``, emphasis ``__`` and
  monospace doubled backticks (Markdown's ``__`` does not pair inside a word), superscript
  ``^...^`` and subscript ``~...~`` (no blank inside): their delimiters vanish, and so does
  an attribute list right before one's opener (``[.role]##...##``);
* inline anchors ``[[id]]``, ``[[id, text]]`` and ``anchor:id[text]``, concealed index terms
  ``(((...)))`` and ``indexterm:[...]``, the attribute references that set (``{set:x:y}``)
  or count silently (``{counter2:x}``): nothing is shown; a visible index term ``((text))``
  and ``indexterm2:[text]`` show their text, and so do ``kbd:[...]`` and ``btn:[...]`` (as
  with ``:experimental:`` set), and ``menu:name[items]`` its name and items; ``{counter:x:V}``
  shows its first value ``V`` (``1`` without one); a footnote (``footnote:[text]``), an icon
  (``icon:name[]``) and an inline image (``image:file[]``) show what is no letter -- a raised
  ``[1]``, ``[name]``, the image: read as a blank (``DEPLOY_OKfootnote:[x]`` shows
  ``DEPLOY_OK[1]``, asciidoctor 2.0.18).

The delimiters of one kind pair in order along the piece, in one pass: linear however many
there are (an opener never closed is shown, as Asciidoctor shows it).  A reading of its own,
beside the Markdown and CSS readings (each a syntax a reader applies alone).  Where it can show
a token is among the places near.near_needles finds (what it removes can vanish there).
"""

from __future__ import annotations

import re

from rehearsal_hook.scan.indexed import Edit, Indexed, at_matches, in_steps, paired, replaced
from rehearsal_hook.scan.lines import next_blank_line

_ATTRIBUTE = re.compile(r"\{(?:empty|blank|zwsp|wj)\}")
# (``{set:...}``, ``{counter2:...}``: nothing; ``{counter:name:V}``: V, else ``1``.  Up to the
# next brace: one that never closes is searched past once, linear.)
_SETTER = re.compile(r"\{(?:set|counter2):[^{}\r\n]*+\}|\{counter:[\w-]++(?::(?P<first>[^{}\r\n]*+))?\}")
_PASS_OPENER = re.compile(r"pass:[a-z,]*+\[")
# An inline anchor up to its id (then ``]]``, or ``,`` and a text up to ``]]``), not a
# bibliography's ``[[[``; the anchor macro and the index term macros up to their ``[``; a
# visible or concealed index term's ``((`` (asciidoctor 2.0.18's InlineAnchorRx and
# InlineIndextermMacroRx).
# (Each alternative begins with its literal, the lookbehind after it, and HINT_PARTS searches
# them apart: behind a leading lookbehind ``re`` tried every character -- 1.2 s over a 25th of
# git's history, 3x the whole C scan.)
_HIDDEN_PARTS = (
    r"\[\[(?<![\\\[]\[\[)[A-Za-z_:][\w:.-]*+(?=\]\]|,)",
    r"anchor:(?<!\\anchor:)[A-Za-z_:][\w:.-]*+\[",
    r"indexterm(?<!\\indexterm)2?:\[",
    r"kbd:(?<!\\kbd:)\[",
    r"btn:(?<!\\btn:)\[",
    r"\(\((?<!\\\(\()",
    # (a footnote, an icon, an inline image: each shows in its place what is no letter -- a
    # raised ``[1]``, the icon or ``[name]``, the image -- so a token before one ends there;
    # and a menu, its name and items shown, with ``:experimental:``, as kbd and btn)
    r"footnote(?<!\\footnote)(?:ref:|:[\w-]*+)\[",
    r"i(?:con|mage):(?<!\\icon:)(?<!\\image:)[^:\s\[][^\s\[]*+\[",
    # (the menu from its colon: a removal hint starting with ``m`` would make ``%m`` a maker's
    # start, removal_lines._PERCENT)
    r":(?<=menu:)(?<!\\menu:)[\w&][^\s\[]*+\[",
)
_HIDDEN_OPENER = re.compile("|".join(_HIDDEN_PARTS))
# The macros whose text is shown: a visible index term; a key or a button (with the document's
# ``:experimental:`` attribute, which is not read: taken as set).
_SHOWN_MACROS = frozenset({"indexterm2:[", "kbd:[", "btn:["})
# The macros that show what is no letter in their place (a blank here): a footnote, an icon, an
# image.  (An image that does not load shows its alt text instead: not read, a limit.)
_APART = re.compile(r"footnote|i(?:con|mage):")
# Superscript and subscript: a pair with no blank inside.
_SCRIPT = re.compile(r"\^[^\s^]++\^|~[^\s~]++~")
# An attribute list's ``]`` right before an unconstrained pair's opener (or a script's).
_ROLE_END = re.compile(r"\](?=\*\*|__|``|##|\^|~)")
# Where a piece may read otherwise: an attribute or the macro anywhere, a pair's delimiter only
# between two word characters (a token that it joins has one on each side of an opener or a
# closer; one inside a pair is stored whole).  HINT's alternatives apart, each beginning with a
# literal that ``re`` skips to at C speed (syntax_hints.removal_hints, searched over whole texts:
# behind one leading lookbehind, ``re`` tried a match at every character -- 1.1 s over git's
# 60 MB of sources).
HINT_PARTS = (
    _ATTRIBUTE,
    _SETTER,
    _PASS_OPENER,
    *(re.compile(part) for part in _HIDDEN_PARTS),
    _ROLE_END,
    *(re.compile(rf"{d}(?<=\w{d})(?=[+$#]?\w)") for d in (r"\+\+", r"\$\$", "##")),
    # (``__`` after a letter or digit, before one or a third underscore: a run of underscores
    # alone, a line drawn with them, pairs nothing a word shows)
    re.compile(r"__(?<=[A-Za-z0-9]__)(?=_?[A-Za-z0-9])"),
    re.compile(r"\^(?<=\w\^)(?=\w)"),
    re.compile(r"~(?<=\w~)(?=\w)"),
)
HINT = re.compile("|".join(p.pattern for p in HINT_PARTS))
_DELIMITER = re.compile(r"\+\+\+|\+\+|\$\$|##|\*\*|__|``")


# A link macro whose target Asciidoctor does not show (``https://u[text]``, ``link:u[text]``,
# ``xref:id[text]``, ``mailto:a@b[text]``: the text shown), up to its ``[`` -- a URL after the
# line's start, a blank or punctuation, the ``link:``, ``mailto:`` and ``xref:`` macros anywhere,
# inside a word too (``DEPLOY_xref:id[OK]``); and a cross reference's ``<<id,`` (its ``>>`` closes).
_LINK = re.compile(
    r"(?:(?<![^\s\[\]();\"'<>])(?:https?|ftp|irc|file):|mailto:|link:|xref:)[^\s\[\]]*+\["
    r"|<<[A-Za-z_:][\w:.-]*+,"
)


def may_span(line: str) -> bool:
    """Whether ``line`` may hold an end of a cross reference whose text spans a line end of
    its paragraph (_links; its ``<<`` or ``>>`` on another line: paragraphs.others)."""
    return "<<" in line or ">>" in line


def may_read(line: str) -> bool:
    return (
        any(c in line for c in ("{", "++", "$$", "##", "pass:", "[", "((", "__", "^", "~"))
        and (HINT.search(line) is not None)
    ) or (("[" in line or "<<" in line) and _LINK.search(line) is not None)


def _hidden(line: str) -> list[Edit]:
    """Each inline anchor, anchor macro and concealed index term removed whole; a visible
    index term's ``((``/``))`` and ``indexterm2:[``/``]`` (its text shown).  An anchor's text
    ends at the next ``]]``, a macro's at the next ``]``, an index term's at the next ``))``
    that no third ``)`` follows, on its line; a closer with none left on the line is not
    searched for again there (linear, as _links)."""
    edits: list[Edit] = []
    pos, line_end = 0, -1
    unclosed: dict[str, int] = {}
    while (m := _HIDDEN_OPENER.search(line, pos)) is not None:
        if m.end() > line_end:
            ends = [e for e in (line.find("\n", m.end()), line.find("\r", m.end())) if e != -1]
            line_end = min(ends, default=len(line))
        opener = m.group()
        close = "))" if opener == "((" else "]]" if opener.startswith("[[") else "]"
        end = -1 if unclosed.get(close) == line_end else line.find(close, m.end() + (close == "))"), line_end)
        while close == "))" and end != -1 and line.startswith(")", end + 2):
            end += 1  # (the last of a run of parentheses closes: ``(((a)))``)
        if end == -1:
            unclosed[close] = line_end
            pos = m.end()
            continue
        inner = line[m.end() : end]
        shown = opener in _SHOWN_MACROS or (opener == "((" and not (inner.startswith("(") and inner.endswith(")")))
        if shown:
            edits += [(m.start(), m.end(), ""), (end, end + len(close), "")]
        elif opener.startswith(":"):  # (a menu: its name, then its items after a blank, ``File › Save``)
            items = " " if inner else ""
            edits += [(m.start() - 4, m.start() + 1, ""), (m.end() - 1, m.end(), items), (end, end + 1, "")]
        else:
            edits.append((m.start(), end + len(close), " " if _APART.match(opener) else ""))
        pos = end + len(close)
    return edits


def _roles(line: str) -> list[Edit]:
    """Each attribute list right before an unconstrained pair's or a script's opener
    (``[.x]##...##``), removed: from the first ``[`` after the last ``]`` before its own, on
    its line.  Each search looks back no further than the last one's ``]``: linear."""
    edits: list[Edit] = []
    done = 0
    for m in _ROLE_END.finditer(line):
        at = m.start()
        floor = max(line.rfind("]", done, at) + 1, line.rfind("\n", done, at) + 1, line.rfind("\r", done, at) + 1, done)
        start = line.find("[", floor, at)
        if start != -1 and start + 1 < at:
            edits.append((start, at + 1, ""))
        done = at + 1
    return edits


def _scripts(line: str) -> list[Edit]:
    """Each superscript's and subscript's delimiters removed."""
    return [e for m in _SCRIPT.finditer(line) for e in ((m.start(), m.start() + 1, ""), (m.end() - 1, m.end(), ""))]


def _links(line: str) -> list[Edit]:
    """Each link macro's target and brackets, and each cross reference's ``<<id,`` and ``>>``,
    as removals (the text between shown).  A macro's text ends at the next ``]``, a
    reference's at the next ``>>``, on the lines to the next blank one (Asciidoctor's patterns
    are multi-line: its cross reference "may span multiple lines", ``<<id,`` then
    ``DEPLOY_O>>K`` shows ``DEPLOY_OK``; read so on a paragraph, paragraphs.others); once one
    finds none, the search goes on after that blank line (linear, as _macros)."""
    edits: list[Edit] = []
    pos, text_end = 0, -1
    unclosed: dict[str, int] = {}  # (a closer with none left before the blank line there)
    while (m := _LINK.search(line, pos)) is not None:
        if m.end() > text_end:
            text_end = next_blank_line(line, m.end())
        close = ">>" if m.group().startswith("<<") else "]"
        end = -1 if unclosed.get(close) == text_end else line.find(close, m.end(), text_end)
        if end == -1:
            unclosed[close] = text_end
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
    return in_steps(
        line,
        (
            lambda text: replaced(text, at_matches(_ATTRIBUTE.finditer(text), lambda m: "")),
            lambda text: replaced(
                text, at_matches(_SETTER.finditer(text), lambda m: "" if m.group().startswith("{set") else _counted(m))
            ),
            lambda text: replaced(text, _macros(text)),
            lambda text: replaced(text, _links(text)),
            lambda text: replaced(text, _hidden(text)),
            lambda text: replaced(text, _roles(text)),
            _unpaired,
            lambda text: replaced(text, _scripts(text)),
        ),
    )


def _counted(m: re.Match[str]) -> str:
    """What a counter reference shows: nothing for ``counter2``, else its first value."""
    if m.group().startswith("{counter2"):
        return ""
    return m.group("first") if m.group("first") is not None else "1"
