"""RDoc's reading of a piece of a line, as GitHub's renderer of ``.rdoc`` files (RDoc's
``RDoc::Markup::ToHtml``) shows it: what vanishes inside a word.

* word markup ``*bold*``, ``_em_``, ``+code+``: the markers vanish where they pair -- an
  opener after the line start, a character that is no word character or another marker
  (``CUTOVER_*OK*``: an underscore is a marker; not a backslash, which escapes it), before a
  character that is no blank; a
  closer after one that is no blank, not before its own marker again, before the line end, a
  character that is no word character or another marker.  Each kind pairs its first open
  marker with the next closer of its kind within a word (RDoc's content holds no blank);
* links: ``{label}[target]`` and ``word[target]`` show the label, the target vanishes (a
  target holds no blank); ``rdoc-ref:name`` and the other ``rdoc-...:`` schemes show the
  name, ``link:name``, ``http://...`` and the other URL schemes their text without the
  scheme.

HTML tags (``<b>``, ``<tt>``...) and backslash escapes are the rendered reading's
(readings.py).  One pass each (markers by a table of open markers; a target's and a label's
searches end at the next bracket or brace): linear.  A reading of its own, beside the others;
its places are among near.near_needles'; it removes nothing beside a trigger (RDoc's HTML shows
such a construct as text), so no removal of it joins a maker (syntax_hints.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rehearsal_hook.scan.indexed import Edit, Indexed, replaced

# A marker that may open (after the line start, a character that is no word character, or a
# marker) or close (before the line end, a character that is no word character, or a marker).
# (The marker first, each lookbehind after it: a pattern that begins with a class lets ``re``
# skip to the next such character; one that begins with a lookbehind is tried at every
# character of every line a parsed reading asks about -- 4% of a range's scan of git's history.)
_MARKER = re.compile(r"[*_+](?:(?<![^\W_*+][*_+])(?=\S)|(?<=\S[*_+])(?![^\W_*+]))", re.A)
_BLANK = re.compile(r"\s")
# What starts a construct RDoc shows as text and the rendered reading decodes (hints.TRIGGERS,
# ``$Format:``, TeX's ``^^``): no marker opens after one, no label's word holds one.
_LITERAL = "\\&%<$^"
# A marker, or a character RDoc's content holds only last (``other``).
_EVENT = re.compile(_MARKER.pattern + r"|(?P<other>[^\w:./\[\]\-\s])", re.A)
# ``{label}[target]``, ``word[target]`` (the target vanishes: the braces too; after a
# backslash RDoc shows the backslash, which the rendered reading would take for an escape),
# a scheme.
# (A label's target may hold ``[`` and ends at the first ``]`` before a blank: found by
# _TARGET_END, whose answer serves every later label before it -- in the pattern, each ``{`` of
# a line of ``{}[`` with no ``]`` searched to the line's end: 100/200 KB 3.6/13.3 s.)
_LINK = re.compile(
    r"(?P<open>\{)[^{}\n\r]*+(?P<close>\}\[)(?=[^\s\]])|(?<=[^\s\\])(?P<target>\[[^\s\[\]]++\])"
    r"|(?<![A-Za-z\\&%<$^])(?P<scheme>rdoc-[a-z]++:|(?:link|https?|mailto|ftp|irc):/*+)(?=\S)"
)
_TARGET_END = re.compile(r"[\s\]]")
# (A marker only where it may open or close: an underscore inside snake_case does neither,
# and a line of code holds many.)
# (The markers apart, and each other alternative beginning with its literal: ``re`` skips to
# the next of their first characters.)
_MAY_READ = re.compile(r"\[(?<=[^\s\\]\[)[^\s\[\]]++\]|rdoc-[a-z]++:|link:|https?:|mailto:|ftp:|irc:", re.A)


def may_read(line: str) -> bool:
    return _MARKER.search(line) is not None or _MAY_READ.search(line) is not None


def _markers(line: str) -> list[Edit]:
    """The word markup's markers that pair (module docstring), as removals.  RDoc's content is
    word characters, ``:./[]-`` (a ``#`` or backslash first) and one other character last:
    each open marker counts the others met since it opened (``bad``).  Where the word of a
    marker ends is searched for once a word (``word_end``): linear."""
    open_at: dict[str, list[int]] = {}  # (marker -> [start, others met, where the last one is])
    edits: list[Edit] = []
    n, word_end = len(line), -1
    for m in _EVENT.finditer(line):
        i = m.start()
        if i >= word_end:  # (a new word: what was open in the last one stays text)
            open_at.clear()
            blank = _BLANK.search(line, i)
            word_end = blank.start() if blank is not None else n
        if m.lastgroup == "other":
            for seen in open_at.values():
                if not (i == seen[0] + 1 and line[i] in "#\\"):
                    seen[1] += 1
                    seen[2] = i
            continue
        c = line[i]
        before = line[i - 1] if i > 0 else " "
        after = line[i + 1] if i + 1 < n else " "
        state = open_at.get(c)
        if (
            state is not None
            and state[0] < i - 1
            and (state[1] == 0 or (state[1] == 1 and state[2] == i - 1 > state[0] + 1))
            and not before.isspace()
            and after != c
            and not _word(after)
        ):
            del open_at[c]
            edits += [(state[0], state[0] + 1, ""), (i, i + 1, "")]
        elif state is None and not _word(before) and before not in _LITERAL and not after.isspace():
            # (a backslash before a marker escapes it: RDoc shows it as it is; after another
            # trigger RDoc's HTML shows the construct as text, ``&amp;``)
            open_at[c] = [i, 0, -1]
        elif state is not None:  # (a marker inside the content: another character there)
            state[1] += 1
            state[2] = i
    return edits


def _word(c: str) -> bool:
    """A word character of RDoc's (Ruby's ASCII ``\\w``) that is no marker."""
    return c.isascii() and c.isalnum()


def _links(line: str) -> Iterator[tuple[re.Match[str], int]]:
    """Each link of ``line`` (a match of _LINK), and where it ends: a label's past its
    target's ``]``."""
    pos, stop = 0, -1  # (stop: where the last label's target search ended)
    while (m := _LINK.search(line, pos)) is not None:
        end = m.end()
        if m.group("open") is not None:
            if end > stop:
                found = _TARGET_END.search(line, end)
                stop = found.start() if found is not None else len(line)
            if stop == len(line) or line[stop] != "]":
                pos = m.start() + 1  # (no target: the brace is text, and what follows it)
                continue
            end = stop + 1
        yield m, end
        pos = end


def reading(line: str) -> Indexed | None:
    """``line`` as RDoc shows it (module docstring), and per character its index in ``line``;
    None if nothing in it vanishes."""
    if not may_read(line):
        return None
    edits = _markers(line)
    word_end, escaped = -1, False
    for m, end in _links(line):
        if m.group("scheme") is None:
            # (a label whose word holds a trigger shows it as text -- RDoc's HTML escapes ``&``
            # and ``<``, a backslash stays --, which the rendered reading of this text would
            # decode: ``C\\M[red]`` is no ``CM``, ``&#9[x]5;`` no reference.  Once a word.)
            if m.start() >= word_end:
                floor = max(word_end, 0)  # (the last word's end: each stretch searched once)
                start = max(floor - 1, *(line.rfind(c, floor, m.start()) for c in " \t\n\r")) + 1
                blank = _BLANK.search(line, m.start())
                word_end = blank.start() if blank is not None else len(line)
                escaped = any(c in line[start:word_end] for c in _LITERAL)
            if escaped:
                continue
        for part in ("open", "close", "target", "scheme"):
            if m.group(part) is not None:
                edits.append((m.start(part), end if part == "close" else m.end(part), ""))
    if not edits:
        return None
    edits.sort(key=lambda e: (e[0], -e[1]))
    return replaced(line, edits)
