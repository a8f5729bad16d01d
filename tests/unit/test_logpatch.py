"""The patch-stream parser, on git's own output shapes and on input it must refuse."""

from __future__ import annotations

import pytest

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.sources.logpatch import FileChange, parse_log

C1 = "a" * 40
BLOB = "b" * 40


def parse(text: bytes) -> list[str | FileChange]:
    # In pieces, as a pipe delivers them: records must be cut right across reads.
    pieces = [text[i : i + 7] for i in range(0, len(text), 7)]
    assert list(parse_log([text])) == list(parse_log(pieces))
    return list(parse_log(pieces))


def test_plain_hunks_number_new_lines() -> None:
    out = parse(
        b"\0commit " + C1.encode() + b"\n\n"
        b"diff --git a/x y.md b/x y.md\nindex " + b"0" * 40 + b".." + BLOB.encode() + b" 100644\n"
        b"--- a/x y.md\n+++ b/x y.md\n@@ -1,2 +1,0 @@ heading PERMIT_PASS\n-gone\n-gone\n"
        b"@@ -5,0 +4,2 @@\n+++ added\n+--- also added\n\\ No newline at end of file\n"
    )
    assert out[0] == C1
    fc = out[1]
    assert isinstance(fc, FileChange)
    assert (fc.path, fc.new_blob, fc.new_mode) == ("x y.md", BLOB, "100644")
    assert fc.added == [(4, b"++ added"), (5, b"--- also added")]


def test_combined_diff_keeps_lines_the_merge_adds() -> None:
    out = parse(
        b"\0commit " + C1.encode() + b"\n"
        b"diff --cc f\nindex 1,2.." + BLOB.encode() + b"\n--- a/f\n+++ b/f\n"
        b"@@@ -3,0 -4,1 +4,3 @@@\n++EVIL\n +FROM_SIDE\n- removed\n  common\n"
        b'diff --cc "new\\nline\\303\\251"\nindex 1,2..' + BLOB.encode() + b"\nBinary files differ\n"
    )
    fc, binary = out[1], out[2]
    assert isinstance(fc, FileChange) and isinstance(binary, FileChange)
    assert fc.added == [(4, b"EVIL"), (5, b"FROM_SIDE")]
    assert binary.path == "new\nlineé" and binary.binary


@pytest.mark.parametrize(
    "header",
    [
        b'diff --git "a/tab\\there" "b/tab\\there"\n',
        b"diff --git a/-h b/-h\n",
        b"diff --git a/a b/c b/a b/c\n",
    ],
)
def test_header_paths(header: bytes) -> None:
    (fc,) = [
        x
        for x in parse(b"\0commit " + C1.encode() + b"\n" + header + b"new file mode 100644\n")
        if isinstance(x, FileChange)
    ]
    assert fc.created and fc.path in ("tab\there", "-h", "a b/c")


@pytest.mark.parametrize(
    "text",
    [
        b"diff --git a/x b/x\n",  # before any commit
        b"\0commit " + C1.encode() + b"\ndiff --git a/x b/y\n",  # a rename: never asked for
        b"\0commit " + C1.encode() + b"\ndiff --git a/x b/x\nsomething new\n",
        b"\0commit " + C1.encode() + b"\ndiff --git a/x b/x\n@@ garbage @@\n",
        b"\0commit " + C1.encode() + b'\ndiff --git "a/x\\q" "b/x\\q"\n',
        b"\0commit " + C1.encode() + b"\nstray text\n",
    ],
)
def test_what_does_not_parse_blocks(text: bytes) -> None:
    with pytest.raises(CannotVerify, match="cannot parse"):
        parse(text)


@pytest.mark.parametrize(
    ("line", "parsed"),
    [
        (b"+plain ascii text", False),  # no needle: cannot add a token, not taken apart
        (b"+has X_PASS", True),
        (b"+non-ascii \xc3\xa9", True),  # could hide a disguised token
        (b"-removed X_PASS", True),
    ],
)
def test_needle_fast_path(line: bytes, parsed: bool) -> None:
    text = b"\0commit " + C1.encode() + b"\ndiff --git a/f b/f\n@@ -1,0 +1,1 @@\n" + line + b"\n"
    (_, fc) = list(parse_log([text], (b"_PASS",)))
    assert isinstance(fc, FileChange)
    assert bool(fc.added) == (parsed and line.startswith(b"+"))


# ---------------------------------------------------------------------------------------------
# The fast path for file headers (plain_head) against the careful one (careful_head)

from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from rehearsal_hook.sources.logpatch import careful_head, plain_head  # noqa: E402

from ..conftest import examples  # noqa: E402

HEX40 = b"0123456789abcdef" * 2 + b"01234567"


@pytest.mark.parametrize(
    "head",
    [
        b"diff --git a/x.md b/x.md\nindex " + HEX40 + b".." + HEX40[::-1] + b" 100644\n--- a/x.md\n+++ b/x.md\n",
        b"diff --git a/new file.txt b/new file.txt\nnew file mode 100755\nindex 0000000.." + HEX40 + b"\n"
        b"--- /dev/null\n+++ b/new file.txt\n",
        b"diff --git a/gone b/gone\ndeleted file mode 100644\nindex "
        + HEX40
        + b"..0000000\n--- a/gone\n+++ /dev/null\n",
        "diff --git a/dé b/x b/dé b/x\nindex 1..2 120000\n--- a/dé b/x\n+++ b/dé b/x\n".encode(),
        b"diff --git a/empty b/empty\nnew file mode 100644\nindex 0000000..e69de29\n",
    ],
    ids=["modified", "created", "deleted", "odd-name", "empty-new-file"],
)
def test_plain_head_takes_the_common_headers(head: bytes) -> None:
    fast = plain_head(C1, head)
    assert fast is not None
    assert fast == careful_head(C1, head)


# Each part is mostly of a shape git prints (so that the fast path answers often enough to be
# tested), sometimes not.
_path_st = st.lists(
    st.sampled_from([b"a", b"a", b"x.md", b"/", b" ", b"b/", b"a/", b'"', b"\\", b"\xc3\xa9", b"\xff", b"-", b"\t"]),
    min_size=0,
    max_size=5,
).map(b"".join)
_mode_st = st.sampled_from([b"100644", b"100755", b"120000", b"160000", b"100644", b"0", b"", b"10064x", b"644 "])
_id_st = st.sampled_from([HEX40, b"0000000", b"e69de29", b"abc", HEX40, b"", b"ABC", b"g1"])


@st.composite
def file_head(draw: st.DrawFn) -> bytes:
    old = draw(_path_st)
    new = old if draw(st.integers(0, 3)) else draw(_path_st)
    first = draw(
        st.sampled_from(
            [
                b"diff --git a/" + old + b" b/" + new,
                b"diff --git a/" + old + b" b/" + new,
                b"diff --git a/" + old + b" b/" + new,
                b'diff --git "a/' + old + b'" "b/' + new + b'"',
                b"diff --cc " + old,
                b"diff --git a/" + old,
            ]
        )
    )
    lines = [first]
    kind = draw(st.sampled_from([None, b"new file mode ", b"deleted file mode ", None, b"new mode ", b"old mode "]))
    if kind is not None:
        lines.append(kind + draw(_mode_st))
    index = b"index " + draw(_id_st) + b".." + draw(_id_st)
    if draw(st.booleans()):
        index += b" " + draw(_mode_st)
    lines.append(index)
    tail = draw(st.sampled_from([None, b"ab", b"ab", b"binary", b"junk"]))
    if tail == b"ab":
        lines += [b"--- a/" + old, b"+++ b/" + new]
    elif tail == b"binary":
        lines.append(b"Binary files a/" + old + b" and b/" + new + b" differ")
    elif tail == b"junk":
        lines.append(draw(st.sampled_from([b"similarity index 90%", b"+++ b/x", b"", b"@@ -1 +1 @@"])))
    head = b"\n".join(lines)
    return head + b"\n" if draw(st.integers(0, 5)) else head


@settings(max_examples=examples(1000))
@given(file_head())
@example(b"diff --git a/x b/x\nindex 1..2 100644\n--- a/x\n+++ b/x\n")
@example(b"diff --git a/x b/x\nnew file mode 100644\nindex 0..2 100755\n")
def test_plain_head_agrees_with_careful_head_wherever_it_answers(head: bytes) -> None:
    fast = plain_head(C1, head)
    if fast is None:
        return  # not a shape the fast path knows: careful_head alone decides
    assert careful_head(C1, head) == fast


def _stream() -> bytes:
    c2 = b"c" * 40
    return (
        b"\0commit " + C1.encode() + b"\n\n"
        b"diff --git a/x b/x\nindex 1..2 100644\n--- a/x\n+++ b/x\n@@ -1,0 +1,2 @@\n+one PERMIT_PASS\n+two\n"
        b"diff --git a/y b/y\nnew file mode 100644\nindex 0..3\n--- /dev/null\n+++ b/y\n@@ -0,0 +1 @@\n+diff --git\n"
        b"\0commit " + c2 + b"\n"
        b"diff --cc m\nindex 1,2..3\n--- a/m\n+++ b/m\n@@@ -1,0 -1,0 +1,1 @@@\n++\0commit in a line\n"
        b"\0commit " + C1.encode() + b"\n"
    )


def test_a_stream_cut_anywhere_parses_as_a_whole() -> None:
    # Found in review: a read that ended inside a "\0commit " or "diff " marker hid the
    # boundary, and the merged record was refused (a push blocked for no reason).
    data = _stream()
    whole = list(parse_log([data]))
    assert len(whole) == 6
    for i in range(len(data) + 1):
        assert list(parse_log([data[:i], data[i:]])) == whole, i
    for size in (1, 2, 3, 5, 8, 13):
        assert list(parse_log([data[k : k + size] for k in range(0, len(data), size)])) == whole, size
