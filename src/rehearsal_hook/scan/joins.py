"""Line ends that a parsed reading joins to the next line, beside the rendered reading's escaped line
break (readings.py, which units.py reads as a construct that spans a line end):

* roff (roff.py): ``\\c`` at a line's end (blanks and a ``\\"`` comment may follow it) joins the
  next text line -- passing over control lines between (a request, a ``.\\"`` comment, an empty
  ``.``, a line of a ``\\#`` comment) and into a font macro's arguments (``.B PASS``), ``.nop``'s
  text or the text of a conditional a terminal shows (``.if n PASS``: ROFF_CONDITIONAL); ``\\#``
  comments out the rest of its line and its line break.  (groff 1.22.4 ``-man -Tutf8``:
  ``CUTOVER_\\c``, ``.ft B``, ``PASS`` shows one word; leading blanks on the next line, a blank
  line, keep the words apart.)
* TeX (tex.py): a control word that typesets nothing (``\\relax``, ``\\textbf``...) or
  ``\\textunderscore`` at a line's end joins the next line (TeX skips the line's end and the next
  line's leading blanks after a control word; a blank line is a paragraph); ``%`` comments out the
  rest of its line, its line break and the blanks that start the next line (``CUTOVER\\_%``,
  ``PASS`` typesets one word).  ``%`` is common in other text (printf formats, percentages), where a
  reader sees no join: it joins where TeX is read -- the comment's line or the next holds a control
  sequence (a backslash and two letters, or one of TeX's specials: ``\\_``, ``\\&``...) or ``^^``
  (TEX_SIGN; a raw ``_`` is an error in TeX's text, so a token TeX shows is spelt with one).
* git archive's export-subst (gitformat.py): a ``$Format:`` span runs to the next ``$``, past line
  ends, and ``%-`` deletes the line feeds before it, the file's before the span too: a span across
  lines, or one that starts a line, is read with the lines it reaches (subst_stretches); so is what
  TeX's ``\\iffalse`` skips up to its ``\\fi`` (stretches).
* CSS (css.py): an escape whose hex digits end a line takes its line break as their one blank (``A_P\\5f``,
  ``ASS`` is ``A_P_ASS``: css.eats_line_end); a ``content`` value's line ends are blanks between its strings.
* an escaped line break with blanks before it (gcc joins ``\\`` and blanks at a line's end; TOML's
  line-ending backslash in a multi-line string), or blank lines after it (TOML trims every blank and
  line break up to the next character): the rendered reading (readings.py) reads it as nothing; a
  backslash right before the line break with no blank line after it is units.py's construct.

units.unit_end reads a line and every line joined to it as one unit (join_end); segments.stream_cut
cuts no stream there (joined), and a long unit is cut into pieces only outside a join (zones).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from typing import Any

from rehearsal_hook.scan import css
from rehearsal_hook.scan.lines import empty_run_start

BREAK = r"(?:\r\n|\r|\n)"
# A join to its line's end with no line break after (roff's ``\\c\\"``, TeX's ``%``) matches at the end: read_joins.
AT_END = r"(?P<at_end>\Z)"
# The man macros that set their arguments in a font (shown, the alternating ones joined:
# roff.py reads a line of one, its name and quotes gone).
FONT_MACROS = r"(?:B|I|SM|SB|BR|RB|BI|IB|IR|RI)"
# A block of lines roff reads as no text (groff 1.22.4: ``CUTOVER_\\c``, ``.ig``, ``zz``,
# ``..``, ``PASS`` shows one word): ``.ig`` up to ``..`` or the end macro it names, a macro
# definition (``.de``, ``.am`` and their forms) up to ``..`` or the end macro it names.
_LINE = r"[^\r\n]*+" + BREAK
_ROFF_BLOCK = (
    r"[.'][ \t]*+(?:ig[ \t]*+" + BREAK + r"|(?:de|am)i?1?[ \t]++[^\s\\]++[ \t]*+" + BREAK + r")"
    r"(?:(?![.'][ \t]*+\.(?![^ \t\r\n]))"
    + _LINE
    + r")*+[.'][ \t]*+\."
    + _LINE
    + r"|[.'][ \t]*+(?:ig[ \t]++|(?:de|am)i?1?[ \t]++[^\s\\]++[ \t]++)(?P<roff_end>[^\s\\]++)[ \t]*+"
    + BREAK
    + r"(?:(?![.'][ \t]*+(?P=roff_end)(?![^ \t\r\n]))"
    + _LINE
    + r")*+[.'][ \t]*+(?P=roff_end)"
    + _LINE
)
# A conditional request whose text a terminal shows, up to that text (groff 1.22.4 ``-man
# -Tutf8``: ``DEPLOY_\\c`` then ``.if n OK`` shows ``DEPLOY_OK``): ``.if`` or ``.ie``
# with a condition not known false -- ``t``, ``!n``, ``v`` and ``0`` are; any other, one
# this cannot evaluate too (``\\n[x]``, ``e``), is read as true: fail closed -- and ``.el``.
# A built-in condition is one letter, its text right after it (``.if nSS``); ``d``, ``r``,
# ``c``, ``m``, ``F``, ``S`` name something after it; ``'a'b'`` compares strings; any other
# runs to a blank.
ROFF_CONDITIONAL = (
    r"(?:i[fe][ \t]++(?!(?:t|!n|v|0(?![^ \t\r\n])))!?(?:[ntevo]|[drcmFS][ \t]*+[^ \t\r\n]++[ \t]"
    r"|'[^'\r\n]*+'[^'\r\n]*+'|[^ \t\r\n]++[ \t])|el[ \t])[ \t]*+"
)
# Such conditionals nested, each one's text the next (``.if n .if n OK`` shows ``OK``).
ROFF_CONDITIONALS = ROFF_CONDITIONAL + r"(?:[.'][ \t]*+" + ROFF_CONDITIONAL + r")*+"
# A control line that shows text, after its control character: a font macro with arguments,
# ``.nop``, or conditionals a terminal shows whose text is text or such a macro's line (not
# another request, ``.if n .ft B``, nor a conditional not shown, ``.if n .if t OK``).
_MACRO = "(?:" + FONT_MACROS + r"|nop)[ \t]"
_SHOWN_CONTROL = "(?:" + _MACRO + "|" + ROFF_CONDITIONALS + r"(?:[.'][ \t]*+" + _MACRO + r"|(?![.'])))"
# What a ``\\c`` join passes over: such blocks, control lines but those that show text, and
# lines that a ``\\#`` starts (up to the line that shows text, whose macro's name and
# conditionals roff.py reads as nothing).
_ROFF_PASSED = r"(?:" + _ROFF_BLOCK + r"|(?:[.'](?![ \t]*+" + _SHOWN_CONTROL + r")|\\E?#)" + _LINE + r")*+"
# roff's joins after their backslash (roff.py reads each as nothing, also after ``\\E``, the
# escape character): ``\\c`` at a line's end with what it passes over, and a ``\\#`` comment
# with its line break.
ROFF_JOIN = r"c[ \t]*+(?:\\\"[^\r\n]*+)?" + BREAK + _ROFF_PASSED + r"|#[^\r\n]*+" + BREAK + "?"
# A line that holds one (a ``\\"`` comment runs to the line's end: ``\\c`` before it is at the end).
ROFF_HINT = r"\\E?(?:c[ \t]*+(?:\\\"|" + BREAK + r")|#)"
# Where TeX is read (above).
TEX_SIGN = r"\\(?:[A-Za-z@]{2}|[_&#$%{}])|\^\^"
# TeX's comment join (tex.py reads it as nothing where TEX_SIGN allows).
TEX_COMMENT = r"%[^\r\n]*+" + BREAK + r"[ \t]*+"


def read_joins(full: re.Pattern[str], last_line: re.Pattern[str], text: str, pos: int = 0) -> Iterator[re.Match[str]]:
    """``full``'s matches in ``text`` from ``pos``, where a join that reaches the text's end matches with
    AT_END set: no line break follows it, so neither it nor a join further on joins anything,
    and the rest of the text -- its last line -- is read by ``last_line``, ``full`` without
    the joins.  (Tried from each opener of a line, a join that runs to the line's end and
    fails there made a line of them quadratic: ``\\c\\"`` or ``%`` repeated, 4x the time per
    doubling.)"""
    for m in full.finditer(text, pos):
        if m.group("at_end") is not None:
            yield from last_line.finditer(text, m.start())
            return
        yield m


@functools.cache
def _compiled(as_bytes: bool) -> tuple[re.Pattern[Any], re.Pattern[Any], re.Pattern[Any]]:
    """ROFF_HINT, what a ``\\c`` join passes over from its line break, TEX_SIGN."""
    sources = (ROFF_HINT, BREAK + _ROFF_PASSED, TEX_SIGN)
    return tuple(re.compile(p.encode() if as_bytes else p) for p in sources)  # type: ignore[return-value]


def tex_reads(text: str | bytes, start: int = 0, end: int | None = None) -> bool:
    """Whether ``text[start:end]`` holds a TEX_SIGN."""
    stop = len(text) if end is None else end
    return _compiled(isinstance(text, bytes))[2].search(text, start, stop) is not None


def _break_end(text: str | bytes, le: int) -> int:
    """The end of the line break at ``le``."""
    return le + 2 if text[le : le + 2] in ("\r\n", b"\r\n") else le + 1


def line_end(text: str | bytes, p: int) -> int:
    """The first line end at or after ``p``, or -1 if none (the line is not known whole)."""
    lf, cr = ("\n", "\r") if isinstance(text, str) else (b"\n", b"\r")
    a, b = text.find(lf, p), text.find(cr, p)  # type: ignore[arg-type]
    return a if b == -1 else b if a == -1 else min(a, b)


def join_end(text: str | bytes, ls: int, le: int, *, partial: bool = False) -> int:
    """If a parsed reading joins the line ``text[ls:le]`` (``le`` at its line break) to what follows, where
    what the join passes over ends (the start of the line it continues on; a CSS value's last string's end:
    css.value_reach, ``partial`` its); else -1.  A superset of what roff.py, tex.py and css.py join."""
    if le >= len(text):
        return -1
    roff, passed, _ = _compiled(isinstance(text, bytes))
    backslash = "\\" if isinstance(text, str) else b"\\"
    if backslash in text[ls:le]:  # type: ignore[operator]
        escaped = _escaped_break_end(text, ls, le)
        if escaped != -1:
            return escaped
        m = roff.search(text, ls, _break_end(text, le))
        if m is not None:
            if text[m.end() - 1 : m.end()] in ("#", b"#"):
                return _break_end(text, le)
            over = passed.match(text, le)
            assert over is not None  # (it matches the line break at least)
            return over.end()
    percent = "%" if isinstance(text, str) else b"%"
    if percent in text[ls:le] and tex_joins(text, ls, le):  # type: ignore[operator]
        return _break_end(text, le)
    if backslash in text[ls:le] and (  # type: ignore[operator]
        _word_at_end(isinstance(text, bytes)).search(text, ls, le) is not None or css.eats_line_end(text, ls, le)
    ):
        return _break_end(text, le)  # (TeX skips the line's end after a control word; CSS's escape eats it)
    return css.value_reach(text, ls, le, partial=partial)


@functools.cache
def _word_at_end(as_bytes: bool) -> re.Pattern[Any]:
    from rehearsal_hook.scan.tex import WORD_AT_END

    return re.compile(WORD_AT_END.encode() if as_bytes else WORD_AT_END)


def _escaped_break_end(text: str | bytes, ls: int, le: int) -> int:
    """Where an escaped line break at ``le`` with blanks before it or blank lines after it
    ends (after the blanks and line breaks that follow it), or -1."""
    k = le
    while k > ls and text[k - 1 : k] in (" ", "\t", b" ", b"\t"):
        k -= 1
    if text[k - 1 : k] not in ("\\", b"\\"):
        return -1
    end = _break_end(text, le)
    while text[end : end + 1] in (" ", "\t", "\r", "\n", b" ", b"\t", b"\r", b"\n") and end < len(text):
        end += 1
    if k == le and line_end(text, _break_end(text, le)) >= end:
        return -1  # (no blank before it, no blank line after it: units.py's construct)
    return end


def tex_joins(text: str | bytes, ls: int, le: int) -> bool:
    """Whether TeX is read where a comment on the line ``text[ls:le]`` joins the next line:
    that line or the next holds a TEX_SIGN."""
    nxt = _break_end(text, le)
    stop = line_end(text, nxt)
    return tex_reads(text, ls, le) or tex_reads(text, nxt, len(text) if stop == -1 else stop)


def joined(buf: str | bytes, le: int, *, partial: bool = False, floor: int = 0) -> int:
    """Where the line whose join reaches over the line break at ``le`` starts, or -1: that line,
    or the line before a run of control lines a ``\\c`` join passes over.  ``partial``: ``buf``
    is the start of a stream (segments.stream_cut), where a line after ``le`` not yet whole
    counts as holding TEX_SIGN.  ``floor``: no line before it is asked for (-1): unit_start looks
    back to the last unit read only (each unit of a run of control lines walked it whole)."""
    is_str = isinstance(buf, str)
    ls = line_start(buf, le)
    end = join_end(buf, ls, le, partial=partial)
    if end != -1:
        return ls
    percent = "%" if is_str else b"%"
    if partial and percent in buf[ls:le] and line_end(buf, _break_end(buf, le)) == -1:  # type: ignore[operator]
        return ls  # (the next line's sign is not known yet)
    # A control line or a ``\\#`` line: a ``\\c`` before the run of them reaches over it.
    k = ls
    while _passed_line(buf, k):
        if (k := empty_run_start(buf, k, floor)) <= floor:  # (no empty line joins: a run passed at once)
            return -1
        prev = line_start(buf, k - 1 - (1 if buf[k - 2 : k] in ("\r\n", b"\r\n") else 0))
        le_prev = k - (2 if buf[k - 2 : k] in ("\r\n", b"\r\n") else 1)
        if (reach := join_end(buf, prev, le_prev, partial=partial)) != -1:
            # (one from a text line continuing this side of ``le``, ``.B XX``, joins nothing
            # over it: taken as joined, units all started at the text's start -- quadratic)
            return prev if reach > le or _passed_line(buf, prev) else -1
        k = prev
    return _in_block(buf, k) if partial else -1


def _in_block(buf: str | bytes, k: int) -> int:
    """Where the line starts whose ``\\c`` join passes over a block (_ROFF_BLOCK) holding the line
    at ``k``, or -1: a stream must not cut inside it, though its lines are text lines.  (Asked
    by a stream's cut only, once or twice a cut: the in-memory reading reads the join from its
    ``\\c`` line.)"""
    after_lf, block = _compiled_blocks(isinstance(buf, bytes))
    # (sought after a line feed, at C speed: ``(?m)^`` tried every place; at the text's start, no line joins over one)
    starts = [m.start() + 1 for m in after_lf.finditer(buf, 0, k)]
    if not starts:
        return -1
    first = starts[-1]
    whole = block.match(buf, first)
    if whole is not None and whole.end() <= k:
        return -1  # (it ends before the line)
    le_prev = first - (2 if buf[first - 2 : first] in ("\r\n", b"\r\n") else 1)
    if le_prev < 0:
        return -1
    at = line_start(buf, le_prev)
    return at if join_end(buf, at, le_prev) != -1 else joined(buf, le_prev, partial=False)


@functools.cache
def _compiled_blocks(as_bytes: bool) -> tuple[re.Pattern[Any], re.Pattern[Any]]:
    """A block's first line after a line feed, and the whole block (_ROFF_BLOCK)."""
    sources = ("\n" + r"[.'][ \t]*+(?:ig|de|am)", _ROFF_BLOCK)
    return tuple(re.compile(p.encode() if as_bytes else p) for p in sources)  # type: ignore[return-value]


def unit_start(text: str, ls: int, floor: int, stretches: list[tuple[int, int]] | None = None) -> int:
    """The start of the unit that holds the line starting at ``ls``: the earliest line whose
    join reaches it, back to ``floor`` (where the last unit read started): a TeX comment
    joins a token's head to a line the hints select by its needle (``CUTOVER%``, ``\\_PASS``),
    an export-subst span (``stretches``) a line to the one it starts on."""
    while ls > floor:
        le = ls - (2 if text[ls - 2 : ls] == "\r\n" else 1)
        at = joined(text, le, floor=floor)
        if at == -1 and stretches and (stretch := in_stretch(stretches, le)) is not None:
            at = line_start(text, stretch[0])
        if at == -1 or at < floor:
            return ls
        ls = at
    return ls


def _passed_line(buf: str | bytes, k: int) -> bool:
    """A control line or ``\\#`` line a ``\\c`` join passes over, a blank line an escaped line break
    does, or one a CSS value runs over (a superset: which join reaches over it is judged before it)."""
    head = buf[k : k + 2]
    blank = head[:1] in ("\r", "\n", " ", "\t", b"\r", b"\n", b" ", b"\t", "", b"")
    if blank and head[:1] in (" ", "\t", b" ", b"\t"):
        stop = line_end(buf, k)
        rest = buf[k : len(buf) if stop == -1 else stop]
        blank = not rest.strip()
    return blank or head[:1] in (".", "'", b".", b"'") or head in ("\\#", b"\\#") or css.continues(buf, k)


def line_start(buf: str | bytes, le: int) -> int:
    """The start of the line that ends at (or holds) ``le``."""
    lf, cr = ("\n", "\r") if isinstance(buf, str) else (b"\n", b"\r")
    # (the CR asked for after the LF only: in a text without one, a search back to its start
    # at every unit read -- 3% of a range's scan of git's history)
    lf_at = buf.rfind(lf, 0, le)  # type: ignore[arg-type]
    return max(lf_at, buf.rfind(cr, lf_at + 1, le)) + 1  # type: ignore[arg-type]


def zones(text: str, ls: int, le: int) -> list[tuple[int, int]]:
    """The stretches of the unit ``text[ls:le]`` that a join spans, from its line's start to
    the end of the line it continues on (what roff.py and tex.py judge a join by): a piece of
    a long unit is not cut inside one (cuts.piece_end)."""
    out: list[tuple[int, int]] = []
    for m in _BREAK_S.finditer(text, ls, le):
        end = join_end(text, line_start(text, m.start()), m.start())
        if end != -1:
            stop = line_end(text, end)
            out.append((line_start(text, m.start()), le if stop == -1 or stop > le else stop))
    return out


_BREAK_S = re.compile(BREAK)


def subst_stretches(text: str | bytes) -> tuple[list[tuple[int, int]], int]:
    """The stretches an export-subst span reads as one (gitformat.py) that hold a line break:
    from the span's ``$Format:`` -- or, where it starts a line, from the start of the line
    before the line feeds ``%-`` can delete -- to its closing ``$``; and where a span that no
    ``$`` closes yet starts (its stretch's start), or -1.  One pass: each search starts after
    the last span."""
    is_str = isinstance(text, str)
    opener, dollar, lf, cr = ("$Format:", "$", "\n", "\r") if is_str else (b"$Format:", b"$", b"\n", b"\r")
    out: list[tuple[int, int]] = []
    if dollar not in text or opener not in text:  # type: ignore[operator]
        return out, -1
    pos = 0
    while True:
        b = text.find(opener, pos)  # type: ignore[arg-type]
        if b == -1:
            return out, -1
        a = b
        while a > 0 and text[a - 1 : a] == lf:  # (the line feeds before it -- of CR LF the LF
            a -= 1  # alone -- then their line)
            if text[a - 1 : a] == cr:
                a -= 1
                break
        if a < b:
            a = line_start(text, a)
        c = text.find(dollar, b + 8)  # type: ignore[arg-type]
        if c == -1:
            return out, a
        if out and a <= out[-1][1]:  # (the line feeds before it follow the last span)
            out[-1] = (out[-1][0], c + 1)
        elif -1 < line_end(text, a) < c:
            out.append((a, c + 1))
        pos = c + 1


def stretches(text: str | bytes) -> tuple[list[tuple[int, int]], int]:
    """The stretches of lines read as one: subst_stretches' and TeX's skipped conditionals'
    (tex.iffalse_stretches), overlapping ones merged (in_stretch finds the one that holds a
    place), and where the first one not closed yet starts, or -1."""
    from rehearsal_hook.scan.tex import iffalse_stretches

    (subst, open_subst), (skipped, open_skipped) = subst_stretches(text), iffalse_stretches(text)
    out: list[tuple[int, int]] = []
    for a, b in sorted(subst + skipped):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    opens = [p for p in (open_subst, open_skipped) if p != -1]
    return out, min(opens, default=-1)


def in_stretch(stretches: list[tuple[int, int]], p: int) -> tuple[int, int] | None:
    """The stretch that holds ``p`` strictly inside (a line end there is joined), or None."""
    k = bisect.bisect_right(stretches, (p, 1 << 62)) - 1
    if k >= 0 and stretches[k][0] <= p < stretches[k][1]:
        return stretches[k]
    return None


def subst_may_follow(buf: str | bytes, q: int) -> bool:
    """Whether, after the line feeds from ``q``, ``buf`` (the start of a stream) goes on with
    ``$Format:`` or what may yet become it: its ``%-`` can delete the line feeds before a cut
    at ``q`` (segments.stream_cut)."""
    lf, opener = ("\n", "$Format:") if isinstance(buf, str) else (b"\n", b"$Format:")
    while buf[q : q + 1] == lf:
        q += 1
    rest = buf[q : q + 8]
    return opener.startswith(rest)  # type: ignore[arg-type]


def subst_undecided(buf: str | bytes, q: int) -> bool:
    """Whether subst_may_follow holds at ``q`` only because ``buf`` ends before what follows its
    line feeds is known (at most a few line feeds, then a part of ``$Format:``): a stream waits for
    its next chunk there instead of taking the line feeds for deleted.  (Found with a Hebrew code
    page's stream, which hands on whole lines: every carry ended after a line feed, and one past 16
    MiB blocked as "lines a reader joins".)"""
    lf = "\n" if isinstance(buf, str) else b"\n"
    # (the line feeds before ``q`` count too: a carry that is one long run of them ends after a line
    # feed at every chunk, and waited on as undecided it grew with the run -- 100 MiB of blank
    # lines held 244 MiB; found by the cost helper's growth hunt)
    head = buf[max(0, q - _UNDECIDED_LINE_FEEDS) : q]
    start = q - (len(head) - len(head.rstrip(lf)))  # type: ignore[arg-type]
    while buf[q : q + 1] == lf and q - start < _UNDECIDED_LINE_FEEDS:
        q += 1
    return q - start < _UNDECIDED_LINE_FEEDS and len(buf) - q < 8 and subst_may_follow(buf, q)


# A longer run of line feeds at a stream's carry's end is taken as one ``%-`` may delete (the
# carry would grow with it): such a line past 16 MiB blocks as before.
_UNDECIDED_LINE_FEEDS = 4096
