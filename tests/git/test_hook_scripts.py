"""The hook scripts pass git's arguments after ``--``: a remote named like an option cannot
turn the pre-push hook into a help screen that exits 0."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from rehearsal_hook.cli.install import CLIENT_HOOKS, SERVER_HOOKS, hook_script

from ..gitutil import Repo, git

HOOKS = Path(__file__).resolve().parent.parent.parent / "hooks"


@pytest.mark.parametrize("remote", ["-h", "--help", "--version", "--format=json"])
def test_push_to_a_remote_named_like_an_option_is_checked(client: Repo, origin: Repo, remote: str) -> None:
    client.git("config", f"remote.{remote}.url", str(origin.path))
    client.write("a.md", "CUTOVER_PASS\n")
    client.commit("token", "a.md")
    result = client.push("--", remote, "main")
    assert result.blocked, result.out
    assert "a.md:1:1: seal-token seal-like token CUTOVER_P…" in result.out
    assert "Usage:" not in result.out
    # ... and a clean push to it still goes through (the name reached the hook as a name).
    client.git("reset", "-q", "--hard", "HEAD~1")
    client.write("b.md", "fine\n")
    client.commit("clean", "b.md")
    result = client.push("--", remote, "main")
    assert not result.blocked, result.out


@pytest.mark.parametrize("mode", CLIENT_HOOKS + SERVER_HOOKS)
def test_every_script_passes_its_arguments_after_a_double_dash(mode: str) -> None:
    for script in (hook_script(mode, "/usr/bin/python3"), (HOOKS / mode).read_text()):
        runs = [line for line in script.splitlines() if line.strip().startswith("exec ")]
        assert len(runs) == 2
        assert all(line.endswith(f' {mode} -- "$@"') for line in runs), runs


def test_a_checkout_that_converts_line_endings_leaves_the_scripts_runnable(tmp_path: Path) -> None:
    """Copies of hooks/ (for core.hooksPath or a server) come from a checkout of this
    repository: with core.autocrlf, as on Windows, each would be CR LF without the project's
    .gitattributes, and sh fails on it."""
    project = HOOKS.parent
    source = tmp_path / "source"
    (source / "hooks").mkdir(parents=True)
    shutil.copy(project / ".gitattributes", source / ".gitattributes")
    for script in HOOKS.iterdir():
        shutil.copy(script, source / "hooks" / script.name)
    git(source, "init", "-q", "-b", "main")
    git(source, "add", ".")
    git(source, "commit", "-q", "-m", "hooks")
    git(tmp_path, "-c", "core.autocrlf=true", "clone", "-q", str(source), "windows")
    scripts = sorted((tmp_path / "windows" / "hooks").iterdir())
    assert [s.name for s in scripts] == sorted(CLIENT_HOOKS + SERVER_HOOKS)
    for script in scripts:
        assert b"\r" not in script.read_bytes(), script.name
        subprocess.run(["sh", "-n", str(script)], check=True)


def test_every_script_with_a_shebang_keeps_lf_in_a_converting_checkout(tmp_path: Path) -> None:
    """The class of the test above: any tracked file that starts with ``#!`` (the hooks,
    ``.ci/run``, bench/ and fuzz/ scripts run directly) keeps LF line ends in a checkout with
    core.autocrlf -- ``#!/usr/bin/env python3<CR>`` names no interpreter."""
    project = HOOKS.parent
    tracked = git(project, "ls-files", "-z").split("\0")
    scripts = [
        name for name in tracked if name and (project / name).is_file() and (project / name).read_bytes()[:2] == b"#!"
    ]
    assert {".ci/run", "bench/run.py", "fuzz/fuzz.py", "hooks/pre-commit"} <= set(scripts)
    source = tmp_path / "source"
    for name in [".gitattributes", *scripts]:
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(project / name, source / name)
    git(source, "init", "-q", "-b", "main")
    git(source, "add", ".")
    git(source, "commit", "-q", "-m", "scripts")
    git(tmp_path, "-c", "core.autocrlf=true", "clone", "-q", str(source), "windows")
    assert [name for name in scripts if b"\r" in (tmp_path / "windows" / name).read_bytes()] == []
