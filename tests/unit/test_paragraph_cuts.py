"""A stream cuts a Markdown paragraph longer than MAX_CARRY whose part before the cut may
pair (segments.ParagraphCuts): a log of ``[INFO]`` lines holding ``*`` and no blank line
blocked as a whole (issue 12's false block).  Now a line of such a paragraph that may show a
token blocks -- as in memory, where a paragraph that long is over paragraphs.LONGEST and
blocks the same way -- and the other lines are read as themselves, as in memory.  Each case
with CHUNK_SIZE and MAX_CARRY made small."""

from __future__ import annotations

import random

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import blocks, org, paragraphs, segments

from .scanning import found, streamed

T = "A" + "_PASS"
LOG = "".join(f"[INFO] step {k} done *ok*\n" for k in range(200))  # (5 KB, no blank line)


@pytest.fixture
def small(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(segments, "MAX_CARRY", 512)
    monkeypatch.setattr(segments, "CHUNK_SIZE", 64)


@pytest.mark.usefixtures("small")
def test_a_log_paragraph_past_the_limit_is_read() -> None:
    """(a) The log shape: ten times MAX_CARRY with no blank line, ``[`` and ``*`` on every line
    -- each cut splits the paragraph, no line of it may show a token: read, as in memory."""
    data = LOG.encode()
    assert len(data) > 8 * segments.MAX_CARRY
    assert streamed(data, 64) == found(data) == []
    # Its UTF-16 twin (the decoded stream, stream_text) and a token in a short paragraph after it.
    assert streamed(LOG.encode("utf-16"), 64) == []
    data = (LOG + "\n*y\n" + T[0] + "*" + T[1:] + "\n").encode()
    assert streamed(data, 64) == found(data) == [(203, 1, T)]


@pytest.mark.usefixtures("small")
@pytest.mark.parametrize(
    "text",
    [
        # The opener in the first segment, its closer in the last: the cuts in between split
        # a paragraph whose part there holds no opener (segments._cut ``continued``).
        pytest.param("*y\n" + "b c\n" * 300 + "A*_PASS\n", id="opener-segments-before"),
        pytest.param("[INFO] *y\n" + LOG + "[INFO] A*_PASS done\n", id="log-opener-first-line"),
        # The line before the cut shows the token, its closer after it (the last paragraph of
        # a segment cut so).
        pytest.param("b c\n" * 100 + "A_*PASS\n" + "b c\n" * 300 + "x*\n", id="closer-after-the-cut"),
        pytest.param("b c\n" * 100 + "A_*PASS\n" + LOG + "x*\n", id="log-closer-after-the-cut"),
        # A line of the paragraph longer than MAX_CARRY, cut inside: still inside it after.
        pytest.param("*y\n" + "b " * 400 + "\nA*_PASS\n", id="cut-inside-a-long-line-of-it"),
    ],
)
def test_a_token_whose_delimiters_pair_across_the_cut_blocks(text: str) -> None:
    """(b) What pairs across a cut is not read: the line that may show the token blocks,
    never passes (in memory, short, the token is found)."""
    assert found(text.encode()) != []
    with pytest.raises(CannotVerify, match=r"Markdown paragraph over .* that a stream cuts") as exc:
        streamed(text.encode(), 64)
    lines = text.split("\n")
    shown = next(k for k, line in enumerate(lines, 1) if "PASS" in line)
    assert exc.value.line == shown  # (at the stream's line, not the segment's)


@pytest.mark.usefixtures("small")
def test_a_token_of_its_own_in_a_cut_paragraph_blocks() -> None:
    """A line of the cut paragraph that may show a token blocks even where only its own line
    shows it: its paragraph cannot be read whole, as in memory past paragraphs.LONGEST."""
    text = LOG[:2000] + "[INFO] " + T + " *ok*\n" + LOG
    with pytest.raises(CannotVerify, match="that a stream cuts"):
        streamed(text.encode(), 64)


@pytest.mark.usefixtures("small")
@pytest.mark.parametrize(
    "text",
    [
        pytest.param("*y\n" + "b c\n" * 40 + "A*_PASS\n\n" + "b c\n" * 200, id="paragraph-under-the-limit"),
        pytest.param("b c\n" * 300 + "*y\nA*_PASS\n", id="no-opener-before"),
        pytest.param(LOG[:400] + "\n\n" + "*y\nA*_PASS\n\n" + LOG[:400], id="blank-lines-around"),
        pytest.param("*y\n" + "b c\n" * 300 + "\n" + "A*_PASS\n", id="blank-line-before-the-closer"),
    ],
)
def test_no_cut_paragraph_reads_as_in_memory(text: str) -> None:
    """(c) Where no paragraph is cut so (one under MAX_CARRY, one whose part before holds no
    opener, one a blank line ends), streamed finds what the text read whole finds."""
    assert streamed(text.encode(), 64) == found(text.encode())


@pytest.mark.parametrize("seed", range(4))
def test_the_far_search_for_a_paragraph_start_is_the_walk(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """blocks.start_far (a stream's carry: lines found by ``re`` in windows) finds the
    paragraph start _start's walk a line at a time finds without comparing block quote depths
    (quotes=False: the paragraph's first line may be before the carry), windows made small --
    never after the start the depths give."""
    monkeypatch.setattr(blocks, "_FAR_WINDOW", 7)
    rng = random.Random(seed)
    kinds = ["a b", "*x", "# h", "", "  ", "- i", "1. x", "1) y", "10:00 z", "> q", "---", "***", "===", "```"]
    kinds += ["~~~", "   - j", " >> k", "+ p", "\t", "_a", "b c d e f g h i"]
    for _ in range(400):
        eol = rng.choice(["\n", "\r\n"])
        text = eol.join(rng.choice(kinds) for _ in range(rng.randint(1, 30))) + rng.choice(["", eol])
        for a in [k + 1 for k, c in enumerate(text) if c == "\n"]:
            far = blocks.start_far(text, a)
            assert far == blocks._start(text, a, 0, quotes=False)[0] <= blocks._start(text, a, 0)[0], (text, a)


def test_a_cut_inside_a_line_ends_inside_a_paragraph_split_so() -> None:
    """A cut inside a line (a forced cut too) leaves the stream inside the paragraph cut
    before, or inside one whose part before that line holds an opener; else not."""
    cuts = segments.ParagraphCuts()
    cuts.cut("b c\nb b b b", 8)
    assert not cuts.tail
    cuts.cut("*y\nb b b b", 8)
    assert cuts.tail
    cuts.head = True
    cuts.cut("b c\nb b b b", 8)
    assert cuts.tail


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_block_inside_a_segment_is_at_its_line_in_the_stream(encoding: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A reading that blocks inside a segment (here a paragraph over paragraphs.LONGEST,
    made small) names its line in the stream, as in memory: it named its line in the segment
    (32 for 133 here), streamed as bytes and as decoded text."""
    monkeypatch.setattr(paragraphs, "LONGEST", 64)
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    text = "b c\n" * 100 + "\n*y\n" + "b c\n" * 30 + "A*_PASS\n"
    with pytest.raises(CannotVerify, match="longer than") as whole:
        found(text.encode(encoding))
    with pytest.raises(CannotVerify, match="longer than") as stream:
        streamed(text.encode(encoding), 16)
    assert stream.value.line == whole.value.line == 133


_CUT_PIECES = (
    *("x", "y ", "`", "*", "A*_PASS", "> ", "- ", "1. ", "# ", "```", "<div>", "<!--", "-->", "\\"),
    *("\n", "\n", "\n\n", "\n \n", "\n\t\n", " ", "\t", "\r\n", "\r", "\n> \n", "\n>\n"),
)


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_CUT_PIECES), min_size=1, max_size=16), st.booleans())
@example(["x", "\n \n", "y"], False)
@example(["*", "\n", "\n\t\n"], True)
def test_a_cut_after_a_blank_line_splits_no_paragraph(parts: list[str], continued: bool) -> None:
    """segments._cut asks blank_line before split_start (half of a cut's cost over git's
    history): that is sound only if split_start is -1 after every line blank_line calls blank,
    for bytes as for text; and a line holding anything but blanks is never called blank."""
    text = "".join(parts)
    for end in (k for k, c in enumerate(text) if c == "\n"):
        blank = segments.blank_line(text, end)
        assert blank == segments.blank_line(text.encode(), end)
        start = text.rfind("\n", 0, end) + 1
        assert blank == (text[start:end].strip(" \t") == ""), (text, end)
        if blank:
            assert paragraphs.split_start(text, end + 1, continued=continued) == -1, (text, end)


@pytest.mark.parametrize("mark", sorted(set(paragraphs._OTHER_MARKS + org.SPAN_MARKS + "<>*~`[")))
def test_no_stream_cuts_a_paragraph_after_a_mark_its_other_readings_pair(mark: str) -> None:
    """A line before the cut holding any end of what the in-memory reading reads a paragraph
    whole for (paragraphs.others: AsciiDoc's, Textile's, reStructuredText's marks, Org's
    objects and emphasis, AsciiDoc's cross references; Markdown's openers) keeps the stream
    from cutting the paragraph: the line after the cut, not known yet, may hold the other end.
    (A ``_`` after a letter, Org's ``=`` on a line before the last: cut, and the whole text
    read lines the stream read apart -- test_fuzz's STREAM_GAPS.)"""
    for text in (f"a{mark}b\nc d\n", f"a{mark}b\nc d\ne f\n"):
        cut = text.rfind("\n", 0, len(text) - 1) + 1
        assert paragraphs.split_start(text, cut) == 0, (mark, text)
    assert paragraphs.split_start("a b\nc d\ne f\n", 8) == -1  # (no mark: cut as before)
