"""Text dense with needles, none of them a token (``FOO_PASSWORD`` a million times): the
question the fast path of text.scan_bytes asks -- may a raw token, or a place where a reading
shows one, be here? -- answered in a few passes at C speed whose cost does not grow with the
number of needles, where the word search (words.raw_word_spans) and near_b's places that decide
without syntax each pay the regex engine's match attempt at every needle."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from rehearsal_hook.scan.near import _NO_VANISHING_B

_LETTERS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
# A text's shape, made by bytes.translate: letters and digits kept, a byte of what can vanish
# (those near._NO_VANISHING_B keeps: syntax, a reference's, a silent control...) as 0x01, and
# every other byte -- the underscore too -- as NUL.  One literal search in it asks what a
# character class or a lookaround asked at every needle.
_SHAPE = bytes(b if b in _LETTERS else 1 if b not in _NO_VANISHING_B else 0 for b in range(256))
# The same with the underscore kept (a word that starts with one: _starts_with_underscore).
_WORDS = bytes(b if b in _LETTERS or b == 0x5F else 0 for b in range(256))
_TWO_APART = re.compile(b"\x00\x00")

# The text is read in windows of this many bytes (each window's copies stay in the cache; a
# copy of the whole text cost a fifth more, its fresh pages, at 32 MiB), overlapping by the
# longest thing searched, so that each occurrence is whole in some window.
WINDOW = 1 << 17
# The first window is small: most text holds a byte of what can vanish near its start, and
# ends the test there (a large file of a full scan pays a few microseconds for it).
FIRST_WINDOW = 1 << 12


def holds_no_place_b(data: bytes, needles: tuple[bytes, ...], window: int = WINDOW) -> bool:
    """True if ASCII ``data`` (holding nothing a reader decodes, removes or overwrites:
    text._constructs_b) holds no raw token and no place where a reading can show one: no byte
    of what can vanish, no needle followed by an underscore or ending its word, no word that
    starts with an underscore.  Then near.near_b answers None or False (what it finds without
    syntax is a needle followed by underscores, or in a word that starts with one) and the word
    search (matcher.whole_needle_re: a needle at a word's end) finds nothing.

    Per window: one translation, a memchr pass, and one literal search per needle and for
    two bytes side by side that are no letters (which a word that starts with an underscore
    has: only then are the window's words looked at with the underscore kept)."""
    ends = _needle_ends(needles)
    if data.startswith(b"_") or any(data.endswith(n) for n in needles):
        return False
    overlap = max(len(n) for n in needles) + 1
    at, size = 0, min(window, FIRST_WINDOW)
    while at < len(data):
        part = data[at : at + size + overlap]
        shape = part.translate(_SHAPE)
        if b"\x01" in shape or any(end(shape) for end in ends):
            return False
        if _TWO_APART.search(shape) is not None and _starts_with_underscore(part):
            return False
        at, size = at + size, window
    return True


def _starts_with_underscore(part: bytes) -> bool:
    """Whether a word of ``part`` after its first byte starts with an underscore."""
    return b"\x00_" in part.translate(_WORDS)


# Letters and digits, the rarest in text first (capitals before small letters): a needle's
# rarest byte is looked for (memchr) before the needle itself.
_RARITY = b"ZQJXKVBYWGPFMUCLDHRSNIOATEzqjxkvbywgpfmucldhrsnioate9876543210"


@functools.lru_cache(maxsize=64)
def _needle_ends(needles: tuple[bytes, ...]) -> tuple[Callable[[bytes], bool], ...]:
    """Whether a text's shape holds a needle followed by an underscore or a byte that is no
    word byte (both NUL there), one literal search a needle (an alternation of the needles was
    a match attempt at each of their first bytes), asked only of a shape holding the needle's
    rarest letter (a memchr pass; a needle storm of ``_PASS`` holds no ``Z``: the search for
    ``_AUTHORIZED`` cost 8 ms at 32 MiB).  A literal of 8 bytes or more by ``in``, whose skips
    grow with its length (``\0AUTHORIZED\0`` 8-9 ms against 17-23 in ``re``), a shorter one by
    ``re`` (``\0PASS\0`` 24-29 ms against 22-35: ``re`` skips to its first byte in a tighter
    loop)."""
    return tuple(_search(n.translate(_SHAPE) + b"\x00") for n in needles)


def _search(literal: bytes) -> Callable[[bytes], bool]:
    rare = next((bytes([c]) for c in _RARITY if c in literal), literal[:1])
    if len(literal) >= 8:
        return lambda shape: rare in shape and literal in shape
    pattern = re.compile(re.escape(literal))
    return lambda shape: rare in shape and pattern.search(shape) is not None
