"""Native hooks and the pre-commit framework in one repository: the framework moves the native
hooks to NAME.legacy and keeps running them (every finding twice).  `install` notices and says
what to do; `uninstall` removes the copies it left running."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from ..conftest import PRE_COMMIT, pre_commit_env
from ..gitutil import Repo, init, install

pytestmark = pytest.mark.slow


def framework_install(repo: Repo, home: Path) -> None:
    repo.write(".pre-commit-config.yaml", "repos: []\n")
    subprocess.run(
        [PRE_COMMIT, "install", "-t", "pre-commit", "-t", "pre-push"],
        cwd=repo.path,
        env=pre_commit_env(home),
        check=True,
        capture_output=True,
    )


def test_native_then_framework(tmp_path: Path, pre_commit_home: Path) -> None:
    repo = init(tmp_path / "w", "-b", "main")
    install(repo)
    hooks = Path(repo.out("rev-parse", "--absolute-git-dir")) / "hooks"
    framework_install(repo, pre_commit_home)
    assert (hooks / "pre-commit.legacy").is_file(), "the framework moved ours aside (and runs it)"

    again = repo.tool("install")
    assert again.code == 2
    assert "pre-commit framework" in again.out and "reported twice" in again.out
    assert "pre-commit uninstall" in again.out and "rehearsal-hook uninstall" in again.out

    removed = repo.tool("uninstall")
    assert removed.code == 0
    assert "removed" in removed.out and "pre-commit.legacy" in removed.out
    assert not (hooks / "pre-commit.legacy").exists() and not (hooks / "pre-push.legacy").exists()
    assert (hooks / "pre-commit").is_file(), "the framework's own hook is left alone"
    assert "the pre-commit framework's" in removed.out
    # commit-msg was never the framework's: ours is simply removed.
    assert not (hooks / "commit-msg").exists()


def test_framework_only_then_install_says_pick_one(tmp_path: Path, pre_commit_home: Path) -> None:
    repo = init(tmp_path / "w", "-b", "main")
    framework_install(repo, pre_commit_home)
    result = repo.tool("install")
    assert result.code == 2 and "Pick one" in result.out and "reported twice" not in result.out
    forced = repo.tool("install", "--force")
    assert forced.code == 0 and "kept the previous pre-commit hook" in forced.out
