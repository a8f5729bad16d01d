"""The rendered reading of a line: what a renderer, a data reader or a terminal shows.

One pass, left to right, over a piece of a line (at most PIECE characters):

* string escapes of JSON, YAML, TOML, Python and JavaScript (``\\u005f``, ``\\u{5f}``,
  ``\\U0000005F``, ``\\x5F``, octal ``\\137``, ``\\N{LOW LINE}``, a backslash before
  punctuation, JavaScript's identity escape (a backslash before a letter or digit that starts
  no escape: ``\\P`` is ``P``), YAML's and Python's escaped line break, which joins the next
  line without its leading blanks); ``\\n`` and ``\\r`` read as a line break, ``\\t`` and
  the like as a separator;
* HTML/XML character references, numeric and named (``&#95;``, ``&#x5f;``, ``&lowbar;``);
* URL percent-encoding (a run of ``%XX`` decoded as UTF-8);
* Markdown backslash escapes (above) and inline HTML tags and comments, which vanish;
* terminal control sequences (CSI such as colours, OSC, two-byte escapes), which vanish, and
  backspace, which moves the cursor back so that the next character overwrites;
* each in stored order (a terminal without bidirectional layout, a program) and, with
  ``display``, in the display order of a line holding right-to-left text or a bidirectional
  control (bidi.py: the Unicode Bidirectional Algorithm; its controls vanish).

Not program semantics (concatenation, shell quoting, base64...): see README, The scanner.

Tags, comments and terminal codes are of any length, and tags and comments may span lines
(constructs.py); a backspace moves back as far as the line start.  String escapes and
references are short (at most WINDOW characters).  The reading of a piece depends only on the
piece; ``cuts.reading_cut`` finds places where a line can be cut without changing any reading
(in a line that can reorder, also its display order: cuts.display_cuts), which is what keeps
the readings of a streamed file and of the same file in memory equal, and the work per piece
bounded.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from typing import Any

from rehearsal_hook.scan.bidi import BIDI_RE, display_order
from rehearsal_hook.scan.constructs import HIDDEN, TAG, TAG_BODY, TERMINAL, has_c1_opener, inert_openers
from rehearsal_hook.scan.matcher import SILENT, ascii_or_beyond

# The longest string escape or reference decoded, and how far a cut keeps from one.
WINDOW = 128
# The longest stretch of a line read as one unit; a longer line is read in pieces.
PIECE = 1 << 18

# (Numeric references and ``\u{...}`` take any number of leading zeros, as browsers,
# html.unescape and JavaScript do; zeros hold no separator, so no cut falls inside them.)
_ESCAPES = (
    r"\\(?:u([Dd][89ABab][0-9A-Fa-f]{2})\\u([Dd][C-Fc-f][0-9A-Fa-f]{2})"  # a surrogate pair
    r"|u\{0*([0-9A-Fa-f]{1,6})\}|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|x([0-9A-Fa-f]{2})"
    r"|N\{([A-Za-z0-9 \-]{1,100})\}"
    r"|([0-7]{1,3})"
    r"|([!-/:-@\[-`{-~])"
    r"|([abefnrtv])"
    r"|(?:\r\n|\r|\n)[ \t]*"
    r"|([0-9A-Za-z]))"  # JavaScript's identity escape: what no other escape takes is itself
    r"|&(?:#0*[0-9]{1,7}|#[xX]0*[0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?"
    r"|(?:%[0-9A-Fa-f]{2})+"
    r"|" + TERMINAL
)
_MARKUP = "|<" + TAG + "|" + HIDDEN
# The controls a terminal does not print (matcher.SILENT): the terminal reading drops them (an
# editor may show a mark, so elsewhere they separate words, as stored).
SILENT_RE = re.compile(f"[{re.escape(SILENT)}]")
# Where dropping them can join what is around them: between characters that can be part of a
# token or start a construct (ASCII word characters, triggers, anything not ASCII -- a look-
# alike letter); beside a separator or a line end, a dropped control changes no word.  The
# lines to read on a terminal are those holding one.
_NEAR = "A-Za-z0-9_\\\\&%<\x1b\x08"
_NEAR_OR_BEYOND = ascii_or_beyond(_NEAR)
SILENT_JOIN = re.compile(f"(?<={_NEAR_OR_BEYOND})[{re.escape(SILENT)}]+(?={_NEAR_OR_BEYOND})")
# Every byte but the silent ASCII ones: bytes.translate deletes those, so what is left are the
# silent ones, found at C speed (a regex character class ran at a fifth of it).
_NOT_SILENT_B = bytes(b for b in range(256) if not (b < 0x80 and chr(b) in SILENT))


def has_silent(data: bytes) -> bool:
    """Whether ASCII ``data`` holds a control a terminal does not print."""
    return bool(data.translate(None, _NOT_SILENT_B))


@functools.cache
def construct_pattern(markup: bool) -> re.Pattern[str]:
    """Every construct of the rendered reading, with markup or without (search a text made
    ``constructs.inert_openers`` with it): two rendered readings, markup removed (what a
    browser or Markdown renderer shows) and kept (what a reader of the source or of an XML
    attribute sees, decoded).  Compiled on first use: a hook whose files hold nothing to
    render does not pay the 1 ms."""
    return re.compile(_ESCAPES + _MARKUP if markup else _ESCAPES)


def construct_value(m: re.Match[str]) -> str:
    """What a construct found with construct_pattern reads as."""
    return _value(m)


# What was decoded is shown like stored text: an escaped ESC (``\u001b``, YAML's ``\e``)
# starts a terminal code in what a JSON or YAML reader hands a terminal; on a terminal, the
# silent controls vanish too (stored or decoded: ``\u0007``, ``\a``, ``&#7;``).
# (Of any length, as stored ones: a CSI's executed controls are silent or a backspace, which
# overstrike reads after this.)
_DECODED_TERMINAL = re.compile(TERMINAL + f"|[{re.escape(SILENT)}]")

# What can start a construct: the characters an ASCII line must hold for the rendered reading
# to differ from the stored text.  (Percent signs and the others are narrowed further by
# RENDER_HINTS; a line that is not ASCII may also reorder: bidi.BIDI_RE.)
TRIGGERS = "\\&%<\x1b\x08"

# A line needs the rendered reading only if it holds one of these (each found with a literal
# first character, so the search runs at memchr speed): a construct that can yield or join
# word characters.  ``%20``, ``&amp;`` and most printf formats are not among them.
RENDER_HINTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # (``\\n`` and the like only when a word follows -- or a letter that is not ASCII, which
    # may read as one: the raw reading sees ``nWORD``; a backspace ``\\b`` and an ESC ``\\e``
    # always: they act on what is around them.)
    ("\\", re.compile(r"\\(?:[0-9A-Za-eg-mo-qsuw-z_\r\n]|[fnrtv](?:[A-Za-z0-9_]|[^\x00-\x7f]))")),
    ("&", re.compile(r"&(?:#|(?!(?:amp|lt|gt|quot|apos|nbsp);)[A-Za-z])")),
    # (a separator such as %0A only when a word follows -- or a letter that is not ASCII, which
    # may read as one: the raw reading sees ``0AWORD``)
    (
        "%",
        re.compile(r"%(?:3[0-9]|[4-7][0-9A-Fa-f]|[89A-Fa-f][0-9A-Fa-f]|[0-9A-Fa-f]{2}(?:[A-Za-z0-9_]|[^\x00-\x7f]))"),
    ),
    ("<", re.compile(r"<(?:!--|/?[A-Za-z])")),
    ("\x1b", re.compile(r"\x1b")),
    ("\x08", re.compile(r"\x08")),
)
# Constructs that may decode to a character that reorders a line (bidi.BIDI_RE): escapes and
# numeric references of a code point from U+0500 on (U+0590 is the first), ``\\U``, ``\\u{``
# and ``\\N{...}`` (rare: any), ``&rlm;``, percent-encoded UTF-8 of U+0580 and above.
_DECODES_BIDI = (
    r"\\(?:u(?:0[5-9A-Fa-f]|[1-9A-Fa-f])|U|u\{|N\{)"
    r"|&(?:#[xX]0*(?:[5-9A-Fa-f][0-9A-Fa-f]{2}|[1-9A-Fa-f][0-9A-Fa-f]{3})|#0*(?:1[2-9]\d\d|[2-9]\d{3}|\d{5})|rlm;)"
    r"|%(?:[Dd][6-9A-Fa-f]|[Ee][0-9A-Fa-f]|[Ff]0)"
    r"|<[Bb][Dd][Oo][\s/>]"  # (HTML's override element: _bdo_value)
)
_DECODES_BIDI_S = re.compile(_DECODES_BIDI)
_DECODES_BIDI_B = re.compile(_DECODES_BIDI.encode())
_BIDI_RE_B = re.compile(
    rb"[\xd6-\xdf]|\xe0[\xa0-\xa3]|\xe2\x80[\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]"
    rb"|\xef(?:\xac[\x9d-\xbf]|[\xad-\xb7]|\xb9[\xb0-\xbf]|[\xba-\xbb])|\xf0[\x90\x9e][\xa0-\xbf]"
)


def reorders(text: str | bytes) -> bool:
    """True if the rendered reading of ``text`` may hold a character that changes the display
    order (a right-to-left letter or digit, a bidirectional control, RLM or ALM), stored or
    decoded (bytes: as UTF-8).  False for plain text at ``re`` speed: its display order is its
    stored order."""
    if isinstance(text, str):
        return (not text.isascii() and BIDI_RE.search(text) is not None) or _DECODES_BIDI_S.search(text) is not None
    return _BIDI_RE_B.search(text) is not None or _DECODES_BIDI_B.search(text) is not None


def shows_reordered(text: str) -> bool:
    """True if ``text`` (a rendered reading) holds a character that changes its display order."""
    return not text.isascii() and BIDI_RE.search(text) is not None


def in_display_order(text: str) -> str:
    """``text`` (a rendered reading of a line) in display order."""
    return "".join(text[k] for k in display_order(text)) if shows_reordered(text) else text


def _chr(cp: int) -> str:
    return chr(cp) if cp <= 0x10FFFF and not 0xD800 <= cp <= 0xDFFF else "\ufffd"


@functools.cache
def _unescape() -> Any:
    import html  # only a line with a character reference pays for html.entities

    return html.unescape


def _value(m: re.Match[str]) -> str:
    """What one construct reads as."""
    s = m.group()
    if s[0] == "\\":
        if m.group(1):
            return chr(0x10000 + ((int(m.group(1), 16) - 0xD800) << 10) + int(m.group(2), 16) - 0xDC00)
        digits = m.group(3) or m.group(4) or m.group(5) or m.group(6)
        if digits:
            return _chr(int(digits, 16))
        if m.group(7):
            try:
                return unicodedata.lookup(m.group(7))
            except KeyError:
                return s
        if m.group(8):
            return _chr(int(m.group(8), 8))
        if m.group(9):
            return m.group(9)
        if m.group(10):
            # A control character: it ends a word -- but a backspace moves the cursor back,
            # an ESC starts a terminal code, and a line break ends a paragraph of the display
            # order (a right-to-left override before it ends there), as their stored forms do.
            return _CONTROL_ESCAPES.get(m.group(10), " ")
        if m.group(11):
            return m.group(11)
        return ""  # an escaped line break joins the lines
    if s[0] == "&":
        out: str = _unescape()(s)
        return out
    if s[0] == "%":
        return bytes.fromhex(s.replace("%", "")).decode("utf-8", "replace").translate(_PERCENT_SILENT)
    if s[:2] == "\x1b[" or s[0] == "\x9b":
        # A CSI executes the controls it holds (a bell, a backspace) and shows nothing else.
        return "".join(c for c in s[1:] if c < " " or c == "\x7f")
    if s[0] == "<" and s[1:4].lower() in ("bdo", "/bd"):
        return _bdo_value(s)
    return ""  # tags, comments and other terminal sequences vanish


# HTML's bidirectional override element (GitHub's sanitizer allows it): ``<bdo dir=rtl>`` lays
# out what it holds right to left as U+202E (RLO) does, ``dir=ltr`` as U+202D (LRO), and
# ``</bdo>`` ends it as U+202C (PDF) does -- the display order reading (bidi.py) lays them out.
_BDO = re.compile(r"<(?i:(/)bdo\s*>|bdo(?:[\s/][^<>]*?(?<![\w-])dir\s*=\s*[\"']?(rtl|ltr)(?![\w-]))?)")


def _bdo_value(tag: str) -> str:
    """What a tag that starts with ``<bdo`` or ``</bd`` reads as (another such tag: nothing)."""
    m = _BDO.match(tag)
    if m is None:
        return ""
    if m.group(1):
        return "\u202c"
    direction = (m.group(2) or "").lower()
    return {"rtl": "\u202e", "ltr": "\u202d"}.get(direction, "")


# (a bell: a terminal prints nothing)
_CONTROL_ESCAPES = {"b": "\x08", "e": "\x1b", "a": "\x07", "n": "\n", "r": "\r"}
# A percent-encoded control stays encoded where URLs are shown (an address bar, a link): it
# separates words there, and nowhere vanishes.
_PERCENT_SILENT = {ord(c): " " for c in SILENT}


def _percent_positions(start: int, s: str) -> tuple[str, list[int]]:
    """A percent run's text and, per character, where its first ``%XX`` starts."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    out: list[str] = []
    pos: list[int] = []
    first = start
    for k in range(0, len(s), 3):
        if not out or decoder.getstate()[0] == b"":
            first = start + k
        piece = decoder.decode(bytes([int(s[k + 1 : k + 3], 16)])).translate(_PERCENT_SILENT)
        out.append(piece)
        pos.extend([first] * len(piece))
    tail = decoder.decode(b"", final=True).translate(_PERCENT_SILENT)
    out.append(tail)
    pos.extend([first] * len(tail))
    return "".join(out), pos


def render(
    piece: str, *, exact: bool = False, markup: bool = True, overstrike: bool = False, display: bool = False
) -> tuple[str, list[int] | None]:
    """The rendered reading of ``piece`` (a line or a piece of one); with ``exact``, also the
    index in ``piece`` of each of its characters.  ``markup``: HTML tags and comments vanish;
    ``overstrike``: as a terminal shows it -- backspaces act, and so do terminal codes that
    decoding produced (``\\u001b[0m``), a reading of its own: it can hide what the other
    readings show (a decoded ESC before a token's first letter is a two-byte code on a
    terminal, and a plain word elsewhere).  ``display``: in display order (bidi.py), as a
    renderer lays it out -- a reading of its own too: a terminal without bidirectional
    layout, and a program, read the decoded text in stored order."""
    construct = construct_pattern(markup)
    # (A comment opener that cannot close is text: made inert, so that no search for its end
    # runs once per opener.)
    searched = inert_openers(piece) if markup else piece
    if not exact:
        if searched is not piece:
            text = "".join(_rendered_parts(piece, construct.finditer(searched)))
        elif any(c in piece for c in "\\&%<\x1b") or has_c1_opener(piece):
            text = construct.sub(_value, piece)
        else:
            text = piece
        if overstrike and ("\x1b" in text or SILENT_RE.search(text)):
            text = _DECODED_TERMINAL.sub(_backspaces_kept, text)
        if overstrike and "\x08" in text:
            text = "".join(_overstrike(list(text), None)[0])
        return (in_display_order(text) if display else text), None
    chars, index = decoded(piece, markup=markup, overstrike=overstrike)
    if display and shows_reordered("".join(chars)):
        order = display_order(chars)
        chars, index = [chars[k] for k in order], [index[k] for k in order]
    return "".join(chars), index


def decoded(piece: str, *, markup: bool, overstrike: bool) -> tuple[list[str], list[int]]:
    """The rendered reading of ``piece`` in stored order, with the index in ``piece`` of each
    of its characters."""
    construct = construct_pattern(markup)
    searched = inert_openers(piece) if markup else piece
    out: list[str] = []
    index: list[int] = []
    last = 0
    for m in construct.finditer(searched):
        out.append(piece[last : m.start()])
        index.extend(range(last, m.start()))
        if m.group()[0] == "%":
            value, pos = _percent_positions(m.start(), m.group())
            out.append(value)
            index.extend(pos)
        else:
            value = _value(m)
            out.append(value)
            index.extend([m.start()] * len(value))
        last = m.end()
    out.append(piece[last:])
    index.extend(range(last, len(piece)))
    chars = list("".join(out))
    if overstrike and ("\x1b" in chars or SILENT_RE.search("".join(chars))):
        chars, index = _drop_decoded_terminal(chars, index)
    if overstrike and "\x08" in chars:
        chars, index = _overstrike(chars, index)
    return chars, index


def _rendered_parts(piece: str, matches: Any) -> Any:
    last = 0
    for m in matches:
        yield piece[last : m.start()]
        yield _value(m)
        last = m.end()
    yield piece[last:]


def _backspaces_kept(m: re.Match[str]) -> str:
    """What is left on a terminal of a decoded sequence or silent control: the backspaces a CSI
    executes (the rest prints nothing)."""
    return "\x08" * m.group().count("\x08")


def _drop_decoded_terminal(chars: list[str], index: list[int]) -> tuple[list[str], list[int]]:
    """The terminal codes of decoded text removed, with their index entries."""
    text = "".join(chars)
    keep_chars: list[str] = []
    keep_index: list[int] = []
    last = 0
    for m in _DECODED_TERMINAL.finditer(text):
        keep_chars += chars[last : m.start()]
        keep_index += index[last : m.start()]
        for k in range(m.start(), m.end()):  # (a CSI's backspaces act: _backspaces_kept)
            if chars[k] == "\x08":
                keep_chars.append("\x08")
                keep_index.append(index[k])
        last = m.end()
    return keep_chars + chars[last:], keep_index + index[last:]


def _overstrike(chars: list[str], index: list[int] | None) -> tuple[list[str], list[int]]:
    """A terminal's reading of backspaces: the cursor moves back (as far as the line start,
    never to an earlier line) and the next character overwrites."""
    out: list[str] = []
    pos: list[int] = []
    cursor = floor = 0
    for k, c in enumerate(chars):
        if c == "\x08":
            cursor = max(cursor - 1, floor)
            continue
        i = index[k] if index is not None else 0
        if cursor < len(out):  # the cell keeps where its first stored character was
            out[cursor], pos[cursor] = c, min(pos[cursor], i)
        else:
            out.append(c)
            pos.append(i)
        cursor += 1
        if c in "\r\n":
            cursor = floor = len(out)
    return out, pos


# The same hints for bytes (the ASCII ones: bytes that are not ASCII are read as text anyway).
_RENDER_HINTS_B = tuple((c.encode(), re.compile(p.pattern.encode())) for c, p in RENDER_HINTS if c.isascii())


def may_render(data: bytes) -> bool:
    """True if ASCII ``data`` may read otherwise when rendered: it holds a hint (memchr speed
    for the trigger byte first).  A plain loop: a generator's frames cost a full scan more
    than the six memchr passes over a typical file."""
    for c, p in _RENDER_HINTS_B:  # noqa: SIM110 - a loop: any() over a generator costs more here
        if c in data and p.search(data) is not None:
            return True
    return False


def needs_render(line: str, needles: tuple[str, ...] | None = None) -> bool:
    """True if the rendered reading of ``line`` can differ from its stored text in a way that
    matters: it holds a construct that yields or joins word characters, a terminal code, a
    backspace, or a character that changes the display order.

    With ``needles`` (the matcher's, as text) an ASCII line without NUL is judged exactly by
    what its constructs decode to (_ACTING): if none yields a character other than an inert
    separator and none vanishes or joins, every character of a rendered token is stored
    literally and contiguously, so the line holds the token's needle; separators decoded from
    escapes (``\\n``, ``%0A``, ``&lt;``) can then only split words, which matters only on a
    line holding a needle.  (The disguise view changes no ASCII character but NUL.)"""
    if SILENT_JOIN.search(line) is not None or has_c1_opener(line):
        return True  # (the terminal reading drops them; a C1 opener starts a sequence)
    if needles is not None and line.isascii() and "\x00" not in line:
        if any(p.search(line) is not None for p in acting_hints_in(line)):
            return True
        return any(c in line for c in TRIGGERS) and any(n in line for n in needles)
    if not line.isascii() and BIDI_RE.search(line):
        return True
    return any(c in line and p.search(line) is not None for c, p in RENDER_HINTS)


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
    """The pattern of trigger ``c`` (one of _ACTING_TRIGGERS), derived from _ESCAPES and _MARKUP
    (each pattern matches a superset of the constructs of its kind that are not inert, see
    _inert), and from html.entities for named references.  One pattern per trigger, each
    starting with its literal character, so that ``re`` skips to the next one at memchr speed
    (one pattern for all of them ran at a third of the speed).  Each is built on first use:
    only text holding ``&`` pays for html.entities and the 8 KB pattern of entity names (24 ms,
    a tenth of a pre-push whose commit headers hold ``<``)."""
    if c == "&":
        from html.entities import html5

        names = sorted(k for k, v in html5.items() if not _inert(v))
        # numeric references (any), named ones whose value is not inert (prefixes too:
        # ``&notin`` reads as NOT SIGN and ``in``, as html.unescape reads it)
        return re.compile("&(?:#|" + _trie(names) + ")")
    return re.compile(_ACTING[c])


_ACTING = {
    # string escapes that decode to a letter, digit, ``_``, NUL, BS, ESC or BEL (any escaped
    # letter or digit but the separators f, n, r, t, v: the others are escapes that make a word
    # character or a control, or JavaScript's identity escapes), or join lines (a separator
    # before or after the line break cannot join words: ``x = 1; \``)
    "\\": r"\\(?:[0-9A-Za-eg-mo-qsuw-z_]"
    r"|(?<=[A-Za-z0-9_]\\)(?:\r\n|\r|\n)[ \t]*[A-Za-z0-9_\\&%<\x1b\x08])",
    # percent runs holding a byte that is not an inert separator: NUL, BS, ESC, a digit,
    # a letter, ``_`` (and more), anything not ASCII
    "%": r"%(?:0[08]|1[Bb]|3[0-9]|[4-9A-Fa-f][0-9A-Fa-f])",
    # markup that vanishes (_MARKUP's tags and comments) between a word character and a
    # word character or another construct (else it joins nothing: ``vector<int> v``); a
    # comment after a word character whatever follows it (its end is not searched for here:
    # once per opener would cost the rest of the text each time)
    "<": r"<(?<=[A-Za-z0-9_]<)(?:!--|" + TAG_BODY + r"(?=[A-Za-z0-9_\\&%<\x1b\x08]))"
    # (or an opening tag whose attributes may hide its element: what it holds vanishes with it,
    # whatever is around the tags)
    r"|<[A-Za-z][A-Za-z0-9-]*+[\s/][^<>]*?(?i:hidden|display|visibility)"
    # (or HTML's override element: it reorders what it holds, _bdo_value)
    r"|<[Bb][Dd][Oo][\s/>]",
    # terminal codes and backspaces act wherever they are
    "\x1b": "\x1b",
    "\x08": "\x08",
}


@functools.lru_cache(maxsize=4096)
def plain_char(ch: str) -> bool:
    """A non-ASCII character that ends a word in every reading: not a disguise character, not
    a mark (a combining underline joins the space before it), not one that reorders."""
    from rehearsal_hook.scan.normalize import is_suspicious

    return (
        not is_suspicious(ch)
        and not unicodedata.category(ch).startswith("M")
        and BIDI_RE.match(ch) is None
        and ch not in SILENT
    )
