"""The other readings of a text -- the Unicode view and the rendered readings (readings.py),
the terminal reading of lone CRs (carriage.py) -- read only on the lines that need them, a
line or a piece of a long line at a time (pieces.py)."""

from __future__ import annotations

import functools
import heapq
import re
from collections.abc import Sequence

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import (
    blocks,
    carriage,
    css,
    gitformat,
    joins,
    jqrows,
    mermaid,
    paragraphs,
    roff,
    segments,
    syntax_hints,
)
from rehearsal_hook.scan.backspaces import backspace_zones
from rehearsal_hook.scan.bidi import BIDI_RE
from rehearsal_hook.scan.compose import attaching_chars, composing_re
from rehearsal_hook.scan.constructs import (
    C1_OPENERS,
    HIDE_OPEN,
    has_c1_opener,
    inert_openers,
    math_extents,
)
from rehearsal_hook.scan.cuts import piece_end
from rehearsal_hook.scan.hints import (
    RENDER_HINTS,
    SILENT_JOIN,
    TRIGGERS,
    has_silent,
    joins_a_maker,
    maker_hints_in,
    reorders,
)
from rehearsal_hook.scan.lines import line_ends
from rehearsal_hook.scan.matcher import ALLOW_PRAGMA, SILENT, TokenMatcher
from rehearsal_hook.scan.nearlines import NearLines
from rehearsal_hook.scan.needle_places import needle_places
from rehearsal_hook.scan.normalize import DECORATING_SET, relevant_chars, relevant_table, undecorated_table
from rehearsal_hook.scan.paragraphs import may_show_marked
from rehearsal_hook.scan.parsed import markdown_readings, may_parse, parsed_readings, with_shortcodes
from rehearsal_hook.scan.patterns import compiled
from rehearsal_hook.scan.pieces import C1_OPENER_SET, piece_hits
from rehearsal_hook.scan.readings import PIECE
from rehearsal_hook.scan.removal_lines import RemovalLines, removal_searches
from rehearsal_hook.scan.units import Span, math_reach, math_start, placed, unit_end
from rehearsal_hook.scan.viewlines import ViewLines
from rehearsal_hook.scan.words import hits_apart_over, silent_beside

# (line, 0-based start column, 0-based end column, token, pragma or None if not known yet)


# ASCII bytes but the silent controls (matcher.SILENT), which the terminal reading drops.
_ASCII_BYTES = bytes(b for b in range(128) if chr(b) not in SILENT)
_SILENT_SET = frozenset(SILENT)
_C1_OPENER_RE = re.compile(f"[{C1_OPENERS}]")


def view_hits(
    matcher: TokenMatcher,
    text: str,
    data: bytes | None = None,
    *,
    byte_columns: bool = False,
    spans: Sequence[tuple[int, int]] | None = None,
    lenient: bool = False,
    edges: tuple[bool, bool] = (False, False),
) -> list[Span]:
    """Hits of the other readings -- the Unicode view and the rendered reading (readings.py)
    -- computed only for the lines that need them, one line (or piece of a long line) at a
    time, so that time stays linear and memory bounded by a piece.

    Finding those lines must not cost a regex pass with a large character class (a few MB/s
    in ``re``): delete every ASCII byte from the UTF-8 bytes (C speed), decode what is left --
    only the non-ASCII characters -- and intersect it with the relevant set; the characters
    present and the few rendered-reading hints are then searched for directly.  (The silent
    controls are kept by that deletion; in ASCII text ``spans``, its raw_word_spans, tell
    whether one can join a token: words.silent_beside.)
    ``byte_columns``: ``text`` is bytes decoded with surrogateescape and columns count bytes.
    ``edges``: ``text`` is a stream's segment whose first (last) paragraph goes on before (after)
    it, cut there (segments.ParagraphCuts): a line read with that paragraph blocks.
    """
    jqrows.check(text)  # (a JSON document's values printed one a line: a decoded move to another row)
    table = relevant_table(lower=matcher.lower_view)
    searches: list[re.Pattern[str] | NearLines | ViewLines | RemovalLines] = []
    raw = data if data is not None else text.encode("utf-8", "surrogatepass")
    if not text.isascii():
        rest = raw.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass" if data is None else "surrogateescape")
        chars = set(rest)  # (once: each pass over a long non-ASCII text costs as much)
        present = relevant_chars(lower=matcher.lower_view).intersection(chars)
        marks = attaching_chars(chars)
        if marks:
            searches.append(composing_re(marks, matcher.needles))
        decorations = DECORATING_SET.intersection(chars)
        if decorations:  # (the lines whose quick view with them vanished may show a token)
            plain = undecorated_table(lower=matcher.lower_view)
            searches.append(ViewLines(text, plain, present | decorations, matcher.needles, rendered=False, chars=chars))
        if BIDI_RE.search("".join(chars)):  # (lines that may reorder in display)
            searches.append(BIDI_RE)
        silent = not _SILENT_SET.isdisjoint(chars)
        if not C1_OPENER_SET.isdisjoint(chars):  # (an 8-bit sequence hides what it holds)
            searches.append(_C1_OPENER_RE)
    else:
        present, chars = frozenset(), set()
        silent = silent_beside(raw, spans) if spans is not None else has_silent(raw)
    # (asked of the bytes: in text that is not Latin-1, ``"\x00" in text`` stops at each
    # ASCII character's zero byte -- 8 ms over the corpus's non-ASCII files, memchr 0.7 ms)
    nul = b"\x00" in raw
    if nul:
        searches.append(_NUL_RE)
    if silent:  # (controls a terminal does not print, where dropping them joins words)
        searches.append(compiled(SILENT_JOIN))
    no_controls = not nul and not silent
    if no_controls and text.isascii():
        # The lines where a reading can show a needle (hints.maker_hints_in): a construct that
        # makes or moves a character, a needle or its beginning before a trigger, a join across
        # a line end (a line without a trigger reads the same rendered).
        if any(c in text for c in TRIGGERS) or gitformat.may_read(text) or syntax_hints.holds_trigger(text):
            searches += maker_hints_in(text, removals=False)
            if any(c in text for c in TRIGGERS):  # (where a removal can join a maker: removal_lines)
                searches += removal_searches(text)
            searches += needle_places(matcher.needles)
    elif no_controls:
        # The same judgement made on the quick view, with the lines whose quick view may show
        # a token (viewlines): not every line holding a relevant character or a trigger.
        searches.append(ViewLines(text, table, present, matcher.needles, rendered=True, chars=chars))
    else:
        searches += [compiled(pattern) for c, pattern in RENDER_HINTS if c in text]
        if joins_a_maker(text):  # (a removal joining a maker: hints.joins_a_maker)
            searches += syntax_hints.removal_hints()
        searches += syntax_hints.patterns_in(text)  # (roff's makers and joining removals)
        if present:  # (the lines whose quick view may show a token: viewlines)
            searches.append(ViewLines(text, table, present, matcher.needles, rendered=False, chars=chars))
    # (syntax beside a needle: near.near_needles, on a line that a parsed reading may read --
    # judged a line at a time, at the few places found: the parsers' hints over the whole text
    # cost more than the search; Mermaid's codes only in a text that may hold a diagram: parsed_readings)
    diagram = mermaid.Diagram(text)
    parses = functools.partial(may_parse, diagram=diagram)
    searches.append(NearLines(matcher.needles, parses))
    # (Where NUL or a silent control is, RENDER_HINTS judge: they miss a CSS escape no string
    # escape reads as acting, ``\ff3f``, and what git archive expands; makers do not.)
    if not no_controls and "\\f" in text:
        searches.append(css.HINT)
    if not no_controls and gitformat.may_read(text):
        searches.append(gitformat.HINT)
    acts = carriage.acts(text)
    hits: list[Span] = _carriage_hits(matcher, text, table, byte_columns, lenient, diagram) if acts else []
    if not searches:
        return hits
    counted = 1 << 10  # (hits held before they are first counted: few files hold as many)
    heap = [(m.start(), k) for k, pat in enumerate(searches) if (m := pat.search(text)) is not None]
    heapq.heapify(heap)
    line, pos, done_until, paragraph_end, tails_judged = 1, 0, -1, 0, 0
    searchable = inert_openers(text) if heap else text  # (a pass over the text: only to read a unit)
    maths = math_extents(text) if heap and HIDE_OPEN in searchable else []
    # (the backslash first: memchr, where the eight-character ``in`` passed every text read
    # here -- 35 ms over the 2,977 files of bench's corpus that near_b sends to this reading)
    stretches = (
        joins.stretches(text)[0]
        if heap and (gitformat.may_read(text) or ("\\" in text and "\\iffalse" in text))
        else []
    )
    while heap:
        p, k = heapq.heappop(heap)
        if p < done_until:
            m = searches[k].search(text, done_until)
            if m is not None:
                heapq.heappush(heap, (m.start(), k))
            continue
        ls = max(text.rfind("\n", pos, p), text.rfind("\r", pos, p)) + 1
        ls = joins.unit_start(text, max(ls, pos), pos, stretches)
        if maths:  # (a MathML element is read as one unit: mathml.py)
            ls = max(pos, math_start(text, maths, ls))
        line += line_ends(text, pos, ls)
        le = unit_end(text, searchable, ls, p, stretches)
        while maths and (reach := math_reach(maths, ls, le)) > le:
            le = unit_end(text, searchable, ls, reach, stretches)
        hits += _unit_hits(matcher, text, ls, le, line, table, stretches, byte_columns=byte_columns, diagram=diagram)
        shows = ls >= paragraph_end and parses(text[ls:le]) and may_show_marked(matcher.needles, text[ls:le])
        if not shows and ls >= paragraph_end and le > tails_judged and paragraphs.holds_tail(text, ls, le):
            # (a tail that runs over a line end joins the lines around it: judged with its
            # paragraph, once -- a later unit of it would judge the same)
            start, tails_judged = blocks.bounds(text, ls, le, max(paragraph_end, min(ls, tails_judged)))
            # (a paragraph a stream cut: the needle may be in its part not here)
            cut = paragraphs.cut_off(text, start, tails_judged, edges)
            shows = parses(text[ls:le]) and (cut or may_show_marked(matcher.needles, text[start:tails_judged]))
        if shows:
            # (its Markdown paragraph, read once: a delimiter pairs across its lines.  Only a
            # unit that may show a needle asks: a pairing shows a token within one line, from
            # that line's characters and what its makers make (hints.may_show), and that line is
            # a unit read itself -- git's C sources, '*' and '_' on most lines of paragraphs
            # as long as a function, read every paragraph for any line a maker chose)
            found = _paragraph_hits(matcher, text, ls, le, paragraph_end, line, table, byte_columns, edges, diagram)
            paragraph_end, more = found
            hits += more
        # (past ``p`` at least: a search can match at a line end -- a line start of ViewLines
        # at the CR of LF CR, an empty line --, where the unit ends at ``p`` and the same place
        # was read again without end: found hanging the suite's property tests, NUL LF CR)
        pos, done_until = ls, max(le, p + 1)
        heapq.heappush(heap, (p, k))  # searched again from done_until
        if len(hits) > counted:  # (counted again at twice as many, or past the limit: linear)
            from rehearsal_hook.scan import text as scanned  # (it reads through this module)

            if hits_apart_over(hits, scanned.MAX_HITS):  # (the scan would block at its end: now)
                raise scanned.too_many_hits()
            counted = 2 * len(hits) if len(hits) > scanned.MAX_HITS else min(2 * len(hits), scanned.MAX_HITS)
    return hits


_NUL_RE = re.compile("\x00")


def _carriage_hits(
    matcher: TokenMatcher, text: str, table: dict[int, str], byte_columns: bool, lenient: bool, diagram: mermaid.Diagram
) -> list[Span]:
    """Hits of the terminal reading of lone CRs and cursor movements (carriage.py, cursor.py),
    at the stored line and column of each token's first character (``lenient``: a code that
    would lose the cursor's row does nothing, cursor.Row).  A shown line longer than
    a piece is read for raw tokens only (a documented limit).  The shown line is read with
    the parsed readings too (Markdown...): no renderer reads a terminal's row (it reads the
    stored text, a lone CR a line end), but a Markdown viewer on a terminal (glow, mdcat)
    renders the stored text and the terminal acts on the codes it passes on -- where the two
    act on different stretches they commute, and this reading is that viewer's.  (Where they
    do not -- Markdown removes a delimiter a cursor movement counts over -- it is not read: a
    README limit.  On the bench corpus and /usr/share/doc, 2,601 files a terminal acts on,
    these readings add no finding; a log of progress bars costs 14% more.)"""
    hits: list[Span] = []
    line, pos, done = 1, 0, 0
    for cr in carriage.ACTING.finditer(text):
        if cr.start() < done:
            continue
        start, end = carriage.stretch(text, cr.start())
        done = end
        tokens: set[tuple[int, str]] = set()
        # (a C1 opener starts a code on one terminal and prints nothing on another: both)
        for c1_codes in (True, False) if has_c1_opener(text[start:end]) else (True,):
            shown, runs = carriage.overwritten(text, start, end, c1_codes=c1_codes, lenient=lenient)
            found = [(m.start(), m.end(), m.group()) for m in matcher.finditer_str(shown)]
            if len(shown) <= PIECE:
                found += piece_hits(matcher, shown, table, diagram=diagram)
            tokens |= {(carriage.stored_at(runs, s), t) for s, _, t in found}
        # The pragma names its line, and the terminal's line is made of every line of the
        # stretch (each lone CR ends one): a token shown there is excused only if each carries
        # it, or a later line could overwrite a token out of one under an old pragma.
        pragma = all(ALLOW_PRAGMA in part for part in text[start:end].split("\r"))
        for at, t in sorted(tokens):
            line += line_ends(text, pos, at)
            pos = at
            ls = max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1
            col = len(text[ls:at].encode("utf-8", "surrogateescape")) if byte_columns else at - ls
            hits.append((line, col, col + len(t), t, pragma))
    return hits


def _unit_hits(
    matcher: TokenMatcher,
    text: str,
    ls: int,
    le: int,
    line: int,
    table: dict[int, str],
    stretches: list[tuple[int, int]],
    *,
    byte_columns: bool,
    diagram: mermaid.Diagram,
) -> list[Span]:
    """Hits of the readings of ``text[ls:le]`` (one line, or lines joined by escaped line
    breaks and by comments and tags across lines), read in pieces cut where no reading
    changes (cuts.piece_end)."""
    spans: list[tuple[int, int, str]] = []
    start = ls
    zones: list[tuple[int, int]] = []
    if le - ls > PIECE:  # (where a backspace reaches back, and what a join spans: joins.zones)
        spanned = [(a, b) for a, b in stretches if b > ls and a < le]  # (export-subst spans: joins.py)
        for a, b in sorted(
            [(a + ls, b + ls) for a, b in backspace_zones(text[ls:le])]
            + joins.zones(text, ls, le)
            + roff.macro_zones(text, ls, le)
            + spanned
        ):
            if zones and a <= zones[-1][1]:
                zones[-1] = (zones[-1][0], max(b, zones[-1][1]))
            else:
                zones.append((a, b))
    display = le - ls > PIECE and reorders(text[ls:le])
    while start < le:
        try:
            stop = piece_end(text, start, le, zones, display=display)
            piece = text[start:stop]
            found = piece_hits(matcher, piece, table, diagram=diagram)
            spans += [(s + start - ls, e + start - ls, t) for s, e, t in found]
        except CannotVerify as exc:  # (a paragraph too long to lay out: bidi.LONGEST; a piece too long to
            # cut: cuts.LONGEST_PIECE -- at the piece's line)
            exc.line = line + line_ends(text, ls, start)
            raise
        start = stop
    return placed(text, ls, le, spans, line, byte_columns)


def _paragraph_hits(
    matcher: TokenMatcher,
    text: str,
    ls: int,
    le: int,
    floor: int,
    line: int,
    table: dict[int, str],
    byte_columns: bool,
    edges: tuple[bool, bool],
    diagram: mermaid.Diagram,
) -> tuple[int, list[Span]]:
    """Hits of the Markdown reading of the paragraph holding the unit ``text[ls:le]`` (on line
    ``line``), and where that paragraph ends (none when it is the unit itself).  A paragraph
    longer than paragraphs.LONGEST whose other lines may pair with the unit's delimiters blocks (a
    documented limit), and so does one a stream cut (``edges``: its other part is gone, and the
    whole is longer than paragraphs.LONGEST).  Paragraphs are found from ``floor`` (the last
    one's end) on: linear."""
    start, end = blocks.bounds(text, ls, le, floor)
    if paragraphs.cut_off(text, start, end, edges):
        raise CannotVerify(
            "unverifiable-reading",
            f"a Markdown paragraph over {segments.MAX_CARRY >> 20} MiB that a stream cuts holds a line that may show "
            "a token and inline markup that may pair across the cut (the paragraph limit of a streamed reading)",
            line=line,
        )
    if (start, end) == (ls, le):
        return end, []
    marked = paragraphs.may_pair(text, start, ls, before=True) or paragraphs.may_pair(
        text, le, end, before=False, link=text.find("](", start, le) != -1
    )
    # (AsciiDoc's, Textile's and reStructuredText's inline markup pairs across a paragraph's
    # lines too: ``##y`` then ``A##_P...``; paragraphs.others)
    others = paragraphs.others(text, start, ls, le, end)
    if marked and not others and end - start <= paragraphs.LONGEST:
        # (a pairing across lines shows a token only on a line that may show a needle: most
        # paragraphs of code and JSON whose unit holds one pair nothing there -- 385 of the 536
        # read over bench's corpus, a Markdown reading of each whole paragraph for nothing)
        marked = paragraphs.pairing_may_show(text, start, end, matcher.needles)
    if not (marked or others):
        return end, []
    if end - start > paragraphs.LONGEST:
        raise CannotVerify(
            "unverifiable-reading",
            f"a Markdown paragraph longer than {paragraphs.LONGEST >> 10} KiB holds inline markup on more than one "
            "line: "
            "its delimiters may pair across its lines (the limit of the Markdown reading)",
            line=line,
        )
    spans: list[tuple[int, int, str]] = []
    # (Where both hold, Markdown is read twice: within parsed_readings on the stored paragraph,
    # below on the blanked one with its pairings -- 177 paragraphs of git's sources, 0.025 s
    # of a 3.5 s scan, measured: not worth a parsed_readings without Markdown.)
    if others:  # (the shown lines each of their readings changes, read as pieces)
        stored = text[start:end]
        for shown, index in parsed_readings(stored, diagram=diagram):
            for a, b in paragraphs.changed_lines(stored, shown, index):
                found = piece_hits(matcher, shown[a:b], table, parse=False)
                spans += [(index[a + s], index[a + e - 1] + 1, t) for s, e, t in found]
    if not marked:
        return end, placed(text, start, end, spans, line - line_ends(text, start, ls), byte_columns)
    para = paragraphs.blanked(text, start, end)
    extents: list[tuple[int, int]] = []
    readings = with_shortcodes(para, markdown_readings(para, extents))
    # Only a pairing across a line end reads otherwise than the lines read alone, and only the
    # lines holding one of its ends can show what they do not (a delimiter or a link's tail
    # that vanishes there): the shown lines over those are read, each in turn as a piece.
    ends = paragraphs.crossing_lines(para, extents)
    if ends:
        for shown, index in readings:
            for a, b in paragraphs.shown_lines(shown, index, ends):
                found = piece_hits(matcher, shown[a:b], table, parse=False)
                spans += [(index[a + s], index[a + e - 1] + 1, t) for s, e, t in found]
    return end, placed(text, start, end, spans, line - line_ends(text, start, ls), byte_columns)
