"""Unicode normalisation shared by the scanner and the gate.

Two different views are needed:

* the scanner's *disguise view*: NFKC applied code point by code point, default-ignorable
  characters (and NUL) removed, look-alikes of token characters read as them (UTS #39
  confusables, small capitals, underscore look-alikes: the generated LOOKALIKES table); no
  case folding, because tokens are case-sensitive;
* the gate's *comparison key* (``comparison_key``): the same, then the words a person reads,
  case-folded, whatever separates them, so that ``Production-Apply`` and ``cut.over`` are
  reported as what they are.

NFKC is applied per code point rather than per string so that every original character maps
to a known span of the view; that is what lets a finding in the view point back at the right
column.  Per-code-point NFKC never composes a base letter with a following combining mark,
so it reveals more ASCII letters than whole-string NFKC -- but not every token: the letter a
composition makes (``W`` and U+0302 read as ``Ŵ``) is not ASCII, so it ends the word before
it: a token followed by ``W`` and U+0302 is a token, as one followed by the precomposed ``Ŵ``
is (canonically equivalent text is the same text to a reader).  Where text holds such
compositions (compose.py), the scanner reads a second, composed view.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

# Default_Ignorable_Code_Point from Unicode's DerivedCoreProperties.txt (stable since 6.x), and
# the format characters no renderer draws that it leaves out (below).
DEFAULT_IGNORABLE_RANGES: tuple[tuple[int, int], ...] = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    # (Not Default_Ignorable, but as invisible: the interlinear annotation anchor, separator and
    # terminator (Cf), which Chromium 150 draws as nothing and glibc's wcwidth gives no cell --
    # ``CUTOVER_P`` U+FFF9 ``ASS`` showed the token and passed, red-team pass of session 27.)
    (0xFFF9, 0xFFFB),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)

# Small letters that look like Latin ones; used only by the gate's case-folded key.
LOOKALIKE_SMALL: dict[str, str] = {
    "\u0430": "a",
    "\u0435": "e",
    "\u043e": "o",
    "\u0440": "p",
    "\u0441": "c",
    "\u0443": "y",
    "\u0445": "x",
    "\u0455": "s",
    "\u0456": "i",
    "\u0458": "j",
    "\u043a": "k",
    "\u03bf": "o",
    "\u03b9": "i",
    "\u03ba": "k",
    "\u03bd": "v",
}

# Latin capitals and digits in an enclosing shape that NFKC leaves alone and confusables.txt
# does not list: white on a black circle or square (emoji-style), a regional indicator (two make
# a flag where the platform has one; Windows shows the two letters), dingbat and double-circled
# digits, and the squared words of the Enclosed Alphanumeric Supplement (``🆌`` NEGATIVE SQUARED
# PA, ``🆗`` SQUARED OK).  A reader reads the letter or digit in them: the generated table (tools/
# gen_unicode_table.py) reads each as it, and the mixed view reads them as another width of
# the letter, not as another script (compose._other_script), as it reads full-width letters.
# (Parenthesized ones are left to NFKC, which reads them with their parentheses: ``(P)``.)
# (A pattern's source: compiled where a character is judged, patterns.compiled.)
ENCLOSED_NAME = (
    r"(?:(?:CROSSED )?NEGATIVE (?:CIRCLED|SQUARED) LATIN CAPITAL LETTER"
    r"|REGIONAL INDICATOR SYMBOL LETTER"
    r"|(?:DINGBAT )?(?:NEGATIVE |DOUBLE )?CIRCLED (?:SANS-SERIF )?DIGIT"
    r"|(?:NEGATIVE )?SQUARED) ([A-Z]+)"
)

# Combining marks that decorate a letter without making another one: every enclosing mark
# (circle, square, keycap), every overlay (stroke, slash, ring: combining class 1) and the
# lines over and under (overline, low line, their doubles).  ``P̶A̶S̶S̶`` and ``P̲A̲S̲S̲`` show
# PASS struck through or underlined, as a renderer shows ``~~PASS~~``; none of them composes
# with an ASCII letter or digit (an accent that does makes another letter: compose.py).
# tests/unit/test_decorations.py derives the set from unicodedata.
DECORATING_MARKS = (
    "\u0305\u0332\u0333\u0334\u0335\u0336\u0337\u0338\u033f\u0488\u0489\u1abe\u1cd4"
    "\u1ce2\u1ce3\u1ce4\u1ce5\u1ce6\u1ce7\u1ce8\u20d2\u20d3\u20d8\u20d9\u20da\u20dd\u20de"
    "\u20df\u20e0\u20e2\u20e3\u20e4\u20e5\u20e6\u20ea\u20eb\ua670\ua671\ua672\U00010a39"
    "\U00016af0\U00016af1\U00016af2\U00016af3\U00016af4\U0001bc9e\U0001d167\U0001d168\U0001d169"
)

WORD_ASCII = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


@functools.cache
def _ignorable_set() -> frozenset[int]:
    return frozenset(cp for lo, hi in DEFAULT_IGNORABLE_RANGES for cp in range(lo, hi + 1))


def is_default_ignorable(cp: int) -> bool:
    return cp >= 0xAD and cp in _ignorable_set()


@functools.lru_cache(maxsize=4096)
def cell_width(ch: str) -> int:
    """The cells a terminal gives a character that is not a control: 0 for a mark or another
    zero-width character, 2 for a wide one, else 1 (as wcwidth)."""
    if unicodedata.category(ch) in ("Mn", "Me", "Cf") or is_default_ignorable(ord(ch)):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


@functools.cache
def lookalikes() -> dict[int, str]:
    """The generated look-alike table (UTS #39 confusables of token characters and friends)."""
    from rehearsal_hook.scan._unicode_table import LOOKALIKES

    return LOOKALIKES


@functools.cache
def underscore_table() -> dict[int, str]:
    """``str.translate`` table: each underscore look-alike that NFKC does not read as ``_``
    (double low line, lower blocks...) to a space -- the other way to read it, as a mark that
    separates words rather than joins them."""
    return {cp: " " for cp, look in lookalikes().items() if look == "_"}


@functools.cache
def underscore_lookalike() -> re.Pattern[str]:
    """A search for a key of underscore_table: a text without one reads the same through it
    (``str.translate`` looks every character up in the table, about 50 ns each)."""
    return re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(underscore_table())) + "]")


@functools.lru_cache(maxsize=4096)
def disguise_char(ch: str) -> str:
    """What one code point reads as in the scanner's disguise view."""
    return disguise_char_with(ch, lookalikes())


# Combining underlines: carried by a space they read as ``_`` (the space vanishes: see
# disguise_view); the table reads the mark itself as ``_``.  Any blank space carries one: a
# no-break, narrow, thin, figure or ideographic space shows the same line (only the space
# was read: U+202F and a low line between two words passed).  (Not U+1680 OGHAM SPACE MARK,
# which shows a stroke.)
COMBINING_UNDERLINES = "\u0331\u0332\u0333"
_BLANKS = " \u00a0\u2000-\u200a\u202f\u205f\u3000"


# (Compiled on first use: only a text holding a combining underline reads it, and every hook's
# start-up paid 0.35 ms for it.)
@functools.cache
def _carried_underline() -> re.Pattern[str]:
    return re.compile(f"[{_BLANKS}](?=[{COMBINING_UNDERLINES}])")


def disguise_char_with(ch: str, table: dict[int, str]) -> str:
    """``disguise_char`` with a given look-alike table (the generator builds the table's
    ranges with the table it is about to write)."""
    if ch == "\x00" or is_default_ignorable(ord(ch)):
        return ""
    look = table.get(ord(ch))
    if look is not None:
        return look
    out = unicodedata.normalize("NFKC", ch)
    if not out.isascii():
        out = "".join(table.get(ord(c), c) for c in out)
    # NFKC can itself produce ignorables (rarely); drop them too.
    return "".join(c for c in out if not is_default_ignorable(ord(c)))


def is_suspicious(ch: str, table: dict[int, str] | None = None) -> bool:
    """True if the character can change what the disguise view reads around it: it vanishes,
    or it reads as (or contains) an ASCII word character."""
    if ch.isascii():
        return ch == "\x00"
    view = disguise_char(ch) if table is None else disguise_char_with(ch, table)
    return view == "" or any(c in WORD_ASCII for c in view)


def _ranges(cps: Iterable[int]) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for cp in cps:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    return ranges


def compute_suspicious_ranges(table: dict[int, str]) -> list[tuple[int, int]]:
    """Every suspicious code point as sorted inclusive ranges (slow: used to build the table)."""
    return _ranges(cp for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF and is_suspicious(chr(cp), table))


@functools.cache
def suspicious_re() -> re.Pattern[str]:
    """A regex that finds any suspicious character.  Built from the generated table, lazily:
    only text that is not plain ASCII needs it."""
    from rehearsal_hook.scan._unicode_table import SUSPICIOUS_RANGES

    parts = []
    for lo, hi in SUSPICIOUS_RANGES:
        parts.append(re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}")
    return re.compile("[" + "".join(parts) + "]")


def is_relevant(ch: str, table: dict[int, str] | None = None) -> bool:
    """True for the suspicious characters that can make the disguise view hold a token the raw
    text does not: those that vanish, and those whose view has a run of ``[A-Z0-9_]`` (a run
    with a lowercase letter can only end a token, never create one -- the raw reading finds
    that).  NUL is one."""
    if not is_suspicious(ch, table):
        return False
    view = disguise_char(ch) if table is None else disguise_char_with(ch, table)
    return view == "" or any(re.fullmatch(r"[A-Z0-9_]+", run) for run in re.findall(r"[A-Za-z0-9_]+", view))


def compute_relevant_ranges(table: dict[int, str]) -> list[tuple[int, int]]:
    return _ranges(cp for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF and is_relevant(chr(cp), table))


@functools.cache
def relevant_chars(*, lower: bool = False) -> frozenset[str]:
    """Every relevant character, from the generated table (lazily: only non-ASCII text needs
    it).  ``lower``: the configured tokens have lowercase letters, so every suspicious
    character is relevant (a full-width small letter can spell such a token)."""
    from rehearsal_hook.scan._unicode_table import RELEVANT_RANGES, SUSPICIOUS_RANGES

    ranges = SUSPICIOUS_RANGES if lower else RELEVANT_RANGES
    return frozenset(chr(cp) for lo, hi in ranges for cp in range(lo, hi + 1))


@functools.cache
def relevant_table(*, lower: bool = False) -> dict[int, str]:
    """``str.translate`` table: each relevant character to its view."""
    return {ord(c): disguise_char(c) for c in relevant_chars(lower=lower)}


# Where composition changes the view: index of a base character -> (end of the marks after
# it, what the base and those marks read as, composed).
Compositions = dict[int, tuple[int, str]]


def disguise_view(text: str, composed: Compositions | None = None) -> tuple[str, list[int]]:
    """The disguise view of ``text`` and, for each view character, the index of the original
    character it came from.  ``composed`` (compositions()): the composed view, each base
    character and its marks read as they compose."""
    out: list[str] = []
    index: list[int] = []
    carried = {m.start() for m in _carried_underline().finditer(text)} if has_underline(text) else set()
    skip = 0  # the marks a composition took
    for i, ch in enumerate(text):
        if i < skip:
            continue
        if composed and i in composed:
            skip, piece = composed[i]
            out.append(piece)
            index.extend([i] * len(piece))
            continue
        if ch.isascii() and ch != "\x00" and i not in carried:
            out.append(ch)
            index.append(i)
            continue
        piece = "" if i in carried else disguise_char(ch)
        out.append(piece)
        index.extend([i] * len(piece))
    return "".join(out), index


DECORATING_SET = frozenset(DECORATING_MARKS)


@functools.cache
def undecorated_table(*, lower: bool = False) -> dict[int, str]:
    """relevant_table() with each decorating mark vanished: the quick view of the reading that
    sees the letters it decorates (compose.undecorated)."""
    return {**relevant_table(lower=lower), **{ord(c): "" for c in DECORATING_MARKS}}


def has_underline(text: str) -> bool:
    return any(c in text for c in COMBINING_UNDERLINES)


def quick_view(text: str, table: dict[int, str]) -> str:
    """The disguise view without its column map (``table``: relevant_table()), for the cheap
    test whether a line needs the exact view at all."""
    if has_underline(text):
        text = _carried_underline().sub("", text)
    return text.translate(table)


def _key_char(ch: str) -> str:
    """One character as the comparison key reads it, before case folding."""
    view = disguise_char(ch)
    if view.isascii():
        return view
    if ch in LOOKALIKE_SMALL:
        return LOOKALIKE_SMALL[ch]
    # A small letter whose capital is a look-alike reads as that letter, small: the
    # scanner's table of capitals serves for both cases.
    upper = ch.upper()
    if len(upper) == 1 and upper != ch:
        up_view = disguise_char(upper)
        if up_view.isascii() and up_view.isalpha():
            return up_view.lower()
    # A Latin letter with a stroke, bar or hook over it (ø, ł, đ) has no decomposition for
    # the key to drop, yet reads as that letter: its Unicode name says which.
    overlaid = _LATIN_WITH.match(unicodedata.name(ch, ""))
    if overlaid is not None:
        letter = overlaid.group(2)
        return letter if overlaid.group(1) == "CAPITAL" else letter.lower()
    return view


_LATIN_WITH = re.compile(r"LATIN (SMALL|CAPITAL) LETTER ([A-Z]) WITH ")


# Where one word of an identifier ends and the next begins without a separator.
_CASE_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_WORD = re.compile(r"[^\W_]+")


def comparison_key(value: str, *, split_case: bool = True) -> str:
    """The one key by which the gate and the configuration compare names and values, and
    strict JSON compares keys: the words a person reads, lower case, joined by ``_``.

    Look-alikes are read as Latin (the scanner's view, small letters too), diacritics are
    dropped, every run of characters that is not a letter or digit (``-``, U+2010, ``.``,
    ``/``, spaces, ``_``) separates words, so do case changes (``CutOver``; not with
    ``split_case=False``, for ``pROD``), and a run of single letters is one word (``p.r.o.d``
    is ``prod``)."""
    # Keys of JSON objects repeat (every entry of a baseline has the same five): cache the
    # short ones; a long value is computed each time, so the cache stays small.
    if len(value) <= 64:
        return _cached_key(value, split_case)
    return _key(value, split_case)


@functools.lru_cache(maxsize=4096)
def _cached_key(value: str, split_case: bool) -> str:
    return _key(value, split_case)


def _key(value: str, split_case: bool) -> str:
    text = value if value.isascii() else "".join(_key_char(c) for c in value)
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    words = _WORD.findall((_CASE_BOUNDARY.sub("_", text) if split_case else text).casefold())
    out: list[str] = []
    letters: list[str] = []
    for word in words:
        if len(word) == 1:
            letters.append(word)
            continue
        if letters:
            out.append("".join(letters))
            letters = []
        out.append(word)
    if letters:
        out.append("".join(letters))
    return "_".join(out)
