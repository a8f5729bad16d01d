"""What the parsed readings of a text's own syntax make or join where the rendered reading's
hints (hints.py) see nothing: the lines to read for them.

* a *line join* of roff (``\\c`` at a line's end, ``\\#``: joins.py), where a token's head
  before it holds no needle;
* a *maker* of their own: a special character of roff that makes a letter, a digit, an
  underscore or a look-alike (``\\(ul``, ``\\[u005F]``, ``\\C'ul'``; roff.maker), TeX's
  ``\\textunderscore``, ``\\char``, ``\\symbol{``, ``\\unicode``, ``^^``, ``\\verb``, ``\\textsc``,
  ``\\uppercase``, ``\\MakeUppercase`` and ``\\csname`` (``\\csname textunderscore\\endcsname``), and
  Mermaid's entity codes (``#95;``, mermaid.py) in a text that may hold a diagram, and
  PowerShell's ```u{5f}`` and what moves characters (langescapes.POWERSHELL_MAKER);
* a *removal joining a maker*: a parsed reading is judged on its own text, where what it
  removes inside a maker of the rendered reading (a reference, a percent byte, an escape's
  digits) has joined it -- roff's and TeX's escapes inside a maker's head (``%\\&5F``,
  ``&lowb\\&ar;``, ``&{}#95;``; roff.REMOVAL, tex.REMOVAL: patterns_in, may_make_b) and
  PowerShell's dropped backtick (``&`#95;``, ``%`5F``: _powershell), and
  AsciiDoc's attributes, passthroughs and highlights, Org's links, scripts, snippets, macros
  and targets, Textile's bracketed phrases, pairs and links after or inside a trigger
  (``&{empty}#95;``, ``&^{}#95;``, ``&==#==95;``: removal_hints, holds_removal; hints.joins_a_maker
  asks it of a text holding a trigger).  (RDoc's reading removes nothing beside a trigger:
  rdoc.py.)

The patterns of roff and TeX are compiled on first use and only for a text holding a
backslash, a brace or ``^^`` (a hook's start-up pays nothing for plain text).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, AnyStr

from rehearsal_hook.scan import embedded, mermaid

# (TeX's makers: ``^^`` needs no trigger of the rendered reading; ``\\verb`` shows its text
# as it is, whatever its delimiter, and small capitals -- ``\\textsc``, a group's ``\\scshape`` --
# and ``\\uppercase`` show capitals.)
_TEX_MAKER = (
    r"\\(?:textunderscore|char|symbol\{|unicode|verb|textsc|uppercase|MakeUppercase|csname|sc(?:shape)?(?![A-Za-z]))"
)
_CARETS = r"\^\^"
# The heads of the makers of the rendered reading that a removal can split: a reference's
# ``&``, ``#``, ``x`` and name or digits, a percent sign and a digit, an escape's digits.
# (Taken possessively: exact, as a removal starts with a backslash or a brace, which none of
# them holds -- where backtracking tried the removal after each shorter head at every ``&``.)
_MAKER_HEADS = (r"&#?+[xX]?+[0-9A-Za-z]{0,32}+", r"%[0-9A-Fa-f]?+", r"\\[0-9A-Fa-f]{1,5}+")


@functools.cache
def _patterns(as_bytes: bool) -> tuple[re.Pattern[Any], ...]:
    """roff's makers, TeX's (two patterns), the removals of both inside a maker's head (one
    pattern a head), and roff's line joins (joins.ROFF_HINT: a token's head before ``\\c``
    holds no needle, and its needle after it selects the next line only).  Each begins with
    a literal, so that a search over a whole text skips to it at C speed: the patterns that
    began with ``[&%\\]`` or with ``\\`` or ``^`` were tried at every character (1.1 s over
    git's 30 MB of ASCII sources)."""
    from rehearsal_hook.scan import joins, roff, tex

    removal = "(?:" + roff.REMOVAL + "|" + tex.REMOVAL + ")"
    sources = (
        roff.maker(),
        _TEX_MAKER,
        _CARETS,
        *(head + removal for head in _MAKER_HEADS),
        joins.ROFF_HINT,
        _mermaid_maker(),
        embedded.MAKER,
        embedded.TAG_WITH_URL,
    )
    return tuple(re.compile(p.encode() if as_bytes else p) for p in sources)


_MERMAID = -3  # (where _patterns holds Mermaid's: holds_trigger and may_make_b search it alone)


def _mermaid_maker() -> str:
    """Mermaid's entity codes that make a character (mermaid.py): a number, or a name whose
    character is not plain (``#lt;`` and ``#amp;`` make none) -- a hex colour, ``#fff;``, no."""
    from html.entities import html5

    from rehearsal_hook.scan.hints import _plain_value, _trie

    names = sorted(k[:-1] for k, v in html5.items() if k.endswith(";") and not _plain_value(v))
    return "#(?<!&#)(?:[0-9]|" + _trie(names) + ";)"  # (not an HTML reference's: mermaid.CODE)


# What _wanted looks for, as text and as bytes.
_KEYS = ("\\", "^", "^^", "{", "}", "&", "%", "#", ";", "<", ":", "`")
_KEYS_B = tuple(k.encode() for k in _KEYS)


def _wanted(
    text: AnyStr, keys: tuple[AnyStr, ...], *, documents: bool = True, shape: Callable[[], bool] | None = None
) -> tuple[bool, ...]:
    """Which of _patterns ``text`` may match, by the characters it holds (``keys``: _KEYS of
    its type): one-character searches first (memchr speed; a two-character ``in`` ran at a
    fifteenth of it).  A removal starts with a backslash or a brace.  (roff's patterns begin
    with a backslash: searched wherever one is, ``re`` skips to each at C speed -- the six
    two-character tests that gated them, ``\\(`` ``\\[`` ``\\C`` ``\\E`` ``\\c`` ``\\#``, cost more
    in text holding backslashes: git's sources 2.55 -> 2.43 s in process.)  ``shape``:
    mermaid.holds_shape's ``asked``."""
    bs, caret, carets, opening, closing, amp, percent, hash_, semicolon, lt, colon, _ = keys
    backslash = bs in text
    reference, byte = amp in text, percent in text
    removal = backslash or ((reference or byte) and (opening in text or closing in text))
    carets_in = caret in text and carets in text
    codes = hash_ in text and mermaid.may_make(text, shape)
    # (a base64 data: URL's ``;base64,``, embedded.MAKER, and a tag holding a data: URL,
    # embedded.TAG_WITH_URL, in a text a browser reads as markup: one holding a tag, searched for
    # only where it holds ``<`` and ``;`` or ``:`` -- or ``&``: ``data&colon;``, ``data&#58;``)
    tagged = documents and lt in text and (semicolon in text or colon in text) and embedded.holds_tag(text)
    base64 = tagged and semicolon in text
    open_url = tagged and (colon in text or amp in text)
    return (
        backslash,
        backslash,
        carets_in,
        removal and reference,
        removal and byte,
        backslash,
        backslash,
        codes,
        base64,
        open_url,
    )


@functools.cache
def _powershell(as_bytes: bool) -> tuple[re.Pattern[Any], ...]:
    """PowerShell's makers (langescapes.POWERSHELL_MAKER), then its dropped backtick inside the
    head of a maker of the rendered reading -- a reference's, a percent byte's, an escape's
    (``&`#95;``, ``%`5F``, ``\\`x5f``) -- each beginning with a literal.  Apart from _patterns:
    a text holding a backtick does not compile roff's (0.15 s, bench's corpus, in process)."""
    from rehearsal_hook.scan.langescapes import POWERSHELL_MAKER

    sources = (POWERSHELL_MAKER, r"&#?+[xX]?+[0-9A-Za-z]{0,32}+`", r"%[0-9A-Fa-f]?+`", r"\\[0-9A-Fa-f]{0,5}+`")
    return tuple(re.compile(p.encode() if as_bytes else p) for p in sources)


def _powershell_in(text: AnyStr, keys: tuple[AnyStr, ...]) -> list[re.Pattern[Any]]:
    """Which of _powershell's patterns ``text`` may match, by the characters it holds (``keys``:
    _KEYS of its type)."""
    bs, amp, percent, tick = keys[0], keys[5], keys[6], keys[-1]
    if tick not in text:
        return []
    maker, *joins = _powershell(isinstance(text, bytes))
    heads: list[bool] = [amp in text, percent in text, bs in text]
    return [maker, *(p for p, held in zip(joins, heads, strict=True) if held)]


def holds_trigger(text: str) -> bool:
    """Whether ``text`` holds what starts a maker that is no trigger of hints.TRIGGERS: ``^^``,
    a Mermaid entity code that makes a character (``#95;``), PowerShell's (```u{``)."""
    if ("^" in text and "^^" in text) or ("`" in text and _powershell(False)[0].search(text) is not None):
        return True
    return mermaid.may_make(text) and _patterns(False)[_MERMAID].search(text) is not None


def patterns_in(text: str) -> list[re.Pattern[str]]:
    """The patterns of the makers and joining removals of roff and TeX ``text`` may hold (one
    search each over the text selects the lines holding one)."""
    wanted = _wanted(text, _KEYS)
    found = [p for p, w in zip(_patterns(False), wanted, strict=True) if w] if any(wanted) else []
    return found + _powershell_in(text, _KEYS)


def may_make_b(data: bytes, *, trigger: bool = True, shape: Callable[[], bool] | None = None) -> bool:
    """Whether ASCII ``data`` holds such a maker or removal of roff or TeX: its lines are read.
    ``trigger``: False if ``data`` holds no trigger (hints.holds_trigger_b, asked already): no
    backslash, ``&`` or ``%``, so only ``^^``, Mermaid's codes and PowerShell's makers can be
    there.  ``shape``: mermaid.holds_shape's ``asked``."""
    if b"`" in data and any(p.search(data) is not None for p in _powershell_in(data, _KEYS_B)):
        return True
    if not trigger:
        if b"^" in data and b"^^" in data:
            return True
        return mermaid.may_make(data) and _patterns(True)[_MERMAID].search(data) is not None
    # (not a data: URL's: it is read in a text holding a tag, which hints.may_render,
    # asked first wherever this is, takes for one to read -- no pass over the rest for it)
    wanted = _wanted(data, _KEYS_B, documents=False, shape=shape)
    return any(wanted) and any(w and p.search(data) is not None for p, w in zip(_patterns(True), wanted, strict=True))


# What AsciiDoc, Org and Textile remove that can join a maker: each alternative of the
# readings' HINTs apart, so that a search over a whole text skips at C speed to the literal
# each begins with (a HINT whose alternatives begin with a lookbehind or a character class is
# tried at every character: 2.0 s of joins_a_maker over git's 60 MB of sources, 0.3 s now).
# A text holds a match of a HINT exactly where it holds one of a part.
# (The three readings' modules are imported, and their patterns compiled, on first use: only
# a text holding a trigger asks, and a hook's start-up paid 2.7 ms for them.)
@functools.cache
def removal_hints() -> tuple[re.Pattern[str], ...]:
    from rehearsal_hook.scan import asciidoc, org, textile

    return (*asciidoc.HINT_PARTS, *org.HINT_PARTS, *textile.HINT_PARTS)


# (Whether a text holds one: the parts as one pattern's alternatives, each beginning with a
# literal, so that ``re`` skips to the next of their first characters and tries only the
# alternatives starting there -- one pass, where a search per part took fifteen: over git's
# sources 0.22 -> 0.10 s.  A text holds a match of it exactly where it holds one of a part.)
@functools.cache
def _holding(as_bytes: bool) -> re.Pattern[Any]:
    source = "|".join(f"(?:{p.pattern})" for p in removal_hints())
    return re.compile(source.encode() if as_bytes else source)


def holds_removal(text: str | bytes) -> bool:
    """Whether ASCII ``text`` holds what a reading of removal_hints removes."""
    return _holding(isinstance(text, bytes)).search(text) is not None


# (The same for a search that ends at a line's end, removal_in: a part whose match may go on
# past it by the literal its match starts with, org.ACROSS_LINES.)
@functools.cache
def _in_lines(as_bytes: bool) -> re.Pattern[Any]:
    from rehearsal_hook.scan import org

    source = "|".join(f"(?:{org.ACROSS_LINES.get(p.pattern, p.pattern)})" for p in removal_hints())
    return re.compile(source.encode() if as_bytes else source)


def removal_in(text: str | bytes, start: int, end: int) -> bool:
    """Whether a match of a removal hint starts in ``text[start:end]``, a run of whole lines
    (``end`` at a line feed or the text's end): one that a part may continue past ``end``
    counts too (org.ACROSS_LINES: more, never fewer)."""
    return _in_lines(isinstance(text, bytes)).search(text, start, end) is not None
