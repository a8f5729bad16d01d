"""The pre-commit framework's pre-push stage, from a snapshot of this checkout."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from ..conftest import PRE_COMMIT, pre_commit_env
from ..gitutil import Repo, init

pytestmark = pytest.mark.slow


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
