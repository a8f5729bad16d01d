"""Faults (issue 5) not covered in test_cli: a corrupt index or object store, empty and
malformed hook input, a directory where a file is required, and writes that are interrupted
-- by a failing rename, by Ctrl-C, by SIGKILL in the middle of the data -- which must never
leave a half file or a temporary file behind."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ..conftest import cli, git
from ..gitutil import Repo, clean_git_env, init, pushed

ZERO40 = "0" * 40


def _one_line_error(run: object, code: int) -> None:
    assert run.code == code, run  # type: ignore[attr-defined]
    err = run.err  # type: ignore[attr-defined]
    assert err.count("\n") == 1 and err.startswith("rehearsal-hook: "), err
    assert "Traceback" not in err


# ---------------------------------------------------------------------------------------------
# git failing: a corrupt index, a missing object


def _corrupt_index(repo: Path, how: str) -> None:
    index = repo / ".git" / "index"
    data = index.read_bytes()
    if how == "garbage":
        index.write_bytes(b"not an index at all\n")
    elif how == "version":  # "DIRC", then a version git does not know
        index.write_bytes(data[:4] + (99).to_bytes(4, "big") + data[8:])
    else:  # cut in the middle of an entry
        index.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize("how", ["garbage", "version", "truncated"])
@pytest.mark.parametrize(
    "args", [["check", "--staged"], ["pre-commit"], ["pre-merge-commit"], ["check", "--all-files"], ["baseline"]]
)
def test_corrupt_index_is_exit_3(repo: Path, how: str, args: list[str]) -> None:
    (repo / "a.md").write_text("fine\n")
    git(repo, "add", "a.md")
    git(repo, "commit", "-q", "-m", "a")
    (repo / "b.md").write_text("CUTOVER_PASS\n")
    git(repo, "add", "b.md")
    _corrupt_index(repo, how)
    run = cli(args)
    if how == "truncated":
        # git checks no checksum on read and takes the entries before the cut: b.md's entry
        # points at nothing it can read, which blocks (exit 1) as unreadable.
        assert run.code == 1, run
        assert "unreadable" in run.out and "Traceback" not in run.err
        return
    _one_line_error(run, 3)
    assert "index" in run.err
    assert not (repo / ".rehearsal-hook-baseline.json").exists()


def test_commit_msg_with_a_corrupt_index_is_exit_3(repo: Path) -> None:
    (repo / "MSG").write_text("fine\n")
    git(repo, "add", "MSG")
    _corrupt_index(repo, "garbage")
    _one_line_error(cli(["commit-msg", "MSG"]), 3)


def test_staged_blob_missing_from_the_object_store_blocks(repo: Path) -> None:
    (repo / "a.md").write_text("something\n")
    git(repo, "add", "a.md")
    blob = git(repo, "rev-parse", ":a.md").strip()
    (repo / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    run = cli(["check", "--staged", "--format", "json"])
    assert run.code == 1, run
    findings = json.loads(run.out)["findings"]
    assert [(f["path"], f["rule"], f["blocking"]) for f in findings] == [("a.md", "unreadable", True)]
    assert "missing" in findings[0]["message"]


# ---------------------------------------------------------------------------------------------
# Hook input: empty and malformed


@pytest.fixture
def one_commit(tmp_path: Path) -> Repo:
    repo = init(tmp_path / "w", "-b", "main")
    repo.write("a.md", "fine\n")
    repo.commit("a", "a.md")
    return repo


@pytest.mark.parametrize(
    ("stdin", "code"),
    [
        (b"", 1),  # git never runs pre-receive without lines: nothing to verify is not clean
        (b"\n\n  \n", 1),
        (b"garbage\n", 1),
        (b"abc def refs/heads/main\n", 1),
        (f"{ZERO40} {'a' * 40}\n".encode(), 1),  # no ref name
        (f"{ZERO40} {'a' * 40} refs/heads/main\n".encode(), 1),  # an object that is not here
        (f"{ZERO40} {'A' * 40} refs/heads/main\n".encode(), 1),  # upper-case is not git's id
        (b"\xff\xfe\x00garbage\n", 1),
    ],
)
def test_pre_receive_stdin(one_commit: Repo, stdin: bytes, code: int) -> None:
    result = one_commit.tool("pre-receive", stdin=stdin)
    assert result.code == code, result.out
    assert "Traceback" not in result.out


def test_pre_receive_deletion_only_is_clean(one_commit: Repo) -> None:
    stdin = f"{one_commit.head()} {ZERO40} refs/heads/gone\n".encode()
    assert one_commit.tool("pre-receive", stdin=stdin).code == 0


def test_git_runs_pre_push_with_empty_stdin_for_a_push_with_nothing_to_send(tmp_path: Path) -> None:
    """Why an empty pre-push stdin is clean (exit 0): git itself sends nothing for an
    up-to-date push, and nothing is sent.  (Malformed pre-push lines: test_git_push.)"""
    repo, origin = pushed(tmp_path, {"a.md": "fine\n"})
    hooks = repo.path / ".git" / "hooks"
    hooks.mkdir(exist_ok=True)
    seen = tmp_path / "stdin"
    (hooks / "pre-push").write_text(f'#!/bin/sh\ncat > "{seen}"\nexit 0\n')
    (hooks / "pre-push").chmod(0o755)
    assert not repo.push("origin", "main").blocked
    assert seen.read_bytes() == b""  # git ran the hook, with empty stdin
    assert repo.tool("pre-push", "origin", str(origin.path), stdin=b"").code == 0


# ---------------------------------------------------------------------------------------------
# A directory where a file is required


def test_gate_a_directory_blocks(repo: Path) -> None:
    (repo / "d").mkdir()
    run = cli(["gate", "--format", "json", "d"])
    assert run.code == 1
    [result] = json.loads(run.out)["results"]
    assert result["allow"] is False and result["reasons"][0]["code"] == "unreadable"
    assert "directory" in result["reasons"][0]["message"]


def test_gate_a_fifo_blocks_without_hanging(repo: Path) -> None:
    os.mkfifo(repo / "p")
    run = cli(["gate", "p"])
    assert run.code == 1 and "unreadable" in run.out


def test_baseline_to_a_directory_is_exit_2(repo: Path) -> None:
    (repo / "d").mkdir()
    for args in (["baseline", "--baseline", "d"], ["baseline", "--update", "--baseline", "d"]):
        _one_line_error(cli(args), 2)
    assert "directory" in cli(["baseline", "--update", "--baseline", "d"]).err


# ---------------------------------------------------------------------------------------------
# Atomic writes: baseline, install, probes --output


def _litter(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".rehearsal-hook-tmp-"))


@pytest.fixture
def writes(repo: Path) -> dict[str, tuple[list[str], Path]]:
    """For each writing command: (its arguments, the file it writes), with an old version
    of that file in place so a failed write can be seen to leave it as it was."""
    (repo / "a.md").write_text("X_PASS\n")
    git(repo, "add", "a.md")
    baseline = repo / ".rehearsal-hook-baseline.json"
    baseline.write_text('{"version": 1, "entries": []}\n')
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.parent.mkdir(exist_ok=True)
    hook.write_text("#!/bin/sh\necho a hook written by someone else\n")
    hook.chmod(0o755)
    report = repo / "rehearsal-probes.json"
    report.write_text("{}\n")
    return {
        "baseline": (["baseline", "--update"], baseline),
        "install": (["install", "--hook-type", "pre-commit", "--force"], hook),
        "probes": (["probes", "--output", str(report)], report),
    }


WRITERS = ["baseline", "install", "probes"]


@pytest.mark.parametrize("writer", WRITERS)
def test_writes_succeed_whole(writes: dict[str, tuple[list[str], Path]], writer: str) -> None:
    args, target = writes[writer]
    old = target.read_bytes()
    run = cli(args)
    assert run.code in (0, 1), run
    assert target.read_bytes() != old and _litter(target.parent) == []
    if writer == "install":
        assert os.access(target, os.X_OK)
        assert (target.parent / "pre-commit.rehearsal-hook-backup").read_bytes() == old
    else:
        json.loads(target.read_text())


def _fail_rename(*_args: object, **_kw: object) -> None:
    raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))


def _interrupt(*_args: object, **_kw: object) -> None:
    raise KeyboardInterrupt


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize(
    ("where", "fault", "code"), [("replace", _fail_rename, 3), ("fsync", _interrupt, 130), ("link", _fail_rename, 3)]
)
def test_interrupted_write_leaves_the_old_file_and_no_litter(
    writes: dict[str, tuple[list[str], Path]],
    monkeypatch: pytest.MonkeyPatch,
    writer: str,
    where: str,
    fault: Callable[..., None],
    code: int,
) -> None:
    args, target = writes[writer]
    old = target.read_bytes()
    monkeypatch.setattr(os, where, fault)
    run = cli(args)
    monkeypatch.undo()
    assert run.code == code, run
    assert "Traceback" not in run.err
    assert target.read_bytes() == old
    assert _litter(target.parent) == []
    if writer == "install":
        assert os.access(target, os.X_OK)  # the repository still has its (old) hook


KILL_MID_WRITE = """
import os, signal, sys
real_fdopen = os.fdopen

class HalfThenKilled:
    def __init__(self, fh):
        self.fh = fh
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        return False
    def write(self, data):
        self.fh.write(data[: len(data) // 2])
        self.fh.flush()
        os.fsync(self.fh.fileno())
        os.kill(os.getpid(), signal.SIGKILL)

os.fdopen = lambda fd, *a, **k: HalfThenKilled(real_fdopen(fd, *a, **k))
from rehearsal_hook.cli.main import main
raise SystemExit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("writer", WRITERS)
def test_process_killed_mid_write_leaves_no_half_file(
    writes: dict[str, tuple[list[str], Path]], repo: Path, writer: str
) -> None:
    args, target = writes[writer]
    old = target.read_bytes()
    proc = subprocess.run(
        [sys.executable, "-c", KILL_MID_WRITE, *args],
        cwd=repo,
        capture_output=True,
        env=clean_git_env(),
        timeout=120,
        check=False,
    )
    assert proc.returncode == -9, proc.stderr
    assert target.read_bytes() == old
    assert _litter(target.parent) == []  # the half-written data never had a name
