"""The wiki markups GitHub renders (``.mediawiki``/``.wiki`` and ``.creole`` files): what they
remove inside a word.

* MediaWiki: italic and bold are runs of two, three or five apostrophes (``''...''``,
  ``'''...'''``), closed on the same line -- ``DEPLOY_''O''K`` shows one word.  Each run
  pairs with the next run of its length along the line, in one pass.
* Creole (the ``creole`` gem GitHub renders with, 0.5.0 the oracle): a tilde escapes the
  character after it (``DEPLOY~_OK`` shows ``DEPLOY_OK``), and every ``//`` (italics) and
  ``**`` (bold) vanishes: each toggles its tag, and a tag still open at the paragraph's end is
  closed there -- so ``DEPLOY//_OK`` alone shows ``DEPLOY_OK``, and so does ``//y`` then
  ``DEPLOY//_OK`` on the next line of a paragraph, whatever line a delimiter's pair is on.  (The
  gem shows one literally where the other tag was opened inside its own -- ``//a **b//`` --,
  and inside a URL: read as vanishing all the same, which can only read more.)

Two readings, one per markup (a reader applies one or the other).  Their places are the near
search's (near.py: two apostrophes, two slashes and a tilde can vanish).
"""

from __future__ import annotations

import re

from rehearsal_hook.scan.indexed import Edit, Indexed, paired, replaced

_QUOTES = re.compile(r"'{2,}+")
_CREOLE = re.compile(r"~(?=\S)|//|\*\*")


def may_read(line: str) -> bool:
    return "''" in line or "~" in line or "//" in line or "**" in line


def mediawiki(line: str) -> Indexed | None:
    """``line`` with its paired apostrophe runs removed (a run of four is an apostrophe and a
    run of three, one longer than five shows its extra apostrophes first, as MediaWiki
    does), and per character its index in ``line``; None if none pairs."""
    if "''" not in line:
        return None
    runs: list[tuple[int, int, str]] = []
    for m in _QUOTES.finditer(line):
        n = m.end() - m.start()
        size = 3 if n == 4 else 5 if n > 5 else n
        runs.append((m.end() - size, m.end(), str(size)))
    edits = paired(runs)
    return replaced(line, edits) if edits else None


def creole(line: str) -> Indexed | None:
    """``line`` with Creole's escapes, italics and bold read, and per character its index in
    ``line``; None if it holds none."""
    if "~" not in line and "//" not in line and "**" not in line:
        return None
    edits: list[Edit] = []
    pos = 0
    while (m := _CREOLE.search(line, pos)) is not None:
        edits.append((m.start(), m.end(), ""))
        # (the character a tilde escapes is itself: ``~//`` shows ``//``, ``~***`` a star and bold)
        pos = m.end() + 1 if m.group() == "~" else m.end()
    return replaced(line, edits) if edits else None
