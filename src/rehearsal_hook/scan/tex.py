"""TeX's and LaTeX's reading of a piece of a line, as a typeset document (a PDF) shows it:
what vanishes or makes one character inside a word.

* a group's braces vanish (``DEPLOY{\\_}OK``, ``{DEPLOY}\\_{OK}``, ``DEPLOY\\_{}OK``) -- paired
  along the piece, in one pass; not an escaped brace ``\\{``, and not the pair of an
  interpolation ``${...}``, ``#{...}``, ``@{...}``, ``%{...}`` (shell, Ruby, Perl, templates:
  program text whose braces a reader sees) -- in a piece where TeX is read: one holding a
  control sequence or ``^^`` (joins.TEX_SIGN) or a character that is not ASCII (a raw ``_``
  is an error in TeX's text; a format string's ``f"{STAGE}_OK"`` is program text);
* a comment ``%`` joins the next line, its line break and leading blanks gone, where the
  comment's line or the next holds a control sequence or ``^^`` (joins.py);
* control words that typeset nothing -- font, shape and size switches and commands
  (``\\textbf``, ``\\emph``, ``\\bf``, ``\\relax``, ``\\mbox``...) with the blanks after them, as
  TeX skips them --, an argument that is not shown (``\\color{red}``, ``\\textcolor{red}``,
  ``\\label{x}``, ``\\index{x}``, ``\\href{url}``, ``\\vphantom{X}``), spacing and breaks of a
  dimension or number (``\\kern0pt``, ``\\penalty0``; a unit is a keyword, ``\\kern0ptSS``
  shows ``SS``), a phantom of nothing, the control symbols ``\\/``, ``\\-`` and ``\\@``,
  and ``\\unskip`` with the blanks before it; a control sequence named by ``\\csname ...
  \\endcsname``: ``textunderscore`` or ``_`` an underscore, any other nothing (read as
  ``\\relax``);
* the conditionals, each opener with its condition, ``\\else`` and ``\\fi``, and what a branch
  not shown holds (texif.py: one whose truth is not known read both ways, readings); what
  ``\\iffalse`` skips over line ends too (iffalse_stretches: the lines are read as one unit);
* ``\\verb|...|`` its text as it is; ``\\textsc{...}``, ``{\\scshape ...}``, ``{\\sc ...}``,
  ``\\uppercase{...}`` and ``\\MakeUppercase{...}`` their letters as capitals;
* one character: ``\\textunderscore`` (blanks after it skipped) and ``\\_`` an underscore;
  ``\\char95``, ``\\char"5F``, ``\\char'137``, ``\\char`\\_`` and ``\\symbol{95}`` (the same
  forms) the character of that code, and so is MathJax's ``\\unicode{95}`` (``{x5F}``,
  ``{0x5f}``, a font or size in brackets before it: MathJax 3 shows ``\\text{A}\\unicode{95}``
  as ``A_``); ``^^5f`` (two lowercase hex digits) that character and
  ``^^`` before another ASCII character the one 64 away (``^^?`` DEL, ``^^M`` CR); the other
  escaped specials (``\\&``, ``\\#``, ``\\$``, ``\\%``, ``\\{``, ``\\}``) themselves, and
  ``\\\\`` a line break.

The reading is judged on its own text (pieces.piece_hits: the rendered reading reads it
again).  Its places: a backslash or a brace can vanish after a needle's beginning, a needle
right after a brace or a control symbol (near.py); ``\\textunderscore``, ``\\char``,
``\\symbol``, ``\\unicode`` and ``^^`` are makers and a removal inside a maker of the rendered reading
(``&{}#95;``) joins it (REMOVAL): syntax_hints selects the lines holding one.  (Limits: macros
defined in the document, ``\\def``/``\\newcommand``, are not expanded; math mode is read as
text; a ``_`` made an ordinary character by a catcode change is read only where TeX is.)
"""

from __future__ import annotations

import functools
import re

from rehearsal_hook.scan import texif
from rehearsal_hook.scan.indexed import Edit, Indexed, replaced
from rehearsal_hook.scan.joins import AT_END, TEX_COMMENT, line_end, line_start, read_joins, tex_joins, tex_reads

# Control words that typeset nothing by themselves (what they apply to is shown): font and
# size switches and commands, boxes, breaks, struts, what prints its argument as it is
# (``\\url``, ``\\detokenize``, ``\\string``) and what overlaps its neighbours (``\\rlap``).
_SILENT_WORDS = (
    "textbf|textit|textsl|textsc|textup|textmd|textrm|textsf|texttt|textnormal|emph|underline|"
    "mbox|hbox|text|relax|protect|null|leavevmode|nobreak|allowbreak|nolinebreak|ignorespaces|"
    "bf|it|sl|sc|rm|sf|tt|em|up|md|normalfont|bfseries|mdseries|itshape|slshape|scshape|upshape|"
    "rmfamily|sffamily|ttfamily|tiny|scriptsize|footnotesize|small|normalsize|large|Large|LARGE|"
    "huge|Huge|ensuremath|makebox|url|path|nolinkurl|detokenize|string|strut|noindent|indent|"
    "hyp|rlap|llap|clap|smash|empty|xspace|mathrm|mathit|mathbf|mathsf|mathtt|mathnormal|operatorname|"
    "noexpand|expandafter"
)
# Control words whose argument is not shown (a colour, a label, a link's target, a space of
# no width, ``\\discretionary``'s text where the line does not break), with the blanks after.
_NOT_SHOWN = (
    r"(?:(?:color|textcolor|label|index|href|vphantom|hspace\*?)(?:\[[^\]\r\n]*+\])?"
    r"|discretionary\{[^{}\r\n]*+\})\{[^{}\r\n]*+\}[ \t]*+"
)
# Spacing and breaking with a dimension or a number (``\\kern0pt``, ``\\hskip 0pt``,
# ``\\penalty0``, ``\\linebreak[0]``): nothing between two letters, or a space a reader can
# overlook (read as nothing: it can only join words).
_SPACING = (
    r"(?:kern|hskip|mkern|mskip)(?![A-Za-z])[ \t]*+[-+]?[ \t]*+[0-9.,]*+[ \t]*+"
    # (a unit is one of TeX's keywords, in any case, and ends there: ``\kern0ptSS`` shows SS)
    r"(?:(?i:(?:true[ \t]*+)?(?:pt|pc|in|bp|cm|mm|dd|cc|sp|em|ex|mu|px|nd|nc))|\\[A-Za-z]++)?[ \t]*+"
    r"|penalty[ \t]*+[-+]?[0-9]++[ \t]*+|(?:no)?linebreak\[[0-4]\][ \t]*+"
    # (a phantom of nothing: no width)
    r"|h?phantom[ \t]*+\{[ \t]*+\}[ \t]*+"
)
# What vanishes, from its backslash or brace: syntax_hints joins it to a maker's head.
REMOVAL = r"(?:[{}]|\\(?:" + _SPACING + "|(?:" + _SILENT_WORDS + r")(?![A-Za-z])[ \t]*+|" + _NOT_SHOWN + r"|[/@-]))"
# (A code: decimal, ``"`` hex in capitals, ``'`` octal, or a backquote and a character.)
_CODE = (
    r"""(?:(?P<{0}dec>[0-9]{{1,7}})|"(?P<{0}hex>[0-9A-F]{{1,6}})|'(?P<{0}oct>[0-7]{{1,8}})|`\\?(?P<{0}chr>[^\r\n]))"""
)
# What TeX skips after a control word: blanks, and the line's end with the next line's leading
# blanks -- unless that line is blank, a paragraph (``CUTOVER\\_\\relax``, ``PASS`` typesets one
# word: a line ending with one joins the next, joins.py).
_SKIPPED = r"[ \t]*+(?:(?:\r\n|\r|\n)[ \t]*+(?![\r\n]))?"
# A line ending with such a control word (joins.join_end).
WORD_AT_END = r"\\(?:textunderscore|" + _SILENT_WORDS + r")[ \t]*+$"
_CONSTRUCT = (
    r"|[ \t]*+\\unskip(?![A-Za-z])[ \t]*+"
    r"|\\(?:(?P<underscore>textunderscore(?![A-Za-z])" + _SKIPPED + ")"
    r"|char[ \t]*+" + _CODE.format("c") + r"[ \t]?"
    r"|symbol\{" + _CODE.format("s") + r"\}"
    # (MathJax's ``\unicode[font]{95}``, ``{x5F}``, ``{0x5f}``: a Markdown file's or a notebook's
    # math as GitHub and Jupyter render it; up to two bracketed options, blanks trimmed)
    r"|unicode(?:[ \t]*+\[[^\]\r\n]{0,64}+\]){0,2}+[ \t]*+\{[ \t]*+"
    r"(?:(?P<udec>[0-9]{1,7})|0?+x(?P<uhex>[0-9A-Fa-f]{1,6}))[ \t]*+\}"
    r"|(?P<linebreak>\\)"
    # (a control sequence by name: ``\csname textunderscore\endcsname`` is ``\textunderscore``,
    # an undefined one ``\relax``; a name of up to 64 characters, so each is searched past once)
    r"|csname[ \t]*+(?P<csname>[^\\\r\n]{0,64}?)[ \t]*+\\endcsname(?![A-Za-z])[ \t]*+"
    r"|(?P<special>[_&#$%{}])"
    r"|(?P<upper>(?:textsc|uppercase|MakeUppercase)[ \t]*+\{)(?P<shown>(?:[^{}\\\r\n]|\\_)*+)\}"
    # (small capitals switched on later in a group or outside one, up to the next brace or
    # control word: pdflatex shows ``{DEPLOY\_\scshape ok}`` with OK in small capitals)
    r"|(?P<later>sc(?:shape)?(?![A-Za-z])[ \t]*+)(?P<latercaps>(?:[^{}\\\r\n]|\\_)*+)"
    # (a printable ASCII delimiter: at most 94 kinds, so unclosed ones stay linear)
    r"|verb\*?(?P<delim>(?![A-Za-z*])[!-~])(?P<verbatim>(?:(?!(?P=delim))[^\r\n])*+)(?P=delim)"
    r"|" + _SPACING + "|(?:" + _SILENT_WORDS + r")(?![A-Za-z])" + _SKIPPED + r"|" + _NOT_SHOWN + "|[/@-]"
    # (a conditional's opener and condition, ``\else``, ``\or``, ``\fi``: texif.Conditionals)
    r"|" + texif.OPENER + ")"
    r"|\^\^(?:(?P<hat>[0-9a-f]{2})|(?P<hat1>[\x00-\x7f]))"
    # (a group switched to small capitals from its start, ``{\scshape x}``, ``{\sc x}``: capitals)
    r"|(?<![$#@%])(?P<small>\{[ \t]*+\\sc(?:shape)?(?![A-Za-z])[ \t]*+)(?P<smallcaps>(?:[^{}\\\r\n]|\\_)*+)\}"
    r"|(?<![$#@%])(?P<open>\{)|(?P<kept>[$#@%]\{)|(?P<close>\})"
)
# Where a piece may read otherwise.
_MAY = re.compile(r"[{}]|\\[A-Za-z/@-]|\^\^|%[^%\r\n]*+[\r\n]")


@functools.cache
def _construct(last_line: bool = False) -> re.Pattern[str]:
    """The constructs, led by a comment's join; ``last_line``: in a text's last line, where no
    line break follows, without it (joins.read_joins)."""
    comment = r"(?P<comment>(?!))" if last_line else r"(?P<comment>" + TEX_COMMENT + r"|%[^\r\n]*+" + AT_END + ")"
    return re.compile(comment + _CONSTRUCT)


def may_read(line: str) -> bool:
    return ("{" in line or "}" in line or "\\" in line or "^^" in line) and _MAY.search(line) is not None


def _code(m: re.Match[str], p: str) -> str:
    if m.group(p + "dec") is not None:
        cp = int(m.group(p + "dec"))
    elif m.group(p + "hex") is not None:
        cp = int(m.group(p + "hex"), 16)
    elif m.group(p + "oct") is not None:
        cp = int(m.group(p + "oct"), 8)
    else:
        return m.group(p + "chr")
    return chr(cp) if cp <= 0x10FFFF and not 0xD800 <= cp <= 0xDFFF else "\ufffd"


def _value(m: re.Match[str]) -> str | Indexed:
    if m.group("upper") or m.group("small") or m.group("later"):
        # (Small capitals and \\uppercase show capitals; a letter whose capital is two keeps
        # its place.)
        part = "shown" if m.group("upper") else "smallcaps" if m.group("small") else "latercaps"
        shown, at = m.group(part), m.start(part)
        return "".join(c.upper() if len(c.upper()) == 1 else c for c in shown), list(range(at, at + len(shown)))
    if m.group("verbatim") is not None:
        at = m.start("verbatim")
        return m.group("verbatim"), list(range(at, at + len(m.group("verbatim"))))
    if m.group("underscore"):
        return "_"
    if m.group("linebreak"):
        return " "
    if m.group("csname") is not None:
        return "_" if m.group("csname") in ("textunderscore", "_") else ""
    if m.group("special"):
        return m.group("special")
    if m.group("udec") is not None or m.group("uhex") is not None:
        cp = int(m.group("udec")) if m.group("udec") is not None else int(m.group("uhex"), 16)
        return chr(cp) if cp <= 0x10FFFF and not 0xD800 <= cp <= 0xDFFF else "\ufffd"
    for p in ("c", "s"):
        if m.group(p + "dec") or m.group(p + "hex") or m.group(p + "oct") or m.group(p + "chr"):
            return _code(m, p)
    if m.group("hat"):
        return chr(int(m.group("hat"), 16))
    if m.group("hat1") is not None:
        c = ord(m.group("hat1"))
        return chr(c + 64 if c < 64 else c - 64)
    return ""


def readings(line: str) -> list[Indexed]:
    """``line`` as TeX typesets it (reading), and again with the conditionals whose truth is
    not known taken as false where it holds one and that reads otherwise (texif.py)."""
    found, unknown = reading(line)
    out = [] if found is None else [found]
    if unknown:
        other, _ = reading(line, assume=False)
        if other is not None and (found is None or other[0] != found[0]):
            out.append(other)
    return out


def reading(line: str, assume: bool = True) -> tuple[Indexed | None, bool]:
    """``line`` as TeX typesets it (above), and per character its index in ``line`` (None if
    it holds nothing that reads otherwise), a conditional whose truth is not known taken as
    ``assume``; and whether it held one."""
    if not may_read(line):
        return None, False
    # (braces where TeX is read: a piece holding a control sequence, ``^^`` or what is not ASCII)
    braces = not line.isascii() or tex_reads(line)
    edits: list[Edit] = []
    opened: list[tuple[int, bool]] = []  # (where a brace opened, whether its pair is kept)
    skipped = 0  # (where what a conditional skips ends)
    conditionals = texif.Conditionals(line, assume)
    for m in read_joins(_construct(), _construct(last_line=True), line):
        if m.start() < skipped:
            continue
        if m.group("comment") is not None:
            le = m.start() + len(m.group().rstrip(" \t").rstrip("\r\n"))
            if tex_joins(line, line_start(line, m.start()), le):
                edits.append((m.start(), m.end(), ""))
        elif m.group("cond") is not None or m.group("celse") is not None or m.group("cfi") is not None:
            # (a skip nothing ends hides the rest: read as it stands, and no later
            # conditional is evaluated -- linear)
            end = conditionals.vanishes(m)
            if end != -1:
                skipped = end
                edits.append((m.start(), end, ""))
        elif not braces and (m.group("open") or m.group("kept") or m.group("close")):
            continue
        elif m.group("open"):
            opened.append((m.start(), False))
        elif m.group("kept"):
            opened.append((m.start(), True))
        elif m.group("close"):
            if opened:
                at, kept = opened.pop()
                if not kept:
                    edits += [(at, at + 1, ""), (m.start(), m.end(), "")]
        else:
            edits.append((m.start(), m.end(), _value(m)))
    if not edits:
        return None, conditionals.unknown
    edits.sort(key=lambda e: e[0])
    return replaced(line, edits), conditionals.unknown


def fi_end(text: str | bytes, pos: int) -> int:
    """Where the ``\\fi`` that closes the ``\\iffalse`` ending at ``pos`` ends (the blanks
    after it too), or -1 if none does (TeX skips the rest of the text).  One pass up to it."""
    return texif.skip_end(text, pos, at_else=False)[0]


def iffalse_stretches(text: str | bytes) -> tuple[list[tuple[int, int]], int]:
    """The stretches from the start of an ``\\iffalse``'s line to the end of its ``\\fi`` that
    hold a line end (``x CUTOVER\\_PA\\iffalse``, ``zz\\fi SS`` typesets one word: pdflatex),
    and the start of the line of one that no ``\\fi`` closes, or -1.  One pass: each search
    starts after the last ``\\fi``; after an unclosed one TeX shows nothing."""
    out: list[tuple[int, int]] = []
    is_str = isinstance(text, str)
    if ("\\iffalse" if is_str else b"\\iffalse") not in text:  # type: ignore[operator]
        return out, -1
    tokens, pos = texif.skip_tokens(not is_str), 0
    while (m := tokens.search(text, pos)) is not None:
        pos = m.end()
        if m.group("opener") not in ("iffalse", b"iffalse"):
            continue
        start = line_start(text, m.start())
        end = fi_end(text, m.end())
        if end == -1:
            return out, start
        if -1 < line_end(text, m.start()) < end:
            out.append((start, end))
        pos = end
    return out, -1
