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
)  # fmt: skip


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
            env=dict(env) if env is not None else None,
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
_ZERO = frozenset("0")
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


def is_zero_sha(sha: str) -> bool:
    return len(sha) in (40, 64) and set(sha) == _ZERO


@contextlib.contextmanager
def stream_git(
    args: Sequence[str], *, cwd: str | None = None, stdin: bytes | None = None
) -> Iterator[IO[bytes]]:
    """Run ``git SAFE_CONFIG *args`` and yield its stdout to read as it comes.  ``stdin`` is fed
    from a thread (git may fill stdout before it has read all its input); stderr goes to a
    file so that a chatty git cannot block.  The caller must read stdout to its end; a
    non-zero exit is then a GitError.  If the caller raises, git is stopped."""
    cmd = ("git", *SAFE_CONFIG, *args)
    with _scratch_file() as errfile:
        try:
            proc = subprocess.Popen(
                cmd,
                cwd=cwd,
                stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=errfile,
            )
        except FileNotFoundError:
            raise GitError("git is not installed or not on PATH") from None
        except OSError as exc:
            raise GitError(f"cannot run git: {exc.strerror}") from None
        writer = None
        if stdin is not None:
            writer = threading.Thread(target=_feed, args=(proc, stdin), daemon=True)
            writer.start()
        assert proc.stdout is not None
        try:
            yield proc.stdout
        except BaseException:
            proc.kill()
            raise
        finally:
            if writer is not None:
                writer.join()
            proc.stdout.close()
            code = proc.wait()
        if code != 0:
            errfile.seek(0)
            err = errfile.read().decode("utf-8", "replace").strip().splitlines()
            first = err[0] if err else "(no message)"
            raise GitError(f"git {' '.join(args[:3])} failed (exit {code}): {first}")


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


def cat_file(names: Sequence[str], *, cwd: str | None = None) -> Iterator[tuple[str, bytes | None]]:
    """``(type, content)`` for each object name, in order, through ONE ``git cat-file --batch``;
    ``("missing", None)`` for a name that does not resolve.  Names are object ids or
    ``REV:PATH``/``:PATH`` expressions (one line each, so no newline in them)."""
    if not names:
        return
    for name in names:
        if "\n" in name:
            raise GitError(f"cannot look up an object name with a newline: {name!r}")
    request = "".join(n + "\n" for n in names).encode("utf-8", "surrogateescape")
    with stream_git(("cat-file", "--batch", "--buffer"), cwd=cwd, stdin=request) as out:
        for _ in names:
            header = out.readline()
            if not header.endswith(b"\n"):
                raise GitError("git cat-file --batch ended early")
            parts = header[:-1].rsplit(b" ", 2)
            if len(parts) != 3 or not parts[2].isdigit():
                # "<name> missing" / "<name> ambiguous": nothing follows.
                yield "missing", None
                continue
            size = int(parts[2])
            data = out.read(size)
            if len(data) != size or out.read(1) != b"\n":
                raise GitError("git cat-file --batch returned a short object")
            yield parts[1].decode("ascii", "replace"), data
        out.read()  # drain: git must see its output read to the end


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


def log_patches(
    include: Sequence[str], exclude: Sequence[str], exclude_options: Sequence[str], *, cwd: str | None = None
) -> contextlib.AbstractContextManager[IO[bytes]]:
    """ONE streamed ``git log -p`` over the commits reachable from ``include`` but not from
    ``exclude`` (object ids) or ``exclude_options`` (``--remotes=NAME``, ``--all``): each
    commit starts with a line ``COMMIT_MARKER + id``, then its patch with no context lines,
    merges as their dense combined diff (what the merge itself adds), root commits in full,
    full blob ids on the ``index`` lines."""
    for rev in (*include, *exclude):
        if not SHA_RE.fullmatch(rev):
            raise GitError(f"not an object id: {rev!r}")
    args = (
        "log", "-p", "-U0", "--cc", "--root", "--full-index", "--no-show-signature",
        "--encoding=UTF-8", "--format=%x00commit %H", *DIFF_OPTIONS,
        *include, *("^" + rev for rev in exclude),
        *(("--not", *exclude_options) if exclude_options else ()), "--",
    )  # fmt: skip
    return stream_git(args, cwd=cwd)


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
    for rev in (*include, *exclude):
        if not SHA_RE.fullmatch(rev):
            raise GitError(f"not an object id: {rev!r}")
    if not include:
        return []
    args = ("rev-list", "--boundary", *include, *("^" + rev for rev in exclude),
            *(("--not", *exclude_options) if exclude_options else ()), "--")  # fmt: skip
    out = run_git(args, cwd=cwd)
    return sorted({line[1:] for line in out.decode("ascii", "replace").splitlines() if line.startswith("-")})
