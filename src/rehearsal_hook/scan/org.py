"""Org's reading of a piece of a line, as GitHub's renderer of ``.org`` files (org-ruby) and
Emacs's HTML export show it: what vanishes or becomes a character inside a word.

* entities, ``\\name`` or ``\\name{}`` (the name ended by a character that is no ASCII
  letter, as org-ruby ends it):
  the character Org shows for it (``\\under`` is ``_``, ``\\Rho`` a Greek capital that reads
  as ``P``, ``\\shy`` a soft hyphen; the table is _org_entities.py) -- a maker where its
  character is one (hints._maker_hint);
* links ``[[target][description]]`` show their description, ``[[target]]`` its target
  (without a ``file:`` prefix); sub- and superscripts ``_{...}`` and ``^{...}`` their
  content; export snippets ``@@html:...@@`` their content as raw HTML (read by the rendered
  reading after this one), other back-ends' nothing; macros ``{{{name}}}`` and
  ``{{{name(args)}}}`` nothing -- not after ``_`` or ``^``, where Org reads a script -- (what
  a macro defined elsewhere expands to is not known: a documented limit); targets
  ``<<name>>`` nothing and radio targets ``<<<name>>>`` their name;
* emphasis ``*b*``, ``/i/``, ``_u_``, ``=v=``, ``~c~``, ``+s+``: the markers vanish where they
  pair by Org's border rules -- an opener after the line start, a blank or one of
  ``-('"{[``, before a character that is no blank; a closer after one, before a blank, the
  line end or one of ``-.,:!?;'")}\\[]``.  A zero-width space counts as a blank (Org's trick
  for markup inside a word; the Unicode view then removes it), so ``CUTOVER_<ZWSP>/OK/``
  shows one word; in ASCII text a marker only joins what a construct above removes beside it.

Links, macro calls and export snippets span the lines of a paragraph, never a blank line
(org-element.el; org-ruby's link pattern holds line ends): a line that may hold an end of one
is read with its paragraph (may_span, paragraphs.others).

All in one pass each (emphasis by a table of open markers, the objects by an opener search
whose closer search skips the rest of a line once it finds none there): linear.  A reading of
its own, beside the Markdown and CSS readings; its places are among near.near_needles' (what
it removes can vanish there), and a removal that joins a maker makes its lines read
(hints.joins_a_maker, HINT).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from rehearsal_hook.scan._org_entities import ENTITIES
from rehearsal_hook.scan.indexed import Edit, Indexed, in_steps, replaced
from rehearsal_hook.scan.lines import next_blank_line

# What this reading removes that can join the text around it (hints.joins_a_maker: a maker it
# joins, ``&^{}#95;``): a link, a sub- or superscript, an export snippet, a macro, a target.
# (Whole links and targets, a link without a description starting with no blank:
# ``[[ -f x ]]`` and ``<<EOF`` are shell's test and here-document.)
# (Apart, each beginning with a literal that ``re`` skips to at C speed: syntax_hints.removal_hints.)
_LINK_HINT = r"\[\[(?:[^\]\[]++\]\[[^\]\[]++|[^\s\]\[][^\]\[]*+)\]\]"
HINT_PARTS = tuple(
    re.compile(p)
    for p in (
        _LINK_HINT,
        r"_\{",
        r"\^\{",
        r"@@[-A-Za-z0-9]++:",
        r"\{\{\{[A-Za-z]",
        r"<<[^<>\s](?:[^<>\n\r]*+(?<=[^<>\s]))?>>",
    )
)
HINT = re.compile("|".join(p.pattern for p in HINT_PARTS))
# The parts whose match may go on past a line's end (a link's description may span lines),
# each with the literal its match starts with: a search that ends at a line's end
# (syntax_hints.removal_in) looks for that instead -- more lines chosen, never fewer.
ACROSS_LINES = {_LINK_HINT: r"\[\["}
_MAY_READ = re.compile(HINT.pattern + r"|\\[A-Za-z]|\u200b")
_OBJECT = re.compile(
    r"(?P<link>\[\[)|(?P<script>[_^]\{)|@@(?P<snippet>[-A-Za-z0-9]++):"
    r"|(?P<target><<<?(?=[^<>\s]))|\\(?P<entity>there4|sup[123]|frac[13][24]|[A-Za-z]++)"
)
_MACRO = re.compile(r"(?<![_^])\{\{\{[A-Za-z][-\w]*+(?:\(|\}\}\})")
_LINK = re.compile(r"\[\[([^\]\[]++)\](?:\[([^\]\[]++)\])?\]")
_TARGET = re.compile(r"<<<([^<>\s](?:[^<>\n\r]*+(?<=[^<>\s]))?)>>>|<<([^<>\s](?:[^<>\n\r]*+(?<=[^<>\s]))?)>>")
_LINE_END = re.compile("[\r\n]")
_LINE_ENDS = re.compile(r"\r\n?|\n")
_PRE = frozenset("\u200b-('\"{[")
_POST = frozenset("\u200b-.,:!?;'\")}\\[]")
# A marker that may open (after the line start or a pre character) or close (before a post
# character or the line end): a snake_case word holds none, so ``re`` passes over it.
_MARKER = re.compile("(?<![^\\s\u200b\\-('\"{\\[])[*/_=~+]|[*/_=~+](?![^\\s\u200b\\-.,:!?;'\")}\\\\\\[\\]])")


def maker_names(plain: Callable[[str], bool]) -> list[str]:
    """The entity names whose character is not ``plain`` (hints._plain_value): the makers
    among entities (hints._maker_hint, each ended by what is no letter)."""
    return sorted(k for k, v in ENTITIES.items() if not plain(v))


def may_read(line: str) -> bool:
    return (
        "\\" in line or "[[" in line or "{" in line or "@@" in line or "<<" in line or "\u200b" in line
    ) and _MAY_READ.search(line) is not None


def _emphasis(line: str) -> Indexed | None:
    """``line`` without the emphasis markers that pair, and per character its index in
    ``line``; None if none pairs.  Each marker kind pairs its first open marker with the next
    closer of its kind (as Org's non-greedy body does), over one line end at most (a
    paragraph read whole: ``org-emphasis-regexp-components``' newline count, org-ruby's body
    ``.*?(?:\n.*?){0,1}``) -- an open marker with two line ends after it is dropped, each
    count a bisection of the line ends."""
    open_at: dict[str, int] = {}
    edits: list[Edit] = []
    n = len(line)
    ends = [m.start() for m in _LINE_ENDS.finditer(line)] if "\n" in line or "\r" in line else []
    for m in _MARKER.finditer(line):
        i = m.start()
        c = line[i]
        after = line[i + 1] if i + 1 < n else ""
        if ends and c in open_at and bisect.bisect(ends, i) - bisect.bisect(ends, open_at[c]) > 1:
            del open_at[c]  # (its body would hold two line ends: it opened nothing)
        if c in open_at and not line[i - 1].isspace() and (after == "" or after in _POST or after.isspace()):
            start = open_at.pop(c)
            edits += [(start, start + 1, ""), (i, i + 1, "")]
        elif (
            c not in open_at
            and (i == 0 or line[i - 1] in _PRE or line[i - 1].isspace())
            and after not in ("", c)
            and not after.isspace()
        ):
            open_at[c] = i
    edits.sort()
    return replaced(line, edits) if edits else None


def _line_end(text: str, at: int) -> int:
    """Where the line holding ``at`` ends (one search: it stops at the first line end)."""
    m = _LINE_END.search(text, at)
    return m.start() if m is not None else len(text)


def may_span(line: str) -> bool:
    """Whether ``line`` may hold an end of an Org object that spans a line end of its paragraph
    -- a link, a macro call, an export snippet (Org reads them over the lines of a paragraph,
    org-ruby's link and Emacs's parsers alike): ``[[x][`` then ``DEPLOY]]&#95;OK`` shows
    ``DEPLOY_OK`` --, or an emphasis marker over one line end where what Org removes beside
    it can join a needle (``x /y`` then ``DEPLOY/\\under{}OK``, or a zero-width space:
    may_read).  Such a line is read with its paragraph (paragraphs.others: SPAN_MARKS
    on another of its lines)."""
    return (
        "[[" in line
        or "]]" in line
        or "][" in line
        or "{{{" in line
        or "}}}" in line
        or "@@" in line
        or (may_read(line) and _MARKER.search(line) is not None)
    )


# (an object's other end or an emphasis marker, on another line of the paragraph: each
# character found by memchr)
SPAN_MARKS = "[]{}@*/_=~+"


def _macros(text: str) -> Indexed | None:
    """``text`` without its macro calls (Org expands them before it parses the text), and per
    character its index in ``text``; None if it holds none.  An argument list's end searched
    for and not found on its line is not searched for again on that line."""
    edits: list[Edit] = []
    pos, no_close, object_end = 0, -1, -1
    while (m := _MACRO.search(text, pos)) is not None:
        pos = m.end()
        if m.group().endswith("}}}"):
            edits.append((m.start(), pos, ""))
            continue
        if pos < no_close:
            continue
        if pos > object_end:  # (its arguments may span lines, not a blank one: searched once a paragraph)
            object_end = next_blank_line(text, pos)
        close = text.find(")}}}", pos, object_end)
        if close == -1:
            no_close = object_end
            continue
        edits.append((m.start(), close + 4, ""))
        pos = close + 4
    return replaced(text, edits) if edits else None


def _objects(text: str) -> Indexed | None:
    """``text`` with its links, sub- and superscripts, export snippets, targets and entities
    shown as Org shows them, and per character its index in ``text``; None if it holds none.
    A closer searched for and not found on its line is not searched for again from a later
    opener of its kind on that line (``no_close``): linear however many openers a line
    holds."""
    edits: list[Edit] = []
    no_close: dict[str, int] = {}  # (kind -> the end of a line holding no closer after it)
    script_end = -1  # (a sub- or superscript's closing brace: openers before it are text)
    pos, line_end, object_end = 0, -1, -1
    while (m := _OBJECT.search(text, pos)) is not None:
        start, pos = m.start(), m.end()
        kind = m.lastgroup or ""
        if kind == "link":
            link = _LINK.match(text, start)
            if link is None:
                pos = start + 2
                continue
            shown = 2 if link.group(2) else 1
            begin, end = link.start(shown), link.end(shown)
            if shown == 1 and text.startswith("file:", begin):
                begin += 5
            edits += [(start, begin, ""), (end, link.end(), "")]
            pos = begin  # (what it shows is read on: entities, scripts)
            continue
        if kind == "target":
            target = _TARGET.match(text, start)
            if target is not None and target.group(1) is not None:  # (a radio target: its name shown)
                edits += [(start, start + 3, ""), (target.end() - 3, target.end(), "")]
            elif target is not None:
                edits.append((start, target.end(), ""))
                pos = target.end()
            continue
        if kind == "entity":
            value = ENTITIES.get(m.group("entity"))
            if value is not None and not (text[pos : pos + 1].isascii() and text[pos : pos + 1].isalpha()):
                edits.append((start, pos + 2 if text.startswith("{}", pos) else pos, value))
            continue
        closer = "}" if kind == "script" else "@@"
        if kind == "script" and start < script_end:
            continue
        if pos < no_close.get(kind, -1):
            continue
        if kind == "script":  # (a script's braces on one line: org-ruby's ``.*?``)
            if pos > line_end:  # (where the opener's line ends: searched once a line)
                line_end = _line_end(text, pos)
            limit = line_end
        else:  # (a snippet spans lines, not a blank one: Emacs searches its paragraph for ``@@``)
            if pos > object_end:
                object_end = next_blank_line(text, pos)
            limit = object_end
        close = text.find(closer, pos, limit)
        if close == -1:
            no_close[kind] = limit
            continue
        end = close + len(closer)
        if kind == "script":
            edits += [(start, pos, ""), (close, end, "")]
            script_end = close
        elif kind == "snippet" and m.group("snippet").lower() == "html":
            edits.append((start, end, (text[pos:close], list(range(pos, close)))))
            pos = end
        else:
            edits.append((start, end, ""))
            pos = end
    if not edits:
        return None
    edits.sort(key=lambda e: (e[0], -e[1]))
    return replaced(text, edits)


def reading(line: str) -> Indexed | None:
    """``line`` as Org shows it (module docstring), and per character its index in ``line``;
    None if nothing in it vanishes or is replaced.  Macros first (Org expands them in the
    text it then parses), emphasis then (judged by its border characters, before the objects
    beside them are read), the objects on what is left."""
    if not may_read(line):
        return None
    return in_steps(line, (_macros, _emphasis, _objects))
