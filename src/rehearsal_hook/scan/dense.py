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
# (A period too: a line of roff's alternating font macros, ``.BR CUTOVER _PA SS``, shows a
# needle its spaces split -- a line that starts with ``.`` or ``'``, itself a byte of
# near._VANISHES's: roff.py.  Needle storms hold none.)
_SHAPE = bytes(b if b in _LETTERS else 1 if b not in _NO_VANISHING_B or b == ord(".") else 0 for b in range(256))

# The text is read in windows of this many bytes (each window's copies stay in the cache; a
# copy of the whole text cost a fifth more, its fresh pages, at 32 MiB), overlapping by the
# longest thing searched, so that each occurrence is whole in some window.
WINDOW = 1 << 17
# The first window is small: most text holds a byte of what can vanish near its start, and
# ends the test there (a large file of a full scan pays a few microseconds for it).
FIRST_WINDOW = 1 << 12


def holds_no_place_b(data: bytes, needles: tuple[bytes, ...], window: int = WINDOW) -> bool:
    """True if ASCII ``data`` (holding nothing a reader decodes, removes or overwrites:
    text._constructs_b) holds no token in any reading: it holds no byte of what can vanish
    (near._NO_VANISHING_B: every byte but an underscore that a reading of such text removes or
    acts on) and no needle followed by an underscore, by a byte that is no word byte or by its
    end.  A token ends with its needle, and where it is shown the needle is followed by no
    word character; the letter or digit stored after a needle is shown after it by every
    reading (only an underscore can vanish there), so each needle of ``data`` is shown followed
    by one and none is a token's.  (The word search, matcher.whole_needle_re, finds a needle at
    a word's end; near.near_b also looks for a word that starts with an underscore -- the
    Markdown emphasis of ``_X_PASS y_`` -- whose needle, followed by a blank, is seen here.)

    Per window: one translation, a memchr pass, and one literal search per needle (only where
    the window holds its rarest letter)."""
    ends = _needle_ends(needles)
    if any(data.endswith(n) for n in needles):
        return False
    overlap = max(len(n) for n in needles) + 1
    at, size = 0, min(window, FIRST_WINDOW)
    while at < len(data):
        shape = data[at : at + size + overlap].translate(_SHAPE)
        if b"\x01" in shape or any(end(shape) for end in ends):
            return False
        at, size = at + size, window
    return True


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
