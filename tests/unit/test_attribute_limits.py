"""entries.ignored_attribute_line against git's own reading: every attribute line git here
ignores for its length (with a warning; an older git, libgit2 or JGit applies it) is one the
tool names, in a blob and in a file, with and without a CR; and a file past git's size limit."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from rehearsal_hook.checks.entries import ATTR_MAX_FILE_SIZE, ATTR_MAX_LINE_LENGTH, ignored_attribute_line
from rehearsal_hook.git.repository import outside_attributes

from ..gitutil import init


@pytest.mark.parametrize("end", [b"\n", b"\r\n"])
def test_every_line_git_ignores_for_its_length_is_named(tmp_path: Path, end: bytes) -> None:
    repo = init(tmp_path / "r")
    seen = set()
    for length in range(ATTR_MAX_LINE_LENGTH - 3, ATTR_MAX_LINE_LENGTH + 2):
        line = b"*.json export-subst".ljust(length)
        rules = b"# rules\n" + line + end
        (repo.path / ".gitattributes").write_bytes(rules)
        from_file = repo.out("check-attr", "export-subst", "x.json")
        repo.git("add", ".gitattributes")
        from_blob = repo.out("check-attr", "--cached", "export-subst", "x.json")
        ignored = any(answer.endswith("unspecified") for answer in (from_file, from_blob))
        seen.add(ignored)
        if ignored:
            assert ignored_attribute_line(rules) == 2, length
    assert seen == {True, False}  # (the range crosses git's limit)
    assert ignored_attribute_line(b"*.json export-subst\n" * 100) is None


def test_a_file_past_gits_size_limit_is_named() -> None:
    assert ignored_attribute_line(b"\n" * ATTR_MAX_FILE_SIZE) == 1
    assert ignored_attribute_line(b"\n" * (ATTR_MAX_FILE_SIZE - 1)) is None


@pytest.mark.parametrize("rules", [b"*.md text\n\0\n*.json export-subst\n", b"*.md text\0*.json export-subst\n"])
def test_the_lines_git_reads_past_a_nul_are_named(tmp_path: Path, rules: bytes) -> None:
    """git reads a blob's lines only up to its first NUL, a file's line up to its own: the
    export-subst after one applies from the file or from nowhere here, and libgit2 and JGit
    read it.  The line of the NUL is named."""
    repo = init(tmp_path / "r")
    (repo.path / ".gitattributes").write_bytes(rules)
    repo.git("add", ".gitattributes")
    assert repo.out("check-attr", "--cached", "export-subst", "x.json").endswith("unspecified")
    assert ignored_attribute_line(rules) == rules.count(b"\n", 0, rules.index(b"\0")) + 1


@pytest.mark.parametrize(
    ("value", "read"), [("", True), ("0", True), ("no", True), ("1", False), ("2", False), ("On", False)]
)
def test_the_system_attribute_files_are_skipped_as_git_reads_gitattrnosystem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, read: bool
) -> None:
    """git reads GIT_ATTR_NOSYSTEM as a boolean or an integer, non-zero true (``2`` skips the
    system's file, which the tool read); the system's file is <prefix>/etc/gitattributes of the
    git that runs (here a wrapper in a prefix of the test's own)."""
    real = shutil.which("git")
    assert real is not None
    (tmp_path / "bin").mkdir()
    (tmp_path / "etc").mkdir()
    wrapper = tmp_path / "bin" / "git"
    wrapper.write_text(f'#!/bin/sh\nexec "{real}" "$@"\n')
    wrapper.chmod(0o755)
    (tmp_path / "etc" / "gitattributes").write_bytes(b"*.json working-tree-encoding=UTF-16\n")
    repo = init(tmp_path / "repo")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("GIT_ATTR_NOSYSTEM", value)
    outside_attributes.cache_clear()
    try:
        texts = outside_attributes(str(repo.path))
    finally:
        outside_attributes.cache_clear()
    assert (b"*.json working-tree-encoding=UTF-16\n" in texts) is read
