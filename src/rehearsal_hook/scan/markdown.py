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


# What can vanish right after a shown character of a token (a needle's beginning): syntax
# (a delimiter, a bracket, an image's ``!``, an autolink's ``>``, an escape's backslash), a
# reference (it may decode to the next letter), or the blank a code span trims before its
# closing backtick -- after any underscores (an underscore run that vanishes after a word
# character is followed by more syntax: inside a word it is no emphasis; near_needles).
# (And a control a terminal does not print, which vanishes there: so that every place the
# matcher's needle search finds -- a needle, or a needle's beginning cut by such a control --
# is among these, and a text without any holds no raw token either: text.scan_bytes.)
# (also what the reStructuredText and AsciiDoc readings remove, rst.py and asciidoc.py: an
# escaped blank, an attribute, a passthrough, a highlight, the pass macro; and an emoji
# shortcode's colon, shortcodes.py)
_VANISHES = r"(?:[*~`\[\]!<>\\&{+$#:\x01-\x07\x0e-\x1a\x1c-\x1f\x7f]| `|pass:)"


@functools.lru_cache(maxsize=64)
def near_needles(needles: tuple[bytes, ...]) -> tuple[re.Pattern[str], ...]:
    """Where the Markdown reading can show a token the stored text does not: a needle stored
    whole (syntax before it can join it to the word before, or make its word start or end
    where the stored word does not: ``_X_PASS y_``, ``X*Y*9_PASS``), or a needle's beginning
    followed by what can vanish (_VANISHES).  One pattern per first character, so that
    ``re`` skips to the next one at memchr speed.  (Whatever vanishes inside a token, the part of its
    needle before the first such place is stored as it is shown -- but for a reference,
    which the rendered reading's own hints find.)"""
    heads: dict[str, list[str]] = {}
    for n in (b.decode("ascii") for b in needles):
        heads.setdefault(n[0], []).append(n[1:])
    # (For a needle that starts with ``_``, underscores before what vanishes need no branch:
    # their last one and what follows is a place too -- and trying them at every underscore
    # cost a third more than the needle search.)
    return tuple(
        re.compile(re.escape(c) + _tree(tails, _VANISHES if c == "_" else "_*+" + _VANISHES))
        for c, tails in sorted(heads.items())
    )


def _tree(tails: list[str], vanishes: str) -> str:
    """A needle's rest (one of ``tails``) stored whole, or a beginning of it and then what
    vanishes, as a trie: one branch per next character."""
    if "" in tails:
        return ""
    nexts: dict[str, list[str]] = {}
    for t in tails:
        nexts.setdefault(t[0], []).append(t[1:])
    return "(?:" + "|".join([vanishes, *(re.escape(c) + _tree(r, vanishes) for c, r in sorted(nexts.items()))]) + ")"


def _beginnings(tails: list[str]) -> str:
    """The beginnings of a needle's rest (one of ``tails``), the empty one too but never a
    whole one, as a trie taken possessively: the longest one there is, never given back.
    (Exact for what follows them in near_b: what vanishes holds no word character, so a
    shorter beginning is followed by the next letter of a longer one, never by what vanishes
    -- and giving back ``_`` only lets ``_*+`` take it again.  Backtracking through every
    shorter beginning cost twice as much at each needle of a text full of them.)"""
    nexts: dict[str, list[str]] = {}
    for t in tails:
        if len(t) > 1:
            nexts.setdefault(t[0], []).append(t[1:])
    if not nexts:
        return ""
    return "(?:" + "|".join(re.escape(c) + _beginnings(r) for c, r in sorted(nexts.items())) + ")?+"


class NearLines:
    """The places near_needles finds, on lines that hold Markdown syntax (may_read): a search
    with a pattern's ``search(text, pos)``, for one text searched forward (views.view_hits).
    A line without syntax is passed over at its end, so each line is judged at most once,
    and the search for a line's start looks back no further than the last line judged."""

    def __init__(self, needles: tuple[bytes, ...]) -> None:
        self.patterns = near_needles(needles)
        self.floor = 0  # a line starts here or later: where the last line judged ended

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        while True:
            found = [m for p in self.patterns if (m := p.search(text, pos)) is not None]
            if not found:
                return None
            m = min(found, key=lambda f: f.start())
            floor = min(self.floor, m.start())
            start = max(text.rfind("\n", floor, m.start()), text.rfind("\r", floor, m.start()), floor - 1) + 1
            end_m = _LINE_END.search(text, m.start())
            end = end_m.start() if end_m is not None else len(text)
            self.floor = end
            if may_read(text[start:end]):
                return m
            pos = end


_LINE_END = re.compile("[\r\n]")


@functools.lru_cache(maxsize=64)
def near_needles_b(needles: tuple[bytes, ...]) -> tuple[re.Pattern[bytes], ...]:
    return tuple(re.compile(p.pattern.encode()) for p in near_needles(needles))


def near_b(data: bytes, needles: tuple[bytes, ...]) -> bool | None:
    """Whether the Markdown reading of ASCII ``data`` can show a token its stored text does
    not; None when ``data`` holds no place near_needles finds -- no needle, and no needle's
    beginning before what can vanish -- and so no raw token either (every match of the
    matcher's needle search is such a place: tests/unit/test_markdown.py).

    A needle's beginning before what can vanish can; a needle stored whole can where the
    text holds syntax (``*``, ``~``, a backtick, ``[``, ``<``: memchr-speed tests) --
    without it only underscores can vanish, and only at a word's edges, so the needle's
    word must start with one or end with some (``_X_PASS y_``, ``X_PASS__``).

    Each question is one search in ``re`` over the whole text, never a Python step per
    needle: a text holding millions of needles (``FOO_PASSWORD`` again and again) costs a few
    passes at the regex engine's speed."""
    near, judged = _near_searches_b(needles)
    if not any(p.search(data) is not None for p in near):
        return None
    if any(c in data for c in _SYNTAX_B):
        return True
    return any(p.search(data) is not None for p in judged)


@functools.lru_cache(maxsize=64)
def _near_searches_b(needles: tuple[bytes, ...]) -> tuple[tuple[re.Pattern[bytes], ...], tuple[re.Pattern[bytes], ...]]:
    """near_b's searches: the places near_needles finds, and the places that decide without
    syntax -- a needle's beginning before what can vanish, a needle followed by underscores
    that end its word, a needle in a word that starts with an underscore before it, a needle
    after what the reStructuredText or AsciiDoc reading removes.  The
    latter three in one pattern per first character, so that text with a few needles is
    passed once more, not three times (each pattern starts with its literal character, so
    ``re`` skips to the next one quickly)."""
    heads: dict[str, list[str]] = {}
    for n in (b.decode("ascii") for b in needles):
        heads.setdefault(n[0], []).append(n[1:])
    whole = "(?:" + "|".join(re.escape(n.decode("ascii")) for n in needles) + ")"
    judged = []
    for c, tails in sorted(heads.items()):
        places = [
            _beginnings(tails) + (_VANISHES if c == "_" else "_*+" + _VANISHES),
            "(?:" + "|".join(re.escape(t) for t in tails) + ")_+(?![A-Za-z0-9])",
        ]
        if c == "_":
            places.append("(?<![A-Za-z0-9_]_)[A-Za-z0-9_]*?" + whole)
            # (a needle right after what the reStructuredText or AsciiDoc reading removes: an
            # escaped blank, an attribute's brace, a passthrough's or highlight's delimiter,
            # the pass macro's bracket -- it joins the word before; or after a shortcode)
            places.append(r"(?:(?<=[}+$#:\]]_)|(?<=\\[ \t]_))(?:" + "|".join(re.escape(t) for t in tails) + ")")
        judged.append(re.compile((re.escape(c) + "(?:" + "|".join(places) + ")").encode()))
    if "_" not in heads:
        judged.append(re.compile(("_(?<![A-Za-z0-9_]_)[A-Za-z0-9_]*?" + whole).encode()))
    return near_needles_b(needles), tuple(judged)


_SYNTAX_B = (b"*", b"~", b"`", b"[", b"<")


def may_show_b(data: bytes, needles: tuple[bytes, ...]) -> bool:
    """Whether the Markdown reading of ASCII ``data`` can show a token its stored text does
    not (near_b)."""
    return bool(near_b(data, needles))


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


def reading(line: str, *, gfm: bool = False) -> Indexed | None:
    """What a renderer shows of ``line``, and per character its index in ``line`` (a decoded
    reference or escape: where it starts); None when that is the stored text."""
    # (an edit inside something hidden already, a code span's run or a link's tail, is not made)
    return replaced(line, sorted(_edits(line, gfm)))


def _edits(line: str, gfm: bool) -> list[tuple[int, int, str]]:
    """The places of ``line`` that read otherwise: (start, end, what is shown)."""
    n = len(line)
    edits: list[tuple[int, int, str]] = []
    delims: list[Delim] = []
    # open brackets: (position, width, delimiters before it, links formed before it)
    brackets: list[tuple[int, int, int, int]] = []
    links = [0]
    runs: _Runs | None = None
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
            body = line[j:close]
            if len(body) > 2 and body[0] in " \n" and body[-1] in " \n" and body.strip(" \n"):
                edits.append((j, j + 1, ""))
                edits.append((close - 1, close, ""))
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
            i = _close_bracket(line, i, gfm, brackets, links, delims, edits)
        elif c == "<":
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
    return edits


def _close_bracket(
    line: str,
    i: int,
    gfm: bool,
    brackets: list[tuple[int, int, int, int]],
    links: list[int],
    delims: list[Delim],
    edits: list[tuple[int, int, str]],
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
    if width == 2 and not gfm:  # (markdown-it reads an image's description as a text of its own)
        flank_as_a_text(line, start + 2, i, inner)
    balance(inner)
    hide_paired(inner, edits)
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
