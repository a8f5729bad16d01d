"""Inline links and references of the Markdown reading (markdown.py): where a link's
``(destination "title")`` or a reference's ``[label]`` ends, as markdown-it's link rule and
its parseLinkDestination and parseLinkTitle find it.  Each scan stops at the next character
that ends what it reads (a ``<``, a quote, a blank...), so no place is read twice by the
scans of one line's links."""

from __future__ import annotations

import re

_BAD_PROTOCOL = re.compile(r"(?:vbscript|javascript|file|data):", re.I)
_GOOD_DATA = re.compile(r"data:image/(?:gif|png|jpeg|webp);", re.I)


def _skip_blanks(line: str, pos: int) -> int:
    n = len(line)
    while pos < n and line[pos] in " \t\r\n":  # (markdown-it reads CR LF and a lone CR as LF)
        pos += 1
    return pos


def _destination(line: str, pos: int) -> tuple[int, str] | None:
    """markdown-it's parseLinkDestination from ``pos``: (end, destination) or None."""
    n = len(line)
    start = pos
    if pos < n and line[pos] == "<":
        pos += 1
        while pos < n:
            c = line[pos]
            if c in "\r\n<":
                return None
            if c == ">":
                return pos + 1, line[start + 1 : pos]
            pos += 2 if c == "\\" and pos + 1 < n else 1
        return None
    level = 0
    while pos < n:
        c = line[pos]
        if c == " " or c < " " or c == "\x7f":
            break
        if c == "\\" and pos + 1 < n:
            if line[pos + 1] == " ":
                break
            pos += 2
            continue
        if c == "(":
            level += 1
            if level > 32:
                return None
        if c == ")":
            if level == 0:
                break
            level -= 1
        pos += 1
    if pos == start or level:
        return None
    return pos, line[start:pos]


def _title(line: str, pos: int) -> int:
    """markdown-it's parseLinkTitle from ``pos``: the end of the title, or -1."""
    n = len(line)
    if pos >= n or line[pos] not in "\"'(":
        return -1
    close = ")" if line[pos] == "(" else line[pos]
    pos += 1
    while pos < n:
        c = line[pos]
        if c == close:
            return pos + 1
        if c == "(" and close == ")":
            return -1
        pos += 2 if c == "\\" and pos + 1 < n else 1
    return -1


def inline_link(line: str, pos: int, image: bool) -> int:
    """The end of an inline link's ``(destination "title")`` starting at ``pos`` (its
    ``(``), or -1 (markdown-it's link rule)."""
    n = len(line)
    pos = _skip_blanks(line, pos + 1)
    if pos >= n:
        return -1
    dest = _destination(line, pos)
    if dest is not None:
        url = dest[1].strip()
        if _BAD_PROTOCOL.match(url) and not (image and _GOOD_DATA.match(url)):
            return -1  # markdown-it does not link these; the text stays as stored
        pos = dest[0]
        start = pos
        pos = _skip_blanks(line, pos)
        end = _title(line, pos)
        if pos < n and start != pos and end >= 0:
            pos = _skip_blanks(line, end)
    return pos + 1 if pos < n and line[pos] == ")" else -1


def reference(line: str, pos: int) -> int:
    """The end of a reference label ``[ref]`` at ``pos`` (a ``[``), or -1."""
    n = len(line)
    k = pos + 1
    while k < n and k - pos <= 1000:
        c = line[k]
        if c == "]":
            return k + 1
        if c == "[":
            return -1
        k += 2 if c == "\\" and k + 1 < n else 1
    return -1


_UNESCAPED_BRACKET = re.compile(r"(?<!\\)(?:\\\\)*[\[\]]")


def is_label(text: str) -> bool:
    """Whether ``text`` can be a link reference's label (CommonMark): at most 999 characters, at
    least one that is not a space, tab or line end, no unescaped bracket.  Another text
    cannot be defined, so no renderer links it: the brackets show."""
    return len(text) <= 999 and text.strip(" \t\r\n") != "" and _UNESCAPED_BRACKET.search(text) is None
