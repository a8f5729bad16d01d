"""Which text the rendered reading (readings.py) may read otherwise than it is stored: the
prefilters that keep plain text from paying for it.  A line needs the rendered reading only if
it holds a construct that can yield or join word characters, a control a terminal does not
print between word characters, or a character that changes the display order -- stored, or
decoded from a construct.  In real text most constructs that act make no character: the
makers (below) tell the few lines a reading can show a token in."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from rehearsal_hook.scan import syntax_hints
from rehearsal_hook.scan.matcher import SILENT, ascii_or_beyond
from rehearsal_hook.scan.patterns import compiled

# (What only the readings need -- bidi, constructs, pod, patterns built from them -- is imported
# or compiled on first use: a hook's start-up pays only for the prefilters of plain text.)
# The controls a terminal does not print (matcher.SILENT), where dropping them can join what
# is around them: between characters that can be part of a token or start a construct (ASCII
# word characters, triggers, anything not ASCII -- a look-alike letter); beside a separator or
# a line end, a dropped control changes no word.  The lines to read on a terminal are those
# holding one.  (The class first, the lookbehind after it: the same matches, 3-4x faster.)
_NEAR = "A-Za-z0-9_\\\\&%<\x1b\x08"
_NEAR_OR_BEYOND, _SILENT_CLASS = ascii_or_beyond(_NEAR), f"[{re.escape(SILENT)}]"
SILENT_JOIN = f"{_SILENT_CLASS}(?<={_NEAR_OR_BEYOND}{_SILENT_CLASS}){_SILENT_CLASS}*(?={_NEAR_OR_BEYOND})"
# What after a construct that vanishes (a tag, an escaped line break) can join it to a word: the same, or a silent
# control -- it vanishes too on a terminal, so what follows it joins (OPEN_\\<LF><BEL>SESAME).  (A silent control
# before a construct is SILENT_JOIN's: the construct starts with a trigger.)
_JOINS_AFTER_VANISHING = "[" + _NEAR + "".join(c for c in SILENT if c.isascii()) + "]"
# Every byte but the silent ASCII ones: bytes.translate deletes those, so what is left are the
# silent ones, found at C speed (a regex character class ran at a fifth of it).
_NOT_SILENT_B = bytes(b for b in range(256) if not (b < 0x80 and chr(b) in SILENT))


def has_silent(data: bytes) -> bool:
    """Whether ASCII ``data`` holds a control a terminal does not print."""
    return bool(data.translate(None, _NOT_SILENT_B))


# What can start a construct: the characters an ASCII line must hold for the rendered reading
# to differ from the stored text.  (Percent signs and the others are narrowed further by
# RENDER_HINTS; a line that is not ASCII may also reorder: bidi.BIDI_RE.)
TRIGGERS = "\\&%<\x1b\x08"

# POD's ``E<...>`` (pod.py) after its ``<``: a number (decimal, ``0x`` hex, ``0`` octal) shows
# one character -- ``E<95>`` an underscore, inside a word too -- and so does a name (_pod_escape),
# the ``E<< 95 >>`` form too: a maker wherever one is judged (RENDER_HINTS, whose ``<`` and a
# letter hold every name, _maker_hint, may_show).
_POD_NUMBER = r"(?<=E<)<*\s*[0-9]"

# A line needs the rendered reading only if it holds one of these (each found with a literal
# first character, so the search runs at memchr speed): a construct that can yield or join
# word characters.  ``%20``, ``&amp;`` and most printf formats are not among them.  (SILENT_JOIN
# and these are compiled for text where a text is read: 0.5 ms of a hook's start otherwise.)
RENDER_HINTS: tuple[tuple[str, str], ...] = (
    # (``\\n`` and the like only when a word follows -- or a letter that is not ASCII, which
    # may read as one: the raw reading sees ``nWORD``; a backspace ``\\b`` and an ESC ``\\e``
    # always: they act on what is around them.  An escaped line break with blanks before it
    # joins the lines as one without them does: joins.py.  SQL's ``U&'...'`` any: langescapes.py.)
    ("\\", r"\\(?:[0-9A-Za-eg-mo-qsuw-z_\r\n]|[ \t]++[\r\n]|[fnrtv](?:[A-Za-z0-9_]|[^\x00-\x7f]))"),
    ("&", r"&(?:#|(?!(?:amp|lt|gt|quot|apos|nbsp);)[A-Za-z]|(?<=[Uu]&)['\"])"),
    # (a separator such as %0A only when a word follows -- or a letter that is not ASCII, which
    # may read as one: the raw reading sees ``0AWORD``; an ESC always: it acts on a terminal)
    ("%", r"%(?:1[Bb]|3[0-9]|[4-9A-Fa-f][0-9A-Fa-f]|[0-9A-Fa-f]{2}(?:[A-Za-z0-9_]|[^\x00-\x7f]))"),
    ("<", r"<(?:[!/?A-Za-z]|" + _POD_NUMBER + ")"),  # (bogus comments, CDATA too)
    ("\x1b", r"\x1b"),
    ("\x08", r"\x08"),
)
# Constructs that may decode to a character that reorders a line (bidi.BIDI_RE): escapes and
# numeric references of a code point from U+0500 on (U+0590 is the first), ``\\U``, ``\\u{``,
# ``\\x{``, ``\\o{`` and ``\\N{...}`` (rare: any), ``&rlm;``, percent-encoded UTF-8 of U+0580 and above.
_DECODES_BIDI = (
    r"\\(?:u++(?:0[5-9A-Fa-f]|[1-9A-Fa-f])|U|[uxo]\{|N\{)"
    r"|&(?:#[xX]0*(?:[5-9A-Fa-f][0-9A-Fa-f]{2}|[1-9A-Fa-f][0-9A-Fa-f]{3})|#0*(?:1[2-9]\d\d|[2-9]\d{3}|\d{5})|rlm;)"
    r"|%(?:[Dd][6-9A-Fa-f]|[Ee][0-9A-Fa-f]|[Ff]0)"
    r"|<[Bb][Dd][Oo][\s/>]"  # (HTML's override element: elements.bdo_value)
)
_DECODES_BIDI_FIRST = b"\\&%<"  # (each alternative's first byte; OVERRIDE_TAG's too)


@functools.cache
def _decodes_bidi(as_bytes: bool) -> re.Pattern[Any]:
    from rehearsal_hook.scan import elements

    # (and CSS's override, elements.as_bdo: the tag it judges, written as a browser reads it)
    source = _DECODES_BIDI + "|" + elements.OVERRIDE_TAG
    return re.compile(source.encode() if as_bytes else source)


def reorders(text: str | bytes) -> bool:
    """True if the rendered reading of ``text`` may hold a character that changes the display
    order (a right-to-left letter or digit, a bidirectional control, RLM or ALM), stored or
    decoded (bytes: as UTF-8; ASCII without _DECODES_BIDI_FIRST, False at memchr speed -- the
    searches cost a stream 0.1-0.3 s an 8 MiB segment of a long line).  False for plain text."""
    from rehearsal_hook.scan.bidi import BIDI_RE, BIDI_RE_B

    if isinstance(text, str):
        stored = not text.isascii() and BIDI_RE.search(text) is not None
        return stored or _decodes_bidi(False).search(text) is not None
    if text.isascii() and not any(c in text for c in _DECODES_BIDI_FIRST):
        return False
    return BIDI_RE_B.search(text) is not None or _decodes_bidi(True).search(text) is not None


# The same hints for bytes (the ASCII ones: bytes that are not ASCII are read as text anyway).
_RENDER_HINTS_B = tuple((c.encode(), re.compile(p.encode())) for c, p in RENDER_HINTS if c.isascii())


def may_render(data: bytes, shape: Callable[[], bool] | None = None) -> bool:
    """True if ASCII ``data`` may read otherwise when rendered: it holds a hint (memchr speed for
    the trigger byte first), or a trigger and what a parsed reading removes (it can join a maker:
    ``&{empty}#95;``, joins_a_maker).  A plain loop: a generator's frames cost more here.
    ``shape``: mermaid.holds_shape's ``asked``."""
    from rehearsal_hook.scan import removal_lines  # (it reads has_silent here)

    seen, percent = False, None  # (a trigger, the hints' first bytes: none joins nothing; percent_starts)
    for c, p in _RENDER_HINTS_B:
        if c in data:
            seen = True  # (the % hint holds only where percent_starts does: asked once, also for may_join_b)
            if (c != b"%" or (percent := removal_lines.percent_starts(data))) and p.search(data) is not None:
                return True
    if not seen:
        return False
    return removal_lines.may_join_b(data, shape, percent)


def holds_trigger_b(data: bytes) -> bool:
    """Whether ASCII ``data`` holds a trigger (TRIGGERS): if not, may_render is False (memchr each)."""
    return b"\\" in data or b"&" in data or b"%" in data or b"<" in data or b"\x1b" in data or b"\x08" in data


def joins_a_maker(text: str | bytes) -> bool:
    """Whether ASCII ``text`` holds a trigger and what a parsed reading removes there, which
    can join a maker the stored text splits (syntax_hints.py; the lines to read: maker_hints_in).
    Not where no maker can start: a text whose triggers are all printf formats (``%s``)."""
    from rehearsal_hook.scan.removal_lines import holds_maker_start  # (it reads has_silent here)

    # (The maker's start asked before the removals' search, which tries its alternatives at
    # each of their first characters: 387 of bench's non-ASCII Python files, whose only
    # triggers are ``%s``, paid it in their quick view.)
    trigger = holds_trigger_b(text) if isinstance(text, bytes) else any(c in text for c in TRIGGERS)
    return trigger and holds_maker_start(text) and syntax_hints.holds_removal(text)


def needs_render(line: str, needles: tuple[str, ...] | None = None) -> bool:
    """True if the rendered reading of ``line`` can differ from its stored text in a way that
    matters: it holds a construct that yields or joins word characters, a terminal code, a
    backspace, or a character that changes the display order.

    With ``needles`` (the matcher's, as text) an ASCII line without NUL is judged exactly by
    what its constructs decode to (_acting): if none yields a character other than an inert
    separator and none vanishes or joins, every character of a rendered token is stored
    literally and contiguously, so the line holds the token's needle; separators decoded from
    escapes (``\\n``, ``%0A``, ``&lt;``) can then only split words, which matters only on a
    line holding a needle.  (The disguise view changes no ASCII character but NUL.)"""
    from rehearsal_hook.scan.bidi import BIDI_RE
    from rehearsal_hook.scan.constructs import has_c1_opener

    if compiled(SILENT_JOIN).search(line) is not None or has_c1_opener(line):
        return True  # (the terminal reading drops them; a C1 opener starts a sequence)
    if needles is not None and line.isascii() and "\x00" not in line:
        if any(p.search(line) is not None for p in acting_hints_in(line)):
            return True
        return any(c in line for c in TRIGGERS) and any(n in line for n in needles)
    if not line.isascii() and BIDI_RE.search(line):
        return True
    return any(c in line and compiled(p).search(line) is not None for c, p in RENDER_HINTS)


def _inert(value: str) -> bool:
    """A decoded value that only separates words in every reading: no ASCII word character,
    nothing the disguise view drops (NUL), no backspace or ESC (they act on a terminal), and
    only non-ASCII characters that end a word in every reading."""
    return all(
        (c not in _ACTIVE_ASCII and not ("0" <= c <= "9" or "A" <= c <= "Z" or "a" <= c <= "z"))
        if c.isascii()
        else plain_char(c)
        for c in value
    )


_ACTIVE_ASCII = "_\x00\x08\x1b" + "".join(c for c in SILENT if c.isascii())


def _trie(words: list[str]) -> str:
    """A regex alternation of ``words`` as a trie (one branch per first character), so that
    matching at a position tries a few branches, not every word."""
    heads: dict[str, list[str]] = {}
    done = False
    for w in words:
        if w:
            heads.setdefault(w[0], []).append(w[1:])
        else:
            done = True
    if not heads:
        return ""
    body = "|".join(re.escape(h) + _trie(rest) for h, rest in sorted(heads.items()))
    return f"(?:{body})?" if done else f"(?:{body})"


def acting_hints_in(line: str) -> list[re.Pattern[str]]:
    """The patterns of where an ASCII line holds a construct whose rendering can make or join
    a word, one per trigger character the line holds (see _acting_hint)."""
    return [_acting_hint(c) for c in _ACTING_TRIGGERS if c in line]


_ACTING_TRIGGERS = "\\&%<\x1b\x08"


@functools.cache
def _acting_hint(c: str) -> re.Pattern[str]:
    """The pattern of trigger ``c`` (one of _ACTING_TRIGGERS), derived from readings._ESCAPES
    and readings._MARKUP (each pattern matches a superset of the constructs of its kind that
    are not inert, see _inert), and from html.entities for named references.  One pattern per trigger, each
    starting with its literal character, so that ``re`` skips to the next one at memchr speed
    (one pattern for all of them ran at a third of the speed).  Each is built on first use:
    only text holding ``&`` pays for html.entities and the 8 KB pattern of entity names (24 ms,
    a tenth of a pre-push whose commit headers hold ``<``)."""
    if c == "&":
        from html.entities import html5

        names = sorted(k for k, v in html5.items() if not _inert(v))
        # numeric references (any), named ones whose value is not inert (prefixes too:
        # ``&notin`` reads as NOT SIGN and ``in``, as html.unescape reads it)
        return re.compile("&(?:#|" + _trie(names) + "|(?<=[Uu]&)['\"])")
    return re.compile(_acting()[c])


# An escaped line break after a word character or the end of a construct that makes one (a
# reference's ``;``, a shortcode's ``:``) or vanishes (``{empty}``, ``^{}``, ``@@x:@@``, ``[[x]]``,
# ``**``), before one or a trigger: it joins the lines (a blank around the line break joins none).
_ESCAPED_JOIN = r"(?<=[A-Za-z0-9_;:}@*\]]\\)[ \t]*+(?:\r\n?|\n)[ \t\r\n]*+(?:" + _JOINS_AFTER_VANISHING + r"|[{^@*:\[])"


@functools.cache
def _acting() -> dict[str, str]:  # (the patterns of the constructs that act: _acting_hint)
    from rehearsal_hook.scan import elements, tags

    return {
        # escapes that decode to a letter, digit, ``_``, NUL, BS, ESC, BEL or a lone CR (carriage.
        # decoded_returns) -- any letter or digit but f, n, t, v, r before n --, or join lines
        "\\": r"\\(?:[0-9A-Za-eg-mo-qsuw-z_]|r(?!\\n)|" + _ESCAPED_JOIN + ")",
        # percent runs holding a byte that is not an inert separator: NUL, BS, ESC, a digit,
        # a letter, ``_`` (and more), anything not ASCII
        "%": r"%(?:0[08]|1[Bb]|3[0-9]|[4-9A-Fa-f][0-9A-Fa-f])",
        # markup that vanishes (readings._MARKUP's tags and comments) between a word character and a
        # word character or another construct (else it joins nothing: ``vector<int> v``); a
        # comment after a word character whatever follows it (its end is not searched for here:
        # once per opener would cost the rest of the text each time)
        "<": f"<(?<=[A-Za-z0-9_]<)(?:!--|(?:{tags.PLAIN.tag})(?={_JOINS_AFTER_VANISHING}))|<!\\[CDATA\\["
        + f"|{tags.IN_PLACE_TAG}"  # (an image's alt, an input's value... shows in its place)
        # (or an opening tag whose attributes may hide its element: what it holds vanishes with it,
        # whatever is around the tags)
        + "|"
        + elements.HIDING_TAG
        # (or HTML's override element: it reorders what it holds, elements.bdo_value)
        + r"|<[Bb][Dd][Oo][\s/>]"
        # (or a style that shows letters as capitals: elements.capitalized)
        + "|"
        + elements.CAPITALIZING_TAG
        # (or one that overrides the direction of what it holds: elements.as_bdo)
        + "|"
        + elements.OVERRIDE_TAG,
        # terminal codes and backspaces act wherever they are
        "\x1b": "\x1b",
        "\x08": "\x08",
    }


@functools.lru_cache(maxsize=4096)
def plain_char(ch: str) -> bool:
    """A non-ASCII character that ends a word in every reading: not a disguise character, not
    a mark (a combining underline joins the space before it), not one that reorders."""
    from rehearsal_hook.scan.bidi import BIDI_RE
    from rehearsal_hook.scan.normalize import is_suspicious

    return (
        not is_suspicious(ch)
        and not unicodedata.category(ch).startswith("M")
        and BIDI_RE.match(ch) is None
        and ch not in SILENT
    )


# ---------------------------------------------------------------------------------------------
# Makers: a cheaper judgement for real text
#
# Real text is full of constructs that act (C's '\0', a shell's <<-\EOF, a regex's \d) and
# never show a token: reading every such line through every reading cost five times what
# `git log -p` of the same history costs.  What a construct reads as decides.  Most make no
# character the stored text does not hold at the same place: an identity or punctuation
# escape reads as its own last character (\E, \_, \\), a one-digit octal or CSS escape and
# \a \e \f \n \r \t \v as a control or a separator, an escaped line break, a tag, a comment
# or a terminal code as nothing, a reference like &nbsp; as no word character.  The others
# are *makers*: escapes of a code point (\x, \u, \U, \N{...}, \o{...}, \o137 (langescapes.py), two or more octal or hex
# digits: C's \120, CSS's \50), numeric references, named ones whose value holds a word
# character, a trigger (&amp; is &, which a second decoding -- Markdown's, then the
# rendered reading's -- reads again) or a character that is not plain (plain_char), percent escapes of a trigger, a
# word character or a byte that is not ASCII, $Format: (gitformat), POD's E<number> and E<name> (pod.py), and what
# moves characters: a backspace (\b, CSS's \8, %08, stored), <bdo>, \e[ (screen.py).
#
# A line without a maker reads, in the rendered readings, the Unicode view and a terminal's, as
# its stored characters in stored order, some removed and some made separators (a value that
# is a trigger, \\, starts on a second decoding a construct stored there too: \x41 in \\x41,
# which the searches see).  A needle the line does not hold whole is then shown only where a
# stretch after a proper beginning of it is removed, and what is removed starts a construct --
# so that beginning stands before a trigger (needle_places.py) or before Markdown syntax
# (near.near_needles, whose places are the parsed readings' too) -- and a token's head
# joins a needle across a line end only through an escaped line break or a tag after a word
# character (_ESCAPED_JOIN, _acting()["<"]).  The view and the rendered readings of a piece
# without a maker show a needle only if it holds each of its characters (may_show; a parsed
# reading is judged on its own text: what it removes can join a maker, AsciiDoc's
# &{empty}#95; -- so a line holding such a removal is read where the text holds a trigger,
# joins_a_maker).  Both are checked against every
# reading forced on every line and piece: tests/unit/test_makers.py.

# What the scanner reads as a trigger of a construct in ASCII text.
_STARTS = "\\&%<\x1b\x08$"
# A character a value may hold without making one: ASCII that is no word character and no
# trigger (NUL, a backspace and an ESC act: makers too, to be safe).
_MAKES_ASCII = "_\\&%<$\x00\x08\x1b"


def _plain_value(value: str) -> bool:
    return all(not (c.isalnum() or c in _MAKES_ASCII) if c.isascii() else plain_char(c) for c in value)


@functools.cache
def _maker_hint(c: str, *, moving: bool = True) -> re.Pattern[str]:
    """The pattern of the makers that start with trigger ``c``, starting with its literal
    character (memchr speed); ``moving``: with what moves characters and the joins across a
    line end.  Built on first use: only text holding ``&`` pays for html.entities."""
    if c == "\\":
        from rehearsal_hook.scan import org

        # (CSS's ``\\8`` a backspace, YAML's ``\\e[`` a move, CONTROL_ESCAPE's ESC, BS, CR, ``\\M-\\C-[`` CSI too;
        # an escaped line break may join a token's head to a needle on the next line; an Org entity, ``\\e(0``, one)
        head = r"\\(?:[xuUNo]|[0-9A-Fa-f]{2}|[eE][()*+]0|" + _trie(org.maker_names(_plain_value)) + "(?![A-Za-z])"
        moves = r"|[b8]|(?:e|E|(?:c|C-)[\[;{])[\[78DEMHc69#]|(?:c|C-)[HhMm(-]|(?:M-\\(?:c|C-)|(?:c|C-)\\M-)[\[;{]|"
        return re.compile(head + (moves + _ESCAPED_JOIN if moving else "") + ")")
    if c == "&":
        from html.entities import html5

        names = sorted(k for k, v in html5.items() if not _plain_value(v))
        return re.compile("&(?:#|" + _trie(names) + "|(?<=[Uu]&)['\"])")  # (SQL's ``U&'``: langescapes.py)
    if c == "%":
        return re.compile("%(?:" + ("08|1[Bb]|" if moving else "") + "2[56]|[3-9A-Fa-f][0-9A-Fa-f])")
    if c == "<":
        from rehearsal_hook.scan import elements

        # (joins, hidden elements, <bdo>: a tag after a word character; POD's E<...> makes one)
        # (and a style that shows letters as capitals makes capitals: elements.capitalized)
        return re.compile(
            (_acting()["<"] + "|" if moving else elements.CAPITALIZING_TAG + "|") + "<(?:" + _pod_escape() + ")"
        )
    if c == "$":
        return re.compile(r"\$Format:")
    return re.compile(re.escape(c))  # (a stored backspace or ESC: they act wherever they are)


def _pod_escape() -> str:
    """POD's ``E<...>`` after its ``<`` that makes a character: a number, or a whole name whose
    value is not plain (``TYPE<int>`` in code is ``E<int>``, an integral sign: none)."""
    from rehearsal_hook.scan.pod import ESCAPE_NAMES

    names = sorted(k for k, v in ESCAPE_NAMES.items() if not _plain_value(v))
    return _POD_NUMBER + r"|(?<=E<)<*\s*" + _trie(names) + r"\s*>"


def maker_hints_in(text: str, *, removals: bool = True) -> list[re.Pattern[str]]:
    """The patterns of the makers of ASCII ``text``, of what moves characters and of the joins
    across a line end, one per trigger it holds; roff's makers and removals inside a maker
    (syntax_hints); ``removals``: AsciiDoc's, Org's and Textile's where they join one (joins_a_maker)."""
    found = [_maker_hint(c) for c in _STARTS if c in text] + syntax_hints.patterns_in(text)
    return [*found, *syntax_hints.removal_hints()] if removals and joins_a_maker(text) else found


# The triggers of the makers that make a character (the others move or remove them).
_MAKING_STARTS = "\\&%$<"


@functools.cache
def _needle_chars(needles: tuple[bytes, ...]) -> tuple[str, ...]:
    return tuple("".join(sorted(set(n.decode("ascii")), key=str.isupper, reverse=True)) for n in needles)


def may_show(needles: tuple[bytes, ...], piece: str) -> bool:
    """False if neither the Unicode view nor a rendered reading of ``piece`` can show a needle:
    it is ASCII, holds no maker, and lacks a character of each needle (those readings of a
    piece without a maker show only characters it holds).  Its parsed readings are not judged here."""
    if not piece.isascii():
        return True
    if any(all(c in piece for c in chars) for chars in _needle_chars(needles)):
        return True
    # (what moves characters -- a backspace, <bdo> -- and what removes them show no other ones)
    return any(_maker_hint(c, moving=False).search(piece) is not None for c in _MAKING_STARTS if c in piece)
