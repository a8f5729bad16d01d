"""A repository whose own path holds a line feed, a quote or a blank: every mode reads the
rules where they are and the hooks install and run (found in session 29: with a line feed in
the path, git's one-line answers split wrongly, so ``check --range`` read no config and passed
a configured token, and ``install`` and ``pre-push`` failed saying git was not installed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..gitutil import Repo, init, install

pytestmark = pytest.mark.slow

NAMES = ["line\nfeed", 'it\'s "quoted" $(x)', "a line\nfeed/nested"]
WORD = "GO" + "_LIVE_OK"


def _repo(tmp_path: Path, name: str) -> Repo:
    repo = init(tmp_path / name, "-b", "main")
    repo.write(".rehearsal-hook.toml", f'forbidden-tokens = ["{WORD}"]\n')
    repo.commit("rules", ".rehearsal-hook.toml")
    return repo


@pytest.mark.parametrize("name", NAMES)
def test_the_rules_of_a_repository_at_an_odd_path_judge_its_ranges(tmp_path: Path, name: str) -> None:
    repo = _repo(tmp_path, name)
    repo.write("notes.md", f"we are {WORD}\n")
    repo.commit("token", "notes.md")
    for args in (("check", "--range", "HEAD~1..HEAD"), ("check", "--history"), ("check", "--all-files")):
        result = repo.tool(*args)
        assert result.code == 1 and "GO_LI…" in result.out, (args, result.out)


@pytest.mark.parametrize("name", NAMES)
def test_hooks_install_and_block_at_an_odd_path(tmp_path: Path, name: str) -> None:
    repo = _repo(tmp_path, name)
    bare = init(tmp_path / "origin.git", "--bare", "-b", "main")
    repo.git("remote", "add", "origin", str(bare.path))
    repo.git("push", "-q", "--no-verify", "origin", "main")
    install(repo)
    repo.write("notes.md", f"we are {WORD}\n")
    repo.git("add", "notes.md")
    committed = repo.git("commit", "-q", "-m", "token", ok=False)
    assert committed.blocked and "GO_LI…" in committed.out, committed.out
    repo.commit("token", "notes.md")  # past the commit hook: the push hook must block it
    pushed = repo.push("origin", "main")
    assert pushed.blocked and "GO_LI…" in pushed.out, pushed.out


def test_a_missing_folder_is_not_reported_as_git_missing(tmp_path: Path) -> None:
    from rehearsal_hook.errors import GitError
    from rehearsal_hook.git.process import run_git

    with pytest.raises(GitError) as caught:
        run_git(("--version",), cwd=str(tmp_path / "gone"))
    assert "not installed" not in str(caught.value) and "gone" in str(caught.value)
