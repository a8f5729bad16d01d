"""Real `git commit` through the installed hooks: the index is what is checked, never the
working tree; a rejected commit changes nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ..gitutil import Repo

ODD_NAMES = ["with space.md", "ünïcødé.md", "new\nline.md", "--leading-dash.md", "-h"]


def test_staged_token_removed_from_work_tree_is_caught(client: Repo) -> None:
    client.write("notes.md", "we reached CUTOVER_PASS\n")
    client.git("add", "notes.md")
    client.write("notes.md", "nothing here\n")  # the disk is clean, the index is not
    before = client.state()
    result = client.commit("notes", verify=True)
    assert result.blocked
    assert "notes.md:1:12: seal-token" in result.out
    assert "CUTOVER_PASS" not in result.out
    assert client.state() == before, "a rejected commit must leave HEAD, index and work tree as they were"


def test_token_only_in_work_tree_does_not_block(client: Repo) -> None:
    client.write("notes.md", "clean\n")
    client.git("add", "notes.md")
    client.write("notes.md", "clean\nSEAL_AUTHORIZED not staged\n")
    assert not client.commit("notes", verify=True).blocked
    assert client.out("show", "HEAD:notes.md") == "clean"


def test_commit_all_uses_git_s_temporary_index(client: Repo) -> None:
    client.write("README.md", "hello\nPRODUCTION_PASS\n")  # tracked, modified, not staged
    before = client.state()
    result = client.git("commit", "-a", "-q", "-m", "all", ok=False)
    assert result.blocked and "README.md:2:1: seal-token" in result.out
    assert client.state() == before


def test_commit_named_file_uses_git_s_temporary_index(client: Repo) -> None:
    client.write("README.md", "hello\nPRODUCTION_PASS\n")
    client.write("other.md", "fine\n")
    client.git("add", "other.md")
    result = client.git("commit", "-q", "-m", "only", "--", "README.md", ok=False)
    assert result.blocked and "README.md:2:1" in result.out


@pytest.mark.parametrize("name", ODD_NAMES)
def test_odd_file_names(client: Repo, name: str) -> None:
    client.write(name, "x REAL_RUN_PASS\n")
    result = client.commit("odd", name, verify=True)
    assert result.blocked, result.out
    shown = name.replace("\n", "\\n")
    assert f"{shown}:1:3: seal-token" in result.out
    client.write(name, "clean\n")
    assert not client.commit("odd", name, verify=True).blocked


def test_token_in_file_name_symlink_target_and_gitlink(client: Repo, tmp_path: os.PathLike[str]) -> None:
    client.write("CUTOVER_PASS.md", "clean\n")
    result = client.commit("name", "CUTOVER_PASS.md", verify=True)
    assert result.blocked and "seal-token-path" in result.out
    client.git("rm", "-q", "--cached", "CUTOVER_PASS.md")
    os.unlink(client.path / "CUTOVER_PASS.md")
    os.symlink("target/QT001_PASS", client.path / "link")
    result = client.commit("link", "link", verify=True)
    assert result.blocked and "link:1:8: seal-token" in result.out
    client.git("rm", "-q", "--cached", "link")
    os.unlink(client.path / "link")
    # A gitlink is another repository's business: not read, not blocking.
    sha = client.head()
    client.git("update-index", "--add", "--cacheinfo", f"160000,{sha},sub")
    assert not client.commit("submodule", verify=True).blocked


def test_request_file_is_gated_from_the_index(client: Repo) -> None:
    client.write("a.rehearsal.json", '{"target": "production", "action": "rehearsal_apply"}')
    result = client.commit("req", "a.rehearsal.json", verify=True)
    assert result.blocked and "a.rehearsal.json" in result.out


def test_commit_message(client: Repo) -> None:
    client.write("a.md", "fine\n")
    client.git("add", "a.md")
    result = client.git("commit", "-q", "-m", "reached PERMIT_PASS", ok=False)
    assert result.blocked and "(commit message):1:9: seal-token-message" in result.out
    assert "PERMIT_PASS" not in result.out
    assert not client.git("commit", "-q", "-m", "fine message", ok=False).blocked


def test_commit_verbose_diff_below_scissors_is_not_the_message(client: Repo) -> None:
    msg = client.path / "msg"
    msg.write_text("fine\n# ------------------------ >8 ------------------------\n-CUTOVER_PASS removed\n")
    assert client.tool("commit-msg", str(msg)).code == 0
    msg.write_text("not fine SEAL_GRANTED\n")
    assert client.tool("commit-msg", str(msg)).code == 1


def test_pre_merge_commit(client: Repo) -> None:
    client.git("checkout", "-q", "-b", "side")
    client.write("side.md", "DEPLOY_GRANTED\n")
    client.commit("side", "side.md")  # planted without the hooks
    client.git("checkout", "-q", "main")
    client.write("main.md", "main\n")
    client.commit("main", "main.md")
    result = client.git("merge", "-q", "--no-edit", "side", ok=False)
    assert result.blocked and "side.md:1:1: seal-token" in result.out
    assert client.out("rev-list", "--count", "HEAD") == "2"


@pytest.mark.parametrize(
    ("name", "staged", "unstaged", "blocked"),
    [
        (".rehearsal-hook.toml", 'permitted-contexts = ["docs/**"]\n', 'permitted-contexts = ["**"]\n', True),
        ("pyproject.toml", "[project]\nname='x'\n", "[project]\nname='y'\n", False),  # not our table
        ("pyproject.toml", "[project]\nname='x'\n", "[tool.rehearsal-hook]\npermitted-contexts=['**']\n", True),
    ],
)
def test_unstaged_rules_block(client: Repo, name: str, staged: str, unstaged: str, blocked: bool) -> None:
    client.write(name, staged)
    client.git("add", name)
    client.write(name, unstaged)
    client.write("a.md", "fine\n")
    result = client.commit("x", "a.md", verify=True)
    assert result.blocked == blocked, result.out
    if blocked:
        assert f"stage them (git add -- {name})" in result.out


def test_check_staged_from_the_cli(client: Repo) -> None:
    client.write("a.md", "SEAL_AUTHORIZED\n")
    client.git("add", "a.md")
    result = client.cli("check", "--staged", "--format", "json")
    assert result.code == 1 and '"rule": "seal-token"' in result.out
    assert client.cli("check", "--staged", "a.md").code == 2  # one source at a time


def test_first_commit_of_an_empty_repository(tmp_path: os.PathLike[str]) -> None:
    from ..gitutil import init, install

    repo = init(Path(tmp_path) / "empty", "-b", "main")
    install(repo)
    repo.write("a.md", "CUTOVER_PASS\n")
    assert repo.commit("first", "a.md", verify=True).blocked
    repo.write("a.md", "fine\n")
    assert not repo.commit("first", "a.md", verify=True).blocked
