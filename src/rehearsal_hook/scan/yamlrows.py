"""A YAML document's scalars as ``yq -r '.[]'`` or ``yq -r '.. | strings'`` prints them, one
a line (jqrows.py reads them there as it reads a JSON document's).  YAML holds an ESC only
escaped in a double-quoted scalar (``"\\e[1A"``, ``"\\x1b[1A"``, ``"\\u001b[1A"``; a stored one
is no YAML: the reader refuses the document), which the reader decodes and prints.

Not a YAML parser (the core reads no file through one: it is pure and bounded) but the block
subset line by line, in document order: ``key: value`` and ``- value`` lines (any depth of
``- `` before a key), a scalar plain, single- or double-quoted (one that goes on over lines
folded as YAML folds it), a block scalar (``|``, ``>``) and the lines indented under it, a
flow collection (its scalars; one over lines joined first), comments, blank lines, document markers
and directives.  A text with a line outside that subset is not read (None), as jqrows reads
no text that is not JSON: the reader would refuse it or read it otherwise, and a program's
text (``x = "\\e[1A"``) is none of a data reader's.  Keys are not printed by those filters
and are not read (but an anchored one, which an alias prints as a value); a plain scalar is
read as text whatever it resolves to (``.[]`` prints a number as its digits): more values
written is more that a move could land beside.
"""

from __future__ import annotations

import re

from rehearsal_hook.errors import CannotVerify

_DQ = r'"(?:[^"\\]|\\.)*+"'
_SQ = r"'(?:[^']|'')*+'"
# (Blanks between a line's parts may be tabs, as the reader takes them -- ``b:<TAB>"\e[1A"`` is
# read by yq and was no line here, so the whole document went unread -- but not before a
# sequence entry's value, which it refuses.  Each run of them is taken whole (possessive): no
# part of a line begins with a blank, and a run given back a blank at a time made a line that
# fails after a long one quadratic -- ``a:``, 20,000 blanks, ``x: [`` took 6 s.  A complex key's
# ``? `` is read as ``- `` is, and its value's line, ``: value``, as a key's whose key stands on
# the line before: a document holding one went unread.)
# A plain scalar: not starting with an indicator (``- `` and ``? `` and ``: `` aside), no
# `` #`` inside (a comment), no ``: `` (a key); a flow collection closed on its line; a
# block scalar's header.  The plain scalar ends on a character that is no blank, each run of
# blanks taken whole (possessive) with what follows it: a lazy scalar whose blanks the
# ``[ ]*`` after it could also take tried every split of a run, quadratic -- ``a``, 20,000
# blanks, ``b`` took 6.9 s; ``[^\S\n]*+`` after it takes the blanks it leaves.
_PLAIN = r"(?:[^\s\-?:,\[\]{}#&*!|>'\"%@`]|[-?:](?=\S))(?:[^\S\n]*+(?:[^:#\s]|:(?=\S)|(?<=\S)#))*+"
_FLOW = r"[\[{].*[\]}]"
_BLOCK = r"[|>][-+0-9]*"
_KEY = rf"(?:{_DQ}|{_SQ}|{_PLAIN}[^\S\n]*+)"
# A node's properties, an anchor and a tag: a key's as a value's (``&k a: "\e[1A"``, ``!!str a:``
# -- a document holding one went unread); a complex key's value may be a sequence on its
# ``: `` line (``? k`` then ``: - "\e[1A"``), read as one after a ``- ``.
_PROPS = r"(?:[&!]\S*+(?:[ \t]++|$))"
_LINE = re.compile(
    rf"(?P<indent>[ ]*)(?:[-?](?:[ ]++|$))*+"
    rf"(?:(?P<kprops>{_PROPS}*+)(?P<key>{_KEY})?[ \t]*:(?:[ \t]++|$)(?:-(?:[ ]++|$))*+)?"
    rf"(?P<props>{_PROPS}*+)"
    r"(?:(?P<alias>\*[^\s,\[\]{}]+)|"
    rf"(?P<dq>{_DQ})|(?P<sq>{_SQ})|(?P<open>\"(?:[^\"\\]|\\.)*+\\?)|(?P<sqopen>'(?:[^']|'')*+)|(?P<block>{_BLOCK})|(?P<flow>{_FLOW})|(?P<plain>{_PLAIN})[^\S\n]*+)?"
    r"[ \t]*(?:#.*)?"
)
# YAML's line breaks: a lone CR, and NEL, LS and PS, end a line as LF does for the reader (PyYAML's
# and libyaml's alike) -- read at LF only, `- DEPLOY_XX` CR `- "\e[1A\e[8GOK"` was one plain
# scalar and passed, while `yq -r '.[]'` printed it on two rows and showed DEPLOY_OK.
_BREAK = re.compile("\r\n?|[\n\x85\u2028\u2029]")
_MARKER = re.compile(r"(?:---|\.\.\.)(?:[ \t].*)?|%.*")
# A flow collection's scalars: each alternative either takes what it scanned or fails on its
# first character, so one pass reads the line (a lazy item that looked ahead over its blanks,
# or one that failed at a ``{`` after a long run and was tried again from each character of
# it, was quadratic: 5.9 s for 40,000 blanks); a quote not closed on the line is read to its
# end (yq refuses such a line: reading more is never less).
_FLOW_ITEM = re.compile(
    r"\"(?P<dq>(?:[^\"\\]|\\.?)*+)\"?|'(?P<sq>(?:[^']|'')*+)'?|(?P<plain>[^\s,\[\]{}:'\"][^,\[\]{}:]*+)"
)
_ESCAPE = re.compile(r"\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.))", re.DOTALL)
_SIMPLE = {
    "0": "\x00", "a": "\x07", "b": "\x08", "t": "\t", "\t": "\t", "n": "\n", "v": "\x0b", "f": "\x0c",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0",
    "L": "\u2028", "P": "\u2029",
}  # fmt: skip


class _NotYaml(Exception):
    """A line outside the subset read, or an escape YAML refuses: the reader prints nothing."""


def _unescape(m: re.Match[str]) -> str:
    code = m.group(1) or m.group(2) or m.group(3)
    if code is not None:
        n = int(code, 16)
        if n > 0x10FFFF:
            raise _NotYaml
        return chr(n)
    value = _SIMPLE.get(m.group(4))
    if value is None:
        raise _NotYaml
    return value


def _folded(lines: list[str]) -> str:
    """Lines of a quoted scalar as YAML folds them: each break a space, an empty line a line
    feed, the blanks around a break dropped."""
    out = lines[0].rstrip(" \t")
    for k, line in enumerate(lines[1:], 1):
        stripped = line.strip(" \t") if k < len(lines) - 1 else line.lstrip(" \t")
        if not stripped and k < len(lines) - 1:
            out += "\n"
        elif out.endswith("\n") or not out:
            out += stripped
        else:
            out += " " + stripped
    return out


def _double(raw: str) -> str:
    """A double-quoted scalar (its quotes off), decoded: an escaped line break joins."""
    raw = re.sub(r"\\\n[ \t]*", "\x00JOIN\x00", raw)
    text = _folded(raw.split("\n")).replace("\x00JOIN\x00", "")
    return _ESCAPE.sub(_unescape, text)


def values(text: str) -> list[str] | None:
    """The scalars ``yq -r`` prints of the YAML documents ``text`` holds, in document order
    (keys left out); None when ``text`` is not in the subset read (the module docstring)."""
    # (the pattern only where another break stands: over 32 MB it costs ten times str.split)
    other = "\r" in text or "\x85" in text or "\u2028" in text or "\u2029" in text
    lines = _BREAK.split(text) if other else text.split("\n")
    out: list[str] = []
    # An alias prints what its anchor holds again (``b: *x``; a merge, ``<<: *base``): the
    # values read from the anchor's line to the end of what it holds; a collection's ends at
    # the next line no deeper than its anchor's (``open``: name, indent, first value).
    anchors: dict[str, list[str]] = {}
    # (an alias of a collection whose items are aliases prints it again at each level: ten
    # lines a level, nine levels, a billion values from 800 bytes -- the reader would print
    # them; this reading stops at a bound no everyday merge (`<<: *defaults`) comes near and
    # blocks, as a document too deep to read does)
    repeated, budget = 0, 4 * len(text) + (1 << 20)
    open_: list[tuple[str, int, int]] = []
    k = 0
    try:
        while k < len(lines):
            line = lines[k].rstrip("\r")
            k += 1
            if line.startswith("---") and _MARKER.fullmatch(line):
                # (a document's node may stand on its start marker -- ``--- "\e[1A"`` prints
                # it: the rest of the line is read as a line of its own)
                line = line[4:]
            if not line.strip() or line.lstrip().startswith("#") or _MARKER.fullmatch(line):
                continue
            m = _LINE.fullmatch(line)
            if m is None:
                line, k = _flow_over_lines(lines, k, line)
                m = _LINE.fullmatch(line)
                if m is None:
                    return None
            indent, start = len(m.group("indent")), len(out)
            while open_ and open_[-1][1] >= indent:
                name, _, first = open_.pop()
                anchors[name] = out[first:]
            if m.group("key") is not None and "&" in m.group("kprops"):
                # (a key's anchor: an alias prints the key as a value -- ``&k "\e[1A": 1`` then
                # ``b: *k`` prints the move, yq 3.1)
                key = m.group("key").strip()
                value = _double(key[1:-1]) if key[0] == '"' else key[1:-1].replace("''", "'") if key[0] == "'" else key
                anchors.update((p[1:], [value]) for p in m.group("kprops").split() if p.startswith("&"))
            names = [p[1:] for p in m.group("props").split() if p.startswith("&")]
            if m.group("alias") is not None:
                # (one to no anchor before it is read as nothing, not as no YAML: the reader
                # refuses it, but a stream's segment may hold the alias and not the anchor)
                again = anchors.get(m.group("alias")[1:], [])
                repeated += sum(len(v) + 1 for v in again)
                if repeated > budget:
                    raise CannotVerify(
                        "unverifiable-reading",
                        "a YAML document whose aliases print its scalars again past four times "
                        "its size and 1 MiB (yq -r): they are not all read",
                    )
                out += again
            elif m.group("dq") is not None:
                out.append(_double(m.group("dq")[1:-1]))
            elif m.group("sq") is not None:
                out.append(m.group("sq")[1:-1].replace("''", "'"))
            elif m.group("plain") is not None:
                out.append(m.group("plain").strip())
            elif m.group("flow") is not None:
                for item in _FLOW_ITEM.finditer(m.group("flow")):
                    dq, sq = item.group("dq"), item.group("sq")
                    if dq is not None:
                        out.append(_double(dq))
                    else:
                        out.append(sq.replace("''", "'") if sq is not None else item.group("plain").strip())
            elif m.group("open") is not None:
                k = _multiline(lines, k, m.group("open")[1:], out)
            elif m.group("sqopen") is not None:
                k = _multiline(lines, k, m.group("sqopen")[1:], out, single=True)
            elif m.group("block") is not None:
                k = _block(lines, k, indent, m.group("block"), out)
            elif names:  # (a collection below, anchored)
                open_ += [(name, indent, start) for name in names]
                continue
            for name in names:
                anchors[name] = out[start:]
    except _NotYaml:
        return None
    return out


# What counts a flow collection's depth on a line: quoted scalars (one not closed is taken to the
# line's end: every alternative takes what it scanned), a comment (`` #``), a bracket.
_FLOW_TOKEN = re.compile(r"\"(?:[^\"\\]|\\.?)*+\"?|'(?:[^']|'')*+'?|(?<![^ \t])#.*|[\[\]{}]")


def _flow_over_lines(lines: list[str], k: int, first: str) -> tuple[str, int]:
    """A line that opens a flow collection the lines after it close (``args: [a,`` then ``b]``,
    everyday YAML that yq reads: read at one line, the whole document went unread): it and
    them joined by a blank, as YAML folds a flow's line breaks, comments left out; the index
    of the line after.  ``first`` as it is, and ``k``, when it opens none."""
    held: list[str] = []
    depth = 0
    line, at = first, k
    while True:
        kept = line
        for token in _FLOW_TOKEN.finditer(line):
            text = token.group()
            if text.startswith("#"):
                kept = line[: token.start()]
            elif text in "[{":
                depth += 1
            elif text in "]}":
                depth -= 1
        held.append(kept)
        if depth <= 0 or at >= len(lines):
            break
        line = lines[at].rstrip("\r")
        at += 1
    if len(held) == 1 or depth != 0:
        return first, k
    return " ".join(part.strip(" \t") if n else part.rstrip(" \t") for n, part in enumerate(held)), at


_CLOSING = re.compile(r'((?:[^"\\]|\\.)*+)"[ \t]*(?:#.*)?')
_SQ_CLOSING = re.compile(r"((?:[^']|'')*+)'[ \t]*(?:#.*)?")


def _multiline(lines: list[str], k: int, first: str, out: list[str], *, single: bool = False) -> int:
    """A double-quoted scalar -- or a ``single``-quoted one (``- 'a`` then ``b'``: read at one
    line, the whole document went unread, though yq reads it) -- opened on the line before
    ``k``: the lines up to its closing quote; the index of the line after it."""
    held = [first]
    closing = _SQ_CLOSING if single else _CLOSING
    while k < len(lines):
        line = lines[k].rstrip("\r")
        k += 1
        m = closing.fullmatch(line)
        if m is not None:
            held.append(m.group(1))
            out.append(_folded(held).replace("''", "'") if single else _double("\n".join(held)))
            return k
        if ("'" in line.replace("''", "")) if single else ('"' in re.sub(r"\\.", "", line)):
            raise _NotYaml  # (a quote that closes it with more after it: not read)
        held.append(line)
    raise _NotYaml  # (never closed: the reader refuses the document)


def _block(lines: list[str], k: int, indent: int, header: str, out: list[str]) -> int:
    """A block scalar whose header ends the line before ``k``: the lines indented deeper than
    ``indent`` (and blank ones among them), kept (``|``) or folded (``>``)."""
    held: list[str] = []
    while k < len(lines):
        line = lines[k].rstrip("\r")
        if line.strip() and len(line) - len(line.lstrip(" ")) <= indent:
            break
        held.append(line)
        k += 1
    body = [line.strip(" ") for line in held]
    while body and not body[-1]:
        body.pop()
    # (kept, unless stripped: ``|-``; the reader prints that line feed, a row of its own)
    out.append(("\n" if header.startswith("|") else " ").join(body) + ("" if "-" in header else "\n"))
    return k
