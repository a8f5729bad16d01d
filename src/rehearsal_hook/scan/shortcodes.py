"""GitHub's emoji shortcodes, as its Markdown renderer shows them: ``:parking:`` is 🅿, a
letter in a square, ``:a:`` 🅰, ``:o2:`` 🅾, ``:one:`` the keycap 1️⃣ -- so ``DEPLOY_:o2:K``
shows a configured DEPLOY_OK once the look-alike table (negative squared letters) and the decorating
marks (a keycap) are read.  Only the shortcodes whose emoji reads as a letter, a digit or a
word are here: any other shows a picture, which separates words as the shortcode does.
"""

from __future__ import annotations

import re

from rehearsal_hook.scan.indexed import Indexed, at_matches, replaced

_KEYCAP = "\ufe0f\u20e3"
_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
EMOJI: dict[str, str] = {
    "a": "\U0001f170",
    "b": "\U0001f171",
    "o2": "\U0001f17e",
    "parking": "\U0001f17f",
    "m": "\u24c2",
    "information_source": "\u2139",
    "tm": "\u2122",
    "ab": "\U0001f18e",
    "cl": "\U0001f191",
    "cool": "\U0001f192",
    "free": "\U0001f193",
    "id": "\U0001f194",
    "new": "\U0001f195",
    "ng": "\U0001f196",
    "ok": "\U0001f197",
    "sos": "\U0001f198",
    "vs": "\U0001f19a",
    **{name: f"{k}{_KEYCAP}" for k, name in enumerate(_DIGITS)},
}
_SHORTCODE = re.compile(":(" + "|".join(sorted(EMOJI, key=len, reverse=True)) + "):")


def may_read(line: str) -> bool:
    return ":" in line and _SHORTCODE.search(line) is not None


def reading(line: str) -> Indexed | None:
    """``line`` with each shortcode of EMOJI shown as its emoji, and per character its index in
    ``line`` (an emoji's: where its shortcode starts); None if it holds none."""
    return replaced(line, at_matches(_SHORTCODE.finditer(line), lambda m: EMOJI[m.group(1)]))
