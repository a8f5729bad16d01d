"""Where a stream is cut into segments, and what a cut inside a line must not split: shared by
the byte stream (stream_bytes.py) and the decoded-text stream (stream_text.py)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import paragraphs, roff, screen
from rehearsal_hook.scan.backspaces import backspace_zones
from rehearsal_hook.scan.constructs import inside, open_start, spans
from rehearsal_hook.scan.cuts import follows_no_word, reading_cut
from rehearsal_hook.scan.hints import reorders
from rehearsal_hook.scan.joins import in_stretch, joined, subst_may_follow, subst_undecided
from rehearsal_hook.scan.joins import stretches as joined_stretches
from rehearsal_hook.scan.matcher import _LINE_END_S, TokenHit, TokenMatcher
from rehearsal_hook.scan.readings import render

# The streams read these through this module at each use, so that tests can make them small.
CHUNK_SIZE = 8 << 20
# A line is cut inside only past this; a run this long without any place to cut is cut anyway
# (the streams' forced cuts), and a construct open this long after a word blocks (_limit_cut).
MAX_CARRY = 16 << 20
# stream_cut's answer for a carry past MAX_CARRY whose cut depends on what the next chunk
# brings (planned_cut: wait for it).
WAIT = -2


def shift(hits: Iterable[TokenHit], line0: int, col0: int) -> list[TokenHit]:
    """Hits of a segment that starts at (line0, col0 code points into that line)."""
    if line0 == 1 and col0 == 0:
        return list(hits)
    return [TokenHit(h.line + line0 - 1, h.column + (col0 if h.line == 1 else 0), h.token, h.pragma) for h in hits]


# The kinds of cut _cut makes: after a line end where nothing goes on (a paragraph may have
# before the cut only what pairs with nothing after it); after a line end inside a Markdown
# paragraph over MAX_CARRY (ParagraphCuts); inside a line (cuts.reading_cut).
LINE, PARAGRAPH, INSIDE = "line", "paragraph", "inside"


def stream_cut(buf: bytes | str, *, open_ok: bool = False) -> int:
    """_cut's place (-1: none yet; WAIT)."""
    return _cut(buf, open_ok=open_ok)[0]


def _cut(
    buf: bytes | str, *, open_ok: bool = False, continued: bool = False, closers: bool = True, substs: bool = True
) -> tuple[int, str]:
    """Where to end a segment of a stream: just after its last line end, so that a line stays
    whole and its pragma is seen with its tokens (found by fuzzing: a cut inside a line lost
    the pragma of a token before the cut) -- unless a backslash escapes that line end (the
    rendered reading joins the lines), or a parsed reading joins it (joins.joined), or a
    comment or tag spans it, or one that may still
    close further on began before it (constructs.open_start; ``open_ok``: that one does not
    count).  Only a line feed ends a line here: after a lone CR a terminal overwrites the same
    line (carriage.py), read up to its LF.
    Inside a line (cuts.reading_cut) only past MAX_CARRY: a backspace further on in the line
    could reach back over the cut.  WAIT: past MAX_CARRY, the cut depends on the next chunk.
    Past MAX_CARRY, a Markdown paragraph whose part before any cut may pair is cut at its last
    line end all the same (a PARAGRAPH cut, ParagraphCuts).  ``continued``: ``buf`` starts
    inside a paragraph cut so: that one is not cut again before MAX_CARRY.  ``closers``: as
    open_start's.  ``substs``: False if the whole text ``buf`` is cut from holds no
    ``$Format:`` (gitformat.may_read_b; segment_cache.py knows the whole blob): no span
    follows any line feed, where a stream, not knowing what comes after its carry, takes one
    to follow the carry's last line feeds and cuts before its last line.  The place and its
    kind (LINE, PARAGRAPH, INSIDE)."""
    lf, cr, bs = ("\n", "\r", "\\") if isinstance(buf, str) else (b"\n", b"\r", b"\\")
    if len(buf) < MAX_CARRY and buf.rfind(lf) == -1:  # type: ignore[arg-type]
        return -1, LINE  # (no line end yet: wait, without searching for constructs)
    hi = len(buf) if open_ok else open_start(buf, closers=closers)
    found = spans(buf, 0, hi)
    starts = [a for a, _ in found]
    stretches, open_span = joined_stretches(buf)  # (export-subst spans, TeX's \iffalse: joins.py)
    joins = open_span != -1
    if joins:
        hi = min(hi, open_span)
    end = buf.rfind(lf, 0, hi)  # type: ignore[arg-type]
    waits = False
    paragraph = -1  # (the last line end where only a paragraph stands in the way: its cut)
    text = ""
    while end >= 0:
        before = end - 2 if buf[end : end + 1] == lf and buf[end - 1 : end] == cr else end - 1
        while buf[before : before + 1] in _NUL_OR_CR and before > 0:  # (NUL is padding: UTF-32's, a record's)
            before -= 1
        if found and inside(found, starts, end + 1):
            hi = starts[bisect.bisect_left(starts, end + 1) - 1]
        elif before >= 0 and buf[before : before + 1] == bs:
            hi = before
        elif (at := joined(buf, before + 1, partial=True)) != -1:  # (roff's ``\\c``, TeX's ``%``: joins.py)
            hi, joins = at, True
        elif (stretch := in_stretch(stretches, before + 1)) is not None:
            hi, joins = stretch[0], True
        elif (follows := substs and subst_may_follow(buf, end + 1)) or _between_strings(buf, before + 1, end + 1):
            undecided = substs and subst_undecided(buf, end + 1)
            if end + 1 == len(buf) >= MAX_CARRY and not undecided:
                # A carry past MAX_CARRY ending in a run of line feeds too long to wait on: cut
                # after it all the same, and let the next segment tell whether a span follows
                # (LineCuts.check blocks then).  Waited on, the carry grew with the run: 100
                # MiB of blank lines held 244 MiB.
                return end + 1, LINE
            hi, joins = end, True  # (a span's ``%-`` deletes the line feeds before it; arrays.py)
            waits = waits or undecided
            if follows:
                # Every line feed of a run of them before a span that may follow is judged as
                # this one is (the same construct, join and span around it; fewer line feeds
                # after it, so no more undecided): the run is passed at once.  Judged one by
                # one, each walked the run back (joins.joined) and on (subst_may_follow): a
                # carry of blank lines was quadratic -- 8 MiB of them never cut.
                hi = len(buf[:end].rstrip(lf))  # type: ignore[arg-type]
        elif (
            not blank_line(buf, end)
            and (at := paragraphs.split_start(text or _as_text(buf), end + 1, continued=continued)) != -1
        ):
            # (a Markdown paragraph whose delimiters may pair across the cut: paragraphs.py)
            text = text or _as_text(buf)
            hi, paragraph = at, max(paragraph, end + 1)
        else:
            return end + 1, LINE
        end = buf.rfind(lf, 0, hi)  # type: ignore[arg-type]
    if len(buf) < MAX_CARRY:
        return -1, LINE
    if paragraph != -1:  # (its lines are judged where a stream's segments read them: ParagraphCuts)
        # (before WAIT: what follows the last line feed changes nothing here, and a carry of
        # lines whose length divides the chunks' waited to the stream's end)
        return paragraph, PARAGRAPH
    if waits:  # (what follows the carry's last line feed is not known yet: joins.subst_undecided)
        return WAIT, LINE
    if joins:
        raise CannotVerify(
            "unverifiable-reading",
            f"lines a reader joins run over {MAX_CARRY >> 20} MiB (an array of strings, a notebook's cell "
            "source; roff's \\c, TeX's % and \\iffalse, a CSS escape's digits, git archive's $Format: span) and a "
            "stream cannot cut them (the limit of a streamed reading)",
        )
    return reading_cut(buf, open_ok=open_ok), INSIDE


_NUL_OR_CR = ("\x00", b"\x00", "\r", b"\r")


def blank_line(buf: bytes | str, end: int) -> bool:
    """Whether the line whose line feed is at ``end`` is blanks alone (after a line feed or at
    ``buf``'s start): a cut after it splits no paragraph (paragraphs.split_start is -1 there,
    the blank line ending any; tests/unit/test_segments.py holds it).  Asked first: most
    carries of a history end after a blank line (segment_cache's pieces do), where
    split_start's search back over the carry for the paragraph's start was half of a cut."""
    k = end
    while k > 0 and buf[k - 1 : k] in _BLANKS:
        k -= 1
    return k == 0 or buf[k - 1 : k] in ("\n", b"\n")


_BLANKS = (" ", "\t", b" ", b"\t")


def _as_text(buf: bytes | str) -> str:
    return buf if isinstance(buf, str) else buf.decode("latin-1")


def _between_strings(buf: bytes | str, a: int, b: int) -> bool:
    """Whether the line break ``buf[a:b]`` may stand between two strings of an array, which
    arrays.py joins: the line before ends with a string (and a comma) or opens the array (a
    run is read from its ``[``), the line after starts
    with one (after a comma) that no colon follows (a key's).  Sound: a stream does not cut
    there; a long string or run of blanks counts as one."""
    head_s, tail_s = buf[max(0, a - 256) : a], buf[b : b + 256]
    head = head_s if isinstance(head_s, str) else head_s.decode("latin-1")
    tail = tail_s if isinstance(tail_s, str) else tail_s.decode("latin-1")
    head = head.rstrip(" \t")
    if head and not head.endswith(('"', '",', "[")):
        return False
    m = _NEXT_STRING.match(tail)
    return m is not None and m.group(1) != ":"


# The start of a line after a break inside an array of strings: a string, then a comma, a
# closing bracket or a line break (not a key's colon); or a string too long to tell, or the
# buffer's end (what comes next is not known yet).
_NEXT_STRING = re.compile(r'[ \t]*,?[ \t]*(?:"(?:[^"\\\r\n]|\\.)*(?:"[ \t]*([,\]\r\n:])?|$)|$)')


def planned_cut(
    buf: bytes | str, *, continued: bool = False, closers: bool = True, substs: bool = True
) -> tuple[int, str] | None:
    """Where to cut a stream's carry, and the kind of cut: _cut's place, or for a carry of
    MAX_CARRY with none _limit_cut's; None: none yet (wait for more); -1: none at all, the
    stream forces one.  ``continued``, ``closers``, ``substs``: as for _cut."""
    cut, kind = _cut(buf, continued=continued, closers=closers, substs=substs)
    if cut != -1:
        return None if cut == WAIT else (cut, kind)
    if len(buf) < MAX_CARRY:
        return None
    cut, kind = _limit_cut(buf, continued)
    return None if cut == WAIT else (cut, kind)


def _limit_cut(buf: bytes | str, continued: bool) -> tuple[int, str]:
    """A cut for a buffer of MAX_CARRY with none (_cut): if what blocks it is a comment,
    tag or terminal code that may still close, cut as if it were text -- unless it follows a
    word character, where its closing would join words across more than MAX_CARRY (a
    documented limit: that blocks).  -1: no cut (a run without separators)."""
    o = open_start(buf)
    if o == len(buf):
        return -1, INSIDE
    if not follows_no_word(buf, o):
        raise CannotVerify(
            "unverifiable-reading",
            f"a tag, comment or terminal code right after a word stays open for over {MAX_CARRY >> 20} MiB: "
            "where it closes, a reader sees the words around it joined (the limit of a streamed reading)",
        )
    return _cut(buf, open_ok=True, continued=continued)


def check_forced(buf: bytes | str, cut: int) -> None:
    """A forced cut (a run of MAX_CARRY with no place where no reading changes) must not fall
    inside or just after a tag, comment or terminal code: the words it joins would be read
    apart (a documented limit: that blocks)."""
    found = spans(buf, 0, cut)
    if found and inside(found, [a for a, _ in found], cut):
        raise CannotVerify(
            "unverifiable-reading",
            f"a tag, comment or terminal code in a stretch of over {MAX_CARRY >> 20} MiB with no place to cut "
            "(the limit of a streamed reading)",
        )


class ParagraphCuts:
    """What a stream's segments hand each other about a Markdown paragraph that a cut splits:
    one over MAX_CARRY whose part before the cut may pair with what follows (a PARAGRAPH cut,
    _cut), or a cut inside a line of one.  What came before the cut is gone, so a line of it
    read with its paragraph (views._paragraph_hits: a line that may show a token) blocks --
    as in memory, where such a paragraph is over paragraphs.LONGEST and blocks the same way
    (more: whether its other lines pair is not known across the cut).  A line that may show
    none is read as itself, as in memory, where its paragraph is not read either: a log of
    ``[INFO]`` lines holding ``*`` and no blank line is read, a token whose delimiters pair
    across the cut blocks."""

    def __init__(self) -> None:
        self.head = False  # the carry starts inside such a paragraph
        self.tail = False  # the segment cut off last ends inside one

    def planned(self, buf: bytes | str) -> int | None:
        """planned_cut's place, its kind noted (cut)."""
        found = planned_cut(buf, continued=self.head)
        if found is None:
            return None
        at, kind = found
        if at != -1:
            self.cut(buf, at, kind)
        return at

    def cut(self, buf: bytes | str, at: int, kind: str = INSIDE) -> None:
        """The segment ``buf[:at]`` is cut off with a cut of ``kind``: inside a line (a forced
        cut too) it ends inside a paragraph split so if the carry starts in one or if the
        paragraph's part before that line may pair."""
        if kind == INSIDE:
            lf = "\n" if isinstance(buf, str) else b"\n"
            line = buf.rfind(lf, 0, at) + 1  # type: ignore[arg-type]
            self.tail = self.head or paragraphs.split_start(_as_text(buf), line) != -1
        else:
            self.tail = kind == PARAGRAPH

    def check(self, matcher: TokenMatcher, seg: bytes | str, line: int, *, read: bool, lenient: bool = False) -> None:
        """Before reading ``seg`` (from the stream's line ``line``), the segment last cut off
        (or the stream's last): a line of a paragraph split at either end of it that may show
        a token blocks (views.view_hits' ``edges``).  ``read``: ``seg`` is read with the other
        readings at all (not a segment that reads the same every way); ``lenient``: as
        view_hits's, for bytes that are not text."""
        edges = (self.head, self.tail)
        self.head, self.tail = self.tail, False
        if not (read and any(edges)):
            return
        from rehearsal_hook.scan.views import view_hits  # (the readings: where a stream needs them)

        try:
            if isinstance(seg, str):
                view_hits(matcher, seg, lenient=lenient, edges=edges)
                return
            try:
                text, legacy = seg.decode("utf-8"), False
            except UnicodeDecodeError:  # (as text.scan_legacy reads it)
                text, legacy = seg.decode("utf-8", "surrogateescape"), True
            view_hits(matcher, text, seg, byte_columns=legacy, lenient=lenient, edges=edges)
        except CannotVerify as exc:
            exc.line += line - 1  # (the segment's line: the stream's)
            raise


class LineCuts:
    """What a stream's segments hand each other about the line a cut falls in: a line cut past
    MAX_CARRY (stream_cut) blocks if its display order may cross the cut (it reorders) or a
    backspace run after the cut reaches back over it -- what came before the cut is gone (the
    documented limits of a streamed reading)."""

    def __init__(self) -> None:
        self.mid_line = False  # the next segment starts after a cut inside a line
        self.reorders = False  # the line the last segment ends in may reorder in display
        self.moves = False  # the line the last segment ends in moves the cursor (screen.MOVES)
        self.macro = False  # ... is roff's alternating font macro's (roff.joins_arguments)
        self.after_cut = False  # a segment was checked before: the next one follows a cut

    def check(self, seg: bytes | str) -> None:
        """Before reading ``seg``, the segment after the last one checked."""
        _check_subst(seg, self.after_cut)
        self.after_cut = self.after_cut or bool(seg)
        if self.mid_line:
            _check_backspaces(seg)
        lf, cr = ("\n", "\r") if isinstance(seg, str) else (b"\n", b"\r")
        first_end = min((i for i in (seg.find(lf), seg.find(cr)) if i >= 0), default=len(seg))  # type: ignore[arg-type]
        if self.mid_line and (self.reorders or reorders(seg[:first_end])):
            raise CannotVerify(
                "unverifiable-reading",
                f"a line longer than {MAX_CARRY >> 20} MiB with right-to-left text or a bidirectional control: "
                "its display order may cross where a stream cuts it (the limit of a streamed reading)",
            )
        # (a code that moves the cursor or edits the row, in the line cut: its reading needs the
        # whole line, as in memory, where a line that long blocks too -- carriage.overwritten)
        lf_at = seg.rfind(lf)  # type: ignore[arg-type]
        head_end = seg.find(lf) if lf_at >= 0 else len(seg)  # type: ignore[arg-type]
        if self.mid_line and (self.moves or screen.moves(seg, 0, head_end)):
            raise CannotVerify(
                "unverifiable-reading",
                f"a line longer than {MAX_CARRY >> 20} MiB moves the cursor or edits the row on a terminal "
                "(the limit of a streamed reading)",
            )
        if self.mid_line and self.macro:
            raise CannotVerify(
                "unverifiable-reading",
                f"a line of roff's alternating font macro longer than {MAX_CARRY >> 20} MiB: man shows its "
                "arguments joined across where a stream cuts it (the limit of a streamed reading)",
            )
        head = lf_at + 1 if lf_at >= 0 else None if self.mid_line else 0
        self.macro = self.macro if head is None else roff.joins_arguments(seg, head)
        self.moves = screen.moves(seg, lf_at + 1) if lf_at >= 0 else self.moves or screen.moves(seg)
        last_end = max(seg.rfind(lf), seg.rfind(cr))  # type: ignore[arg-type]
        self.reorders = reorders(seg[last_end + 1 :]) if last_end >= 0 else self.reorders or reorders(seg)
        self.mid_line = seg[-1:] not in (lf, cr)


def _check_subst(seg: bytes | str, after_cut: bool) -> None:
    """A segment after a cut that begins, past its line feeds, with what may be git archive's
    ``$Format:``: its ``%-`` may delete the line feeds before the cut, joining what came before
    it.  _cut never cuts there but after a run of line feeds too long to hold (a documented
    limit: that blocks).  A segment of line feeds alone leaves it to the next one."""
    if not after_cut:
        return
    lf = "\n" if isinstance(seg, str) else b"\n"
    rest = seg.lstrip(lf)  # type: ignore[arg-type]
    if rest and subst_may_follow(rest, 0):
        raise CannotVerify(
            "unverifiable-reading",
            f"a run of line feeds over {MAX_CARRY >> 20} MiB before git archive's $Format: span, whose %- may "
            "delete them all (the limit of a streamed reading)",
        )


def _check_backspaces(seg: bytes | str) -> None:
    """A segment that starts inside a line (cut past MAX_CARRY): its backspaces must not reach
    back over the cut, where the segment before holds what they would overwrite (a documented
    limit: that blocks)."""
    zones = backspace_zones(seg)
    if not zones or zones[0][0] != 0:
        return
    text = seg if isinstance(seg, str) else seg.decode("utf-8", "replace")
    m = _LINE_END_S.search(text)
    shown, _ = render(text[: m.start() if m else len(text)])
    cursor, prev = 0, 0
    for run in _BACKSPACES.finditer(shown):
        cursor += run.start() - prev - (run.end() - run.start())
        prev = run.end()
        if cursor < 0:
            raise CannotVerify(
                "unverifiable-reading",
                f"a backspace run reaches back over a cut of a line longer than {MAX_CARRY >> 20} MiB "
                "(the limit of a streamed reading)",
            )


_BACKSPACES = re.compile("\x08+")
