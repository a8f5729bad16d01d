"""git's -z listings (ls-files --stage, ls-tree) parsed in one decode of the whole output: each
path must come out exactly as decoding it on its own gives it (os.fsdecode), whatever bytes
it holds -- UTF-8, bytes that are not UTF-8 beside the separators, tabs and newlines."""

from __future__ import annotations

import os

import pytest

from rehearsal_hook.errors import GitError
from rehearsal_hook.git.listings import _tab_records
from rehearsal_hook.sources.rawdiff import refused_name

PATHS = (
    b"plain.txt",
    "caf\u00e9/\u6587\u4ef6.md".encode(),
    b"\xe2\x80",  # a cut multi-byte character just before the NUL
    b"bad\xff\xfe",
    b"tab\there",  # a path may hold a tab: only the first one separates
    b"new\nline",
    b"\xc3",
    b"\xf0\x9f\x98",
    "\U0001f600".encode(),
)


def test_each_path_reads_as_it_does_decoded_alone() -> None:
    out = b"".join(b"100644 " + b"a" * 40 + b" 0\t" + p + b"\0" for p in PATHS)
    records = list(_tab_records(out))
    assert [path for _, path in records] == [os.fsdecode(p) for p in PATHS]
    assert all(meta == ["100644", "a" * 40, "0"] for meta, _ in records)


def test_a_record_whose_fields_are_not_ascii_cannot_be_read() -> None:
    with pytest.raises(GitError):
        list(_tab_records(b"100644 \xff 0\tx\0"))


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        *((p, True) for p in ("..", ".", "x/../y.json", "x/./y.json", "a/..", "a/.", "./a", "a//b", "/a", "a/")),
        *((p, False) for p in (".github/x.yml", "a/.../b", "a/..b", "..a/b", "a/b.", ".x", "a/.x/b")),
    ],
)
def test_names_git_fsck_refuses(path: str, refused: bool) -> None:
    assert refused_name(path.encode()) is refused
