"""A shallow clone cuts a range (found attacking main): with the base fetched but the history
between it and the head cut (``--depth``, GitLab's default ``GIT_DEPTH``), ``git rev-list``
stops at the shallow boundary, which ``diff-tree --root`` then lists as a root commit: the
commits below it were never read, and ``check --range`` said CLEAN over a token added and
removed there.  A range that reaches a shallow boundary cannot be read whole: it blocks and
says to fetch the whole history."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..gitutil import Repo, git_env, init, install, server_hook


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
        result = ci.cli("check", *args)
        assert result.code == 1 and "shallow" in result.out and "fetch" in result.out, f"{args}: {result.out}"
    ci.git("fetch", "-q", "--unshallow", "origin", "feature")
    result = ci.cli("check", "--range", "origin/main..HEAD")
    assert result.code == 1 and "n.md:1:1: seal-token" in result.out, result.out  # what the cut hid


def test_a_shallow_clone_whose_range_stays_above_the_cut_passes(tmp_path: Path) -> None:
    """Commits made on top of a shallow clone (a CI bot's): the range does not reach the cut."""
    ci = _shallow_ci(tmp_path)
    base = ci.head()
    ci.write("more.md", "fine\n")
    ci.commit("more", "more.md")
    assert not ci.cli("check", "--range", f"{base}..HEAD").blocked


def _served(tmp_path: Path) -> tuple[Repo, Repo, Repo]:
    """(a whole clone, the bare server with pre-receive installed the README's way, a clone of
    the server one commit deep with pre-push installed): the server's main three commits long."""
    server = init(tmp_path / "server.git", "--bare", "-b", "main")
    whole = init(tmp_path / "whole", "-b", "main")
    whole.git("remote", "add", "origin", str(server.path))
    for i in range(3):
        whole.write("README.md", f"a\n{i}\n")
        whole.commit(f"m{i}", "README.md")
    whole.git("push", "-q", "origin", "main")
    server_hook(server)
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{server.path}", str(tmp_path / "shallow")],
        env=git_env(),
        check=True,
    )
    shallow = Repo(tmp_path / "shallow")
    install(shallow, "--hook-type", "pre-push")
    return whole, server, shallow


def test_a_server_takes_pushes_from_a_shallow_clone(tmp_path: Path) -> None:
    """A push from a clone one commit deep (a CI bot's): its commits lie above the cut, the
    server has the history below it.  A fast-forward and a new branch pass pre-push and
    pre-receive; a token added and removed on a new branch is blocked by both."""
    _, server, shallow = _served(tmp_path)
    shallow.write("ok.md", "fine\n")
    shallow.commit("ok", "ok.md")
    for ref in ("main", "HEAD:refs/heads/clean"):
        result = shallow.push("origin", ref)
        assert not result.blocked, result.out
    assert server.out("rev-parse", "main") == shallow.head()
    shallow.git("checkout", "-q", "-b", "feature")
    shallow.write("n.md", "CUTOVER_PASS\n")
    shallow.commit("add", "n.md")
    shallow.write("n.md", "fine\n")
    shallow.commit("remove", "n.md")
    for verify in (True, False):  # pre-push, then pre-receive alone
        result = shallow.push("origin", "feature", verify=verify)
        assert result.blocked and "n.md:1:1: seal-token" in result.out, result.out
    assert server.git("rev-parse", "--verify", "-q", "refs/heads/feature", ok=False).blocked


def test_a_shallow_push_the_server_cannot_read_below_blocks(tmp_path: Path) -> None:
    """A server that takes shallow pushes (receive.shallowUpdate) and lacks the history below
    the pushed cut: git lists that cut for pre-receive in GIT_SHALLOW_FILE only.  The hook read
    the repository's own shallow file and stopped with an error (exit 3, no reason a pusher
    could act on); now it blocks with the cut named, as a shallow clone's range does."""
    _, _, shallow = _served(tmp_path)
    other = init(tmp_path / "other.git", "--bare", "-b", "main")
    other.git("config", "receive.shallowUpdate", "true")
    server_hook(other)
    shallow.write("ok.md", "fine\n")
    shallow.commit("ok", "ok.md")
    result = shallow.push(str(other.path), "main", verify=False)
    assert result.blocked and "history stops at" in result.out and "inside the range" in result.out, result.out
    assert not other.out("for-each-ref")


def test_a_shallow_clone_that_merged_the_servers_new_commits_pushes(tmp_path: Path) -> None:
    """The server moved on; the shallow clone pulls (a merge above its cut) and pushes: the
    range (its commit and the merge) stays above the cut, on both sides."""
    whole, server, shallow = _served(tmp_path)
    shallow.write("l.md", "local\n")
    shallow.commit("local", "l.md")
    whole.write("README.md", "b\n")
    whole.commit("m3", "README.md")
    whole.git("push", "-q", "origin", "main")
    shallow.git("pull", "-q", "--no-rebase", "--no-edit", "origin", "main")
    result = shallow.push("origin", "main")
    assert not result.blocked, result.out
    assert server.out("rev-parse", "main") == shallow.head()
