"""A stream holding a request that changes how the rest of a manual page reads blocks
(roffstate.py, reading 12), and so does one holding a reStructuredText substitution definition
(rstsubs.py, reading 13), an AsciiDoc attribute entry (adocattrs.py), a Markdown footnote
definition (footnotes.py), an XML entity declaration (xmlents.py) or a style sheet that may show
letters otherwise (sheets.py): a stream reads each
segment on its own, and the shown text would be cut where the stored one may not be -- the
state is read in memory only.  So is a Mermaid code (mermaid.py) in one segment where another
names ``mermaid``: in memory the whole text says whether its codes are read, a segment only
itself (found reviewing f0ea0a2: ``A["DEPLOY#95;OK"]`` (a configured DEPLOY_OK) below a fence in an earlier segment
passed streamed)."""

from __future__ import annotations

import functools
import re

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import adocattrs, mermaid, rstsubs, xmlents
from rehearsal_hook.scan.patterns import compiled
from rehearsal_hook.scan.roffstate import may_change
from rehearsal_hook.scan.states import STYLE_OPENER, defines_footnote


class StreamGate:
    """Blocks a stream holding such a request.  Fed each segment in order (bytes as Latin-1:
    the requests are ASCII); the start of the line a cut falls in is kept while it can still
    become one."""

    def __init__(self) -> None:
        self.head = ""  # (the stream's start: a line's start)
        # (whether a segment so far may hold a diagram, and whether one that may not, read on
        # its own, held a code that makes a character)
        self.diagram, self.coded = False, False
        # (while the segments so far were an XML document's prolog, which the next may go on:
        # "", or the closer of an item the last left open -- a comment's ``-->``, never cut,
        # since a segment ends after a line feed --; None once it ended: xmlents.prolog)
        self.prolog: str | None = ""
        self.first, self.tail = True, ""
        # (whether a segment so far held a style element's opener, and the last characters
        # before this segment: an opener or a declaration cut across two)
        self.styled, self.sheet_tail = False, ""

    def feed(self, seg: str) -> None:
        probe = self.head + seg
        if (
            self._declares_entities(seg)
            or may_change(probe)
            or rstsubs.may_define(probe)
            or adocattrs.holds_entry(probe)
            or defines_footnote(probe)
            or self._restyles(seg)
        ):
            raise CannotVerify(
                "unverifiable-reading",
                "a document too large to read whole holds what changes how the rest of it reads (roff's .tr, "
                ".char, .ec..., reStructuredText's substitution definitions, AsciiDoc's attribute entries, "
                "Markdown's footnote definitions, XML's entity declarations, style sheets that show capitals or hide "
                "elements): its document state is read in memory "
                "only (the limit of a streamed reading)",
            )
        self._check_codes(seg)
        line = probe[probe.rfind("\n") + 1 :]
        if line[:1] not in ("", ".", "'"):
            # (no request starts it -- _open's first character -- whatever its blanks: a line
            # with no line end, 512 MiB of words, had its every blank run listed by re.sub, 270
            # MiB more per 16 MiB segment)
            self.head = "x"
            return
        line = _collapsed(line)
        if line and _open().match(line) is None:
            self.head = "x"  # (no line's start: ``^`` then finds no request)
        elif len(line) > 1024:
            raise CannotVerify(
                "unverifiable-reading",
                "a control line of a manual page too large to read whole runs on past 1024 characters before "
                "its request: its document state is read in memory only (the limit of a streamed reading)",
            )
        else:
            self.head = line

    def _declares_entities(self, seg: str) -> bool:
        """Whether the segments so far are an XML document's prolog that holds a document type
        which may declare entities (xmlents.declares; a UTF-8 BOM's bytes as Latin-1 before it).
        An item left open is read on with the last segment's last characters before this one:
        a line over 16 MiB is cut inside, and may be cut inside its closer."""
        if self.prolog is None:
            return False
        text = seg.removeprefix("\xef\xbb\xbf") if self.first else self.tail + seg
        state, found = xmlents.prolog(text, self.prolog or None)
        self.prolog = found if state == xmlents.OPEN else "" if state == xmlents.MORE else None
        self.first, self.tail = False, text[len(text) - len(found) + 1 :] if state == xmlents.OPEN else ""
        return state == xmlents.DOCTYPE

    def _restyles(self, seg: str) -> bool:
        """Whether the segments so far hold a style element's opener and, in it or after, a
        rule that may show letters otherwise (sheets.py): read wider, as the sheets are."""
        probe = self.sheet_tail + seg
        self.sheet_tail = probe[-_SHEET_TAIL:]
        self.styled = self.styled or compiled(STYLE_OPENER).search(probe) is not None
        if not self.styled:
            return False
        from rehearsal_hook.scan import sheets  # (the readings of HTML: a text holding a sheet's)

        return sheets.declares(probe)

    def _check_codes(self, seg: str) -> None:
        """Block where one segment may hold a diagram and another, which may not on its own,
        holds a code that makes a character: in memory that code is read, streamed it was not."""
        held = mermaid.may_hold(seg)
        self.diagram = self.diagram or held
        self.coded = self.coded or (not held and mermaid.makes_character(seg))
        if self.diagram and self.coded:
            raise CannotVerify(
                "unverifiable-reading",
                "a document too large to read whole holds a Mermaid entity code (#95;) in one part and names "
                "mermaid in another: whether a diagram shows the code's character is read in memory only (the "
                "limit of a streamed reading)",
            )


# (longer than any opener or declaration sheets.declares reads whole: a CSS escape's six
# digits, a declaration's 64 characters between its name and its value)
_SHEET_TAIL = 256
_BLANKS = re.compile(r"[ \t]++")
_MORE_BLANKS = re.compile(r"[ \t]*+")
_STRETCH = 1 << 16


def _collapsed(line: str) -> str:
    """``line`` with each run of blanks one blank, a stretch of about _STRETCH characters at a
    time (``re.sub`` lists two parts a run before it joins them), no run split."""
    out, start = [], 0
    while start < len(line):
        end = start + _STRETCH
        match = _MORE_BLANKS.match(line, end) if end < len(line) and line[end - 1] in " \t" else None
        end = match.end() if match is not None else end
        out.append(_BLANKS.sub(" ", line[start:end]))
        start = end
    return "".join(out)


@functools.cache
def _open() -> re.Pattern[str]:
    """A line's start, its blanks one, that a cut may have split a request's head in: the
    control character, a conditional (its condition may run on), ``do``, a name's first
    letters; or an alias's or a new name's line so far (roffnames: its words name the request).
    (joins imported here: a stream's reading, not a hook's start.)"""
    from rehearsal_hook.scan.joins import ROFF_CONDITIONAL

    return re.compile(
        r"[.'] ?(?:(?:" + ROFF_CONDITIONAL + r")(?:[.'] ?)?)?(?:do ?)?[a-z0-9]{0,5}\Z"
        r"|[.'] ?i[fe] (?:[^ \n]*+|'[^'\n]*+(?:'[^'\n]*+)?)\Z"
        r"|[.'] ?(?:do )?(?:als|rn) [^\n]*+\Z"
    )
