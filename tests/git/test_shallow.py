"""A shallow clone cuts a range (found attacking main): with the base fetched but the history
between it and the head cut (``--depth``, GitLab's default ``GIT_DEPTH``), ``git rev-list``
stops at the shallow boundary, which ``diff-tree --root`` then lists as a root commit: the
commits below it were never read, and ``check --range`` said CLEAN over a token added and
removed there.  A range that reaches a shallow boundary cannot be read whole: it blocks and
says to fetch the whole history."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..gitutil import Repo, git_env, init


def _shallow_ci(tmp_path: Path) -> Repo:
    """A clone of ``feature`` three commits deep, and ``main`` (its base) one deep: the
    feature's first commit adds a token and its second removes it, both below the cut."""
    up = init(tmp_path / "up", "-b", "main")
    up.write("README.md", "a\n")
    up.commit("m0", "README.md")
    up.git("checkout", "-q", "-b", "feature")
    up.write("n.md", "CUTOVER_PASS\n")
    up.commit("add", "n.md")
    up.write("n.md", "fine\n")
    up.commit("remove", "n.md")
    for i in range(3):
        up.write("README.md", f"a\n{i}\n")
        up.commit(f"c{i}", "README.md")
    url = f"file://{up.path}"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "3", "--branch", "feature", url, str(tmp_path / "ci")],
        env=git_env(),
        check=True,
    )
    ci = Repo(tmp_path / "ci")
    ci.git("fetch", "-q", "--depth", "1", "origin", "main:refs/remotes/origin/main")
    return ci


def test_a_range_cut_by_a_shallow_clone_blocks(tmp_path: Path) -> None:
    ci = _shallow_ci(tmp_path)
    for args in (("--range", "origin/main..HEAD"), ("--history", "HEAD")):
        result = ci.tool("check", *args)
        assert result.code == 1 and "shallow" in result.out and "fetch" in result.out, f"{args}: {result.out}"
    ci.git("fetch", "-q", "--unshallow", "origin", "feature")
    result = ci.tool("check", "--range", "origin/main..HEAD")
    assert result.code == 1 and "n.md:1:1: seal-token" in result.out, result.out  # what the cut hid


def test_a_shallow_clone_whose_range_stays_above_the_cut_passes(tmp_path: Path) -> None:
    """Commits made on top of a shallow clone (a CI bot's): the range does not reach the cut."""
    ci = _shallow_ci(tmp_path)
    base = ci.head()
    ci.write("more.md", "fine\n")
    ci.commit("more", "more.md")
    assert not ci.tool("check", "--range", f"{base}..HEAD").blocked
