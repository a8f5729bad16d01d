"""Every git call, behind one process wrapper: argument tuples, ``-z`` listings, ``--`` before
paths, never a shell.  Nothing else in the package starts a process."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import threading
from collections.abc import Iterator, Mapping, Sequence
from typing import IO

from rehearsal_hook.errors import GitError

# Settings that would let a repository's own config run code or change what we read.
SAFE_CONFIG: tuple[str, ...] = (
    "-c", "core.fsmonitor=false",
    "-c", "core.untrackedCache=false",
    "-c", "core.quotePath=false",
    "-c", "diff.external=",
    "-c", "core.hooksPath=/dev/null",
    # A blank context line printed as an empty line would shift the line numbers the patch
    # parser counts (and with them which baselined line a finding is matched to).
    "-c", "diff.suppressBlankEmpty=false",
    # Replace refs (refs/replace/*, which a push can create) and grafts would show us stand-in
    # commits and blobs while the real ones are stored: found in review, a token pushed past
    # pre-receive after a replace ref for its commit.  See also GIT_ENV.
    "-c", "core.useReplaceRefs=false",
    "-c", "advice.graftFileDeprecated=false",
)  # fmt: skip

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
    except FileNotFoundError:
        raise GitError("git is not installed or not on PATH") from None
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror}") from None
    if proc.returncode not in ok_codes:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        first = err[0] if err else "(no message)"
        shown = " ".join(args[:3])
        raise GitError(f"git {shown} failed (exit {proc.returncode}): {first}")
    return proc.stdout


def split_z(out: bytes) -> list[str]:
    return [os.fsdecode(p) for p in out.split(b"\0") if p]


def toplevel(cwd: str | None = None) -> str | None:
    """The work tree's root, or None outside a git work tree (and when git is missing)."""
    try:
        out = run_git(("rev-parse", "--show-toplevel"), cwd=cwd)
    except GitError:
        return None
    return os.fsdecode(out.rstrip(b"\n")) or None


def ls_files(root: str) -> list[tuple[str, str]]:
    """(mode, path) of every tracked path in the index, from the root."""
    out = run_git(("ls-files", "-z", "--stage", "--full-name", "--"), cwd=root)
    entries = []
    for rec in out.split(b"\0"):
        if not rec:
            continue
        meta, _, path = rec.partition(b"\t")
        entries.append((meta.split(b" ", 1)[0].decode(), os.fsdecode(path)))
    return entries


# ---------------------------------------------------------------------------------------------
# Hooks, the index and commit ranges (issue 3)

# A deleted ref on either side of a push: all zeros, in SHA-1 and in SHA-256 repositories.
SHA_RE = re.compile(r"(?:[0-9a-f]{40}|[0-9a-f]{64})")

# Make a diff parseable and inert whatever the repository's config says: no external diff or
# textconv program runs (a pushed repository's config must not run code), no colour, no
# user-chosen prefixes or relative paths, gitlinks as one line.
DIFF_OPTIONS: tuple[str, ...] = (
    "--no-ext-diff", "--no-textconv", "--no-color", "--no-relative", "--no-renames",
    "--src-prefix=a/", "--dst-prefix=b/", "--submodule=short",
    # diff.interHunkContext would merge -U0 hunks and print context lines between them.
    "--inter-hunk-context=0",
)  # fmt: skip

# A marker no patch line can start with: every patch line starts with a header word, a space,
# '+', '-', '@' or '\\'.
COMMIT_MARKER = b"\0commit "
# How much of a stream one read takes (a pipe's default capacity on Linux).
PIECE = 1 << 16


def is_zero_sha(sha: str) -> bool:
    return len(sha) in (40, 64) and not sha.strip("0")


def _spawn(args: Sequence[str], *, cwd: str | None, stdin: bytes | None, stdout: IO[bytes] | int, stderr: IO[bytes]
           ) -> tuple[subprocess.Popen[bytes], threading.Thread | None]:  # fmt: skip
    cmd = ("git", *SAFE_CONFIG, *args)
    try:
        proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
            env=_env(),
        )
    except FileNotFoundError:
        raise GitError("git is not installed or not on PATH") from None
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror}") from None
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


def _check_exit(args: Sequence[str], code: int, errfile: IO[bytes]) -> None:
    if code != 0:
        errfile.seek(0)
        err = errfile.read().decode("utf-8", "replace").strip().splitlines()
        first = err[0] if err else "(no message)"
        raise GitError(f"git {' '.join(args[:3])} failed (exit {code}): {first}")


@contextlib.contextmanager
def stream_git(
    args: Sequence[str], *, cwd: str | None = None, stdin: bytes | None = None
) -> Iterator[IO[bytes]]:
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
    __slots__ = ("args", "done", "errfile", "proc", "writer")

    def __init__(
        self, args: Sequence[str], proc: subprocess.Popen[bytes], writer: threading.Thread | None, errfile: IO[bytes]
    ) -> None:
        self.args, self.proc, self.writer, self.errfile = args, proc, writer, errfile
        self.done = False  # read to its end, exit code checked


@contextlib.contextmanager
def stream_many(
    requests: Sequence[tuple[Sequence[str], bytes | None]], *, cwd: str | None = None
) -> Iterator[Iterator[tuple[int, bytes]]]:
    """Run several ``git SAFE_CONFIG *args`` at once, each fed its stdin, and yield one
    iterator over ``(k, piece)``: the k-th process's stdout as it arrives, whichever process
    writes first, then ``(k, b"")`` once process k has exited 0 (any other exit is a GitError).
    So one reader keeps every process going, on as many cores as there are, with no stream
    held in memory or on disk.  The caller must read it to its end; if the caller raises,
    every process is stopped."""
    running: list[_Running] = []
    with contextlib.ExitStack() as files:
        try:
            for args, stdin in requests:
                errfile = files.enter_context(_scratch_file())
                proc, writer = _spawn(args, cwd=cwd, stdin=stdin, stdout=subprocess.PIPE, stderr=errfile)
                running.append(_Running(args, proc, writer, errfile))
            yield _multiplex(running)
            unread = [r for r in running if not r.done]
            if unread:
                # Not a way out: what was not read was not checked.
                raise GitError(f"git {' '.join(unread[0].args[:3])}: its output was not read to the end")
        except BaseException:
            for r in running:
                r.proc.kill()
            raise
        finally:
            for r in running:
                _reap(r.proc, r.writer)


def _multiplex(running: Sequence[_Running]) -> Iterator[tuple[int, bytes]]:
    import selectors  # already loaded by subprocess

    with selectors.DefaultSelector() as selector:
        for k, r in enumerate(running):
            assert r.proc.stdout is not None
            selector.register(r.proc.stdout.fileno(), selectors.EVENT_READ, k)
        while selector.get_map():
            for key, _ in selector.select():
                k = key.data
                piece = os.read(key.fd, PIECE)
                if piece:
                    yield k, piece
                    continue
                selector.unregister(key.fd)
                r = running[k]
                if r.writer is not None:
                    r.writer.join()
                _check_exit(r.args, r.proc.wait(), r.errfile)
                r.done = True
                yield k, b""


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


def _batch_request(names: Sequence[str]) -> bytes:
    for name in names:
        if "\n" in name:
            raise GitError(f"cannot look up an object name with a newline: {name!r}")
    return "".join(n + "\n" for n in names).encode("utf-8", "surrogateescape")


def _batch_header(line: bytes) -> tuple[str, int] | None:
    """(type, size) of a ``cat-file --batch`` header line ``<oid> <type> <size>``; None for
    ``<name> missing`` or ``<name> ambiguous``, which nothing follows."""
    parts = line.rsplit(b" ", 2)
    if len(parts) != 3 or not parts[2].isdigit():
        return None
    return parts[1].decode("ascii", "replace"), int(parts[2])


def _read_batch(out: IO[bytes], count: int) -> Iterator[tuple[str, bytes | None]]:
    for _ in range(count):
        line = out.readline()
        if not line.endswith(b"\n"):
            raise GitError("git cat-file --batch ended early")
        header = _batch_header(line[:-1])
        if header is None:
            yield "missing", None
            continue
        kind, size = header
        data = out.read(size)  # one read of the exact size: a large blob is held once
        if len(data) != size or out.read(1) != b"\n":
            raise GitError("git cat-file --batch returned a short object")
        yield kind, data
    out.read()  # drain: git must see its output read to the end


class BatchReader:
    """``git cat-file --batch`` output fed as it arrives (read together with other streams):
    ``feed`` returns the ``(type, content)`` answers it completed, ``close`` checks that all
    ``count`` came.  For many small objects (commits); ``cat_file`` reads large blobs."""

    def __init__(self, count: int) -> None:
        self._buf = bytearray()
        self._left = count
        self._header: tuple[str, int] | None = None

    def feed(self, piece: bytes) -> list[tuple[str, bytes | None]]:
        buf = self._buf
        buf += piece
        answers: list[tuple[str, bytes | None]] = []
        pos = 0
        while True:
            if self._header is None:
                end = buf.find(b"\n", pos)
                if end < 0:
                    break
                if not self._left:
                    raise GitError("git cat-file --batch answered more than it was asked")
                self._header = _batch_header(bytes(buf[pos:end]))
                pos = end + 1
                if self._header is None:
                    answers.append(("missing", None))
                    self._left -= 1
                    continue
            kind, size = self._header
            if len(buf) - pos < size + 1:
                break
            if buf[pos + size] != 0x0A:
                raise GitError("git cat-file --batch returned a short object")
            answers.append((kind, bytes(buf[pos : pos + size])))
            pos += size + 1
            self._header = None
            self._left -= 1
        del buf[:pos]  # once per piece, not once per object
        return answers

    def close(self) -> None:
        if self._left or self._buf or self._header is not None:
            raise GitError("git cat-file --batch ended early")


def cat_file(names: Sequence[str], *, cwd: str | None = None) -> Iterator[tuple[str, bytes | None]]:
    """``(type, content)`` for each object name, in order, through ONE ``git cat-file --batch``;
    ``("missing", None)`` for a name that does not resolve.  Names are object ids or
    ``REV:PATH``/``:PATH`` expressions (one line each, so no newline in them)."""
    if not names:
        return
    request = _batch_request(names)
    with stream_git(("cat-file", "--batch", "--buffer"), cwd=cwd, stdin=request) as out:
        yield from _read_batch(out, len(names))


def cat_file_args(names: Sequence[str]) -> tuple[tuple[str, ...], bytes]:
    """The arguments and stdin of ``cat_file`` for ``stream_many`` (read with BatchReader)."""
    return ("cat-file", "--batch", "--buffer"), _batch_request(names)


def identities(cwd: str | None = None) -> bytes:
    """The author and committer the commit being made will record (``GIT_AUTHOR_IDENT``, then
    ``GIT_COMMITTER_IDENT``: name, email, date), one a line, from ``git var -l`` (one process
    for both; git passes ``--author`` and the like to hooks in the environment)."""
    out = run_git(("var", "-l"), cwd=cwd)
    lines = out.split(b"\n")
    found = []
    for key in (b"GIT_AUTHOR_IDENT=", b"GIT_COMMITTER_IDENT="):
        # The last one: git prints the variables after the config, whose values may hold a
        # newline followed by anything (found in review: a false block, never a hidden name).
        matches = [line for line in lines if line.startswith(key)]
        if not matches:
            raise GitError("git var -l named no author or committer")
        found.append(matches[-1].partition(b"=")[2])
    return b"\n".join(found)


def show_toplevel_and_gitdir(cwd: str | None = None) -> tuple[str | None, str]:
    """(work tree root or None when there is none, absolute git dir), in one process."""
    # --show-toplevel fails (128) without a work tree, after printing the other two answers.
    out = run_git(("rev-parse", "--is-bare-repository", "--absolute-git-dir", "--show-toplevel"), cwd=cwd,
                  ok_codes=(0, 128))  # fmt: skip
    lines = out.decode("utf-8", "surrogateescape").split("\n")
    if len(lines) < 3 or lines[0] not in ("true", "false"):
        raise GitError("not in a git repository")
    root = lines[2] if lines[0] == "false" and len(lines) > 3 else None
    return root or None, lines[1]


def staged_changes(root: str) -> list[tuple[str, str, str, str]]:
    """``(status, new mode, new blob id, path)`` of every path the next commit changes, from the
    index git uses now (``GIT_INDEX_FILE`` is honoured: ``git commit -a`` and ``git commit
    FILE`` set a temporary one).  Works before the first commit too."""
    out = run_git(
        ("diff", "--cached", "--raw", "-z", "--no-abbrev", *DIFF_OPTIONS,
         "--diff-filter=ACMRTU", "--ignore-submodules=none", "--"),
        cwd=root,
    )  # fmt: skip
    fields = out.split(b"\0")
    entries = []
    i = 0
    while i + 1 < len(fields) and fields[i]:
        meta = fields[i].decode("ascii").split(" ")
        # ":old_mode new_mode old_id new_id status"
        entries.append((meta[4][:1], meta[1], meta[3], os.fsdecode(fields[i + 1])))
        i += 2
    return entries


def _rev_list(
    options: Sequence[str], include: Sequence[str], exclude: Sequence[str], exclude_options: Sequence[str],
    *, cwd: str | None,
) -> bytes:  # fmt: skip
    """``git rev-list`` of a range.  The ids go on stdin (a push of many refs would not fit on
    a command line); ``--stdin`` comes before ``--not``, which must not apply to them."""
    for rev in (*include, *exclude):
        if not SHA_RE.fullmatch(rev):
            raise GitError(f"not an object id: {rev!r}")
    request = "".join([*(rev + "\n" for rev in include), *("^" + rev + "\n" for rev in exclude)]).encode("ascii")
    args = ("rev-list", *options, "--stdin", *(("--not", *exclude_options) if exclude_options else ()), "--")
    return run_git(args, cwd=cwd, stdin=request)


def list_commits(
    include: Sequence[str], exclude: Sequence[str], exclude_options: Sequence[str], *, cwd: str | None = None
) -> list[str]:
    """The commits reachable from ``include`` but not from ``exclude`` (object ids) or
    ``exclude_options`` (``--remotes=NAME``, ``--all``), newest first, through one ``git
    rev-list``: the order ``git log`` would show them in."""
    if not include:
        return []
    out = _rev_list((), include, exclude, exclude_options, cwd=cwd)
    commits = out.decode("ascii", "replace").split()
    for commit in commits:
        if not SHA_RE.fullmatch(commit):
            raise GitError(f"git rev-list printed something that is not a commit id: {commit[:80]!r}")
    return commits


def log_args(commits: Sequence[str]) -> tuple[tuple[str, ...], bytes]:
    """The arguments and stdin of ONE ``git log -p`` of exactly these commits (``--no-walk``,
    in this order, the ids fed on stdin): each commit starts with a line ``COMMIT_MARKER + id``,
    then its patch with no context lines, merges as their dense combined diff (what the merge
    itself adds), root commits in full, full blob ids on the ``index`` lines."""
    if not commits:
        # With no revision at all, git log would show HEAD's history.
        raise GitError("no commits to show")
    for commit in commits:
        if not SHA_RE.fullmatch(commit):
            raise GitError(f"not an object id: {commit!r}")
    args = (
        "log", "--no-walk=unsorted", "--stdin", "-p", "-U0", "--cc", "--root", "--full-index",
        "--no-show-signature", "--encoding=UTF-8", "--format=%x00commit %H", *DIFF_OPTIONS, "--",
    )  # fmt: skip
    return args, "".join(c + "\n" for c in commits).encode("ascii")


def ls_tree(tree_ish: str, paths: Sequence[str], *, cwd: str | None = None) -> list[tuple[str, str, str, str]]:
    """``(mode, type, id, path)`` of the given paths (exact names) in ``tree_ish``."""
    if not paths:
        return []
    out = run_git(
        ("--literal-pathspecs", "ls-tree", "-z", "--full-tree", "--full-name", tree_ish, "--", *paths),
        cwd=cwd,
    )
    entries = []
    for rec in out.split(b"\0"):
        if not rec:
            continue
        meta, _, path = rec.partition(b"\t")
        mode, kind, oid = meta.decode("ascii").split(" ")
        entries.append((mode, kind, oid, os.fsdecode(path)))
    return entries


def hooks_dir(root: str) -> str:
    """Where git looks for this repository's hooks: ``core.hooksPath`` when set (relative to
    the work tree), else the common git dir's ``hooks`` (shared by every worktree)."""
    # SAFE_CONFIG points core.hooksPath at /dev/null for our own calls ("command" scope):
    # the repository's hooks are where the last value from a config file says.
    out = run_git(("config", "--show-scope", "-z", "--get-all", "core.hooksPath"), cwd=root, ok_codes=(0, 1))
    fields = out.split(b"\0")
    values = [fields[i + 1] for i in range(0, len(fields) - 1, 2) if fields[i] != b"command"]
    configured = os.fsdecode(values[-1]) if values else ""
    if configured:
        return os.path.join(root, os.path.expanduser(configured))
    common = os.fsdecode(run_git(("rev-parse", "--git-common-dir"), cwd=root).rstrip(b"\n"))
    return os.path.join(root, common, "hooks")


def resolve_commits(revs: Sequence[str], *, cwd: str | None = None) -> list[str | None]:
    """The commit id each revision names (tags peeled), or None where there is none, through
    ONE ``git cat-file --batch-check``.  Revisions are read as object names, never options."""
    for rev in revs:
        if "\n" in rev or not rev.strip():
            raise GitError(f"not a revision: {rev!r}")
    if not revs:
        return []
    request = "".join(f"{rev}^{{commit}}\n" for rev in revs).encode("utf-8", "surrogateescape")
    out = run_git(("cat-file", "--batch-check=%(objectname) %(objecttype)"), cwd=cwd, stdin=request)
    ids: list[str | None] = []
    for line in out.decode("utf-8", "surrogateescape").splitlines():
        oid, _, kind = line.rpartition(" ")
        ids.append(oid if kind == "commit" and SHA_RE.fullmatch(oid) else None)
    if len(ids) != len(revs):
        raise GitError("git cat-file --batch-check answered a different number of lines")
    return ids


def boundary_commits(
    include: Sequence[str], exclude: Sequence[str], exclude_options: Sequence[str], *, cwd: str | None = None
) -> list[str]:
    """The commits a range starts from: outside it, but parents of commits in it (``rev-list
    --boundary``).  Empty when the range has nothing before it (it starts at root commits)."""
    if not include:
        return []
    out = _rev_list(("--boundary",), include, exclude, exclude_options, cwd=cwd)
    return sorted({line[1:] for line in out.decode("ascii", "replace").splitlines() if line.startswith("-")})
