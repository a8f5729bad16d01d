"""The readings of what the tool prints, for redaction: every reading but the stored one,
and the readings of the printed text rendered once more and of the values a format's reader
hands on (a machine format's reader decodes before whoever reads the value does)."""

from __future__ import annotations

import html
import re

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import carriage, charsets, states
from rehearsal_hook.scan.backspaces import backspace_zones
from rehearsal_hook.scan.constructs import has_c1_opener
from rehearsal_hook.scan.cuts import piece_end
from rehearsal_hook.scan.hints import needs_render, reorders
from rehearsal_hook.scan.matcher import TokenMatcher
from rehearsal_hook.scan.normalize import relevant_table
from rehearsal_hook.scan.otherwise import may_read_otherwise
from rehearsal_hook.scan.pieces import piece_hits
from rehearsal_hook.scan.readings import PIECE, in_display_order, orders, render


def reading_spans(matcher: TokenMatcher, text: str, *, formats: bool = True) -> list[tuple[int, int, str]]:
    """Tokens of every reading but the stored one in what the tool prints (for redaction), as
    (start, end, token) offsets in ``text``.  Read in pieces of at most PIECE characters cut
    where no reading changes, as a file's lines are: a report can be tens of MB, and a column
    map of all of it took 1.8 GB.  ``formats``: _printed_spans'."""
    table = relevant_table(lower=matcher.lower_view)
    spans = _document_spans(matcher, text, formats=formats)
    start = 0
    zones = backspace_zones(text) if len(text) > PIECE else []
    display = len(text) > PIECE and reorders(text)
    while start < len(text):
        stop = piece_end(text, start, len(text), zones, display=display)
        piece = text[start:stop]
        spans += [(s + start, e + start, t) for s, e, t in _printed_spans(matcher, piece, table, formats=formats)]
        start = stop
    return spans


def _document_spans(matcher: TokenMatcher, text: str, *, formats: bool) -> list[tuple[int, int, str]]:
    """The tokens ``text`` shows with the state it sets: a terminal's character set (a terminal
    draws ``s`` as ``⎽`` after ``ESC ( 0``: one for one, charsets.py) and a document's
    (_state_spans).  Asked of the printed text and of each value a format's reader hands on
    (_printed_spans): GitHub's ``%0A``, JSON's ``\\n`` and XML's ``&#10;`` leave the printed
    text no line that starts a roff request, the value holds one."""
    spans: list[tuple[int, int, str]] = []
    drawn = charsets.drawn(text)
    if drawn != text:
        spans += [(m.start(), m.end(), m.group()) for m in matcher.finditer_str(drawn)]
        spans += reading_spans(matcher, drawn, formats=formats)
    if states.may_set(text):
        spans += _state_spans(matcher, text, formats=formats)
    return spans


def _may_set_state(text: str) -> bool:
    """Whether _document_spans may find what the stored reading does not."""
    return charsets.may_shift(text) or states.may_set(text)


def _state_spans(matcher: TokenMatcher, text: str, *, formats: bool) -> list[tuple[int, int, str]]:
    """The tokens of each text a document shows with the state it sets (states.pages: roff's
    ``.tr``, reStructuredText's substitutions, AsciiDoc's attributes, Markdown's footnotes --
    a printed ``QT00[^a]_P...`` and ``[^a]: x`` is ``QT00`` a raised 1 ``_P...`` where a
    renderer shows it), each spanning the stored characters its first and last come from.  (A
    page holds no state of its own -- its requests and definitions blanked, its references
    replaced --, so reading it again ends.)"""
    spans: list[tuple[int, int, str]] = []
    for page, stored in states.pages(text):
        found = [(m.start(), m.end(), m.group()) for m in matcher.finditer_str(page)]
        found += reading_spans(matcher, page, formats=formats)
        places = sorted({k for s, e, _ in found for k in (s, e - 1)})
        at = dict(zip(places, stored(places), strict=True))
        spans += [(at[s], at[e - 1] + 1, t) for s, e, t in found]
    return spans


def _printed_spans(
    matcher: TokenMatcher, piece: str, table: dict[int, str], *, formats: bool = True
) -> list[tuple[int, int, str]]:
    """reading_spans of one piece.  Also the readings of the piece rendered once: a machine
    format's reader decodes before whoever reads the value does (``jq -r`` hands a terminal
    the ``\\u001b[0m`` of a JSON string; an XML reader turns ``&amp;#95;`` into ``&#95;``;
    GitHub's ``%255F`` comes back as ``%5F``).  The scanner reads a file's text once; what the
    tool prints is read twice, since redacting too much costs only legibility.  ``formats``:
    and each value a format's reader hands on, read so in turn (once: a value's own values
    are not, ``%252525...`` would be read again at each level)."""
    spans = piece_hits(matcher, piece, table)
    if carriage.acts(piece):
        spans += _terminal_spans(matcher, piece, table)
    if "\x00" in piece:
        # NULs vanish for a UTF-16 reader before anything is rendered (``%0\0A`` is ``%0A``).
        keep = [i for i, c in enumerate(piece) if c != "\x00"]
        spans += [(keep[s], keep[e - 1] + 1, t) for s, e, t in reading_spans(matcher, piece.replace("\x00", ""))]
    for value, index, bounds in _format_values(piece) if formats else ():
        # (an ASCII value judged as the scanner judges a line: most reads as stored, ``\\"``)
        setting = [(a, b) for a, b in _strings(value, index, piece, bounds) if _may_set_state(value[a:b])]
        if value.isascii() and not setting and not may_read_otherwise(matcher, value.encode("ascii")):
            continue
        found = [(m.start(), m.end(), m.group()) for m in matcher.finditer_str(value)]
        # (a terminal's too: ``ESC[2D``; but not a line it cannot follow, redacted whole in the
        # printed text: here the value is the format's decoded line, and its whole stored line
        # -- key, quotes and all -- would go, leaving no JSON: such a code moves nothing in it)
        found += [span for span in _printed_spans(matcher, value, table, formats=False) if span[2]]
        # (and with the state the value sets: per piece, as its other readings are -- a value's
        # state reaches no further than the piece of the printed text it is decoded from --, and
        # per string the reader hands on, where a state set at its start starts a line)
        for a, b in setting:
            part = _document_spans(matcher, value[a:b], formats=False)
            found += [(s + a, e + a, t) for s, e, t in part if t]
        spans += [(index[s], index[e - 1] + 1, t) for s, e, t in found]
    if not needs_render(piece):
        return spans
    for markup in (True, False) if "<" in piece else (True,):
        decoded, _ = render(piece, markup=markup)
        for display, ltr in orders(decoded):
            once = in_display_order(decoded, ltr=ltr) if display else decoded
            if once == piece or not _printed_hits(matcher, once, table):
                continue  # (the column map only where the rendered text holds a token)
            once, where = render(piece, exact=True, markup=markup, display=display, ltr=ltr)
            assert where is not None
            for s, e, t in _printed_hits(matcher, once, table):
                at = where[s:e]
                spans.append((min(at), max(at) + 1, t))
    return spans


# The escapes of the formats the tool prints, each decoded by the format's reader alone: a JSON
# string's (json, sarif), XML's references (junit) and GitHub's workflow-command escapes.  The
# rendered reading decodes every syntax at once (``\\\\fB..&#95;`` to ``\\fB.._``), where a
# format's reader hands on ``\\fB..&#95;`` -- which roff shows as the token before ``&#95;``.
# (A surrogate's escape is left as stored: a lone one is no character a reader shows.)  And,
# per format, what bounds the strings its reader hands on where it is stored as itself, not
# escaped: a JSON string's quotes; an XML attribute's quotes and the tags around text; a GitHub
# command's ``::`` before its message, and the ``,`` and ``=`` between its properties.
_JSON_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_FORMAT_ESCAPES = (
    (
        "\\",
        re.compile(r'\\(?:u(?![dD][89a-fA-F])[0-9a-fA-F]{4}|["\\/bfnrt])'),
        lambda e: chr(int(e[2:], 16)) if e[1] == "u" else _JSON_ESCAPES.get(e[1], e[1]),
        re.compile('"'),
    ),
    (
        "&",
        re.compile(r"&(?:amp|lt|gt|quot|apos|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});"),
        html.unescape,
        re.compile("[\"'<>]"),
    ),
    ("%", re.compile(r"%(?:25|0[aAdD]|3[aA]|2[cC])"), lambda e: chr(int(e[1:], 16)), re.compile("::|[,=]")),
)


def _strings(value: str, index: list[int], piece: str, bounds: re.Pattern[str]) -> list[tuple[int, int]]:
    """The whole of ``value`` (decoded from ``piece``, ``index`` its map) and its stretches
    between the ``bounds`` stored as themselves -- a decoded ``\\"`` or ``%3A`` bounds
    nothing --: the strings a format's reader hands on (``".tr Q_\\n..."`` holds the roff
    request ``.tr Q_`` at a line's start)."""
    out = [(0, len(value))]
    last = 0
    for m in bounds.finditer(value):
        if all(piece[index[k]] == value[k] for k in range(m.start(), m.end())):
            out.append((last, m.start()))
            last = m.end()
    return [*out, (last, len(value))] if last else out


def _format_values(piece: str) -> list[tuple[str, list[int], re.Pattern[str]]]:
    """``piece`` as each format's reader hands its values on (_FORMAT_ESCAPES), where it holds
    that format's escapes: each a text, per character its index in ``piece``, and what bounds
    the format's strings (_strings)."""
    out: list[tuple[str, list[int], re.Pattern[str]]] = []
    for sign, escape, decode, bounds in _FORMAT_ESCAPES:
        if sign not in piece:
            continue
        parts: list[str] = []
        index: list[int] = []
        last = 0
        for m in escape.finditer(piece):
            parts.append(piece[last : m.start()])
            index += range(last, m.start())
            value = decode(m.group())
            parts.append(value)
            index += [m.start()] * len(value)
            last = m.end()
        if last:
            parts.append(piece[last:])
            index += range(last, len(piece))
            out.append(("".join(parts), index, bounds))
    return out


def _printed_hits(matcher: TokenMatcher, text: str, table: dict[int, str]) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in matcher.finditer_str(text)] + piece_hits(matcher, text, table)


def _terminal_spans(matcher: TokenMatcher, piece: str, table: dict[int, str]) -> list[tuple[int, int, str]]:
    """The tokens a terminal shows of the piece's lines that return the carriage or move the
    cursor (carriage.py, as the scanner reads a file's: ``path CUTOVER_XX ESC[2D PASS`` and
    ``ESC 7 xx ESC 8`` overwrite on the row), each spanning the stored characters it is shown
    from -- the codes between them included, so the redacted form replaces what moved them.
    A line a terminal's cursor cannot be followed on (it leaves the row) is redacted whole:
    it could show anything (its token is unknown, so only the ellipsis stands for it)."""
    spans: list[tuple[int, int, str]] = []
    done = 0
    for code in carriage.ACTING.finditer(piece):
        if code.start() < done:
            continue
        start, end = carriage.stretch(piece, code.start())
        done = end
        for c1_codes in (True, False) if has_c1_opener(piece[start:end]) else (True,):
            try:
                shown, runs = carriage.overwritten(piece, start, end, c1_codes=c1_codes)
            except CannotVerify:
                spans.append((start, end, ""))
                break
            found = [(m.start(), m.end(), m.group()) for m in matcher.finditer_str(shown)]
            found += piece_hits(matcher, shown, table)
            for s, e, t in found:
                at = [carriage.stored_at(runs, k) for k in range(s, e)]
                spans.append((min(at), max(at) + 1, t))
    return spans
