"""The real pre-commit framework runs the hook from .pre-commit-hooks.yaml."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from ..conftest import PRE_COMMIT, git, pre_commit_env

pytestmark = pytest.mark.slow


def commit(repo: Path, home: Path, *paths: str) -> subprocess.CompletedProcess[bytes]:
    git(repo, "add", "--", *paths)
    return subprocess.run(
        ["git", "commit", "-m", "change"],
        cwd=repo,
        env=pre_commit_env(home),
        capture_output=True,
        check=False,
        timeout=600,
    )


@pytest.mark.parametrize(
    ("name", "content", "rejected"),
    [
        ("notes.md", "we reached CUTOVER_PASS today\n", True),
        ("--version", "PRODUCTION_PASS\n", True),  # a file named like an option
        ("-h", "SEAL_AUTHORIZED\n", True),
        ("with space é.md", "DEPLOY_GRANTED\n", True),
        ("image.bin", b"\x89PNG\x00\x00CUTOVER_PASS\xff", True),  # binary files too
        ("req.rehearsal.json", '{"target": "production", "action": "rehearsal_apply"}', True),
        ("notes.md", "FOO_PASSWORD is fine\n", False),
        ("--clean", "nothing to see\n", False),
    ],
)
def test_commit_through_the_framework(
    hooked_repo: Path, pre_commit_home: Path, name: str, content: str | bytes, rejected: bool
) -> None:
    path = hooked_repo / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    proc = commit(hooked_repo, pre_commit_home, name)
    out = (proc.stdout + proc.stderr).decode("utf-8", "replace")
    head = git(hooked_repo, "rev-list", "--count", "HEAD").strip()
    if rejected:
        assert proc.returncode != 0, out
        assert head == "1", "the commit must not be created"
        assert "rehearsal-hook check" in out and "Failed" in out
        assert "CUTOVER_PASS" not in out and "PRODUCTION_PASS" not in out
    else:
        assert proc.returncode == 0, out
        assert head == "2"


def test_try_repo(repo: Path, project_snapshot: tuple[Path, str], pre_commit_home: Path) -> None:
    (repo / "a.md").write_text("REAL_RUN_PASS\n")
    git(repo, "add", "a.md")
    proc = subprocess.run(
        [PRE_COMMIT, "try-repo", str(project_snapshot[0]), "rehearsal-check"],
        cwd=repo,
        env=pre_commit_env(pre_commit_home),
        capture_output=True,
        check=False,
        timeout=600,
    )
    assert proc.returncode == 1, proc.stdout.decode() + proc.stderr.decode()
    assert b"a.md:1:1: seal-token" in proc.stdout


@pytest.mark.parametrize("route", ["attributes", "folder link", "linked request", "submodule"])
def test_gated_files_reached_without_passing_them(hooked_repo: Path, pre_commit_home: Path, route: str) -> None:
    """The framework passes only the changed files, and passed no symbolic link at all (its
    default ``types: [file]``): a new ``*.json export-subst`` rewrites a request committed
    before; a link where requests lie below, or a request that is a link, is a way to
    content the gate never read.  Nor a submodule (a folder to the framework, never passed):
    one added at ``rehearsal/requests`` passed with only its ``.gitmodules`` checked."""
    (hooked_repo / "r.rehearsal.json").write_text(
        '{"target": "local_clone", "isolated_clone_proven": true, "action": "rehearsal_dry_run"}\n'
    )
    assert commit(hooked_repo, pre_commit_home, "r.rehearsal.json").returncode == 0
    production = '{"target": "prod_db", "action": "cutover"}\n'
    if route == "attributes":
        (hooked_repo / ".gitattributes").write_text("*.json export-subst\n")
        paths, shown, code = [".gitattributes"], "r.rehearsal.json", "gated-attribute"
    elif route == "folder link":
        (hooked_repo / "other" / "requests").mkdir(parents=True)
        (hooked_repo / "other" / "requests" / "x.json").write_text(production)
        (hooked_repo / "rehearsal").symlink_to("other")
        paths, shown, code = ["other", "rehearsal"], "rehearsal", "gated-link"
    elif route == "linked request":
        (hooked_repo / "target.json").write_text(production)
        (hooked_repo / "a.rehearsal.json").symlink_to("target.json")
        paths, shown, code = ["target.json", "a.rehearsal.json"], "a.rehearsal.json", "gated-link"
    else:
        other = hooked_repo.parent / "requests-elsewhere"
        other.mkdir()
        git(other, "init", "-q")
        (other / "x.json").write_text(production)
        git(other, "add", "x.json")
        git(other, "commit", "-q", "-m", "requests")
        git(hooked_repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(other), "rehearsal/requests")
        paths, shown, code = [".gitmodules", "rehearsal/requests"], "rehearsal/requests", "gated-link"
    proc = commit(hooked_repo, pre_commit_home, *paths)
    out = (proc.stdout + proc.stderr).decode("utf-8", "replace")
    assert proc.returncode != 0, out
    assert f"{shown}:1:1: {code} " in out, out
    assert git(hooked_repo, "rev-list", "--count", "HEAD").strip() == "2"
