"""The progress line: drawn on a terminal by long `check`/`baseline` scans, never in a pipe,
never by a hook mode, never with a file name in it.

The terminals are real pseudo-terminals.  The half-second delay before the line appears is
set in the processes under test by a ``sitecustomize`` module on PYTHONPATH: to zero, so that
small repositories exercise it (the hooks installed in a repository run with it too), or to a
minute, so that a small scan is over before it on any machine.
"""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from ..conftest import PRE_COMMIT, git, leaks, pre_commit_env
from ..gitutil import BIN, Repo, git_env, init, install

# Every draw starts at the beginning of the line.
DRAWN = re.compile(rb"\rrehearsal-hook: (?:\[[#.]+\] [\d,]+/[\d,]+ \w+ +\d+%|[\d,]+ \w+ checked \(\d+ s\))")


@dataclass
class TtyRun:
    code: int
    tty: bytes  # what the terminal on standard error received
    out: bytes  # standard output, a pipe


def run_on_tty(args: list[str], *, cwd: Path, env: dict[str, str], stdin: bytes = b"") -> TtyRun:
    """Run ``args`` with standard error on a new pseudo-terminal and standard output on a pipe."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(args, cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(stdin)
    proc.stdin.close()
    tty, out = b"", b""
    open_fds = {master, proc.stdout.fileno()}
    while open_fds:
        ready, _, _ = select.select(list(open_fds), [], [], 60)
        assert ready, "the command hangs"
        for fd in ready:
            try:
                data = os.read(fd, 65536)
            except OSError:  # EIO: the last writer to the terminal is gone
                data = b""
            if not data:
                open_fds.discard(fd)
            elif fd == master:
                tty += data
            else:
                out += data
    os.close(master)
    proc.stdout.close()
    return TtyRun(proc.wait(timeout=60), tty, out)


def delayed(site: Path, seconds: float) -> dict[str, str]:
    """An environment whose Python processes draw the progress line once a scan has taken
    ``seconds``."""
    site.mkdir()
    (site / "sitecustomize.py").write_text(
        "try:\n    from rehearsal_hook.output.console import ProgressLine\nexcept ImportError:\n"
        f"    pass\nelse:\n    ProgressLine.DELAY = {seconds!r}\n"
    )
    return git_env(PYTHONPATH=str(site))


@pytest.fixture
def eager(tmp_path: Path) -> dict[str, str]:
    """An environment whose Python processes draw the progress line from the first item."""
    return delayed(tmp_path / "site", 0)


@pytest.fixture
def project(tmp_path: Path) -> Repo:
    """Two commits of a few dozen files, one of them named after a token."""
    repo = init(tmp_path / "work", "-b", "main")
    for i in range(40):
        repo.write(f"docs/note{i:02}.md", f"note {i}\n")
    repo.commit("base", "docs")
    for i in range(40, 60):
        repo.write(f"docs/note{i:02}.md", f"note {i}\n")
    repo.write("CUTOVER_PASS.md", "fine\n")
    repo.commit("more", "docs", "CUTOVER_PASS.md")
    return repo


TOOL = [str(BIN / "rehearsal-hook")]


@pytest.mark.parametrize(
    ("args", "unit", "code"),
    [
        (["check", "--all-files", "--jobs", "1"], b"files", 1),  # a file name holds a token
        (["check", "--all-files", "--jobs", "2"], b"files", 1),
        (["check", "docs"], b"files", 0),
        (["check", "--staged"], b"files", 0),
        (["check", "--range", "HEAD~1..HEAD"], b"commits", 1),
        (["baseline"], b"files", 0),
    ],
)
def test_drawn_on_a_terminal_then_erased(
    project: Repo, eager: dict[str, str], args: list[str], unit: bytes, code: int
) -> None:
    if args == ["check", "--staged"]:
        project.write("docs/staged.md", "new\n")
        project.git("add", "docs/staged.md")
    run = run_on_tty([*TOOL, *args], cwd=project.path, env=eager)
    assert run.code == code, run
    draws = DRAWN.findall(run.tty)
    assert draws and all(unit in d for d in draws), run.tty
    # Erased before anything else is written: blanked, and the cursor back at the start.
    last = run.tty.rindex(draws[-1]) + len(draws[-1])
    assert re.match(rb"\r {20,}\r", run.tty[last:]), run.tty
    # Counts only: no file name, so no token, reaches the terminal.
    assert leaks(run.tty.decode()) == []
    assert b"rehearsal-hook: [" not in run.out and b" checked (" not in run.out


def test_the_count_reaches_the_total_with_workers(project: Repo, eager: dict[str, str]) -> None:
    for i in range(3000):
        project.write(f"many/f{i:04}.txt", "x\n")
    project.git("add", "many")
    run = run_on_tty([*TOOL, "check", "--all-files", "--jobs", "2"], cwd=project.path, env=eager)
    counts = [int(n.replace(b",", b"")) for n in re.findall(rb"\] ([\d,]+)/", run.tty)]
    assert counts == sorted(counts) and counts[-1] <= 3061
    assert b"/3,061 files" in run.tty


def test_nothing_in_a_pipe(project: Repo, eager: dict[str, str]) -> None:
    proc = subprocess.run([*TOOL, "check", "--all-files"], cwd=project.path, env=eager, capture_output=True)
    assert proc.returncode == 1
    assert b"\r" not in proc.stderr + proc.stdout
    assert not DRAWN.search(b"\r" + proc.stderr)


@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        (["pre-commit"], b""),
        (["pre-merge-commit"], b""),
        (["pre-push", "origin", "unused-url"], b"refs/heads/main {head} refs/heads/main " + b"0" * 40 + b"\n"),
        (["pre-push", "--pre-commit-env"], b""),
    ],
)
def test_never_in_a_hook_mode(project: Repo, eager: dict[str, str], args: list[str], stdin: bytes) -> None:
    project.write("docs/staged.md", "new\n")
    project.git("add", "docs/staged.md")
    env = dict(eager, PRE_COMMIT_FROM_REF="HEAD~1", PRE_COMMIT_TO_REF="HEAD")
    stdin = stdin.replace(b"{head}", project.head().encode())
    run = run_on_tty([*TOOL, *args], cwd=project.path, env=env, stdin=stdin)
    assert run.code in (0, 1), run
    assert not DRAWN.search(run.tty), run.tty


def test_never_in_hooks_that_git_runs(tmp_path: Path, eager: dict[str, str]) -> None:
    """git gives its hooks its own terminal: a commit and a push through installed hooks."""
    origin = init(tmp_path / "origin.git", "--bare", "-b", "main")
    repo = init(tmp_path / "client", "-b", "main")
    repo.git("remote", "add", "origin", str(origin.path))
    install(repo)
    for i in range(30):
        repo.write(f"f{i}.md", "fine\n")
    repo.git("add", ".")
    commit = run_on_tty(["git", "commit", "-qm", "files"], cwd=repo.path, env=eager)
    assert commit.code == 0, commit
    push = run_on_tty(["git", "push", "-q", "origin", "main"], cwd=repo.path, env=eager)
    assert push.code == 0, push
    for run in (commit, push):
        assert not DRAWN.search(run.tty), run.tty


@pytest.mark.slow
def test_never_under_the_pre_commit_framework(
    hooked_repo: Path,
    pre_commit_home: Path,
    eager: dict[str, str],
) -> None:
    """The framework hands its hooks a pseudo-terminal (for colour) and replays what they
    print: `check` is a hook there."""
    for i in range(30):
        (hooked_repo / f"f{i}.md").write_text("fine\n")
    (hooked_repo / "notes.md").write_text("CUTOVER_PASS\n")  # fails, so the output is shown
    git(hooked_repo, "add", ".")
    env = dict(pre_commit_env(pre_commit_home), PYTHONPATH=eager["PYTHONPATH"])
    run = run_on_tty([PRE_COMMIT, "run", "--all-files", "--color", "always"], cwd=hooked_repo, env=env)
    assert run.code == 1 and b"notes.md:1:1:" in run.out and b"\x1b[31mrehearsal-hook: BLOCKED" in run.out, run
    assert not DRAWN.search(run.tty + run.out), run


def test_a_quick_scan_draws_nothing(project: Repo, eager: dict[str, str], tmp_path: Path) -> None:
    """A scan over before the delay draws nothing: the same scan that draws from the first
    item draws nothing when the delay is a minute.  (Not judged with the real half second: on
    a loaded machine -- CI runs the tests in parallel -- this small scan can take longer.)"""
    args = [*TOOL, "check", "--all-files"]
    assert DRAWN.search(run_on_tty(args, cwd=project.path, env=eager).tty)
    run = run_on_tty(args, cwd=project.path, env=delayed(tmp_path / "patient", 60))
    assert run.code == 1
    assert not DRAWN.search(run.tty), run.tty
