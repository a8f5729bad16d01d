"""`rehearsal-hook install` / `uninstall`, the hooks/ scripts, and the pre-commit framework's
pre-push stage."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from rehearsal_hook.cli.install import CLIENT_HOOKS, MARKER, SERVER_HOOKS, hook_script

from .conftest import pre_commit_env
from .gitutil import Repo, git_env, init

PROJECT = Path(__file__).resolve().parent.parent
PRE_COMMIT = str(Path(sys.executable).with_name("pre-commit"))


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


# ---------------------------------------------------------------------------------------------
# The real pre-commit framework, from a snapshot of this checkout


@pytest.fixture
def framework_repo(tmp_path: Path, project_snapshot: tuple[Path, str], pre_commit_home: Path) -> Repo:
    origin = init(tmp_path / "origin.git", "--bare", "-b", "main")
    repo = init(tmp_path / "w", "-b", "main")
    repo.git("remote", "add", "origin", str(origin.path))
    snapshot, sha = project_snapshot
    repo.write(
        ".pre-commit-config.yaml",
        f"repos:\n  - repo: {snapshot}\n    rev: {sha}\n    hooks:\n"
        "      - id: rehearsal-check\n      - id: rehearsal-pre-push\n",
    )
    repo.commit("config", ".pre-commit-config.yaml")
    repo.git("push", "-q", "origin", "main")
    env = pre_commit_env(pre_commit_home)
    subprocess.run(
        [PRE_COMMIT, "install", "-t", "pre-commit", "-t", "pre-push"],
        cwd=repo.path,
        env=env,
        check=True,
        capture_output=True,
    )
    return repo


def test_framework_pre_push_scans_commits(framework_repo: Repo, pre_commit_home: Path) -> None:
    repo = framework_repo
    env = pre_commit_env(pre_commit_home)
    repo.write("a.md", "x\nCUTOVER_PASS\n")
    repo.commit("add", "a.md")
    repo.write("a.md", "x\n")  # gone from the tree: only the commits show it
    repo.commit("remove", "a.md")
    result = repo.git("push", "origin", "main", ok=False, env=env)
    assert result.blocked and "a.md:2:1: seal-token" in result.out and "rehearsal-hook pre-push" in result.out
    assert "CUTOVER_PASS" not in result.out
    # A new branch whose history includes the root commit: the framework gives no range.
    repo.git("checkout", "-q", "--orphan", "fresh")
    repo.git("rm", "-q", "-r", "--cached", ".")
    repo.write("b.md", "QT001_PASS\n")
    repo.commit("root", "b.md")
    result = repo.git("push", "origin", "fresh", ok=False, env=env)
    assert result.blocked and "b.md:1:1" in result.out
    repo.git("checkout", "-q", "-f", "main")
    repo.git("reset", "-q", "--hard", "origin/main")
    repo.write("c.md", "fine\n")
    repo.commit("c", "c.md")
    result = repo.git("push", "origin", "main", ok=False, env=env)
    assert not result.blocked, result.out


def test_try_repo_pre_push_stage(
    framework_repo: Repo, project_snapshot: tuple[Path, str], pre_commit_home: Path
) -> None:
    repo = framework_repo
    base = repo.head()
    repo.write("a.md", "PERMIT_PASS\n")
    repo.commit("a", "a.md")
    args = [PRE_COMMIT, "try-repo", str(project_snapshot[0]), "rehearsal-pre-push", "--hook-stage", "pre-push"]
    env = pre_commit_env(pre_commit_home)
    proc = subprocess.run(
        [*args, "--from-ref", base, "--to-ref", "HEAD"],
        cwd=repo.path,
        env=env,
        capture_output=True,
        check=False,
        timeout=600,
    )
    assert proc.returncode == 1 and b"a.md:1:1: seal-token" in proc.stdout, proc.stdout
    proc = subprocess.run(
        [*args, "--from-ref", "HEAD", "--to-ref", "HEAD"],
        cwd=repo.path,
        env=env,
        capture_output=True,
        check=False,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout
