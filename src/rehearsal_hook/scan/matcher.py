"""The token matcher: what counts as a seal-like or forbidden token, and redaction."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

SEAL_SUFFIXES = ("PASS", "AUTHORIZED", "GRANTED")
SEAL_LIKE_PATTERN = r"[A-Z][A-Z0-9_]*_(?:PASS|AUTHORIZED|GRANTED)"
# The seed harness's literal list; all of them are seal-like too.
SEED_FORBIDDEN_TOKENS = (
    "PRODUCTION_PASS",
    "REAL_RUN_PASS",
    "CUTOVER_PASS",
    "SEAL_AUTHORIZED",
    "QT001_PASS",
    "PERMIT_PASS",
)
ALLOW_PRAGMA = "rehearsal-hook: allow"

_NONWORD_B = re.compile(rb"[^A-Za-z0-9_]")
# The control characters a terminal does not print: C0 but BS, TAB, LF, VT, FF, CR and ESC
# (they move the cursor or start a code), DEL, and C1 but NEL (a line break).  ``cat`` or a CI
# log shows the letters on both sides of one side by side (see readings: the terminal reading).
SILENT = "".join(
    chr(c)
    for c in (*range(0x01, 0x08), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F, *range(0x80, 0x85), *range(0x86, 0xA0))
)
# The same in UTF-8 bytes (C1 controls are two bytes there).
SILENT_B = rb"[\x01-\x07\x0e-\x1a\x1c-\x1f\x7f]|\xc2[\x80-\x84\x86-\x9f]"
_LINE_END_S = re.compile(r"\r\n|\r|\n")
_LINE_END_B = re.compile(rb"[\r\n]")


def ascii_or_beyond(chars: str) -> str:
    """A regex class for the ASCII characters of the class body ``chars`` (``A-Za-z0-9_``) and
    every character that is not ASCII, written as the complement of the other ASCII ones:
    ``re`` took 5 ms to compile a class holding the range ``\x80-\U0010ffff`` (each start-up
    paid it), 0.05 ms this one."""
    inside = re.compile(f"[{chars}]")
    return "[^" + "".join(re.escape(chr(c)) for c in range(128) if not inside.fullmatch(chr(c))) + "]"


_ELLIPSIS = "\u2026"


class TokenHit(NamedTuple):
    """One token: 1-based line, 1-based column in code points of the decoded text, the token
    as read (ASCII), and whether its line carries the inline pragma."""

    line: int
    column: int
    token: str
    pragma: bool


def seen_as(shown: str, token: str) -> bool:
    """Whether a token one reading finds where another reading shows ``shown`` is that token
    seen again: the same word, or its tail (the letters after a look-alike or an escape, which
    the stored text or a wrong decoding leaves).  Any other word there is a token of its own,
    a finding of its own: an exemption made for ``shown`` must not cover it."""
    return shown.endswith(token)


def unseen_at_places(hits: list[TokenHit], more: list[TokenHit]) -> list[TokenHit]:
    """The hits of ``more`` that no hit of ``hits`` at the same line and column shows
    (``seen_as``)."""
    shown: dict[tuple[int, int], list[str]] = {}
    for h in hits:
        shown.setdefault((h.line, h.column), []).append(h.token)
    return [h for h in more if not any(seen_as(t, h.token) for t in shown.get((h.line, h.column), ()))]


class TokenMatcher:
    """The compiled token rules.  Immutable once built; build one per configuration."""

    __slots__ = (
        "_full_b",
        "_needle_re",
        "_str_re",
        "_token_re_b",
        "extra_tokens",
        "lower_view",
        "needles",
        "whole_needle_re",
    )

    def __init__(self, extra_tokens: Iterable[str] = ()) -> None:
        extras = tuple(sorted({t for t in extra_tokens if not re.fullmatch(SEAL_LIKE_PATTERN, t)}))
        self.extra_tokens = extras
        # A configured token with a lowercase letter can be spelt in full-width or
        # mathematical small letters: the Unicode view must then be read for those too.
        self.lower_view = any(not re.fullmatch(r"[A-Z0-9_]*", t) for t in extras)
        alternatives = "|".join([SEAL_LIKE_PATTERN, *map(re.escape, extras)])
        self._full_b = re.compile(f"(?:{alternatives})".encode())
        self._str_re = re.compile(rf"\b(?:{alternatives})\b", re.ASCII)
        self._token_re_b: re.Pattern[bytes] | None = None
        needles = [b"_" + s.encode() for s in SEAL_SUFFIXES]
        needles += [t.encode() for t in extras]
        self.needles: tuple[bytes, ...] = tuple(needles)
        # One regex for every needle: ``re`` finds the literal ``_`` with memchr and checks the
        # rest, which measured 2.4x faster than three ``bytes.find`` passes.  A token ends with
        # its needle, so a needle followed by a word byte (``_PASSWORD``) is no candidate: the
        # lookahead drops near-misses inside the regex engine instead of in Python.  (Segments
        # of a stream always end after a separator, so the end of the data is a real end.)
        #   A needle cut short by a control a terminal does not print (``_PA\x07SS``) is a
        # candidate too: the word it ends shows whether the terminal reading is needed
        # (words.silent_beside).  (Compiled on first use, needle_re: plain ASCII text is read
        # with whole_needle_re alone, and a hook's start-up paid 1 ms for it.)
        self._needle_re: re.Pattern[bytes] | None = None
        # The same without the needles cut short, for text known to hold none (near.near_b
        # found no needle's beginning before what vanishes): the cut's lookahead at every
        # letter cost three times the search in text dense with needles (FOO_PASSWORD ...).
        self.whole_needle_re = re.compile(b"(?:" + b"|".join(map(re.escape, needles)) + b")" + _WORD_END)

    @property
    def needle_re(self) -> re.Pattern[bytes]:
        """Every needle, and every needle's beginning cut short by a silent control."""
        if self._needle_re is None:
            needle_patterns = [
                b"_" + _trie([s.encode() for s in SEAL_SUFFIXES]),
                *(re.escape(n[:1]) + _trie([n[1:]]) for n in self.needles[3:]),
            ]
            self._needle_re = re.compile(b"|".join(needle_patterns))
        return self._needle_re

    @property
    def token_re_b(self) -> re.Pattern[bytes]:
        """The words of bytes that are tokens (a word: a run of ``[A-Za-z0-9_]``, as
        words.raw_word_spans reads them).  (Compiled on first use: only a text dense with
        needles asks, words.stored_tokens_over.)"""
        if self._token_re_b is None:
            self._token_re_b = re.compile(rb"\b" + self._full_b.pattern + rb"\b")
        return self._token_re_b

    def is_token_word(self, word: bytes) -> bool:
        return self._full_b.fullmatch(word) is not None

    def finditer_str(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        return self._str_re.finditer(text, pos, len(text) if endpos is None else endpos)


_WORD_END = rb"(?![A-Za-z0-9_])"
_CUT = b"(?=" + SILENT_B + b")"


def _trie(tails: list[bytes]) -> bytes:
    """A regex for ``tails`` as a trie (one branch per next byte, so a position tries a few
    bytes, not every word): a complete tail must end a word; before it is complete, a silent
    control may cut it."""
    heads: dict[bytes, list[bytes]] = {}
    for t in tails:
        if t:
            heads.setdefault(t[:1], []).append(t[1:])
    if not heads:
        return _WORD_END
    branches = [re.escape(h) + _trie(rest) for h, rest in sorted(heads.items())]
    return b"(?:" + b"|".join([*branches, *([_WORD_END] if b"" in tails else []), _CUT]) + b")"


# ---------------------------------------------------------------------------------------------
# Redaction


def redact_token(token: str) -> str:
    """A short form of a token that cannot itself match: the seal-like ones keep their words up
    to the suffix's first letter (``PRODUCTION_P…``), others their first half."""
    m = re.fullmatch(r"(.*_)(PASS|AUTHORIZED|GRANTED)", token)
    if m:
        return m.group(1) + m.group(2)[0] + _ELLIPSIS
    keep = max(1, len(token) // 2)
    return token[:keep] + _ELLIPSIS


def redact_text(matcher: TokenMatcher, text: str) -> str:
    """``text`` with every token (disguised or not) replaced by its redacted form."""
    spans = _str_token_spans(matcher, text)
    if not spans:
        return text
    out: list[str] = []
    last = 0
    for start, end, token in spans:
        if start < last:
            continue
        out.append(text[last:start])
        short = redact_token(token)
        # A configured token can be a prefix of another one; shorten until nothing matches.
        while short != _ELLIPSIS and _str_token_spans(matcher, short):
            short = short[:-2] + _ELLIPSIS if len(short) > 2 else _ELLIPSIS
        out.append(short)
        last = end
    out.append(text[last:])
    result = "".join(out)
    # Replacing can join fragments into a new token only in contrived cases; loop until clean.
    return result if not _str_token_spans(matcher, result) else redact_text(matcher, result)


def _str_token_spans(matcher: TokenMatcher, text: str) -> list[tuple[int, int, str]]:
    """Every token of ``text`` in every reading, as (start, end, token) in ``text``."""
    spans = [(m.start(), m.end(), m.group()) for m in matcher.finditer_str(text)]
    from rehearsal_hook.scan import otherwise, states  # (the scanner imports this module)

    # (a document's state -- roff's ``.tr Q_``, AsciiDoc's ``:us: _``, a footnote -- shows
    # what follows otherwise, with none of those characters: printed._state_spans; and ASCII
    # is judged as a stream's segment is -- what a parser removes beside a needle,
    # ``A{empty}_P...``, ``CUTOVER**_P...**``, or a control a terminal does not print joins a
    # token with none of them either, and was printed whole)
    if (
        not text.isascii()
        or any(c in text for c in _MAY_READ_OTHERWISE)
        or states.may_set(text)
        or otherwise.may_read_otherwise(matcher, text.encode("ascii"))
    ):
        from rehearsal_hook.scan.printed import reading_spans

        spans += reading_spans(matcher, text)
    spans.sort()
    return spans


# (a lone CR returns the carriage: what follows overwrites the row, printed.py)
_MAY_READ_OTHERWISE = "\x00\\&%<\x1b\x08\r"
