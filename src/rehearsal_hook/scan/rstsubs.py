"""reStructuredText's substitutions, as docutils shows them (GitHub renders a ``.rst`` file
with it): a definition ``.. |name| unicode:: U+005F`` or ``.. |name| replace:: text``,
anywhere in the document, makes each reference ``|name|`` (``|name|_``, ``|name|__``) show
its text -- ``DEPLOY\\ |us|\\ OK`` shows ``DEPLOY_OK`` in docutils 0.19, and with the option
``:trim:`` (``:ltrim:``, ``:rtrim:``) ``DEPLOY |us| OK`` does: the blanks beside the reference
go.  A name matches in any case, its blanks as one (docutils matches the case
written first, then any).  ``unicode::`` writes each of its words: a code -- ``U+005F``,
``0x5f``, ``x5f``, ``\\x5f``, ``u005f``, ``\\u005f``, ``&#x5f;`` (hexadecimal) -- as its
character, any other word as it is, with no blank between; ``..`` starts a comment.
``replace::`` writes its text, the lines indented after it joined by a blank.

The shown text is the stored text with each definition blanked and each reference replaced
by what it writes (all of it from the reference's ``|``: shown.Builder); it is read as any
text is (text.scan_bytes, scan_str: shown.py), so the reStructuredText reading removes the
escaped blanks around a reference there.  Linear: one search for the definitions, one for the
references.  (Limits: a reference is replaced wherever it stands, whatever inline markup's
rules say of the characters around it -- a reading added; a decimal ``&#95;``, which docutils
0.19 writes as it is, is read so and then decoded by the rendered reading -- a reading added;
a document whose only definitions are indented, in a block, is not read so; past LIMIT
characters written, or as many references, it blocks; a stream does not read it.)
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import states
from rehearsal_hook.scan.shown import Builder

# A definition at a line's start, as a gate (states.py searches for it with roff's requests,
# roffstate.GATE, in one pass: both begin with a ``.``, so a line that starts otherwise -- most
# -- is passed at its first character; an indented one, in a block, was tried at every
# indented line: 0.1 s CPU more over bench's corpus, 6%), and whole, indented too: its line,
# then the lines indented after it (options, or more of the text).
GATE = states.RST_GATE
_DEFINITION = re.compile(
    r"^[ \t]*+\.\.[ \t]++\|(?P<name>[^|\n]++)\|[ \t]++(?P<kind>unicode|replace)::(?P<value>[^\n]*+)"
    r"(?P<more>(?:\n[ \t]++[^\n]*+)*+)",
    re.MULTILINE,
)
# (at a text's start, and after a line feed: a search that starts with one runs at C speed,
# where ``(?:^|(?<=\n))`` was tried at every character -- 0.7 s for a stream's 16 MiB segment)
_GATES = (re.compile(GATE), re.compile("\n" + GATE))
_OPTION = re.compile(r"[ \t]*+:(?P<option>trim|ltrim|rtrim):[ \t]*+")
# A reference: a name that neither starts nor ends with a blank, and its link suffix.
_REFERENCE = re.compile(r"\|(?P<name>[^|\s](?:[^|\n]*+(?<=[^|\s]))?)\|(?:__?+)?")
_CODE = re.compile(r"(?:0x|x|\\x|U\+|u|\\u)([0-9a-fA-F]{1,8})|&#x([0-9a-fA-F]{1,8});")
_BLANKS = re.compile(r"\s++")
# The most characters the shown text may hold beyond the stored text's, and references.
LIMIT = 1 << 20


def may_define(text: str) -> bool:
    """Whether ``text`` holds a substitution definition (asked where text.py's one search for
    it and roff's requests found one of them)."""
    return _GATES[0].match(text) is not None or _GATES[1].search(text) is not None


def _key(name: str) -> str:
    return _BLANKS.sub(" ", name.strip()).lower()


def _unicode(value: str) -> str:
    """What a ``unicode::`` directive writes of ``value``: each word's code as its character,
    any other word as it is, up to a ``..`` comment."""
    out = []
    for word in value.split():
        if word == "..":
            break
        m = _CODE.fullmatch(word)
        number = int(m.group(1) or m.group(2), 16) if m is not None else -1
        out.append(chr(number) if 0 <= number <= 0x10FFFF else word)
    return "".join(out)


def shown(text: str) -> list[tuple[str, Callable[[list[int]], list[int]]]]:
    """``text`` with its substitutions made (may_define: none, no reading), with where each
    character comes from; empty if it defines none."""
    writes: dict[str, tuple[str, bool, bool]] = {}
    blanked: list[tuple[int, int]] = []
    for m in _DEFINITION.finditer(text):
        left = right = False
        more = []
        for line in m.group("more").split("\n")[1:]:
            option = _OPTION.fullmatch(line)
            if option is None:
                more.append(line.strip())
            else:
                kind = option.group("option")
                left, right = left or kind != "rtrim", right or kind != "ltrim"
        value = " ".join([m.group("value").strip(), *more]).strip()
        written = _unicode(value) if m.group("kind") == "unicode" else value
        writes.setdefault(_key(m.group("name")), (written, left, right))
        blanked.append((m.start(), m.end()))
    if not writes:
        return []
    out = Builder(len(text), LIMIT, _too_many)
    pos = 0
    spans = iter(blanked)
    span = next(spans, None)
    for m in _REFERENCE.finditer(text):
        while span is not None and span[1] <= m.start():
            span = next(spans, None)
        if span is not None and span[0] <= m.start():
            continue  # (in a definition: blanked)
        found = writes.get(_key(m.group("name")))
        if found is None:
            continue
        written, left, right = found
        start, end = m.start(), m.end()
        while left and start > pos and text[start - 1] in _TRIMMED:  # (each blank passed once)
            start -= 1
        while right and end < len(text) and text[end] in _TRIMMED:
            end += 1
        _show(text, pos, start, blanked, out)
        out.add(written, m.start(), 0)
        pos = end
    _show(text, pos, len(text), blanked, out)
    return [("".join(out.parts), out.stored)]


_TRIMMED = frozenset(" \t\r\n")


def _show(text: str, start: int, end: int, blanked: list[tuple[int, int]], out: Builder) -> None:
    """``text[start:end]`` as stored, each definition in it blanked (it shows nothing); the
    definitions found from the first that ends after ``start`` (each passed once or twice
    over the calls, which go forward: linear)."""
    k = bisect.bisect_right(blanked, (start, len(text) + 1))
    k = k - 1 if k > 0 and blanked[k - 1][1] > start else k
    while k < len(blanked) and blanked[k][0] < end:
        a, b = max(blanked[k][0], start), min(blanked[k][1], end)
        out.add(text[start:a], start)
        out.add(" " * (b - a), a)
        start = b
        k += 1
    out.add(text[start:end], start)


def _too_many() -> CannotVerify:
    return CannotVerify(
        "unverifiable-reading",
        f"a reStructuredText document whose substitutions write over {LIMIT} characters or stand in as many "
        "places: its substitutions are read up to that limit only",
    )
