"""The export-subst reading (issue 12, "what git archive shows"): ``$Format:...$`` expanded as
git archive does -- ``%xNN`` bytes (runs decoded as UTF-8), ``%n``, ``%%``, colours -- and the
other placeholders (commit data, unknown here) read as a blank.  Found in memory, in UTF-16 and
streamed in small chunks, at the stored column; near misses stay clean.  (tests/git checks the
reading against a real ``git archive``.)"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rehearsal_hook.scan import gitformat, joins
from rehearsal_hook.scan.matcher import TokenMatcher

from .scanning import everywhere as _everywhere
from .scanning import found as _found
from .scanning import streamed as _streamed

M = TokenMatcher()
T = "CUTOVER" + "_PASS"
TOKENS = [T, "SEAL_AUTHORIZED", "QT001_GRANTED"]


# stored line 2 -> column of the token's first stored character
TABLE = {
    "byte": ("x $Format:CUTOVER_%x50ASS$ y", 11),
    "byte-lower": ("x $Format:CUTOVER%x5fPASS$ y", 11),
    "first-letter": ("x $Format:%x43UTOVER_PASS$ y", 11),
    "run": ("x $Format:CUTOVER%x5F%x50%x41SS$ y", 11),
    "utf8-run-fullwidth": ("x $Format:%xEF%xBC%xA3UTOVER_PASS$ y", 11),
    "colour": ("x $Format:CUTOVER_PA%CredSS$ y", 11),
    "colour-paren": ("x $Format:CUTOVER_PA%C(bold blue)SS$ y", 11),
    "after-newline": ("x $Format:v1%nCUTOVER_%x50ASS$ y", 15),
    "after-placeholder": ("x $Format:%H CUTOVER%x5fPASS$ y", 14),
    "after-other-span": ("x $Format:%h$ $Format:CUTOVER%x5FPASS$", 23),
    "escape-after-expansion": ("x $Format:CUTOVER%x5c%x785fPASS$ y", 11),
    # (found by the red-team pass of issue 12: what ships nothing read as a blank) padding and
    # wrapping directives, never shown; commit data its committer can leave empty (a body, an
    # encoding, trailers, a subject after %+), and %- deleting the line feed before it
    "padding": ("x $Format:CUTOVER_%<(1)PASS$ y", 11),
    "padding-both": ("x $Format:CUTOVER_%><|(8)PASS$ y", 11),
    "wrapping": ("x $Format:CUTOVER_%w(0)PASS$ y", 11),
    "empty-body": ("x $Format:CUTOVER_%bPASS$ y", 11),
    "empty-encoding": ("x $Format:CUTOVER_PA%eSS$ y", 11),
    "empty-trailers": ("x $Format:CUTOVER_%(trailers)PASS$ y", 11),
    "empty-subject-after-plus": ("x $Format:CUTOVER_PA%+sSS$ y", 11),
    "minus-deletes-the-line-feed": ("x $Format:CUTOVER_%n%n%-ePASS$ y", 11),
    # (the red-team pass of session 20: each shipped a token cat shows, checked with git 2.39)
    # a carriage return and a cursor movement it ships act on a terminal
    "carriage-return": ("$Format:xxxxxxx_PASS%x0dCUTOVER$", 25),
    "cursor-back": ("x $Format:CUTOVER_XX%x1b[2DPASS$ y", 11),
    "cursor-back-bytes": ("x $Format:CUTOVER_XX%x1b%x5b2DPASS$ y", 11),
}


@pytest.mark.parametrize("case", list(TABLE.values()), ids=list(TABLE))
def test_a_token_git_archive_ships_is_found(case: tuple[str, int], monkeypatch: pytest.MonkeyPatch) -> None:
    line, column = case
    _everywhere(f"first line\n{line}\n", [(2, column, T)], monkeypatch)


# A span runs to the next ``$`` past line ends, and ``%-`` before commit data that is empty
# deletes every line feed before it, the file's before the span too (git 2.39: each ships the
# token; tests/git checks them against git archive): stored text -> (line, column).
ACROSS_LINES = {
    "minus-deletes-the-line-feed-before-the-span": ("a CUTOVER_\n$Format:%-bPASS$ b\n", (1, 3)),
    "minus-deletes-line-feeds-before-the-span": ("a CUTOVER_\n\n\n$Format:%-ePASS$ b\n", (1, 3)),
    "minus-deletes-a-line-feed-in-the-span": ("c $Format:CUTOVER_\n%-bPASS$ d\n", (1, 11)),
    "minus-after-line-feeds-and-percent-n": ("c $Format:CUTOVER_\n%n\n%-(trailers)PASS$ d\n", (1, 11)),
    "bytes-on-a-later-line": ("e $Format:x\n%n\nCUTOVER_%x50ASS$ f\n", (3, 1)),
    "empty-body-on-a-later-line": ("e $Format:x\nCUTOVER_%bPASS$ f\n", (2, 1)),
    "spans-after-a-span-across-lines": ("$Format:x\ny$ CUTOVER_\n$Format:%-bPASS$\n", (2, 4)),
}


@pytest.mark.parametrize("case", list(ACROSS_LINES.values()), ids=list(ACROSS_LINES))
def test_a_span_across_lines_is_read_as_git_archive_ships_it(
    case: tuple[str, tuple[int, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    text, (line, column) = case
    _everywhere(text, [(line, column, T)], monkeypatch)
    # (each passed before: read within a line, a span across lines was not read)
    monkeypatch.setattr(joins, "subst_stretches", lambda text: ([], -1))
    monkeypatch.setattr("rehearsal_hook.scan.views.joins.subst_stretches", lambda text: ([], -1))
    assert _found(text.encode()) == []


def test_a_stream_blocks_a_span_open_past_its_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stream is not cut inside a span across lines (nor before a span that starts a line,
    whose ``%-`` can delete the line feeds before it); one open for longer than the carry
    limit blocks: only its closing ``$`` tells what git ships."""
    from rehearsal_hook.errors import CannotVerify
    from rehearsal_hook.scan import segments

    monkeypatch.setattr(segments, "CHUNK_SIZE", 256)
    monkeypatch.setattr(segments, "MAX_CARRY", 1024)
    short = b"x\n" * 300 + b"a $Format:CUTOVER_\n" + b"\n" * 200 + b"%-bPASS$ b\n" + b"y\n" * 300
    assert _streamed(short, 64) == _found(short) == [(301, 11, T)]
    with pytest.raises(CannotVerify) as exc:
        _streamed(b"a $Format:CUTOVER_\n" + b"text\n" * 400 + b"%-bPASS$ b\n", 64)
    assert exc.value.code == "unverifiable-reading"


@pytest.mark.parametrize("line", [b"cafe word ", b"caf\xe9 word "])
def test_a_stream_waits_for_what_follows_a_long_line_s_line_feed(line: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    """A carry past the limit that ends right after a line feed does not know yet whether a
    ``$Format:`` follows (whose ``%-`` would delete that line feed): the stream waits for the
    next chunk -- it blocked as "lines a reader joins" (a Latin-1 line over 16 MiB streamed
    in a Hebrew code page, whose stream hands on whole lines, always ended so).  Any chunking;
    the span that does follow still blocks."""
    from rehearsal_hook.errors import CannotVerify
    from rehearsal_hook.scan import segments

    monkeypatch.setattr(segments, "CHUNK_SIZE", 64)
    monkeypatch.setattr(segments, "MAX_CARRY", 256)
    data = line * 100 + b"\n" + T.encode() + b"\n"
    for size in range(1, 70):
        assert _streamed(data, size) == _found(data) == [(2, 1, T)], size
    with pytest.raises(CannotVerify):
        _streamed(line * 100 + b"\n\n$Format:%-" + b"x" * 300 + b"$\n", 9)


NEAR_MISSES = {
    "no-span": "x CUTOVER_%x50ASS y",  # not in a $Format:...$: no expansion
    "unclosed": "x $Format:CUTOVER_%x50ASS y",  # (git needs the closing $)
    "percent": "x $Format:CUTOVER_%%x50ASS$",  # %% is a percent sign: %x50 stays text
    "placeholder-between": "x $Format:CUTOVER_PA%HSS$",  # a commit hash between the letters
    "newline-between": "x $Format:CUTOVER_PA%nSS$",
    "date-between": "x $Format:CUTOVER_PA%ciSS$",  # a date is never empty
    "unknown-placeholder": "x $Format:CUTOVER_PA%qSS$",  # shipped as it is
    "notes": "x $Format:CUTOVER_PA%NSS$",  # (git archive loads no notes: shipped as it is)
    "minus-before-a-hash": "x $Format:CUTOVER_%n%-HPASS$",
    "bad-hex": "x $Format:CUTOVER_%x5gPASS$",
    "across-lines": "x $Format:CUTOVER_\n%x50ASS$",
    "dollar-inside": "x $Format:CUTOVER_$%x50ASS$",
    "plus-before-empty-data": "k CUTOVER_\n$Format:%+bPASS$ l",  # (a line feed, none deleted)
    "minus-before-a-hash-across-lines": "k CUTOVER_\n$Format:%-HPASS$ l",
    "minus-after-crlf": "i CUTOVER_\r\n$Format:%-bPASS$ j",  # (the LF alone: a CR stays)
    "unclosed-across-lines": "u $Format:CUTOVER_\n%-bPASS",
    "carriage-return-short": "$Format:xxxxxxxx_PASS%x0dCUTOVER$",  # (cat: CUTOVERx_P...)
    "cursor-back-short": "x $Format:CUTOVER_XX%x1b[1DPASS$ y",
}


@pytest.mark.parametrize("text", list(NEAR_MISSES.values()), ids=list(NEAR_MISSES))
def test_what_git_archive_ships_apart_stays_apart(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _everywhere(text + "\n", [], monkeypatch)


def test_the_reading_maps_each_character_to_its_placeholder() -> None:
    line = "a $Format:B%x43%n%%%HD$ e"
    found = gitformat.reading(line)
    assert found is not None
    text, index = found
    assert text == "a BC\n% D e"
    assert [line[i] for i in index] == list("a B%%%%D e")
    assert gitformat.reading("no span here %x41") is None


_PLACEHOLDERS = ["%H", "%an", "%n", "%(describe)", "%CredX", "%%", "%x20", "%-d"]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(TOKENS),
    st.lists(st.booleans(), min_size=20, max_size=20),
    st.sampled_from(["", *_PLACEHOLDERS]),
    st.sampled_from(["", *_PLACEHOLDERS]),
)
def test_any_letters_spelt_as_bytes_are_found(token: str, encoded: list[bool], before: str, after: str) -> None:
    spelt = "".join(f"%x{ord(c):02x}" if encoded[k] else c for k, c in enumerate(token))
    line = f"= $Format:{before} {spelt} {after}$ =\n"
    data = line.encode()
    assert [t for _, _, t in _found(data)] == [token], line
    assert _streamed(data, 7) == _found(data)
    # The column is where the token's first character is stored.
    assert _found(data)[0][1] == line.index(spelt) + 1


def test_what_the_tool_prints_is_redacted_as_git_archive_would_ship_it() -> None:
    from rehearsal_hook.scan.matcher import redact_text

    out = redact_text(M, "path x $Format:CUTOVER_%x50ASS$.txt\n")
    assert "%x50ASS" not in out and _found(out.encode()) == []
