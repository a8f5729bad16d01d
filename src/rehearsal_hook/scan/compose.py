"""Canonical composition in the Unicode view.  The view reads NFKC one code point at a time
(normalize.py), so it never composes a letter with the combining marks after it; whole-text
NFKC does, and the letter it makes (``W`` and U+0302 read as ``Ŵ``) is not ASCII: it ends the
word before it, so a token followed by ``W`` and U+0302 is a token, as one followed by the
precomposed ``Ŵ`` is (canonically equivalent text is the same text to a reader).  Where a text
holds such compositions, the scanner reads a second, composed view of it."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from rehearsal_hook.scan.matcher import TokenMatcher, ascii_or_beyond
from rehearsal_hook.scan.normalize import WORD_ASCII, Compositions, disguise_char, disguise_view, quick_view


@functools.lru_cache(maxsize=4096)
def attaches(ch: str) -> bool:
    """Whether canonical composition can join ``ch`` to the character before it: its canonical
    decomposition starts with a combining mark.  (Every mark that composes with an ASCII
    letter has a nonzero combining class: tests/unit/test_compositions.py checks it.)"""
    return not ch.isascii() and unicodedata.combining(unicodedata.normalize("NFD", ch)[0]) != 0


def attaching_chars(chars: Iterable[str]) -> frozenset[str]:
    """The characters of ``chars`` that attach (``attaches``)."""
    return frozenset(c for c in set(chars) if attaches(c))


@functools.lru_cache(maxsize=64)
def _attached_re(marks: frozenset[str]) -> re.Pattern[str]:
    return re.compile("(?s:.)[" + "".join(re.escape(c) for c in sorted(marks)) + "]+")


def compositions(text: str) -> Compositions:
    """Where whole-text NFKC joins the ASCII letter or digit a character reads as with the
    marks after it (``W`` and U+0302 are ``Ŵ``; so are full-width ``Ｗ`` and U+0302): the
    composed letter is not ASCII, and it ends a word that the per-code-point view reads on
    (module docstring).  Empty for most text: it needs a combining mark."""
    if text.isascii():
        return {}
    marks = attaching_chars(text)
    if not marks:
        return {}
    found: Compositions = {}
    for m in _attached_re(marks).finditer(text):
        look = disguise_char(m.group()[0])
        if not look or look[-1] not in WORD_ASCII:
            continue
        whole = unicodedata.normalize("NFC", look[-1] + m.group()[1:])
        if whole[0] != look[-1]:
            found[m.start()] = (m.end(), look[:-1] + whole[0] + "".join(disguise_char(c) for c in whole[1:]))
    return found


def composed_quick(text: str, composed: Compositions) -> str:
    """``text`` with each base character that composes read as U+FFFD (a character that ends
    a word), for quick_view: as many tokens as the composed view holds, or more."""
    if not composed:
        return text
    out: list[str] = []
    last = 0
    for i in sorted(composed):
        out += [text[last:i], "\ufffd"]
        last = i + 1
    out.append(text[last:])
    return "".join(out)


@functools.lru_cache(maxsize=64)
def composing_re(marks: frozenset[str], needles: tuple[bytes, ...]) -> re.Pattern[str]:
    """Where a composition can end a token (compositions): a character that ends a
    needle (or may read as one, or vanish: not ASCII, NUL), a base that may read as an ASCII
    letter or digit, and a mark that attaches to it.  Not every mark after a letter: a text
    in decomposed form (NFD) has one on most lines, and reading them all cost 30x."""
    ends = "".join(sorted({chr(n[-1]) for n in needles}))
    return re.compile(
        ascii_or_beyond(re.escape(ends) + "\x00")
        + ascii_or_beyond("A-Za-z0-9_")
        + f"[{''.join(re.escape(c) for c in sorted(marks))}]"
    )


def quick_token(matcher: TokenMatcher, text: str, table: dict[int, str], composed: Compositions) -> bool:
    """Whether the cheap view of ``text`` (or of it composed) holds a token: only then is the
    exact view, with its column map, built."""
    if next(matcher.finditer_str(quick_view(text, table)), None) is not None:
        return True
    return (
        bool(composed)
        and next(matcher.finditer_str(quick_view(composed_quick(text, composed), table)), None) is not None
    )


def view_tokens(matcher: TokenMatcher, text: str, table: dict[int, str]) -> list[tuple[list[int], str]]:
    """The tokens of the disguise view of ``text`` and of its composed view (compositions),
    each as the indexes in ``text`` of its characters and the token."""
    composed = compositions(text)
    if not quick_token(matcher, text, table, composed):
        return []
    found: list[tuple[list[int], str]] = []
    for views in (None, composed) if composed else (None,):
        view, index = disguise_view(text, views)
        found += [(index[m.start() : m.end()], m.group()) for m in matcher.finditer_str(view)]
    return found
