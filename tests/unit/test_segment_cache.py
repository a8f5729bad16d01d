"""The segment cache (scan/segment_cache.py): the versions of a file read through one cache
give every version exactly the hits (or the block) ``scan_bytes`` gives it whole, whatever
the cache held before and however small its bound; pieces are cut by content, so an edit
changes only the pieces it falls in; what a stream may read otherwise is read whole."""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Callable

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import segment_cache, segment_split
from rehearsal_hook.scan.matcher import TokenHit, TokenMatcher
from rehearsal_hook.scan.segment_cache import SegmentCache, content_pieces, scan_cached, whole_only
from rehearsal_hook.scan.text import _scan_str, scan_bytes

from ..conftest import examples

M = TokenMatcher()
TOKEN = "CUTOVER" + "_PASS"

# Text, tokens and their disguises, and what makes a reader join or hide text across lines:
# markup and constructs (tags, comments, terminal codes, escapes, roff's and TeX's joins, an
# export-subst span, a Markdown paragraph's delimiters, an array's strings), line ends, NULs
# and bytes that are not UTF-8 (those two read whole: whole_only).
PARTS = [
    *["\n", "\n\n", "\n\n\n", "\r\n", "\r", " ", "\t", "x", "word", "9", "_"],
    *["CUTOVER", "PASS", "_PASS", "X_PASS", "PASSWORD", "CUTOVER_", "SEAL_AUTHORIZED", "# rehearsal-hook: allow"],
    *["\u200b", "\uff30", "é", "数", "\u202e", "\u0410"],
    *["\x1b[0m", "\x1b[1A", "\x08", "\x01", "&#95;", "&lowbar;", "%5F", "\\u005f", "\\", "\\\n", "\\c\n", "%\n"],
    *["<b>", "</b>", "<!--", "-->", "<head>", "</head>", "<", ">", "*", "**", "_", "`", "~~", "[", "](x)"],
    *['"', '",\n', "[", "]", "$Format:%H$", "$Format:", "%-", "\\iffalse ", "\\fi", ".BI ", ".ig\n", "..\n"],
]
BYTES = [b"\x00", b"\xff", b"\xc3"]
part = st.one_of(st.sampled_from(PARTS).map(str.encode), st.sampled_from(BYTES))
text = st.lists(part, max_size=50).map(b"".join)
# An edit: where (a fraction of the text), how many bytes it removes, what it inserts.
edit = st.tuples(st.floats(0, 1), st.integers(0, 12), text)


def _outcome(read: Callable[[], object]) -> object:
    try:
        return read()
    except CannotVerify as e:
        return f"blocked: {e}"


def _edited(data: bytes, at: float, cut: int, insert: bytes) -> bytes:
    k = int(at * len(data))
    return data[:k] + insert + data[k + cut :]


@pytest.mark.slow
@settings(max_examples=examples(250), deadline=None)
@given(
    base=text,
    edits=st.lists(edit, min_size=1, max_size=5),
    every=st.sampled_from([1, 2]),
    limit=st.sampled_from([segment_cache.LIMIT, 1, 600]),
    split=st.booleans(),
)
@example(base=b"a\n\nCUTOVER\n\n<head>\n\nx_PASS\n\n", edits=[(0.5, 3, b"_PASS\n\n")], every=1, limit=1, split=False)
def test_every_version_reads_as_in_memory(
    base: bytes, edits: list[tuple[float, int, bytes]], every: int, limit: int, split: bool
) -> None:
    """A history of random edits read through one cache (a bound of 1 byte keeps only the
    last segment: every other is read again) gives each version what scan_bytes gives it;
    ``split``: every segment read again is split where it shares a line with the last
    version's at its place (segment_split: below SHARE too, a part of any size)."""
    cache = SegmentCache(M, limit)
    versions = [base]
    for at, cut, insert in edits:
        versions.append(_edited(versions[-1], at, cut, insert))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(segment_cache, "EVERY", every)  # (a piece at most blank lines: many segments)
        mp.setattr(segment_cache, "MIN_BYTES", 0)  # (every text through the cache)
        if split:
            mp.setattr(segment_split, "SHARE", 0)
            mp.setattr(segment_split, "MIN_PART", 1)
        for data in [*versions, *versions[::-1]]:  # (and back: every version again, from the cache)
            assert _outcome(lambda d=data: scan_cached(cache, d)) == _outcome(lambda d=data: scan_bytes(M, d))
    if limit == segment_cache.LIMIT and any(v and not whole_only(v) for v in versions):
        assert cache.found > 0  # (the cache was used: the second reading of a version found it)


def test_pieces_join_to_the_text_and_an_edit_changes_only_its_own() -> None:
    paragraphs = [f"paragraph {i}: {'word ' * (i % 7 + 3)}\n".encode() for i in range(400)]
    data = b"\n".join(paragraphs)
    pieces = _pieces(data)
    assert b"".join(pieces) == data
    assert 10 < len(pieces) < 400  # (not every blank line: about one in EVERY)
    paragraphs[200] = b"paragraph 200 edited " + TOKEN.encode() + b"\n"
    edited = _pieces(b"\n".join(paragraphs))
    assert len(set(edited) - set(pieces)) <= 2  # (the piece holding the edit; the one before if it moved a cut)
    assert _pieces(b"") == []
    assert _pieces(b"no blank line\n") == [b"no blank line\n"]


def _pieces(data: bytes, last: list[segment_cache.Piece] | None = None) -> list[bytes]:
    return [piece for piece, _, _ in content_pieces(data, last or [])]


def _searched(data: bytes) -> list[bytes]:
    """content_pieces' definition: each blank line found left to right, a piece ended after
    the first whose next LOOK bytes hash to 0 mod EVERY."""
    pieces, start = [], 0
    for m in re.finditer(rb"\n\n", data):
        if zlib.crc32(data[m.end() : m.end() + segment_cache.LOOK]) % segment_cache.EVERY == 0:
            pieces.append(data[start : m.end()])
            start = m.end()
    return [*pieces, data[start:]] if start < len(data) else pieces


# Lines and blank lines: pieces at a tenth of the blank lines, cut by the 3 bytes after each
lines = st.lists(st.sampled_from([b"\n", b"\n\n", b"\n\n\n", b"a", b"b\n", b"cd", b"x_PASS\n\n"]), max_size=60)


@settings(max_examples=examples(300), deadline=None)
@given(base=lines, edits=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 6), lines.map(b"".join)), max_size=4))
@example(base=[b"a\n\n", b"b\n"], edits=[(0.5, 0, b"\n")])
@example(base=[b"\n\n", b"\n\n", b"a"], edits=[(0.75, 2, b"\n")])  # (the bytes after an inner tail edited)
def test_pieces_taken_from_the_last_version_are_the_pieces_searched(
    base: list[bytes], edits: list[tuple[float, int, bytes]]
) -> None:
    """The last version's pieces taken where they stand (content_pieces' ``last``) give the
    pieces a search of every blank line gives, whatever the edit did around them: a blank line
    whose next bytes changed, a run of line feeds grown at a piece's end, the text's end."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(segment_cache, "EVERY", 3)
        mp.setattr(segment_cache, "LOOK", 3)
        mp.setattr(segment_cache, "_HEAD", 2)
        versions = [b"".join(base)]
        for at, cut, insert in edits:
            versions.append(_edited(versions[-1], at, cut, insert))
        last: list[segment_cache.Piece] = []
        for data in [*versions, *versions[::-1]]:
            found = content_pieces(data, last)
            assert [piece for piece, _, _ in found] == _searched(data)
            assert found == content_pieces(data)  # (the tails too)
            last = found


# What whole_only and a cut ask of the whole text, beside line feeds and blank lines.
HELD = [
    ".tr ab",
    ".. |x| replace:: y",
    ":name: v",
    ":name:",
    "'ec",
    "x.tr a",
    "\x1b$B",
    "\x1b(0",
    "\x1b)",
    "\\u001b",
    "\x9b",
    "\x00",
]
held = st.lists(
    st.one_of(
        st.sampled_from([*HELD, "</", "<", "/", "$Format:", "$", "\n", "\n\n", " ", "é"]).map(str.encode),
        st.just(b"\xff"),
    ),
    max_size=40,
).map(b"".join)


@settings(max_examples=examples(300), deadline=None)
@given(data=held)
def test_what_the_pieces_hold_is_what_the_text_holds(data: bytes) -> None:
    """What a text holds (_holds: whole_only's searches and a cut's) is what its pieces hold
    together: scan_cached asks the pieces, which a version mostly shares with the last."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(segment_cache, "EVERY", 1)  # (a piece at every blank line)
        together = 0
        for _, _, holds in content_pieces(data):
            together |= holds
    assert together == segment_cache._holds(data)


def test_the_next_version_reads_only_what_changed() -> None:
    paragraphs = [f"line {i} {'text ' * (i % 5)}\n".encode() for i in range(2000)]
    cache = SegmentCache(M)
    before = b"\n".join(paragraphs)
    assert scan_cached(cache, before) == []
    read = cache.read_bytes
    assert read >= len(before) * 0.9
    paragraphs[1000] = TOKEN.encode() + b" now\n"
    after = b"\n".join(paragraphs)
    hits = scan_cached(cache, after)
    assert [(h.line, h.token) for h in hits] == [(2001, TOKEN)] == [(h.line, h.token) for h in scan_bytes(M, after)]
    assert cache.read_bytes - read < len(after) / 20


@pytest.mark.parametrize("markup", ["", "<!-- a comment open\n", "*emphasis\n"])
def test_a_piece_edited_in_its_middle_reads_only_the_middle(markup: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A segment read again where it shares its start and end with the last version's there
    reads the part between (segment_split): each token before, in and after the edit where
    scan_bytes finds it, a comment open before the edit kept with what follows it."""
    monkeypatch.setattr(segment_cache, "EVERY", 1 << 40)  # (one piece: no blank line ends one)
    paragraphs = [f"paragraph {i}: {'word ' * (i % 5)}\n" for i in range(400)]
    paragraphs[10] = f"{markup}{TOKEN} before\n"
    paragraphs[390] = f"{TOKEN} after\n"
    cache = SegmentCache(M)
    before = "\n".join(paragraphs).encode()
    assert scan_cached(cache, before) == scan_bytes(M, before)
    read = cache.read_bytes
    paragraphs[200:201] = [f"{TOKEN} edited in\nand a line more\n"]
    after = "\n".join(paragraphs).encode()
    hits = scan_cached(cache, after)
    assert hits == scan_bytes(M, after)
    assert [h.line for h in hits] == [21 + markup.count("\n"), 401 + markup.count("\n"), 782 + markup.count("\n")]
    assert cache.read_bytes - read == len(after)  # (one segment read again: the cache's figure)
    assert (cache.shapes.shared > len(after) * 0.9) == (not markup.startswith("<!--")), cache.shapes.shared


def test_the_cache_holds_at_most_its_bound() -> None:
    cache = SegmentCache(M, 10_000)
    for i in range(30):
        scan_cached(cache, b"\n\n".join(f"version {i} paragraph {k}\n".encode() for k in range(600)))
    held = sum(len(key) for key in cache._entries)
    assert 0 < held <= 10_000


WHOLE = [
    pytest.param(b"x\n\n" + TOKEN.encode() + b"\x00\n", id="nul"),
    pytest.param(b"caf\xe9\n\n" + TOKEN.encode() + b"\n", id="not-utf8"),
    pytest.param("\ufeffx\n\n".encode() + TOKEN.encode() + b"\n", id="utf8-bom"),
    pytest.param(("x\n\n" + TOKEN + "\n").encode("utf-16"), id="utf16-bom"),
    pytest.param(b"{\\rtf1 x\\par\n\nCUTOVER\\_PASS}\n", id="rtf"),
    pytest.param(json.dumps(["DEPLOY_XX", "\x1b[1A\x1b[8GOK"]).encode(), id="jq-rows"),
    pytest.param(b"x\n\n\x1b$B%F%9%H\x1b(B CUTOVER_PASS\n", id="iso2022"),
    pytest.param(b".tr Q_\n\n" + b"x\n" * 40 + b"\nCUTOVERQPASS\n", id="roff-state"),
]


@pytest.mark.parametrize("data", WHOLE)
def test_what_a_stream_may_read_otherwise_is_read_whole(data: bytes) -> None:
    assert whole_only(data)
    want = _outcome(lambda: scan_bytes(M, data))
    assert _outcome(lambda: scan_cached(SegmentCache(M), data)) == want


# A mail's header fields and what its body may encode (quoted.py): the decoded body, an
# encoded word, a charset of another encoding, soft line breaks.
MAIL_PARTS = [
    *["Content-Transfer-Encoding: quoted-printable\n", "From: a@b\n", "Subject: =?utf-8?Q?", "?=", "=?", "\n"],
    *["Content-Type: text/plain; charset=iso-8859-1\n", "charset=utf-8\n", "=5F", "=\n", "=C3=A9", "=E9", "=81"],
    *["=5FPASS", "CUTOVER=", "=3D", "=20", "\u00ad", "é"],
]
mail_part = st.one_of(part, st.sampled_from(MAIL_PARTS).map(str.encode))
mail = st.lists(mail_part, max_size=60).map(b"".join)


@pytest.mark.slow
@settings(max_examples=examples(200), deadline=None)
@given(
    head=st.sampled_from([b"", b"From nobody Mon Sep 17 00:00:00 2001\nFrom: a@b\n"]),
    base=mail,
    edits=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 12), mail), min_size=1, max_size=4),
)
@example(
    head=b"",
    base=b"Content-Transfer-Encoding: quoted-printable\n\nx\n\nCUTOVER=5F=\nPASS\n\n=E9\xc2\x81\n",
    edits=[(0.9, 0, b"\n\nDEPLOY=5FPASS\n")],
)
def test_a_mail_and_what_a_client_shows_of_it_read_as_in_memory(
    head: bytes, base: bytes, edits: list[tuple[float, int, bytes]]
) -> None:
    """A mail goes through the cache, its own bytes and each text a client shows of it: every
    version of a history of edits gives what scan_bytes gives it."""
    cache = SegmentCache(M)
    versions = [head + base]
    for at, cut, insert in edits:
        versions.append(_edited(versions[-1], at, cut, insert))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(segment_cache, "EVERY", 1)
        mp.setattr(segment_cache, "MIN_BYTES", 0)
        for data in [*versions, *versions[::-1]]:
            assert _outcome(lambda d=data: scan_cached(cache, d)) == _outcome(lambda d=data: scan_bytes(M, d))


@pytest.mark.slow
@settings(max_examples=examples(300), deadline=None)
@given(
    text=st.lists(
        st.one_of(
            st.sampled_from(PARTS),
            st.sampled_from(MAIL_PARTS),
            st.sampled_from(["\ufeff", "\x00", "\ud800", "\x81", "\x9b", "{\\rtf1 "]),
        ),
        max_size=50,
    ).map("".join)
)
def test_a_shown_text_reads_through_the_cache_as_in_memory(text: str) -> None:
    """A text a mail client shows, read through the cache (or in memory where its UTF-8 bytes
    do not read as it does), has text._scan_str's hits: the same tokens at the same places."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(segment_cache, "EVERY", 1)
        mp.setattr(segment_cache, "MIN_BYTES", 0)
        cached = _outcome(
            lambda: [(h.line, h.column, h.token) for h in segment_cache._read_shown(SegmentCache(M), text)]
        )
    assert cached == _outcome(lambda: [(h.line, h.column, h.token) for h in _scan_str(M, text)])


def test_the_next_version_of_a_mail_reads_only_what_changed() -> None:
    """A mail whose body is quoted-printable: its bytes and the texts a client shows of it
    (decoded as UTF-8 and in the charset it declares) through the cache, with what scan_bytes
    finds; the next version reads little of either again."""
    body = [f"line {k} caf=C3=A9 {'text ' * (k % 5)}=\nmore\n".encode() for k in range(1500)]
    head = b"Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\n"
    first = head + b"\n".join(body)
    assert not whole_only(first)
    cache = SegmentCache(M)
    assert scan_cached(cache, first) == scan_bytes(M, first) == []
    read = cache.read_bytes
    assert read > 3 * len(first) * 0.9  # (its bytes and two texts shown)
    body[700] = b"CUTOVER=5F=\nPASS\n"
    second = head + b"\n".join(body)
    hits = scan_cached(cache, second)
    assert hits == scan_bytes(M, second) and [h.token for h in hits] == [TOKEN]
    assert cache.read_bytes - read < len(second) / 5


def test_a_stream_that_blocks_gives_the_in_memory_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    def blocks(*_: object) -> list[object]:
        raise CannotVerify("unverifiable-reading", "a stream's limit")

    data = b"x\n\n" + TOKEN.encode() + b"\n"
    monkeypatch.setattr(segment_cache, "segment_hits", blocks)
    monkeypatch.setattr(segment_cache, "MIN_BYTES", 0)
    assert [(h.line, h.token) for h in scan_cached(SegmentCache(M), data)] == [(3, TOKEN)]


def test_a_carry_that_grew_to_the_end_grows_there_at_once_in_the_next_version() -> None:
    """A hidden element no closing tag closes, in a text holding some closing tag (``</b>``:
    it may close) leaves no cut after it: the carry grows to the text's end.  The next
    version takes the rest at once instead of asking for a cut at each doubling (found in the
    cache: none)."""
    head = b'msgid "git cherry [<upstream> [<head>]]"\n\n'
    body = [f'msgid "entry {k} {"text " * (k % 7)}"\nmsgstr ""\n'.encode() for k in range(2000)]
    cache = SegmentCache(M)
    first = b"<b>intro</b>\n\n" + b"intro\n\n" * 50 + head + b"\n".join(body)
    assert scan_cached(cache, first) == scan_bytes(M, first) == []
    cut = cache.cut_bytes
    body[1500] = f'msgid "{TOKEN}"\n'.encode()
    second = b"<b>intro</b>\n\n" + b"intro\n\n" * 50 + head + b"\n".join(body)
    assert scan_cached(cache, second) == scan_bytes(M, second) != []
    assert cache.cut_bytes - cut < len(second) / 10
    assert cache.read_bytes > len(first) + len(second) * 0.8  # (the rest read again: no cut)


def test_blocks_that_start_alike_are_still_cut_apart() -> None:
    """Where every block starts with the same words (a test script's ``test_expect_success``,
    a translation's ``msgid``), the bytes after a blank line are hashed far enough to differ:
    with 16 of them, git's t5516-fetch-push.sh was pieces of 29 and 19 KB."""
    data = b"".join(f"test_expect_success 'case {k} of many' '\n\tstep {k}\n'\n\n".encode() for k in range(400))
    assert len(content_pieces(data)) > 10


def test_a_short_text_is_read_whole() -> None:
    cache = SegmentCache(M)
    short = b"x\n\n" * 1000 + TOKEN.encode() + b"\n"
    assert len(short) < segment_cache.MIN_BYTES
    assert scan_cached(cache, short) == scan_bytes(M, short) != []
    assert cache.asked == 0


def test_a_hidden_element_never_closed_leaves_cuts_after_it() -> None:
    """A text with no closing tag anywhere (git's translations: ``[<pattern>]``, SVG's hidden
    element, in a usage string): the element hides nothing, in memory either, so the carries
    after it are cut (each version was one segment from there to its end, read again whole).
    With one ``</pattern>`` further on it hides up to there: then no cut before it."""
    head = b'msgid "git grep [<pattern>...]"\n\n'
    body = [f'msgid "entry {k} {"text " * (k % 7)}"\nmsgstr ""\n'.encode() for k in range(2000)]
    cache = SegmentCache(M)
    first = b"intro\n\n" * 50 + head + b"\n".join(body)
    assert scan_cached(cache, first) == scan_bytes(M, first) == []
    read = cache.read_bytes
    body[1500] = f'msgid "{TOKEN}"\n'.encode()
    second = b"intro\n\n" * 50 + head + b"\n".join(body)
    assert scan_cached(cache, second) == scan_bytes(M, second) != []
    assert cache.read_bytes - read < len(second) / 20
    hidden = b"CUTOVER_<pattern>\n\n" + b"\n".join(body[:1500]) + b"\n\n</pattern>PASS\n"
    assert _outcome(lambda: scan_cached(SegmentCache(M), hidden)) == _outcome(lambda: scan_bytes(M, hidden)) != []


@pytest.mark.parametrize("closed_first", [True, False])
def test_a_piece_cut_otherwise_in_another_text_reads_as_in_memory(closed_first: bool) -> None:
    """The same first piece in two texts, one of which holds a closing tag further on: there
    the piece is cut before its hidden element (a ``</pattern>`` may close it), in the other at
    its end.  Each text reads as in memory, whichever came first (the segment up to one cut
    was taken for the other's: the token skipped, or read twice on a line further down)."""
    piece = b"line one\n<pattern>\n" + TOKEN.encode() + b" here\n\n"
    body = b"".join(f"paragraph {k} of words\nmore {k}\n\n".encode() for k in range(2000))
    plain, closed = piece + body, piece + body + b"</x>\n"
    assert content_pieces(plain)[0][0] == content_pieces(closed)[0][0]
    cache = SegmentCache(M)
    for data in [closed, plain] if closed_first else [plain, closed]:
        assert scan_cached(cache, data) == scan_bytes(M, data) == [TokenHit(3, 1, TOKEN, False)]


def test_what_a_piece_holds_is_kept_with_it_for_a_version_that_is_not_the_next(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A piece read before, in a text other than the last, brings what it holds from the
    cache (SegmentCache.holds): its closing tag closes the hidden element a version opens
    before it, across the pieces between, as in memory."""
    monkeypatch.setattr(segment_cache, "EVERY", 1)  # (a piece at every blank line)
    monkeypatch.setattr(segment_cache, "MIN_BYTES", 0)
    closing = b"</pattern>PASS\n\n"
    cache = SegmentCache(M)
    first = b"intro\n\n" + closing + b"outro\n\n"
    assert scan_cached(cache, first) == scan_bytes(M, first)
    assert cache.holds(closing) == segment_cache._holds(closing) != 0
    assert scan_cached(cache, b"other\n\n" * 3) == []
    hidden = b"CUTOVER_<pattern>\n\nx\n\n" + closing
    assert scan_cached(cache, hidden) == scan_bytes(M, hidden) != []


def test_a_text_without_an_export_subst_span_is_cut_at_each_piece(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without ``$Format:`` in the text a carry is cut at its end, after its blank line: each
    piece is cut once (a stream, which cannot know that no span follows, cut before each
    carry's last line and cut that line again with the next piece).  With one, its ``%-``
    deletes the line feeds before it, joining the lines around the blank line: no cut there."""
    monkeypatch.setattr(segment_cache, "MIN_BYTES", 0)
    data = b"".join(f"line {k} of text\n\n".encode() for k in range(3000))
    cache = SegmentCache(M)
    assert scan_cached(cache, data) == []
    assert cache.cut_bytes == len(data)
    joined = b"x\n\n" * 200 + b"CUTOVER_\n\n$Format:%-bPASS$\n" + b"y\n\n" * 200
    monkeypatch.setattr(segment_cache, "EVERY", 1)  # (a piece at every blank line)
    want = scan_bytes(M, joined)
    assert [h.token for h in want] == [TOKEN]
    assert scan_cached(SegmentCache(M), joined) == want
