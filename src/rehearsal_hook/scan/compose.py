"""Where a reader ends a word that the Unicode view (normalize.py) goes on with.

Canonical composition: the view reads NFKC one code point at a time, so it never composes a
letter with the combining marks after it; whole-text NFKC does, and the letter it makes (``W``
and U+0302 read as ``Ŵ``) is not ASCII: it ends the word before it, so a token followed by
``W`` and U+0302 is a token, as one followed by the precomposed ``Ŵ`` is (canonically
equivalent text is the same text to a reader).  Where a text holds such compositions, the
scanner reads a second, composed view of it.

A look-alike of another script beside a token, read as what it is: mixed_re."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from rehearsal_hook.scan.matcher import SEAL_SUFFIXES, TokenMatcher, ascii_or_beyond
from rehearsal_hook.scan.normalize import (
    DECORATING_MARKS,
    ENCLOSED_NAME,
    WORD_ASCII,
    Compositions,
    disguise_char,
    disguise_view,
    quick_view,
    relevant_table,
)
from rehearsal_hook.scan.patterns import compiled


@functools.lru_cache(maxsize=4096)
def attaches(ch: str) -> bool:
    """Whether canonical composition can join ``ch`` to the character before it: its canonical
    decomposition starts with a combining mark.  (Every mark that composes with an ASCII
    letter has a nonzero combining class: tests/unit/test_compositions.py checks it.)"""
    return not ch.isascii() and unicodedata.combining(unicodedata.normalize("NFD", ch)[0]) != 0


def attaching_chars(chars: Iterable[str]) -> frozenset[str]:
    """The characters of ``chars`` that attach (``attaches``).  Each character is judged
    once, then kept in _ATTACHING or _NOT_ATTACHING: a text's characters are sorted by set
    operations at C speed (a call of ``attaches`` each, through its cache, cost 44 ms over the
    15,252 segments of git's translations that the segment cache reads, 20 ms now; the
    corpus's non-ASCII files 6.0 -> 1.2 ms)."""
    chars = chars if isinstance(chars, (set, frozenset)) else set(chars)
    if len(_ATTACHING) + len(_NOT_ATTACHING) > _JUDGED_MAX:  # (memory bounded: judged again)
        _ATTACHING.clear()
        _NOT_ATTACHING.clear()
    for c in chars - _NOT_ATTACHING - _ATTACHING:
        (_ATTACHING if attaches(c) else _NOT_ATTACHING).add(c)
    return frozenset(_ATTACHING & chars)


_ATTACHING: set[str] = set()
_NOT_ATTACHING: set[str] = set()
_JUDGED_MAX = 1 << 16


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


# A decorating mark (normalize.DECORATING_MARKS) read as a character that vanishes: same
# length, so a view of the text so read keeps its column map.
_UNDECORATED = {ord(c): "\u200b" for c in DECORATING_MARKS}
_DECORATING = re.compile(f"[{DECORATING_MARKS}]")


def undecorated(text: str) -> str | None:
    """``text`` with its decorating marks vanished (the letters they strike through, underline
    or enclose read as themselves), None if it holds none.  The other reading, each mark as
    what it is (a word end; a low line as ``_``), is the text itself."""
    if text.isascii() or _DECORATING.search(text) is None:
        return None
    return text.translate(_UNDECORATED)


def quick_token(matcher: TokenMatcher, text: str, table: dict[int, str], composed: Compositions) -> bool:
    """Whether the cheap view of ``text`` (or of it composed, or read mixed: mixed_re, or with
    its decorating marks vanished: undecorated) holds a token: only then is the exact view,
    with its column map, built."""
    plain = undecorated(text)
    return _quick_token(matcher, text, table, composed) or (
        plain is not None and _quick_token(matcher, plain, table, compositions(plain))
    )


def _quick_token(matcher: TokenMatcher, text: str, table: dict[int, str], composed: Compositions) -> bool:
    quick = quick_view(text, table)
    if next(matcher.finditer_str(quick), None) is not None:
        return True
    if any(n in quick for n in _needles(matcher.needles)) and not text.isascii():
        mixed = quick_view(text, _mixed_table(matcher.lower_view))
        if mixed != quick and mixed_re(matcher).search(mixed):
            return True
    return (
        bool(composed)
        and next(matcher.finditer_str(quick_view(composed_quick(text, composed), table)), None) is not None
    )


@functools.cache
def _needles(needles: tuple[bytes, ...]) -> tuple[str, ...]:
    return tuple(n.decode("ascii") for n in needles)


# A look-alike of another script, read either way: as the Latin letter it looks like, or as
# what it is, a letter that is not ASCII and so ends a word.  A reader who reads the Cyrillic
# A of a _PASS as Latin may read a Y-like letter after it (or before the token's first
# letter) as what it is: a token that way, while the view read the Y-like letter as Y, which
# went on with the word.  In the mixed view such letters are private-use twins of the
# letters they look like (same length: the column map holds), which mixed_re reads both ways.
_TWIN = 0xE000
_TWINS = frozenset(chr(_TWIN + ord(c)) for c in WORD_ASCII)


@functools.lru_cache(maxsize=4096)
def _other_script(ch: str) -> bool:
    """Whether ``ch`` reads as a Latin letter only as a look-alike: it is not ASCII, nor is it
    one by NFKC (a full-width letter is that letter in another width, read alike with the
    full-width letters beside it: a near miss in them stays one word; so is a letter in an
    enclosing shape, normalize.ENCLOSED_NAME, and an outlined letter newer than this Python's
    Unicode, whose newer NFKC is the letter: NEWER_NFKC)."""
    from rehearsal_hook.scan._unicode_table import NEWER_NFKC  # (lazily: only non-ASCII text needs it)

    return (
        not ch.isascii()
        and not unicodedata.normalize("NFKC", ch).isascii()
        and compiled(ENCLOSED_NAME).fullmatch(unicodedata.name(ch, "")) is None
        and ord(ch) not in NEWER_NFKC
    )


@functools.cache
def _mixed_table(lower: bool) -> dict[int, str]:
    """quick_view's table (relevant_table) with the look-alikes of another script as twins."""
    table = dict(relevant_table(lower=lower))
    for cp, look in table.items():
        if look and all(c in WORD_ASCII for c in look) and _other_script(chr(cp)):
            table[cp] = "".join(chr(_TWIN + ord(c)) for c in look)
    # (a private-use character of the text that is a twin's code point is no letter)
    return {**{_TWIN + ord(c): "\ufffd" for c in WORD_ASCII}, **table}


def _either(ch: str) -> str:
    """A class matching ``ch`` or its twin."""
    return f"[{re.escape(ch)}{chr(_TWIN + ord(ch))}]" if ch in WORD_ASCII else re.escape(ch)


@functools.lru_cache(maxsize=64)
def _mixed_re_for(extras: tuple[str, ...]) -> re.Pattern[str]:
    upper = "A-Z" + chr(_TWIN + ord("A")) + "-" + chr(_TWIN + ord("Z"))
    word = upper + "0-9_" + chr(_TWIN + ord("0")) + "-" + chr(_TWIN + ord("9")) + chr(_TWIN + ord("_"))
    needles = "|".join("".join(_either(c) for c in "_" + suffix) for suffix in SEAL_SUFFIXES)
    alternatives = [f"[{upper}][{word}]*(?:{needles})", *("".join(_either(c) for c in t) for t in extras)]
    return re.compile("(?<![A-Za-z0-9_])(?:" + "|".join(alternatives) + ")(?![A-Za-z0-9_])")


def mixed_re(matcher: TokenMatcher) -> re.Pattern[str]:
    """The tokens of a mixed view: a twin reads as its letter inside a token and as a word end
    beside it (an ASCII letter never does)."""
    return _mixed_re_for(matcher.extra_tokens)


def _mixed_view(view: str, index: list[int], text: str) -> str | None:
    """``view`` with each letter that comes from a look-alike of another script as its twin;
    None when there is none."""
    out = list(view)
    changed = False
    for p, ch in enumerate(view):
        if ch in WORD_ASCII and _other_script(text[index[p]]):
            out[p] = chr(_TWIN + ord(ch))
            changed = True
        elif ch in _TWINS:  # (a private-use character of the text is no letter)
            out[p] = "\ufffd"
    return "".join(out) if changed else None


def _untwin(token: str) -> str:
    return "".join(chr(ord(c) - _TWIN) if ord(c) >= _TWIN else c for c in token)


def view_tokens(matcher: TokenMatcher, text: str, table: dict[int, str]) -> list[tuple[list[int], str]]:
    """The tokens of the disguise view of ``text`` and of its composed view (compositions),
    also with its decorating marks vanished (undecorated), each as the indexes in ``text`` of
    its characters and the token."""
    found: list[tuple[list[int], str]] = []
    plain = undecorated(text)
    for variant in (text,) if plain is None else (text, plain):
        composed = compositions(variant)
        if not _quick_token(matcher, variant, table, composed):
            continue
        for views in (None, composed) if composed else (None,):
            view, index = disguise_view(variant, views)
            found += [(index[m.start() : m.end()], m.group()) for m in matcher.finditer_str(view)]
            if any(n in view for n in _needles(matcher.needles)) and (mixed := _mixed_view(view, index, variant)):
                found += [(index[m.start() : m.end()], _untwin(m.group())) for m in mixed_re(matcher).finditer(mixed)]
    return found
