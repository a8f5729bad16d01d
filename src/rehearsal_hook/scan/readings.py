"""The rendered reading of a line: what a renderer, a data reader or a terminal shows.

One pass, left to right, over a piece of a line (at most PIECE characters):

* string escapes of JSON, YAML, TOML, Python and JavaScript (``\\u005f``, ``\\u{5f}``,
  ``\\U0000005F``, ``\\x5F``, octal ``\\137``, ``\\N{LOW LINE}``, Perl's and C++23's
  ``\\x{5f}`` and ``\\o{137}``, Java's ``\\uu005f`` (any number of ``u``), a backslash before
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
Which lines need this reading at all: hints.py.

Tags, comments and terminal codes are of any length, and tags and comments may span lines
(constructs.py); a backspace moves back as far as the line start.  String escapes and
references are short (at most WINDOW characters).  The reading of a piece depends only on the
piece; ``cuts.reading_cut`` finds places where a line can be cut without changing any reading
(in a line that can reorder, also its display order: cuts.display_cuts), which is what keeps
the readings of a streamed file and of the same file in memory equal, and the work per piece
bounded.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

from rehearsal_hook.scan import charsets, constructs, linebreaks, screen
from rehearsal_hook.scan.backspaces import overstruck
from rehearsal_hook.scan.bidi import BIDI_RE, display_order, rtl_paragraph
from rehearsal_hook.scan.constructs import CONTROL_ESCAPE, HIDDEN, POP_MARK, TAG, TERMINAL, has_c1_opener, inert_openers
from rehearsal_hook.scan.cursor import code_parts
from rehearsal_hook.scan.elements import bdo_value
from rehearsal_hook.scan.indexed import Indexed, at_matches, replaced, utf8_run
from rehearsal_hook.scan.matcher import SILENT
from rehearsal_hook.scan.tags import text_in_place

# The longest string escape or reference decoded, and how far a cut keeps from one.
WINDOW = 128
# The longest stretch of a line read as one unit; a longer line is read in pieces.
PIECE = 1 << 18

# (Numeric references and ``\u{...}`` take any number of leading zeros, as browsers,
# html.unescape and JavaScript do; zeros hold no separator, so no cut falls inside them.)
_ESCAPES = (
    r"\\(?:u([Dd][89ABab][0-9A-Fa-f]{2})\\u([Dd][C-Fc-f][0-9A-Fa-f]{2})"  # a surrogate pair
    r"|u\{0*([0-9A-Fa-f]{1,6})\}|u++([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|x([0-9A-Fa-f]{2})"
    # (Ruby's escape of several code points, blanks between and around them: ``\u{5f 50}`` is
    # ``_P``; at most WINDOW characters long, as every escape)
    r"|u\{(?=[ \t0-9A-Fa-f]{1,124}\})[ \t]*+[0-9A-Fa-f]{1,6}(?:[ \t]++[0-9A-Fa-f]{1,6})*+[ \t]*+\}"
    r"|N\{(U\+0*+[0-9A-Fa-f]{1,6}|[A-Za-z0-9 \-]{1,100})\}"  # (a name, or Perl's code point ``U+5F``)
    r"|x\{0*+[0-9A-Fa-f]{1,6}\}|o\{0*+[0-7]{1,8}\}"  # Perl's, C++23's (no group: _value reads them)
    r"|([0-7]{1,3})"
    r"|([!-/:-@\[-`{-~])"
    r"|([abefnrtv])"
    # (an escaped line break: blanks before it -- gcc, TOML -- and the blanks and blank lines
    # after it -- TOML's line-ending backslash trims them all -- go with it: joins.py)
    r"|[ \t]*+(?:\r\n|\r|\n)[ \t\r\n]*+"
    r"|([0-9A-Za-z]))"  # JavaScript's identity escape: what no other escape takes is itself
    r"|&(?:#0*[0-9]{1,7}|#[xX]0*[0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?"
    r"|(?:%[0-9A-Fa-f]{2})+"
    r"|" + TERMINAL
)
_MARKUP = "|<" + TAG + "|" + HIDDEN
# An XML CDATA section shows what it holds to an XML reader (and in SVG or MathML in a browser):
# in the reading with markup kept its delimiters vanish (HTML elsewhere hides the section
# whole, a bogus comment: the reading with markup removed).
_CDATA = r"|<!\[CDATA\[|\]\]>"
# The controls a terminal does not print (matcher.SILENT): the terminal reading drops them (an
# editor may show a mark, so elsewhere they separate words, as stored).
SILENT_RE = re.compile(f"[{re.escape(SILENT)}]")


@functools.cache
def construct_pattern(markup: bool, terminal: bool = False) -> re.Pattern[str]:
    """Every construct of the rendered reading, with markup or without (search a text made
    ``constructs.inert_openers`` with it): two rendered readings, markup removed (what a
    browser or Markdown renderer shows) and kept (what a reader of the source or of an XML
    attribute sees, decoded); ``terminal``: with constructs.CONTROL_ESCAPE (the terminal reading).
    Compiled on first use: a hook whose files hold nothing to render does not pay the 1 ms."""
    escapes = CONTROL_ESCAPE + "|" + _ESCAPES if terminal else _ESCAPES
    return re.compile(escapes + _MARKUP if markup else escapes + _CDATA)


def construct_value(m: re.Match[str]) -> str:
    """What a construct found with construct_pattern reads as."""
    return _value(m)


# What was decoded is shown like stored text: an escaped ESC (``\u001b``, YAML's ``\e``)
# starts a terminal code in what a JSON or YAML reader hands a terminal; on a terminal, the
# silent controls vanish too (stored or decoded: ``\u0007``, ``\a``, ``&#7;``).
# (Of any length, as stored ones: a CSI's executed controls are silent or a backspace, which
# overstrike reads after this.)
_DECODED_TERMINAL = re.compile(TERMINAL + f"|[{re.escape(SILENT)}]")


def shows_reordered(text: str) -> bool:
    """True if ``text`` (a rendered reading) holds a character that changes its display order."""
    return not text.isascii() and BIDI_RE.search(text) is not None


def in_display_order(text: str, *, ltr: bool = False) -> str:
    """``text`` (a rendered reading of a line) in display order (``ltr``: laid out from the
    left, bidi.rtl_paragraph)."""
    return "".join(map(text.__getitem__, display_order(text, ltr=ltr))) if shows_reordered(text) else text


# The orders a rendered reading is read in, as (display, ltr): stored (a terminal without
# bidirectional layout, a program); in display order, each paragraph in its own direction;
# and laid out from the left where that differs (a paragraph starting right to left).
_STORED, _DISPLAYED, _BOTH_WAYS = (
    ((False, False),),
    ((False, False), (True, False)),
    ((False, False), (True, False), (True, True)),
)


def orders(text: str) -> tuple[tuple[bool, bool], ...]:
    """The (display, ltr) orders ``text`` (a rendered reading) is read in."""
    if not shows_reordered(text):
        return _STORED
    return _BOTH_WAYS if rtl_paragraph(text) else _DISPLAYED


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
        if s[1] == "0" and len(s) == 5:  # (CONTROL_ESCAPE's ``\0137``: C's octal escape is three digits long)
            return _chr(int(s[2:], 8))
        if (s[1] in "cCM" and len(s) > 2) or (s == "\\E" and m.group(11) is None):  # (a CONTROL_ESCAPE)
            return constructs.control_value(s)
        if m.group(1):
            return chr(0x10000 + ((int(m.group(1), 16) - 0xD800) << 10) + int(m.group(2), 16) - 0xDC00)
        digits = m.group(3) or m.group(4) or m.group(5) or m.group(6)
        if digits:
            return _chr(int(digits, 16))
        if s[2:3] == "{" and s[1] in "xo":
            return _chr(int(s[3:-1], 16 if s[1] == "x" else 8))
        if s[2:3] == "{" and s[1] == "u":  # (Ruby's list)
            return "".join(_chr(int(digits, 16)) for digits in s[3:-1].split())
        if m.group(7):
            if m.group(7)[:2] == "U+":
                return _chr(int(m.group(7)[2:], 16))
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
    if s[0] == "\x1b" or s[0] == "\x9b":
        # A code executes the controls it holds (a bell, a backspace) and shows nothing else:
        # those after its ESC (code_parts), and a CSI's in its body.
        executed, code = code_parts(s)
        if code[:2] == "\x1b[" or code[0] == "\x9b":
            return executed + "".join(c for c in code[1:] if c < " " or c == "\x7f")
        return executed
    if s[0] == "<" and (s[1:4].lower() in ("bdo", "/bd") or s.startswith(POP_MARK)):
        return bdo_value(s)
    return text_in_place(s) if s[0] == "<" else ""  # tags, comments, CDATA, codes vanish (an image: its alt)


def _apart_value(searched: str) -> Any:
    """What a construct of ``searched`` reads as where a tag that sets its element apart
    separates the words around it: a line break before what it shows in its place (a block's
    tags, a line break's, a control's box -- linebreaks.apart -- stand between the words, never
    inside one)."""
    if not linebreaks.may_break(searched):
        return _value
    names = linebreaks.styled(searched)

    def value(m: re.Match[str]) -> str:
        s = m.group()
        shown = _value(m)
        return "\n" + shown if s[0] in _MARKUP_FIRST and linebreaks.apart(s, names) else shown

    return value


_MARKUP_FIRST = ("<", constructs.HIDE_OPEN)


# (a bell: a terminal prints nothing)
_CONTROL_ESCAPES = {"b": "\x08", "e": "\x1b", "a": "\x07", "n": "\n", "r": "\r"}
# A CR that decoding may produce (carriage.decoded_returns): ``\r``, ``\u000d``, ``\x0d``, ``\U0000000d``,
# ``\015``, echo's ``\0015``, ``\u{d}``, ``\x{0d}``, ``\o{15}``, ``\cM``, ``\C-m``, any ``\N{...}`` (each CR judged).
_DECODED_CR = re.compile(
    r"\\(?:r|u+000[dD]|x0[dD]|U0000000[dD]|0{0,2}15|[ux]\{0*+[dD]\}|o\{0*+15\}|N\{|(?:c|C-)[Mm-]"
    r"|u\{(?=[ \t0-9A-Fa-f]{0,124}\})[ \t0-9A-Fa-f]*?(?<![0-9A-Fa-f])0*+[dD](?![0-9A-Fa-f]))"  # (Ruby's list)
)


def decoded_cr(piece: str, text: str) -> bool:
    """Whether ``text``, a decoded reading of ``piece``, may hold a CR that decoding produced
    (a terminal reads it: carriage.decoded_returns)."""
    return "\r" in text and "\\" in piece and _DECODED_CR.search(piece) is not None


# A percent-encoded control stays encoded where URLs are shown (an address bar, a link): it
# separates words there, and nowhere vanishes.
_PERCENT_SILENT = {ord(c): " " for c in SILENT}


def render(
    piece: str,
    *,
    exact: bool = False,
    markup: bool = True,
    overstrike: bool = False,
    display: bool = False,
    ltr: bool = False,
    breaks: bool = False,
) -> tuple[str, list[int] | None]:
    """The rendered reading of ``piece`` (a line or a piece of one); with ``exact``, also the
    index in ``piece`` of each of its characters.  ``markup``: HTML tags and comments vanish;
    ``overstrike``: as a terminal shows it -- backspaces act, and so do terminal codes that
    decoding produced (``\\u001b[0m``), a reading of its own: it can hide what the other
    readings show (a decoded ESC before a token's first letter is a two-byte code on a
    terminal, and a plain word elsewhere).  ``display``: in display order (bidi.py), as a
    renderer lays it out -- a reading of its own too: a terminal without bidirectional
    layout, and a program, read the decoded text in stored order; ``ltr``: laid out from the
    left (``orders``).  ``breaks``: with markup removed, a tag that sets its element apart (a
    block, a line break, a box: linebreaks.py) separates the words around it."""
    construct = construct_pattern(markup, overstrike)
    # (A comment opener that cannot close is text: made inert, so that no search for its end
    # runs once per opener.)
    searched = inert_openers(piece) if markup else piece
    value = _apart_value(searched) if breaks and markup else _value
    if not exact:
        if searched is not piece or has_c1_opener(piece):
            # (joined in bounded batches: ``sub`` and a join of every part listed two parts a
            # construct, 8 bytes a character of a line of 8-bit openers, each one a code)
            text = "".join(_batched(_rendered_parts(piece, construct.finditer(searched), value)))
        elif any(c in piece for c in "\\&%<\x1b"):
            text = construct.sub(value, piece)
        else:
            text = piece
        if overstrike and decoded_cr(piece, text):
            # (a CR that decoding produced returns to its string's start: the exact reading)
            return "".join(decoded(piece, markup=markup, overstrike=True)[0]), None
        if overstrike and "\x1b" in text:  # (a decoded ``ESC ( 0``: the set it draws from)
            text = charsets.drawn(text)
        if overstrike and ("\x1b" in text or "\x9b" in text) and screen.moves(text):
            text = screen.cells(text, 0, len(text), True, decoded=True)[0]
        if overstrike and ("\x1b" in text or SILENT_RE.search(text)):
            text = "".join(_batched(_rendered_parts(text, _DECODED_TERMINAL.finditer(text), _backspaces_kept)))
        if overstrike and "\x08" in text:
            text = "".join(overstruck(list(text), None)[0])
        return (in_display_order(text, ltr=ltr) if display else text), None
    chars, index = decoded(piece, markup=markup, overstrike=overstrike, value=value)
    if display and shows_reordered("".join(chars)):
        order = display_order(chars, ltr=ltr)
        chars, index = [chars[k] for k in order], [index[k] for k in order]
    return "".join(chars), index


def decoded(piece: str, *, markup: bool, overstrike: bool, value: Any = None) -> tuple[list[str], list[int]]:
    """The rendered reading of ``piece`` in stored order, with the index in ``piece`` of each
    of its characters; ``value``: what a construct reads as (render's), if not _value."""
    construct = construct_pattern(markup, overstrike)
    searched = inert_openers(piece) if markup else piece
    indexed = _indexed_value if value is None or value is _value else functools.partial(_indexed_value, value=value)
    found = replaced(piece, at_matches(construct.finditer(searched), indexed))
    text, index = found if found is not None else (piece, list(range(len(piece))))
    if overstrike and "\x1b" in text:
        text = charsets.drawn(text)  # (one for one: the index holds)
    if overstrike and ("\x1b" in text or "\x9b" in text) and screen.moves(text):
        # (a decoded code that moves the cursor or edits the row: the terminal's cells,
        # screen.py, which also read what the rest of the terminal codes do)
        text, runs = screen.cells(text, 0, len(text), True, decoded=True)
        index = [index[k] for k in screen.offsets(runs, len(text))]
    if overstrike and decoded_cr(piece, text):
        from rehearsal_hook.scan.carriage import decoded_returns  # (carriage reads PIECE here)

        text, index = decoded_returns(text, index, piece)
    chars = list(text)
    if overstrike and ("\x1b" in text or SILENT_RE.search(text)):
        chars, index = _drop_decoded_terminal(chars, index)
    if overstrike and "\x08" in chars:
        chars, index = overstruck(chars, index)
    return chars, index


def _indexed_value(m: re.Match[str], value: Any = _value) -> str | Indexed:
    """What a construct reads as (``value``'s); for a percent run, with the index of each
    character's first ``%XX`` (a run can hold several characters)."""
    if m.group()[0] != "%":
        return str(value(m))
    text, index = utf8_run(m.group(), m.start(), 3)
    return text.translate(_PERCENT_SILENT), index


def _rendered_parts(piece: str, matches: Any, value: Any = _value) -> Any:
    last = 0
    for m in matches:
        yield piece[last : m.start()]
        yield value(m)
        last = m.end()
    yield piece[last:]


def _batched(parts: Any) -> Any:
    """``parts`` joined a batch at a time (the list of a batch stays bounded)."""
    batch: list[str] = []
    for part in parts:
        batch.append(part)
        if len(batch) >= _BATCH:
            yield "".join(batch)
            batch.clear()
    yield "".join(batch)


_BATCH = 1 << 12


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
