"""Where a parsed reading -- Markdown (markdown.py), reStructuredText (rst.py), AsciiDoc
(asciidoc.py) -- can show a token the stored text does not: a needle stored whole beside
syntax, or a needle's beginning before what can vanish.  The prefilters that keep text without
such a place from paying for those readings (text.scan_bytes, views.view_hits,
viewlines)."""

from __future__ import annotations

import functools
import re

from rehearsal_hook.scan import mdoc, patterns

# What can vanish right after a shown character of a token (a needle's beginning): syntax
# (a delimiter, a bracket, an image's ``!``, an autolink's ``>``, an escape's backslash), a
# reference (it may decode to the next letter), or the blank a code span trims before its
# closing backtick (a line end too, the closing backtick starting the next line after blanks
# or a block quote's markers: paragraphs.holds_tail; one branch with the blank's, which a
# branch of its own made 13% dearer) -- after any underscores (an underscore run that vanishes after a word
# character is followed by more syntax: inside a word it is no emphasis; near_needles).
# (And a control a terminal does not print, which vanishes there: so that every place the
# matcher's needle search finds -- a needle, or a needle's beginning cut by such a control --
# is among these, and a text without any holds no raw token either: text.scan_bytes.)
# (also what the reStructuredText and AsciiDoc readings remove, rst.py and asciidoc.py: an
# escaped blank, an attribute, a passthrough, a highlight, the pass macro; and an emoji
# shortcode's colon, shortcodes.py; TeX's braces and ``^^``, tex.py; Org's superscript, an
# export snippet and an emphasis closer before what Org removes, org.py; Textile's ``==`` and
# ``??`` pairs and a link's quote, textile.py; RDoc's link schemes, rdoc.py)
_VANISHING = r"[*~`\[\]!<>\\&{}+$#:^\x01-\x07\x0e-\x1a\x1c-\x1f\x7f]"
# (Its alternatives that begin with a lowercase letter, apart: near_places' guard lets them through by name -- every
# other alternative begins with no lowercase letter and no ``_``.  AsciiDoc's pass macro, RDoc's link schemes,
# AsciiDoc's index terms and macros, asciidoc.py.  The pass macro as AsciiDoc's reading opens it, with its ``[``
# (asciidoc._PASS_OPENER): a ``pass:`` without one stays -- ``production_pass: ${{ secrets.X }}`` made 45 of the YAML
# files of bench's corpus take every reading.)
_VANISHING_WORDS = r"pass:[a-z,]*+\[|(?:rdoc-[a-z]+|link|https?|mailto|ftp|irc):|indexterm|anchor:|kbd:|btn:"
_VANISHING_WORDS += r"|footnote|icon:|image:|menu:|xref:"
# (POD's formatting codes and escapes, pod.py: the alternatives that begin with a capital)
_POD_CODES = "[BCEFILSXZ]<"
_VANISHES = (
    "(?:"
    + _VANISHING
    + r"|[ \t\r\n][ \t\r\n>]*`"
    + "|"
    + _POD_CODES
    + r"|''|//|@@|[/=][\\\[\]}]|==|\?\?|\"|\(\(|"
    + _VANISHING_WORDS
    + ")"
)
# What can follow a needle stored whole where a reading can show it ending a token: no ASCII
# letter or digit (a token is a whole word), or one that begins what vanishes (_VANISHES'
# alternatives that begin with a letter: POD's ``E<32>``, a blank, or AsciiDoc's ``pass:[]``,
# nothing, right after the needle) -- after underscores, as after a needle's beginning, where
# a run of two may pair (AsciiDoc's ``__``: _DOUBLE_UNDERSCORE, asked as it is there).  A
# letter or digit that stays can only follow it in every reading -- what vanishes after a
# shown character begins with one of _VANISHES, and a lone ``_`` before a letter vanishes in
# none -- so that needle ends no token there (``SMTP_PASSWORD``, ``PRODUCTION_PASS_RATE``:
# 2,153 of the 2,977 files of bench's corpus that near_b sent to every reading held no
# other place).  A lookahead: the places start and end where they did.
_ENDS_A_TOKEN = "(?=_*+(?![A-Za-z0-9])|__|_*+(?:" + _POD_CODES + "|" + _VANISHING_WORDS + "))"
# (A needle's beginning before AsciiDoc's ``__``, which pairs inside a word: a place of its
# own -- the ``_*+`` before _VANISHES takes every underscore.)
_DOUBLE_UNDERSCORE = r"|__(?=_?[A-Za-z0-9])"
# Every byte but those a place that needs what vanishes holds: _VANISHING's (``}`` too, a
# removal's end: _near_searches_b), ``'``, ``/``, ``@``, ``=``, ``?``, ``"`` (_VANISHES's
# other alternatives), ``)`` (Textile's acronym title before a needle) and ``(`` (AsciiDoc's
# index term; its ``__``, a two-byte place, is asked for apart: near_b).  A text that
# bytes.translate leaves empty holds none of them (C speed: near_b).
# (One substitution: 256 calls of re.fullmatch cost every hook's start-up 0.3 ms.)
_NO_VANISHING_B = re.sub(_VANISHING + "|['/@=?\")(]", "", "".join(map(chr, range(256)))).encode("latin-1")


# The head of a line of roff's alternating font macros (roff.py), the one reading that shows
# a needle spaced out by blanks or quotes joined (``.BR CUTOVER _PA SS``): near_b asks for the
# spaced places only in a text holding one anywhere (a piece's start, which roff reads as a
# line's, is in the text too) -- elsewhere ``FOO_ PASS`` shows as stored.
# And an mdoc line whose words join, ``Ns``, ``Ap`` or ``Pf`` among its words (mdoc.py:
# ``.Ar CUTOVER Ns _PA``...; from a line's start, its words searched once).
# (Both alternatives after the control character, the line's start looked back for: ``re``
# skips to each ``.`` and ``'`` at C speed, where ``(?:^|(?<=\n))`` first was tried at every
# byte -- 2.2 ms a file, 0.10 s over the 45 files of bench's corpus near_b asked.  The same
# matches: at a text's start, or after a line feed, nothing but the control character lies
# before, as ``^`` and the lookbehind asked.)
ALTERNATING_HEAD = (
    r"[.'](?:[ \t]*+(?:BR|RB|BI|IB|IR|RI)[ \t]"
    r"|(?<![^\n][.'])[ \t]*+(?:Pf |" + mdoc.HEAD + r" (?:[^\r\n]*? )?(?:Ns|Ap|Pf)(?=[ \r\n]|\Z)))"
)
_ALTERNATING_HEAD_B = ALTERNATING_HEAD.encode()  # (compiled where asked: 0.5 ms of a hook's start)


def holds_alternating_head_b(data: bytes) -> bool:
    """Whether ``data`` holds the head of a line of roff's alternating font macros."""
    return (b"." in data or b"'" in data) and patterns.compiled(_ALTERNATING_HEAD_B).search(data) is not None


@functools.lru_cache(maxsize=64)
def near_needles(needles: tuple[bytes, ...]) -> tuple[re.Pattern[str], ...]:
    """near_places compiled for text."""
    return tuple(re.compile(p) for p in near_places(needles))


# Why near_b takes a needle stored whole right after a lowercase letter for no place
# (``test_PASS``, ``Deploy_GRANTED``: 341 of 872 ASCII files of bench's corpus that near_b sent
# to every reading, 0.15 s of CPU). A token is a whole word ending with its needle (before a
# seal-like one: capitals, digits, underscores; a configured one: the whole word), so that
# letter is in its word unless a reading removes or changes it or puts a word's edge there.
# near_b is asked of ASCII text that holds nothing a reading decodes (text._constructs_b: a
# reference, an escape or TeX's ``^^`` that ends with a lowercase hex digit shows a capital
# there, and is read so), and what a parsed reading removes ends with syntax (``)``, ``]``,
# ``}``, ``>``, ``!``, a delimiter), never with a letter: each shows that letter where it is
# stored, so the needle's word holds it. (Views and viewlines read text that may hold a maker:
# near_needles keeps such needles, ``after_lowercase``.  test_makers reads such texts so.)
_AFTER_A_LOWERCASE = "[a-z]"


@functools.lru_cache(maxsize=128)
def near_places(needles: tuple[bytes, ...], spaced_out: bool = True, after_lowercase: bool = True) -> tuple[str, ...]:
    """Where the Markdown reading can show a token the stored text does not: a needle stored
    whole (syntax before it can join it to the word before, or make its word start or end
    where the stored word does not: ``_X_PASS y_``, ``X*Y*9_PASS``), or a needle's beginning
    followed by what can vanish (_VANISHES).  One pattern per first character, so that
    ``re`` skips to the next one at memchr speed.  (Whatever vanishes inside a token, the part of its
    needle before the first such place is stored as it is shown -- but for a reference,
    which the rendered reading's own hints find.)  ``spaced_out``: with a needle spaced out,
    which only a line of roff's alternating font macros shows joined (ALTERNATING_HEAD).
    ``after_lowercase``: with a needle stored whole right after a lowercase letter (near_b
    leaves it out: _AFTER_A_LOWERCASE)."""
    heads: dict[str, list[str]] = {}
    for n in (b.decode("ascii") for b in needles):
        heads.setdefault(n[0], []).append(n[1:])
    # (For a needle that starts with ``_``, underscores before what vanishes need no branch:
    # their last one and what follows is a place too -- and trying them at every underscore
    # cost a third more than the needle search.)
    # (Patterns, not compiled: text and bytes each compile their own, near_needles and
    # near_needles_b, so that a hook's scan of bytes pays for no pattern of text.  A needle's
    # rest whole, or any beginning of it -- backtracking: exact -- then what vanishes: one
    # copy of _VANISHES, where one after each beginning made a 1.7 KB pattern that every
    # hook compiled.  Which beginning matches matters not: near_b asks whether a place is
    # there, views and viewlines where it starts.)
    out = []
    for c, tails in sorted(heads.items()):
        whole = "" if "" in tails else "(?:" + "|".join(re.escape(t) for t in tails) + ")(?:" + _ENDS_A_TOKEN + ")"
        if whole and not after_lowercase:
            whole = "(?<!" + _AFTER_A_LOWERCASE + re.escape(c) + ")" + whole
        vanishes = "(?:" + (_VANISHES if c == "_" else "_*+" + _VANISHES) + _DOUBLE_UNDERSCORE + ")"
        spaced = "|".join(_spaced(t) for t in tails if t) if spaced_out else ""
        if spaced:  # (what each one's first letter needs, asked once: tried at every ``_`` of
            # a C file, the three alternatives cost a third of the search)
            firsts = "".join(sorted({re.escape(t[0]) for t in tails if t}))
            spaced = '(?=[ "]*+(?:[A-Z][a-z]{1,2}[ "]++)*+[' + firsts + "])(?:" + spaced + ")"
        spaced = "|" + spaced if spaced else ""
        body = "(?:" + whole + "|" + _beginnings(tails, taken="?") + vanishes + spaced + ")"
        out.append(re.escape(c) + ("" if "" in tails else _guard(c, tails)) + body)
    return tuple(out)


def _guard(c: str, tails: list[str]) -> str:
    """A lookahead for what can follow a needle's first character ``c`` at a near place (its
    ``tails`` not empty: each alternative there takes a character at least): anything but a
    lowercase letter or ``_``, or one of those beginning a needle's rest, a word of _VANISHES
    (_VANISHING_WORDS), or the underscores before what vanishes (``_`` after ``c``, ``__``
    after ``_``: _DOUBLE_UNDERSCORE).  The same matches: at an underscore of snake_case text
    ``re`` fails the class at once, where it tried each of a thousand bytes of alternatives
    (near_b's first search 0.28 -> 0.15 s over bench's corpus, 2.4 million underscores)."""
    firsts = "".join(sorted({re.escape(t[0]) for t in tails if t[:1].islower() or t[:1] == "_"}))
    underscores = "__" if c == "_" else "_"
    return "(?=[^a-z_]|" + underscores + "|" + _VANISHING_WORDS + ("|[" + firsts + "]" if firsts else "") + ")"


def _spaced(tail: str) -> str:
    """A needle's rest ``tail`` with spaces or quotes between its characters, at least one (not
    stored whole): a line of roff's alternating font macros shows its arguments joined
    (roff.py: ``.BR CUTOVER _PA SS``, ``.BR CUTOVER _P "ASS"``) -- and mdoc's macro names
    between, which vanish where a line's words join (mdoc.py: ``.Pf CUTOVER_ Ar PASS``)."""
    gap = '[ "]*+(?:[A-Z][a-z]{1,2}[ "]++)*+'
    return "(?!" + re.escape(tail) + ")" + gap + gap.join(re.escape(ch) for ch in tail)


@functools.lru_cache(maxsize=64)
def org_marker_places(needles: tuple[bytes, ...]) -> tuple[re.Pattern[str], ...]:
    """Where Org's emphasis can join a needle's beginning to the rest across a zero-width
    space, in a quick view (viewlines: the space is gone there): that beginning before
    ``/`` or ``=`` (the other markers are among _VANISHES).  Only for a text holding one."""
    heads: dict[str, list[str]] = {}
    for n in (b.decode("ascii") for b in needles):
        heads.setdefault(n[0], []).append(n[1:])
    return tuple(
        re.compile(re.escape(c) + _beginnings(tails, taken="?") + ("[/=]" if c == "_" else "_*+[/=]"))
        for c, tails in sorted(heads.items())
    )


def _beginnings(tails: list[str], taken: str = "?+") -> str:
    """The beginnings of a needle's rest (one of ``tails``), the empty one too but never a
    whole one, as a trie taken possessively (``taken``; ``?`` for one that backtracks): the
    longest one there is, never given back.
    (Exact for what follows them in near_b: what vanishes holds no word character, so a
    shorter beginning is followed by the next letter of a longer one, never by what vanishes
    -- and giving back ``_`` only lets ``_*+`` take it again.  Backtracking through every
    shorter beginning cost twice as much at each needle of a text full of them.)"""
    nexts: dict[str, list[str]] = {}
    for t in tails:
        if len(t) > 1:
            nexts.setdefault(t[0], []).append(t[1:])
    if not nexts:
        return ""
    return "(?:" + "|".join(re.escape(c) + _beginnings(r, taken) for c, r in sorted(nexts.items())) + ")" + taken


@functools.lru_cache(maxsize=128)
def near_needles_b(needles: tuple[bytes, ...], spaced_out: bool = True) -> tuple[re.Pattern[bytes], ...]:
    """near_places compiled for bytes, for near_b: none right after a lowercase letter."""
    return tuple(re.compile(p.encode()) for p in near_places(needles, spaced_out, after_lowercase=False))


def near_b(data: bytes, needles: tuple[bytes, ...]) -> bool | None:
    """Whether the Markdown reading of ASCII ``data`` can show a token its stored text does
    not; None when ``data`` holds no place near_needles_b finds -- no needle but right after
    a lowercase letter (_AFTER_A_LOWERCASE), and no needle's beginning before what can vanish
    -- and so no raw token either (every match of the matcher's needle search but those is
    such a place: tests/unit/test_markdown.py).  Asked of text that holds nothing a reading
    decodes (text._constructs_b).

    A needle's beginning before what can vanish can; a needle stored whole can where the
    text holds syntax (``*``, ``~``, a backtick, ``[``, ``<``, an escaped blank: memchr-speed tests) --
    without it only underscores can vanish, at a word's edges or as AsciiDoc's ``__`` inside
    it, so the needle's word must start with one, hold two before the needle or end with some
    (``_X_PASS y_``, ``X_PASS__``; two before the needle that pair with two further on).

    Each question is one search in ``re`` over the whole text, never a Python step per
    needle: a text holding millions of needles (``FOO_PASSWORD`` again and again) costs a few
    passes at the regex engine's speed."""
    # (The deciding searches are compiled only for a text holding a near place: a hook's
    # start-up paid 0.8 ms for them where most text holds none.)
    # (Whether the text holds an alternating font macro's head is asked only where it decides:
    # searched for in every text -- ``[.']`` first, tried at each -- it cost three times the
    # rest of near_b over bench's corpus.  So the places are searched for with the spaced-out
    # needles first, one pass as before; the other searches only in a text holding a place.)
    firsts = [m.start() if (m := p.search(data)) is not None else -1 for p in near_needles_b(needles)]
    found = [f for f in firsts if f >= 0]
    if not found:
        return None
    # (Each pattern without the spaced-out needles matches only where its whole one does: its
    # first place is at that one's first or later, most often right there -- searched from it,
    # not over the whole text again: 35 ms over bench's corpus.)
    unspaced = [
        m.start()
        for p, f in zip(near_needles_b(needles, False), firsts, strict=True)
        if f >= 0 and (m := p.search(data, f)) is not None
    ]
    head: bool | None = None  # (holds_alternating_head_b, once asked)
    if not unspaced:
        head = holds_alternating_head_b(data)
        if not head:
            return None
    if any(c in data for c in _SYNTAX_ONE_B) or any(a in data and c in data for a, c in _SYNTAX_TWO_B):
        return True
    _, plain, vanishing = _near_searches_b(needles, bool(head))
    # (Every place the other searches find holds a near place, where its match starts or
    # further on in its word: none starts before the word holding the first near place.  In
    # real text that is half-way through, on average: half of each search saved.)
    start = _word_start(data, min(found if head else unspaced))
    if any(p.search(data, start) is not None for p in plain) or (head and _led_needle_b(data, needles, start)):
        return True
    # (The places that need what vanishes in a search of their own, only where the text holds
    # a byte of it: in a needle storm without any, each needle was tried against them too --
    # a third of the cost per needle.  ``=`` first: real text holds one early, and memchr
    # finds it where bytes.translate passes the whole text -- as long as both searches.)
    # (from a removal's width before that word: it joins the word before, _REMOVED_BEFORE)
    if (b"=" in data or b"__" in data or data.translate(None, _NO_VANISHING_B)) and any(
        p.search(data, max(0, start - _REMOVED_WIDTH)) is not None for p in vanishing
    ):
        return True
    # (a spaced-out needle or one in a word led by a digit: places beside the head only)
    return (
        head is None
        and (any(p.search(data) is not None for p in _spaced_b(needles)) or _led_needle_b(data, needles, start))
        and holds_alternating_head_b(data)
    )


@functools.lru_cache(maxsize=64)
def _spaced_b(needles: tuple[bytes, ...]) -> tuple[re.Pattern[bytes], ...]:
    """The spaced-out needles alone (near_places' ``spaced_out`` alternatives), for bytes."""
    heads: dict[str, list[str]] = {}
    for n in (b.decode("ascii") for b in needles):
        heads.setdefault(n[0], []).append(n[1:])
    return tuple(
        re.compile((re.escape(c) + "(?:" + "|".join(_spaced(t) for t in tails if t) + ")").encode())
        for c, tails in sorted(heads.items())
        if any(tails)
    )


_WORD_BYTES = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_"


def _led_needle_b(data: bytes, needles: tuple[bytes, ...], start: int) -> bool:
    """Whether ``data`` from ``start`` holds a needle ending a word that starts with a digit or
    an underscore (the needle's own, ``_PASS``, too), which no stored token holds: an argument
    of roff's alternating font macros joins it to the one before (``.BR CUTOVER 9_PASS``,
    roff.py).  Found by the needles' literal search, each word start looked back for (a
    pattern beginning with that word start was tried at every byte: 8 s over bench's corpus)."""
    for m in _word_end_needles_b(needles).finditer(data, start):
        if data[_word_start(data, m.start()) : m.start() + 1][:1] in (b"0123456789_"):
            return True
    return False


@functools.lru_cache(maxsize=64)
def _word_end_needles_b(needles: tuple[bytes, ...]) -> re.Pattern[bytes]:
    needed = b"|".join(map(re.escape, needles))  # (none right after a lowercase letter, as near_needles_b)
    return re.compile(b"(?<!" + _AFTER_A_LOWERCASE.encode() + b")(?:" + needed + b")(?![A-Za-z0-9_])")


def _word_start(data: bytes, at: int) -> int:
    """Where the run of ASCII word characters that ends before ``at`` starts: ``at`` if none.
    Looked for in windows that double, so that a word of any length costs its length."""
    width = 64
    while True:
        lo = max(0, at - width)
        head = data[lo:at].rstrip(_WORD_BYTES)
        if head or lo == 0:
            return lo + len(head)
        at, width = lo, width * 2


_Searches = tuple[re.Pattern[bytes], ...]


@functools.lru_cache(maxsize=128)
def _near_searches_b(needles: tuple[bytes, ...], spaced_out: bool) -> tuple[_Searches, _Searches, _Searches]:
    """near_b's searches: the places near_needles finds, and the places that decide without
    syntax -- those that need no byte of what vanishes (a needle followed by underscores that
    end its word, a needle in a word that starts with an underscore before it), and those that
    do (a needle's beginning before what can vanish, a needle in a word right after what a
    reading removes).  Each kind in one pattern per first character, so that text with a few
    needles is passed once more, not once per place (each pattern starts with its literal
    character, so ``re`` skips to the next one quickly; the removals' one with a class of
    them, in text that holds a byte of one)."""
    heads: dict[str, list[str]] = {}
    for n in (b.decode("ascii") for b in needles):
        heads.setdefault(n[0], []).append(n[1:])
    # (no needle stored whole right after a lowercase letter, as near_needles_b: _AFTER_A_LOWERCASE)
    whole = (
        "(?<!" + _AFTER_A_LOWERCASE + ")(?:" + "|".join(re.escape(n.decode("ascii")) for n in needles) + ")"
        "(?:" + _ENDS_A_TOKEN + ")"
    )
    plain, vanishing = [], []
    for c, tails in sorted(heads.items()):
        # (a needle followed by underscores that end its word, or by what vanishes: a reading
        # can join the next word, ``{empty}`` in AsciiDoc; one spaced out in roff's alternating
        # font macro line, which shows it joined: _spaced)
        stored = "(?<!" + _AFTER_A_LOWERCASE + re.escape(c) + ")(?:" + "|".join(re.escape(t) for t in tails) + ")"
        places = [stored + "_+(?![A-Za-z0-9])", stored + "_*+" + _VANISHES]
        places += [_spaced(t) for t in tails if t and spaced_out]
        vanish = [
            _beginnings(tails) + "(?:" + (_VANISHES if c == "_" else "_*+" + _VANISHES) + _DOUBLE_UNDERSCORE + ")"
        ]
        if c == "_":
            # (a word led by an underscore or holding two before the needle: AsciiDoc pairs ``__`` in a word,
            # joining the letters around it -- another token than the stored word's: test_nul_text.  From each
            # such ``_`` to the next only, where the last finds a needle; to the word's end: quadratic, 32 KiB 1.4 s)
            places.append("(?:(?<![A-Za-z0-9_]_)|(?<=__))(?:[A-Za-z0-9]|(?<!_)_)*?" + whole)
        plain.append(re.compile((re.escape(c) + "(?:" + "|".join(places) + ")").encode()))
        vanishing.append(re.compile((re.escape(c) + "(?:" + "|".join(vanish) + ")").encode()))
    if "_" not in heads:
        plain.append(re.compile(("_(?<![A-Za-z0-9_]_)[A-Za-z0-9_]*?" + whole).encode()))
    # A needle ending a word right after a removal (_REMOVED_BEFORE; ``}_PASS`` too): a reader
    # sees the word joined to the one before -- ``X{empty}DB_P…`` shows ``XDB_P…``, another
    # token (an allowed word passed: session 26, where only ``}_PASS`` was asked for).  Led by
    # the removal: near_b searches from a removal's width before the first place's word.
    vanishing.append(re.compile(("(?:" + "|".join(_REMOVED_BEFORE) + ")[A-Za-z0-9_]*?" + whole).encode()))
    return near_needles_b(needles, spaced_out), tuple(plain), tuple(vanishing)


# What a reading removes right before a word, joining it to the word before: rst's escaped
# blank; AsciiDoc's attribute, passthrough, highlight, pass macro; Org's snippet; Textile's
# pair, link, acronym title, image; a shortcode; roff's ``\\&``, ``\\fB``, ``\\f(BI``, ``\\*(xx``,
# ``\\Vx``, ``\\$1``, ``\\s+2``, each also after ``\\E`` (roff.py); TeX's ``\\-``, ``\\@`` (tex.py).
_REMOVED_BEFORE = (
    *(r"[}+$#:>~'/\]@=?\")!]", r"\\[ \t]", r"\\[&)%:c/,^|{}@-]", r"\\[fFkmM*VYg$](?:.|\(..)", r"\\s.{1,4}"),
    *(r"\\E[&)%:c/,^|{}]", r"\\E[fFkmM*VYg$s].", r"\\E[fFkmM*VYg$]\(.."),
)
_REMOVED_WIDTH = 6  # (the longest one's width in bytes)


# (and reStructuredText's escaped blank, which joins a needle's word to the word before it:
# ``CUTOVER\\ 9_P...``, rst.may_read)
_SYNTAX_B = (b"*", b"~", b"`", b"[", b"<", b"\\ ", b"\\\t")
# (near_b asks for a two-byte one only where its first byte is: a two-byte ``in`` runs at a
# fraction of memchr's speed -- in the bench corpus, which holds no backslash, the two escaped
# blanks cost more than all of near_b's other tests together)
_SYNTAX_ONE_B = tuple(c for c in _SYNTAX_B if len(c) == 1)
_SYNTAX_TWO_B = tuple((c[:1], c) for c in _SYNTAX_B if len(c) > 1)


def may_show_b(data: bytes, needles: tuple[bytes, ...]) -> bool:
    """Whether the Markdown reading of ASCII ``data`` can show a token its stored text does
    not (near_b)."""
    return bool(near_b(data, needles))
