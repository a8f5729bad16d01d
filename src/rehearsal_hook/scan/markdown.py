"""The Markdown reading of a piece of a line: what a CommonMark (GFM) renderer shows of the
inline syntax that vanishes when rendered -- emphasis and strong (``*``, ``_``),
strikethrough (``~~``), code spans, links and images (text and alt shown, destination and
title hidden), autolinks (brackets hidden), backslash escapes and character references.
``DEPLOY_*OK*``, ``__DEPLOY_OK__`` and ``DEPLOY_[OK](u)`` show DEPLOY_OK.

One pass left to right, as CommonMark's reference algorithm reads inlines: a delimiter list
and a bracket stack; a closing ``]`` pairs with the nearest opener, a link's text has its
own emphasis (processed when the link forms), a link deactivates the ``[`` openers before it.
Emphasis pairing is markdown-it's balance_pairs (the "openers bottom" rule with jumps: linear,
see commonmark/cmark#178); code spans find their closing run in a table of backtick runs, so
no span is searched for twice.  The reading is a function of the piece alone: Markdown
treats a paragraph's line ends as blanks, so no inline construct joins words across lines
(a hard line break and a setext heading's underline only separate).

Two readings: ``gfm=False`` is markdown-it's CommonMark with strikethrough, for a piece that
is its own paragraph with no link reference definitions (a bracket that is no inline link
stays); ``gfm=True`` assumes what the rest of a document can add: every reference link
resolves (``[text][ref]``, ``[text][]``, ``[text]`` show ``text``) and a single ``~`` pair
strikes through (GitHub).  The scanner reads both: each can show a token the other hides.
"""

from __future__ import annotations

import functools
import re

from rehearsal_hook.scan.emphasis import ASCII_PUNCT, Delim, balance, flank_as_a_text, flanking, hide_paired
from rehearsal_hook.scan.indexed import Indexed, replaced
from rehearsal_hook.scan.mdlinks import inline_link, is_label, reference

# A line that may read otherwise as Markdown holds one of these: a delimiter, a backtick or a
# bracket, an underscore at a word's edge (inside a word it is never emphasis), an autolink.
# (Each pattern starts with its literal character, so that ``re`` skips to the next one at
# memchr speed: one pattern with a character class first ran at 17 MB/s.)
_HINT_CHARS = "*~`["
_HINTS_S = (
    ("_", re.compile(r"_(?![A-Za-z0-9_])|_(?<![A-Za-z0-9_]_)")),
    ("<", re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.\-]{1,31}:|[^\s<>@]+@)")),
)


def may_read(line: str) -> bool:
    """Whether the Markdown reading of ``line`` can differ from its stored text."""
    return any(c in line for c in _HINT_CHARS) or any(c in line and p.search(line) for c, p in _HINTS_S)


# The characters that start something the pass looks at.
_SPECIAL = re.compile(r"[\\`*_~\[\]!<&]")
# (The patterns a line with ``<`` or ``&`` needs are compiled on first use, not at every
# start-up.)
_AUTOLINK = (
    r"<(?:[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^<>\x00-\x20]*"
    r"|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)*)>"
)
# Inline HTML (CommonMark's open and closing tags, comments, processing instructions,
# declarations, CDATA): no Markdown inside, and nothing of it shown.  (The rendered reading
# removes tags too, but decodes backslash escapes, which Markdown shows: ``\C<b>X_OK``.)
_ATTR = r"""(?:\s+[A-Za-z_:][A-Za-z0-9_.:\-]*(?:\s*=\s*(?:[^"'=<>`\x00-\x20]+|'[^']*'|"[^"]*"))?)"""
_HTML = (
    r"<(?:[A-Za-z][A-Za-z0-9\-]*+" + _ATTR + r"*+\s*/?>|/[A-Za-z][A-Za-z0-9\-]*+\s*>"
    r"|!---->|!--(?:-?[^>\-])(?:-?[^\-])*?-->|\?.*?\?>|![A-Za-z]+[^>]*>|!\[CDATA\[.*?\]\]>)"
)
_ENTITY = r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"


@functools.cache
def _pattern(which: str) -> re.Pattern[str]:
    return re.compile(which, re.S)


def _code_trim(body: str) -> tuple[int, int]:
    """How many characters a code span's ``body`` loses at its start and at its end: one blank
    at each where both ends are blanks and it is not all blanks; a line end (CR LF, CR or LF)
    is one, with the blanks after it -- the reference implementation drops a paragraph
    line's leading blanks (commonmark.js; its Python port, commonmark 0.9.2, shows
    ``DEPLOY<code>_</code>OK`` for ``DEPLOY` `` then ``   _`` then ``   `OK``, and a
    block quote's markers, read here as blanks, are stripped), markdown-it keeps them: read
    as the reference, which can only find more."""
    if not body.strip(" \r\n"):
        return 0, 0
    m = _CODE_HEAD.match(body)
    head = m.end() if m is not None else 0
    k = len(body)
    while k > 0 and body[k - 1] in " \t":
        k -= 1
    if k > 0 and body[k - 1] in "\r\n":
        k -= 2 if body[k - 2 : k] == "\r\n" else 1
        return head, len(body) - k
    return head, 1 if body[-1] == " " else 0


# A code span body's start that it trims (_code_trim).
_CODE_HEAD = re.compile(r"(?:\r\n?|\n)[ \t]*| ")


class _Runs:
    """The backtick runs of a line, for finding a code span's closing run: per length, the
    runs in order and how far they were looked through (each run is passed once)."""

    def __init__(self, line: str) -> None:
        self.by_length: dict[int, list[int]] = {}
        for m in re.finditer("`+", line):
            self.by_length.setdefault(m.end() - m.start(), []).append(m.start())
        self.next: dict[int, int] = {}

    def closing(self, length: int, after: int) -> int:
        starts = self.by_length.get(length, [])
        k = self.next.get(length, 0)
        while k < len(starts) and starts[k] < after:
            k += 1
        self.next[length] = k
        return starts[k] if k < len(starts) else -1


def reading(
    line: str, *, gfm: bool = False, extents: list[tuple[int, int]] | None = None, breaks: bool = False
) -> Indexed | None:
    """What a renderer shows of ``line``, and per character its index in ``line`` (a decoded
    reference or escape: where it starts); None when that is the stored text.  ``extents``:
    gets each pairing's stored extent, from opener to closer -- an emphasis, a code span, a
    link (paragraphs.py reads again only where one spans a line end).  ``breaks``: a tag that
    sets its element apart (a block, a line break: linebreaks.apart) separates the words
    around it, as in the rendered reading's own such reading."""
    # (an edit inside something hidden already, a code span's run or a link's tail, is not made)
    edits = sorted(_edits(line, gfm, [] if extents is None else extents))
    if breaks:
        from rehearsal_hook.scan import linebreaks  # (only a line that may hold such a tag)

        names = linebreaks.styled(line)
        edits = [(a, b, "\n" if v == "" and linebreaks.apart(line[a:b], names) else v) for a, b, v in edits]
    return replaced(line, edits)


def _paired(delims: list[Delim]) -> list[tuple[int, int]]:
    return [(d.pos, delims[d.end].pos + delims[d.end].width) for d in delims if d.end >= 0]


def _edits(line: str, gfm: bool, extents: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """The places of ``line`` that read otherwise: (start, end, what is shown)."""
    n = len(line)
    edits: list[tuple[int, int, str]] = []
    delims: list[Delim] = []
    # open brackets: (position, width, delimiters before it, links formed before it)
    brackets: list[tuple[int, int, int, int]] = []
    links = [0]
    runs: _Runs | None = None
    # (Where the last ``>``, ``?>`` and ``]]>`` of the line are: an inline HTML construct whose
    # closer does not come after its opener is not tried -- its lazy body would run to the
    # line's end once per opener, quadratic in a line of ``<![CDATA[``: the red-team pass of
    # session 20, 512 KB in 45 s.)
    last_gt, last_pi, last_cdata = line.rfind(">"), line.rfind("?>"), line.rfind("]]>")
    token = 0
    last_delim_end = -1
    i = 0
    while True:
        m = _SPECIAL.search(line, i)
        if m is None:
            break
        i = m.start()
        c = line[i]
        if c == "\\":
            if i + 1 < n and line[i + 1] in ASCII_PUNCT:
                edits.append((i, i + 1, ""))
                i += 2
            else:
                i += 1
        elif c == "`":
            j = i
            while j < n and line[j] == "`":
                j += 1
            if runs is None:
                runs = _Runs(line)
            close = runs.closing(j - i, j)
            if close < 0:
                i = j
                continue
            edits.append((i, j, ""))
            edits.append((close, close + j - i, ""))
            extents.append((i, close + j - i))
            head, tail = _code_trim(line[j:close])
            if head and tail:
                edits.append((j, j + head, ""))
                edits.append((close - tail, close, ""))
            i = close + j - i
        elif c in "*_~":
            j = i
            while j < n and line[j] == c:
                j += 1
            can_open, can_close = flanking(line, i, j, c != "_")
            if c == "~":
                if j - i == 1 and gfm:
                    width, marker, first = 1, "~1", i
                elif j - i >= 2:
                    width, marker, first = 2, "~", i + (j - i) % 2
                else:
                    i = j
                    continue
                length = 0
            else:
                width, marker, first, length = 1, c, i, j - i
            if first != last_delim_end:
                token += 1
            for p in range(first, j, width):
                token += 1
                delims.append(Delim(marker, length, token, p, width, can_open, can_close))
            last_delim_end = j
            i = j
        elif c == "[" or (c == "!" and i + 1 < n and line[i + 1] == "["):
            width = 1 if c == "[" else 2
            brackets.append((i, width, len(delims), links[0]))
            i += width
        elif c == "]":
            i = _close_bracket(line, i, gfm, brackets, links, delims, edits, extents)
        elif c == "<":
            if (
                last_gt < i
                or (line.startswith("<?", i) and last_pi < i + 2)
                or (line.startswith("<![CDATA[", i) and last_cdata < i + 9)
            ):
                i += 1
                continue
            a = _pattern(_AUTOLINK).match(line, i)
            if a is not None:
                edits.append((i, i + 1, ""))
                edits.append((a.end() - 1, a.end(), ""))
                i = a.end()
                continue
            h = _pattern(_HTML).match(line, i)
            if h is None:
                i += 1
                continue
            edits.append((i, h.end(), ""))  # (a browser shows no tag or comment)
            i = h.end()
        elif c == "&":
            e = _pattern(_ENTITY).match(line, i)
            if e is None:
                i += 1
                continue
            value = _entity(e.group())
            if value != e.group():
                edits.append((i, e.end(), value))
            i = e.end()
        else:  # (a ``!`` before no ``[``)
            i += 1
    balance(delims)
    hide_paired(delims, edits)
    extents += _paired(delims)
    return edits


def _close_bracket(
    line: str,
    i: int,
    gfm: bool,
    brackets: list[tuple[int, int, int, int]],
    links: list[int],
    delims: list[Delim],
    edits: list[tuple[int, int, str]],
    extents: list[tuple[int, int]],
) -> int:
    """A ``]`` at ``i``: a link or image if its nearest opener is active and an inline link
    (or, with ``gfm``, a reference) follows.  Returns where the pass goes on."""
    if not brackets:
        return i + 1
    start, width, bottom, before = brackets.pop()
    n = len(line)
    if width == 1 and links[0] > before:
        # No link inside a link: a link formed since this ``[`` was opened makes it text
        # (CommonMark deactivates the openers below a link; a counter does it in O(1)).
        return i + 1
    end = -1
    if i + 1 < n and line[i + 1] == "(":
        end = inline_link(line, i + 1, width == 2)
    if end < 0 and gfm:
        end = reference(line, i + 1) if i + 1 < n and line[i + 1] == "[" else -1
        label = line[i + 2 : end - 1] if end >= 0 else ""
        if end < 0:
            end = i + 1  # a shortcut reference
        if not label:  # (a shortcut ``[text]`` or a collapsed ``[text][]``: the text is the label)
            label = line[start + width : i]
        if not is_label(label):
            end = -1  # (``[]``, ``[ ]``, ``[a[]b]``: no definition can name it, a renderer shows it)
    if end < 0:
        return i + 1
    edits.append((start, start + width, ""))
    edits.append((i, end, ""))
    inner = delims[bottom:]
    if not gfm:  # (markdown-it reads a link's text and an image's description as texts of their own)
        flank_as_a_text(line, start + width, i, inner, own_start=width == 2)
    balance(inner)
    hide_paired(inner, edits)
    extents += _paired(inner)
    extents.append((start, end))
    del delims[bottom:]
    if width == 1:
        links[0] += 1
    return end


@functools.cache
def _entity_names() -> dict[str, str]:
    from html.entities import html5

    return html5


def _entity(ref: str) -> str:
    """What a character reference shows (markdown-it: known names, code points; 0 and
    surrogates read as U+FFFD)."""
    if ref[1] != "#":
        return _entity_names().get(ref[1:], ref)
    cp = int(ref[3:-1], 16) if ref[2] in "xX" else int(ref[2:-1])
    if cp == 0 or cp > 0x10FFFF or 0xD800 <= cp <= 0xDFFF:
        return "\ufffd"
    return chr(cp)
