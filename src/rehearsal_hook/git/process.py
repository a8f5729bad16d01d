"""Every git call, behind one process wrapper: argument tuples, ``-z`` listings, ``--`` before
paths, never a shell.  Nothing else in the package starts a process."""

from __future__ import annotations

import contextlib
import os
import subprocess
import threading
from collections.abc import Iterator, Mapping, Sequence
from typing import IO

from rehearsal_hook.errors import GitError

SAFE_CONFIG: tuple[str, ...] = (
    "-c",
    "core.fsmonitor=false",
    "-c",
    "core.untrackedCache=false",
    "-c",
    "core.quotePath=false",
    "-c",
    "diff.external=",
    "-c",
    "core.hooksPath=/dev/null",
    # Replace refs (refs/replace/*, which a push can create) and grafts would show us stand-in
    # commits and blobs while the real ones are stored: found in review, a token pushed past
    # pre-receive after a replace ref for its commit.  See also GIT_ENV.
    "-c",
    "core.useReplaceRefs=false",
    "-c",
    "advice.graftFileDeprecated=false",
)

# A long read of a large repository (a range, a history) maps its packs in small windows and
# keeps a small cache of delta bases: git's own defaults (1 GiB windows up to 8 GiB, a 96 MiB
# cache) let one git diff-tree over git's history hold 458 MiB; with these, 156 MiB, in the
# same CPU time.  The delta-base cache stays at its default where blobs are read (cat-file:
# at 32 MiB it cost 40% more time).
BOUNDED_PACK_MEMORY: tuple[str, ...] = ("-c", "core.packedGitWindowSize=16m", "-c", "core.packedGitLimit=64m")
SMALL_DELTA_CACHE: tuple[str, ...] = ("-c", "core.deltaBaseCacheLimit=32m")


def shown_command(args: Sequence[str]) -> str:
    """The first words of a git command for a message, past any ``-c NAME=VALUE``."""
    words = list(args)
    while len(words) >= 2 and words[0] == "-c":
        del words[:2]
    return " ".join(words[:3])


# ... and no graft file (git has no setting for that, only this variable; /dev/null is empty).
GIT_ENV = {"GIT_GRAFT_FILE": os.devnull}


def _env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of every git call: ours (git's own variables included, such as a hook's
    GIT_INDEX_FILE or pre-receive's quarantine) with GIT_ENV on top."""
    return {**os.environ, **(extra or {}), **GIT_ENV}


def run_git(
    args: Sequence[str],
    *,
    cwd: str | None = None,
    stdin: bytes | None = None,
    env: Mapping[str, str] | None = None,
    ok_codes: tuple[int, ...] = (0,),
) -> bytes:
    """Run ``git SAFE_CONFIG *args`` and return stdout; any other exit code is a GitError that
    names the command, its exit code and the first line of its stderr."""
    return run_git_status(args, cwd=cwd, stdin=stdin, env=env, ok_codes=ok_codes)[1]


def run_git_status(
    args: Sequence[str],
    *,
    cwd: str | None = None,
    stdin: bytes | None = None,
    env: Mapping[str, str] | None = None,
    ok_codes: tuple[int, ...] = (0,),
) -> tuple[int, bytes]:
    """``run_git``, with the exit code (one of ``ok_codes``) beside stdout."""
    cmd = ("git", *SAFE_CONFIG, *args)
    try:
        proc = subprocess.run(
            cmd,
            cwd=cwd,
            input=stdin,
            capture_output=True,
            env=dict(env, **GIT_ENV) if env is not None else _env(),
            check=False,
        )
    except OSError as exc:
        raise _not_started(exc) from None
    if proc.returncode not in ok_codes:
        raise _failed(args, proc.returncode, proc.stderr)
    return proc.returncode, proc.stdout


def _not_started(exc: OSError) -> GitError:
    """Why git could not be started: git missing, or the folder it was to run in (a missing
    folder was reported as git missing)."""
    if isinstance(exc, FileNotFoundError) and exc.filename in (None, "git"):
        return GitError("git is not installed or not on PATH")
    if exc.filename not in (None, "git"):
        return GitError(f"cannot run git in {os.fsdecode(exc.filename)!r}: {exc.strerror}")
    return GitError(f"cannot run git: {exc.strerror}")


def _failed(args: Sequence[str], code: int, stderr: bytes) -> GitError:
    """A git call that exited ``code``: the command, the code and the first line of its stderr."""
    err = stderr.decode("utf-8", "replace").strip().splitlines()
    first = err[0] if err else "(no message)"
    return GitError(f"git {shown_command(args)} failed (exit {code}): {first}")


def toplevel(cwd: str | None = None) -> str | None:
    """The work tree's root, or None outside a git work tree (and when git is missing)."""
    try:
        out = run_git(("rev-parse", "--show-toplevel"), cwd=cwd)
    except GitError:
        return None
    return os.fsdecode(out.removesuffix(b"\n")) or None  # (one: a folder's name may end in one)


PIECE = 1 << 16


def is_zero_sha(sha: str) -> bool:
    """Whether ``sha`` is git's all-zero id (40 or 64 digits): a deleted or a new ref.  (One
    lookup: a range's engine asks it several times of every change.)"""
    return sha in _ZERO_SHAS


_ZERO_SHAS = frozenset(("0" * 40, "0" * 64))


def _spawn(
    args: Sequence[str],
    *,
    cwd: str | None,
    stdin: bytes | None,
    stdout: IO[bytes] | int,
    stderr: IO[bytes],
    detached: bool = False,
) -> tuple[subprocess.Popen[bytes], threading.Thread | None]:
    cmd = ("git", *SAFE_CONFIG, *args)
    source: IO[bytes] | int = subprocess.PIPE if stdin is not None else subprocess.DEVNULL
    if stdin is not None and (detached or len(stdin) > PIECE):
        # A long input (the ids of a long range), or any input of StreamSet, goes in an
        # anonymous file git reads at its own pace: no thread stays behind feeding it, so
        # the range engine may fork workers while git runs (a fork copies only the forking
        # thread).
        source = _scratch_file()
        source.write(stdin)
        source.seek(0)
        stdin = None
    try:
        proc = subprocess.Popen(cmd, cwd=cwd, stdin=source, stdout=stdout, stderr=stderr, env=_env())
    except OSError as exc:
        raise _not_started(exc) from None
    finally:
        if not isinstance(source, int):
            source.close()  # git has its own descriptor of it
    if proc.stdout is not None:
        _widen(proc.stdout.fileno())
    writer = None
    if stdin is not None:
        # From a thread: git may fill its stdout before it has read all its input.
        writer = threading.Thread(target=_feed, args=(proc, stdin), daemon=True)
        try:
            writer.start()
        except RuntimeError as exc:  # no thread to be had: stop git rather than leave it behind
            proc.kill()
            for pipe in (proc.stdin, proc.stdout):
                if pipe is not None:
                    pipe.close()
            proc.wait()
            raise GitError(f"cannot feed git its input: {exc}") from None
    return proc, writer


# How much git may write ahead of its reader: a pipe holds 64 KiB by default, so git stopped
# every 64 KiB until the scanner caught up (a range's listing while the first blobs are
# scanned; cat-file inflating the next blobs while one is scanned).  1 MiB is the most an
# unprivileged process may ask for on Linux (fs.pipe-max-size); memory stays bounded by it.
PIPE_SIZE = 1 << 20


def _widen(fd: int) -> None:
    """Let the pipe ``fd`` hold PIPE_SIZE bytes where the OS allows it (Linux); else leave it."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_SIZE)
    except (ImportError, AttributeError, OSError):
        pass


def _check_exit(args: Sequence[str], code: int, errfile: IO[bytes]) -> None:
    if code != 0:
        errfile.seek(0)
        raise _failed(args, code, errfile.read())


@contextlib.contextmanager
def stream_git(args: Sequence[str], *, cwd: str | None = None, stdin: bytes | None = None) -> Iterator[IO[bytes]]:
    """Run ``git SAFE_CONFIG *args`` and yield its stdout to read as it comes.  ``stdin`` is fed
    from a thread; stderr goes to a file so that a chatty git cannot block.  The caller must
    read stdout to its end; a non-zero exit is then a GitError.  If the caller raises, git is
    stopped."""
    with _scratch_file() as errfile:
        proc, writer = _spawn(args, cwd=cwd, stdin=stdin, stdout=subprocess.PIPE, stderr=errfile)
        assert proc.stdout is not None
        try:
            yield proc.stdout
        except BaseException:
            proc.kill()
            raise
        finally:
            _reap(proc, writer)
        _check_exit(args, proc.returncode, errfile)


def _reap(proc: subprocess.Popen[bytes], writer: threading.Thread | None) -> None:
    """Close git's stdout first: a git still writing (output not read to its end) then gets
    EPIPE and stops reading its input, so the writer thread can end (found in review: joining
    the writer first waited forever on a cat-file that had stopped reading)."""
    assert proc.stdout is not None
    proc.stdout.close()
    if writer is not None:
        writer.join()
    proc.wait()


class _Running:
    # A plain class: a dataclass costs every hook's start-up half a millisecond.
    __slots__ = ("args", "done", "errfile", "k", "proc")

    def __init__(self, k: int, args: Sequence[str], proc: subprocess.Popen[bytes], errfile: IO[bytes]) -> None:
        self.k, self.args, self.proc, self.errfile = k, args, proc, errfile
        self.done = False  # read to its end, exit code checked


class StreamSet:
    """Several ``git SAFE_CONFIG *args`` read at once by one reader: ``pieces`` yields ``(k,
    piece)``, the k-th process's stdout as it arrives, whichever process writes first, then
    ``(k, b"")`` once process k has exited 0 (any other exit is a GitError).  So one reader
    keeps every process going, on as many cores as there are, with no stream held in memory
    or on disk.  Processes may be started while ``pieces`` runs (it reads them too), and one
    of them read alone to its end (``drain``): the range engine starts each batch's blob
    reader while it lists the next changes, and scans the blobs as they come.

    Each stdin goes in an anonymous file, never a pipe: no thread feeds it and no pipe's
    writing end exists, so a worker forked meanwhile holds nothing a git process waits on (a
    cat-file waiting for the end of its input would hold back its last answers).  Used as a
    context manager: every process must be read to its end; if the caller raises, every
    process is stopped."""

    def __init__(self, *, cwd: str | None = None) -> None:
        import selectors  # already loaded by subprocess

        self.cwd = cwd
        self._running: list[_Running] = []
        self._selector = selectors.DefaultSelector()

    def __enter__(self) -> StreamSet:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        try:
            unread = [r for r in self._running if not r.done]
            if exc_type is None and unread:
                # Not a way out: what was not read was not checked.
                raise GitError(f"git {shown_command(unread[0].args)}: its output was not read to the end")
        finally:
            for r in self._running:
                if not r.done:
                    r.proc.kill()
            for r in self._running:
                if not r.done:
                    _reap(r.proc, None)
                    r.errfile.close()
            self._selector.close()

    def start(self, args: Sequence[str], stdin: bytes | None) -> int:
        """Start ``git SAFE_CONFIG *args`` fed ``stdin``; its number for ``pieces``."""
        errfile = _scratch_file()
        try:
            proc, _ = _spawn(args, cwd=self.cwd, stdin=stdin, stdout=subprocess.PIPE, stderr=errfile, detached=True)
        except BaseException:
            errfile.close()
            raise
        r = _Running(len(self._running), args, proc, errfile)
        self._running.append(r)
        assert proc.stdout is not None
        self._selector.register(proc.stdout.fileno(), 1, r)  # 1: selectors.EVENT_READ
        return r.k

    def pieces(self) -> Iterator[tuple[int, bytes]]:
        """Every open process's output as it comes, to the end of the last one, those started
        meanwhile included."""
        selector = self._selector
        while selector.get_map():
            for key, _ in selector.select():
                r = key.data
                if r.done:  # (read to its end by ``drain`` since select answered)
                    continue
                piece = os.read(key.fd, PIECE)
                if not piece:
                    self._finish(r)
                yield r.k, piece

    def drain(self, k: int) -> Iterator[tuple[int, bytes]]:
        """Process ``k``'s output alone, to its end (nothing when it was read to its end)."""
        r = self._running[k]
        if r.done:
            return
        assert r.proc.stdout is not None
        fd = r.proc.stdout.fileno()
        while piece := os.read(fd, PIECE):
            yield k, piece
        self._finish(r)
        yield k, b""

    def _finish(self, r: _Running) -> None:
        self._selector.unregister(r.proc.stdout.fileno())  # type: ignore[union-attr]
        code = r.proc.wait()
        r.done = True
        _reap(r.proc, None)  # its descriptors go now: a long range starts hundreds of these
        try:
            _check_exit(r.args, code, r.errfile)
        finally:
            r.errfile.close()


@contextlib.contextmanager
def stream_many(
    requests: Sequence[tuple[Sequence[str], bytes | None]], *, cwd: str | None = None
) -> Iterator[Iterator[tuple[int, bytes]]]:
    """Run several ``git SAFE_CONFIG *args`` at once, each fed its stdin, and yield one
    iterator over ``(k, piece)`` (``StreamSet.pieces``).  The caller must read it to its end;
    if the caller raises, every process is stopped."""
    with StreamSet(cwd=cwd) as streams:
        for args, stdin in requests:
            streams.start(args, stdin)
        yield streams.pieces()


def _scratch_file() -> IO[bytes]:
    """An anonymous file for git's stderr.  memfd_create where there is one: importing
    tempfile (shutil, random, bz2, lzma) cost a commit hook about 3 ms of start-up."""
    memfd_create = getattr(os, "memfd_create", None)
    if memfd_create is not None:
        try:
            return os.fdopen(memfd_create("rehearsal-hook-git-stderr"), "w+b")
        except OSError:
            pass
    import tempfile

    return tempfile.TemporaryFile()


def _feed(proc: subprocess.Popen[bytes], data: bytes) -> None:
    assert proc.stdin is not None
    # git exits early on a bad request; its exit code tells, not the broken pipe here.
    with contextlib.suppress(BrokenPipeError, OSError):
        proc.stdin.write(data)
    with contextlib.suppress(BrokenPipeError, OSError):
        proc.stdin.close()
