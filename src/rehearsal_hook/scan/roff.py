"""roff's reading of a piece of a line, as ``man`` (groff's nroff, a terminal) shows a manual
page (``.1`` to ``.9``, ``.man``, ``.roff``): its escapes inside a word.

* font, size, colour and mark changes vanish: ``\\fB``, ``\\f(BI``, ``\\f[B]``, ``\\F[T]``,
  ``\\s+2``, ``\\s(12``, ``\\s[+2]``, ``\\m[red]``, ``\\M[red]``, ``\\kx``; so do the
  zero-width escapes ``\\&``, ``\\)``, ``\\%``, ``\\:``, ``\\c``, ``\\/``, ``\\,``, ``\\^``,
  ``\\|``, the braces ``\\{`` ``\\}``, the requests ``\\X'...'``, ``\\x'...'``, ``\\R'x 0'``,
  ``\\H'0'``, ``\\S'0'`` (any delimiter), ``\\V[x]``, ``\\g[x]``, ``\\Y[x]``, a macro argument
  ``\\$1`` -- ``DEPLOY_\\fBOK\\fR`` shows one word;
* a special character is one character: ``\\(ul``, ``\\[ul]`` and ``\\_`` an underscore,
  ``\\[u005F]`` U+005F (``\\[u0041_0301]`` the letter and its mark), ``\\[char95]`` and
  ``\\N'95'`` character 95, ``\\C'ul'`` the name's (any delimiter: ``\\C|ul|``); a name groff
  does not define shows nothing (groff drops it with a warning);
* ``\\E``, the escape character, before any of these is a backslash (``\\EfB``);
* a string ``\\*x``, ``\\*(xx``, ``\\*[name]``: the man macros' own (``lq``, ``rq``, ``R``,
  ``Tm``, ``S``) as they define them, any other as nothing -- what groff shows for an
  undefined string (one defined in the document with ``.ds`` is not resolved);
* a line of a font macro shows its arguments without the macro's name and their quotes, the
  alternating fonts' (``.BR``...) joined with nothing (_macro_edits), a line of mdoc's
  macros its words as mdoc.py joins them; a conditional a
  terminal shows (``.if n``, ``.ie n``, ``.el``, one this cannot evaluate) shows its text.

An escaped backslash is read as one unit (``\\\\fB`` is no font change).  The reading is
judged on its own text (pieces.piece_hits: the rendered reading reads it again).  Its places:
a backslash can vanish after a needle's beginning (near.py), a needle right after a removal
(near._near_searches_b), a character it makes (maker()) and a removal inside a maker it
joins (REMOVAL): syntax_hints selects the lines holding one.  ``\\c`` at a line's end and a
``\\#`` comment join the next line, read as nothing with what they pass over (joins.py: the
unit read holds both lines).  A motion ``\\h'N'`` or ``\\v'N'`` is read as nothing (of 0 it
moves nothing; a larger one can only split words, so reading it as nothing only joins), and
``\\z`` with the character it makes zero-width (the next one overprints it).  (Limits: ``\\o``,
number registers ``\\n`` and macro arguments are not read, nor the half-line motions ``\\d``
and ``\\u``: JSON's ``\\u0041`` would read as ``0041``.)
"""

from __future__ import annotations

import functools
import heapq
import re
from collections.abc import Iterator

from rehearsal_hook.scan import mdoc
from rehearsal_hook.scan.indexed import Edit, Indexed, replaced
from rehearsal_hook.scan.joins import AT_END, FONT_MACROS, ROFF_CONDITIONALS, ROFF_JOIN, read_joins
from rehearsal_hook.scan.near import ALTERNATING_HEAD

# groff 1.22.4's special character names (-Tutf8), each with its code points in hex: every
# two-character name rendered once (tools/gen_roff_glyphs.py).  A name not here shows nothing.
_GLYPH_TABLE = (
    "!= 2260 %0 2030 'A C1 'C 106 'E C9 'I CD 'O D3 'U DA 'Y DD 'a E1 'c 107 'e E9 'i ED "
    "'o F3 'u FA 'y FD ** 2217 *A 391 *B 392 *C 39E *D 394 *E 395 *F 3A6 *G 393 *H 398 "
    "*I 399 *K 39A *L 39B *M 39C *N 39D *O 39F *P 3A0 *Q 3A8 *R 3A1 *S 3A3 *T 3A4 *U 3A5 "
    "*W 3A9 *X 3A7 *Y 397 *Z 396 *a 3B1 *b 3B2 *c 3BE *d 3B4 *e 3B5 *f 3D5 *g 3B3 *h 3B8 "
    "*i 3B9 *k 3BA *l 3BB *m 3BC *n 3BD *o 3BF *p 3C0 *q 3C8 *r 3C1 *s 3C3 *t 3C4 *u 3C5 "
    "*w 3C9 *x 3C7 *y 3B7 *z 3B6 +- B1 +e 3F5 +f 3C6 +h 3D1 +p 3D6 ,C C7 ,c E7 -+ 2213 "
    "-> 2192 -D D0 -h 210F .i 131 .j 237 /L 141 /O D8 /_ 2220 /l 142 /o F8 12 BD 14 BC "
    "18 215B 34 BE 38 215C 3d 2234 58 215D 78 215E :A C4 :E CB :I CF :O D6 :U DC :Y 178 "
    ":a E4 :e EB :i EF :o F6 :u FC :y FF <- 2190 << 226A <= 2264 <> 2194 == 2261 =~ 2245 "
    ">= 2265 >> 226B AE C6 AN 2227 Ah 2135 Bq 201E CL 2663 CR 21B5 Cs A4 DI 2666 Do 24 "
    "Eu 20AC Fc BB Fi 66+66+69 Fl 66+66+6C Fn 192 Fo AB HE 2665 IJ 132 Im 2111 OE 152 "
    "OK 2713 OR 2228 Of AA Om BA Po A3 Re 211C S1 B9 S2 B2 S3 B3 SP 2660 Sd F0 TP DE "
    "Tp FE Ye A5 ^A C2 ^E CA ^I CE ^O D4 ^U DB ^a E2 ^e EA ^i EE ^o F4 ^u FB `A C0 `E C8 "
    '`I CC `O D2 `U D9 `a E0 `e E8 `i EC `o F2 `u F9 a" 2DD a- AF a. 2D9 a^ 5E aa B4 '
    "ab 2D8 ac B8 ad A8 ae E6 ah 2C7 an 23AF ao 2DA ap 223C aq 27 a~ 7E ba 7C bb A6 "
    "bq 201A br 2502 bu 2022 bv 23AA c* 2297 c+ 2295 ca 2229 ci 25CB co A9 cq 2019 ct A2 "
    "cu 222A dA 21D3 da 2193 dd 2021 de B0 dg 2020 di F7 dq 22 em 2014 en 2013 eq 3D "
    "es 2205 eu 20AC f/ 2044 fa 2200 fc 203A ff 66+66 fi 66+69 fl 66+6C fm 2032 fo 2039 "
    "ga 60 gr 2207 hA 21D4 ha 5E ho 2DB hy 2010 ib 2286 if 221E ij 133 ip 2287 is 222B "
    "lA 21D0 lB 5B lC 7B la 27E8 lb 23A9 lc 2308 lf 230A lh 261C lk 23A8 lq 201C lt 23A7 "
    "lz 25CA mc B5 md 22C5 mi 2212 mo 2208 mu D7 nb 2284 nc 2285 ne 2262 nm 2209 no AC "
    "oA C5 oa E5 oe 153 oq 2018 or 7C pc B7 pd 2202 pl 2B pp 22A5 ps B6 pt 221D r! A1 "
    "r? BF rA 21D2 rB 5D rC 7D ra 27E9 rb 23AD rc 2309 rf 230B rg AE rh 261E rk 23AC "
    "rn 203E rq 201D rs 5C rt 23AB ru 5F sb 2282 sc A7 sd 2033 sh 23 sl 2F sp 2283 "
    "sq 25A1 sr 221A ss DF st 220B te 2203 tf 2234 ti 7E tm 2122 ts 3C2 uA 21D1 ua 2191 "
    "ul 5F vA 21D5 vS 160 vZ 17D va 2195 vs 161 vz 17E wp 2118 |= 2243 ~= 2248 ~A C3 "
    "~N D1 ~O D5 ~a E3 ~n F1 ~o F5 ~~ 2248 "
)


@functools.cache
def glyphs() -> dict[str, str]:
    """groff's special characters by name (built on first use: syntax_hints imports this module
    for REMOVAL, which every text holding a backslash may need)."""
    return {
        name: "".join(chr(int(cp, 16)) for cp in value.split("+"))
        for name, value in zip(*[iter(_GLYPH_TABLE.split())] * 2, strict=True)
    }


# The strings the man macros define (an-old.tmac), and what they show on a terminal.
_STRINGS = {"lq": "\u201c", "rq": "\u201d", "R": "\u00ae", "Tm": "\u2122", "S": ""}

# A name within ``[...]``: up to 64 characters read by the pattern; a longer one (a group
# ``long_...`` marks it, its ``]`` not looked for) is closed or not by reading's _Closer -- a
# line of ``\\[`` that no ``]`` closes, each scanned to the line's end, was quadratic.
_NAME = r"[^\]\r\n]{0,64}+"
_LONG = r"(?=[^\]\r\n]{65})"
# An argument: one character, two after ``(``, or any within ``[...]``.
_ARG = r"(?:\[(?:" + _NAME + r"\]|(?P<long_arg>)" + _LONG + r")|\([^\r\n]{2}|[^\r\n(\[])"
# A size: ``\\s`` then a sign and a digit (10 to 39: two), ``(NN``, ``[...]`` or ``'...'``.
_SIZE = (
    r"s(?:[+-]?(?:\([0-9]{2}|\[(?:"
    + _NAME
    + r"\]|(?P<long_size>)"
    + _LONG
    + r")|'[^'\r\n]*+'|[1-3][0-9]|[0-9])|\([+-][0-9]{2})"
)
# A delimiter of an escape's argument (groff takes any character -- but a digit or an
# operator where the argument is a number; read: printable ASCII punctuation but the
# backslash, so that C's ``\\x55`` stays an escape of its own -- at most 31 kinds, so a line of
# delimiters that never close costs at most 31 passes over it: linear).
_DELIM = r"[!-/:-@\[\]-`{-~]"
# What vanishes, after the backslash: also a register set ``\\R'x 0'``, a height or slant
# ``\\H'+0'`` ``\\S'0'`` and a device or spacing request ``\\X'...'`` ``\\x'...'`` (any
# delimiter); an environment variable ``\\V``, a register's format ``\\g``, a device control
# ``\\Y`` and a macro argument ``\\$1`` -- nothing outside a macro, unset as ``man`` reads a page.
# (Not a tab or leader ``\\t`` ``\\a``, which fill mode shows as nothing: C's and JSON's tab and
# bell, in strings everywhere -- ``"A_P...\\tB"`` would read as one word.)
_REMOVAL = (
    r"(?:[fFkmMVYg$]" + _ARG + "|" + _SIZE + r"|[&)%:c/,^|{}]"
    # (and a horizontal or vertical motion ``\\h'N'``, ``\\v'N'``: of 0, or too small for a
    # cell, it moves nothing on a terminal -- read as nothing, which can only join words --;
    # ``\\z`` and the character after it, which the next one overprints)
    r"|[RHSXxhv](?P<rd>" + _DELIM + r")(?:(?!(?P=rd))[^\r\n])*+(?P=rd)|z[^\\\r\n])"
)
# (``\\E`` is the escape character itself: ``\\EfB`` is ``\\fB`` outside copy mode.)
# (A backslash right after ESC is a terminal's string terminator, ESC \\, no escape: a file
# holding ESC is no roff source -- groff drops ESC -- and read as one, ``ESC \\VER`` lost ``\\VE``
# and its ESC then joined ``R`` as a code: an extra token, the suite's string-control test.)
_ESCAPE = (
    r"\\(?<!\x1b\\)(?:(?P<backslash>\\)|E?(?:{join}"
    r"|\*(?:\[(?:(?P<long>" + _NAME + r")\]|(?P<long_string>)" + _LONG + r")|\((?P<two>[^\r\n]{2})|(?P<one>[^\r\n(\[]))"
    r"|\((?P<glyph>[^\r\n]{2})|\[(?:(?P<named>" + _NAME + r")\]|(?P<long_named>)" + _LONG + ")"
    r"|C(?P<cd>" + _DELIM + r")(?P<quoted>(?:(?!(?P=cd))[^\r\n])*+)(?P=cd)"
    r"|N(?P<nd>" + _DELIM + r")(?P<number>[0-9]{1,7})(?P=nd)"
    r"|(?P<ul>_)"
    r"|" + _REMOVAL + "))"
)
# Where a piece may read otherwise: a backslash before a removal or a special character.
_MAY = re.compile(r"\\(?:[fFkmMs*(\[CN_&)%:c/,^|{}XxRHSVYg$taE#hvz])")
# What vanishes, from its backslash: inside a maker of the rendered reading it joins it
# (``%\\&5F``, ``&#9\\&5;``, ``\\1\\&20``: syntax_hints).
REMOVAL = r"\\E?" + _REMOVAL


@functools.cache
def maker() -> str:
    """The escapes that make a character that is not ASCII punctuation (a letter, a digit, an
    underscore, anything not ASCII: a look-alike) -- ``\\(ul``, ``\\[*A]``, ``\\[u005F]``,
    ``\\[char95]``, ``\\C'ul'``, ``\\N'95'``: a maker (syntax_hints).  Names by first character,
    the second in a class: a short pattern, compiled quickly."""
    making: dict[str, list[str]] = {}
    for name, shown in sorted(glyphs().items()):
        if any(not c.isascii() or c.isalnum() or c == "_" for c in shown):
            making.setdefault(name[0], []).append(name[1])
    names = "|".join(re.escape(a) + "[" + re.escape("".join(b)) + "]" for a, b in sorted(making.items()))
    return (
        r"\\E?(?:\((?:"
        + names
        + r")|\[(?:(?:"
        + names
        + r")\]|u[0-9A-Fa-f]|char[0-9])|C"
        + _DELIM
        + r"|N"
        + _DELIM
        + "[0-9])"
    )


@functools.cache
def _escape(last_line: bool = False) -> re.Pattern[str]:
    """The escapes; ``last_line``: in a text's last line, where no line break follows, without
    ``\\c``'s join (joins.read_joins; a ``\\#`` comment there runs to the text's end)."""
    at_end = r'|c[ \t]*+\\"[^\r\n]*+' + AT_END
    join = r"(?P<join>#[^\r\n]*+)" if last_line else r"(?P<join>" + ROFF_JOIN + at_end + ")"
    return re.compile(_ESCAPE.replace("{join}", join))


def may_read(line: str) -> bool:
    return ("\\" in line and _MAY.search(line) is not None) or _macro_line(line)


# A line of a man font macro (joins.FONT_MACROS; groff 1.22.4 ``-man -Tutf8``): its control
# character, blanks, the name, then blanks or tabs.  groff splits its arguments at spaces (a
# tab is part of one); a quoted argument (``"..."``, ``""`` a quote in it) ends at its closing
# quote and the next one starts right after it; an escape is part of its argument (``\\ ``,
# ``\\X'a b'``) and ``\\"`` ends them all (a comment).  ``.B``, ``.I``, ``.SM``, ``.SB``
# show the arguments joined by a space, the alternating fonts (``.BR``, ``.RB``, ``.BI``,
# ``.IB``, ``.IR``, ``.RI``) joined with nothing: ``.BR CUTOVER _OK`` shows ``CUTOVER_OK``.
# (A line starts at a line feed: groff's only line end; a piece's start is read as one too,
# which can only read more.)
# A conditional a terminal shows (joins.ROFF_CONDITIONALS: nested too) shows the rest of its line as it
# stands, only its head removed -- or, where that rest is a font macro's line or ``.nop``'s
# (``.if n .nop OK``), as that line.
_MACRO_LINE = re.compile(
    r"(?:^|(?<=\n))[.'][ \t]*+(?:(?P<name>" + FONT_MACROS + r"|nop)[ \t]++|(?P<mdoc>" + mdoc.HEAD + r") ++"
    r"|(?P<conditional>" + ROFF_CONDITIONALS + ")"
    r"(?:[.'][ \t]*+(?P<inner>" + FONT_MACROS + r"|nop)[ \t]++)?)"
)
# What an unquoted argument holds up to a space, an escape or its line's end (a quote in it
# is shown), and a quoted one up to its quote.
_UNQUOTED = re.compile(r"[^ \\\r\n]*+")
_QUOTED = re.compile(r'[^"\\\r\n]*+')
_SPACES = re.compile(" ++")


def _macro_line(line: str) -> bool:
    return ("." in line or "'" in line) and _MACRO_LINE.search(line) is not None


# The head of an alternating font macro's line, whose arguments a cut must not split (a long
# line is read whole: macro_zones; a stream blocks: segments.LineCuts), as text and as bytes.
_JOINING_S, _JOINING_B = re.compile(ALTERNATING_HEAD), re.compile(ALTERNATING_HEAD.encode())


def joins_arguments(buf: str | bytes, at: int) -> bool:
    """Whether the line starting at ``at`` in ``buf`` is an alternating font macro's."""
    return (_JOINING_S if isinstance(buf, str) else _JOINING_B).match(buf, at) is not None  # type: ignore[arg-type]


def macro_zones(text: str, ls: int, le: int) -> list[tuple[int, int]]:
    """The lines of the unit ``text[ls:le]`` that an alternating font macro starts, each from its
    start to its end: a piece of a long unit is not cut inside one (its arguments are joined;
    cuts.piece_end), which reads a line of one whole."""
    starts = [ls] + [m.end() for m in _LF.finditer(text, ls, le)]
    out = []
    for at in starts:
        if joins_arguments(text, at):
            end = text.find("\n", at, le)
            out.append((at, le if end == -1 else end))
    return out


_LF = re.compile("\n")


def _macro_edits(line: str, escapes: list[Edit]) -> list[Edit]:
    """What each font macro line of ``line`` removes: its name, the quotes of its arguments and,
    for an alternating one, the spaces between them (a closing quote right before the next
    argument is a space in the others).  ``escapes``: the escapes' edits, each part of its
    argument; after ``\\c``'s join (to the next text line) the arguments end."""
    ends = {start: end for start, end, _ in escapes}
    edits: list[Edit] = []
    done = 0
    for m in _MACRO_LINE.finditer(line):
        if m.start() < done:
            continue
        edits.append((m.start(), m.end(), ""))
        if m.group("mdoc"):  # (an mdoc line: mdoc.py)
            more, done = mdoc.edits(line, m.end(), m.group("mdoc") == "Pf", ends)
            edits += more
            continue
        name = m.group("name") or m.group("inner")
        if name is None:  # (a conditional's text; a request there shows nothing)
            done = m.end()
            if line[done : done + 1] in (".", "'"):
                done = len(line.rstrip("\r\n"))
                edits.append((m.end(), done, ""))
            continue
        joined = len(name) == 2 and name[0] != "S"
        done = _arguments(line, m.end(), ends, "" if joined else " ", edits)
    return edits


def _arguments(line: str, i: int, ends: dict[int, int], between: str, edits: list[Edit]) -> int:
    """The edits of a macro line's arguments from ``i`` (_macro_edits), added to ``edits``;
    where they end."""
    starts, quoted = True, False  # (at an argument's start; inside a quoted one)
    while i < len(line):
        if starts and line[i] == '"':
            edits.append((i, i + 1, ""))
            quoted, i = True, i + 1
        starts = False
        # (a space ends an unquoted argument, a quote a quoted one: each passes the other)
        i = (_QUOTED if quoted else _UNQUOTED).match(line, i).end()  # type: ignore[union-attr]
        c = line[i : i + 1]
        if c in ("", "\r", "\n"):
            return i
        if c == "\\":
            end = ends.get(i)
            if line[i + 1 : i + 2] == '"' or (end is not None and _joins_next_line(line, i, end)):
                return i  # (a comment, or \\c's join: the arguments end)
            i = end if end is not None else i + (3 if line[i + 1 : i + 3] == "\r\n" else 2)
        elif c == " ":
            end = _SPACES.match(line, i).end()  # type: ignore[union-attr]
            if not between:
                edits.append((i, end, ""))
            i, starts = end, True
        elif line[i + 1 : i + 2] == '"':  # (``""`` in a quoted argument: a quote)
            edits.append((i, i + 1, ""))
            i += 2
        else:  # (the closing quote: the next argument starts right after it)
            after = line[i + 1 : i + 2]
            edits.append((i, i + 1, between if after not in ("", " ", "\r", "\n") else ""))
            quoted, starts, i = False, True, i + 1
    return i


def _joins_next_line(line: str, i: int, end: int) -> bool:
    """Whether the escape ``line[i:end]`` is ``\\c``'s join to the next text line."""
    name = i + 2 if line[i + 1 : i + 2] == "E" else i + 1
    return line[name : name + 1] == "c" and ("\n" in line[i:end] or "\r" in line[i:end])


def _glyph(name: str) -> str:
    """What the special character ``name`` shows: its glyph, ``uXXXX`` (``_``-joined code
    points) or ``charN``; nothing for a name groff does not define."""
    found = glyphs().get(name)
    if found is not None:
        return found
    if re.fullmatch(r"u[0-9A-Fa-f]{4,6}(?:_[0-9A-Fa-f]{4,6})*", name):
        points = [int(p, 16) for p in name[1:].split("_")]
        if all(p <= 0x10FFFF and not 0xD800 <= p <= 0xDFFF for p in points):
            return "".join(map(chr, points))
    elif re.fullmatch(r"char[0-9]{1,3}", name) and int(name[4:]) < 256:
        return chr(int(name[4:]))
    return ""


def _value(m: re.Match[str]) -> str | Indexed:
    if m.group("backslash"):
        return m.group(), [m.start(), m.start() + 1]  # (kept: the rendered reading reads it)
    if m.group("ul"):
        return "_"
    for group in ("long", "two", "one"):
        if m.group(group) is not None:
            return _STRINGS.get(m.group(group), "")
    for group in ("glyph", "named", "quoted"):
        if m.group(group) is not None:
            return _glyph(m.group(group))
    if m.group("number"):
        cp = int(m.group("number"))
        return chr(cp) if 0 < cp <= 0x10FFFF and not 0xD800 <= cp <= 0xDFFF else ""
    return ""


def reading(line: str) -> Indexed | None:
    """``line`` with its escapes and font macro lines shown as ``man`` shows them, and per
    character its index in ``line``; None if it holds none."""
    if not may_read(line):
        return None
    if not _macro_line(line):
        return replaced(line, _edits(line))
    escapes = list(_edits(line)) if "\\" in line else []
    return replaced(line, heapq.merge(escapes, _macro_edits(line, escapes), key=lambda e: e[0]))


def _edits(line: str) -> Iterator[Edit]:
    """Each escape of ``line`` and what it shows; a long name's ``[`` closed by the first ``]``
    on its line (_Closer), or, with none, no escape there (as the pattern reads a short one)."""
    closer = _Closer(line)
    pos = 0
    while True:
        for m in read_joins(_escape(), _escape(last_line=True), line, pos):
            long = next((g for g in _LONG_GROUPS if m.group(g) is not None), None)
            if long is None:
                yield m.start(), m.end(), _value(m)
                continue
            close = closer.closing(m.end())
            if close is None:
                pos = m.start() + 1
            else:
                name = line[m.end() : close]
                yield m.start(), close + 1, _glyph(name) if long == "long_named" else ""
                pos = close + 1
            break
        else:
            return


_LONG_GROUPS = ("long_named", "long_string", "long_arg", "long_size")


class _Closer:
    """Where the ``]`` closing a ``[`` at a place is -- the first after it, before its line's
    end -- for places in increasing order: each search starts where the last one ended or
    further on (amortized: the text is searched once for each of ``]``, LF and CR)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.next = {"]": -1, "\n": -1, "\r": -1}

    def _after(self, c: str, at: int) -> int:
        if self.next[c] < at:
            found = self.text.find(c, at)
            self.next[c] = len(self.text) if found < 0 else found
        return self.next[c]

    def closing(self, at: int) -> int | None:
        close = self._after("]", at)
        return close if close < min(self._after("\n", at), self._after("\r", at)) else None
