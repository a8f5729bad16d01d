"""Line joins of the parsed readings (scan/joins.py; issue 12, "what a reader sees"): a token
split across a line end that the renderer joins -- roff's ``\\c`` at a line's end and its
``\\#`` comment (``man``: groff 1.22.4 ``-man -Tutf8`` shows each roff case as one word), TeX's
``%`` comment (pdflatex with T1 fonts and pdftotext show each TeX case as one word).  Each
shown case was a bypass.  Found in memory, as UTF-8 and UTF-16, streamed in small chunks (a
join across chunk and segment boundaries), at the stored line:column of the token's start;
near misses stay clean; a long unit is cut into pieces outside its joins; a stream blocks a
run of joined lines it cannot cut."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import asciidoc, css, joins, org, readings, roff, segments, tex, units, views
from rehearsal_hook.scan.constructs import inert_openers
from rehearsal_hook.scan.printed import reading_spans

from .scanning import CountingFind, M, everywhere, found, streamed

T = "CUTOVER" + "_PASS"

# stored text -> (line, column) of the token's first stored character
SHOWN = {
    # roff: ``\c`` at a line's end joins the next text line
    "roff-interrupt": ("see CUTOVER_\\c\nPASS here\n", (1, 5)),
    "roff-interrupt-needle-after": ("see CUTOVER\\c\n_PASS here\n", (1, 5)),
    "roff-interrupt-blanks": ("see CUTOVER_\\c  \nPASS here\n", (1, 5)),
    "roff-interrupt-comment": ('see CUTOVER_\\c \\" a comment\nPASS here\n', (1, 5)),
    "roff-interrupt-crlf": ("see CUTOVER_\\c\r\nPASS here\r\n", (1, 5)),
    "roff-interrupt-bold": ("see CUTOVER_\\c\n.B PASS\n", (1, 5)),
    "roff-interrupt-bold-quoted": ('see CUTOVER_\\c\n.I "PASS here"\n', (1, 5)),
    "roff-interrupt-alternating": ("see CUTOVER_\\c\n.BR PASS ,\n", (1, 5)),  # (groff: CUTOVER_PASS,)
    "roff-interrupt-requests": ('see CUTOVER_\\c\n.ft B\n.\\" a comment\n.\n\\#x\nPASS here\n', (1, 5)),
    "roff-interrupt-twice": ("see CUT\\c\nOVER_\\c\nPASS here\n", (1, 5)),
    "roff-interrupt-second-line": ("x\nsee CUTOVER_\\c\nPASS here\n", (2, 5)),
    # (blocks roff reads as no text, and .nop's text: groff 1.22.4 shows each as one word)
    "roff-interrupt-ignored-block": ("see CUTOVER_\\c\n.ig\nzz\n..\nPASS here\n", (1, 5)),
    "roff-interrupt-ignored-to-its-end": ("see CUTOVER_\\c\n.ig YY\nzz\n..\n.YY\nPASS here\n", (1, 5)),
    "roff-interrupt-macro-definition": ("see CUTOVER_\\c\n.de XX\nzz\n..\nPASS here\n", (1, 5)),
    "roff-interrupt-macro-appended": ("see CUTOVER_\\c\n.am1 XX YY\nzz\n..\n.YY\nPASS here\n", (1, 5)),
    "roff-interrupt-nop": ("see CUTOVER_\\c\n.nop PASS here\n", (1, 5)),
    # (a conditional's text a terminal shows: groff 1.22.4 -man -Tutf8 shows each as one word)
    "roff-interrupt-conditional": ("see CUTOVER_\\c\n.if n PASS here\n", (1, 5)),
    "roff-interrupt-conditional-no-blank": ("see CUTOVER_\\c\n.if nPASS here\n", (1, 5)),
    "roff-interrupt-conditional-not": ("see CUTOVER_\\c\n.if !t PASS here\n", (1, 5)),
    "roff-interrupt-conditional-else": ("see CUTOVER_\\c\n.ie t zz\n.el PASS here\n", (1, 5)),
    "roff-interrupt-conditional-register": ("see CUTOVER_\\c\n.nr x 1\n.if \\n[x] PASS here\n", (1, 5)),
    "roff-interrupt-conditional-strings": ("see CUTOVER_\\c\n.if 'a b'a b' PASS here\n", (1, 5)),
    "roff-interrupt-conditional-nop": ("see CUTOVER_\\c\n.if n .nop PASS here\n", (1, 5)),
    "roff-interrupt-conditional-bold": ("see CUTOVER_\\c\n.ie n .B PASS here\n", (1, 5)),
    # (a macro defined, not a string: a stream holding .ds blocks, roffstream.StreamGate)
    "roff-interrupt-conditional-defined": ("see CUTOVER_\\c\n.de foo\n..\n.if d foo PASS here\n", (1, 5)),
    # (conditionals nested, and a conditional's request that shows nothing: groff 1.22.4
    # -man -Tutf8 shows each as one word)
    "roff-interrupt-nested-conditionals": ("see CUTOVER_\\c\n.if n .if n PASS here\n", (1, 5)),
    "roff-interrupt-nested-nop": ("see CUTOVER_\\c\n.if n .if n .nop PASS here\n", (1, 5)),
    "roff-interrupt-nested-false-passed": ("see CUTOVER_\\c\n.if n .if t XX\nPASS here\n", (1, 5)),
    "roff-interrupt-conditional-request-passed": ("see CUTOVER_\\c\n.if n .ft B\nPASS here\n", (1, 5)),
    "roff-interrupt-else-nested": ("see CUTOVER_\\c\n.ie t XX\n.el .if n PASS here\n", (1, 5)),
    # roff: ``\#`` comments out the rest of its line and the line break
    "roff-comment": ("see CUTOVER_\\#a comment\nPASS here\n", (1, 5)),
    "roff-comment-needle-after": ("see CUTOVER\\#\n_PASS here\n", (1, 5)),
    # TeX: ``%`` comments out the rest of its line, the line break and the next line's blanks
    "tex-comment": ("see CUTOVER\\_%\nPASS here\n", (1, 5)),
    "tex-comment-text": ("see CUTOVER\\_% a comment\n    PASS here\n", (1, 5)),
    "tex-comment-maker-after": ("x\nsee CUTOVER%\n\\_PASS here\n", (2, 5)),
    "tex-comment-inside-needle": ("see CUTOVER\\_PA%\nSS here\n", (1, 5)),
    "tex-comment-twice": ("see CUT%\nOVER\\_PA%\nSS here\n", (1, 5)),
    "tex-comment-crlf": ("see CUTOVER\\_%\r\nPASS here\r\n", (1, 5)),
    "tex-comment-char": ("see CUTOVER\\char95%\n PASS here\n", (1, 5)),
    "tex-comment-textunderscore": ("see CUTOVER\\textunderscore%\nPASS here\n", (1, 5)),
    "tex-comment-hat": ("see CUTOVER^^5f%\nPASS here\n", (1, 5)),
    "tex-comment-group": ("see {CUTOVER}%\n{\\_}PASS here\n", (1, 6)),
    # TeX: a control word at a line's end -- TeX skips the line's end and the next line's blanks
    "tex-control-word-at-the-end": ("see CUTOVER\\_\\relax\nPASS here\n", (1, 5)),
    "tex-textunderscore-at-the-end": ("see CUTOVER\\textunderscore  \n   PASS here\n", (1, 5)),
    "tex-control-word-maker-after": ("x\nsee CUTOVER\\relax\n\\_PASS here\n", (2, 5)),
    # TeX: what \iffalse skips up to its \fi, over line ends (pdflatex, T1: one word each)
    "tex-iffalse-over-a-line-end": ("see CUTOVER\\_PA\\iffalse\nzz\\fi SS here\n", (1, 5)),
    "tex-iffalse-nested": ("see CUTOVER\\_PA\\iffalse\n\\ifx ab\nzz\\fi\n\\fi SS here\n", (1, 5)),
    "tex-iffalse-fi-in-a-comment": ("see CUTOVER\\_PA\\iffalse % \\fi\nzz\\fi SS here\n", (1, 5)),
    # (its \else branch shown, and what TeX skips after \else at a line's end: pdflatex)
    "tex-iffalse-else-over-a-line-end": ("see CUTOVER\\_PA\\iffalse zz\nyy\\else SS \\fi here\n", (1, 5)),
    "tex-iffalse-else-at-a-line-end": ("see CUTOVER\\_PA\\iffalse zz\\else\n  SS\\fi{} here\n", (1, 5)),
    # CSS: an escape's hex digits at a line's end take the line break as their one blank (the
    # identifier CUTOVER_PASS in a browser's CSS: css.eats_line_end)
    "css-escape-at-the-end": ("see CUTOVER_P\\41\nSS here\n", (1, 5)),
    "css-escape-crlf": ("see CUTOVER\\5f\r\nPASS here\r\n", (1, 5)),
    "css-escape-six-digits": ("see CUTOVER\\00005f\nPASS here\n", (1, 5)),
    "css-escape-after-backslashes": ("see CUTOVER\\\\\\5f\nPASS here\n", (1, 5)),
    # an escaped line break with blanks before it (gcc, TOML) or blank lines after it (TOML's
    # line-ending backslash trims every blank and line break: tomllib reads one word)
    "escaped-break-blanks-before": ('k = """CUTOVER_\\  \n   PASS"""\n', (1, 8)),
    "escaped-break-blank-lines-after": ('k = """CUTOVER_\\\n\n  \n   PASS"""\n', (1, 8)),
    "escaped-break-needle-after-blank-lines": ('k = """CUTOVER\\ \n\n   _PASS"""\n', (1, 8)),
}


@pytest.mark.parametrize("case", list(SHOWN.values()), ids=list(SHOWN))
def test_a_token_a_renderer_joins_across_a_line_end_is_found(
    case: tuple[str, tuple[int, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    text, (line, column) = case
    everywhere(text, [(line, column, T)], monkeypatch)
    # (what the tool prints is redacted in these readings too)
    assert T in {t for _, _, t in reading_spans(M, text.replace("\r", ""))}, repr(text)


@pytest.mark.parametrize("name", list(SHOWN))
def test_a_join_is_read_in_a_unit_that_is_not_ascii(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same joins where the unit also holds a character that is not ASCII (an accented
    letter after the token): such a unit is judged by hints.RENDER_HINTS, not by the ASCII
    judgement, and an escaped line break with blanks before it passed there (``\\`` and a
    blank matched no hint: the rendered reading was not read)."""
    text, (line, column) = SHOWN[name]
    body = text.rstrip("\r\n")
    everywhere(body + " \u00e9" + text[len(body) :], [(line, column, T)], monkeypatch)


@pytest.mark.parametrize("name", list(SHOWN))
def test_without_the_joins_the_token_passes(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The unit read as one must hold both lines: without joins.py's units the same texts pass
    (each case a bypass before), and so they do without the reading that joins them.  (A
    paragraph read whole because an Org or AsciiDoc object may span its lines -- ``CUTOVER_``
    before ``\\c`` is an Org emphasis marker that may close on the next line -- holds both
    lines too, and roff's reading of it shows the token: that route is closed here as well.)"""
    text = SHOWN[name][0]
    found_joined = found(text.encode())
    monkeypatch.setattr(units, "join_end", lambda text, ls, le: -1)
    monkeypatch.setattr(joins, "unit_start", lambda text, ls, floor, stretches=None: ls)
    monkeypatch.setattr(tex, "iffalse_stretches", lambda text: ([], -1))
    monkeypatch.setattr(org, "may_span", lambda line: False)
    monkeypatch.setattr(asciidoc, "may_span", lambda line: False)
    assert found(text.encode()) == [] != found_joined, repr(text)
    monkeypatch.undo()
    if not name.startswith("escaped"):  # (the rendered reading's escape: readings.py)
        module = roff if name.startswith("roff") else css if name.startswith("css") else tex
        monkeypatch.setattr(module, "may_read", lambda line: False)
        assert found(text.encode()) == [], repr(text)


NEAR_MISSES = {
    # roff: what keeps the words apart (groff shows a blank between them)
    "roff-interrupt-indented-next": "see CUTOVER_\\c\n  PASS here\n",
    "roff-interrupt-blank-line": "see CUTOVER_\\c\n\nPASS here\n",
    "roff-escaped-backslash": "see CUTOVER_\\\\c\nPASS here\n",
    "roff-interrupt-mid-line": "see CUTOVER_\\c x\nPASS here\n",
    "roff-no-interrupt": "see CUTOVER_\n.B PASS\n",
    "roff-comment-other-word": "see CUTOVER_\\#x\nPASSWORD here\n",
    "roff-ignored-block-then-blank-line": "see CUTOVER_\\c\n.ig\nzz\n..\n\nPASS here\n",
    "roff-nop-blank-first": "see CUTOVER_\\c\n.nop  \\ PASS here\n",
    # (a conditional known false on a terminal is passed over; groff shows CUTOVER_ alone)
    "roff-conditional-troff": "see CUTOVER_\\c\n.if t PASS here\n",
    "roff-conditional-not-nroff": "see CUTOVER_\\c\n.if !n PASS here\n",
    "roff-conditional-vertical": "see CUTOVER_\\c\n.if v PASS here\n",
    "roff-conditional-zero": "see CUTOVER_\\c\n.if 0 PASS here\n",
    "roff-conditional-blank-first": "see CUTOVER_\\c\n.if n \\ PASS here\n",
    "roff-nested-conditional-false": "see CUTOVER_\\c\n.if n .if t PASS\nhere\n",  # (groff: CUTOVER_here)
    # TeX: an \iffalse no \fi closes hides the rest (pdflatex shows no word)
    "tex-iffalse-unclosed": "see CUTOVER\\_PA\\iffalse\nzz SS here\n",
    "tex-iffalse-nested-unclosed": "see CUTOVER\\_PA\\iffalse\\ifx\nzz\\fi SS here\n",
    "tex-iffalse-else-then-a-paragraph": "see CUTOVER\\_PA\\iffalse zz\\else\n\nSS\\fi{} here\n",
    # TeX: a paragraph, an escaped percent sign, no control sequence around the comment
    "tex-comment-paragraph": "see CUTOVER\\_%\n\nPASS here\n",
    "tex-escaped-percent": "see CUTOVER\\_\\%\nPASS here\n",
    "tex-comment-no-tex": "see CUTOVER_%\nPASS here\n",
    # (printf formats and percentages: no TeX is read there -- joins.TEX_SIGN)
    "printf-format": 'LABEL = "DEPLOY_%s"\nAUTHORIZED_USERS = []\n',
    "printf-newline": 'printf("DEPLOY_%d\\n", n);\nGRANTED = 1;\n',
    "percentages": "DEPLOY_50%\nGRANTED 10%\n",
    "tex-comment-other-word": "see CUTOVER\\_%\nPASSWORD here\n",
    "tex-control-word-paragraph": "see CUTOVER\\textunderscore\n\nPASS here\n",
    "tex-control-word-other-word": "see CUTOVER\\_\\relax\nPASSWORD here\n",
    "windows-path-at-the-end": "C:\\dir\\relaxed\nCUTOVER_\nPASS\n",
    "escaped-break-after-a-blank": 'k = "CUTOVER_ \\\nPASS"\n',
    # CSS: the escape's blank is the one after its digits; an escaped backslash; a seventh digit
    "css-escape-blank-then-line-break": "see CUTOVER\\5f \nPASS here\n",
    "css-escaped-backslash": "see CUTOVER\\\\5f\nPASS here\n",
    "css-seven-hex-digits": "see CUTOVER\\00005f0\nPASS here\n",
    # (two escaped backslashes: one a Markdown renderer shows, read again, escapes nothing)
    "escaped-backslashes-before-blanks": 'k = """CUTOVER_\\\\\\\\  \n\n   PASS"""\n',
}


@pytest.mark.parametrize("text", list(NEAR_MISSES.values()), ids=list(NEAR_MISSES))
def test_what_a_renderer_keeps_apart_stays_apart(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    everywhere(text, [], monkeypatch)


def test_a_long_unit_is_not_cut_inside_a_join(monkeypatch: pytest.MonkeyPatch) -> None:
    """A unit longer than a piece is cut where no reading changes, and never inside a join:
    the requests a ``\\c`` join passes over, and the lines a TeX comment joins."""
    monkeypatch.setattr(readings, "PIECE", 1000)
    monkeypatch.setattr(views, "PIECE", 1000)
    monkeypatch.setattr("rehearsal_hook.scan.cuts.PIECE", 1000)
    requests = "".join(f'.\\" comment {k} of many words\n' for k in range(200))
    roff_text = "x " * 600 + "CUTOVER_\\c\n" + requests + "PASS here\n"
    tex_text = "x " * 600 + "CUTOVER\\_% " + "a comment " * 200 + "\n" + " " * 1500 + "PASS here\n"
    for text in (roff_text, tex_text):
        want = [(1, 1201, T)]
        assert found(text.encode()) == want
        assert streamed(text.encode(), 100) == want


def test_a_stream_blocks_joined_lines_it_cannot_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stream is cut at a line end no reading joins; a run of joined lines longer than the
    carry limit has none, and blocks (the limit of a streamed reading, as an array's strings)."""
    monkeypatch.setattr(segments, "CHUNK_SIZE", 256)
    monkeypatch.setattr(segments, "MAX_CARRY", 1024)
    joined = b"CUTOVER\\_%\n" * 200 + b"PASS\n"
    with pytest.raises(CannotVerify) as exc:
        streamed(joined, 64)
    assert exc.value.code == "unverifiable-reading"
    with pytest.raises(CannotVerify):
        streamed(b"x\\c\n" * 400 + b"CUTOVER_PASS\n", 64)
    with pytest.raises(CannotVerify, match="a CSS escape's digits"):
        streamed(b"x\\5f\n" * 400 + b"CUTOVER_PASS\n", 64)
    # (what TeX's \iffalse skips, closed past the limit or never: TeX shows nothing after it)
    with pytest.raises(CannotVerify):
        streamed(b"x\\iffalse\n" + b"zz\n" * 400 + b"\\fi CUTOVER_PASS\n", 64)
    with pytest.raises(CannotVerify):
        streamed(b"x\\iffalse\n" + b"zz\n" * 400, 64)
    within = b"x\n" * 300 + b"CUTOVER\\_PA\\iffalse\n" + b"zz\n" * 50 + b"\\fi SS\n" + b"y\n" * 300
    assert streamed(within, 64) == found(within) == [(301, 1, T)]
    # Within the limit, and where no TeX is read: read as in memory.
    # (and Haskell's reading of line 322 alone, its ``\\&`` nothing: langescapes.py)
    short = b"x\n" * 300 + b"CUT\\c\n" + b'.\\" x\n' * 20 + b"OVER_PAS\\&S\n" + b"y\n" * 300
    assert streamed(short, 64) == found(short) == [(301, 1, T), (322, 1, "OVER_PASS")]
    percentages = b"DEPLOY 50%\n" * 400 + b"CUTOVER_PASS\n"
    assert streamed(percentages, 64) == found(percentages) == [(401, 1, T)]


def test_a_join_needs_the_line_it_joins_whole_in_a_stream() -> None:
    """joins.joined, a stream's judge: a TeX comment whose next line is not yet whole may join it."""
    assert joins.joined(b"x\nCUTOVER%\n\\_PA", 10, partial=True) == 2
    assert joins.joined(b"x\nCUTOVER%\nPA", 10, partial=True) == 2
    assert joins.joined(b"x\nCUTOVER%\nPA", 10) == -1  # (the text's last line, whole)
    assert joins.joined(b"x\nCUTOVER%\nPASS\n", 10) == -1
    assert joins.joined(b"x\nCUTOVER%\n\\_PASS\n", 10) == 2
    # (a control line that a \c join passes over reaches back to the \c line)
    assert joins.joined(b"x\nA\\c\n.ft B\n.B PASS\n", 11) == 2  # (the line break after .ft B)
    assert joins.joined(b"x\nA\n.ft B\n.B PASS\n", 9) == -1


# A join that runs to its line's end and finds no line break there (the text's last line):
# read_joins reads the rest of the text without the joins, once.  The reading is the one the
# single pattern gives (the reference below), and the last line is not tried again from each
# opener (a line of them was quadratic: 4x the time per doubling).
_ROFF_REFERENCE = re.compile(
    roff._ESCAPE.replace("{join}", "(?P<join>" + joins.ROFF_JOIN + ")")
    .replace(roff._NAME, r"[^\]\r\n]*+")  # (and a name of any length read by the pattern)
    .replace(roff._LONG, "(?!)")
)
_TEX_REFERENCE = re.compile("(?P<comment>" + joins.TEX_COMMENT + ")" + tex._CONSTRUCT)
_PARTS = st.sampled_from(
    (
        "\\c",
        '\\"',
        '\\c \\"x',
        "%",
        "\\_",
        "\\fB",
        "\\#",
        "x",
        "_",
        "PASS",
        "{",
        "}",
        " ",
        "\n",
        "\r\n",
        ".B ",
        "\\relax",
        *("\\[", "\\*[", "\\f[", "\\s[", "\\s+[", "]", "\r", "ul", "u005F_0041", "a" * 64, "_0041" * 13),
    )
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_PARTS, max_size=14).map("".join))
@example("\\[u0043" + "_0041" * 13 + "]X_PASS")
@example("\\*[" + "a" * 70 + "\n]")
def test_read_joins_reads_as_the_single_pattern(text: str) -> None:
    """(And roff's long names, closed by _Closer, as the single pattern's unbounded ones.)"""
    wanted = {}
    with pytest.MonkeyPatch.context() as mp:
        for module, reference in ((roff, _ROFF_REFERENCE), (tex, _TEX_REFERENCE)):
            mp.setattr(module, "read_joins", lambda full, last, text, pos=0, ref=reference: ref.finditer(text, pos))
        wanted = {module: module.reading(text) for module in (roff, tex)}
    assert {module: module.reading(text) for module in (roff, tex)} == wanted, repr(text)


@pytest.mark.parametrize(
    ("module", "unit"), [(roff, 'word\\fB\\c\\" x '), (tex, "x%5Fz\\u005f \\_ ")], ids=["roff", "tex"]
)
def test_a_line_of_joins_with_no_line_break_is_read_once(
    module: object, unit: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    starts: list[int] = []
    read_joins = joins.read_joins

    def spy(full: re.Pattern[str], last: re.Pattern[str], text: str, pos: int = 0) -> Iterator[re.Match[str]]:
        for m in read_joins(full, last, text, pos):
            if m.re is last and (not starts or starts[-1] != -1):
                starts.extend([m.start(), -1])
            yield m

    monkeypatch.setattr(module, "read_joins", spy)
    text = unit * 200
    assert module.reading(text) is not None  # type: ignore[attr-defined]
    # (the last line is read by the pattern without joins from the first join that finds no break)
    assert starts[0] < len(unit)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="\r\nx ", max_size=30), st.integers(0, 30))
def test_line_start_is_after_the_last_line_end_before_it(text: str, le: int) -> None:
    """joins.line_start asks for a CR only after the last LF: the same start, text and bytes."""
    le = min(le, len(text))
    want = max(text.rfind("\n", 0, le), text.rfind("\r", 0, le)) + 1
    assert joins.line_start(text, le) == joins.line_start(text.encode(), le) == want


class _CountingRfind(str):
    """A text that adds up how far each ``rfind`` on it searches back."""

    searched = 0

    def rfind(self, sub: str, start: int | None = 0, end: int | None = None) -> int:  # type: ignore[override]
        stop = len(self) if end is None else end
        at = str.rfind(self, sub, start, stop)
        _CountingRfind.searched += stop - (start or 0 if at == -1 else at)
        return at


def test_line_start_searches_back_to_the_line_s_start_only() -> None:
    """Asked at every line end of a text without CR (units.unit_end asks it for every unit
    read), line_start searches each line about twice, not back to the text's start each
    time: 80,000 lines each read as a unit took 5.5 s, a quarter more per line at each
    doubling."""
    text = _CountingRfind("x A_PA&#65;X\n" * 2000)
    _CountingRfind.searched = 0
    for le in range(12, len(text), 13):
        assert joins.line_start(text, le) == le - 12
    assert _CountingRfind.searched <= 3 * len(text)


# (each line a unit read: ``A_PASS__b``'s needle is a near place, ``A_PASSb``'s none -- near._ENDS_A_TOKEN)
@pytest.mark.parametrize("line", [b".B A_\\fBPASSb\n", b"'x A_P*ASSb*\n", b"'''A_PASS__b \r", b". A_&#x50;ASSb\n"])
def test_a_run_of_control_lines_is_walked_back_once(line: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    """Lines a ``\\c`` join passes over (a roff request, a line starting with ``'``) each read
    as a unit: each unit's start was looked for by walking the run back to its start (the
    growth hunt, bench/growth.py: 32 KiB of ``.B`` lines 7.6 s, 4x per doubling); now back to
    the unit read before it only (joins.joined's floor)."""
    walked = 0
    real = joins._passed_line

    def counting(buf: str | bytes, k: int) -> bool:
        nonlocal walked
        walked += 1
        return real(buf, k)

    monkeypatch.setattr(joins, "_passed_line", counting)
    found(line * 2000)
    assert 0 < walked <= 4 * 2000


def _first_crossing(searchable: str, pos: int, le: int, limit: int | None = None) -> tuple[int, int] | None:
    """The first construct found from ``pos`` (up to ``limit``) that starts before ``le`` and
    ends after it: what units.unit_end joins the next line for."""
    pattern = readings.construct_pattern(True)
    for c in pattern.finditer(searchable, pos, len(searchable) if limit is None else limit):
        if c.start() >= le:
            return None
        if c.end() > le:
            return c.span()
    return None


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="<>!-x \n\"'=", max_size=40), st.integers(0, 40), st.integers(0, 40))
@example('<x a=">\n>">', 0, 7)
def test_how_far_a_construct_can_cross_a_line_end_reaches_each_that_does(text: str, pos: int, le: int) -> None:
    """units._crossing_limit searches for the end of the tag the last ``<`` before ``le`` starts
    up to the next ``<`` only (tags.tag_end; a quoted value's ``>`` is the value's): the
    construct that crosses ``le`` is the one found searching to the text's end.  (The first
    ``>`` after ``le``, the limit before tags.py, ends the example's tag too early: 9, not 11.)"""
    pos, le = sorted((min(pos, len(text)), min(le, len(text))))
    searchable = inert_openers(text)
    limit = units._crossing_limit(searchable, pos, le)
    assert _first_crossing(searchable, pos, le, limit) == _first_crossing(searchable, pos, le), (text, pos, le)


def test_a_tag_s_end_is_searched_for_up_to_the_next_opener_only() -> None:
    """Lines holding a ``<`` and no ``>`` after it (C's ``if (a < b)``): each line's search for
    the tag's end stops at the next line's ``<`` -- to the text's end it was quadratic
    (80,000 such lines each read as a unit: 6.0 s, 2.2x per doubling)."""
    text = CountingFind("if (a < b) x\n" * 2000)
    CountingFind.searched = 0
    for le in range(12, len(text), 13):
        assert units._crossing_limit(text, le - 12, le) == le + 1
    assert CountingFind.searched <= 3 * len(text), CountingFind.searched


@pytest.mark.parametrize("blank", [b"\n", b"\r\n"])
def test_a_stream_of_blank_lines_is_cut_in_linear_time(blank: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    """A stream's carry ending in a run of blank lines (a ``$Format:`` span may follow, whose
    ``%-`` deletes them): each line feed of the run walked the run back (joins.joined) and on
    (subst_may_follow) at each chunk -- 8 MiB of blank lines never finished (bench/growth.py,
    streamed 'many empty lines'); a run is now passed at once (lines.empty_run_start,
    segments._cut).  Counted: the lines joined looks at."""
    monkeypatch.setattr(segments, "CHUNK_SIZE", 1 << 12)
    monkeypatch.setattr(segments, "MAX_CARRY", 1 << 13)
    looked = 0
    real = joins._passed_line

    def counting(buf: str | bytes, k: int) -> bool:
        nonlocal looked
        looked += 1
        return real(buf, k)

    monkeypatch.setattr(joins, "_passed_line", counting)
    data = blank * (1 << 15) + b"x CUTOVER" + b"_PASS\n"
    assert streamed(data, 1 << 12) == [(1 << 15 | 1, 3, "CUTOVER" + "_PASS")]
    assert looked <= len(data) // 64


def test_a_stream_of_blank_lines_is_held_in_bounded_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """A carry past MAX_CARRY ending in a run of line feeds too long to wait on is cut after
    them (a span's ``%-`` after the cut blocks: below): waited on as undecided, the carry grew
    with the run -- 100 MiB of blank lines held 244 MiB.  The carry stays within MAX_CARRY
    and a chunk."""
    from rehearsal_hook.scan.stream_bytes import ByteStream

    monkeypatch.setattr(segments, "CHUNK_SIZE", 1 << 12)
    monkeypatch.setattr(segments, "MAX_CARRY", 1 << 13)
    carried: list[int] = []

    def chunks() -> Iterator[bytes]:
        for _ in range(1 << 8):  # 1 MiB of line feeds, then a token
            carried.append(len(stream.carry))
            yield b"\n" * (1 << 12)
        yield b"x CUTOVER" + b"_PASS\n"

    stream = ByteStream(M, b"", chunks(), read_as=None, readings=None)
    hits = [(h.line, h.column, h.token) for h in stream.hits()]
    assert hits == [((1 << 20) + 1, 3, "CUTOVER" + "_PASS")]
    assert max(carried) <= (1 << 13) + 2 * (1 << 12), max(carried)


@pytest.mark.parametrize("head", [b"", b"\n\n\n"])
def test_a_span_after_a_run_of_line_feeds_cut_in_a_stream_blocks(head: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    """git archive's ``%-`` deletes every line feed before its span: after a run cut as too
    long to hold (above), the words on both sides join (``CUTOVER_PA`` + ``SS``, as in
    memory) -- a stream cannot read that, so it blocks; the same text without the span is read."""
    monkeypatch.setattr(segments, "CHUNK_SIZE", 1 << 12)
    monkeypatch.setattr(segments, "MAX_CARRY", 1 << 13)
    run = b"x CUTOVER_PA" + b"\n" * (1 << 15)
    assert found(run + head + b"$Format:%-d$SS y\n") == [(1, 3, "CUTOVER" + "_PASS")]
    with pytest.raises(CannotVerify, match="line feeds over"):
        streamed(run + head + b"$Format:%-d$SS y\n", 1 << 12)
    assert streamed(run + head + b"Format:%-d$SS y\n", 1 << 12) == []


def test_a_join_that_ends_before_a_line_break_does_not_reach_over_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """``x CUTOVER_\\c`` then ``.B XX``: the join continues on the font macro's line, so the
    line after that one starts a unit of its own.  Taken as joined (any control line counted
    as passed over), every unit of the repeated pair started at the text's first line and was
    read from there: quadratic, 22 KB in 15 s (the readings helper's note, session 22)."""
    for second in (".B XX", ".if n XX", ".BR X X"):
        text = ("x CUTOVER_\\c\n" + second + "\n") * 50
        last = text.rfind("x CUTOVER_")
        assert joins.unit_start(text, last, 0) == last, second
    # (a line a join passes over still joins: a comment line, then the text it continues on)
    everywhere('x CUTOVER_PA\\c\n.\\" note\nSS y\n', [(1, 3, "CUTOVER" + "_PASS")], monkeypatch)
    assert found(b"x CUTOVER_\\c\n.B XX\nx CUTOVER_\\c\n.B PASS\n") == [(3, 3, "CUTOVER" + "_PASS")]


def _in_block_searched_at_every_line_start(buf: str | bytes, k: int) -> int:
    """joins._in_block as it was, its blocks' first lines sought with ``(?m)^`` (the oracle)."""
    first = r"(?m)^[.'][ \t]*+(?:ig|de|am)"
    block = joins._compiled_blocks(isinstance(buf, bytes))[1]
    last = None
    for last in re.compile(first.encode() if isinstance(buf, bytes) else first).finditer(buf, 0, k):  # noqa: B007
        pass
    if last is None:
        return -1
    whole = block.match(buf, last.start())
    if whole is not None and whole.end() <= k:
        return -1
    le_prev = last.start() - (2 if buf[last.start() - 2 : last.start()] in ("\r\n", b"\r\n") else 1)
    if le_prev < 0:
        return -1
    at = joins.line_start(buf, le_prev)
    return at if joins.join_end(buf, at, le_prev) != -1 else joins.joined(buf, le_prev, partial=False)


BLOCK_PARTS = [".ig\n", ".de X\n", ".am Y\n", "..\n", ".X\n", "'ig", ".", "'", " ", "\t", "ig", "de", "am"]
BLOCK_PARTS += ["\n", "\r\n", "\r", "x", "CUTOVER_\\c\n", ".B PASS\n", '\\"', "\\#"]


@settings(max_examples=1000, deadline=None)
@given(parts=st.lists(st.sampled_from(BLOCK_PARTS), max_size=30), at=st.floats(0, 1), as_bytes=st.booleans())
@example(parts=[".ig\n", "x\n", ".ig\n", "y"], at=1.0, as_bytes=True)
@example(parts=[".ig\n", "x"], at=1.0, as_bytes=False)
@example(parts=["x\n", "CUTOVER_\\c\n", ".ig\n", "x\n", "y"], at=1.0, as_bytes=False)  # (the join's line)
@example(parts=["x\n", "CUTOVER_\\c\n", ".ig\n", "x\n", "..\n", "y"], at=1.0, as_bytes=True)  # (closed before)
def test_a_block_a_join_passes_over_is_found_as_by_a_search_at_every_line_start(
    parts: list[str], at: float, as_bytes: bool
) -> None:
    """A stream's cut asks which roff block holds a line (joins._in_block): its first lines
    sought after a line feed find what ``(?m)^`` found (one at the text's start has no line
    before it to join over it)."""
    text = "".join(parts)
    buf: str | bytes = text.encode() if as_bytes else text
    k = int(at * len(buf))
    assert joins._in_block(buf, k) == _in_block_searched_at_every_line_start(buf, k), (buf, k)
