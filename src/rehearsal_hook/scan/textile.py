"""Textile's reading of a piece of a line, as GitHub's renderer of ``.textile`` files (RedCloth)
and python-textile show it: what vanishes inside a word.

* bracketed phrases, the form Textile has for markup inside a word: ``[*...*]``, ``[**...**]``,
  ``[_..._]``, ``[__...__]``, ``[-...-]``, ``[+...+]``, ``[^...^]``, ``[~...~]``,
  ``[??...??]``, ``[%...%]``, ``[@...@]``, ``[==...==]``, with attributes after the opening
  marker (``{style}``, ``(class)``, ``[lang]``): their content is shown -- and the bracketed
  link ``["text":url]`` its text;
* ``==...==`` (no Textile inside) and ``??...??`` (a citation), which RedCloth reads inside a
  word too: each pairs with the next of its kind on the line, in one pass;
* a link ``"text":url`` (python-textile reads it after a word too): its text is shown, the
  url vanishes (up to a blank), and a phrase that is the whole text shows its content.
* an acronym's title ``ABC(title)`` vanishes (an attribute), and an image ``!url(alt)!``
  shows its alt text (none: nothing).

Unbracketed phrases (``*b*``, ``_i_``, ``%span%``, ``@code@``) need a blank or punctuation
around them: their markers only split words, and are left as stored.  HTML references and
``<notextile>`` are the rendered reading's (readings.py).  A bracket's content holds no
bracket, so each search from a ``[`` ends at the next bracket: linear.  A reading of its own,
beside the others; its places are among near.near_needles' and a removal that joins a maker
makes its lines read (hints.joins_a_maker, HINT).
"""

from __future__ import annotations

import re

from rehearsal_hook.scan.indexed import Edit, Indexed, paired, replaced

_MODIFIER = r"\*\*?|__?|\?\?|==|[-+^~%@]"
_ATTRIBUTES = r"(?:\{[^{}\[\]\n\r]*+\}|\([^()\[\]\n\r]*+\)|\[[^\[\]\n\r]*+\])*+"
_BRACKETED = re.compile(
    r"\[(?P<mod>" + _MODIFIER + r")" + _ATTRIBUTES + r"(?P<body>[^\[\]\s](?:[^\[\]\n\r]*[^\[\]\s])?)(?P=mod)\]"
    r'|\["(?P<text>[^"\[\]\n\r]++)":[^\[\]\s]++\]'
)
_LINK = re.compile(r'"(?P<text>[^"\s](?:[^"\n\r]*?[^"\s])??)(?:\([^()"\n\r]*+\))?":[^\s"]++')
_PAIR = re.compile(r"==|\?\?")
# An acronym's title, ``ABC(title)``, which both renderers hide in an attribute (three capitals
# or digits before it, the first a capital at a word's start), and an image ``!url!``,
# ``!url(alt)!`` (with its alignment, attributes and a link ``:url`` after), which shows no
# letter but its alt text where the image does not load (RedCloth gives it an empty alt
# otherwise): they vanish, joining the text around them (the image's alt text shown).
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{2,}+(?P<title>\([^()\n\r]*+\))")
_IMAGE = re.compile(r"!(?:[<>=]|\{[^{}\n\r]*+\}|\([^()\n\r]*+\))*+[^\s!()]++(?:\((?P<alt>[^()\n\r]*+)\))?!(?::\S++)?")
_WHOLE_PHRASE = re.compile(r"(" + _MODIFIER + r")(?P<body>[^\s].*?)\1\Z", re.S)
# What this reading removes that can join the text around it (syntax_hints.py): a whole bracketed
# phrase or link (``[^...]`` alone is a regex's class), a pair's delimiter between two
# characters that are no blank, a link.
# (Apart, each beginning with a literal that ``re`` skips to at C speed: syntax_hints.removal_hints.)
HINT_PARTS = (
    _BRACKETED,
    re.compile(r"==(?<=\S==)(?=\S)"),
    re.compile(r"\?\?(?<=\S\?\?)(?=\S)"),
    re.compile(r'"[^"\s][^"\n\r]*+":\S'),
    re.compile(r"\((?<=[A-Z0-9]{3}\()[^()\n\r]*+\)"),
    _IMAGE,
)
HINT = re.compile("|".join(p.pattern for p in HINT_PARTS))


def may_read(line: str) -> bool:
    return ("[" in line or "==" in line or "??" in line or '":' in line or "(" in line or "!" in line) and (
        HINT.search(line) is not None
    )


def _shown(line: str, start: int, end: int) -> Indexed:
    """``line[start:end]`` with its index, and as a phrase if it is one whole (``*PA*``)."""
    whole = _WHOLE_PHRASE.match(line, start, end)
    if whole is not None:
        start, end = whole.start("body"), whole.end("body")
    return line[start:end], list(range(start, end))


def _alt(m: re.Match[str]) -> Indexed:
    at = m.start("alt") if m.group("alt") is not None else m.start()
    return m.group("alt") or "", list(range(at, at + len(m.group("alt") or "")))


def reading(line: str) -> Indexed | None:
    """``line`` as Textile shows it (module docstring), and per character its index in
    ``line``; None if nothing in it vanishes."""
    if not may_read(line):
        return None
    edits: list[Edit] = []
    for m in _BRACKETED.finditer(line):
        body = "body" if m.group("body") is not None else "text"
        edits.append((m.start(), m.end(), _shown(line, m.start(body), m.end(body))))
    for m in _LINK.finditer(line):
        edits.append((m.start(), m.end(), _shown(line, m.start("text"), m.end("text"))))
    edits += paired((m.start(), m.end(), m.group()) for m in _PAIR.finditer(line))
    edits += [(m.start("title"), m.end("title"), "") for m in _ACRONYM.finditer(line)]
    edits += [(m.start(), m.end(), _alt(m)) for m in _IMAGE.finditer(line)]
    if not edits:
        return None
    edits.sort(key=lambda e: (e[0], -e[1]))
    return replaced(line, edits)
