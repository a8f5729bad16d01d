"""The patch-stream parser, on git's own output shapes and on input it must refuse."""

from __future__ import annotations

import pytest

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.logpatch import FileChange, parse_log

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
    (fc,) = [x for x in parse(b"\0commit " + C1.encode() + b"\n" + header + b"new file mode 100644\n") if isinstance(x, FileChange)]
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
