"""`rehearsal-hook install` / `uninstall` and the hooks/ scripts, in real repositories."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rehearsal_hook.cli.install import CLIENT_HOOKS, MARKER, SERVER_HOOKS, hook_script

from ..conftest import PROJECT
from ..gitutil import Repo, git_env, init

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("mode", CLIENT_HOOKS + SERVER_HOOKS)
def test_hooks_folder_matches_the_installed_script(mode: str) -> None:
    path = PROJECT / "hooks" / mode
    assert path.read_text() == hook_script(mode)
    assert os.access(path, os.X_OK)


def test_hook_without_the_tool_fails_and_says_how_to_install(tmp_path: Path) -> None:
    repo = init(tmp_path / "w", "-b", "main")
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "pre-commit").write_text(hook_script("pre-commit"))
    (hooks / "pre-commit").chmod(0o755)
    repo.git("config", "core.hooksPath", str(hooks))
    repo.write("a.md", "fine\n")
    repo.git("add", "a.md")
    env = git_env(PATH="/usr/bin:/bin")  # git, sh; no rehearsal-hook
    result = repo.git("commit", "-q", "-m", "x", ok=False, env=env)
    assert result.blocked and "pip install" in result.out
    # it says to remove the hook, not to run the tool that is missing
    assert "rehearsal-hook uninstall" not in result.out and f"rm {hooks / 'pre-commit'}" in result.out
    assert repo.git("rev-parse", "-q", "--verify", "HEAD", ok=False).blocked  # nothing committed


def test_install_honours_core_hooks_path_and_worktrees(tmp_path: Path) -> None:
    repo = init(tmp_path / "w", "-b", "main")
    repo.write("a.md", "x\n")
    repo.commit("a", "a.md")
    repo.git("config", "core.hooksPath", "my hooks")
    assert repo.tool("install").code == 0
    assert sorted(os.listdir(repo.path / "my hooks")) == sorted(CLIENT_HOOKS)
    repo.git("config", "--unset", "core.hooksPath")
    repo.git("worktree", "add", "-q", str(tmp_path / "wt"))
    assert Repo(tmp_path / "wt").tool("install").code == 0
    assert sorted(os.listdir(repo.path / ".git" / "hooks")) == sorted(CLIENT_HOOKS)  # shared by worktrees
    bare = init(tmp_path / "b.git", "--bare")
    assert bare.tool("install").code == 0
    assert os.listdir(bare.path / "hooks") == ["pre-receive"]


def test_install_into_a_hooks_path_of_every_repository_says_so(tmp_path: Path) -> None:
    """A core.hooksPath in the global (or system) config naming one folder is every
    repository's hooks folder: install writes there, and says that the hooks now run in each
    repository that uses it (uninstall likewise), not in this one alone."""
    shared = tmp_path / "shared hooks"
    env = git_env(GIT_CONFIG_GLOBAL=str(tmp_path / "gitconfig"))
    repo = init(tmp_path / "w", "-b", "main")
    repo.git("config", "--global", "core.hooksPath", str(shared), env=env)
    run = repo.tool("install", env=env)
    assert run.code == 0 and sorted(os.listdir(shared)) == sorted(CLIENT_HOOKS), run.out
    assert f"core.hooksPath comes from the global git config: {shared} holds the hooks of every" in run.out
    other = init(tmp_path / "other", "-b", "main")
    other.write("a.md", "CUTOVER_PASS\n")
    other.git("add", "a.md")
    assert other.git("commit", "-qm", "token", ok=False, env=env).code == 1  # it runs there too
    run = repo.tool("uninstall", env=env)
    assert run.code == 0 and "core.hooksPath comes from the global git config" in run.out, run.out
    # A relative path names each repository's own folder: nothing shared, nothing to say.
    repo.git("config", "--global", "core.hooksPath", ".hooks", env=env)
    run = repo.tool("install", env=env)
    assert run.code == 0 and "core.hooksPath comes from" not in run.out, run.out
    # ... and one set in this repository is its own.
    repo.git("config", "core.hooksPath", str(shared), env=env)
    run = repo.tool("install", env=env)
    assert run.code == 0 and "core.hooksPath comes from" not in run.out, run.out


def test_foreign_hooks_are_kept_unless_forced(tmp_path: Path) -> None:
    repo = init(tmp_path / "w", "-b", "main")
    hooks = repo.path / ".git" / "hooks"
    hooks.mkdir()
    (hooks / "pre-push").write_text("#!/bin/sh\necho mine\n")
    result = repo.tool("install")
    assert result.code == 2 and "pre-push" in result.out and "--force" in result.out
    assert not (hooks / "pre-commit").exists()  # all or nothing
    assert repo.tool("install").code == 2
    assert repo.tool("install", "--force").code == 0
    assert (hooks / "pre-push.rehearsal-hook-backup").read_text() == "#!/bin/sh\necho mine\n"
    assert MARKER in (hooks / "pre-push").read_text()
    assert repo.tool("install").code == 0  # ours now: re-install is fine
    (hooks / "post-commit").write_text("#!/bin/sh\n")
    (hooks / "commit-msg").write_text("#!/bin/sh\n# someone else's\n")
    assert repo.tool("uninstall").code == 0
    assert sorted(os.listdir(hooks)) == ["commit-msg", "post-commit", "pre-push.rehearsal-hook-backup"]


def test_uninstall_with_nothing_to_remove_says_so(tmp_path: Path) -> None:
    # Silence and exit 0 read as "removed": a user who ran it in the wrong repository (or whose
    # hooks live under another core.hooksPath) must hear that nothing was removed, and where.
    repo = init(tmp_path / "w", "-b", "main")
    run = repo.tool("uninstall")
    hooks = repo.path / ".git" / "hooks"
    assert run.code == 0 and run.out == f"rehearsal-hook: no hook of rehearsal-hook's in {hooks}: nothing removed\n"
    assert repo.tool("install", "--hook-type", "pre-push").code == 0
    run = repo.tool("uninstall")
    assert run.code == 0 and run.out == f"rehearsal-hook: removed {hooks / 'pre-push'}\n"
