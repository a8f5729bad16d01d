"""check --all-files reads the tracked files through worktree.TrackedFiles, whose items are
made when asked for (each worker makes its own share): every way of asking gives the same
items, in the index's order, and a malformed listing record cannot be read."""

from __future__ import annotations

from pathlib import Path

import pytest

from rehearsal_hook.checks.entries import Gitlink
from rehearsal_hook.errors import GitError
from rehearsal_hook.git.listings import index_entry, ls_files
from rehearsal_hook.sources.worktree import TrackedFiles, item_paths

from ..gitutil import git


def test_tracked_files_are_the_index_read_from_the_work_tree(repo: Path) -> None:
    (repo / "b.txt").write_text("bee\n")
    (repo / "dir").mkdir()
    (repo / "dir" / "a \u00e9\tb.md").write_text("tab and accent\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "x")
    head = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "update-index", "--add", "--cacheinfo", f"160000,{head},sub")
    tracked = TrackedFiles(str(repo))
    want = [e.path for e in ls_files(str(repo))]
    assert want == ["b.txt", "dir/a \u00e9\tb.md", "sub"]
    assert len(tracked) == 3
    assert [it.path for it in tracked] == want  # iteration
    assert [tracked[i].path for i in range(len(tracked))] == want  # indexing, as the workers do
    assert [it.path for it in tracked[1:]] == want[1:]
    assert tracked[-1].path == "sub"
    assert tracked.paths() == item_paths(tracked) == want
    assert tracked[0].load() == b"bee\n"
    assert tracked[1].load() == b"tab and accent\n"
    assert isinstance(tracked[2].load(), Gitlink)
    with pytest.raises(IndexError):
        tracked[3]


@pytest.mark.parametrize("record", ["100644 \udcff 0\tx", ""])
def test_a_listing_record_that_cannot_be_read_is_a_git_error(record: str) -> None:
    with pytest.raises(GitError):
        index_entry(record)
