"""Helpers that drive real git: a hermetic environment, ``git()`` for one command in a
directory, and ``Repo`` for work trees with the hooks installed, bare remotes and servers.
No mocks: every test runs git, and the hooks run the installed tool.  The fixtures built on
these live in ``tests/conftest.py``."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rehearsal_hook.cli.main import main

BIN = Path(sys.executable).parent
TOOL = str(BIN / "rehearsal-hook")


def clean_git_env() -> dict[str, str]:
    """The environment without inherited GIT_* variables (a test run from inside a hook would
    otherwise act on the wrong repository), with a fixed author, no system config and an
    empty template directory."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_AUTHOR_NAME="Test",
        GIT_AUTHOR_EMAIL="test@example.invalid",
        GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.invalid",
        GIT_CONFIG_NOSYSTEM="1",
        GIT_TEMPLATE_DIR="",
    )
    return env


def git(cwd: Path, *args: str) -> str:
    """Run one git command in ``cwd`` (it must succeed) and return its stdout."""
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=True, env=clean_git_env())
    return proc.stdout.decode()


def git_env(**extra: str) -> dict[str, str]:
    """Hermetic git (``clean_git_env``) with the tool under test on PATH."""
    env = clean_git_env()
    env["PATH"] = str(BIN) + os.pathsep + env.get("PATH", "")
    env.update(extra)
    return env


def in_process(args: Sequence[str], *, stdin: bytes = b"") -> tuple[int, bytes, bytes]:
    """Run the CLI in this process, the way the console script does (``main`` with the
    standard streams its own): the exit code, standard output and standard error."""
    saved = sys.stdin, sys.stdout, sys.stderr
    out, err = io.BytesIO(), io.BytesIO()
    wrappers = [
        io.TextIOWrapper(io.BytesIO(stdin)),
        io.TextIOWrapper(out, encoding="utf-8"),
        io.TextIOWrapper(err, encoding="utf-8"),
    ]
    sys.stdin, sys.stdout, sys.stderr = wrappers
    try:
        code = main(list(args))
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
        for w in wrappers:
            w.flush()
            w.detach()  # keep the BytesIO open: a collected wrapper would close it
    return code, out.getvalue(), err.getvalue()


@dataclass
class Result:
    code: int
    out: str

    @property
    def blocked(self) -> bool:
        return self.code != 0


@dataclass
class Repo:
    path: Path

    def git(self, *args: str, stdin: bytes | None = None, ok: bool = True, env: dict[str, str] | None = None) -> Result:
        proc = subprocess.run(
            ["git", *args], cwd=self.path, input=stdin, capture_output=True, env=env or git_env(), timeout=120
        )
        out = (proc.stdout + proc.stderr).decode("utf-8", "replace")
        if ok and proc.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed ({proc.returncode}):\n{out}")
        return Result(proc.returncode, out)

    def out(self, *args: str) -> str:
        proc = subprocess.run(["git", *args], cwd=self.path, capture_output=True, env=git_env(), check=True)
        return proc.stdout.decode("utf-8", "surrogateescape").strip()

    def tool(self, *args: str, stdin: bytes = b"", env: dict[str, str] | None = None) -> Result:
        proc = subprocess.run(
            [TOOL, *args], cwd=self.path, input=stdin, capture_output=True, env=env or git_env(), timeout=120
        )
        return Result(proc.returncode, (proc.stdout + proc.stderr).decode("utf-8", "replace"))

    def cli(self, *args: str) -> Result:
        """``tool(*args)`` run in this process, in this work tree, with the environment ``tool``
        gives its process: the same command without a console script's start-up (0.14 s CPU,
        most of a small check or install; the suite started about a thousand).  What git
        starts -- a hook, pre-receive -- is still a process of its own."""
        saved_env, saved_cwd, env = dict(os.environ), os.getcwd(), git_env()
        os.environ.clear()
        os.environ.update(env)
        os.chdir(self.path)
        try:
            code, out, err = in_process(args)
        finally:
            os.chdir(saved_cwd)
            os.environ.clear()
            os.environ.update(saved_env)
        return Result(code, (out + err).decode("utf-8", "replace"))

    def write(self, name: str, content: str | bytes) -> None:
        path = self.path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)

    def commit(self, message: str, *names: str, verify: bool = False) -> Result:
        """Stage ``names`` and commit.  ``verify``: through the installed hooks (else
        ``--no-verify``, to plant history the hooks would refuse)."""
        if names:
            self.git("add", "--", *names)
        flags = [] if verify else ["--no-verify"]
        return self.git("commit", "-q", *flags, "-m", message, ok=not verify)

    def head(self, rev: str = "HEAD") -> str:
        return self.out("rev-parse", rev)

    def push(self, *args: str, verify: bool = True) -> Result:
        flags = [] if verify else ["--no-verify"]
        return self.git("push", *flags, *args, ok=False)

    def state(self) -> tuple[str, str, str, bytes]:
        """Everything a rejected commit must leave as it was: HEAD, index, work tree."""
        files = b"".join(
            p.relative_to(self.path).as_posix().encode() + b"\0" + p.read_bytes()
            for p in sorted(self.path.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(self.path).parts
        )
        return self.out("rev-parse", "HEAD"), self.out("ls-files", "-s", "-z"), self.out("status", "--porcelain"), files


def init(path: Path, *args: str) -> Repo:
    path.mkdir(parents=True, exist_ok=True)
    repo = Repo(path)
    repo.git("init", "-q", *args)
    return repo


def install(repo: Repo, *args: str) -> None:
    """The hooks installed, as a test's setup (tests/git/test_install.py runs the command in a
    process of its own)."""
    result = repo.cli("install", *args)
    assert result.code == 0, result.out


def pushed(tmp_path: Path, files: dict[str, str], *, remote: str = "origin.git", work: str = "w") -> tuple[Repo, Repo]:
    """(work tree, bare remote): a work tree on branch main whose first commit holds ``files``
    (committed and pushed without hooks), pushed to the bare remote as ``origin``."""
    bare = init(tmp_path / remote, "--bare", "-b", "main")
    repo = init(tmp_path / work, "-b", "main")
    repo.git("remote", "add", "origin", str(bare.path))
    for name, text in files.items():
        repo.write(name, text)
    repo.commit("initial", *files)
    repo.git("push", "-q", "--no-verify", "origin", "main")
    return repo, bare


def server_hook(bare: Repo, *args: str) -> None:
    """Install the project's pre-receive script on a bare repository, as an admin would."""
    hook = bare.path / "hooks" / "pre-receive"
    hook.parent.mkdir(exist_ok=True)
    extra = " ".join(args)
    script = (Path(__file__).resolve().parent.parent / "hooks" / "pre-receive").read_text()
    if extra:
        script = script.replace('pre-receive -- "$@"', f'pre-receive {extra} -- "$@"')
    hook.write_text(script)
    hook.chmod(0o755)


def served_pair(tmp_path: Path, files: dict[str, str]) -> tuple[Repo, Repo]:
    """(a work tree without hooks, the bare server it pushed main to -- one commit of
    ``files`` -- with pre-receive installed after that push, as an admin would)."""
    server = init(tmp_path / "server.git", "--bare", "-b", "main")
    repo = init(tmp_path / "w", "-b", "main")
    repo.git("remote", "add", "origin", str(server.path))
    for path, text in files.items():
        repo.write(path, text)
    repo.commit("initial", *files)
    repo.git("push", "-q", "origin", "main")
    server_hook(server)
    return repo, server


def pull_request_clone(tmp_path: Path) -> Repo:
    """A clone with its whole history, on a branch ``feature`` whose first commit adds a token
    and whose second removes it: the tree is clean, the history a merge would publish is not."""
    upstream = init(tmp_path / "upstream", "-b", "main")
    upstream.write("README.md", "hello\n")
    upstream.commit("initial", "README.md")
    subprocess.run(["git", "clone", "-q", str(upstream.path), str(tmp_path / "ci")], env=git_env(), check=True)
    ci = Repo(tmp_path / "ci")
    ci.git("checkout", "-q", "-b", "feature")
    ci.write("notes.md", "CUTOVER_PASS\n")
    ci.commit("add", "notes.md")
    ci.write("notes.md", "fine\n")
    ci.commit("remove", "notes.md")
    return ci
