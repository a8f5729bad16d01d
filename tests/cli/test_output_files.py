"""``--output`` and every file the tool writes: a regular file is replaced atomically; a
device, a FIFO or ``-`` is written through and never replaced; a link to a regular file
updates that file; a failed write exits 3."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest

from ..conftest import cli_process, git


def _report(text: str) -> dict[str, object]:
    loaded = json.loads(text)
    assert isinstance(loaded, dict)
    return loaded


def test_fifo_is_written_through(repo: Path) -> None:
    fifo = repo / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as fh:
            got.append(fh.read())

    reader = threading.Thread(target=read)
    reader.start()
    run = cli_process(["probes", "--output", str(fifo)], cwd=repo)
    reader.join(timeout=60)
    assert run.code == 0, run
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert _report(got[0].decode())["verdict"] == "ALL_FAIL_CLOSED"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_full_device_exits_3_and_stays_a_device(repo: Path) -> None:
    before = os.lstat("/dev/full")
    run = cli_process(["probes", "--output", "/dev/full"], cwd=repo)
    assert run.code == 3, run
    assert "cannot write '/dev/full'" in run.err
    after = os.lstat("/dev/full")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


@pytest.mark.parametrize("link", [False, True])
def test_null_device_directly_or_through_a_link(repo: Path, link: bool) -> None:
    target = "/dev/null"
    if link:
        (repo / "out.json").symlink_to("/dev/null")
        target = str(repo / "out.json")
    run = cli_process(["probes", "--output", target], cwd=repo)
    assert run.code == 0, run
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)
    if link:
        assert os.readlink(repo / "out.json") == "/dev/null"


def test_dev_stdout_and_dash_write_to_standard_output(repo: Path) -> None:
    for target in ("-", "/dev/stdout"):
        run = cli_process(["probes", "--output", target, "--format", "json"], cwd=repo)
        assert run.code == 0, run
        # The report twice: --output, then --format json.
        first, second = run.out[: len(run.out) // 2], run.out[len(run.out) // 2 :]
        assert first == second and _report(first)["verdict"] == "ALL_FAIL_CLOSED"
    assert not (repo / "-").exists()


def test_link_to_a_regular_file_updates_that_file(repo: Path) -> None:
    real = repo / "reports" / "real.json"
    real.parent.mkdir()
    real.write_text("old\n")
    real.chmod(0o640)
    link = repo / "out.json"
    link.symlink_to("reports/real.json")
    run = cli_process(["probes", "--output", str(link)], cwd=repo)
    assert run.code == 0, run
    assert link.is_symlink() and os.readlink(link) == "reports/real.json"
    assert _report(real.read_text())["verdict"] == "ALL_FAIL_CLOSED"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(p.name for p in real.parent.iterdir()) == ["real.json"]  # no temporary left


def test_dangling_link_is_refused(repo: Path) -> None:
    (repo / "out.json").symlink_to("nowhere/real.json")
    run = cli_process(["probes", "--output", "out.json"], cwd=repo)
    assert run.code == 3
    assert "a symbolic link to nothing" in run.err
    assert (repo / "out.json").is_symlink() and not (repo / "nowhere").exists()


def test_regular_file_keeps_its_mode(repo: Path) -> None:
    out = repo / "out.json"
    out.write_text("old\n")
    out.chmod(0o600)
    assert cli_process(["probes", "--output", "out.json"], cwd=repo).code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and not out.is_symlink()
    assert _report(out.read_text())["verdict"] == "ALL_FAIL_CLOSED"


@pytest.mark.parametrize("linked", ["file", "folder"])
def test_a_link_the_repository_holds_is_not_written_through(repo: Path, linked: str) -> None:
    """Found in session 30: a cloned repository that commits rehearsal-probes.json ->
    .git/hooks/pre-commit had 'probes --output rehearsal-probes.json' replace the installed hook
    with the report (mode kept: git then ran it with sh); a link to ../../.ssh/authorized_keys
    would have replaced that.  Where the tool writes is the user's choice, not the repository's:
    a link it tracks, the file or a folder above it, is refused (exit 2); the user's own (an
    untracked link, test_link_to_a_regular_file_updates_that_file) is written through."""
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.parent.mkdir(exist_ok=True)
    hook.write_text("#!/bin/sh\nexit 0\n")
    if linked == "file":
        (repo / "rehearsal-probes.json").symlink_to(".git/hooks/pre-commit")
        given, link = "rehearsal-probes.json", "rehearsal-probes.json"
    else:
        (repo / "out").symlink_to(".git/hooks")
        given, link = "out/pre-commit", "out"
    git(repo, "add", link)
    run = cli_process(["probes", "--output", given], cwd=repo)
    assert run.code == 2, run
    assert f"'{link}' is a symbolic link the repository holds" in run.err, run
    assert hook.read_text() == "#!/bin/sh\nexit 0\n"


def test_a_tracked_folder_link_into_a_repository_around_it_is_not_written_through(repo: Path) -> None:
    """Found in session 30's review: in a repository inside another (a submodule, a clone in a
    checkout), a tracked link out -> .. leads to the outer repository's root, whose .git the
    search for the path's repository found through the link: out/x.json was taken for a file at
    the root of the outer one, no link above it, and written there."""
    inner = repo / "inner"
    inner.mkdir()
    git(inner, "init", "-q", "-b", "main")
    (inner / "out").symlink_to("..")
    git(inner, "add", "out")
    run = cli_process(["probes", "--output", "out/x.json"], cwd=inner)
    assert run.code == 2, run
    assert "'out' is a symbolic link the repository holds" in run.err, run
    assert not (repo / "x.json").exists()
